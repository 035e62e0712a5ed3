"""The archive writer: new, unchanged and updated articles; one file per article, forever."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path
from typing import Any

import pytest

from newscrawl.archive.faults import ArchiveFault
from newscrawl.archive.files import STALE_TEMPORARY_SECONDS, JsonLinesAppender
from newscrawl.archive.store import (
    ArchiveStore,
    Outcome,
    PostAuthor,
    PostImages,
    SaveResult,
    post_fields,
)
from newscrawl.items import Article
from newscrawl.urls import article_keys
from tests.conftest import json_records

CATEGORIES = ["新媒体", "高科技行业门户", "新闻"]


def _article(url: str = "https://mp.ofweek.com/ev/a1", title: str = "标题", body: str = "<p>正文</p>") -> Article:
    return Article(url=url, title=title, categories=list(CATEGORIES), date_published="2022-08-30T17:19:00+08:00",
                   body_html=body, authors=["张三"])


@pytest.fixture
def store(tmp_path: Path):  # type: ignore[no-untyped-def]
    archive = ArchiveStore(tmp_path / "posts", jsonl_path=tmp_path / "articles.jsonl",
                           ledger_path=tmp_path / "ledger.sqlite3")
    yield archive
    archive.close()


def _jsonl(tmp_path: Path) -> list[dict[str, object]]:
    return json_records(tmp_path / "articles.jsonl")


def test_new_article_writes_post_line_and_ledger_row(store: ArchiveStore, tmp_path: Path) -> None:
    result = store.save(_article())
    assert result.outcome is Outcome.NEW
    assert str(result.post_path) == "新媒体/高科技行业门户/新闻/标题.md"
    assert (tmp_path / "posts" / result.post_path).read_text(encoding="utf-8").startswith("\n---\ntitle: '标题'")
    assert [row["url"] for row in _jsonl(tmp_path)] == ["https://mp.ofweek.com/ev/a1"]


def test_unchanged_article_writes_nothing(store: ArchiveStore, tmp_path: Path) -> None:
    first = store.save(_article())
    post = tmp_path / "posts" / first.post_path
    before = post.stat().st_mtime_ns
    assert store.save(_article()).outcome is Outcome.UNCHANGED
    assert post.stat().st_mtime_ns == before
    assert len(_jsonl(tmp_path)) == 1


def test_changed_article_is_rewritten_in_place_and_recorded_again(store: ArchiveStore, tmp_path: Path) -> None:
    first = store.save(_article())
    second = store.save(_article(body="<p>更正后的正文</p>"))
    assert second.outcome is Outcome.UPDATED
    assert second.post_path == first.post_path
    assert "更正后的正文" in (tmp_path / "posts" / first.post_path).read_text(encoding="utf-8")
    assert len(_jsonl(tmp_path)) == 2


def test_a_retitled_article_stays_in_its_file(store: ArchiveStore) -> None:
    first = store.save(_article())
    assert store.save(_article(title="新标题")).post_path == first.post_path


def test_tracking_parameters_do_not_make_a_new_article(store: ArchiveStore) -> None:
    store.save(_article())
    assert store.save(_article(url="https://mp.ofweek.com/ev/a1?utm_source=x")).outcome is Outcome.UNCHANGED


def test_two_articles_with_one_title_get_two_files(store: ArchiveStore, tmp_path: Path) -> None:
    first = store.save(_article(url="https://mp.ofweek.com/ev/a1"))
    second = store.save(_article(url="https://mp.ofweek.com/ev/a2", body="<p>另一篇</p>"))
    assert first.post_path != second.post_path
    assert second.post_path.name.startswith("标题-") and second.post_path.suffix == ".md"
    assert len(list((tmp_path / "posts").rglob("*.md"))) == 2


def test_the_suffix_is_deterministic(tmp_path: Path) -> None:
    paths = []
    for run in ("one", "two"):
        archive = ArchiveStore(tmp_path / run, jsonl_path=None, ledger_path=None)
        archive.save(_article(url="https://mp.ofweek.com/ev/a1"))
        paths.append(archive.save(_article(url="https://mp.ofweek.com/ev/a2", body="<p>x</p>")).post_path)
        archive.close()
    assert paths[0] == paths[1]


def test_ledger_survives_a_new_process(tmp_path: Path) -> None:
    for _ in range(2):
        archive = ArchiveStore(tmp_path / "posts", jsonl_path=tmp_path / "articles.jsonl",
                               ledger_path=tmp_path / "ledger.sqlite3")
        archive.save(_article())
        archive.close()
    assert len(_jsonl(tmp_path)) == 1


def test_a_post_written_by_the_old_generator_is_adopted_when_it_is_the_same_article(tmp_path: Path) -> None:
    old = ArchiveStore(tmp_path / "posts", jsonl_path=None, ledger_path=None)
    path = old.save(_article()).post_path
    old.close()
    fresh = ArchiveStore(tmp_path / "posts", jsonl_path=None, ledger_path=tmp_path / "ledger.sqlite3")
    assert fresh.save(_article(url="https://www.ofweek.com/elsewhere")).post_path == path
    other = fresh.save(_article(url="https://www.ofweek.com/other", body="<p>x</p>"))
    fresh.close()
    assert other.post_path != path  # same title, but the ledger says the file now belongs to another article


def test_an_unknown_post_with_another_date_is_not_overwritten(tmp_path: Path) -> None:
    old = ArchiveStore(tmp_path / "posts", jsonl_path=None, ledger_path=None)
    path = old.save(_article()).post_path
    old.close()
    original = (tmp_path / "posts" / path).read_bytes()
    fresh = ArchiveStore(tmp_path / "posts", jsonl_path=None, ledger_path=tmp_path / "ledger.sqlite3")
    later = _article(url="https://www.ofweek.com/other")
    later.date_published = "2023-01-01T08:00:00+08:00"
    assert fresh.save(later).post_path != path
    fresh.close()
    assert (tmp_path / "posts" / path).read_bytes() == original


def test_post_author_is_the_site_unless_byline_is_asked_for() -> None:
    assert post_fields(_article()).author == "高科技行业门户"
    assert post_fields(_article(), PostAuthor.BYLINE).author == "张三"


@pytest.mark.parametrize("field", ["title", "date_published"])
def test_a_record_without_title_or_date_cannot_become_a_post(field: str) -> None:
    article = _article()
    setattr(article, field, None)
    with pytest.raises(ValueError):
        post_fields(article)


def test_a_page_that_starts_declaring_a_canonical_url_stays_the_same_article(store: ArchiveStore) -> None:
    first = store.save(_article(url="https://m.ofweek.com/ev/a1"))
    later = _article(url="https://m.ofweek.com/ev/a1", body="<p>改</p>")
    later.canonical_url = "https://mp.ofweek.com/news/a1-desktop"
    result = store.save(later)
    assert result.outcome is Outcome.UPDATED and result.post_path == first.post_path
    reached_by_canonical = _article(url="https://mp.ofweek.com/news/a1-desktop", body="<p>改</p>")
    assert store.save(reached_by_canonical).outcome is Outcome.UNCHANGED


def test_mobile_and_desktop_pages_naming_one_canonical_url_are_one_article(store: ArchiveStore) -> None:
    desktop = _article(url="https://www.example.com/news/1.html")
    desktop.canonical_url = "https://www.example.com/news/1.html"
    mobile = _article(url="https://m.example.com/a/1?from=share")
    mobile.canonical_url = "https://www.example.com/news/1.html"
    store.save(desktop)
    assert store.save(mobile).outcome is Outcome.UNCHANGED


def test_a_canonical_url_naming_the_home_page_is_no_identity(store: ArchiveStore, tmp_path: Path) -> None:
    one = _article(url="https://example.com/news/1", title="一")
    two = _article(url="https://example.com/news/2", title="二", body="<p>二</p>")
    one.canonical_url = two.canonical_url = "https://example.com/"
    assert article_keys(one) == ["example.com/news/1"]
    assert store.save(one).outcome is Outcome.NEW
    assert store.save(two).outcome is Outcome.NEW
    assert len(list((tmp_path / "posts").rglob("*.md"))) == 2


def test_an_unchanged_article_seen_under_a_new_url_learns_it_without_writing(store: ArchiveStore,
                                                                           tmp_path: Path) -> None:
    article = _article(url="https://mp.ofweek.com/ev/a1")
    article.canonical_url = "https://mp.ofweek.com/ev/a1"
    store.save(article)
    moved = _article(url="https://mp.ofweek.com/ev/a1-amp")
    moved.canonical_url = "https://mp.ofweek.com/ev/a1"
    assert store.save(moved).outcome is Outcome.UNCHANGED
    assert store.ledger.find(["mp.ofweek.com/ev/a1-amp"]) is not None
    assert len(_jsonl(tmp_path)) == 1


def test_a_temporary_post_left_by_a_killed_run_is_no_post_and_is_removed_at_open(tmp_path: Path) -> None:
    folder = tmp_path / "posts" / "新媒体" / "高科技行业门户" / "新闻"
    folder.mkdir(parents=True)
    leftover = folder / ".newscrawl-k1ll3d.tmp"
    leftover.write_text("\n---\ntitle: '标题'\n", encoding="utf-8")
    os.utime(leftover, (time.time() - STALE_TEMPORARY_SECONDS - 1,) * 2)
    assert list((tmp_path / "posts").rglob("*.md")) == []  # what counts posts (and Hexo) never sees it
    store = ArchiveStore(tmp_path / "posts", jsonl_path=tmp_path / "articles.jsonl",
                         ledger_path=tmp_path / "ledger.sqlite3")
    assert not leftover.exists()
    assert store.save(_article()).outcome is Outcome.NEW
    store.close()
    assert [path.name for path in folder.iterdir()] == ["标题.md"]


def _open(tmp_path: Path) -> ArchiveStore:
    return ArchiveStore(tmp_path / "posts", jsonl_path=tmp_path / "articles.jsonl",
                        ledger_path=tmp_path / "ledger.sqlite3")


def _killed_after_the_json_line(tmp_path: Path, article: Article) -> None:
    """What a run killed between an article's JSON line and its ledger row leaves."""
    store = _open(tmp_path)
    assert store.jsonl is not None
    real_append = store.jsonl.append_many

    def append_then_killed(records: list[dict[str, object]]) -> int:
        real_append(records)
        raise SystemExit("killed")  # before the ledger's COMMIT: its row is never committed

    store.jsonl.append_many = append_then_killed  # type: ignore[method-assign,assignment]
    with pytest.raises(SystemExit):
        store.save(article)
    store.close()


