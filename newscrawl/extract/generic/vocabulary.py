"""The hints generic extraction reads: class and id words, tag weights, boilerplate and credit phrases."""

from __future__ import annotations

import re

# Elements that name the author (itemprop/rel), or whose class or id does (case-sensitive, as the page wrote it);
# not "authorization", "authorize", "authority" (a sign-in box is no byline).
AUTHOR_CLASS = re.compile("byline|Byline|(?:author|Author)(?!i[tsz])|writer")


AUTHOR_ID = re.compile("author(?!i[tsz])")


# Elements whose class or id says source, info, editor, meta, time or date: where bylines are printed.
INFO_CLASS = re.compile("source|info|edit|meta|time|date")


INFO_ID = re.compile("source|info|editor")


DATE_LABEL = re.compile(
    r"(?:发布时间|发表时间|发布日期|发表日期|更新时间|时间|日期|published|posted|updated|veröffentlicht|publié)\s*(?:on|am|le)?\s*[:：]?",
    re.IGNORECASE,
)


# Elements whose class or id says time, date or pub(lished), searched over ``attributed_elements``.
DATE_HINT = re.compile("time|date|pub")


# Containers that commonly hold an article body; used when they hold most of the detected content.
KNOWN_BODY_IDS = frozenset(
    (
        "content",
        "artibody",
        "js_content",
        "article-content",
        "article_content",
        "articlecontent",
        "main-content",
        "article",
        "contenttext",
        "ctrlfscont",
        "endtext",
        "cnt-main-article-qq",
        "article-body",
        "articlebody",
        "zoom",
        "text",
        "content_area",
        "detail",
        "news_content",
        "newscontent",
    )
)


KNOWN_BODY_CLASSES = frozenset(
    (
        "article-content",
        "article-body",
        "articlebody",
        "article__body",
        "post-content",
        "entry-content",
        "article",
        "content",
        "post_body",
        "post_text",
        "rich_media_content",
        "news_txt",
        "article-text",
        "story-body",
        "story-content",
        "article_content",
        "articlecontent",
        "text_con",
        "box_con",
        "main-text",
        "article-main",
        "body-content",
        "post-body",
        "entry",
        "detail-content",
        "content-article",
    )
)


SKIP_TAGS = frozenset(
    (
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "textarea",
        "iframe",
        "svg",
        "header",
        "menu",
        "template",
    )
)


INLINE_TAGS = frozenset(("a", "span", "strong", "b", "em", "i", "font", "u", "sub", "sup", "small", "mark", "code"))


UNLIKELY = re.compile(
    r"comment|disqus|footer|foot\b|\bnav|navbar|menu|breadcrumb|sidebar|side-bar|\bside\b|aside|share|social|rail\b|"
    r"related|recommend|relevant|popular|hot-?news|rank|banner|sponsor|promo|advert|adsbygoogle|google_ad|"
    r"(?:^|[\s_-])(?:ads?|adv)(?:$|[\s_-])|"
    r"copyright|login|signup|newsletter|subscribe|pagination|pager|widget|masthead|cookie|gdpr|(?:(?<![\w-])|(?<=\w-))(?:modal|popup)(?![a-z])|"
    r"toolbar|tags\b|keywords|author-?bio|more-?stories|read-?more|next-?article|prev-?article|"
    r"download|qrcode|erweima|jubao|dianzan|zan\b|xgxw|xgyd|tuijian|remen|pinglun|consent|privacy|opt-?in|"
    r"\bpoll\b|survey|quiz|embed-placeholder|embed-wrapper|inline-article|more-topic|author-?box|about-?author|"
    r"expandable|infobox|info-box|factbox|fact-box|person-details|deals?\b|articletool|tool-?bar|tooltip|"
    r"(?:^|[\s_-])(?:tools?|sns)(?:$|[\s_-])|app-?(?:hint|banner|promo|download|teaser|install)|"
    # Forum chrome around a post: the poster's card and avatar, Discuz!'s "sign" (not "signature": a French byline);
    # a blog's tag cloud.
    r"(?:^|\s)sign(?:$|\s)|user-?info|postprofile|poster-?info|avatar|tag-?cloud",
    re.IGNORECASE,
)


MAYBE = re.compile(r"article|body|content|entry|main|post|story|text|detail|artibody|news_txt", re.IGNORECASE)


POSITIVE = re.compile(
    r"article|body|content|entry|hentry|main|page|post|text|blog|story|detail|artibody|zhengwen|neirong|"
    r"news_txt|rich_media",
    re.IGNORECASE,
)


NEGATIVE = re.compile(
    r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|masthead|media-credit|meta|outbrain|promo|"
    r"related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|recommend|copyright|"
    r"\bad\b|ads\b|advert|nav|menu|list|rank|hot",
    re.IGNORECASE,
)


COMMAS = re.compile(r"[,，、。；;！？!?]")


