"""Decoding page bytes: declared, undeclared and misdeclared encodings, and flagging what stays garbled."""

from __future__ import annotations

import random
import re

import pytest

from newscrawl.extract.encoding import DecodedPage, decode_html, mojibake_count

SIMPLIFIED = (
    "<html><head>{meta}<title>新闻标题</title></head><body><h1>国家统计局发布数据</h1>"
    "<p>这是一段中文正文，内容足够长，有逗号，也有句号。北京时间今天上午，记者从国家统计局获悉，经济运行总体平稳。</p>"
    "<p>责任编辑：张三</p></body></html>"
)
TRADITIONAL = (
    "<html><head>{meta}<title>新聞標題</title></head><body><h1>國家統計局發布數據</h1>"
    "<p>這是一段中文正文，內容足夠長，有逗號，也有句號。北京時間今天上午，記者從國家統計局獲悉，經濟運行總體平穩。</p>"
    "</body></html>"
)
JAPANESE = (
    "<html><head>{meta}<title>ニュース</title></head><body><h1>東京都の新計画</h1>"
    "<p>これは日本語の本文です。東京都は今日、新しい計画を発表しました。カタカナとひらがなが含まれています。</p>"
    "</body></html>"
)
LATIN = (
    "<html><head>{meta}<title>Café</title></head>"
    "<body><p>Über die Größe der Städte, café crème à Paris.</p></body></html>"
)

# (document, codec the bytes are in, the charset label a page would declare)
PAGES = {
    "gb2312": (SIMPLIFIED, "gb2312", "gb2312"),
    "gbk": (SIMPLIFIED, "gbk", "GBK"),
    "gb18030": (SIMPLIFIED, "gb18030", "gb18030"),
    "big5": (TRADITIONAL, "big5", "big5"),
    "shift_jis": (JAPANESE, "shift_jis", "Shift_JIS"),
    "euc-jp": (JAPANESE, "euc-jp", "EUC-JP"),
    "utf-8": (SIMPLIFIED, "utf-8", "utf-8"),
    "windows-1252": (LATIN, "cp1252", "windows-1252"),
}


def _page(name: str, meta: str = "") -> tuple[str, bytes]:
    document, codec, _ = PAGES[name]
    text = document.format(meta=meta)
    return text, text.encode(codec)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_declared_in_meta(name: str) -> None:
    label = PAGES[name][2]
    text, raw = _page(name, f'<meta http-equiv="Content-Type" content="text/html; charset={label}">')
    decoded = decode_html(raw)
    assert decoded.text == text
    assert not decoded.suspicious and decoded.replacement_count == 0


@pytest.mark.parametrize("name", sorted(PAGES))
def test_declared_in_the_http_header(name: str) -> None:
    text, raw = _page(name)
    decoded = decode_html(raw, f"text/html; charset={PAGES[name][2]}")
    assert decoded.text == text
    assert decoded.source in ("http-header", "utf-8")


@pytest.mark.parametrize("name", ["gb2312", "gbk", "big5", "shift_jis", "utf-8"])
def test_undeclared(name: str) -> None:
    text, raw = _page(name)
    decoded = decode_html(raw)
    assert decoded.text == text
    assert decoded.source in ("detected", "utf-8")
    assert not decoded.suspicious


@pytest.mark.parametrize("name", ["gb2312", "gbk", "big5", "shift_jis"])
def test_legacy_bytes_served_as_utf8(name: str) -> None:
    """GBK (Big5, Shift_JIS) bytes with a header saying UTF-8: the header is wrong, the meta or detection right."""
    text, raw = _page(name)
    assert decode_html(raw, "text/html; charset=utf-8").text == text
    text, raw = _page(name, '<meta charset="utf-8">')
    decoded = decode_html(raw, "text/html; charset=UTF-8")
    assert decoded.text == text
    assert decoded.source == "detected"
    text, raw = _page(name, f'<meta charset="{PAGES[name][2]}">')
    decoded = decode_html(raw, "text/html; charset=utf-8")
    assert (decoded.text, decoded.source) == (text, "meta")


