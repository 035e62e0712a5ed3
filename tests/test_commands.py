"""``scrapy extract`` and ``scrapy render`` as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscrawl.commands.extract import HANDOVERS_WAITING_PER_PROCESS, PAGES_PER_HANDOVER
from newscrawl.portals import all_portals
from newscrawl.recordings import RecordingStore
from tests.conftest import FIXTURES, REPLAY_DIR, run_scrapy


def _sample_case() -> tuple[dict[str, object], dict[str, object]]:
    for meta_path in sorted((FIXTURES / "portals" / "ofweek").glob("*/meta.json")):
        expected = json.loads((meta_path.parent / "expected.json").read_text(encoding="utf-8"))
        if expected.get("title") == "三人成虎，小米联手北汽造电动车“绯闻”成真？":
            return json.loads(meta_path.read_text(encoding="utf-8")), expected
    raise AssertionError("the sample's fixture is missing")


def _saved_page(tmp_path: Path, url: str) -> Path:
    recording = RecordingStore(REPLAY_DIR).find("GET", url)
    assert recording is not None
    path = tmp_path / "page.html"
    path.write_bytes(recording.body())
    return path


def test_extract_prints_the_article_of_a_saved_page(tmp_path: Path) -> None:
    meta, expected = _sample_case()
    page = _saved_page(tmp_path, str(meta["url"]))
    result = run_scrapy("extract", "--url", str(meta["url"]), str(page))
    assert result.returncode == 0, result.stderr
    article = json.loads(result.stdout)
    assert article["portal"] == "ofweek"
    assert article["body_html"] == expected["body_html"]
    assert article["date_published"] == expected["date_published"]
    assert article["field_sources"]["body_html"] == "layout:2022"


def test_extract_manifest_prints_one_line_per_page_in_order(tmp_path: Path) -> None:
    meta, _ = _sample_case()
    page = _saved_page(tmp_path, str(meta["url"]))
    other = FIXTURES / "generic"
    generic_case = sorted(path.parent for path in other.glob("*/meta.json"))[0]
    generic_url = json.loads((generic_case / "meta.json").read_text(encoding="utf-8"))["url"]
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text(
        json.dumps({"path": str(generic_case / "page.html"), "url": generic_url}) + "\n"
        + json.dumps({"path": page.name, "url": meta["url"]}) + "\n",
        encoding="utf-8",
    )
    result = run_scrapy("extract", "--manifest", str(manifest))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["url"] for line in lines] == [generic_url, meta["url"]]
    assert lines[0]["portal"] is None and lines[0]["title"]
    assert lines[1]["portal"] == "ofweek"


def test_extract_manifest_on_several_processes_prints_what_one_prints_in_the_manifests_order(tmp_path: Path) -> None:
    """More pages than the processes' waiting hand-overs hold, with a missing page and a bad entry among them."""
    cases = sorted(path.parent for path in (FIXTURES / "generic").glob("*/meta.json"))
    entries = [{"path": str(case / "page.html"), "url": json.loads((case / "meta.json").read_text("utf-8"))["url"]}
               for case in cases] * 5
    assert len(entries) > 3 * HANDOVERS_WAITING_PER_PROCESS * PAGES_PER_HANDOVER
    entries.insert(5, {"path": str(tmp_path / "gone.html"), "url": "https://example.com/gone"})
    entries.insert(40, {"path": "no-url.html"})
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text("".join(json.dumps(entry) + "\n" for entry in entries), encoding="utf-8")
    outputs = {}
    for processes in ("1", "3"):
        result = run_scrapy("extract", "--processes", processes, "--manifest", str(manifest))
        assert result.returncode == 1, result.stderr[-2000:]
        assert f"{manifest}:6: " in result.stderr and f"{manifest}:41: an entry needs" in result.stderr
        outputs[processes] = [{name: value for name, value in json.loads(line).items() if name != "fetched_at"}
                               for line in result.stdout.splitlines()]
    assert [line.get("url") for line in outputs["1"]] == [entry.get("url") for entry in entries]
    assert "error" in outputs["1"][5] and "error" in outputs["1"][40] and outputs["1"][6]["title"]
    assert outputs["3"] == outputs["1"]
    assert run_scrapy("extract", "--processes", "0", "--manifest", str(manifest)).returncode != 0


def test_extract_without_a_url_is_a_usage_error(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html></html>")
    assert run_scrapy("extract", str(page)).returncode != 0


@pytest.fixture(scope="module")
def crawled_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("crawl")
    result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}")
    assert result.returncode == 0, result.stderr[-3000:]
    return archive


def test_render_regenerates_the_crawled_posts_from_the_json_lines(crawled_archive: Path, tmp_path: Path) -> None:
    result = run_scrapy("render", str(crawled_archive / "articles.jsonl"), "-s", f"NEWSCRAWL_POSTS_DIR={tmp_path}")
    assert result.returncode == 0, result.stdout + result.stderr
    crawled = {path.relative_to(crawled_archive / "posts"): path.read_bytes()
               for path in (crawled_archive / "posts").rglob("*.md")}
    rendered = {path.relative_to(tmp_path): path.read_bytes() for path in tmp_path.rglob("*.md")}
    assert rendered == crawled


def test_render_needs_only_the_five_fields(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({
        "url": "https://example.com/a", "title": "Hello: world", "categories": ["新媒体", "Example", "最新"],
        "date_published": "2024-01-02T03:04:05+00:00", "body_html": "<p>x {y}</p>"}) + "\n", encoding="utf-8")
    result = run_scrapy("render", str(items), "-s", f"NEWSCRAWL_POSTS_DIR={tmp_path / 'posts'}")
    assert result.returncode == 0, result.stdout + result.stderr
    post = (tmp_path / "posts" / "新媒体" / "Example" / "最新" / "Hello_ world.md").read_text(encoding="utf-8")
    assert "date: Tue, 02 Jan 2024 03:04:05 GMT" in post
    assert "<p>x &#123;y&#125;</p>" in post


def test_render_reports_records_it_cannot_render(tmp_path: Path) -> None:
    items = tmp_path / "items.jsonl"
    items.write_text(json.dumps({"url": "https://example.com/a", "title": "t", "categories": ["a", "b", "c"],
                                 "body_html": "<p>x</p>"}) + "\n", encoding="utf-8")
    result = run_scrapy("render", str(items), "-s", f"NEWSCRAWL_POSTS_DIR={tmp_path / 'posts'}")
    assert result.returncode != 0
    assert "no date_published" in result.stdout


def test_scrapy_list_shows_one_spider_per_portal_news_and_ccnews() -> None:
    result = run_scrapy("list")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == sorted([portal.name for portal in all_portals()] + ["ccnews", "news"])
    assert "ofweek" in result.stdout.split()
    assert "several spiders with the same name" not in result.stderr
