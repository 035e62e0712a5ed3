"""File names: the post path always stays inside the posts folder and fits the file-system limits."""

from __future__ import annotations

import json
import unicodedata
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

import pytest

from newscrawl.archive.hexo_post import PostFields, post_file_stem, post_relative_path, post_title

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "hostile"
DATE = datetime(2022, 8, 30, 9, 19, tzinfo=UTC)

PATH_SPECIALS = [
    "",
    ".",
    "..",
    "...",
    "../../etc/passwd",
    "..\\..\\windows",
    "/",
    "/etc/passwd",
    "\\",
    "a/b",
    "a\\b",
    ".hidden",
    "#",
    "#.#",
    "\x00",
    "a\x00b",
    "\n",
    "a\nb",
    "a\r\nb",
    "\u2028",
    "\x85",
    "\x7f",
    "\x9f",
    "\ud800",
    "a\udc00b",
    "\ufeff",
    " ",
    "  ",
    "-",
    "~",
    "con",
    "nul.txt",
    "a" * 300,
    "中" * 300,
    "😀" * 100,
    "a" + "中" * 300,
    "x.md",
    "{a}",
    "*?<>|:\"'",
]


def load_strings() -> list[str]:
    strings: list[str] = json.loads((FIXTURES / "blns.json").read_text(encoding="utf-8"))
    return list(dict.fromkeys([*strings, *PATH_SPECIALS]))


STRINGS = load_strings()


def post(title: str, categories: tuple[str, ...] = ("新媒体", "高科技行业门户", "新闻")) -> PostFields:
    return PostFields(title=title, categories=categories, author="a", date=DATE, body_html="")


def assert_safe_component(part: str) -> None:
    assert part, "empty path component"
    assert part not in (".", "..")
    assert not part.startswith(".")
    assert "/" not in part and "\\" not in part and "\x00" not in part
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") for ch in part)
    assert not any(ch in "\u2028\u2029" for ch in part)
    assert len(part.encode("utf-8")) <= 255  # raises on a lone surrogate: not valid UTF-8


@pytest.mark.parametrize("value", STRINGS, ids=range(len(STRINGS)))
@pytest.mark.parametrize("disambiguator", [None, "3f9a1c2b"])
def test_path_stays_inside_posts_folder(value: str, disambiguator: str | None, tmp_path: Path) -> None:
    relative = post_relative_path(post(value, (value, value, value)), disambiguator)
    assert not relative.is_absolute()
    assert len(relative.parts) == 4
    for part in relative.parts:
        assert_safe_component(part)
    assert relative.name.endswith(".md")
    if disambiguator:
        assert relative.name.endswith(f"-{disambiguator}.md")
    posts = tmp_path / "_posts"
    assert (posts / relative).resolve().is_relative_to(posts.resolve())
    assert post_relative_path(post(value, (value, value, value)), disambiguator) == relative


@pytest.mark.parametrize("value", STRINGS, ids=range(len(STRINGS)))
def test_file_stem_is_safe(value: str) -> None:
    stem = post_file_stem(value)
    assert_safe_component(stem + ".md")
    assert "." not in stem and "#" not in stem


def test_archive_file_names() -> None:
    assert post_file_stem("…同比增16.2%") == "…同比增162%"
    assert post_file_stem("Java 和 C# 最大的不同是什么？") == "Java 和 C 最大的不同是什么？"
    assert post_file_stem("Let's Encrypt根证书过期预警") == "Let's Encrypt根证书过期预警"
    assert post_file_stem("[Obs＃56] 快速新增") == "_Obs＃56_ 快速新增"
    assert post_file_stem('"镁信健康"完成') == '"镁信健康"完成'
    assert post_file_stem("a{b}") == "a{b}"


def test_title_rule() -> None:
    assert post_title("a:b/c\\d?e*f“g”h<i>j|k[l]m") == "a_b_c_d_e_f_g_h_i_j_k_l_m"
    assert post_title("全角？：！，＃／") == "全角？：！，＃／"
    assert post_title('it\'s "fine" #1.') == 'it\'s "fine" #1.'


def test_empty_or_dot_names_fall_back() -> None:
    for title in ("", ".", "..", "#", "\n", "\x00", ".#.\r\n"):
        assert post_file_stem(title) == "untitled"
    assert post_relative_path(post("t", ("..", ".", ""))) == PurePosixPath("untitled/untitled/untitled/t.md")
    assert post_relative_path(post("t", ("a/b", "..\\x", ".env"))) == PurePosixPath("a_b/_x/env/t.md")


def test_long_chinese_title_is_cut_on_a_character_boundary() -> None:
    title = "中" * 300
    name = post_relative_path(post(title)).name
    assert name == "中" * 84 + ".md"  # 84 * 3 + 3 = 255 bytes
    assert len(name.encode("utf-8")) == 255

    shifted = post_relative_path(post("a" + title)).name  # the byte limit falls inside a character
    assert shifted == "a" + "中" * 83 + ".md"
    assert len(shifted.encode("utf-8")) <= 255

    with_suffix = post_relative_path(post(title), "3f9a1c2b").name
    assert with_suffix == "中" * 81 + "-3f9a1c2b.md"
    assert len(with_suffix.encode("utf-8")) <= 255

    emoji = post_relative_path(post("😀" * 100)).name
    assert emoji == "😀" * 63 + ".md"


def test_disambiguators_give_distinct_stable_paths() -> None:
    same_title = post("小米发布新品")
    first = post_relative_path(same_title, "a1b2c3d4")
    second = post_relative_path(same_title, "e5f6a7b8")
    assert first != second
    assert first.parent == second.parent
    assert first == post_relative_path(post("小米发布新品"), "a1b2c3d4")
    assert post_relative_path(same_title) == PurePosixPath("新媒体/高科技行业门户/新闻/小米发布新品.md")


@pytest.mark.parametrize("disambiguator", ["", "../x", "a/b", "a.b", "x" * 65, "中"])
def test_unsafe_disambiguators_are_refused(disambiguator: str) -> None:
    with pytest.raises(ValueError, match="disambiguator"):
        post_relative_path(post("t"), disambiguator)
