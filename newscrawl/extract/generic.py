"""Portal-less extraction: every Article field from any news page, each with the source it came from.

``extract_generic`` fills what it can; the ``find_*`` functions do one field each so that a portal whose selector
misses can fall back field by field. Everything reads the tree ``Page.selector`` parsed once; nothing here
mutates it (noise is removed from a copy of the body node).

Decisions worth knowing:

* ``来源：…`` names a source (an agency or another site), never an author. ``责任编辑`` / ``责编`` / ``编辑`` name
  editors: they are used as authors only when the page names no author (``作者``, ``记者``, ``文/``, JSON-LD,
  meta, byline elements) at all, because many Chinese portals credit nobody else.
* A date declared without a time (``<meta name="publishdate" content="2024-04-24">``) is refined by a time
  printed near the headline on the same day.
* Authors the page declares (JSON-LD, meta) are kept as declared, even when that is the publisher's name;
  names found by heuristics are dropped when they equal the site's name.
* The body node comes back as found on the page when it holds no boilerplate; otherwise it is a copy without
  share bars, related lists, link lists, the ``<h1>``/``<header>`` (fields of their own), editor and copyright
  lines and reading lists (``相关阅读`` and everything after it).
"""

from __future__ import annotations

import copy
import itertools
import re
import weakref
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import NamedTuple, TypeVar, cast
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement
from parsel import Selector

from newscrawl.extract import metadata
from newscrawl.extract.dates import search_datetime
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import CJK_CHARACTER, cjk_count, normalize_space

__all__ = [
    "extract_generic",
    "find_authors",
    "find_body",
    "find_canonical_url",
    "find_date_modified",
    "find_date_modified_raw",
    "find_date_published",
    "find_date_published_raw",
    "find_description",
    "find_language",
    "find_lead_image",
    "find_tags",
    "find_title",
    "split_authors",
    "strip_site_suffix",
]

# ---------------------------------------------------------------------------------------------------- title

_TITLE_XPATH = etree.XPath("//title[1]")
_H1_XPATH = etree.XPath("//h1")
# Separators between a headline and the site / section names appended to it.
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•:»/]\s+|\s*(?:\||_|--+|――|—|–|｜|»)\s*")
_NOT_WORD = re.compile(r"[\W_]+")


def _comparable(text: str) -> str:
    return _NOT_WORD.sub("", text).casefold()


def _element_text(element: HtmlElement) -> str:
    return normalize_space(element.text_content())


def strip_site_suffix(title: str, confirmations: Iterable[str] = (), site_names: Iterable[str] = ()) -> str:
    """``title`` without appended site or section names (``Headline - Site``, ``标题_科技_腾讯网``).

    A cut is made only when it is confirmed: the shorter form equals another source (``confirmations``: the
    ``<h1>``, the JSON-LD headline…), or the part cut off names the site (``site_names``: ``og:site_name``, the
    host's labels). Otherwise the title is returned unchanged.
    """
    title = normalize_space(title)
    confirmed = {_comparable(text) for text in confirmations if text} - {""}
    sites = {_comparable(name) for name in site_names if name} - {""}
    cuts = [match for match in _TITLE_SEPARATOR.finditer(title) if match.start() > 0]
    if not cuts:
        return title
    if confirmed:
        for match in cuts:
            prefix = title[: match.start()].strip()
            if _comparable(prefix) in confirmed:
                return prefix
        # The headline may itself hold a separator ("Ionos-Phishing: …"): a confirmation that is a prefix of
        # the title, ending at a separator, is the headline.
        for text in confirmations:
            if text and len(text) < len(title) and title.startswith(text):
                rest = title[len(text) :]
                if _TITLE_SEPARATOR.match(rest):
                    return text.strip()
    if sites:
        # Cut at the rightmost separator whose remainder names the site; keep cutting sections before it.
        for match in reversed(cuts):
            rest = _comparable(title[match.end() :])
            if rest and any(site in rest or rest in site for site in sites):
                prefix = title[: match.start()].strip()
                return prefix if len(_comparable(prefix)) >= 2 else title
    return title


# Chinese portals append channel and site names with underscores ("标题_科技_腾讯网", "标题_网易订阅").
_PORTAL_SUFFIX = re.compile(
    r"(?:\s*[_|｜]\s*[^_|｜]{1,6})*"  # channel names before the site's ("_科技")
    r"\s*[_|｜-]\s*[^_|｜]{1,12}?(?:网|网站|频道|订阅|新闻|在线|日报|晚报|资讯|首页|中心|号|平台|之家|社区|论坛)\s*$"
)


def _strip_portal_suffix(title: str) -> str:
    stripped = _PORTAL_SUFFIX.sub("", title).strip()
    return stripped if len(_comparable(stripped)) >= 4 else title


def _site_names(page: Page) -> list[str]:
    names: list[str] = []
    site = metadata.find_site_name(page.selector)
    if site:
        names.append(str(site.value))
    host = (urlsplit(page.url).hostname or "").lower()
    labels = [label for label in host.split(".") if label not in ("www", "com", "cn", "net", "org", "co", "m")]
    names.extend(label for label in labels if len(label) >= 3)
    return names


def _best_h1(page: Page, title_text: str) -> str | None:
    """The ``<h1>`` that best matches ``<title>`` (pages have logo and section ``<h1>``s too)."""
    h1s = [text for text in (_element_text(h1) for h1 in _H1_XPATH(page.selector.root)[:8]) if len(text) >= 2]
    if not h1s:
        return None
    if not title_text:
        return max(h1s, key=len) if len(h1s) > 1 else h1s[0]
    title_key = _comparable(title_text)
    best: tuple[float, str] | None = None
    for text in h1s:
        key = _comparable(text)
        if not key:
            continue
        score = 1.0 + len(key) / max(len(title_key), 1) if key in title_key else _overlap(key, title_key)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.5:
        return None
    return best[1]


def _overlap(first: str, second: str) -> float:
    """Share of ``first``'s character bigrams present in ``second`` (works for CJK and Latin alike)."""
    grams = {first[i : i + 2] for i in range(len(first) - 1)}
    if not grams:
        return 0.0
    other = {second[i : i + 2] for i in range(len(second) - 1)}
    return len(grams & other) / len(grams)


def find_title(page: Page) -> Found | None:
    """JSON-LD headline > ``og:title`` > the ``<h1>`` matching ``<title>`` > ``<title>``; site suffixes cut when
    another source or the site's name confirms them."""
    # Memoised: the headline lookup and body detection ask for the title too.
    return _cached(page, "title", lambda: _find_title(page))


def _find_title(page: Page) -> Found | None:
    selector = page.selector
    title_elements = _TITLE_XPATH(selector.root)
    title_text = _element_text(title_elements[0]) if title_elements else ""
    h1 = _best_h1(page, title_text)
    headline = metadata.find_json_ld_headline(selector)
    og_title = metadata.find_og_title(selector)
    sites = _site_names(page)
    site_keys = {_comparable(name) for name in sites}
    confirmations = [text for text in (h1, headline and str(headline.value)) if text]

    candidates: list[tuple[str, str]] = []
    if headline:
        candidates.append((str(headline.value), "json-ld"))
    if og_title:
        candidates.append((str(og_title.value), "opengraph"))
    if h1:
        candidates.append((h1, "heuristic"))
    if title_text:
        candidates.append((title_text, "meta"))
    for text, source in candidates:
        if text.endswith(("…", "...")) and source == "json-ld":
            continue  # a truncated headline; a fuller source follows
        cleaned = strip_site_suffix(text, [c for c in confirmations if c != text], sites)
        if source == "meta" and not h1:
            cleaned = _strip_portal_suffix(cleaned)
        key = _comparable(cleaned)
        if len(key) < 2 or key in site_keys:
            continue
        if h1 and source != "heuristic":
            h1_key = _comparable(h1)
            if len(h1_key) > len(key) and h1_key.startswith(key) and h1_key in _comparable(title_text or h1):
                return Found(h1, "heuristic")  # the metadata title was cut short (at a quote, a length limit)
        return Found(cleaned, source)
    return None


