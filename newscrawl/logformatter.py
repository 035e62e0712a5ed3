"""Log lines for dropped items: the reason and the URL, not the whole record."""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from twisted.python.failure import Failure

from newscrawl.pipelines.dropping import DropArticle


class NewscrawlLogFormatter(LogFormatter):
    def dropped(
        self, item: Any, exception: BaseException, response: Response | Failure | None, spider: Spider
    ) -> LogFormatterResult:
        if isinstance(exception, DropArticle):
            return {"level": logging.WARNING, "msg": "Dropped article (%(reason)s): %(url)s",
                    "args": {"reason": exception.reason, "url": exception.url}}
        return super().dropped(item, exception, response, spider)
