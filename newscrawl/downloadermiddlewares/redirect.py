"""Scrapy's redirect middlewares (``Location`` and ``<meta http-equiv=refresh>``), with loops and over-long chains
reported instead of dropped in silence.

Scrapy ends a redirect loop because its duplicate filter drops the request that comes back to a URL it has seen,
and an over-long chain at ``REDIRECT_MAX_TIMES`` hops; both are logged at DEBUG and vanish from the run's
accounts. Here a redirect to a URL already in the chain stops at once (``newscrawl/failed/redirect_loop``), a
chain longer than ``REDIRECT_MAX_TIMES`` stops at the limit (``newscrawl/failed/too_many_redirects``), each with
a WARNING line naming the chain; the run report lists both among the failures.
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import BaseRedirectMiddleware, MetaRefreshMiddleware, RedirectMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from w3lib.url import canonicalize_url

logger = logging.getLogger(__name__)

FAILED_STAT = "newscrawl/failed/{reason}"


def _chain(request: Request) -> list[str]:
    return [*request.meta.get("redirect_urls", []), request.url]


class _ReportedRedirects(BaseRedirectMiddleware):
    def _build_redirect_request(self, source_request: Request, response: Response, *, url: str,
                                **kwargs: Any) -> Request:
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            # Scrapy cannot build a request of "javascript:…" and raises: an article whose head refreshes there
            # was lost. A request of a scheme the middlewares never follow makes them keep the response, as
            # they do for file: or data: targets.
            logger.debug("Not following a redirect of %s to %.80s", source_request.url, url)
            return source_request.replace(url="about:blank")
        return super()._build_redirect_request(source_request, response, url=url, **kwargs)

    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = _chain(request)
        if canonicalize_url(redirected.url) in {canonicalize_url(url) for url in chain}:
            self._stop("redirect_loop", [*chain, redirected.url])
        try:
            return super()._redirect(redirected, request, reason)
        except IgnoreRequest:
            self._stop("too_many_redirects", [*chain, redirected.url])
            raise

    def _stop(self, reason: str, chain: list[str]) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(FAILED_STAT.format(reason=reason))
        logger.warning("Stopped following redirects (%s) of %s after %d hops: %s", reason, chain[0],
                       len(chain) - 1, " -> ".join(chain))
        raise IgnoreRequest(f"{reason}: {chain[0]}")


class ReportedRedirectMiddleware(_ReportedRedirects, RedirectMiddleware):
    """Replaces ``scrapy.downloadermiddlewares.redirect.RedirectMiddleware``."""


class ReportedMetaRefreshMiddleware(_ReportedRedirects, MetaRefreshMiddleware):
    """Replaces ``scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware``."""
