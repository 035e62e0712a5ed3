"""One spider class serving every declared portal; ``scrapy list`` shows one spider name per portal.

The spider only routes: it walks the portal's listings, follows article links with what the listing said about
them, and hands each article page to ``extract_article``. Arguments (``-a name=value``):

- ``max_pages``: how many pages of each listing to read (default ``NEWSCRAWL_MAX_LISTING_PAGES``);
- ``since``: ``YYYY-MM-DD``; stop paging once a listing page holds only older articles, and skip them;
- ``start_url``: read this listing page instead of the portal's declared ones (same listing rules);
- ``max_articles``: stop after requesting this many articles in all;
- ``channel``: the portal channel to list (IT之家's ``it``, ``soft``, ``win11``…), where a portal has channels;
  its articles are filed under the channel's category 3 where the portal names one (``channel_categories``).

Next pages are whatever the listing reader says they are (a next link, a page number, a cursor or token read
from the page before, another listing continuing the first); ``max_pages``, ``since`` and ``max_articles`` stop
them all alike, and every one is marked a ``LISTING`` request so that components may stop paging.

A story spread over several pages (a layout's ``continuation`` link: Ars Technica's ``…/2/``) is read page after
page, each page's body appended, before the article is handed on; at most ``MAX_CONTINUATION_PAGES`` are followed.

A response that is a challenge / anti-bot page is counted as ``newscrawl/blocked`` and never extracted.
Each article counts the layout that gave its body (``newscrawl/layout/<name>``, ``generic`` when generic extraction
found it) and each field a layout's rule left to a fallback (``newscrawl/fallback/<field>``): the run report shows
them, so a layout that stopped matching is seen in the first run after the site changed.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import date
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

import scrapy
from scrapy.http import JsonRequest, Response, TextResponse
from twisted.python.failure import Failure

from newscrawl.discovery.listings import ListingRequest, listing_request, read_listing
from newscrawl.extract.article import append_continuation, with_portal_encoding
from newscrawl.extract.dates import parse_datetime
from newscrawl.items import Article
from newscrawl.portal_rules import JsonListing, Listing, Portal
from newscrawl.portals import all_portals
from newscrawl.request_kinds import ARTICLE, ARTICLE_PRIORITY, CONTINUATION_PRIORITY, LISTING, REQUEST_KIND
from newscrawl.spiders.article_responses import (
    ListingSpider,
    count_layout,
    extract_or_skip,
    fetched_page,
    html_response,
    skip_blocked,
    start_extraction_workers,
)

#: Pages of one story read at most (a pager that loops, or a story of many pages, stops here).
MAX_CONTINUATION_PAGES = 20


class PortalSpider(ListingSpider):
    """Crawl one portal's listings and articles. Subclasses set ``name`` and ``portal``."""

    portal: ClassVar[Portal]

    def __init__(
        self,
        *args: Any,
        since: str | None = None,
        start_url: str | None = None,
        channel: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.articles_requested = 0
        self.since: date | None = date.fromisoformat(since) if since else None
        self.start_url = start_url
        if channel is not None and self.portal.channels and channel not in self.portal.channels:
            raise ValueError(f"unknown channel {channel!r} for {self.portal.name}; one of {self.portal.channels}")
        self.channel = channel or self.portal.default_channel
        self._parse_listing = self.parse_listing
        self._parse_article = self.parse_article
        self._parse_continuation = self.parse_continuation
        self._continuation_failed = self.continuation_failed

    async def start(self) -> AsyncIterator[scrapy.Request]:
        start_extraction_workers(self)
        for listing in self.portal.listings_for(self.channel):
            if self.start_url:
                yield self._request_for(listing_request(listing, 1, self.channel, url=self.start_url))
                break
            yield self._request_for(listing_request(listing, 1, self.channel))

    def _request_for(self, page: ListingRequest) -> scrapy.Request:
        options: dict[str, Any] = {
            "method": page.method,
            "headers": page.headers,
            "callback": self._parse_listing,
            "cb_kwargs": {"listing": page.listing, "page_number": page.page_number, "carried": page.carried},
            "meta": {REQUEST_KIND: LISTING},
        }
        if page.json_body is not None:
            return JsonRequest(page.url, data=page.json_body, **options)
        if page.form is not None:
            return scrapy.FormRequest(page.url, formdata=page.form, **options)
        return scrapy.Request(page.url, **options)

    def parse_listing(
        self, response: Response, listing: Listing, page_number: int, carried: dict[str, str] | None = None
    ) -> Iterator[scrapy.Request]:
        stats = self.crawler.stats
        assert stats is not None
        if isinstance(response, TextResponse):
            response = with_portal_encoding(response, self.portal)
            if self._blocked(response):
                return
        stats.inc_value("newscrawl/listing_pages")
        page = read_listing(response, listing, page_number, self.channel, carried)
        if page.problem:
            self.logger.error("Listing %s lists nothing (%s): layout changed or blocked", response.url, page.problem)
            stats.inc_value("newscrawl/listing_empty")
            return
        if page.paging_problem:
            self.logger.warning("Listing %s cannot go on (%s): layout changed?", response.url, page.paging_problem)
            stats.inc_value("newscrawl/listing_paging_stopped")
        headers = dict(listing.headers) if isinstance(listing, JsonListing) else {}
        fresh = 0
        for listed in page.articles:
            if self._older_than_since(listed.hints.get("date_published")):
                stats.inc_value("newscrawl/skipped/older_than_since")
                continue
            if self.max_articles is not None and self.articles_requested >= self.max_articles:
                return  # enough articles: no more, and no further listing pages either
            fresh += 1
            self.articles_requested += 1
            stats.inc_value("newscrawl/article_links")
            yield scrapy.Request(listed.fetch_url, headers=headers, callback=self._parse_article,
                                 cb_kwargs={"listing_hints": listed.hints, "public_url": listed.url,
                                            "channel": self.channel},
                                 meta={REQUEST_KIND: ARTICLE}, priority=ARTICLE_PRIORITY)
        for sitemap_url in page.sitemaps[: self.max_pages]:
            yield self._request_for(listing_request(listing, page_number + 1, self.channel, url=sitemap_url))
        if page.next is None:
            return
        if self.max_articles is not None and self.articles_requested >= self.max_articles:
            return  # the last article allowed was on this page: the next one would list only more
        if page_number >= self.max_pages:
            self.logger.info("Stopping %s after %d listing pages (max_pages)", response.url, page_number)
            return
        if self.since and not fresh:
            self.logger.info("Stopping %s: page %d lists only articles older than %s", response.url, page_number,
                             self.since)
            return
        yield self._request_for(page.next)

    async def parse_article(
        self,
        response: Response,
        listing_hints: dict[str, str],
        public_url: str | None = None,
        channel: str | None = None,
    ) -> AsyncIterator[Any]:
        page = html_response(self, response)
        if page is None:
            return
        outcome = await extract_or_skip(self, fetched_page(page, channel=channel or self.channel,
                                                     listing_hints=listing_hints, public_url=public_url),
                                  self.portal)
        if outcome is None or outcome.article is None:
            return
        count_layout(self, outcome.article, self.portal)
        for element in self._story_or_article(outcome.article, outcome.continuation, [response.url]):
            yield element

    async def parse_continuation(self, response: Response, article: Article, pages: list[str]) -> AsyncIterator[Any]:
        """One more page of a story: its body appended to the article, then the next page or the article."""
        following = None
        if isinstance(response, TextResponse):
            outcome = await extract_or_skip(self, fetched_page(response), self.portal)
            if outcome is not None and outcome.article is not None:
                append_continuation(article, outcome.article)
                following = outcome.continuation
                if self.crawler.stats is not None:
                    self.crawler.stats.inc_value("newscrawl/continuation_pages")
        for element in self._story_or_article(article, following, [*pages, response.url]):
            yield element

    def _story_or_article(self, article: Article, following: str | None, pages: list[str]) -> Iterator[Any]:
        if following and following not in pages and len(pages) < MAX_CONTINUATION_PAGES:
            yield scrapy.Request(following, callback=self._parse_continuation, errback=self._continuation_failed,
                                 cb_kwargs={"article": article, "pages": pages}, meta={REQUEST_KIND: ARTICLE},
                                 priority=CONTINUATION_PRIORITY)
            return
        yield article

    def continuation_failed(self, failure: Failure) -> Iterator[Article]:
        """A later page that fails (a 404, a timeout) still hands on what the pages before it gave."""
        request = getattr(failure, "request", None)
        article = request.cb_kwargs.get("article") if request is not None else None
        if isinstance(article, Article):
            yield article

    def _blocked(self, response: TextResponse) -> bool:
        """A challenge page is counted and reported, never extracted."""
        return skip_blocked(self, response, self.portal.blocked_markers)

    def _older_than_since(self, listed_at: str | None) -> bool:
        if self.since is None or not listed_at:
            return False
        moment = parse_datetime(listed_at, self.portal.timezone)
        if moment is None:
            return False
        if moment.tzinfo is not None:
            moment = moment.astimezone(ZoneInfo(self.portal.timezone))
        return moment.date() < self.since


def _spider_class(portal: Portal) -> type[PortalSpider]:
    class_name = "".join(part.capitalize() for part in re.split(r"[^0-9A-Za-z]+", portal.name)) + "Spider"
    if not class_name.isidentifier():
        class_name = "Portal" + class_name  # "36kr" -> Portal36krSpider
    return type(
        class_name,
        (PortalSpider,),
        {"name": portal.name, "portal": portal, "allowed_domains": list(portal.hosts), "__module__": __name__,
         "__doc__": f"Crawl {portal.site_name} ({', '.join(portal.hosts)})."},
    )


# Scrapy's spider loader finds spider classes defined in this module: one per declared portal.
globals().update({spider.__name__: spider for spider in map(_spider_class, all_portals())})
