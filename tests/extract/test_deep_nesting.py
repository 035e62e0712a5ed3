"""Pages nested deeper than Python's recursion limit are flattened and extracted in one trip
(``newscrawl.extract.fetched``)."""

from __future__ import annotations

import sys

from newscrawl.extract.fetched import FetchedPage, extract_fetched
from newscrawl.extract.page import Page, flatten_deep_elements
from tests.servers.fault_server import article_page, article_title, transform_page

URL = "https://news.example/2024/05/11/fault-matrix-story-1"


def test_deep_elements_are_flattened_into_their_text_without_recursion() -> None:
    depth = 1500  # deeper than Python's recursion limit; libxml2 itself keeps no more than about 2,000 levels
    assert depth > sys.getrecursionlimit()
    page = Page(url=URL, html="<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth + "</body></html>")
    flatten_deep_elements(page.selector.root, max_depth=50)
    flat = page.selector.get()
    assert "deep text" in flat and flat.count("<div>") <= 50


def test_a_page_nested_10000_deep_is_still_extracted() -> None:
    html = transform_page(article_page(1), "deep_nesting")
    outcome = extract_fetched(FetchedPage(url=URL, body=html.encode(), content_type="text/html; charset=utf-8"), None)
    article = outcome.article
    assert article is not None
    assert article.title == article_title(1) and "(1.4)" in (article.body_text or "")
    assert outcome.warnings and "Nested too deep" in outcome.warnings[0]
