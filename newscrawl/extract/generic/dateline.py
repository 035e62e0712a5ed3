"""The headline element and the lines printed right after it (date, source and byline bar)."""

from __future__ import annotations

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.generic.elements import comparable, element_text, repeats_a_pictures_description
from newscrawl.extract.generic.title import H1_XPATH, find_title
from newscrawl.extract.page import Page
from newscrawl.extract.text import normalize_space

FOLLOWING_TEXT_XPATH = etree.XPath(
    "(following::text()[normalize-space()][not(ancestor::script or ancestor::style)])[position() <= 40]"
)


def headline_element(page: Page) -> HtmlElement | None:
    def compute() -> HtmlElement | None:
        h1s = H1_XPATH(page.selector.root)
        if not h1s:
            return None
        title = find_title(page)
        if title:
            key = comparable(str(title.value))
            for h1 in h1s:
                text_key = comparable(element_text(h1))
                if text_key and (text_key in key or key in text_key):
                    return h1
        texts = [(len(element_text(h1)), h1) for h1 in h1s[:8]]
        return max(texts, key=lambda item: item[0])[1]

    return page.remember("headline", compute)


def text_after_headline(page: Page) -> str:
    """The visible lines right after the headline, joined with `` | `` (the date / source / author bar)."""

    def compute() -> str:
        h1 = headline_element(page)
        if h1 is None:
            return ""
        parts: list[str] = []
        total = 0
        for node in FOLLOWING_TEXT_XPATH(h1):
            text = normalize_space(str(node))
            if repeats_a_pictures_description(node, text):
                continue  # a caption ("…, 24. April 2023" under DW's lead picture): not the dateline
            parts.append(text)
            total += len(text)
            if total > 600:
                break
        return " | ".join(parts)

    return page.remember("after-headline", compute)
