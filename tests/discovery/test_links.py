"""Which links lead to articles: URL shapes, page-level article signals, feed / robots / next-page links."""

from __future__ import annotations

import json

import pytest
from parsel import Selector

from newscrawl.discovery.hosts import HostScope, host_of, site_host
from newscrawl.discovery.links import (
    LinkKind,
    article_page_signals,
    feed_links,
    is_article_page,
    is_article_url,
    link_kind,
    next_page_link,
    page_links,
    sitemaps_from_robots,
)

BASE = "https://news.example.com/"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/2024/05/12/city-council-approves-ferry",
        "https://news.example.com/2024/05/12/city-council-approves-ferry/",
        "https://news.example.com/world/2024/05/11/river-treaty",
        "https://news.example.com/2024-05-12/short",
        "https://news.example.com/20240512/short",
        "https://news.example.com/a/123456.html",
        "https://news.example.com/news/1234567",
        "https://news.example.com/p/riverside-marathon-record",
        "https://news.example.com/p/abc",
        "https://news.example.com/article/abc",
        "https://news.example.com/business/article/88231",
        "https://news.example.com/world/river-treaty-signed-by-three-nations",
        "https://news.example.com/2024/05/12/privacy-law-passes",  # a service word, but dated: an article
        "https://news.example.com/index.php?p=1234",
        "https://news.example.com/node/123456",
        "https://www.ofweek.com/auto/2022-08/ART-70111-8420-30573015.html",
        "https://mp.ofweek.com/ev/a556714178926",
        "https://news.sina.com.cn/c/2024-05-12/doc-inaxyzab1234567.shtml",
        "https://www.ithome.com/0/770/123.htm",
    ],
)
def test_article_shaped_urls(url: str) -> None:
    assert link_kind(url) is LinkKind.ARTICLE
    assert is_article_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/tag/climate/",
        "https://news.example.com/tags/climate",
        "https://news.example.com/category/world/",
        "https://news.example.com/author/jane-doe/",
        "https://news.example.com/search?q=ferry",
        "https://news.example.com/?s=ferry",
        "https://news.example.com/wp-login.php",
        "https://news.example.com/login",
        "https://news.example.com/user/42",
        "https://news.example.com/topics/transport",
        "https://news.example.com/media/annual-report-2024.pdf",
        "https://news.example.com/2024/05/photo-of-the-ferry.JPG",
        "https://news.example.com/video/clip.mp4",
        "https://news.example.com/feed/",
        "https://news.example.com/rss.xml",
        "https://news.example.com/2024/05/12/city-council-approves-ferry/feed/",
        "https://news.example.com/about/",
        "https://news.example.com/about/team",
        "https://news.example.com/privacy-policy/",
        "https://news.example.com/contact-us",
        "https://news.example.com/terms-of-service",
        "https://news.example.com/2024/05/12/slug?share=twitter",
        "mailto:newsroom@example.com",
        "javascript:void(0)",
        "tel:+15551234567",
    ],
)
def test_excluded_urls(url: str) -> None:
    assert link_kind(url) is LinkKind.EXCLUDED


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/page/2/",
        "https://news.example.com/world/page/12",
        "https://news.example.com/world/?page=3",
        "https://news.example.com/?paged=4",
        "https://news.example.com/news/index_2.html",
        "https://news.example.com/2024/",
        "https://news.example.com/2024/05/",
        "https://news.example.com/2024/05/12/",
        "https://news.example.com/news/2024-05/",
        "https://news.example.com/2024/05/12/city-council?page=2",  # page 2 of an article: never on its own
    ],
)
def test_numbered_and_dated_listing_pages_are_archive_pages(url: str) -> None:
    assert link_kind(url) is LinkKind.ARCHIVE_PAGE


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example.com/",
        "https://news.example.com/world/",
        "https://news.example.com/world/europe",
        "https://news.example.com/opinion/why-ferries",
        "https://news.example.com/news/list_12345.html",
        "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE-2.html",
    ],
)
def test_urls_that_say_nothing_are_other(url: str) -> None:
    assert link_kind(url) is LinkKind.OTHER


def _page(head: str = "", body: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>", base_url=BASE)


PROSE = "<p>" + "The council voted on the terminal plan after a long debate. " * 10 + "</p>"


def test_json_ld_article_type_says_article() -> None:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": "H",
            "datePublished": "2024-05-12T09:00:00-04:00"}
    page = _page(f'<script type="application/ld+json">{json.dumps(data)}</script>')
    assert article_page_signals(page) == ["json-ld"]


def test_json_ld_in_a_graph_and_subtypes_say_article() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": "x"}, {"@type": ["OpinionNewsArticle"], "headline": "Why ferries"}]}
    assert is_article_page(_page(f'<script type="application/ld+json">{json.dumps(data)}</script>'))


def test_home_page_json_ld_is_no_article() -> None:
    data = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebSite", "name": "Gazette"}, {"@type": "Organization", "name": "Gazette"},
        {"@type": "VideoObject", "name": "Clip of the day", "uploadDate": "2024-05-12"}]}
    page = _page(f'<script type="application/ld+json">{json.dumps(data)}</script><meta property="og:type" '
                 'content="website">')
    assert article_page_signals(page) == []


