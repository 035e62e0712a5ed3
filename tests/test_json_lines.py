"""JSON lines from any writer: records split on ``\\n`` only, read as a stream, bad lines reported where they are.

The end-to-end test writes hostile titles, categories and bodies through ``scrapy crawl … -O out.jsonl`` (Scrapy's
feed exporter, raw U+2028 and friends included) and checks that ``scrapy render`` gives every record back.
"""

from __future__ import annotations

import json
import tracemalloc
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from scrapy.exporters import JsonLinesItemExporter

from newscrawl.archive.hexo_post import parse_post, post_title
from newscrawl.json_lines import read_json_lines, read_line
from newscrawl.settings import FEED_EXPORT_ENCODING
from tests.conftest import FIXTURES, json_records, run_scrapy
from tests.hostile_records import LINE_BREAKS, RAW_IN_JSON, hostile_article, hostile_values


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def test_records_split_on_newlines_only(tmp_path: Path) -> None:
    titles = [f"a{brk}b" for brk in ("\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e")]
    data = "".join(json.dumps({"title": title}, ensure_ascii=False) + "\n" for title in titles).encode("utf-8")
    assert len(data.decode("utf-8").splitlines()) > len(titles)  # what str.splitlines() would have cut
    lines = list(read_json_lines(_write(tmp_path / "items.jsonl", data)))
    assert [line.record for line in lines] == [{"title": title} for title in titles]
    assert [line.number for line in lines] == list(range(1, len(titles) + 1))
    assert lines[-1].end == len(data)


def test_a_line_without_a_record_is_reported_with_its_file_and_number(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl",
                  b'{"a": 1}\n\n[1, 2]\n{"b": \n\xff\xfe\n  \n"text"\n{"c": 3}\r\n{"d": 4}')
    lines = list(read_json_lines(path))
    assert [(line.number, line.record) for line in lines if line.record is not None] == [
        (1, {"a": 1}), (8, {"c": 3}), (9, {"d": 4})]  # CRLF and a last line without its newline are read
    problems = {line.where: line.problem for line in lines if line.record is None}
    assert list(problems) == [f"{path}:3", f"{path}:4", f"{path}:5", f"{path}:7"]
    assert problems[f"{path}:3"] == "not a JSON object but list"
    assert problems[f"{path}:4"].startswith("not JSON")
    assert problems[f"{path}:5"].startswith("not UTF-8")
    assert problems[f"{path}:7"] == "not a JSON object but str"