def test_a_save_killed_before_its_ledger_row_is_finished_when_the_store_opens(tmp_path: Path) -> None:
    first = _open(tmp_path)
    first.save(_article(url="https://mp.ofweek.com/ev/a0", title="先前"))
    first.close()
    _killed_after_the_json_line(tmp_path, _article())
    assert [row["url"] for row in _jsonl(tmp_path)] == ["https://mp.ofweek.com/ev/a0", "https://mp.ofweek.com/ev/a1"]

    store = _open(tmp_path)
    assert [(result.outcome, str(result.post_path)) for result in store.recovered] == [
        (Outcome.NEW, "新媒体/高科技行业门户/新闻/标题.md")]
    entry = store.ledger.find(article_keys(_article()))
    assert entry is not None and entry.versions == 1
    assert store.save(_article()).outcome is Outcome.UNCHANGED  # fetched again: nothing is written twice
    store.close()
    assert len(_jsonl(tmp_path)) == 2
    reopened = _open(tmp_path)
    assert reopened.recovered == []
    reopened.close()


def test_an_update_killed_before_its_ledger_row_is_recorded_once(tmp_path: Path) -> None:
    store = _open(tmp_path)
    store.save(_article())
    store.close()
    _killed_after_the_json_line(tmp_path, _article(body="<p>更正后的正文</p>"))
    store = _open(tmp_path)
    assert [result.outcome for result in store.recovered] == [Outcome.UPDATED]
    assert store.save(_article(body="<p>更正后的正文</p>")).outcome is Outcome.UNCHANGED
    entry = store.ledger.find(article_keys(_article()))
    assert entry is not None and entry.versions == 2
    store.close()
    assert len(_jsonl(tmp_path)) == 2


