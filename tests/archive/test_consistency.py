"""``scrapy archive check`` and ``repair`` on archives written by the real store, then damaged one way at a time."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newscrawl.archive.consistency import ArchiveLayout, CheckReport, check_archive
from newscrawl.archive.ledger import LedgerEntry
from newscrawl.archive.rebuild import PostSettings, read_ledger
from newscrawl.archive.repair import RepairError, repair_archive
from newscrawl.archive.store import ArchiveStore, Outcome
from newscrawl.items import Article
from newscrawl.json_lines import read_json_lines

CATEGORIES = ["新媒体", "高科技行业门户", "新闻"]
SETTINGS = PostSettings()


def _article(number: int, title: str | None = None, body: str = "<p>正文</p>", canonical: str | None = None,
             date: str = "2022-08-30T17:19:00+08:00") -> Article:
    return Article(url=f"https://mp.ofweek.com/ev/a{number}", canonical_url=canonical,
                   title=title or f"标题{number}", categories=list(CATEGORIES), date_published=date,
                   body_html=body, fetched_at="2026-12-01T08:00:00+00:00")


def _store(tmp_path: Path) -> ArchiveStore:
    return ArchiveStore(tmp_path / "posts", jsonl_path=tmp_path / "articles.jsonl",
                        ledger_path=tmp_path / "ledger.sqlite3")


def _write_archive(tmp_path: Path) -> list[Article]:
    """Articles in every shape the store knows: new, updated, retitled (the post keeps its first name), two
    articles sharing a title (the second gets a suffix), an article seen again under its canonical URL."""
    saved = [
        _article(1), _article(2), _article(1, body="<p>更正</p>"),
        _article(3, title="同名"), _article(4, title="同名"),
        _article(5, title="旧标题"), _article(5, title="新标题", body="<p>改写</p>"),
        _article(6, canonical="https://mp.ofweek.com/ev/a6?canonical"),
    ]
    store = _store(tmp_path)
    for article in saved:
        store.save(article)
    store.close()
    return saved


def _check(tmp_path: Path) -> CheckReport:
    return check_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS)


def _kinds(report: CheckReport) -> set[str]:
    return {kind for kind, _ in report.problems}


def _ledger_rows(tmp_path: Path) -> tuple[dict[str, LedgerEntry], dict[str, str]]:
    contents = read_ledger(tmp_path / "ledger.sqlite3")
    return contents.rows, contents.aliases


def _posts(tmp_path: Path) -> dict[str, tuple[bytes, int]]:
    return {path.relative_to(tmp_path).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in (tmp_path / "posts").rglob("*.md")}


def test_an_archive_the_store_wrote_is_consistent(tmp_path: Path) -> None:
    _write_archive(tmp_path)
    report = _check(tmp_path)
    assert report.problems == []
    assert (report.lines, report.articles, report.ledger_rows, report.posts) == (8, 6, 6, 6)
    assert report.summary(ArchiveLayout(tmp_path, tmp_path / "posts")).endswith(
        "consistent (8 JSON lines, 6 articles, 6 ledger rows, 6 posts)")


def test_each_kind_of_damage_is_named(tmp_path: Path) -> None:
    _write_archive(tmp_path)
    posts = sorted((tmp_path / "posts").rglob("*.md"))
    posts[0].unlink()
    posts[1].write_text(posts[1].read_text(encoding="utf-8").replace("正文", "旧的正文"), encoding="utf-8")
    (tmp_path / "posts" / "新媒体" / "手写的.md").write_text("\n---\ntitle: x\n---\n", encoding="utf-8")
    (tmp_path / "posts" / "新媒体" / ".newscrawl-0-1-x.tmp").write_bytes(b"")
    connection = sqlite3.connect(tmp_path / "ledger.sqlite3", isolation_level=None)
    connection.execute("UPDATE articles SET content_hash = 'x' WHERE url LIKE '%/a2'")
    connection.execute("DELETE FROM articles WHERE url LIKE '%/a3'")
    connection.execute("INSERT INTO articles VALUES ('gone', 'https://mp.ofweek.com/ev/gone', 'gone.md', 'h', 1, "
                       "'2026', '2026')")
    connection.close()
    with (tmp_path / "articles.jsonl").open("ab") as jsonl:
        jsonl.write(b'{"url": "https://mp.ofweek.com/ev/a9", "title"')  # torn by a full disk
    report = _check(tmp_path)
    assert _kinds(report) == {"temporary_file", "bad_line", "post_missing", "post_stale", "post_without_line",
                              "row_outdated", "line_without_row", "row_without_line"}, report.problems
    assert [text for kind, text in report.problems if kind == "bad_line"] == [
        f"{tmp_path / 'articles.jsonl'}:9: torn last line: no newline at its end"]
    assert check_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS,
                         unknown_posts_ok=True).kinds().get("post_without_line") is None


def test_lines_past_the_recorded_end_and_a_missing_ledger_are_named(tmp_path: Path) -> None:
    _write_archive(tmp_path)
    with (tmp_path / "articles.jsonl").open("a", encoding="utf-8") as jsonl:
        jsonl.write(json.dumps(_article(7).to_dict(), ensure_ascii=False) + "\n")
    assert {"lines_unrecorded", "line_without_row", "post_missing"} == _kinds(_check(tmp_path))
    for name in ("ledger.sqlite3", "ledger.sqlite3-wal", "ledger.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    assert "ledger_missing" in _kinds(_check(tmp_path))


@pytest.mark.parametrize("offset", [0, 100])
def test_a_damaged_ledger_is_rebuilt_as_it_was_and_the_posts_stay(tmp_path: Path, offset: int) -> None:
    """Without the old ledger, the paths come back from the lines and the posts on disk alone: the retitled
    article keeps its first title's file, the second article of a shared title its suffix."""
    _write_archive(tmp_path)
    rows, aliases = _ledger_rows(tmp_path)
    posts = _posts(tmp_path)
    connection = sqlite3.connect(tmp_path / "ledger.sqlite3")
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    connection.close()
    data = bytearray((tmp_path / "ledger.sqlite3").read_bytes())
    data[offset:offset + 15] = b"\xff" * 15
    (tmp_path / "ledger.sqlite3").write_bytes(bytes(data))
    assert "ledger_damaged" in _kinds(_check(tmp_path))

    repaired = repair_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS)
    assert repaired.posts_written == 0 and repaired.articles == 6
    assert any(action.startswith("kept the damaged ledger as") for action in repaired.actions)
    assert _ledger_rows(tmp_path) == (rows, aliases)
    assert _posts(tmp_path) == posts
    assert _check(tmp_path).problems == []


