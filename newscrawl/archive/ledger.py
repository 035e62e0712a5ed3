"""The ledger: what the archive holds, per article, across runs (SQLite inside the archive folder).

One row per article, keyed by its normalised URL: where its post lives and the hash of the content last written.
It is what makes a second identical run write nothing and keeps an article in the same file forever.

An article can be reached under several keys (its canonical URL, the URL it was fetched from, the mobile
page...): ``article_aliases`` maps every key seen to the article's row, so a page that starts or stops naming a
canonical URL stays the same article. ``images`` remembers which image URL gave which stored file, so a later
run does not download it again.

``archive_state`` holds ``jsonl_recorded_end``: the size of ``articles.jsonl`` up to which every line is
recorded here, moved in the same transaction as the row of the article whose line ends there. A line beyond it
was appended by a run killed before its ledger row (see ``ArchiveStore``).

Writers: the archive pipeline (articles) and the image pipeline (images), each with its own connection; SQLite's
WAL journal lets readers (``LedgerReader``: the spider middlewares that stop pagination or skip known articles)
see every committed row without ever writing.

The ledger holds nothing the JSON lines do not (but aliases seen for unchanged articles and the images' index):
a damaged one is rebuilt from them by ``scrapy archive repair`` (``newscrawl/archive/repair.py``).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.archive.faults import ArchiveFault, FaultKind
from newscrawl.archive.files import named

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_key TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    post_path TEXT NOT NULL UNIQUE,
    content_hash TEXT NOT NULL,
    versions INTEGER NOT NULL DEFAULT 1,
    first_written TEXT NOT NULL,
    last_written TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS article_aliases (
    alias_key TEXT PRIMARY KEY,
    article_key TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL,
    path TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS archive_state (
    name TEXT PRIMARY KEY,
    value INTEGER NOT NULL
);
"""
JSONL_RECORDED_END = "jsonl_recorded_end"
#: How long opening a ledger retries when another process holds it while setting it up.
_SETUP_SECONDS = 10.0

_ENTRY_COLUMNS = "articles.article_key, articles.url, post_path, content_hash, versions"


