"""虎嗅 huxiu — https://www.huxiu.com/ (UTF-8, Beijing time, epoch-second datelines; the listing is a POST JSON API on
api-web-article.huxiu.com, and each article page carries its data in the Nuxt 3 payload ``#__NUXT_DATA__`` since
2026-01 — ``window.__INITIAL_STATE__`` before; the HTML content keeps huxiu's lazy ``<img class="lazyImg"
_src=…>`` images and styled subheads)."""

from __future__ import annotations

from typing import Any

from newscrawl.extract.json_data import find_object_with_key, nuxt_payload
from newscrawl.portal_rules import FROM_LISTING, JsonArticleRules, JsonListing, Layout, Portal


def nuxt_article(page_html: str) -> Any:
    """The ``articleDetail-<aid>`` entry of the page's Nuxt 3 payload (devalue references resolved)."""
    payload = nuxt_payload(page_html)
    return find_object_with_key(payload, "articleDetail-") if payload is not None else None


# Both layouts hold the same article object.
_TITLE = ("title", FROM_LISTING)
_AUTHORS = ("user_info.username", "author_info.username", FROM_LISTING)
_PUBLISHED = ("dateline", "publish_time", FROM_LISTING)

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
            url="https://api-web-article.huxiu.com/web/article/articleList",
            method="POST",
            form={"platform": "www", "pagesize": "22", "last_dateline": "{cursor}"},
            # Both spellings occur in the API's answers.
            items=("data.dataList", "data.datalist"),
            cursor="data.last_dateline",
            link="https://www.huxiu.com/article/{aid}.html",
            title="title",
            time="dateline",
            authors="user_info.username",
            page_size=22,
        )
    ],
    layouts=[
        Layout(
            "nuxt3",
            seen="2026-01 –",
            source="RSSHub:huxiu/util.ts@c3495a3b81 (PR #20843, merged 2026-01-09)",
            rules=JsonArticleRules(
                reader=nuxt_article,
                root="articleDetail",
                title=_TITLE,
                authors=_AUTHORS,
                published=_PUBLISHED,
                body=("content",),
                # The authorisation notice and vote widgets are not the story; styled subheads are headings.
                body_drop=("div.neirong-shouquan", "div[class*='vote']"),
                body_rename={".text-big-title": "h3", ".text-sm-title": "h4"},
                lead_image=("pic_path",),
                description=("summary",),
                tags=("tags_info[].name",),
            ),
        ),
        Layout(
            "initial-state",
            seen="– 2026-01",
            source="shared/PORTALS.md (pages of the archive's era)",
            rules=JsonArticleRules(
                embedded="window.__INITIAL_STATE__",
                root="articleDetail.articleDetail",
                title=_TITLE,
                authors=_AUTHORS,
                published=_PUBLISHED,
                body=("content",),
                lead_image=("pic_path",),
                # description, canonical URL and language come from the page's meta tags (generic fallback).
            ),
        ),
    ],
    evidence=(
        "Nuxt 3 pages read (layout `nuxt3`): `script#__NUXT_DATA__` resolved as devalue (numbers inside objects "
        "and arrays are indexes; `ShallowReactive`/`Reactive`/`Ref` wrappers, `Date`, `Set`, `Map` handled), the "
        "object under the key starting `articleDetail-` read; `div.neirong-shouquan` and vote widgets dropped, "
        "`.text-big-title`/`.text-sm-title` made h3/h4. `window.__INITIAL_STATE__` pages stay readable "
        "(`initial-state`) for old archives.",
        "List host `api-web-article.huxiu.com`; items at `data.dataList` or `data.datalist`.",
        "Brief pages (`/brief/<id>.html`) are not listed by the article list and are not read.",
        "The detail API (`/web/article/detail`) is not used: the article page holds the same data; an Alibaba "
        "Cloud verification page in its place is recognised as a challenge (`安全验证`/`acw_sc__v2`).",
    ),
)
