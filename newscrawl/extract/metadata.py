"""Structured metadata a page declares about itself: JSON-LD, OpenGraph, ``<meta>`` tags, canonical link, language.

Every ``find_*`` function takes the page's parsed ``Selector`` (never re-parses) and returns a ``Found`` (value and
source: ``json-ld``, ``opengraph``, ``meta``, ``time-element``) or None. The document is read once per selector:
all ``<meta>`` tags and JSON-LD blocks are collected into a ``DocumentMetadata`` that is cached weakly on the
selector, so calling several finders costs one pass.
"""

from __future__ import annotations

import html
import json
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from newscrawl.extract.page import Found, top_level_elements
from newscrawl.extract.text import normalize_space

__all__ = [
    "ARTICLE_TYPES",
    "DocumentMetadata",
    "absolute_url",
    "document_metadata",
    "find_canonical_url",
    "find_declared_language",
    "find_description",
    "find_json_ld_headline",
    "find_keywords",
    "find_lead_image",
    "find_metadata_authors",
    "find_modified_raw",
    "find_og_title",
    "find_published_raw",
    "find_site_name",
    "find_time_element",
    "iter_json_ld",
    "normalize_language",
]

#: schema.org types whose object describes the article itself (lower-case).
ARTICLE_TYPES = frozenset(
    t.lower()
    for t in (
        "Article",
        "NewsArticle",
        "BlogPosting",
        "ReportageNews",
        "AnalysisNewsArticle",
        "OpinionNewsArticle",
        "BackgroundNewsArticle",
        "ReviewNewsArticle",
        "AskPublicNewsArticle",
        "SatiricalArticle",
        "AdvertiserContentArticle",
        "TechArticle",
        "ScholarlyArticle",
        "Report",
        "LiveBlogPosting",
        "SocialMediaPosting",
        "DiscussionForumPosting",
        "Posting",
        "VideoObject",
    )
)
#: Types that may stand in for an article when a page declares nothing better.
_PAGE_TYPES = frozenset(("webpage", "itempage", "medicalwebpage", "creativework"))

_INDEXED_TAGS = ("meta", "base", "link", "time", "script")
_JSON_LD_TYPES = ("application/ld+json", "application/ld+json; charset=utf-8")
_TEXT_NODES_XPATH = etree.XPath("text()")
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")  # XPath's translate()
_IMAGE_SRC_XPATH = etree.XPath('//link[@rel="image_src"][@href]/@href')
_HTML_LANG_XPATH = etree.XPath("/html/@lang | /html/@xml:lang")
# ``//@itemprop[.=…]/parent::*`` is ``//*[@itemprop=…]``, found by libxml2 in half the time.
_TIME_PUBLISHED_XPATH = etree.XPath(
    '//time[@datetime][@pubdate or @itemprop="datePublished"]/@datetime'
    ' | //@itemprop[.="datePublished"]/parent::*[not(self::meta)]/@datetime'
)
_TIME_MODIFIED_XPATH = etree.XPath('//@itemprop[.="dateModified"]/parent::*[not(self::meta)]/@datetime')
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$|^\s*<!--|-->\s*$")
_URL_LIKE = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
_KEYWORD_SPLIT = re.compile(r"\s*[,，;；、|]\s*")

# Meta names (lower-case) holding the publication / modification time, in order of trust.
# "article:published:time": Börsen-Zeitung's spelling of the OpenGraph name.
_OPENGRAPH_PUBLISHED = ("article:published_time", "og:article:published_time", "og:published_time",
                        "article:published:time")
