"""Normalise an Article's text fields whatever portal produced it: whitespace collapsed, empty values and
duplicates dropped. URLs are not touched here: extraction made them absolute already, where the page's URL and
its ``<base href>`` are known (``newscrawl/extract/article.py``, ``newscrawl/extract/body.py``)."""

from __future__ import annotations

import re

from newscrawl.items import Article

_WHITESPACE = re.compile(r"\s+")


class NormalizeArticlePipeline:
    def process_item(self, item: object) -> object:
        return normalize_article(item) if isinstance(item, Article) else item


def normalize_article(item: Article) -> Article:
    if item.title:
        item.title = _WHITESPACE.sub(" ", item.title).strip()
    item.authors = _unique_stripped(item.authors)
    item.editors = _unique_stripped(item.editors)
    if item.source:
        item.source = _WHITESPACE.sub(" ", item.source).strip() or None
    item.tags = _unique_stripped(item.tags)
    item.categories = [category.strip() for category in item.categories]
    if item.description:
        item.description = _WHITESPACE.sub(" ", item.description).strip() or None
    return item


def _unique_stripped(values: list[str]) -> list[str]:
    kept: dict[str, None] = {}
    for value in values:
        value = _WHITESPACE.sub(" ", value).strip()
        if value:
            kept.setdefault(value, None)
    return list(kept)
