"""Write each Article into the archive: its Hexo post, its JSON line, its ledger row (see archive/store.py).

The writes wait for the disk (``fsync`` of the posts, their folder and the JSON-lines file): milliseconds each,
and as long as they block the reactor thread no page is parsed meanwhile. So the archive is written by one thread
of its own (``ArchiveWriter``), in the order the articles arrive. Once an article arrives it waits up to
``NEWSCRAWL_WRITE_BATCH_SECONDS`` for more, up to half of the pending writes, and saves them together
(``ArchiveStore.save_many``: one fsync of the JSON lines and of each folder, one ledger commit and one wake-up of
the reactor thread for all, in the order of writes a single save has; README "Performance and scale-out" has
the figures). At most ``NEWSCRAWL_PENDING_WRITES`` articles wait for it: the next article blocks the reactor until
the oldest is written, so a killed crawl loses no more than it would with writes in the reactor thread plus that
many, and memory stays bounded. The item's outcome (stats, drop of an unrenderable record) is handled back in the
reactor thread. ``close_spider`` waits for every pending write.

A write the archive cannot make (``ArchiveFault``: disk full, read-only, I/O error, the ledger locked or damaged)
stops the crawl: met while the store opens, the spider is closed before anything is fetched; met by a batch, the
writer writes nothing more (the saves still queued fail with the same fault, unattempted), the fault is logged
once (``report_archive_fault``) and the spider closed, so that only the requests already in flight complete. Their
articles, and those of the failed batch, are dropped as ``not_written`` and logged at DEBUG only.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, wait
from dataclasses import dataclass, field
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl.archive.faults import ArchiveFault
from newscrawl.archive.layout import JSONL_FILE, LEDGER_FILE, archive_paths
from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor, PostImages, SaveResult
from newscrawl.coordination import UnrecordedLines, crawl_coordination
from newscrawl.extensions.run_report import NOT_WRITTEN, FaultMoment, report_archive_fault
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article

__all__ = ["WriteArchivePipeline", "archive_paths"]

logger = logging.getLogger(__name__)

#: Articles that may wait for the writer thread before the next one blocks the reactor (``NEWSCRAWL_PENDING_WRITES``).
DEFAULT_PENDING_WRITES = 4
#: How long the writer waits for a batch to fill once its first article arrived (``NEWSCRAWL_WRITE_BATCH_SECONDS``).
DEFAULT_WRITE_BATCH_SECONDS = 0.05


class ArchiveWriter:
    """The thread that owns an ``ArchiveStore``: opens it, saves into it in the order asked, closes it.

    Saves are handed to the store together (``save_many``), up to ``max_batch``: after the first of a batch
    arrives the writer waits up to ``batch_seconds`` for more. Each save's future is settled, then
    ``on_batch_saved`` is called once with the batch's futures (one wake-up of the reactor per batch, not per
    article). Once a batch failed with an ``ArchiveFault`` (``fault``), nothing more is written: the saves asked
    afterwards fail with it at once.
    """

    def __init__(self, open_store: Callable[[], ArchiveStore], *, max_batch: int, batch_seconds: float,
                 on_batch_saved: Callable[[list[Future[SaveResult]]], None] | None = None,
                 unrecorded: UnrecordedLines | None = None) -> None:
        self.max_batch = max(1, max_batch)
        self.unrecorded = unrecorded
        self.batch_seconds = max(0.0, batch_seconds)
        self.on_batch_saved = on_batch_saved
        self.opened: Future[ArchiveStore] = Future()
        self.closed: Future[None] = Future()
        self.saves: queue.SimpleQueue[_Save | None] = queue.SimpleQueue()
        #: The fault that stopped the writes (set in the writer's thread, read in any).
        self.fault: ArchiveFault | None = None
        self.thread = threading.Thread(target=self._run, args=(open_store,), name="newscrawl-archive-writer",
                                       daemon=True)
        self.thread.start()

    def save(self, article: Article) -> Future[SaveResult]:
        save = _Save(article)
        self.saves.put(save)
        return save.future

    def close(self) -> None:
        """Save what was asked so far (no more waiting for a batch to fill), close the store (raising what closing
        it raised), end the thread."""
        self.saves.put(None)
        self.thread.join()
        self.closed.result()

    def _run(self, open_store: Callable[[], ArchiveStore]) -> None:
        if not _settle(self.opened, open_store):
            self.closed.set_result(None)
            return
        store = self.opened.result()
        stopping = False
        while not stopping:
            first = self.saves.get()
            if first is None:
                break
            batch = [first]
            deadline = time.monotonic() + self.batch_seconds
            while len(batch) < self.max_batch:
                try:
                    following = self.saves.get(timeout=max(0.0, deadline - time.monotonic()))
                except queue.Empty:
                    break
                if following is None:
                    stopping = True
                    break
                batch.append(following)
            if self.fault is None:
                self.fault = self._record_unrecorded_lines(store)
            if self.fault is None:
                self.fault = _save_batch(store, batch)
            else:
                for save in batch:
                    save.future.set_exception(self.fault)
            if self.on_batch_saved is not None:
                self.on_batch_saved([save.future for save in batch])
        if self.fault is None:
            self._record_unrecorded_lines(store)
        _settle(self.closed, store.close)

    def _record_unrecorded_lines(self, store: ArchiveStore) -> ArchiveFault | None:
        """Before writing more: record the lines another process that died left without their ledger rows (the
        same articles, delivered again, are then saved as unchanged, not written twice)."""
        offset = self.unrecorded.take_offset() if self.unrecorded is not None else None
        if offset is None:
            return None
        try:
            store.record_lines_since(offset)
        except ArchiveFault as fault:
            return fault
        return None


@dataclass
class _Save:
    article: Article
    future: Future[SaveResult] = field(default_factory=Future)


def _settle(future: Future[Any], call: Callable[[], Any]) -> bool:
    """Give ``future`` what ``call`` returns or raises; True when it returned."""
    try:
        future.set_result(call())
    except BaseException as error:  # handed to whoever waits for the future
        future.set_exception(error)
        return False
    return True


def _save_batch(store: ArchiveStore, batch: list[_Save]) -> ArchiveFault | None:
    """Save the batch and settle its futures; the fault that kept the batch from being written, if one did."""
    try:
        results = store.save_many([save.article for save in batch])
    except BaseException as error:  # a disk write of the batch failed: every article's error
        for save in batch:
            save.future.set_exception(error)
        return error if isinstance(error, ArchiveFault) else None
    for save, result in zip(batch, results, strict=True):
        if isinstance(result, Exception):
            save.future.set_exception(result)
        else:
            save.future.set_result(result)
    return None


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

        # Half the pending writes per batch: the reactor goes on queueing articles while a batch is written.
        self.writer = ArchiveWriter(
            self._open_store, max_batch=self.max_pending // 2, batch_seconds=self.batch_seconds,
            on_batch_saved=lambda futures: reactor.callFromThread(self._saved_batch, futures),
            unrecorded=crawl_coordination(self.crawler).unrecorded_lines(self.crawler.spider))
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
