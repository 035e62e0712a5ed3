"""Listings a script pages, crawled from the recordings: a cursor from the page before (虎嗅, 36kr), a token read
from an HTML first page (cnBeta), numbered pages while linked (OFweek); and the spider's limits across all of them.

Each recorded next page is answered only for the exact request the site's script would send (URL, and for a POST
the body as Scrapy sends it), so reaching page 2 and 3 proves the request was built from the previous page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import REPLAY_DIR, json_records, run_scrapy


@dataclass
class Crawl:
    log: str
    archived: set[str]

    def stat(self, name: str) -> int:
        found = re.search(rf"'{re.escape(name)}': (\d+),", self.log)
        return int(found.group(1)) if found else 0


def _crawl(portal: str, archive: Path, *arguments: str) -> Crawl:
    result = run_scrapy("crawl", portal, "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", *arguments)
    # 36kr's first listed article answers a challenge page: blocked, a partial run (exit 3).
    assert result.returncode in ((0, 3) if portal == "36kr" else (0,)), result.stderr[-4000:]
    assert "newscrawl/replay/missing" not in result.stderr, "a next page was asked for with another request"
    records = archive / "articles.jsonl"
    return Crawl(result.stderr, {record["url"] for record in (json_records(records) if records.exists() else [])})


# Articles that only the second and third pages list, per portal.
PAGE_2_AND_3 = {
    "huxiu": {"https://www.huxiu.com/article/441370.html"},  # page 3 is past the end: empty, it ends the listing
    "cnbeta": {"https://www.cnbeta.com.tw/articles/tech/1183391.htm",
               "https://www.cnbeta.com.tw/articles/science/1183120.htm"},
    "36kr": {"https://www.36kr.com/p/1467871209331201", "https://www.36kr.com/p/1467765283604230"},
}


@pytest.mark.parametrize("portal", sorted(PAGE_2_AND_3))
def test_max_pages_3_reaches_pages_2_and_3_and_stops_there(portal: str, tmp_path: Path) -> None:
    crawl = _crawl(portal, tmp_path / "archive", "-a", "max_pages=3")
    # cnBeta and 36kr have a recorded page 4 that would list nothing: it is never asked for.
    assert crawl.stat("newscrawl/listing_pages") == 3
    assert PAGE_2_AND_3[portal] <= crawl.archived


def test_a_cursor_listing_ends_at_a_page_without_items_or_cursor(tmp_path: Path) -> None:
    crawl = _crawl("huxiu", tmp_path / "archive", "-a", "max_pages=10")
    assert crawl.stat("newscrawl/listing_pages") == 3
    assert crawl.stat("newscrawl/listing_empty") == 0


@pytest.mark.parametrize(("portal", "pages"), [("cnbeta", 4), ("36kr", 4), ("ofweek", 2)])
def test_without_max_pages_a_listing_reads_up_to_its_empty_last_page(portal: str, pages: int, tmp_path: Path) -> None:
    crawl = _crawl(portal, tmp_path / "archive", "-a", "max_pages=10")
    assert crawl.stat("newscrawl/listing_pages") == pages
    assert crawl.stat("newscrawl/listing_empty") == 0


def test_since_stops_paging_past_older_articles_on_json_pages(tmp_path: Path) -> None:
    # Page 2 of cnBeta's "more" lists an article of 2021-09-23; page 3 one of the 22nd, older: skipped, and
    # page 4 is never asked for.
    crawl = _crawl("cnbeta", tmp_path / "archive", "-a", "since=2021-09-23")
    assert crawl.stat("newscrawl/listing_pages") == 3
    assert crawl.stat("newscrawl/skipped/older_than_since") == 1
    assert "https://www.cnbeta.com.tw/articles/tech/1183391.htm" in crawl.archived
    assert "https://www.cnbeta.com.tw/articles/science/1183120.htm" not in crawl.archived


def test_max_articles_stops_paging_once_reached(tmp_path: Path) -> None:
    # The 资讯 page lists five articles (and an ad and a topic card), the gateway's page 2 one more: six, no page 3.
    crawl = _crawl("36kr", tmp_path / "archive", "-a", "max_articles=6")
    assert crawl.stat("newscrawl/listing_pages") == 2
    assert crawl.stat("newscrawl/article_links") == 6


def test_an_item_of_type_0_is_not_an_article_and_markup_leaves_listed_titles(tmp_path: Path) -> None:
    crawl = _crawl("36kr", tmp_path / "archive", "-a", "max_pages=1")
    assert crawl.stat("newscrawl/article_links") == 5  # the topic card (itemType 0) and the ad are not linked
    assert "https://www.36kr.com/p/1468612345678901" not in crawl.log


def test_ithome_reads_the_channel_page_only(tmp_path: Path) -> None:
    # No public source supports its 加载更多 endpoint: one page, however many are allowed.
    crawl = _crawl("ithome", tmp_path / "archive", "-a", "max_pages=10")
    assert crawl.stat("newscrawl/listing_pages") == 1
    assert crawl.stat("newscrawl/listing_paging_stopped") == 0


@pytest.mark.parametrize(("portal", "known_on_page_1"), [("huxiu", 3), ("cnbeta", 4)])
def test_a_second_run_stops_after_known_articles_before_asking_for_the_next_page(
    portal: str, known_on_page_1: int, tmp_path: Path
) -> None:
    archive = tmp_path / "archive"
    _crawl(portal, archive)
    again = _crawl(portal, archive, "-s", f"NEWSCRAWL_STOP_AFTER_KNOWN={known_on_page_1}")
    assert again.stat("newscrawl/listing_pages") == 1
    assert again.stat("newscrawl/listing_stopped_known") == 1