@pytest.mark.parametrize("declared", ["gb2312", "GBK", "big5", "shift_jis", "iso-8859-1"])
def test_utf8_served_as_a_legacy_encoding(declared: str) -> None:
    """A page re-encoded to UTF-8 that still declares its old charset (fundus, Readability and GNE pages do)."""
    text, raw = _page("utf-8", f'<meta charset="{declared}">')
    decoded = decode_html(raw, f"text/html; charset={declared}")
    assert decoded.text == text
    assert (decoded.encoding, decoded.source) == ("utf-8", "utf-8")


def test_gbk_page_behind_a_latin1_server_default() -> None:
    text, raw = _page("gbk", '<meta charset="gbk">')
    decoded = decode_html(raw, "text/html; charset=ISO-8859-1")
    assert (decoded.text, decoded.source) == (text, "meta")


def test_latin1_declaration_is_kept_for_latin_text() -> None:
    text, raw = _page("windows-1252")
    decoded = decode_html(raw, "text/html; charset=iso-8859-1")
    assert decoded.text == text
    assert decoded.encoding == "cp1252"


def test_the_callers_default_applies_when_nothing_is_declared() -> None:
    text, raw = _page("gbk")
    decoded = decode_html(raw, default_encoding="gbk")
    assert (decoded.text, decoded.source) == (text, "default")


def test_a_few_broken_bytes_keep_the_declaration() -> None:
    _text, raw = _page("gbk", '<meta charset="gbk">')
    raw = raw.replace("责任编辑".encode("gbk"), "责任编辑".encode("gbk")[:-1] + b"\xff", 1)
    decoded = decode_html(raw)
    assert decoded.source == "meta" and decoded.encoding == "gb18030"
    assert 1 <= decoded.replacement_count <= 2  # the broken character, and the byte it swallowed
    assert "国家统计局获悉" in decoded.text
    assert not decoded.suspicious


def test_bytes_that_fit_no_encoding_are_flagged() -> None:
    _text, raw = _page("gbk", '<meta charset="gbk">')
    garbled = raw.replace("经济运行总体平稳".encode("gbk"), b"\xff\x80" * 30)
    decoded = decode_html(garbled, "text/html; charset=gbk")
    assert decoded.replacement_count >= 3
    assert decoded.suspicious


def test_byte_order_mark_wins() -> None:
    text, _ = _page("utf-8", '<meta charset="gbk">')
    decoded = decode_html(b"\xef\xbb\xbf" + text.encode("utf-8"), "text/html; charset=gbk")
    assert (decoded.text, decoded.source) == (text, "bom")


def test_ascii_page_keeps_its_declaration() -> None:
    decoded = decode_html(b"<html><head><meta charset='gbk'></head><body>plain</body></html>")
    assert decoded.encoding == "gb18030" and decoded.source == "meta"
    assert decode_html(b"<p>plain</p>").encoding == "utf-8"


# The definition the counter answers to: what a regex scan of every position finds.
MOJIBAKE_PATTERN = re.compile("[ÃÂâÅÐÑØÙ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]|锟斤拷|ï»¿")


