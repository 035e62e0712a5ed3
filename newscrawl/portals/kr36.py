"""36氪 — https://www.36kr.com/ (UTF-8, Beijing time; the 资讯 listing is JSON embedded in the page with epoch-ms
times; articles are server-rendered HTML; Alibaba Cloud's acw_sc__v2 JavaScript challenge stands in for some pages)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, JsonListing, Portal

PORTAL = Portal(
    name="36kr",
    site_name="36氪",
    site_url="https://www.36kr.com/",
    categories=("新媒体", "36kr", "资讯"),
    timezone="Asia/Shanghai",
    hosts=("36kr.com",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        # Further pages come from a POST to gateway.36kr.com with a JSON body carrying the previous response's
        # pageCallback cursor, which the listing declarations cannot express: one page per run.
        JsonListing(
            url="https://www.36kr.com/information/web_news",
            embedded='"itemList":',
            items="[]",
            link="https://www.36kr.com/p/{itemId}",
            title="templateMaterial.widgetTitle",
            time="templateMaterial.publishTime",
        )
    ],
    article=ArticleRules(
        title=("h1.article-title", FROM_LISTING),
        authors=("div.article-title-icon a.title-icon-item.item-a",),
        # The listing's epoch-ms time has seconds; the page prints minutes.
        published=(FROM_LISTING, "div.article-title-icon span.title-icon-item.item-time"),
        body=("div.articleDetailContent",),
    ),
    # The acw_sc__v2 challenge (var arg1='…'; setCookie('acw_sc__v2', …)) is among the common signatures.
    blocked_markers=(),
)
