"""Archiving the articles of WARC files through the crawl's own item pipelines: the base of ``scrapy reextract``
and ``scrapy crawl ccnews``.

The spider fetches nothing: its ``start()`` yields Articles, extracted from the response records of each WARC
file in turn, and Scrapy hands them to the item pipelines as it would a crawl's (normalised, validated, written:
a new article is a new post, a changed one an edit, an unchanged one writes nothing). A thread reads the records
(from a local file, or streamed over HTTP(S) and never stored), so that the reactor only extracts; at most
``CONCURRENT_ITEMS`` articles are in the pipelines at once.

A subclass may keep a state file (``state_path``): a WARC file is recorded there once all of its articles went
through the pipelines, and is skipped by the next run, which so resumes where a killed or stopped run left off
(the articles of a file it had half read are known to the ledger by then). Progress goes to the log after each file
and every ``NEWSCRAWL_WARC_PROGRESS_SECONDS``.
"""

from __future__ import annotations

import asyncio
import http.client
import json
import logging
import queue
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import scrapy
from scrapy import signals
from scrapy.crawler import Crawler

from newscrawl.archive.files import write_file_atomically
from newscrawl.archive.layout import LEDGER_FILE, archive_paths
from newscrawl.archive.ledger import LedgerReader
from newscrawl.extensions.run_report import ARCHIVE_FAULT_STAT
from newscrawl.items import Article
from newscrawl.urls import article_key
from newscrawl.warc.articles import RecordArticles
from newscrawl.warc.reader import ReadCounts, WarcResponse, open_warc, read_responses

logger = logging.getLogger(__name__)

#: Records handed from the reading thread to the reactor at once, and batches that may wait.
BATCH_RECORDS = 32
WAITING_BATCHES = 4
DEFAULT_PROGRESS_SECONDS = 60.0


