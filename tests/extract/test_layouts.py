"""Layout versions: a portal's layouts are tried field by field behind their signatures, current first, then
generic extraction; the record says which layout (or which generic source) gave each field."""

from __future__ import annotations

import json
from typing import Any

import pytest

from newscrawl.extract.article import article_layout, extract_page, fields_from_fallback
from newscrawl.extract.page import Page
from newscrawl.items import Article
from newscrawl.portal_rules import FROM_LISTING, ArticleRules, JsonArticleRules, Layout, Portal


def _portal(*layouts: Layout) -> Portal:
    return Portal(name="example", site_name="Example", site_url="https://example.com/",
                  categories=("科技媒体", "Example", "Latest"), timezone="America/New_York", hosts=("example.com",),
                  layouts=layouts, language="en")


NEW = Layout("2024", seen="2024 –", signature="div.story-body", rules=ArticleRules(
    title=("h1.headline",), authors=("a.byline",), published=("time::attr(datetime)",), body=("div.story-body",)))
OLD = Layout("2015", seen="2015 – 2023", signature="div.entry", rules=ArticleRules(
    title=("h1.post-title",), authors=("span.author",), published=("meta[name=published]::attr(content)",),
    body=("div.entry",), body_drop=("div.share",)))
PORTAL = _portal(NEW, OLD)
PARAGRAPHS = "".join(f"<p>Paragraph {number} of a story long enough to be a story.</p>" for number in range(8))


def _extract(body: str, portal: Portal = PORTAL, hints: dict[str, str] | None = None) -> Article:
    html = f"<html><head><title>Page title</title></head><body>{body}</body></html>"
    page = Page(url="https://example.com/story/", html=html, timezone=portal.timezone, listing_hints=hints or {})
    return extract_page(page, portal).article


def test_the_current_layout_reads_its_pages() -> None:
    article = _extract('<h1 class="headline">Now</h1><a class="byline">Ann Lee</a>'
                       f'<time datetime="2024-05-01T10:00:00Z">May 1</time><div class="story-body">{PARAGRAPHS}</div>')
    assert (article.title, article.authors, article.date_published) == ("Now", ["Ann Lee"], "2024-05-01T06:00:00-04:00")
    assert {article.field_sources[name] for name in ("title", "authors", "date_published", "body_html")} == {
        "layout:2024"}
    assert article_layout(article) == "2024"
    assert fields_from_fallback(article, PORTAL) == []


def test_an_older_layout_reads_old_pages_and_says_so() -> None:
    article = _extract('<h1 class="post-title">Then</h1><span class="author">Bo Chen</span>'
                       '<meta name="published" content="2016-03-02T07:00:00+00:00">'
                       f'<div class="entry">{PARAGRAPHS}<div class="share">Share this</div></div>')
    assert (article.title, article.authors, article.date_published) == (
        "Then", ["Bo Chen"], "2016-03-02T02:00:00-05:00")
    assert article.field_sources["body_html"] == "layout:2015"
    assert "Share this" not in (article.body_text or "")
    assert article_layout(article) == "2015"


def test_a_layout_whose_signature_the_page_lacks_is_not_tried() -> None:
    # The old layout's title selector would match, but the page is not of that layout.
    article = _extract(f'<h1 class="post-title">Decoy</h1><h1 class="headline">Now</h1><div class="story-body">'
                       f'{PARAGRAPHS}</div>')
    assert article.title == "Now" and article.field_sources["title"] == "layout:2024"


def test_a_field_the_page_s_layout_misses_comes_from_generic_extraction_and_counts_as_a_fallback() -> None:
    article = _extract(f'<h1 class="headline">Now</h1><div class="story-body">{PARAGRAPHS}</div>'
                       '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Now",'
                       ' "datePublished": "2024-05-01T10:00:00Z", "author": {"@type": "Person", "name": "Ann Lee"}}'
                       '</script>')
    assert article.date_published == "2024-05-01T06:00:00-04:00"
    assert article.field_sources["date_published"] == "generic:json-ld"
    assert article.field_sources["authors"] == "generic:json-ld"
    assert fields_from_fallback(article, PORTAL) == ["authors", "date_published"]


