"""Scrapy's robots.txt middleware with RFC 9309's rule for an unreachable robots.txt: disallow the whole host.

Scrapy reads any robots.txt response as rules and treats a download error as "no robots.txt": a site whose
robots.txt answers 503 or times out is crawled as if it allowed everything. RFC 9309 §2.3.1.3-4 says otherwise:

- 2xx: the rules it holds;
- 4xx ("unavailable"): no rules, everything allowed; except 429 Too Many Requests, read (as Google does) as the
  server being overloaded, i.e. unreachable;
- 5xx, 429, or no response at all (connection refused, reset, timeout, after Scrapy's retries): unreachable, so
  the crawler MUST assume complete disallow. This middleware disallows the host for the rest of the run, logs one
  WARNING line, and counts ``newscrawl/robots_txt/unreachable``;
- 3xx: followed by the redirect middleware (``REDIRECT_MAX_TIMES``; the RFC asks for at least five hops).

Requests that robots.txt forbids are counted by Scrapy as ``robotstxt/forbidden``; the run report lists them
as ``refused/robots_txt``.
"""

from __future__ import annotations

import logging

from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Request, Response
from scrapy.utils.misc import build_from_crawler
from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

UNREACHABLE_STAT = "newscrawl/robots_txt/unreachable"
_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


def robots_status_class(status: int) -> str:
    """``rules``, ``unavailable`` (allow everything) or ``unreachable`` (disallow everything) for an HTTP status."""
    if status == 429 or status >= 500:
        return "unreachable"
    if status >= 400:
        return "unavailable"
    return "rules"


class Rfc9309RobotsTxtMiddleware(RobotsTxtMiddleware):
    """Replaces ``scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware``; same settings."""

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        kind = robots_status_class(response.status)
        if kind == "rules":
            await super()._parse_robots(response, netloc, request)
            return
        self._stats.inc_value("robotstxt/response_count")
        self._stats.inc_value(f"robotstxt/response_status_count/{response.status}")
        if kind == "unavailable":
            body = b""
        else:
            body = _DISALLOW_ALL
            self._unreachable(netloc, f"HTTP {response.status}")
        self._install(netloc, body)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            # Not a network error: a refused request or too many redirects ("MAY assume unavailable").
            super()._robots_error(exc, netloc)
            return
        key = f"robotstxt/exception_count/{type(exc)}"
        self._stats.inc_value(key)
        self._unreachable(netloc, type(exc).__name__)
        self._install(netloc, _DISALLOW_ALL)

    def _unreachable(self, netloc: str, why: str) -> None:
        self._stats.inc_value(UNREACHABLE_STAT)
        logger.warning("robots.txt of %s is unreachable (%s): nothing on that host is fetched (RFC 9309)",
                       netloc, why)

    def _install(self, netloc: str, body: bytes) -> None:
        parser = build_from_crawler(self._parserimpl, self.crawler, body)
        waiting = self._parsers[netloc]
        self._parsers[netloc] = parser
        if isinstance(waiting, Deferred):
            waiting.callback(parser)
