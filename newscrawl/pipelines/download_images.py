"""Archive each article's body images (``NEWSCRAWL_IMAGES=1``) into ``<archive>/images/``, one file per content.

Built on Scrapy's ``FilesPipeline`` rather than ``ImagesPipeline``: an archive keeps the bytes as served, while
``ImagesPipeline`` re-encodes every image to JPEG (losing transparency, animation, WebP/SVG) and needs Pillow.
``FilesPipeline`` brings the media machinery (download through the engine with robots.txt, retries, politeness
and replay; one download per URL per run; the store protocol) and stays free of new dependencies.

What differs from ``FilesPipeline``:

- requests carry the article URL as ``Referer`` (portals refuse hotlinked images) and may leave the portal's
  domains (images live on CDNs);
- the stored path is derived from the SHA-256 of the bytes, not from the URL (``archive/images.py``): two URLs
  serving the same bytes give one file. So the path is only known once the bytes are: an image is downloaded
  unless the ledger's ``images`` table says this URL was stored before and the file is still there;
- files are written atomically (``ContentAddressedFilesStore``) and the ledger row only after the file;
- an image that cannot be downloaded is counted (``newscrawl/images/failed/<reason>``: ``http_404``,
  ``download/TimeoutError``, ``no_recording``…) and logged once as a warning, and the article goes on without
  it. The failure is a result (``status`` ``failed/<reason>``), not an exception: the media pipeline logs every
  exception as an ERROR with its traceback, which is not what a missing image deserves;
- ``Article.image_files`` lists what was archived, for the JSON line and for posts with local images;
- a write the archive cannot make (the image file or its ledger row: disk full, read-only, I/O error, the ledger
  locked or damaged) is an ``ArchiveFault``, which stops the crawl (``report_archive_fault``) rather than
  counting a missing image.

It runs before the archive writer (item pipelines run in order), so the writer sees ``image_files``. With
``NEWSCRAWL_IMAGES`` off the pipeline raises ``NotConfigured`` and no media pipeline exists at all.
"""

from __future__ import annotations

import hashlib
import logging
from io import BytesIO
from pathlib import Path
from typing import Any, ClassVar

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, NotConfigured
from scrapy.http import Response
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesPipeline, FilesStoreProtocol
from scrapy.pipelines.media import FileException, FileInfo, FileInfoOrError, MediaPipeline
from twisted.internet import defer
from twisted.python.failure import Failure

from newscrawl.archive.faults import ArchiveFault, faults_named
from newscrawl.archive.files import probe_writable
from newscrawl.archive.images import IMAGES_FOLDER, ContentAddressedFilesStore, image_path
from newscrawl.archive.layout import JSONL_FILE, LEDGER_FILE, archive_paths
from newscrawl.archive.ledger import ImageEntry, Ledger, ledger_time, refuse_a_lost_ledger
from newscrawl.extensions.run_report import FaultMoment, report_archive_fault
from newscrawl.items import Article

logger = logging.getLogger(__name__)


def image_failure_reason(exception: BaseException | None) -> str:
    """The report's name for a failed image download (the same names the run report gives page failures)."""
    if isinstance(exception, FileException):
        return "not_stored"  # the bytes arrived but could not be written
    name = type(exception).__name__
    return "no_recording" if name == "MissingRecording" else f"download/{name}"


def _image_urls(article: Article) -> list[str]:
    return [url for url in dict.fromkeys(article.images) if url.startswith(("http://", "https://"))]


