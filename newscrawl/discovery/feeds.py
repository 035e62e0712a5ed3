"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> entries (URL, title, published text, summary)."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
_ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass(frozen=True)
class FeedEntry:
    url: str
    title: str | None = None
    #: The entry's date text as found (pubDate, published, updated, dc:date).
    published: str | None = None
    summary: str | None = None


def looks_like_feed(body: bytes) -> bool:
    head = body[:2048].lstrip().lower()
    return b"<rss" in head or b"<feed" in head or b"<rdf:rdf" in head


def parse_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    """Entries in document order; entries without a link are skipped. Broken XML is read as far as it goes."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    entries: list[FeedEntry] = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = etree.QName(element).localname
        if name == "item":
            entry = _rss_item(element, base_url)
        elif name == "entry" and element.tag.startswith(_ATOM):
            entry = _atom_entry(element, base_url)
        else:
            continue
        if entry is not None:
            entries.append(entry)
    return entries


def _child_text(element: etree._Element, *names: str) -> str | None:
    for child in element:
        if isinstance(child.tag, str) and etree.QName(child).localname in names:
            text = "".join(child.itertext()).strip()
            if text:
                return text
    return None


def _rss_item(item: etree._Element, base_url: str) -> FeedEntry | None:
    link = _child_text(item, "link")
    if not link:
        about = item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
        guid = next((child for child in item if isinstance(child.tag, str)
                     and etree.QName(child).localname == "guid"), None)
        if about:
            link = about
        elif guid is not None and guid.get("isPermaLink", "true") != "false" and guid.text:
            link = guid.text.strip()
    if not link:
        return None
    return FeedEntry(
        url=urljoin(base_url, link),
        title=_child_text(item, "title"),
        published=_child_text(item, "pubDate", "date", "published", "updated"),
        summary=_child_text(item, "description", "summary"),
    )


def _atom_entry(entry: etree._Element, base_url: str) -> FeedEntry | None:
    link = None
    for child in entry:
        is_link = isinstance(child.tag, str) and etree.QName(child).localname == "link"
        if is_link and child.get("rel", "alternate") == "alternate" and child.get("href"):
            link = child.get("href")
            break
    if not link:
        return None
    return FeedEntry(
        url=urljoin(base_url, link),
        title=_child_text(entry, "title"),
        published=_child_text(entry, "published", "updated", "issued"),
        summary=_child_text(entry, "summary", "content"),
    )