def test_reading_from_an_offset_and_stopping_before_a_line_still_being_written(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl", b'{"a": 1}\n{"b": 2}\n{"c": ')
    assert [(line.end, line.record) for line in read_json_lines(path, start=9, whole_lines_only=True)] == [
        (18, {"b": 2})]


def test_each_line_has_its_byte_offsets_and_a_last_line_without_newline_is_marked_torn(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl", b'\xef\xbb\xbf{"a": 1}\n\n{"b": 2}\n{"c": 3}')
    lines = list(read_json_lines(path))
    assert [(line.number, line.start, line.end, line.torn, line.record) for line in lines] == [
        (1, 0, 12, False, {"a": 1}), (3, 13, 22, False, {"b": 2}), (4, 22, 30, True, {"c": 3})]
    assert read_line(path, 0, 12) == {"a": 1} and read_line(path, 13, 22) == {"b": 2}


def test_control_characters_a_lenient_writer_left_raw_are_read(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl", b'{"title": "a\x0bb\x0cc\x1cd\x1de\x1ef\rg"}\n')
    assert [line.record for line in read_json_lines(path)] == [{"title": "a\x0bb\x0cc\x1cd\x1de\x1ef\rg"}]


def test_a_byte_order_mark_at_the_start_is_ignored(tmp_path: Path) -> None:
    path = _write(tmp_path / "items.jsonl", b'\xef\xbb\xbf{"a": 1}\n{"b": 2}\n')
    assert [line.record for line in read_json_lines(path)] == [{"a": 1}, {"b": 2}]


def test_a_missing_file_fails_when_asked_for_not_at_its_first_line(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_json_lines(tmp_path / "missing.jsonl")


def test_memory_does_not_grow_with_the_file(tmp_path: Path) -> None:
    record = json.dumps({"title": "标题\u2028" * 20, "body_html": "<p>x</p>" * 20}, ensure_ascii=False) + "\n"
    path = tmp_path / "big.jsonl"
    with path.open("w", encoding="utf-8", newline="") as handle:
        for _ in range(40_000):
            handle.write(record)
    size = path.stat().st_size
    tracemalloc.start()
    try:
        count = sum(1 for line in read_json_lines(path) if line.record is not None)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    assert size > 10_000_000 and peak < 1_000_000, (size, peak)


def test_render_reports_bad_lines_and_renders_the_others(tmp_path: Path) -> None:
    good = {"url": "https://example.com/a", "title": "Line\u2028separated", "categories": ["a", "b\u2029", "c"],
            "date_published": "2024-01-02T03:04:05+00:00", "body_html": "<p>x\u0085y</p>"}
    items = _write(tmp_path / "items.jsonl", (json.dumps(good, ensure_ascii=False) + "\nnot json\n"
                                              + json.dumps({**good, "url": "https://example.com/b",
                                                            "title": "Other"}, ensure_ascii=False)
                                              + "\n").encode("utf-8"))
    result = run_scrapy("render", str(items), str(tmp_path / "missing.jsonl"),
                        "-s", f"NEWSCRAWL_POSTS_DIR={tmp_path / 'posts'}")
    assert result.returncode == 1
    assert f"{items}:2: not rendered: not JSON" in result.stdout
    assert f"{tmp_path / 'missing.jsonl'}: not read:" in result.stdout
    assert "2 posts written" in result.stdout and "2 not rendered" in result.stdout
    titles = sorted(parse_post(path.read_text(encoding="utf-8")).title for path in (tmp_path / "posts").rglob("*.md"))
    assert titles == ["Line\u2028separated", "Other"]


@pytest.fixture(scope="module")
def hostile_feed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """``scrapy crawl hostile_records -O out.jsonl``: the feed and the crawl's own archive."""
    folder = tmp_path_factory.mktemp("hostile-feed")
    result = run_scrapy("crawl", "hostile_records", "-s", "SPIDER_MODULES=tests.hostile_records",
                        "-O", str(folder / "out.jsonl"), "-s", f"NEWSCRAWL_ARCHIVE_DIR={folder / 'archive'}",
                        timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder / "out.jsonl", folder / "archive"


def test_the_feed_holds_every_hostile_record_with_raw_line_separators(hostile_feed: tuple[Path, Path]) -> None:
    feed, _ = hostile_feed
    records = json_records(feed)
    values = hostile_values()
    assert len(records) == len(values) >= 600
    assert len(records) + 3 * len(records) >= 1_172  # titles and categories
    text = feed.read_text(encoding="utf-8")
    for brk in RAW_IN_JSON:
        assert brk in text, f"the feed escapes {brk!r}: the test would not see a reader splitting on it"
    assert len(text.splitlines()) > len(records)  # str.splitlines() would lose records


def _rendered_posts(items: Path, posts: Path) -> dict[Path, bytes]:
    result = run_scrapy("render", str(items), "-s", f"NEWSCRAWL_POSTS_DIR={posts}", timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert f"{len(json_records(items))} posts written" in result.stdout
    return {path.relative_to(posts): path.read_bytes() for path in posts.rglob("*.md")}


def _assert_each_record_is_one_post(records: list[dict[str, Any]], posts: dict[Path, bytes]) -> None:
    """Every record has its post, showing its title (as the format adapts titles), categories and body."""
    expected = Counter((post_title(record["title"]), tuple(record["categories"]), record["body_html"])
                       for record in records)
    shown = Counter((post.title, post.categories, post.body_html)
                    for post in (parse_post(data.decode("utf-8")) for data in posts.values()))
    assert shown == expected


def test_render_gives_back_every_hostile_record_of_the_feed(hostile_feed: tuple[Path, Path], tmp_path: Path) -> None:
    feed, archive = hostile_feed
    rendered = _rendered_posts(feed, tmp_path)
    crawled = {path.relative_to(archive / "posts"): path.read_bytes() for path in (archive / "posts").rglob("*.md")}
    assert rendered == crawled  # byte for byte the posts the crawl wrote from the same records
    _assert_each_record_is_one_post(json_records(feed), rendered)


def test_render_gives_back_hostile_records_as_scrapy_s_exporter_writes_them(tmp_path: Path) -> None:
    """Titles too keep their line separators here: the records go straight to the exporter the feed uses, with
    the project's FEED_EXPORT_ENCODING, without the pipelines' whitespace normalisation."""
    items = tmp_path / "items.jsonl"
    with items.open("wb") as handle:
        exporter = JsonLinesItemExporter(handle, encoding=FEED_EXPORT_ENCODING)
        exporter.start_exporting()
        for index, value in enumerate(hostile_values()):
            exporter.export_item(hostile_article(index, value))
        exporter.finish_exporting()
    records = json_records(items)
    assert len(records) == len(hostile_values())
    assert all(any(brk in record["title"] for record in records) for brk in LINE_BREAKS)
    _assert_each_record_is_one_post(records, _rendered_posts(items, tmp_path / "posts"))


def test_extract_manifest_reads_entries_split_on_newlines_only_and_reports_bad_lines(tmp_path: Path) -> None:
    case = sorted(path.parent for path in (FIXTURES / "generic").glob("*/meta.json"))[0]
    url = json.loads((case / "meta.json").read_text(encoding="utf-8"))["url"]
    page = tmp_path / "saved\u2028page\u2029.html"  # the manifest holds it raw, as a non-ASCII writer leaves it
    page.write_bytes((case / "page.html").read_bytes())
    manifest = tmp_path / "pages.jsonl"
    manifest.write_text(json.dumps({"path": page.name, "url": url}, ensure_ascii=False) + "\n{oops\n"
                        + json.dumps({"path": page.name}) + "\n", encoding="utf-8")
    result = run_scrapy("extract", "--manifest", str(manifest))
    assert result.returncode == 1
    outputs = [json.loads(line) for line in result.stdout.split("\n") if line]
    assert [output["url"] for output in outputs] == [url, None, None]
    assert outputs[0]["title"] and "error" not in outputs[0]
    assert outputs[1]["error"].startswith("not JSON") and outputs[2]["error"] == 'an entry needs "path" and "url"'
    assert f"{manifest}:2: not JSON" in result.stderr and f"{manifest}:3: an entry needs" in result.stderr
