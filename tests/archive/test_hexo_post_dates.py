"""The date slot: UTC, RFC 7231 IMF-fixdate, English names whatever the locale."""

from __future__ import annotations

import email.utils
import inspect
import locale
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newscrawl.archive.hexo_post import PostFields, format_post_date, parse_post, parse_post_date, render_post

BEIJING = timezone(timedelta(hours=8))


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (datetime(2022, 8, 30, 17, 19, tzinfo=BEIJING), "Tue, 30 Aug 2022 09:19:00 GMT"),
        (datetime(2022, 8, 30, 17, 19, tzinfo=ZoneInfo("Asia/Shanghai")), "Tue, 30 Aug 2022 09:19:00 GMT"),
        # back across midnight and the year into UTC
        (datetime(2022, 1, 1, 3, 0, tzinfo=BEIJING), "Fri, 31 Dec 2021 19:00:00 GMT"),
        # forward across midnight and the year
        (
            datetime(2021, 12, 31, 20, 30, 5, tzinfo=timezone(timedelta(hours=-5))),
            "Sat, 01 Jan 2022 01:30:05 GMT",
        ),
        (datetime(2024, 3, 1, 7, 0, tzinfo=BEIJING), "Thu, 29 Feb 2024 23:00:00 GMT"),
        (datetime(2022, 8, 30, 9, 19, 59, 999999, tzinfo=UTC), "Tue, 30 Aug 2022 09:19:59 GMT"),
        (datetime(999, 1, 1, tzinfo=UTC), "Tue, 01 Jan 0999 00:00:00 GMT"),
    ],
)
def test_format_post_date(date: datetime, expected: str) -> None:
    assert format_post_date(date) == expected


def test_rendered_date_line() -> None:
    post = PostFields(
        title="t",
        categories=("a", "b", "c"),
        author="b",
        date=datetime(2022, 8, 30, 17, 19, tzinfo=BEIJING),
        body_html="",
    )
    assert "\ndate: Tue, 30 Aug 2022 09:19:00 GMT\n" in render_post(post)


def days_of(year: int) -> Iterator[datetime]:
    day = datetime(year, 1, 1, 12, tzinfo=UTC)
    while day.year == year:
        yield day
        day += timedelta(days=1)


def test_every_weekday_and_month_name() -> None:
    for day in days_of(2023):
        text = format_post_date(day)
        assert text == email.utils.format_datetime(day, usegmt=True)  # its own English tables
        assert parse_post_date(text) == day


@pytest.fixture
def foreign_time_locale() -> Iterator[str]:
    saved = locale.setlocale(locale.LC_TIME)
    for name in ("de_DE.UTF-8", "fr_FR.UTF-8", "zh_CN.UTF-8", "ja_JP.UTF-8", "ru_RU.UTF-8", "de_DE", "fr_FR"):
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        try:
            yield name
        finally:
            locale.setlocale(locale.LC_TIME, saved)
        return
    pytest.skip("no non-English locale installed")


def test_date_ignores_the_locale(foreign_time_locale: str) -> None:
    date = datetime(2022, 8, 30, 17, 19, tzinfo=BEIJING)
    assert date.strftime("%a %b") != "Tue Aug" or foreign_time_locale.startswith("C")
    assert format_post_date(date) == "Tue, 30 Aug 2022 09:19:00 GMT"


def test_date_formatting_does_not_use_strftime() -> None:
    # Guards the locale independence on machines without a foreign locale to switch to.
    source = inspect.getsource(format_post_date)
    assert "strftime" not in source and "%a" not in source and "%b" not in source


def test_naive_date_is_refused() -> None:
    with pytest.raises(ValueError, match="aware"):
        format_post_date(datetime(2022, 8, 30, 9, 19))


@pytest.mark.parametrize(
    "text",
    [
        "2022-04-15 00:40:41",  # archive posts of 知乎日报 and 技术头条
        "Mon, 30 Aug 2022 09:19:00 GMT",  # wrong weekday
        "Tue, 31 Feb 2022 09:19:00 GMT",
        "Tue, 30 Aug 2022 09:19:00 UTC",
        "tue, 30 aug 2022 09:19:00 GMT",
        "Tue, 30 Aug 2022 25:19:00 GMT",
        "",
    ],
)
def test_other_date_texts_parse_to_none(text: str) -> None:
    assert parse_post_date(text) is None


def test_parse_post_keeps_a_non_rfc_date_raw() -> None:
    text = (
        "\n---\ntitle: 'x'\ncategories: \n - 编程\n - 技术头条\n - 最新分享\nheadimg: ''\nauthor: 技术头条\n"
        "comments: false\ndate: 2022-07-25 12:20:15\nthumbnail: ''\n---\n\n<div>   \nbody  \n</div>\n"
        "            "
    )
    parsed = parse_post(text)
    assert parsed.date is None
    assert parsed.date_raw == "2022-07-25 12:20:15"
    assert parsed.body_html == "body"
