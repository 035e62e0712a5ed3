"""Page -> Article: a portal's rules first, generic extraction behind every field, each value with its source.

This is the one entry point the spider and ``scrapy extract`` call. It is pure: no engine, no settings, no I/O.
The body is cleaned here, on the tree that was parsed once, because a DOM cannot travel through item
pipelines without being serialised and parsed again (PERFORMANCE.md: parse each document once).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from typing import Any
from zoneinfo import ZoneInfo

from lxml.html import HtmlElement
from parsel import Selector, SelectorList
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from newscrawl.extract import generic
from newscrawl.extract.body import CleanBody, clean_body, clean_body_html, make_absolute
from newscrawl.extract.dates import isoformat, parse_datetime
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.json_data import embedded_json, first_value_at, values_at
from newscrawl.extract.page import Found, Page
from newscrawl.items import Article
from newscrawl.portal import FROM_LISTING, ArticleRules, JsonArticleRules, Portal, Rule

_WHITESPACE = re.compile(r"\s+")
#: Shortest body text accepted from generic extraction when a portal's body selectors match nothing.
FALLBACK_BODY_MIN_CHARACTERS = 200
# Labels in front of the names in a byline element a portal points at. "来源：" is among them: where a portal's
# byline element names an outlet (OFweek's sub-sites), that outlet is the byline. Generic extraction, which
# guesses where bylines are, keeps 来源 out of authors.
_BYLINE_LABEL = re.compile(
    r"^\s*(?:作者|文|撰文|记者|编辑|责任编辑|责编|编译|来源|出处|by)\s*[：:/|丨]?\s*", re.IGNORECASE
)
_BYLINE_SEPARATORS = re.compile(r"\s*(?:[,，、;；/]|\s+and\s+|\s+&\s+|\s{2,})\s*", re.IGNORECASE)


def extract_article(page: Page, portal: Portal | None, *, fetched_at: datetime | None = None) -> Article:
    """Read every Article field from the page; ``portal`` None means generic extraction only.

    For a portal whose articles come from a JSON API, ``page.html`` is the JSON text and ``page.url`` the
    article's public URL; generic extraction then has no page to fall back to.
    """
    rules = portal.article if portal else None
    article = Article(url=page.url, portal=portal.name if portal else None)
    sources = article.field_sources
    read: Callable[[str, Rule, bool], Found | None]
    if isinstance(rules, JsonArticleRules):
        data = _json_article_data(page, rules)
        read = partial(_read_json_rule, page, data)
        generic_fallback = rules.embedded is not None
    else:
        read = partial(_read_css_rule, page)
        generic_fallback = True

    def take(name: str, rule: Rule, fallback: Callable[[Page], Found | None], *, multi: bool = False) -> Any:
        found = read(name, rule, multi) if rule else None
        if found is None and generic_fallback:
            found = fallback(page)
        if found is None:
            return None
        sources[name] = found.source
        return found.value

    title = take("title", rules.title if rules else (), generic.find_title)
    article.title = _collapse(title) if isinstance(title, str) else None

    # A portal's byline is read whole, labels stripped; generic extraction already returns names.
    authors = take("authors", rules.authors if rules else (), generic.find_authors, multi=True)
    if authors and sources.get("authors") in ("selector", "listing", "json"):
        authors = split_bylines([str(author) for author in authors])
    article.authors = list(authors or [])
    if not article.authors:
        sources.pop("authors", None)

    published = _find_date(page, read, "date_published", rules.published if rules else (),
                           generic.find_date_published if generic_fallback else None,
                           generic.find_date_published_raw, fetched_at)
    if published:
        article.date_published, article.date_published_raw, sources["date_published"] = published
    modified = _find_date(page, read, "date_modified", rules.modified if rules else (),
                          generic.find_date_modified if generic_fallback else None,
                          generic.find_date_modified_raw, fetched_at)
    if modified:
        article.date_modified, article.date_modified_raw, sources["date_modified"] = modified

    _extract_body(page, portal, read, generic_fallback, article)

    lead_image = take("lead_image", rules.lead_image if rules else (), generic.find_lead_image)
    article.lead_image = make_absolute(str(lead_image), page.url) if lead_image else None
    if not article.lead_image and article.images:
        # No declared main image: the first body image is the lead, as the archive's headimg is.
        article.lead_image = article.images[0]
        sources["lead_image"] = "body"

    description = take("description", rules.description if rules else (), generic.find_description)
    article.description = _collapse(description) if isinstance(description, str) else None

    tags = take("tags", rules.tags if rules else (), generic.find_tags, multi=True)
    article.tags = _unique(_collapse(str(tag)) for tag in tags) if tags else []

    canonical = generic.find_canonical_url(page) if generic_fallback else Found(page.url, "portal")
    if canonical is not None:
        article.canonical_url = str(canonical.value)
        sources["canonical_url"] = canonical.source

    language = generic.find_language(page) if generic_fallback else None
    if portal and portal.language and (language is None or language.source == "heuristic"):
        # What the portal declares beats a guess from the page's script.
        article.language = portal.language
        sources["language"] = "portal"
    elif language is not None:
        article.language = str(language.value)
        sources["language"] = language.source

    if portal:
        article.categories = list(portal.categories)
        sources["categories"] = "portal"
    article.fetched_at = (fetched_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return article


def article_from_response(
    response: TextResponse,
    portal: Portal | None,
    *,
    listing_hints: dict[str, str] | None = None,
    public_url: str | None = None,
    fetched_at: datetime | None = None,
) -> Article:
    """Decode a fetched page (the portal's encoding when the page declares none) and extract it.

    ``public_url`` is the article's address for readers when the response came from an API endpoint; a page
    fetched at its own address keeps its final URL (after redirects).
    """
    # decode_html rather than response.text: valid UTF-8 is UTF-8 whatever the page declares, a declaration the
    # bytes contradict is not trusted, and undeclared legacy pages are detected (newscrawl/extract/encoding.py).
    # ``decoded.suspicious`` says the text is still garbled (replacement characters, mojibake).
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
    decoded = decode_html(response.body, content_type, default_encoding=portal.encoding if portal else None)
    from_api = portal is not None and isinstance(portal.article, JsonArticleRules) and not portal.article.embedded
    url = public_url if from_api and public_url else response.url
    page = Page(url=url, html=decoded.text, timezone=portal.timezone if portal else None,
                listing_hints=listing_hints or {})
    article = extract_article(page, portal, fetched_at=fetched_at)
    article.encoding = decoded.encoding
    article.garbled = decoded.suspicious
    return article


def with_portal_encoding(response: TextResponse, portal: Portal | None) -> TextResponse:
    """The response decoded with the portal's encoding when neither its headers nor its bytes declare one."""
    if portal is None or not portal.encoding:
        return response
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1")
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


def _extract_body(
    page: Page,
    portal: Portal | None,
    read: Callable[[str, Rule, bool], Found | None],
    generic_fallback: bool,
    article: Article,
) -> None:
    rules = portal.article if portal else None
    body: CleanBody | None = None
    source = "selector"
    if isinstance(rules, JsonArticleRules):
        found = read("body_html", rules.body, True) if rules.body else None
        if found is not None and isinstance(found.value, list):
            body, source = clean_body_html("".join(str(part) for part in found.value), page.url), found.source
    elif isinstance(rules, ArticleRules):
        for selector in rules.body:
            nodes = [match.root for match in page.selector.css(selector) if isinstance(match.root, HtmlElement)]
            if nodes:
                body = clean_body(nodes, page.url, drop_selectors=rules.body_drop)
                break
    fallback = body is None
    if body is None:
        found = generic.find_body(page) if generic_fallback else None
        if found is None or not isinstance(found.value, HtmlElement):
            return
        body, source = clean_body([found.value], page.url), found.source
    if not body.text.strip():
        return  # an empty container is no body: validation drops the item with reason "no_body"
    if fallback and rules is not None and rules.body and len(body.text) < FALLBACK_BODY_MIN_CHARACTERS:
        # The portal's own container is missing: a real article that changed layout still has a body of some
        # length, while a deleted, error or challenge page only has chrome for the heuristic to find.
        return
    article.body_html = body.html
    article.body_text = body.text
    article.images = body.images
    article.body_sanitized = body.sanitized
    article.field_sources["body_html"] = source


def _read_rule(page: Page, field_name: str, rule: Rule, multi: bool, values_of: Callable[[str], list[Any]],
               source_name: str) -> Found | None:
    """The first of ``rule``'s sources that gives a value: the listing's hint for ``FROM_LISTING``, otherwise
    ``values_of(source)`` (selector matches or JSON values), labelled ``source_name``."""
    for source in rule:
        if source == FROM_LISTING:
            found = _listing_hint(page, field_name, multi)
            if found:
                return found
            continue
        values = values_of(source)
        if values:
            return Found(values if multi else values[0], source_name)
    return None


def _read_css_rule(page: Page, field_name: str, rule: Rule, multi: bool) -> Found | None:
    def values_of(source: str) -> list[Any]:
        matches: SelectorList[Selector] = page.selector.css(source)
        # An element selector means the element's whole text (a byline may sit inside a link).
        texts = matches.getall() if "::" in source else [match.xpath("string()").get() for match in matches]
        values = [_collapse(value) for value in texts if isinstance(value, str)]
        return [value for value in values if value]

    return _read_rule(page, field_name, rule, multi, values_of, "selector")


def _read_json_rule(page: Page, data: Any, field_name: str, rule: Rule, multi: bool) -> Found | None:
    def values_of(source: str) -> list[Any]:
        if data is None:
            return []
        return [value for value in values_at(data, source) if not isinstance(value, dict | list)]

    return _read_rule(page, field_name, rule, multi, values_of, "json")


def _listing_hint(page: Page, field_name: str, multi: bool) -> Found | None:
    hint = _collapse(page.listing_hints.get(field_name, ""))
    if not hint:
        return None
    return Found([hint] if multi else hint, "listing")


def _json_article_data(page: Page, rules: JsonArticleRules) -> Any:
    """The article object: from the JSON response, or from the JSON embedded in the page."""
    if rules.embedded:
        data = embedded_json(page.html, rules.embedded)
    else:
        try:
            data = json.loads(page.html)
        except ValueError:
            return None
    if data is not None and rules.root:
        data = first_value_at(data, rules.root)
    return data


def _collapse(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _unique(values: Any) -> list[str]:
    seen: dict[str, None] = {}
    for value in values:
        if value and value not in seen:
            seen[value] = None
    return list(seen)


def _find_date(
    page: Page,
    read: Callable[[str, Rule, bool], Found | None],
    field_name: str,
    rule: Rule,
    find_value: Callable[[Page], Found | None] | None,
    find_raw: Callable[[Page], Found | None],
    fetched_at: datetime | None,
) -> tuple[str, str, str] | None:
    """(ISO value, raw text, source): the portal's text read in the site's zone, else generic extraction's."""
    declared = read(field_name, rule, False) if rule else None
    if declared is not None:
        raw = str(declared.value)
        moment = parse_datetime(raw, page.timezone, now=fetched_at)
        if moment is not None:
            return isoformat(_in_site_zone(moment, page.timezone)), raw, declared.source
    found = find_value(page) if find_value else None
    if found is None or not isinstance(found.value, datetime):
        return None
    raw_found = find_raw(page)
    raw = _collapse(str(raw_found.value)) if raw_found else isoformat(found.value)
    return isoformat(_in_site_zone(found.value, page.timezone)), raw, found.source


def _in_site_zone(moment: datetime, timezone: str | None) -> datetime:
    """A portal's dates all carry the site's offset, whichever source gave them (an epoch value, a UTC stamp in
    JSON-LD, a printed local time); a page without a known zone keeps the offset it printed."""
    if moment.tzinfo is None or not timezone:
        return moment
    return moment.astimezone(ZoneInfo(timezone))
