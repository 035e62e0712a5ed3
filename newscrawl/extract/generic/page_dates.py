"""Publication and modification dates: declared metadata, the dateline beside the headline, the URL."""

from __future__ import annotations

import re
from datetime import datetime
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract import metadata
from newscrawl.extract.dates import search_datetime
from newscrawl.extract.generic.body import text_before_body
from newscrawl.extract.generic.boilerplate import is_comment_section
from newscrawl.extract.generic.dateline import text_after_headline
from newscrawl.extract.generic.elements import attributed_elements, class_hints, short_text
from newscrawl.extract.generic.vocabulary import DATE_HINT
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import normalize_space

# "/2019/09/07/", "/20190907/", "/2019-09/07/", and TRS CMS's "/t20190907_398044.html" (Chinese government sites).
_URL_DATE = re.compile(r"(?:^|[/_-]|/t)((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


_HAS_TIME = re.compile(r"\d{1,2}[:时]\d{2}|^\d{10}(?:\d{3})?$")


_LABELLED_TEXT_XPATH = etree.XPath(
    "//body//text()[contains(., '时间') or contains(., '日期') or contains(., '来源') or contains(., 'Published')"
    " or contains(., 'Posted') or contains(., 'Datum') or contains(., 'Date')]"
    "[not(ancestor::script or ancestor::style or ancestor::a)]"
)


# Publication time set by a page script (WeChat articles: ``var ct = "1581517074"``), as a last resort.
_SCRIPT_PUBLISHED = re.compile(
    r"\bvar\s+(?:ct|publish_time|pubtime|publishTime|pubTime)\s*=\s*[\"']?"
    r"(\d{10}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)"
)
# The same pattern without its leading \b, which keeps the regex engine from jumping between occurrences of "var"
# (it tried every position of the page): the boundary is checked on each match instead.
_SCRIPT_PUBLISHED_AFTER_BOUNDARY = re.compile(_SCRIPT_PUBLISHED.pattern.removeprefix(r"\b"))
_WORD_CHARACTER = re.compile(r"\w")


def _script_published(html: str) -> re.Match[str] | None:
    """``_SCRIPT_PUBLISHED.search(html)``, faster."""
    position = 0
    while (match := _SCRIPT_PUBLISHED_AFTER_BOUNDARY.search(html, position)) is not None:
        start = match.start()
        if start == 0 or not _WORD_CHARACTER.match(html, start - 1):
            return match
        position = start + 1
    return None


# Labels of the publication time ("发布时间：", "发表于", "Published on") and of a later update, whose time is not it.
_PUBLISHED_LABEL = re.compile(
    r"(?:发布时间|發佈時間|發布時間|发表时间|發表時間|发布日期|發布日期|发表日期|發表日期|发布于|發佈於|发表于|發表於|出版时间|"
    r"刊发时间|时间|時間|日期|published(?: on)?|posted(?: on)?|veröffentlicht(?: am)?|publié le"
    r"|(?<![a-z])(?:datum|date)(?![a-z]))\s*[:：]?\s*",  # "<strong>Datum</strong> 28.04.2023" (DW's fact list)
    re.IGNORECASE,
)
_UPDATED_LABEL = re.compile(r"(?:更新|修改|updated|aktualisiert|mis à jour)\S{0,4}\s*[:：]?\s*$", re.IGNORECASE)
# A printed date holding its year ("2019-09-07", "2019年9月7日", "7/5/2005"): one without it, or a relative
# word ("今日", "3小时前"), needs another date on the page to be read against.
_HAS_YEAR = re.compile(r"(?:19|20)\d{2}|\d{2}年|[〇零○一二三四五六七八九]{4}\s*年")
# "发布时间：18-03-08 23:16": a two-digit year first (it cannot be a month).
# The time may be a node of its own, joined with " | " in the dateline window ("发布时间：18-03-08 | 23:16").
_SHORT_YEAR = re.compile(r"^([2-9]\d|1[3-9])-(\d{1,2})-(\d{1,2})(?:(?:\s+|\s*\|\s*)(\d{1,2}:\d{2}(?::\d{2})?))?")


def _dates_in(text: str, zone: str | None, anchor: datetime | None) -> list[tuple[datetime, str, int]]:
    """Every date printed in ``text`` (value, raw text, position), left to right; dates without a year and
    relative ones only when ``anchor`` (another date of the page) lets them be read."""
    found: list[tuple[datetime, str, int]] = []
    position = 0
    while position < len(text) and len(found) < 8:
        match = search_datetime(text[position:], zone, anchor)
        if match is None:
            break
        value, raw = match
        start = text.find(raw, position)
        if start < 0:
            break
        position = start + len(raw)
        if not _HAS_YEAR.search(raw) and anchor is None:
            continue
        if _UPDATED_LABEL.search(text[max(0, start - 10) : start]):
            continue  # "最后更新：…", "Updated …": not when it was published
        found.append((value, raw, start))
    return found


def _labelled_date(text: str, zone: str | None, anchor: datetime | None) -> tuple[datetime, str] | None:
    """The date printed right after a publication label in ``text``."""
    for label in _PUBLISHED_LABEL.finditer(text):
        if _UPDATED_LABEL.search(text[max(0, label.start() - 6) : label.start()]):
            continue  # "更新时间：…" holds "时间": when it was updated, not published
        after = text[label.end() : label.end() + 60]
        short_year = _SHORT_YEAR.match(after)
        if short_year:
            year, month, day, clock = short_year.groups()
            found = search_datetime(f"20{year}-{month}-{day} {clock or ''}".strip(), zone)
            if found:
                return found[0], re.sub(r"\s*\|\s*", " ", short_year.group(0))  # the window's join is not the page's
        for value, raw, start in _dates_in(after, zone, anchor)[:1]:
            if start <= 3:
                return value, raw
    return None


def _zone(page: Page) -> str | None:
    """The zone the page prints local times in: the portal's, or one the page's language or country makes
    certain (Chinese pages of mainland China, Taiwan, Hong Kong and Macao print UTC+8)."""
    if page.timezone:
        return page.timezone
    return page.remember("printed-zone", lambda: _certain_zone(page))


_ZONE_OF_LANGUAGE = {"zh-cn": "Asia/Shanghai", "zh-hans-cn": "Asia/Shanghai", "zh-tw": "Asia/Taipei",
                     "zh-hant-tw": "Asia/Taipei", "zh-hk": "Asia/Hong_Kong", "zh-hant-hk": "Asia/Hong_Kong",
                     "zh-mo": "Asia/Macau"}
_ZONE_OF_COUNTRY = {"cn": "Asia/Shanghai", "tw": "Asia/Taipei", "hk": "Asia/Hong_Kong", "mo": "Asia/Macau"}


def _certain_zone(page: Page) -> str | None:
    declared = metadata.find_declared_language(page.selector)
    language = str(declared.value).lower().replace("_", "-") if declared else ""
    if language in _ZONE_OF_LANGUAGE:
        return _ZONE_OF_LANGUAGE[language]
    host = (urlsplit(page.url).hostname or "").lower()
    country = host.rsplit(".", 1)[-1]
    if country in _ZONE_OF_COUNTRY and (not language or language.startswith("zh")):
        return _ZONE_OF_COUNTRY[country]
    return None


def _anchor(page: Page) -> datetime | None:
    """A date the page states with its year, that printed dates without one are read against: the declared
    modification time, the date in the URL, or the first full date of the dateline or of a date element."""

    def compute() -> datetime | None:
        zone = _zone(page)
        modified = metadata.find_modified_raw(page.selector)
        if modified:
            found = search_datetime(str(modified.value), zone)
            if found:
                return found[0]
        from_url = _date_from_url(page)
        if from_url:
            return from_url[0]
        for text in (*_meta_dates(page), *_dateline_windows(page), *_date_element_texts(page)):
            dated = _dates_in(text, zone, None)
            if dated:
                return dated[0][0]
        return None

    return page.remember("date-anchor", compute)


_META_DATES_XPATH = etree.XPath(
    "//meta[contains(translate(concat(@itemprop, @name, @property), 'DATEIM', 'dateim'), 'date')"
    " or contains(translate(concat(@itemprop, @name, @property), 'DATEIM', 'dateim'), 'time')]/@content"
)


def _meta_dates(page: Page) -> list[str]:
    """Every date a meta tag states (``itemprop=dateUpdate``, ``name=pubdate``…): anchors only."""
    return [str(value) for value in _META_DATES_XPATH(page.selector.root)[:10]]


def _dateline_windows(page: Page) -> list[str]:
    """The lines beside the headline and right before the body, where the dateline is printed."""
    return [_joined_numbers(text) for text in (text_after_headline(page)[:400], text_before_body(page)[-300:])
            if text]


# Nodes holding only a number or a date mark, joined with " | " in a window: one date printed across elements
# ("2019 | 09 | / | 07 | 19 | : | 02" is "2019 09/07 19:02").
_NUMBER_NODES = re.compile(r"(?<![^\s|])\d{1,4}(?:\s*\|\s*(?:[/:\-.]|\d{1,4}))+(?![^\s|])")


# A date and its time in elements of their own ("<span class=date>2020年04月17日</span><span class=time>09:00</span>").
_DATE_THEN_TIME_NODE = re.compile(
    r"((?:19|20)\d{2}(?:[-/.]\d{1,2}[-/.]\d{1,2}|年\d{1,2}月\d{1,2}日?))\s*\|\s*(\d{1,2}:\d{2}(?::\d{2})?)(?![\d:])"
)


def _joined_numbers(text: str) -> str:
    def join(match: re.Match[str]) -> str:
        return re.sub(r"\s*([/:\-.])\s*", r"\1", match.group(0).replace(" | ", " "))

    if " | " not in text:
        return text
    return _DATE_THEN_TIME_NODE.sub(r"\1 \2", _NUMBER_NODES.sub(join, text))


def _date_element_texts(page: Page) -> list[str]:
    date_elements = [element for element, classes, identifier in attributed_elements(page)
                     if DATE_HINT.search(classes) or DATE_HINT.search(identifier)]
    texts = [short_text(element, 120) for element in date_elements[:20]]
    return [text for text in texts if text and len(text) >= 5]


def _date_from_text(page: Page) -> tuple[datetime, str] | None:
    """A date printed in the dateline (after a publication label, else the first full date), in a date/time
    element, or after a publication label anywhere."""
    return _date_in_dateline(page) or _date_elsewhere(page)


def _date_in_dateline(page: Page) -> tuple[datetime, str] | None:
    """A date printed beside the headline or right before the body: after a publication label, else the first
    full date, else a labelled date without a year read against another date of the page."""
    zone = _zone(page)
    windows = _dateline_windows(page)
    for text in windows:
        labelled = _labelled_date(text, zone, None)
        if labelled:
            return labelled
    for text in windows:
        dated = _dates_in(text[:400], zone, None)
        if dated:
            return dated[0][:2]
    anchor = _anchor(page)
    for text in windows:
        # "发布时间：10-08 12:00" (no year) at the top of the dateline, read against another date of the page.
        labelled = _labelled_date(text[:150], zone, anchor) if anchor else None
        if labelled:
            return labelled
    return None


def _in_comments(element: etree._Element) -> bool:
    return any(is_comment_section(class_hints(ancestor)) for ancestor in (element, *element.iterancestors()))


def _in_a_teasers_heading(element: HtmlElement) -> bool:
    """Whether a date element sits in a heading below the headline or in a link: another story's teaser (DW:
    ``<h2>Ukrainischer Militärgeheimdienst zuversichtlich <span class="date">24.04.2023</span></h2>``)."""
    return any(ancestor.tag in ("h2", "h3", "h4", "h5", "h6", "a") for ancestor in islice(element.iterancestors(), 3))


def _date_elsewhere(page: Page) -> tuple[datetime, str] | None:
    """A date in a date/time element, or after a publication label anywhere (pages without a usable dateline)."""
    zone = _zone(page)
    anchor = _anchor(page)
    # Not a comment's time: when a reader wrote.
    date_elements = [element for element, classes, identifier in attributed_elements(page)
                     if (DATE_HINT.search(classes) or DATE_HINT.search(identifier)) and not _in_comments(element)
                     and not _in_a_teasers_heading(element)]
    for element in date_elements[:20]:
        element_text = short_text(element, 120)
        if element_text and len(element_text) >= 5:
            dated = _dates_in(element_text, zone, anchor)
            found = dated[0][:2] if dated else None
            parent = element.getparent()
            if (found is None or not _HAS_TIME.search(found[1])) and parent is not None:
                # "<span>发布时间：10-08</span><span>12:00</span>": the time sits in the next element.
                spaced = normalize_space(" ".join(parent.itertext()))
                fuller = _dates_in(spaced, zone, anchor)[:1] if len(spaced) <= 200 else []
                if (
                    fuller
                    and _HAS_TIME.search(fuller[0][1])
                    and (found is None or fuller[0][0].date() == found[0].date())
                ):
                    return fuller[0][:2]
            if found:
                return found
    # Pages without a usable headline: a labelled line anywhere ("发布时间：2019-05-18", "2019-09-26 12:11 来源：…").
    for node in _LABELLED_TEXT_XPATH(page.selector.root)[:30]:
        own = normalize_space(str(node))
        if len(own) <= 200:
            labelled = _labelled_date(own, zone, anchor)
            if labelled:
                return labelled
        element = node.getparent()
        if element is not None and node.is_tail:
            element = element.getparent()
        # The label, the date and the source often sit in sibling nodes of one line: read up to two levels up.
        for _ in range(3):
            if element is None:
                break
            line = short_text(element, 200)
            if line is None:
                break
            found = _labelled_date(line, zone, anchor) or next(iter(
                value[:2] for value in _dates_in(line, zone, anchor)), None)
            if found:
                return found
            element = element.getparent()
    return None


def _date_from_url(page: Page) -> tuple[datetime, str] | None:
    path = urlsplit(page.url).path
    match = _URL_DATE.search(path)
    if not match:
        return None
    found = search_datetime("-".join(match.groups()), _zone(page))
    return (found[0], match.group(0).lstrip("/_-")) if found else None


def _published(page: Page) -> tuple[Found, Found] | None:
    def compute() -> tuple[Found, Found] | None:
        declared = metadata.find_published_raw(page.selector)
        if declared:
            raw = str(declared.value)
            found = search_datetime(raw, _zone(page))
            if found:
                value = found[0]
                if not _HAS_TIME.search(raw):
                    printed = _date_from_text(page)
                    if printed and printed[0].date() == value.date() and _HAS_TIME.search(printed[1]):
                        return Found(printed[0], "text"), Found(printed[1], "text")
                return Found(value, declared.source), Found(raw, declared.source)
        # Order of trust: the dateline beside the headline, then the URL's date, then a date printed elsewhere
        # (a date element, a labelled line), which must agree with the URL's day when the URL has one.
        dateline = _date_in_dateline(page)
        if dateline:
            return Found(dateline[0], "text"), Found(dateline[1], "text")
        from_url = _date_from_url(page)
        printed = _date_elsewhere(page)
        if printed and (from_url is None or printed[0].date() == from_url[0].date()):
            return Found(printed[0], "text"), Found(printed[1], "text")
        if from_url:
            return Found(from_url[0], "url"), Found(from_url[1], "url")
        scripted = _script_published(page.html)
        if scripted:
            moment = search_datetime(scripted.group(1), _zone(page))
            if moment:
                return Found(moment[0], "text"), Found(scripted.group(1), "text")
        return None

    return page.remember("published", compute)


def find_date_published(page: Page) -> Found | None:
    """Publication time (aware, or naive when neither the page nor ``page.timezone`` gives a zone):
    JSON-LD > ``article:published_time`` > other meta > ``<time>`` > the dateline near the headline > date in the
    URL > a date printed elsewhere (a date element, a labelled line), when it agrees with the URL's day."""
    pair = _published(page)
    return pair[0] if pair else None


def find_date_published_raw(page: Page) -> Found | None:
    """The publication time exactly as found."""
    pair = _published(page)
    return pair[1] if pair else None


def _modified(page: Page) -> tuple[Found, Found] | None:
    declared = metadata.find_modified_raw(page.selector)
    if not declared:
        return None
    found = search_datetime(str(declared.value), _zone(page))
    if not found:
        return None
    return Found(found[0], declared.source), Found(str(declared.value), declared.source)


def find_date_modified(page: Page) -> Found | None:
    """Last modification time as declared (JSON-LD ``dateModified``, ``article:modified_time``, meta)."""
    pair = _modified(page)
    return pair[0] if pair else None


def find_date_modified_raw(page: Page) -> Found | None:
    """The modification time exactly as found."""
    pair = _modified(page)
    return pair[1] if pair else None
