"""爱范儿 ifanr — https://www.ifanr.com/ (JSON API, UTF-8, epoch-second times shown in Beijing time; the web feed
lists posts with their public ``post_url``, mixed with items of other kinds that have none and are skipped;
article bodies come from the ``wp/article`` endpoint)."""

from newscrawl.portal_rules import FROM_LISTING, JsonArticleRules, JsonListing, Layout, Portal

PORTAL = Portal(
    name="ifanr",
    site_name="爱范儿",
    site_url="https://www.ifanr.com/",
    categories=("新媒体", "爱范儿", "最新"),
    timezone="Asia/Shanghai",
    hosts=("ifanr.com",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        JsonListing(
            url="https://sso.ifanr.com/api/v5/wp/web-feed/?limit=20&offset={offset}",
            items="objects",
            link="{post_url}",
            fetch="https://sso.ifanr.com/api/v5/wp/article/?post_id={post_id}",
            title="post_title",
            time="created_at",
            page_size=20,
        )
    ],
    layouts=[
        Layout(
            "v5-api",
            seen="2021 –",
            source="RSSHub:ifanr/index.ts@8c842cb44b",
            rules=JsonArticleRules(
                root="objects[0]",
                title=("post_title", FROM_LISTING),
                authors=("created_by.name",),
                published=("created_at", FROM_LISTING),
                body=("post_content",),
                lead_image=("post_cover_image",),
                description=("post_excerpt",),
                tags=("post_tag[].name",),
            ),
        ),
    ],
    evidence=(
        "No disagreement: the web feed and the `wp/article` detail are read as RSSHub reads them. Category lists "
        "and 快讯 (`wp/buzz`) are not offered: the archive files 爱范儿 under 最新 only.",
    ),
)
