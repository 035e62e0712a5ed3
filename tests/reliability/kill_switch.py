"""A test-only Scrapy extension that SIGKILLs its own crawl at a named point of the archive's write path.

Loaded with ``-s EXTENSIONS=...`` and armed with ``-s NEWSCRAWL_TEST_KILL_AT=<point>:<n>``: the process kills
itself with SIGKILL (no cleanup, no flush, no ``finally``) at the ``n``-th occurrence of the point in this run.
Production code holds no hook: the extension wraps the archive's real functions when the crawl starts, so the
write path under test is the one every crawl runs.

Points:

- ``article``: right after the ``n``-th article's ledger row is committed (``n`` articles archived in this run);
- ``post_write``: inside the ``n``-th post write, half of the temporary file written (``write_file_atomically``);
- ``post_rename``: the ``n``-th post's temporary file written and fsync'd, not yet renamed over the post;
- ``jsonl_append``: inside the ``n``-th JSON-lines append, half of the line written (``JsonLinesAppender``);
- ``ledger_commit``: inside the ``n``-th ledger transaction, the row inserted, before ``COMMIT``.
"""

from __future__ import annotations

import os
import signal
import sqlite3
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
        self.remaining -= 1
        return self.remaining == 0


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
        if self.point == "jsonl_append" and self.countdown.reached():
            os.write(descriptor, data[: len(data) // 2])
            os.fsync(descriptor)
            die()
        return os.write(descriptor, data)


class _KillingConnection:
    """Stands in for the ledger's SQLite connection: dies before the ``n``-th ``COMMIT``."""

    def __init__(self, connection: sqlite3.Connection, countdown: _Countdown) -> None:
        self.connection = connection
        self.countdown = countdown

    def execute(self, sql: str, *args: Any) -> sqlite3.Cursor:
        if sql == "COMMIT" and self.countdown.reached():
            die()
        return self.connection.execute(sql, *args)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.connection, name)


class KillSwitch:
    def __init__(self, point: str, occurrence: int) -> None:
        countdown = _Countdown(occurrence)
        if point in ("post_write", "post_rename", "jsonl_append"):
            files.os = _KillingOs(point, countdown)  # type: ignore[assignment]
        elif point == "ledger_commit":
            original_init = ledger.Ledger.__init__

            def init_with_trap(self: ledger.Ledger, path: Any) -> None:
                original_init(self, path)
                self.connection = _KillingConnection(self.connection, countdown)  # type: ignore[assignment]

            ledger.Ledger.__init__ = init_with_trap  # type: ignore[method-assign]
        elif point == "article":
            original_record = ledger.Ledger.record

            def record_then_die(self: ledger.Ledger, *args: Any, **kwargs: Any) -> None:
                original_record(self, *args, **kwargs)
                if countdown.reached():
                    die()

            ledger.Ledger.record = record_then_die  # type: ignore[method-assign]

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> KillSwitch:
        armed = crawler.settings.get(SETTING)
        if not armed:
            raise NotConfigured(f"{SETTING} is not set")
        point, _, occurrence = str(armed).partition(":")
        if point not in POINTS or not occurrence.isdigit() or int(occurrence) < 1:
            raise ValueError(f"{SETTING} must be <point>:<n> with a point of {POINTS}, got {armed!r}")
        return cls(point, int(occurrence))
