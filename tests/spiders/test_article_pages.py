"""Extraction of pages nested deeper than Python's recursion limit (``newscrawl.spiders.article_pages``)."""

from __future__ import annotations

import sys

from scrapy.http import HtmlResponse

from newscrawl.spiders.article_pages import extract_article, flatten_deep_elements
from tests.servers.fault_server import article_page, article_title, transform_page

URL = "https://news.example/2024/05/11/fault-matrix-story-1"


def test_deep_elements_are_flattened_into_their_text_without_recursion() -> None:
    depth = 1500  # deeper than Python's recursion limit; libxml2 itself keeps no more than about 2,000 levels
    assert depth > sys.getrecursionlimit()
    flat = flatten_deep_elements("<html><body>" + "<div>" * depth + "deep text" + "</div>" * depth + "</body></html>",
                                 max_depth=50)
    assert "deep text" in flat and flat.count("<div>") <= 50


def test_a_page_nested_10000_deep_is_still_extracted() -> None:
    html = transform_page(article_page(1), "deep_nesting")
    article = extract_article(HtmlResponse(URL, body=html.encode(), encoding="utf-8"), None)
    assert article.title == article_title(1) and "(1.4)" in (article.body_text or "")