def test_a_killed_writer_s_line_hidden_behind_a_live_writer_s_is_recorded_from_the_offset_asked(
        tmp_path: Path) -> None:
    """Two processes write one archive: one is killed after its JSON line, the other then records a line after it
    (the ledger's recorded end moves past the dead one's). ``record_lines_since`` finishes that save, once."""
    live = _open(tmp_path)
    assert live.jsonl is not None
    live.save(_article(url="https://mp.ofweek.com/ev/a0", title="先前"))
    offset = live.jsonl.size() - 5  # inside the last line: a file size read while another process was appending
    _killed_after_the_json_line(tmp_path, _article())
    live.save(_article(url="https://mp.ofweek.com/ev/a2", title="后来"))
    opened = _open(tmp_path)
    assert opened.recovered == []  # hidden from the opening's recovery
    opened.close()

    assert [(result.outcome, str(result.post_path)) for result in live.record_lines_since(offset)] == [
        (Outcome.NEW, "新媒体/高科技行业门户/新闻/标题.md")]
    assert live.record_lines_since(offset) == []  # recorded: nothing to do again
    assert live.save(_article()).outcome is Outcome.UNCHANGED  # delivered again: not written twice
    live.close()
    assert [row["url"] for row in _jsonl(tmp_path)] == [
        "https://mp.ofweek.com/ev/a0", "https://mp.ofweek.com/ev/a1", "https://mp.ofweek.com/ev/a2"]
    assert sorted(path.name for path in (tmp_path / "posts").rglob("*.md")) == ["先前.md", "后来.md", "标题.md"]


