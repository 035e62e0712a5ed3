"""Retry-After, robots.txt status classes, reported redirect loops and chains, size limits: in-process."""

from __future__ import annotations

import gzip
from email.utils import formatdate

import pytest
from scrapy import Request
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import HtmlResponse, Response
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.redirect import ReportedMetaRefreshMiddleware, ReportedRedirectMiddleware
from newscrawl.downloadermiddlewares.retry_after import retry_after_seconds
from newscrawl.downloadermiddlewares.robots_txt import robots_status_class
from newscrawl.downloadermiddlewares.size_limit import BoundedHttpCompressionMiddleware, DownloadSizeLimitMiddleware
from newscrawl.extensions.run_report import failures, partial_failure_reasons


def test_retry_after_in_seconds_and_as_a_date() -> None:
    assert retry_after_seconds(b"120") == 120.0
    assert retry_after_seconds(" 0 ") == 0.0
    assert retry_after_seconds(formatdate(1_000_030, usegmt=True), now=1_000_000) == 30.0
    assert retry_after_seconds(formatdate(999_000, usegmt=True), now=1_000_000) == 0.0  # in the past
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None and retry_after_seconds("-5") is None


@pytest.mark.parametrize(("status", "kind"), [(200, "rules"), (404, "unavailable"), (401, "unavailable"),
                                              (410, "unavailable"), (429, "unreachable"), (500, "unreachable"),
                                              (503, "unreachable")])
def test_robots_txt_status_classes_follow_rfc_9309(status: int, kind: str) -> None:
    assert robots_status_class(status) == kind


def _stat(crawler_object: object, key: str) -> int:
    stats = crawler_object.crawler.stats  # type: ignore[attr-defined]
    return int(stats.get_value(key, 0))


def test_a_redirect_back_into_the_chain_is_a_loop() -> None:
    middleware = ReportedRedirectMiddleware.from_crawler(get_crawler())
    request = Request("https://news.example/b", meta={"redirect_urls": ["https://news.example/a"],
                                                      "redirect_times": 1, "redirect_ttl": 4})
    response = Response("https://news.example/b", status=302, headers={"Location": "/a"}, request=request)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, response)
    assert _stat(middleware, "newscrawl/failed/redirect_loop") == 1


def test_a_chain_past_redirect_max_times_is_reported() -> None:
    middleware = ReportedRedirectMiddleware.from_crawler(get_crawler(settings_dict={"REDIRECT_MAX_TIMES": 5}))
    chain = [f"https://news.example/{hop}" for hop in range(5)]
    request = Request("https://news.example/5", meta={"redirect_urls": chain, "redirect_times": 5,
                                                      "redirect_ttl": 1})
    response = Response(request.url, status=301, headers={"Location": "/6"}, request=request)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, response)
    assert _stat(middleware, "newscrawl/failed/too_many_redirects") == 1


def test_a_meta_refresh_loop_is_reported_too() -> None:
    middleware = ReportedMetaRefreshMiddleware.from_crawler(get_crawler())
    request = Request("https://news.example/a")
    response = HtmlResponse(request.url, body=b'<meta http-equiv="refresh" content="0; url=/a">', request=request)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, response)
    assert _stat(middleware, "newscrawl/failed/redirect_loop") == 1


@pytest.mark.parametrize("target", ["javascript:alert(1)", "JavaScript:alert(1)", "data:text/html,<script>x</script>",
                                    "vbscript:msgbox(1)"])
def test_a_meta_refresh_to_a_non_web_url_keeps_the_page(target: str) -> None:
    middleware = ReportedMetaRefreshMiddleware.from_crawler(get_crawler())
    request = Request("https://news.example/a")
    body = f'<meta http-equiv="refresh" content="0;url={target}"><p>the article</p>'.encode()
    response = HtmlResponse(request.url, body=body, request=request)
    assert middleware.process_response(request, response) is response


def test_a_location_to_a_script_url_is_not_followed() -> None:
    middleware = ReportedRedirectMiddleware.from_crawler(get_crawler())
    request = Request("https://news.example/a")
    response = Response(request.url, status=302, headers={"Location": "javascript:alert(1)"}, request=request)
    assert middleware.process_response(request, response) is response


def test_a_meta_refresh_to_another_page_is_still_followed() -> None:
    middleware = ReportedMetaRefreshMiddleware.from_crawler(get_crawler())
    request = Request("https://news.example/a")
    response = HtmlResponse(request.url, body=b'<meta http-equiv="refresh" content="0;url=/b">', request=request)
    followed = middleware.process_response(request, response)
    assert isinstance(followed, Request) and followed.url == "https://news.example/b"


def test_a_cancelled_download_is_too_large_and_not_retried() -> None:
    middleware = DownloadSizeLimitMiddleware.from_crawler(get_crawler())
    with pytest.raises(IgnoreRequest):
        middleware.process_exception(Request("https://news.example/huge"), DownloadCancelledError())
    assert _stat(middleware, "newscrawl/failed/too_large") == 1
    assert middleware.process_exception(Request("https://news.example/"), ValueError()) is None


def test_a_decompression_bomb_is_too_large() -> None:
    crawler = get_crawler(settings_dict={"DOWNLOAD_MAXSIZE": 1024 * 1024})
    middleware = BoundedHttpCompressionMiddleware.from_crawler(crawler)
    request = Request("https://news.example/bomb")
    bomb = gzip.compress(b"\0" * (8 * 1024 * 1024))
    response = Response(request.url, body=bomb, headers={"Content-Encoding": "gzip"}, request=request)
    with pytest.raises(IgnoreRequest):
        middleware.process_response(request, response)
    assert _stat(middleware, "newscrawl/failed/too_large") == 1


def test_refusals_are_reported_but_not_partial_failures() -> None:
    stats = {"newscrawl/refused/private_address": 2, "newscrawl/refused/unsafe_scheme": 1, "robotstxt/forbidden": 3,
             "newscrawl/failed/too_large": 1, "newscrawl/failed/redirect_loop": 1,
             "downloader/exception_type_count/scrapy.exceptions.IgnoreRequest": 3,
             "downloader/exception_type_count/newscrawl.downloadermiddlewares.private_address_guard.RefusedRequest": 3,
             "newscrawl/images/failed/download/RefusedRequest": 2}
    failed = failures(stats)
    assert failed == {"redirect_loop": 1, "refused/private_address": 2, "refused/robots_txt": 3,
                      "refused/unsafe_scheme": 1, "too_large": 1}
    assert partial_failure_reasons(failed, {}, 0) == ["redirect_loop: 1", "too_large: 1"]
