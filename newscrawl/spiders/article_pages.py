"""Extraction that survives pages nested deeper than it can walk.

Body cleaning walks the element tree recursively; a hostile or broken page nesting 10,000 elements exhausts
Python's recursion limit and the article was lost (``spider_error/RecursionError``). ``extract_article`` catches
that, flattens every element deeper than ``MAX_DEPTH`` into its text, and extracts again: such a page costs one
more parse instead of the article, and ordinary pages cost nothing.
"""

from __future__ import annotations

import logging
from typing import Any

import lxml.etree
import lxml.html
from scrapy.http import TextResponse

from newscrawl.extract.article import Extracted, extract_response
from newscrawl.items import Article
from newscrawl.portal_rules import Portal

logger = logging.getLogger(__name__)

#: Deeper elements are flattened into their text before a second extraction (real pages stay under 100).
MAX_DEPTH = 200


def flatten_deep_elements(html: str, max_depth: int = MAX_DEPTH) -> str:
    """The document with every element deeper than ``max_depth`` replaced by its text (iteratively: no
    recursion, whatever the depth)."""
    parser = lxml.html.HTMLParser(huge_tree=True)
    root = lxml.html.document_fromstring(html, parser=parser)
    stack = [(root, 0)]
    while stack:
        element, depth = stack.pop()
        if depth >= max_depth:
            text = "".join(element.itertext())
            for child in list(element):
                element.remove(child)
            element.text = text
            continue
        stack.extend((child, depth + 1) for child in element if isinstance(child.tag, str))
    return lxml.html.tostring(root, encoding="unicode")


def extract_article(response: TextResponse, portal: Portal | None, **arguments: Any) -> Article:
    """``article_from_response``, once more on a flattened page when the page is nested too deep to walk."""
    return extract(response, portal, **arguments).article


def extract(response: TextResponse, portal: Portal | None, **arguments: Any) -> Extracted:
    """``extract_response`` (the article and its story's next page), once more on a flattened page when the page
    is nested too deep to walk."""
    try:
        return extract_response(response, portal, **arguments)
    except RecursionError:
        logger.warning("Nested too deep to extract: %s; extracting again with elements deeper than %d flattened",
                       response.url, MAX_DEPTH)
        flat = response.replace(body=flatten_deep_elements(response.text).encode("utf-8"), encoding="utf-8")
        assert isinstance(flat, TextResponse)
        return extract_response(flat, portal, **arguments)
