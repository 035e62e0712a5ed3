"""cnBeta — https://www.cnbeta.com.tw/ (UTF-8, Beijing time printed to the minute; body = summary + content with
topic boxes dropped; lazy ``img[data-original]``; the home page continues with a JSON "more" endpoint that needs
the page's csrf-token)."""

from newscrawl.portal import FROM_LISTING, ArticleRules, HtmlListing, JsonListing, Portal

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
        # The home page lists the latest articles; its 加载更多 button asks /home/more for page 2, 3, … with the
        # page's csrf-token. The script's cache-buster ``_=<ms>`` is left out: the server does not need it, and a
        # request that changes every run could never be replayed.
        HtmlListing(
            url="https://www.cnbeta.com.tw/",
            item="div.items-area > div.item",
            link="dl > dt > a",
            time="ul.status > li:first-child",
            tokens={"csrf": 'meta[name="csrf-token"]::attr(content)'},
            then=JsonListing(
                url="https://www.cnbeta.com.tw/home/more?&type=all&page={page}&_csrf={csrf}",
                items="result.list",
                link="{url_show}",
                title="title",
                time="inputtime",
            ),
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
