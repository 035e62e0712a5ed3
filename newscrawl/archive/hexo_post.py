"""The Hexo post format of the archive: render an article as a post file, read a post file back.

This module is pure (no I/O) and implements the byte-level contract written down in ``docs/archive-format.md``:

* ``render_post`` returns the whole file text; the caller encodes it as UTF-8 without BOM.
* ``post_relative_path`` says where the file lives under the posts folder.
* ``parse_post`` reads a post (ours or the archive's) back into its values.

Front matter and YAML
---------------------
The archive's generator filled a fixed template: ``title: '<TITLE>'`` (``"<TITLE>"`` when the title holds
``'``), categories and author unquoted, ``headimg``/``thumbnail`` single-quoted. Those bytes are kept whenever
they are valid YAML that reads back to the intended string; otherwise the value is written as a YAML
double-quoted scalar with backslash escapes, which always reads back exactly. The decision is made by
actually loading the candidate with ``yaml.safe_load`` (the value alone, in the same position it has in the
file), plus two conservative extra conditions for what PyYAML (YAML 1.1) accepts but Hexo's parser (YAML 1.2)
may read differently (the result was checked once against hexo-front-matter 4 with js-yaml 4 and 5 with
yaml 2 over every hostile string of the tests: no difference):

1. a value holding a control, line-separator or non-printable character (C0, DEL, C1, U+2028, U+2029,
   U+FEFF, U+FFFE, U+FFFF, lone surrogates) is always escaped;
2. an unquoted value that YAML 1.2 / js-yaml would resolve to null, bool, number, timestamp or merge key
   (``1e3``, ``0o17``, ``y``, ``<<`` …) is always quoted, even when PyYAML happens to read it as a string.

Only the title gets the title rule (``post_title``: ``: / \\ ? * “ ” < > | [ ]`` become ``_``); categories and
author are written as given, as the archive did.

Braces
------
After the template is filled, every ``{`` in the file (front matter included) becomes ``&#123;`` and every
``}`` becomes ``&#125;`` so that Hexo's Nunjucks leaves them alone. The *intended* front-matter value of a
title ``a{b}`` is therefore the string ``a&#123;b&#125;`` (Hexo shows it as ``a{b}`` because the page is
HTML); the YAML decision above is made on the escaped value. ``parse_post`` reverses the transform in every
value it returns, so a title that literally contained the text ``&#123;`` reads back as ``{`` (the format
cannot tell the two apart). File names are not touched by the transform: ``a{b}`` is stored as ``a{b}.md``.

File names
----------
``<CATEGORY 1>/<CATEGORY 2>/<CATEGORY 3>/<NAME>.md`` where NAME is the title after the title rule with every
``.``, ``#`` and line break removed (archive behaviour), then made safe: control characters and lone
surrogates removed, at most 255 UTF-8 bytes including ``-<disambiguator>`` and ``.md`` (cut on a code-point
boundary), never empty (``untitled``). As every ``.`` is removed a NAME can never be ``.``, ``..`` or hidden.
Category directories get the same safety treatment (``/`` and ``\\`` become ``_``, leading dots removed)
but keep every other character, as the archive did (``少数派 sspai``, ``IT 之家``).

Caveat kept for archive compatibility: Hexo skips every post whose path under ``_posts/`` has a component
starting with ``_`` or ``.`` (``isHiddenFile`` in hexo's post processor), so a title starting with one of
``_ : / \\ ? * “ ” < > | [ ]`` (``[Obs＃56] …`` → ``_Obs＃56_ ….md``) gives a file the archive also has but
Hexo never publishes.
"""

from __future__ import annotations

import functools
import html.parser
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import PurePosixPath
from typing import Any

import yaml

__all__ = [
    "ParsedPost",
    "PostFields",
    "first_image_src",
    "format_post_date",
    "parse_post",
    "parse_post_date",
    "post_file_stem",
    "post_relative_path",
    "post_title",
    "render_post",
]


@dataclass(frozen=True)
class PostFields:
    """The values a post is rendered from; everything else in the file derives from them."""

    #: The article title as published; ``render_post`` applies the title rule (``post_title``).
    title: str
    #: The category hierarchy: section, site, channel (normally three), written as given.
    categories: tuple[str, ...]
    #: What goes in ``author:`` (the caller decides; the archive always used the site name, category 2).
    author: str
    #: Publication time, timezone-aware; rendered in UTC as an RFC 7231 IMF-fixdate. None is refused.
    date: datetime | None
    #: Cleaned body HTML, rendered verbatim (only the brace transform applies).
    body_html: str

    def __post_init__(self) -> None:
        # Accept any sequence from callers (lists from Article) but store a tuple so the value stays hashable.
        if isinstance(self.categories, str):
            raise TypeError("categories is a sequence of strings, not one string")
        if not isinstance(self.categories, tuple):
            object.__setattr__(self, "categories", tuple(self.categories))


