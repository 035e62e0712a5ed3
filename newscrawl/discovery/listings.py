"""Reading one listing response (HTML page, JSON API, feed, sitemap) into the articles it lists and its next page.

Pure: a response and the portal's listing declaration in, ``ListingPage`` out, with the next page described as a
``ListingRequest`` (where, how, and the cursor and tokens read so far). The spider decides what to fetch.
"""

from __future__ import annotations

import json
import re
import string
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urljoin, urlsplit, urlunsplit

from parsel import Selector
from scrapy.http import Response, TextResponse
from w3lib.html import remove_tags, replace_entities

from newscrawl.discovery.feeds import parse_feed
from newscrawl.discovery.sitemaps import parse_sitemap
from newscrawl.extract.json_data import embedded_json, first_value_at, values_at
from newscrawl.portal_rules import FeedListing, HtmlListing, JsonListing, Listing, SitemapListing

_FORMATTER = string.Formatter()
#: Template fields whose values change from page to page: a listing using one has further pages.
_PAGING_FIELDS = frozenset({"page", "offset", "cursor"})
CURSOR = "cursor"


@dataclass(frozen=True)
class ListedArticle:
    #: The article's public URL (what a reader opens, what the archive records).
    url: str
    #: What to fetch for it: the public URL, or an API endpoint.
    fetch_url: str
    #: What the listing said about it, by Article field name (``title``, ``date_published``).
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingRequest:
    """One listing page to fetch: the listing it belongs to, its number, and the request that fetches it."""

    listing: Listing
    page_number: int
    url: str
    method: str = "GET"
    #: Form fields (a POST form, or query fields of a GET), or a JSON body; at most one of the two.
    form: dict[str, str] | None = None
    json_body: dict[str, Any] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    #: Values read on earlier pages (``cursor``, tokens) that filled this request; reading the page passes them on.
    carried: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingPage:
    articles: list[ListedArticle]
    #: The next page of the same listing, when there is one.
    next: ListingRequest | None = None
    #: Child sitemaps of a sitemap index.
    sitemaps: list[str] = field(default_factory=list)
    #: Why the page listed nothing, when it did not (layout drift, an unexpected JSON shape).
    problem: str | None = None
    #: Why the listing could not go on although it declares further pages (a token missing from the page).
    paging_problem: str | None = None

    @property
    def next_url(self) -> str | None:
        return self.next.url if self.next else None


def fill_template(template: str, values: Mapping[str, Any]) -> str:
    """``template`` with ``{name}`` filled from ``values`` (missing names raise KeyError)."""
    return template.format_map({name: values[name] for _, name, _, _ in _FORMATTER.parse(template) if name})


def template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def fill_first_template(templates: str | tuple[str, ...], values: Mapping[str, Any]) -> str:
    """The first template whose fields all have a non-empty value (KeyError when none has)."""
    for template in (templates,) if isinstance(templates, str) else templates:
        if all(values.get(name) not in (None, "") for name in template_fields(template)):
            return fill_template(template, values)
    raise KeyError(templates)


def request_template_fields(listing: JsonListing) -> set[str]:
    """Every ``{name}`` the listing's requests use: in the URL, the form, the JSON body."""
    names = template_fields(listing.url)
    for value in (listing.form or {}).values():
        names |= template_fields(value)
    for value in _json_strings(listing.json_body):
        names |= template_fields(value)
    return names


def page_values(listing: JsonListing, page_number: int, channel: str | None) -> dict[str, Any]:
    return {"page": page_number, "offset": (page_number - 1) * listing.page_size, "channel": channel or ""}


