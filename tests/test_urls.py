"""One key per article whatever tracking parameters, fragments, hosts variants or trailing slashes a link has."""

from __future__ import annotations

import pytest

from newscrawl.urls import article_key

SAME_ARTICLE = [
    "https://mp.ofweek.com/ev/a256714438457",
    "https://mp.ofweek.com/ev/a256714438457/",
    "http://mp.ofweek.com/ev/a256714438457#comments",
    "https://mp.ofweek.com/ev/a256714438457?utm_source=rss&utm_medium=feed",
    "https://mp.ofweek.com/ev/a256714438457?from=timeline",
]


@pytest.mark.parametrize("url", SAME_ARTICLE)
def test_variants_of_one_article_share_a_key(url: str) -> None:
    assert article_key(url) == article_key(SAME_ARTICLE[0])


def test_www_and_mobile_hosts_fold_together() -> None:
    assert article_key("https://www.ithome.com/0/1/2.htm") == article_key("https://m.ithome.com/0/1/2.htm")


def test_meaningful_query_parameters_are_kept() -> None:
    assert article_key("https://example.com/article?id=1") != article_key("https://example.com/article?id=2")


def test_different_paths_differ() -> None:
    assert article_key("https://www.ofweek.com/a/1.html") != article_key("https://www.ofweek.com/a/2.html")
