"""WIRED — https://www.wired.com/ (UTF-8, Eastern time; Condé Nast "verso" pages, RSS + Google News sitemap).

Quirks: the article body is split into several ``div.body__inner-container`` chunks (one per grid block, with
ad rails and "most popular" lists between them); buying guides embed product cards whose retailer buttons and
affiliate widgets sit inside the body. Bylines may name several people (``Scott Gilbertson``, ``Gear Team``).
JSON-LD ``NewsArticle`` and OpenGraph tags back every rule.
"""

from newscrawl.portal import ArticleRules, FeedListing, Portal, SitemapListing

PORTAL = Portal(
    name="wired",
    site_name="WIRED",
    site_url="https://www.wired.com/",
    # English tech media get a section of their own beside the archive's Chinese 新媒体; /feed/rss is the
    # site's latest-stories feed.
    categories=("科技媒体", "Wired", "Latest"),
    timezone="America/New_York",
    hosts=("wired.com",),
    language="en",
    listings=[
        FeedListing("https://www.wired.com/feed/rss"),
        SitemapListing("https://www.wired.com/feed/google-latest-news/sitemap-google-news"),
    ],
    article=ArticleRules(
        title=('h1[data-testid="ContentHeaderHed"]',),
        authors=('header div[data-testid="BylinesWrapper"] span[data-testid="BylineName"]',),
        published=('time[data-testid="ContentHeaderPublishDate"]::attr(datetime)',),
        modified=('meta[property="article:modified_time"]::attr(content)',),
        # Every chunk of the body, in page order.
        body=("article div.body__inner-container",),
        body_drop=(
            "div.ad",
            "div.consumer-marketing-unit",
            # …and the bare wrapper it comes in.
            "div:not([class]):has(> div.consumer-marketing-unit)",
            "div.inline-recirc-wrapper",
            "div.product-embed__cta",
            # The affiliate-link disclosure shown as a quote box in buying guides, and the subscription offer.
            "blockquote.blockquote-embed",
            'p:has(a[href*="wired.com/v2/offers/"])',
        ),
        lead_image=('meta[property="og:image"]::attr(content)',),
        description=('meta[name="description"]::attr(content)',),
    ),
)
