"""Dropping an article: one exception carrying a reason, counted as ``newscrawl/dropped/<reason>``."""

from __future__ import annotations

from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector


class DropArticle(DropItem):
    """``quiet``: logged at DEBUG only, for drops whose cause was logged once already (the archive's fault)."""

    def __init__(self, reason: str, url: str, detail: str = "", *, quiet: bool = False) -> None:
        self.reason = reason
        self.url = url
        self.quiet = quiet
        message = f"{reason}: {url}" + (f" ({detail})" if detail else "")
        super().__init__(message)


def drop_article(stats: StatsCollector | None, reason: str, url: str, detail: str = "", *,
                 quiet: bool = False) -> DropArticle:
    """Count the drop and build the exception to raise (the log formatter logs it once, with the URL)."""
    if stats is not None:
        stats.inc_value(f"newscrawl/dropped/{reason}")
    return DropArticle(reason, url, detail, quiet=quiet)
