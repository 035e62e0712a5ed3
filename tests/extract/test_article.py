"""extract_article: portal rules first, generic extraction behind each field, every value with its source."""

from __future__ import annotations

import json

from scrapy.http import HtmlResponse

from newscrawl.extract.article import article_from_response, split_bylines
from newscrawl.items import Article
from newscrawl.portals import portal_for_url, portal_named
from newscrawl.recordings import RecordingStore
from tests.conftest import FIXTURES, REPLAY_DIR

SAMPLE_URL = "https://mp.ofweek.com/ev/a556714178926"
WWW_URL = "https://www.ofweek.com/iot/2022-08/ART-132216-8420-30572877.html"


def _response(url: str, replace: tuple[bytes, bytes] | None = None) -> HtmlResponse:
    recording = RecordingStore(REPLAY_DIR).find("GET", url)
    assert recording is not None
    body = recording.body()
    if replace:
        assert replace[0] in body
        body = body.replace(*replace)
    return HtmlResponse(url=url, body=body, headers=recording.headers)


def _ofweek(url: str, hints: dict[str, str] | None = None, replace: tuple[bytes, bytes] | None = None) -> Article:
    return article_from_response(_response(url, replace), portal_named("ofweek"), listing_hints=hints)


def test_listing_title_wins_and_says_so() -> None:
    article = _ofweek(SAMPLE_URL, {"title": "列表标题"})
    assert article.title == "列表标题"
    assert article.field_sources["title"] == "listing"


def test_without_listing_hints_the_page_heading_gives_the_title() -> None:
    article = _ofweek(SAMPLE_URL)
    assert article.title == "三人成虎，小米联手北汽造电动车“绯闻”成真？"
    assert article.field_sources["title"] == "layout:2022"


def test_portal_fields_record_selector_sources() -> None:
    sources = _ofweek(SAMPLE_URL).field_sources
    assert sources["body_html"] == "layout:2022"
    assert sources["date_published"] == "layout:2022"
    assert sources["authors"] == "layout:2022"
    assert sources["categories"] == "portal"
    assert sources["language"] in ("portal", "generic:meta")


def test_a_drifted_body_selector_falls_back_to_generic_extraction() -> None:
    article = _ofweek(WWW_URL, replace=(b'id="articleC"', b'id="articleContent2"'))
    assert article.field_sources["body_html"] == "generic:heuristic"
    assert article.body_text and "Matter" in article.body_text


def test_a_drifted_time_selector_falls_back_to_the_listing_time() -> None:
    article = _ofweek(WWW_URL, {"date_published": "2022-08-30 18:45"},
                      replace=(b'class="time fl"', b'class="pubtime"'))
    assert article.date_published == "2022-08-30T18:45:00+08:00"
    assert article.field_sources["date_published"] == "listing"


def test_gbk_page_without_declared_charset_is_read_with_the_portal_encoding() -> None:
    recording = RecordingStore(REPLAY_DIR).find("GET", WWW_URL)
    assert recording is not None
    body = recording.body().replace(b"charset=gbk", b"").replace(b"charset=GBK", b"")
    assert b"charset" not in body.lower()
    response = HtmlResponse(url=WWW_URL, body=body, headers={"Content-Type": "text/html"})
    article = article_from_response(response, portal_named("ofweek"))
    assert article.title and "智能家居" in article.title


def test_unknown_hosts_go_through_generic_extraction() -> None:
    case = FIXTURES / "generic" / "fundus_guardian"  # no portal serves theguardian.com
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    assert portal_for_url(meta["url"]) is None
    article = article_from_response(HtmlResponse(url=meta["url"], body=(case / "page.html").read_bytes()), None)
    assert article.portal is None and article.categories == []
    assert article.title and article.body_html and article.date_published
    assert article.field_sources["title"] in ("json-ld", "opengraph", "meta", "heuristic")


def test_the_record_keeps_editors_and_the_outlet_apart_from_the_writers() -> None:
    paragraph = "<p>正文第一段，内容足够长，有逗号，也有句号。这是文章的主体部分，用来检测正文。</p>" * 6
    page = ("<html><head><meta charset=utf-8><title>标题</title></head><body><h1>标题</h1>"
            "<div class=info>2024-05-07 09:30 来源：新华网 作者：王五</div>"
            f"<div class=content>{paragraph}<p>（责任编辑：赵六）</p></div></body></html>").encode()
    article = article_from_response(HtmlResponse(url="https://news.example.cn/a/1.html", body=page), None)
    assert (article.authors, article.editors, article.source) == (["王五"], ["赵六"], "新华网")
    assert article.field_sources["editors"] == article.field_sources["source"] == "text"
    english = article_from_response(HtmlResponse(url="https://www.example.com/a", body=(
        FIXTURES / "generic" / "fundus_guardian" / "page.html").read_bytes()), None)
    assert (english.editors, english.source) == ([], None)  # read on Chinese pages only
    assert "editors" not in english.field_sources


def test_bylines_lose_their_labels_and_split_into_names() -> None:
    assert split_bylines(["作者：张三、李四"]) == ["张三", "李四"]
    assert split_bylines(["来源：OFweek物联网"]) == ["OFweek物联网"]
    assert split_bylines(["By Jane Doe and John Roe"]) == ["Jane Doe", "John Roe"]


def test_a_page_still_garbled_after_decoding_is_flagged_with_its_encoding() -> None:
    # Text already broken upstream: U+FFFD where the publisher's system lost the characters.
    garbled = "小米\ufffd\ufffd北汽\ufffd电动车\ufffd\ufffd成真\ufffd" * 10
    html = f"<html><head><meta charset='utf-8'><title>标题</title></head><body><p>{garbled}</p></body></html>"
    article = article_from_response(HtmlResponse(url="https://example.com/a", body=html.encode()), None)
    assert article.garbled
    assert article.encoding == "utf-8"


def test_replacement_characters_outside_the_article_do_not_flag_it() -> None:
    # Rzeczpospolita (fundus corpus): 34 U+FFFD in a style sheet's bytes, a clean article; it was dropped as garbled.
    style = "<style>.z-\\[\ufffd\ufffd0\ufffd\\14 \ufffd\\2 \ufffd\\7 \ufffd{color:red}</style>" * 6
    paragraph = "<p>Jak podaje irańska państwowa agencja prasowa IRNA, decyzja Teheranu wynika z żądań.</p>" * 8
    head = f"<meta charset='utf-8'><title>Iran zrezygnował</title>{style}"
    html = f"<html><head>{head}</head><body>{paragraph}</body></html>"
    article = article_from_response(HtmlResponse(url="https://www.rp.pl/a/art1", body=html.encode()), None)
    assert article.body_text and not article.garbled


def test_a_clean_page_is_not_flagged() -> None:
    article = _ofweek(SAMPLE_URL)
    assert not article.garbled and article.encoding
