"""Feeds and sitemaps read into article URLs with their titles and dates."""

from __future__ import annotations

import gzip

import pytest

from newscrawl.discovery.feeds import looks_like_feed, parse_feed
from newscrawl.discovery.sitemaps import MAX_SITEMAP_BYTES, looks_like_sitemap, maybe_gunzip, parse_sitemap

RSS = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>IT</title>
<item><title>First &amp; best</title><link>https://example.com/a/1</link>
<pubDate>Tue, 30 Aug 2022 09:19:00 GMT</pubDate><description>one</description></item>
<item><title>Relative</title><link>/a/2</link></item>
<item><title>Guid only</title><guid isPermaLink="true">https://example.com/a/3</guid></item>
<item><title>No link</title><guid isPermaLink="false">x-1</guid></item>
</channel></rss>"""

ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>Atom one</title><link rel="alternate" href="https://example.com/b/1"/>
<link rel="replies" href="https://example.com/b/1#comments"/><published>2022-08-30T17:19:00+08:00</published></entry>
<entry><title>Updated only</title><link href="https://example.com/b/2"/><updated>2022-09-01T00:00:00Z</updated></entry>
</feed>"""

NEWS_SITEMAP = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://example.com/c/1</loc><lastmod>2022-08-31</lastmod>
<news:news><news:publication_date>2022-08-30T17:19:00+08:00</news:publication_date><news:title>News one</news:title>
</news:news></url>
<url><loc>https://example.com/c/2</loc><lastmod>2022-08-29</lastmod></url>
</urlset>"""

INDEX = b"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://example.com/sitemap-1.xml</loc></sitemap><sitemap><loc>/sitemap-2.xml.gz</loc></sitemap>
</sitemapindex>"""


def test_rss_items_with_links_relative_links_and_guids() -> None:
    entries = parse_feed(RSS, "https://example.com/feed")
    assert [entry.url for entry in entries] == ["https://example.com/a/1", "https://example.com/a/2",
                                                 "https://example.com/a/3"]
    assert entries[0].title == "First & best"
    assert entries[0].published == "Tue, 30 Aug 2022 09:19:00 GMT"


def test_atom_entries_take_the_alternate_link_and_published_or_updated() -> None:
    entries = parse_feed(ATOM, "https://example.com/atom")
    assert [(entry.url, entry.published) for entry in entries] == [
        ("https://example.com/b/1", "2022-08-30T17:19:00+08:00"),
        ("https://example.com/b/2", "2022-09-01T00:00:00Z"),
    ]


def test_feed_sniffing() -> None:
    assert looks_like_feed(RSS) and looks_like_feed(ATOM)
    assert not looks_like_feed(b"<!doctype html><html></html>")


def test_broken_feed_reads_as_far_as_it_goes() -> None:
    cut = RSS[: RSS.index(b"<item><title>Relative") + 20]
    assert [entry.url for entry in parse_feed(cut, "https://example.com/")] == ["https://example.com/a/1"]
    assert parse_feed(b"not xml at all", "https://example.com/") == []


def test_news_sitemap_gives_publication_date_and_title() -> None:
    sitemap = parse_sitemap(NEWS_SITEMAP, "https://example.com/sitemap.xml")
    assert [(entry.url, entry.published, entry.title) for entry in sitemap.entries] == [
        ("https://example.com/c/1", "2022-08-30T17:19:00+08:00", "News one"),
        ("https://example.com/c/2", "2022-08-29", None),
    ]


def test_sitemap_index_lists_child_sitemaps() -> None:
    sitemap = parse_sitemap(INDEX, "https://example.com/sitemap.xml")
    assert sitemap.sitemaps == ["https://example.com/sitemap-1.xml", "https://example.com/sitemap-2.xml.gz"]
    assert sitemap.entries == []


def test_gzipped_sitemap_is_inflated() -> None:
    sitemap = parse_sitemap(gzip.compress(NEWS_SITEMAP), "https://example.com/sitemap.xml.gz")
    assert len(sitemap.entries) == 2


def test_a_gzip_bomb_is_refused() -> None:
    bomb = gzip.compress(b"<" * (MAX_SITEMAP_BYTES + 10))
    with pytest.raises(ValueError):
        maybe_gunzip(bomb)
    assert parse_sitemap(bomb, "https://example.com/s.xml.gz").entries == []


def test_sitemaps_are_recognised_by_their_bytes() -> None:
    assert looks_like_sitemap(NEWS_SITEMAP)
    assert looks_like_sitemap(INDEX)
    assert looks_like_sitemap(gzip.compress(INDEX))
    assert not looks_like_sitemap(RSS)
    assert not looks_like_sitemap(b"<!DOCTYPE html><html><body>urlset</body></html>")
    assert not looks_like_sitemap(b"\x1f\x8b not really gzip")
