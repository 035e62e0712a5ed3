"""Every date form news pages print, parsed with a fixed ``now``."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from newscrawl.extract.dates import isoformat, parse_datetime, search_datetime

SHANGHAI = "Asia/Shanghai"
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=ZoneInfo(SHANGHAI))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601 and RFC 2822/7231 carry their offset: the zone argument does not change them.
        ("2022-08-30T17:19:00+08:00", "2022-08-30T17:19:00+08:00"),
        ("2022-08-30T17:19:00.829Z", "2022-08-30T17:19:00+00:00"),
        ("2022-08-30T17:19:00-0400", "2022-08-30T17:19:00-04:00"),
        ("Tue, 30 Aug 2022 09:19:00 GMT", "2022-08-30T09:19:00+00:00"),
        ("Tue, 30 Aug 2022 09:19:00 +0000", "2022-08-30T09:19:00+00:00"),
        ("Updated 5:19 PM EDT, Tue August 30, 2022", "2022-08-30T17:19:00-04:00"),
        ("20220830T171900Z", "2022-08-30T17:19:00+00:00"),
    ],
)
def test_values_with_an_offset_come_back_aware(text: str, expected: str) -> None:
    for zone in (None, SHANGHAI):
        value = parse_datetime(text, zone, NOW)
        assert value is not None
        assert isoformat(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-08-30 17:19", "2022-08-30T17:19:00"),
        ("2022-08-30 17:19:05", "2022-08-30T17:19:05"),
        ("2022/08/30", "2022-08-30T00:00:00"),
        ("2022/8/3 7:05", "2022-08-03T07:05:00"),
        ("2022.08.30", "2022-08-30T00:00:00"),
        ("2022.08.30 17:19", "2022-08-30T17:19:00"),
        ("2022年08月30日 17:19", "2022-08-30T17:19:00"),
        ("2022年08月30日17:19", "2022-08-30T17:19:00"),
        ("2022年8月3日", "2022-08-03T00:00:00"),
        ("2022年8月3日 下午3:20", "2022-08-03T15:20:00"),
        ("２０２２年８月３日 １７：１９", "2022-08-03T17:19:00"),
        ("２０２２－０８－３０　１７：１９", "2022-08-30T17:19:00"),
        ("August 30, 2022 5:19 pm", "2022-08-30T17:19:00"),
        ("Aug. 30, 2022 at 12:05 a.m.", "2022-08-30T00:05:00"),
        ("30 Aug 2022", "2022-08-30T00:00:00"),
        ("30. August 2022, 17:19 Uhr", "2022-08-30T17:19:00"),
        ("30.08.2022 um 17:19", "2022-08-30T17:19:00"),
        ("20220830", "2022-08-30T00:00:00"),
    ],
)
def test_zone_less_values_are_naive_or_read_in_the_given_zone(text: str, expected: str) -> None:
    naive = parse_datetime(text, None, NOW)
    assert naive is not None
    assert naive.tzinfo is None
    assert isoformat(naive) == expected
    local = parse_datetime(text, SHANGHAI, NOW)
    assert local is not None
    assert isoformat(local) == expected + "+08:00"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("发布时间：2022-08-30 17:19 | 来源：新华网", "2022-08-30T17:19:00+08:00"),
        ("2024年04月24日23:52 | 来源：新华网", "2024-04-24T23:52:00+08:00"),
        ("Published on August 30, 2022", "2022-08-30T00:00:00+08:00"),
        ("By Jane Doe | 30 Aug 2022 | 3 min read", "2022-08-30T00:00:00+08:00"),
        ("Veröffentlicht am 30.08.2022 um 17:19 Uhr", "2022-08-30T17:19:00+08:00"),
        # The earliest date in the text wins: the publication date is printed before the update.
        ("发布 2022-08-30 10:00 更新 2022-08-31 09:00", "2022-08-30T10:00:00+08:00"),
        # Slashed numbers: the month first where a 12-hour clock says American software printed them, the day first
        # where the first number is no month.
        ("7/5/2005 9:23:57 PM | 这是一段很长的正文内容，用来测试正文的提取是否正确，并且包含足够的文字。",
         "2005-07-05T21:23:57+08:00"),
        ("Posted 2/26/2015 7:11 AM PST by TMZ staff, with more words after the date", "2015-02-26T07:11:00-08:00"),
        ("Mis à jour le 25/12/2022 10:00, avec d'autres mots après la date du jour", "2022-12-25T10:00:00+08:00"),
        # US Eastern and Pacific time in their season, a time printed before the date in a long line, a bullet
        # between date and time; French "et" is no zone.
        ("March 5, 2021 at 3:45 p.m. ET", "2021-03-05T15:45:00-05:00"),
        ("July 5, 2021 at 3:45 p.m. ET", "2021-07-05T15:45:00-04:00"),
        ("Published 10:00 AM EST, Fri March 5, 2021 | " + "a dateline window running on past a hundred characters " * 2,
         "2021-03-05T10:00:00-05:00"),
        ("5 March 2021 • 14:05 GMT | " + "a dateline window running on past a hundred characters " * 2,
         "2021-03-05T14:05:00+00:00"),
        ("Publié le 5 mars 2021 à 14:05 et mis à jour le 6 mars 2021", "2021-03-05T14:05:00+08:00"),
        # Chinese numerals, as documents and government pages print them.
        ("发布日期：二〇二〇年四月十七日 | 来源：国务院办公厅", "2020-04-17T00:00:00+08:00"),
        ("二零一九年十二月三十一日 09:30 发布", "2019-12-31T09:30:00+08:00"),
        ("成文日期：二〇二一年十月十日", "2021-10-10T00:00:00+08:00"),
        ("二〇二二年二月二十日", "2022-02-20T00:00:00+08:00"),
    ],
)
def test_a_date_is_found_inside_longer_text(text: str, expected: str) -> None:
    value = parse_datetime(text, SHANGHAI, NOW)
    assert value is not None
    assert isoformat(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("刚刚", "2024-05-01T12:00:00+08:00"),
        ("5分钟前", "2024-05-01T11:55:00+08:00"),
        ("3小时前", "2024-05-01T09:00:00+08:00"),
        ("2天前", "2024-04-29T12:00:00+08:00"),
        ("昨天 10:20", "2024-04-30T10:20:00+08:00"),
        ("前天 08:00", "2024-04-29T08:00:00+08:00"),
        ("今天 09:15", "2024-05-01T09:15:00+08:00"),
        ("5 minutes ago", "2024-05-01T11:55:00+08:00"),
        ("04-28 17:19", "2024-04-28T17:19:00+08:00"),
        ("4月28日 17:19", "2024-04-28T17:19:00+08:00"),
        # A month-day still ahead of "now" belongs to last year.
        ("12-30 10:00", "2023-12-30T10:00:00+08:00"),
    ],
)
def test_relative_and_year_less_forms_use_now(text: str, expected: str) -> None:
    value = parse_datetime(text, SHANGHAI, NOW)
    assert value is not None
    assert isoformat(value) == expected


def test_relative_forms_read_a_naive_now_in_the_given_zone() -> None:
    value = parse_datetime("昨天 10:20", SHANGHAI, datetime(2024, 5, 1, 0, 30))
    assert value == datetime(2024, 4, 30, 10, 20, tzinfo=ZoneInfo(SHANGHAI))


def test_wall_clock_forms_without_a_zone_are_naive() -> None:
    value = parse_datetime("昨天 10:20", None, datetime(2024, 5, 1, 12, 0))
    assert value == datetime(2024, 4, 30, 10, 20)


def test_now_defaults_to_the_current_time() -> None:
    value = parse_datetime("刚刚", SHANGHAI)
    assert value is not None
    assert abs(value - datetime.now(UTC)) < timedelta(minutes=1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1661851140", datetime(2022, 8, 30, 9, 19, tzinfo=UTC)),
        ("1661851140000", datetime(2022, 8, 30, 9, 19, tzinfo=UTC)),
    ],
)
def test_epoch_seconds_and_milliseconds_are_utc(text: str, expected: datetime) -> None:
    assert parse_datetime(text, SHANGHAI, NOW) == expected
    assert parse_datetime(text, None, NOW) == expected


@pytest.mark.parametrize(
    "text",
    ["", "   ", "hello world", "1985-01-01", "2099-01-01 10:00", "第3版", "12345", "version 2.0.1", "0000000000"],
)
def test_implausible_or_missing_dates_give_none(text: str) -> None:
    assert parse_datetime(text, SHANGHAI, NOW) is None


def test_invalid_calendar_dates_give_none() -> None:
    assert parse_datetime("2022-02-30 10:00", None, NOW) is None


def test_search_returns_the_text_the_date_was_read_from() -> None:
    found = search_datetime("发布时间：2022-08-30 17:19 | 来源：新华网", SHANGHAI, NOW)
    assert found is not None
    assert found[1] == "2022-08-30 17:19"


def test_isoformat_keeps_the_offset_at_seconds_precision() -> None:
    aware = datetime(2022, 8, 30, 17, 19, 5, 123456, tzinfo=timezone(timedelta(hours=8)))
    assert isoformat(aware) == "2022-08-30T17:19:05+08:00"
    assert isoformat(datetime(2022, 8, 30, 17, 19)) == "2022-08-30T17:19:00"


def test_unknown_zone_names_are_treated_as_no_zone() -> None:
    value = parse_datetime("2022-08-30 17:19", "Not/AZone", NOW)
    assert value == datetime(2022, 8, 30, 17, 19)


def test_slashed_numbers_in_an_uncertain_order_are_not_read_inside_longer_text() -> None:
    # 05/07/2005 is the 7th of May in the US and the 5th of July in Europe: nothing on the page here tells which.
    assert parse_datetime("Publié le 05/07/2005 à 21:23, et bien d'autres mots encore après la date", SHANGHAI,
                          NOW) is None


def test_the_raw_text_of_a_chinese_time_keeps_its_minute_mark() -> None:
    assert search_datetime("2020年4月17日15时30分 来源：新华网", SHANGHAI, NOW) == (
        datetime(2020, 4, 17, 15, 30, tzinfo=ZoneInfo(SHANGHAI)), "2020年4月17日15时30分")
    found = search_datetime("2020-04-17 10:30 分享", SHANGHAI, NOW)
    assert found is not None and found[1] == "2020-04-17 10:30"  # "分享" (share) is no minute mark


def test_a_year_printed_apart_from_month_and_day_is_read() -> None:
    # Tencent's new.qq.com: "2019" "09/07" "19:02" in three elements, joined by the dateline reader.
    assert search_datetime("2019 09/07 19:02 扬眼 企鹅号", SHANGHAI, NOW) == (
        datetime(2019, 9, 7, 19, 2, tzinfo=ZoneInfo(SHANGHAI)), "2019 09/07 19:02")
