"""Scrapy's retry middleware, honouring ``Retry-After`` (RFC 9110 §10.2.3) on a retried 429 or 503 response.

The header gives seconds (``Retry-After: 120``) or an HTTP date (``Retry-After: Wed, 21 Oct 2026 07:28:00 GMT``).
The retry is sent no earlier than that, waiting at most ``NEWSCRAWL_RETRY_AFTER_MAX`` seconds (a site asking for
an hour must not hold a crawl for an hour; the retry budget, ``RETRY_TIMES``, still bounds the attempts). Without
the header, or on the last attempt, nothing waits. The wait holds the request, not the crawl: other requests go
on meanwhile.
"""

from __future__ import annotations

import logging
import time
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.task import deferLater

logger = logging.getLogger(__name__)

#: Statuses whose ``Retry-After`` is honoured (a 3xx's is about redirects, not retries).
RETRY_AFTER_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: bytes | str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delay-seconds or HTTP date); None when absent or unreadable,
    0 for a date in the past."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment is None:
        return None
    return max(0.0, moment.timestamp() - (time.time() if now is None else now))


class RetryAfterMiddleware(RetryMiddleware):
    """Replaces ``scrapy.downloadermiddlewares.retry.RetryMiddleware`` (same settings, plus
    ``NEWSCRAWL_RETRY_AFTER_MAX``)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler.settings)
        self.crawler = crawler
        self.max_wait = crawler.settings.getfloat("NEWSCRAWL_RETRY_AFTER_MAX", 60.0)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        retried = super().process_response(request, response)
        if not isinstance(retried, Request) or response.status not in RETRY_AFTER_STATUSES:
            return retried
        header = response.headers.get(b"Retry-After") or b""
        wanted = retry_after_seconds(header)
        if not wanted:
            return retried
        wait = min(wanted, self.max_wait)
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/retry_after/waits")
        logger.info("Retrying %s after %.1f s (Retry-After %s%s)", request.url, wait,
                    header.decode("latin-1"),
                    f", capped at NEWSCRAWL_RETRY_AFTER_MAX={self.max_wait:g}" if wanted > self.max_wait else "")
        from twisted.internet import reactor

        await maybe_deferred_to_future(deferLater(reactor, wait, lambda: None))
        return retried