def ledger_time() -> str:
    """Now, as the ledger writes times: ISO 8601 UTC with microseconds. Seconds would not do: "first written before
    this run started" must hold for the rows of a run that ended within the same second (scheduled runs back to
    back, tests); a row written by an older newscrawl in whole seconds still sorts before any time of its second."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class LedgerEntry:
    article_key: str
    url: str
    post_path: str
    content_hash: str
    versions: int


@dataclass(frozen=True)
class ImageEntry:
    url: str
    sha256: str
    #: Where the file is, relative to the archive folder (``images/ab/ab12….png``).
    path: str


class Ledger:
    def __init__(self, path: Path) -> None:
        self.path = path
        if str(path) != ":memory:":
            _create_with_process_mode(path)
        self.connection = sqlite3.connect(path, isolation_level=None)
        # Processes opening a new ledger at the same moment (workers of a shared crawl) can be told "database is
        # locked" at once, without SQLite's busy wait, while another one switches it to WAL or creates the schema.
        deadline = time.monotonic() + _SETUP_SECONDS
        while True:
            try:
                self._set_up()
                break
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or time.monotonic() > deadline:
                    raise
                time.sleep(0.05)

    def _set_up(self) -> None:
        self.connection.execute("PRAGMA journal_mode=WAL")
        # A commit does not wait for the disk (WAL + NORMAL stays atomic and consistent when the process is killed;
        # a power failure can only roll back the last commits, as a whole). The files a row describes are on the
        # disk before it is committed, and the JSON lines past ``jsonl_recorded_end`` are recorded again when the
        # archive is opened (``ArchiveStore``), so rows lost that way are recovered; images are downloaded again.
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.executescript(_SCHEMA)

    def close(self) -> None:
        # SQLite moves the journal into the database file when the last connection closes, but a read-only one
        # (``LedgerReader``, often the last) cannot: the rows would stay in ``ledger.sqlite3-wal``, and a backup
        # of the ledger file alone would miss them. The writer moves them now; a reader busy in a query only
        # shortens what is moved, never blocks the close for long.
        with contextlib.suppress(sqlite3.Error):
            self.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        self.connection.close()

    def verify(self) -> None:
        """Raise before a crawl relies on the ledger: ``sqlite3.DatabaseError`` (``SQLITE_CORRUPT``) when SQLite's
        quick check finds its structure damaged, what a write meets when it cannot be written (read-only, locked by
        another process for longer than the busy timeout). The quick check reads every page of the database (its
        cost grows with the archive); damage inside a row's values is met when the row is read."""
        problems = [row[0] for row in self.connection.execute("PRAGMA quick_check(5)").fetchall()]
        if problems != ["ok"]:
            error = sqlite3.DatabaseError(f"database disk image is malformed: {'; '.join(problems)}")
            error.sqlite_errorname = "SQLITE_CORRUPT"
            raise error
        # BEGIN IMMEDIATE takes the write lock even on a read-only file; a row written and rolled back does not.
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            self.connection.execute("INSERT OR REPLACE INTO archive_state (name, value) VALUES ('write_probe', 0)")
        finally:
            self._roll_back()

    def entry(self, article_key: str) -> LedgerEntry | None:
        row = self.connection.execute(
            f"SELECT {_ENTRY_COLUMNS} FROM articles WHERE article_key = ?", (article_key,)
        ).fetchone()
        return LedgerEntry(*row) if row else None

    def find(self, keys: Iterable[str]) -> LedgerEntry | None:
        """The article known under the first of ``keys`` that the ledger knows, as its own key or as an alias."""
        for key in keys:
            # One statement per key (its own row first, then an alias): each statement the writer thread runs
            # releases and takes back the GIL the crawl's thread is using.
            row = self.connection.execute(
                f"""SELECT 0 AS rank, {_ENTRY_COLUMNS} FROM articles WHERE article_key = ?1
                    UNION ALL
                    SELECT 1 AS rank, {_ENTRY_COLUMNS} FROM article_aliases JOIN articles USING (article_key)
                    WHERE alias_key = ?1
                    ORDER BY rank LIMIT 1""",
                (key,),
            ).fetchone()
            if row:
                return LedgerEntry(*row[1:])
        return None

    def owner_of_path(self, post_path: str) -> str | None:
        row = self.connection.execute("SELECT article_key FROM articles WHERE post_path = ?", (post_path,)).fetchone()
        return row[0] if row else None

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Several writes committed together or not at all (``ArchiveStore.save_many``: the rows of a batch)."""
        if self.connection.in_transaction:
            yield
            return
        self.connection.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self._roll_back()
            raise
        try:
            self.connection.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise

    def _roll_back(self) -> None:
        # SQLite rolls a transaction back by itself on some errors (a full disk, I/O); a second rollback would fail
        # and hide the error that caused the first one.
        if self.connection.in_transaction:
            with contextlib.suppress(sqlite3.Error):
                self.connection.execute("ROLLBACK")

    def record(self, entry: LedgerEntry, written_at: str, aliases: Iterable[str] = ()) -> None:
        """Remember what was just written; called only after the post and the JSON line are on disk, or inside a
        ``transaction`` committed only after they are (with ``move_jsonl_recorded_end`` past the line)."""
        with self.transaction():
            self.connection.execute(
                """INSERT INTO articles (article_key, url, post_path, content_hash, versions, first_written,
                                         last_written)
                   VALUES (?, ?, ?, ?, ?, ?, ?)
                   ON CONFLICT(article_key) DO UPDATE SET url = excluded.url, post_path = excluded.post_path,
                       content_hash = excluded.content_hash, versions = excluded.versions,
                       last_written = excluded.last_written""",
                (entry.article_key, entry.url, entry.post_path, entry.content_hash, entry.versions, written_at,
                 written_at),
            )
            other_keys = [alias for alias in aliases if alias != entry.article_key]
            if other_keys:
                self._insert_aliases(entry.article_key, other_keys)

    def jsonl_recorded_end(self) -> int | None:
        """The size of ``articles.jsonl`` up to which every line is recorded; None before any was."""
        row = self.connection.execute("SELECT value FROM archive_state WHERE name = ?",
                                      (JSONL_RECORDED_END,)).fetchone()
        return int(row[0]) if row else None

    def set_jsonl_recorded_end(self, offset: int) -> None:
        """Set ``jsonl_recorded_end`` to ``offset``, back or forth (the file was found shorter, or is new)."""
        self.connection.execute(
            "INSERT INTO archive_state (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = ?",
            (JSONL_RECORDED_END, offset, offset),
        )

    def move_jsonl_recorded_end(self, offset: int) -> None:
        """Move ``jsonl_recorded_end`` to ``offset`` unless it is past it already (another run's line, recorded
        later, can end before it)."""
        self.connection.execute(
            """INSERT INTO archive_state (name, value) VALUES (?, ?)
               ON CONFLICT(name) DO UPDATE SET value = max(value, excluded.value)""",
            (JSONL_RECORDED_END, offset),
        )

    def add_aliases(self, article_key: str, aliases: Iterable[str]) -> None:
        """Remember more keys for a known article (nothing is written when they are all known already)."""
        missing = [alias for alias in aliases if alias != article_key and not self.connection.execute(
            "SELECT 1 FROM article_aliases WHERE alias_key = ?", (alias,)).fetchone()]
        if missing:
            self._insert_aliases(article_key, missing)

    def _insert_aliases(self, article_key: str, aliases: Iterable[str]) -> None:
        # The first article to claim a key keeps it: a later page pointing its canonical URL elsewhere must not
        # take over another article's identity.
        self.connection.executemany(
            "INSERT OR IGNORE INTO article_aliases (alias_key, article_key) VALUES (?, ?)",
            [(alias, article_key) for alias in aliases if alias != article_key],
        )

    def image(self, url: str) -> ImageEntry | None:
        row = self.connection.execute("SELECT url, sha256, path FROM images WHERE url = ?", (url,)).fetchone()
        return ImageEntry(*row) if row else None

    def record_image(self, image: ImageEntry, stored_at: str) -> None:
        """Remember where an image URL's bytes are; called only after the file is on disk."""
        self.connection.execute(
            "INSERT OR REPLACE INTO images (url, sha256, path, stored_at) VALUES (?, ?, ?, ?)",
            (image.url, image.sha256, image.path, stored_at),
        )


