"""Drop a second copy of the same article within one run (same canonical or URL key as the archive uses)."""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article
from newscrawl.urls import article_keys


class DropDuplicateArticlePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.seen: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DropDuplicateArticlePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        keys = set(article_keys(item))
        if keys & self.seen:
            raise drop_article(self.stats, "duplicate", item.url)
        self.seen |= keys
        return item
