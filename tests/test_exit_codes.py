"""``scrapy crawl`` exit codes, from real crawls in a subprocess over replay or a loopback server.

0 success, 1 fatal (Scrapy's own), 2 usage error (Scrapy's own), 3 partial failure, 4 nothing found,
5 interrupted.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from newscrawl.recordings import RecordingStore
from tests.conftest import PROJECT_ROOT, REPLAY_DIR, run_scrapy
from tests.servers.threaded_site import threaded_site

LISTING = "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html"
EMPTY_LISTING = "https://www.ofweek.com/CATList-8100-EMPTY.html"
# www-title-quotes, linked from listing page 1
ARTICLE_RECORDING = "portal-cases/ofweek/www-title-quotes/meta.json"


def _replay_copy(tmp_path: Path) -> Path:
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    return replay


def _crawl(archive: Path, replay: Path, *arguments: str) -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={replay}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", *arguments)
    reports = sorted((archive / "runs").glob("*.json"))
    assert reports, result.stderr[-3000:]
    return result, json.loads(reports[-1].read_text(encoding="utf-8"))


def test_success_is_0(tmp_path: Path) -> None:
    result, report = _crawl(tmp_path, REPLAY_DIR)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (report["exit_status"], report["exit_status_name"], report["exit_status_reasons"]) == (0, "success", [])
    assert report["failed"] == {"http_404": 1}  # a deleted article is reported, but is no failure of the run
    assert "'newscrawl/exit_status': 0" in result.stderr


def test_an_article_that_fails_to_download_is_a_partial_failure_3(tmp_path: Path) -> None:
    replay = _replay_copy(tmp_path)
    (replay / ARTICLE_RECORDING).unlink()
    result, report = _crawl(tmp_path / "archive", replay)
    assert result.returncode == 3, result.stderr[-3000:]
    assert report["exit_status_name"] == "partial"
    assert report["failed"] == {"http_404": 1, "no_recording": 1}
    assert report["exit_status_reasons"] == ["no_recording: 1"]
    assert report["articles"]["new"] == 11
    assert "newscrawl ofweek partly failed: no_recording: 1" in result.stderr


def test_an_empty_listing_is_nothing_found_4(tmp_path: Path) -> None:
    replay = _replay_copy(tmp_path)
    host = replay / "www.ofweek.com"
    (host / "CATList-8100-EMPTY.html.body").write_bytes(
        b"<html><head><meta charset='GBK'><title>OFweek</title></head><body><div class='list-left'>"
        b"<p>no entries</p></div></body></html>")
    (host / "CATList-8100-EMPTY.html.json").write_text(json.dumps({
        "url": EMPTY_LISTING, "status": 200, "headers": {"Content-Type": ["text/html; charset=GBK"]},
        "body_file": "CATList-8100-EMPTY.html.body", "provenance": "test: a listing whose layout changed"}))
    result, report = _crawl(tmp_path / "archive", replay, "-a", f"start_url={EMPTY_LISTING}")
    assert result.returncode == 4, result.stderr[-3000:]
    assert report["exit_status_name"] == "nothing_found"
    assert report["listing"]["empty"] == 1
    assert "archived no article at all" in result.stderr


def test_a_listing_with_only_articles_older_than_since_is_a_success(tmp_path: Path) -> None:
    result, report = _crawl(tmp_path, REPLAY_DIR, "-a", "since=2030-01-01")
    assert result.returncode == 0, result.stderr[-3000:]
    assert report["articles"] == {"new": 0, "updated": 0, "unchanged": 0}
    assert report["listing"]["skipped_older_than_since"] > 0


def test_an_unknown_spider_stays_scrapys_fatal_error_1(tmp_path: Path) -> None:
    assert run_scrapy("crawl", "no-such-portal", "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path}").returncode == 1


def test_a_bad_spider_argument_is_fatal_1(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "ofweek", "-a", "since=yesterday", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path}")
    assert result.returncode == 1


def test_a_usage_error_stays_2() -> None:
    assert run_scrapy("crawl").returncode == 2


def _start_crawl(origin: str, archive: Path, *settings: str) -> subprocess.Popen[str]:
    arguments = ["crawl", "ofweek", "-s", f"NEWSCRAWL_ORIGIN_OVERRIDE={origin}",
                 "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "RETRY_ENABLED=0", *settings]
    return subprocess.Popen([sys.executable, "-m", "scrapy", *arguments], cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})


def _article_path(path: str) -> bool:
    return path not in ("/robots.txt", "/CATList-8100-CHANGYIEXINWE.html", "/CATList-8100-CHANGYIEXINWE-2.html")


@pytest.mark.parametrize("signal_number", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_crawl_is_5_and_still_reports(tmp_path: Path, signal_number: int) -> None:
    """The site answers listings and holds every article request: the crawl is in flight when it is signalled."""
    with threaded_site(RecordingStore(REPLAY_DIR), hold=_article_path) as site:
        crawl = _start_crawl(site.origin, tmp_path, "-s", "DOWNLOAD_TIMEOUT=3")
        try:
            assert site.held_request_arrived.wait(timeout=60), "the crawl never asked for an article"
            crawl.send_signal(signal_number)
            _, stderr = crawl.communicate(timeout=60)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    assert crawl.returncode == 5, stderr[-3000:]
    [report_path] = (tmp_path / "runs").glob("*.json")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["finish_reason"], report["exit_status"], report["exit_status_name"]) == ("shutdown", 5,
                                                                                            "interrupted")
    assert "newscrawl ofweek finished (shutdown)" in stderr


def test_a_crawl_stopped_by_force_is_5_without_a_report(tmp_path: Path) -> None:
    """A second signal stops the reactor at once: the spider never closes, the exit code still says so."""
    with threaded_site(RecordingStore(REPLAY_DIR), hold=_article_path) as site:
        crawl = _start_crawl(site.origin, tmp_path, "-s", "DOWNLOAD_TIMEOUT=60")
        try:
            assert site.held_request_arrived.wait(timeout=60), "the crawl never asked for an article"
            crawl.send_signal(signal.SIGINT)
            assert crawl.stderr is not None
            deadline = time.monotonic() + 30
            for line in crawl.stderr:  # the second signal must come after the first one was handled
                if "shutting down gracefully" in line or time.monotonic() > deadline:
                    break
            crawl.send_signal(signal.SIGINT)
            _, stderr = crawl.communicate(timeout=60)
        finally:
            if crawl.poll() is None:
                crawl.kill()
    assert crawl.returncode == 5, stderr[-3000:]
    assert not list((tmp_path / "runs").glob("*.json"))
