"""Who is who in Redis: the crawl's namespace and keys, and this worker's name."""

from __future__ import annotations

import hashlib
import os
import socket
import uuid

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.settings import BaseSettings


def crawl_namespace(settings: BaseSettings, spider: Spider) -> str:
    """The prefix of every key of this crawl: the same for every worker started with the same arguments."""
    explicit = settings.get("NEWSCRAWL_REDIS_CRAWL")
    if explicit:
        return f"newscrawl:{explicit}"
    arguments = getattr(spider, "crawl_arguments", None) or {"start_url": getattr(spider, "start_url", "")}
    digest = hashlib.sha1(repr(sorted(arguments.items())).encode("utf-8")).hexdigest()[:12]
    return f"newscrawl:{spider.name}:{digest}"


class CrawlKeys:
    """The Redis keys of one shared crawl."""

    def __init__(self, namespace: str) -> None:
        self.namespace = namespace
        self.queue = f"{namespace}:requests"
        self.seen = f"{namespace}:seen"
        self.workers = f"{namespace}:workers"
        self.alive_prefix = f"{namespace}:alive:"
        self.scheduled = f"{namespace}:scheduled"
        self.claimed = f"{namespace}:claims"
        #: Requests popped and not yet acknowledged: lease id -> "<score>|<JSON-lines offset>|<request>".
        self.leases = f"{namespace}:leases"
        #: The same lease ids by deadline (milliseconds, Redis's clock).
        self.lease_deadlines = f"{namespace}:lease-deadlines"
        #: JSON-lines offsets from which a worker whose leases went back may have left lines unrecorded.
        self.lost_writes = f"{namespace}:lost-writes"
        #: Article keys a worker reserved and has not pushed the request of yet (one set per worker).
        self.pending_prefix = f"{namespace}:pending:"
        self.post_paths = f"{namespace}:posts"
        self.hosts = f"{namespace}:hosts"

    @classmethod
    def of(cls, settings: BaseSettings, spider: Spider) -> CrawlKeys:
        return cls(crawl_namespace(settings, spider))


def worker_id(crawler: Crawler) -> str:
    """This worker's name in the crawl (host, process, random part), the same for all its components."""
    existing = getattr(crawler, "_newscrawl_worker_id", None)
    if existing is None:
        existing = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        crawler._newscrawl_worker_id = existing  # type: ignore[attr-defined]
    return str(existing)
