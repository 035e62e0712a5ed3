"""The Verge — https://www.theverge.com/ (UTF-8, Eastern time; Vox Media pages, Atom feeds + news sitemap).

Three layouts. Since 2025 the Next.js page's ``__NEXT_DATA__`` holds the story as typed blocks
(``props.pageProps.hydration.responses[]``, the ``PostLayoutQuery``/``StreamLayoutQuery`` answer's ``data.node``),
rendered here to HTML: the body no longer depends on the markup's class names. The "duet" markup (2022 on) puts
every paragraph in its own ``div.duet--article--article-body-component`` — on 2024 pages ``#content`` is the
``<article>`` itself, so the body is every component, not a container; between them sit "Related" lists, pull
quotes and newsletter boxes, and figures rendered twice with the image in ``<noscript>``. The Chorus pages
(2016–2022) hold the body in ``div.c-entry-content`` (an intro in ``.c-entry-intro`` on features) with pull
quotes (``<q>``) and gallery controls inside, and ``#content`` wraps the whole page. JSON-LD and OpenGraph stand
behind every rule.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

from newscrawl.extract.json_data import values_at
from newscrawl.portal_rules import ArticleRules, FeedListing, JsonArticleRules, Layout, Portal, SitemapListing

_NEXT_DATA = re.compile(r'<script\b[^>]*\bid="__NEXT_DATA__"[^>]*>\s*(?:<!\[CDATA\[)?(.*?)(?:\]\]>)?\s*</script>',
                        re.DOTALL)
_STORY_QUERIES = ("PostLayoutQuery", "StreamLayoutQuery")
#: Blocks that are not the story: sign-up boxes, recirculation, shopping and navigation widgets, pull quotes
#: (they repeat a sentence of the text).
_HUBS = ("tech", "reviews", "science", "apple", "google", "games", "policy", "entertainment", "transportation")
_SKIPPED_BLOCKS = ("Newsletter", "RelatedPosts", "ProductsTable", "FeaturedProduct", "TableOfContents",
                   "Pullquote")


def story_node(page_html: str) -> dict[str, Any] | None:
    """The story in ``__NEXT_DATA__`` (``data.node`` of the PostLayoutQuery answer), its blocks rendered as ``body``."""
    match = _NEXT_DATA.search(page_html)
    if match is None:
        return None
    try:
        data = json.loads(match.group(1))
    except ValueError:
        return None
    for answer in values_at(data, "props.pageProps.hydration.responses[]"):
        if isinstance(answer, dict) and answer.get("operationName") in _STORY_QUERIES:
            node = values_at(answer, "data.node")
            if node and isinstance(node[0], dict):
                story = dict(node[0])
                story["body"] = "".join(_render_block(block) for block in story.get("blocks") or [])
                return story
    return None


def _rich_text(block: dict[str, Any]) -> str:
    """A block's HTML: ``paragraphContents[].html`` (since 2026-08), ``tempContents[].html`` before, or
    ``contents.html`` (headings, list items, quotes)."""
    for key in ("paragraphContents", "tempContents"):
        parts = [part.get("html") for part in block.get(key) or [] if isinstance(part, dict)]
        if any(parts):
            return "".join(part for part in parts if isinstance(part, str))
    contents = block.get("contents")
    if isinstance(contents, dict) and isinstance(contents.get("html"), str):
        return str(contents["html"])
    return ""


def _image(image: dict[str, Any]) -> str:
    url = values_at(image, "thumbnail.url") or values_at(image, "image.originalUrl") or values_at(image, "url")
    if not url:
        return ""
    caption = values_at(image, "caption.html") or values_at(image, "caption.plaintext")
    alt = values_at(image, "alt") or values_at(image, "image.alt")
    figure = f'<figure><img src="{html.escape(str(url[0]))}" alt="{html.escape(str(alt[0]) if alt else "")}">'
    return figure + (f"<figcaption>{caption[0]}</figcaption>" if caption else "") + "</figure>"


def _render_block(block: Any) -> str:
    if not isinstance(block, dict):
        return ""
    kind = str(block.get("__typename", ""))
    if any(skipped in kind for skipped in _SKIPPED_BLOCKS):
        return ""
    if kind == "CoreHeadingBlockType":
        level = block.get("level") if block.get("level") in (2, 3, 4, 5, 6) else 2
        return f"<h{level}>{_rich_text(block)}</h{level}>"
    if kind == "CoreListBlockType":
        tag = "ol" if block.get("ordered") else "ul"
        items = "".join(f"<li>{_rich_text(item)}</li>" for item in block.get("items") or [] if isinstance(item, dict))
        return f"<{tag}>{items}</{tag}>" if items else ""
    if kind == "CoreQuoteBlockType":
        return f"<blockquote>{_rich_text(block)}</blockquote>"
    if kind == "CoreImageBlockType":
        return _image(block)
    if kind == "CoreGalleryBlockType":
        return "".join(_image(image) for image in block.get("images") or [] if isinstance(image, dict))
    if kind in ("CoreHTMLBlockType", "CoreEmbedBlockType", "CoreTableBlockType"):
        markup = values_at(block, "rawHtml") or values_at(block, "embedHtml") or values_at(block, "html")
        return str(markup[0]) if markup else ""
    text = _rich_text(block)  # CoreParagraphBlockType, and text blocks of kinds not seen yet
    return f"<p>{text}</p>" if text else ""


PORTAL = Portal(
    name="theverge",
    site_name="The Verge",
    site_url="https://www.theverge.com/",
    # English tech media get a section of their own beside the archive's Chinese 新媒体; /rss/index.xml is the
    # site's stream of all stories.
    categories=("科技媒体", "The Verge", "Latest"),
    timezone="America/New_York",
    hosts=("theverge.com",),
    language="en",
    listings=[
        FeedListing("https://www.theverge.com/rss/index.xml"),
        SitemapListing("https://www.theverge.com/sitemaps/google_news"),
    ],
    # Every hub has a feed of its own, /rss/<hub>/index.xml (-a channel=reviews); "all" is the site's stream.
    channels=("all", *_HUBS),
    default_channel="all",
    channel_listings={hub: [FeedListing(f"https://www.theverge.com/rss/{hub}/index.xml")] for hub in _HUBS},
    layouts=[
        Layout(
            "next-data",
            seen="2025-02 –",
            source="RSSHub:theverge/index.ts (PRs #18471, #19930, #20027, #23082)",
            rules=JsonArticleRules(
                reader=story_node,
                body=("body",),
                lead_image=("featuredImage.image.originalUrl", "ledeMediaData.image.originalUrl"),
                tags=("categories[].title",),
            ),
        ),
        Layout(
            "duet",
            seen="2022-09 –",
            signature="div.duet--article--article-body-component",
            source="real page: readability theverge (2023-06); RSSHub's fallback (every body component)",
            rules=ArticleRules(
                title=("article h1", "main h1"),
                authors=("p.duet--article--article-byline a[href*='/authors/']",
                         "article p.duet--article--article-byline span.font-medium a"),
                published=("article time.duet--article--timestamp::attr(datetime)",),
                body=("div.duet--article--article-body-component",),
                body_drop=(
                    # Whole body components holding a "Related" list, a pull quote or a newsletter box.
                    "div.duet--article--article-body-component:has(div.duet--recirculation--related-list)",
                    "div.duet--article--article-body-component:has(div.duet--article--article-pullquote)",
                    "div.duet--article--article-body-component:has(div.newsletter-wrapper)",
                    # The zoom overlay and the hidden second copy of every figure.
                    'div[role="button"][aria-label="Close"]',
                    "div.z-1.hidden",
                ),
                lead_image=('meta[property="og:image"]::attr(content)',),
                description=('meta[name="description"]::attr(content)',),
            ),
        ),
        Layout(
            "chorus",
            seen="2016 – 2022-09",
            signature="div.c-entry-content",
            source="postlight/parser www.theverge.com extractor; real pages 2016 (two) and 2019",
            rules=ArticleRules(
                title=("h1.c-page-title",),
                # The byline's name without the Twitter handle printed after it; metas as the site wrote them,
                # and as postlight's saved copies rewrote them (name=/value=).
                authors=('meta[property="author"]::attr(content)', 'meta[name="author"]::attr(content)',
                         'meta[name="author"]::attr(value)', "div.c-byline span.c-byline__author-name"),
                # <time datetime> in the byline is UTC without a zone; the meta carries the offset.
                published=('meta[property="article:published_time"]::attr(content)',
                           'meta[name="article:published_time"]::attr(value)'),
                modified=('meta[property="article:modified_time"]::attr(content)',
                          'meta[name="article:modified_time"]::attr(value)'),
                body=(".c-entry-intro, div.c-entry-content",),
                body_drop=(
                    # Pull quotes (<q> in a floated box) repeat a sentence of the text.
                    "div.c-entry-content > q",
                    "div.c-entry-content > div:has(> q)",
                    "div.c-entry-content > div:has(> aside > q)",
                    ".aside",
                    # Photo credits ("Photo by Dan Seifert / The Verge"); captions stay.
                    "figure.e-image cite",
                    # Gallery controls; the thumbnails stay.
                    ".c-image-gallery__viewer-grid", ".c-image-gallery__viewer", ".c-image-gallery__meta",
                    ".c-image-gallery__thumbs button",
                    # A video player and its title.
                    "h3:has(+ div .volume-video)", "div:has(> .volume-video)",
                ),
                lead_image=('meta[property="og:image"]::attr(content)', 'meta[name="og:image"]::attr(value)'),
                description=("p.c-entry-summary", 'meta[name="description"]::attr(content)',
                             'meta[name="description"]::attr(value)'),
            ),
        ),
    ],
    evidence=(
        "`article #content` no longer used: the body is every `div.duet--article--article-body-component` "
        "(layout `duet`), which holds on 2022–2024 pages whether `#content` is the `<article>` or a wrapper.",
        "`__NEXT_DATA__` read first (layout `next-data`): the PostLayoutQuery/StreamLayoutQuery node's blocks, "
        "`paragraphContents[].html` (2026-08 on) or `tempContents[].html`, headings, lists and quotes from "
        "`contents.html`; newsletter, related-posts, product and table-of-contents blocks skipped.",
        "Chorus pages (2016–2022) have a layout of their own (`chorus`): `.c-entry-intro` + `div.c-entry-content`, "
        "pull quotes and gallery controls dropped, noscript images kept once, byline from `meta[name=author]`, date "
        "from `article:published_time` (the byline `<time>` is UTC without a zone).",
        "Hub feeds `rss/<hub>/index.xml` are channels (`-a channel=tech` …).",
    ),
)