# Boilerplate blocks inside Chinese (and English) bodies. A block starting with a marker goes; one starting
# with a reading-list marker takes everything after it in its parent with it.
NOISE_TEXT = re.compile(
    r"^[(（【\[]?\s*(?:免责声明|版权声明|声明[:：]|责任编辑|责编|扫码关注|扫描二维码|关注公众号|关注我们|原文链接|"
    r"分享到|更多精彩|点击进入|本文来源[:：]|Advertisement$|Sign up for|Share this|Sign in\b|Log in\b|"
    r"Create an account|Join the conversation|Recommended videos?$|Leave a comment|Comments?$|Follow us\b|"
    r"Subscribe\b|Newsletter$|Weiterlesen$|Mehr zum Thema$|Zur Startseite$|Empfohlener redaktioneller Inhalt|"
    r"Externe[rn]? Inhalt|An dieser Stelle finden Sie (?:einen )?(?:von unseren Redakteuren ausgewählten, )?externen|"
    r"Um eingebettete Inhalte anzuzeigen|Hat Ihnen dieser Artikel gefallen|Did you (?:enjoy|like) this article|"
    r"Support (?:our|independent) journalism|"
    # A blog post's tag, category and previous/next lines ("标签：装修", "Filed under", "上一篇：…").
    r"标签\s*[:：]|关键[词字]\s*[:：]|分类\s*[:：]|Tags?\s*:|Labels?\s*:|Categories\s*:|Filed (?:under|in)\b|"
    r"Tagged(?: with)?\s*:|Like this:?$|Like Loading|上一篇|下一篇|前一篇|后一篇|Previous (?:post|article)\b|"
    r"Next (?:post|article)\b)",
    re.IGNORECASE,
)


# Photo credits closing a caption line ("… Foto: Teresa Suarez/AP", "[사진 출처 = 연합뉴스]", "（新华社记者 张三 摄）").
CREDIT_END = re.compile(
    r"(?:\b(?:Fotos?|Photos?|Photograph|Bild(?:er)?|Image|Picture|Credit|Quelle|Fuente|Crédit|Crédito|Grafik|"
    r"Illustration|Foto\s?credit)\s*:\s*[^.!?。]{2,80}"
    r"|\[사진\s*(?:출처)?\s*=?[^\]]{1,60}\]|[（(][^）)]{0,30}(?:摄|供图)[）)]|(?:图片|圖片)(?:来源|來源)?[:：][^。]{1,40}"
    r"|©[^!?。]{1,80}|Getty Images|(?:AFP|AP|Reuters|dpa|EPA|Imago|picture alliance)(?:/[\w .-]{1,40})?)"
    r"\s*[\])）]?\s*$",
    re.IGNORECASE,
)


READING_LIST = re.compile(
    r"^[(（【\[]?\s*(?:相关阅读|推荐阅读|延伸阅读|相关新闻|相关文章|热门推荐|猜你喜欢|"
    r"Related(?: Articles| Stories| Coverage)?:?$|Read more:?$|Read next|More from|Also read|More on this|"
    r"Recommended(?: for you| stories)?$|Most (?:read|popular)$|You (?:may|might) also like|"
    r"Das könnte Sie auch interessieren|Mehr zum Thema|Lesen Sie auch|Auch interessant|Weitere Artikel|"
    r"(?:Lire|À lire) aussi|Leer más|Lee también|Leggi anche|About the authors?$|Sobre la firma$|Sobre el autor|"
    r"Über (?:den|die) Autor|À propos de l'auteur|Zum Autor|Zur Autorin|Sull'autore|关于作者|作者简介|"
    r"あわせて読みたい|おすすめ(?:情報|記事)?$|関連(?:記事|ニュース|企業)|この記事の(?:特集|筆者|関連)|"
    r"관련\s?기사|추천\s?기사|많이 본 (?:뉴스|기사))",
    re.IGNORECASE,
)


# Short notices that may sit anywhere in a line ("【…未经授权，不得转载】").
NOISE_ANYWHERE = re.compile(r"未经授权|不得转载|禁止转载|转载请注明|版权所有|All Rights Reserved", re.IGNORECASE)


# Every text node of every body is tested against the two patterns above, and most lines hold nothing either
# needs: these literal checks skip the pattern for them (a quarter of the boilerplate pass on news pages).
# Every credit holds one of these marks, or ends in an agency name (AFP, AP, Reuters, dpa, EPA, Imago, picture
# alliance, Getty Images) compared lower-cased, unless one of the four letters below stands in for an ASCII one.
CREDIT_MARKS = (":", "：", "]", "摄", "供图", "©", "/")


AGENCY_ENDINGS = ("afp", "ap", "reuters", "dpa", "epa", "imago", "picture alliance", "getty images")


NOTICE_WORDS = ("未经授权", "不得转载", "禁止转载", "转载请注明", "版权所有")


# The four non-ASCII letters IGNORECASE matches with ASCII ones (İ, ı, ſ, Kelvin K): lower() would miss them.
FOLDED_LETTER = re.compile("[\u0130\u0131\u017f\u212a]")


RELATED_SECTION = re.compile(
    r"related|recommend|more-?stories|read-?more|also-?read|you-may-like|outbrain|taboola|further-?reading",
    re.IGNORECASE,
)


