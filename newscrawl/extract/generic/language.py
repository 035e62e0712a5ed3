"""The page's language: declared, or guessed from the script of its title and body."""

from __future__ import annotations

import re

from lxml import etree

from newscrawl.extract import metadata
from newscrawl.extract.generic.body import body_node
from newscrawl.extract.generic.title import find_title
from newscrawl.extract.page import Found, Page
from newscrawl.extract.text import cjk_count, normalize_space

_VISIBLE_TEXT_XPATH = etree.XPath(".//text()[not(ancestor::script or ancestor::style)]")


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
    body = body_node(page)
    # Script and style text inside the body's container (ad set-ups, JSON) is not the page's language.
    sample = normalize_space(" ".join(_VISIBLE_TEXT_XPATH(body)))[:3000] if body is not None else ""
    title = find_title(page)
    guessed = guess_language(f"{title.value if title else ''} {sample}")
    return Found(guessed, "heuristic") if guessed else None
