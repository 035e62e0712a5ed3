"""Page bytes to text: declarations checked against the bytes, misdeclared and undeclared pages detected, and a
measure of how clean the result is so that a page that still decodes to garbage can be flagged.

Order of evidence (``decode_html``):

1. A byte-order mark.
2. Valid UTF-8 with non-ASCII characters is UTF-8, whatever the page declares: multi-byte UTF-8 sequences almost
   never occur by chance in GBK, Big5, Shift_JIS or Latin text, and "UTF-8 served as GB2312" (a page re-encoded
   by a CMS or a proxy that kept the old ``<meta charset>``) is common.
3. The declared encodings, in the order HTTP header, ``<meta>``, the caller's default (a portal's known
   encoding), each tried strictly; a declaration that leaves only a few broken bytes (a truncated multi-byte
   character, one stray byte in a footer) is still accepted.
4. Otherwise the encoding is detected (charset-normalizer, only on this slow path), e.g. "GBK bytes served as
   UTF-8" with no usable ``<meta>``.

A single-byte Latin declaration (``ISO-8859-1``, the old server default) over bytes that form runs of high-bit
characters is treated as no declaration: Latin text has isolated accented letters, CJK encodings have pairs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property

from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding

__all__ = ["DecodedPage", "decode_html", "looks_garbled", "mojibake_count"]

#: Share of replacement characters among the non-ASCII characters above which a page is not trusted.
SUSPICIOUS_REPLACEMENT_RATIO = 0.01
#: ... and how many there must be at least (one stray byte in a footer is not a broken page).
SUSPICIOUS_REPLACEMENT_COUNT = 3
# A declaration is kept when decoding with it breaks at most this share of the non-ASCII bytes.
_TOLERATED_ERROR_RATIO = 0.002

_SINGLE_BYTE_LATIN = frozenset(("cp1252", "latin_1", "iso8859-1", "iso8859-15", "ascii"))
_UNICODE_WIDE = ("utf-16", "utf-32")
# Runs of two or more non-ASCII bytes (for the Latin-declaration check).
_HIGH_RUN = re.compile(rb"[\x80-\xff]{2,}")
_HIGH_BYTE = re.compile(rb"[\x80-\xff]")
# UTF-8 read as Latin-1 / cp1252 ("Ã©", "â€™"): a lead byte, then a continuation byte, read that way. One pattern
# per lead starts with a literal, which the regex engine jumps to; "[ÃÂâ…][…]" would be tried at every position of
# the page. No follower is a lead, so the pairs never overlap, nor do they overlap the two sequences below.
_PAIR_FOLLOWERS = "[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
_MOJIBAKE_PAIRS = tuple((lead, re.compile(lead + _PAIR_FOLLOWERS)) for lead in "ÃÂâÅÐÑØÙ")
# The UTF-8 replacement character read as GBK, twice ("锟斤拷"), and a UTF-8 byte-order mark read as Latin-1.
_MOJIBAKE_SEQUENCES = ("锟斤拷", "ï»¿")


@dataclass(frozen=True)
class DecodedPage:
    """A page's text and how it was obtained."""

    #: The decoded document.
    text: str
    #: Python codec name used (``utf-8``, ``gb18030``, ``big5hkscs``, ``cp932``, ``cp1252``…).
    encoding: str
    #: Where the encoding came from: ``bom``, ``utf-8`` (the bytes are valid UTF-8), ``http-header``, ``meta``,
    #: ``default`` (the caller's), ``detected`` or ``fallback`` (nothing fitted; decoded with replacements).
    source: str
    #: U+FFFD characters in the text (bytes the encoding could not decode, or literal replacement characters).
    replacement_count: int
    #: Sequences typical of text decoded twice or with the wrong codec ("Ã©", "â€™", "锟斤拷").
    mojibake_count: int = 0
    #: The document's UTF-8 bytes when the page's own bytes are exactly that (valid UTF-8 or ASCII, past any
    #: byte-order mark): the parser can read them as they are instead of the text encoded again.
    utf8: bytes | None = None

    @cached_property
    def non_ascii_count(self) -> int:
        """Non-ASCII characters in the text (the base of ``replacement_ratio``): counted when first asked, which
        for a clean page is never (counting costs a third of a millisecond on a page of 250,000 characters)."""
        text = self.text
        return 0 if text.isascii() else len(text) - len(text.encode("ascii", "ignore"))

    @property
    def replacement_ratio(self) -> float:
        """Replacement characters per non-ASCII character (0.0 for a clean page)."""
        return self.replacement_count / self.non_ascii_count if self.non_ascii_count else 0.0

    @property
    def suspicious(self) -> bool:
        """True when the text is likely garbled: many replacement characters or mojibake sequences."""
        garbled = self.replacement_count + self.mojibake_count
        return garbled >= SUSPICIOUS_REPLACEMENT_COUNT and (  # the ratio only when needed: see non_ascii_count
            garbled / max(self.non_ascii_count, 1) >= SUSPICIOUS_REPLACEMENT_RATIO
        )