@dataclass(frozen=True)
class ParsedPost:
    """A post file read back: every string with the brace transform reversed."""

    title: str
    categories: tuple[str, ...]
    author: str
    #: The date as an aware UTC datetime when ``date_raw`` is an RFC 7231 IMF-fixdate, else None.
    date: datetime | None
    #: The ``date:`` value exactly as written (archive posts also hold ``2022-04-15 00:40:41``).
    date_raw: str
    headimg: str
    thumbnail: str
    body_html: str

    def to_post_fields(self, author: str | None = None) -> PostFields:
        """The fields that render this post again (``author`` defaults to the parsed one)."""
        return PostFields(
            title=self.title,
            categories=self.categories,
            author=self.author if author is None else author,
            date=self.date,
            body_html=self.body_html,
        )


# --------------------------------------------------------------------------------------------------------
# Titles and file names

_TITLE_REPLACED = str.maketrans({character: "_" for character in ":/\\?*“”<>|[]"})
# str.splitlines() boundaries: the "line breaks" removed from file names.
_LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
_NAME_REMOVED = str.maketrans(dict.fromkeys(".#" + _LINE_BREAKS))
_NAME_MAX_BYTES = 255
_FALLBACK_NAME = "untitled"
_POST_SUFFIX = ".md"
_DISAMBIGUATOR = re.compile(r"[A-Za-z0-9_-]{1,64}")


def post_title(title: str) -> str:
    """The TITLE slot: each of ``: / \\ ? * “ ” < > | [ ]`` becomes ``_``; full-width ``？：！，`` stay."""
    return title.translate(_TITLE_REPLACED)


def _without_unsafe_path_characters(text: str) -> str:
    # Control characters (NUL included) and lone surrogates (not encodable as UTF-8) have no place in a path.
    return "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))


