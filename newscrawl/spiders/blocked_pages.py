"""Counting challenge / anti-bot responses instead of extracting them; shared by every spider."""

from __future__ import annotations

from collections.abc import Sequence

from scrapy import Spider
from scrapy.http import TextResponse

from newscrawl.extract.blocked import blocked_reason


def skip_blocked(spider: Spider, response: TextResponse, markers: Sequence[str] = ()) -> bool:
    """True when the response is a challenge page: it is counted as ``newscrawl/blocked`` and logged, never
    extracted. ``markers`` are texts only the site's own challenge page contains."""
    reason = blocked_reason(response.text, response.status, markers)
    if reason is None:
        return False
    if spider.crawler.stats is not None:
        spider.crawler.stats.inc_value("newscrawl/blocked")
    spider.logger.warning("Blocked (%s): %s", reason, response.url)
    return True
