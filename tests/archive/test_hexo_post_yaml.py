"""Front matter reads back exactly (yaml.safe_load) whatever the title, author or categories hold."""

from __future__ import annotations

import html
import json
import random
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml

from newscrawl.archive.hexo_post import (
    PostFields,
    _quoted_scalar,
    first_image_src,
    parse_post,
    post_title,
    render_post,
)

BLNS = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "blns.json"
DATE = datetime(2022, 8, 30, 9, 19, tzinfo=UTC)

# Values YAML would type, structure or refuse when written unquoted, plus characters parsers disagree on.
YAML_SPECIALS = [
    # bool / null / numbers / dates (YAML 1.1 for PyYAML, YAML 1.2 for Hexo's js-yaml)
    "no",
    "No",
    "NO",
    "yes",
    "on",
    "On",
    "off",
    "y",
    "n",
    "true",
    "False",
    "null",
    "Null",
    "NULL",
    "~",
    "1e3",
    "1E-3",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1_000",
    "+1",
    "-1",
    "12",
    ".5",
    "1.",
    "190:20:30",
    ".inf",
    "-.Inf",
    ".nan",
    "2024-01-01",
    "2024-1-1",
    "2024-01-01 10:00:00",
    "2001-12-14t21:59:43.10-05:00",
    "<<",
    "=",
    # indicators and structure
    "- x",
    "-",
    "? x",
    "?",
    ": x",
    ":",
    "a: b",
    "a:b",
    "a:",
    "a #b",
    "#x",
    "a#b",
    "x #",
    "'",
    '"',
    "'\"",
    "it's",
    'say "hi"',
    "'quoted'",
    '"quoted"',
    "|",
    "|-",
    ">",
    ">-",
    "%x",
    "%YAML 1.2",
    "@x",
    "`x`",
    "&a",
    "*a",
    "!x",
    "!!str x",
    "{a}",
    "[a]",
    "{",
    "}",
    "[",
    "]",
    ",x",
    "x,",
    "a, b",
    "---",
    "...",
    "--- x",
    "a\n---\nb",
    "&#123;",
    "\\",
    "\\n",
    '\\"',
    "a\\tb",
    # spaces and line breaks
    " lead",
    "trail ",
    " both ",
    "  ",
    " ",
    "\t",
    "x\t",
    " \n",
    "\n",
    "a\nb",
    "a\n\nb",
    "\r",
    "a\r\nb",
    # control and non-printable characters
    "\x00",
    "a\x00b",
    "\x07\x1b",
    "\x7f",
    "\x85",
    "a\x85b",
    "\x9f",
    "\u2028",
    "a\u2029b",
    "\ufeff",
    "\ufeffx",
    "\ud800",
    "a\udc00b",
    "\ufffe",
    "\uffff",
    "\U0010ffff",
    "😀 astral 𝕏",
    # ordinary and long
    "中文：标题？！，",
    "IT 之家",
    "少数派 sspai",
    "x" * 5000,
    "中" * 3000,
    "a" * 300 + ": b",
]


def load_hostile_strings() -> list[str]:
    strings: list[str] = json.loads(BLNS.read_text(encoding="utf-8"))
    return list(dict.fromkeys([*strings, *YAML_SPECIALS]))


HOSTILE = load_hostile_strings()


