"""The portal spider on the recorded OFweek listing: links, listing hints from GBK bytes, pagination, limits."""

from __future__ import annotations

from typing import Any

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.archive.hexo_post import render_post
from newscrawl.archive.store import post_fields
from newscrawl.extract.dates import isoformat, parse_datetime
from newscrawl.items import Article
from newscrawl.portals import portal_named
from newscrawl.recordings import RecordingStore
from newscrawl.spiders.portal_spider import PortalSpider
from tests.conftest import REPLAY_DIR

LISTING_URL = "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html"
SAMPLE_TITLE = "三人成虎，小米联手北汽造电动车“绯闻”成真？"


def _spider(**arguments: Any) -> PortalSpider:
    spider_class = type("OfweekTestSpider", (PortalSpider,), {"name": "ofweek", "portal": portal_named("ofweek")})
    crawler = get_crawler(spider_class)
    spider = spider_class.from_crawler(crawler, **arguments)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    return spider


def _listing_response(url: str = LISTING_URL) -> HtmlResponse:
    recording = RecordingStore(REPLAY_DIR).find("GET", url)
    assert recording is not None
    return HtmlResponse(url=url, body=recording.body(), headers=recording.headers)


def _requests(spider: PortalSpider, page_number: int = 1) -> list[Request]:
    listing = spider.portal.listings[0]
    return list(spider.parse_listing(_listing_response(), listing=listing, page_number=page_number))


def test_listing_bytes_are_gbk() -> None:
    recording = RecordingStore(REPLAY_DIR).find("GET", LISTING_URL)
    assert recording is not None
    assert SAMPLE_TITLE.encode("gbk") in recording.body()


def test_listing_yields_article_requests_with_title_and_time_hints() -> None:
    requests = _requests(_spider())
    articles = [request for request in requests if request.callback.__name__ == "parse_article"]
    hints = {request.url: request.cb_kwargs["listing_hints"] for request in articles}
    assert hints["https://mp.ofweek.com/ev/a556714178926"] == {"title": SAMPLE_TITLE,
                                                                 "date_published": "2022-08-30 17:19"}
    assert all(url.startswith(("https://www.ofweek.com/", "https://mp.ofweek.com/")) for url in hints)


def test_listing_follows_the_next_page() -> None:
    next_pages = [request for request in _requests(_spider()) if request.callback.__name__ == "parse_listing"]
    assert [request.url for request in next_pages] == ["https://www.ofweek.com/CATList-8100-CHANGYIEXINWE-2.html"]
    assert next_pages[0].cb_kwargs["page_number"] == 2


def test_max_pages_stops_paging() -> None:
    requests = _requests(_spider(max_pages="1"))
    assert not [request for request in requests if request.callback.__name__ == "parse_listing"]


@pytest.mark.parametrize(("arguments", "message"), [({"max_pages": "-1"}, "max_pages must not be negative"),
                                                    ({"max_articles": "5x"}, "max_articles must be a whole number")])
def test_bad_counts_are_refused_as_news_refuses_them(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        _spider(**arguments)


def test_since_skips_older_articles() -> None:
    everything = [r for r in _requests(_spider()) if r.callback.__name__ == "parse_article"]
    recent = [r for r in _requests(_spider(since="2022-08-31")) if r.callback.__name__ == "parse_article"]
    assert 0 < len(recent) < len(everything)
    assert all(r.cb_kwargs["listing_hints"]["date_published"] >= "2022-08-31" for r in recent)


@pytest.mark.parametrize(
    ("listing_time", "iso", "post_date"),
    [
        ("2022-08-30 17:19", "2022-08-30T17:19:00+08:00", "Tue, 30 Aug 2022 09:19:00 GMT"),
        ("2022-01-01 07:30", "2022-01-01T07:30:00+08:00", "Fri, 31 Dec 2021 23:30:00 GMT"),
    ],
)
def test_beijing_listing_time_becomes_a_utc_post_date(listing_time: str, iso: str, post_date: str) -> None:
    moment = parse_datetime(listing_time, "Asia/Shanghai")
    assert moment is not None and isoformat(moment) == iso
    article = Article(url="https://mp.ofweek.com/ev/a1", title="t", categories=["新媒体", "高科技行业门户", "新闻"],
                      date_published=iso, body_html="<p>x</p>")
    assert f"\ndate: {post_date}\n" in render_post(post_fields(article))
