"""Several ``scrapy crawl news`` processes sharing one crawl through Redis (scrapy-redis 0.9.1): the scale-out profile.

Switched on by ``NEWSCRAWL_REDIS_URL`` (``-s NEWSCRAWL_REDIS_URL=redis://host:6379/0`` or the environment
variable of that name); ``newscrawl.redis_profile.RedisClusterAddon`` (in ``ADDONS``) then sets:

- ``SCHEDULER`` = ``ClusterScheduler``: scrapy-redis's scheduler, its queue (``scrapy_redis.queue.PriorityQueue``)
  and its dupefilter in Redis under one namespace per crawl (``NEWSCRAWL_REDIS_CRAWL``, default
  ``newscrawl:<spider>:<hash of the spider arguments>``, so the workers of one crawl meet and two crawls don't);
  ``SCHEDULER_PERSIST = True``: a worker never flushes the shared queue when it closes (with ``False`` the first
  worker to finish flushed it while another still crawled, losing articles: PERFORMANCE.md);
- the seen-set (request fingerprints) with an expiry (``NEWSCRAWL_REDIS_TTL`` seconds, default one day, renewed as
  the crawl goes): it is deleted when the crawl ends, and a crawl whose workers all died leaves nothing behind
  for longer than that;
- ``ClusterCoordinator`` (extension): a worker whose engine is idle says so in Redis and stays open
  (``DontCloseSpider``) until the crawl is over, i.e. the queue is empty and every live worker is idle, checked in
  one Lua script (a worker pops requests with another script that marks it busy in the same step, so "empty and
  all idle" cannot be seen while a popped request is being worked on). The last worker to close deletes the
  crawl's keys. A worker that stops sending heartbeats for ``NEWSCRAWL_REDIS_WORKER_TIMEOUT`` seconds (killed)
  stops counting; the requests it had popped are lost to this crawl (scrapy-redis has no acknowledgement): run
  the crawl again with ``NEWSCRAWL_SKIP_KNOWN=1`` to fetch what the ledger lacks. The engine looks for work every
  0.1 s instead of every 5 s, so an idle worker picks up requests pushed by another at once and closes soon after
  the last worker's last article (two Redis calls per idle tick: nothing beside a busy worker's hundreds a second);
- ``ListingsFirstMiddleware`` (spider middleware): listing, feed and sitemap requests go before articles, so the
  shared queue stays full of articles and no worker runs dry at a listing's end;
- ``ClaimArticlePipeline`` (before the archive writer): an article is archived by the first worker that claims
  any of its keys (canonical URL, URL) in Redis, atomically; another worker's copy is dropped as ``duplicate``.

Seeding: Scrapy 2.16 removed ``start_requests()``, which scrapy-redis 0.9.1's ``RedisSpider`` still relies on.
newscrawl does not use ``RedisSpider``: every worker is the plain ``news`` spider, whose ``start()`` yields the
start URL; the shared dupefilter lets the first one into the queue and filters the others' copies, and from then
on every worker takes requests from the queue (through the idle signal, as above). The spider also shares its
article reservations (``max_articles`` and one fetch per article key, whichever URL leads to it; a listing's,
feed's or sitemap's articles in one script call) and the start URL's redirect target through ``SharedCrawlState``.

Round trips to Redis per article: about 3.3 (its request pushed, a quarter of a pop, its claim, its post name),
each blocking the thread that makes it, which is why pushes, pops and reservations are scripts or batches.

Every worker writes into the same archive folder (one machine, or a folder every machine mounts with working
``flock``): JSON lines are appended under a lock, the SQLite ledger serialises its transactions, and post file
names are claimed in Redis (``claim_post_path``) so that two workers archiving two articles with one title at
the same moment write two files, as one process would.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import time
import uuid
from collections import deque
from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object
from scrapy_redis import connection
from scrapy_redis.dupefilter import RFPDupeFilter
from scrapy_redis.scheduler import Scheduler

from newscrawl.archive.store import article_keys
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article
from newscrawl.redis_profile import URL_SETTING, Reservation, redis_url
from newscrawl.request_kinds import ARTICLE, REQUEST_KIND

logger = logging.getLogger(__name__)

DEFAULT_TTL = 86_400
DEFAULT_POP_BATCH = 4
DEFAULT_WORKER_TIMEOUT = 15.0
#: How often the engine looks for scheduled requests (Scrapy's default is 5 s; a worker idle for want of work
#: would wait that long for the requests another worker pushes, and for the end of the crawl: at 0.5 s, two
#: workers' crawl of 2,000 articles ended 0.2-0.4 s after its last article, 2-3 % of it; benchmarks/crawl.py).
ENGINE_HEARTBEAT_SECONDS = 0.1
HEARTBEAT_SECONDS = 2.0
LISTING_PRIORITY = 10

# Pop the ARGV[2] best requests (lowest score: highest priority), with their scores, and mark the worker busy in
# the same step.
_POP_SCRIPT = """
local found = redis.call('ZRANGE', KEYS[1], 0, tonumber(ARGV[2]) - 1, 'WITHSCORES')
if #found == 0 then return false end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, #found / 2 - 1)
redis.call('HSET', KEYS[2], ARGV[1], 'busy')
return found
"""
# Schedule a request unless its fingerprint was seen (ARGV[1] empty: never filtered), renewing the seen-set's
# expiry: one round trip instead of scrapy-redis's two (the dupefilter's, then the queue's ZADD).
_ENQUEUE_SCRIPT = """
if ARGV[1] ~= '' then
  local added = redis.call('SADD', KEYS[1], ARGV[1])
  redis.call('EXPIRE', KEYS[1], ARGV[2])
  if added == 0 then return 0 end
