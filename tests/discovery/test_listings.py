"""Listing responses of each kind read into the articles they list."""

from __future__ import annotations

import json

from scrapy.http import HtmlResponse, TextResponse

from newscrawl.discovery.listings import read_listing
from newscrawl.portal import FeedListing, HtmlListing, JsonListing, SitemapListing


def _json_response(url: str, data: object) -> TextResponse:
    return TextResponse(url=url, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})


API = JsonListing(
    url="https://api.example.com/list?limit=2&offset={offset}",
    items="data.list",
    link="https://example.com/post/{id}",
    fetch="https://api.example.com/post?id={id}",
    title="title",
    time="released_time",
    page_size=2,
)


def test_json_listing_builds_public_and_fetch_urls_and_hints() -> None:
    response = _json_response("https://api.example.com/list?limit=2&offset=0", {"data": {"list": [
        {"id": 7, "title": "甲", "released_time": 1661851140}, {"id": 8, "title": "乙"}, {"ad": True}]}})
    page = read_listing(response, API, page_number=1, channel=None)
    assert [(a.url, a.fetch_url) for a in page.articles] == [
        ("https://example.com/post/7", "https://api.example.com/post?id=7"),
        ("https://example.com/post/8", "https://api.example.com/post?id=8"),
    ]
    assert page.articles[0].hints == {"title": "甲", "date_published": "1661851140"}
    assert page.next_url == "https://api.example.com/list?limit=2&offset=2"


def test_json_listing_without_items_reports_a_problem() -> None:
    page = read_listing(_json_response("https://api.example.com/list", {"data": {}}), API, 1, None)
    assert page.articles == [] and page.problem and page.next_url is None


def test_embedded_json_listing_and_nested_fields_in_link_templates() -> None:
    listing = JsonListing(url="https://example.com/news", items="", embedded='"itemList":',
                          link="https://example.com/p/{templateMaterial_itemId}", title="templateMaterial.widgetTitle",
                          time="templateMaterial.publishTime")
    html = ('<script>window.initialState={"x":{"itemList":[{"templateMaterial":{"itemId":123,'
            '"widgetTitle":"标题","publishTime":1661851140000}}]}}</script>')
    page = read_listing(HtmlResponse(url="https://example.com/news", body=html.encode()), listing, 1, None)
    assert [(a.url, a.hints) for a in page.articles] == [
        ("https://example.com/p/123", {"title": "标题", "date_published": "1661851140000"})]
    assert page.next_url is None


def test_html_listing_with_element_and_text_selectors() -> None:
    listing = HtmlListing(url="https://example.com/", item="li", link="a", time="span::text",
                          next_page="a.next")
    html = ('<ul><li><a href="/x/1"> 一 <b>二</b></a><span> 10分钟前 </span></li><li><a href="javascript:;">no</a>'
            '</li></ul><a class="next" href="?page=2">下一页</a>')
    page = read_listing(HtmlResponse(url="https://example.com/", body=html.encode()), listing, 1, None)
    assert [(a.url, a.hints) for a in page.articles] == [
        ("https://example.com/x/1", {"title": "一 二", "date_published": "10分钟前"})]
    assert page.next_url == "https://example.com/?page=2"


def test_feed_and_sitemap_listings() -> None:
    rss = (b'<rss><channel><item><title>T</title><link>https://example.com/a</link>'
           b'<pubDate>Tue, 30 Aug 2022 09:19:00 GMT</pubDate></item></channel></rss>')
    page = read_listing(TextResponse(url="https://example.com/feed", body=rss), FeedListing("x"), 1, None)
    assert [(a.url, a.hints["title"]) for a in page.articles] == [("https://example.com/a", "T")]
    sitemap = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>https://example.com/b</loc>'
               b'</url></urlset>')
    page = read_listing(TextResponse(url="https://example.com/s.xml", body=sitemap), SitemapListing("x"), 1, None)
    assert [a.url for a in page.articles] == ["https://example.com/b"]


def test_an_empty_page_after_the_first_ends_a_json_listing_quietly() -> None:
    page = read_listing(_json_response("https://api.example.com/list?offset=4", {"data": {"list": []}}), API, 3, None)
    assert page.articles == [] and page.problem is None and page.next_url is None
