"""XML sitemaps, sitemap indexes and Google News sitemaps -> URLs with their dates and news titles."""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

_PARSER = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
#: A sitemap is at most 50 MB uncompressed (sitemaps.org); refuse to inflate more than that.
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class SitemapEntry:
    url: str
    #: ``news:publication_date`` when present, else ``lastmod``: the text as found.
    published: str | None = None
    #: ``news:title`` of a news sitemap entry.
    title: str | None = None


@dataclass(frozen=True)
class Sitemap:
    #: Child sitemaps of a sitemap index.
    sitemaps: list[str]
    #: Page URLs of a url set.
    entries: list[SitemapEntry]


def looks_like_sitemap(body: bytes) -> bool:
    """An XML sitemap or sitemap index (gzipped ones included, as ``.xml.gz`` files are often served)."""
    if body[:2] == b"\x1f\x8b":
        try:
            body = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body, 4096)
        except zlib.error:
            return False
    head = body[:4096].lstrip().lower()
    return b"<urlset" in head or b"<sitemapindex" in head


def maybe_gunzip(body: bytes) -> bytes:
    """Sitemaps are often served as ``.xml.gz`` without Content-Encoding; inflate them, bounded."""
    if body[:2] != b"\x1f\x8b":
        return body
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    data = inflater.decompress(body, MAX_SITEMAP_BYTES + 1)
    if len(data) > MAX_SITEMAP_BYTES:
        raise ValueError("sitemap larger than 50 MB uncompressed")
    return data


def parse_sitemap(body: bytes, base_url: str) -> Sitemap:
    try:
        root = etree.fromstring(maybe_gunzip(body), _PARSER)
    except (etree.XMLSyntaxError, ValueError, gzip.BadGzipFile, zlib.error):
        return Sitemap([], [])
    if root is None:
        return Sitemap([], [])
    kind = etree.QName(root).localname
    sitemaps: list[str] = []
    entries: list[SitemapEntry] = []
    for element in root:
        if not isinstance(element.tag, str):
            continue
        fields = _fields(element)
        location = fields.get("loc")
        if not location:
            continue
        url = urljoin(base_url, location)
        if kind == "sitemapindex":
            sitemaps.append(url)
        elif kind == "urlset":
            entries.append(SitemapEntry(url, fields.get("publication_date") or fields.get("lastmod"),
                                        fields.get("title")))
    return Sitemap(sitemaps, entries)


def _fields(element: etree._Element) -> dict[str, str]:
    """Local names of descendants -> text (news:news/news:title included)."""
    fields: dict[str, str] = {}
    for child in element.iter():
        if child is element or not isinstance(child.tag, str):
            continue
        text = (child.text or "").strip()
        if text:
            fields.setdefault(etree.QName(child).localname, text)
    return fields
