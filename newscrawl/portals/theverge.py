"""The Verge — https://www.theverge.com/ (UTF-8, Eastern time; Vox Media "duet" Next.js pages, Atom + news sitemap).

Quirks: every paragraph sits in its own ``div.duet--article--article-body-component`` inside ``#content``;
between them the body holds a "Related" link list, pull quotes repeating the text, newsletter sign-up boxes
with scripts, and image figures rendered twice (a hidden zoom copy) whose ``<img>`` is a 1x1 GIF placeholder
with the real image in ``<noscript>``. JSON-LD (wrapped in CDATA) and OpenGraph stand behind every rule.
"""

from newscrawl.portal import ArticleRules, FeedListing, Portal, SitemapListing

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
    article=ArticleRules(
        title=("article h1",),
        authors=("article p.duet--article--article-byline span.font-medium a",),
        published=("article time.duet--article--timestamp::attr(datetime)",),
        body=("article #content",),
        body_drop=(
            # Whole body components holding a "Related" list, a pull quote or a newsletter box (with scripts).
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
)
