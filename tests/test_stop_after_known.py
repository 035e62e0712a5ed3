"""Listing pagination stops after NEWSCRAWL_STOP_AFTER_KNOWN consecutive already-archived articles.

Unit tests feed a listing page's output through the middleware; the end-to-end tests crawl the replay twice.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.archive.ledger import Ledger, LedgerEntry
from newscrawl.request_kinds import ARTICLE, DISCOVERY, LISTING, REQUEST_KIND
from newscrawl.spidermiddlewares.stop_after_known import KNOWN_STREAK, StopAfterKnownMiddleware
from newscrawl.urls import article_key
from tests.conftest import REPLAY_DIR, run_scrapy

LISTING_URL = "https://news.example/list"


def _article(number: int) -> Request:
    return Request(f"https://news.example/a/{number}?utm_source=list", meta={REQUEST_KIND: ARTICLE})


def _next_page() -> Request:
    return Request(f"{LISTING_URL}?page=2", meta={REQUEST_KIND: LISTING})


def _listing_response(streak: int | None = None, kind: str = LISTING) -> HtmlResponse:
    meta: dict[str, Any] = {REQUEST_KIND: kind}
    if streak is not None:
        meta[KNOWN_STREAK] = streak
    return HtmlResponse(LISTING_URL, body=b"<html></html>", request=Request(LISTING_URL, meta=meta))


def _archive(tmp_path: Path, known: Iterable[int], written_at: str = "2020-01-01T00:00:00+00:00") -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    for number in known:
        key = article_key(f"https://news.example/a/{number}")
        ledger.record(LedgerEntry(key, f"https://news.example/a/{number}", f"{number}.md", "h", 1), written_at)
    ledger.close()


def _middleware(tmp_path: Path, limit: int = 3) -> StopAfterKnownMiddleware:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_ARCHIVE_DIR": str(tmp_path), "NEWSCRAWL_STOP_AFTER_KNOWN": limit})
    middleware = StopAfterKnownMiddleware.from_crawler(crawler)
    middleware.spider_opened()
    return middleware


def _run(middleware: StopAfterKnownMiddleware, response: HtmlResponse, output: list[Any]) -> list[Any]:
    return list(middleware.process_spider_output(response, output))


def _urls(output: list[Any]) -> list[str]:
    return [element.url for element in output]


def test_pagination_stops_after_the_limit_of_consecutive_known_articles(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    _archive(tmp_path, [1, 2, 3])
    middleware = _middleware(tmp_path, limit=3)
    articles = [_article(number) for number in (1, 2, 3, 4)]
    with caplog.at_level(logging.INFO):
        output = _run(middleware, _listing_response(), [*articles, _next_page()])
    assert output == articles  # every article is still fetched (edits must be seen); the next page is not
    assert middleware.crawler.stats is not None
    assert middleware.crawler.stats.get_value("newscrawl/listing_stopped_known") == 1
    stops = [record for record in caplog.records if "Stopping pagination" in record.getMessage()]
    assert len(stops) == 1 and LISTING_URL in stops[0].getMessage()


def test_an_unknown_article_breaks_the_run(tmp_path: Path) -> None:
    _archive(tmp_path, [1, 2, 4])
    middleware = _middleware(tmp_path, limit=3)
    output = _run(middleware, _listing_response(), [_article(1), _article(2), _article(3), _article(4), _next_page()])
    assert _urls(output)[-1] == f"{LISTING_URL}?page=2"
    assert output[-1].meta[KNOWN_STREAK] == 1  # the page ended with one known article
    assert middleware.crawler.stats is not None
    assert middleware.crawler.stats.get_value("newscrawl/listing_stopped_known") is None


def test_the_run_continues_from_the_previous_page(tmp_path: Path) -> None:
    _archive(tmp_path, [5])
    middleware = _middleware(tmp_path, limit=3)
    output = _run(middleware, _listing_response(streak=2), [_article(5), _next_page()])
    assert _urls(output) == ["https://news.example/a/5?utm_source=list"]
    output = _run(middleware, _listing_response(streak=1), [_article(5), _next_page()])
    assert _urls(output) == ["https://news.example/a/5?utm_source=list", f"{LISTING_URL}?page=2"]


def test_a_listing_request_yielded_before_the_articles_waits_for_them(tmp_path: Path) -> None:
    _archive(tmp_path, [1, 2, 3])
    middleware = _middleware(tmp_path, limit=3)
    output = _run(middleware, _listing_response(), [_next_page(), _article(1), _article(2), _article(3)])
    assert [element.meta[REQUEST_KIND] for element in output] == [ARTICLE] * 3


def test_articles_first_archived_by_this_very_run_are_not_known(tmp_path: Path) -> None:
    _archive(tmp_path, [1, 2, 3], written_at="2999-01-01T00:00:00+00:00")
    middleware = _middleware(tmp_path, limit=3)
    output = _run(middleware, _listing_response(), [_article(1), _article(2), _article(3), _next_page()])
    assert len(output) == 4


def test_no_ledger_yet_means_nothing_is_known(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path, limit=1)
    assert len(_run(middleware, _listing_response(), [_article(1), _next_page()])) == 2


def test_an_article_page_output_passes_untouched(tmp_path: Path) -> None:
    _archive(tmp_path, [1])
    middleware = _middleware(tmp_path, limit=1)
    output = [{"item": 1}, _article(1), _next_page()]
    assert _run(middleware, _listing_response(kind=ARTICLE), output) == output


def test_the_asynchronous_output_is_treated_alike(tmp_path: Path) -> None:
    _archive(tmp_path, [1, 2, 3])
    middleware = _middleware(tmp_path, limit=3)

    async def output() -> AsyncIterator[Any]:
        for element in [_article(1), _next_page(), _article(2), _article(3), {"item": 1}]:
            yield element

    async def collect() -> list[Any]:
        return [element async for element in middleware.process_spider_output_async(_listing_response(), output())]

    result = asyncio.run(collect())
    assert [getattr(element, "url", element) for element in result] == [
        "https://news.example/a/1?utm_source=list", "https://news.example/a/2?utm_source=list",
        "https://news.example/a/3?utm_source=list", {"item": 1}]


def test_zero_disables_the_middleware(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        StopAfterKnownMiddleware.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_STOP_AFTER_KNOWN": 0}))


# --- end to end: the replay listing has 7 entries on page 1 (6 good articles, then a 404) and 7 on page 2 ----


def _crawl(archive: Path, stop_after_known: int) -> dict[str, Any]:
    result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}", "-s",
                        f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", f"NEWSCRAWL_STOP_AFTER_KNOWN={stop_after_known}")
    assert result.returncode == 0, result.stderr[-3000:]
    reports = sorted((archive / "runs").glob("*.json"))
    return {"log": result.stderr, "report": json.loads(reports[-1].read_text(encoding="utf-8"))}


@pytest.fixture(scope="module")
def crawled_once(tmp_path_factory: pytest.TempPathFactory) -> Path:
    archive = tmp_path_factory.mktemp("stop-after-known") / "archive"
    first = _crawl(archive, stop_after_known=1)
    assert "'newscrawl/listing_pages': 2" in first["log"]  # nothing known yet: every page is read
    return archive


def test_a_second_run_stops_paging_once_the_limit_of_known_articles_is_reached(crawled_once: Path) -> None:
    second = _crawl(crawled_once, stop_after_known=6)
    assert "'newscrawl/listing_pages': 1" in second["log"]
    assert "'newscrawl/listing_stopped_known': 1" in second["log"]
    assert "Stopping pagination after https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html" in second["log"]
    assert second["report"]["articles"] == {"new": 0, "updated": 0, "unchanged": 6}


def test_a_second_run_reads_on_when_the_known_run_is_shorter_than_the_limit(crawled_once: Path) -> None:
    second = _crawl(crawled_once, stop_after_known=7)
    assert "'newscrawl/listing_pages': 2" in second["log"]
    assert "listing_stopped_known" not in second["log"]


def test_discovery_requests_are_never_stopped(tmp_path: Path) -> None:
    _archive(tmp_path, [1, 2, 3])
    middleware = _middleware(tmp_path, limit=3)
    section = Request("https://news.example/section/", meta={REQUEST_KIND: DISCOVERY})
    output = _run(middleware, _listing_response(), [_article(1), _article(2), _article(3), section, _next_page()])
    assert _urls(output) == [*_urls([_article(1), _article(2), _article(3)]), "https://news.example/section/"]
