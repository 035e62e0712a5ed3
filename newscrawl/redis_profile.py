"""The switch of the scale-out profile: ``NEWSCRAWL_REDIS_URL`` makes a crawl a worker of a crawl shared on Redis.

Kept apart from ``newscrawl.redis_cluster`` (which imports scrapy-redis, the optional extra
``pip install -e '.[redis]'``) so that crawls without Redis never import it.
"""

from __future__ import annotations

import os
from enum import Enum

from scrapy.settings import BaseSettings

URL_SETTING = "NEWSCRAWL_REDIS_URL"


def redis_url(settings: BaseSettings) -> str | None:
    """The Redis URL of the shared crawl: the setting, else the environment variable; None: a crawl of its own."""
    return settings.get(URL_SETTING) or os.environ.get(URL_SETTING) or None


class Reservation(Enum):
    """What reserving an article to fetch gave a worker (``SharedCrawlState.reserve_many``, or the spider's own
    count in a crawl of its own)."""

    RESERVED = "reserved"  # this worker fetches it
    KNOWN = "known"  # reserved before, by this worker or another, maybe through another URL
    OVER_LIMIT = "over_limit"  # max_articles reached: nobody fetches it


class RedisClusterAddon:
    """Turns the crawl into a worker of a shared crawl when ``NEWSCRAWL_REDIS_URL`` is set; does nothing else."""

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        try:
            import scrapy_redis  # noqa: F401
        except ImportError as error:
            raise RuntimeError(f"{URL_SETTING} needs scrapy-redis: pip install -e '.[redis]'") from error
        for name, value in {
            URL_SETTING: url,
            "REDIS_URL": url,
            "SCHEDULER": "newscrawl.redis_cluster.ClusterScheduler",
            "DUPEFILTER_CLASS": "newscrawl.redis_cluster.ExpiringDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        }.items():
            settings.set(name, value, "addon")
        _add_component(settings, "EXTENSIONS", "newscrawl.redis_cluster.ClusterCoordinator", 10)
        _add_component(settings, "SPIDER_MIDDLEWARES", "newscrawl.redis_cluster.ListingsFirstMiddleware", 960)
        _add_component(settings, "ITEM_PIPELINES", "newscrawl.redis_cluster.ClaimArticlePipeline", 350)


def _add_component(settings: BaseSettings, name: str, path: str, order: int) -> None:
    components = settings.getdict(name)
    components[path] = order
    settings.set(name, components, max(settings.getpriority(name) or 0, 15))
