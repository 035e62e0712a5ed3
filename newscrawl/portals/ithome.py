"""IT之家 — https://www.ithome.com/ (UTF-8, Beijing time; channel pages <channel>.ithome.com, read one page per
run; lazy images in ``data-original``; relative listing times; a 广告声明 ``p.ad-tips`` closes every body)."""

from newscrawl.portal_rules import FROM_LISTING, ArticleRules, HtmlListing, Layout, Portal

PORTAL = Portal(
    name="ithome",
    site_name="IT之家",
    site_url="https://www.ithome.com/",
    # The archive files every channel's posts under 分类资讯 (its generator's route name), whatever the channel.
    categories=("新媒体", "IT 之家", "分类资讯"),
    timezone="Asia/Shanghai",
    hosts=("ithome.com",),
    encoding="utf-8",
    language="zh-CN",
    channels=("it", "soft", "win10", "win11", "iphone", "ipad", "android", "digi", "next"),
    default_channel="it",
    listings=[
        # A channel page shows its latest entries (several dozen: an hourly run sees every new one); its 加载更多
        # button is not followed (see the evidence below).
        HtmlListing(
            url="https://{channel}.ithome.com/",
            item="#list > div.fl > ul > li",
            link="div > h2 > a",
            time="div.c span.state",
        )
    ],
    layouts=[
        Layout(
            "2022",
            seen="2022 –",
            source="RSSHub:ithome/index.ts, ithome/tag.ts; shared/PORTALS.md",
            rules=ArticleRules(
                title=("#dt h1", ".post_title h1", FROM_LISTING),
                # "作者：<strong>故渊</strong>": the name alone.
                authors=("#author_baidu > strong", "span.author_baidu > strong"),
                published=("#pubtime_baidu", FROM_LISTING),
                body=("#paragraph", "div.post_content"),
                body_drop=("#paragraph p.ad-tips",),
            ),
        ),
    ],
    evidence=(
        "Page 1 only: the `POST /category/domore.html` \"more\" request has no outside support, and "
        "`getajaxdata.aspx … page=N` needs a `categoryid` per channel that no public source maps; RSSHub reads "
        "page 1 too. A channel page lists several dozen entries, more than an hourly run needs.",
        "Author `#author_baidu > strong` (the name without the 作者： label).",
        "Listing time read as the entry's printed text (`div.c span.state`, relative forms in +8); the `data-ot` "
        "cursor is no longer needed.",
        "Tag pages (`/tag/<name>`) and the RSS feed are not offered: the channel pages cover the archive's "
        "分类资讯.",
    ),
)
