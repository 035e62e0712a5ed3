"""Within one run, the same article reached twice is written once; a home-page canonical makes no duplicates."""

from __future__ import annotations

import pytest
from scrapy.utils.test import get_crawler

from newscrawl.items import Article
from newscrawl.pipelines.drop_duplicate_article import DropDuplicateArticlePipeline
from newscrawl.pipelines.dropping import DropArticle


def _pipeline() -> DropDuplicateArticlePipeline:
    return DropDuplicateArticlePipeline(get_crawler())


def test_the_same_article_under_a_tracking_parameter_is_dropped() -> None:
    pipeline = _pipeline()
    pipeline.process_item(Article(url="https://example.com/a/1"))
    with pytest.raises(DropArticle):
        pipeline.process_item(Article(url="https://example.com/a/1?utm_source=rss"))


def test_a_shared_canonical_makes_two_urls_one_article() -> None:
    pipeline = _pipeline()
    pipeline.process_item(Article(url="https://example.com/amp/1", canonical_url="https://example.com/a/1"))
    with pytest.raises(DropArticle):
        pipeline.process_item(Article(url="https://example.com/a/1"))


def test_a_home_page_canonical_on_every_article_makes_no_duplicates() -> None:
    pipeline = _pipeline()
    pipeline.process_item(Article(url="https://example.com/a/1", canonical_url="https://example.com/"))
    pipeline.process_item(Article(url="https://example.com/a/2", canonical_url="https://example.com/"))
