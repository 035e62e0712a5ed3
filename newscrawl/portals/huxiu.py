"""虎嗅 huxiu — https://www.huxiu.com/ (UTF-8, Beijing time, epoch-second datelines; the listing is a POST JSON API
and each article page carries its data in ``window.__INITIAL_STATE__``, whose HTML content keeps huxiu's lazy
``<img class="lazyImg" _src=…>`` images)."""

from newscrawl.portal import FROM_LISTING, JsonArticleRules, JsonListing, Portal

PORTAL = Portal(
    name="huxiu",
    site_name="虎嗅",
    site_url="https://www.huxiu.com/",
    categories=("新媒体", "虎嗅", "首页资讯"),
    timezone="Asia/Shanghai",
    hosts=("huxiu.com",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        # The home page's "最新" feed, paged as the site's script pages it: the first request has no
        # last_dateline, each next one sends the dateline the previous page ended at.
        JsonListing(
            url="https://api-article.huxiu.com/web/article/articleList",
            method="POST",
            form={"platform": "www", "pagesize": "22", "last_dateline": "{cursor}"},
            items="data.dataList",
            cursor="data.last_dateline",
            link="https://www.huxiu.com/article/{aid}.html",
            title="title",
            time="dateline",
            page_size=22,
        )
    ],
    article=JsonArticleRules(
        embedded="window.__INITIAL_STATE__",
        root="articleDetail.articleDetail",
        title=("title", FROM_LISTING),
        authors=("user_info.username",),
        published=("dateline", FROM_LISTING),
        body=("content",),
        lead_image=("pic_path",),
        # description, canonical URL and language come from the page's meta tags (generic fallback).
    ),
)
