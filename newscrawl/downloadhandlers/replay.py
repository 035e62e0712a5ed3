"""Answer every http(s) request from recorded responses (``NEWSCRAWL_REPLAY_DIR``: JSON recordings, WARC and WACZ
files); never touch the network."""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.core.downloader.handlers.base import BaseDownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes

from newscrawl.warc.replay import ReplayRecordings

logger = logging.getLogger(__name__)


class MissingRecording(Exception):
    """A request has no recorded response; in replay mode it is never fetched live."""


class ReplayDownloadHandler(BaseDownloadHandler):
    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        folder = crawler.settings.get("NEWSCRAWL_REPLAY_DIR")
        if not folder:
            raise NotConfigured("NEWSCRAWL_REPLAY_DIR is not set")
        self.store = ReplayRecordings(folder)
        logger.info("Replaying %d recorded responses from %s; nothing is fetched live", len(self.store), folder)

    async def download_request(self, request: Request) -> Response:
        recording = self.store.find(request.method, request.url, request.body)
        stats = self.crawler.stats
        if recording is None:
            if request.url.endswith("/robots.txt"):
                # A recording set need not include robots.txt: answer as a site without one would.
                return Response(url=request.url, status=404, request=request)
            if stats:
                stats.inc_value("newscrawl/replay/missing")
            logger.error("No recording for %s %s in %s: not fetched (replay never goes live)",
                         request.method, request.url, self.store.folder)
            raise MissingRecording(f"no recording for {request.method} {request.url}")
        if stats:
            stats.inc_value("newscrawl/replay/answered")
        headers = Headers({name: values for name, values in recording.headers.items()})
        body = recording.body()
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        return response_class(url=request.url, status=recording.status, headers=headers, body=body, request=request)
