"""The archive's writer thread: saves in the order asked, several at once when they queue up, closed cleanly."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pytest

from newscrawl.archive.store import ArchiveStore, Outcome, SaveResult
from newscrawl.archive.writer_thread import ArchiveWriter
from newscrawl.items import Article

CATEGORIES = ["新媒体", "高科技行业门户", "新闻"]


def _article(number: int, title: str | None = None) -> Article:
    return Article(url=f"https://mp.ofweek.com/ev/a{number}", title=f"标题{number}" if title is None else title,
                   categories=list(CATEGORIES), date_published="2022-08-30T17:19:00+08:00", body_html="<p>正文</p>")


class _RecordingStore(ArchiveStore):
    """A real store that remembers how the writer handed it the articles, and can hold the writer back until
    ``release`` is set. Opened by the writer, in its thread, as the pipeline's is (SQLite wants that)."""

    def __init__(self, tmp_path: Path, release: threading.Event) -> None:
        super().__init__(tmp_path / "posts", jsonl_path=tmp_path / "articles.jsonl",
                         ledger_path=tmp_path / "ledger.sqlite3")
        self.batches: list[list[str]] = []
        self.release = release
        self.closed = False

    def save_many(self, articles):  # type: ignore[no-untyped-def]
        self.release.wait(10)
        self.batches.append([article.url for article in articles])
        return super().save_many(articles)

    def close(self) -> None:
        self.closed = True
        super().close()


def _writer(tmp_path: Path, release: threading.Event, **options: Any) -> tuple[ArchiveWriter, _RecordingStore]:
    writer = ArchiveWriter(lambda: _RecordingStore(tmp_path, release), **options)
    store = writer.opened.result(10)
    assert isinstance(store, _RecordingStore)
    return writer, store


def test_saves_asked_while_the_writer_is_busy_are_saved_together_in_order(tmp_path: Path) -> None:
    release = threading.Event()
    notified: list[list[Future[SaveResult]]] = []
    writer, store = _writer(tmp_path, release, max_batch=4, batch_seconds=0.0, on_batch_saved=notified.append)
    futures = [writer.save(_article(number)) for number in range(1, 8)]
    release.set()
    results = [future.result(10) for future in futures]
    writer.close()

    assert [result.outcome for result in results] == [Outcome.NEW] * 7
    assert [url for batch in store.batches for url in batch] == [f"https://mp.ofweek.com/ev/a{n}" for n in range(1, 8)]
    assert max(len(batch) for batch in store.batches) == 4  # the writer took what had queued, up to max_batch
    assert [len(batch) for batch in notified] == [len(batch) for batch in store.batches]  # one notice per batch
    assert store.closed


def test_the_writer_waits_for_a_batch_to_fill_but_not_past_close(tmp_path: Path) -> None:
    release = threading.Event()
    release.set()
    writer, store = _writer(tmp_path, release, max_batch=4, batch_seconds=30.0)
    first, second = writer.save(_article(1)), writer.save(_article(2))
    started = time.monotonic()
    writer.close()
    assert time.monotonic() - started < 10  # closing ends the 30 s wait for two more articles
    assert (first.result(0).outcome, second.result(0).outcome) == (Outcome.NEW, Outcome.NEW)
    assert store.batches == [["https://mp.ofweek.com/ev/a1", "https://mp.ofweek.com/ev/a2"]]


def test_each_article_gets_its_own_result_or_error(tmp_path: Path) -> None:
    release = threading.Event()
    writer, _ = _writer(tmp_path, release, max_batch=8, batch_seconds=0.0)
    good, unrenderable = writer.save(_article(1)), writer.save(_article(2, title=""))
    release.set()
    assert good.result(10).outcome is Outcome.NEW
    with pytest.raises(ValueError, match="no title"):
        unrenderable.result(10)
    writer.close()


def test_an_archive_that_cannot_be_opened_says_why(tmp_path: Path) -> None:
    def unopenable() -> ArchiveStore:
        raise PermissionError("archive folder is read-only")

    writer = ArchiveWriter(unopenable, max_batch=4, batch_seconds=0.0)
    with pytest.raises(PermissionError):
        writer.opened.result(10)
    writer.close()


def test_after_a_failed_batch_nothing_more_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The disk refused a batch: the saves asked afterwards fail with the same fault, without a write attempt."""
    import errno

    from newscrawl.archive.faults import ArchiveFault

    release = threading.Event()
    writer, store = _writer(tmp_path, release, max_batch=1, batch_seconds=0.0)

    def disk_full(*args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "posts" / "x.md"))

    monkeypatch.setattr("newscrawl.archive.store.write_temporary_files", disk_full)
    futures = [writer.save(_article(number)) for number in range(1, 5)]
    release.set()
    faults = []
    for future in futures:
        with pytest.raises(ArchiveFault) as raised:
            future.result(10)
        faults.append(raised.value)
    writer.close()
    assert len({id(fault) for fault in faults}) == 1  # one fault, seen by every save
    assert writer.fault is faults[0] and "No space left on device" in str(faults[0])
    assert store.batches == [["https://mp.ofweek.com/ev/a1"]]  # the first batch was tried, no other