def test_og_type_article_says_article() -> None:
    assert article_page_signals(_page('<meta property="og:type" content="article">')) == ["opengraph"]


def test_one_article_element_holding_the_text_says_article() -> None:
    assert article_page_signals(_page(body=f"<article><h1>T</h1>{PROSE}</article><aside><p>More</p></aside>")) == [
        "article-element"
    ]


def test_many_teaser_articles_are_a_listing() -> None:
    teasers = "".join(f"<article><h2><a href='/a/{n}'>T</a></h2>{PROSE}</article>" for n in range(6))
    assert not is_article_page(_page(body=teasers))


def test_a_short_article_element_says_nothing() -> None:
    assert not is_article_page(_page(body="<article><p>Just a teaser.</p></article>"))


def test_page_links_are_absolute_unique_and_without_fragments() -> None:
    page = _page('<base href="https://news.example.com/section/">',
                 '<a href="story-one">1</a><a href="/a/1.html#comments">c</a><a href="/a/1.html">again</a>'
                 '<a href="#top">top</a><a href=" https://other.example/x ">x</a><a>no href</a>')
    assert page_links(page, BASE) == ["https://news.example.com/section/story-one", "https://news.example.com/a/1.html",
                                      "https://other.example/x"]


def test_feed_links_from_link_alternate() -> None:
    head = ('<link rel="alternate" type="application/rss+xml" title="Gazette &raquo; Feed" href="/feed/">'
            '<link rel="alternate" type="application/rss+xml" title="Gazette &raquo; Comments Feed" '
            'href="/comments/feed/">'
            '<link rel="alternate" type="application/atom+xml" href="https://news.example.com/atom.xml">'
            '<link rel="alternate" type="application/json+oembed" href="/wp-json/oembed">'
            '<link rel="alternate" hreflang="de" href="/de/">'
            '<link rel="stylesheet" type="text/css" href="/style.css">'
            '<link rel="alternate" type="application/rss+xml" href="/feed/">')
    expected = ["https://news.example.com/feed/", "https://news.example.com/atom.xml"]
    assert feed_links(_page(head), BASE) == expected
    assert feed_links(f"<html><head>{head}</head></html>", BASE) == expected


def test_sitemaps_from_robots() -> None:
    robots = ("User-agent: *\nDisallow: /wp-admin/\n\nSitemap: https://news.example.com/sitemap_index.xml\n"
              "sitemap:/news-sitemap.xml # relative, lower-case\nSITEMAP: https://news.example.com/sitemap_index.xml\n"
              "Sitemap: ftp://news.example.com/old.xml\n# Sitemap: https://news.example.com/commented.xml\n")
    assert sitemaps_from_robots(robots, "https://news.example.com/robots.txt") == [
        "https://news.example.com/sitemap_index.xml", "https://news.example.com/news-sitemap.xml"
    ]


@pytest.mark.parametrize(
    ("markup", "expected"),
    [
        ('<head><link rel="next" href="/page/2/"></head>', "https://news.example.com/page/2/"),
        ('<a rel="next" href="?page=2">2</a>', "https://news.example.com/?page=2"),
        ('<a class="next page-numbers" href="/page/2/">Older posts &raquo;</a>', "https://news.example.com/page/2/"),
        ('<li class="next"><a href="/page/2/">→</a></li>', "https://news.example.com/page/2/"),
        ('<a href="/list_2.html">下一页</a>', "https://news.example.com/list_2.html"),
        ('<a href="/list_2.html">下一页&gt;&gt;</a>', "https://news.example.com/list_2.html"),
        ('<a href="/page/2/">Next ›</a>', "https://news.example.com/page/2/"),
        ('<a href="/page/2/">Older posts</a>', "https://news.example.com/page/2/"),
        ('<a href="/page/2/" aria-label="Next page"><svg></svg></a>', "https://news.example.com/page/2/"),
        ('<a class="next" href="#">carousel</a><a href="/p/2">Next</a>', "https://news.example.com/p/2"),
        ('<a href="javascript:load(2)">Next</a>', None),
        ('<a href="/page/2/">2</a><a href="/2024/05/12/next-steps-for-the-ferry">Next steps</a>', None),
    ],
)
def test_next_page_link(markup: str, expected: str | None) -> None:
    assert next_page_link(Selector(text=f"<html>{markup}</html>"), BASE) == expected


def test_site_hosts_fold_www_only() -> None:
    assert site_host("WWW.Example.COM.") == "example.com"
    assert site_host("m.example.com") == "m.example.com"
    assert host_of("https://www.example.com/a") == host_of("example.com") == "example.com"


def test_host_scope() -> None:
    scope = HostScope(["https://www.example.com/", " Partner.example ", ""])
    scope.add("https://partner.example/x")
    assert scope.allows("https://example.com/a/1")
    assert scope.allows("http://www.example.com/a/1")
    assert scope.allows("https://partner.example/a/1")
    assert not scope.allows("https://m.example.com/a/1")
    assert not scope.allows("https://evil.example/www.example.com")
    assert not scope.allows("ftp://www.example.com/a")
    assert list(scope) == ["example.com", "partner.example"]
