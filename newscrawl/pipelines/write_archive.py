"""Write each Article into the archive: its Hexo post, its JSON line, its ledger row (see archive/store.py).

The writes wait for the disk, so the archive is written by a thread of its own (``ArchiveWriter``, in
``newscrawl/archive/writer_thread.py``), in the order the articles arrive, in batches of up to half the pending
writes (``NEWSCRAWL_WRITE_BATCH_SECONDS``). At most ``NEWSCRAWL_PENDING_WRITES`` articles wait for it: the next
article blocks the reactor until the oldest is written, so a killed crawl loses no more than it would with writes in
the reactor thread plus that many, and memory stays bounded. The item's outcome (stats, drop of an unrenderable
record) is handled back in the reactor thread. ``close_spider`` waits for every pending write.

A write the archive cannot make (``ArchiveFault``: disk full, read-only, I/O error, the ledger locked or damaged)
stops the crawl: met while the store opens, the spider is closed before anything is fetched; met by a batch, the
writer writes nothing more (the saves still queued fail with the same fault, unattempted), the fault is logged
once (``report_archive_fault``) and the spider closed, so that only the requests already in flight complete. Their
articles, and those of the failed batch, are dropped as ``not_written`` and logged at DEBUG only.
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, wait
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl.archive.faults import ArchiveFault
from newscrawl.archive.layout import JSONL_FILE, LEDGER_FILE, archive_paths
from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor, PostImages, SaveResult
from newscrawl.archive.writer_thread import ArchiveWriter
from newscrawl.coordination import crawl_coordination
from newscrawl.extensions.run_report import NOT_WRITTEN, FaultMoment, report_archive_fault
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article

logger = logging.getLogger(__name__)

#: Articles that may wait for the writer thread before the next one blocks the reactor (``NEWSCRAWL_PENDING_WRITES``).
DEFAULT_PENDING_WRITES = 4
#: How long the writer waits for a batch to fill once its first article arrived (``NEWSCRAWL_WRITE_BATCH_SECONDS``).
DEFAULT_WRITE_BATCH_SECONDS = 0.05


class WriteArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.archive_dir, self.posts_dir = archive_paths(settings)
        self.post_author = PostAuthor(settings.get("NEWSCRAWL_POST_AUTHOR", "site"))
        self.post_images = PostImages(settings.get("NEWSCRAWL_POST_IMAGES", "remote"))
        self.image_url_prefix = settings.get("NEWSCRAWL_POST_IMAGES_URL", "/images/")
        self.max_pending = max(1, settings.getint("NEWSCRAWL_PENDING_WRITES", DEFAULT_PENDING_WRITES))
        self.batch_seconds = settings.getfloat("NEWSCRAWL_WRITE_BATCH_SECONDS", DEFAULT_WRITE_BATCH_SECONDS)
        if self.post_images is PostImages.LOCAL and not settings.getbool("NEWSCRAWL_IMAGES"):
            logger.warning("NEWSCRAWL_POST_IMAGES=local without NEWSCRAWL_IMAGES=1: no image is archived, "
                           "posts keep the remote image URLs")
        self.store: ArchiveStore | None = None
        self.writer: ArchiveWriter | None = None
        self.pending: deque[Future[SaveResult]] = deque()
        #: The items and deferreds of the saves asked and not yet handled back in the reactor thread.
        self.waiting: dict[Future[SaveResult], tuple[Article, Deferred[Any]]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WriteArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        from twisted.internet import reactor

        # Lines other processes of a shared crawl left without their ledger rows when they died.
        unrecorded = crawl_coordination(self.crawler).unrecorded_lines(self.crawler.spider)
        # Half the pending writes per batch: the reactor goes on queueing articles while a batch is written.
        self.writer = ArchiveWriter(
            self._open_store, max_batch=self.max_pending // 2, batch_seconds=self.batch_seconds,
            on_batch_saved=lambda futures: reactor.callFromThread(self._saved_batch, futures),
            unrecorded_since=unrecorded.take_offset if unrecorded is not None else None)
        try:
            self.store = self.writer.opened.result()
        except ArchiveFault as fault:
            self.writer.close()
            self.writer = None
            report_archive_fault(self.crawler, fault, moment=FaultMoment.OPENING)
            raise CloseSpider(fault.finish_reason) from None
        logger.info("Writing the archive to %s (posts in %s)", self.archive_dir, self.posts_dir)
        if self.store.recovered and self.stats:
            self.stats.set_value("newscrawl/articles/recovered", len(self.store.recovered))

    def _open_store(self) -> ArchiveStore:
        claimer = crawl_coordination(self.crawler).post_path_claimer(self.crawler.spider)
        return ArchiveStore(
            self.posts_dir,
            jsonl_path=self.archive_dir / JSONL_FILE,
            ledger_path=self.archive_dir / LEDGER_FILE,
            post_author=self.post_author,
            post_images=self.post_images,
            image_url_prefix=self.image_url_prefix,
            claim_post_path=claimer,
        )

    def close_spider(self) -> None:
        if self.writer is None:
            return
        writer, self.writer = self.writer, None
        writer.close()

    async def process_item(self, item: object) -> object:
        if not isinstance(item, Article) or self.store is None or self.writer is None:
            return item
        return await maybe_deferred_to_future(self._write(item))

    def _write(self, item: Article) -> Deferred[Any]:
        assert self.store is not None and self.writer is not None
        if self.writer.fault is not None:  # reported already; the spider is closing
            failed: Deferred[Any] = Deferred()
            failed.errback(drop_article(self.stats, NOT_WRITTEN, item.url, quiet=True))
            return failed
        while self.pending and self.pending[0].done():
            self.pending.popleft()
        while len(self.pending) >= self.max_pending:
            wait([self.pending.popleft()])  # back-pressure: the reactor waits for the oldest write
        future = self.writer.save(item)
        self.pending.append(future)
        result: Deferred[Any] = Deferred()
        # Handled by _saved_batch, which runs in this thread after this method returns (callFromThread).
        self.waiting[future] = (item, result)
        return result

    def _saved_batch(self, futures: list[Future[SaveResult]]) -> None:
        for future in futures:
            item, result = self.waiting.pop(future)
            self._saved(future, item, result)

    def _saved(self, done: Future[SaveResult], item: Article, result: Deferred[Any]) -> None:
        """Back in the reactor thread: count the outcome and pass the item on (or drop it)."""
        try:
            saved = done.result()
        except ValueError as error:
            result.errback(drop_article(self.stats, "unrenderable", item.url, str(error)))
            return
        except ArchiveFault as fault:
            report_archive_fault(self.crawler, fault, item.url)
            result.errback(drop_article(self.stats, NOT_WRITTEN, item.url, str(fault), quiet=True))
            return
        except Exception as error:
            result.errback(error)
            return
        if self.stats:
            self.stats.inc_value(f"newscrawl/articles/{saved.outcome.value}")
        if saved.outcome is not Outcome.UNCHANGED:
            logger.debug("%s post %s for %s", saved.outcome.value, saved.post_path, item.url)
        result.callback(item)
