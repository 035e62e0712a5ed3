"""Publication and modification dates: declared metadata, the dateline beside the headline, the URL."""

from __future__ import annotations

import re
from datetime import datetime
from urllib.parse import urlsplit

from lxml import etree

from newscrawl.extract import metadata
from newscrawl.extract.dates import search_datetime
from newscrawl.extract.generic.dateline import attributed_elements, text_after_headline
from newscrawl.extract.generic.elements import short_text
from newscrawl.extract.generic.vocabulary import DATE_HINT, DATE_LABEL
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import normalize_space

_URL_DATE = re.compile(r"(?:^|[/_-])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")


_HAS_TIME = re.compile(r"\d{1,2}[:时]\d{2}|^\d{10}(?:\d{3})?$")


_LABELLED_TEXT_XPATH = etree.XPath(
    "//body//text()[contains(., '时间') or contains(., '日期') or contains(., '来源') or contains(., 'Published')"
    " or contains(., 'Posted')][not(ancestor::script or ancestor::style or ancestor::a)]"
)


# Publication time set by a page script (WeChat articles: ``var ct = "1581517074"``), as a last resort.
_SCRIPT_PUBLISHED = re.compile(
    r"\bvar\s+(?:ct|publish_time|pubtime|publishTime|pubTime)\s*=\s*[\"']?"
    r"(\d{10}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)"
)


def _date_from_text(page: Page) -> tuple[datetime, str] | None:
    """A date printed near the headline, or in a date/time element."""
    near = text_after_headline(page)
    if near:
        label = DATE_LABEL.search(near)
        if label:
            found = search_datetime(near[label.end() : label.end() + 80], page.timezone)
            if found:
                return found
        found = search_datetime(near[:400], page.timezone)
        if found:
            return found
    date_elements = [element for element, classes, identifier in attributed_elements(page)
                     if DATE_HINT.search(classes) or DATE_HINT.search(identifier)]
    for element in date_elements[:20]:
        text = short_text(element, 120)
        if text and len(text) >= 5:
            found = search_datetime(text, page.timezone)
            parent = element.getparent()
            if (found is None or not _HAS_TIME.search(found[1])) and parent is not None:
                # "<span>发布时间：10-08</span><span>12:00</span>": the time sits in the next element.
                spaced = normalize_space(" ".join(parent.itertext()))
                fuller = search_datetime(spaced, page.timezone) if len(spaced) <= 200 else None
                if (
                    fuller
                    and _HAS_TIME.search(fuller[1])
                    and (found is None or fuller[0].date() == found[0].date())
                ):
                    return fuller
            if found:
                return found
    # Pages without a usable headline: a labelled line anywhere ("发布时间：2019-05-18", "2019-09-26 12:11 来源：…").
    for node in _LABELLED_TEXT_XPATH(page.selector.root)[:30]:
        own = normalize_space(str(node))
        label = DATE_LABEL.search(own)
        if label and len(own) <= 200:
            found = search_datetime(own[label.end() :], page.timezone)
            if found:
                return found
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
            label = DATE_LABEL.search(line)
            found = search_datetime(line[label.end() :], page.timezone) if label else None
            found = found or search_datetime(line, page.timezone)
            if found:
                return found
            element = element.getparent()
    return None


def _date_from_url(page: Page) -> tuple[datetime, str] | None:
    path = urlsplit(page.url).path
    match = _URL_DATE.search(path)
    if not match:
        return None
    found = search_datetime("-".join(match.groups()), page.timezone)
    return (found[0], match.group(0).lstrip("/_-")) if found else None


def _published(page: Page) -> tuple[Found, Found] | None:
    def compute() -> tuple[Found, Found] | None:
        declared = metadata.find_published_raw(page.selector)
        if declared:
            raw = str(declared.value)
            found = search_datetime(raw, page.timezone)
            if found:
                value = found[0]
                if not _HAS_TIME.search(raw):
                    printed = _date_from_text(page)
                    if printed and printed[0].date() == value.date() and _HAS_TIME.search(printed[1]):
                        return Found(printed[0], "text"), Found(printed[1], "text")
                return Found(value, declared.source), Found(raw, declared.source)
        from_url = _date_from_url(page)
        printed = _date_from_text(page)
        if printed and (from_url is None or printed[0].date() == from_url[0].date()):
            return Found(printed[0], "text"), Found(printed[1], "text")
        if from_url:
            return Found(from_url[0], "url"), Found(from_url[1], "url")
        scripted = _SCRIPT_PUBLISHED.search(page.html)
        if scripted:
            moment = search_datetime(scripted.group(1), page.timezone)
            if moment:
                return Found(moment[0], "text"), Found(scripted.group(1), "text")
        return None

    return page.remember("published", compute)


def find_date_published(page: Page) -> Found | None:
    """Publication time (aware, or naive when neither the page nor ``page.timezone`` gives a zone):
    JSON-LD > ``article:published_time`` > other meta > ``<time>`` > text near the headline > date in the URL."""
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
    found = search_datetime(str(declared.value), page.timezone)
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
