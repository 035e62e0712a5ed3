"""The run report: failures read from Scrapy's stats, the exit status, field fill rates, the runs/ file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scrapy import Spider
from scrapy.utils.test import get_crawler

from newscrawl.extensions.run_report import (
    BODY_SANITIZED_STAT,
    EXIT_STATUS_STAT,
    ExitStatus,
    FieldFillRates,
    RunReport,
    exit_status,
    failures,
    partial_failure_reasons,
)
from newscrawl.items import Article
from tests.conftest import REPLAY_DIR, run_scrapy


def test_download_errors_by_type_less_the_attempts_that_were_retried() -> None:
    stats = {
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 3,
        "retry/reason_count/twisted.internet.error.TimeoutError": 2,  # two retries, the third attempt failed for good
        "downloader/exception_type_count/twisted.internet.error.DNSLookupError": 1,
        "downloader/exception_type_count/scrapy.core.downloader.handlers.http11.TunnelError": 2,
        "retry/reason_count/scrapy.core.downloader.handlers.http11.TunnelError": 2,  # retried, then succeeded
    }
    assert failures(stats) == {"download/DNSLookupError": 1, "download/TimeoutError": 1}


def test_http_errors_missing_recordings_and_spider_errors() -> None:
    stats = {
        "httperror/response_ignored_status_count/404": 2,
        "httperror/response_ignored_status_count/503": 1,
        "httperror/response_ignored_count": 3,
        "downloader/exception_type_count/newscrawl.downloadhandlers.replay.MissingRecording": 1,
        "newscrawl/replay/missing": 1,
        "spider_exceptions/count": 1,
        "spider_exceptions/KeyError": 1,
    }
    assert failures(stats) == {"http_404": 2, "http_503": 1, "no_recording": 1, "spider_error/KeyError": 1}


def test_image_failures_are_counted_apart_from_the_pages() -> None:
    stats = {
        "downloader/exception_type_count/twisted.internet.error.DNSLookupError": 3,
        "newscrawl/images/failed/download/DNSLookupError": 2,
        "newscrawl/replay/missing": 2,
        "downloader/exception_type_count/newscrawl.downloadhandlers.replay.MissingRecording": 2,
        "newscrawl/images/failed/no_recording": 2,
        "newscrawl/images/failed/http_404": 1,
    }
    assert failures(stats) == {"download/DNSLookupError": 1, "image/download/DNSLookupError": 2,
                               "image/http_404": 1, "image/no_recording": 2}


def test_gone_pages_deleted_articles_and_images_do_not_make_a_run_partial() -> None:
    assert partial_failure_reasons({"http_404": 3, "http_410": 1, "image/http_404": 2},
                                   {"no_body": 1, "duplicate": 2, "not_html": 1}, blocked=0) == []
    assert partial_failure_reasons({"http_503": 1, "download/TimeoutError": 2}, {"no_date": 1, "no_body": 1},
                                   blocked=2) == ["http_503: 1", "download/TimeoutError: 2", "dropped no_date: 1",
                                                  "blocked: 2"]


@pytest.mark.parametrize(("finish_reason", "archived", "skipped", "reasons", "status"), [
    ("finished", 5, 0, [], ExitStatus.SUCCESS),
    ("finished", 5, 0, ["no_recording: 1"], ExitStatus.PARTIAL),
    ("finished", 0, 0, ["http_403: 9"], ExitStatus.NOTHING_FOUND),
    ("finished", 0, 4, [], ExitStatus.SUCCESS),  # everything listed was older than -a since
    ("closespider_timeout", 5, 0, [], ExitStatus.SUCCESS),
    ("shutdown", 0, 0, ["no_recording: 1"], ExitStatus.INTERRUPTED),
])
def test_exit_status(finish_reason: str, archived: int, skipped: int, reasons: list[str], status: ExitStatus) -> None:
    assert exit_status(finish_reason, archived, skipped, reasons) is status


def test_a_resumed_run_with_every_article_archived_already_is_a_success() -> None:
    assert exit_status("finished", 0, 0, [], skipped_as_known=1000) is ExitStatus.SUCCESS


def test_a_shared_crawl_process_that_took_no_request_did_not_find_nothing() -> None:
    # It joined when the crawl's other processes had done everything: it read no page, the site is not to blame.
    assert exit_status("finished", 0, 0, [], took_no_shared_request=True) is ExitStatus.SUCCESS
    assert exit_status("finished", 0, 0, []) is ExitStatus.NOTHING_FOUND


def test_exit_codes_are_distinct_and_leave_2_to_scrapy() -> None:
    assert [int(status) for status in ExitStatus] == [0, 1, 3, 4, 5, 6, 7]


def test_fill_rates_per_portal() -> None:
    rates = FieldFillRates()
    rates.add(Article(url="https://a/1", portal="ofweek", title="t", authors=["x"]))
    rates.add(Article(url="https://a/2", portal="ofweek", title="", authors=[]))
    rates.add(Article(url="https://b/1", title="t"))
    result = rates.rates()
    assert result["ofweek"]["articles"] == 2
    assert result["ofweek"]["fields"]["url"] == 1.0
    assert result["ofweek"]["fields"]["title"] == 0.5
    assert result["ofweek"]["fields"]["authors"] == 0.5
    assert result["ofweek"]["fields"]["body_html"] == 0.0
    assert result["generic"]["articles"] == 1


def _extension(tmp_path: Path) -> RunReport:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_ARCHIVE_DIR": str(tmp_path)})
    return RunReport.from_crawler(crawler)


def test_the_report_is_written_atomically_into_runs_and_never_overwritten(tmp_path: Path) -> None:
    extension = _extension(tmp_path)
    report = extension.build_report("ofweek", "finished", {"newscrawl/articles/new": 2})
    first, second = extension.write(report), extension.write(report)
    assert first != second and first.parent == second.parent == tmp_path / "runs"
    assert first.name.endswith("Z-ofweek.json") and second.name.endswith("Z-ofweek-2.json")
    assert json.loads(first.read_text(encoding="utf-8")) == report
    assert [path.name for path in (tmp_path / "runs").iterdir() if path.name.startswith(".")] == []


def test_closing_sets_the_exit_status_stat(tmp_path: Path) -> None:
    extension = _extension(tmp_path)
    extension.spider_opened()
    stats = extension.crawler.stats
    assert stats is not None
    stats.set_value("newscrawl/articles/unchanged", 3)
    stats.set_value("newscrawl/replay/missing", 1)
    extension.spider_closed(Spider(name="ofweek"), "finished")
    assert stats.get_value(EXIT_STATUS_STAT) == ExitStatus.PARTIAL
    [path] = (tmp_path / "runs").glob("*.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["exit_status_reasons"] == ["no_recording: 1"]


EXPECTED_KEYS = ["schema", "spider", "started_at", "finished_at", "duration_seconds", "finish_reason", "exit_status",
                 "exit_status_name", "exit_status_reasons", "archive_fault", "articles", "dropped", "failed", "blocked",
                 "blocked_by_reason", "bodies_sanitized", "listing", "images", "requests", "fill_rates", "layouts",
                 "fallbacks", "archive"]


def test_a_replay_crawl_reports_what_it_did(tmp_path: Path) -> None:
    result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path}")
    assert result.returncode == 0, result.stderr[-3000:]
    [path] = (tmp_path / "runs").glob("*.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert list(report) == EXPECTED_KEYS
    assert report["spider"] == "ofweek" and report["finish_reason"] == "finished"
    assert report["started_at"] <= report["finished_at"] and report["duration_seconds"] > 0
    assert report["articles"] == {"new": 12, "updated": 0, "unchanged": 0}
    assert report["dropped"] == {"no_body": 1}
    assert report["failed"] == {"http_404": 1}
    assert report["blocked"] == 0
    assert report["listing"] == {"pages": 2, "empty": 0, "article_links": 14, "skipped_older_than_since": 0,
                                 "skipped_known": 0, "stopped_after_known": 0}
    ofweek = report["fill_rates"]["ofweek"]
    assert ofweek["articles"] == 12
    fields = ofweek["fields"]
    assert fields["title"] == fields["body_html"] == fields["date_published"] == 1.0
    assert fields["images"] == round(11 / 12, 4)  # www-code-braces has no image
    assert fields["date_modified"] == 0.0
    # Articles per portal layout (the deleted-article page has no body), and no field left to a fallback.
    assert report["layouts"] == {"2022": 12, "none": 1}
    assert report["fallbacks"] == {}
    assert path.name.startswith(report["started_at"][:10].replace("-", ""))


def test_sanitised_bodies_are_counted_in_the_report_and_named_in_the_summary(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    extension = _extension(tmp_path)
    extension.spider_opened()
    for sanitized in (True, False, True):
        extension.item_scraped(Article(url="https://news.example.com/a", portal="example", body_sanitized=sanitized))
    stats = extension.crawler.stats
    assert stats is not None
    assert stats.get_value(BODY_SANITIZED_STAT) == 2
    stats.set_value("newscrawl/articles/new", 3)
    with caplog.at_level("INFO", logger="newscrawl.extensions.run_report"):
        extension.spider_closed(Spider(name="example"), "finished")
    [path] = (tmp_path / "runs").glob("*.json")
    assert json.loads(path.read_text(encoding="utf-8"))["bodies_sanitized"] == 2
    assert ", 0 blocked, 2 bodies sanitised, exit 0 (success)" in caplog.text


def test_a_run_without_sanitised_bodies_reports_zero_and_keeps_the_summary_short(tmp_path: Path) -> None:
    extension = _extension(tmp_path)
    extension.item_scraped(Article(url="https://news.example.com/a"))
    assert extension.build_report("example", "finished", {})["bodies_sanitized"] == 0
