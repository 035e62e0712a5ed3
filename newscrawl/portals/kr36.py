"""36氪 — https://www.36kr.com/ (UTF-8, Beijing time; listings are JSON embedded in the page with epoch-ms times,
continued by a JSON API with the page's pageCallback cursor; 资讯 articles and 快讯 newsflashes are server-rendered
HTML; Alibaba Cloud's acw_sc__v2 JavaScript challenge stands in for some pages)."""

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
    # The archive files newsflashes apart from articles: 新媒体/36kr/快讯 and 新媒体/36kr/资讯.
    channels=("web_news", "newsflashes"),
    default_channel="web_news",
    channel_categories={"web_news": "资讯", "newsflashes": "快讯"},
    listings=[
        # The 资讯 page embeds its first items and a pageCallback cursor; 查看更多 POSTs that cursor as JSON to the
        # gateway, whose answers carry the next items and the next cursor. The script also sends a millisecond
        # timestamp, left out: a request that changes every run could never be replayed.
        JsonListing(
            url="https://www.36kr.com/information/web_news",
            embedded='"informationList":',
            items="itemList",
            cursor="pageCallback",
            link="https://www.36kr.com/p/{itemId}",
            title="templateMaterial.widgetTitle",
            time="templateMaterial.publishTime",
            then=JsonListing(
                url="https://gateway.36kr.com/api/mis/nav/ifm/subNav/flow",
                method="POST",
                json_body={
                    "partner_id": "web",
                    "param": {"subnavType": 1, "subnavNick": "web_news", "pageSize": 30, "pageEvent": 1,
                              "pageCallback": "{cursor}", "siteId": 1, "platformId": 2},
                },
                items="data.itemList",
                cursor="data.pageCallback",
                link="https://www.36kr.com/p/{itemId}",
                title="templateMaterial.widgetTitle",
                time="templateMaterial.publishTime",
            ),
        )
    ],
    channel_listings={
        # One page of newsflashes per run: an hourly run reads them all, they come dozens a day.
        "newsflashes": [
            JsonListing(
                url="https://www.36kr.com/newsflashes",
                embedded='"itemList":',
                items="[]",
                link="https://www.36kr.com/newsflashes/{itemId}",
                title="templateMaterial.widgetTitle",
                time="templateMaterial.publishTime",
            )
        ],
    },
    article=ArticleRules(
        # An article's selectors first, a newsflash's second: one set of rules reads both kinds of page.
        title=("h1.article-title", "div.newsflash-item h1.item-title", FROM_LISTING),
        authors=("div.article-title-icon a.title-icon-item.item-a",),
        # The listing's epoch-ms time has seconds; the page prints minutes.
        published=(FROM_LISTING, "div.article-title-icon span.title-icon-item.item-time",
                   "div.newsflash-item div.item-time"),
        body=("div.articleDetailContent", "div.newsflash-item div.item-desc"),
    ),
    # The acw_sc__v2 challenge (var arg1='…'; setCookie('acw_sc__v2', …)) is among the common signatures.
    blocked_markers=(),
)
