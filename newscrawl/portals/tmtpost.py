"""钛媒体 tmtpost — https://www.tmtpost.com/ (JSON API that wants the header ``app-version: web1.0`` on every
request, UTF-8, epoch-second times shown in Beijing time; articles are read from ``v1/posts/<guid>`` with the
fields that hold authors and tags asked for, and filed under their ``share_link``)."""

from newscrawl.portal_rules import FROM_LISTING, JsonArticleRules, JsonListing, Layout, Portal

#: What the detail endpoint must be asked for: without them authors, tags and the share link are left out.
DETAIL_FIELDS = "authors;tags;featured_image;categories;stock_list;big_plate;concept_plate;plate;plate_list;share_link"

PORTAL = Portal(
    name="tmtpost",
    site_name="钛媒体",
    site_url="https://www.tmtpost.com/",
    categories=("新媒体", "钛媒体", "最新"),
    timezone="Asia/Shanghai",
    hosts=("tmtpost.com",),
    encoding="utf-8",
    language="zh-CN",
    listings=[
        JsonListing(
            url="https://api.tmtpost.com/v1/lists/new?limit=20&offset={offset}",
            items="data",
            # Posts, atlases, videos and audios each have their page: the item's own share_link.
            link="{share_link}",
            fetch=f"https://api.tmtpost.com/v1/posts/{{guid}}?fields={DETAIL_FIELDS}",
            title="title",
            time="time_published",
            # Sent with the listing requests and with the article requests the listing makes.
            headers={"app-version": "web1.0"},
            page_size=20,
        )
    ],
    layouts=[
        Layout(
            "v1-api",
            seen="2025-01 –",
            source="RSSHub:tmtpost/util.ts@000c7ec328, tmtpost/new.ts@12c261bd0d",
            rules=JsonArticleRules(
                root="data",
                title=("title", FROM_LISTING),
                authors=("authors[].username",),
                published=("time_published", FROM_LISTING),
                modified=("time_updated",),
                body=("main",),
                lead_image=("images[0].url", "thumb_image.original.url"),
                description=("summary",),
                tags=("tags[].title|name|tag",),
            ),
        ),
    ],
    evidence=(
        "Every request sends `app-version: web1.0`; the detail is asked with "
        f"`fields={DETAIL_FIELDS}`.",
        "The article's public URL is its `share_link` (video, audio and atlas items live elsewhere than "
        "`/<guid>.html`); lead image `images[0].url`, else `thumb_image.original.url`; tags by `title`, else "
        "`name`, else `tag`.",
        "The listing's `subtype`/`post_fields` parameters (third-party) are not sent: the default list holds "
        "every item type the site publishes.",
    ),
)
