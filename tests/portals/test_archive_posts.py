"""Replay crawls of IT之家, cnBeta and 36kr's 快讯 reproduce the archive's real posts (fixtures/hexo/examples/,
fixtures/portals/36kr/newsflash-archive-*/archive-post.md).

The recorded article pages were rebuilt around those posts' bodies (see each recording's provenance); crawling
them must give back the posts byte for byte. cnBeta prints its times to the minute, while the archive's dates
(taken by the old generator from a feed) carry seconds: the ``date:`` line is compared without them. The
archive's 快讯 posts show the old generator's random picsum placeholder as headimg, where newscrawl writes ``''``
for a post without an image: those two lines are compared without their value.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPLAY_DIR, run_scrapy

EXAMPLES = FIXTURES / "hexo" / "examples"


def _crawl(portal: str, archive: Path, *arguments: str) -> Path:
    result = run_scrapy("crawl", portal, "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", *arguments)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "newscrawl/replay/missing" not in result.stderr
    return archive / "posts"


@pytest.fixture(scope="module")
def ithome_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _crawl("ithome", tmp_path_factory.mktemp("ithome") / "archive")


@pytest.fixture(scope="module")
def cnbeta_posts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _crawl("cnbeta", tmp_path_factory.mktemp("cnbeta") / "archive")


def test_ithome_post_002_is_reproduced_byte_for_byte(ithome_posts: Path) -> None:
    name = "1 行代码生成随机迷宫，概率编程语言登 GitHub 热榜，作者曾开发著名 WFC 算法.md"
    written = (ithome_posts / "新媒体" / "IT 之家" / "分类资讯" / name).read_bytes()
    assert written == (EXAMPLES / "IT 之家" / "002.md").read_bytes()


def test_ithome_default_channel_lists_it(ithome_posts: Path) -> None:
    # The channel page's entries only: its 加载更多 endpoint is not followed (no public source supports it).
    names = sorted(path.name for path in (ithome_posts / "新媒体" / "IT 之家" / "分类资讯").glob("*.md"))
    assert names == [
        "(更新) Twitter 在全球遭遇宕机.md",
        "1 行代码生成随机迷宫，概率编程语言登 GitHub 热榜，作者曾开发著名 WFC 算法.md",
        "Win11 Build 25158 预览版推送：测试三种任务栏搜索框新样式.md",
    ]


def test_ithome_channel_argument_reads_that_channel(tmp_path: Path) -> None:
    posts = _crawl("ithome", tmp_path / "archive", "-a", "channel=win11")
    names = sorted(path.name for path in (posts / "新媒体" / "IT 之家" / "分类资讯").glob("*.md"))
    assert names == [
        "Win11 Build 25158 预览版推送：测试三种任务栏搜索框新样式.md",
        "微软 PowerToys 061 发布：_始终置顶_支持自定义边框颜色.md",
    ]


_DATE_SECONDS = re.compile(r"^(date: .* \d\d:\d\d):\d\d GMT$", re.MULTILINE)


@pytest.mark.parametrize(
    ("number", "name"),
    [
        ("001", "Let's Encrypt根证书过期预警 请在9月30日前及时更新.md"),
        ("002", "Facebook正持续研究BOLT'ing以提高Linux内核执行性能.md"),
        ("003", '"Facebook吹哨人"采访视频：在周一Facebook故障的前一天晚上播出.md'),
    ],
)
def test_cnbeta_posts_are_reproduced_but_for_the_seconds(cnbeta_posts: Path, number: str, name: str) -> None:
    written = (cnbeta_posts / "新媒体" / "cnBeta" / "最新" / name).read_text(encoding="utf-8")
    published = (EXAMPLES / "cnBeta" / f"{number}.md").read_text(encoding="utf-8")
    assert re.search(r"^date: .* \d\d:\d\d:00 GMT$", written, re.MULTILINE)
    assert _DATE_SECONDS.sub(r"\1 GMT", written) == _DATE_SECONDS.sub(r"\1 GMT", published)


_PLACEHOLDER_IMAGE = re.compile(r"^(headimg|thumbnail): .*$", re.MULTILINE)


def test_36kr_newsflash_post_is_reproduced_but_for_the_placeholder_image(tmp_path: Path) -> None:
    posts = _crawl("36kr", tmp_path / "archive", "-a", "channel=newsflashes")
    written = (posts / "新媒体" / "36kr" / "快讯" / "10月制造业PMI为492.md").read_text(encoding="utf-8")
    published = (FIXTURES / "portals" / "36kr" / "newsflash-archive-002-pmi" / "archive-post.md").read_text(
        encoding="utf-8")
    assert "\nheadimg: ''\n" in written and "\nheadimg: 'https://picsum.photos/" in published
    assert _PLACEHOLDER_IMAGE.sub(r"\1:", written) == _PLACEHOLDER_IMAGE.sub(r"\1:", published)
