"""Category 3 follows the channel an article was listed in, where the archive files channels apart.

雷锋网's categories are channels (``-a channel=ai`` → 人工智能); 36kr's 快讯 is a channel with listings of its own.
The decision is made when the article is extracted; the record carries the result, so pipelines never ask.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from newscrawl.portal_rules import HtmlListing, Portal
from newscrawl.portals import all_portals, portal_named
from tests.conftest import REPLAY_DIR, json_records, run_scrapy

LISTING = HtmlListing(url="https://example.com/{channel}", item="li")


def _portal(**declarations: Any) -> Portal:
    return Portal(name="example", site_name="Example", site_url="https://example.com/",
                  categories=("新媒体", "Example", "默认"), timezone="Asia/Shanghai", hosts=("example.com",),
                  listings=[LISTING], **declarations)


def test_a_channel_without_a_category_of_its_own_is_filed_under_the_portals() -> None:
    portal = _portal(channels=("a", "b"), default_channel="a", channel_categories={"b": "乙"})
    assert portal.categories_for("b") == ("新媒体", "Example", "乙")
    assert portal.categories_for("a") == portal.categories_for(None) == ("新媒体", "Example", "默认")


def test_a_channel_with_listings_of_its_own_reads_them_instead_of_the_default_ones() -> None:
    flashes = HtmlListing(url="https://example.com/flashes", item="li")
    portal = _portal(channels=("a", "flashes"), channel_listings={"flashes": [flashes]})
    assert portal.listings_for("flashes") == [flashes]
    assert portal.listings_for("a") == portal.listings_for(None) == [LISTING]


def test_every_declared_channel_category_and_channel_listing_names_a_channel() -> None:
    for portal in all_portals():
        assert set(portal.channel_categories) <= set(portal.channels), portal.name
        assert set(portal.channel_listings) <= set(portal.channels), portal.name
        if portal.channel_categories:
            # The default channel's posts are filed under the portal's own category 3.
            assert portal.categories_for(portal.default_channel) == portal.categories, portal.name


def _records(archive: Path) -> list[dict[str, object]]:
    return json_records(archive / "articles.jsonl")


def _crawl(portal: str, archive: Path, *arguments: str) -> None:
    result = run_scrapy("crawl", portal, "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", *arguments)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "newscrawl/replay/missing" not in result.stderr


def test_a_leiphone_category_crawl_files_its_posts_under_that_category(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    _crawl("leiphone", archive, "-a", "channel=ai")
    records = _records(archive)
    # Both articles the 人工智能 page lists, the one also listed under 业界 among them.
    assert {record["url"] for record in records} == {
        "https://www.leiphone.com/category/ai/Rw2JpN6xYd4FsKcm.html",
        "https://www.leiphone.com/category/industrynews/Tg5HmZ4cJr6WnBve.html",
    }
    assert all(record["categories"] == ["新媒体", "雷锋网", "人工智能"] for record in records)
    posts = sorted(path.relative_to(archive / "posts").parent.as_posix() for path in archive.rglob("*.md"))
    assert posts == ["新媒体/雷锋网/人工智能"] * 2


def test_the_default_channel_keeps_the_portals_category(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    _crawl("leiphone", archive)
    assert {tuple(record["categories"]) for record in _records(archive)} == {portal_named("leiphone").categories}


def test_36kr_newsflashes_are_read_from_their_own_listing_and_filed_under_kuaixun(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    _crawl("36kr", archive, "-a", "channel=newsflashes")
    records = _records(archive)
    assert {record["url"] for record in records} == {
        "https://www.36kr.com/newsflashes/1467645891272966",
        "https://www.36kr.com/newsflashes/1467652174890247",
    }
    assert all(record["categories"] == ["新媒体", "36kr", "快讯"] for record in records)


def test_every_leiphone_category_is_a_channel_filed_under_its_name() -> None:
    leiphone = portal_named("leiphone")
    assert leiphone.default_channel == "industrynews"
    assert "yejie" not in leiphone.channels
    assert set(leiphone.channels) == set(leiphone.channel_categories)
    assert leiphone.categories_for("industrynews")[2] == "业界"
    assert leiphone.categories_for("chips")[2] == "芯片"
