"""The shared crawl's extension: registers the worker, keeps it alive and open while the crawl goes on, and has
the last worker out delete the crawl's keys."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

from newscrawl.shared_crawl.addon import URL_SETTING, redis_url
from newscrawl.shared_crawl.connection import client, ttl
from newscrawl.shared_crawl.keys import CrawlKeys, worker_id

logger = logging.getLogger(__name__)

DEFAULT_WORKER_TIMEOUT = 15.0
#: How often the engine looks for scheduled requests (Scrapy's default is 5 s; a worker idle for want of work
#: would wait that long for the requests another worker pushes, and for the end of the crawl; benchmarks/crawl.py
#: measures how soon a shared crawl ends after its last article).
ENGINE_HEARTBEAT_SECONDS = 0.1
HEARTBEAT_SECONDS = 2.0

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


class SharedCrawlCoordinator:
    """Registers the worker, keeps it alive, keeps it open while the crawl goes on, and cleans up after the last."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = client(crawler.settings)
        self.worker = worker_id(crawler)
        self.timeout = crawler.settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT", DEFAULT_WORKER_TIMEOUT)
        self.keys: CrawlKeys | None = None
        self.idle_script = self.server.register_script(_IDLE_SCRIPT)
        self.leave_script = self.server.register_script(_LEAVE_SCRIPT)
        self.heartbeat: Any = None
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedCrawlCoordinator:
        if redis_url(crawler.settings) is None:
            raise NotConfigured(f"{URL_SETTING} is not set")
        return cls(crawler)

    def engine_started(self) -> None:
        engine = self.crawler.engine
        if engine is not None and hasattr(engine, "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = ENGINE_HEARTBEAT_SECONDS

    def spider_opened(self, spider: Spider) -> None:
        from twisted.internet import task

        self.keys = CrawlKeys.of(self.crawler.settings, spider)
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