def listing_request(
    listing: Listing,
    page_number: int,
    channel: str | None,
    carried: Mapping[str, str] | None = None,
    url: str | None = None,
) -> ListingRequest:
    """The request for page ``page_number`` of ``listing``: its templates filled, or ``url`` as given (a link)."""
    carried = dict(carried or {})
    if not isinstance(listing, JsonListing):
        url = url or fill_template(listing.url, _url_quoted({**carried, "channel": channel or ""}))
        return ListingRequest(listing, page_number, url, carried=carried)
    values = {CURSOR: "", **carried, **page_values(listing, page_number, channel)}
    form = _fill_fields(listing.form, values) if listing.form is not None else None
    json_body = _fill_json(listing.json_body, values) if listing.json_body is not None else None
    url = url or fill_template(listing.url, _url_quoted(values))
    return ListingRequest(listing, page_number, url, listing.method.upper(), form, json_body, dict(listing.headers),
                          carried)


def read_listing(
    response: Response,
    listing: Listing,
    page_number: int,
    channel: str | None,
    carried: Mapping[str, str] | None = None,
) -> ListingPage:
    """What one listing page lists, and its next page. ``carried``: the cursor and tokens that asked for it."""
    carried = dict(carried or {})
    if isinstance(listing, HtmlListing):
        return read_html_listing(response, listing, page_number, channel, carried)
    if isinstance(listing, JsonListing):
        return read_json_listing(response, listing, page_number, channel, carried)
    if isinstance(listing, FeedListing):
        return read_feed_listing(response)
    if isinstance(listing, SitemapListing):
        return read_sitemap_listing(response)
    raise TypeError(f"unknown listing kind {type(listing).__name__}")


def read_html_listing(
    response: Response,
    listing: HtmlListing,
    page_number: int = 1,
    channel: str | None = None,
    carried: Mapping[str, str] | None = None,
) -> ListingPage:
    if not isinstance(response, TextResponse):
        return ListingPage([], problem="not an HTML page")
    articles = _html_entries(response.selector, listing, response.url)
    if articles is None:
        return ListingPage([], problem=f"no entries match {listing.item!r}")
    carried = dict(carried or {})
    tokens = {name: _text(response.selector, css) for name, css in listing.tokens.items()}
    missing = sorted(name for name, value in tokens.items() if not value)
    if missing:
        return ListingPage(articles, paging_problem=f"no {', '.join(missing)} on the page for the next pages")
    carried.update({name: value for name, value in tokens.items() if value})
    next_href = response.css(listing.next_page).attrib.get("href") if listing.next_page else None
    if next_href:
        return ListingPage(articles, ListingRequest(listing, page_number + 1, response.urljoin(next_href),
                                                    carried=carried))
    if listing.page_url and articles:
        numbered = fill_template(listing.page_url, _url_quoted({**carried, "channel": channel or "",
                                                                "page": page_number + 1}))
        linked = {response.urljoin(href) for href in response.css("a::attr(href)").getall()}
        if numbered in linked:
            return ListingPage(articles, ListingRequest(listing, page_number + 1, numbered, carried=carried))
        return ListingPage(articles)
    if listing.then is not None and articles:
        cursor = _last_text(response.selector, listing.cursor) if listing.cursor else None
        return ListingPage(articles, _next_request(listing.then, page_number + 1, channel, carried, cursor))
    return ListingPage(articles)


def read_json_listing(
    response: Response,
    listing: JsonListing,
    page_number: int,
    channel: str | None,
    carried: Mapping[str, str] | None = None,
) -> ListingPage:
    data = _json_of(response, listing.embedded)
    if data is None:
        marker = f"embedded JSON after {listing.embedded!r}" if listing.embedded else "JSON"
        return ListingPage([], problem=f"no {marker} in the response")
    items = _listed_items(data, listing.items)
    cursor = _last_json_text(data, listing.cursor) if listing.cursor else None
    if listing.html_items is not None:
        # Entries rendered server-side into a JSON string: read them as the HTML listing would.
        fragment = Selector(text="".join(item for item in items if isinstance(item, str)))
        articles = _html_entries(fragment, listing.html_items, response.url) or []
        if cursor is None and listing.html_items.cursor:
            cursor = _last_text(fragment, listing.html_items.cursor)
    else:
        articles = _json_entries(items, listing, response.url, channel)
    if not articles:
        if page_number > 1:
            return ListingPage([])  # paging past the last page of an API: the listing simply ends
        paths = listing.items if isinstance(listing.items, str) else " or ".join(listing.items)
        return ListingPage([], problem=f"no items at {paths!r}")
    next_listing = listing.then or listing
    if listing.then is None and not request_template_fields(listing) & _PAGING_FIELDS:
        return ListingPage(articles)  # one page: nothing in its request changes from page to page
    return ListingPage(articles, _next_request(next_listing, page_number + 1, channel, dict(carried or {}), cursor))


