"""``scrapy reextract WARC...``: the captured crawl's WARC files extracted again through the crawl's pipelines."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import Response

from newscrawl.request_kinds import ARTICLE, REQUEST_KIND
from newscrawl.warc.capture import WarcFiles, exchange_records, gzip_members
from newscrawl.warc.reader import read_responses
from tests.conftest import FIXTURES, REPLAY_DIR, json_records, run_scrapy
from tests.warc.conftest import CapturedCrawl, posts_of

SEED_URL = "https://mp.ofweek.com/ev/a556714178926"


def _reextract(archive: Path, *warcs: Path) -> dict[str, object]:
    result = run_scrapy("reextract", *map(str, warcs), "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}")
    assert result.returncode == 0, result.stderr[-5000:]
    (report,) = sorted((archive / "runs").glob("*-reextract.json"))[-1:]
    return json.loads(report.read_text(encoding="utf-8"))


def _without_fetch_time(records: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{name: value for name, value in record.items() if name != "fetched_at"} for record in records]


def test_reextract_into_a_fresh_archive_writes_the_crawls_posts(captured_crawl: CapturedCrawl,
                                                                tmp_path: Path) -> None:
    archive = tmp_path / "fresh"
    report = _reextract(archive, captured_crawl.warc_dir)
    crawl_posts = posts_of(captured_crawl.archive)
    assert posts_of(archive) == crawl_posts
    assert report["articles"] == {"new": len(crawl_posts), "updated": 0, "unchanged": 0}
    # In the order the pages were received, the crawl's in the order its extractions ended.
    crawl_records = sorted(json_records(captured_crawl.archive / "articles.jsonl"), key=lambda record: record["url"])
    records = sorted(json_records(archive / "articles.jsonl"), key=lambda record: record["url"])
    # Images are not downloaded again (NEWSCRAWL_IMAGES is off here); everything else is the crawl's record.
    assert ([{**record, "image_files": []} for record in _without_fetch_time(records)]
            == [{**record, "image_files": []} for record in _without_fetch_time(crawl_records)])
    # The time the page was fetched is the record's WARC-Date, a moment before the crawl's own.
    for record, crawled in zip(records, crawl_records, strict=True):
        assert record["fetched_at"] <= crawled["fetched_at"]


def test_reextract_of_unchanged_pages_writes_nothing(captured_crawl: CapturedCrawl, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(captured_crawl.archive, archive)
    lines_before = (archive / "articles.jsonl").read_bytes()
    posts_before = posts_of(archive)
    report = _reextract(archive, *captured_crawl.warc_files())
    assert report["articles"] == {"new": 0, "updated": 0, "unchanged": len(posts_before)}
    assert report["exit_status"] == 0
    assert (archive / "articles.jsonl").read_bytes() == lines_before
    assert posts_of(archive) == posts_before


def _changed_capture(captured_crawl: CapturedCrawl, folder: Path) -> None:
    """A WARC file holding the seed article captured again after the site changed one sentence."""
    for path in captured_crawl.warc_files():
        with path.open("rb") as stream:
            for record in read_responses(stream):
                if record.url == SEED_URL:
                    seed = record
    before = "小米".encode()
    assert before in seed.body()
    request = Request(SEED_URL, meta={REQUEST_KIND: ARTICLE},
                      cb_kwargs={name: value for name, value in seed.context.items() if name != "kind"})
    response = Response(SEED_URL, headers=dict(seed.payload_headers()),
                        body=seed.body().replace(before, "大米".encode()), request=request)
    files = WarcFiles(folder)
    files.write(gzip_members(exchange_records(request, response, datetime.now(UTC))), 2)
    files.close()


def test_reextract_of_a_changed_page_is_an_edit(captured_crawl: CapturedCrawl, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(captured_crawl.archive, archive)
    posts_before = posts_of(archive)
    lines_before = json_records(archive / "articles.jsonl")
    _changed_capture(captured_crawl, tmp_path / "recaptured")
    report = _reextract(archive, tmp_path / "recaptured")
    assert report["articles"] == {"new": 0, "updated": 1, "unchanged": 0}
    lines = json_records(archive / "articles.jsonl")
    assert lines[: len(lines_before)] == lines_before
    (edit,) = lines[len(lines_before):]
    assert edit["url"] == SEED_URL and "大米" in edit["body_html"]
    posts = posts_of(archive)
    changed = [name for name in posts if posts[name] != posts_before[name]]
    assert len(changed) == 1 and set(posts) == set(posts_before)
    assert "大米".encode() in posts[changed[0]]


def test_reextract_without_warc_files_is_a_usage_error(tmp_path: Path) -> None:
    result = run_scrapy("reextract", str(tmp_path / "nowhere.warc.gz"))
    assert result.returncode == 2
    assert "not found" in result.stderr


@pytest.mark.parametrize("spider", [
    "arstechnica",  # a story on two pages: the second is read from the captured files, as the crawl followed it
    "huxiu",        # a POST JSON listing, articles read from an API with their public URL from the listing
    "news",         # a page reached through a URL that said nothing, archived because it declares an article
])
def test_reextract_gives_the_posts_of_the_crawl_that_captured_the_pages(spider: str, tmp_path: Path) -> None:
    arguments = ["-a", "url=https://www.riverside-gazette.example/", "-s",
                 f"NEWSCRAWL_REPLAY_DIR={FIXTURES / 'sites' / 'news-example'}"] if spider == "news" else [
                 "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}"]
    crawl = run_scrapy("crawl", spider, *arguments, "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path / 'crawl'}",
                       "-s", f"NEWSCRAWL_WARC_DIR={tmp_path / 'warc'}")
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    report = _reextract(tmp_path / "again", tmp_path / "warc")
    posts = posts_of(tmp_path / "crawl")
    assert posts_of(tmp_path / "again") == posts and len(posts) >= 3
    assert report["articles"]["new"] == len(posts)
