"""The headline: JSON-LD, OpenGraph, the matching ``<h1>`` or ``<title>``, site names cut when confirmed."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract import metadata
from newscrawl.extract.generic.elements import attributed_elements, class_hints, comparable, element_text, overlap
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import normalize_space

_TITLE_XPATH = etree.XPath("//title[1]")


H1_XPATH = etree.XPath("//h1")


# Separators between a headline and the site / section names appended to it.
# "ㅣ" (a Hangul vowel letter, never alone in a word) is how Korean sites draw a bar: "제목ㅣ한국일보".
_TITLE_SEPARATOR = re.compile(r"\s+[|\-–—·•:»/]\s+|\s*(?:\||_|--+|――|—|–|｜|»|ㅣ)\s*")


def strip_site_suffix(title: str, confirmations: Iterable[str] = (), site_names: Iterable[str] = ()) -> str:
    """``title`` without appended site or section names (``Headline - Site``, ``标题_科技_腾讯网``).

    A cut is made only when it is confirmed: the shorter form equals another source (``confirmations``: the
    ``<h1>``, the JSON-LD headline…), or the part cut off names the site (``site_names``: ``og:site_name``, the
    host's labels). Otherwise the title is returned unchanged.
    """
    title = normalize_space(title)
    confirmed = {comparable(text) for text in confirmations if text} - {""}
    sites = {comparable(name) for name in site_names if name} - {""}
    cuts = [match for match in _TITLE_SEPARATOR.finditer(title) if match.start() > 0]
    if not cuts:
        return title
    if confirmed:
        for match in cuts:
            prefix = title[: match.start()].strip()
            if comparable(prefix) in confirmed:
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
            rest = comparable(title[match.end() :])
            if rest and any(site in rest or rest in site for site in sites):
                prefix = _CJK_SECTION_SUFFIX.sub("", title[: match.start()].strip())
                return prefix if len(comparable(prefix)) >= 2 else title
    return title


# A section name joined to the headline by a bare hyphen before the site's name ("…커졌다-정치ㅣ한국일보"), between
# Hangul or Han characters only: a hyphenated word ("COVID-19") is left alone.
_CJK_SECTION_SUFFIX = re.compile(r"(?<=[\uac00-\ud7af\u4e00-\u9fff])-[\uac00-\ud7af\u4e00-\u9fff]{1,6}$")


# Chinese portals append channel and site names with underscores ("标题_科技_腾讯网", "标题_网易订阅").
_PORTAL_SUFFIX = re.compile(
    r"(?:\s*[_|｜]\s*[^_|｜]{1,6})*"  # channel names before the site's ("_科技")
    r"\s*[_|｜-]\s*[^_|｜]{1,12}?(?:网|网站|频道|订阅|新闻|在线|日报|晚报|资讯|首页|中心|号|平台|之家|社区|论坛)\s*$"
)


def _strip_portal_suffix(title: str) -> str:
    stripped = _PORTAL_SUFFIX.sub("", title).strip()
    return stripped if len(comparable(stripped)) >= 4 else title


def site_names(page: Page) -> list[str]:
    names: list[str] = []
    site = metadata.find_site_name(page.selector)
    if site:
        names.append(str(site.value))
    host = (urlsplit(page.url).hostname or "").lower()
    labels = [label for label in host.split(".") if label not in ("www", "com", "cn", "net", "org", "co", "m")]
    names.extend(label for label in labels if len(label) >= 3)
    return names


def _in_a_logo(h1: HtmlElement) -> bool:
    """Whether the ``<h1>`` is the site's logo (``<a class="logo"><h1>好奇心日报</h1></a>``): the site's name, not a
    headline, however well it matches the end of ``<title>``."""
    return any("logo" in class_hints(element).lower() for element in (h1, *islice(h1.iterancestors(), 3)))


def _best_h1(page: Page, title_text: str) -> str | None:
    """The ``<h1>`` that best matches ``<title>`` (pages have logo and section ``<h1>``s too)."""
    h1s = [text for text in (element_text(h1) for h1 in H1_XPATH(page.selector.root)[:8] if not _in_a_logo(h1))
           if len(text) >= 2]
    if not h1s:
        return None
    if not title_text:
        return max(h1s, key=len) if len(h1s) > 1 else h1s[0]
    title_key = comparable(title_text)
    best: tuple[float, str] | None = None
    for text in h1s:
        key = comparable(text)
        if not key:
            continue
        score = 1.0 + len(key) / max(len(title_key), 1) if key in title_key else overlap(key, title_key)
        if best is None or score > best[0]:
            best = (score, text)
    if best is None or best[0] < 0.5:
        return None
    return best[1]


def find_title(page: Page) -> Found | None:
    """JSON-LD headline > ``og:title`` > the ``<h1>`` matching ``<title>`` > ``<title>``; site suffixes cut when
    another source or the site's name confirms them."""
    # Memoised: the headline lookup and body detection ask for the title too.
    return page.remember("title", lambda: _find_title(page))


def _find_title(page: Page) -> Found | None:
    selector = page.selector
    title_elements = _TITLE_XPATH(selector.root)
    title_text = element_text(title_elements[0]) if title_elements else ""
    h1 = _best_h1(page, title_text)
    headline = metadata.find_json_ld_headline(selector)
    og_title = metadata.find_og_title(selector)
    sites = site_names(page)
    site_keys = {comparable(name) for name in sites}
    confirmations = [text for text in (h1, headline and str(headline.value)) if text]

    candidates: list[tuple[str, str]] = []
    if headline and not _shows_another_headline(page, str(headline.value), og_title, title_text):
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
        if source == "meta" and not h1:
            printed = _printed_part(page, text)
            if printed:
                return Found(printed, source)
        cleaned = strip_site_suffix(text, [c for c in confirmations if c != text], sites)
        if source == "meta" and not h1:
            cleaned = _strip_portal_suffix(cleaned)
        key = comparable(cleaned)
        if len(key) < 2 or key in site_keys:
            continue
        if h1 and source != "heuristic":
            h1_key = comparable(h1)
            if len(h1_key) > len(key) and h1_key.startswith(key) and h1_key in comparable(title_text or h1):
                return Found(h1, "heuristic")  # the metadata title was cut short (at a quote, a length limit)
        return Found(cleaned, source)
    return None


def _printed_part(page: Page, title_text: str) -> str | None:
    """The part of ``<title>`` before or after a separator that the page prints whole as a heading, a bold line or
    an element classed "title", when the page has no ``<h1>`` to say so ("标题-EDN 电子技术设计" over ``<h4>标题</h4>``,
    "明日股市预测--标题", "标题 湖南省某医院"): the headline; the rest is site and section names. Any hyphen or space
    may be the cut, since the page confirms it."""
    title = normalize_space(title_text)
    html = page.html
    after_title = max(html.find("</title>"), 0)
    parts: dict[str, str] = {}
    for match in _PART_CUT.finditer(title):
        for part in (title[: match.start()].strip(), title[match.end() :].strip()):
            key = comparable(part)
            # Printed after <title> too: a cheap test before the elements are read.
            if len(key) >= 4 and 2 * len(part) >= len(title) and key not in parts and html.find(part, after_title) >= 0:
                parts[key] = part
    if not parts:
        return None
    titled = [element for element, classes, identifier in attributed_elements(page)
              if "title" in classes.lower() or "title" in identifier.lower()]
    printed = {key for element in (*page.selector.root.iter("h2", "h3", "h4", "h5", "h6", "strong", "b"), *titled)
               if (key := comparable(element_text(element))) in parts}
    return max((parts[key] for key in printed), key=len, default=None)


_PART_CUT = re.compile(_TITLE_SEPARATOR.pattern + r"|-|\s+")


def _visible_headline(page: Page, og_title: Found | None, title_text: str) -> str | None:
    """The ``<h1>`` a reader sees as the headline: one that ``og:title`` or ``<title>`` (site name cut) repeats."""
    confirmations = {comparable(str(og_title.value))} if og_title else set()
    if title_text:
        confirmations.add(comparable(strip_site_suffix(title_text, site_names=site_names(page))))
        # "New Zealand - Wikipedia": the part before the title's first separator, when a heading repeats it.
        first_cut = next((match for match in _TITLE_SEPARATOR.finditer(title_text) if match.start() > 0), None)
        if first_cut is not None:
            confirmations.add(comparable(title_text[:first_cut.start()]))
    confirmations.discard("")
    for h1 in H1_XPATH(page.selector.root)[:8]:
        text = element_text(h1)
        if len(text) >= 2 and comparable(text) in confirmations:
            return text
    return None


def _shows_another_headline(page: Page, headline: str, og_title: Found | None, title_text: str) -> bool:
    """Whether the page shows a headline other than its JSON-LD one (an SEO headline written for search
    engines: "11 Best Sleeping Bags (2024): …" over the visible "The Best Sleeping Bags for Every Adventure")."""
    visible = _visible_headline(page, og_title, title_text)
    return visible is not None and comparable(visible) != comparable(headline)


def find_seo_headline(page: Page) -> Found | None:
    """The JSON-LD headline when the page shows another one (the title is the visible headline)."""
    headline = metadata.find_json_ld_headline(page.selector)
    title = find_title(page)
    if headline is None or title is None or str(headline.value).endswith(("…", "...")):
        return None
    if comparable(str(headline.value)) in ("", comparable(str(title.value))):
        return None
    return Found(normalize_space(str(headline.value)), headline.source)
