"""A WARC response record -> the Article a crawl would have archived from it (today's portal rules by host, generic
extraction elsewhere), for ``scrapy reextract`` and ``scrapy crawl ccnews``.

Which records are articles: in a WARC file newscrawl's capture wrote, those whose request was an article request
(its request record's context says so, with what the listing said about the article and the channel it was listed
in, so that the page is read exactly as the crawl read it), and the pages of hosts without a portal that declare
themselves articles (the ``news`` spider archives those whatever it fetched them as); a story's next pages are
appended to its first. In any other tool's file, a 200 HTML response whose URL is shaped like an article's or
whose page declares itself one (JSON-LD article type, ``og:type``, one ``<article>``), as the ``news`` spider
decides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from scrapy import Request, Spider
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes

from newscrawl.discovery.hosts import host_of
from newscrawl.discovery.links import LinkKind, is_article_page, link_kind
from newscrawl.extract.article import append_continuation
from newscrawl.extract.fetched import FetchedPage, Outcome, extract_fetched
from newscrawl.items import Article
from newscrawl.portal_rules import Portal
from newscrawl.portals import portal_for_url
from newscrawl.request_kinds import ARTICLE
from newscrawl.spiders.article_responses import count_blocked, count_layout
from newscrawl.spiders.news import DEFAULT_CHANNEL, DEFAULT_SECTION
from newscrawl.warc.capture import CONTINUATION
from newscrawl.warc.reader import WarcResponse

logger = logging.getLogger(__name__)

#: Pages of one story read at most, as the portal spider reads them.
MAX_CONTINUATION_PAGES = 20


def scrapy_response(record: WarcResponse) -> Response:
    """The record as the Scrapy response a crawl would have handed its spider (content coding undone)."""
    headers = Headers(record.payload_headers())
    body = record.body()
    response_class = responsetypes.from_args(headers=headers, url=record.url, body=body)
    return response_class(url=record.url, status=record.status, headers=headers, body=body,
                          request=Request(record.url))


class RecordArticles:
    """Turns response records into Articles for a spider, counting what it leaves out in the spider's stats."""

    def __init__(self, spider: Spider, find_page: Callable[[str], WarcResponse | None] | None = None) -> None:
        self.spider = spider
        #: The response record of a URL among the files read (a story's next page), where they can be searched.
        self.find_page = find_page
        #: The site name of each host without a portal, learnt from its first page that declares one.
        self.site_names: dict[str, tuple[str, str]] = {}

    def article(self, record: WarcResponse) -> Article | None:
        kind = record.context.get("kind")
        if record.status != 200 or kind == CONTINUATION:
            return None  # a story's next page is read with its first page
        if kind != ARTICLE and "html" not in (record.header("Content-Type") or "text/html").lower():
            return None
        try:
            response = scrapy_response(record)
        except (ValueError, OSError) as error:  # an unknown or broken content coding
            self._count("newscrawl/warc/undecodable")
            logger.warning("Left out %s: its body cannot be decoded (%s)", record.url, error)
            return None
        if not isinstance(response, TextResponse):
            return None
        portal = portal_for_url(record.url) or portal_for_url(record.context.get("public_url") or record.url)
        if kind != ARTICLE and not self._other_page_is_article(record, response, portal):
            return None
        if portal is not None:
            return self._portal_article(response, portal, record)
        return self._generic_article(response, record)

    def _other_page_is_article(self, record: WarcResponse, response: TextResponse, portal: Portal | None) -> bool:
        """A response that was not fetched as an article: in newscrawl's capture, a page the ``news`` spider
        reached as a listing or to see what it is, and archived because it declares itself an article (a portal's
        listings never are); in another tool's file, an article-shaped URL or a page that says it is one."""
        if record.captured_by_newscrawl:
            return portal is None and is_article_page(response.selector)
        return self._looks_like_article(response)

    @staticmethod
    def _looks_like_article(response: TextResponse) -> bool:
        kind = link_kind(response.url)
        if kind is LinkKind.EXCLUDED:
            return False
        return kind is LinkKind.ARTICLE or is_article_page(response.selector)

    def _portal_article(self, response: TextResponse, portal: Portal, record: WarcResponse) -> Article | None:
        context: dict[str, Any] = record.context
        outcome = self._extract(FetchedPage(
            url=response.url, body=response.body, content_type=record.header("Content-Type"), status=record.status,
            channel=context.get("channel") or portal.default_channel, listing_hints=context.get("listing_hints") or {},
            public_url=context.get("public_url"), fetched_at=record.date), portal)
        if outcome is None or outcome.article is None:
            return None
        article = outcome.article
        count_layout(self.spider, article, portal)
        self._append_following_pages(article, outcome.continuation, portal, [response.url])
        return article

    def _append_following_pages(self, article: Article, following: str | None, portal: Portal,
                                 pages: list[str]) -> None:
        """A story spread over several pages, read on from the pages captured with it, as the crawl read it."""
        while following and following not in pages and len(pages) < MAX_CONTINUATION_PAGES and self.find_page:
            record = self.find_page(following)
            if record is None or record.status != 200:
                return
            outcome = self._extract(FetchedPage(url=record.url, body=record.body(),
                                                content_type=record.header("Content-Type"), fetched_at=record.date),
                                    portal)
            if outcome is None or outcome.article is None:
                return
            append_continuation(article, outcome.article)
            self._count("newscrawl/continuation_pages")
            pages.append(record.url)
            following = outcome.continuation

    def _generic_article(self, response: TextResponse, record: WarcResponse) -> Article | None:
        host = host_of(response.url)
        known = self.site_names.get(host)
        outcome = self._extract(FetchedPage(
            url=response.url, body=response.body, content_type=record.header("Content-Type"), status=record.status,
            listing_hints=record.context.get("listing_hints") or {}, fetched_at=record.date,
            categories=(DEFAULT_SECTION, known[0] if known else None, DEFAULT_CHANNEL),
            categories_source=known[1] if known else "url", site_fallback=host), None)
        if outcome is None or outcome.article is None:
            return None
        if outcome.site_name is not None:
            self.site_names.setdefault(host, outcome.site_name)  # every post of a site in one folder
        return outcome.article

    def _extract(self, fetched: FetchedPage, portal: Portal | None) -> Outcome | None:
        """The page extracted in the reactor thread; None (counted and logged) for a challenge page."""
        outcome = extract_fetched(fetched, portal)
        for warning in outcome.warnings:
            logger.warning("%s", warning)
        if outcome.blocked is not None:
            count_blocked(self.spider, outcome.blocked, fetched.url)
            return None
        return outcome

    def _count(self, key: str) -> None:
        if self.spider.crawler.stats is not None:
            self.spider.crawler.stats.inc_value(key)
