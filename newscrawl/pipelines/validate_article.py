"""Drop what cannot become an archive record: garbled text, no title, no body, no (readable) date, no categories."""

from __future__ import annotations

from scrapy.crawler import Crawler

from newscrawl.extract.dates import parse_datetime
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article


class ValidateArticlePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.min_body_characters = crawler.settings.getint("NEWSCRAWL_MIN_BODY_CHARACTERS", 20)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidateArticlePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        if item.garbled:
            # Archiving mojibake would be silent data loss: the page's bytes need another decoding.
            raise drop_article(self.stats, "garbled_text", item.url, f"decoded as {item.encoding}")
        if not item.body_html or len((item.body_text or "").strip()) < self.min_body_characters:
            raise drop_article(self.stats, "no_body", item.url)
        if not item.title:
            raise drop_article(self.stats, "no_title", item.url)
        if not item.date_published:
            # The original generator fell back to the time of the run here; an archive must not.
            raise drop_article(self.stats, "no_date", item.url, f"raw: {item.date_published_raw!r}")
        if parse_datetime(item.date_published) is None:
            raise drop_article(self.stats, "unreadable_date", item.url, item.date_published)
        if len(item.categories) != 3 or not all(item.categories):
            raise drop_article(self.stats, "no_categories", item.url, repr(item.categories))
        return item
