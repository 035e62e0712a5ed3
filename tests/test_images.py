"""Image archiving (``NEWSCRAWL_IMAGES=1``) over a replay copy holding a tiny PNG for every recorded body image.

The 25 body images of the OFweek recordings get three distinct 1×1 PNGs between them (so most contents are
shared by several URLs), except the one the fixtures already record as a 404.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import struct
import zlib
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Request
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.pipelines.download_images import DownloadImagesPipeline
from newscrawl.recordings import RecordingStore
from tests.conftest import FIXTURES, REPLAY_DIR, json_records, run_scrapy
from tests.servers.threaded_site import threaded_site

MISSING_IMAGE = "https://images.ofweek.com/Upload/News/2022-8/29/robot/1661766032475093311.jpg"


def _png(red: int, green: int, blue: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(bytes([0, red, green, blue]))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


CONTENTS = [_png(255, 0, 0), _png(0, 255, 0), _png(0, 0, 255)]


def _body_images() -> list[str]:
    """The body images of the cases the recorded listing lists (the crawl's articles)."""
    urls: dict[str, None] = {}
    for expected_path in sorted((FIXTURES / "portals" / "ofweek").glob("*/expected.json")):
        if not json.loads((expected_path.parent / "meta.json").read_text(encoding="utf-8")).get("listing"):
            continue  # an extraction case, not listed: the crawl never sees its images
        urls.update(dict.fromkeys(json.loads(expected_path.read_text(encoding="utf-8")).get("images", [])))
    return list(urls)


RECORDED_IMAGES = {url: CONTENTS[number % len(CONTENTS)]
                   for number, url in enumerate(url for url in _body_images() if url != MISSING_IMAGE)}


@pytest.fixture(scope="module")
def replay_with_images(tmp_path_factory: pytest.TempPathFactory) -> Path:
    replay = tmp_path_factory.mktemp("images") / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    for url, data in RECORDED_IMAGES.items():
        host = url.split("/")[2]
        name = hashlib.sha1(url.encode()).hexdigest()[:16]
        (replay / host).mkdir(exist_ok=True)
        (replay / host / f"{name}.body").write_bytes(data)
        # The server says JPEG for .jpg URLs: the stored file is still named by what the bytes are.
        content_type = "image/jpeg" if url.endswith(".jpg") else "image/png"
        (replay / host / f"{name}.json").write_text(json.dumps({
            "url": url, "status": 200, "headers": {"Content-Type": [content_type]}, "body_file": f"{name}.body",
            "provenance": "test: a 1x1 PNG standing in for the image"}), encoding="utf-8")
    return replay


def _crawl(archive: Path, replay: Path, *settings: str) -> dict[str, Any]:
    arguments = ["crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={replay}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}"]
    for setting in settings:
        arguments += ["-s", setting]
    result = run_scrapy(*arguments)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    return {"log": result.stderr, "report": report}


def _posts(archive: Path) -> dict[str, str]:
    return {path.relative_to(archive / "posts").as_posix(): path.read_text(encoding="utf-8")
            for path in (archive / "posts").rglob("*.md")}


def _records(archive: Path) -> list[dict[str, Any]]:
    return json_records(archive / "articles.jsonl")


@pytest.fixture(scope="module")
def crawled(replay_with_images: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    archive = tmp_path_factory.mktemp("archive-with-images")
    return {"archive": archive, **_crawl(archive, replay_with_images, "NEWSCRAWL_IMAGES=1")}


def test_every_distinct_content_is_stored_once_under_its_hash(crawled: dict[str, Any]) -> None:
    files = sorted(path for path in (crawled["archive"] / "images").rglob("*") if path.is_file())
    assert len(files) == len(CONTENTS) < len(RECORDED_IMAGES)
    for path in files:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        assert path.relative_to(crawled["archive"]).as_posix() == f"images/{digest[:2]}/{digest}.png"
    images = crawled["report"]["images"]
    assert images["stored"] == len(CONTENTS)
    assert images["stored"] + images["deduplicated"] == len(RECORDED_IMAGES)


def test_the_json_lines_list_the_local_copies(crawled: dict[str, Any]) -> None:
    records = _records(crawled["archive"])
    assert sum(len(record["image_files"]) for record in records) == len(RECORDED_IMAGES)
    for record in records:
        assert [image["url"] for image in record["image_files"]] == [url for url in record["images"]
                                                                      if url != MISSING_IMAGE]
        for image in record["image_files"]:
            stored = (crawled["archive"] / image["path"]).read_bytes()
            assert stored == RECORDED_IMAGES[image["url"]]
            assert image["sha256"] == hashlib.sha256(stored).hexdigest()


def test_a_missing_image_is_reported_without_failing_its_article(crawled: dict[str, Any]) -> None:
    report = crawled["report"]
    assert report["failed"] == {"http_404": 1, "image/http_404": 1}
    assert report["exit_status"] == 0
    assert report["articles"]["new"] == 12
    assert f"Image not archived (http_404): {MISSING_IMAGE} in https://www.ofweek.com/robot/" in crawled["log"]
    assert "Traceback" not in crawled["log"]


def test_posts_keep_the_remote_urls_byte_for_byte_by_default(crawled: dict[str, Any], tmp_path: Path) -> None:
    _crawl(tmp_path, REPLAY_DIR)
    assert _posts(crawled["archive"]) == _posts(tmp_path)


def test_local_posts_point_at_the_archived_copies(replay_with_images: Path, crawled: dict[str, Any],
                                                  tmp_path: Path) -> None:
    _crawl(tmp_path, replay_with_images, "NEWSCRAWL_IMAGES=1", "NEWSCRAWL_POST_IMAGES=local")
    remote_posts = _posts(crawled["archive"])
    local_posts = _posts(tmp_path)
    assert local_posts.keys() == remote_posts.keys()
    by_url = {image["url"]: image for record in _records(tmp_path) for image in record["image_files"]}
    for name, remote in remote_posts.items():
        expected = remote
        for url, image in by_url.items():
            local = f'/images/{image["path"].removeprefix("images/")}'
            expected = expected.replace(f'src="{url}"', f'src="{local}"')
            # headimg and thumbnail are the body's first image: they follow it
            expected = expected.replace(f"headimg: '{url}'", f"headimg: '{local}'")
            expected = expected.replace(f"thumbnail: '{url}'", f"thumbnail: '{local}'")
        assert local_posts[name] == expected, name
    every_post = "".join(local_posts.values())
    assert f'src="{MISSING_IMAGE}"' in every_post  # not archived: stays remote
    assert not any(f'src="{url}"' in every_post for url in RECORDED_IMAGES)


def test_a_second_run_downloads_no_image_again(replay_with_images: Path, tmp_path: Path) -> None:
    _crawl(tmp_path, replay_with_images, "NEWSCRAWL_IMAGES=1")
    files_before = {path: path.stat().st_mtime_ns for path in (tmp_path / "images").rglob("*.png")}
    second = _crawl(tmp_path, replay_with_images, "NEWSCRAWL_IMAGES=1")
    assert second["report"]["images"] == {"stored": 0, "deduplicated": 0, "already_archived": len(RECORDED_IMAGES),
                                          "failed": 1}
    assert second["report"]["articles"]["unchanged"] == 12
    assert {path: path.stat().st_mtime_ns for path in (tmp_path / "images").rglob("*.png")} == files_before


def _enabled_pipelines(log: str) -> str:
    return log.split("Enabled item pipelines:", 1)[1].split("]", 1)[0]


def test_without_the_setting_no_media_pipeline_runs(crawled: dict[str, Any], tmp_path: Path) -> None:
    assert "DownloadImagesPipeline" in _enabled_pipelines(crawled["log"])
    plain = _crawl(tmp_path, REPLAY_DIR)
    assert "DownloadImagesPipeline" not in _enabled_pipelines(plain["log"])
    assert "'file_count'" not in plain["log"] and "'newscrawl/images/" not in plain["log"]
    assert not (tmp_path / "images").exists()
    assert all(record["image_files"] == [] for record in _records(tmp_path))


def test_images_are_fetched_with_the_article_as_referer(replay_with_images: Path, tmp_path: Path) -> None:
    with threaded_site(RecordingStore(replay_with_images)) as site:
        result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_ORIGIN_OVERRIDE={site.origin}",
                            "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path}", "-s", "NEWSCRAWL_IMAGES=1")
        assert result.returncode == 0, result.stderr[-3000:]
    article_of = {url: record["url"] for record in _records(tmp_path) for url in record["images"]}
    image_requests = [request for request in site.requests if request.path.startswith("/Upload/")]
    assert len(image_requests) == len(RECORDED_IMAGES) + 1
    for request in image_requests:
        url = next(url for url in article_of if url.split("/", 3)[3] == request.path.lstrip("/")
                   and url.split("/")[2] == request.host)
        assert request.headers["Referer"] == article_of[url]


def test_requests_are_built_from_the_body_images_only() -> None:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_IMAGES": True, "NEWSCRAWL_ARCHIVE_DIR": "unused"})
    pipeline = DownloadImagesPipeline.from_crawler(crawler)
    article = Article(url="https://example.com/a", lead_image="https://example.com/lead.png",
                      images=["https://cdn.example/1.png", "data:image/png;base64,AAAA", "https://cdn.example/1.png"])
    requests = pipeline.get_media_requests(article, info=None)  # type: ignore[arg-type]
    assert [request.url for request in requests] == ["https://cdn.example/1.png"]
    assert isinstance(requests[0], Request) and requests[0].headers["Referer"] == b"https://example.com/a"
    assert requests[0].meta["allow_offsite"] is True
    assert pipeline.get_media_requests({"not": "an article"}, info=None) == []  # type: ignore[arg-type]
