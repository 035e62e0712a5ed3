"""The literal checks that spare generic extraction its patterns give the patterns' own verdicts.

``_ends_in_credit`` / ``_holds_notice`` skip ``_CREDIT_END`` / ``_NOISE_ANYWHERE`` on lines that cannot match, and
the counting helpers replace ``findall``; each is compared with the pattern it stands for, on lines built to sit
at the edges (agency names at the end, case-folded letters, brackets, marks) and on random mixes of those pieces.
"""

from __future__ import annotations

import random
import re

import pytest

from newscrawl.extract.generic import boilerplate, elements, vocabulary

_COMMAS_AND_CODE = ["a, b; c! d? e", "一，二、三。四；五！六？", "f(){x=1;}", "()()", "plain words", "", "x = {y}",
                    "混合, text；and ()", "İstanbul; ſtraße, K"]
_CREDIT_LINES = [
    "Foto: Teresa Suarez/AP", "[사진 출처 = 연합뉴스]", "（新华社记者 张三 摄）", "图片来源：网络", "© 2024 Foo",
    "Photo by AP", "Photo by Getty Images ) ", "credit AFP", "recap", "a map", "by REUTERS\n", "Imago ",
    "picture alliance/dpa",
    "photo: EPA）", "DPA ]", "Getty ImageS", "Getty Imageſ", "Reuterſ", "pıcture allıance", "plain sentence.",
    "The council met on Tuesday", "Quelle: dpa", "Credit : someone", "ends with an a", "ends with ape",
]
_NOTICE_LINES = ["【未经授权，不得转载】", "版权所有 2020", "All Rights Reserved.", "ALL RIGHTS RESERVED",
                 "all rights reſerved", "All Rıghts Reserved", "rights reserved", "转载请注明出处", "nothing here", ""]
_PIECES = ["AFP", "AP", "Reuters", "dpa", "EPA", "Imago", "picture alliance", "Getty Images", "Foto", "Photo",
           "Credit", ":", "：", "]", "[", ")", "）", "（", "©", "/", "摄", "供图", "图片", "来源", " ", "\n", ".",
           "ſ", "ı", "İ", "K", "a", "e", "s", "text", "All Rights Reserved", "不得转载", "rights", "reserved"]


def _random_lines(count: int) -> list[str]:
    rng = random.Random(2026)
    lines = []
    for _ in range(count):
        pieces = [rng.choice(_PIECES) for _ in range(rng.randint(0, 8))]
        lines.append("".join(piece.upper() if rng.random() < 0.2 else piece for piece in pieces))
    return lines


def test_the_credit_and_notice_shortcuts_agree_with_their_patterns() -> None:
    disagreements = []
    for line in _CREDIT_LINES + _NOTICE_LINES + _random_lines(20_000):
        tail = line[-120:]
        if boilerplate._ends_in_credit(tail) != bool(vocabulary.CREDIT_END.search(tail)):
            disagreements.append(("credit", line))
        if boilerplate._holds_notice(line) != bool(vocabulary.NOISE_ANYWHERE.search(line)):
            disagreements.append(("notice", line))
    assert disagreements == []


def test_the_shortcuts_find_what_they_are_for() -> None:
    assert boilerplate._ends_in_credit("Foto: Teresa Suarez/AP")
    assert boilerplate._ends_in_credit("Photo by Getty Images")
    assert not boilerplate._ends_in_credit("The council met on Tuesday.")
    assert boilerplate._holds_notice("【未经授权，不得转载】") and boilerplate._holds_notice("ALL RIGHTS RESERVED")
    assert not boilerplate._holds_notice("nothing here")


@pytest.mark.parametrize("text", [*_COMMAS_AND_CODE, *_random_lines(300)])
def test_the_counts_agree_with_the_patterns_they_replace(text: str) -> None:
    assert elements.comma_count(text) == len(vocabulary.COMMAS.findall(text))
    assert elements.code_punctuation_count(text) == len(re.findall(r"[{};=]|\(\)", text))


@pytest.mark.parametrize("words", [0, 5, 99, 100, 101, 400])
def test_short_text_folds_indented_markup_and_refuses_only_what_is_too_long(words: int) -> None:
    # Deep indentation makes the raw text many times longer than the folded one: the early checks must not
    # refuse a box whose folded text fits, nor accept one whose folded text does not.
    from lxml import html as lxml_html

    items = "".join(f"\n{' ' * 60}<li>\n{' ' * 80}w{index % 10}\n{' ' * 60}</li>" for index in range(words))
    box = lxml_html.fragment_fromstring(f"<ul>{items}\n</ul>")
    folded = " ".join(f"w{index % 10}" for index in range(words))
    limit = 299  # 100 words fold to 299 characters
    assert elements.short_text(box, limit) == (folded if len(folded) <= limit else None)
