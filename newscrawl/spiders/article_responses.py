"""What every spider does with a response: challenge pages counted and skipped, article responses extracted.

An article response becomes a ``FetchedPage`` (plain data) and goes through ``extract_fetched`` in one trip; the
spider awaits the record (extracted in a worker process or the reactor thread), or a blocked verdict that is
counted here. Both spiders (the portal spider and
``news``) call only this module for that.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from scrapy import Spider
from scrapy.http import Response, TextResponse
from scrapy.utils.defer import maybe_deferred_to_future

from newscrawl.extract.article import article_layout, fields_from_fallback
from newscrawl.extract.blocked import blocked_reason
from newscrawl.extract.fetched import FetchedPage, Outcome, extract_fetched, is_registered
from newscrawl.items import Article
from newscrawl.portal_rules import Portal
from newscrawl.spiders.extraction_workers import ExtractionWorkers


class ListingSpider(Spider):
    """What both spiders take the same way: the ``max_pages`` and ``max_articles`` arguments.

    Subclasses keep one bound method per callback (``self._parse_article = self.parse_article``) and give that to
    every request: Scrapy checks each callback for a generator returning a value (its source read and parsed, not
    cheap) and keeps the answer only while the checked method object lives; a bound method made for each request
    dies with it, one the spider keeps is checked once.
    """

    def __init__(self, *args: Any, max_pages: str | int | None = None, max_articles: str | int | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages_argument = count_argument(max_pages, "max_pages")
        self.max_articles = count_argument(max_articles, "max_articles")

    @property
    def max_pages(self) -> int:
        """Pages of each listing to read: the spider's argument, else ``NEWSCRAWL_MAX_LISTING_PAGES``."""
        if self.max_pages_argument is not None:
            return self.max_pages_argument
        return self.settings.getint("NEWSCRAWL_MAX_LISTING_PAGES", 5)


def count_argument(value: str | int | None, name: str) -> int | None:
    """A spider argument counting pages or articles: None when absent, a clear error when not a count."""
    if value is None or value == "":
        return None
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number; got {value!r}") from None
    if number < 0:
        raise ValueError(f"{name} must not be negative; got {value!r}")
    return number


def skip_blocked(spider: Spider, response: TextResponse, markers: Sequence[str] = ()) -> bool:
    """True when a (listing) response is a challenge page: it is counted as ``newscrawl/blocked`` and logged,
    never read. ``markers`` are texts only the site's own challenge page contains."""
    reason = blocked_reason(response.text, response.status, markers)
    if reason is None:
        return False
    count_blocked(spider, reason, response.url)
    return True


def count_blocked(spider: Spider, reason: str, url: str) -> None:
    if spider.crawler.stats is not None:
        spider.crawler.stats.inc_value("newscrawl/blocked")
    spider.logger.warning("Blocked (%s): %s", reason, url)


def start_extraction_workers(spider: Spider) -> None:
    """Start the crawl's extraction workers, if it has any, while its first requests download."""
    workers = ExtractionWorkers.for_crawler(spider.crawler)
    if workers is not None:
        workers.start()


def html_response(spider: Spider, response: Response) -> TextResponse | None:
    """The response when it is text; otherwise the article is dropped (counted and logged) and None returned."""
    if isinstance(response, TextResponse):
        return response
    if spider.crawler.stats is not None:
        spider.crawler.stats.inc_value("newscrawl/dropped/not_html")
    spider.logger.warning("Dropped article (not_html): %s", response.url)
    return None


def fetched_page(
    response: TextResponse,
    *,
    channel: str | None = None,
    listing_hints: Mapping[str, str] | None = None,
    public_url: str | None = None,
    categories: tuple[str, str | None, str] | None = None,
    categories_source: str = "argument",
    site_fallback: str = "",
    fetched_at: datetime | None = None,
) -> FetchedPage:
    """The response as plain data, stamped with the time it is handled (unless ``fetched_at`` says)."""
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
    return FetchedPage(url=response.url, body=response.body, content_type=content_type, status=response.status,
                       channel=channel, listing_hints=dict(listing_hints or {}), public_url=public_url,
                       fetched_at=fetched_at or datetime.now(UTC), categories=categories,
                       categories_source=categories_source, site_fallback=site_fallback)


async def extract_or_skip(spider: Spider, fetched: FetchedPage, portal: Portal | None) -> Outcome | None:
    """The outcome of one article response, from a worker process (``NEWSCRAWL_EXTRACT_PROCESSES``) or the
    reactor thread; None (counted and logged) when it is a challenge page."""
    workers = ExtractionWorkers.for_crawler(spider.crawler)
    if workers is not None and workers.ready and (portal is None or is_registered(portal)):
        outcome = await maybe_deferred_to_future(workers.extract(fetched, portal.name if portal else None))
    else:
        # No workers, none up yet, or a portal made on the spot (a test's) that a worker could not look up by name.
        outcome = extract_fetched(fetched, portal)
    return _handled(spider, fetched, outcome)


def _handled(spider: Spider, fetched: FetchedPage, outcome: Outcome) -> Outcome | None:
    for warning in outcome.warnings:
        spider.logger.warning("%s", warning)
    if outcome.blocked is not None:
        count_blocked(spider, outcome.blocked, fetched.url)
        return None
    return outcome


def count_layout(spider: Spider, article: Article, portal: Portal) -> None:
    """Count the layout that gave the article's body and each field a layout's rule left to a fallback."""
    stats = spider.crawler.stats
    if stats is None:
        return
    stats.inc_value(f"newscrawl/layout/{article_layout(article)}")
    for name in fields_from_fallback(article, portal):
        stats.inc_value(f"newscrawl/fallback/{name}")
