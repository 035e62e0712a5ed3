"""Faster ways of asking the extractors' questions answer exactly as the plain ways they replace."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract import metadata
from newscrawl.extract.generic import body as generic_body
from newscrawl.extract.generic import boilerplate, elements, page_dates, vocabulary
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import FoldedPattern

# The plain XPaths the extractors' walks replace: what each walk must find, in the same order.
META_XPATH = etree.XPath("//meta[@content]")
JSON_LD_XPATH = etree.XPath(
    '//script[@type="application/ld+json" or @type="application/ld+json; charset=utf-8"]/text()'
)
CANONICAL_XPATH = etree.XPath(
    '//link[@href][translate(@rel, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")="canonical"]/@href'
)
BASE_XPATH = etree.XPath("//base[@href]/@href")
ATTRIBUTED_XPATH = etree.XPath("//*[@class or @id or @itemprop or @rel]")
NOT_INLINE = (
    "not(self::span or self::a or self::strong or self::em or self::b or self::i or self::font or self::br)"
)
INLINE_CHILDREN_ONLY = f"not(*[{NOT_INLINE}])"
PARAGRAPH_XPATH = etree.XPath(
    "//p | //pre | //div[text()[normalize-space()]] | //section[text()[normalize-space()]]"
    " | //td[text()[normalize-space()]] | //article[text()[normalize-space()]] | //blockquote"
    " | //li[text()[normalize-space()]][not(.//p)]"
    # <div><span>text</span></div>, <td><font>text<br>text</font></td>: a paragraph written with a div or a table
    # cell and inline elements only (one name test per branch: libxml2 scans //div far faster than //*[self::div]).
    f" | //div[not(text()[normalize-space()])][*][{INLINE_CHILDREN_ONLY}]"
    f" | //td[not(text()[normalize-space()])][*][{INLINE_CHILDREN_ONLY}]"
    # <div><h2>…</h2><font>text<br>text</font></div>: <br>-separated text in an inline element beside blocks.
    f" | //font[br][text()[normalize-space()]][not(../text()[normalize-space()])][../*[{NOT_INLINE}]]"
    f" | //span[br][text()[normalize-space()]][not(../text()[normalize-space()])][../*[{NOT_INLINE}]]"
)
LINK_BLOCKS_XPATH = etree.XPath(
    ".//*[self::ul or self::ol or self::div or self::section or self::table][count(.//a) >= 3]"
)
NOISE_CLASS_XPATH = etree.XPath(
    ".//*[@class or @id or @hidden or @style or @aria-hidden or self::nav or self::aside or self::form"
    " or self::button or self::header or self::h1 or self::figcaption or self::label or self::select]"
)
TOOLBAR_XPATH = etree.XPath(".//*[self::ul or self::ol or self::div or self::section or self::p][count(*) >= 4]")
LEAF_BLOCKS_XPATH = etree.XPath(
    ".//*[self::p or self::div][not(*[self::p or self::div or self::li])]"
    "[not(ancestor::pre or ancestor::p or ancestor::table)]"
)


HINTS = [
    "article-body__content story-text", "SideBar", "NAV-main", "mw-parser-output", "share-Tools", "c-ad", "AD",
    "cookie_Consent", "post-Comments", "sr-only", "d-md-Block", "Ｓidebar", "İnfobox", "ſhare", "K-side", "",
    "related-content comments-count", "modal popup-x", "js-Modal", "header__nav-item--active", "评论 comment",
]


@pytest.mark.parametrize("name", ["UNLIKELY", "MAYBE", "POSITIVE", "NEGATIVE", "CAPTION_HINTS", "META_HINTS",
                                  "RELATED_SECTION", "COMMENT_WORD", "HIDDEN_WORD", "SHOWN_AGAIN", "HIDDEN_STYLE"])
def test_folded_pattern_answers_as_the_pattern(name: str) -> None:
    pattern = getattr(vocabulary, name)
    folded = FoldedPattern(pattern)
    for text in HINTS + [hint.upper() for hint in HINTS] + ["display: NONE", "Visibility:hidden"]:
        assert folded.search(text) == (pattern.search(text) is not None), text
        assert folded.match(text) == (pattern.match(text) is not None), text


def test_folded_pattern_refuses_patterns_it_cannot_fold() -> None:
    with pytest.raises(ValueError):
        FoldedPattern(re.compile("Author", re.IGNORECASE))  # an upper-case letter: lowered text never holds it
    with pytest.raises(ValueError):
        FoldedPattern(re.compile("author"))  # case-sensitive already
    FoldedPattern(re.compile(r"\Wad\b", re.IGNORECASE))  # escapes are not letters


@pytest.mark.parametrize("html", [
    "<script>var ct = 1234567890;</script>", "<script>xvar ct=1234567890; var pubtime='2020-01-02 10:00'</script>",
    "_var ct = 1234567890", "évar ct=1234567890 ,var ct=2234567890", "var publishTime=\"2021-03-04T05:06:07\"",
    "no date here", "var ct=12345", "var\nct=1234567890",
])
def test_script_published_finds_what_the_pattern_finds(html: str) -> None:
    expected = page_dates._SCRIPT_PUBLISHED.search(html)
    found = page_dates._script_published(html)
    assert (found and (found.span(), found.group(1))) == (expected and (expected.span(), expected.group(1)))


FIXTURE_PAGES = sorted((Path(__file__).resolve().parents[2] / "fixtures" / "generic").glob("*/page.html"))
# A document with a second top-level <html> (libxml2 keeps what follows a closing </html> comment there).
SECOND_ROOT = ("<html><body><p>first paragraph of the page, long enough</p></body></html><!-- x -->"
               "<html><body><div>text of a div <b>bold</b></div><li>item <p>inner</p></li><li> </li>"
               "<div><span>only inline</span><br/><a>link</a></div><div> <p>para</p></div>"
               "<td>\u00a0</td><section>\n</section></body></html>")


def _pages() -> list[Page]:
    pages = [Page(url="https://example.com/", html=path.read_text("utf-8")) for path in FIXTURE_PAGES]
    return [*pages, Page(url="https://example.com/", html=SECOND_ROOT.replace("<li>", "<li class=x>"))]


def _roots() -> list[HtmlElement]:
    return [page.selector.root for page in _pages()]


def test_attributed_elements_are_what_the_xpath_finds() -> None:
    for page in _pages():
        found = [element for element, _, _ in elements.attributed_elements(page)]
        assert found == ATTRIBUTED_XPATH(page.selector.root)
    assert found  # the last page's second <html> holds one


def test_paragraph_walk_finds_what_the_xpath_finds() -> None:
    assert len(FIXTURE_PAGES) >= 10
    for root in _roots():
        assert generic_body._paragraph_blocks(root) == PARAGRAPH_XPATH(root)


def test_noise_candidates_are_what_the_xpath_finds() -> None:
    for root in _roots():
        body = generic_body._detect_body(root)
        assert body is not None
        assert boilerplate._noise_candidates(body) == NOISE_CLASS_XPATH(body)
        for element in (body, *body.iter("div", "section", "table", "article", "main")):
            assert boilerplate._link_blocks(element) == LINK_BLOCKS_XPATH(element)
            assert boilerplate._toolbar_candidates(element) == TOOLBAR_XPATH(element)
            assert boilerplate._leaf_blocks(element) == LEAF_BLOCKS_XPATH(element)


METADATA_PAGE = """<html><head><base href="/base/"><link rel="Canonical" href=" /c "><link rel="CANONİCAL" href="/no">
<meta name="a" content="x"><meta name="b"><script type="application/ld+json">{"@type": "NewsArticle"}</script>
<script type="application/ld+json; charset=UTF-8">{}</script></head><body>
<div itemprop="datePublished" datetime="2020-01-02"></div><meta itemprop="dateModified" datetime="2020-01-05">
<span itemprop="dateModified" datetime="2020-01-03"></span><time datetime="2020-01-04" pubdate></time>
<article><div><time datetime=" 2020-02-02 ">x</time></div></article><time>Sep 30, 2016</time>
<a><time>May 1, 2017</time></a><li><time>June 2, 2018</time></li></body></html>
<!-- after --><html><body><time>Jan 3, 2019</time><link rel="canonical" href="/second"></body></html>"""
OLD_TIME_PUBLISHED = etree.XPath('//time[@datetime][@pubdate or @itemprop="datePublished"]/@datetime'
                                 ' | //*[@itemprop="datePublished"][not(self::meta)]/@datetime')
OLD_TIME_MODIFIED = etree.XPath('//*[@itemprop="dateModified"][not(self::meta)]/@datetime')


def test_metadata_index_reads_what_the_xpaths_read() -> None:
    for page in [*_pages(), Page(url="https://example.com/", html=METADATA_PAGE)]:
        root = page.selector.root
        read = metadata.document_metadata(page.selector)
        assert [meta for meta in read.tagged("meta") if meta.get("content") is not None] == META_XPATH(root)
        assert [base.get("href") for base in read.tagged("base") if base.get("href") is not None] == list(
            BASE_XPATH(root))
        assert metadata._TIME_PUBLISHED_XPATH(root) == OLD_TIME_PUBLISHED(root)
        assert metadata._TIME_MODIFIED_XPATH(root) == OLD_TIME_MODIFIED(root)
        json_ld = [text for script in read.tagged("script") if script.get("type") in metadata._JSON_LD_TYPES
                   for text in metadata._TEXT_NODES_XPATH(script)]
        assert json_ld == JSON_LD_XPATH(root)
        links = [str(href).strip() for href in CANONICAL_XPATH(root) if str(href).strip()]
        canonical = metadata.find_canonical_url(page.selector)
        assert (canonical.value if canonical else None) == (
            metadata.absolute_url(page.selector, links[0]) if links else canonical and canonical.value)
    # What the XPaths answered on these pages (read with the code before the index).
    expected = {
        METADATA_PAGE: (Found("2020-01-02", "time-element"), Found("https://e.com/c", "meta")),
        METADATA_PAGE.replace(" pubdate", "").replace('itemprop="datePublished"', ""): (
            Found("2020-02-02", "time-element"), Found("https://e.com/c", "meta")),
        "<html><body><time>Sep 30, 2016</time><a><time>May 1, 2017</time></a></body></html>": (
            Found("Sep 30, 2016", "time-element"), None),
    }
    for html, (time_element, canonical) in expected.items():
        selector = Page(url="https://e.com/", html=html).selector
        assert metadata.find_time_element(selector) == time_element
        assert metadata.find_canonical_url(selector) == canonical


EDGE_DOCUMENTS = ["", "   ", "<p>x</p>", "\x00<html><body><p>nul</p></body></html>", "<p>a\x00b</p>",
                  "\u3000<html><body><p>ideographic space first</p></body></html>",
                  "<html><body><p>no-break space last</p></body></html>\u00a0", "\x1c<p>separator</p>\x1f",
                  " \n<!DOCTYPE html><html><head><title>t</title></head><body><p>é 中文</p></body></html>\n ",
                  "中文在前<p>text</p>"]


@pytest.mark.parametrize("html", [*(path.read_text("utf-8") for path in FIXTURE_PAGES), *EDGE_DOCUMENTS])
def test_a_page_parsed_from_its_utf8_bytes_is_the_page_parsed_from_its_text(html: str) -> None:
    from_text = Page(url="https://example.com/", html=html).selector.root
    from_bytes = Page(url="https://example.com/", html=html, utf8=html.encode("utf-8")).selector.root
    assert etree.tostring(from_bytes.getroottree()) == etree.tostring(from_text.getroottree())
    assert [top.tag for top in from_bytes.itersiblings()] == [top.tag for top in from_text.itersiblings()]