end
redis.call('ZADD', KEYS[2], ARGV[3], ARGV[4])
return 1
"""
# Record the worker idle; return 1 when the crawl is over: empty queue and every live worker idle.
_IDLE_SCRIPT = """
redis.call('HSET', KEYS[2], ARGV[1], 'idle')
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
local states = redis.call('HGETALL', KEYS[2])
for index = 1, #states, 2 do
  local worker = states[index]
  if redis.call('EXISTS', KEYS[3] .. worker) == 0 then
    redis.call('HDEL', KEYS[2], worker)
  elseif states[index + 1] ~= 'idle' then
    return 0
  end
end
return 1
"""
# Leave the crawl; the last worker out deletes the crawl's keys (when the queue is empty: else it is resumable).
_LEAVE_SCRIPT = """
redis.call('HDEL', KEYS[2], ARGV[1])
redis.call('DEL', KEYS[3] .. ARGV[1])
local states = redis.call('HGETALL', KEYS[2])
for index = 1, #states, 2 do
  if redis.call('EXISTS', KEYS[3] .. states[index]) == 1 then return 0 end
end
if redis.call('ZCARD', KEYS[1]) > 0 then return 0 end
local prefix = ARGV[2]
local cursor = '0'
repeat
  local page = redis.call('SCAN', cursor, 'MATCH', prefix .. '*', 'COUNT', 1000)
  cursor = page[1]
  for _, key in ipairs(page[2]) do redis.call('DEL', key) end
until cursor == '0'
return 1
"""
# Claim every key of an article at once: 1 when none was claimed before, 0 when another copy holds one.
_CLAIM_SCRIPT = """
for index = 2, #ARGV do
  if redis.call('SISMEMBER', KEYS[1], ARGV[index]) == 1 then return 0 end
