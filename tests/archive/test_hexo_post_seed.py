"""The seed post of the archive is reproduced byte for byte from its values."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path, PurePosixPath

from newscrawl.archive.hexo_post import PostFields, parse_post, post_relative_path, render_post

SEED = Path(__file__).resolve().parents[2] / "fixtures" / "hexo" / "seed" / "000_31e88c7ec9520441.txt"
BODY_START = "<div>   \n"
BODY_END = "  \n</div>\n"


def seed_text() -> str:
    return SEED.read_bytes().decode("utf-8")


def seed_fields() -> PostFields:
    text = seed_text()
    body = text[text.index(BODY_START) + len(BODY_START) : text.rindex(BODY_END)]
    return PostFields(
        title="三人成虎，小米联手北汽造电动车“绯闻”成真？",
        categories=("新媒体", "高科技行业门户", "新闻"),
        author="高科技行业门户",
        date=datetime(2022, 8, 30, 17, 19, tzinfo=timezone(timedelta(hours=8))),
        body_html=body.replace("&#123;", "{").replace("&#125;", "}"),
    )


def test_seed_is_rendered_byte_for_byte() -> None:
    rendered = render_post(seed_fields())
    assert rendered.encode("utf-8") == SEED.read_bytes()


def test_seed_relative_path() -> None:
    assert post_relative_path(seed_fields()) == PurePosixPath(
        "新媒体/高科技行业门户/新闻/三人成虎，小米联手北汽造电动车_绯闻_成真？.md"
    )


def test_seed_parses_back() -> None:
    parsed = parse_post(seed_text())
    assert parsed.title == "三人成虎，小米联手北汽造电动车_绯闻_成真？"
    assert parsed.categories == ("新媒体", "高科技行业门户", "新闻")
    assert parsed.author == "高科技行业门户"
    assert parsed.date == datetime(2022, 8, 30, 9, 19, tzinfo=UTC)
    assert parsed.date_raw == "Tue, 30 Aug 2022 09:19:00 GMT"
    image = "https://mp.ofweek.com/Upload/News/Img/member9810/202208/30170355895778.png"
    assert parsed.headimg == parsed.thumbnail == image
    assert parsed.body_html == seed_fields().body_html
