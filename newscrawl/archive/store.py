"""The archive writer: one Hexo post per article, one JSON line per new or changed version, a ledger of both.

Order of writes: the post to a temporary file (fsync'd), the JSON line, the post renamed into place, then the
ledger row, which also moves the ledger's ``jsonl_recorded_end`` past the line (several articles saved together
take each step together: ``save_many``). What a process killed at any point leaves, and what the next run does:

- before or inside the JSON line: temporary files, removed when the store opens
  (``files.remove_stale_temporary_files``; the posts themselves are the old ones, never a part), and maybe a
  partial last line, cut when the JSON-lines file is opened; the article is fetched again;
- after the JSON line, before the rename or the ledger commit: a whole line beyond ``jsonl_recorded_end``. The
  store finishes that save when it opens (``_record_unrecorded_lines``: the post written from the line, the ledger
  row committed), so the article is not fetched again and its version is never recorded twice.

So a post is never on disk without its JSON line.

A write the disk refuses (full, read-only, I/O error, the ledger locked or damaged) raises an ``ArchiveFault``
naming the file (``newscrawl/archive/faults.py``); what is on the disk then is what a kill at that point leaves.

With several runs appending to one archive at once, a line of a run that was killed can sit before a line another
run recorded; opening the store then takes it as recorded and the article as new, and its version may be recorded
twice. The shared crawl knows from where a dead worker's lines may be unrecorded and has a live worker finish them
(``record_lines_since``) before it writes those articles again.

Identity: an article is known under its canonical URL's key and its URL's key (``newscrawl.urls.article_keys``);
whichever the ledger knows first wins, so a page that starts or stops declaring ``rel=canonical`` stays the same
article.
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC
from enum import Enum
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from newscrawl.archive.faults import faults_named
from newscrawl.archive.files import (
    JsonLinesAppender,
    discard,
    probe_writable,
    remove_stale_temporary_files,
    rename_into_place,
    write_temporary_files,
)
from newscrawl.archive.hexo_post import PostFields, parse_post, post_relative_path, render_post
from newscrawl.archive.ledger import Ledger, LedgerEntry, ledger_time, refuse_a_lost_ledger
from newscrawl.archive.post_images import local_image_sources, rewrite_image_sources
from newscrawl.extract.dates import parse_datetime
from newscrawl.items import Article
from newscrawl.json_lines import read_json_lines
from newscrawl.urls import article_keys

logger = logging.getLogger(__name__)


class Outcome(Enum):
    NEW = "new"
    UPDATED = "updated"
    UNCHANGED = "unchanged"


class PostImages(Enum):
    #: Posts show the images' remote URLs, as the page had them (the archive's convention).
    REMOTE = "remote"
    #: Posts show the archived copies (``Article.image_files``) under ``NEWSCRAWL_POST_IMAGES_URL``.
    LOCAL = "local"


class PostAuthor(Enum):
    #: The archive's convention: the site name (category 2).
    SITE = "site"
    #: The article's byline, falling back to the site name.
    BYLINE = "byline"


@dataclass(frozen=True)
class SaveResult:
    outcome: Outcome
    post_path: PurePosixPath


def post_fields(article: Article, author: PostAuthor = PostAuthor.SITE) -> PostFields:
    """What a post shows of a record. Raises ValueError when the record cannot become a post."""
    if not article.title:
        raise ValueError("record has no title")
    if len(article.categories) != 3:
        raise ValueError(f"record needs 3 categories, has {article.categories!r}")
    if not article.date_published:
        raise ValueError("record has no date_published")
    published = parse_datetime(article.date_published)
    if published is None:
        raise ValueError(f"unreadable date_published {article.date_published!r}")
    if published.tzinfo is None:
        published = published.replace(tzinfo=UTC)  # a zone-less time stays as found; UTC is the explicit reading
    site = article.categories[1]
    post_author = site
    if author is PostAuthor.BYLINE and article.authors:
        post_author = "、".join(article.authors)
    return PostFields(
        title=article.title,
        categories=tuple(article.categories),
        author=post_author,
        date=published,
        body_html=article.body_html or "",
    )


def disambiguated_post_path(post: PostFields, article_key: str) -> PurePosixPath:
    """The file of an article whose title's file another article holds: the title plus a suffix from its key."""
    return post_relative_path(post, disambiguator=hashlib.sha1(article_key.encode("utf-8")).hexdigest()[:8])


