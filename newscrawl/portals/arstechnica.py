"""Ars Technica — https://arstechnica.com/ (UTF-8, Eastern time; WordPress; section feeds on feeds.arstechnica.com).

Two layouts. The WordPress template used until the late-2024 redesign has no JSON-LD — schema.org microdata
instead (``itemprop="headline"``, ``author``, ``articleBody``) plus OpenGraph; ``<time class="date" datetime>``
holds the publication time in UTC. Its body container also holds the share/comments aside, ad boxes, "Further
Reading" boxes, video players, photo credits and "Enlarge" links. Long stories span pages (``…/<slug>/2/``,
linked from ``nav.page-numbers``): the crawl follows them and appends each page's body. The redesigned pages
(late 2024 on) read as ``article`` with an author box, story tools and text settings inside. Listings are the
per-section RSS feeds (``-a channel=gadgets`` …; ``index`` is every story).
"""

from __future__ import annotations

from newscrawl.portal_rules import ArticleRules, FeedListing, Layout, Portal

PORTAL = Portal(
    name="arstechnica",
    site_name="Ars Technica",
    site_url="https://arstechnica.com/",
    # English tech media get a section of their own beside the archive's Chinese 新媒体; the default feed is
    # "All Ars Technica stories".
    categories=("科技媒体", "Ars Technica", "All"),
    timezone="America/New_York",
    hosts=("arstechnica.com",),
    language="en",
    listings=[FeedListing("https://feeds.arstechnica.com/arstechnica/{channel}")],
    channels=(
        "index", "features", "technology-lab", "gadgets", "business", "security", "tech-policy", "apple",
        "gaming", "science", "cars", "staff-blogs",
    ),
    default_channel="index",
    layouts=[
        Layout(
            "2024",
            seen="2024-10 –",
            signature="article div.author-mini-bio, article div.story-tools, article .text-settings",
            source="public reader-mode rule files (unattributed; no saved page found): unverified",
            rules=ArticleRules(
                title=("article h1",),
                body=("article:has(div.author-mini-bio)", "article:has(div.story-tools)"),
                body_drop=(
                    "article header", "article h1",
                    # The author box closes the story; what follows it is recirculation.
                    "div.author-mini-bio", "div.author-mini-bio ~ *",
                    "div.story-tools", ".text-settings", ".related-stories", ".view-comments",
                ),
                lead_image=('meta[property="og:image"]::attr(content)',),
                description=('meta[name="description"]::attr(content)',),
            ),
        ),
        Layout(
            "2015",
            seen="2015 – 2024-10",
            signature='div[itemprop="articleBody"]',
            source="postlight/parser arstechnica.com extractor, omnivore and ftr-site-config rules; real pages "
                   "2015 (readability ars-1), 2016 (postlight), 2020 page 2 (postlight history)",
            rules=ArticleRules(
                title=('h1[itemprop="headline"]',),
                authors=('article p.byline [itemprop="name"]', '[rel="author"] [itemprop="name"]'),
                published=(".byline time::attr(datetime)",),
                body=('div[itemprop="articleBody"]',),
                body_drop=(
                    "aside",
                    "#action_button_container",
                    "div.story-sidebar",
                    "figure.video",
                    ".gallery",
                    "figcaption .enlarge-link",
                    # Photo credits ("Aurich Lawson / Getty") are not the story's text.
                    "figcaption .caption-credit",
                    "nav.page-numbers",
                ),
                lead_image=('meta[property="og:image"]::attr(content)', 'meta[name="og:image"]::attr(value)'),
                description=('h2[itemprop="description"]', 'meta[name="description"]::attr(content)',
                             'meta[name="description"]::attr(value)'),
                continuation="nav.page-numbers span.numbers a:has(span.next)",
            ),
        ),
    ],
    evidence=(
        "Stories spanning pages: the crawl follows `nav.page-numbers span.numbers a:has(span.next)` (only to "
        "`…/<slug>/N/` pages of the same story, at most 20) and appends each page's body.",
        "The 2024 template has rules (`2024`: `article` minus the author box and what follows it, story tools, "
        "text settings, related stories, comments link), from public reader-mode rule files that no saved page "
        "confirms: its fixture is reconstructed, and generic extraction (JSON-LD) stands behind every field.",
        "The author name box at the top of a 2016 body is the intro image's photo credit: photo credits "
        "(`figcaption .caption-credit`), \"Enlarge\" links, video players, \"Further Reading\" boxes and asides "
        "are dropped.",
    ),
)
