"""``NEWSCRAWL_REPLAY_DIR`` holding WARC (and WACZ) files: a crawl replayed from the WARC files the capture wrote
writes the same posts as the crawl that captured them."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from newscrawl.warc.replay import ReplayRecordings
from tests.conftest import REPLAY_DIR, json_records, run_scrapy
from tests.warc.conftest import CapturedCrawl, posts_of


def _crawl_from(replay_dir: Path, archive: Path) -> str:
    result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={replay_dir}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "NEWSCRAWL_IMAGES=1")
    assert result.returncode == 0, result.stderr[-5000:]
    return result.stderr


def test_a_replay_crawl_from_the_captured_warcs_writes_the_same_posts(captured_crawl: CapturedCrawl,
                                                                       tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    log = _crawl_from(captured_crawl.warc_dir, archive)
    # The recordings lack most of the articles' images: the same ones are missing from the WARC files.
    assert _missing(log) == _missing(captured_crawl.log)
    posts = posts_of(archive)
    assert posts == posts_of(captured_crawl.archive)
    assert len(posts) >= 12
    fields = ("url", "title", "authors", "date_published", "body_html", "image_files", "field_sources")
    # The same records, in whatever order each crawl's extractions ended.
    assert (sorted(({name: record[name] for name in fields} for record in json_records(archive / "articles.jsonl")),
                   key=lambda record: record["url"])
            == sorted(({name: record[name] for name in fields}
                       for record in json_records(captured_crawl.archive / "articles.jsonl")),
                      key=lambda record: record["url"]))
    images = sorted(path.name for path in (archive / "images").rglob("*.*"))
    assert images and images == sorted(path.name for path in (captured_crawl.archive / "images").rglob("*.*"))


def _missing(log: str) -> list[str]:
    return sorted(line.split("No recording for ", 1)[1].split(" in ", 1)[0] for line in log.splitlines()
                  if "No recording for " in line)


def test_a_wacz_package_answers_like_its_warc_files(captured_crawl: CapturedCrawl, tmp_path: Path) -> None:
    package = tmp_path / "replay" / "crawl.wacz"
    package.parent.mkdir()
    with zipfile.ZipFile(package, "w", compression=zipfile.ZIP_STORED) as wacz:
        for path in captured_crawl.warc_files():
            wacz.write(path, f"archive/{path.name}")
    from_wacz = ReplayRecordings(package.parent)
    from_warc = ReplayRecordings(captured_crawl.warc_dir)
    assert len(from_wacz) == len(from_warc) > 20
    for recording in from_warc.warc:
        found = from_wacz.find(recording.method, recording.url)
        assert found is not None and found.body() == recording.body() and found.status == recording.status


def test_json_recordings_and_warc_files_share_a_folder(captured_crawl: CapturedCrawl, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    shutil.copytree(REPLAY_DIR / "www.ofweek.com", folder / "www.ofweek.com")
    for path in captured_crawl.warc_files():
        shutil.copy(path, folder / path.name)
    recordings = ReplayRecordings(folder)
    assert len(recordings) == len(recordings.json) + len(recordings.warc)
    assert recordings.find("GET", "https://mp.ofweek.com/ev/a556714178926") is not None
    assert recordings.find("GET", "https://www.ofweek.com/nowhere.html") is None
