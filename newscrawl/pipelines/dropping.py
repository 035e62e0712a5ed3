"""Dropping an article: one exception carrying a reason, counted as ``newscrawl/dropped/<reason>``."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


class DropArticle(DropItem):
    def __init__(self, reason: str, url: str, detail: str = "") -> None:
        self.reason = reason
        self.url = url
        message = f"{reason}: {url}" + (f" ({detail})" if detail else "")
        super().__init__(message)


def drop_article(stats: StatsCollector | None, reason: str, url: str, detail: str = "") -> DropArticle:
    """Count the drop and build the exception to raise (the log formatter logs it once, with the URL)."""
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    return DropArticle(reason, url, detail)
