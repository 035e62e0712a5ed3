"""Listing responses of each kind read into the articles they list."""

from __future__ import annotations

import json

import pytest
from scrapy.http import HtmlResponse, TextResponse

from newscrawl.discovery.listings import ListingPage, listing_request, read_listing
from newscrawl.portal_rules import FeedListing, HtmlListing, JsonListing, SitemapListing


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


# --- next pages asked with values read from the page before: cursors, tokens, another listing ---------------------

CURSOR_API = JsonListing(
    url="https://api.example.com/list",
    method="POST",
    form={"platform": "www", "last_dateline": "{cursor}"},
    items="data.list",
    link="https://example.com/article/{aid}.html",
    time="dateline",
    cursor="data.last_dateline",
)


def _cursor_page(articles: list[dict[str, object]], cursor: str | None) -> TextResponse:
    data: dict[str, object] = {"list": articles}
    if cursor is not None:
        data["last_dateline"] = cursor
    return _json_response("https://api.example.com/list", {"data": data})


def test_the_first_request_of_a_cursor_listing_leaves_the_cursor_out() -> None:
    first = listing_request(CURSOR_API, 1, channel=None)
    assert (first.method, first.url, first.form, first.carried) == (
        "POST", "https://api.example.com/list", {"platform": "www"}, {})


def test_a_cursor_read_from_the_response_asks_for_the_next_page() -> None:
    page = read_listing(_cursor_page([{"aid": 1, "dateline": 1661860200}, {"aid": 2, "dateline": 1661853900}],
                                     "1661853900"), CURSOR_API, 1, None)
    assert [article.url for article in page.articles] == [
        "https://example.com/article/1.html", "https://example.com/article/2.html"]
    assert page.next is not None
    assert (page.next.page_number, page.next.form, page.next.carried) == (
        2, {"platform": "www", "last_dateline": "1661853900"}, {"cursor": "1661853900"})


@pytest.mark.parametrize(
    ("articles", "cursor"),
    [
        ([{"aid": 3, "dateline": 1}], None),  # no cursor: the last page
        ([{"aid": 3, "dateline": 1}], ""),  # an empty one is none
        ([{"aid": 3, "dateline": 1}], "1661853900"),  # the cursor this page was asked with: it would loop
        ([], "1600000000"),  # nothing listed
    ],
)
def test_a_cursor_listing_ends(articles: list[dict[str, object]], cursor: str | None) -> None:
    page = read_listing(_cursor_page(articles, cursor), CURSOR_API, 2, None, carried={"cursor": "1661853900"})
    assert page.next is None and page.problem is None


def test_a_cursor_path_through_the_items_reads_the_last_items_value() -> None:
    listing = JsonListing(url="https://api.example.com/list?before={cursor}", items="data.list",
                          link="https://example.com/a/{aid}", cursor="data.list[].dateline")
    page = read_listing(_cursor_page([{"aid": 1, "dateline": 30}, {"aid": 2, "dateline": 20}], None), listing, 1,
                        None)
    assert page.next_url == "https://api.example.com/list?before=20"


def test_carried_values_are_percent_encoded_in_urls_and_kept_page_after_page() -> None:
    listing = JsonListing(url="https://example.com/more?page={page}&_csrf={csrf}", items="result.list",
                          link="{url_show}", time="inputtime")
    first = listing_request(listing, 2, None, carried={"csrf": "a+b/c="})
    assert first.url == "https://example.com/more?page=2&_csrf=a%2Bb%2Fc%3D"
    response = _json_response(first.url, {"result": {"list": [
        {"url_show": "https://example.com/articles/1.htm", "inputtime": "2021-09-22 18:01:09"}]}})
    page = read_listing(response, listing, 2, None, carried=first.carried)
    assert page.next_url == "https://example.com/more?page=3&_csrf=a%2Bb%2Fc%3D"
    assert page.articles[0].hints == {"date_published": "2021-09-22 18:01:09"}


HOME_WITH_MORE = HtmlListing(
    url="https://example.com/",
    item="div.item",
    link="dt > a",
    tokens={"csrf": 'meta[name="csrf-token"]::attr(content)'},
    then=JsonListing(url="https://example.com/home/more?type=all&page={page}&_csrf={csrf}", items="result.list",
                     link="{url_show}"),
)


