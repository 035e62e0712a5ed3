"""The archive's writer thread: it owns an ``ArchiveStore`` and saves the articles handed to it, in order, in batches.

The writes wait for the disk (``fsync`` of the posts, their folder and the JSON-lines file), and as long as they
block the reactor thread no page is parsed meanwhile; so they happen here. Once an article arrives the writer waits
up to ``batch_seconds`` for more, up to ``max_batch``, and saves them together (``ArchiveStore.save_many``: one
fsync of the JSON lines and of each folder, one ledger commit and one wake-up of the reactor thread for all, in the
order of writes a single save has; the README's "Performance and scale-out" has the measurements). The Scrapy side
(back-pressure, stats, drops) is ``newscrawl/pipelines/write_archive.py``.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from newscrawl.archive.faults import ArchiveFault
from newscrawl.archive.store import ArchiveStore, SaveResult
from newscrawl.items import Article


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
                 unrecorded_since: Callable[[], int | None] | None = None) -> None:
        #: Where other processes writing this archive that died may have left lines without ledger rows (asked
        #: before each batch and before closing: ``newscrawl.coordination.UnrecordedLines.take_offset``).
        self.unrecorded_since = unrecorded_since
        self.max_batch = max(1, max_batch)
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
        offset = self.unrecorded_since() if self.unrecorded_since is not None else None
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
