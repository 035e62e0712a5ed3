"""The shared crawl's item pipeline: each article is archived by one worker only."""

from __future__ import annotations

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article
from newscrawl.shared_crawl.addon import URL_SETTING, redis_url
from newscrawl.shared_crawl.connection import client, ttl
from newscrawl.shared_crawl.keys import CrawlKeys
from newscrawl.urls import article_keys

# Claim every key of an article (ARGV[3..]) for its URL (ARGV[2]) at once: 1 when none was claimed before or only
# by this URL (the same request delivered again after its worker died), 0 when another URL's copy holds one.
_CLAIM_SCRIPT = """
for index = 3, #ARGV do
  local owner = redis.call('HGET', KEYS[1], ARGV[index])
  if owner and owner ~= ARGV[2] then return 0 end
end
for index = 3, #ARGV do redis.call('HSET', KEYS[1], ARGV[index], ARGV[2]) end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return 1
"""


class ClaimArticlePipeline:
    """Only the first worker to claim one of an article's keys archives it (the others drop it as ``duplicate``).

    A claim belongs to the article's URL, not to a worker: a request a killed worker had leased is delivered again
    and claims its article again (the archive writer then finds it in the ledger if the dead worker wrote it)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.server = client(crawler.settings)
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
        self.key = CrawlKeys.of(self.crawler.settings, spider).claimed

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article) or self.key is None:
            return item
        if not self.claim(keys=[self.key], args=[ttl(self.crawler.settings), item.url, *article_keys(item)]):
            raise drop_article(self.stats, "duplicate", item.url, "archived by another worker")
        return item