def test_a_page_no_layout_matches_is_read_by_generic_extraction() -> None:
    article = _extract(f"<article><h1>Elsewhere</h1>{PARAGRAPHS}</article>")
    assert article.body_text and article.field_sources["body_html"].startswith("generic:")
    assert article_layout(article) == "generic"


def test_a_listing_hint_is_the_layout_s_own_source() -> None:
    portal = _portal(Layout("only", rules=ArticleRules(title=(FROM_LISTING, "h1"), body=("div.story-body",))))
    article = _extract(f'<h1>Heading</h1><div class="story-body">{PARAGRAPHS}</div>', portal, {"title": "Listed"})
    assert article.title == "Listed" and article.field_sources["title"] == "listing"
    assert fields_from_fallback(article, portal) == []


def test_an_empty_container_gives_way_to_the_next_layout() -> None:
    both = Layout("both", rules=ArticleRules(body=("div.story-body",)))
    portal = _portal(both, Layout("older", rules=ArticleRules(body=("div.entry",))))
    article = _extract(f'<div class="story-body"> </div><div class="entry">{PARAGRAPHS}</div>', portal)
    assert article.field_sources["body_html"] == "layout:older"


def test_body_parts_can_be_flattened_to_text_and_renamed() -> None:
    portal = _portal(Layout("l", rules=ArticleRules(
        body=(".lead, .content",), body_flatten=(".lead",), body_rename={"p.subhead": "h3"})))
    article = _extract('<div class="lead">导语：<i>开源</i>数据库</div>'
                       f'<div class="content"><p class="subhead">一、融资</p>{PARAGRAPHS}</div>', portal)
    assert (article.body_html or "").startswith('导语：开源数据库<h3 class="subhead">一、融资</h3>')


def test_a_json_layout_read_by_a_reader_and_an_html_layout_together() -> None:
    def reader(html: str) -> Any:
        start = html.find("STATE=")
        return json.loads(html[start + 6: html.index(";", start)]) if start != -1 else None

    state = Layout("state", rules=JsonArticleRules(reader=reader, root="story", body=("html",),
                                                    tags=("tags[].name",)))
    markup = Layout("markup", signature="h1.headline", rules=ArticleRules(title=("h1.headline",)))
    portal = _portal(state, markup)
    story = {"story": {"html": PARAGRAPHS, "tags": [{"name": "Chips"}]}}
    article = _extract(f'<h1 class="headline">Both</h1><script>STATE={json.dumps(story)};</script>', portal)
    assert article.field_sources["body_html"] == "layout:state"
    assert article.field_sources["title"] == "layout:markup"
    assert article.tags == ["Chips"]


@pytest.mark.parametrize(("page_url", "href", "expected"), [
    ("https://example.com/2016/08/story/", "https://example.com/2016/08/story/2/", "https://example.com/2016/08/story/2/"),
    ("https://example.com/2016/08/story/2/", "/2016/08/story/3/", "https://example.com/2016/08/story/3/"),
    ("https://example.com/a/ART-1-2.html", "ART-1-2_2.html", "https://example.com/a/ART-1-2_2.html"),
    ("https://example.com/2016/08/story/", "https://example.com/2016/08/story-two/", None),  # another story
    ("https://example.com/2016/08/story/", "https://other.example/2016/08/story/2/", None),  # another host
    ("https://example.com/2016/08/story/2/", "/2016/08/story/2/", None),  # itself
])
def test_a_continuation_link_is_followed_only_within_the_story(page_url: str, href: str, expected: str | None) -> None:
    portal = _portal(Layout("l", rules=ArticleRules(body=("div.story-body",), continuation="a.next")))
    html = f'<html><body><div class="story-body">{PARAGRAPHS}</div><a class="next" href="{href}">Next</a></body></html>'
    assert extract_page(Page(url=page_url, html=html), portal).continuation == expected


def test_layout_names_are_unique_and_plain() -> None:
    with pytest.raises(ValueError, match="twice"):
        _portal(NEW, NEW)
    with pytest.raises(ValueError, match="layout name"):
        Layout("two words", rules=ArticleRules())
