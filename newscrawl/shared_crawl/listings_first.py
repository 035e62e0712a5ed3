"""The shared crawl's spider middleware: listings before articles, so that the shared queue never runs dry."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request

from newscrawl.request_kinds import ARTICLE, REQUEST_KIND

LISTING_PRIORITY = 10


class ListingsFirstMiddleware:
    """Listing, feed, sitemap and discovery requests go before article requests in the shared queue."""

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            yield self._prioritised(output)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        for output in result:
            yield self._prioritised(output)

    @staticmethod
    def _prioritised(output: Any) -> Any:
        if isinstance(output, Request) and output.meta.get(REQUEST_KIND) != ARTICLE:
            return output.replace(priority=output.priority + LISTING_PRIORITY)
        return output
