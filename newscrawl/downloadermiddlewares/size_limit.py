"""Responses over ``DOWNLOAD_MAXSIZE`` are failures named ``too_large``, whether the limit struck during the
download (a 50 MB page: Scrapy cancels it once the ``Content-Length`` or the bytes received pass the limit) or
during decompression (a gzip/deflate/brotli/zstd bomb: Scrapy decompresses chunk by chunk and stops at the limit).

Scrapy raises ``DownloadCancelledError`` in the first case, counted as a download exception of that name, and
``IgnoreRequest`` in the second, counted nowhere. Both end here as ``IgnoreRequest`` (never retried: the page
will not shrink), one WARNING line and the stat ``newscrawl/failed/too_large``, which the run report lists.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response

logger = logging.getLogger(__name__)

TOO_LARGE_STAT = "newscrawl/failed/too_large"


def _too_large(crawler: Crawler | None, request: Request, why: str) -> IgnoreRequest:
    if crawler is not None and crawler.stats is not None:
        crawler.stats.inc_value(TOO_LARGE_STAT)
    logger.warning("Gave up %s (too_large): %s", request.url, why)
    return IgnoreRequest(f"too_large: {request.url}")


class DownloadSizeLimitMiddleware:
    """Placed after ``DownloaderStats`` (850) in exception order, so a cancelled download is counted once, here."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadSizeLimitMiddleware:
        return cls(crawler)

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DownloadCancelledError):
            raise _too_large(self.crawler, request, f"body over DOWNLOAD_MAXSIZE ({self.max_size} bytes)")


class BoundedHttpCompressionMiddleware(HttpCompressionMiddleware):
    """Replaces ``scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware``."""

    crawler: Crawler | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> BoundedHttpCompressionMiddleware:
        middleware = super().from_crawler(crawler)
        middleware.crawler = crawler
        return middleware

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        try:
            return super().process_response(request, response)
        except IgnoreRequest as error:
            raise _too_large(self.crawler, request, str(error)) from error