# -------------------------------------------------------------------------------------------------- authors

# Elements that name the author (itemprop/rel), or whose class or id does (case-sensitive, as the page wrote it).
_AUTHOR_CLASS = re.compile("byline|Byline|author|Author|writer")
_AUTHOR_ID = re.compile("author")
_ITEMPROP_NAME_XPATH = etree.XPath('.//*[@itemprop="name"]')
# Elements whose class or id says source, info, editor, meta, time or date: where bylines are printed.
_INFO_CLASS = re.compile("source|info|edit|meta|time|date")
_INFO_ID = re.compile("source|info|editor")

_LABEL = re.compile(
    r"^\s*(?:by|from|von|par|por|door|di|af|av|written by|posted by|reported by|text:)\s+"
    r"|^\s*(?:本文作者|作者|記者|记者|撰文|撰稿|采写|通讯员|责任编辑|责编|编辑)\s*[:：/|｜]?\s*"
    r"|^\s*(?:文|图文|文图|整理)\s*[:：/|｜]\s*",
    re.IGNORECASE,
)
_AUTHOR_SPLIT = re.compile(
    r"\s+(?:and|und|et|y|e|og|och|en|i)\s+|\s*(?:&|,|，|、|;|；|\||｜|/|\s和\s)\s*|\s{2,}", re.IGNORECASE
)
_NAME_NOISE = re.compile(r"\s*(?:\(.*?\)|（.*?）|\[.*?\]|【.*?】|<.*?>|\S+@\S+\.\w+)\s*")
_NOT_A_NAME = re.compile(
    r"^(?:staff|editor|editors|editorial|admin|administrator|reporter|correspondent|team|news|redaktion|"
    r"agencies|agency|wire|anonymous|unknown|guest|author|authors|more|follow|share|contact|"
    r"本报记者|记者|本报|编辑|作者|佚名|未知|匿名|网友|小编|新华社|新华网|中新网|人民网|央视网)$",
    re.IGNORECASE,
)
_SOURCE_LABEL = re.compile(r"^(?:quelle|source|fuente|fonte|来源|來源|出处)\s*[:：]", re.IGNORECASE)
_KOREAN_TITLE = re.compile(r"\s*(?:기자|특파원|논설위원|선임기자)(?:\s*외\s*\d+명)?$")
# Japanese names (kanji and kana, often with a space) and Korean names (hangul syllables).
_OTHER_CJK_NAME = re.compile(
    r"^(?:(?=.*[\u3040-\u30ff\s])[\u3040-\u30ff\u4e00-\u9fff]{1,5}\s?[\u3040-\u30ff\u4e00-\u9fff]{1,5}"
    r"|[\uac00-\ud7af]{2,5})$"
)
_CJK_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff·•]{1,10})$")

# Chinese bylines in text: the label, then one or more names separated by 、 ， or spaces.
# Names are 2–4 ideographs; a space does not separate names (it too often runs on into the next label).
_CJK_NAMES = r"((?:[\u4e00-\u9fff·]{2,4})(?:\s*[、,，和]\s*[\u4e00-\u9fff·]{2,4}){0,5})(?![\u4e00-\u9fff])"
_CHINESE_AUTHOR = re.compile(
    r"(?:作者|记者|撰文|撰稿|采写|文)\s*[:：/｜|]\s*" + _CJK_NAMES + r"|(?:本报|新华社|中新社)?记者\s*" + _CJK_NAMES
)
_CHINESE_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：/｜|]\s*" + _CJK_NAMES)


def _clean_name(text: str) -> str | None:
    text = normalize_space(_NAME_NOISE.sub(" ", text))
    text = _LABEL.sub("", text).strip(" .:：-–—|·•*")
    text = _KOREAN_TITLE.sub("", text).strip()
    if not text or len(text) > 60 or _NOT_A_NAME.match(text) or _is_url(text) or _SOURCE_LABEL.match(text):
        return None
    if any(character.isdigit() for character in text) or text[0] in "(（[【<":
        return None
    if CJK_CHARACTER.search(text):
        return text if _CJK_NAME.match(text) or _OTHER_CJK_NAME.match(text) else None
    words = text.split()
    if len(words) > 5 or not any(word[0].isupper() for word in words):
        return None
    return text


def _is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//", "www."))


def split_authors(values: Iterable[str]) -> list[str]:
    """Names from byline strings: labels (``By``, ``作者：``, ``文/``) removed, ``A and B`` / ``甲、乙`` split,
    non-names dropped, duplicates removed, order kept."""
    names: list[str] = []
    for value in values:
        value = _LABEL.sub("", normalize_space(value))
        for part in _AUTHOR_SPLIT.split(value):
            name = _clean_name(part)
            if name and name not in names:
                names.append(name)
    return names


def _chinese_bylines(texts: Iterable[str], pattern: re.Pattern[str]) -> list[str]:
    names: list[str] = []
    for text in texts:
        for match in pattern.finditer(text):
            group = next((g for g in match.groups() if g), "")
            for name in split_authors([group]):
                if _CJK_NAME.match(name) and name not in names:
                    names.append(name)
        if names:
            break
    return names


# "石佳/中国青年报" on a line of its own under the headline: author / source (澎湃新闻's convention).
_NAME_SLASH_SOURCE = re.compile(r"^([\u4e00-\u9fff]{2,4})\s*/\s*[\u4e00-\u9fff\w]{2,12}$")


def _name_over_source(page: Page) -> list[str]:
    for line in _text_after_headline(page).split(" | ")[:6]:
        match = _NAME_SLASH_SOURCE.match(line)
        if match and not _NOT_A_NAME.match(match.group(1)):
            return [match.group(1)]
    return []


def _byline_texts(page: Page) -> list[str]:
    """Short texts where bylines live: info/source/editor elements, the lines under the headline, the body's
    first and last lines."""
    texts: list[str] = []
    info_elements = [element for element, classes, identifier in _attributed_elements(page)
                     if _INFO_CLASS.search(classes) or _INFO_ID.search(identifier)]
    for element in info_elements[:40]:
        text = _short_text(element, 200)
        if text:
            texts.append(text)
    near = _text_after_headline(page)
    if near:
        texts.append(near)
    body = _body_node(page)
    if body is not None:
        paragraphs = itertools.islice((text for text in (_element_text(p) for p in body.iter("p")) if text), 3)
        texts.extend(text for text in paragraphs if len(text) <= 200)
    return texts


def find_authors(page: Page) -> Found | None:
    """Metadata authors > byline elements > Chinese bylines (作者/记者/文) > editors (see module notes)."""
    selector = page.selector
    sites = {_comparable(name) for name in _site_names(page)}
    declared = metadata.find_metadata_authors(selector)
    if declared:
        names = split_authors(str(value) for value in declared.value) if isinstance(declared.value, list) else []
        if names:
            return Found(names, declared.source)  # as declared, even when it is the publisher's name
    author_elements = [
        element for element, classes, identifier in _attributed_elements(page)
        if _AUTHOR_CLASS.search(classes) or _AUTHOR_ID.search(identifier)
        or element.get("itemprop") == "author" or element.get("rel") == "author"
    ]
    for element in author_elements[:12]:
        if _is_unlikely_chain(element):
            continue
        named = _ITEMPROP_NAME_XPATH(element)
        texts = [_element_text(node) for node in named] if named else [_element_text(element)]
        texts = [text for text in texts if 0 < len(text) <= 120]
        if not texts:
            continue
        if CJK_CHARACTER.search(" ".join(texts)):
            names = _chinese_bylines(texts, _CHINESE_AUTHOR) or [
                name for name in split_authors(texts) if _CJK_NAME.match(name)
            ]
        else:
            names = split_authors(texts)
        names = [name for name in names if _comparable(name) not in sites]
        if names:
            return Found(names, "heuristic")
    texts = _byline_texts(page)
    names = _chinese_bylines(texts, _CHINESE_AUTHOR) or _name_over_source(page)
    if names:
        return Found(names, "text")
    names = _chinese_bylines(texts, _CHINESE_EDITOR)
    if names:
        return Found(names, "text")
    return None


