"""A fetched page as extraction sees it: URL, decoded HTML parsed once, and the site's time zone."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar, cast

from lxml import etree
from lxml.html import HtmlComment, HtmlElement, HtmlEntity, HtmlProcessingInstruction
from parsel import Selector
from parsel.selector import create_root_node

_T = TypeVar("_T")


class _HtmlParser(etree.HTMLParser):
    """lxml.html's parser without its element-class lookup written in Python: that lookup runs for every element
    the extractors touch (a thousand times a millisecond on a real page). Every element is a plain ``HtmlElement``
    (no form, input or label subclasses, whose extra API nothing here uses)."""

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=HtmlElement, comment=HtmlComment, pi=HtmlProcessingInstruction, entity=HtmlEntity))


@dataclass
class Page:
    #: Final URL of the page (after redirects): the base for relative links.
    url: str
    #: The document decoded to text.
    html: str
    #: IANA zone the site prints local times in (``Asia/Shanghai``); None when unknown.
    timezone: str | None = None
    #: Values a listing page already told about this article (``title``, ``date_published_raw``, …).
    listing_hints: dict[str, str] = field(default_factory=dict)
    #: ``html`` as UTF-8 bytes when the fetched bytes were exactly that (``DecodedPage.utf8``): parsed as they are,
    #: which saves encoding the text again (a third of a millisecond for a page of 250,000 characters).
    utf8: bytes | None = None
    #: What extractors worked out once for this page (the headline element, the detected body…): the page owns its
    #: memo, so it goes with the page and is never shared with another.
    _memo: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    @cached_property
    def selector(self) -> Selector:
        """The document parsed once; every extractor shares this tree."""
        root = _parse_utf8(self.utf8, self.url) if self.utf8 is not None else None
        if root is None:
            # parsel's own parsing steps (NUL bytes dropped, an empty page read as <html/>), with the parser above.
            root = create_root_node(self.html, _HtmlParser, base_url=self.url)
        return Selector(root=root, type="html", base_url=self.url)

    def remember(self, key: str, compute: Callable[[], _T]) -> _T:
        """``compute()`` the first time ``key`` is asked for on this page, the same value afterwards."""
        if key not in self._memo:
            self._memo[key] = compute()
        return cast(_T, self._memo[key])


# Bytes str.strip() removes and bytes.strip() keeps: ASCII control characters Unicode counts as spaces.
_UNICODE_ONLY_SPACES = frozenset(b"\x1c\x1d\x1e\x1f")


def _parse_utf8(utf8: bytes, base_url: str) -> etree._Element | None:
    """The tree parsel's ``create_root_node`` builds from the text, built from the text's UTF-8 bytes without
    encoding it again; None when the bytes it would parse differ from these (NUL bytes, which it drops; a
    Unicode space at either end, which it strips) or the document is empty: the text path handles those."""
    document = utf8.strip()
    if not document or b"\x00" in document:
        return None
    first, last = document[0], document[-1]
    if first >= 0x80 or last >= 0x80 or first in _UNICODE_ONLY_SPACES or last in _UNICODE_ONLY_SPACES:
        return None
    parser = _HtmlParser(recover=True, encoding="utf-8", huge_tree=True)
    return etree.fromstring(document, parser=parser, base_url=base_url)


@dataclass(frozen=True)
class Found:
    """One extracted value and where it came from (see ``Article.field_sources``)."""

    value: object
    source: str


def flatten_deep_elements(root: etree._Element, max_depth: int) -> None:
    """Replace every element deeper than ``max_depth`` below ``root`` by its text, in place; iteratively, so any
    depth is walked without recursion (the extractors' recursive walks then stay within Python's limit)."""
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


def top_level_elements(root: etree._Element) -> list[etree._Element]:
    """The document's top-level elements in order: ``root`` and its siblings (libxml2 keeps a second ``<html>``
    after the first). An XPath starting with ``//`` searches all of them; so must a walk that replaces it."""
    tops = [*reversed(list(root.itersiblings(preceding=True))), root, *root.itersiblings()]
    return [top for top in tops if isinstance(top.tag, str)]