_META_PUBLISHED = (
    "datepublished",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publish_date",
    "publishdate",
    "pubdate",
    "publication_date",
    "sailthru.date",
    "parsely-pub-date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "dcterms.date",
    "citation_publication_date",
    "citation_date",
    "firstpublishedtime",  # the TRS CMS of Chinese government sites (gov.cn): "2007-08-20-23:59:59"
    "citation_online_date",
    "og:release_date",
    "bytedance:published_time",
    "weibo:article:create_at",
    "article:published",
    "datecreated",
    "date",
)
_OPENGRAPH_MODIFIED = ("article:modified_time", "og:updated_time", "og:article:modified_time", "article:modified:time")
_META_MODIFIED = (
    "datemodified",
    "article.updated",
    "last-modified",
    "lastmod",
    "dc.date.modified",
    "dcterms.modified",
    "bytedance:updated_time",
    "lastmodifiedtime",
    "weibo:article:update_at",
    "article:modified",
)
_META_AUTHORS = (
    "author",
    "article:author_name",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "citation_author",
    "byl",
    "twitter:creator",
)


@dataclass
class DocumentMetadata:
    """Everything a page declares about itself, collected in one pass over the tree."""

    #: Base for relative URLs: the page URL joined with ``<base href>``.
    base_url: str
    #: ``<meta>`` contents by lower-cased ``name`` / ``property`` / ``itemprop`` / ``http-equiv``, document order.
    meta: dict[str, list[str]] = field(default_factory=dict)
    #: Every JSON-LD object, flattened (``@graph``, lists, nested ``mainEntity``).
    json_ld: list[dict[str, Any]] = field(default_factory=list)
    #: JSON-LD objects by ``@id``, to resolve references such as ``"author": {"@id": "…#/schema/person/1"}``.
    json_ld_ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: The JSON-LD object describing the article, when the page has one.
    article: dict[str, Any] | None = None
    #: The document's ``<meta>``, ``<base>``, ``<link>``, ``<time>`` and ``<script>`` elements by tag, in document
    #: order: one walk of the tree answers what an XPath ``//meta[…]``, ``//link[…]``… would each walk it for.
    elements: dict[str, list[etree._Element]] = field(default_factory=dict)

    def tagged(self, tag: str) -> list[etree._Element]:
        return self.elements.get(tag, [])

    def first(self, *names: str) -> tuple[str, str] | None:
        """(name, content) of the first non-empty ``<meta>`` among ``names``."""
        for name in names:
            for content in self.meta.get(name, ()):
                if content:
                    return name, content
        return None

    def resolve(self, node: Any) -> Any:
        """A JSON-LD node with an ``@id`` reference replaced by the object it points to."""
        if isinstance(node, dict) and "@id" in node and len(node) <= 2:
            return self.json_ld_ids.get(str(node["@id"]), node)
        return node


_CACHE: weakref.WeakKeyDictionary[Selector, DocumentMetadata] = weakref.WeakKeyDictionary()


def document_metadata(selector: Selector) -> DocumentMetadata:
    """The page's metadata, read once per selector."""
    cached = _CACHE.get(selector)
    if cached is None:
        cached = _read_metadata(selector)
        _CACHE[selector] = cached
    return cached


def _read_metadata(selector: Selector) -> DocumentMetadata:
    root = selector.root
    document_url = ""
    if hasattr(root, "getroottree"):
        document_url = root.getroottree().docinfo.URL or ""
    elements: dict[str, list[etree._Element]] = {tag: [] for tag in _INDEXED_TAGS}
    if isinstance(root, etree._Element):
        for top in top_level_elements(root):
            for element in top.iter(*_INDEXED_TAGS):
                elements[element.tag].append(element)
    # <base>, <meta content> and JSON-LD scripts read from that index (what ``//base`` etc. would each walk for).
    base_hrefs = [href for href in (base.get("href") for base in elements["base"]) if href is not None]
    base_url = urljoin(document_url, base_hrefs[0].strip()) if base_hrefs else document_url
    metadata = DocumentMetadata(base_url=base_url, elements=elements)

    for element in (meta for meta in elements["meta"] if meta.get("content") is not None):
        content = normalize_space(html.unescape(element.get("content") or ""))
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = element.get(attribute)
            if key:
                for name in key.lower().split():
                    metadata.meta.setdefault(name, []).append(content)

    json_ld_blocks = [text for script in elements["script"] if script.get("type") in _JSON_LD_TYPES
                      for text in _TEXT_NODES_XPATH(script)]
    for block in json_ld_blocks:
        data = _load_json_ld(str(block))
        if data is not None:
            for node in _flatten_json_ld(data):
                metadata.json_ld.append(node)
                node_id = node.get("@id")
                if isinstance(node_id, str) and len(node) > 2:
                    metadata.json_ld_ids.setdefault(node_id, node)
    metadata.article = _pick_article(metadata.json_ld)
    return metadata


