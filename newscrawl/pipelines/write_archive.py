"""Write each Article into the archive: its Hexo post, its JSON line, its ledger row (see archive/store.py)."""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy.crawler import Crawler

from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor
from newscrawl.items import Article
from newscrawl.pipelines.dropping import drop_article

logger = logging.getLogger(__name__)


def archive_paths(settings: object) -> tuple[Path, Path]:
    """(archive folder, posts folder) from ``NEWSCRAWL_ARCHIVE_DIR`` and ``NEWSCRAWL_POSTS_DIR``."""
    archive_dir = Path(settings.get("NEWSCRAWL_ARCHIVE_DIR") or "archive")  # type: ignore[attr-defined]
    posts_dir = Path(settings.get("NEWSCRAWL_POSTS_DIR") or archive_dir / "posts")  # type: ignore[attr-defined]
    return archive_dir, posts_dir


class WriteArchivePipeline:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.archive_dir, self.posts_dir = archive_paths(crawler.settings)
        self.post_author = PostAuthor(crawler.settings.get("NEWSCRAWL_POST_AUTHOR", "site"))
        self.store: ArchiveStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WriteArchivePipeline:
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = ArchiveStore(
            self.posts_dir,
            jsonl_path=self.archive_dir / "articles.jsonl",
            ledger_path=self.archive_dir / "ledger.sqlite3",
            post_author=self.post_author,
        )
        logger.info("Writing the archive to %s (posts in %s)", self.archive_dir, self.posts_dir)

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