def test_an_html_first_page_hands_its_tokens_to_the_listing_that_continues_it() -> None:
    html = ('<meta name="csrf-token" content="tok3n"><div class="item"><dt><a href="/a/1.htm">一</a></dt></div>'
            '<div class="item"><dt><a href="/a/2.htm">二</a></dt></div>')
    page = read_listing(HtmlResponse(url="https://example.com/", body=html.encode()), HOME_WITH_MORE, 1, None)
    assert len(page.articles) == 2
    assert page.next is not None
    assert page.next.listing is HOME_WITH_MORE.then
    assert (page.next.page_number, page.next.url, page.next.carried) == (
        2, "https://example.com/home/more?type=all&page=2&_csrf=tok3n", {"csrf": "tok3n"})


def test_a_missing_token_stops_paging_and_says_why() -> None:
    html = '<div class="item"><dt><a href="/a/1.htm">一</a></dt></div>'
    page = read_listing(HtmlResponse(url="https://example.com/", body=html.encode()), HOME_WITH_MORE, 1, None)
    assert [article.url for article in page.articles] == ["https://example.com/a/1.htm"]
    assert page.next is None and page.problem is None
    assert page.paging_problem and "csrf" in page.paging_problem


ENTRY_RULES = dict(item="li", link="h2 > a", time="span.state", cursor="li::attr(data-ot)")
CHANNEL_PAGE = HtmlListing(
    url="https://it.example.com/",
    **ENTRY_RULES,
    then=JsonListing(url="https://it.example.com/category/domore.html", method="POST",
                     form={"type": "pccategorypage", "ot": "{cursor}"}, items="content.html",
                     html_items=HtmlListing(url="https://it.example.com/", **ENTRY_RULES)),
)


def _entries(*numbers: int) -> str:
    return "".join(f'<li data-ot="2022-07-0{number} 10:00:00"><h2><a href="https://www.example.com/0/{number}.htm">'
                   f'第{number}篇</a></h2><span class="state">07-0{number} 10:00</span></li>' for number in numbers)


def test_an_html_fragment_inside_json_is_read_with_html_rules_and_pages_by_its_last_entry() -> None:
    first = read_listing(HtmlResponse(url="https://it.example.com/", body=f"<ul>{_entries(9, 8)}</ul>".encode()),
                         CHANNEL_PAGE, 1, None)
    assert first.next is not None and first.next.form == {"type": "pccategorypage", "ot": "2022-07-08 10:00:00"}
    assert CHANNEL_PAGE.then is not None
    response = _json_response(first.next.url, {"success": True, "content": {"html": _entries(7, 6)}})
    second = read_listing(response, CHANNEL_PAGE.then, 2, None, carried=first.next.carried)
    assert [(article.url, article.hints) for article in second.articles] == [
        ("https://www.example.com/0/7.htm", {"title": "第7篇", "date_published": "07-07 10:00"}),
        ("https://www.example.com/0/6.htm", {"title": "第6篇", "date_published": "07-06 10:00"}),
    ]
    assert second.next is not None and second.next.listing is CHANNEL_PAGE.then
    assert (second.next.page_number, second.next.form) == (3, {"type": "pccategorypage", "ot": "2022-07-06 10:00:00"})
    empty = _json_response(second.next.url, {"success": True, "content": {"html": ""}})
    assert read_listing(empty, CHANNEL_PAGE.then, 3, None, carried=second.next.carried) == ListingPage([])


def test_an_embedded_first_page_continues_with_a_json_body_post_carrying_its_cursor() -> None:
    api = JsonListing(url="https://gateway.example.com/flow", method="POST", items="data.itemList",
                      link="https://example.com/p/{itemId}", cursor="data.pageCallback",
                      json_body={"partner_id": "web", "param": {"pageSize": 30, "pageCallback": "{cursor}"}})
    listing = JsonListing(url="https://example.com/news", embedded='"informationList":', items="itemList",
                          link="https://example.com/p/{itemId}", cursor="pageCallback", then=api)
    html = '<script>window.s={"informationList":{"pageCallback":"abc","itemList":[{"itemId":1}]}}</script>'
    page = read_listing(HtmlResponse(url="https://example.com/news", body=html.encode()), listing, 1, None)
    assert page.next is not None and page.next.listing is api
    assert page.next.json_body == {"partner_id": "web", "param": {"pageSize": 30, "pageCallback": "abc"}}
    assert page.next.form is None and page.next.method == "POST"


