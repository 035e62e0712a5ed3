"""雷锋网 — https://www.leiphone.com/ (UTF-8, Beijing time; one channel per category, its posts filed under the
category's name; category listings paginated by /page/N with relative times; body = top image + lead +
``.lph-article-comView``)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, Portal

PORTAL = Portal(
    name="leiphone",
    site_name="雷锋网",
    site_url="https://www.leiphone.com/",
    categories=("新媒体", "雷锋网", "业界"),
    timezone="Asia/Shanghai",
    hosts=("leiphone.com",),
    encoding="utf-8",
    language="zh-CN",
    # A category is a channel (-a channel=ai), and its posts are filed under the category's name, as the site's
    # navigation names it. Pages read with -a start_url=… (/site/AIHealth …) are filed under the channel's.
    channels=("yejie", "ai", "transportation", "fintech"),
    default_channel="yejie",
    channel_categories={"yejie": "业界", "ai": "人工智能", "transportation": "智能驾驶", "fintech": "金融科技"},
    listings=[
        HtmlListing(
            url="https://www.leiphone.com/category/{channel}",
            item="div.lph-pageList div.list li",
            link=".word > h3 > a",
            time=".word .msg .time",
            next_page="div.lph-page a.next",
        )
    ],
    article=ArticleRules(
        title=(".headTit", FROM_LISTING),
        authors=(".aut > a",),
        published=(".time", FROM_LISTING),
        # One selector, three containers joined in document order (a missing top image just contributes nothing).
        body=(".top-img, .article-lead, .lph-article-comView",),
    ),
)
