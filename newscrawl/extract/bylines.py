"""One set of byline rules: the label vocabulary, how several names are split, and what a name looks like.

Two readers share them. A portal's byline selector points at the byline itself, so everything left once the
labels are gone is the byline (``split_bylines``; an outlet named after ``来源：`` is kept: OFweek's sub-sites
credit one there). Generic extraction guesses where bylines are, so it keeps only what looks like a person's
name (``split_authors``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newscrawl.extract.text import CJK_CHARACTER, normalize_space

#: Latin labels, always followed by a space ("By Jane Doe", "von Max Muster").
LATIN_LABELS = ("by", "from", "von", "par", "por", "door", "di", "af", "av", "written by", "posted by",
                "reported by", "text:")
#: Chinese labels of the people who wrote (and of the editors, who stand in for them on many portals).
PERSON_LABELS = ("本文作者", "作者", "記者", "记者", "撰文", "撰稿", "采写", "通讯员", "编译")
EDITOR_LABELS = ("责任编辑", "責任編輯", "责编", "编辑")
#: Short labels read as labels only with a mark after them ("文/", "整理："): "文" alone starts many words.
MARKED_LABELS = ("文", "图文", "文图", "整理")
#: Labels of the outlet a story comes from, never of a person.
OUTLET_LABELS = ("来源", "來源", "稿源", "出处", "quelle", "source", "fuente", "fonte")
_MARKS = r"[:：/|｜丨]"


def _alternatives(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


def _label_pattern(*, outlets: bool) -> re.Pattern[str]:
    cjk = (*PERSON_LABELS, *EDITOR_LABELS, *([label for label in OUTLET_LABELS if not label.isascii()]
                                             if outlets else ()))
    return re.compile(
        rf"^\s*(?:{_alternatives(LATIN_LABELS)})\s+"
        rf"|^\s*(?:{_alternatives(cjk)})\s*{_MARKS}?\s*"
        rf"|^\s*(?:{_alternatives(MARKED_LABELS)})\s*{_MARKS}\s*",
        re.IGNORECASE,
    )


#: A person's label (or an editor's) in front of a byline.
LABEL = _label_pattern(outlets=False)
#: The same, or an outlet's label: what a portal's byline element may start with.
LABEL_OR_OUTLET = _label_pattern(outlets=True)
SOURCE_LABEL = re.compile(rf"^(?:{_alternatives(OUTLET_LABELS)})\s*[:：]", re.IGNORECASE)

#: Between several names: "A and B", "甲、乙", "A, B", "A / B".
AUTHOR_SPLIT = re.compile(
    r"\s+(?:and|und|et|y|e|og|och|en|i)\s+|\s*(?:&|,|，|、|;|；|\||｜|/|\s和\s)\s*|\s{2,}", re.IGNORECASE
)
NAME_NOISE = re.compile(r"\s*(?:\(.*?\)|（.*?）|\[.*?\]|【.*?】|<.*?>|\S+@\S+\.\w+)\s*")
NOT_A_NAME = re.compile(
    r"^(?:staff|editor|editors|editorial|admin|administrator|reporter|correspondent|team|news|redaktion|"
    r"agencies|agency|wire|anonymous|unknown|guest|author|authors|more|follow|share|contact|"
    r"本报记者|记者|本报|编辑|作者|佚名|未知|匿名|网友|小编|新华社|新华网|中新网|人民网|央视网)$",
    re.IGNORECASE,
)
KOREAN_TITLE = re.compile(r"\s*(?:기자|특파원|논설위원|선임기자)(?:\s*외\s*\d+명)?$")
# Japanese names (kanji and kana, often with a space) and Korean names (hangul syllables).
OTHER_CJK_NAME = re.compile(
    r"^(?:(?=.*[\u3040-\u30ff\s])[\u3040-\u30ff\u4e00-\u9fff]{1,5}\s?[\u3040-\u30ff\u4e00-\u9fff]{1,5}"
    r"|[\uac00-\ud7af]{2,5})$"
)
#: A Chinese name: two to four ideographs, or a transliterated name joined by "·".
CJK_NAME = re.compile(r"^(?:[\u4e00-\u9fff]{2,4}|[\u4e00-\u9fff]{1,6}[·•][\u4e00-\u9fff·•]{1,10})$")


def clean_name(text: str) -> str | None:
    """``text`` as a person's name (label, bracketed notes and e-mail addresses removed), or None."""
    text = normalize_space(NAME_NOISE.sub(" ", text))
    text = LABEL.sub("", text).strip(" .:：-–—|·•*")
    text = KOREAN_TITLE.sub("", text).strip()
    if not text or len(text) > 60 or NOT_A_NAME.match(text) or is_url(text) or SOURCE_LABEL.match(text):
        return None
    if any(character.isdigit() for character in text) or text[0] in "(（[【<":
        return None
    if CJK_CHARACTER.search(text):
        return text if CJK_NAME.match(text) or OTHER_CJK_NAME.match(text) else None
    words = text.split()
    if len(words) > 5 or not any(word[0].isupper() for word in words):
        return None
    return text


def is_url(text: str) -> bool:
    return text.startswith(("http://", "https://", "//", "www."))


def split_authors(values: Iterable[str]) -> list[str]:
    """Names from byline strings: labels (``By``, ``作者：``, ``文/``) removed, ``A and B`` / ``甲、乙`` split,
    non-names dropped, duplicates removed, order kept."""
    names: list[str] = []
    for value in values:
        value = LABEL.sub("", normalize_space(value))
        for part in AUTHOR_SPLIT.split(value):
            name = clean_name(part)
            if name and name not in names:
                names.append(name)
    return names


def split_bylines(values: list[str] | str) -> list[str]:
    """What a portal's byline element names: labels (作者：, 文/, 记者, By, 来源：…) removed, several names split,
    duplicates dropped; nothing else is judged (the portal's selector says this is the byline)."""
    texts = [values] if isinstance(values, str) else values
    names: list[str] = []
    for text in texts:
        for part in AUTHOR_SPLIT.split(LABEL_OR_OUTLET.sub("", normalize_space(text))):
            part = LABEL_OR_OUTLET.sub("", part).strip()
            if part and part not in names:
                names.append(part)
    return names
