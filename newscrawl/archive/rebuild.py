"""What the ledger should hold, worked out from the JSON lines (the archive's source of truth) and the posts on disk.

``scrapy archive check`` compares it with the ledger there; ``scrapy archive repair`` makes it the new ledger.

The lines are replayed in order as the crawls that wrote them recorded them (``ArchiveStore``): an article is
known under its keys, first claimer keeps a key, a line with the content the article already has adds aliases
only, any other line is a new version. Post files are then placed in the order articles first appeared, as the
crawls allocated them: the path the old ledger gave the article when it can still be read; else the file named
after the title of its first version (``post_relative_path``), when no other article holds it and no file is there
or the file there shows one of the article's versions; else that name with the article's suffix.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path

from newscrawl.archive.hexo_post import parse_post, post_relative_path, render_post
from newscrawl.archive.ledger import ImageEntry, Ledger, LedgerEntry, ledger_time
from newscrawl.archive.post_images import local_image_sources, rewrite_image_sources
from newscrawl.archive.store import (
    PostAuthor,
    PostImages,
    content_hash,
    disambiguated_post_path,
    post_fields,
    render_title_value,
)
from newscrawl.extract.dates import parse_datetime
from newscrawl.items import Article
from newscrawl.json_lines import JsonLine, read_line
from newscrawl.urls import article_keys

#: Stands in for an article's post path until the posts are placed (``post_path`` is unique in the ledger).
_PENDING = "\x00pending\x00"


@dataclass
class LedgerContents:
    """Everything a ledger holds, read through a read-only connection (``read_ledger``)."""

    rows: dict[str, LedgerEntry] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    images: dict[str, tuple[ImageEntry, str]] = field(default_factory=dict)
    recorded_end: int | None = None


def read_ledger(path: Path) -> LedgerContents:
    """Read the whole ledger (every value decoded), after SQLite's integrity check; raises ``sqlite3.Error`` when it
    is damaged or cannot be read. Changes nothing in it (a read-only connection: SQLite may still create the
    ``-shm`` index of a ``-wal`` a crawl left)."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, isolation_level=None)
    try:
        problems = [row[0] for row in connection.execute("PRAGMA integrity_check(5)").fetchall()]
        if problems != ["ok"]:
            error = sqlite3.DatabaseError(f"database disk image is malformed: {'; '.join(problems)}")
            error.sqlite_errorname = "SQLITE_CORRUPT"
            raise error
        contents = LedgerContents()
        for row in connection.execute("SELECT article_key, url, post_path, content_hash, versions FROM articles"):
            contents.rows[row[0]] = LedgerEntry(*row)
        contents.aliases = dict(connection.execute("SELECT alias_key, article_key FROM article_aliases"))
        for url, sha256, image_path, stored_at in connection.execute(
                "SELECT url, sha256, path, stored_at FROM images"):
            contents.images[url] = (ImageEntry(url, sha256, image_path), stored_at)
        row = connection.execute("SELECT value FROM archive_state WHERE name = 'jsonl_recorded_end'").fetchone()
        contents.recorded_end = int(row[0]) if row else None
        return contents
    finally:
        connection.close()


@dataclass(frozen=True)
class RebuiltArticle:
    entry: LedgerEntry
    #: Byte offsets of its last version's JSON line.
    latest_line: tuple[int, int]