def refuse_a_lost_ledger(ledger_path: Path, jsonl_path: Path) -> None:
    """Raise an ``ArchiveFault`` (damaged) for JSON lines without their ledger (deleted, or emptied): a new ledger
    would take every line as recorded and every article met as new, writing its line again. Called before the
    ledger is opened (which creates it); the lines rebuild it (``scrapy archive repair``)."""
    if ledger_path.exists() and (ledger_path.stat().st_size > 0 or Path(f"{ledger_path}-wal").exists()):
        return
    lines = jsonl_path.stat().st_size if jsonl_path.exists() else 0
    if lines:
        state = "is empty" if ledger_path.exists() else "is missing"
        raise ArchiveFault(FaultKind.DAMAGED, ledger_path, f"the ledger {state} while {jsonl_path.name} holds "
                                                           f"{lines} bytes of records")


def _create_with_process_mode(path: Path) -> None:
    """Create the ledger file (if missing) with the mode the umask gives a new file: SQLite creates it ``0644``
    less the umask whatever the umask allows, and its ``-wal`` and ``-shm`` files take the ledger's mode."""
    if path.exists():
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDONLY | os.O_CREAT, 0o666)
    except OSError as error:
        raise named(error, path) from None
    os.close(descriptor)


class LedgerReader:
    """A read-only view of a ledger another component writes (opened with SQLite's ``mode=ro``).

    A ledger that does not exist yet knows nothing; the file is looked for again at the next question, since the
    archive pipeline creates it when the spider opens.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.connection: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self.connection is None and self.path.is_file():
            self.connection = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro", uri=True,
                                              isolation_level=None)
        return self.connection

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
            self.connection = None

    def holds(self, key: str) -> bool:
        """True when the ledger knows an article under ``key`` (its key or an alias)."""
        connection = self._connect()
        if connection is None:
            return False
        try:
            row = connection.execute(
                """SELECT 1 FROM articles WHERE article_key = ?
                   UNION ALL
                   SELECT 1 FROM article_aliases WHERE alias_key = ?
                   LIMIT 1""",
                (key, key),
            ).fetchone()
        except sqlite3.OperationalError:
            row = connection.execute("SELECT 1 FROM articles WHERE article_key = ?", (key,)).fetchone()
        return row is not None

    def held_before(self, key: str, moment: str) -> bool:
        """True when the article known under ``key`` (its key or an alias) was first written before ``moment``
        (ISO 8601 UTC, as the ledger writes times)."""
        connection = self._connect()
        if connection is None:
            return False
        try:
            row = connection.execute(
                """SELECT 1 FROM articles WHERE article_key = ? AND first_written < ?
                   UNION ALL
                   SELECT 1 FROM article_aliases JOIN articles USING (article_key)
                   WHERE alias_key = ? AND first_written < ?
                   LIMIT 1""",
                (key, moment, key, moment),
            ).fetchone()
        except sqlite3.OperationalError:
            return False  # a ledger written by an older version, without the aliases table yet
        return row is not None