# ---------------------------------------------------------------------------------------------------- dates

_URL_DATE = re.compile(r"(?:^|[/_-])((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?=[/_.-]|$)")
_HAS_TIME = re.compile(r"\d{1,2}[:时]\d{2}|^\d{10}(?:\d{3})?$")
_DATE_LABEL = re.compile(
    r"(?:发布时间|发表时间|发布日期|发表日期|更新时间|时间|日期|published|posted|updated|veröffentlicht|publié)\s*(?:on|am|le)?\s*[:：]?",
    re.IGNORECASE,
)
_LABELLED_TEXT_XPATH = etree.XPath(
    "//body//text()[contains(., '时间') or contains(., '日期') or contains(., '来源') or contains(., 'Published')"
    " or contains(., 'Posted')][not(ancestor::script or ancestor::style or ancestor::a)]"
)
_FOLLOWING_TEXT_XPATH = etree.XPath(
    "(following::text()[normalize-space()][not(ancestor::script or ancestor::style)])[position() <= 40]"
)
# Elements whose class or id says time, date or pub(lished), searched over ``_attributed_elements``.
_DATE_HINT = re.compile("time|date|pub")

# Publication time set by a page script (WeChat articles: ``var ct = "1581517074"``), as a last resort.
_SCRIPT_PUBLISHED = re.compile(
    r"\bvar\s+(?:ct|publish_time|pubtime|publishTime|pubTime)\s*=\s*[\"']?"
    r"(\d{10}|\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?)"
)

_T = TypeVar("_T")
_FOUND_CACHE: weakref.WeakKeyDictionary[Selector, dict[str, object]] = weakref.WeakKeyDictionary()


def _cached(page: Page, key: str, compute: Callable[[], _T]) -> _T:
    """Per-page memo (keyed weakly on the parsed tree) so that ``extract_generic`` and the ``find_*`` functions
    share the expensive steps (body detection, headline lookup)."""
    store = _FOUND_CACHE.setdefault(page.selector, {})
    if key not in store:
        store[key] = compute()
    return cast(_T, store[key])


_ATTRIBUTED_XPATH = etree.XPath("//*[@class or @id or @itemprop or @rel]")


def _attributed_elements(page: Page) -> list[tuple[HtmlElement, str, str]]:
    """Every element with a class, id, itemprop or rel, with its class and id, in document order. Searching class
    names in Python over this list costs a tenth of an XPath ``contains(@class, …)`` chain over the document
    (libxml2 converts every attribute again for each ``contains``)."""

    def compute() -> list[tuple[HtmlElement, str, str]]:
        return [(element, element.get("class") or "", element.get("id") or "")
                for element in _ATTRIBUTED_XPATH(page.selector.root)]

    return _cached(page, "attributed", compute)


def _headline_element(page: Page) -> HtmlElement | None:
    def compute() -> HtmlElement | None:
        h1s = _H1_XPATH(page.selector.root)
        if not h1s:
            return None
        title = find_title(page)
        if title:
            key = _comparable(str(title.value))
            for h1 in h1s:
                text_key = _comparable(_element_text(h1))
                if text_key and (text_key in key or key in text_key):
                    return h1
        texts = [(len(_element_text(h1)), h1) for h1 in h1s[:8]]
        return max(texts, key=lambda item: item[0])[1]

    return _cached(page, "headline", compute)


def _text_after_headline(page: Page) -> str:
    """The visible lines right after the headline, joined with `` | `` (the date / source / author bar)."""

    def compute() -> str:
        h1 = _headline_element(page)
        if h1 is None:
            return ""
        parts: list[str] = []
        total = 0
        for node in _FOLLOWING_TEXT_XPATH(h1):
            text = normalize_space(str(node))
            parts.append(text)
            total += len(text)
            if total > 600:
                break
        return " | ".join(parts)

    return _cached(page, "after-headline", compute)


def _date_from_text(page: Page) -> tuple[datetime, str] | None:
    """A date printed near the headline, or in a date/time element."""
    near = _text_after_headline(page)
    if near:
        label = _DATE_LABEL.search(near)
        if label:
            found = search_datetime(near[label.end() : label.end() + 80], page.timezone)
            if found:
                return found
        found = search_datetime(near[:400], page.timezone)
        if found:
            return found
    date_elements = [element for element, classes, identifier in _attributed_elements(page)
                     if _DATE_HINT.search(classes) or _DATE_HINT.search(identifier)]
    for element in date_elements[:20]:
        text = _short_text(element, 120)
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
        label = _DATE_LABEL.search(own)
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
            line = _short_text(element, 200)
            if line is None:
                break
            label = _DATE_LABEL.search(line)
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

    return _cached(page, "published", compute)


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


# ------------------------------------------------------------------------------------ simple metadata fields


def find_lead_image(page: Page) -> Found | None:
    """``og:image`` > JSON-LD ``image`` > ``twitter:image``, absolute."""
    return metadata.find_lead_image(page.selector)


def find_description(page: Page) -> Found | None:
    """The summary the page declares."""
    return metadata.find_description(page.selector)


def find_canonical_url(page: Page) -> Found | None:
    """``rel=canonical`` > ``og:url`` > JSON-LD ``url``, absolute."""
    return metadata.find_canonical_url(page.selector)


def find_tags(page: Page) -> Found | None:
    """``article:tag`` > JSON-LD ``keywords`` > ``keywords`` meta."""
    return metadata.find_keywords(page.selector)


_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_LETTER = re.compile(r"[^\W\d_]")
_ENGLISH_WORDS = re.compile(r"\b(?:the|and|of|to|in|is|that|for|with)\b", re.IGNORECASE)


def guess_language(text: str) -> str | None:
    """``zh`` / ``ja`` / ``ko`` when CJK script dominates, ``en`` for plain ASCII English, else None."""
    letters = _LETTER.findall(text)
    if len(letters) < 20:
        return None
    cjk = cjk_count(text)
    if cjk / len(letters) > 0.3:
        if len(_KANA.findall(text)) > cjk * 0.05:
            return "ja"
        if len(_HANGUL.findall(text)) > cjk * 0.5:
            return "ko"
        return "zh"
    non_ascii = sum(1 for letter in letters if not letter.isascii())
    words = len(text.split())
    if non_ascii / len(letters) < 0.005 and words and len(_ENGLISH_WORDS.findall(text)) / words > 0.05:
        return "en"
    return None


def find_language(page: Page) -> Found | None:
    """Declared language (``<html lang>``, meta, ``og:locale``, JSON-LD) > guessed from the text's script."""
    declared = metadata.find_declared_language(page.selector)
    if declared:
        return declared
    body = _body_node(page)
    sample = _element_text(body)[:3000] if body is not None else ""
    title = find_title(page)
    guessed = guess_language(f"{title.value if title else ''} {sample}")
    return Found(guessed, "heuristic") if guessed else None


# ----------------------------------------------------------------------------------------------------- body

_PARAGRAPH_XPATH = etree.XPath(
    "//p | //pre | //div[text()[normalize-space()]] | //section[text()[normalize-space()]]"
    " | //td[text()[normalize-space()]] | //article[text()[normalize-space()]] | //blockquote"
    " | //li[text()[normalize-space()]][not(.//p)]"
    # <div><span>text</span></div>: a paragraph written with a div and inline elements only.
    " | //div[not(text()[normalize-space()])][*][not(*[not(self::span or self::a or self::strong or self::em"
    " or self::b or self::i or self::font or self::br)])]"
)
_LINK_TEXT_XPATH = etree.XPath("string-length(normalize-space(string(.)))")
_LINKS_XPATH = etree.XPath(".//a")
# Containers that commonly hold an article body; used when they hold most of the detected content.
_KNOWN_BODY_IDS = frozenset(
    (
        "content",
        "artibody",
        "js_content",
        "article-content",
        "article_content",
        "articlecontent",
        "main-content",
        "article",
        "contenttext",
        "ctrlfscont",
        "endtext",
        "cnt-main-article-qq",
        "article-body",
        "articlebody",
        "zoom",
        "text",
        "content_area",
        "detail",
        "news_content",
        "newscontent",
    )
)
_KNOWN_BODY_CLASSES = frozenset(
    (
        "article-content",
        "article-body",
        "articlebody",
        "article__body",
        "post-content",
        "entry-content",
        "article",
        "content",
        "post_body",
        "post_text",
        "rich_media_content",
        "news_txt",
        "article-text",
        "story-body",
        "story-content",
        "article_content",
        "articlecontent",
        "text_con",
        "box_con",
        "main-text",
        "article-main",
        "body-content",
        "post-body",
        "entry",
        "detail-content",
        "content-article",
    )
)

