"""Skip the articles the archive already holds (``NEWSCRAWL_SKIP_KNOWN=1``): resume a crawl that was interrupted.

A run fetches every listed article by default, known ones included, so that edits are seen. A run resuming a
crawl that was killed or stopped (a long first crawl of a site, ``max_pages`` high) needs only what is missing:
with this setting the article requests of any spider whose article the ledger knows (under the request URL's key,
or the public URL a portal listed, as a key or an alias) are dropped before they are scheduled, counted as
``newscrawl/skipped/known``. Listings are read again (they are few, and they are where the missing articles are
found). Stopping pagination after known articles (``NEWSCRAWL_STOP_AFTER_KNOWN``) is off in such a run: the
articles a killed run missed are further down the listing than the ones it archived.

Nothing is saved about the interrupted run itself: the ledger, which the archive writer commits after every
article's files, is the record of what is done. So a resumed run re-fetches only the articles that were in flight
when the previous run died (at most ``CONCURRENT_REQUESTS`` downloads, plus responses not yet written).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from newscrawl.archive.layout import LEDGER_FILE, archive_paths
from newscrawl.archive.ledger import LedgerReader
from newscrawl.request_kinds import ARTICLE, REQUEST_KIND
from newscrawl.urls import article_key

#: ``cb_kwargs`` key under which portal spiders pass the article's public URL (when it is fetched from an API).
PUBLIC_URL = "public_url"


class SkipKnownArticlesMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        archive_dir, _ = archive_paths(crawler.settings)
        self.ledger = LedgerReader(archive_dir / LEDGER_FILE)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SkipKnownArticlesMiddleware:
        if not crawler.settings.getbool("NEWSCRAWL_SKIP_KNOWN"):
            raise NotConfigured("NEWSCRAWL_SKIP_KNOWN is off: known articles are fetched again to see edits")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_closed, signal=signals.spider_closed)
        return middleware

    def spider_closed(self) -> None:
        self.ledger.close()

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterable[Any]:
        for element in result:
            if not self._known(element):
                yield element

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for element in result:
            if not self._known(element):
                yield element

    def _known(self, element: Any) -> bool:
        if not isinstance(element, Request) or element.meta.get(REQUEST_KIND) != ARTICLE:
            return False
        urls = [element.url, element.cb_kwargs.get(PUBLIC_URL) or element.url]
        if not any(self.ledger.holds(article_key(url)) for url in dict.fromkeys(urls)):
            return False
        if self.crawler.stats:
            self.crawler.stats.inc_value("newscrawl/skipped/known")
        return True
