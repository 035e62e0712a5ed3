"""``scrapy archive repair``: make an archive consistent again from its JSON lines (see ``consistency.py``).

In order, holding the JSON lines' lock (a crawl appending meanwhile waits; run it while no crawl writes):

1. temporary files are removed (left by killed runs: no crawl writes meanwhile);
2. a torn last line (a kill or a full disk in the middle of a write) is cut; lines in the middle that are not JSON
   records are moved out of ``articles.jsonl`` into ``articles.rejected-<UTC time>.jsonl`` beside it;
3. the ledger is rebuilt from the lines (``rebuild.py``) into a new file, keeping what the old ledger knows and no
   line tells (the post paths it gave, aliases seen for unchanged articles, the images' index) when it can still
   be read; a damaged ledger is kept beside as ``ledger.sqlite3.damaged-<UTC time>`` (with its ``-wal``);
4. the new ledger replaces the old one;
5. each article's post is written again where it is missing or shows another version.

Posts no line owns (written by hand, or by another archive sharing the folder) are left where they are.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newscrawl.archive.consistency import ArchiveLayout
from newscrawl.archive.files import (
    HOST_TAG,
    TEMPORARY_PREFIX,
    TEMPORARY_SUFFIX,
    cut_partial_last_line,
    exclusive_lock,
    fsync_directory,
    new_file_mode,
    remove_stale_temporary_files,
    write_file_atomically,
)
from newscrawl.archive.ledger import Ledger
from newscrawl.archive.rebuild import (
    LedgerContents,
    LedgerRebuild,
    PostSettings,
    RebuiltArticle,
    post_state,
    read_ledger,
    rendered_post,
)
from newscrawl.items import Article
from newscrawl.json_lines import read_json_lines, read_line

#: Beside the ledger: SQLite's journal files, moved or removed with it.
_LEDGER_COMPANIONS = ("-wal", "-shm", "-journal")


@dataclass
class RepairReport:
    #: What was done, one line each.
    actions: list[str] = field(default_factory=list)
    articles: int = 0
    posts_written: int = 0


class RepairError(Exception):
    """The archive cannot be repaired (no JSON lines to rebuild from)."""


def repair_archive(layout: ArchiveLayout, settings: PostSettings) -> RepairReport:
    if not layout.jsonl_path.is_file():
        raise RepairError(f"{layout.jsonl_path} does not exist: the ledger is rebuilt from the JSON lines")
    report = RepairReport()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for folder in dict.fromkeys((layout.archive_dir, layout.posts_dir)):
        # No crawl writes meanwhile: every temporary file is a leftover, however young.
        for leftover in remove_stale_temporary_files(folder, older_than_seconds=0):
            report.actions.append(f"removed {leftover}, a temporary file left by a killed run")
    with _locked(layout.jsonl_path) as descriptor:
        before = os.fstat(descriptor).st_size
        if cut_partial_last_line(descriptor):
            report.actions.append(f"cut a torn last line of {layout.jsonl_path} "
                                  f"({before - os.fstat(descriptor).st_size} bytes)")
        rejected = [line for line in read_json_lines(layout.jsonl_path) if line.record is None or line.torn]
        if rejected:
            moved_to = _move_out_lines(layout.jsonl_path, {line.start for line in rejected}, stamp)
            report.actions.append(f"moved {len(rejected)} lines that are not JSON records (lines "
                                  f"{', '.join(str(line.number) for line in rejected[:10])}"
                                  f"{'…' if len(rejected) > 10 else ''}) out of {layout.jsonl_path} into {moved_to}")
        previous = _previous_ledger(layout.ledger_path, report)
        temporary = layout.archive_dir / f"{TEMPORARY_PREFIX}{HOST_TAG}-{os.getpid()}-ledger{TEMPORARY_SUFFIX}"
        try:
            articles = _build_ledger(temporary, layout, previous)
            _replace_ledger(temporary, layout.ledger_path, damaged=previous is None, stamp=stamp, report=report)
        finally:
            for suffix in ("", *_LEDGER_COMPANIONS):
                Path(f"{temporary}{suffix}").unlink(missing_ok=True)
        report.articles = len(articles)
        report.actions.append(f"rebuilt {layout.ledger_path} from {layout.jsonl_path}: {report.articles} articles")
        report.posts_written = _write_missing_posts(layout, settings, articles, report)
    return report


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[int]:
    descriptor = os.open(path, os.O_RDWR)
    try:
        with exclusive_lock(descriptor):
            yield descriptor
    finally:
        os.close(descriptor)


def _move_out_lines(path: Path, starts: set[int], stamp: str) -> Path:
    """Rewrite ``path`` without the lines starting at ``starts`` (kept in ``articles.rejected-<stamp>.jsonl``)."""
    rejected_path = path.with_name(f"{path.stem}.rejected-{stamp}{path.suffix}")
    kept_path = path.with_name(f"{TEMPORARY_PREFIX}{HOST_TAG}-{os.getpid()}-lines{TEMPORARY_SUFFIX}")
    with open(path, "rb") as source, open(kept_path, "wb") as kept, open(rejected_path, "ab") as rejected:
        os.fchmod(kept.fileno(), new_file_mode())
        os.fchmod(rejected.fileno(), new_file_mode())
        position = 0
        for raw in source:
            (rejected if position in starts else kept).write(raw)
            position += len(raw)
        for handle in (kept, rejected):
            handle.flush()
            os.fsync(handle.fileno())
    os.replace(kept_path, path)
    fsync_directory(path.parent)
    return rejected_path


def _previous_ledger(path: Path, report: RepairReport) -> LedgerContents | None:
    if not path.exists():
        report.actions.append(f"{path} did not exist")
        return None
    try:
        return read_ledger(path)
    except sqlite3.Error as error:
        report.actions.append(f"{path} cannot be read ({error}): rebuilt from the JSON lines alone")
        return None


def _build_ledger(path: Path, layout: ArchiveLayout, previous: LedgerContents | None) -> list[RebuiltArticle]:
    """Write the rebuilt ledger at ``path`` (fsync'd); its articles, each with its last version's line."""
    ledger = Ledger(path)
    try:
        # No journal file for a ledger nobody reads yet: a killed repair leaves one temporary file, removed by the
        # next repair; the crawl's ledger is switched back to WAL when it is opened.
        ledger.connection.execute("PRAGMA journal_mode=MEMORY")
        rebuild = LedgerRebuild(ledger, layout.jsonl_path, layout.posts_dir, layout.archive_dir, previous)
        rebuild.add(read_json_lines(layout.jsonl_path))
        rebuild.place_posts()
        articles = list(rebuild.articles())
        rebuild.drop_work_tables()
        ledger.verify()
        ledger.connection.execute("PRAGMA journal_mode=WAL")
    finally:
        ledger.close()
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
    return articles


def _replace_ledger(temporary: Path, ledger_path: Path, *, damaged: bool, stamp: str, report: RepairReport) -> None:
    if damaged and ledger_path.exists():
        kept = ledger_path.with_name(f"{ledger_path.name}.damaged-{stamp}")
        for suffix in ("", *_LEDGER_COMPANIONS):
            companion = Path(f"{ledger_path}{suffix}")
            if companion.exists():
                os.replace(companion, f"{kept}{suffix}")
        report.actions.append(f"kept the damaged ledger as {kept}")
    else:
        # The old ledger's journal files would be read as the new one's: they go first.
        for suffix in _LEDGER_COMPANIONS:
            Path(f"{ledger_path}{suffix}").unlink(missing_ok=True)
    os.replace(temporary, ledger_path)
    fsync_directory(ledger_path.parent)


def _write_missing_posts(layout: ArchiveLayout, settings: PostSettings, articles: list[RebuiltArticle],
                         report: RepairReport) -> int:
    written = 0
    for article in articles:
        record = Article.from_dict(read_line(layout.jsonl_path, *article.latest_line))
        path = layout.posts_dir / article.entry.post_path
        state = post_state(path, record, settings)
        if state.state == "ok":
            continue
        write_file_atomically(path, rendered_post(record, settings))
        written += 1
        detail = f": {state.detail}" if state.detail else ""
        report.actions.append(f"wrote {path} ({record.url}): it was {state.state}{detail}")
    return written