def test_after_a_repair_the_same_articles_write_nothing(tmp_path: Path) -> None:
    saved = _write_archive(tmp_path)
    for name in ("ledger.sqlite3", "ledger.sqlite3-wal", "ledger.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    repair_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS)
    jsonl = (tmp_path / "articles.jsonl").read_bytes()
    store = _store(tmp_path)
    latest = {article.url: article for article in saved}
    assert {store.save(article).outcome for article in latest.values()} == {Outcome.UNCHANGED}
    store.close()
    assert (tmp_path / "articles.jsonl").read_bytes() == jsonl


def test_repair_cuts_a_torn_line_moves_bad_lines_out_and_writes_missing_and_stale_posts(tmp_path: Path) -> None:
    _write_archive(tmp_path)
    lines = (tmp_path / "articles.jsonl").read_bytes().splitlines(keepends=True)
    (tmp_path / "articles.jsonl").write_bytes(b"".join([*lines[:2], b"not json\n", *lines[2:], b'{"url": "htt']))
    posts = sorted((tmp_path / "posts").rglob("*.md"))
    missing, stale = posts[0], posts[1]
    missing_bytes, stale_bytes = missing.read_bytes(), stale.read_bytes()
    missing.unlink()
    stale.write_bytes(stale_bytes.replace("正文".encode(), "旧版".encode()))
    (tmp_path / "posts" / ".newscrawl-0-1-x.tmp").write_bytes(b"half a post")

    repaired = repair_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS)
    assert repaired.posts_written == 2
    assert (missing.read_bytes(), stale.read_bytes()) == (missing_bytes, stale_bytes)
    assert (tmp_path / "articles.jsonl").read_bytes() == b"".join(lines)
    [rejected] = tmp_path.glob("articles.rejected-*.jsonl")
    assert rejected.read_bytes() == b"not json\n"
    assert not list(tmp_path.rglob(".newscrawl-*"))
    assert _check(tmp_path).problems == []
    texts = "\n".join(repaired.actions)
    assert "cut a torn last line" in texts and "moved 1 lines that are not JSON records (lines 3)" in texts