def test_mojibake_count_is_what_the_pattern_finds() -> None:
    pieces = ["Ã", "Â", "â", "Ð", "Ù", "\x80", "\xbf", "\xc0", "€", "Ÿ", "©", "锟斤拷", "锟斤", "ï»¿", "ï»", "a",
              "中", " "]
    rng = random.Random(7)
    for _ in range(2000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        assert mojibake_count(text) == len(MOJIBAKE_PATTERN.findall(text)), repr(text)


def test_mojibake_is_counted_and_flags_a_page() -> None:
    assert mojibake_count("cafÃ© and â€œquotesâ€\x9d") == 3
    assert mojibake_count("锟斤拷锟斤拷") == 2
    assert mojibake_count("Café, “quotes”, 中文") == 0
    page = DecodedPage("Ã©" * 5 + "é" * 10, "cp1252", "meta", 0, mojibake_count("Ã©" * 5))
    assert page.suspicious
    clean = DecodedPage("中文" * 100, "utf-8", "utf-8", 1)
    assert not clean.suspicious and clean.replacement_ratio == pytest.approx(0.005)


def _article_page(meta: str) -> str:
    paragraph = (
        "<p>这是一段中文正文，内容足够长，有逗号，也有句号。北京时间今天上午，记者从国家统计局获悉，经济运行总体平稳。</p>"
    )
    return (
        f"<html><head>{meta}<title>国家统计局发布数据</title></head><body><h1>国家统计局发布数据</h1>"
        f"<div class='content'>{paragraph * 6}</div></body></html>"
    )


@pytest.mark.parametrize(
    ("codec", "meta", "header"),
    [
        ("gbk", '<meta charset="gbk">', "text/html; charset=utf-8"),  # GBK bytes served as UTF-8
        ("gbk", "", "text/html; charset=UTF-8"),  # ... with nothing else declared
        ("utf-8", '<meta charset="gb2312">', "text/html; charset=gb2312"),  # UTF-8 served as GB2312
        ("big5", '<meta charset="big5">', "text/html"),
    ],
)
def test_article_from_response_decodes_misdeclared_pages(codec: str, meta: str, header: str) -> None:
    from scrapy.http import HtmlResponse

    from newscrawl.extract.article import article_from_response

    text = _article_page(meta)
    if codec == "big5":
        text = text.replace("国家统计局发布数据", "國家統計局發布數據")
        text = text.replace(
            "这是一段中文正文，内容足够长，有逗号，也有句号。北京时间今天上午，记者从国家统计局获悉，经济运行总体平稳。",
            "這是一段中文正文，內容足夠長，有逗號，也有句號。北京時間今天上午，記者從國家統計局獲悉，經濟運行總體平穩。",
        )
    response = HtmlResponse(
        url="https://news.example.cn/a/1.html", body=text.encode(codec), headers={"Content-Type": header}
    )
    article = article_from_response(response, None)
    assert article.title in ("国家统计局发布数据", "國家統計局發布數據")
    assert article.body_text and "\ufffd" not in article.body_text
    assert "北京" in article.body_text


@pytest.mark.parametrize("resolved", ["gbk", "gb2312"])
def test_gb_labels_decode_as_gb18030_whatever_w3lib_resolves(monkeypatch: pytest.MonkeyPatch, resolved: str) -> None:
    # w3lib 2.6 resolves "gbk" to Python's gbk codec, which lacks characters gb18030 pages declared gbk hold.
    from newscrawl.extract import encoding

    monkeypatch.setattr(encoding, "resolve_encoding", lambda label: resolved)
    raw = "<html><head><meta charset='gbk'></head><body>𠀀 字</body></html>".encode("gb18030")
    decoded = decode_html(raw)
    assert decoded.encoding == "gb18030" and "𠀀 字" in decoded.text


@pytest.mark.parametrize(("body", "utf8"), [
    (b"<p>ascii</p>", b"<p>ascii</p>"),
    ("<p>中文 é</p>".encode(), "<p>中文 é</p>".encode()),
    (b"\xef\xbb\xbf<p>\xe4\xb8\xad</p>", b"<p>\xe4\xb8\xad</p>"),  # past the byte-order mark
    ("<p>中文</p>".encode("gb18030"), None),  # not UTF-8: the text is what the parser gets
    ("<p>中文</p>".encode("utf-16"), None),
])
def test_the_page_s_own_bytes_are_kept_only_when_they_are_its_utf8(body: bytes, utf8: bytes | None) -> None:
    decoded = decode_html(body)
    assert decoded.utf8 == utf8
    if utf8 is not None:
        assert utf8.decode("utf-8") == decoded.text
