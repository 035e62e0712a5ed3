"""The ``news`` spider: any news site nobody wrote a portal file for, from one URL, with generic extraction.

``scrapy crawl news -a url=URL``; URL is a home page, a listing page, an RSS/Atom feed, a sitemap (index or news
sitemap), or one article. What the response is decides what is read: a feed's entries, a sitemap's URLs, or an
HTML page's links (article-shaped ones fetched as articles, unknown ones fetched to see what they are, "next"
pagination followed). From a home page the crawl also reads the feeds the page declares
(``<link rel="alternate">``) and the sitemaps of robots.txt. Arguments (``-a name=value``):

- ``url``: where to start (required); its host is trusted, other hosts are skipped;
- ``follow_hosts``: ``host1,host2``: other hosts whose articles may be fetched too;
- ``categories``: ``a/b/c``, the three post categories (default ``新媒体/<site name>/最新``, the site name from
  the pages' ``og:site_name`` / JSON-LD publisher / ``application-name``, else the host);
- ``max_pages``: pages of each listing followed through "next" links, and child sitemaps read from a sitemap
  index (default ``NEWSCRAWL_MAX_LISTING_PAGES``);
- ``max_articles``: stop scheduling articles after this many (default: no limit);
- ``max_depth``: how many hops from the start page to pages whose URL says nothing (section fronts…) are
  taken; 0 reads the start listing and its next pages only (default 1 from a home page, 0 from other pages);
- ``since``: ``YYYY-MM-DD``; skip articles published before (listed dates first, then extracted ones);
- ``discover``: ``links,feeds,sitemaps``, what to read from an HTML start page (default all three from a
  home page, ``links`` from any other page).

Requests carry ``meta={REQUEST_KIND: …}`` (``newscrawl.request_kinds``): ``LISTING`` for the start page, next pages
and child sitemaps, ``ARTICLE`` for articles, ``DISCOVERY`` for robots.txt, declared feeds, sitemaps and pages one
hop away (so that stopping one listing's pagination leaves them alone). Challenge pages are counted as
``newscrawl/blocked``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Iterator
from datetime import date
from typing import Any
from urllib.parse import urljoin, urlsplit

import scrapy
from scrapy.http import Response, TextResponse

from newscrawl.coordination import (
    ArticleReservations,
    LocalArticleReservations,
    LocalStartRedirects,
    Reservation,
    StartRedirects,
    crawl_coordination,
)
from newscrawl.discovery.feeds import looks_like_feed
from newscrawl.discovery.hosts import HostScope, host_of
from newscrawl.discovery.links import (
    LinkKind,
    feed_links,
    is_article_page,
    link_kind,
    next_page_link,
    page_links,
    sitemaps_from_robots,
)
from newscrawl.discovery.listings import ListedArticle, read_feed_listing, read_sitemap_listing
from newscrawl.discovery.sitemaps import looks_like_sitemap
from newscrawl.extract.dates import parse_datetime
from newscrawl.extract.fetched import FetchedPage, Outcome
from newscrawl.extract.metadata import find_site_name
from newscrawl.items import Article
from newscrawl.request_kinds import ARTICLE, ARTICLE_PRIORITY, DISCOVERY, LISTING, REQUEST_KIND
from newscrawl.spiders.article_responses import (
    ListingSpider,
    count_argument,
    extract_or_skip,
    fetched_page,
    html_response,
    skip_blocked,
    start_extraction_workers,
)
from newscrawl.urls import article_key

#: Category 1 and 3 of posts from the ``news`` spider; category 2 is the site's name.
DEFAULT_SECTION = "新媒体"
DEFAULT_CHANNEL = "最新"
#: Hops from a home page to pages whose URL says nothing (section fronts); other start pages take none.
HOME_PAGE_MAX_DEPTH = 1
DISCOVERY_SOURCES = ("links", "feeds", "sitemaps")
_HOME_PATHS = frozenset(("", "/", "/index.html", "/index.htm", "/index.shtml", "/index.php", "/index.aspx",
                         "/default.aspx", "/default.htm"))


def parse_categories(text: str) -> tuple[str, str, str]:
    """``a/b/c`` -> ``("a", "b", "c")``; anything but three non-empty names is an error."""
    parts = tuple(part.strip() for part in text.split("/"))
    if len(parts) != 3 or not all(parts):
        raise ValueError(f"categories must be three names separated by '/', e.g. 新媒体/Example/最新; got {text!r}")
    return parts[0], parts[1], parts[2]


def parse_sources(text: str) -> frozenset[str]:
    sources = frozenset(part.strip().lower() for part in text.split(",") if part.strip())
    unknown = sources - set(DISCOVERY_SOURCES)
    if unknown or not sources:
        raise ValueError(f"discover takes a comma-separated subset of {DISCOVERY_SOURCES}; got {text!r}")
    return sources


def is_home_page(url: str) -> bool:
    parts = urlsplit(url)
    return parts.path.lower() in _HOME_PATHS and not parts.query


def _looks_like_html(body: bytes) -> bool:
    # A page that mentions "<rss" or "<feed" early (an inline SVG, a script) is still a page.
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


class NewsSpider(ListingSpider):
    """Crawl any news site from its home page, a listing, a feed or a sitemap (see the module docstring)."""

    name = "news"

    def __init__(
        self,
        *args: Any,
        url: str | None = None,
        follow_hosts: str | None = None,
        categories: str | None = None,
        max_pages: str | int | None = None,
        max_articles: str | int | None = None,
        max_depth: str | int | None = None,
        since: str | None = None,
        discover: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, max_pages=max_pages, max_articles=max_articles, **kwargs)
        if not url or urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).hostname:
            raise ValueError(f"news needs an http(s) start URL: scrapy crawl news -a url=https://example.com/; "
                             f"got {url!r}")
        self.start_url = url
        #: What identifies this crawl among the processes of a shared one (``newscrawl.shared_crawl``).
        self.crawl_arguments = {"url": url, "follow_hosts": follow_hosts, "categories": categories,
                                "max_pages": max_pages, "max_articles": max_articles, "max_depth": max_depth,
                                "since": since, "discover": discover}
        self.hosts = HostScope([url, *(follow_hosts or "").split(",")])
        self.categories = parse_categories(categories) if categories else None
        self.max_depth_argument = count_argument(max_depth, "max_depth")
        self.since: date | None = date.fromisoformat(since) if since else None
        self.sources = parse_sources(discover) if discover else None
        # Decided from the start URL here and again from the start page (its URL after redirects): a worker of a
        # shared crawl that never sees the start page decides as the one that does.
        home = is_home_page(url)
        #: Hops to pages whose URL says nothing (``max_depth``).
        self.max_depth = self.max_depth_argument if self.max_depth_argument is not None else (
            HOME_PAGE_MAX_DEPTH if home else 0)
        #: What the crawl reads from HTML pages (``discover``).
        self.active_sources = self.sources or (frozenset(DISCOVERY_SOURCES) if home else frozenset({"links"}))
        #: Article keys (``newscrawl.urls.article_key``) already scheduled: duplicates and ``max_articles``.
        self.scheduled_articles: set[str] = set()
        #: Site names learned from pages, by site host: one category folder per site.
        self.site_names: dict[str, tuple[str, str]] = {}
        self.skipped_links: set[str] = set()
        #: Which articles this process fetches, and where the start URL redirected, agreed on with the other
        #: processes of the crawl (``newscrawl.coordination``); the crawl's own are taken when it starts.
        self.reservations: ArticleReservations = LocalArticleReservations()
        self.start_redirects: StartRedirects = LocalStartRedirects()
        self._parse_listing = self.parse_listing
        self._parse_article = self.parse_article
        self._parse_robots = self.parse_robots

    async def start(self) -> AsyncIterator[scrapy.Request]:
        # Here, not in __init__: the add-ons that choose the coordination run after the spider is made.
        coordination = crawl_coordination(self.crawler)
        self.reservations = coordination.article_reservations(self)
        self.start_redirects = coordination.start_redirects(self)
        start_extraction_workers(self)
        # Every process of a shared crawl yields the start URL; the shared dupefilter queues it once.
        yield self._listing_request(self.start_url, depth=0, page_number=1, is_start=True)

    # --- listings ----------------------------------------------------------------------------------------

    def _listing_request(
        self, url: str, depth: int, page_number: int, *, kind: str = LISTING, is_start: bool = False
    ) -> scrapy.Request:
        return scrapy.Request(url, callback=self._parse_listing, meta={REQUEST_KIND: kind},
                              cb_kwargs={"depth": depth, "page_number": page_number, "is_start": is_start})

    async def parse_listing(
        self, response: Response, depth: int, page_number: int, is_start: bool = False
    ) -> AsyncIterator[Any]:
        """A feed, a sitemap or an HTML page: whatever the bytes are, not what the URL promised."""
        if is_start:
            self.hosts.add(response.url)  # the start URL redirected: its target is trusted as well
            if host_of(response.url) != host_of(self.start_url):
                self.start_redirects.add(response.url)
        html = _looks_like_html(response.body)
        if not html and looks_like_feed(response.body):
            for request in self._read_feed(response):
                yield request
        elif not html and looks_like_sitemap(response.body):
            for request in self._read_sitemap(response, depth, page_number):
                yield request
        elif isinstance(response, TextResponse):
            async for element in self._read_html(response, depth, page_number, is_start):
                yield element
        else:
            self.logger.warning("Neither a page, a feed nor a sitemap: %s", response.url)

    def _read_feed(self, response: Response) -> Iterator[scrapy.Request]:
        self._count("newscrawl/listing_pages")
        page = read_feed_listing(response)
        if page.problem:
            self._listing_empty(response.url, page.problem)
        # A feed entry is an article whatever its URL looks like, unless it is plainly something else.
        yield from self._listed_articles(page.articles, require_article_shape=False)

    def _read_sitemap(self, response: Response, depth: int, page_number: int) -> Iterator[scrapy.Request]:
        self._count("newscrawl/listing_pages")
        page = read_sitemap_listing(response)
        if page.problem:
            self._listing_empty(response.url, page.problem)
        news_entries = [listed for listed in page.articles if "title" in listed.hints]
        plain_entries = [listed for listed in page.articles if "title" not in listed.hints]
        # A news sitemap entry is an article; a plain sitemap also lists sections and service pages.
        yield from self._listed_articles(news_entries, require_article_shape=False)
        yield from self._listed_articles(plain_entries, require_article_shape=True)
        if page.sitemaps and page_number > 1:
            self.logger.info("Not reading sitemap index %s nested in another index", response.url)
            return
        children = sorted(page.sitemaps, key=lambda url: "news" not in url.lower())  # news sitemaps first
        for child in [url for url in children if self._in_scope(url)][: self.max_pages]:
            if not self._articles_exhausted():
                yield self._listing_request(child, depth, page_number + 1)

    async def _read_html(
        self, response: TextResponse, depth: int, page_number: int, is_start: bool
    ) -> AsyncIterator[Any]:
        if skip_blocked(self, response):
            return
        selector = response.selector
        if is_start:
            self._learn_site_name(response)
            # A home page stands for the whole site; any other page for the listing it shows.
            home = is_home_page(response.url)
            self.active_sources = self.sources or (frozenset(DISCOVERY_SOURCES) if home else frozenset({"links"}))
            if self.max_depth_argument is None:
                self.max_depth = HOME_PAGE_MAX_DEPTH if home else 0
        # A page reached through a URL that said nothing (or the start URL shaped like an article) may be an
        # article itself: what it declares decides.
        could_be_article = page_number == 1 and (not is_start or link_kind(response.url) is LinkKind.ARTICLE)
        if could_be_article and is_article_page(selector):
            if self._reserve_article(response.url):
                async for article in self.parse_article(response, {}):
                    yield article
            return
        self._count("newscrawl/listing_pages")
        if is_start and page_number == 1:
            for request in self._discover_feeds_and_sitemaps(response):
                yield request
        if "links" in self.active_sources:
            for request in self._follow_links(response, depth, page_number):
                yield request

    def _follow_links(self, response: TextResponse, depth: int, page_number: int) -> Iterator[scrapy.Request]:
        """Article-shaped links as articles, unknown ones one hop further (``max_depth``), then the next page."""
        selector = response.selector
        links = [(url, link_kind(url)) for url in page_links(selector, response.url) if self._in_scope(url)]
        # The page's articles are reserved together (one round trip in a shared crawl), then followed in order.
        granted = iter(self._reserve_articles([url for url, kind in links if kind is LinkKind.ARTICLE]))
        found_articles = 0
        for url, kind in links:
            if kind is LinkKind.ARTICLE:
                if next(granted):
                    found_articles += 1
                    yield self._article_request(url, {})
            elif kind is LinkKind.OTHER and depth < self.max_depth and not self._articles_exhausted():
                yield self._listing_request(url, depth + 1, 1, kind=DISCOVERY)
            elif kind is LinkKind.EXCLUDED:
                self._skip_link(url, "excluded_link")
        if not found_articles and page_number == 1 and depth == 0:
            self._listing_empty(response.url, "no article-shaped links")
        next_url = next_page_link(selector, response.url)
        if not next_url or not self._in_scope(next_url) or link_kind(next_url) is LinkKind.EXCLUDED:
            return
        if page_number >= self.max_pages:
            self.logger.info("Stopping %s after %d listing pages (max_pages)", response.url, page_number)
            return
        if not self._articles_exhausted():
            yield self._listing_request(next_url, depth, page_number + 1)

    def _discover_feeds_and_sitemaps(self, response: TextResponse) -> Iterator[scrapy.Request]:
        if "feeds" in self.active_sources:
            for feed_url in feed_links(response.selector, response.url):
                if self._in_scope(feed_url):
                    yield self._listing_request(feed_url, depth=0, page_number=1, kind=DISCOVERY)
        if "sitemaps" in self.active_sources:
            yield scrapy.Request(urljoin(response.url, "/robots.txt"), callback=self._parse_robots,
                                 meta={REQUEST_KIND: DISCOVERY})  # robots.txt lists the sitemaps

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        text = response.body.decode("utf-8", "replace")
        sitemaps = [url for url in sitemaps_from_robots(text, response.url) if self._in_scope(url)]
        if not sitemaps:
            self.logger.info("robots.txt names no sitemap of %s", ", ".join(self.hosts))
        for sitemap_url in sitemaps:
            yield self._listing_request(sitemap_url, depth=0, page_number=1, kind=DISCOVERY)

    def _listed_articles(
        self, articles: Iterable[ListedArticle], *, require_article_shape: bool
    ) -> Iterator[scrapy.Request]:
        candidates = []
        for listed in articles:
            if not self._in_scope(listed.url):
                continue
            kind = link_kind(listed.url)
            if kind is LinkKind.EXCLUDED or (require_article_shape and kind is not LinkKind.ARTICLE):
                self._skip_link(listed.url, "excluded_link")
                continue
            if self._older_than_since(listed.hints.get("date_published")):
                self._count("newscrawl/skipped/older_than_since")
                continue
            candidates.append(listed)
        granted = self._reserve_articles([listed.url for listed in candidates])
        for listed, fetch in zip(candidates, granted, strict=True):
            if fetch:
                yield self._article_request(listed.url, listed.hints)

    # --- articles ----------------------------------------------------------------------------------------

    def _article_request(self, url: str, hints: dict[str, str]) -> scrapy.Request:
        """The request of an article reserved by ``_reserve_articles``."""
        self._count("newscrawl/article_links")
        return scrapy.Request(url, callback=self._parse_article, cb_kwargs={"listing_hints": hints},
                              meta={REQUEST_KIND: ARTICLE}, priority=ARTICLE_PRIORITY)

    def _reserve_article(self, url: str) -> bool:
        return self._reserve_articles([url])[0]

    def _reserve_articles(self, urls: list[str]) -> list[bool]:
        """Whether this worker is to fetch each of ``urls``, in order: True for the first URL of an article not
        known yet (through any URL), counted towards ``max_articles``; False for the others and over the limit."""
        granted = [False] * len(urls)
        fresh: list[tuple[int, str]] = []  # (index, key) of the articles this worker meets for the first time
        keys: set[str] = set()
        for index, url in enumerate(urls):
            key = article_key(url)
            if key not in self.scheduled_articles and key not in keys:
                keys.add(key)
                fresh.append((index, key))
        # In a shared crawl another process may have scheduled an article already (through another URL): the
        # whole list is reserved in one step.
        outcomes = self.reservations.reserve_many([key for _, key in fresh], self.max_articles)
        for (index, key), outcome in zip(fresh, outcomes, strict=True):
            if outcome is Reservation.OVER_LIMIT:
                self._count("newscrawl/skipped/max_articles")
                continue
            self.scheduled_articles.add(key)
            granted[index] = outcome is Reservation.RESERVED
        return granted

    def _articles_exhausted(self) -> bool:
        if self.max_articles is None:
            return False
        return self.reservations.reserved() >= self.max_articles

    async def parse_article(self, response: Response, listing_hints: dict[str, str]) -> AsyncIterator[Article]:
        page = html_response(self, response)
        if page is None:
            return
        outcome = await extract_or_skip(self, self._fetched_page(page, listing_hints), None)
        if outcome is None or outcome.article is None:
            return
        for article in self._article_or_skip(page, outcome):
            yield article

    def _fetched_page(self, response: TextResponse, listing_hints: dict[str, str]) -> FetchedPage:
        """The response as plain data, with the categories its article is filed under (the site's name left
        to the page when no page of its host declared one yet)."""
        host = host_of(response.url)
        if self.categories:
            categories: tuple[str, str | None, str] = self.categories
            source = "argument"
        else:
            known = self.site_names.get(host)
            categories = (DEFAULT_SECTION, known[0] if known else None, DEFAULT_CHANNEL)
            source = known[1] if known else "url"
        return fetched_page(response, listing_hints=listing_hints, categories=categories, categories_source=source,
                            site_fallback=host)

    def _article_or_skip(self, response: TextResponse, outcome: Outcome) -> Iterator[Article]:
        article = outcome.article
        assert article is not None
        host = host_of(response.url)
        if outcome.site_name is not None:
            self.site_names.setdefault(host, outcome.site_name)
        known = self.site_names.get(host)
        if not self.categories and known is not None and len(article.categories) == 3:
            # Pages of one host extracted side by side may each have named the site: the first name learned
            # files them all, so that every post of a site lands in one folder.
            article.categories[1] = known[0]
            article.field_sources["categories"] = known[1]
        if self.since and article.date_published and self._older_than_since(article.date_published):
            self._count("newscrawl/skipped/older_than_since")
            self.logger.debug("Skipped %s: published %s, before %s", response.url, article.date_published,
                              self.since)
            return
        yield article

    def _learn_site_name(self, response: TextResponse) -> tuple[str, str]:
        """The site's name: the first one a page of the host declared (the start page's first), else the
        host; remembered per host so that every post of a site lands in one folder."""
        host = host_of(response.url)
        known = self.site_names.get(host)
        if known:
            return known
        found = find_site_name(response.selector)
        if found is not None and isinstance(found.value, str) and found.value.strip():
            self.site_names[host] = (found.value.strip(), found.source)
            return self.site_names[host]
        return host, "url"

    # --- scope and bookkeeping -------------------------------------------------------------------------------

    def _in_scope(self, url: str) -> bool:
        if self.hosts.allows(url):
            return True
        trusted = self.start_redirects.found()  # where the start URL redirected, seen by another process
        if trusted:
            for target in trusted:
                self.hosts.add(target)
            if self.hosts.allows(url):
                return True
        self._skip_link(url, "other_host")
        return False

    def _skip_link(self, url: str, reason: str) -> None:
        """Count each skipped URL once per crawl, whatever number of pages link to it."""
        if url in self.skipped_links:
            return
        self.skipped_links.add(url)
        self._count(f"newscrawl/skipped/{reason}")
        self.logger.debug("Skipped link (%s): %s", reason, url)

    def _older_than_since(self, published: str | None) -> bool:
        if self.since is None or not published:
            return False
        moment = parse_datetime(published)
        return moment is not None and moment.date() < self.since

    def _listing_empty(self, url: str, problem: str) -> None:
        self.logger.warning("Listing %s lists nothing (%s)", url, problem)
        self._count("newscrawl/listing_empty")

    def _count(self, key: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(key)