def escape_braces(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def front_matter(text: str) -> Any:
    start = text.index("---\n") + len("---\n")
    end = text.index("\n---\n", start)
    return yaml.safe_load(text[start:end])


def hostile_post(value: str) -> PostFields:
    return PostFields(
        title=value or "fallback title",
        categories=(value, value, value),
        author=value,
        date=DATE,
        body_html=f'<p>{html.escape(value)}</p><img src="{html.escape(value, quote=True)}">',
    )


def test_hostile_strings_are_loaded() -> None:
    assert len(HOSTILE) > 500
    assert "" in HOSTILE


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_front_matter_reads_back_exactly(value: str) -> None:
    post = hostile_post(value)
    text = render_post(post)
    loaded = front_matter(text)
    image = escape_braces(first_image_src(post.body_html))
    assert loaded == {
        "title": escape_braces(post_title(post.title)),
        "categories": [escape_braces(value)] * 3,
        "headimg": image,
        "author": escape_braces(value),
        "comments": False,
        "date": "Tue, 30 Aug 2022 09:19:00 GMT",
        "thumbnail": image,
    }
    # The shape of the template survives: one line per key, the body where it belongs.
    assert text.startswith("\n---\ntitle: ")
    assert text.count("\n---\n") >= 2
    assert "{" not in text and "}" not in text


@pytest.mark.parametrize("value", HOSTILE, ids=range(len(HOSTILE)))
def test_parse_post_reverses_render_post(value: str) -> None:
    text = render_post(hostile_post(value))
    parsed = parse_post(text)
    assert render_post(parsed.to_post_fields()) == text
    if "&#12" not in value:  # the format cannot tell a literal "&#123;" from an escaped brace
        assert parsed.title == post_title(value or "fallback title")
        assert parsed.categories == (value, value, value)
        assert parsed.author == value


def test_empty_title_is_refused() -> None:
    with pytest.raises(ValueError, match="title"):
        render_post(PostFields(title="", categories=("a", "b", "c"), author="b", date=DATE, body_html=""))


def test_missing_date_is_refused() -> None:
    with pytest.raises(ValueError, match="date"):
        render_post(PostFields(title="t", categories=("a", "b", "c"), author="b", date=None, body_html=""))


def test_naive_date_is_refused() -> None:
    naive = datetime(2022, 8, 30, 9, 19)
    with pytest.raises(ValueError, match="aware"):
        render_post(PostFields(title="t", categories=("a", "b", "c"), author="b", date=naive, body_html=""))


def test_categories_must_be_a_sequence_of_strings() -> None:
    with pytest.raises(TypeError):
        PostFields(title="t", categories="abc", author="b", date=DATE, body_html="")  # type: ignore[arg-type]
    assert PostFields(title="t", categories=["a", "b"], author="b", date=DATE, body_html="").categories == (  # type: ignore[arg-type]
        "a",
        "b",
    )


def test_no_category_is_refused() -> None:
    with pytest.raises(ValueError, match="category"):
        render_post(PostFields(title="t", categories=(), author="b", date=DATE, body_html=""))


ARCHIVE_TITLES = [
    "三人成虎，小米联手北汽造电动车_绯闻_成真？",
    '"镁信健康"完成超20亿元C轮融资，今年底拟冲击上市',
    "10月制造业PMI为49.2",
    "(更新) Twitter 在全球遭遇宕机",
    "10万人数据显示：晚上10-11点入睡最健康",
    "100%真全面屏！小米MIX 4屏幕演示视频曝光：前摄完全消失",
    "1000R曲面带鱼屏+4K画面输入！微星MPG343CQR月神图赏",
    "Java 和 C# 最大的不同是什么？",
    "Android对so体积优化的探索与实践 (tech.meituan.com)",
    "_Obs＃56_ 快速新增",
    "【虎嗅早报】央行降准，释放1.2万亿资金；美国证监会调查特斯拉，涉太阳能电池板问题",
]
ARCHIVE_TITLES_WITH_APOSTROPHE = [
    "Let's Encrypt根证书过期预警 请在9月30日前及时更新",
    "Facebook正持续研究BOLT'ing以提高Linux内核执行性能",
]
ARCHIVE_CATEGORIES = [
    "新媒体",
    "社交媒体",
    "编程",
    "高科技行业门户",
    "36kr",
    "cnBeta",
    "IT 之家",
    "少数派 sspai",
    "199IT",
    "虎嗅",
    "知乎",
    "掘金",
    "技术头条",
    "新闻",
    "最新",
    "快讯",
    "资讯",
    "分类资讯",
    "首页更新",
    "搜索",
    "作者",
    "Matrix",
    "知乎日报",
    "知乎热榜",
    "分类",
    "最新分享",
]


def rendered_lines(title: str, category: str = "新媒体") -> list[str]:
    post = PostFields(
        title=title, categories=("新媒体", category, "新闻"), author=category, date=DATE, body_html="<p>x</p>"
    )
    return render_post(post).split("\n")


@pytest.mark.parametrize("title", ARCHIVE_TITLES)
def test_archive_titles_keep_single_quotes(title: str) -> None:
    assert rendered_lines(title)[2] == f"title: '{title}'"


@pytest.mark.parametrize("title", ARCHIVE_TITLES_WITH_APOSTROPHE)
def test_archive_titles_with_apostrophe_switch_to_double_quotes(title: str) -> None:
    assert rendered_lines(title)[2] == f'title: "{title}"'


@pytest.mark.parametrize("category", ARCHIVE_CATEGORIES)
def test_archive_categories_and_author_stay_unquoted(category: str) -> None:
    lines = rendered_lines("标题", category)
    assert lines[5] == f" - {category}"
    assert lines[8] == f"author: {category}"


@pytest.mark.parametrize(
    ("title", "line"),
    [
        ('Let\'s "go"', 'title: "Let\'s \\"go\\""'),
        ("a\nb", 'title: "a\\nb"'),
        ("a\x00b", 'title: "a\\0b"'),
        ("\ufeffx", 'title: "\\uFEFFx"'),
        ("x{y}", "title: 'x&#123;y&#125;'"),
        ("a: b", "title: 'a_ b'"),
        ("no", "title: 'no'"),
    ],
)
def test_title_fallbacks(title: str, line: str) -> None:
    assert rendered_lines(title)[2] == line


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("no", '"no"'),
        ("on", '"on"'),
        ("null", '"null"'),
        ("~", '"~"'),
        ("1e3", '"1e3"'),  # a string for PyYAML, a number for js-yaml
        ("0o17", '"0o17"'),
        ("2024-01-01", '"2024-01-01"'),
        ("a: b", '"a: b"'),
        ("a #b", '"a #b"'),
        ("- x", '"- x"'),
        ("&a", '"&a"'),
        ("[a]", '"[a]"'),
        ("{a}", '"&#123;a&#125;"'),
        (" x", '" x"'),
        ("", '""'),
        ('say "hi"', 'say "hi"'),
        ("a:b", "a:b"),
        ("C#", "C#"),
        ("x\\y", "x\\y"),
        ("a\tb", '"a\\tb"'),
        ("\x85", '"\\N"'),
        ("\u2028", '"\\L"'),
        ("\x9f", '"\\x9F"'),
        ("\ud800", '"\\uD800"'),
    ],
)
def test_plain_values_are_quoted_only_when_needed(value: str, written: str) -> None:
    lines = rendered_lines("标题", value)
    assert lines[5] == f" - {written}"
    assert lines[8] == f"author: {written}"


# Every kind of character the quoted forms depend on: both quotes, backslash, spaces, YAML indicators, letters of
# several scripts, an emoji, and the escaped ones (controls, line breaks, NEL, separators, BOM, non-characters).
_RANDOM_ALPHABET = (
    "ab 'Z\"\\:#-?&*!|>%@`{}[],~" + "新闻科技" + "é" + "\U0001f600" + "\t\n\r\x00\x1b\x7f\x85\xa0"
    + "\u2028\u2029\ufeff\ufffe\uffff\ud800"
)


def test_quoted_scalars_read_back_exactly_for_random_values() -> None:
    """The title/image forms are chosen without a YAML parse; PyYAML reads every one of them back exactly."""
    rng = random.Random(20261205)
    seen_forms = set()
    for _ in range(20_000):
        value = "".join(rng.choice(_RANDOM_ALPHABET) for _ in range(rng.randint(0, 12)))
        written = _quoted_scalar(value)
        seen_forms.add(written[0] + ("escaped" if "\\" in written and "\\" not in value else ""))
        assert yaml.safe_load(f"value: {written}\n") == {"value": value}, (value, written)
    assert seen_forms >= {"'", '"', '"escaped'}
