"""Parsing the date and time strings news pages print (ISO, RFC 2822, Chinese, relative, English) into datetimes.

Rules shared by every form:

* A value that carries an offset or zone (``+08:00``, ``Z``, ``GMT``, ``EDT``, ``北京时间``) comes back aware.
* A value without one is read in ``timezone`` (an IANA name) when given, else it comes back **naive**: the crawl
  machine's own zone is never assumed.
* Relative forms (``3小时前``, ``昨天 10:20``, ``5 minutes ago``) and year-less forms (``08-30 17:19``) are
  resolved against ``now``, which defaults to the current time in ``timezone`` (UTC when no zone is known;
  wall-clock forms then come back naive).
* A date is searched for inside longer text (``发布时间：2022-08-30 17:19 | 来源：…``), and rejected unless its
  year lies between 1990 and next year.

Regular expressions are compiled once at import; python-dateutil is tried only when no pattern matched.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, tzinfo
from datetime import timezone as fixed_timezone
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["isoformat", "parse_datetime", "search_datetime"]

MIN_YEAR = 1990

# Full-width digits and punctuation (１２：３０, ２０２２－０８－３０) and odd spaces fold to ASCII first.
_FOLD = str.maketrans(
    {
        **{chr(0xFF10 + i): str(i) for i in range(10)},
        "：": ":",
        "－": "-",
        "／": "/",
        "．": ".",
        "＋": "+",
        "\u3000": " ",
        "\xa0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2013": "-",  # en dash between date parts
        "\u2212": "-",  # minus sign in offsets
    }
)

_ZONE_NAMES: dict[str, int] = {  # offset in minutes; ambiguous names (CST, IST) are left out on purpose
    "Z": 0,
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "WET": 0,
    "BST": 60,
    "CET": 60,
    "MEZ": 60,
    "CEST": 120,
    "MESZ": 120,
    "EET": 120,
    "EEST": 180,
    "MSK": 180,
    "JST": 540,
    "KST": 540,
    "HKT": 480,
    "SGT": 480,
    "AEST": 600,
    "AEDT": 660,
    "EST": -300,
    "EDT": -240,
    "CDT": -300,
    "MST": -420,
    "MDT": -360,
    "PST": -480,
    "PDT": -420,
}

# An offset or a zone name right after a time: +08:00, +0800, -04, Z, GMT+8, UTC, EDT, (北京时间).
_ZONE = (
    r"(?P<zone>Z(?![a-z])|[+-]\d{2}(?::?\d{2})?(?!\d)"
    r"|(?:UTC|GMT)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?"
    r"|(?:" + "|".join(sorted((n for n in _ZONE_NAMES if n != "Z"), key=len, reverse=True)) + r")(?![A-Za-z])"
    r"|(?-i:ET|PT)(?![A-Za-z])"  # US Eastern / Pacific time, summer or winter (upper case: French "et" is "and")
    r"|北京时间)?"
)
#: Zone names of a region whose offset changes with daylight saving time.
_REGION_ZONES = {"ET": "America/New_York", "PT": "America/Los_Angeles"}
_TIME = (
    r"(?P<hour>\d{1,2})\s*[:时点]\s*(?P<minute>\d{2})(?:\s*[:分]\s*(?P<second>\d{2})(?:[.,](?P<fraction>\d{1,9}))?)?"
    r"\s*(?:秒|(?<=\d)分)?"  # "15时30分" ends with its 分 when no seconds follow
)
_AMPM = r"(?:\s*(?P<ampm>[ap]\.?\s?m\.?)(?![a-z]))?"

_MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        ("january", "jan", "januar", "jänner", "janvier", "enero", "gennaio"),
        ("february", "feb", "februar", "février", "febrero", "febbraio"),
        ("march", "mar", "märz", "mars", "marzo"),
        ("april", "apr", "avril", "abril", "aprile"),
        ("may", "mai", "mayo", "maggio"),
        ("june", "jun", "juni", "juin", "junio", "giugno"),
        ("july", "jul", "juli", "juillet", "julio", "luglio"),
        ("august", "aug", "août", "agosto"),
        ("september", "sep", "sept", "septembre", "septiembre", "settembre"),
        ("october", "oct", "oktober", "okt", "octobre", "octubre", "ottobre"),
        ("november", "nov", "novembre", "noviembre"),
        ("december", "dec", "dezember", "dez", "décembre", "diciembre", "dicembre"),
    ),
    start=1,
):
    for _name in _names:
        _MONTHS[_name] = _number
_MONTH = r"(?P<month_name>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"

_FLAGS = re.IGNORECASE

# 2022-08-30T17:19:00+08:00, 2022-08-30 17:19, 2022/08/30, 2022.08.30 17:19:05
_NUMERIC_YMD = re.compile(
    r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>\d{1,2})(?P=sep)(?P<day>\d{1,2})(?!\d)"
    r"(?:(?:T|\s+|\s*[,|@]\s*|\s*-\s*)" + _TIME + _AMPM + r")?\s*" + _ZONE,
    _FLAGS,
)
# 2019 09/07 19:02: the year apart, then month/day (Tencent's new.qq.com prints it in three elements).
_YEAR_THEN_MONTH_DAY = re.compile(
    r"(?<![\d/])(?P<year>(?:19|20)\d{2})\s+(?P<month>\d{1,2})/(?P<day>\d{1,2})(?![\d/])"
    r"(?:\s+" + _TIME + r")?\s*" + _ZONE,
    _FLAGS,
)
# 20220830 or 20220830T171900Z (compact ISO 8601) only when it is the whole value.
_COMPACT_YMD = re.compile(
    r"^(?P<year>(?:19|20)\d{2})(?P<month>\d{2})(?P<day>\d{2})"
    r"(?:T(?P<hour>\d{2})(?P<minute>\d{2})(?P<second>\d{2})?)?\s*" + _ZONE + r"$"
)
# 2022年8月30日 17:19, 2022年08月30日17时19分
_CHINESE_YMD = re.compile(
    r"(?P<year>(?:19|20)\d{2})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*[日号]?"
    r"(?:\s*(?:星期|周)[一二三四五六日天])?"
    r"(?:\s*(?P<half>上午|下午|晚上|中午|凌晨)?\s*" + _TIME + r")?\s*" + _ZONE,
    _FLAGS,
)
# 二〇二〇年四月十七日 (documents and government pages write dates in Chinese numerals)
_CHINESE_NUMERAL_YMD = re.compile(
    r"(?P<year>[〇零○一二三四五六七八九]{4})\s*年\s*(?P<month>[一二三四五六七八九十]{1,2})\s*月"
    r"\s*(?P<day>[一二三四五六七八九十]{1,3})\s*[日号](?:\s*" + _TIME + r")?"
)
_CHINESE_DIGITS = {character: digit for digit, characters in enumerate(("〇零○", "一", "二", "三", "四", "五", "六",
                                                                         "七", "八", "九")) for character in characters}
# 30.08.2022 17:19 (day first: German, Russian, …)
_NUMERIC_DMY = re.compile(
    r"(?<![\d.])(?P<day>\d{1,2})\.\s?(?P<month>\d{1,2})\.\s?(?P<year>(?:19|20)\d{2})(?!\d)"
    r"(?:(?:\s*,?\s*(?:um\s+|à\s+|-\s*)?)" + _TIME + r"(?:\s*Uhr)?" + _AMPM + r")?\s*" + _ZONE,
    _FLAGS,
)
# 7/5/2005 9:23:57 PM (what US software prints), 25/12/2022: read only when the order is certain (below).
_NUMERIC_SLASHED = re.compile(
    r"(?<![\d/])(?P<leading>\d{1,2})/(?P<middle>\d{1,2})/(?P<year>(?:19|20)\d{2})(?![\d/])"
    r"(?:\s*,?\s*" + _TIME + _AMPM + r")?\s*" + _ZONE,
    _FLAGS,
)
# August 30, 2022 5:19 pm; Aug. 30 2022 at 17:19 GMT
_ENGLISH_MDY = re.compile(
    r"(?<![a-z])" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d{2})(?!\d)"
    r"(?:\s*(?:,|at|@|-|\||•|·)?\s*" + _TIME + _AMPM + r")?\s*" + _ZONE,
    _FLAGS,
)
# 30 Aug 2022, Tue, 30 Aug 2022 09:19:00 +0000 (RFC 2822 / 7231), 30. August 2022
_ENGLISH_DMY = re.compile(
    r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th|\.)?\s+(?:de\s+)?"
    + _MONTH
    + r",?\s+(?:de\s+)?(?P<year>(?:19|20)\d{2})(?!\d)"
    r"(?:\s*(?:,|at|um|à|@|-|\||•|·)?\s*" + _TIME + r"(?:\s*Uhr)?" + _AMPM + r")?\s*" + _ZONE,
    _FLAGS,
)
# A time printed apart from its date (CNN: "5:19 PM EDT, Tue August 30, 2022").
_LONE_TIME = re.compile(r"(?<![\d:])" + _TIME + _AMPM + r"\s*" + _ZONE, _FLAGS)

_EPOCH = re.compile(r"^\s*(\d{10}|\d{13})(?:\.\d+)?\s*$")

# Relative and year-less listing forms.
_JUST_NOW = re.compile(r"刚刚|just now|gerade eben", _FLAGS)
_AGO = re.compile(
    r"(?P<amount>\d+|半|一|两|几)\s*(?P<unit>秒|分钟|分|小时|个小时|钟头|天|日|周|星期|个月|月)\s*(?:之)?前"
    r"|(?P<amount_en>\d+|an?|one)\s+(?P<unit_en>second|sec|minute|min|hour|hr|day|week)s?\s+ago",
    _FLAGS,
)
_DAY_WORD = re.compile(
    r"(?P<word>今天|今日|昨天|昨日|前天|today|yesterday)\s*,?\s*(?:at\s+)?(?:(?P<half>上午|下午|晚上|中午|凌晨)\s*)?"
    r"(?:" + _TIME + _AMPM + r")?",
    _FLAGS,
)
_MONTH_DAY = re.compile(
    r"(?<![\d/.-])(?P<month>\d{1,2})(?:-|/|\s*月\s*)(?P<day>\d{1,2})\s*[日号]?(?![\d/.-])"
    r"(?:\s*" + _TIME + r")?",
)

_AGO_UNITS: dict[str, timedelta] = {
    "秒": timedelta(seconds=1),
    "second": timedelta(seconds=1),
    "sec": timedelta(seconds=1),
    "分钟": timedelta(minutes=1),
    "分": timedelta(minutes=1),
    "minute": timedelta(minutes=1),
    "min": timedelta(minutes=1),
    "小时": timedelta(hours=1),
    "个小时": timedelta(hours=1),
    "钟头": timedelta(hours=1),
    "hour": timedelta(hours=1),
    "hr": timedelta(hours=1),
    "天": timedelta(days=1),
    "日": timedelta(days=1),
    "day": timedelta(days=1),
    "周": timedelta(weeks=1),
    "星期": timedelta(weeks=1),
    "week": timedelta(weeks=1),
    "个月": timedelta(days=30),
    "月": timedelta(days=30),
}
_CHINESE_AMOUNTS = {"半": 0.5, "一": 1, "两": 2, "几": 3, "a": 1, "an": 1, "one": 1}
_DAYS_BACK = {"今天": 0, "今日": 0, "today": 0, "昨天": 1, "昨日": 1, "yesterday": 1, "前天": 2}


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def _offset_zone(text: str | None) -> tzinfo | None:
    """The fixed zone named by an offset or zone abbreviation; None when the text names none."""
    if not text:
        return None
    text = text.strip()
    if text == "北京时间":
        return fixed_timezone(timedelta(hours=8))
    upper = text.upper()
    if upper in _ZONE_NAMES:
        minutes = _ZONE_NAMES[upper]
        return UTC if minutes == 0 else fixed_timezone(timedelta(minutes=minutes))
    match = re.fullmatch(r"(?:UTC|GMT)?\s*([+-])(\d{1,2}):?(\d{2})?", upper)
    if not match:
        return None
    sign, hours, minutes_text = match.groups()
    delta = timedelta(hours=int(hours), minutes=int(minutes_text or 0))
    if delta >= timedelta(hours=15):
        return None
    if not delta:
        return UTC
    return fixed_timezone(-delta if sign == "-" else delta)


def _hour_24(hour: int, ampm: str | None, half: str | None = None) -> int:
    if ampm:
        is_pm = ampm.lower().startswith("p")
        if hour == 12:
            return 12 if is_pm else 0
        return hour + 12 if is_pm and hour < 12 else hour
    if half in ("下午", "晚上") and hour < 12:
        return hour + 12
    if half == "中午" and hour < 11:
        return hour + 12
    return hour


def _group(match: re.Match[str], name: str) -> str | None:
    return match.groupdict().get(name)


def _time_parts(match: re.Match[str]) -> tuple[int, int, int, int] | None:
    """(hour, minute, second, microsecond) from a match, or None when it holds no time."""
    hour = _group(match, "hour")
    if hour is None:
        return None
    fraction = _group(match, "fraction") or ""
    return (
        _hour_24(int(hour), _group(match, "ampm"), _group(match, "half")),
        int(_group(match, "minute") or 0),
        int(_group(match, "second") or 0),
        int((fraction + "000000")[:6]),
    )


class _Context:
    """What every form needs: the reading zone, the reference time and the plausible year range."""

    def __init__(self, timezone: str | None, now: datetime | None) -> None:
        self.zone = _zone(timezone) if timezone else None
        if now is None:
            now = datetime.now(self.zone or UTC)
        elif self.zone is not None:
            # A naive ``now`` is a wall-clock time in the page's zone; an aware one is converted to it.
            now = now.astimezone(self.zone) if now.tzinfo is not None else now.replace(tzinfo=self.zone)
        self.now = now
        self.max_year = now.year + 1

    def localise(self, value: datetime, zone_text: str | None) -> datetime:
        if zone_text and zone_text.strip() in _REGION_ZONES:
            return value.replace(tzinfo=_zone(_REGION_ZONES[zone_text.strip()]))
        explicit = _offset_zone(zone_text)
        if explicit is not None:
            return value.replace(tzinfo=explicit)
        if self.zone is not None:
            return value.replace(tzinfo=self.zone)
        return value

    def wall_clock(self, value: datetime) -> datetime:
        """A wall-clock time computed from ``now``: in the reading zone, or naive when none is known."""
        if self.zone is not None:
            return value.replace(tzinfo=self.zone)
        return value.replace(tzinfo=None)

    def build(
        self,
        year: int,
        month: int,
        day: int,
        time: tuple[int, int, int, int] | None,
        zone_text: str | None,
    ) -> datetime | None:
        if not MIN_YEAR <= year <= self.max_year:
            return None
        try:
            value = datetime(year, month, day, *(time or (0, 0, 0, 0)))
        except ValueError:
            return None
        return self.localise(value, zone_text if time else _date_only_zone(zone_text))


def _date_only_zone(zone_text: str | None) -> str | None:
    # "2022-08-30 Z" is odd but harmless; a bare "-04" after a date is more likely part of something else.
    if zone_text and zone_text.strip()[:1] in "+-":
        return None
    return zone_text


def _time_just_before(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """A time printed right before the date, a weekday at most between ("10:00 AM EST, Fri March 5, 2021")."""
    return _TIME_BEFORE_DATE.search(text, max(0, match.start() - 40), match.start())


_TIME_BEFORE_DATE = re.compile(
    r"(?<![\d:])" + _TIME + _AMPM + r"\s*" + _ZONE
    + r"\s*[,|•·]?\s*(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s*)?$",
    _FLAGS,
)


def _find_lone_time(text: str, match: re.Match[str]) -> re.Match[str] | None:
    """A time printed before or after the date, in short texts only (never guess across a paragraph); in longer
    ones, only right before it."""
    if len(text) > 100:
        return _time_just_before(text, match)
    rest = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
    return _LONE_TIME.search(rest)


def _from_numeric(match: re.Match[str], text: str, context: _Context) -> datetime | None:
    return _from_fields(match, text, context, int(match["month"]))


def _chinese_number(numerals: str) -> int:
    """十七 → 17, 二十 → 20, 三十一 → 31, 九 → 9."""
    if "十" not in numerals:
        return int("".join(str(_CHINESE_DIGITS[character]) for character in numerals))
    tens, _, units = numerals.partition("十")
    return (_CHINESE_DIGITS[tens] if tens else 1) * 10 + (_CHINESE_DIGITS[units] if units else 0)


def _from_chinese_numerals(match: re.Match[str], text: str, context: _Context) -> datetime | None:
    year = int("".join(str(_CHINESE_DIGITS[character]) for character in match["year"]))
    try:
        month, day = _chinese_number(match["month"]), _chinese_number(match["day"])
    except KeyError:  # "十十": no number
        return None
    return context.build(year, month, day, _time_parts(match), None)


def _from_slashed(match: re.Match[str], text: str, context: _Context) -> datetime | None:
    """Day first when the first number exceeds 12; month first when the second does, or when a 12-hour clock
    says the page is American ("7/5/2005 9:23:57 PM"). Otherwise ("05/07/2005 21:23") the order is not certain:
    not read here (a short text still goes to dateutil, as before)."""
    first, second = int(match["leading"]), int(match["middle"])
    if first > 12:
        month, day = second, first
    elif second > 12 or _group(match, "ampm"):
        month, day = first, second
    else:
        return None
    return _from_fields(match, text, context, month, day)


def _from_named_month(match: re.Match[str], text: str, context: _Context) -> datetime | None:
    return _from_fields(match, text, context, _MONTHS[match["month_name"].lower()])


def _from_fields(
    match: re.Match[str], text: str, context: _Context, month: int, day: int | None = None
) -> datetime | None:
    time = _time_parts(match)
    zone_text = _group(match, "zone")
    if time is None:
        lone = _find_lone_time(text, match)
        if lone is not None:
            time = _time_parts(lone)
            zone_text = zone_text or _group(lone, "zone")
    return context.build(int(match["year"]), month, int(match["day"]) if day is None else day, time, zone_text)


def _from_ago(match: re.Match[str], context: _Context) -> datetime | None:
    amount_text = (match["amount"] or match["amount_en"] or "").lower()
    unit = (match["unit"] or match["unit_en"] or "").lower()
    amount = _CHINESE_AMOUNTS.get(amount_text) or float(amount_text)
    value = context.now - amount * _AGO_UNITS[unit]
    return value.replace(microsecond=0)


def _from_day_word(match: re.Match[str], context: _Context) -> datetime | None:
    day: date = context.now.date() - timedelta(days=_DAYS_BACK[match["word"].lower()])
    time = _time_parts(match) or (0, 0, 0, 0)
    try:
        return context.wall_clock(datetime(day.year, day.month, day.day, *time))
    except ValueError:
        return None


def _from_month_day(match: re.Match[str], context: _Context) -> datetime | None:
    """``08-30 17:19`` on a listing: this year, or last year when that would lie more than a day ahead."""
    time = _time_parts(match)
    if time is None and "月" not in match.group(0):
        return None  # a bare "8-30" is too likely to be something else
    now = context.now
    for year in (now.year, now.year - 1):
        try:
            value = datetime(year, int(match["month"]), int(match["day"]), *(time or (0, 0, 0, 0)))
        except ValueError:
            return None
        if value <= now.replace(tzinfo=None) + timedelta(days=1):
            return context.wall_clock(value)
    return None


def _from_epoch(digits: str) -> datetime | None:
    seconds = int(digits) / (1000 if len(digits) == 13 else 1)
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def _with_dateutil(text: str, context: _Context) -> datetime | None:
    """Last resort for forms no pattern knows; only for short texts holding a 4-digit year."""
    if len(text) > 60 or not re.search(r"(?:19|20)\d{2}", text):
        return None
    from dateutil import parser as dateutil_parser  # imported lazily: rarely needed

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # unknown zone names ("PST"): read as local time, no warning spam
            value = dateutil_parser.parse(text, fuzzy=True, default=datetime(2000, 1, 1))
    except (ValueError, OverflowError, TypeError):
        return None
    if not MIN_YEAR <= value.year <= context.max_year or str(value.year) not in text:
        return None  # fuzzy parsing read a year the text does not print ("2007年第23号" as 2000-01-23)
    if value.tzinfo is None and context.zone is not None:
        value = value.replace(tzinfo=context.zone)
    return value


_DATED_FORMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str], str, _Context], datetime | None]], ...] = (
    (_NUMERIC_YMD, _from_numeric),
    (_CHINESE_YMD, _from_numeric),
    (_ENGLISH_DMY, _from_named_month),
    (_ENGLISH_MDY, _from_named_month),
    (_NUMERIC_DMY, _from_numeric),
    (_NUMERIC_SLASHED, _from_slashed),
    (_YEAR_THEN_MONTH_DAY, _from_numeric),
    (_CHINESE_NUMERAL_YMD, _from_chinese_numerals),
)


def _search(text: str, context: _Context) -> tuple[datetime, int, int] | None:
    """The first plausible date in already folded ``text`` and the span it was read from."""
    epoch = _EPOCH.match(text)
    if epoch:
        value = _from_epoch(epoch.group(1))
        if value is not None and MIN_YEAR <= value.year <= context.max_year:
            return value, epoch.start(1), epoch.end(1)
        return None

    compact = _COMPACT_YMD.match(text.strip())
    if compact:
        value = _from_numeric(compact, text, context)
        return (value, 0, len(text)) if value is not None else None

    # The earliest date in the text wins (a "published" date is usually printed before an "updated" one).
    best: tuple[datetime, int, int] | None = None
    for pattern, build in _DATED_FORMS:
        for match in pattern.finditer(text):
            if best is not None and match.start() >= best[1]:
                break
            value = build(match, text, context)
            if value is not None:
                before = _time_just_before(text, match) if _time_parts(match) is None else None
                best = (value, before.start() if before else match.start(), match.end())
                break
    if best is not None:
        return best

    for pattern in (_JUST_NOW, _AGO, _DAY_WORD, _MONTH_DAY):
        relative = pattern.search(text)
        if relative is None:
            continue
        if pattern is _JUST_NOW:
            value = context.now.replace(microsecond=0)
        elif pattern is _AGO:
            value = _from_ago(relative, context)
        elif pattern is _DAY_WORD:
            value = _from_day_word(relative, context)
        else:
            value = _from_month_day(relative, context)
        if value is not None:
            return value, relative.start(), relative.end()
    value = _with_dateutil(text.strip(), context)
    return (value, 0, len(text)) if value is not None else None


def parse_datetime(text: str, timezone: str | None = None, now: datetime | None = None) -> datetime | None:
    """The first plausible date (and time) found in ``text``, or None.

    ``timezone`` is the IANA zone the page prints local times in; ``now`` anchors relative and year-less forms.
    """
    found = search_datetime(text, timezone, now)
    return found[0] if found else None


def search_datetime(text: str, timezone: str | None = None, now: datetime | None = None) -> tuple[datetime, str] | None:
    """Like :func:`parse_datetime`, also returning the part of ``text`` the date was read from (its raw form)."""
    if not text or not text.strip():
        return None
    folded = text.translate(_FOLD)  # one character for one: spans stay valid in the original text
    found = _search(folded, _Context(timezone, now))
    if found is None:
        return None
    value, start, end = found
    return value, text[start:end].strip()


def isoformat(value: datetime) -> str:
    """ISO 8601 with seconds precision, keeping the offset (``2022-08-30T17:19:00+08:00``); naive → no offset."""
    return value.isoformat(timespec="seconds")
