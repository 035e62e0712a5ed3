"""Reading one listing response (HTML page, JSON API, feed, sitemap) into the articles it lists.

Pure: a response and the portal's listing declaration in, ``ListingPage`` out. The spider decides what to fetch.
"""

from __future__ import annotations

import json
import re
import string
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from parsel import Selector
from scrapy.http import Response, TextResponse

from newscrawl.discovery.feeds import parse_feed
from newscrawl.discovery.sitemaps import parse_sitemap
from newscrawl.extract.json_data import embedded_json, first_value_at, values_at
from newscrawl.portal import FeedListing, HtmlListing, JsonListing, Listing, SitemapListing

_FORMATTER = string.Formatter()


@dataclass(frozen=True)
class ListedArticle:
    #: The article's public URL (what a reader opens, what the archive records).
    url: str
    #: What to fetch for it: the public URL, or an API endpoint.
    fetch_url: str
    #: What the listing said about it, by Article field name (``title``, ``date_published``).
    hints: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class ListingPage:
    articles: list[ListedArticle]
    #: The next page of the same listing, when there is one.
    next_url: str | None = None
    #: Child sitemaps of a sitemap index.
    sitemaps: list[str] = field(default_factory=list)
    #: Why the page listed nothing, when it did not (layout drift, an unexpected JSON shape).
    problem: str | None = None


def fill_template(template: str, values: dict[str, Any]) -> str:
    """``template`` with ``{name}`` filled from ``values`` (missing names raise KeyError)."""
    return template.format_map({name: values[name] for _, name, _, _ in _FORMATTER.parse(template) if name})


def template_fields(template: str) -> set[str]:
    return {name for _, name, _, _ in _FORMATTER.parse(template) if name}


def page_values(listing: JsonListing, page_number: int, channel: str | None) -> dict[str, Any]:
    return {"page": page_number, "offset": (page_number - 1) * listing.page_size, "channel": channel or ""}


def read_listing(response: Response, listing: Listing, page_number: int, channel: str | None) -> ListingPage:
    if isinstance(listing, HtmlListing):
        return read_html_listing(response, listing)
    if isinstance(listing, JsonListing):
        return read_json_listing(response, listing, page_number, channel)
    if isinstance(listing, FeedListing):
        return read_feed_listing(response)
    if isinstance(listing, SitemapListing):
        return read_sitemap_listing(response)
    raise TypeError(f"unknown listing kind {type(listing).__name__}")


def read_html_listing(response: Response, listing: HtmlListing) -> ListingPage:
    if not isinstance(response, TextResponse):
        return ListingPage([], problem="not an HTML page")
    entries = response.css(listing.item)
    if not entries:
        return ListingPage([], problem=f"no entries match {listing.item!r}")
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
        url = response.urljoin(href)
        articles.append(ListedArticle(url, url, hints))
    next_href = response.css(listing.next_page).attrib.get("href") if listing.next_page else None
    return ListingPage(articles, response.urljoin(next_href) if next_href else None)


def read_json_listing(response: Response, listing: JsonListing, page_number: int, channel: str | None) -> ListingPage:
    data = _json_of(response, listing.embedded)
    if data is None:
        marker = f"embedded JSON after {listing.embedded!r}" if listing.embedded else "JSON"
        return ListingPage([], problem=f"no {marker} in the response")
    items = values_at(data, listing.items)
    if len(items) == 1 and isinstance(items[0], list):
        items = items[0]
    articles = []
    for item in items:
        if not isinstance(item, dict):
            continue
        values = {**_flatten(item), "channel": channel or ""}
        try:
            url = fill_template(listing.link, values)
            fetch_url = fill_template(listing.fetch, values) if listing.fetch else url
        except KeyError:
            continue  # an item of another kind (an ad, a banner) lacks the fields the link needs
        hints = {}
        title = first_value_at(item, listing.title) if listing.title else None
        if isinstance(title, str) and title.strip():
            hints["title"] = title.strip()
        listed_at = first_value_at(item, listing.time) if listing.time else None
        if listed_at not in (None, ""):
            hints["date_published"] = str(listed_at)
        articles.append(ListedArticle(urljoin(response.url, url), urljoin(response.url, fetch_url), hints))
    if not articles:
        if page_number > 1:
            return ListingPage([])  # paging past the last page of an API: the listing simply ends
        return ListingPage([], problem=f"no items at {listing.items!r}")
    paged = template_fields(listing.url) & {"page", "offset"} or any(
        template_fields(value) & {"page", "offset"} for value in (listing.form or {}).values()
    )
    next_url = None
    if paged:
        next_url = fill_template(listing.url, page_values(listing, page_number + 1, channel))
    return ListingPage(articles, next_url)


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


def _text(entry: Selector, css: str) -> str | None:
    """Text of the first match: a node selector (``::text``/``::attr``) as is, an element's whole text."""
    matches = entry.css(css)
    if not matches:
        return None
    value = matches.get() if "::" in css else matches[0].xpath("string()").get()
    return " ".join(value.split()) if value and value.strip() else None


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