end
for index = 2, #ARGV do redis.call('SADD', KEYS[1], ARGV[index]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""
# Reserve article keys in order (ARGV[3..]): 1 reserved now, 0 reserved before, -1 refused for the limit (ARGV[2]
# keys reserved in all; -1: no limit), checked before membership as one worker's count was.
_RESERVE_SCRIPT = """
local limit = tonumber(ARGV[2])
local outcomes = {}
for index = 3, #ARGV do
  if limit >= 0 and redis.call('SCARD', KEYS[1]) >= limit then
    outcomes[#outcomes + 1] = -1
  else
    outcomes[#outcomes + 1] = redis.call('SADD', KEYS[1], ARGV[index])
  end
end
redis.call('EXPIRE', KEYS[1], ARGV[1])
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


def crawl_namespace(settings: BaseSettings, spider: Spider) -> str:
    """The prefix of every key of this crawl: the same for every worker started with the same arguments."""
    explicit = settings.get("NEWSCRAWL_REDIS_CRAWL")
    if explicit:
        return f"newscrawl:{explicit}"
    arguments = getattr(spider, "crawl_arguments", None) or {"start_url": getattr(spider, "start_url", "")}
    digest = hashlib.sha1(repr(sorted(arguments.items())).encode("utf-8")).hexdigest()[:12]
    return f"newscrawl:{spider.name}:{digest}"


class _Keys:
    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.queue = f"{namespace}:requests"
        self.seen = f"{namespace}:seen"
        self.workers = f"{namespace}:workers"
        self.alive_prefix = f"{namespace}:alive:"
        self.scheduled = f"{namespace}:scheduled"
        self.claimed = f"{namespace}:claimed"
        self.post_paths = f"{namespace}:posts"
        self.hosts = f"{namespace}:hosts"


_clients: dict[str, Any] = {}


def _client(settings: BaseSettings) -> Any:
    url = redis_url(settings)
    if url is None:
        raise NotConfigured(f"{URL_SETTING} is not set")
    if url not in _clients:
        _clients[url] = connection.get_redis(url=url)
    return _clients[url]


class ExpiringDupeFilter(RFPDupeFilter):
    """scrapy-redis's request fingerprints in a set that expires ``NEWSCRAWL_REDIS_TTL`` seconds after its last
    addition (and is deleted when the crawl ends); closing a worker leaves it to the others. The set is checked
    and filled by ``ClusterScheduler``'s push script, with the request's push, in one round trip."""

    ttl = DEFAULT_TTL

    def request_seen(self, request: Request) -> bool:
        raise NotImplementedError("ClusterScheduler checks the seen-set in its push script")

    def close(self, reason: str = "") -> None:
        pass  # shared with the other workers: the last one out deletes it


class ClusterScheduler(Scheduler):
    """scrapy-redis's scheduler with newscrawl's key namespace, a push that checks the seen-set in the same step,
    an atomic pop that marks the worker busy, and no flush when a worker closes. Both steps are scripts on the
    queue's sorted set: the queue is ``scrapy_redis.queue.PriorityQueue`` (encoding and decoding requests).

    A pop takes up to ``NEWSCRAWL_REDIS_POP_BATCH`` requests (default 4) and hands them to the engine one by one:
    a round trip to Redis per few requests rather than per request (each blocks the reactor thread: about 0.1 ms
    on one machine, a network round trip across machines). The worker counts as busy while it holds any; closing
    puts those it still holds back into the queue; a killed worker loses them with its requests in flight."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterScheduler:
        settings = crawler.settings
        instance = cls(
            server=_client(settings), persist=True,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue"),
            serializer=None, idle_before_close=0,
        )
        instance.crawler = crawler
        instance.stats = crawler.stats
        return instance

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.keys = _Keys(crawl_namespace(self.crawler.settings, spider))
        self.worker = worker_id(self.crawler)
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.keys.queue,
                                                 serializer=self.serializer)
        self.df = ExpiringDupeFilter(self.server, key=self.keys.seen,
                                     debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        self.df.ttl = ttl(self.crawler.settings)
        self.push = self.server.register_script(_ENQUEUE_SCRIPT)
        self.pop = self.server.register_script(_POP_SCRIPT)
        self.pop_batch = max(1, self.crawler.settings.getint("NEWSCRAWL_REDIS_POP_BATCH", DEFAULT_POP_BATCH))
        #: (encoded request, score) popped from the queue and not yet handed to the engine.
        self.popped: deque[tuple[bytes, bytes]] = deque()
        if len(self.queue):
            logger.info("Joining a crawl with %d requests in its queue (%s)", len(self.queue), self.keys.namespace)

    def close(self, reason: str) -> None:
        # SCHEDULER_PERSIST: never flush a queue other workers share; give back what this worker popped and holds.
        if self.popped:
            pipe = self.server.pipeline(transaction=False)
            for encoded, score in self.popped:
                pipe.execute_command("ZADD", self.keys.queue, score, encoded)
            pipe.execute()
            logger.info("Put %d popped requests back into the shared queue", len(self.popped))
            self.popped.clear()

    def __len__(self) -> int:
        return len(self.popped) + len(self.queue)

    def has_pending_requests(self) -> bool:
        return bool(self.popped) or len(self.queue) > 0

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        encoded = self.queue._encode_request(request)
        if not self.push(keys=[self.keys.seen, self.keys.queue],
                         args=[fingerprint, self.df.ttl, -request.priority, encoded]):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        if not self.popped:
            found = self.pop(keys=[self.keys.queue, self.keys.workers], args=[self.worker, self.pop_batch])
            if not found:
                return None
            self.popped.extend(zip(found[::2], found[1::2], strict=True))
        encoded, _ = self.popped.popleft()
        request = self.queue._decode_request(encoded)
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
        return request


def ttl(settings: BaseSettings) -> int:
    return settings.getint("NEWSCRAWL_REDIS_TTL", DEFAULT_TTL)


def worker_id(crawler: Crawler) -> str:
    existing = getattr(crawler, "_newscrawl_worker_id", None)
    if existing is None:
        existing = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        crawler._newscrawl_worker_id = existing  # type: ignore[attr-defined]
    return str(existing)


class ClusterCoordinator:
    """Registers the worker, keeps it alive, keeps it open while the crawl goes on, and cleans up after the last."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = _client(crawler.settings)
        self.worker = worker_id(crawler)
        self.timeout = crawler.settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT", DEFAULT_WORKER_TIMEOUT)
        self.keys: _Keys | None = None
        self.idle_script = self.server.register_script(_IDLE_SCRIPT)
        self.leave_script = self.server.register_script(_LEAVE_SCRIPT)
        self.heartbeat: Any = None
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClusterCoordinator:
        if redis_url(crawler.settings) is None:
            raise NotConfigured(f"{URL_SETTING} is not set")
        return cls(crawler)

    def engine_started(self) -> None:
        engine = self.crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = ENGINE_HEARTBEAT_SECONDS

    def spider_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.keys = _Keys(crawl_namespace(self.crawler.settings, spider))
        self._beat()
        self.server.hset(self.keys.workers, self.worker, "busy")
        self.heartbeat = task.LoopingCall(self._beat)
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)
        logger.info("Worker %s joined crawl %s", self.worker, self.keys.namespace)

    def _beat(self) -> None:
        assert self.keys is not None
        pipe = self.server.pipeline(transaction=False)
        pipe.set(self.keys.alive_prefix + self.worker, "1", px=int(self.timeout * 1000))
        for key in (self.keys.workers, self.keys.seen, self.keys.queue, self.keys.scheduled):
            pipe.expire(key, ttl(self.crawler.settings))
        pipe.execute()

    def spider_idle(self, spider: Spider) -> None:
        assert self.keys is not None
        finished = self.idle_script(keys=[self.keys.queue, self.keys.workers, self.keys.alive_prefix],
                                    args=[self.worker])
        if not finished:
            raise DontCloseSpider("other workers are still crawling")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        if self.keys is None:
            return
        last = self.leave_script(keys=[self.keys.queue, self.keys.workers, self.keys.alive_prefix],
                                 args=[self.worker, self.keys.namespace + ":"])
        logger.info("Worker %s left crawl %s%s", self.worker, self.keys.namespace,
                    " (the last: its keys are deleted)" if last else "")


class ListingsFirstMiddleware:
    """Listing, feed, sitemap and discovery requests go before article requests in the shared queue."""

    async def process_spider_output_async(self, response: Any, result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            yield self._prioritised(output)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        for output in result:
            yield self._prioritised(output)

    @staticmethod
    def _prioritised(output: Any) -> Any:
        if isinstance(output, Request) and output.meta.get(REQUEST_KIND) != ARTICLE:
            return output.replace(priority=output.priority + LISTING_PRIORITY)
        return output


class ClaimArticlePipeline:
    """Only the first worker to claim one of an article's keys archives it (the others drop it as ``duplicate``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.server = _client(crawler.settings)
        self.claim = self.server.register_script(_CLAIM_SCRIPT)
        self.key: str | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ClaimArticlePipeline:
        if redis_url(crawler.settings) is None:
            raise NotConfigured(f"{URL_SETTING} is not set")
        return cls(crawler)

    def open_spider(self, spider: Spider | None = None) -> None:
        spider = spider or self.crawler.spider
        assert spider is not None
        self.key = _Keys(crawl_namespace(self.crawler.settings, spider)).claimed

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article) or self.key is None:
            return item
        if not self.claim(keys=[self.key], args=[ttl(self.crawler.settings), *article_keys(item)]):
            raise drop_article(self.stats, "duplicate", item.url, "archived by another worker")
        return item


