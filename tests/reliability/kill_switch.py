"""A test-only Scrapy extension that SIGKILLs its own crawl at a named point of the archive's write path.

Loaded with ``-s EXTENSIONS=...`` and armed with ``-s NEWSCRAWL_TEST_KILL_AT=<point>:<n>``: the process kills
itself with SIGKILL (no cleanup, no flush, no ``finally``) at the ``n``-th occurrence of the point in this run.
Production code holds no hook: the extension wraps the archive's real functions when the crawl starts, so the
write path under test is the one every crawl runs.

Points:

- ``article``: right after the commit of the ledger transaction that holds the ``n``-th article's row of this run
  (``n`` articles archived, or a few more: a transaction holds the rows of the articles saved together);
- ``post_write``: inside the ``n``-th post write, half of the temporary file written (``write_file_atomically``);
- ``post_rename``: the ``n``-th post's temporary file written and fsync'd and its JSON line appended, the post not yet
  renamed into place;
- ``jsonl_append``: inside the JSON-lines append of the ``n``-th line, its last line half written
  (``JsonLinesAppender``: the lines of the articles saved together are one write);
- ``ledger_commit``: inside the ledger transaction that holds the ``n``-th row, its rows inserted, before
  ``COMMIT``.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
from collections.abc import Iterator
from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.archive import files, ledger

SETTING = "NEWSCRAWL_TEST_KILL_AT"
POINTS = ("article", "post_write", "post_rename", "jsonl_append", "ledger_commit")


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


class _Countdown:
    def __init__(self, target: int) -> None:
        self.remaining = target

    def reached(self) -> bool:
        """Count one occurrence; True at the ``target``-th."""
        return self.passed(1)

    def passed(self, occurrences: int) -> bool:
        """Count ``occurrences`` at once (the lines of one write, the rows of one transaction); True when they
        reach the ``target``-th, once."""
        if self.remaining <= 0:
            return False
        self.remaining -= occurrences
        return self.remaining <= 0


class _HalfWrittenFile:
    """A file object whose ``write`` writes half of the data, flushes it to the disk and dies."""

    def __init__(self, handle: Any) -> None:
        self.handle = handle

    def __enter__(self) -> _HalfWrittenFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        os.fsync(self.handle.fileno())
        die()
        return 0  # pragma: no cover - never reached

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


class _KillingOs:
    """Stands in for the ``os`` module inside ``newscrawl.archive.files``; every other name is the real one."""

    def __init__(self, point: str, countdown: _Countdown) -> None:
        self.point = point
        self.countdown = countdown

    def __getattr__(self, name: str) -> Any:
        return getattr(os, name)

    def fdopen(self, descriptor: int, *args: Any, **kwargs: Any) -> Any:
        handle = os.fdopen(descriptor, *args, **kwargs)
        if self.point == "post_write" and self.countdown.reached():
            return _HalfWrittenFile(handle)
        return handle

    def replace(self, source: Any, target: Any) -> None:
        if self.point == "post_rename" and str(target).endswith(".md") and self.countdown.reached():
            die()
        os.replace(source, target)

    def write(self, descriptor: int, data: bytes) -> int:
        if self.point == "jsonl_append" and self.countdown.passed(data.count(b"\n")):
            last_line_start = data.rfind(b"\n", 0, len(data) - 1) + 1
            os.write(descriptor, data[: last_line_start + (len(data) - last_line_start) // 2])
            os.fsync(descriptor)
            die()
        return os.write(descriptor, data)


class _KillingConnection:
    """Stands in for the ledger's SQLite connection: dies before the ``COMMIT`` of the ``n``-th row."""

    def __init__(self, connection: sqlite3.Connection, rows: _RowCount) -> None:
        self.connection = connection
        self.rows = rows

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "COMMIT" and self.rows.reached_target():
            die()
        return self.connection.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


class _RowCount:
    """Counts the article rows this run's ledger transactions wrote (``Ledger.record``, committed or not)."""

    def __init__(self, target: int) -> None:
        self.target = target
        self.rows = 0
        original_record = ledger.Ledger.record

        def record_counted(ledger_self: ledger.Ledger, *args: Any, **kwargs: Any) -> None:
            original_record(ledger_self, *args, **kwargs)
            self.rows += 1

        ledger.Ledger.record = record_counted  # type: ignore[method-assign]

    def reached_target(self) -> bool:
        return self.rows >= self.target


class KillSwitch:
    def __init__(self, point: str, occurrence: int) -> None:
        countdown = _Countdown(occurrence)
        if point in ("post_write", "post_rename", "jsonl_append"):
            files.os = _KillingOs(point, countdown)  # type: ignore[assignment]
        elif point == "ledger_commit":
            rows = _RowCount(occurrence)
            original_init = ledger.Ledger.__init__

            def init_with_trap(self: ledger.Ledger, path: Any) -> None:
                original_init(self, path)
                self.connection = _KillingConnection(self.connection, rows)  # type: ignore[assignment]

            ledger.Ledger.__init__ = init_with_trap  # type: ignore[method-assign]
        elif point == "article":
            rows = _RowCount(occurrence)
            original_transaction = ledger.Ledger.transaction

            @contextlib.contextmanager
            def transaction_then_die(self: ledger.Ledger) -> Iterator[None]:
                outermost = not self.connection.in_transaction
                with original_transaction(self):
                    yield
                if outermost and rows.reached_target():
                    die()

            ledger.Ledger.transaction = transaction_then_die  # type: ignore[method-assign,assignment]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KillSwitch:
        armed = crawler.settings.get(SETTING)
        if not armed:
            raise NotConfigured(f"{SETTING} is not set")
        point, _, occurrence = str(armed).partition(":")
        if point not in POINTS or not occurrence.isdigit() or int(occurrence) < 1:
            raise ValueError(f"{SETTING} must be <point>:<n> with a point of {POINTS}, got {armed!r}")
        return cls(point, int(occurrence))
