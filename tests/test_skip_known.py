"""NEWSCRAWL_SKIP_KNOWN=1: article requests for articles the ledger holds are dropped; listings are paged on.

The end-to-end proof (resuming a crawl killed 24 times) is tests/reliability/test_kill_and_resume.py.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.archive.ledger import Ledger, LedgerEntry
from newscrawl.request_kinds import ARTICLE, DISCOVERY, LISTING, REQUEST_KIND
from newscrawl.spidermiddlewares.skip_known import SkipKnownArticlesMiddleware
from newscrawl.spidermiddlewares.stop_after_known import StopAfterKnownMiddleware
from newscrawl.urls import article_key

LISTING_URL = "https://news.example/list"
RESPONSE = HtmlResponse(LISTING_URL, body=b"<html></html>", request=Request(LISTING_URL, meta={REQUEST_KIND: LISTING}))


def _article(number: int, **kwargs: Any) -> Request:
    return Request(f"https://news.example/a/{number}?utm_source=list", meta={REQUEST_KIND: ARTICLE}, **kwargs)


def _archive(tmp_path: Path, *numbers: int) -> None:
    ledger = Ledger(tmp_path / "ledger.sqlite3")
    for number in numbers:
        url = f"https://www.news.example/a/{number}"
        ledger.record(LedgerEntry(article_key(url), url, f"{number}.md", "h", 1), "2020-01-01T00:00:00+00:00",
                      aliases=[article_key(f"https://news.example/amp/{number}")])
    ledger.close()


def _middleware(tmp_path: Path) -> SkipKnownArticlesMiddleware:
    crawler = get_crawler(settings_dict={"NEWSCRAWL_ARCHIVE_DIR": str(tmp_path), "NEWSCRAWL_SKIP_KNOWN": True})
    return SkipKnownArticlesMiddleware.from_crawler(crawler)


def test_known_articles_are_not_requested_again_and_everything_else_passes(tmp_path: Path) -> None:
    _archive(tmp_path, 1, 3)
    middleware = _middleware(tmp_path)
    next_page = Request(f"{LISTING_URL}?page=2", meta={REQUEST_KIND: LISTING})
    section = Request("https://news.example/world/", meta={REQUEST_KIND: DISCOVERY})
    output = list(middleware.process_spider_output(RESPONSE, [_article(1), _article(2), _article(3), next_page,
                                                             section, {"item": 1}]))
    assert output == [output[0], next_page, section, {"item": 1}]
    assert output[0].url == "https://news.example/a/2?utm_source=list"
    assert middleware.crawler.stats is not None
    assert middleware.crawler.stats.get_value("newscrawl/skipped/known") == 2


def test_a_portal_article_fetched_from_an_api_is_known_by_its_public_url(tmp_path: Path) -> None:
    _archive(tmp_path, 7)
    middleware = _middleware(tmp_path)
    api_request = Request("https://api.news.example/article?id=7", meta={REQUEST_KIND: ARTICLE},
                          cb_kwargs={"public_url": "https://news.example/amp/7"})
    assert list(middleware.process_spider_output(RESPONSE, [api_request])) == []


def test_the_async_output_is_filtered_alike(tmp_path: Path) -> None:
    _archive(tmp_path, 1)
    middleware = _middleware(tmp_path)

    async def output() -> AsyncIterator[Any]:
        for number in (1, 2):
            yield _article(number)

    async def collect() -> list[Any]:
        return [element async for element in middleware.process_spider_output_async(RESPONSE, output())]

    assert [request.url for request in asyncio.run(collect())] == ["https://news.example/a/2?utm_source=list"]


def test_without_an_archive_nothing_is_known(tmp_path: Path) -> None:
    middleware = _middleware(tmp_path / "new")
    assert len(list(middleware.process_spider_output(RESPONSE, [_article(1)]))) == 1


def test_off_by_default_and_it_turns_stopping_after_known_articles_off(tmp_path: Path) -> None:
    with pytest.raises(NotConfigured):
        SkipKnownArticlesMiddleware.from_crawler(get_crawler(settings_dict={"NEWSCRAWL_ARCHIVE_DIR": str(tmp_path)}))
    resuming = get_crawler(settings_dict={"NEWSCRAWL_ARCHIVE_DIR": str(tmp_path), "NEWSCRAWL_SKIP_KNOWN": True})
    with pytest.raises(NotConfigured):
        StopAfterKnownMiddleware.from_crawler(resuming)