def _next_request(
    listing: JsonListing, page_number: int, channel: str | None, carried: dict[str, str], cursor: str | None
) -> ListingRequest | None:
    """The next page's request; None when it needs a cursor and the page gave none, or the one it was asked with."""
    if CURSOR in request_template_fields(listing):
        if not cursor or cursor == carried.get(CURSOR):
            return None
        carried = {**carried, CURSOR: cursor}
    return listing_request(listing, page_number, channel, carried)


def _listed_items(data: Any, paths: str | tuple[str, ...]) -> list[Any]:
    """The items at the first of the paths that holds any (a path naming the list itself gives its items)."""
    for path in (paths,) if isinstance(paths, str) else paths:
        items = values_at(data, path)
        if len(items) == 1 and isinstance(items[0], list):
            items = items[0]
        if items:
            return items
    return []


def _excluded(item: dict[str, Any], exclude: Mapping[str, Any]) -> bool:
    return any(first_value_at(item, path) == value for path, value in exclude.items())


def listing_title(text: str) -> str:
    """A title as a listing gives it: markup some APIs put in titles (36kr's search ``<em>``) removed."""
    return " ".join(replace_entities(remove_tags(text)).split())


def _json_entries(items: list[Any], listing: JsonListing, base_url: str, channel: str | None) -> list[ListedArticle]:
    articles = []
    for item in items:
        if not isinstance(item, dict) or _excluded(item, listing.exclude):
            continue
        values = {**_flatten(item), "channel": channel or ""}
        try:
            url = fill_template(listing.link, values)
            fetch_url = fill_first_template(listing.fetch, values) if listing.fetch else url
        except KeyError:
            continue  # an item of another kind (an ad, a banner) lacks the fields the link needs
        hints = {}
        title = first_value_at(item, listing.title) if listing.title else None
        if isinstance(title, str) and listing_title(title):
            hints["title"] = listing_title(title)
        listed_at = first_value_at(item, listing.time) if listing.time else None
        if listed_at not in (None, ""):
            hints["date_published"] = str(listed_at)
        byline = first_value_at(item, listing.authors) if listing.authors else None
        if isinstance(byline, str) and byline.strip():
            hints["authors"] = byline.strip()
        articles.append(ListedArticle(_secure(urljoin(base_url, url), base_url),
                                      _secure(urljoin(base_url, fetch_url), base_url), hints))
    return articles


def _secure(url: str, base_url: str) -> str:
    """An ``http:`` link to the listing's own host, from an https listing, is its https URL (cnBeta's
    ``url_show`` still says http: for older items)."""
    link, base = urlsplit(url), urlsplit(base_url)
    if link.scheme == "http" and base.scheme == "https" and link.netloc == base.netloc:
        return urlunsplit(link._replace(scheme="https"))
    return url


def _html_entries(selector: Selector, listing: HtmlListing, base_url: str) -> list[ListedArticle] | None:
    """The articles of a listing's entries; None when no entry matches at all (layout drift)."""
    entries = selector.css(listing.item)
    if not entries:
        return None
    articles = []
    for entry in entries:
        href = entry.css(listing.link).attrib.get("href")
        if not href or href.startswith(("javascript:", "#")):
            continue
        hints = {}
        title = _text(entry, listing.title or listing.link)
        if title:
            hints["title"] = title
        listed_at = _text(entry, listing.time) if listing.time else None
        if listed_at:
            hints["date_published"] = listed_at
        url = urljoin(base_url, href)
        articles.append(ListedArticle(url, url, hints))
    return articles


