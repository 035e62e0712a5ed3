"""Ars Technica — https://arstechnica.com/ (UTF-8, Eastern time; WordPress; section feeds on feeds.arstechnica.com).

Quirks: no JSON-LD on article pages — schema.org microdata instead (``itemprop="headline"``, ``author``,
``articleBody``) plus OpenGraph; ``<time class="date" datetime>`` holds the publication time in UTC. The body
container also holds the share/comments aside and an empty action-button box. Listings are the per-section RSS
feeds (``-a channel=gadgets`` …; ``index`` is every story).
"""

from newscrawl.portal import ArticleRules, FeedListing, Portal

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
        "gaming", "science", "cars",
    ),
    default_channel="index",
    article=ArticleRules(
        title=('article h1[itemprop="headline"]',),
        authors=('article p.byline [itemprop="name"]',),
        published=("article p.byline time::attr(datetime)",),
        body=('article div[itemprop="articleBody"]',),
        body_drop=(
            "aside.social-left",
            "#action_button_container",
            "aside.ad",
        ),
        lead_image=('meta[property="og:image"]::attr(content)',),
        description=('article h2[itemprop="description"]', 'meta[name="description"]::attr(content)'),
    ),
)
