"""Reading JSON-LD, OpenGraph, meta tags, canonical links and languages from small inline pages."""

from __future__ import annotations

from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.page import Found

URL = "https://news.example.com/2022/08/30/story.html"


def page(head: str, body: str = "", html_attributes: str = "") -> Selector:
    return Selector(text=f"<html {html_attributes}><head>{head}</head><body>{body}</body></html>", base_url=URL)


def json_ld(data: str) -> str:
    return f'<script type="application/ld+json">{data}</script>'


def test_json_ld_headline_from_a_graph() -> None:
    selector = page(
        json_ld(
            '{"@context": "https://schema.org", "@graph": [{"@type": "WebSite", "name": "Example"},'
            ' {"@type": "NewsArticle", "headline": "Won&#8217;t stop", "datePublished": "2022-08-30T17:19:00+08:00"}]}'
        )
    )
    assert metadata.find_json_ld_headline(selector) == Found("Won’t stop", "json-ld")
    assert metadata.find_published_raw(selector) == Found("2022-08-30T17:19:00+08:00", "json-ld")


def test_json_ld_tolerates_trailing_commas_control_characters_and_lists() -> None:
    selector = page(
        json_ld('[{"@type": "BreadcrumbList"}, {"@type": ["ReportageNewsArticle"], "headline": "Line\tone",},]')
    )
    assert metadata.find_json_ld_headline(selector) == Found("Line one", "json-ld")


def test_json_ld_article_nested_in_main_entity() -> None:
    selector = page(
        json_ld('{"@type": "WebPage", "mainEntity": {"@type": "BlogPosting", "headline": "Nested", "author": "Ann"}}')
    )
    assert metadata.find_json_ld_headline(selector) == Found("Nested", "json-ld")
    assert metadata.find_metadata_authors(selector) == Found(["Ann"], "json-ld")


def test_json_ld_article_is_picked_among_several_blocks() -> None:
    selector = page(
        json_ld('{"@type": "Organization", "name": "Example News"}')
        + json_ld(
            '{"@type": "Article", "headline": "The story", "author": [{"@type": "Person", "name": "A B"},'
            ' {"@type": "Person", "name": "C D"}]}'
        )
    )
    assert metadata.find_json_ld_headline(selector) == Found("The story", "json-ld")
    assert metadata.find_metadata_authors(selector) == Found(["A B", "C D"], "json-ld")


def test_json_ld_author_references_are_resolved() -> None:
    selector = page(
        json_ld(
            '{"@graph": [{"@type": "NewsArticle", "headline": "H", "author": {"@id": "#/person/1"}},'
            ' {"@type": "Person", "@id": "#/person/1", "name": "Kyle Wiggers", "url": "https://x/author/kyle"}]}'
        )
    )
    assert metadata.find_metadata_authors(selector) == Found(["Kyle Wiggers"], "json-ld")


def test_organisation_authors_give_way_to_people() -> None:
    selector = page(
        json_ld(
            '{"@type": "NewsArticle", "author": [{"@type": "Organization", "name": "Agency"},'
            ' {"@type": "Person", "name": "Jane Roe"}]}'
        )
    )
    assert metadata.find_metadata_authors(selector) == Found(["Jane Roe"], "json-ld")


def test_broken_json_ld_is_ignored() -> None:
    selector = page(json_ld("{not json at all") + '<meta property="og:title" content="From OG">')
    assert metadata.find_json_ld_headline(selector) is None
    assert metadata.find_og_title(selector) == Found("From OG", "opengraph")


def test_opengraph_fields() -> None:
    selector = page(
        '<meta property="og:title" content="OG title">'
        '<meta property="og:image" content="/img/lead.jpg">'
        '<meta property="og:url" content="https://news.example.com/story">'
        '<meta property="og:description" content="Summary">'
        '<meta property="article:published_time" content="2022-08-30T17:19:00+08:00">'
        '<meta property="article:modified_time" content="2022-08-31T08:00:00+08:00">'
        '<meta property="article:author" content="https://www.facebook.com/someone">'
        '<meta property="article:tag" content="AI"><meta property="article:tag" content="Robots">'
        '<meta property="og:site_name" content="Example News">'
        '<meta property="og:locale" content="zh_CN">'
    )
    assert metadata.find_og_title(selector) == Found("OG title", "opengraph")
    assert metadata.find_lead_image(selector) == Found("https://news.example.com/img/lead.jpg", "opengraph")
    assert metadata.find_canonical_url(selector) == Found("https://news.example.com/story", "opengraph")
    assert metadata.find_description(selector) == Found("Summary", "opengraph")
    assert metadata.find_published_raw(selector) == Found("2022-08-30T17:19:00+08:00", "opengraph")
    assert metadata.find_modified_raw(selector) == Found("2022-08-31T08:00:00+08:00", "opengraph")
    assert metadata.find_metadata_authors(selector) is None  # a profile URL is not a name
    assert metadata.find_keywords(selector) == Found(["AI", "Robots"], "opengraph")
    assert metadata.find_site_name(selector) == Found("Example News", "opengraph")
    assert metadata.find_declared_language(selector) == Found("zh-CN", "opengraph")
    # Börsen-Zeitung spells the names with a colon ("article:published:time").
    colons = page('<meta name="article:published:time" property="article:published:time" '
                  'content="2024-10-23T15:48:15+00:00"><meta property="article:modified:time" '
                  'content="2024-10-23T15:48:17+00:00">')
    assert metadata.find_published_raw(colons) == Found("2024-10-23T15:48:15+00:00", "opengraph")
    assert metadata.find_modified_raw(colons) == Found("2024-10-23T15:48:17+00:00", "opengraph")


