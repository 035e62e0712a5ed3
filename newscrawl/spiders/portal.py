"""One spider class serving every declared portal; ``scrapy list`` shows one spider name per portal.

The spider only routes: it walks the portal's listings, follows article links with what the listing said about
them, and hands each article page to ``extract_article``. Arguments (``-a name=value``):

- ``max_pages``: how many pages of each listing to read (default ``NEWSCRAWL_MAX_LISTING_PAGES``);
- ``since``: ``YYYY-MM-DD``; stop paging once a listing page holds only older articles, and skip them;
- ``start_url``: read this listing page instead of the portal's declared ones (same listing rules).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl.extract.article import article_from_response, with_portal_encoding
from newscrawl.extract.dates import parse_datetime
from newscrawl.portal import HtmlListing, Portal
from newscrawl.portals import all_portals


#: ``Request.meta`` key telling what a request fetches, for components that treat listings and articles apart
#: (e.g. stopping pagination once a listing shows only known articles).
REQUEST_KIND = "newscrawl_kind"
LISTING = "listing"
ARTICLE = "article"


class PortalSpider(scrapy.Spider):
    """Crawl one portal's listings and articles. Subclasses set ``name`` and ``portal``."""

    portal: ClassVar[Portal]

    def __init__(
        self,
        *args: Any,
        max_pages: str | int | None = None,
        since: str | None = None,
        start_url: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.max_pages_argument = int(max_pages) if max_pages is not None else None
        self.since: date | None = date.fromisoformat(since) if since else None
        self.start_url = start_url

    @property
    def max_pages(self) -> int:
        if self.max_pages_argument is not None:
            return self.max_pages_argument
        return self.settings.getint("NEWSCRAWL_MAX_LISTING_PAGES", 5)

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for listing in self.portal.listings:
            url = self.start_url or listing.url
            yield scrapy.Request(url, callback=self.parse_listing, cb_kwargs={"listing": listing, "page_number": 1},
                                 meta={REQUEST_KIND: LISTING})
            if self.start_url:
                break

    def parse_listing(
        self, response: Response, listing: HtmlListing, page_number: int
    ) -> Iterator[scrapy.Request]:
        if not isinstance(response, TextResponse):
            self.logger.error("Listing %s is not an HTML page", response.url)
            return
        response = with_portal_encoding(response, self.portal)
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newscrawl/listing_pages")
        entries = response.css(listing.item)
        if not entries:
            self.logger.error(
                "Listing %s has no entries matching %r: layout changed or blocked", response.url, listing.item
            )
            stats.inc_value("newscrawl/listing_empty")
            return
        fresh_entries = 0
        for entry in entries:
            href = entry.css(listing.link).attrib.get("href")
            if not href:
                continue
            hints = {}
            title = entry.css(listing.title).xpath("string()").get() if listing.title else None
            title = title or entry.css(listing.link).xpath("string()").get()
            if title and title.strip():
                hints["title"] = title.strip()
            listed_at = entry.css(listing.time).get() if listing.time else None
            if listed_at and listed_at.strip():
                hints["date_published"] = listed_at.strip()
                if self._older_than_since(listed_at):
                    stats.inc_value("newscrawl/skipped/older_than_since")
                    continue
            fresh_entries += 1
            stats.inc_value("newscrawl/article_links")
            yield response.follow(href, callback=self.parse_article, cb_kwargs={"listing_hints": hints},
                                  meta={REQUEST_KIND: ARTICLE})
        next_href = response.css(listing.next_page).attrib.get("href") if listing.next_page else None
        if not next_href:
            return
        if page_number >= self.max_pages:
            self.logger.info("Stopping %s after %d listing pages (max_pages)", listing.url, page_number)
            return
        if self.since and not fresh_entries:
            self.logger.info(
                "Stopping %s: page %d holds only articles older than %s", listing.url, page_number, self.since
            )
            return
        yield response.follow(
            next_href, callback=self.parse_listing, cb_kwargs={"listing": listing, "page_number": page_number + 1},
            meta={REQUEST_KIND: LISTING},
        )

    def parse_article(self, response: Response, listing_hints: dict[str, str]) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newscrawl/dropped/not_html")
            self.logger.warning("Dropped article (not_html): %s", response.url)
            return
        yield article_from_response(response, self.portal, listing_hints=listing_hints, fetched_at=datetime.now(UTC))

    def _older_than_since(self, listed_at: str) -> bool:
        if self.since is None:
            return False
        moment = parse_datetime(listed_at, self.portal.timezone)
        if moment is None:
            return False
        if moment.tzinfo is not None:
            moment = moment.astimezone(ZoneInfo(self.portal.timezone))
        return moment.date() < self.since


def _spider_class(portal: Portal) -> type[PortalSpider]:
    class_name = "".join(part.capitalize() for part in portal.name.replace("-", "_").split("_")) + "Spider"
    return type(
        class_name,
        (PortalSpider,),
        {"name": portal.name, "portal": portal, "allowed_domains": list(portal.hosts), "__module__": __name__,
         "__doc__": f"Crawl {portal.site_name} ({', '.join(portal.hosts)})."},
    )


# Scrapy's spider loader finds spider classes defined in this module: one per declared portal.
globals().update({spider.__name__: spider for spider in map(_spider_class, all_portals())})
