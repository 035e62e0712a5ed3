"""Engadget — https://www.engadget.com/ (UTF-8, Eastern time; 2017 Blogsmith article template, one RSS feed).

Quirks: JSON-LD (``Article``, plus ``Review`` on reviews) gives ``datePublished`` without a zone
(``2017-11-03 03:01:00.000000``, Eastern time); the Swiftype ``meta[name=published_at]`` carries the same time
with its offset and is read first (the page itself only prints ``11.03.17``). The body is split into several
``div.article-text`` blocks with full-bleed figures, photo galleries, a review score card and ad rails between
them. Lazy images keep their URL in ``data-original``. ``meta[name=description]`` is the first lines of the text
cut with "..."; ``og:description`` is the editor's summary.
"""

from newscrawl.portal import ArticleRules, FeedListing, Portal

PORTAL = Portal(
    name="engadget",
    site_name="Engadget",
    site_url="https://www.engadget.com/",
    # English tech media get a section of their own beside the archive's Chinese 新媒体; rss.xml is the site's
    # latest-stories feed.
    categories=("科技媒体", "Engadget", "Latest"),
    timezone="America/New_York",
    hosts=("engadget.com",),
    language="en",
    listings=[FeedListing("https://www.engadget.com/rss.xml")],
    article=ArticleRules(
        title=("div.container > h1",),
        # The header byline; the "more from" lists further down link editors too.
        authors=(
            'div.container.border-top a.th-meta[href^="/about/editors/"]',
            'meta[name="blogger_name"]::attr(content)',
        ),
        published=('meta[name="published_at"]::attr(content)',),
        # Text blocks and the full-bleed figures between them, in page order (galleries and the score card
        # are left out).
        body=(
            "#page_body div.article-text,"
            ' #page_body div.js-breakout-container[data-engadget-breakout-type="image"]',
        ),
        body_drop=("div.o-article_block aside", '[data-behavior="Advertisement"]'),
        lead_image=('meta[property="og:image"]::attr(content)',),
        description=('meta[property="og:description"]::attr(content)', 'meta[name="description"]::attr(content)'),
    ),
)
