"""Send every http(s) request to another origin (``NEWSCRAWL_ORIGIN_OVERRIDE``) with the real Host header.

A loopback server holding a recorded site answers for the real hosts while everything above the downloader
(robots.txt, redirects, encodings, extraction, the archive) sees the real URLs. Tests use it to crawl a
recorded portal over real HTTP; it also serves a staging mirror of a site.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response


class OriginOverrideDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        origin = crawler.settings.get("NEWSCRAWL_ORIGIN_OVERRIDE")
        if not origin:
            raise NotConfigured("NEWSCRAWL_ORIGIN_OVERRIDE is not set")
        parts = urlsplit(origin)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise NotConfigured(f"NEWSCRAWL_ORIGIN_OVERRIDE must be an http(s) origin, not {origin!r}")
        self.scheme, self.netloc = parts.scheme, parts.netloc
        self.http = HTTP11DownloadHandler(crawler)

    async def download_request(self, request: Request) -> Response:
        real = urlsplit(request.url)
        rerouted_url = urlunsplit((self.scheme, self.netloc, real.path or "/", real.query, ""))
        headers = request.headers.copy()
        headers[b"Host"] = real.netloc.encode("ascii")
        response = await self.http.download_request(request.replace(url=rerouted_url, headers=headers))
        return response.replace(url=request.url, request=request)

    async def close(self) -> None:
        await self.http.close()
