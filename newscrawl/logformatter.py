"""Log lines for items: an article is named by its URL with the reason, never logged as the whole record.

Scrapy's own lines print the item's repr: a record holds the article's body (several KB), so every dropped or
failed article would put a body into the log, and a 10,000-article run a log nobody reads (or one that fills the
disk itself). Here every line names the URL; a reason that is itself long is cut.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

from newscrawl.pipelines.dropping import DropArticle

#: The most of an exception's message a line shows (a message can quote the record it failed on).
REASON_CHARACTERS = 300


def item_name(item: Any) -> str:
    """The URL of an item that has one, else its type: what a log line shows of it."""
    url = getattr(item, "url", None)
    if url is None and isinstance(item, dict):
        url = item.get("url")
    return str(url) if url else f"a {type(item).__name__} without URL"


def short_reason(exception: BaseException) -> str:
    text = str(exception) or type(exception).__name__
    if len(text) > REASON_CHARACTERS:
        text = text[:REASON_CHARACTERS] + f"… ({len(text)} characters)"
    return text


class NewscrawlLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        if isinstance(exception, DropArticle):
            return {"level": logging.DEBUG if exception.quiet else logging.WARNING,
                    "msg": "Dropped article (%(reason)s): %(url)s",
                    "args": {"reason": exception.reason, "url": exception.url}}
        return {"level": logging.WARNING, "msg": "Dropped (%(reason)s): %(url)s",
                "args": {"reason": short_reason(exception), "url": item_name(item)}}

    def item_error(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        return {"level": logging.ERROR, "msg": "Error processing %(url)s: %(kind)s: %(reason)s",
                "args": {"url": item_name(item), "kind": type(exception).__name__,
                         "reason": short_reason(exception)}}

    def scraped(self, item: Any, response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        source = response.getErrorMessage() if isinstance(response, Failure) else response
        return {"level": logging.DEBUG, "msg": "Scraped %(url)s from %(source)s",
                "args": {"url": item_name(item), "source": source}}
