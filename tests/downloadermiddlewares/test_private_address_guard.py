"""``PrivateAddressGuardMiddleware`` decisions, in-process (no connection, no DNS: resolution is faked)."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from scrapy import Request
from scrapy.utils.test import get_crawler

from newscrawl.downloadermiddlewares.addresses import IPAddress, parse_ip_literal
from newscrawl.downloadermiddlewares.private_address_guard import PrivateAddressGuardMiddleware, RefusedRequest

START = "http://127.0.0.1:8080/news/"


def guard(
    settings: dict[str, Any] | None = None, resolved: dict[str, str] | None = None
) -> PrivateAddressGuardMiddleware:
    crawler = get_crawler(settings_dict=settings or {})
    middleware = PrivateAddressGuardMiddleware.from_crawler(crawler)

    async def resolve(host: str, port: int) -> list[IPAddress]:
        address = (resolved or {}).get(host)
        if address is None:
            raise AssertionError(f"{host} must not be resolved")
        parsed = parse_ip_literal(address)
        assert parsed is not None
        return [parsed]

    middleware._resolve = resolve  # type: ignore[method-assign]
    return middleware


def passes(middleware: PrivateAddressGuardMiddleware, url: str, **meta: Any) -> bool:
    try:
        asyncio.run(middleware.process_request(Request(url, meta=meta)))
    except RefusedRequest:
        return False
    return True


def refusals(middleware: PrivateAddressGuardMiddleware, reason: str = "private_address") -> int:
    assert middleware.crawler.stats is not None
    return int(middleware.crawler.stats.get_value(f"newscrawl/refused/{reason}", 0))


@pytest.mark.parametrize("url", [
    "http://127.0.0.1:8081/", "http://127.1:8081/", "http://2130706433/", "http://0x7f000001/",
    "http://[::ffff:127.0.0.1]/", "http://[::1]/", "http://169.254.169.254/latest/meta-data/",
    "http://10.0.0.8/", "http://172.16.5.4/", "http://192.168.0.1/", "http://[fd00::1]/", "http://[fe80::1]/",
    "http://100.64.0.1/", "http://224.0.0.251/", "http://0.0.0.0/", "http://localhost/", "http://app.localhost/",
])
def test_private_addresses_are_refused(url: str) -> None:
    middleware = guard()
    passes(middleware, START, is_start_request=True)
    assert not passes(middleware, url)
    assert refusals(middleware) == 1


@pytest.mark.parametrize("url", ["file:///etc/passwd", "data:text/html,<h1>x</h1>", "ftp://127.0.0.1/",
                                 "gopher://127.0.0.1:70/", "s3://bucket/key"])
def test_other_schemes_are_refused_even_for_an_intranet_crawl(url: str) -> None:
    middleware = guard({"NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES": True})
    assert not passes(middleware, url)
    assert refusals(middleware, "unsafe_scheme") == 1


def test_the_start_origin_is_trusted_by_host_and_port() -> None:
    middleware = guard()
    assert passes(middleware, START, is_start_request=True)
    assert passes(middleware, "http://127.0.0.1:8080/2024/05/11/story")
    assert passes(middleware, "http://127.1:8080/robots.txt")  # the same origin, spelled otherwise
    assert not passes(middleware, "http://127.0.0.1:8081/2024/05/11/story")
    assert not passes(middleware, "https://127.0.0.1/")


def test_a_redirected_start_request_is_not_trusted_for_being_one() -> None:
    middleware = guard()
    assert not passes(middleware, "http://169.254.169.254/", is_start_request=True, redirect_urls=[START])


def test_the_origin_override_is_trusted_and_names_are_not_resolved() -> None:
    middleware = guard({"NEWSCRAWL_ORIGIN_OVERRIDE": "http://127.0.0.1:9000"})
    assert passes(middleware, "http://127.0.0.1:9000/x")
    assert passes(middleware, "https://www.ofweek.com/CATList-8100.html")  # the mirror answers: no DNS asked
    assert not passes(middleware, "http://127.0.0.1:9001/x")


def test_names_are_resolved_when_the_network_is_used() -> None:
    middleware = guard(resolved={"intranet.example": "10.1.2.3", "news.example": "93.184.216.34"})
    assert not passes(middleware, "http://intranet.example/")
    assert passes(middleware, "https://news.example/2024/05/11/story")
    assert refusals(middleware) == 1


def test_replay_resolves_nothing() -> None:
    middleware = guard({"NEWSCRAWL_REPLAY_DIR": "fixtures/replay"})
    assert passes(middleware, "https://intranet.example/")
    assert not passes(middleware, "http://10.0.0.1/")


def test_an_intranet_crawl_allows_private_addresses() -> None:
    middleware = guard({"NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES": True})
    assert passes(middleware, "http://10.0.0.8/") and passes(middleware, "http://127.0.0.1:22/")


def test_the_spiders_declared_start_url_is_trusted_when_it_opens() -> None:
    class Spider:
        start_url = "http://127.0.0.1:8090/news/"
        start_urls = ("http://127.0.0.1:8091/",)

    middleware = guard()
    middleware.spider_opened(Spider())  # type: ignore[arg-type]
    assert passes(middleware, "http://127.0.0.1:8090/2024/05/11/story")
    assert passes(middleware, "http://127.0.0.1:8091/2024/05/11/story")
    assert not passes(middleware, "http://127.0.0.1:8092/")
