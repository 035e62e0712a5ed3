"""Small text helpers shared by the extractors: whitespace folding and CJK detection."""

from __future__ import annotations

import re

__all__ = ["CJK_CHARACTER", "FoldedPattern", "cjk_count", "normalize_space"]


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


# A letter outside an escape (``\W``, ``\S`` and ``\B`` are escapes, not letters) or a character class range.
_ESCAPE = re.compile(r"\\.")
_UPPER_LETTER = re.compile(r"[A-Z]")


class FoldedPattern:
    """A case-insensitive pattern asked only whether it matches, answered faster for ASCII text.

    Python's ``re.IGNORECASE`` search compares character by character and cannot skip ahead on a literal, which
    makes a long alternation of class-name words several times slower than the same search, case-sensitive, over
    the lowered text. For ASCII text both answers are the same when the pattern spells its letters in lower case
    (checked here); other text is searched by the pattern itself."""

    __slots__ = ("_lowered", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        if not pattern.flags & re.IGNORECASE or _UPPER_LETTER.search(_ESCAPE.sub("", pattern.pattern)):
            raise ValueError(f"not a case-insensitive pattern in lower case: {pattern.pattern!r}")
        self.pattern = pattern
        self._lowered = re.compile(pattern.pattern, pattern.flags & ~re.IGNORECASE)

    def search(self, text: str) -> bool:
        if text.isascii():
            return self._lowered.search(text.lower()) is not None
        return self.pattern.search(text) is not None

    def match(self, text: str) -> bool:
        if text.isascii():
            return self._lowered.match(text.lower()) is not None
        return self.pattern.match(text) is not None
