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


def test_validation_drops_a_garbled_record_by_reason() -> None:
    from newscrawl.pipelines.validate_article import ValidateArticlePipeline

    crawler = get_crawler()
    crawler.stats.open_spider()  # type: ignore[union-attr]
    pipeline = ValidateArticlePipeline(crawler)
    article = Article(url="https://example.com/a", title="t", body_html="<p>" + "x" * 50 + "</p>",
                      body_text="x" * 50, date_published="2024-01-01T00:00:00+00:00", categories=["a", "b", "c"],
                      garbled=True, encoding="utf-8")
    with pytest.raises(DropArticle, match="garbled_text"):
        pipeline.process_item(article)
    assert crawler.stats.get_value("newscrawl/dropped/garbled_text") == 1  # type: ignore[union-attr]
