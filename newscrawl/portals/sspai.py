"""少数派 sspai — https://sspai.com/ (JSON API, UTF-8, epoch-second times shown in Beijing time; article bodies
are the editor's HTML with ``<figure class="image ss-img-wrapper">`` thumbnails carrying ``data-original`` and
``<pre class="language-…"><code>`` blocks whose braces the post writer escapes)."""

from newscrawl.portal import FROM_LISTING, JsonArticleRules, JsonListing, Portal

PORTAL = Portal(
    name="sspai",
    site_name="少数派 sspai",
    site_url="https://sspai.com/",
    categories=("新媒体", "少数派 sspai", "Matrix"),
    timezone="Asia/Shanghai",
    hosts=("sspai.com",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        JsonListing(
            url="https://sspai.com/api/v1/article/index/page/get?limit=10&offset={offset}&created_at=0",
            items="data",
            link="https://sspai.com/post/{id}",
            fetch="https://sspai.com/api/v1/article/info/get?id={id}&view=second",
            title="title",
            time="released_time",
            page_size=10,
        )
    ],
    article=JsonArticleRules(
        root="data",
        title=("title", FROM_LISTING),
        authors=("author.nickname",),
        published=("released_time", FROM_LISTING),
        modified=("modify_time",),
        body=("body",),
        lead_image=("banner",),
        description=("summary",),
        tags=("tags[].title",),
    ),
)