def read_feed_listing(response: Response) -> ListingPage:
    entries = parse_feed(response.body, response.url)
    articles = []
    for entry in entries:
        hints = {}
        if entry.title:
            hints["title"] = entry.title
        if entry.published:
            hints["date_published"] = entry.published
        articles.append(ListedArticle(entry.url, entry.url, hints))
    return ListingPage(articles, problem=None if articles else "no feed entries")


def read_sitemap_listing(response: Response) -> ListingPage:
    sitemap = parse_sitemap(response.body, response.url)
    articles = []
    for entry in sitemap.entries:
        hints = {}
        if entry.title:
            hints["title"] = entry.title
        if entry.published:
            hints["date_published"] = entry.published
        articles.append(ListedArticle(entry.url, entry.url, hints))
    problem = None if articles or sitemap.sitemaps else "no URLs in the sitemap"
    return ListingPage(articles, sitemaps=sitemap.sitemaps, problem=problem)


def _text(entry: Selector, css: str, which: int = 0) -> str | None:
    """Text of the first match (``which=-1``: the last): a node selector (``::text``/``::attr``) as is, an
    element's whole text."""
    matches = entry.css(css)
    if not matches:
        return None
    value = matches[which].get() if "::" in css else matches[which].xpath("string()").get()
    return " ".join(value.split()) if value and value.strip() else None


def _last_text(selector: Selector, css: str) -> str | None:
    return _text(selector, css, which=-1)


def _last_json_text(data: Any, path: str) -> str | None:
    found = [value for value in values_at(data, path) if not isinstance(value, dict | list)]
    return str(found[-1]) if found else None


def _url_quoted(values: Mapping[str, Any]) -> dict[str, str]:
    # Cursors and tokens read from pages may hold "=", "+" or "/" (base64): percent-encoded, as a browser sends them.
    return {name: quote(str(value), safe="") for name, value in values.items()}


def _fill_fields(fields: Mapping[str, str], values: Mapping[str, Any]) -> dict[str, str]:
    # A field that is only the cursor is left out until there is one: the first page asks without it.
    return {name: fill_template(template, values) for name, template in fields.items()
            if not (template == "{cursor}" and not values[CURSOR])}


def _fill_json(body: Any, values: Mapping[str, Any]) -> Any:
    if isinstance(body, Mapping):
        return {name: _fill_json(value, values) for name, value in body.items()
                if not (value == "{cursor}" and not values[CURSOR])}
    if isinstance(body, list):
        return [_fill_json(value, values) for value in body]
    if isinstance(body, str):
        return fill_template(body, values)
    return body


def _json_strings(body: Any) -> list[str]:
    if isinstance(body, Mapping):
        return [text for value in body.values() for text in _json_strings(value)]
    if isinstance(body, list):
        return [text for value in body for text in _json_strings(value)]
    return [body] if isinstance(body, str) else []


def _json_of(response: Response, embedded: str | None) -> Any:
    if embedded:
        return embedded_json(response.text, embedded) if isinstance(response, TextResponse) else None
    try:
        return json.loads(response.body)
    except ValueError:
        return None


_KEY = re.compile(r"\W")


def _flatten(item: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """``{"user": {"id": 1}}`` -> ``{"user_id": 1}`` besides the top-level keys, for link templates."""
    flat: dict[str, Any] = {}
    for key, value in item.items():
        name = _KEY.sub("_", f"{prefix}{key}")
        if isinstance(value, dict):
            flat.update(_flatten(value, f"{name}_"))
        elif not isinstance(value, list):
            flat[name] = value
    return flat
