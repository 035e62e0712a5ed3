"""The shared crawl's scheduler: one request queue in Redis for every worker of the crawl, requests leased."""

from __future__ import annotations

import logging
import os
from collections import deque
from typing import Any

import scrapy
from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.utils.misc import load_object
from scrapy_redis.scheduler import Scheduler

from newscrawl.archive.layout import JSONL_FILE, archive_paths
from newscrawl.coordination import SHARED_REQUESTS_TAKEN_STAT, crawl_coordination
from newscrawl.request_kinds import ARTICLE, REQUEST_KIND
from newscrawl.shared_crawl.connection import client, ttl
from newscrawl.shared_crawl.dupefilter import ExpiringDupeFilter
from newscrawl.shared_crawl.keys import CrawlKeys, worker_id
from newscrawl.shared_crawl.leases import (
    DEFAULT_LEASE_SECONDS,
    GIVE_BACK_SCRIPT,
    POP_SCRIPT,
    SETTLE_SCRIPT,
    LostWrites,
    lease_arguments,
    lease_keys,
    report_requests_back,
)
from newscrawl.urls import article_key

logger = logging.getLogger(__name__)

DEFAULT_POP_BATCH = 4

# Schedule a request unless its fingerprint was seen (ARGV[1] empty: never filtered), renewing the seen-set's
# expiry: one round trip instead of scrapy-redis's two (the dupefilter's, then the queue's ZADD). An article's
# request also fulfils this worker's reservation of its key (ARGV[5]; KEYS[3]: the worker's pending set).
_ENQUEUE_SCRIPT = """
if ARGV[5] ~= '' then redis.call('SREM', KEYS[3], ARGV[5]) end
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
    a pop that leases what it takes (``leases``), and no flush when a worker closes. The queue is
    ``scrapy_redis.queue.PriorityQueue`` (encoding and decoding requests); pushes and pops are scripts on its
    sorted set.

    A pop takes up to ``NEWSCRAWL_REDIS_POP_BATCH`` requests (default 4) and hands them to the engine one by one:
    a round trip to Redis per few requests rather than per request (each blocks the reactor thread for a round trip
    to Redis). A request is acknowledged once the engine no longer
    holds it (response handled, articles written; or dropped, failed, redirected, retried): the acknowledgements
    ride on the next pop, or the next heartbeat or idle tick. Closing gives back the leases not acknowledged."""

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
        settings = self.crawler.settings
        self.spider = spider
        self.keys = CrawlKeys.of(settings, spider)
        self.worker = worker_id(self.crawler)
        self.queue = load_object(self.queue_cls)(server=self.server, spider=spider, key=self.keys.queue,
                                                 serializer=self.serializer)
        self.df = ExpiringDupeFilter(self.server, key=self.keys.seen, debug=settings.getbool("DUPEFILTER_DEBUG"))
        self.df.ttl = ttl(settings)
        self.push = self.server.register_script(_ENQUEUE_SCRIPT)
        self.pop = self.server.register_script(POP_SCRIPT)
        self.settle_script = self.server.register_script(SETTLE_SCRIPT)
        self.give_back_script = self.server.register_script(GIVE_BACK_SCRIPT)
        self.pop_batch = max(1, settings.getint("NEWSCRAWL_REDIS_POP_BATCH", DEFAULT_POP_BATCH))
        self.lease_ms = int(1000 * settings.getfloat("NEWSCRAWL_LEASE_SECONDS", DEFAULT_LEASE_SECONDS))
        self.jsonl_path = archive_paths(settings)[0] / JSONL_FILE
        self.lease_keys = lease_keys(self.keys)
        self.lease_arguments = lease_arguments(self.keys, self.worker)
        self.pending_key = self.keys.pending_prefix + self.worker
        #: (lease id, encoded request) popped from the queue and not yet handed to the engine.
        self.popped: deque[tuple[str, bytes]] = deque()
        #: Requests handed to the engine and not yet acknowledged, by lease id.
        self.handed_out: dict[str, Request] = {}
        #: Lease ids of requests the engine is done with, acknowledged with the next script call.
        self.finished: list[str] = []
        self.next_lease = 0
        self.lost_writes_seen = 0
        if _engine(self.crawler) is not None and _engine_requests_in_progress(self.crawler) is None:
            # Without it no lease is ever acknowledged: each would run out and come back, forever.
            raise RuntimeError(f"Scrapy {scrapy.__version__}'s engine no longer shows the requests it is handling "
                               f"(engine._slot.inprogress), which the shared crawl's leases are acknowledged from; "
                               f"install a Scrapy that does (2.13 to 2.19 do)")
        if self.stats:
            self.stats.set_value(SHARED_REQUESTS_TAKEN_STAT, 0)
        coordination = crawl_coordination(self.crawler)
        self.lost_writes: LostWrites | None = getattr(coordination, "lost_writes", None)
        self.crawler._newscrawl_scheduler = self  # type: ignore[attr-defined]  # the coordinator's way in
        if len(self.queue):
            logger.info("Joining a crawl with %d requests in its queue (%s)", len(self.queue), self.keys.namespace)

    def close(self, reason: str) -> None:
        # SCHEDULER_PERSIST: never flush a queue other workers share; give back what this worker holds unfinished.
        self.settle()
        unfinished = [lease for lease, _ in self.popped] + list(self.handed_out)
        if unfinished:
            self.give_back_script(keys=self.lease_keys, args=[*self.lease_arguments, *unfinished])
            logger.info("Gave %d leased requests back to the shared queue", len(unfinished))
        self.popped.clear()
        self.handed_out.clear()

    def __len__(self) -> int:
        return len(self.popped) + len(self.queue)

    def has_pending_requests(self) -> bool:
        return bool(self.popped) or len(self.queue) > 0

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = "" if request.dont_filter else self.df.request_fingerprint(request)
        encoded = self.queue._encode_request(request)
        reserved = article_key(request.url) if request.meta.get(REQUEST_KIND) == ARTICLE else ""
        if not self.push(keys=[self.keys.seen, self.keys.queue, self.pending_key],
                         args=[fingerprint, self.df.ttl, -request.priority, encoded, reserved]):
            self.df.log(request, self.spider)
            return False
        if self.stats:
            self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self._collect_finished()
        if not self.popped:
            acknowledged, self.finished = self.finished, []
            reply = self.pop(keys=self.lease_keys, args=[
                *self.lease_arguments, self.pop_batch, self.lease_ms, self._jsonl_offset(), self.next_lease,
                *acknowledged])
            self._learn_lost_writes(int(reply[0]))
            found = reply[1:]
            if not found:
                return None
            self.next_lease += len(found) // 2
            self.popped.extend((_text(lease), encoded) for lease, encoded in zip(found[::2], found[1::2],
                                                                                   strict=True))
        lease, encoded = self.popped.popleft()
        request = self.queue._decode_request(encoded)
        self.handed_out[lease] = request
        if self.stats:
            self.stats.inc_value("scheduler/dequeued/redis")
            self.stats.inc_value(SHARED_REQUESTS_TAKEN_STAT)
        return request

    def settle(self) -> None:
        """Acknowledge what the engine is done with and give back the leases of dead workers and past their time
        (the heartbeat's, every few seconds)."""
        self._collect_finished()
        acknowledged, self.finished = self.finished, []
        returned, lost_writes = self.settle_script(keys=self.lease_keys,
                                                   args=[*self.lease_arguments, *acknowledged])
        report_requests_back(int(returned))
        self._learn_lost_writes(int(lost_writes))

    def take_finished(self) -> list[str]:
        """The lease ids to acknowledge now (the coordinator's idle tick sends them)."""
        self._collect_finished()
        acknowledged, self.finished = self.finished, []
        return acknowledged

    def _collect_finished(self) -> None:
        # The engine holds a request it got from here until its response is handled and every item of it has been
        # through the pipelines (the archive's commit included), or until a redirect or retry replacing it is
        # pushed; the request it forgot is done.
        in_progress = _engine_requests_in_progress(self.crawler)
        if in_progress is None:
            return
        done = [lease for lease, request in self.handed_out.items() if request not in in_progress]
        for lease in done:
            del self.handed_out[lease]
        self.finished += done

    def _jsonl_offset(self) -> int:
        try:
            return os.stat(self.jsonl_path).st_size
        except OSError:
            return 0

    def _learn_lost_writes(self, length: int) -> None:
        """Hand the archive writer the offset from which dead workers may have left lines unrecorded (new ones)."""
        if length <= self.lost_writes_seen:
            return
        offsets = self.server.lrange(self.keys.lost_writes, self.lost_writes_seen, length - 1)
        self.lost_writes_seen = length
        if self.lost_writes is not None and offsets:
            self.lost_writes.note(min(int(offset) for offset in offsets))
            logger.info("Workers died: their unrecorded articles' lines after byte %d are recorded before the next "
                        "write", min(int(offset) for offset in offsets))


def _engine_requests_in_progress(crawler: Crawler) -> set[Request] | None:
    """The requests the engine holds until their responses and items are done (private to Scrapy: no public
    signal says when a response's last item left the pipelines). None before a crawl starts."""
    in_progress: Any = getattr(getattr(_engine(crawler), "_slot", None), "inprogress", None)
    return in_progress if isinstance(in_progress, set) else None


def _engine(crawler: Crawler) -> Any:
    try:
        return crawler.engine
    except RuntimeError:  # no crawl started (a scheduler driven by hand)
        return None


def _text(value: bytes | str) -> str:
    return value.decode() if isinstance(value, bytes) else value
