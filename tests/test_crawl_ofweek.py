"""End to end: ``scrapy crawl ofweek`` in a subprocess, over replay and over HTTP from a loopback server.

The archive it writes must hold one post per good recorded article (the sample byte for byte among them), one
JSON line per post, and a second identical run must write nothing.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from tests.conftest import FIXTURES, REPLAY_DIR, RecordedSite, json_records, run_scrapy

SEED = FIXTURES / "hexo" / "seed" / "000_31e88c7ec9520441.txt"
SEED_PATH = "新媒体/高科技行业门户/新闻/三人成虎，小米联手北汽造电动车_绯闻_成真？.md"


def _good_cases() -> list[dict[str, object]]:
    """The expected records of the cases the recorded listing lists (a case without listing hints is an extraction
    case only: a channel sub-site page, a two-page story)."""
    cases = []
    for expected_path in sorted((FIXTURES / "portals" / "ofweek").glob("*/expected.json")):
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        meta = json.loads((expected_path.parent / "meta.json").read_text(encoding="utf-8"))
        if "dropped" not in expected and meta.get("listing"):
            cases.append(expected)
    return cases


def _crawl(archive: Path, *settings: str) -> str:
    arguments = ["crawl", "ofweek", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "LOG_LEVEL=INFO"]
    for setting in settings:
        arguments += ["-s", setting]
    result = run_scrapy(*arguments)
    assert result.returncode == 0, result.stderr[-5000:]
    return result.stderr


def _posts(archive: Path) -> dict[str, bytes]:
    posts_dir = archive / "posts"
    return {path.relative_to(posts_dir).as_posix(): path.read_bytes() for path in sorted(posts_dir.rglob("*.md"))}


def _front_matter(post: bytes) -> dict[str, object]:
    text = post.decode("utf-8")
    assert text.startswith("\n---\n")
    parsed = yaml.safe_load(text[len("\n---\n"):].split("\n---\n", 1)[0])
    assert isinstance(parsed, dict)
    return parsed


def _jsonl(archive: Path) -> list[dict[str, object]]:
    return json_records(archive / "articles.jsonl")


@pytest.fixture(scope="module")
def replay_archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    archive = tmp_path_factory.mktemp("replay") / "archive"
    log = _crawl(archive, f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}")
    return archive, log


def test_replay_crawl_writes_one_post_per_good_article(replay_archive: tuple[Path, str]) -> None:
    archive, _ = replay_archive
    posts = _posts(archive)
    assert len(posts) == len(_good_cases()) >= 12
    assert all(path.startswith("新媒体/高科技行业门户/新闻/") for path in posts)


def test_replay_crawl_reproduces_the_sample_byte_for_byte(replay_archive: tuple[Path, str]) -> None:
    archive, _ = replay_archive
    assert _posts(archive)[SEED_PATH] == SEED.read_bytes()


@pytest.mark.parametrize("number", ["006", "007"])
def test_replay_crawl_reproduces_real_archive_posts(replay_archive: tuple[Path, str], number: str) -> None:
    """Two recorded mp articles carry the bodies of real archive posts: their posts come out as published."""
    archive, _ = replay_archive
    published = (FIXTURES / "hexo" / "examples" / "高科技行业门户" / f"{number}.md").read_bytes()
    assert published in _posts(archive).values()


def test_replay_crawl_writes_a_json_line_per_post(replay_archive: tuple[Path, str]) -> None:
    archive, _ = replay_archive
    records = _jsonl(archive)
    assert sorted(str(record["url"]) for record in records) == sorted(str(case["url"]) for case in _good_cases())
    for record in records:
        assert record["portal"] == "ofweek"
        assert str(record["date_published"]).endswith("+08:00")


def test_every_post_front_matter_reads_back(replay_archive: tuple[Path, str]) -> None:
    archive, _ = replay_archive
    for path, data in _posts(archive).items():
        parsed = _front_matter(data)
        assert parsed["categories"] == ["新媒体", "高科技行业门户", "新闻"], path
        assert parsed["author"] == "高科技行业门户", path
        assert isinstance(parsed["title"], str) and parsed["title"], path
        assert b"{" not in data and b"}" not in data, path


def test_broken_article_is_dropped_with_a_logged_reason(replay_archive: tuple[Path, str]) -> None:
    _, log = replay_archive
    assert "Dropped article (no_body): " in log
    assert "'newscrawl/dropped/no_body': 1" in log


def test_the_crawl_says_what_it_did(replay_archive: tuple[Path, str]) -> None:
    archive, log = replay_archive
    summary = re.search(r"newscrawl ofweek finished \(finished\): .*; report (\S+)\n", log)
    assert summary is not None, log[-3000:]
    assert summary[0].startswith(
        f"newscrawl ofweek finished (finished): {len(_good_cases())} new, 0 updated, 0 unchanged, "
        "dropped {'no_body': 1}, failed {'http_404': 1}, 0 blocked, exit 0 (success); report ")
    report = Path(summary[1])
    assert report.parent == archive / "runs" and report.name.endswith("Z-ofweek.json")
    assert json.loads(report.read_text(encoding="utf-8"))["articles"]["new"] == len(_good_cases())


def test_a_second_identical_run_writes_nothing(replay_archive: tuple[Path, str], tmp_path: Path) -> None:
    archive, _ = replay_archive
    before = {path: path.stat().st_mtime_ns for path in archive.rglob("*.md")}
    jsonl_before = (archive / "articles.jsonl").read_bytes()
    log = _crawl(archive, f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}")  # exit 0 asserted there, both times
    assert f"finished (finished): 0 new, 0 updated, {len(_good_cases())} unchanged" in log
    assert {path: path.stat().st_mtime_ns for path in archive.rglob("*.md")} == before
    assert (archive / "articles.jsonl").read_bytes() == jsonl_before


def test_posts_dir_can_point_at_a_hexo_site(tmp_path: Path) -> None:
    site_posts = tmp_path / "blog" / "source" / "_posts"
    _crawl(tmp_path / "archive", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}", f"NEWSCRAWL_POSTS_DIR={site_posts}")
    assert (site_posts / SEED_PATH).read_bytes() == SEED.read_bytes()
    assert not (tmp_path / "archive" / "posts").exists()


def test_standard_feeds_keep_working(tmp_path: Path) -> None:
    feed = tmp_path / "out.jsonl"
    result = run_scrapy("crawl", "ofweek", "-O", str(feed), "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path / 'archive'}")
    assert result.returncode == 0, result.stderr[-3000:]
    rows = json_records(feed)
    assert len(rows) == len(_good_cases())


def test_byline_setting_makes_the_post_author_the_byline(tmp_path: Path) -> None:
    _crawl(tmp_path, f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}", "NEWSCRAWL_POST_AUTHOR=byline")
    authors = {_front_matter(data)["author"] for data in _posts(tmp_path).values()}
    assert authors - {"高科技行业门户"}, "no post took its byline"


def test_a_request_without_recording_is_never_fetched_live(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "ofweek", "-a", "start_url=https://www.ofweek.com/not-recorded.html",
                        "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path}")
    assert "No recording for GET https://www.ofweek.com/not-recorded.html" in result.stderr
    assert "'newscrawl/replay/missing': 1" in result.stderr
    assert "archived no article at all" in result.stderr
    assert result.returncode == 4  # nothing found


def test_crawl_over_http_from_a_loopback_server(recorded_site: RecordedSite, tmp_path: Path) -> None:
    log = _crawl(tmp_path, f"NEWSCRAWL_ORIGIN_OVERRIDE={recorded_site.origin}")
    assert _posts(tmp_path)[SEED_PATH] == SEED.read_bytes()
    assert len(_posts(tmp_path)) == len(_good_cases())
    requests = recorded_site.requests()
    hosts = {request["host"] for request in requests}
    assert {"www.ofweek.com", "mp.ofweek.com"} <= hosts
    assert any(request["path"] == "/robots.txt" for request in requests)
    assert "Dropped article (no_body)" in log
