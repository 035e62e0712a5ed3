"""Page -> Article: a portal's rules first, generic extraction behind every field, each value with its source.

This is the one entry point the spider and ``scrapy extract`` call. It is pure: no engine, no settings, no I/O.
The body is cleaned here, on the tree that was parsed once, because a DOM cannot travel through item
pipelines without being serialised and parsed again (PERFORMANCE.md: parse each document once).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from lxml.html import HtmlElement
from parsel import Selector, SelectorList
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from newscrawl.extract import generic
from newscrawl.extract.body import clean_body
from newscrawl.extract.dates import isoformat, parse_datetime
from newscrawl.extract.page import Found, Page
from newscrawl.items import Article
from newscrawl.portal import FROM_LISTING, Portal, Rule

_WHITESPACE = re.compile(r"\s+")
# "来源：" names where an article was first published, not who wrote it; the other labels precede names.
_BYLINE_LABEL = re.compile(
    r"^\s*(?:作者|文|撰文|记者|编辑|责任编辑|责编|编译|来源|出处|by)\s*[：:/|丨]?\s*", re.IGNORECASE
)
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[,，、;；/]|\s+and\s+|\s+&\s+|\s{2,})\s*", re.IGNORECASE)


def extract_article(page: Page, portal: Portal | None, *, fetched_at: datetime | None = None) -> Article:
    """Read every Article field from the page; ``portal`` None means generic extraction only."""
    rules = portal.article if portal else None
    article = Article(url=page.url, portal=portal.name if portal else None)
    sources = article.field_sources

    def take(name: str, rule: Rule, fallback: Callable[[Page], Found | None], *, multi: bool = False) -> Any:
        found = _apply_rule(page, name, rule, multi=multi) if rules else None
        if found is None:
            found = fallback(page)
        if found is None:
            return None
        sources[name] = found.source
        return found.value

    title = take("title", rules.title if rules else (), generic.find_title)
    article.title = _collapse(title) if isinstance(title, str) else None

    authors = take("authors", rules.authors if rules else (), generic.find_authors, multi=True)
    article.authors = split_bylines(authors) if authors else []
    if not article.authors:
        sources.pop("authors", None)

    published_raw = take("date_published", rules.published if rules else (), _find_published_raw)
    if published_raw:
        article.date_published_raw = _collapse(str(published_raw))
        published = parse_datetime(article.date_published_raw, page.timezone, now=fetched_at)
        article.date_published = isoformat(published) if published else None

    modified_raw = take("date_modified", rules.modified if rules else (), _find_modified_raw)
    if modified_raw:
        article.date_modified_raw = _collapse(str(modified_raw))
        modified = parse_datetime(article.date_modified_raw, page.timezone, now=fetched_at)
        article.date_modified = isoformat(modified) if modified else None

    _extract_body(page, portal, article)

    lead_image = take("lead_image", rules.lead_image if rules else (), generic.find_lead_image)
    article.lead_image = page.selector.urljoin(lead_image) if lead_image else None
    if article.images and (not article.lead_image or sources.get("lead_image") != "selector"):
        # The archive's headimg is the first body image; a portal selector may still name another.
        article.lead_image = article.images[0]
        sources["lead_image"] = "body"

    description = take("description", rules.description if rules else (), generic.find_description)
    article.description = _collapse(description) if isinstance(description, str) else None

    tags = take("tags", rules.tags if rules else (), generic.find_tags, multi=True)
    article.tags = _unique(_collapse(tag) for tag in tags) if tags else []

    canonical = generic.find_canonical_url(page)
    if canonical is not None:
        article.canonical_url = str(canonical.value)
        sources["canonical_url"] = canonical.source

    language = generic.find_language(page)
    if language is not None:
        article.language = str(language.value)
        sources["language"] = language.source
    elif portal and portal.language:
        article.language = portal.language
        sources["language"] = "portal"

    if portal:
        article.categories = list(portal.categories)
        sources["categories"] = "portal"
    article.fetched_at = (fetched_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return article


def article_from_response(
    response: TextResponse, portal: Portal | None, *, listing_hints: dict[str, str] | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Decode a fetched page (the portal's encoding when the page declares none) and extract it."""
    response = with_portal_encoding(response, portal)
    page = Page(url=response.url, html=response.text, timezone=portal.timezone if portal else None,
                listing_hints=listing_hints or {})
    return extract_article(page, portal, fetched_at=fetched_at)


def with_portal_encoding(response: TextResponse, portal: Portal | None) -> TextResponse:
    """The response decoded with the portal's encoding when neither its headers nor its bytes declare one."""
    if portal is None or not portal.encoding:
        return response
    content_type = response.headers.get(b"Content-Type", b"").decode("latin-1")
    if http_content_type_encoding(content_type) or html_body_declared_encoding(response.body):
        return response
    decoded = response.replace(encoding=portal.encoding)
    assert isinstance(decoded, TextResponse)
    return decoded


def split_bylines(values: list[str] | str) -> list[str]:
    """Names from byline texts: labels such as 作者：/文/记者/By removed, several names split, duplicates dropped."""
    texts = [values] if isinstance(values, str) else values
    names: list[str] = []
    for text in texts:
        text = _BYLINE_LABEL.sub("", _collapse(text))
        names.extend(part for part in _BYLINE_SEPARATORS.split(text) if part)
    return _unique(names)


def _extract_body(page: Page, portal: Portal | None, article: Article) -> None:
    nodes: list[HtmlElement] = []
    source = "selector"
    if portal:
        for selector in portal.article.body:
            nodes = [match.root for match in page.selector.css(selector) if isinstance(match.root, HtmlElement)]
            if nodes:
                break
    if not nodes:
        found = generic.find_body(page)
        if found is None:
            return
        nodes, source = [found.value], found.source  # type: ignore[list-item]
    body = clean_body(nodes, page.url, drop_selectors=portal.article.body_drop if portal else ())
    if not body.text.strip():
        return  # an empty container is no body: validation drops the item with reason "no body"
    article.body_html = body.html
    article.body_text = body.text
    article.images = body.images
    article.field_sources["body_html"] = source


def _apply_rule(page: Page, field_name: str, rule: Rule, *, multi: bool) -> Found | None:
    for source in rule:
        if source == FROM_LISTING:
            hint = _collapse(page.listing_hints.get(field_name, ""))
            if hint:
                return Found([hint] if multi else hint, "listing")
            continue
        matches: SelectorList[Selector] = page.selector.css(source)
        values = [_collapse(value) for value in matches.getall() if isinstance(value, str)]
        values = [value for value in values if value]
        if values:
            return Found(values if multi else values[0], "selector")
    return None


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _unique(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def _find_published_raw(page: Page) -> Found | None:
    found = generic.find_date_published(page)
    return _raw_date(page, found, "date_published_raw")


def _find_modified_raw(page: Page) -> Found | None:
    found = generic.find_date_modified(page)
    return _raw_date(page, found, "date_modified_raw")


def _raw_date(page: Page, found: Found | None, raw_key: str) -> Found | None:
    del page, raw_key
    return found