class DownloadImagesPipeline(FilesPipeline):
    MEDIA_NAME = "image"
    LOG_FAILED_RESULTS = False  # each failure is logged once, with its reason, by this class
    STORE_SCHEMES: ClassVar[dict[str, type[FilesStoreProtocol]]] = {
        **FilesPipeline.STORE_SCHEMES, "": ContentAddressedFilesStore, "file": ContentAddressedFilesStore,
    }

    def __init__(self, store_uri: str, *, crawler: Crawler) -> None:
        super().__init__(store_uri, crawler=crawler)
        self.archive_dir = Path(store_uri)
        self.ledger: Ledger | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DownloadImagesPipeline:
        if not crawler.settings.getbool("NEWSCRAWL_IMAGES"):
            raise NotConfigured("NEWSCRAWL_IMAGES is off: no image is archived")
        archive_dir, _ = archive_paths(crawler.settings)
        return cls(str(archive_dir), crawler=crawler)

    def open_spider(self, spider: Any = None) -> None:
        super().open_spider()
        try:
            with faults_named(self.archive_dir / LEDGER_FILE):
                probe_writable(self.archive_dir / IMAGES_FOLDER)
                refuse_a_lost_ledger(self.archive_dir / LEDGER_FILE, self.archive_dir / JSONL_FILE)
                self.ledger = Ledger(self.archive_dir / LEDGER_FILE)
        except ArchiveFault as fault:
            report_archive_fault(self.crawler, fault, moment=FaultMoment.OPENING)
            raise CloseSpider(fault.finish_reason) from None
        logger.info("Archiving body images into %s", self.archive_dir / "images")

    def close_spider(self) -> None:
        if self.ledger is not None:
            self.ledger.close()
            self.ledger = None

    def get_media_requests(self, item: Any, info: MediaPipeline.SpiderInfo) -> list[Request]:
        if not isinstance(item, Article):
            return []
        return [Request(url, headers={"Referer": item.url}, meta={"allow_offsite": True}, callback=NO_CALLBACK)
                for url in _image_urls(item)]

    def media_to_download(
        self, request: Request, info: MediaPipeline.SpiderInfo, *, item: Any = None
    ) -> defer.Deferred[FileInfo | None]:
        known = self.ledger.image(request.url) if self.ledger else None
        if known is None or not (self.archive_dir / known.path).is_file():
            return defer.succeed(None)
        self._count("newscrawl/images/already_archived")
        return defer.succeed({"url": request.url, "path": known.path, "checksum": known.sha256, "status": "uptodate"})

    async def media_downloaded(
        self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, *, item: Any = None
    ) -> FileInfo:
        if response.status != 200:
            return self._failed(f"http_{response.status}", request)
        if not response.body:
            return self._failed("empty", request)
        try:
            with faults_named(self.archive_dir / LEDGER_FILE):
                stored = self._store(response, request, info, item)
                if self.ledger is not None:
                    entry = ImageEntry(request.url, stored["checksum"] or "", stored["path"])
                    self.ledger.record_image(entry, ledger_time())
        except ArchiveFault as fault:
            referer = request.headers.get("Referer")
            report_archive_fault(self.crawler, fault, referer.decode("latin-1") if referer else None)
            return self._failed("not_stored", request, log=False)
        return stored

    def _store(self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, item: Any) -> FileInfo:
        """``FilesPipeline.media_downloaded`` once the response is known good, without its handling of a failed
        write (an ERROR line with a traceback, the image counted as failed): here that is the archive's fault."""
        status = "cached" if "cached" in response.flags else "downloaded"
        self.inc_stats(status)
        path = self.file_path(request, response=response, info=info, item=item)
        checksum = self.file_downloaded(response, request, info, item=item)
        return {"url": request.url, "path": path, "checksum": checksum, "status": status}

    def media_failed(self, failure: Failure, request: Request, info: MediaPipeline.SpiderInfo) -> Any:
        return self._failed(image_failure_reason(failure.value), request)

    def file_path(
        self, request: Request, response: Response | None = None, info: MediaPipeline.SpiderInfo | None = None,
        *, item: Any = None,
    ) -> str:
        if response is None:
            raise ValueError("archived images are named by their content: no path before the bytes are known")
        content_type = response.headers.get("Content-Type")
        return str(image_path(response.body, content_type.decode("latin-1") if content_type else None, request.url))

    def file_downloaded(
        self, response: Response, request: Request, info: MediaPipeline.SpiderInfo, *, item: Any = None
    ) -> str:
        path = self.file_path(request, response=response, info=info, item=item)
        already_there = (self.archive_dir / path).is_file()
        self.store.persist_file(path, BytesIO(response.body), info)
        self._count("newscrawl/images/deduplicated" if already_there else "newscrawl/images/stored")
        return hashlib.sha256(response.body).hexdigest()

    def item_completed(
        self, results: list[FileInfoOrError], item: Any, info: MediaPipeline.SpiderInfo
    ) -> Any:
        if isinstance(item, Article):
            item.image_files = [
                {"url": url, "path": result["path"], "sha256": result["checksum"] or ""}
                for url, (ok, result) in zip(_image_urls(item), results, strict=True)
                if ok and isinstance(result, dict) and not result["status"].startswith("failed/")
            ]
        return item

    def _failed(self, reason: str, request: Request, *, log: bool = True) -> FileInfo:
        self._count(f"newscrawl/images/failed/{reason}")
        referer = request.headers.get("Referer")
        if log:
            logger.warning("Image not archived (%s): %s in %s", reason, request.url,
                           referer.decode("latin-1") if referer else "?")
        return {"url": request.url, "path": "", "checksum": None, "status": f"failed/{reason}"}

    def _count(self, stat: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(stat)
