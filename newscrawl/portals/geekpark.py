"""极客公园 geekpark — https://www.geekpark.net/ (JSON API, UTF-8, epoch-second times shown in Beijing time; the
home feed is one unpaged list of ``homepage_posts`` that mixes posts with other blocks; articles are read from
the v1 post endpoint and filed under their public ``https://geekpark.net/news/<id>`` address)."""

from newscrawl.portal_rules import FROM_LISTING, JsonArticleRules, JsonListing, Layout, Portal

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
    layouts=[
        Layout(
            "v1-api",
            seen="2021 –",
            source="RSSHub:geekpark/index.ts@000ba9552c",
            rules=JsonArticleRules(
                root="post",
                title=("title", FROM_LISTING),
                # Each author's real name, else their nickname.
                authors=("authors[].realname|nickname",),
                published=("published_timestamp", FROM_LISTING),
                modified=("updated_at",),
                body=("content",),
                lead_image=("cover_url",),
                description=("abstract",),
                tags=("tags[]",),
            ),
        ),
    ],
    evidence=(
        "Authors fall back per author (`realname`, else that author's `nickname`); `updated_at` is the "
        "modification time.",
        "`column.title` is not used: posts are filed under the portal's 资讯 like the archive's.",
    ),
)
