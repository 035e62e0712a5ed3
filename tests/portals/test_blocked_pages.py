"""A challenge page met during a crawl is counted and reported as blocked, and never archived.

36kr's recorded 资讯 listing links four articles (and an ad) on its first page and one on each of its next two; the
first answers Alibaba Cloud's ``acw_sc__v2`` JavaScript challenge (HTTP 200, ``var arg1='…'``) instead of the
article.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPLAY_DIR, json_records, run_scrapy

CHALLENGE_URL = "https://www.36kr.com/p/1468655339802625"
GOOD_URLS = {
    "https://www.36kr.com/p/1468402256187648",
    "https://www.36kr.com/p/1468573001883401",
    "https://www.36kr.com/p/1467988712534017",
    "https://www.36kr.com/p/1467871209331201",
    "https://www.36kr.com/p/1467765283604230",
}


@pytest.fixture(scope="module")
def crawl_36kr(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    archive = tmp_path_factory.mktemp("36kr") / "archive"
    result = run_scrapy("crawl", "36kr", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}")
    # Being blocked is a partial failure of the run (exit 3), reported, not an error of the crawl.
    assert result.returncode == 3, result.stderr[-4000:]
    assert "Spider closed (finished)" in result.stderr, result.stderr[-4000:]
    return archive, result.stderr


def test_the_challenge_page_is_counted_as_blocked(crawl_36kr: tuple[Path, str]) -> None:
    _, log = crawl_36kr
    assert "'newscrawl/blocked': 1," in log
    assert re.search(r"WARNING: Blocked \(.+\): " + re.escape(CHALLENGE_URL) + r"\n", log), log[-4000:]
    assert "newscrawl/replay/missing" not in log
    assert re.search(r"newscrawl 36kr finished \(finished\): 5 new, .* 1 blocked, exit 3 \(partial\)", log), log[-4000:]


def test_the_run_report_names_the_block_as_the_only_failure(crawl_36kr: tuple[Path, str]) -> None:
    archive, _ = crawl_36kr
    report = json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    assert report["blocked"] == 1
    assert report["exit_status_reasons"] == ["blocked: 1"]
    assert report["failed"] == {} and report["dropped"] == {}


def test_the_challenge_page_is_never_archived(crawl_36kr: tuple[Path, str]) -> None:
    archive, log = crawl_36kr
    records = json_records(archive / "articles.jsonl")
    assert {record["url"] for record in records} == GOOD_URLS
    posts = sorted((archive / "posts" / "新媒体" / "36kr" / "资讯").glob("*.md"))
    assert len(posts) == 5, [post.name for post in posts]
    assert not any("acw_sc__v2" in post.read_text(encoding="utf-8") for post in posts)
    assert "'newscrawl/articles/new': 5," in log
    assert "Dropped article" not in log  # blocked, not extracted and then dropped
