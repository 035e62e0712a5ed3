"""Write each Article into the archive: its Hexo post, its JSON line, its ledger row (see archive/store.py)."""

from __future__ import annotations

import logging

from scrapy.crawler import Crawler

from newscrawl.archive.layout import JSONL_FILE, LEDGER_FILE, archive_paths
from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor, PostImages
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article

__all__ = ["WriteArchivePipeline", "archive_paths"]

logger = logging.getLogger(__name__)


class WriteArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        settings = crawler.settings
        self.archive_dir, self.posts_dir = archive_paths(settings)
        self.post_author = PostAuthor(settings.get("NEWSCRAWL_POST_AUTHOR", "site"))
        self.post_images = PostImages(settings.get("NEWSCRAWL_POST_IMAGES", "remote"))
        self.image_url_prefix = settings.get("NEWSCRAWL_POST_IMAGES_URL", "/images/")
        if self.post_images is PostImages.LOCAL and not settings.getbool("NEWSCRAWL_IMAGES"):
            logger.warning("NEWSCRAWL_POST_IMAGES=local without NEWSCRAWL_IMAGES=1: no image is archived, "
                           "posts keep the remote image URLs")
        self.store: ArchiveStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WriteArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = ArchiveStore(
            self.posts_dir,
            jsonl_path=self.archive_dir / JSONL_FILE,
            ledger_path=self.archive_dir / LEDGER_FILE,
            post_author=self.post_author,
            post_images=self.post_images,
            image_url_prefix=self.image_url_prefix,
        )
        logger.info("Writing the archive to %s (posts in %s)", self.archive_dir, self.posts_dir)
        if self.store.recovered and self.stats:
            self.stats.set_value("newscrawl/articles/recovered", len(self.store.recovered))

    def close_spider(self) -> None:
        if self.store:
            self.store.close()

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article) or self.store is None:
            return item
        try:
            result = self.store.save(item)
        except ValueError as error:
            raise drop_article(self.stats, "unrenderable", item.url, str(error)) from error
        if self.stats:
            self.stats.inc_value(f"newscrawl/articles/{result.outcome.value}")
        if result.outcome is not Outcome.UNCHANGED:
            logger.debug("%s post %s for %s", result.outcome.value, result.post_path, item.url)
        return item