_SKIP_TAGS = frozenset(
    (
        "script",
        "style",
        "noscript",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "select",
        "textarea",
        "iframe",
        "svg",
        "header",
        "menu",
        "template",
    )
)
_INLINE_TAGS = frozenset(("a", "span", "strong", "b", "em", "i", "font", "u", "sub", "sup", "small", "mark", "code"))
_UNLIKELY = re.compile(
    r"comment|disqus|footer|foot\b|\bnav|navbar|menu|breadcrumb|sidebar|side-bar|\bside\b|aside|share|social|rail\b|"
    r"related|recommend|relevant|popular|hot-?news|rank|banner|sponsor|promo|advert|adsbygoogle|google_ad|"
    r"(?:^|[\s_-])(?:ads?|adv)(?:$|[\s_-])|"
    r"copyright|login|signup|newsletter|subscribe|pagination|pager|widget|masthead|cookie|gdpr|(?:(?<![\w-])|(?<=\w-))(?:modal|popup)(?![a-z])|"
    r"toolbar|tags\b|keywords|author-?bio|more-?stories|read-?more|next-?article|prev-?article|"
    r"download|qrcode|erweima|jubao|dianzan|zan\b|xgxw|xgyd|tuijian|remen|pinglun|consent|privacy|opt-?in|"
    r"\bpoll\b|survey|quiz|embed-placeholder|embed-wrapper|inline-article|more-topic|author-?box|about-?author|"
    r"expandable|infobox|info-box|factbox|fact-box|person-details|deals?\b|articletool|tool-?bar|tooltip|"
    r"(?:^|[\s_-])(?:tools?|sns)(?:$|[\s_-])|app-?(?:hint|banner|promo|download|teaser|install)",
    re.IGNORECASE,
)
_MAYBE = re.compile(r"article|body|content|entry|main|post|story|text|detail|artibody|news_txt", re.IGNORECASE)
_POSITIVE = re.compile(
    r"article|body|content|entry|hentry|main|page|post|text|blog|story|detail|artibody|zhengwen|neirong|"
    r"news_txt|rich_media",
    re.IGNORECASE,
)
_NEGATIVE = re.compile(
    r"hidden|banner|combx|comment|com-|contact|foot|footer|footnote|masthead|media-credit|meta|outbrain|promo|"
    r"related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags|tool|widget|recommend|copyright|"
    r"\bad\b|ads\b|advert|nav|menu|list|rank|hot",
    re.IGNORECASE,
)
_COMMAS = re.compile(r"[,，、。；;！？!?]")


# Counted for every paragraph of every page: str.count is a C loop, several times faster than findall's list.
def _code_punctuation_count(text: str) -> int:
    """How many of ``{ } ; =`` and ``()`` the text holds (script or style text shown as text is full of them)."""
    return text.count("{") + text.count("}") + text.count(";") + text.count("=") + text.count("()")


def _comma_count(text: str) -> int:
    """How many clause marks (commas, stops, question and exclamation marks, Latin and CJK) the text holds."""
    if text.isascii():
        return text.count(",") + text.count(";") + text.count("!") + text.count("?")
    return len(_COMMAS.findall(text))


# Boilerplate blocks inside Chinese (and English) bodies. A block starting with a marker goes; one starting
# with a reading-list marker takes everything after it in its parent with it.
_NOISE_TEXT = re.compile(
    r"^[(（【\[]?\s*(?:免责声明|版权声明|声明[:：]|责任编辑|责编|扫码关注|扫描二维码|关注公众号|关注我们|原文链接|"
    r"分享到|更多精彩|点击进入|本文来源[:：]|Advertisement$|Sign up for|Share this|Sign in\b|Log in\b|"
    r"Create an account|Join the conversation|Recommended videos?$|Leave a comment|Comments?$|Follow us\b|"
    r"Subscribe\b|Newsletter$|Weiterlesen$|Mehr zum Thema$|Zur Startseite$|Empfohlener redaktioneller Inhalt|"
    r"Externe[rn]? Inhalt|An dieser Stelle finden Sie (?:einen )?(?:von unseren Redakteuren ausgewählten, )?externen|"
    r"Um eingebettete Inhalte anzuzeigen|Hat Ihnen dieser Artikel gefallen|Did you (?:enjoy|like) this article|"
    r"Support (?:our|independent) journalism)",
    re.IGNORECASE,
)
# Photo credits closing a caption line ("… Foto: Teresa Suarez/AP", "[사진 출처 = 연합뉴스]", "（新华社记者 张三 摄）").
_CREDIT_END = re.compile(
    r"(?:\b(?:Fotos?|Photos?|Photograph|Bild(?:er)?|Image|Picture|Credit|Quelle|Fuente|Crédit|Crédito|Grafik|"
    r"Illustration|Foto\s?credit)\s*:\s*[^.!?。]{2,80}"
    r"|\[사진\s*(?:출처)?\s*=?[^\]]{1,60}\]|[（(][^）)]{0,30}(?:摄|供图)[）)]|(?:图片|圖片)(?:来源|來源)?[:：][^。]{1,40}"
    r"|©[^!?。]{1,80}|Getty Images|(?:AFP|AP|Reuters|dpa|EPA|Imago|picture alliance)(?:/[\w .-]{1,40})?)"
    r"\s*[\])）]?\s*$",
    re.IGNORECASE,
)
_READING_LIST = re.compile(
    r"^[(（【\[]?\s*(?:相关阅读|推荐阅读|延伸阅读|相关新闻|相关文章|热门推荐|猜你喜欢|"
    r"Related(?: Articles| Stories| Coverage)?:?$|Read more:?$|Read next|More from|Also read|More on this|"
    r"Recommended(?: for you| stories)?$|Most (?:read|popular)$|You (?:may|might) also like|"
    r"Das könnte Sie auch interessieren|Mehr zum Thema|Lesen Sie auch|Auch interessant|Weitere Artikel|"
    r"(?:Lire|À lire) aussi|Leer más|Lee también|Leggi anche|About the authors?$|Sobre la firma$|Sobre el autor|"
    r"Über (?:den|die) Autor|À propos de l'auteur|Zum Autor|Zur Autorin|Sull'autore|关于作者|作者简介|"
    r"あわせて読みたい|おすすめ(?:情報|記事)?$|関連(?:記事|ニュース|企業)|この記事の(?:特集|筆者|関連)|"
    r"관련\s?기사|추천\s?기사|많이 본 (?:뉴스|기사))",
    re.IGNORECASE,
)
# Short notices that may sit anywhere in a line ("【…未经授权，不得转载】").
_NOISE_ANYWHERE = re.compile(r"未经授权|不得转载|禁止转载|转载请注明|版权所有|All Rights Reserved", re.IGNORECASE)
# Every text node of every body is tested against the two patterns above, and most lines hold nothing either
# needs: these literal checks skip the pattern for them (a quarter of the boilerplate pass on news pages).
# Every credit holds one of these marks, or ends in an agency name (AFP, AP, Reuters, dpa, EPA, Imago, picture
# alliance, Getty Images) compared lower-cased, unless one of the four letters below stands in for an ASCII one.
_CREDIT_MARKS = (":", "：", "]", "摄", "供图", "©", "/")
_AGENCY_ENDINGS = ("afp", "ap", "reuters", "dpa", "epa", "imago", "picture alliance", "getty images")
_NOTICE_WORDS = ("未经授权", "不得转载", "禁止转载", "转载请注明", "版权所有")
# The four non-ASCII letters IGNORECASE matches with ASCII ones (İ, ı, ſ, Kelvin K): lower() would miss them.
_FOLDED_LETTER = re.compile("[\u0130\u0131\u017f\u212a]")


