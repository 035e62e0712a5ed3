"""A challenge page met during a crawl is counted and reported as blocked, and never archived.

36kr's recorded 资讯 listing links five articles (besides an ad and a topic card of itemType 0) on its first page
and one on each of its next two. Two answer a challenge (HTTP 200) instead of the article: the first listed, the
ByteDance-style WAF page (``_wafchallengeid``, since 2026-02), and the second, Alibaba Cloud's ``acw_sc__v2``
JavaScript challenge (``var arg1='…'``). The article of the gateway's page 2 carries its state encrypted.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.conftest import REPLAY_DIR, json_records, run_scrapy

CHALLENGE_URLS = ("https://www.36kr.com/p/1468690142271744", "https://www.36kr.com/p/1468655339802625")
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
    assert "'newscrawl/blocked': 2," in log
    for url in CHALLENGE_URLS:
        assert re.search(r"WARNING: Blocked \(.+\): " + re.escape(url) + r"\n", log), log[-4000:]
    assert "newscrawl/replay/missing" not in log
    assert re.search(r"newscrawl 36kr finished \(finished\): 5 new, .* 2 blocked, exit 3 \(partial\)", log), log[-4000:]


def test_the_run_report_names_the_block_as_the_only_failure(crawl_36kr: tuple[Path, str]) -> None:
    archive, _ = crawl_36kr
    report = json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    assert report["blocked"] == 2
    assert report["exit_status_reasons"] == ["blocked: 2"]
    assert report["failed"] == {} and report["dropped"] == {}


def test_the_challenge_page_is_never_archived(crawl_36kr: tuple[Path, str]) -> None:
    archive, log = crawl_36kr
    records = json_records(archive / "articles.jsonl")
    assert {record["url"] for record in records} == GOOD_URLS
    posts = sorted((archive / "posts" / "新媒体" / "36kr" / "资讯").glob("*.md"))
    assert len(posts) == 5, [post.name for post in posts]
    assert not any("acw_sc__v2" in post.read_text(encoding="utf-8") or "_wafchallengeid" in post.read_text(
        encoding="utf-8") for post in posts)
    assert "'newscrawl/articles/new': 5," in log
    assert "Dropped article" not in log  # blocked, not extracted and then dropped


def test_the_encrypted_article_is_archived_from_its_decrypted_state(crawl_36kr: tuple[Path, str]) -> None:
    archive, _ = crawl_36kr
    records = {json.loads(line)["url"]: json.loads(line)
               for line in (archive / "articles.jsonl").read_text(encoding="utf-8").splitlines()}
    record = records["https://www.36kr.com/p/1467871209331201"]
    assert record["title"] == "社区团购退潮一年后，县域供应链企业在做什么"
    assert record["field_sources"]["body_html"] == "layout:encrypted-state"
    assert record["body_text"].startswith("一年前，社区团购平台在县城里的补贴大战还在进行。")
    assert record["authors"] == ["陈思远"]