def _load_json_ld(text: str) -> Any:
    """Parse one JSON-LD block, tolerating control characters, HTML comments, CDATA and trailing commas."""
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    cleaned = _TRAILING_COMMA.sub(r"\1", _CDATA.sub("", text)).strip().rstrip(";")
    try:
        return json.loads(cleaned, strict=False)
    except ValueError:
        return None


def _flatten_json_ld(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    if depth > 6:
        return
    if isinstance(data, list):
        for item in data:
            yield from _flatten_json_ld(item, depth + 1)
    elif isinstance(data, dict):
        yield data
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "subjectOf"):
            child = data.get(key)
            if isinstance(child, (dict, list)) and (key == "@graph" or _has_article_type(child)):
                yield from _flatten_json_ld(child, depth + 1)


def _types(node: dict[str, Any]) -> list[str]:
    value = node.get("@type")
    if isinstance(value, str):
        return [value.rsplit("/", 1)[-1].lower()]
    if isinstance(value, list):
        return [str(item).rsplit("/", 1)[-1].lower() for item in value]
    return []


def _is_article_type(name: str) -> bool:
    # Covers the long tail of subtypes (ReportageNewsArticle, LiveBlogPosting, …) without listing them all.
    return name in ARTICLE_TYPES or name.endswith(("article", "posting"))


def _has_article_type(data: Any) -> bool:
    if isinstance(data, list):
        return any(_has_article_type(item) for item in data)
    return isinstance(data, dict) and any(_is_article_type(t) for t in _types(data))


def _pick_article(nodes: list[dict[str, Any]]) -> dict[str, Any] | None:
    best: tuple[int, dict[str, Any]] | None = None
    for node in nodes:
        types = _types(node)
        if any(_is_article_type(t) for t in types):
            score = 4 if "videoobject" not in types else 1
        elif any(t in _PAGE_TYPES for t in types):
            score = 0
        else:
            continue
        score += bool(node.get("headline")) + bool(node.get("datePublished")) + bool(node.get("author"))
        if score >= 1 and (best is None or score > best[0]):
            best = (score, node)
    return best[1] if best else None


def iter_json_ld(selector: Selector) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, flattened."""
    return document_metadata(selector).json_ld


def absolute_url(selector: Selector, url: str) -> str:
    """``url`` made absolute against the page URL and its ``<base href>``."""
    return urljoin(document_metadata(selector).base_url, url.strip())


def _text(value: Any) -> str | None:
    """A clean string from a JSON-LD value (string, number, list of strings, ``{"@value": …}``)."""
    if isinstance(value, list):
        value = next((item for item in value if item), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = normalize_space(html.unescape(value))
    return cleaned or None


def find_json_ld_headline(selector: Selector) -> Found | None:
    """The article's JSON-LD ``headline`` (or ``name``)."""
    article = document_metadata(selector).article
    if article is None:
        return None
    headline = _text(article.get("headline")) or _text(article.get("name"))
    return Found(headline, "json-ld") if headline else None


def find_og_title(selector: Selector) -> Found | None:
    """``og:title``, else ``twitter:title``."""
    found = document_metadata(selector).first("og:title", "twitter:title")
    return Found(found[1], "opengraph") if found else None


def find_site_name(selector: Selector) -> Found | None:
    """The site's name: ``og:site_name``, JSON-LD publisher, ``application-name``."""
    metadata = document_metadata(selector)
    found = metadata.first("og:site_name")
    if found:
        return Found(found[1], "opengraph")
    name = _json_ld_publisher_name(metadata)
    if name:
        return Found(name, "json-ld")
    found = metadata.first("application-name", "apple-mobile-web-app-title")
    return Found(found[1], "meta") if found else None


