"""WIRED — https://www.wired.com/ (UTF-8, Eastern time; Condé Nast "verso" pages, RSS + Google News sitemap).

Three layouts. Since 2021 the header carries ``data-testid`` attributes and the body is split into several
``div.body__inner-container`` chunks (one per grid block, with ad rails and "most popular" lists between them);
buying guides embed product cards whose retailer buttons and affiliate widgets sit inside the body. Captures of
2021–2022 print the date only as text (``time[data-testid=ContentHeaderPublishDate]`` "Sep 30, 2016 7:00 AM",
Eastern, no ``datetime``) and carry no JSON-LD. The 2019–2020 layout has ``article.article.main-content`` with
``div.article__body`` chunks, ``h1.content-header__hed`` and a date printed "01.21.2020 07:00 AM" (Eastern);
promos ("Keep Reading", "More Great WIRED Stories") and pull quotes sit in the chunks. The 2016 WordPress layout
has ``article.content``, ``h1.post-title`` and ``meta[itemprop=datePublished]``. ``meta[name=author]`` is often
"Condé Nast": bylines are read from the byline elements.
"""

from __future__ import annotations

from newscrawl.portal_rules import ArticleRules, FeedListing, Layout, Portal, SitemapListing

#: Noise of the verso layouts, inside the body chunks.
_VERSO_NOISE = (
    "div.ad",
    "div.consumer-marketing-unit",
    # …and the bare wrapper it comes in.
    "div:not([class]):has(> div.consumer-marketing-unit)",
    "div.inline-recirc-wrapper",
    "aside.pullquote-embed",
    "aside.paywall-inline-barrier",
    "div.callout--related-list",
    # "Keep Reading" boxes linking a topic page.
    "div.callout:has(> div.heading-h4)",
    # Social posts that are only a consent banner in the saved page.
    '[data-testid="message-banner"]',
    # Link boxes to other stories ("Taking Off: New Navy Tech Makes It Easy…").
    'div[data-testid="GenericCallout"]:has(aside[data-testid="SidebarEmbed"])',
    'aside[data-testid="SidebarEmbed"]',
    # Photo credits ("Photograph: Scott Gilbertson"); captions stay.
    ".caption__credit",
)

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
    layouts=[
        Layout(
            "2021",
            seen="2021-01 –",
            signature='h1[data-testid="ContentHeaderHed"], div.body__inner-container',
            source="real pages: fundus us_Wired_V1 (2024), newspaper4k wired_001 (2023-11), postlight (~2022, two); "
                   "RSSHub:wired/tag.ts",
            rules=ArticleRules(
                title=('h1[data-testid="ContentHeaderHed"]',),
                authors=('header div[data-testid="BylinesWrapper"] span[data-testid="BylineName"]',
                         '[data-testid="ContentHeaderByline"] [data-testid="BylineName"]'),
                # The time's datetime when it has one; the meta (UTC) next; the printed text (Eastern) last.
                published=('time[data-testid="ContentHeaderPublishDate"]::attr(datetime)',
                           'meta[property="article:published_time"]::attr(content)',
                           'meta[name="article:published_time"]::attr(value)',
                           'time[data-testid="ContentHeaderPublishDate"]'),
                modified=('meta[property="article:modified_time"]::attr(content)',
                          'meta[name="article:modified_time"]::attr(value)'),
                # Every chunk of the body, in page order.
                body=("article div.body__inner-container",),
                body_drop=(
                    *_VERSO_NOISE,
                    "div.product-embed__cta",
                    'p[class*="ProductEmbedImageCreditWrapper"]',
                    # The affiliate-link disclosure shown as a quote box in buying guides, and the subscription
                    # offer.
                    "blockquote.blockquote-embed",
                    'p:has(a[href*="wired.com/v2/offers/"])',
                ),
                lead_image=('meta[property="og:image"]::attr(content)', 'meta[name="og:image"]::attr(value)'),
                description=('div[class^="ContentHeaderDek"]', 'meta[name="description"]::attr(content)',
                             'meta[name="description"]::attr(value)'),
            ),
        ),
        Layout(
            "2019",
            seen="2019-11 – 2021-01",
            signature="div.article__body",
            source="postlight/parser www.wired.com extractor; real pages 2019-11 (postlight history), 2020-01 "
                   "(trafilatura), 2021-01 transition (postlight history)",
            rules=ArticleRules(
                title=("h1.content-header__hed",),
                # A contributor without a profile page has a name but no link.
                authors=(".content-header__title-block a.byline__name-link",
                         ".content-header__title-block .byline__name"),
                # Printed "01.21.2020 07:00 AM": Eastern time, no zone.
                published=("time.content-header__publish-date",),
                body=("div.article__body",),
                body_drop=(
                    *_VERSO_NOISE,
                    # "More Great WIRED Stories": a rule, a heading and a list of links closing the text.
                    "hr:has(+ div.heading-h3)", "hr + div.heading-h3", "hr + div.heading-h3 + ul",
                ),
                lead_image=('meta[property="og:image"]::attr(content)', 'meta[name="og:image"]::attr(value)'),
                description=("p.content-header__dek", 'meta[name="description"]::attr(content)',
                             'meta[name="description"]::attr(value)'),
            ),
        ),
        Layout(
            "2016",
            seen="– 2017",
            signature="article.content",
            source="postlight/parser www.wired.com extractor (no saved page of this layout found)",
            rules=ArticleRules(
                title=("h1.post-title",),
                authors=('a[rel="author"]',),
                published=('meta[itemprop="datePublished"]::attr(content)',
                           'meta[itemprop="datePublished"]::attr(value)'),
                body=("article.content",),
                body_drop=(".visually-hidden", "figcaption img.photo", ".alert-message"),
                lead_image=('meta[property="og:image"]::attr(content)', 'meta[name="og:image"]::attr(value)'),
                description=('meta[name="description"]::attr(content)',),
            ),
        ),
    ],
    evidence=(
        "The 2019–2020 layout has rules of its own (`2019`): `div.article__body` chunks without the promo list, "
        "pull quotes, \"Keep Reading\" boxes and ad slots; `h1.content-header__hed`; the byline link; the date "
        "printed \"01.21.2020 07:00 AM\" read in Eastern time. The 2016 layout too (`2016`: `article.content`, "
        "`h1.post-title`, `a[rel=author]`, `meta[itemprop=datePublished]`), from postlight's rules; no page of it "
        "was found, its fixture is reconstructed.",
        "`time[data-testid=ContentHeaderPublishDate]` without `datetime`: `article:published_time` is read next, "
        "then the time's text in Eastern time — never a relative word from the body.",
        "Tag listing (`__PRELOADED_STATE__`) not used: the feed and the news sitemap list every story.",
    ),
)
