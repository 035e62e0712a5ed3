"""Write each Article into the archive: its Hexo post, its JSON line, its ledger row (see archive/store.py).

The writes wait for the disk (``fsync`` of the post, its folder and the JSON-lines file): milliseconds each, and
as long as they block the reactor thread no page is parsed meanwhile. So the archive is written by one thread
of its own, article after article in the order they arrive (the order of writes inside one save, and from one
save to the next, is exactly that of a single-threaded writer; ``ArchiveStore`` is opened, used and closed in
that thread only). At most ``NEWSCRAWL_PENDING_WRITES`` articles wait for it: the next article blocks the reactor
until the oldest is written, so a killed crawl loses no more than it would with writes in the reactor thread
plus that many, and memory stays bounded. The item's outcome (stats, drop of an unrenderable record) is handled
back in the reactor thread. ``close_spider`` waits for every pending write.
"""

from __future__ import annotations

import logging
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any

from scrapy.crawler import Crawler
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred

from newscrawl.archive.layout import JSONL_FILE, LEDGER_FILE, archive_paths
from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor, PostImages, SaveResult
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article

__all__ = ["WriteArchivePipeline", "archive_paths"]

logger = logging.getLogger(__name__)

#: Articles that may wait for the writer thread before the next one blocks the reactor (``NEWSCRAWL_PENDING_WRITES``).
DEFAULT_PENDING_WRITES = 2


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
        if self.post_images is PostImages.LOCAL and not settings.getbool("NEWSCRAWL_IMAGES"):
            logger.warning("NEWSCRAWL_POST_IMAGES=local without NEWSCRAWL_IMAGES=1: no image is archived, "
                           "posts keep the remote image URLs")
        self.store: ArchiveStore | None = None
        self.writer: ThreadPoolExecutor | None = None
        self.pending: deque[Future[SaveResult]] = deque()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WriteArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newscrawl-archive-writer")
        self.store = self.writer.submit(self._open_store).result()
        logger.info("Writing the archive to %s (posts in %s)", self.archive_dir, self.posts_dir)
        if self.store.recovered and self.stats:
            self.stats.set_value("newscrawl/articles/recovered", len(self.store.recovered))

    def _open_store(self) -> ArchiveStore:
        from newscrawl.redis_cluster import post_path_claimer, redis_url

        claimer = None
        if redis_url(self.crawler.settings) and self.crawler.spider is not None:
            claimer = post_path_claimer(self.crawler, self.crawler.spider)
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
        if self.store is not None:
            self.writer.submit(self.store.close).result()
        self.writer.shutdown(wait=True)
        self.writer = None

    async def process_item(self, item: object) -> object:
        if not isinstance(item, Article) or self.store is None or self.writer is None:
            return item
        return await maybe_deferred_to_future(self._write(item))

    def _write(self, item: Article) -> Deferred[Any]:
        assert self.store is not None and self.writer is not None
        while self.pending and self.pending[0].done():
            self.pending.popleft()
        while len(self.pending) >= self.max_pending:
            wait([self.pending.popleft()])  # back-pressure: the reactor waits for the oldest write
        from twisted.internet import reactor

        future = self.writer.submit(self.store.save, item)
        self.pending.append(future)
        result: Deferred[Any] = Deferred()
        future.add_done_callback(
            lambda done: reactor.callFromThread(self._saved, done, item, result))
        return result

    def _saved(self, done: Future[SaveResult], item: Article, result: Deferred[Any]) -> None:
        """Back in the reactor thread: count the outcome and pass the item on (or drop it)."""
        try:
            saved = done.result()
        except ValueError as error:
            result.errback(drop_article(self.stats, "unrenderable", item.url, str(error)))
            return
        except Exception as error:
            result.errback(error)
            return
        if self.stats:
            self.stats.inc_value(f"newscrawl/articles/{saved.outcome.value}")
        if saved.outcome is not Outcome.UNCHANGED:
            logger.debug("%s post %s for %s", saved.outcome.value, saved.post_path, item.url)
        result.callback(item)
