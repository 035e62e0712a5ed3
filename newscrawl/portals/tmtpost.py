"""钛媒体 tmtpost — https://www.tmtpost.com/ (JSON API that wants the header ``app-version: web1.0`` on every
request, UTF-8, epoch-second times shown in Beijing time; articles are read from ``v1/posts/<guid>`` and filed under
``https://www.tmtpost.com/<guid>.html``)."""

from newscrawl.portal import FROM_LISTING, JsonArticleRules, JsonListing, Portal

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
            link="https://www.tmtpost.com/{guid}.html",
            fetch="https://api.tmtpost.com/v1/posts/{guid}",
            title="title",
            time="time_published",
            # Sent with the listing requests and with the article requests the listing makes.
            headers={"app-version": "web1.0"},
            page_size=20,
        )
    ],
    article=JsonArticleRules(
        root="data",
        title=("title", FROM_LISTING),
        authors=("authors[].username",),
        published=("time_published", FROM_LISTING),
        body=("main",),
        description=("summary",),
        tags=("tags[].tag",),
        # No cover field is known for this endpoint: the lead image is the body's first image.
    ),
)