def find_publishers(selector: Selector) -> list[str]:
    """The publisher's names the page declares (``<meta name=publisher>``, JSON-LD ``publisher``), as written."""
    metadata = document_metadata(selector)
    names = [value for value in metadata.meta.get("publisher", ()) if value]
    name = _json_ld_publisher_name(metadata)
    return [*names, name] if name else names


def _json_ld_publisher_name(metadata: DocumentMetadata) -> str | None:
    if metadata.article is None:
        return None
    publisher = metadata.resolve(metadata.article.get("publisher"))
    return _text(publisher.get("name")) if isinstance(publisher, dict) else None


def _person_names(metadata: DocumentMetadata, value: Any) -> list[str]:
    """Names from a JSON-LD ``author``: string, Person, list of either; organisations only when alone."""
    value = metadata.resolve(value)
    if isinstance(value, list):
        people: list[str] = []
        organisations: list[str] = []
        for item in value:
            item = metadata.resolve(item)
            names = _person_names(metadata, item)
            is_organisation = isinstance(item, dict) and _types(item) == ["organization"]
            (organisations if is_organisation else people).extend(names)
        return people or organisations
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, list):
            return [text for text in (_text(item) for item in name) if text]
        text = _text(name)
        if not text and (value.get("givenName") or value.get("familyName")):
            text = normalize_space(f"{value.get('givenName') or ''} {value.get('familyName') or ''}")
        return [text] if text else []
    text = _text(value)
    return [text] if text else []


def find_metadata_authors(selector: Selector) -> Found | None:
    """Author names the metadata declares (JSON-LD ``author``/``creator``, then ``<meta>`` author tags).

    Values that are URLs (``article:author`` often holds a profile link) are skipped; the list is raw (the
    caller splits "A and B" and strips labels).
    """
    metadata = document_metadata(selector)
    if metadata.article is not None:
        for key in ("author", "creator"):
            names = [name for name in _person_names(metadata, metadata.article.get(key)) if not _URL_LIKE.match(name)]
            if names:
                return Found(names, "json-ld")
    meta_names: tuple[tuple[str, tuple[str, ...]], ...] = (("opengraph", ("article:author",)), ("meta", _META_AUTHORS))
    for source, meta_keys in meta_names:
        for name in meta_keys:
            values = [value for value in metadata.meta.get(name, ()) if value and not _URL_LIKE.match(value)]
            if values:
                return Found(list(dict.fromkeys(values)), source)
    return None


def find_published_raw(selector: Selector) -> Found | None:
    """The publication time as declared: JSON-LD ``datePublished`` > ``article:published_time`` > other meta >
    ``<time>`` elements. The value is the raw string; parsing is the caller's."""
    return _find_date_raw(selector, "datePublished", _OPENGRAPH_PUBLISHED, _META_PUBLISHED, published=True)


def find_modified_raw(selector: Selector) -> Found | None:
    """The last modification time as declared (same order as :func:`find_published_raw`)."""
    return _find_date_raw(selector, "dateModified", _OPENGRAPH_MODIFIED, _META_MODIFIED, published=False)


def _find_date_raw(
    selector: Selector, json_ld_key: str, opengraph: tuple[str, ...], meta: tuple[str, ...], *, published: bool
) -> Found | None:
    metadata = document_metadata(selector)
    if metadata.article is not None:
        value = _text(metadata.article.get(json_ld_key))
        if not value and published:
            value = _text(metadata.article.get("dateCreated")) or _text(metadata.article.get("uploadDate"))
        if value:
            return Found(value, "json-ld")
    found = metadata.first(*opengraph)
    if found:
        return Found(found[1], "opengraph")
    found = metadata.first(*meta)
    if found:
        return Found(found[1], "meta")
    if published:
        return find_time_element(selector)
    modified = _TIME_MODIFIED_XPATH(selector.root)
    return Found(str(modified[0]).strip(), "time-element") if modified else None


