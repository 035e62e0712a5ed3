"""cnBeta — https://www.cnbeta.com.tw/ (UTF-8, Beijing time printed to the minute; body = summary + content with
topic boxes dropped; lazy ``img[data-original]``; the home page's "more" JSON needs its csrf-token, not modelled)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, Portal

PORTAL = Portal(
    name="cnbeta",
    site_name="cnBeta",
    site_url="https://www.cnbeta.com.tw/",
    categories=("新媒体", "cnBeta", "最新"),
    timezone="Asia/Shanghai",
    hosts=("cnbeta.com.tw", "cnbeta.com"),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        # The home page lists the latest articles; older ones come from /home/more?…&_csrf=<meta csrf-token>,
        # a JSON request the listing declarations cannot build (it needs a value read from this page).
        HtmlListing(
            url="https://www.cnbeta.com.tw/",
            item="div.items-area > div.item",
            link="dl > dt > a",
            time="ul.status > li:first-child",
        )
    ],
    article=ArticleRules(
        title=("header.title h1", FROM_LISTING),
        # 稿源 (the outlet the story came from) is the only byline cnBeta prints.
        authors=("header.title div.meta span.source a",),
        published=("header.title div.meta > span:first-child", FROM_LISTING),
        body=(".article-summary, .article-content",),
        body_drop=(".topic", ".article-topic", ".article-global"),
    ),
)
