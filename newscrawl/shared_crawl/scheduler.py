"""The shared crawl's scheduler: one request queue in Redis for every worker of the crawl."""

from __future__ import annotations

import logging
from collections import deque

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from newscrawl.shared_crawl.connection import client, ttl
from newscrawl.shared_crawl.dupefilter import ExpiringDupeFilter
from newscrawl.shared_crawl.keys import CrawlKeys, worker_id

logger = logging.getLogger(__name__)

DEFAULT_POP_BATCH = 4

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


class SharedScheduler(Scheduler):
    """scrapy-redis's scheduler with newscrawl's key namespace, a push that checks the seen-set in the same step,
    an atomic pop that marks the worker busy, and no flush when a worker closes. Both steps are scripts on the
    queue's sorted set: the queue is ``scrapy_redis.queue.PriorityQueue`` (encoding and decoding requests).

    A pop takes up to ``NEWSCRAWL_REDIS_POP_BATCH`` requests (default 4) and hands them to the engine one by one:
    a round trip to Redis per few requests rather than per request (each blocks the reactor thread for a round trip
    to Redis). The worker counts as busy while it holds any; closing
    puts those it still holds back into the queue; a killed worker loses them with its requests in flight."""

    crawler: Crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedScheduler:
        settings = crawler.settings
        instance = cls(
            server=client(settings), persist=True,
            queue_cls=settings.get("SCHEDULER_QUEUE_CLASS", "scrapy_redis.queue.PriorityQueue"),
            serializer=None, idle_before_close=0,
        )
        instance.crawler = crawler
        instance.stats = crawler.stats
        return instance

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.keys = CrawlKeys.of(self.crawler.settings, spider)
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