def find_time_element(selector: Selector) -> Found | None:
    """``datetime`` of the page's publication ``<time>``: marked ``pubdate`` / ``datePublished``, else the first
    inside ``<article>``, else the first on a page with few of them (many mean a list of other articles)."""
    root = selector.root
    values = [str(value).strip() for value in _TIME_PUBLISHED_XPATH(root) if str(value).strip()]
    if values:
        return Found(values[0], "time-element")
    # Times inside <article>, any time, and dates printed as text, read from the document's <time> elements.
    times = document_metadata(selector).tagged("time")
    stamped = [(time, time.get("datetime")) for time in times]
    values = [value.strip() for time, value in stamped if value is not None and value.strip()
              and any(ancestor.tag == "article" for ancestor in time.iterancestors())]
    if values:
        return Found(values[0], "time-element")
    values = [value.strip() for _, value in stamped if value is not None and value.strip()]
    if values and len(set(values)) <= 2:
        return Found(values[0], "time-element")
    if values:
        return None
    # Pages whose <time> prints its date with no datetime attribute ("Sep 30, 2016 7:00 AM"): the text, when the
    # page has one or two of them (more mean a list of other articles, as do times in links and list items).
    texts = [" ".join(time.text_content().split()) for time, value in stamped if value is None
             and not any(ancestor.tag in ("a", "li") for ancestor in time.iterancestors())]
    dated = [text for text in texts if _YEAR.search(text) and len(text) <= 60]
    if dated and len(texts) <= 2:
        return Found(dated[0], "time-element")
    return None


def _json_ld_image(metadata: DocumentMetadata, value: Any) -> str | None:
    value = metadata.resolve(value)
    if isinstance(value, list):
        for item in value:
            url = _json_ld_image(metadata, item)
            if url:
                return url
        return None
    if isinstance(value, dict):
        return _text(value.get("url")) or _text(value.get("contentUrl"))
    return _text(value)


def find_lead_image(selector: Selector) -> Found | None:
    """The main image, absolute: ``og:image`` > JSON-LD ``image`` > ``twitter:image`` > ``link[rel=image_src]``."""
    metadata = document_metadata(selector)
    found = metadata.first("og:image", "og:image:url", "og:image:secure_url")
    if found:
        return Found(absolute_url(selector, found[1]), "opengraph")
    if metadata.article is not None:
        url = _json_ld_image(metadata, metadata.article.get("image")) or _json_ld_image(
            metadata, metadata.article.get("thumbnailUrl")
        )
        if url:
            return Found(absolute_url(selector, url), "json-ld")
    found = metadata.first("twitter:image", "twitter:image:src", "thumbnail", "image")
    if found:
        return Found(absolute_url(selector, found[1]), "meta")
    links = _IMAGE_SRC_XPATH(selector.root)
    if links:
        return Found(absolute_url(selector, str(links[0])), "meta")
    return None


def find_description(selector: Selector) -> Found | None:
    """The summary the page declares: meta ``description`` > ``og:description`` > ``twitter:description`` >
    JSON-LD ``description``."""
    metadata = document_metadata(selector)
    found = metadata.first("description")
    if found:
        return Found(found[1], "meta")
    found = metadata.first("og:description")
    if found:
        return Found(found[1], "opengraph")
    found = metadata.first("twitter:description")
    if found:
        return Found(found[1], "meta")
    if metadata.article is not None:
        text = _text(metadata.article.get("description"))
        if text:
            return Found(text, "json-ld")
    return None