def _ends_in_credit(tail: str) -> bool:
    """``_CREDIT_END.search(tail)``, the pattern run only when ``tail`` can hold a credit."""
    if not any(mark in tail for mark in _CREDIT_MARKS):
        end = tail.rstrip()
        if end[-1:] in (")", "）"):
            end = end[:-1].rstrip()
        if not end.lower().endswith(_AGENCY_ENDINGS) and not _FOLDED_LETTER.search(end[-20:]):
            return False
    return _CREDIT_END.search(tail) is not None


def _holds_notice(text: str) -> bool:
    """``_NOISE_ANYWHERE.search(text)``, the pattern run only when ``text`` can hold a notice."""
    if any(word in text for word in _NOTICE_WORDS):
        return True
    if "all rights reserved" in text.lower():
        return True
    return _FOLDED_LETTER.search(text) is not None and _NOISE_ANYWHERE.search(text) is not None


_LINK_BLOCKS_XPATH = etree.XPath(
    ".//*[self::ul or self::ol or self::div or self::section or self::table][count(.//a) >= 3]"
)
_TEXT_NODES_XPATH = etree.XPath(".//text()[normalize-space()][not(ancestor::script or ancestor::style)]")
_RELATED_SECTION = re.compile(
    r"related|recommend|more-?stories|read-?more|also-?read|you-may-like|outbrain|taboola|further-?reading",
    re.IGNORECASE,
)
# A class or id word naming a comment section: "comments", "post_comment", "comment-list", "disqus_thread"
# ("commentary" is an article genre, not a comment section).
_COMMENT_WORD = re.compile(
    r"^(?:[\w]*[_-])?(?:comments?|commentlist|pinglun|disqus\w*|respond|replies)(?:[_-][\w-]*)?$", re.IGNORECASE
)


_NOT_A_SECTION = re.compile(r"count|num|icon|btn|button|link|toggle|trigger", re.IGNORECASE)


def _has_media(element: HtmlElement) -> bool:
    return next(element.iter("img", "picture", "video"), None) is not None


def _text_parts_without_media(element: HtmlElement) -> list[HtmlElement]:
    """The largest descendants of ``element`` that hold text and no picture."""
    parts: list[HtmlElement] = []
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if _has_media(child):
            parts.extend(_text_parts_without_media(child))
        elif child.tag not in ("source", "br") and normalize_space(child.text_content()):
            parts.append(child)
    return parts


def _is_comment_section(hints: str) -> bool:
    return any(_COMMENT_WORD.match(word) and not _NOT_A_SECTION.search(word) for word in hints.split())


# Class words of elements not shown to readers ("hidden-xs" is hidden on phones only, so it is not one).
_HIDDEN_WORD = re.compile(
    r"^(?:(?!overflow|text|scroll)[\w]+-)?(?:hidden|hide|d-none|invisible|offscreen|sr-only|visually-?hidden|"
    r"visuallyhidden|screen-?reader(?:-text|-only)?|element-invisible)$",
    re.IGNORECASE,
)
# Utility classes that show an element again from some screen size on ("hidden md:block", "d-none d-lg-block").
_SHOWN_AGAIN = re.compile(r":(?:block|flex|inline|grid|table)|^d-\w+-(?:block|flex|inline|grid|table)", re.IGNORECASE)


def _hidden_by_class(hints: str) -> bool:
    words = hints.split()
    return any(_HIDDEN_WORD.match(word) for word in words) and not any(_SHOWN_AGAIN.search(word) for word in words)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_NOISE_CLASS_XPATH = etree.XPath(
    ".//*[@class or @id or @hidden or @style or @aria-hidden or self::nav or self::aside or self::form"
    " or self::button or self::header or self::h1 or self::figcaption or self::label or self::select]"
)
# The headline and the article header (title, byline, date) are fields of their own, not body text.
_NOISE_TAGS = frozenset(("nav", "aside", "form", "button", "header", "h1", "figcaption", "label", "select"))
_BUTTON_HINTS = re.compile(r"btn|button|icon|share|sns", re.IGNORECASE)
_SOFT_NOISE = re.compile(r"placeholder|teaser", re.IGNORECASE)
_CAPTION_HINTS = re.compile(
    r"caption|credit|copyright|photographer|bildunterschrift|bildquelle|legend|image-source|img-source|"
    r"media-source|pic-info|pictext|img_desc|imgdesc|(?:img|image|photo|picture|media)[_-]*(?:desc|text|info)|"
    r"lightbox",
    re.IGNORECASE,
)
_META_HINTS = re.compile(
    r"byline|author|dateline|timestamp|publish|posted|kicker|eyebrow|overline|(?:^|[\s_-])(?:meta|date|time|"
    r"info|source|tags?)(?:$|[\s_-])",
    re.IGNORECASE,
)
_AD_LABEL = re.compile(r"^(?:advertisement|anzeige|werbung|publicité|publicidad|pubblicità|annons|广告|ad)$", re.I)
_SENTENCE_END = (".", "!", "?", "。", "！", "？", "\"", "”", "»", "…", ":", "：")
_LEADING_BYLINE = re.compile(
    r"^(?:(?:by|von|par|por|di|door|av|af|written by)\s+|(?:text|texto|fotos?)\s*:\s*|文\s*[/／|:：]\s*|"
    r"(?:作者|记者|來源|来源|编辑|責任編輯|责任编辑)\s*[:：/／|]?\s*)\S",
    re.IGNORECASE,
)
_DATE_IN_LINE = re.compile(
    r"\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b|\b\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}|\b\d{1,2}:\d{2}\b|"
    r"\b\d{1,2}\.? (?:jan|feb|mär|mar|apr|ma[iyg]|jun|jul|aug|sep|o[ck]t|nov|de[cz]|juil|janv|févr|sept|déc)"
    r"\w*\.? \d{4}",
    re.IGNORECASE,
)
_TOOLBAR_XPATH = etree.XPath(".//*[self::ul or self::ol or self::div or self::section or self::p][count(*) >= 4]")
_LEAF_BLOCKS_XPATH = etree.XPath(
    ".//*[self::p or self::div][not(*[self::p or self::div or self::li])]"
    "[not(ancestor::pre or ancestor::p or ancestor::table)]"
)


def _hints(element: HtmlElement) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip()


_UNLIKELY_HINTS: dict[str, bool] = {}


def _unlikely_hints(hints: str) -> bool:
    """Whether class/id ``hints`` mark navigation, comments, sharing… (memoised: pages repeat class names)."""
    result = _UNLIKELY_HINTS.get(hints)
    if result is None:
        result = bool(_UNLIKELY.search(hints)) and not _MAYBE.search(hints)
        if len(_UNLIKELY_HINTS) > 20000:
            _UNLIKELY_HINTS.clear()
        _UNLIKELY_HINTS[hints] = result
    return result


def _is_unlikely(element: HtmlElement) -> bool:
    tag = element.tag
    if not isinstance(tag, str):
        return True
    if tag in _SKIP_TAGS:
        return True
    if tag in ("html", "body", "article", "main"):
        return False
    hints = _hints(element)
    return bool(hints) and _unlikely_hints(hints)


def _is_unlikely_chain(element: HtmlElement) -> bool:
    if _is_unlikely(element) and element.tag not in ("header", "aside"):
        return True
    return any(_is_unlikely(ancestor) and ancestor.tag != "header" for ancestor in element.iterancestors())


def _block_text(element: HtmlElement) -> str:
    """The text a paragraph-like element holds itself: all of it for ``<p>``, for a ``<div>`` only its own text
    and inline children (its block children are paragraphs of their own)."""
    if element.tag in ("p", "pre", "blockquote", "li"):
        return element.text_content()
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag in _INLINE_TAGS:
            parts.append(child.text_content())
        elif child.tag == "br":
            parts.append("\n")
        parts.append(child.tail or "")
    return "".join(parts)