def holds_other_article(path: Path, post: PostFields) -> bool:
    """An existing post the ledger does not know (written by an older tool) is this article's when its title and
    date match; otherwise it belongs to another article and must not be overwritten."""
    if not path.exists():
        return False
    try:
        existing = parse_post(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError):
        return True
    same_title = existing.title == render_title_value(post)
    return not (same_title and existing.date == post.date)


def content_hash(article: Article) -> str:
    digest = hashlib.sha256()
    for part in (article.title or "", article.date_published or "", article.body_html or ""):
        digest.update(part.encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()


@dataclass
class _Batch:
    """Saves worked out and not yet written: their disk writes, and their ledger rows, committed after those."""

    posts: list[tuple[Path, bytes]] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    #: Set when the batch's JSON lines are in the file already (finishing a killed run's saves).
    recorded_end: int | None = None
    #: In order: (entry, time written, keys) to record, or (entry, None, keys) to add as aliases of a known article.
    rows: list[tuple[LedgerEntry, str | None, list[str]]] = field(default_factory=list)
    #: What the rows will tell the ledger: entries by article key, alias keys' articles, post paths' articles.
    entries: dict[str, LedgerEntry] = field(default_factory=dict)
    alias_owners: dict[str, str] = field(default_factory=dict)
    path_owners: dict[str, str] = field(default_factory=dict)

    def add_row(self, entry: LedgerEntry, written_at: str, keys: list[str]) -> None:
        self.rows.append((entry, written_at, keys))
        self.entries[entry.article_key] = entry
        self.path_owners[entry.post_path] = entry.article_key
        self._claim_aliases(entry.article_key, keys)

    def add_aliases(self, known: LedgerEntry, keys: list[str]) -> None:
        self.rows.append((known, None, keys))
        self._claim_aliases(known.article_key, keys)

    def _claim_aliases(self, article_key: str, keys: list[str]) -> None:
        for alias in keys:
            if alias != article_key:
                self.alias_owners.setdefault(alias, article_key)


class PostPathClaimer(Protocol):
    """Grants a post file name to one article key among processes writing one posts folder at once (the shared
    crawl: ``newscrawl.shared_crawl.state.SharedPostPathClaimer``): True when ``article_key`` may take ``relative``."""

    def __call__(self, relative: str, article_key: str) -> bool: ...


class ArchiveStore:
    """Writes records into an archive folder (``posts/``, ``articles.jsonl``, ``ledger.sqlite3``).

    ``jsonl_path`` None skips the JSON-lines archive and ``ledger_path`` None keeps the ledger in memory:
    that is how ``scrapy render`` regenerates posts from a JSON-lines archive. ``claim_post_path``: several
    processes write new posts into this folder at once; a file name another article claimed is not taken even
    before that article's ledger row is committed.
    """

    def __init__(
        self,
        posts_dir: Path,
        *,
        jsonl_path: Path | None,
        ledger_path: Path | None,
        post_author: PostAuthor = PostAuthor.SITE,
        post_images: PostImages = PostImages.REMOTE,
        image_url_prefix: str = "/images/",
        claim_post_path: PostPathClaimer | None = None,
    ) -> None:
        self.posts_dir = posts_dir
        self.claim_post_path = claim_post_path
        self.post_author = post_author
        self.post_images = post_images
        self.image_url_prefix = image_url_prefix
        self.ledger_path = ledger_path
        self.jsonl: JsonLinesAppender | None = None
        #: Saves a killed run left unrecorded and this store finished when it opened.
        self.recovered: list[SaveResult] = []
        # Whatever keeps the archive from being written is found here, before the crawl fetches anything.
        with faults_named(ledger_path):
            for leftover in remove_stale_temporary_files(posts_dir):
                logger.warning("Removed %s, a temporary file left by a killed run", leftover)
            probe_writable(posts_dir)
            if ledger_path and jsonl_path:
                refuse_a_lost_ledger(ledger_path, jsonl_path)
            self.ledger = Ledger(ledger_path) if ledger_path else Ledger(Path(":memory:"))
            try:
                if ledger_path:
                    self.ledger.verify()
                self.jsonl = JsonLinesAppender(jsonl_path) if jsonl_path else None
                if self.jsonl:
                    self._record_unrecorded_lines(self.jsonl)
            except BaseException:
                self.close()
                raise

    def close(self) -> None:
        if self.jsonl:
            self.jsonl.close()
            self.jsonl = None
        self.ledger.close()

    def save(self, article: Article) -> SaveResult:
        """Save one article. Raises ValueError when it cannot become a post (nothing is written then)."""
        result = self.save_many([article])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def save_many(self, articles: Sequence[Article]) -> list[SaveResult | Exception]:
        """Save ``articles`` in order, as ``save`` one after the other would, with one flush to the disk for all.

        Their posts are written to temporary files and fsync'd; their JSON lines appended in one write and one
        fsync; the posts renamed into place, their folders fsync'd once; their ledger rows committed in one
        transaction, after all of that (what a kill leaves is what it leaves between the steps of one save, for
        several articles). Each article gets its
        result, or the error that kept it from being saved: a record that cannot become a post gets its
        ValueError and the others are saved; a write the disk or the ledger refused raises an ``ArchiveFault``,
        and none is saved (their rows are not committed; posts or lines it wrote are those a killed run leaves).
        """
        with faults_named(self.ledger_path):
            batch = _Batch()
            results: list[SaveResult | Exception] = []
            for article in articles:
                try:
                    results.append(self._stage(article, batch, None))
                except (OSError, sqlite3.Error):
                    raise  # the archive's, not the article's
                except Exception as error:  # the article's own error, handed to its caller
                    results.append(error)
            self._write(batch)
        return results

    def _write(self, batch: _Batch) -> None:
        """The batch's disk writes (posts, JSON lines), then its ledger rows in one transaction. The ledger is
        locked only for the commit, never while the disk flushes: other processes write into it too. A failed
        disk write raises before the transaction: no row of the batch is committed."""
        # The posts go in place only once their JSON lines are on the disk: a post is never there without its line
        # (a kill before the lines leaves temporary files, removed at the next open; a kill after them leaves
        # lines the next open records, writing their posts again).
        posts = write_temporary_files(batch.posts)
        recorded_end = batch.recorded_end
        try:
            if batch.records and self.jsonl:
                recorded_end = self.jsonl.append_many(batch.records)
        except BaseException:
            discard(posts)
            raise
        rename_into_place(posts)
        with self.ledger.transaction():
            for entry, written_at, aliases in batch.rows:
                if written_at is None:
                    self.ledger.add_aliases(entry.article_key, aliases)
                else:
                    self.ledger.record(entry, written_at, aliases=aliases)
            if recorded_end is not None:
                self.ledger.move_jsonl_recorded_end(recorded_end)

    def _record_unrecorded_lines(self, jsonl: JsonLinesAppender) -> None:
        """Finish the saves of a killed run whose JSON line was written and whose ledger row was not."""
        size = jsonl.size()
        recorded_end = self.ledger.jsonl_recorded_end()
        if recorded_end is None or recorded_end > size:
            # A new archive, a ledger of an older newscrawl (which kept no offset), or a JSON-lines file replaced
            # or cut by hand: its lines are taken as recorded.
            self.ledger.set_jsonl_recorded_end(size)
            return
        for line_end, record in jsonl.records_after(recorded_end):
            article = Article.from_dict(record)
            try:
                result = self._save(article, line_end)
            except (ValueError, TypeError) as error:
                logger.warning("Cannot finish the save of %s a killed run left: %s", record.get("url"), error)
                self.ledger.set_jsonl_recorded_end(line_end)
                continue
            if result.outcome is not Outcome.UNCHANGED:
                self.recovered.append(result)
                logger.warning("Recorded %s (%s) in the ledger: a run killed or stopped by a failed write had written "
                               "its post and JSON line but not its ledger row", article.url, result.post_path)

    def record_lines_since(self, offset: int) -> list[SaveResult]:
        """Finish the saves whose JSON line is in the file after byte ``offset`` and whose ledger row is not: another
        process writing this archive at the same time died between the two (the shared crawl knows from where).
        Only each article's last line there counts, and only when the ledger does not hold its content already.
        A save another live process is finishing at the same moment is finished the same way by both."""
        if self.jsonl is None:
            return []
        newest: dict[str, tuple[int, Article | None]] = {}  # per article: its last line's end, unless recorded
        with faults_named(self.ledger_path):
            for line in read_json_lines(self.jsonl.path, start=max(0, offset), whole_lines_only=True):
                if line.record is None:
                    continue  # the offset fell inside a line, or a line not ours to judge here
                try:
                    article = Article.from_dict(line.record)
                    keys = article_keys(article)
                except (ValueError, TypeError):
                    continue
                known = self.ledger.find(keys)
                recorded = known is not None and known.content_hash == content_hash(article)
                newest[keys[0]] = (line.end, None if recorded else article)
            finished = []
            for line_end, unrecorded in newest.values():
                if unrecorded is not None:
                    result = self._save(unrecorded, line_end)
                    if result.outcome is not Outcome.UNCHANGED:
                        finished.append(result)
                        logger.warning("Recorded %s (%s) in the ledger: another process writing the archive died "
                                       "after its JSON line, before its ledger row", unrecorded.url, result.post_path)
        return finished

    def _save(self, article: Article, line_end: int) -> SaveResult:
        """Save ``article`` whose JSON line is in the file already and ends at ``line_end``."""
        batch = _Batch(recorded_end=line_end)
        result = self._stage(article, batch, line_end)
        self._write(batch)
        return result

    def _stage(self, article: Article, batch: _Batch, line_end: int | None) -> SaveResult:
        """Work out the save of ``article`` as the ledger and the batch's earlier saves have it, and add its writes
        and its ledger row to ``batch``. ``line_end`` not None: its JSON line is in the file already."""
        post = post_fields(article, self.post_author)
        keys = article_keys(article)
        digest = content_hash(article)
        known = self._find(keys, batch)
        if known and known.content_hash == digest:
            batch.add_aliases(known, keys)
            return SaveResult(Outcome.UNCHANGED, PurePosixPath(known.post_path))
        key = known.article_key if known else keys[0]
        relative = PurePosixPath(known.post_path) if known else self._allocate_path(post, key, batch)
        if self.post_images is PostImages.LOCAL:
            local = local_image_sources(article.image_files, self.image_url_prefix)
            post = dataclasses.replace(post, body_html=rewrite_image_sources(post.body_html, local))
        data = render_post(post).encode("utf-8")
        record = article.to_dict() if line_end is None else None
        versions = known.versions + 1 if known else 1
        batch.add_row(LedgerEntry(key, article.url, str(relative), digest, versions), ledger_time(), keys)
        batch.posts.append((self.posts_dir / relative, data))
        if record is not None:
            batch.records.append(record)
        return SaveResult(Outcome.UPDATED if known else Outcome.NEW, relative)

    def _find(self, keys: list[str], batch: _Batch) -> LedgerEntry | None:
        """``Ledger.find`` as it will read once the batch's rows are committed: an article's own row first (the
        batch's version of it is the newer), then an alias, the ledger's before the batch's (the first article to
        claim a key keeps it)."""
        for key in keys:
            if key in batch.entries:
                return batch.entries[key]
            known = self.ledger.find([key])
            if known is not None:
                return batch.entries.get(known.article_key, known)
            owner = batch.alias_owners.get(key)
            if owner is not None:
                return batch.entries[owner]
        return None

    def _allocate_path(self, post: PostFields, key: str, batch: _Batch) -> PurePosixPath:
        """The title's file, unless another article holds it; then the title plus a suffix derived from the URL."""
        plain = post_relative_path(post)
        owner = batch.path_owners.get(str(plain)) or self.ledger.owner_of_path(str(plain))
        # Owned by this very article: another process finished the same save a moment ago (a killed writer's line
        # recorded by two processes at once).
        if owner in (None, key) and not holds_other_article(self.posts_dir / plain, post) and (
                self.claim_post_path is None or self.claim_post_path(str(plain), key)):
            return plain
        suffixed = disambiguated_post_path(post, key)
        logger.info("Post name %s is taken by another article; writing %s", plain, suffixed)
        return suffixed


def render_title_value(post: PostFields) -> str:
    """The title as a post of ``post`` reads back."""
    return parse_post(render_post(post)).title
