"""The switch of the shared crawl: ``NEWSCRAWL_REDIS_URL`` makes a crawl a worker of a crawl shared on Redis.

The only module of ``newscrawl.shared_crawl`` that the project's settings name and that loads without the
``redis`` extra: it imports nothing from scrapy-redis or redis, and refuses to start a shared crawl without them.
"""

from __future__ import annotations

import os

from scrapy.settings import SETTINGS_PRIORITIES, BaseSettings

URL_SETTING = "NEWSCRAWL_REDIS_URL"
EXTRA_MISSING = (f"newscrawl: {URL_SETTING} asks for a crawl shared on Redis, which needs the redis extra: "
                 "pip install 'newscrawl[redis]'")


def redis_url(settings: BaseSettings) -> str | None:
    """The Redis URL of the shared crawl: the setting, else the environment variable; None: a crawl of its own."""
    return settings.get(URL_SETTING) or os.environ.get(URL_SETTING) or None


class RedisExtraMissing(SystemExit):
    """A shared crawl asked for where scrapy-redis or redis is not installed.

    A ``SystemExit``: the process stops before any crawler exists (nothing written, not even a log file) with this
    one line on stderr and exit code 1, instead of a traceback from inside Scrapy's start-up.
    """

    def __init__(self) -> None:
        super().__init__(EXTRA_MISSING)


def require_redis_extra() -> None:
    """Raise ``RedisExtraMissing`` unless scrapy-redis and redis can be imported."""
    try:
        import redis  # noqa: F401
        import scrapy_redis  # noqa: F401
    except ImportError:
        raise RedisExtraMissing() from None


class SharedCrawlAddon:
    """Turns the crawl into a worker of a shared crawl when ``NEWSCRAWL_REDIS_URL`` is set; does nothing else."""

    @classmethod
    def update_pre_crawler_settings(cls, settings: BaseSettings) -> None:
        # Called when the crawler process is created, before logging, crawlers, extensions or the archive exist.
        if redis_url(settings):
            require_redis_extra()

    def update_settings(self, settings: BaseSettings) -> None:
        url = redis_url(settings)
        if not url:
            return
        require_redis_extra()  # also where the URL came from a spider's own settings
        for name, value in {
            URL_SETTING: url,
            "REDIS_URL": url,
            "SCHEDULER": "newscrawl.shared_crawl.scheduler.SharedScheduler",
            "DUPEFILTER_CLASS": "newscrawl.shared_crawl.dupefilter.ExpiringDupeFilter",
            "SCHEDULER_PERSIST": True,
            "SCHEDULER_QUEUE_CLASS": "scrapy_redis.queue.PriorityQueue",
        }.items():
            settings.set(name, value, "addon")
        # The project's settings name the local default; a value given on the command line is kept.
        if (settings.getpriority("NEWSCRAWL_COORDINATION") or 0) <= SETTINGS_PRIORITIES["project"]:
            settings.set("NEWSCRAWL_COORDINATION", "newscrawl.shared_crawl.state.SharedCrawlState", "project")
        _add_component(settings, "EXTENSIONS", "newscrawl.shared_crawl.coordinator.SharedCrawlCoordinator", 10)
        _add_component(settings, "SPIDER_MIDDLEWARES", "newscrawl.shared_crawl.listings_first.ListingsFirstMiddleware",
                       960)
        _add_component(settings, "ITEM_PIPELINES", "newscrawl.shared_crawl.claim_article.ClaimArticlePipeline", 350)


def _add_component(settings: BaseSettings, name: str, path: str, order: int) -> None:
    components = settings.getdict(name)
    components[path] = order
    settings.set(name, components, max(settings.getpriority(name) or 0, SETTINGS_PRIORITIES["addon"]))