def _cut_to_bytes(text: str, limit: int) -> str:
    """The longest prefix of ``text`` whose UTF-8 form fits in ``limit`` bytes (never splits a code point)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", errors="ignore")


def _file_stem(title: str, reserved_bytes: int) -> str:
    name = _without_unsafe_path_characters(post_title(title).translate(_NAME_REMOVED))
    name = _cut_to_bytes(name, _NAME_MAX_BYTES - reserved_bytes)
    return name or _FALLBACK_NAME


def post_file_stem(title: str) -> str:
    """NAME: the title rule, then every ``.``, ``#`` and line break removed, made safe for a file name.

    Control characters and lone surrogates are removed, the result is cut on a code-point boundary so that
    ``NAME.md`` fits in 255 UTF-8 bytes, and an empty result becomes ``untitled``.
    """
    return _file_stem(title, len(_POST_SUFFIX))


def _directory_name(category: str) -> str:
    name = _without_unsafe_path_characters(category.replace("/", "_").replace("\\", "_"))
    name = "".join(ch for ch in name if ch not in _LINE_BREAKS).lstrip(".")
    return _cut_to_bytes(name, _NAME_MAX_BYTES) or _FALLBACK_NAME


def post_relative_path(post: PostFields, disambiguator: str | None = None) -> PurePosixPath:
    """``<cat1>/<cat2>/<cat3>/<NAME>.md`` relative to the posts folder, every component made safe.

    ``disambiguator`` (``[A-Za-z0-9_-]{1,64}``, e.g. a short hash of the article URL) is given by the caller
    when two different articles share a title: the name becomes ``NAME-<disambiguator>.md``. The same input
    always gives the same path, and the path never leaves the posts folder whatever the values hold.
    """
    suffix = _POST_SUFFIX
    if disambiguator is not None:
        if not _DISAMBIGUATOR.fullmatch(disambiguator):
            raise ValueError(f"disambiguator must match {_DISAMBIGUATOR.pattern}: {disambiguator!r}")
        suffix = f"-{disambiguator}{_POST_SUFFIX}"
    stem = _file_stem(post.title, len(suffix.encode("utf-8")))
    directories = [_directory_name(category) for category in post.categories]
    return PurePosixPath(*directories, stem + suffix)


# --------------------------------------------------------------------------------------------------------
# Dates

# Explicit English names: strftime's %a/%b follow the process locale.
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_IMF_FIXDATE = re.compile(
    r"(?P<weekday>Mon|Tue|Wed|Thu|Fri|Sat|Sun), (?P<day>\d{2}) "
    r"(?P<month>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (?P<year>\d{4}) "
    r"(?P<hour>\d{2}):(?P<minute>\d{2}):(?P<second>\d{2}) GMT"
)


def format_post_date(date: datetime) -> str:
    """``date`` in UTC as an RFC 7231 IMF-fixdate (``Tue, 30 Aug 2022 09:19:00 GMT``), locale-independent.

    Sub-second precision is dropped. A naive datetime is refused (its zone would be a guess).
    """
    if date.tzinfo is None or date.utcoffset() is None:
        raise ValueError(f"post date must be timezone-aware: {date!r}")
    utc = date.astimezone(UTC)
    return (
        f"{_WEEKDAYS[utc.weekday()]}, {utc.day:02d} {_MONTHS[utc.month - 1]} {utc.year:04d} "
        f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d} GMT"
    )


def parse_post_date(text: str) -> datetime | None:
    """The aware UTC datetime of an IMF-fixdate, or None for any other text (or a wrong weekday)."""
    match = _IMF_FIXDATE.fullmatch(text)
    if match is None:
        return None
    try:
        date = datetime(
            int(match["year"]),
            _MONTHS.index(match["month"]) + 1,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"]),
            tzinfo=UTC,
        )
    except ValueError:
        return None
    if _WEEKDAYS[date.weekday()] != match["weekday"]:
        return None
    return date


# --------------------------------------------------------------------------------------------------------
# YAML scalars

# Characters that are always escaped: control characters, line/paragraph separators, the BOM and the
# non-characters PyYAML refuses; YAML parsers disagree on them or drop them.
_ALWAYS_ESCAPED_CATEGORIES = frozenset({"Cc", "Cs", "Zl", "Zp"})
_ALWAYS_ESCAPED = frozenset("\ufeff\ufffe\uffff")
_NAMED_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\x00": "\\0",
    "\x07": "\\a",
    "\x08": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\x0b": "\\v",
    "\x0c": "\\f",
    "\r": "\\r",
    "\x1b": "\\e",
    "\x85": "\\N",
    "\u2028": "\\L",
    "\u2029": "\\P",
}
# Plain scalars that YAML 1.2 (js-yaml, which Hexo uses) or YAML 1.1 resolve to something other than a
# string. Deliberately broad: a false positive only costs a pair of quotes.
_IMPLICITLY_TYPED = re.compile(
    r"""
    ~ | null | Null | NULL | << | =
    | y | Y | yes | Yes | YES | n | N | no | No | NO | true | True | TRUE | false | False | FALSE
    | on | On | ON | off | Off | OFF
    | [-+]? (?: 0b[01_]+ | 0o[0-7_]+ | 0x[0-9a-fA-F_]+
              | [0-9][0-9_]* (?: \.[0-9_]* )? (?: [eE][-+]?[0-9]+ )?
              | \.[0-9][0-9_]* (?: [eE][-+]?[0-9]+ )?
              | [0-9][0-9_]* (?: :[0-5]?[0-9] )+ (?: \.[0-9_]* )?
              | \.(?: inf | Inf | INF ) )
    | \.(?: nan | NaN | NAN )
    | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2} (?: (?: [Tt] | [ \t]+ ) .* )?
    """,
    re.VERBOSE,
)


def _must_escape(value: str) -> bool:
    return any(
        ch in _ALWAYS_ESCAPED or unicodedata.category(ch) in _ALWAYS_ESCAPED_CATEGORIES for ch in value
    )


def _double_quoted(value: str) -> str:
    """A YAML double-quoted scalar that reads back as exactly ``value`` (escapes, no raw line breaks)."""
    parts = ['"']
    for ch in value:
        if ch in _NAMED_ESCAPES:
            parts.append(_NAMED_ESCAPES[ch])
        elif ch in _ALWAYS_ESCAPED or unicodedata.category(ch) in _ALWAYS_ESCAPED_CATEGORIES:
            code = ord(ch)
            if code <= 0xFF:
                parts.append(f"\\x{code:02X}")
            elif code <= 0xFFFF:
                parts.append(f"\\u{code:04X}")
            else:
                parts.append(f"\\U{code:08X}")
        else:
            parts.append(ch)
    parts.append('"')
    return "".join(parts)


def _reads_back(document: str, expected: Any) -> bool:
    try:
        loaded = yaml.safe_load(document)
    except yaml.YAMLError:
        return False
    return loaded == {"value": expected}


def _reads_back_as_mapping_value(rendered: str, value: str) -> bool:
    return _reads_back(f"value: {rendered}\n", value)


def _reads_back_as_sequence_item(rendered: str, value: str) -> bool:
    return _reads_back(f"value: \n - {rendered}\n", [value])


def _checked_double_quoted(value: str, in_sequence: bool) -> str:
    rendered = _double_quoted(value)
    check = _reads_back_as_sequence_item if in_sequence else _reads_back_as_mapping_value
    if not check(rendered, value):  # pragma: no cover - the escaped form is exact by construction
        raise RuntimeError(f"cannot represent {value!r} as a YAML scalar")
    return rendered


@functools.lru_cache(maxsize=4096)
def _quoted_scalar(value: str) -> str:
    """``'value'`` (``"value"`` when it holds ``'``) as the archive wrote it, or the escaped fallback."""
    if not _must_escape(value):
        # With no escaped character (no line break, control or non-printable one), a quoted scalar holding no
        # character its quotes give a meaning to reads back exactly as written: no YAML parse needed (a parse
        # per title is the costly part; tests/archive/test_hexo_post_yaml.py checks these forms against PyYAML).
        if "'" not in value:
            return f"'{value}'"
        if '"' not in value and "\\" not in value:
            return f'"{value}"'
    return _checked_double_quoted(value, in_sequence=False)


@functools.lru_cache(maxsize=4096)
def _plain_scalar(value: str, in_sequence: bool) -> str:
    """``value`` unquoted as the archive wrote it, or the escaped fallback."""
    if not _must_escape(value) and not _IMPLICITLY_TYPED.fullmatch(value):
        check = _reads_back_as_sequence_item if in_sequence else _reads_back_as_mapping_value
        if check(value, value):
            return value
    return _checked_double_quoted(value, in_sequence)


# --------------------------------------------------------------------------------------------------------
# Body images

# Elements whose content a browser reads as text: an <img> inside is not an image.
_TEXT_CONTENT_ELEMENTS = frozenset({"textarea", "title", "xmp", "iframe", "noembed", "noframes", "plaintext"})
_ASCII_WHITESPACE = "\t\n\x0c\r "


_FEED_PIECE = 4096


class _FirstImageFinder(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.src: str | None = None
        self._text_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _TEXT_CONTENT_ELEMENTS:
            self._text_depth += 1
        elif tag == "img" and self._text_depth == 0 and self.src is None:
            for name, value in attrs:
                if name == "src":
                    # The parser has already decoded character references, as a browser does.
                    src = (value or "").strip(_ASCII_WHITESPACE)
                    if src:
                        self.src = src
                    break

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _TEXT_CONTENT_ELEMENTS and self._text_depth:
            self._text_depth -= 1


# The rest of a start tag written plainly: attributes with quoted or bare values, then ``>`` or ``/>``. Where
# html.parser ends such a tag is not in doubt.
_PLAIN_TAG_REST = r"""(?>\s+[^\s"'<>/=]++(?>\s*=\s*(?>"[^"]*+"|'[^']*+'|[^\s"'=<>`]++))?)*+\s*/?>"""
# Text and plainly written tags before the first ``<img``, and none of them opens an element whose content is not
# markup (script, style and the text elements above): html.parser reads that ``<img`` as the body's first image
# tag. Anything else (comments, ``<!``/``<?``, a stray quote in a tag...) is left to the parser.
_PLAIN_MARKUP = re.compile(
    r"(?>[^<]++|<(?![a-zA-Z/!?])|</[a-zA-Z][^>]*+>"
    r"|(?!<(?i:script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext)(?![a-zA-Z0-9-]))"
    r"<[a-zA-Z][a-zA-Z0-9-]*+" + _PLAIN_TAG_REST + r")*+"  # atomic, possessive: a prefix not plain fails fast
)
_PLAIN_IMG_TAG = re.compile(r"(?i:<img)(?![a-zA-Z0-9-])" + _PLAIN_TAG_REST)
_IMG_OPEN = re.compile(r"<img(?![a-zA-Z0-9-])", re.IGNORECASE)


def first_image_src(body_html: str) -> str:
    """The ``src`` of the first ``<img>`` of the body that has a non-empty one, ``''`` when none does.

    Character references in the attribute are decoded (``&amp;`` → ``&``) and surrounding ASCII whitespace
    is stripped, as a browser reads the URL.
    """
    if "<img" not in body_html.lower():
        return ""  # no image tag can start without these characters: the common image-less body costs no parse
    # The common body: plain markup up to a first <img> with a src. Only that tag is parsed.
    opening = _IMG_OPEN.search(body_html)
    if opening is not None and _PLAIN_MARKUP.fullmatch(body_html, 0, opening.start()):
        tag = _PLAIN_IMG_TAG.match(body_html, opening.start())
        if tag is not None:
            finder = _FirstImageFinder()
            finder.feed(tag.group())
            if finder.src is not None:
                return finder.src
    finder = _FirstImageFinder()
    # Fed a piece at a time: the parser is incremental, the first src found is final, and bodies usually start
    # with their lead image, so most of a long body is never parsed.
    for start in range(0, len(body_html), _FEED_PIECE):
        finder.feed(body_html[start : start + _FEED_PIECE])
        if finder.src is not None:
            return finder.src
    finder.close()
    return finder.src or ""


# --------------------------------------------------------------------------------------------------------
# Rendering and parsing

_BODY_START = "<div>   \n"
_BODY_END = "  \n</div>\n" + " " * 12


def _escape_braces(text: str) -> str:
    # str.replace, not str.translate with a mapping: much quicker on a long body.
    return text.replace("{", "&#123;").replace("}", "&#125;")


def _unescape_braces(text: str) -> str:
    return text.replace("&#123;", "{").replace("&#125;", "}")


def render_post(post: PostFields) -> str:
    """The whole post file text (no final newline); the caller writes it as UTF-8 without BOM.

    Raises ValueError when the title is empty, the date is missing or naive, or there is no category:
    the format has no honest value for them (the old generator silently used the time of the run).
    """
    if not post.title:
        raise ValueError("post title is empty")
    if post.date is None:
        raise ValueError("post date is missing")
    if not post.categories:
        raise ValueError("post has no category")
    date = format_post_date(post.date)
    image = _quoted_scalar(_escape_braces(first_image_src(post.body_html)))
    lines = [
        "",
        "---",
        f"title: {_quoted_scalar(_escape_braces(post_title(post.title)))}",
        "categories: ",
        *(f" - {_plain_scalar(_escape_braces(category), True)}" for category in post.categories),
        f"headimg: {image}",
        f"author: {_plain_scalar(_escape_braces(post.author), False)}",
        "comments: false",
        f"date: {date}",
        f"thumbnail: {image}",
        "---",
        "",
        _BODY_START + post.body_html + _BODY_END,
    ]
    return _escape_braces("\n".join(lines))


def _front_matter_string(front_matter: dict[Any, Any], key: str) -> str:
    value = front_matter.get(key)
    if not isinstance(value, str):
        raise ValueError(f"front matter {key!r} is missing or not a string: {value!r}")
    return _unescape_braces(value)


def parse_post(text: str) -> ParsedPost:
    """Read a post file (ours or the archive's) back into its values.

    Raises ValueError when ``text`` does not have the template's shape. Front-matter values are read as
    YAML strings without type resolution (an archive ``date: 2022-04-15 00:40:41`` stays text), and the
    brace transform is reversed everywhere, the body included.
    """
    if not text.startswith("\n---\n"):
        raise ValueError("a post starts with an empty line and '---'")
    front_end = text.find("\n---\n\n" + _BODY_START, len("\n---"))
    if front_end < 0:
        raise ValueError("front matter is not closed by '---' followed by the body <div>")
    if not text.endswith(_BODY_END):
        raise ValueError("a post ends with '  \\n</div>\\n' and twelve spaces")
    front_matter_text = text[len("\n---\n") : front_end + 1]
    body_start = front_end + len("\n---\n\n" + _BODY_START)
    if body_start > len(text) - len(_BODY_END):
        raise ValueError("the body <div> is not closed")
    body = text[body_start : len(text) - len(_BODY_END)]
    try:
        # BaseLoader: every scalar is a string, as the generator meant it (no bool/date resolution).
        front_matter = yaml.load(front_matter_text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        raise ValueError(f"front matter is not valid YAML: {error}") from error
    if not isinstance(front_matter, dict):
        raise ValueError("front matter is not a mapping")
    categories = front_matter.get("categories")
    if not isinstance(categories, list) or not all(isinstance(item, str) for item in categories):
        raise ValueError(f"front matter 'categories' is not a list of strings: {categories!r}")
    date_raw = _front_matter_string(front_matter, "date")
    return ParsedPost(
        title=_front_matter_string(front_matter, "title"),
        categories=tuple(_unescape_braces(category) for category in categories),
        author=_front_matter_string(front_matter, "author"),
        date=parse_post_date(date_raw),
        date_raw=date_raw,
        headimg=_front_matter_string(front_matter, "headimg"),
        thumbnail=_front_matter_string(front_matter, "thumbnail"),
        body_html=_unescape_braces(body),
    )
