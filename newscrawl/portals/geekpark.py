"""极客公园 geekpark — https://www.geekpark.net/ (JSON API, UTF-8, epoch-second times shown in Beijing time; the
home feed is one unpaged list of ``homepage_posts`` that mixes posts with other blocks; articles are read from
the v1 post endpoint and filed under their public ``https://geekpark.net/news/<id>`` address)."""

from newscrawl.portal import FROM_LISTING, JsonArticleRules, JsonListing, Portal

PORTAL = Portal(
    name="geekpark",
    site_name="极客公园",
    site_url="https://www.geekpark.net/",
    categories=("新媒体", "极客公园", "资讯"),
    timezone="Asia/Shanghai",
    hosts=("geekpark.net",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        JsonListing(
            url="https://mainssl.geekpark.net/api/v2",
            # Entries without a ``post`` (ads, activity cards) have nothing at this path and are skipped.
            items="homepage_posts[].post",
            link="https://geekpark.net/news/{id}",
            fetch="https://mainssl.geekpark.net/api/v1/posts/{id}",
            title="title",
            time="published_timestamp",
        )
    ],
    article=JsonArticleRules(
        root="post",
        title=("title", FROM_LISTING),
        authors=("authors[].realname", "authors[].nickname"),
        published=("published_timestamp", FROM_LISTING),
        body=("content",),
        lead_image=("cover_url",),
        description=("abstract",),
        tags=("tags[]",),
    ),
)
