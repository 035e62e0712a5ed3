"""The Redis client of the shared crawl (one per URL and process), and how long its keys outlive their last use."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import NotConfigured
from scrapy.settings import BaseSettings
from scrapy_redis import connection

from newscrawl.shared_crawl.addon import URL_SETTING, redis_url

DEFAULT_TTL = 86_400

_clients: dict[str, Any] = {}


def client(settings: BaseSettings) -> Any:
    """scrapy-redis's client for ``NEWSCRAWL_REDIS_URL``, shared by every component of this process."""
    url = redis_url(settings)
    if url is None:
        raise NotConfigured(f"{URL_SETTING} is not set")
    if url not in _clients:
        _clients[url] = connection.get_redis(url=url)
    return _clients[url]


def ttl(settings: BaseSettings) -> int:
    """Seconds the crawl's keys (queue, seen-set, claims) outlive their last use when no worker deletes them."""
    return settings.getint("NEWSCRAWL_REDIS_TTL", DEFAULT_TTL)
