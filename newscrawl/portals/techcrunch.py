"""TechCrunch — https://techcrunch.com/ (UTF-8, Pacific time; WordPress: two article templates, RSS + news sitemap).

Quirks: articles come in two WordPress themes — the 2024 block theme (``div.entry-content.wp-block-post-content``,
byline ``div.wp-block-tc23-author-card-name``, ``<time datetime>`` in Pacific time) and the older
``techcrunch-2017`` theme (``div.article-content``, ``div.article__byline``, no machine-readable time in the
page body, so ``article:published_time`` is read). Both carry Yoast JSON-LD ``NewsArticle`` and OpenGraph tags,
which stand behind every rule. Ad slots and promo placeholders sit between the paragraphs.
"""

from newscrawl.portal import ArticleRules, FeedListing, Portal, SitemapListing

PORTAL = Portal(
    name="techcrunch",
    site_name="TechCrunch",
    site_url="https://techcrunch.com/",
    # English tech media get a section of their own beside the archive's Chinese 新媒体; the main feed is the
    # site's "latest" stream, hence the channel name.
    categories=("科技媒体", "TechCrunch", "Latest"),
    timezone="America/Los_Angeles",
    hosts=("techcrunch.com",),
    language="en",
    listings=[
        FeedListing("https://techcrunch.com/feed/"),
        # The Google News sitemap (the last two days' stories): catches what the feed has already pushed out.
        SitemapListing("https://techcrunch.com/news-sitemap.xml"),
    ],
    article=ArticleRules(
        title=("h1.wp-block-post-title", "h1.article__title"),
        authors=(
            # Scoped to the headline block: the "More TechCrunch" cards below the article have author cards too.
            "div.single-post-hero__byline div.wp-block-tc23-author-card-name a",
            "div.article__byline > a",
        ),
        published=(
            "div.wp-block-post-date time::attr(datetime)",
            'meta[property="article:published_time"]::attr(content)',
        ),
        modified=('meta[property="article:modified_time"]::attr(content)',),
        body=("div.entry-content.wp-block-post-content", "article div.article-content"),
        body_drop=(
            "div.ad-unit",
            "div.marfeel-experience-inline-cta",
            "div.piano-inline-promo",
        ),
        lead_image=('meta[property="og:image"]::attr(content)',),
        description=('meta[name="description"]::attr(content)',),
    ),
)