# A class or id word naming a comment section: "comments", "post_comment", "comment-list", "disqus_thread"
# ("commentary" is an article genre, not a comment section).
COMMENT_WORD = re.compile(
    r"^(?:[\w]*[_-])?(?:comments?|commentlist|pinglun|disqus\w*|respond|replies)(?:[_-][\w-]*)?$", re.IGNORECASE
)


NOT_A_SECTION = re.compile(r"count|num|icon|btn|button|link|toggle|trigger", re.IGNORECASE)


# Class words of elements not shown to readers ("hidden-xs" is hidden on phones only, so it is not one).
HIDDEN_WORD = re.compile(
    r"^(?:(?!overflow|text|scroll)[\w]+-)?(?:hidden|hide|d-none|invisible|offscreen|sr-only|visually-?hidden|"
    r"visuallyhidden|screen-?reader(?:-text|-only)?|element-invisible)$",
    re.IGNORECASE,
)


# Utility classes that show an element again from some screen size on ("hidden md:block", "d-none d-lg-block").
SHOWN_AGAIN = re.compile(r":(?:block|flex|inline|grid|table)|^d-\w+-(?:block|flex|inline|grid|table)", re.IGNORECASE)


HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


# The headline and the article header (title, byline, date) are fields of their own, not body text.
NOISE_TAGS = frozenset(("nav", "aside", "form", "button", "header", "h1", "figcaption", "label", "select"))


BUTTON_HINTS = re.compile(r"btn|button|icon|share|sns", re.IGNORECASE)


SOFT_NOISE = re.compile(r"placeholder|teaser|loading|autoplay", re.IGNORECASE)


CAPTION_HINTS = re.compile(
    r"caption|credit|copyright|photographer|bildunterschrift|bildquelle|legend|image-source|img-source|"
    r"media-source|pic-info|pictext|img_desc|imgdesc|(?:img|image|photo|picture|media)[_-]*(?:desc|text|info)|"
    r"lightbox",
    re.IGNORECASE,
)


META_HINTS = re.compile(
    r"byline|author|dateline|timestamp|publish|posted|kicker|eyebrow|overline|(?:^|[\s_-])(?:meta|date|time|"
    r"info|source|tags?)(?:$|[\s_-])",
    re.IGNORECASE,
)


AD_LABEL = re.compile(r"^(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|annons|广告|ad)$", re.I)


SENTENCE_END = (".", "!", "?", "。", "！", "？", "\"", "”", "»", "…", ":", "：")


LEADING_BYLINE = re.compile(
    r"^(?:(?:by|von|par|por|di|door|av|af|written by)\s+|(?:text|texto|fotos?)\s*:\s*|文\s*[/／|:：]\s*|"
    r"(?:作者|记者|來源|来源|编辑|責任編輯|责任编辑)\s*[:：/／|]?\s*)\S",
    re.IGNORECASE,
)


DATE_IN_LINE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\b\d{1,2}:\d{2}\b|"
    r"\b\d{1,2}\.? (?:jan|feb|mär|mar|apr|ma[iyg]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|juil|janv|févr|sept|déc)"
    r"\w*\.? \d{4}",
    re.IGNORECASE,
)


TAG_WEIGHT = {
    "div": 5,
    "article": 10,
    "section": 3,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "main": 5,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "th": -5,
}


NEVER_CONTENT = frozenset(("script", "style", "noscript", "template", "svg", "select", "textarea", "button"))


# Class words of a block beside the article that never continues it, even when a word such as "content" names it
# too ("contentsFooter"). Narrower than UNLIKELY: "widget" and "tools" also name blocks of the article itself.
BESIDE_THE_ARTICLE = re.compile(
    r"footer|sidebar|side-bar|(?:^|[\s_-])(?:side|aside|rail)(?:$|[\s_-])|banner|sponsor|promo|advert|newsletter|"
    r"subscribe|share|social",
    re.IGNORECASE,
)


# The heading of a comment section printed in the text ("网友评论", "3 thoughts on “…”", "12 Comments",
# "Leave a Reply"), the whole line: "网友评论：这个政策很好" quoting readers is a line of an article.
COMMENTS_HEADING = re.compile(
    r"^[(（【\[]?\s*(?:(?:(?:网友|最新|热门|精彩|用户|读者|全部)评论|发表评论|我要评论|评论列表)\s*[(（]?\s*\d*\s*(?:条)?[)）]?"
    r"|已有\s*\d+\s*[条人](?:评论|参与)|\d+\s*条评论|\d+\s+(?:thoughts?|responses?|comments?|replies)\s+(?:on|to)\s.{1,200}"
    r"|\d+\s+(?:Comments?|Responses?|Replies)|Comments?\s*[(（]\d+[)）]|Leave a (?:Reply|Comment)|Post a Comment"
    r"|Reader comments?)\s*[】\])）]?\s*[:：]?$",
    re.IGNORECASE,
)


# A forum post's signature (phpBB, vBulletin "signature", "signaturecontainer"): boilerplate inside a body. Not a
# word of UNLIKELY: French sites call their byline "signature" ("bloc_signature"), and the byline reader must see it.
SIGNATURE = re.compile(r"signature", re.IGNORECASE)