def find_canonical_url(selector: Selector) -> Found | None:
    """``<link rel=canonical>`` > ``og:url`` > JSON-LD ``url`` / ``mainEntityOfPage``, made absolute."""
    # <link rel=canonical> (rel compared in ASCII lower case), read from the document's <link> elements.
    hrefs = [link.get("href") for link in document_metadata(selector).tagged("link")
             if (link.get("rel") or "").translate(_ASCII_LOWER) == "canonical"]
    links = [href.strip() for href in hrefs if href is not None and href.strip()]
    if links:
        return Found(absolute_url(selector, links[0]), "meta")
    metadata = document_metadata(selector)
    found = metadata.first("og:url")
    if found:
        return Found(absolute_url(selector, found[1]), "opengraph")
    if metadata.article is not None:
        main = metadata.article.get("mainEntityOfPage")
        url = _text(metadata.article.get("url")) or (_text(main.get("@id")) if isinstance(main, dict) else _text(main))
        if url and not url.startswith("#"):
            return Found(absolute_url(selector, url), "json-ld")
    return None


_LANGUAGE_TAG = re.compile(r"^([a-z]{2,3})(?:[-_]([a-z]{4}))?(?:[-_]([a-z]{2}|\d{3}))?(?:[-_].*)?$", re.IGNORECASE)


# Charset names pages put in content-language ("utf-8", "gb2312") look like language tags but are not.
_NOT_LANGUAGES = frozenset(("utf", "gb", "gbk", "big", "iso", "win", "ascii", "ucs", "euc", "shift", "koi", "all"))


def normalize_language(value: str) -> str | None:
    """A BCP 47 tag in its usual case (``zh_cn`` → ``zh-CN``, ``en-us`` → ``en-US``); None when not a tag."""
    match = _LANGUAGE_TAG.match(value.strip().split(",")[0].strip())
    if not match:
        return None
    language, script, region = match.groups()
    if language.lower() in _NOT_LANGUAGES:
        return None
    parts = [language.lower()]
    if script:
        parts.append(script.title())
    if region:
        parts.append(region.upper())
    return "-".join(parts)


def find_declared_language(selector: Selector) -> Found | None:
    """The language the page declares: ``<html lang>`` > ``content-language`` / ``language`` meta > ``og:locale``
    > JSON-LD ``inLanguage``. (Guessing from the text is the caller's fallback.)"""
    for value in _HTML_LANG_XPATH(selector.root):
        tag = normalize_language(str(value))
        if tag:
            return Found(tag, "meta")
    metadata = document_metadata(selector)
    for names, source in (
        (("content-language", "language", "dc.language", "dcterms.language"), "meta"),
        (("og:locale",), "opengraph"),
    ):
        found = metadata.first(*names)
        if found:
            tag = normalize_language(found[1])
            if tag:
                return Found(tag, source)
    if metadata.article is not None:
        text = _text(metadata.article.get("inLanguage"))
        tag = normalize_language(text) if text else None
        if tag:
            return Found(tag, "json-ld")
    return None


def _split_keywords(values: list[str]) -> list[str]:
    tags: list[str] = []
    for value in values:
        tags.extend(part for part in _KEYWORD_SPLIT.split(value) if part)
    return list(dict.fromkeys(tag.strip() for tag in tags if tag.strip()))


def find_keywords(selector: Selector) -> Found | None:
    """Tags: ``article:tag`` > JSON-LD ``keywords`` > ``news_keywords`` / ``keywords`` meta (split on commas)."""
    metadata = document_metadata(selector)
    tags = [value for value in metadata.meta.get("article:tag", ()) if value]
    if tags:
        return Found(_split_keywords(tags), "opengraph")
    if metadata.article is not None:
        keywords = metadata.article.get("keywords")
        values = [str(item) for item in keywords if isinstance(item, (str, int))] if isinstance(keywords, list) else []
        if isinstance(keywords, str):
            values = [keywords]
        split = _split_keywords([normalize_space(html.unescape(value)) for value in values])
        if split:
            return Found(split, "json-ld")
    for name in ("news_keywords", "keywords"):
        values = [value for value in metadata.meta.get(name, ()) if value]
        if values:
            split = _split_keywords(values)
            # Chinese portals separate keywords with spaces only ("深空探测 探月工程"); split those too.
            if len(split) == 1 and " " in split[0] and not re.search(r"[A-Za-z]", split[0]):
                split = split[0].split()
            if split:
                return Found(split, "meta")
    return None