def looks_garbled(text: str) -> bool:
    """``DecodedPage.suspicious`` for a piece of the page (an article's title and body): the page may hold its
    replacement characters in markup nobody reads (a style sheet) while the article itself is clean."""
    return _result(text, encoding="", source="").suspicious  # the same counts and thresholds as a page's


def mojibake_count(text: str) -> int:
    """How many mojibake sequences (UTF-8 read as Latin-1/cp1252, "锟斤拷") ``text`` holds."""
    # str.__contains__ of one character is a memchr-speed scan: a lead absent from the page costs no regex run, and
    # a sequence whose first character is absent no str.count (a search for several characters, ten times slower).
    return sum(text.count(sequence) for sequence in _MOJIBAKE_SEQUENCES if sequence[0] in text) + sum(
        len(pair.findall(text)) for lead, pair in _MOJIBAKE_PAIRS if lead in text)


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    codec = resolve_encoding(label.strip().strip("\"'"))
    # WHATWG decodes every GB label with gb18030, a superset: pages declared gb2312 or gbk hold its characters.
    return "gb18030" if codec in ("gbk", "gb2312") else codec


def _result(text: str, encoding: str, source: str, utf8: bytes | None = None) -> DecodedPage:
    if text.isascii():  # a flag read, no scan
        return DecodedPage(text, encoding, source, 0, 0, utf8=utf8)
    return DecodedPage(text, encoding, source, text.count("\ufffd"), mojibake_count(text), utf8=utf8)


def _looks_multibyte(body: bytes) -> bool:
    """Whether the high-bit bytes come in runs (CJK or UTF-8) rather than alone (accented Latin letters)."""
    high = len(_HIGH_BYTE.findall(body))
    if high < 20:
        return False
    in_runs = sum(len(run) for run in _HIGH_RUN.findall(body))
    return in_runs > 0.8 * high


def _error_count(body: bytes, codec: str) -> int:
    try:
        return body.decode(codec, errors="replace").count("\ufffd")
    except LookupError:
        return len(body)


def decode_html(
    body: bytes, content_type: str | None = None, *, default_encoding: str | None = None
) -> DecodedPage:
    """Decode an HTML page (see the module notes for the order of evidence).

    ``content_type`` is the HTTP ``Content-Type`` header value, ``default_encoding`` an encoding the caller knows
    the site uses when the page declares none (a portal's).
    """
    bom_encoding, bom = read_bom(body)
    if bom_encoding and bom:
        text = body[len(bom) :].decode(bom_encoding, errors="replace")
        utf8 = body[len(bom) :] if bom_encoding == "utf-8" and "\ufffd" not in text else None
        return _result(text, bom_encoding, "bom", utf8)

    declared: list[tuple[str, str]] = []
    header = _codec(http_content_type_encoding(content_type)) if content_type else None
    meta = _codec(html_body_declared_encoding(body))
    default = _codec(default_encoding)
    for codec, source in ((header, "http-header"), (meta, "meta"), (default, "default")):
        # A page that is not UTF-16 cannot declare it in ASCII; browsers read such a declaration as UTF-8.
        if codec and not codec.startswith(_UNICODE_WIDE) and codec not in (c for c, _ in declared):
            declared.append((codec, source))

    if body.isascii():
        codec, source = declared[0] if declared else ("utf-8", "utf-8")
        return _result(body.decode("ascii"), codec, source, body)

    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        source = next((source for codec, source in declared if codec == "utf-8"), "utf-8")
        return _result(text, "utf-8", source, body)

    multibyte = _looks_multibyte(body)
    usable = [(codec, source) for codec, source in declared if codec != "utf-8"]
    if multibyte:
        usable = [(codec, source) for codec, source in usable if codec not in _SINGLE_BYTE_LATIN]
    for codec, source in usable:
        try:
            return _result(body.decode(codec), codec, source)
        except UnicodeDecodeError:
            continue
        except LookupError:
            continue
    high = len(_HIGH_BYTE.findall(body)) or 1
    for codec, source in usable:
        if _error_count(body, codec) <= max(2, _TOLERATED_ERROR_RATIO * high):
            return _result(body.decode(codec, errors="replace"), codec, source)

    detected = _detect(body)
    if detected:
        return _result(body.decode(detected, errors="replace"), detected, "detected")
    codec, source = (declared[0][0], "fallback") if declared else ("utf-8", "fallback")
    return _result(body.decode(codec, errors="replace"), codec, source)


def _detect(body: bytes) -> str | None:
    """The most plausible encoding of bytes that are not UTF-8 and match no declaration."""
    from charset_normalizer import from_bytes  # imported here: only misdeclared or undeclared pages need it

    best = from_bytes(body).best()
    if best is None:
        return None
    # The superset codecs browsers use (GB2312 text may hold GBK characters, Shift_JIS text cp932 ones).
    return _codec(best.encoding) or best.encoding
