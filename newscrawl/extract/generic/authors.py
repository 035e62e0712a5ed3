"""Authors: declared metadata, byline elements, then bylines printed in the text (Chinese labels)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable

from lxml import etree

from newscrawl.extract import metadata
from newscrawl.extract.bylines import CJK_NAME, NOT_A_NAME, split_authors
from newscrawl.extract.generic.body import body_node
from newscrawl.extract.generic.dateline import attributed_elements, text_after_headline
from newscrawl.extract.generic.elements import comparable, element_text, is_unlikely_chain, short_text
from newscrawl.extract.generic.title import site_names
from newscrawl.extract.generic.vocabulary import AUTHOR_CLASS, AUTHOR_ID, INFO_CLASS, INFO_ID
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import CJK_CHARACTER

_ITEMPROP_NAME_XPATH = etree.XPath('.//*[@itemprop="name"]')


# Chinese bylines in text: the label, then one or more names separated by 、 ， or spaces.
# Names are 2–4 ideographs; a space does not separate names (it too often runs on into the next label).
_CJK_NAMES = r"((?:[\u4e00-\u9fff·]{2,4})(?:\s*[、,，和]\s*[\u4e00-\u9fff·]{2,4}){0,5})(?![\u4e00-\u9fff])"


_CHINESE_AUTHOR = re.compile(
    r"(?:作者|记者|撰文|撰稿|采写|文)\s*[:：/｜|]\s*" + _CJK_NAMES + r"|(?:本报|新华社|中新社)?记者\s*" + _CJK_NAMES
)


_CHINESE_EDITOR = re.compile(r"(?:责任编辑|责编|编辑)\s*[:：/｜|]\s*" + _CJK_NAMES)


def _chinese_bylines(texts: Iterable[str], pattern: re.Pattern[str]) -> list[str]:
    names: list[str] = []
    for text in texts:
        for match in pattern.finditer(text):
            group = next((g for g in match.groups() if g), "")
            for name in split_authors([group]):
                if CJK_NAME.match(name) and name not in names:
                    names.append(name)
        if names:
            break
    return names


# "石佳/中国青年报" on a line of its own under the headline: author / source (澎湃新闻's convention).
_NAME_SLASH_SOURCE = re.compile(r"^([\u4e00-\u9fff]{2,4})\s*/\s*[\u4e00-\u9fff\w]{2,12}$")


def _name_over_source(page: Page) -> list[str]:
    for line in text_after_headline(page).split(" | ")[:6]:
        match = _NAME_SLASH_SOURCE.match(line)
        if match and not NOT_A_NAME.match(match.group(1)):
            return [match.group(1)]
    return []


def _byline_texts(page: Page) -> list[str]:
    """Short texts where bylines live: info/source/editor elements, the lines under the headline, the body's
    first and last lines."""
    texts: list[str] = []
    info_elements = [element for element, classes, identifier in attributed_elements(page)
                     if INFO_CLASS.search(classes) or INFO_ID.search(identifier)]
    for element in info_elements[:40]:
        text = short_text(element, 200)
        if text:
            texts.append(text)
    near = text_after_headline(page)
    if near:
        texts.append(near)
    body = body_node(page)
    if body is not None:
        paragraphs = itertools.islice((text for text in (element_text(p) for p in body.iter("p")) if text), 3)
        texts.extend(text for text in paragraphs if len(text) <= 200)
    return texts


def find_authors(page: Page) -> Found | None:
    """Metadata authors > byline elements > Chinese bylines (作者/记者/文) > editors (see module notes)."""
    selector = page.selector
    sites = {comparable(name) for name in site_names(page)}
    declared = metadata.find_metadata_authors(selector)
    if declared:
        names = split_authors(str(value) for value in declared.value) if isinstance(declared.value, list) else []
        if names:
            return Found(names, declared.source)  # as declared, even when it is the publisher's name
    author_elements = [
        element for element, classes, identifier in attributed_elements(page)
        if AUTHOR_CLASS.search(classes) or AUTHOR_ID.search(identifier)
        or element.get("itemprop") == "author" or element.get("rel") == "author"
    ]
    for element in author_elements[:12]:
        if is_unlikely_chain(element):
            continue
        named = _ITEMPROP_NAME_XPATH(element)
        texts = [element_text(node) for node in named] if named else [element_text(element)]
        texts = [text for text in texts if 0 < len(text) <= 120]
        if not texts:
            continue
        if CJK_CHARACTER.search(" ".join(texts)):
            names = _chinese_bylines(texts, _CHINESE_AUTHOR) or [
                name for name in split_authors(texts) if CJK_NAME.match(name)
            ]
        else:
            names = split_authors(texts)
        names = [name for name in names if comparable(name) not in sites]
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
