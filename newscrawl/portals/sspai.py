"""少数派 sspai — https://sspai.com/ (JSON API, UTF-8, epoch-second times shown in Beijing time; article bodies
are the editor's HTML with ``<figure class="image ss-img-wrapper">`` thumbnails carrying ``data-original`` and
``<pre class="language-…"><code>`` blocks whose braces the post writer escapes; member articles, listed with a
``slug``, come from the member endpoint)."""

from newscrawl.portal_rules import FROM_LISTING, JsonArticleRules, JsonListing, Layout, Portal

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
            # A member article (it has a slug) is only served by the member endpoint; the others by info/get.
            fetch=(
                "https://sspai.com/api/v1/member/article/single/info/get?slug={slug}&view=second",
                "https://sspai.com/api/v1/article/info/get?id={id}&view=second",
            ),
            title="title",
            time="released_time",
            authors="author.nickname",
            page_size=10,
        )
    ],
    layouts=[
        Layout(
            "v1-api",
            seen="2020 –",
            source="RSSHub:sspai/index.ts@cb8908ae67",
            rules=JsonArticleRules(
                root="data",
                title=("title", FROM_LISTING),
                authors=("author.nickname", FROM_LISTING),
                published=("released_time", FROM_LISTING),
                modified=("modify_time",),
                body=("body",),
                # The cover is absolute in promote_image; banner is a bare path on the CDN.
                lead_image=("promote_image", "https://cdn.sspai.com/{banner}"),
                description=("summary",),
                tags=("tags[].title",),
            ),
        ),
    ],
    evidence=(
        "Cover `promote_image`, else `https://cdn.sspai.com/` + `banner`.",
        "Items with a `slug` (member articles) are fetched from `member/article/single/info/get?slug=…`.",
        "`support_webp=true` is not sent: without it the API names the images' original files, which the "
        "archive keeps.",
    ),
)