class LedgerRebuild:
    """Replays JSON lines into ``ledger`` (empty, new: an in-memory one to compare, a new file to repair)."""

    def __init__(self, ledger: Ledger, jsonl_path: Path, posts_dir: Path, archive_dir: Path,
                 previous: LedgerContents | None) -> None:
        self.ledger = ledger
        self.jsonl_path = jsonl_path
        self.posts_dir = posts_dir
        self.archive_dir = archive_dir
        self.previous = previous
        #: ``path:line: why`` for each line that is not a record that can become a post.
        self.problems: list[str] = []
        self.lines = 0
        #: Where the last whole line ends.
        self.end = 0
        self.ledger.connection.execute(
            "CREATE TEMP TABLE versions (article_key TEXT NOT NULL, line_start INTEGER NOT NULL, "
            "line_end INTEGER NOT NULL)")
        self.ledger.connection.execute("CREATE INDEX temp.versions_by_key ON versions (article_key)")

    def add(self, lines: Iterable[JsonLine]) -> None:
        """Replay the lines (the first pass): articles, versions and aliases; posts are placed by ``place_posts``."""
        with self.ledger.transaction():
            for line in lines:
                self.lines += 1
                if line.torn:  # the archive writes whole lines: one without its newline is a write cut short
                    self.problems.append(f"{self.jsonl_path}:{line.number}: torn last line: no newline at its end")
                    continue
                self.end = line.end
                if line.record is None:
                    self.problems.append(f"{self.jsonl_path}:{line.number}: {line.problem}")
                    continue
                problem = self._add(line.record, line)
                if problem:
                    self.problems.append(f"{self.jsonl_path}:{line.number}: {problem}")

    def _add(self, record: dict[str, object], line: JsonLine) -> str | None:
        try:
            article = Article.from_dict(record)
            post_fields(article)
            keys = article_keys(article)
        except (TypeError, ValueError, AttributeError) as error:
            return f"not a record that can become a post ({error})"
        digest = content_hash(article)
        known = self.ledger.find(keys)
        if known is not None and known.content_hash == digest:
            self.ledger.add_aliases(known.article_key, keys)
            return None
        key = known.article_key if known else keys[0]
        versions = known.versions + 1 if known else 1
        entry = LedgerEntry(key, article.url, _PENDING + key, digest, versions)
        self.ledger.record(entry, _written_at(article), aliases=keys)
        self.ledger.connection.execute("INSERT INTO versions VALUES (?, ?, ?)", (key, line.start, line.end))
        for image in article.image_files:
            self._add_image(image, article)
        return None

    def _add_image(self, image: dict[str, str], article: Article) -> None:
        url, path, sha256 = image.get("url"), image.get("path"), image.get("sha256")
        if url and path and (self.archive_dir / path).is_file():
            self.ledger.record_image(ImageEntry(url, sha256 or "", path), _written_at(article))

    def place_posts(self) -> None:
        """Give each article its post path (the second pass), in the order the articles first appeared."""
        previous_paths = self.previous_paths()
        reserved = set(previous_paths.values())
        placed: set[str] = set()
        keys = [row[0] for row in self.ledger.connection.execute("SELECT article_key FROM articles ORDER BY rowid")]
        with self.ledger.transaction():
            for key in keys:
                path = previous_paths.get(key)
                if path is None or path in placed:
                    path = self._allocate(key, reserved, placed)
                placed.add(path)
                self.ledger.connection.execute("UPDATE articles SET post_path = ? WHERE article_key = ?", (path, key))
            if self.previous is not None:
                # Aliases the old ledger learnt from articles seen unchanged (no JSON line tells them).
                self.ledger.connection.executemany(
                    "INSERT OR IGNORE INTO article_aliases (alias_key, article_key) "
                    "SELECT ?, article_key FROM articles WHERE article_key = ? AND article_key != ?",
                    [(alias, owner, alias) for alias, owner in self.previous.aliases.items()])
                for image, stored_at in self.previous.images.values():
                    if (self.archive_dir / image.path).is_file() and self.ledger.image(image.url) is None:
                        self.ledger.record_image(image, stored_at)
            self.ledger.set_jsonl_recorded_end(self.end)

    def previous_paths(self) -> dict[str, str]:
        """The post paths the old ledger gave the articles the JSON lines hold."""
        if self.previous is None:
            return {}
        rebuilt = {row[0] for row in self.ledger.connection.execute("SELECT article_key FROM articles")}
        return {key: row.post_path for key, row in self.previous.rows.items() if key in rebuilt}

    def _allocate(self, key: str, reserved: set[str], placed: set[str]) -> str:
        versions = list(self._versions(key))
        first = post_fields(versions[0])
        plain = str(post_relative_path(first))
        if (plain not in reserved and plain not in placed
                and not self._holds_another_article(self.posts_dir / plain, versions)):
            return plain
        return str(disambiguated_post_path(first, key))

    @staticmethod
    def _holds_another_article(path: Path, versions: list[Article]) -> bool:
        """A file is there and shows none of the article's versions (its title and date)."""
        if not path.exists():
            return False
        try:
            existing = parse_post(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return True
        for version in versions:
            post = post_fields(version)
            if existing.title == render_title_value(post) and existing.date == post.date:
                return False
        return True

    def _versions(self, key: str) -> Iterator[Article]:
        for start, end in self.ledger.connection.execute(
                "SELECT line_start, line_end FROM versions WHERE article_key = ? ORDER BY rowid", (key,)):
            yield Article.from_dict(read_line(self.jsonl_path, start, end))

    def articles(self) -> Iterator[RebuiltArticle]:
        """The rebuilt rows with their last version's line, in the order the articles first appeared."""
        rows = self.ledger.connection.execute(
            """SELECT articles.article_key, url, post_path, content_hash, versions,
                      (SELECT line_start FROM versions WHERE versions.article_key = articles.article_key
                       ORDER BY rowid DESC LIMIT 1),
                      (SELECT line_end FROM versions WHERE versions.article_key = articles.article_key
                       ORDER BY rowid DESC LIMIT 1)
               FROM articles ORDER BY articles.rowid""").fetchall()
        for key, url, post_path, digest, versions, start, end in rows:
            yield RebuiltArticle(LedgerEntry(key, url, post_path, digest, versions), (start, end))

    def aliases(self) -> dict[str, str]:
        return dict(self.ledger.connection.execute("SELECT alias_key, article_key FROM article_aliases"))

    def images(self) -> list[ImageEntry]:
        return [ImageEntry(*row) for row in self.ledger.connection.execute("SELECT url, sha256, path FROM images")]

    def drop_work_tables(self) -> None:
        self.ledger.connection.execute("DROP TABLE temp.versions")


def _written_at(article: Article) -> str:
    """When the crawl wrote the line, as the ledger writes times: its fetch time, else now."""
    fetched = parse_datetime(article.fetched_at) if article.fetched_at else None
    if fetched is None:
        return ledger_time()
    if fetched.tzinfo is None:
        fetched = fetched.replace(tzinfo=UTC)
    return fetched.astimezone(UTC).isoformat(timespec="microseconds")


@dataclass(frozen=True)
class PostState:
    """How a post file stands against its article's last version."""

    #: "ok", "missing", "unreadable" (not a post) or "stale" (another version, or another article).
    state: str
    detail: str = ""


def post_state(path: Path, article: Article, settings: PostSettings) -> PostState:
    """Compare the post at ``path`` with what ``article`` renders to. Whose name a post shows and whether it shows
    remote or archived images are settings of the run that wrote it, not of the article: a post is the
    article's when its bytes are the rendering with the current settings, or else when it reads back with the
    article's title, categories, date and body (with remote or archived image URLs)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return PostState("missing")
    except OSError as error:
        return PostState("unreadable", str(error))
    if data == rendered_post(article, settings):
        return PostState("ok")
    post = post_fields(article, settings.author)
    try:
        existing = parse_post(data.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        return PostState("unreadable", f"not a post ({error})")
    expected = parse_post(render_post(post))
    bodies = {expected.body_html}
    if article.image_files:
        local = local_image_sources(article.image_files, settings.image_url_prefix)
        bodies.add(rewrite_image_sources(post.body_html, local))
    if ((existing.title, existing.categories, existing.date) == (expected.title, expected.categories, expected.date)
            and existing.body_html in bodies):
        return PostState("ok")
    if existing.title != expected.title:
        return PostState("stale", f"shows the title {existing.title!r}, not {expected.title!r}")
    return PostState("stale", "shows another version of the article")


@dataclass(frozen=True)
class PostSettings:
    """How the crawls render posts (``NEWSCRAWL_POST_AUTHOR``, ``NEWSCRAWL_POST_IMAGES``, ``…_URL``)."""

    author: PostAuthor = PostAuthor.SITE
    images: PostImages = PostImages.REMOTE
    image_url_prefix: str = "/images/"


def rendered_post(article: Article, settings: PostSettings) -> bytes:
    """The post of ``article`` as a crawl with these settings writes it (``ArchiveStore._stage``)."""
    post = post_fields(article, settings.author)
    if settings.images is PostImages.LOCAL:
        local = local_image_sources(article.image_files, settings.image_url_prefix)
        post = dataclasses.replace(post, body_html=rewrite_image_sources(post.body_html, local))
    return render_post(post).encode("utf-8")
