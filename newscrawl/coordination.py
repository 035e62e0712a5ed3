"""What one crawling process agrees on with the other processes of the same crawl, and its local default.

A crawl is one process unless an add-on makes it a worker of a crawl shared with others (the shared crawl on
Redis: ``newscrawl.shared_crawl``, switched on by ``NEWSCRAWL_REDIS_URL``). Three things must then be agreed on,
and the components that need them ask this module rather than the shared crawl, so that a base install never
imports it:

- ``ArticleReservations`` (the ``news`` spider): which process fetches each article, and ``max_articles``
  counted over the whole crawl;
- ``StartRedirects`` (the ``news`` spider): where the start URL redirected, which makes that host trusted too;
- ``PostPathClaimer`` (the archive writer): which article gets a post file name two articles want at once;
- ``UnrecordedLines`` (the archive writer): where another process that died may have left articles' JSON lines
  without their ledger rows, for the writer to record them before it writes the same articles again.

``NEWSCRAWL_COORDINATION`` names the class providing them (built with ``from_crawler`` when it has one); the
default, ``LocalCoordination``, is the process's own bookkeeping. One instance serves a crawler.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum
from typing import Protocol

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.utils.misc import build_from_crawler, load_object

from newscrawl.archive.store import PostPathClaimer

__all__ = [
    "COORDINATION_SETTING",
    "ArticleReservations",
    "CrawlCoordination",
    "LocalArticleReservations",
    "LocalCoordination",
    "LocalStartRedirects",
    "PostPathClaimer",
    "Reservation",
    "StartRedirects",
    "UnrecordedLines",
    "crawl_coordination",
]

COORDINATION_SETTING = "NEWSCRAWL_COORDINATION"
#: Requests this process took from a shared crawl's queue (set only in a shared crawl): a process that took none
#: read no page, so it cannot say the site yielded nothing (the run report does not call that "nothing found").
SHARED_REQUESTS_TAKEN_STAT = "newscrawl/shared_crawl/requests_taken"
DEFAULT_COORDINATION = "newscrawl.coordination.LocalCoordination"


class Reservation(Enum):
    """What reserving an article to fetch gave this process."""

    RESERVED = "reserved"  # this process fetches it
    KNOWN = "known"  # reserved before, by this process or another, maybe through another URL
    OVER_LIMIT = "over_limit"  # max_articles reached: nobody fetches it


class ArticleReservations(Protocol):
    def reserve_many(self, keys: Sequence[str], limit: int | None = None) -> list[Reservation]:
        """Reserve article keys for this process, in order: RESERVED when no process had, KNOWN when one had,
        OVER_LIMIT once ``limit`` keys are reserved in the whole crawl (the limit is checked first)."""
        ...

    def reserved(self) -> int:
        """Article keys reserved in the whole crawl."""
        ...


class StartRedirects(Protocol):
    def add(self, url: str) -> None:
        """Tell the crawl that the start URL redirected to ``url``."""
        ...

    def found(self) -> list[str]:
        """The start URL's redirect targets other processes found (may be asked on every out-of-scope link)."""
        ...


class UnrecordedLines(Protocol):
    def take_offset(self) -> int | None:
        """The JSON-lines offset after which processes that died since the last call may have left lines whose
        ledger rows they did not commit (asked by the archive writer's thread before each batch); None: none."""
        ...


class CrawlCoordination(Protocol):
    def article_reservations(self, spider: Spider) -> ArticleReservations: ...

    def start_redirects(self, spider: Spider) -> StartRedirects: ...

    def post_path_claimer(self, spider: Spider | None) -> PostPathClaimer | None:
        """None: this process alone names new posts (its ledger settles every clash)."""
        ...

    def unrecorded_lines(self, spider: Spider | None) -> UnrecordedLines | None:
        """None: no other process writes this archive during the crawl (the store's opening finishes a killed
        run's saves)."""
        ...


class LocalArticleReservations:
    """The reservations of a crawl that is this process alone."""

    def __init__(self) -> None:
        self.keys: set[str] = set()

    def reserve_many(self, keys: Sequence[str], limit: int | None = None) -> list[Reservation]:
        outcomes = []
        for key in keys:
            if limit is not None and len(self.keys) >= limit:
                outcomes.append(Reservation.OVER_LIMIT)
            elif key in self.keys:
                outcomes.append(Reservation.KNOWN)
            else:
                self.keys.add(key)
                outcomes.append(Reservation.RESERVED)
        return outcomes

    def reserved(self) -> int:
        return len(self.keys)


class LocalStartRedirects:
    """A crawl of one process: the spider trusts the redirect target it saw itself; nobody else finds one."""

    def add(self, url: str) -> None:
        return None

    def found(self) -> list[str]:
        return []


class LocalCoordination:
    """A crawl that is this process alone (the default)."""

    def article_reservations(self, spider: Spider) -> ArticleReservations:
        return LocalArticleReservations()

    def start_redirects(self, spider: Spider) -> StartRedirects:
        return LocalStartRedirects()

    def post_path_claimer(self, spider: Spider | None) -> PostPathClaimer | None:
        return None

    def unrecorded_lines(self, spider: Spider | None) -> UnrecordedLines | None:
        return None


#: The crawler attribute holding its coordination: it lives as long as the crawler, like its other components.
_ATTRIBUTE = "_newscrawl_coordination"


def crawl_coordination(crawler: Crawler) -> CrawlCoordination:
    """The coordination of ``crawler``'s crawl (``NEWSCRAWL_COORDINATION``), one instance per crawler."""
    found: CrawlCoordination | None = getattr(crawler, _ATTRIBUTE, None)
    if found is None:
        path = crawler.settings.get(COORDINATION_SETTING) or DEFAULT_COORDINATION
        found = build_from_crawler(load_object(path), crawler)
        setattr(crawler, _ATTRIBUTE, found)
    return found
