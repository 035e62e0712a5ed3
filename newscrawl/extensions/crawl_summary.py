"""Log one line at the end of a crawl saying what it did, and an error when a portal yielded nothing."""

from __future__ import annotations

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)


class CrawlSummary:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlSummary:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        outcomes = {name: stats.get(f"newscrawl/articles/{name}", 0) for name in ("new", "updated", "unchanged")}
        dropped = {key.rsplit("/", 1)[1]: value for key, value in stats.items()
                   if key.startswith("newscrawl/dropped/")}
        errors = stats.get("log_count/ERROR", 0)
        missing = stats.get("newscrawl/replay/missing", 0)
        logger.info(
            "newscrawl %s finished (%s): %d new, %d updated, %d unchanged, dropped %s, %d errors%s",
            spider.name, reason, outcomes["new"], outcomes["updated"], outcomes["unchanged"],
            dropped or "nothing", errors, f", {missing} requests without recording" if missing else "",
        )
        if not sum(outcomes.values()):
            logger.error(
                "newscrawl %s archived no article at all: layout drift, a block, or nothing listed", spider.name
            )
