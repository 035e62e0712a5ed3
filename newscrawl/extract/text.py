"""Small text helpers shared by the extractors: whitespace folding and CJK detection."""

from __future__ import annotations

import re

__all__ = ["CJK_CHARACTER", "cjk_count", "normalize_space"]


#: One CJK ideograph, kana or hangul syllable (a "word" on its own for length and similarity measures).
CJK_CHARACTER = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]")


def normalize_space(text: str) -> str:
    """Runs of whitespace (including no-break, ideographic and zero-width spaces) folded to one space, trimmed."""
    if "\u200b" in text or "\ufeff" in text:
        text = text.replace("\u200b", " ").replace("\ufeff", " ")
    return " ".join(text.split())  # str.split() knows every Unicode space and is much faster than a regex


def cjk_count(text: str) -> int:
    """How many CJK characters ``text`` holds."""
    return 0 if text.isascii() else len(CJK_CHARACTER.findall(text))  # isascii() is a flag read, no scan