def test_a_json_listing_needs_a_link_or_html_items() -> None:
    with pytest.raises(ValueError, match="link"):
        JsonListing(url="https://example.com/api", items="list")


# --- shapes the evidence names: two spellings of a list, excluded item kinds, markup in titles, member items -------

def test_items_are_read_from_the_first_path_that_holds_any() -> None:
    listing = JsonListing(url="https://api.example.com/list", items=("data.dataList", "data.datalist"),
                          link="https://example.com/a/{aid}.html")
    for key in ("dataList", "datalist"):
        page = read_listing(_json_response("https://api.example.com/list", {"data": {key: [{"aid": 1}]}}),
                            listing, 1, None)
        assert [article.url for article in page.articles] == ["https://example.com/a/1.html"]


def test_a_list_that_is_the_value_itself_or_under_a_key() -> None:
    listing = JsonListing(url="https://x.example/more", items=("result.list", "result"), link="{url_show}")
    for result in ([{"url_show": "https://x.example/1"}], {"list": [{"url_show": "https://x.example/1"}]}):
        page = read_listing(_json_response("https://x.example/more", {"result": result}), listing, 1, None)
        assert [article.url for article in page.articles] == ["https://x.example/1"]


def test_excluded_items_markup_in_titles_and_listed_bylines() -> None:
    listing = JsonListing(url="https://x.example/news", items="list", link="https://x.example/p/{itemId}",
                          title="title", authors="author", exclude={"itemType": 0})
    data = {"list": [{"itemId": 1, "itemType": 10, "title": "10月<em>新势力</em>交付 &amp; 出口", "author": "王晓婷"},
                     {"itemId": 2, "itemType": 0, "title": "专题"}]}
    page = read_listing(_json_response("https://x.example/news", data), listing, 1, None)
    assert [(article.url, article.hints) for article in page.articles] == [
        ("https://x.example/p/1", {"title": "10月新势力交付 & 出口", "authors": "王晓婷"})]


def test_the_first_fetch_template_whose_fields_the_item_has() -> None:
    listing = JsonListing(url="https://x.example/list", items="data", link="https://x.example/post/{id}",
                          fetch=("https://x.example/member?slug={slug}", "https://x.example/info?id={id}"))
    data = {"data": [{"id": 1, "slug": "8f2kq1"}, {"id": 2}, {"id": 3, "slug": ""}]}
    page = read_listing(_json_response("https://x.example/list", data), listing, 1, None)
    assert [article.fetch_url for article in page.articles] == [
        "https://x.example/member?slug=8f2kq1", "https://x.example/info?id=2", "https://x.example/info?id=3"]


def test_links_to_the_listing_host_are_made_https_and_absolute() -> None:
    listing = JsonListing(url="https://www.cnbeta.example/more", items="result", link="{url_show}")
    data = {"result": [{"url_show": "//www.cnbeta.example/a/1.htm"}, {"url_show": "http://www.cnbeta.example/a/2.htm"},
                       {"url_show": "http://other.example/a/3.htm"}]}
    page = read_listing(_json_response("https://www.cnbeta.example/more", data), listing, 1, None)
    assert [(article.url, article.fetch_url) for article in page.articles] == [
        ("https://www.cnbeta.example/a/1.htm", "https://www.cnbeta.example/a/1.htm"),
        ("https://www.cnbeta.example/a/2.htm", "https://www.cnbeta.example/a/2.htm"),
        ("http://other.example/a/3.htm", "http://other.example/a/3.htm")]


NUMBERED = HtmlListing(url="https://x.example/CATList-1.html", item="li", link="a",
                       page_url="https://x.example/CATList-1-{page}.html")


def test_numbered_listing_pages_are_followed_while_a_page_links_the_next() -> None:
    html = '<ul><li><a href="/a/1.html">一</a></li></ul><div class="page"><a href="/CATList-1-2.html">2</a></div>'
    page = read_listing(HtmlResponse(url="https://x.example/CATList-1.html", body=html.encode()), NUMBERED, 1, None)
    assert page.next_url == "https://x.example/CATList-1-2.html"
    last = '<ul><li><a href="/a/2.html">二</a></li></ul><div class="page"><a href="/CATList-1.html">1</a></div>'
    page = read_listing(HtmlResponse(url="https://x.example/CATList-1-2.html", body=last.encode()), NUMBERED, 2, None)
    assert page.articles and page.next is None
