"""One fetched article response -> its record or a "blocked" verdict, in one trip.

The bytes are decoded once; the blocked check and every extractor read that one text. A page nested deeper than
the extractors can walk is flattened here (an iterative walk over its tree) and read again from the same text, so
no caller retries. The post categories are decided here too, from the channel that listed the article (or, for a
page without a portal, the site name it declares). Everything in and out is plain data: the function can run in
a worker process (``newscrawl.spiders.extraction_workers``) as well as in the reactor thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

from newscrawl.extract.article import article_looks_garbled, extract_page, reads_html_page
from newscrawl.extract.blocked import blocked_reason
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.metadata import find_site_name
from newscrawl.extract.page import Page, flatten_deep_elements
from newscrawl.items import Article
from newscrawl.portal_rules import Portal

#: Elements deeper than this are flattened into their text when a page is nested too deep to walk (real pages
#: stay under 100 levels).
MAX_DEPTH = 200


@dataclass(frozen=True)
class FetchedPage:
    """An article response as plain data."""

    #: Final URL of the response (after redirects).
    url: str
    body: bytes
    #: The ``Content-Type`` header, if any.
    content_type: str | None = None
    status: int = 200
    #: The portal channel that listed the article: it decides category 3.
    channel: str | None = None
    #: What the listing said about the article (``title``, ``date_published``…).
    listing_hints: Mapping[str, str] = field(default_factory=dict)
    #: The article's address for readers when the response came from an API endpoint.
    public_url: str | None = None
    fetched_at: datetime | None = None
    #: Pages without a portal: the post categories, a None in the middle meaning "the site name the page
    #: declares, else its host"; and where fixed categories came from.
    categories: tuple[str, str | None, str] | None = None
    categories_source: str = "argument"
    #: The site name used when the page declares none (its host, as the crawl names hosts).
    site_fallback: str = ""


@dataclass
class Outcome:
    """What one response gave: an article (and its story's next page), or why it is a block page."""

    article: Article | None = None
    #: The next page of the same story, when the layout that gave the body links to one.
    continuation: str | None = None
    #: Why the response is a challenge / anti-bot page (never extracted), or None.
    blocked: str | None = None
    #: The site name the page declares and where (for a portal-less page asked to find it).
    site_name: tuple[str, str] | None = None
    #: Things worth a warning in the crawl's log (extraction may run in another process).
    warnings: list[str] = field(default_factory=list)


def extract_fetched(fetched: FetchedPage, portal: Portal | None) -> Outcome:
    """Decode, check for a block page, extract and file the article of one response."""
    decoded = decode_html(fetched.body, fetched.content_type, default_encoding=portal.encoding if portal else None)
    reason = blocked_reason(decoded.text, fetched.status, portal.blocked_markers if portal else ())
    if reason is not None:
        return Outcome(blocked=reason)
    from_api = portal is not None and not any(reads_html_page(layout.rules) for layout in portal.layouts)
    url = fetched.public_url if from_api and fetched.public_url else fetched.url
    timezone = portal.timezone if portal else None
    outcome = Outcome()
    page = Page(url=url, html=decoded.text, timezone=timezone, listing_hints=dict(fetched.listing_hints),
                utf8=decoded.utf8)
    try:
        extracted = extract_page(page, portal, fetched_at=fetched.fetched_at, channel=fetched.channel)
    except RecursionError:
        outcome.warnings.append(f"Nested too deep to extract: {fetched.url}; extracting again with elements "
                                f"deeper than {MAX_DEPTH} flattened")
        page = Page(url=url, html=decoded.text, timezone=timezone, listing_hints=dict(fetched.listing_hints))
        flatten_deep_elements(page.selector.root, MAX_DEPTH)
        extracted = extract_page(page, portal, fetched_at=fetched.fetched_at, channel=fetched.channel)
    article = extracted.article
    article.encoding = decoded.encoding
    article.garbled = decoded.suspicious and article_looks_garbled(article)
    if portal is None and fetched.categories is not None:
        section, site, channel = fetched.categories
        source = fetched.categories_source
        if site is None:
            found = find_site_name(page.selector)
            if found is not None and isinstance(found.value, str) and found.value.strip():
                site, source = found.value.strip(), found.source
                outcome.site_name = (site, source)
            else:
                site, source = fetched.site_fallback or urlsplit(fetched.url).hostname or "", "url"
        article.categories = [section, site, channel]
        article.field_sources["categories"] = source
    outcome.article = article
    outcome.continuation = extracted.continuation
    return outcome


@cache
def _registered_portals() -> dict[str, Portal]:
    from newscrawl.portals import all_portals

    return {portal.name: portal for portal in all_portals()}


def registered_portal(name: str) -> Portal:
    """A declared portal by name (what a worker process receives instead of the portal object)."""
    return _registered_portals()[name]


def is_registered(portal: Portal) -> bool:
    """Whether a worker process finds this very portal by its name."""
    return _registered_portals().get(portal.name) is portal


def extract_fetched_by_name(fetched: FetchedPage, portal_name: str | None) -> Outcome:
    """:func:`extract_fetched` with the portal named: what a worker process runs."""
    return extract_fetched(fetched, registered_portal(portal_name) if portal_name else None)