def _link_density(element: HtmlElement, text_length: int) -> float:
    if text_length <= 0:
        return 1.0
    link_length = sum(len(normalize_space(link.text_content())) for link in _LINKS_XPATH(element))
    return min(1.0, link_length / text_length)


def _class_weight(element: HtmlElement) -> int:
    hints = _hints(element)
    if not hints:
        return 0
    weight = 0
    if _POSITIVE.search(hints):
        weight += 25
    if _NEGATIVE.search(hints):
        weight -= 25
    return weight


_TAG_WEIGHT = {
    "div": 5,
    "article": 10,
    "section": 3,
    "pre": 3,
    "td": 3,
    "blockquote": 3,
    "main": 5,
    "ol": -3,
    "ul": -3,
    "dl": -3,
    "li": -3,
    "form": -3,
    "h1": -5,
    "h2": -5,
    "h3": -5,
    "th": -5,
}


_NEVER_CONTENT = frozenset(("script", "style", "noscript", "template", "svg", "select", "textarea", "button"))


def _detect_body(root: HtmlElement) -> HtmlElement | None:
    body = _detect_body_once(root, trust_class_names=True)
    if body is None or body.tag in ("body", "html"):
        # Class names ruled out the article itself ("sidebar-grid__container"): retry trusting tags only.
        retried = _detect_body_once(root, trust_class_names=False)
        return retried if retried is not None else body
    return body


