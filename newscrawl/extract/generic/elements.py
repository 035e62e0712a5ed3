"""Small readings of one element shared by the detectors: its text, class hints, link density."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.generic.vocabulary import COMMAS, INLINE_TAGS, MAYBE, SKIP_TAGS, UNLIKELY
from newscrawl.extract.page import Page, top_level_elements
from newscrawl.extract.text import FoldedPattern, cjk_count, normalize_space

NOT_WORD = re.compile(r"[\W_]+")


def comparable(text: str) -> str:
    return NOT_WORD.sub("", text).casefold()


def element_text(element: HtmlElement) -> str:
    return normalize_space(element.text_content())


def overlap(first: str, second: str) -> float:
    """Share of ``first``'s character bigrams present in ``second`` (works for CJK and Latin alike)."""
    grams = {first[i : i + 2] for i in range(len(first) - 1)}
    if not grams:
        return 0.0
    other = {second[i : i + 2] for i in range(len(second) - 1)}
    return len(grams & other) / len(grams)


LINKS_XPATH = etree.XPath(".//a")


# Counted for every paragraph of every page: str.count is a C loop, several times faster than findall's list.
def code_punctuation_count(text: str) -> int:
    """How many of ``{ } ; =`` and ``()`` the text holds (script or style text shown as text is full of them)."""
    return text.count("{") + text.count("}") + text.count(";") + text.count("=") + text.count("()")


def comma_count(text: str) -> int:
    """How many clause marks (commas, stops, question and exclamation marks, Latin and CJK) the text holds."""
    if text.isascii():
        return text.count(",") + text.count(";") + text.count("!") + text.count("?")
    return len(COMMAS.findall(text))


def has_media(element: HtmlElement) -> bool:
    return next(element.iter("img", "picture", "video"), None) is not None


def text_parts_without_media(element: HtmlElement) -> list[HtmlElement]:
    """The largest descendants of ``element`` that hold text and no picture."""
    parts: list[HtmlElement] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if has_media(child):
            parts.extend(text_parts_without_media(child))
        elif child.tag not in ("source", "br") and normalize_space(child.text_content()):
            parts.append(child)
    return parts


def class_hints(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip()


# A pure function of the class string, cached for the process: pages and sites repeat their class names.
@functools.lru_cache(maxsize=20_000)
def unlikely_hints(hints: str) -> bool:
    """Whether class/id ``hints`` mark navigation, comments, sharing…

    A BEM modifier describes a variant of its block, often what sits beside it (``grid-layout--adrail``: a grid
    with an ad rail, holding the story), not what the element is: modifiers are left out of the test.
    """
    roles = _BEM_MODIFIER.sub("", hints)
    return _UNLIKELY.search(roles) and not _MAYBE.search(roles)


_BEM_MODIFIER = re.compile(r"(?<=\w)--[\w-]+")
# Answered faster (see ``FoldedPattern``): tested on the class names of every block of every page.
_UNLIKELY = FoldedPattern(UNLIKELY)
_MAYBE = FoldedPattern(MAYBE)


def is_unlikely(element: HtmlElement) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True
    if tag in SKIP_TAGS:
        return True
    if tag in ("html", "body", "article", "main"):
        return False
    hints = class_hints(element)
    return bool(hints) and unlikely_hints(hints)


def is_unlikely_chain(element: HtmlElement, spared: Callable[[HtmlElement], bool] | None = None) -> bool:
    """Whether ``element`` or an ancestor is navigation, comments, sharing… (``is_unlikely``); blocks ``spared``
    says are not (a byline bar classed "author-share") do not count."""
    def counts(block: HtmlElement) -> bool:
        return is_unlikely(block) and (spared is None or not spared(block))

    if counts(element) and element.tag not in ("header", "aside"):
        return True
    return any(counts(ancestor) and ancestor.tag != "header" for ancestor in element.iterancestors())


def block_text(element: HtmlElement) -> str:
    """The text a paragraph-like element holds itself: all of it for ``<p>``, for a ``<div>`` only its own text
    and inline children (its block children are paragraphs of their own)."""
    if element.tag in ("p", "pre", "blockquote", "li"):
        return element.text_content()
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in INLINE_TAGS:
            parts.append(child.text_content())
        elif child.tag == "br":
            parts.append("\n")
        parts.append(child.tail or "")
    return "".join(parts)


def link_density(element: HtmlElement, text_length: int, link_lengths: dict[HtmlElement, int] | None = None) -> float:
    """Share of the element's text inside links. ``link_lengths`` keeps each link's text length for the caller
    that asks about nested elements again and again (the body's candidates share their links)."""
    if text_length <= 0:
        return 1.0
    if link_lengths is None:
        link_length = sum(len(normalize_space(link.text_content())) for link in LINKS_XPATH(element))
    else:
        link_length = 0
        for link in LINKS_XPATH(element):
            length = link_lengths.get(link)
            if length is None:
                length = link_lengths[link] = len(normalize_space(link.text_content()))
            link_length += length
    return min(1.0, link_length / text_length)


def short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text, whitespace folded, or None as soon as it runs past ``limit`` characters."""
    parts: list[str] = []
    length = 0
    check_at = 3 * limit + 200
    for chunk in element.itertext():
        parts.append(chunk)
        length += len(chunk)
        if length > check_at:
            if len(normalize_space("".join(parts))) > limit:
                return None  # folded text only grows as text is added: the whole is too long as well
            # Mostly whitespace so far (indented markup): look again once the raw text has doubled, not at every
            # chunk, which made this quadratic in large indented boxes.
            check_at = 2 * length
    text = normalize_space("".join(parts))
    return text if len(text) <= limit else None


def holds_prose(element: HtmlElement) -> bool:
    """Whether a block holds a real paragraph (long, few links): class names such as "sidebar-grid__container"
    wrap article text on some sites, and that text must stay."""
    for paragraph in element.iter("p"):
        text = normalize_space(paragraph.text_content())
        length = len(text) + cjk_count(text)
        if length >= 150 and link_density(paragraph, len(text)) < 0.2:
            return True
    return False


_ATTRIBUTED = frozenset(("class", "id", "itemprop", "rel"))


def attributed_elements(page: Page) -> list[tuple[HtmlElement, str, str]]:
    """Every element with a class, id, itemprop or rel, with its class and id, in document order. Searching class
    names in Python over this list costs a tenth of an XPath ``contains(@class, …)`` chain over the document
    (libxml2 converts every attribute again for each ``contains``)."""

    def compute() -> list[tuple[HtmlElement, str, str]]:
        # Reading each element's attribute names once is cheaper than an XPath's four attribute tests per element
        # (tests/extract/test_equivalents.py checks both agree).
        return [(element, element.get("class") or "", element.get("id") or "")
                for top in top_level_elements(page.selector.root) for element in top.iter()
                if isinstance(element.tag, str) and not _ATTRIBUTED.isdisjoint(element.keys())]

    return page.remember("attributed", compute)


def repeats_a_pictures_description(node: etree._ElementUnicodeResult, text: str) -> bool:
    """Whether a text is its picture's caption: it repeats the ``alt`` or ``title`` of an image in its block."""
    if len(text) < 20:
        return False
    parent = node.getparent()
    block = parent.getparent() if parent is not None else None
    if block is None:
        return False
    return any(text in (image.get("alt") or "") or text in (image.get("title") or "") for image in block.iter("img"))
