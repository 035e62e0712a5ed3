"""Test-only item pipelines for crawls whose log is under test (loaded with ``-s ITEM_PIPELINES=...``).

- ``EnlargeBody`` pads every article body to ``NEWSCRAWL_TEST_BODY_KB`` KB (paragraphs of a marker word): a log
  line that printed a record would print that much;
- ``FailSomeArticles`` raises an unexpected error (a pipeline's bug) on every ``NEWSCRAWL_TEST_FAIL_EVERY``-th
  article and drops the one after it with a plain ``DropItem``: Scrapy's own lines for both print the whole item.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from newscrawl.items import Article

#: The word the padding repeats: found in the log only if a body got there.
MARKER = "BODYPADDING"


class EnlargeBody:
    def __init__(self, kilobytes: int) -> None:
        paragraph = "<p>" + " ".join([MARKER] * 20) + "</p>"
        self.padding = paragraph * (kilobytes * 1024 // len(paragraph) + 1)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> EnlargeBody:
        return cls(crawler.settings.getint("NEWSCRAWL_TEST_BODY_KB", 100))

    def process_item(self, item: Any) -> Any:
        if isinstance(item, Article) and item.body_html:
            item.body_html += self.padding
            item.body_text = (item.body_text or "") + self.padding
        return item


class FailSomeArticles:
    def __init__(self, every: int) -> None:
        self.every = every
        self.seen = 0

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> FailSomeArticles:
        return cls(crawler.settings.getint("NEWSCRAWL_TEST_FAIL_EVERY", 3))

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        self.seen += 1
        if self.seen % self.every == 0:
            raise RuntimeError("a bug in a pipeline")
        if self.seen % self.every == 1 and self.seen > 1:
            raise DropItem("not wanted")
        return item