def test_repair_needs_the_json_lines(tmp_path: Path) -> None:
    with pytest.raises(RepairError, match="does not exist"):
        repair_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS)


def test_json_lines_are_split_on_newline_only_and_a_torn_line_is_told(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    first = json.dumps({"url": "a", "title": "line\u2028separator\x0cand form feed"}, ensure_ascii=False)
    path.write_bytes(first.encode() + b"\n[1]\n" + b'{"url": "b"')
    lines = list(read_json_lines(path))
    assert [(line.number, line.start, line.end, line.torn) for line in lines] == [
        (1, 0, len(first.encode()) + 1, False), (2, len(first.encode()) + 1, len(first.encode()) + 5, False),
        (3, len(first.encode()) + 5, path.stat().st_size, True)]
    assert lines[0].record == {"url": "a", "title": "line\u2028separator\x0cand form feed"}
    assert lines[1].record is None and lines[1].problem == "not a JSON object but list"


def test_the_commands_print_each_problem_and_exit_non_zero(tmp_path: Path) -> None:
    from tests.conftest import run_scrapy

    _write_archive(tmp_path)
    assert run_scrapy("archive", "check", str(tmp_path)).returncode == 0
    next((tmp_path / "posts").rglob("*.md")).unlink()
    check = run_scrapy("archive", "check", str(tmp_path))
    assert check.returncode == 1
    assert check.stdout.splitlines()[0].startswith(f"post_missing: {tmp_path / 'posts'}")
    assert check.stdout.splitlines()[-1] == (f"{tmp_path}: 1 problems (post_missing 1; 8 JSON lines, 6 articles, "
                                             "6 ledger rows, 5 posts)")
    repair = run_scrapy("archive", "repair", str(tmp_path))
    assert repair.returncode == 0, repair.stdout + repair.stderr
    assert repair.stdout.splitlines()[-2:] == ["1 posts written again", f"{tmp_path}: consistent (8 JSON lines, 6 "
                                               "articles, 6 ledger rows, 6 posts)"]
    assert run_scrapy("archive").returncode == 2
    assert run_scrapy("archive", "check", str(tmp_path / "nowhere")).returncode == 2


@pytest.mark.parametrize("loss", ["deleted", "emptied"])
def test_a_lost_ledger_is_refused_by_the_store_and_rebuilt_by_repair(tmp_path: Path, loss: str) -> None:
    """A new, empty ledger beside the lines would take every line as recorded and write each article again."""
    from newscrawl.archive.faults import ArchiveFault, FaultKind

    saved = _write_archive(tmp_path)
    rows, aliases = _ledger_rows(tmp_path)
    for name in ("ledger.sqlite3", "ledger.sqlite3-wal", "ledger.sqlite3-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    if loss == "emptied":
        (tmp_path / "ledger.sqlite3").write_bytes(b"")
    with pytest.raises(ArchiveFault) as raised:
        _store(tmp_path)
    assert raised.value.kind is FaultKind.DAMAGED
    assert str(raised.value).startswith(f"{tmp_path / 'ledger.sqlite3'}: the ledger is "
                                        f"{'missing' if loss == 'deleted' else 'empty'} while articles.jsonl holds ")
    repair_archive(ArchiveLayout(tmp_path, tmp_path / "posts"), SETTINGS)
    assert _ledger_rows(tmp_path) == (rows, aliases)
    store = _store(tmp_path)
    assert {store.save(article).outcome for article in {a.url: a for a in saved}.values()} == {Outcome.UNCHANGED}
    store.close()
