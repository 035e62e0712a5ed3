"""The shared crawl's extension: registers the worker, keeps it alive and open while the crawl goes on, and has
the last worker out delete the crawl's keys."""

from __future__ import annotations

import logging
import threading
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, NotConfigured

from newscrawl.shared_crawl.addon import URL_SETTING, redis_url
from newscrawl.shared_crawl.connection import client, ttl
from newscrawl.shared_crawl.keys import CrawlKeys, worker_id
from newscrawl.shared_crawl.leases import (
    IDLE_SCRIPT,
    LEAVE_SCRIPT,
    lease_arguments,
    lease_keys,
    report_requests_back,
)

logger = logging.getLogger(__name__)

DEFAULT_WORKER_TIMEOUT = 15.0
#: How often the engine looks for scheduled requests (Scrapy's default is 5 s; a worker idle for want of work
#: would wait that long for the requests another worker pushes, and for the end of the crawl; benchmarks/crawl.py
#: measures how soon a shared crawl ends after its last article).
ENGINE_HEARTBEAT_SECONDS = 0.1
HEARTBEAT_SECONDS = 2.0


class SharedCrawlCoordinator:
    """Registers the worker, keeps it alive, keeps it open while the crawl goes on, and cleans up after the last."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.server = client(crawler.settings)
        self.worker = worker_id(crawler)
        self.timeout = crawler.settings.getfloat("NEWSCRAWL_REDIS_WORKER_TIMEOUT", DEFAULT_WORKER_TIMEOUT)
        self.keys: CrawlKeys | None = None
        self.idle_script = self.server.register_script(IDLE_SCRIPT)
        self.leave_script = self.server.register_script(LEAVE_SCRIPT)
        self.heartbeat: Any = None
        self.beats: threading.Thread | None = None
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
        # The heartbeat key is renewed by a thread of its own: a worker whose reactor is busy for a while (a long
        # write, a pause) is not taken for dead and robbed of its leases; a killed process stops at once.
        self.beating = threading.Event()
        self.beat_every = min(HEARTBEAT_SECONDS, self.timeout / 3)
        self.beats = threading.Thread(target=self._beat_until_closed, name="newscrawl-heartbeat", daemon=True)
        self.beats.start()
        self.heartbeat = task.LoopingCall(self._settle)
        self.heartbeat.start(HEARTBEAT_SECONDS, now=False)
        logger.info("Worker %s joined crawl %s", self.worker, self.keys.namespace)

    def _beat_until_closed(self) -> None:
        while not self.beating.wait(self.beat_every):
            try:
                self._beat()
            except Exception as error:  # Redis away for a moment: the next beat tries again
                logger.warning("Heartbeat to Redis failed: %s", error)

    def _beat(self) -> None:
        assert self.keys is not None
        pipe = self.server.pipeline(transaction=False)
        pipe.set(self.keys.alive_prefix + self.worker, "1", px=int(self.timeout * 1000))
        for key in (self.keys.workers, self.keys.seen, self.keys.queue, self.keys.scheduled, self.keys.claimed,
                    self.keys.leases, self.keys.lease_deadlines, self.keys.lost_writes,
                    self.keys.pending_prefix + self.worker):
            pipe.expire(key, ttl(self.crawler.settings))
        pipe.execute()

    def _settle(self) -> None:
        scheduler = self._scheduler()
        if scheduler is not None:
            scheduler.settle()  # acknowledgements, and the leases of dead workers back into the queue

    def _scheduler(self) -> Any:
        return getattr(self.crawler, "_newscrawl_scheduler", None)

    def spider_idle(self, spider: Spider) -> None:
        assert self.keys is not None
        scheduler = self._scheduler()
        acknowledged = scheduler.take_finished() if scheduler is not None else []
        finished, returned = self.idle_script(keys=lease_keys(self.keys),
                                              args=[*lease_arguments(self.keys, self.worker), *acknowledged])
        report_requests_back(int(returned))
        if not finished:
            raise DontCloseSpider("other workers are still crawling")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.heartbeat is not None and self.heartbeat.running:
            self.heartbeat.stop()
        if self.beats is not None:
            self.beating.set()
            self.beats.join()
        if self.keys is None:
            return
        last, returned = self.leave_script(keys=lease_keys(self.keys),
                                           args=[*lease_arguments(self.keys, self.worker), self.keys.namespace + ":"])
        report_requests_back(int(returned))
        logger.info("Worker %s left crawl %s%s", self.worker, self.keys.namespace,
                    " (the last: its keys are deleted)" if last else "")