def _detect_body_once(root: HtmlElement, *, trust_class_names: bool) -> HtmlElement | None:
    # Paragraph-like blocks with enough text, and how much of it sits under every element.
    blocks: list[tuple[HtmlElement, str, int, list[HtmlElement]]] = []
    everywhere: dict[HtmlElement, int] = {}
    total = 0
    for block in _PARAGRAPH_XPATH(root):
        text = normalize_space(_block_text(block))
        length = len(text) + cjk_count(text)  # a CJK character carries about as much as two Latin letters
        if length < 25:
            continue
        if block.tag != "pre" and _code_punctuation_count(text) > 0.03 * len(text):
            continue  # script or style text shown as text (a broken page), not prose
        ancestors = list(block.iterancestors())
        blocks.append((block, text, length, ancestors))
        for element in (block, *ancestors):
            everywhere[element] = everywhere.get(element, 0) + length
        total += length
    if not blocks:
        # A page of a few short lines (no block reaches 25 characters): its <body> is all there is.
        body = root.find("body")
        return body if body is not None and normalize_space(body.text_content()) else None

    blocked_memo: dict[HtmlElement, bool] = {}

    def blocked(element: HtmlElement) -> bool:
        """Whether the element or an ancestor is unlikely to hold the article (memoised per node). Class names
        lie ("sidebar-layout", "widget rich"): an element holding half the page's text is never ruled out."""
        result = blocked_memo.get(element)
        if result is None:
            parent = element.getparent()
            if element.tag in _NEVER_CONTENT or not isinstance(element.tag, str):
                unlikely = True
            elif trust_class_names:
                # Sidebars and footers by tag stay out unless they hold nearly everything.
                share = 0.8 if element.tag in _SKIP_TAGS else 0.5
                unlikely = _is_unlikely(element) and everywhere.get(element, 0) < share * total
            else:
                unlikely = element.tag in _SKIP_TAGS and everywhere.get(element, 0) < 0.5 * total
            result = unlikely or (parent is not None and blocked(parent))
            blocked_memo[element] = result
        return result

    scores: dict[HtmlElement, float] = {}
    content: dict[HtmlElement, float] = {}
    for block, text, length, ancestors in blocks:
        if blocked(block):
            continue
        # Commas count up to one per 30 characters: a comma-separated list of names is not prose.
        score: float = 1 + min(_comma_count(text), length // 30 + 1) + min(length // 100, 3)
        if block.tag == "li" or next(block.iter("a"), None) is not None:
            score *= 1 - _link_density(block, len(text))
        if block.tag in ("p", "pre", "blockquote", "li"):
            targets = [(ancestors[0], 1.0)] if ancestors else []
            if len(ancestors) > 1:
                targets.append((ancestors[1], 0.5))
        else:
            targets = [(block, 1.0)]
            if ancestors:
                targets.append((ancestors[0], 0.5))
        for target, share in targets:
            if target not in scores:
                scores[target] = _TAG_WEIGHT.get(target.tag, 0) + _class_weight(target)
            scores[target] += score * share
        for ancestor in (block, *ancestors):
            content[ancestor] = content.get(ancestor, 0) + length
    if not scores:
        return None
    # A promising class name ("ArticleNoteBox") is worth little on a box holding a line or two.
    for element in scores:
        if content.get(element, 0) < 200:
            weight = _class_weight(element)
            if weight > 0:
                scores[element] -= weight

    def final(element: HtmlElement) -> float:
        text_length = len(normalize_space(element.text_content()))
        return scores[element] * (1 - _link_density(element, text_length))

    ranked = sorted(scores, key=scores.__getitem__, reverse=True)[:8]
    top = max(ranked, key=final)

    # Articles split into sibling blocks (chunks, sections): climb to the nearest ancestor, a few levels up at
    # most, where the top holds well under the content; stop at link-heavy or unlikely containers.
    while True:
        top_content = content.get(top, 0)
        target = None
        for level, ancestor in enumerate(top.iterancestors()):
            if level >= 4 or ancestor.tag in ("body", "html") or blocked(ancestor):
                break
            if top_content < 0.6 * content.get(ancestor, 0):
                target = ancestor
                break
        if target is None or _link_density(target, len(normalize_space(target.text_content()))) > 0.3:
            break
        top = target

    # Known containers (itemprop=articleBody, <article>, #content, .article-content…) win when they hold most
    # of the detected content without dragging much else along; the tightest such container is taken.
    top_content = content.get(top, 0)
    top_rank = _known_body_rank(top)
    top_ancestors = set(top.iterancestors())
    best: tuple[int, float, HtmlElement] | None = None
    for element, element_content in content.items():
        if element is top or element_content < 0.7 * top_content:
            continue
        rank = _known_body_rank(element)
        if rank is None or (top_rank is not None and rank >= top_rank):
            continue
        if element in top_ancestors:
            if element_content > 1.2 * top_content:
                continue
        elif not any(ancestor is top for ancestor in element.iterancestors()):
            continue  # a container elsewhere on the page (another article, a teaser)
        if blocked(element):
            continue
        if _link_density(element, len(normalize_space(element.text_content()))) > 0.35:
            continue
        key = (rank, element_content)
        if best is None or key < best[:2]:
            best = (rank, element_content, element)
    chosen = best[2] if best else top
    return _with_continuations(chosen, content, blocked)


def _first_class(element: HtmlElement) -> str:
    classes = (element.get("class") or "").split()
    return classes[0] if classes else ""


def _with_continuations(
    top: HtmlElement, content: dict[HtmlElement, float], blocked: Callable[[HtmlElement], bool]
) -> HtmlElement:
    """``top`` and the siblings that continue the article (``story-body-1``, ``story-body-2``, text blocks split
    by ads or newsletter boxes), as one detached ``<div>``; ``top`` itself when it stands alone."""
    if top.tag in ("body", "html"):
        return top
    top_content = content.get(top, 0)
    # The article's unit among its siblings: the highest wrapper holding no other text than ``top``.
    unit = top
    for _ in range(5):
        parent = unit.getparent()
        if parent is None or parent.tag in ("body", "html") or content.get(parent, 0) > 1.02 * top_content:
            break
        unit = parent
    parent = unit.getparent()
    if parent is None or parent.tag in ("body", "html"):
        return top
    found, top = top, unit
    top_class = _first_class(top)
    def continues(sibling: HtmlElement, adjacent: bool, before: bool = False) -> bool:
        sibling_content = content.get(sibling, 0)
        if sibling_content <= 0 or blocked(sibling):
            return False
        hints = _hints(sibling)
        if hints and (_is_comment_section(hints) or _RELATED_SECTION.search(hints)):
            return False
        same_kind = sibling.tag == top.tag and top_class and _first_class(sibling) == top_class
        # Next to the article, paragraphs and intro blocks count too ("story-intro", loose <p>s).
        # Before the article an intro block counts; after it, only loose paragraphs (a box after the text is
        # more often a notice, an offer or a teaser than more of the article).
        loose = adjacent and (sibling.tag == "p" or (before and sibling_content >= 0.05 * top_content))
        enough = sibling_content >= 0.25 * top_content or loose
        if not (same_kind or enough):
            return False
        return _link_density(sibling, len(normalize_space(sibling.text_content()))) <= 0.25

    siblings = [sibling for sibling in parent if isinstance(sibling.tag, str) and sibling.tag not in _NEVER_CONTENT]
    position = siblings.index(top)
    kept_set = {top}
    # Outwards from the article while each block continues it (blocks without text, such as ads, are passed).
    for run, before in ((siblings[position + 1 :], False), (siblings[:position][::-1], True)):
        for sibling in run:
            if content.get(sibling, 0) <= 0:
                continue
            if not continues(sibling, adjacent=True, before=before):
                break
            kept_set.add(sibling)
    # Further away, only blocks of the same kind or of substance ("story-body-2" after a teaser box).
    for sibling in siblings:
        if sibling not in kept_set and continues(sibling, adjacent=False):
            kept_set.add(sibling)
    kept = [sibling for sibling in siblings if sibling in kept_set]
    if len(kept) == 1:
        return found
    # Everything between the first and the last kept block that is a picture stays too (figures between
    # text blocks); other blocks in between (ads, newsletter boxes, teasers) do not.
    first, last = parent.index(kept[0]), parent.index(kept[-1])
    keep = set(kept)
    merged = cast(HtmlElement, top.makeelement("div", {}))
    for sibling in parent[first : last + 1]:
        is_media = isinstance(sibling.tag, str) and (
            sibling.tag in ("figure", "picture", "img")
            or (next(sibling.iter("img"), None) is not None and len(normalize_space(sibling.text_content())) < 200)
        )
        if sibling in keep or (is_media and not blocked(sibling)):
            child = copy.deepcopy(sibling)
            child.tail = None
            merged.append(child)
    return merged


def _known_body_rank(element: HtmlElement) -> int | None:
    """0 for ``itemprop=articleBody``, 1 for a known id or class, 2 for ``<article>``; None otherwise."""
    if element.tag in ("body", "html"):
        return None  # <body class="article"> names the page type, not a container
    if element.get("itemprop") == "articleBody":
        return 0
    element_id = (element.get("id") or "").lower()
    if element_id and element_id in _KNOWN_BODY_IDS:
        return 1
    classes = element.get("class")
    if classes and not _KNOWN_BODY_CLASSES.isdisjoint(classes.lower().split()):
        return 1
    if element.tag == "article":
        return 2
    return None


def _path_from(ancestor: HtmlElement, element: HtmlElement) -> list[int]:
    path: list[int] = []
    node = element
    while node is not ancestor:
        parent = node.getparent()
        if parent is None:
            return []
        path.append(parent.index(node))
        node = parent
    return path[::-1]


def _follow(element: HtmlElement, path: list[int]) -> HtmlElement:
    for index in path:
        element = element[index]
    return element


class _NoiseFlags(NamedTuple):
    """What a class/id string says about an element inside the body (see ``_noise_in``)."""

    unlikely: bool = False
    soft: bool = False
    hidden: bool = False
    meta: bool = False
    related: bool = False
    comments: bool = False


_NO_FLAGS = _NoiseFlags()
_NOISE_FLAGS: dict[str, _NoiseFlags] = {}


def _noise_flags(hints: str) -> _NoiseFlags:
    """Every class-name test of ``_noise_in`` at once, memoised: pages repeat their class names."""
    flags = _NOISE_FLAGS.get(hints)
    if flags is None:
        flags = _NoiseFlags(
            unlikely=bool(_UNLIKELY.search(hints)),
            soft=bool(_CAPTION_HINTS.search(hints) or _SOFT_NOISE.search(hints)),
            hidden=_hidden_by_class(hints),
            meta=bool(_META_HINTS.search(hints)) and not _MAYBE.search(hints),
            related=bool(_RELATED_SECTION.search(hints)),
            comments=_is_comment_section(hints),
        )
        if len(_NOISE_FLAGS) > 20000:
            _NOISE_FLAGS.clear()
        _NOISE_FLAGS[hints] = flags
    return flags


def _noise_in(body: HtmlElement, title: str | None = None) -> list[tuple[HtmlElement, bool]]:
    """(element, with everything after it) pairs of boilerplate inside ``body``."""
    total = len(normalize_space(body.text_content())) or 1
    found: list[tuple[HtmlElement, bool]] = []
    seen: set[HtmlElement] = set()

    def inside_found(element: HtmlElement) -> bool:
        return bool(seen) and any(ancestor in seen for ancestor in element.iterancestors())

    title_key = _comparable(title) if title else ""
    for element in _NOISE_CLASS_XPATH(body):
        tag = element.tag
        hints = _hints(element)
        flags = _noise_flags(hints) if hints else _NO_FLAGS
        # Inside the body a class name saying "related", "share", "newsletter"… is not rescued by "content"
        # ("related-content", "share-content"): the article container is already chosen.
        noisy = tag in _NOISE_TAGS or flags.unlikely
        if tag == "h1" and title_key and _overlap(_comparable(_element_text(element)), title_key) < 0.5:
            noisy = False  # a heading of the text, not the headline (a field of its own)
        limit = int(0.3 * total)
        # Soft noise: its text goes, the pictures it holds stay (captions, video placeholders, hidden galleries).
        soft = False
        if not noisy and (tag == "figcaption" or flags.soft):
            noisy = soft = True
        if not noisy and (
            flags.hidden
            or element.get("hidden") is not None
            or element.get("aria-hidden") == "true"
            or _HIDDEN_STYLE.search(element.get("style") or "")
        ):
            # Not shown to readers (screen-reader labels, collapsed offers, templates); a picture hidden until a
            # script shows it (lazy loading, formula fallbacks) stays.
            noisy = soft = True
        if not noisy and flags.meta:
            noisy, limit = True, min(limit, 160)  # byline, date, kicker lines above or below the text
        if not noisy or element in seen or inside_found(element):
            continue
        if soft and _has_media(element):
            if _short_text(element, limit) is not None and not _holds_prose(element):
                for part in _text_parts_without_media(element):
                    if part not in seen:
                        found.append((part, False))
                        seen.add(part)
            continue
        if flags.related and _short_text(element, int(0.6 * total)) is not None:
            # Related-posts boxes hold excerpts that read like prose; they go whole.
            found.append((element, False))
            seen.add(element)
            continue
        if flags.comments:
            # A comment section is never the article, however much it holds.
            if _short_text(element, int(0.8 * total)) is not None:
                found.append((element, False))
                seen.add(element)
            continue
        if _short_text(element, limit) is not None and not _holds_prose(element):
            found.append((element, False))
            seen.add(element)
    # Short labels repeated through the body ("Article content", "Advertisement", "Anzeige"), and the headline
    # repeated inside it.
    counts: dict[str, list[HtmlElement]] = {}
    leaf_blocks = _LEAF_BLOCKS_XPATH(body)
    for element in leaf_blocks:
        text = _short_text(element, 300)
        if not text:
            continue
        if title_key and len(title_key) >= 8 and _comparable(text) == title_key and not _has_media(element):
            if element not in seen and not inside_found(element):
                found.append((element, False))
                seen.add(element)
            continue
        if len(text) <= 30 and len(text.split()) <= 4 and cjk_count(text) <= 6:
            counts.setdefault(text, []).append(element)
        if len(text) <= 100 and not _has_media(element) and (
            (_DATE_IN_LINE.search(text) and len(_DATE_IN_LINE.sub("", text)) < 45)
            or (len(text) <= 60 and _LEADING_BYLINE.match(text))
        ):
            # A date line ("Publié le 18 juil. 2024 à 08:01", "Stand: 22.04.2024") or a byline anywhere.
            if element not in seen and not inside_found(element):
                found.append((element, False))
                seen.add(element)
            continue
        elif (
            len(text) <= 160
            and not _has_media(element)
            and len(_LINKS_XPATH(element)) <= 3
            and _link_density(element, len(text)) > 0.9
            and element not in seen
            and not inside_found(element)
        ):
            # A line that is one link: a teaser of another article ("… | mehr", "READ MORE: …").
            found.append((element, False))
            seen.add(element)
    # The article's header inside the body: kicker, dateline, byline and date lines before the first paragraph.
    for element in leaf_blocks if total >= 500 else ():
        if next(element.iter("img", "picture", "video", "iframe"), None) is not None:
            continue
        text = _short_text(element, 200)
        if text is None:
            break
        if not text:
            continue
        weight = len(text) + cjk_count(text)
        if weight >= 120:
            break
        if (
            (weight < 60 and not text.endswith(_SENTENCE_END))
            or weight < 25
            or _LEADING_BYLINE.match(text)
            or _DATE_IN_LINE.search(text)
        ):
            if element not in seen and not inside_found(element):
                found.append((element, False))
                seen.add(element)
            continue
        break
    # Tool bars: four or more links or buttons with a word or two each ("Share", "Save", "Print", "シェア").
    for element in _TOOLBAR_XPATH(body):
        if element in seen or inside_found(element):
            continue
        text = _short_text(element, 120)
        if not text or _has_media(element):
            continue
        items = [child for child in element if isinstance(child.tag, str)]
        links = _LINKS_XPATH(element)
        if links and _link_density(element, len(text)) < 0.75:
            continue  # text between the links ("宮崎県：延岡市、西都市、…"): a sentence of links, not a tool bar
        if all(
            len(normalize_space(child.text_content())) <= 14
            and (
                child.tag in ("a", "button")
                or next(child.iter("a", "button"), None) is not None
                or _BUTTON_HINTS.search(_hints(child))
            )
            for child in items
        ):
            found.append((element, False))
            seen.add(element)
    for text, elements in counts.items():
        if len(elements) >= 3 or (len(elements) >= 2 and _AD_LABEL.match(text)):
            for element in elements:
                if element not in seen and not inside_found(element) and not _has_media(element):
                    found.append((element, False))
                    seen.add(element)
    # Link lists inside the body (teasers, tag clouds, "more on this" without a telling class name).
    for element in _LINK_BLOCKS_XPATH(body):
        if element in seen or inside_found(element):
            continue
        text = _short_text(element, int(0.3 * total))
        if text and _link_density(element, len(text)) > 0.6:
            found.append((element, False))
            seen.add(element)
    # Marker texts ("责任编辑：…", "相关阅读") are found through the text nodes: far fewer regex runs and
    # text_content() calls than testing every element.
    for node in _TEXT_NODES_XPATH(body):
        line = node.strip()
        credit = _ends_in_credit(line[-120:])  # the pattern is anchored at the end
        if not (credit or _READING_LIST.match(line) or _NOISE_TEXT.match(line) or _holds_notice(line)):
            continue
        element = node.getparent()
        if element is None:
            continue
        if node.is_tail:
            element = element.getparent()
        if element is None or element is body or element in seen or inside_found(element):
            continue
        text = _short_text(element, 300)
        if not text:
            continue
        reading_list = bool(_READING_LIST.match(text))
        if not (
            reading_list
            or _NOISE_TEXT.match(text)
            or (len(text) <= 120 and _holds_notice(text))
            or (credit and _ends_in_credit(text[-120:]) and not _holds_prose(element))
        ):
            continue
        if _has_media(element):
            continue  # a credit inside a figure: the picture stays
        # Take the largest wrapper holding nothing but this text (and no picture).
        parent = element.getparent()
        while (
            parent is not None
            and parent is not body
            and _short_text(parent, len(text)) == text
            and not _has_media(parent)
        ):
            element, parent = parent, parent.getparent()
        if element in seen:
            continue
        following = reading_list and len(text) < 40
        if following:
            # "相关新闻：" high up (above a video or the first paragraph) heads a short list, not the page's end.
            after_text = after_links = 0
            for sibling in element.itersiblings("*"):
                after_text += len(normalize_space("".join(sibling.itertext())))
                after_links += sum(len(normalize_space(link.text_content())) for link in _LINKS_XPATH(sibling))
            # Only a list of links, or a short tail, goes with it: "Lesen Sie auch: <link>" mid-article is one line.
            following = after_text < 0.15 * total or (after_text < 0.4 * total and after_links > 0.5 * after_text)
        found.append((element, following))
        seen.add(element)
    return found


def _short_text(element: HtmlElement, limit: int) -> str | None:
    """The element's text, whitespace folded, or None as soon as it runs past ``limit`` characters."""
    parts: list[str] = []
    length = 0
    check_at = 3 * limit + 200
    for chunk in element.itertext():
        parts.append(chunk)
        length += len(chunk)
        if length > check_at:
            if len(normalize_space("".join(parts))) > limit:
                return None  # folded text only grows as text is added: the whole is too long as well
            # Mostly whitespace so far (indented markup): look again once the raw text has doubled, not at every
            # chunk, which made this quadratic in large indented boxes.
            check_at = 2 * length
    text = normalize_space("".join(parts))
    return text if len(text) <= limit else None


def _holds_prose(element: HtmlElement) -> bool:
    """Whether a block holds a real paragraph (long, few links): class names such as "sidebar-grid__container"
    wrap article text on some sites, and that text must stay."""
    for paragraph in element.iter("p"):
        text = normalize_space(paragraph.text_content())
        length = len(text) + cjk_count(text)
        if length >= 150 and _link_density(paragraph, len(text)) < 0.2:
            return True
    return False


def _without_noise(body: HtmlElement, title: str | None = None) -> HtmlElement:
    noise = _noise_in(body, title)
    if not noise:
        return body
    paths = [(_path_from(body, element), following) for element, following in noise]
    clean = copy.deepcopy(body)
    clean.tail = None
    targets = [(_follow(clean, path), following) for path, following in paths if path]
    for element, following in targets:
        if following:
            for sibling in list(element.itersiblings()):
                if sibling.getparent() is not None:
                    sibling.drop_tree()
        if element.getparent() is not None:
            element.drop_tree()
    return clean


def _body_node(page: Page) -> HtmlElement | None:
    def compute() -> HtmlElement | None:
        root = page.selector.root
        if not isinstance(root, HtmlElement):
            return None
        body = _detect_body(root)
        if body is None:
            return None
        title = find_title(page)
        return _without_noise(body, str(title.value) if title else None)

    return _cached(page, "body", compute)


def find_body(page: Page) -> Found | None:
    """The article's body element (an lxml ``HtmlElement``; boilerplate removed from a copy when there is any).

    The caller cleans and serialises it. Without boilerplate it is the page's own node: do not mutate it if the
    page is used again."""
    body = _body_node(page)
    return Found(body, "heuristic") if body is not None else None


# -------------------------------------------------------------------------------------------------- together

_FIELDS: tuple[tuple[str, Callable[[Page], Found | None]], ...] = (
    ("title", find_title),
    ("authors", find_authors),
    ("date_published", find_date_published),
    ("date_published_raw", find_date_published_raw),
    ("date_modified", find_date_modified),
    ("date_modified_raw", find_date_modified_raw),
    ("lead_image", find_lead_image),
    ("description", find_description),
    ("canonical_url", find_canonical_url),
    ("language", find_language),
    ("tags", find_tags),
    ("body", find_body),
)


def extract_generic(page: Page) -> dict[str, Found]:
    """Every field generic extraction finds on ``page`` (absent keys: nothing found)."""
    result: dict[str, Found] = {}
    for name, finder in _FIELDS:
        found = finder(page)
        if found is not None and found.value not in (None, "", []):
            result[name] = found
    return result
