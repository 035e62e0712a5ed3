"""``scrapy archive check``: does an archive hold what its JSON lines say, each thing once?

The JSON lines are the source of truth. The archive is consistent when every line is a whole JSON record, the
ledger is readable and holds exactly the articles the lines hold (each at its last version, with the aliases the
lines give it, every line recorded), each article's post is on disk at the ledger's path showing that version,
no post is there that no article owns, no temporary file is left, and every archived image a record or the
ledger names is on disk. Each problem is one line of text; ``check_archive`` returns them all.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newscrawl.archive.files import TEMPORARY_PREFIX, TEMPORARY_SUFFIX
from newscrawl.archive.layout import JSONL_FILE, LEDGER_FILE, archive_paths
from newscrawl.archive.ledger import Ledger
from newscrawl.archive.rebuild import LedgerContents, LedgerRebuild, PostSettings, post_state, read_ledger
from newscrawl.items import Article
from newscrawl.json_lines import read_json_lines, read_line

#: Problems of one kind printed before the rest are counted only.
SHOWN_PER_KIND = 20


@dataclass(frozen=True)
class ArchiveLayout:
    archive_dir: Path
    posts_dir: Path

    @property
    def jsonl_path(self) -> Path:
        return self.archive_dir / JSONL_FILE

    @property
    def ledger_path(self) -> Path:
        return self.archive_dir / LEDGER_FILE

    @classmethod
    def from_settings(cls, settings: Any, archive_dir: str | None = None) -> ArchiveLayout:
        """The archive ``NEWSCRAWL_ARCHIVE_DIR`` names (or ``archive_dir``), its posts where ``NEWSCRAWL_POSTS_DIR``
        says (by default inside the archive)."""
        default_archive, posts_dir = archive_paths(settings)
        if archive_dir is None:
            return cls(default_archive, posts_dir)
        explicit_posts = settings.get("NEWSCRAWL_POSTS_DIR")
        return cls(Path(archive_dir), Path(explicit_posts) if explicit_posts else Path(archive_dir) / "posts")


@dataclass
class CheckReport:
    #: (kind, text) in the order found.
    problems: list[tuple[str, str]] = field(default_factory=list)
    lines: int = 0
    articles: int = 0
    ledger_rows: int = 0
    posts: int = 0

    @property
    def consistent(self) -> bool:
        return not self.problems

    def add(self, kind: str, text: str) -> None:
        self.problems.append((kind, text))

    def kinds(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for kind, _ in self.problems:
            counts[kind] += 1
        return dict(counts)

    def lines_to_print(self) -> Iterator[str]:
        shown: dict[str, int] = defaultdict(int)
        for kind, text in self.problems:
            shown[kind] += 1
            if shown[kind] <= SHOWN_PER_KIND:
                yield f"{kind}: {text}"
        for kind, count in shown.items():
            if count > SHOWN_PER_KIND:
                yield f"{kind}: … and {count - SHOWN_PER_KIND} more"

    def summary(self, layout: ArchiveLayout) -> str:
        counts = (f"{self.lines} JSON lines, {self.articles} articles, {self.ledger_rows} ledger rows, "
                  f"{self.posts} posts")
        if self.consistent:
            return f"{layout.archive_dir}: consistent ({counts})"
        kinds = ", ".join(f"{kind} {count}" for kind, count in self.kinds().items())
        return f"{layout.archive_dir}: {len(self.problems)} problems ({kinds}; {counts})"


def temporary_files(layout: ArchiveLayout) -> list[Path]:
    """Files left under a temporary name (``write_temporary_files``, the repair's ledger) in the archive."""
    folders = [layout.archive_dir]
    if not layout.posts_dir.resolve().is_relative_to(layout.archive_dir.resolve()):
        folders.append(layout.posts_dir)
    return sorted(path for folder in folders if folder.is_dir()
                  for path in folder.rglob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}*"))


def post_files(posts_dir: Path) -> Iterator[Path]:
    """The posts in the folder (temporary files are hidden, never ``*.md``)."""
    if posts_dir.is_dir():
        yield from (path for path in posts_dir.rglob("*.md") if path.is_file())


def check_archive(layout: ArchiveLayout, settings: PostSettings, *, unknown_posts_ok: bool = False) -> CheckReport:
    """Every problem of the archive; ``unknown_posts_ok``: posts no article owns (a Hexo folder shared with posts
    written by hand or by another archive) are no problem."""
    report = CheckReport()
    for path in temporary_files(layout):
        report.add("temporary_file", f"{path} (left by a killed run, or a run writing now)")

    ledger: LedgerContents | None = None
    if layout.ledger_path.exists():
        try:
            ledger = read_ledger(layout.ledger_path)
        except sqlite3.Error as error:
            report.add("ledger_damaged", f"{layout.ledger_path}: {error} (`scrapy archive repair` rebuilds it)")
        else:
            report.ledger_rows = len(ledger.rows)

    rebuild = LedgerRebuild(Ledger(Path(":memory:")), layout.jsonl_path, layout.posts_dir, layout.archive_dir,
                            ledger)
    if layout.jsonl_path.exists():
        rebuild.add(read_json_lines(layout.jsonl_path))
    rebuild.place_posts()
    report.lines = rebuild.lines
    for problem in rebuild.problems:
        report.add("bad_line", problem)
    articles = list(rebuild.articles())
    report.articles = len(articles)
    if ledger is None and articles and not layout.ledger_path.exists():
        report.add("ledger_missing", f"{layout.ledger_path} does not exist; the JSON lines hold {len(articles)} "
                                     "articles")
    if ledger is not None:
        _compare_ledger(report, ledger, rebuild)

    owned: set[str] = set()
    for article in articles:
        owned.add(article.entry.post_path)
        record = Article.from_dict(read_line(layout.jsonl_path, *article.latest_line))
        state = post_state(layout.posts_dir / article.entry.post_path, record, settings)
        if state.state != "ok":
            detail = f": {state.detail}" if state.detail else ""
            report.add(f"post_{state.state}", f"{layout.posts_dir / article.entry.post_path} ({record.url}){detail}")
        for image in record.image_files:
            if image.get("path") and not (layout.archive_dir / image["path"]).is_file():
                report.add("image_missing", f"{layout.archive_dir / image['path']} ({image.get('url')}, in the "
                                            f"record of {record.url})")
    if ledger is not None:
        owned.update(row.post_path for row in ledger.rows.values())
    for path in post_files(layout.posts_dir):
        report.posts += 1
        relative = path.relative_to(layout.posts_dir).as_posix()
        if relative not in owned and not unknown_posts_ok:
            report.add("post_without_line", f"{path}: no JSON line and no ledger row owns it (written by hand or "
                                            "another archive? --unknown-posts-ok accepts such posts)")
    return report


def _compare_ledger(report: CheckReport, ledger: LedgerContents, rebuild: LedgerRebuild) -> None:
    expected = {article.entry.article_key: article for article in rebuild.articles()}
    for key, article in expected.items():
        row = ledger.rows.get(key)
        url = article.entry.url
        if row is None:
            report.add("line_without_row", f"{url}: in the JSON lines, not in the ledger")
        elif row.content_hash != article.entry.content_hash:
            report.add("row_outdated", f"{url}: the ledger holds another version than its last JSON line")
        elif row.post_path != article.entry.post_path:
            report.add("row_post_path", f"{url}: the ledger names the post {row.post_path}, the posts folder has "
                                        f"it at {article.entry.post_path}")
    for key, row in ledger.rows.items():
        if key not in expected:
            report.add("row_without_line", f"{row.url}: in the ledger (post {row.post_path}), in no JSON line")
    for alias, owner in rebuild.aliases().items():
        if owner in ledger.rows and alias not in ledger.rows and ledger.aliases.get(alias) != owner:
            report.add("alias_missing", f"{alias}: the JSON lines make it a key of {owner}, the ledger does not")
    size = rebuild.end  # a torn last line is a problem of its own
    if ledger.recorded_end is not None and ledger.recorded_end < size:
        report.add("lines_unrecorded", f"{size - ledger.recorded_end} bytes of JSON lines past the ledger's "
                                       "recorded end (saves a stopped run left; the next crawl finishes them)")
    elif ledger.recorded_end is not None and ledger.recorded_end > size:
        report.add("lines_cut", f"the ledger recorded {ledger.recorded_end} bytes of JSON lines, the file has "
                                f"{size}")
    for image, _ in ledger.images.values():
        if not (rebuild.archive_dir / image.path).is_file():
            report.add("image_missing", f"{rebuild.archive_dir / image.path} ({image.url}, in the ledger)")