_RESERVATIONS = {1: Reservation.RESERVED, 0: Reservation.KNOWN, -1: Reservation.OVER_LIMIT}


class SharedCrawlState:
    """What the ``news`` spider shares with the other workers of its crawl: article reservations (one fetch per
    article key, ``max_articles`` over the whole crawl) and the hosts the start URL redirected to."""

    def __init__(self, crawler: Crawler, spider: Spider) -> None:
        self.server = _client(crawler.settings)
        self.keys = _Keys(crawl_namespace(crawler.settings, spider))
        self.ttl = ttl(crawler.settings)
        self.reserve_script = self.server.register_script(_RESERVE_SCRIPT)
        self._hosts_checked = 0.0

    #: Keys per script call: a sitemap of 50,000 URLs does not hold Redis for one long script.
    RESERVE_CHUNK = 1000

    def reserve_many(self, keys: list[str], limit: int | None = None) -> list[Reservation]:
        """Reserve article keys for this worker, in order, in one round trip per thousand: RESERVED when no
        worker had, KNOWN when one had, OVER_LIMIT once ``limit`` keys are reserved in the whole crawl."""
        outcomes: list[Reservation] = []
        for start in range(0, len(keys), self.RESERVE_CHUNK):
            chunk = keys[start : start + self.RESERVE_CHUNK]
            answers = self.reserve_script(keys=[self.keys.scheduled],
                                          args=[self.ttl, -1 if limit is None else limit, *chunk])
            outcomes += [_RESERVATIONS[int(answer)] for answer in answers]
        return outcomes

    def reserved(self) -> int:
        return int(self.server.scard(self.keys.scheduled))

    def add_host(self, url: str) -> None:
        pipe = self.server.pipeline(transaction=False)
        pipe.sadd(self.keys.hosts, url)
        pipe.expire(self.keys.hosts, self.ttl)
        pipe.execute()

    def hosts(self, at_most_every: float = 1.0) -> list[str]:
        """The start URLs' redirect targets other workers found (asked at most once a second)."""
        now = time.monotonic()
        if now - self._hosts_checked < at_most_every:
            return []
        self._hosts_checked = now
        return [value if isinstance(value, str) else value.decode() for value in self.server.smembers(self.keys.hosts)]


def post_path_claimer(crawler: Crawler, spider: Spider) -> Any:
    """A function ``(relative post path, article key) -> bool`` granting each post file name to one article key
    across the workers, or None outside a shared crawl."""
    if redis_url(crawler.settings) is None:
        return None
    server = _client(crawler.settings)
    key = _Keys(crawl_namespace(crawler.settings, spider)).post_paths
    script = server.register_script(_PATH_SCRIPT)
    expiry = ttl(crawler.settings)

    def claim(relative: str, article_key: str) -> bool:
        return bool(script(keys=[key], args=[relative, article_key, expiry]))

    return claim
