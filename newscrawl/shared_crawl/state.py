"""The shared crawl's state as the ``news`` spider and the archive writer see it (``newscrawl.coordination``):
article reservations, the start URL's redirect targets and post file names, agreed on in Redis."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler

from newscrawl.coordination import Reservation
from newscrawl.shared_crawl.connection import client, ttl
from newscrawl.shared_crawl.keys import CrawlKeys, worker_id
from newscrawl.shared_crawl.leases import LostWrites

# Reserve article keys in order (ARGV[3..]): 1 reserved now, 0 reserved before, -1 refused for the limit (ARGV[2]
# keys reserved in all; -1: no limit), checked before membership as one worker's count was. What is reserved now
# is also pending for this worker (KEYS[2]) until the request is pushed: a worker that dies in between has its
# pending reservations released (``leases``), so that the listing, read again, reserves them again.
_RESERVE_SCRIPT = """
local limit = tonumber(ARGV[2])
local outcomes = {}
for index = 3, #ARGV do
  if limit >= 0 and redis.call('SCARD', KEYS[1]) >= limit then
    outcomes[#outcomes + 1] = -1
  else
    local added = redis.call('SADD', KEYS[1], ARGV[index])
    if added == 1 then redis.call('SADD', KEYS[2], ARGV[index]) end
    outcomes[#outcomes + 1] = added
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[2], ARGV[1])
return outcomes
"""
# A post path belongs to the first article key that asks for it.
_PATH_SCRIPT = """
local owner = redis.call('HGET', KEYS[1], ARGV[1])
if not owner then
  redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
  redis.call('EXPIRE', KEYS[1], ARGV[3])
  return 1
end
if owner == ARGV[2] then return 1 end
return 0
"""

_RESERVATIONS = {1: Reservation.RESERVED, 0: Reservation.KNOWN, -1: Reservation.OVER_LIMIT}


class SharedArticleReservations:
    """One fetch per article key over the whole crawl, whichever worker and URL meet it first, and
    ``max_articles`` counted over the crawl."""

    #: Keys per script call: a sitemap of 50,000 URLs does not hold Redis for one long script.
    RESERVE_CHUNK = 1000

    def __init__(self, server: Any, keys: CrawlKeys, expiry: int, worker: str) -> None:
        self.server = server
        self.keys = keys
        self.ttl = expiry
        self.pending = keys.pending_prefix + worker
        self.reserve_script = server.register_script(_RESERVE_SCRIPT)

    def reserve_many(self, keys: Sequence[str], limit: int | None = None) -> list[Reservation]:
        """Reserve article keys for this worker, in order, in one round trip per thousand: RESERVED when no
        worker had, KNOWN when one had, OVER_LIMIT once ``limit`` keys are reserved in the whole crawl."""
        outcomes: list[Reservation] = []
        for start in range(0, len(keys), self.RESERVE_CHUNK):
            chunk = keys[start : start + self.RESERVE_CHUNK]
            answers = self.reserve_script(keys=[self.keys.scheduled, self.pending],
                                          args=[self.ttl, -1 if limit is None else limit, *chunk])
            outcomes += [_RESERVATIONS[int(answer)] for answer in answers]
        return outcomes

    def reserved(self) -> int:
        return int(self.server.scard(self.keys.scheduled))


class SharedStartRedirects:
    """The hosts the start URL redirected to, as any worker saw them (a worker that never fetched the start page
    trusts them too)."""

    def __init__(self, server: Any, keys: CrawlKeys, expiry: int, *, at_most_every: float = 1.0) -> None:
        self.server = server
        self.keys = keys
        self.ttl = expiry
        self.at_most_every = at_most_every
        self._checked = 0.0

    def add(self, url: str) -> None:
        pipe = self.server.pipeline(transaction=False)
        pipe.sadd(self.keys.hosts, url)
        pipe.expire(self.keys.hosts, self.ttl)
        pipe.execute()

    def found(self) -> list[str]:
        """The start URLs' redirect targets other workers found (asked at most once a second)."""
        now = time.monotonic()
        if now - self._checked < self.at_most_every:
            return []
        self._checked = now
        return [value if isinstance(value, str) else value.decode() for value in self.server.smembers(self.keys.hosts)]


class SharedPostPathClaimer:
    """Grants each post file name to one article key across the workers (a ``PostPathClaimer``)."""

    def __init__(self, server: Any, keys: CrawlKeys, expiry: int) -> None:
        self.key = keys.post_paths
        self.ttl = expiry
        self.script = server.register_script(_PATH_SCRIPT)

    def __call__(self, relative: str, article_key: str) -> bool:
        return bool(self.script(keys=[self.key], args=[relative, article_key, self.ttl]))


class SharedCrawlState:
    """``NEWSCRAWL_COORDINATION`` of a shared crawl (``newscrawl.coordination.CrawlCoordination``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.settings = crawler.settings
        self.server = client(crawler.settings)
        self.ttl = ttl(crawler.settings)
        #: Filled by the scheduler when workers died, taken by the archive writer.
        self.lost_writes = LostWrites()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawlState:
        return cls(crawler)

    def article_reservations(self, spider: Spider) -> SharedArticleReservations:
        return SharedArticleReservations(self.server, CrawlKeys.of(self.settings, spider), self.ttl,
                                         worker_id(self.crawler))

    def start_redirects(self, spider: Spider) -> SharedStartRedirects:
        return SharedStartRedirects(self.server, CrawlKeys.of(self.settings, spider), self.ttl)

    def post_path_claimer(self, spider: Spider | None) -> SharedPostPathClaimer:
        if spider is None:
            raise ValueError("a shared crawl names its posts per spider: the archive opened before its spider")
        return SharedPostPathClaimer(self.server, CrawlKeys.of(self.settings, spider), self.ttl)

    def unrecorded_lines(self, spider: Spider | None) -> LostWrites:
        return self.lost_writes