class WarcArticlesSpider(scrapy.Spider):
    """Archive the article responses of WARC files. Subclasses say which files (``warc_sources``) and which
    URLs (``wanted_url``)."""

    #: Articles the ledger already holds are left out before extraction (a backfill), or extracted again to see
    #: what changed (a re-extraction).
    skip_known = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> WarcArticlesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        for signal in (signals.item_scraped, signals.item_dropped, signals.item_error):
            crawler.signals.connect(spider._item_done, signal=signal)
        crawler.signals.connect(spider._item_failed, signal=signals.item_error)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.in_pipelines = 0
        self.items_failed = 0
        self.closing = False
        self.files_done = 0
        self.files_total = 0
        self.counts = ReadCounts()
        self.articles_kept = 0
        self.source_failed = False
        self.started = self.last_progress = time.monotonic()

    # --- what subclasses say ---------------------------------------------------------------------------------

    def warc_sources(self) -> list[str]:
        """Local paths or http(s) URLs of the WARC files to read, in order (called in a thread)."""
        raise NotImplementedError

    def wanted_url(self, url: str) -> bool:
        """Whether a response record for this URL is read at all (the others are skipped unread)."""
        return True

    def find_page(self, url: str) -> WarcResponse | None:
        """The response record of a URL among the files (a story's next page), where they can be searched."""
        return None

    def state_path(self) -> Path | None:
        """Where the files done are recorded (None: every run reads every file)."""
        return None

    def source_name(self, source: str) -> str:
        """How a file is named in the state file and the log."""
        return source

    # --- the crawl -------------------------------------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        settings = self.crawler.settings
        self.item_limit = max(1, settings.getint("CONCURRENT_ITEMS", 10))
        self.progress_seconds = settings.getfloat("NEWSCRAWL_WARC_PROGRESS_SECONDS", DEFAULT_PROGRESS_SECONDS)
        archive_dir, _ = archive_paths(settings)
        self.ledger = LedgerReader(archive_dir / LEDGER_FILE) if self.skip_known else None
        self.articles = RecordArticles(self, self.find_page)
        self.started = self.last_progress = time.monotonic()
        try:
            sources = await asyncio.to_thread(self.warc_sources)
        except (OSError, ValueError, http.client.HTTPException) as error:
            self._count("newscrawl/failed/warc_list_unreadable")
            logger.error("%s: cannot read the list of WARC files: %s", self.name, error)
            return
        state = self._read_state()
        self.files_total = len(sources)
        for source in sources:
            name = self.source_name(source)
            if name in state:
                self.files_done += 1
                # Known articles: a rerun of a finished backfill has nothing left to do, and says so (exit 0).
                self._count("newscrawl/skipped/known", int(state[name].get("articles", 0)))
                self._count("newscrawl/warc/files_skipped_done")
                continue
            kept_before, records_before, failed_before = self.articles_kept, self.counts.records, self.items_failed
            self.source_failed = False
            async for article in self._articles_of(source):
                while self.in_pipelines >= self.item_limit:
                    await asyncio.sleep(0.005)
                self.in_pipelines += 1
                yield article
            while self.in_pipelines:
                await asyncio.sleep(0.005)
            if self.closing or self.crawler.stats.get_value(ARCHIVE_FAULT_STAT):
                return  # not recorded as done: the next run reads the file again
            if self.source_failed or self.items_failed > failed_before:
                continue  # idem (its articles written so far are known then); the next file may do better
            self.files_done += 1
            state[name] = {"records": self.counts.records - records_before,
                           "articles": self.articles_kept - kept_before,
                           "finished_at": datetime.now(UTC).isoformat(timespec="seconds")}
            self._write_state(state)
            self._log_progress(f"{name} done")

    async def _articles_of(self, source: str) -> AsyncIterator[Article]:
        batches: queue.Queue[list[WarcResponse] | BaseException | None] = queue.Queue(WAITING_BATCHES)
        stop = threading.Event()
        reader = threading.Thread(target=self._read, args=(source, batches, stop), name="newscrawl-warc-reader",
                                  daemon=True)
        reader.start()
        try:
            while True:
                batch = await asyncio.to_thread(self._next_batch, batches)
                if batch is None:
                    break
                if isinstance(batch, BaseException):
                    self.source_failed = True
                    self._count("newscrawl/warc/files_failed")
                    self._count("newscrawl/failed/warc_unreadable")
                    logger.error("Cannot read the WARC file %s: %s", self.source_name(source), batch)
                    break
                for record in batch:
                    article = self._article(record)
                    if article is not None:
                        self.articles_kept += 1
                        yield article
                if time.monotonic() - self.last_progress >= self.progress_seconds:
                    self._log_progress(f"reading {self.source_name(source)}")
        finally:
            stop.set()  # the reader gives up waiting for room in the queue

    def _next_batch(self, batches: queue.Queue[Any]) -> Any:
        """In a worker thread: the next batch, or None once the spider closes (a worker never waits forever, or
        the process could not exit)."""
        while True:
            try:
                return batches.get(timeout=0.5)
            except queue.Empty:
                if self.closing:
                    return None

    def _read(self, source: str, batches: queue.Queue[Any], stop: threading.Event) -> None:
        """In the reader thread: the file's wanted response records, in batches; None at the end."""
        try:
            with open_warc(source, self.crawler.settings.get("USER_AGENT") or "newscrawl") as stream:
                batch: list[WarcResponse] = []
                for record in read_responses(stream, wanted_url=self.wanted_url, counts=self.counts,
                                             source=self.source_name(source)):
                    batch.append(record)
                    if len(batch) >= BATCH_RECORDS:
                        if not _put(batches, batch, lambda: stop.is_set() or self.closing):
                            return
                        batch = []
                _put(batches, batch, lambda: stop.is_set() or self.closing)
        except (OSError, ValueError, http.client.HTTPException) as error:  # not found, refused, cut off
            _put(batches, error, lambda: stop.is_set() or self.closing)
            return
        _put(batches, None, lambda: stop.is_set() or self.closing)

    def _article(self, record: WarcResponse) -> Article | None:
        self._count("newscrawl/warc/responses_read")
        if self.ledger is not None:
            urls = dict.fromkeys([record.url, record.context.get("public_url") or record.url])
            if any(self.ledger.holds(article_key(url)) for url in urls):
                self._count("newscrawl/skipped/known")
                return None
        return self.articles.article(record)

    # --- bookkeeping -----------------------------------------------------------------------------------------

    def _item_done(self, item: Any) -> None:
        if isinstance(item, Article):
            self.in_pipelines = max(0, self.in_pipelines - 1)

    def _item_failed(self, item: Any) -> None:
        self.items_failed += 1

    def _closed(self) -> None:
        self.closing = True
        if self.ledger is not None:
            self.ledger.close()
        self._log_progress("closed")

    def _log_progress(self, moment: str) -> None:
        self.last_progress = time.monotonic()
        elapsed = max(self.last_progress - self.started, 1e-9)
        stats = self.crawler.stats
        written = sum(int(stats.get_value(f"newscrawl/articles/{outcome}", 0)) for outcome in ("new", "updated"))
        logger.info("%s: %d/%d WARC files done, %d records read (%d responses wanted), %d articles kept "
                    "(%d written new or changed), %.0f records/s, %.1f articles/s (%s)",
                    self.name, self.files_done, self.files_total, self.counts.records, self.counts.responses,
                    self.articles_kept, written, self.counts.records / elapsed, self.articles_kept / elapsed,
                    moment)

    def _count(self, key: str, count: int = 1) -> None:
        if self.crawler.stats is not None and count:
            self.crawler.stats.inc_value(key, count)

    def _read_state(self) -> dict[str, dict[str, Any]]:
        path = self.state_path()
        if path is None or not path.is_file():
            return {}
        data = json.loads(path.read_text(encoding="utf-8"))
        done = data.get("done") if isinstance(data, dict) else None
        return done if isinstance(done, dict) else {}

    def _write_state(self, done: dict[str, dict[str, Any]]) -> None:
        path = self.state_path()
        if path is None:
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps({"spider": self.name, "done": done}, ensure_ascii=False, indent=1, sort_keys=True)
        write_file_atomically(path, (text + "\n").encode("utf-8"))


def _put(batches: queue.Queue[Any], value: Any, stopping: Callable[[], bool]) -> bool:
    """Put into the bounded queue, giving up when the spider is closing (nobody reads any more)."""
    while not stopping():
        try:
            batches.put(value, timeout=0.5)
            return True
        except queue.Full:
            continue
    return False


def local_warc_files(paths: list[str]) -> Iterator[str]:
    """The WARC files named, folders replaced by the WARC files they hold (sorted)."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from (str(found) for found in sorted(path.rglob("*"))
                        if found.is_file() and found.name.endswith((".warc", ".warc.gz", ".warc.gz.open")))
        else:
            yield given