def test_meta_tags() -> None:
    selector = page(
        '<meta name="description" content="  A   summary ">'
        '<meta name="keywords" content="苹果, iPhone，发布会">'
        '<meta name="author" content="张三">'
        '<meta name="publishdate" content="2024-04-24">'
        '<meta http-equiv="Content-Language" content="zh-CN">'
        '<meta name="twitter:image" content="https://cdn.example.com/t.jpg">'
    )
    assert metadata.find_description(selector) == Found("A summary", "meta")
    assert metadata.find_keywords(selector) == Found(["苹果", "iPhone", "发布会"], "meta")
    assert metadata.find_metadata_authors(selector) == Found(["张三"], "meta")
    assert metadata.find_published_raw(selector) == Found("2024-04-24", "meta")
    assert metadata.find_declared_language(selector) == Found("zh-CN", "meta")
    assert metadata.find_lead_image(selector) == Found("https://cdn.example.com/t.jpg", "meta")


def test_other_publication_meta_names() -> None:
    for name in ("pubdate", "sailthru.date", "parsely-pub-date", "dc.date", "citation_date", "DC.date.issued"):
        selector = page(f'<meta name="{name}" content="2022-08-30">')
        assert metadata.find_published_raw(selector) == Found("2022-08-30", "meta"), name


def test_the_trs_cms_publication_and_modification_meta() -> None:
    # gov.cn (gne-pages other/1): the TRS CMS of Chinese government sites, a hyphen before the time.
    selector = page('<meta name="firstpublishedtime" content="2007-08-20-23:59:59">'
                    '<meta name="lastmodifiedtime" content="2007-08-21-10:00:00">')
    assert metadata.find_published_raw(selector) == Found("2007-08-20-23:59:59", "meta")
    assert metadata.find_modified_raw(selector) == Found("2007-08-21-10:00:00", "meta")


def test_space_separated_chinese_keywords_are_split() -> None:
    selector = page('<meta name="keywords" content="深空探测 探月工程 航天技术">')
    assert metadata.find_keywords(selector) == Found(["深空探测", "探月工程", "航天技术"], "meta")


def test_canonical_link_is_made_absolute_against_base_href() -> None:
    selector = page('<base href="https://cdn.example.org/site/"><link rel="Canonical" href="story-1.html">')
    assert metadata.find_canonical_url(selector) == Found("https://cdn.example.org/site/story-1.html", "meta")


def test_html_lang_wins_and_is_normalised() -> None:
    selector = page('<meta property="og:locale" content="en_GB">', html_attributes='lang="en-us"')
    assert metadata.find_declared_language(selector) == Found("en-US", "meta")


def test_charset_names_are_not_languages() -> None:
    selector = page('<meta http-equiv="Content-Language" content="utf-8">')
    assert metadata.find_declared_language(selector) is None


def test_time_elements() -> None:
    pubdate = page(
        "", '<time datetime="2020-01-01">x</time><article><time pubdate datetime="2022-08-30T10:00">y</time></article>'
    )
    assert metadata.find_published_raw(pubdate) == Found("2022-08-30T10:00", "time-element")
    in_article = page(
        "",
        '<header><time datetime="2020-01-01">a</time></header>'
        '<article><p>t</p><time datetime="2022-08-30">b</time></article>',
    )
    assert metadata.find_time_element(in_article) == Found("2022-08-30", "time-element")
    listing = page("", "".join(f'<time datetime="2022-08-{day:02d}">d</time>' for day in range(1, 9)))
    assert metadata.find_time_element(listing) is None  # many different times: a list of other articles


def test_json_ld_image_forms() -> None:
    selector = page(json_ld('{"@type": "NewsArticle", "image": [{"@type": "ImageObject", "url": "/a.jpg"}]}'))
    assert metadata.find_lead_image(selector) == Found("https://news.example.com/a.jpg", "json-ld")


def test_metadata_is_read_once_per_selector() -> None:
    selector = page('<meta name="description" content="x">')
    assert metadata.document_metadata(selector) is metadata.document_metadata(selector)
