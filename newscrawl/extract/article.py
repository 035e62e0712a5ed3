"""Page -> Article: a portal's layouts first, generic extraction behind every field, each value with its source.

This is the one entry point the spider and ``scrapy extract`` call. It is pure: no engine, no settings, no I/O.
The body is cleaned here, on the tree that was parsed once, because a DOM cannot travel through item
pipelines without being serialised and parsed again: each document is parsed once.

A portal's layouts (``Portal.layouts``, current first) are tried field by field: among the layouts whose
signature the page matches, in order, the first rule that gives a value wins; generic extraction stands behind
them. ``Article.field_sources`` says where each value came from: ``layout:<name>`` (that layout's selector or
JSON path), ``listing`` (what the listing said), ``generic:<kind>`` (generic extraction on a portal's page:
``generic:json-ld``, ``generic:heuristic``…), ``portal`` (the portal's declaration), ``body`` (the first body
image as lead image). Pages without a portal keep generic extraction's bare kinds (``json-ld``…).
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit
from zoneinfo import ZoneInfo

import lxml.html
from cssselect import HTMLTranslator
from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector, SelectorList
from scrapy.http import TextResponse
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

from newscrawl.extract import generic
from newscrawl.extract.body import CleanBody, clean_body, make_absolute
from newscrawl.extract.bylines import split_bylines
from newscrawl.extract.dates import isoformat, parse_datetime
from newscrawl.extract.encoding import decode_html, looks_garbled
from newscrawl.extract.json_data import embedded_json, first_value_at, rule_values
from newscrawl.extract.page import Found, Page
from newscrawl.items import Article
from newscrawl.portal_rules import FROM_LISTING, ArticleRules, JsonArticleRules, Layout, Portal, Rule

_WHITESPACE = re.compile(r"\s+")
#: Shortest body text accepted from generic extraction when a portal's body selectors match nothing.
FALLBACK_BODY_MIN_CHARACTERS = 200
#: Source prefixes of ``Article.field_sources``.
LAYOUT_SOURCE = "layout:"
GENERIC_SOURCE = "generic:"
LISTING_SOURCE = "listing"
#: What ``article_layout`` says of an article whose body came from generic extraction, or that has no body.
GENERIC_LAYOUT = "generic"
NO_BODY = "none"
#: The rule each watched Article field is read with, in both kinds of rules.
FIELD_RULES = {
    "title": "title",
    "authors": "authors",
    "date_published": "published",
    "date_modified": "modified",
    "body_html": "body",
    "lead_image": "lead_image",
    "description": "description",
    "tags": "tags",
}
#: Reads one rule of one layout: (field name, rule, several values?) -> the value found, or None.
_RuleReader = Callable[[str, Rule, bool], Found | None]


@dataclass(frozen=True)
class _MatchedLayout:
    layout: Layout
    read: _RuleReader


@dataclass
class Extracted:
    """An article as extracted from one page, and where the rest of its story is (a continuation page)."""

    article: Article
    #: The next page of the same story, when the layout that gave the body links to one.
    continuation: str | None = None


def extract_article(page: Page, portal: Portal | None, *, fetched_at: datetime | None = None) -> Article:
    """Read every Article field from the page; ``portal`` None means generic extraction only.

    For a portal whose articles come from a JSON API, ``page.html`` is the JSON text and ``page.url`` the
    article's public URL; generic extraction then has no page to fall back to.
    """
    return extract_page(page, portal, fetched_at=fetched_at).article


def extract_page(
    page: Page, portal: Portal | None, *, fetched_at: datetime | None = None, channel: str | None = None
) -> Extracted:
    """:func:`extract_article`, with the link to the story's next page. A portal's article is filed under the
    categories of ``channel``, the portal channel that listed it (None: the portal's default categories)."""
    article = Article(url=page.url, portal=portal.name if portal else None)
    sources = article.field_sources
    layouts = _matched_layouts(page, portal)
    html_page = portal is None or any(reads_html_page(layout.rules) for layout in portal.layouts)

    def generic_source(found: Found) -> str:
        return GENERIC_SOURCE + found.source if portal is not None else found.source

    def take(name: str, rule_name: str, fallback: Callable[[Page], Found | None], *, multi: bool = False) -> Any:
        found = _from_layouts(layouts, name, rule_name, multi)
        if found is None and html_page:
            found = fallback(page)
            if found is not None:
                found = Found(found.value, generic_source(found))
        if found is None:
            return None
        sources[name] = found.source
        return found.value

    title = take("title", "title", generic.find_title)
    article.title = _collapse(title) if isinstance(title, str) else None
    seo_headline = generic.find_seo_headline(page) if html_page else None
    if seo_headline is not None and article.title and _collapse(str(seo_headline.value)) != article.title:
        article.seo_headline = _collapse(str(seo_headline.value))
        sources["seo_headline"] = generic_source(seo_headline)

    # A portal's byline is read whole, labels stripped; generic extraction already returns names.
    authors = take("authors", "authors", generic.find_authors, multi=True)
    if authors and _is_portal_source(sources.get("authors", "")):
        authors = split_bylines([str(author) for author in authors])
    article.authors = list(authors or [])
    if not article.authors:
        sources.pop("authors", None)
    # Editors and the outlet are read apart from the writers: a credit of theirs is never an author.
    editors = generic.find_editors(page) if html_page else None
    if editors is not None:
        article.editors = [str(editor) for editor in editors.value] if isinstance(editors.value, list) else []
        sources["editors"] = generic_source(editors)
    outlet = generic.find_source(page) if html_page else None
    if outlet is not None and isinstance(outlet.value, str):
        article.source = outlet.value
        sources["source"] = generic_source(outlet)

    published = _find_date(page, layouts, "date_published", "published",
                           generic.find_date_published if html_page else None,
                           generic.find_date_published_raw, fetched_at, generic_source)
    if published:
        article.date_published, article.date_published_raw, sources["date_published"] = published
    modified = _find_date(page, layouts, "date_modified", "modified",
                          generic.find_date_modified if html_page else None,
                          generic.find_date_modified_raw, fetched_at, generic_source)
    if modified:
        article.date_modified, article.date_modified_raw, sources["date_modified"] = modified

    body_layout = _extract_body(page, portal, layouts, html_page, article, generic_source)

    lead_image = take("lead_image", "lead_image", generic.find_lead_image)
    article.lead_image = make_absolute(str(lead_image), page.url) if lead_image else None
    if not article.lead_image and article.images:
        # No declared main image: the first body image is the lead, as the archive's headimg is.
        article.lead_image = article.images[0]
        sources["lead_image"] = "body"

    description = take("description", "description", generic.find_description)
    article.description = _collapse(description) if isinstance(description, str) else None

    tags = take("tags", "tags", generic.find_tags, multi=True)
    article.tags = _unique(_collapse(str(tag)) for tag in tags) if tags else []

    canonical = generic.find_canonical_url(page) if html_page else Found(page.url, "portal")
    if canonical is not None:
        article.canonical_url = str(canonical.value)
        sources["canonical_url"] = canonical.source if canonical.source == "portal" else generic_source(canonical)

    language = generic.find_language(page) if html_page else None
    if portal and portal.language and (language is None or language.source == "heuristic"):
        # What the portal declares beats a guess from the page's script.
        article.language = portal.language
        sources["language"] = "portal"
    elif language is not None:
        article.language = str(language.value)
        sources["language"] = generic_source(language)

    if portal:
        # The channel decides where the article is filed; the record carries the result, so pipelines never ask
        # which portal or channel an item came from.
        article.categories = list(portal.categories_for(channel))
        sources["categories"] = "portal"
    article.fetched_at = (fetched_at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    continuation = _continuation(page, body_layout) if body_layout is not None else None
    return Extracted(article, continuation)


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
    return extract_response(response, portal, listing_hints=listing_hints, public_url=public_url,
                            fetched_at=fetched_at).article


def extract_response(
    response: TextResponse,
    portal: Portal | None,
    *,
    listing_hints: dict[str, str] | None = None,
    public_url: str | None = None,
    fetched_at: datetime | None = None,
) -> Extracted:
    """:func:`article_from_response`, with the link to the story's next page."""
    # decode_html rather than response.text: valid UTF-8 is UTF-8 whatever the page declares, a declaration the
    # bytes contradict is not trusted, and undeclared legacy pages are detected (newscrawl/extract/encoding.py).
    # ``decoded.suspicious`` says the text is still garbled (replacement characters, mojibake).
    content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
    decoded = decode_html(response.body, content_type, default_encoding=portal.encoding if portal else None)
    from_api = portal is not None and not any(reads_html_page(layout.rules) for layout in portal.layouts)
    url = public_url if from_api and public_url else response.url
    page = Page(url=url, html=decoded.text, timezone=portal.timezone if portal else None,
                listing_hints=listing_hints or {}, utf8=decoded.utf8)
    extracted = extract_page(page, portal, fetched_at=fetched_at)
    extracted.article.encoding = decoded.encoding
    extracted.article.garbled = decoded.suspicious and article_looks_garbled(extracted.article)
    return extracted


def article_looks_garbled(article: Article) -> bool:
    """Whether what is archived (title and body text) holds replacement characters or mojibake; a page can hold
    them where nobody reads (a style sheet's bytes) around a clean article."""
    return looks_garbled(f"{article.title or ''}\n{article.body_text or ''}")


def append_continuation(article: Article, continuation: Article) -> None:
    """Add the body of a story's next page to the article read from its first page."""
    if not continuation.body_html:
        return
    article.body_html = (article.body_html or "") + continuation.body_html
    article.body_text = "\n".join(text for text in (article.body_text, continuation.body_text) if text)
    article.images = _unique([*article.images, *continuation.images])
    article.body_sanitized = article.body_sanitized or continuation.body_sanitized


def article_layout(article: Article) -> str:
    """The layout an article was read with: the one that gave its body; ``generic`` when generic extraction
    found the body, ``none`` when there is no body."""
    source = article.field_sources.get("body_html", "")
    if source.startswith(LAYOUT_SOURCE):
        return source[len(LAYOUT_SOURCE):]
    return GENERIC_LAYOUT if source else NO_BODY


def fields_from_fallback(article: Article, portal: Portal) -> list[str]:
    """Fields the article's own layout has a rule for that another layout or generic extraction filled: the
    rule stopped matching while something else still fills the field."""
    layout = portal.layout_named(article_layout(article))
    if layout is None:
        return []
    fallen = []
    for name, rule_name in FIELD_RULES.items():
        source = article.field_sources.get(name)
        if not source or not getattr(layout.rules, rule_name):
            continue
        if source not in (LAYOUT_SOURCE + layout.name, LISTING_SOURCE):
            fallen.append(name)
    return fallen


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


# ------------------------------------------------------------------------------------------------ layouts

def reads_html_page(rules: ArticleRules | JsonArticleRules) -> bool:
    return not isinstance(rules, JsonArticleRules) or rules.in_page


def _is_portal_source(source: str) -> bool:
    return source.startswith(LAYOUT_SOURCE) or source == LISTING_SOURCE


def _matched_layouts(page: Page, portal: Portal | None) -> list[_MatchedLayout]:
    """The portal's layouts that the page matches, in declared order, each with its rule reader."""
    if portal is None:
        return []
    matched = []
    for layout in portal.layouts:
        source = LAYOUT_SOURCE + layout.name
        rules = layout.rules
        if isinstance(rules, JsonArticleRules):
            data = _json_article_data(page, rules)
            if data is None:
                continue
            matched.append(_MatchedLayout(layout, _json_rule_reader(page, data, source)))
        else:
            if layout.signature and not page.selector.css(layout.signature):
                continue
            matched.append(_MatchedLayout(layout, _css_rule_reader(page, source)))
    return matched


def _from_layouts(layouts: list[_MatchedLayout], name: str, rule_name: str, multi: bool) -> Found | None:
    for matched in layouts:
        rule: Rule = getattr(matched.layout.rules, rule_name)
        found = matched.read(name, rule, multi) if rule else None
        if found is not None:
            return found
    return None


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


def _css_rule_reader(page: Page, source_name: str) -> _RuleReader:
    def values_of(source: str) -> list[Any]:
        matches: SelectorList[Selector] = page.selector.css(source)
        # An element selector means the element's whole text (a byline may sit inside a link).
        texts = matches.getall() if "::" in source else [match.xpath("string()").get() for match in matches]
        values = [_collapse(value) for value in texts if isinstance(value, str)]
        return [value for value in values if value]

    def read(field_name: str, rule: Rule, multi: bool) -> Found | None:
        return _read_rule(page, field_name, rule, multi, values_of, source_name)

    return read


def _json_rule_reader(page: Page, data: Any, source_name: str) -> _RuleReader:
    def values_of(source: str) -> list[Any]:
        return [value for value in rule_values(data, source) if not isinstance(value, dict | list)]

    def read(field_name: str, rule: Rule, multi: bool) -> Found | None:
        return _read_rule(page, field_name, rule, multi, values_of, source_name)

    return read


def _listing_hint(page: Page, field_name: str, multi: bool) -> Found | None:
    hint = _collapse(page.listing_hints.get(field_name, ""))
    if not hint:
        return None
    return Found([hint] if multi else hint, LISTING_SOURCE)


def _json_article_data(page: Page, rules: JsonArticleRules) -> Any:
    """The article object: read from the page by the layout's reader, embedded in it, or the JSON response."""
    if rules.reader is not None:
        data = rules.reader(page.html)
    elif rules.embedded:
        data = embedded_json(page.html, rules.embedded)
    else:
        try:
            data = json.loads(page.html)
        except ValueError:
            return None
    if data is not None and rules.root:
        data = first_value_at(data, rules.root)
    return data if isinstance(data, dict | list) else None


# --------------------------------------------------------------------------------------------------- body

def _extract_body(
    page: Page,
    portal: Portal | None,
    layouts: list[_MatchedLayout],
    html_page: bool,
    article: Article,
    generic_source: Callable[[Found], str],
) -> Layout | None:
    """Fill the body fields; the layout that gave the body, if one did."""
    body: CleanBody | None = None
    source = ""
    body_layout: Layout | None = None
    for matched in layouts:
        body = _layout_body(page, matched)
        if body is not None:
            source, body_layout = LAYOUT_SOURCE + matched.layout.name, matched.layout
            break
    if body is None:
        if not html_page:
            return None
        found = generic.find_body(page)
        if found is not None and isinstance(found.value, HtmlElement):
            body, source = clean_body([found.value], page.url), generic_source(found)
        if body is None or len(body.text) < FALLBACK_BODY_MIN_CHARACTERS:
            # Markup without the text (a page a script fills in): the article its script's data carries.
            scripted = generic.find_script_body(page)
            if scripted is not None and isinstance(scripted.value, HtmlElement):
                from_script = clean_body([scripted.value], page.url)
                if body is None or len(from_script.text) > 2 * len(body.text):
                    body, source = from_script, generic_source(scripted)
        if body is None or not body.text.strip():
            return None  # an empty container is no body: validation drops the item with reason "no_body"
        declares_body = portal is not None and any(layout.rules.body for layout in portal.layouts)
        if declares_body and len(body.text) < FALLBACK_BODY_MIN_CHARACTERS:
            # The portal's own containers are missing: a real article that changed layout still has a body of
            # some length, while a deleted, error or challenge page only has chrome for the heuristic to find.
            return None
    article.body_html = body.html
    article.body_text = body.text
    article.images = body.images
    article.body_sanitized = body.sanitized
    article.field_sources["body_html"] = source
    return body_layout


def _layout_body(page: Page, matched: _MatchedLayout) -> CleanBody | None:
    """The body one layout reads, or None when its rules find none (or only empty containers)."""
    rules = matched.layout.rules
    if isinstance(rules, JsonArticleRules):
        found = matched.read("body_html", rules.body, True) if rules.body else None
        if found is None or not isinstance(found.value, list):
            return None
        fragment = "".join(str(part) for part in found.value)
        document = lxml.html.document_fromstring(f"<html><body>{fragment}</body></html>")
        container = document.find("body")
        if container is None:
            return None
        _reshape([container], (), rules.body_rename)
        body = clean_body([container], page.url, drop_selectors=rules.body_drop)
        return body if body.text.strip() else None
    for selector in rules.body:
        nodes = _outermost([match.root for match in page.selector.css(selector) if isinstance(match.root, HtmlElement)])
        if not nodes:
            continue
        # A container that is itself noise (a body component holding only a newsletter box) is left out whole.
        dropped = {id(match.root) for drop in rules.body_drop for match in page.selector.css(drop)}
        nodes = [node for node in nodes if id(node) not in dropped]
        if rules.body_flatten or rules.body_rename:
            nodes = [copy.deepcopy(node) for node in nodes]
            _reshape(nodes, rules.body_flatten, rules.body_rename)
        body = clean_body(nodes, page.url, drop_selectors=rules.body_drop)
        if body.text.strip():
            return body
    return None


def _outermost(nodes: list[HtmlElement]) -> list[HtmlElement]:
    """The nodes that are not inside another of them (a union selector may match a container and its child)."""
    chosen = {id(node) for node in nodes}
    return [node for node in nodes if not any(id(ancestor) in chosen for ancestor in node.iterancestors())]


@lru_cache(maxsize=128)
def _xpath_of(css: str) -> etree.XPath:
    return etree.XPath(HTMLTranslator().css_to_xpath(css, prefix="descendant-or-self::"))


def _reshape(roots: Iterable[etree._Element], flatten: Rule, rename: Any) -> None:
    """Reduce the ``flatten`` matches to their text and rename the ``rename`` matches, in place (on copies)."""
    for root in roots:
        for css in flatten:
            for element in list(_xpath_of(css)(root)):
                if isinstance(element, etree._Element):
                    text = _collapse("".join(element.itertext()))
                    for child in list(element):
                        element.remove(child)
                    element.text = text
        for css, tag in dict(rename).items():
            for element in list(_xpath_of(css)(root)):
                if isinstance(element, etree._Element) and element is not root:
                    element.tag = tag


def _continuation(page: Page, layout: Layout) -> str | None:
    """The next page of the same story, when the layout links to one that extends this page's URL."""
    rules = layout.rules
    if not isinstance(rules, ArticleRules) or not rules.continuation:
        return None
    href = page.selector.css(rules.continuation).attrib.get("href")
    if not href:
        return None
    following = urljoin(page.url, href.strip())
    here, there = urlsplit(page.url), urlsplit(following)
    # …/story/ -> …/story/2/ and ART-1.html -> ART-1_2.html extend the first page's path; a pager link back to
    # page 1, to another story or another host does not.
    stem = here.path[: -len(".html")] if here.path.endswith(".html") else here.path.rstrip("/")
    stem = re.sub(r"/\d+$", "", stem)  # on page 2, …/story/2 -> …/story
    extends = there.path.startswith(stem) and there.path[len(stem):len(stem) + 1] in ("/", "_")
    if there.netloc != here.netloc or there.path == here.path or not extends:
        return None
    return following


# --------------------------------------------------------------------------------------------------- dates

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
    layouts: list[_MatchedLayout],
    field_name: str,
    rule_name: str,
    find_value: Callable[[Page], Found | None] | None,
    find_raw: Callable[[Page], Found | None],
    fetched_at: datetime | None,
    generic_source: Callable[[Found], str],
) -> tuple[str, str, str] | None:
    """(ISO value, raw text, source): a layout's text read in the site's zone, else generic extraction's."""
    for matched in layouts:
        rule: Rule = getattr(matched.layout.rules, rule_name)
        # Source after source: a text that is no date (an empty meta, a relative "2h ago" on an old page the
        # parser refuses) gives way to the next one.
        for source in rule:
            declared = matched.read(field_name, (source,), True)
            values = declared.value if declared is not None and isinstance(declared.value, list) else []
            for raw in (str(value) for value in values):
                moment = parse_datetime(raw, page.timezone, now=fetched_at)
                if moment is not None and declared is not None:
                    return isoformat(_in_site_zone(moment, page.timezone)), raw, declared.source
    found = find_value(page) if find_value else None
    if found is None or not isinstance(found.value, datetime):
        return None
    raw_found = find_raw(page)
    raw = _collapse(str(raw_found.value)) if raw_found else isoformat(found.value)
    return isoformat(_in_site_zone(found.value, page.timezone)), raw, generic_source(found)


def _in_site_zone(moment: datetime, timezone: str | None) -> datetime:
    """A portal's dates all carry the site's offset, whichever source gave them (an epoch value, a UTC stamp in
    JSON-LD, a printed local time); a page without a known zone keeps the offset it printed."""
    if moment.tzinfo is None or not timezone:
        return moment
    return moment.astimezone(ZoneInfo(timezone))
