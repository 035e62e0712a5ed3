"""Stop a listing's pagination once it shows ``NEWSCRAWL_STOP_AFTER_KNOWN`` consecutive already-archived articles.

Listings are newest first: past a run of articles the archive already held when this run started, the next pages
hold older articles still, so an hourly run reads one or two listing pages instead of ``max_pages``. Known
articles themselves are still fetched (their edits must be detected); only the next-listing requests of the
listing page where the run of known articles reaches the limit are dropped.

How it reads the spider's output: requests carry ``meta["newscrawl_kind"]`` (``newscrawl.request_kinds``: set
by every spider). The article requests of a listing page are counted in listing order; a run of known ones
continues from page to page (carried in the next listing request's meta), an unknown article ends it. The
listing requests of a page are held back until the page's output is complete and dropped when the run reached
the limit anywhere on the page. ``discovery`` requests (a section, a feed or a sitemap that starts a listing of
its own) are never held: other listings are not this listing's older pages.

Ledger access: the archive pipeline owns the ledger and is its only writer. This middleware opens the same
SQLite file read-only (``LedgerReader``, ``mode=ro``): SQLite's WAL journal shows it every row the pipeline has
committed, it can never write, and it needs no handle on the pipeline (it works, knowing nothing, when the
archive pipeline is disabled). "Known" means first written before this run started, so an article archived
earlier in this same run (a listing that shifted while it was read) does not stop pagination.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.archive.layout import LEDGER_FILE, archive_paths
from newscrawl.archive.ledger import LedgerReader, ledger_time
from newscrawl.request_kinds import ARTICLE, LISTING, REQUEST_KIND
from newscrawl.urls import article_key

logger = logging.getLogger(__name__)

#: ``Request.meta`` key carrying the number of consecutive known articles at the end of the previous page.
KNOWN_STREAK = "newscrawl_known_streak"


class _KnownRun:
    """Consecutive known articles in listing order: the current run and the longest one seen."""

    def __init__(self, start: int) -> None:
        self.current = start
        self.longest = start

    def see(self, known: bool) -> None:
        self.current = self.current + 1 if known else 0
        self.longest = max(self.longest, self.current)


class StopAfterKnownMiddleware:
    def __init__(self, crawler: Crawler, limit: int) -> None:
        self.crawler = crawler
        self.limit = limit
        archive_dir, _ = archive_paths(crawler.settings)
        self.ledger = LedgerReader(archive_dir / LEDGER_FILE)
        self.run_started = ledger_time()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StopAfterKnownMiddleware:
        limit = crawler.settings.getint("NEWSCRAWL_STOP_AFTER_KNOWN", 10)
        if limit <= 0:
            raise NotConfigured("NEWSCRAWL_STOP_AFTER_KNOWN is 0: listings are paged up to max_pages")
        if crawler.settings.getbool("NEWSCRAWL_SKIP_KNOWN"):
            # A resumed run must page past the articles the interrupted run archived to reach the ones it missed.
            raise NotConfigured("NEWSCRAWL_SKIP_KNOWN is on: listings are paged up to max_pages")
        middleware = cls(crawler, limit)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_opened(self) -> None:
        self.run_started = ledger_time()

    def spider_closed(self) -> None:
        self.ledger.close()

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        if not _is_listing(response):
            yield from result
            return
        run = _KnownRun(response.meta.get(KNOWN_STREAK, 0))
        held: list[Request] = []
        for element in result:
            if self._observe(element, run, held):
                yield element
        yield from self._release(response, run, held)

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        if not _is_listing(response):
            async for element in result:
                yield element
            return
        run = _KnownRun(response.meta.get(KNOWN_STREAK, 0))
        held: list[Request] = []
        async for element in result:
            if self._observe(element, run, held):
                yield element
        for request in self._release(response, run, held):
            yield request

    def _observe(self, element: Any, run: _KnownRun, held: list[Request]) -> bool:
        """Count an article request, hold back a listing request; True when the element passes on now."""
        if not isinstance(element, Request):
            return True
        kind = element.meta.get(REQUEST_KIND)
        if kind == LISTING:
            held.append(element)
            return False
        if kind == ARTICLE:
            run.see(self.ledger.held_before(article_key(element.url), self.run_started))
        return True

    def _release(self, response: Response, run: _KnownRun, held: list[Request]) -> list[Request]:
        if not held:
            return []
        if run.longest >= self.limit:
            logger.info(
                "Stopping pagination after %s: %d consecutive articles were already archived "
                "(NEWSCRAWL_STOP_AFTER_KNOWN=%d)", response.url, run.longest, self.limit,
            )
            if self.crawler.stats:
                self.crawler.stats.inc_value("newscrawl/listing_stopped_known")
            return []
        for request in held:
            request.meta[KNOWN_STREAK] = run.current
        return held


def _is_listing(response: Response) -> bool:
    try:
        return response.meta.get(REQUEST_KIND) == LISTING
    except AttributeError:  # a response built without a request (tests, Response objects from handlers)
        return False