def test_only_an_article_s_last_line_since_the_offset_is_recorded(tmp_path: Path) -> None:
    store = _open(tmp_path)
    store.save(_article())
    store.save(_article(body="<p>第二版</p>"))
    store.close()
    _killed_after_the_json_line(tmp_path, _article(body="<p>第三版</p>"))
    live = _open(tmp_path)  # the opening finishes the third version, as the last line
    assert live.record_lines_since(0) == []  # the first two versions are not the article's last line
    entry = live.ledger.find(article_keys(_article()))
    assert entry is not None and entry.versions == 3
    live.close()


def test_an_append_after_a_writer_killed_inside_its_line_cuts_that_part(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    appender = JsonLinesAppender(path)
    appender.append({"url": "a"})
    with path.open("ab") as killed_inside_its_write:
        killed_inside_its_write.write(b'{"url": "b", "bo')
    appender.append({"url": "c"})
    appender.close()
    assert [record["url"] for record in json_records(path)] == ["a", "c"]


def test_an_archive_of_an_older_newscrawl_takes_its_lines_as_recorded(tmp_path: Path) -> None:
    """An older newscrawl's ledger has its rows but no recorded end (no ``archive_state`` row)."""
    store = _open(tmp_path)
    store.save(_article())
    store.ledger.connection.execute("DELETE FROM archive_state")
    store.close()
    store = _open(tmp_path)
    assert store.recovered == []
    assert store.ledger.jsonl_recorded_end() == (tmp_path / "articles.jsonl").stat().st_size
    store.close()


IMAGE_URL = "https://mp.ofweek.com/Upload/a.png"
IMAGE_FILE = {"url": IMAGE_URL, "path": "images/ab/" + "ab" * 32 + ".png", "sha256": "ab" * 32}


def _with_image() -> Article:
    article = _article(body=f'<p>图</p><img alt="a" src="{IMAGE_URL}" referrerpolicy="no-referrer"><p>x</p>')
    article.images = [IMAGE_URL]
    article.image_files = [dict(IMAGE_FILE)]
    return article


def test_posts_keep_remote_image_urls_by_default(store: ArchiveStore, tmp_path: Path) -> None:
    post = (tmp_path / "posts" / store.save(_with_image()).post_path).read_text(encoding="utf-8")
    assert f'src="{IMAGE_URL}"' in post


def test_local_post_images_point_at_the_archived_copy_and_change_nothing_else(tmp_path: Path) -> None:
    texts = {}
    for mode in PostImages:
        archive = ArchiveStore(tmp_path / mode.value, jsonl_path=tmp_path / f"{mode.value}.jsonl", ledger_path=None,
                               post_images=mode, image_url_prefix="/blog/images/")
        texts[mode] = (tmp_path / mode.value / archive.save(_with_image()).post_path).read_text(encoding="utf-8")
        archive.close()
    local_url = "/blog/images/ab/" + "ab" * 32 + ".png"
    assert texts[PostImages.LOCAL] == texts[PostImages.REMOTE].replace(IMAGE_URL, local_url)
    assert IMAGE_URL not in texts[PostImages.LOCAL]
    record = json.loads((tmp_path / "local.jsonl").read_text(encoding="utf-8"))
    assert IMAGE_URL in record["body_html"] and record["image_files"] == [IMAGE_FILE]


def _archive_state(tmp_path: Path) -> tuple[dict[str, bytes], bytes, list[tuple[object, ...]]]:
    folder = tmp_path / "posts"
    posts = {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*.md")}
    jsonl = (tmp_path / "articles.jsonl").read_bytes()
    with sqlite3.connect(tmp_path / "ledger.sqlite3") as connection:
        rows = connection.execute("SELECT article_key, url, post_path, content_hash, versions FROM articles "
                                  "ORDER BY article_key").fetchall()
        rows += connection.execute("SELECT alias_key, article_key FROM article_aliases ORDER BY alias_key").fetchall()
    return posts, jsonl, rows


def _canonical(url: str, canonical: str | None, title: str, body: str = "<p>正文</p>") -> Article:
    article = _article(url=url, title=title, body=body)
    article.canonical_url = canonical
    return article


#: Saved one by one before the batch, in both archives: a committed row the batch reaches through its canonical URL.
_BEFORE_THE_BATCH = [_canonical("https://mp.ofweek.com/ev/b1", "https://mp.ofweek.com/story/b", "乙")]


def _batch_of_articles() -> list[Article]:
    """New articles, one updated in the same batch, two with the same title, one that cannot become a post, and
    articles reached under other keys: the batch's own rows and the ledger's, by canonical URL and by alias."""
    return [
        _article(url="https://mp.ofweek.com/ev/a1", title="同名"),
        _article(url="https://mp.ofweek.com/ev/a2", title="同名"),
        _article(url="https://mp.ofweek.com/ev/a3", title="第三篇"),
        Article(url="https://mp.ofweek.com/ev/a4", title="", categories=list(CATEGORIES)),
        _article(url="https://mp.ofweek.com/ev/a3", title="第三篇", body="<p>更正</p>"),
        _article(url="https://mp.ofweek.com/ev/a1", title="同名"),
        _canonical("https://mp.ofweek.com/ev/a5", "https://mp.ofweek.com/story/5", "五"),
        _canonical("https://mp.ofweek.com/amp/a5", "https://mp.ofweek.com/story/5", "五"),  # the batch's own row
        _canonical("https://mp.ofweek.com/ev/a5", None, "五"),  # the batch's alias
        _canonical("https://mp.ofweek.com/amp/b1", "https://mp.ofweek.com/story/b", "乙", "<p>新</p>"),  # ledger's
        _canonical("https://mp.ofweek.com/amp/b1", None, "乙", "<p>新</p>"),  # the batch's alias of the ledger's row
        _canonical("https://mp.ofweek.com/ev/b1", None, "乙", "<p>新</p>"),  # the ledger's alias, the batch's version
    ]


def test_articles_saved_together_leave_what_saving_them_one_by_one_leaves(tmp_path: Path) -> None:
    one_by_one, together = tmp_path / "one", tmp_path / "together"
    for folder in (one_by_one, together):
        store = _open(folder)
        for article in _BEFORE_THE_BATCH:
            store.save(article)
        store.close()
    store = _open(one_by_one)
    expected: list[SaveResult | Exception] = []
    for article in _batch_of_articles():
        try:
            expected.append(store.save(article))
        except ValueError as error:
            expected.append(error)
    store.close()
    store = _open(together)
    results = store.save_many(_batch_of_articles())
    store.close()

    assert [getattr(result, "outcome", None) for result in results] == [
        Outcome.NEW, Outcome.NEW, Outcome.NEW, None, Outcome.UPDATED, Outcome.UNCHANGED,
        Outcome.NEW, Outcome.UNCHANGED, Outcome.UNCHANGED, Outcome.UPDATED, Outcome.UNCHANGED, Outcome.UNCHANGED]
    assert isinstance(results[3], ValueError) and str(results[3]) == str(expected[3])
    assert [str(getattr(result, "post_path", "")) for result in results] == [
        str(getattr(result, "post_path", "")) for result in expected]
    posts, jsonl, rows = _archive_state(together)
    expected_posts, expected_jsonl, expected_rows = _archive_state(one_by_one)
    assert posts == expected_posts and len(posts) == 5
    assert jsonl == expected_jsonl and len(jsonl.splitlines()) == 7
    assert rows == expected_rows


def test_a_batch_whose_disk_write_fails_commits_no_ledger_row(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    store = _open(tmp_path)
    store.save(_article(url="https://mp.ofweek.com/ev/a0", title="先前"))

    def disk_full(*args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("newscrawl.archive.store.write_temporary_files", disk_full)
    with pytest.raises(ArchiveFault, match="No space"):
        store.save_many([_article(url="https://mp.ofweek.com/ev/a1", title="一"),
                         _article(url="https://mp.ofweek.com/ev/a2", title="二")])
    monkeypatch.undo()
    assert store.ledger.find(article_keys(_article(url="https://mp.ofweek.com/ev/a1"))) is None
    assert store.save(_article(url="https://mp.ofweek.com/ev/a1", title="一")).outcome is Outcome.NEW
    store.close()
    assert len(_jsonl(tmp_path)) == 2


def test_the_ledger_is_not_locked_while_a_batch_waits_for_the_disk(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Other workers writing into the same archive must not wait for this one's fsyncs."""
    from newscrawl.archive import store as store_module

    real_write = store_module.write_temporary_files
    real_rename = store_module.rename_into_place
    real_append = JsonLinesAppender.append_many
    checked = []

    def ledger_free() -> None:
        other = sqlite3.connect(tmp_path / "ledger.sqlite3", timeout=0, isolation_level=None)
        try:
            other.execute("BEGIN IMMEDIATE")  # raises "database is locked" if this process held it
            other.execute("ROLLBACK")
        finally:
            other.close()
        checked.append(True)

    def write_checked(files: Any) -> Any:
        ledger_free()
        return real_write(files)

    def rename_checked(temporaries: Any) -> None:
        ledger_free()
        real_rename(temporaries)

    def append_checked(self: JsonLinesAppender, records: Any) -> int:
        ledger_free()
        return real_append(self, records)

    monkeypatch.setattr(store_module, "write_temporary_files", write_checked)
    monkeypatch.setattr(store_module, "rename_into_place", rename_checked)
    monkeypatch.setattr(JsonLinesAppender, "append_many", append_checked)
    store = _open(tmp_path)
    store.save(_article(url="https://mp.ofweek.com/ev/a0", title="先前"))
    results = store.save_many([_article(url="https://mp.ofweek.com/ev/a1", title="一"),
                               _article(url="https://mp.ofweek.com/ev/a0", title="先前", body="<p>新</p>")])
    store.close()
    assert [getattr(result, "outcome", None) for result in results] == [Outcome.NEW, Outcome.UPDATED]
    assert len(checked) == 6
