"""The ledger: what the archive holds, per article, across runs (SQLite inside the archive folder).

One row per article, keyed by its normalised URL: where its post lives and the hash of the content last written.
It is what makes a second identical run write nothing and keeps an article in the same file forever.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

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
"""


@dataclass(frozen=True)
class LedgerEntry:
    article_key: str
    url: str
    post_path: str
    content_hash: str
    versions: int


class Ledger:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.connection = sqlite3.connect(path, isolation_level=None)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=FULL")
        self.connection.executescript(_SCHEMA)

    def close(self) -> None:
        self.connection.close()

    def entry(self, article_key: str) -> LedgerEntry | None:
        row = self.connection.execute(
            "SELECT article_key, url, post_path, content_hash, versions FROM articles WHERE article_key = ?",
            (article_key,),
        ).fetchone()
        return LedgerEntry(*row) if row else None

    def owner_of_path(self, post_path: str) -> str | None:
        row = self.connection.execute("SELECT article_key FROM articles WHERE post_path = ?", (post_path,)).fetchone()
        return row[0] if row else None

    def record(self, entry: LedgerEntry, written_at: str) -> None:
        """Remember what was just written; called only after the post and the JSON line are on disk."""
        self.connection.execute(
            """INSERT INTO articles (article_key, url, post_path, content_hash, versions, first_written, last_written)
               VALUES (?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT(article_key) DO UPDATE SET url = excluded.url, post_path = excluded.post_path,
                   content_hash = excluded.content_hash, versions = excluded.versions,
                   last_written = excluded.last_written""",
            (entry.article_key, entry.url, entry.post_path, entry.content_hash, entry.versions, written_at, written_at),
        )
