"""Generic extraction on saved real pages (one test per field per case) and on small inline pages."""

from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract import generic
from newscrawl.extract.article import extract_article
from newscrawl.extract.body import clean_body
from newscrawl.extract.dates import isoformat
from newscrawl.extract.generic import extract_generic, split_authors, strip_site_suffix
from newscrawl.extract.page import Found, Page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "generic"
CASES = sorted(path.name for path in FIXTURES.iterdir() if (path / "expected.json").is_file())
FIELDS = (
    "title", "seo_headline", "authors", "editors", "source", "date_published", "language",
    "body_contains", "body_excludes",
)


def _expected(case: str) -> dict[str, Any]:
    return json.loads((FIXTURES / case / "expected.json").read_text(encoding="utf-8"))


@cache
def _extracted(case: str) -> dict[str, Found]:
    folder = FIXTURES / case
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    html = (folder / "page.html").read_bytes().decode(meta.get("encoding", "utf-8"))
    return extract_generic(Page(url=meta["url"], html=html, timezone=meta.get("timezone")))


def _visible_text(element: HtmlElement) -> str:
    """The body's text exactly as newscrawl archives it (``body_text``): the cleaner decides what is text."""
    return clean_body([element], "https://example.invalid/").text


CASE_FIELDS = [
    pytest.param(case, field, id=f"{case}-{field}") for case in CASES for field in FIELDS if field in _expected(case)
]


def test_there_are_fixtures() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("case", CASES)
def test_expected_values_are_not_empty(case: str) -> None:
    expected = _expected(case)
    assert {"title", "date_published", "body_contains", "body_excludes"} <= expected.keys()
    for key, value in expected.items():
        assert value not in (None, "", [], {}), key
        if key in FIELDS:
            assert key in expected.get("provenance", {}), f"{key} has no provenance"


@pytest.mark.parametrize(("case", "field"), CASE_FIELDS)
def test_field(case: str, field: str) -> None:
    expected = _expected(case)
    found = _extracted(case)
    if field in ("title", "authors", "editors", "source", "language"):
        assert field in found, f"no {field}"
        assert found[field].value == expected[field]
    elif field == "date_published":
        assert "date_published" in found
        value = found["date_published"].value
        assert isinstance(value, datetime)
        wanted = datetime.fromisoformat(expected["date_published"])
        if expected.get("date_published_precision") == "day":
            assert value.date() == wanted.date()
        elif wanted.tzinfo is None:
            assert value.tzinfo is None
            assert isoformat(value) == isoformat(wanted)
        else:
            assert value.tzinfo is not None
            assert value.replace(microsecond=0) == wanted
        assert "date_published_raw" in found
    else:
        assert "body" in found
        # Compared without whitespace: inline tags split CJK text ("2019年，<a>龙湖集团</a>即将…").
        text = "".join(_visible_text(found["body"].value).split())
        needle = "".join(expected[field].split())
        if field == "body_contains":
            assert needle in text
        else:
            assert needle not in text


@pytest.mark.parametrize("case", CASES)
def test_every_value_says_where_it_came_from(case: str) -> None:
    sources = {"json-ld", "opengraph", "meta", "time-element", "url", "text", "heuristic"}
    for name, found in _extracted(case).items():
        assert found.source in sources, name


# ------------------------------------------------------------------------------------------- inline pages

URL = "https://www.example.com/news/2022/08/30/robots.html"


def make_page(head: str = "", body: str = "", url: str = URL, timezone: str | None = None) -> Page:
    return Page(url=url, html=f"<html><head>{head}</head><body>{body}</body></html>", timezone=timezone)


CHINESE_PARAGRAPH = "<p>正文第一段，内容足够长，有逗号，也有句号。这是文章的主体部分，用来检测。</p>"
PARAGRAPHS = "".join(
    f"<p>Paragraph {n} of the story, with enough words, commas, and detail to count as real prose in an article.</p>"
    for n in range(8)
)


@pytest.mark.parametrize(("title", "printed"), [
    ("阿里发布最强AI芯片：性能“吊打”同行，一块顶十块GPU-EDN 电子技术设计",
     "<h4>阿里发布最强AI芯片：性能“吊打”同行，一块顶十块GPU</h4>"),
    ("明日股市预测--最新出炉联合国贸发报告：2019年全球经济增长率降至2.3%",
     "<div class='title-text'>最新出炉联合国贸发报告：2019年全球经济增长率降至2.3%</div>"),
    ("我院党支部举办2019年中药、药学理论知识与专业技能大赛 湖南省中医药研究院附属医院",
     "<div class='title'>我院党支部举办2019年中药、药学理论知识与专业技能大赛</div>"),
])
def test_a_page_without_h1_confirms_the_part_of_its_title_it_prints(title: str, printed: str) -> None:
    # gne-pages ednchina, mingridapan, zyyfy: the headline printed whole, the site or section name before or after.
    page = make_page(f"<title>{title}</title>", f"<div class='nav'><h2>新闻动态</h2></div>{printed}"
                                               f"<div class='content'>{CHINESE_PARAGRAPH * 6}</div>")
    assert generic.find_title(page) == Found(re.sub(r"<[^>]+>", "", printed), "meta")
    # A heading printing a short part of the title (a section's name) confirms nothing.
    section = make_page("<title>新闻动态-我院党支部举办2019年中药、药学理论知识与专业技能大赛</title>",
                        f"<h2>新闻动态</h2><div class='content'>{CHINESE_PARAGRAPH * 6}</div>")
    assert generic.find_title(section) == Found("新闻动态-我院党支部举办2019年中药、药学理论知识与专业技能大赛", "meta")


def test_title_prefers_json_ld_and_strips_confirmed_suffixes() -> None:
    page = make_page(
        '<title>Robots take over - Example News</title><meta property="og:title" content="Robots take over | Example">'
        '<meta property="og:site_name" content="Example News">',
        "<h1>Robots take over</h1>" + PARAGRAPHS,
    )
    assert generic.find_title(page) == Found("Robots take over", "opengraph")
    only_title = make_page("<title>Robots take over - Example News</title>", PARAGRAPHS)
    assert generic.find_title(only_title) == Found("Robots take over", "meta")  # the host names the site


def test_title_keeps_a_colon_headline_whole() -> None:
    page = make_page(
        "<title>Ionos-Phishing: Masche mit EU-Richtlinien | heise online</title>",
        "<h1>Ionos-Phishing: Masche mit EU-Richtlinien</h1>" + PARAGRAPHS,
    )
    assert generic.find_title(page) == Found("Ionos-Phishing: Masche mit EU-Richtlinien", "heuristic")


def test_title_strips_chinese_portal_suffixes() -> None:
    page = make_page("<title>苹果发布新款手机 售价五千元_科技_腾讯网</title>", PARAGRAPHS)
    assert generic.find_title(page) == Found("苹果发布新款手机 售价五千元", "meta")


def test_an_h1_in_the_sites_logo_is_not_the_headline() -> None:
    # 好奇心日报 (qdaily): <a class="logo"><h1 class="hidden">好奇心日报</h1></a>, the headline in an <h2>; the logo's
    # h1 matches the end of <title> better than anything.
    page = make_page("<title>这个约会软件，想用你和对方的相似好恶来帮你找对象_智能_好奇心日报</title>",
                     '<a class="logo" href="/"><h1 class="hidden">好奇心日报</h1></a>'
                     "<h2>这个约会软件，想用你和对方的相似好恶来帮你找对象</h2>" + PARAGRAPHS)
    assert generic.find_title(page) == Found("这个约会软件，想用你和对方的相似好恶来帮你找对象", "meta")


def test_a_json_ld_headline_the_page_does_not_show_is_not_the_title() -> None:
    # Wikipedia's JSON-LD "headline" is the Wikidata description; the <h1> repeats the part of <title> before " - ".
    page = make_page('<title>New Zealand - Wikipedia</title><script type="application/ld+json">{"@context": '
                     '"https://schema.org", "@type": "Article", "name": "New Zealand", "headline": '
                     '"constitutional monarchy in Oceania"}</script>', "<h1>New Zealand</h1>" + PARAGRAPHS)
    assert generic.find_title(page) == Found("New Zealand", "heuristic")
    assert generic.find_seo_headline(page) == Found("constitutional monarchy in Oceania", "json-ld")


def test_strip_site_suffix_needs_confirmation() -> None:
    assert strip_site_suffix("Peace - War and More") == "Peace - War and More"
    assert strip_site_suffix("Peace - War and More", confirmations=["Peace"]) == "Peace"
    assert strip_site_suffix("Peace | Daily Planet", site_names=["Daily Planet"]) == "Peace"
    # Korean sites draw the bar with the letter "ㅣ", a section joined by a bare hyphen before it (Hankook Ilbo).
    assert strip_site_suffix("장동혁, 한동훈 제명했지만… 부담 커졌다-정치ㅣ한국일보", site_names=["한국일보"]) == (
        "장동혁, 한동훈 제명했지만… 부담 커졌다")
    assert strip_site_suffix("COVID-19 cases rise - The Times", site_names=["The Times"]) == "COVID-19 cases rise"


def test_split_authors() -> None:
    assert split_authors(["By Jane Doe and John Roe"]) == ["Jane Doe", "John Roe"]
    assert split_authors(["作者：张三、李四"]) == ["张三", "李四"]
    assert split_authors(["文/王五"]) == ["王五"]
    assert split_authors(["Jane Doe", "Jane Doe", "jane doe"]) == ["Jane Doe"]
    assert split_authors(["https://www.facebook.com/jane", "Staff", "12345"]) == []
    # A byline whose name and Twitter handle are two links (The Verge's 2016 Chorus byline).
    assert split_authors(["Tom Warren@tomwarren"]) == ["Tom Warren"]
    # A role after the name, a reading time after a bullet; a transliterated name keeps its middle dot.
    assert split_authors(["Jane Doe, Staff Writer", "By John Roe, Senior Editor"]) == ["Jane Doe", "John Roe"]
    assert split_authors(["Written by Jane Doe • 5 min read"]) == ["Jane Doe"]
    assert split_authors(["乔治·华盛顿"]) == ["乔治·华盛顿"]
    assert split_authors(["By Jane Doe @jdoe and Bob Roe", "@someone"]) == ["Jane Doe", "Bob Roe"]
    assert split_authors(["jane.doe@example.com"]) == []
    # Degrees after a comma are no co-author ("By Brenda Goodman, MA"; "Jane Doe, PhD, and John Roe, MD").
    assert split_authors(["By Brenda Goodman, MA"]) == ["Brenda Goodman"]
    assert split_authors(["Jane Doe, PhD, and John Roe, MD"]) == ["Jane Doe", "John Roe"]
    assert split_authors(["Yao Ma", "Ma"]) == ["Yao Ma", "Ma"]  # a surname is not the degree
    # Co-authors in brackets join the list; links and other notes go before names are split ("/" inside them).
    assert split_authors(["Martin Untersinger (avec Damien Leloup et Morgane Tual)"]) == [
        "Martin Untersinger", "Damien Leloup", "Morgane Tual"]
    assert split_authors(["Jane Doe (with additional reporting by Bob Roe)"]) == ["Jane Doe", "Bob Roe"]
    assert split_authors(["Bradley M. Kuhn (http://ebb.org/bkuhn/)"]) == ["Bradley M. Kuhn"]
    assert split_authors(["Jane Doe (Reuters/AP), John Roe https://x.example/jr"]) == ["Jane Doe", "John Roe"]


def test_chinese_bylines_in_text() -> None:
    page = make_page(
        "<title>新闻标题</title>",
        '<h1>新闻标题</h1><div class="info">2022-08-30 17:19 来源：新华网 记者 李四</div>'
        '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>",
    )
    assert generic.find_authors(page) == Found(["李四"], "text")


def test_a_name_in_an_element_of_its_own_after_the_label_is_read() -> None:
    # 雷锋网: "本文作者：<a href=/author/…>周宇</a>"; the label and the name are two text nodes of the dateline.
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    byline = ('<h1>标题</h1><div class="msg"><div class="aut">本文作者：<a href="/author/zhouyu">周宇</a></div>'
              '<div class="time">2021-11-24 10:20</div><div>责任编辑：<span>李四</span></div></div>')
    page = make_page("", byline + body)
    assert generic.find_authors(page) == Found(["周宇"], "text")
    assert generic.find_editors(page) == Found(["李四"], "text")
    # Several linked names: the marks between them are nodes of their own, or end the name before a link.
    for names in ("<a href='/u/1'>张三</a>、<a href='/u/2'>李四</a>", "张三、<a href='/u/2'>李四</a>"):
        listed = make_page("", f"<h1>标题</h1><div>作者：{names}</div><div>王五</div>" + body)
        assert generic.find_authors(listed) == Found(["张三", "李四"], "text")
    assert generic.find_authors(make_page("", "<h1>标题</h1><div>文 | <a href='/u/1'>张三</a></div>" + body)) == Found(
        ["张三"], "text")
    # A label left empty is followed by the next slot, not a name; the element after a name is another slot.
    assert generic.find_authors(make_page("", "<h1>标题</h1><div>作者：<span>2021-11-24</span></div>" + body)) is None
    slot_after = make_page("", "<h1>标题</h1><div>作者：<a>张三</a></div><div>金融</div>" + body)
    assert generic.find_authors(slot_after) == Found(["张三"], "text")


def test_a_pen_name_alone_in_the_authors_element_counts_when_it_links_to_the_writer() -> None:
    # 虎嗅: <a class="author-info__username" href="/member/…">阑夕</a>, a pen name with no common surname.
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    member = ('<h1>标题</h1><div class="article__author-info">'
              '<a href="/member/1.html" class="author-info__username">阑夕</a></div>')
    assert generic.find_authors(make_page("", member + body)) == Found(["阑夕"], "heuristic")
    # A theme's author-meta-name slot linked to a section (明日大盘网's "股市行情") names no writer.
    section = member.replace("/member/1.html", "/gushihangqing/").replace("阑夕", "股市行情")
    assert generic.find_authors(make_page("", section + body)) is None


def test_a_link_to_the_writers_page_under_the_headline_names_the_author() -> None:
    # Engadget 2020 (portal-pages, postlight): no author class, the byline links to /about/editors/<name>/.
    byline = ('<article><h1>T</h1><div class="meta"><a class="th-meta" href="https://www.engadget.com/about/editors/'
              'jon-fingas/">Jon Fingas</a>, <a href="https://twitter.com/jonfingas">@jonfingas</a></div>')
    assert generic.find_authors(make_page("", byline + PARAGRAPHS + "</article>")) == Found(["Jon Fingas"], "heuristic")
    # A writer's page linked from the article's text is a source, not the byline.
    cited = ('<article><h1>T</h1><p>As <a href="/authors/jane-roe">Jane Roe</a> wrote last year, the story, with '
             "enough words, commas, and detail, goes on.</p>" + PARAGRAPHS + "</article>")
    assert generic.find_authors(make_page("", cited)) is None


def test_an_editor_credit_ends_at_the_next_role_and_a_text_credit_names_the_writer() -> None:
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    credits = make_page("", "<h1>标题</h1><div>新京报记者 张三 编辑 李四 校对 王五</div>" + body)
    assert generic.find_authors(credits) == Found(["张三"], "text")
    assert generic.find_editors(credits) == Found(["李四"], "text")  # 校对 (the proofreader) is no editor
    reviewed = make_page("", "<h1>标题</h1><div>责任编辑：李四、赵六 审核：王五</div>" + body)
    assert generic.find_editors(reviewed) == Found(["李四", "赵六"], "text")
    assert generic.find_authors(make_page("", "<h1>标题</h1><div>文字/张三 图片/李四</div>" + body)) == Found(
        ["张三"], "text")


def test_every_editor_credit_around_the_article_counts() -> None:
    # gne 163/7: the syndicated story's own credit ends the text, the portal's follows it; gne thepaper/2: the
    # credits are lines of one paragraph, under a picture, with a promotion after them.
    credits = ('<div class="ep-source"><span>本文来源：新京报</span>'
               '<span class="ep-editor">责任编辑：姚立伟_NT6056</span></div>')
    body = ('<div class="post_text">' + CHINESE_PARAGRAPH * 20 + "<p>新京报记者 陆一夫</p><p>编辑 刘晓阳 校对 李铭</p>"
            + credits + "</div>")
    both = generic.find_editors(make_page("", "<h1>标题</h1>" + body))
    assert both is not None and sorted(both.value) == sorted(["姚立伟", "刘晓阳"])
    promotion = "".join(f"<br>{n}、回复【福利】查看各种政策福利" for n in range(8))
    lines = (f"<div class='news_txt'>{CHINESE_PARAGRAPH * 6}<div><img src='/a.gif'></div>编辑|禤志杰<br>责编|陈梦莹"
             f"<br>校对|黄慧敏<br>来源|广州参考{promotion}</div>")
    assert generic.find_editors(make_page("", "<h1>标题</h1>" + lines)) == Found(["禤志杰", "陈梦莹"], "text")


def test_the_credit_closing_the_text_names_the_outlet() -> None:
    # gne 163/9: "来源：无锡交警" is the text's last line; boilerplate removal takes it out of the body.
    body = '<div class="post_text">' + CHINESE_PARAGRAPH * 20 + "<p><strong>来源：无锡交警</strong></p></div>"
    page = make_page("", "<h1>标题</h1><div class='date'>2019-05-17 10:00</div>" + body)
    assert generic.find_source(page) == Found("无锡交警", "text")
    assert "无锡交警" not in _body_text(page)


def test_a_self_media_post_credits_its_account_as_the_source() -> None:
    # gne-pages baijiahao, wechat, qq: the account's name in the author's place; a person's name there is a writer.
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    baijiahao = '<h1>标题</h1><div class="author-box"><div class="author-icon"><img src="/a.jpg"></div>' \
                '<p class="author-name">加拿大必读</p></div>'
    assert generic.find_source(make_page("", baijiahao + body)) == Found("加拿大必读", "heuristic")
    wechat = ('<div id="page-content"><h2>标题</h2><div class="rich_media_meta_list"><span id="profileBt">'
              '<a id="js_name">爱否科技</a></span></div>' + body + "</div>")
    assert generic.find_source(make_page("<title>标题</title>", wechat)) == Found("爱否科技", "heuristic")
    penguin = ('<h1>标题</h1><a class="author" href="/omn/author/1"><div>扬眼</div>'
               '<span class="qiehao">企鹅号</span></a>')
    assert generic.find_source(make_page("", penguin + body)) == Found("扬眼", "heuristic")
    person = '<h1>标题</h1><p class="author-name">王建宏</p>'
    assert generic.find_source(make_page("", person + body)) is None
    pen_name = '<h1>标题</h1><a class="author-info__username" href="/member/1.html">阑夕</a>'  # a writer, linked
    assert generic.find_source(make_page("", pen_name + body)) is None


def test_the_outlet_in_an_element_of_its_own_above_the_body() -> None:
    header = ("<h1>标题</h1><div class='date-source'><span class='date'>2019年11月25日 18:57</span>"
              "<a class='source' href='http://www.cankaoxiaoxi.com/'>参考消息</a></div>")
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    teasers = "".join(f"<div class='feed'><a class='footer-bar-action source'>{name} ⋅</a></div>"
                      for name in ("上海热线要闻", "北青网"))
    page = make_page("", header + body + teasers)
    assert generic.find_source(page) == Found("参考消息", "heuristic")
    # Below the body such elements credit teasers; a pop-up named "sourcePopwin" is no outlet either.
    assert generic.find_source(make_page("", "<h1>标题</h1>" + body + teasers)) is None
    popup = "<h1>标题</h1><div class='sourcePopwin'>我已授权</div>"
    assert generic.find_source(make_page("", popup + body)) is None


def test_a_declared_author_the_page_credits_as_editor_is_no_writer() -> None:
    # China Daily and Guangming Daily fill <meta name="author"> with the editor printed under the text.
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "<p>【责任编辑：严玉洁】</p></div>"
    page = make_page('<meta name="author" content="严玉洁">', "<h1>标题</h1>" + body)
    assert generic.find_authors(page) is None
    assert generic.find_editors(page) == Found(["严玉洁"], "text")
    writer = make_page('<meta name="author" content="王五">', "<h1>标题</h1><span>王五</span>" + body)
    assert generic.find_authors(writer) == Found(["王五"], "meta")


def test_a_declared_author_printed_nowhere_on_a_chinese_page_is_no_writer() -> None:
    # China Times (zh-labelled): JSON-LD names 陳昱光, the page prints <div class="author">謝明俊</div>.
    json_ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "标题", '
               '"author": {"@type": "Person", "name": "陳昱光"}}</script>')
    byline = '<h1>标题</h1><div class="author"><a href="/reporter/899">謝明俊</a></div>'
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    assert generic.find_authors(make_page(json_ld, byline + body)) == Found(["謝明俊"], "heuristic")
    shown = byline.replace("謝明俊", "陳昱光")  # declared and printed: as declared
    assert generic.find_authors(make_page(json_ld, shown + body)) == Found(["陳昱光"], "json-ld")
    # Declared, printed nowhere, no byline: gov.cn's <meta name="author" content="马娟">, its web editor.
    assert generic.find_authors(make_page('<meta name="author" content="马娟">', "<h1>标题</h1>" + body)) is None


def test_a_byline_bar_classed_author_share_is_no_share_box() -> None:
    # 好奇心日报 (zh-labelled): <div class="author-share"><div class="author">…<span class="name">谢若含</span>.
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    bar = ('<h1>标题</h1><div class="author-share"><div class="author"><span class="name">谢若含</span>'
           '<span class="date">2017-03-01 14:27:02</span></div><div class="share">分享到</div></div>')
    assert generic.find_authors(make_page("", bar + body)) == Found(["谢若含"], "heuristic")
    share_box = bar.replace("author-share", "share-box")  # a share box holding an author element: not a byline
    assert generic.find_authors(make_page("", share_box + body)) is None


def test_the_editor_credit_is_read_wherever_the_page_prints_it() -> None:
    # 中山网 (gne-pages zsnews): in a table cell after the body, the name between CMS comments.
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>"
    links = '<div class="links">' + "<a href='/a'>另一篇文章的标题</a> " * 12 + "</div>"
    credit = ("<table><tr><td><font>发布日期 2019-03-06 责任编辑：<!-- 文章编辑 begin -->龙慧<!-- 文章编辑 end -->"
              "</font></td></tr></table>")
    page = make_page("", "<h1>标题</h1>" + body + links + credit)
    assert generic.find_editors(page) == Found(["龙慧"], "text")


def test_a_page_declaring_english_with_a_han_title_is_read_as_chinese() -> None:
    # 游民星空 (gne-pages gamersky): <html lang="en">, a Chinese page; its credit line names the editor.
    credit = '<div class="gs_bot_author">作者：未知\u00a0\u00a0责任编辑：棒棒不是糖</div>'
    html = ('<html lang="en"><head><title>逆水寒新版本今日上线 全新玩法曝光</title></head><body>'
            '<h1>逆水寒新版本今日上线</h1><div class="content">' + CHINESE_PARAGRAPH * 6 + "</div>" + credit
            + "</body></html>")
    assert generic.find_editors(Page(url=URL, html=html)) == Found(["棒棒不是糖"], "text")
    english = html.replace("逆水寒新版本今日上线 全新玩法曝光", "A new version of Justice Online").replace(
        "逆水寒新版本今日上线", "A new version")
    assert generic.find_editors(Page(url=URL, html=english)) is None


def test_neither_the_source_nor_the_editors_are_authors() -> None:
    body = '<div class="content">' + CHINESE_PARAGRAPH * 6
    only_editor = make_page(
        "",
        "<h1>标题</h1><div class='source'>来源：人民网</div>"
        + body
        + "<div class='edit'>(责编：牛镛、岳弘彬)</div></div>",
    )
    assert generic.find_authors(only_editor) is None
    assert generic.find_editors(only_editor) == Found(["牛镛", "岳弘彬"], "text")
    assert generic.find_source(only_editor) == Found("人民网", "text")
    with_author = make_page(
        "", "<h1>标题</h1><div class='info'>作者：王五</div>" + body + "<div class='edit'>责任编辑：赵六</div></div>"
    )
    assert generic.find_authors(with_author) == Found(["王五"], "text")
    assert generic.find_editors(with_author) == Found(["赵六"], "text")


def test_byline_element() -> None:
    page = make_page(
        "", '<article><h1>T</h1><p class="byline">By Jane Doe and John Roe</p>' + PARAGRAPHS + "</article>"
    )
    assert generic.find_authors(page) == Found(["Jane Doe", "John Roe"], "heuristic")


@pytest.mark.parametrize(("line", "names"), [
    ("By Jane Doe | March 5, 2021", ["Jane Doe"]),
    ("Written by Jane Doe on 5 March 2021", ["Jane Doe"]),
    ("Posted on March 5, 2021 by Jane Doe", ["Jane Doe"]),
    ("<span>By</span> <b>Jane Doe</b>", ["Jane Doe"]),
    ("<p>By Ana de la Cruz and John Roe, Reuters</p><p>Published 10:00 AM EST, March 5, 2021</p>",
     ["Ana de la Cruz", "John Roe"]),
    ("Posted Feb 26, 2015 by TMZ Staff", []),  # the newsroom, not a person
    ("By clicking subscribe you agree to our terms", []),
])
def test_a_by_line_under_the_headline_names_the_writers_when_no_element_says_author(line: str,
                                                                                     names: list[str]) -> None:
    page = make_page("", f"<article><h1>T</h1><div class='meta'>{line}</div>{PARAGRAPHS}</article>")
    assert generic.find_authors(page) == (Found(names, "text") if names else None)


def test_a_publisher_declared_as_author_gives_way_to_the_name_after_an_author_label() -> None:
    # DW (fundus de_DW_V1): <meta name=author> and <meta name=publisher> both "Deutsche Welle (www.dw.com)"; the
    # writer is in the fact list beside the text.
    head = ('<meta name="publisher" content="Deutsche Welle (www.dw.com)">'
            '<meta name="author" content="Deutsche Welle (www.dw.com)">')
    facts = ("<ul class='smallList'><li><strong>Datum</strong> 28.04.2023</li>"
             "<li><strong>Autorin/Autor</strong> Roman Goncharenko</li></ul>")
    page = make_page(head, f"<article><h1>T</h1>{PARAGRAPHS}</article>{facts}")
    assert generic.find_authors(page) == Found(["Roman Goncharenko"], "text")
    # With no writer printed, the publisher stands as declared; a definition list names the writer too.
    assert generic.find_authors(make_page(head, f"<article><h1>T</h1>{PARAGRAPHS}</article>")) == Found(
        ["Deutsche Welle"], "meta")
    listed = make_page("", f"<article><h1>T</h1>{PARAGRAPHS}</article><dl><dt>Author</dt><dd>Jane Doe</dd></dl>")
    assert generic.find_authors(listed) == Found(["Jane Doe"], "text")


def test_a_byline_listing_every_declared_writer_and_more_is_the_whole_list() -> None:
    # Dagbladet (fundus no_Dagbladet_V1): JSON-LD declares one of the two writers the byline links to.
    json_ld = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "T", '
               '"author": [{"@type": "Person", "name": "Marlene Lundberg Holm"}]}</script>')
    byline = "".join(f'<div class="byline"><a rel="author" href="mailto:{n}@db.no"><span>{first}</span> '
                     f'<span>{last}</span></a></div>'
                     for n, (first, last) in enumerate((("Ingrid", "Treborg"), ("Marlene Lundberg", "Holm"))))
    page = make_page(json_ld, f"<article><h1>T</h1><div class='bylines'>{byline}</div>{PARAGRAPHS}</article>")
    assert generic.find_authors(page) == Found(["Ingrid Treborg", "Marlene Lundberg Holm"], "heuristic")
    unquoted = byline.replace('rel="author"', "rel=author")  # the attribute unquoted, as HTML allows
    page = make_page(json_ld, f"<article><h1>T</h1><div class='bylines'>{unquoted}</div>{PARAGRAPHS}</article>")
    assert generic.find_authors(page) == Found(["Ingrid Treborg", "Marlene Lundberg Holm"], "heuristic")
    # A byline naming someone else than the declared writer (a teaser's) does not replace the declaration.
    other = byline.replace("Marlene Lundberg", "Kari").replace(">Holm<", ">Nordmann<")
    page = make_page(json_ld, f"<article><h1>T</h1><div class='bylines'>{other}</div>{PARAGRAPHS}</article>")
    assert generic.find_authors(page) == Found(["Marlene Lundberg Holm"], "json-ld")


def test_a_sign_in_box_is_no_byline_and_a_bylines_author_links_name_its_authors() -> None:
    # WebMD's masthead: <div id="authorization"> holds "Sign In | Sign Up" before the byline; the byline's
    # rel=author link names the writer, the line after it the outlet.
    page = make_page("", '<div id="authorization"><a href="/signin">Sign In</a>|<a href="/register">Sign Up</a></div>'
                         '<div class="authority-box"><span>Health Authority</span></div>'
                         '<article><h1>T</h1><div class="author_fmt">By <a rel="author" href="/jane-doe">Jane Doe</a>'
                         "<br/>The Health News</div>" + PARAGRAPHS + "</article>")
    assert generic.find_authors(page) == Found(["Jane Doe"], "heuristic")


def test_teasers_bylines_in_related_boxes_do_not_crowd_out_the_articles_own() -> None:
    # Salon's pages list a dozen and more teasers with span.byline in their menus before the article.
    teasers = "".join(f'<li><a href="/s{number}">Story {number}</a> '
                      f'<span class="byline">Writer {chr(65 + number)}</span></li>' for number in range(20))
    page = make_page("", f'<nav class="mainMenu"><ul>{teasers}</ul></nav>'
                         '<article><h1>T</h1><span class="byline">Richard Eskow</span>' + PARAGRAPHS + "</article>")
    assert generic.find_authors(page) == Found(["Richard Eskow"], "heuristic")


def test_a_publisher_declared_as_author_gives_way_to_the_person_the_byline_names() -> None:
    site = '<meta property="og:site_name" content="Deutsche Welle">'
    byline = '<article><h1>T</h1><p class="byline">Roman Goncharenko</p>' + PARAGRAPHS + "</article>"
    only_publisher = make_page(site + '<meta name="author" content="Deutsche Welle">', byline)
    assert generic.find_authors(only_publisher) == Found(["Roman Goncharenko"], "heuristic")
    # Declared beside a person, the outlet is dropped; declared alone with no byline on the page, it stands.
    beside = make_page(site + '<meta name="author" content="Deutsche Welle, Roman Goncharenko">', PARAGRAPHS)
    assert generic.find_authors(beside) == Found(["Roman Goncharenko"], "meta")
    alone = make_page(site + '<meta name="author" content="Deutsche Welle">', PARAGRAPHS)
    assert generic.find_authors(alone) == Found(["Deutsche Welle"], "meta")
    # A "follow the author" button is no byline.
    button = make_page(site + '<meta name="author" content="Deutsche Welle">',
                       '<a class="followAuthorBtn" href="#">Themen bearbeiten</a>' + PARAGRAPHS)
    assert generic.find_authors(button) == Found(["Deutsche Welle"], "meta")


@pytest.mark.parametrize(("byline", "names"), [
    # A writer and an editor on two lines (Google's SRE book): the editor is no author.
    ('<p class="byline author">Written by Rob Ewaschuk<br/>Edited by Betsy Beyer</p>', ["Rob Ewaschuk"]),
    # The name, then the date on the next line (LWN).
    ('<div class="FeatureByline"> By <b>Nathan Willis</b><br/>March 25, 2015 </div>', ["Nathan Willis"]),
    # An hCard's formatted name beside its date (Yahoo 2015).
    ('<cite class="byline vcard"><span>By </span><span class="fn">Gillian Mohney</span>'
     "<abbr>March 11, 2015 3:46 PM</abbr></cite>", ["Gillian Mohney"]),
    # The label alone in its own element before the name's (The Verge's Chorus byline).
    ('<div class="c-byline"><span class="c-byline-wrapper">By <span class="c-byline__item"><a href="/authors/tcs">'
     '<span class="c-byline__author-name">T.C. Sottek</span></a></span><span class="c-byline__item"><time>'
     'Nov 29, 2016, 10:00am EST</time></span><div class="c-entry-stat">3 comments</div></span></div>',
     ["T.C. Sottek"]),
])
def test_a_bylines_names_are_read_line_by_line_when_the_whole_holds_none(byline: str, names: list[str]) -> None:
    page = make_page("", f"<article><h1>T</h1>{byline}{PARAGRAPHS}</article>")
    assert generic.find_authors(page) == Found(names, "heuristic")


def test_dates_from_metadata_text_and_url() -> None:
    declared = make_page('<meta property="article:published_time" content="2022-08-30T17:19:00+08:00">', PARAGRAPHS)
    published = datetime.fromisoformat("2022-08-30T17:19:00+08:00")
    assert generic.find_date_published(declared) == Found(published, "opengraph")
    assert generic.find_date_published_raw(declared) == Found("2022-08-30T17:19:00+08:00", "opengraph")

    printed = make_page(
        "",
        "<h1>标题</h1><div>发布时间：2022-08-30 17:19 来源：新华网</div>" + PARAGRAPHS,
        url="https://example.cn/a/1.html",
        timezone="Asia/Shanghai",
    )
    found = generic.find_date_published(printed)
    assert found is not None and found.source == "text"
    assert isoformat(found.value) == "2022-08-30T17:19:00+08:00"  # type: ignore[arg-type]
    assert generic.find_date_published_raw(printed) == Found("2022-08-30 17:19", "text")

    from_url = make_page("", PARAGRAPHS)
    found = generic.find_date_published(from_url)
    assert found is not None and found.source == "url"
    assert isoformat(found.value) == "2022-08-30T00:00:00"  # type: ignore[arg-type]
    # TRS CMS (Chinese government sites) names its pages after the day: ".../201909/t20190907_398044.html".
    trs = make_page("", PARAGRAPHS, url="http://www.moe.gov.cn/jyb_xwfb/s5987/201909/t20190907_398044.html")
    found = generic.find_date_published(trs)
    assert found is not None and found.source == "url"
    assert isoformat(found.value) == "2019-09-07T00:00:00+08:00"  # type: ignore[arg-type]  # a .cn site: Beijing time


def test_the_dateline_beside_the_headline_outranks_the_url_and_the_url_a_date_elsewhere() -> None:
    url = "https://news.example.cn/a/2020/0101/1.html"
    dateline = make_page("", "<h1>标题</h1><div>2005-5-7 21:23:57 来源：新华网</div>" + PARAGRAPHS, url=url,
                         timezone="Asia/Shanghai")
    assert generic.find_date_published_raw(dateline) == Found("2005-5-7 21:23:57", "text")
    # A date element away from the headline (a sidebar's, a comment's) gives way to the URL when they disagree,
    # and stands when they agree.
    sidebar = '<div class="side"><span class="time">2019-03-02 10:11</span></div>'
    elsewhere = make_page("", PARAGRAPHS + sidebar, url=url, timezone="Asia/Shanghai")
    assert generic.find_date_published_raw(elsewhere) == Found("2020/0101", "url")
    agreeing = make_page("", PARAGRAPHS + sidebar.replace("2019-03-02", "2020-01-01"), url=url,
                         timezone="Asia/Shanghai")
    assert generic.find_date_published_raw(agreeing) == Found("2020-01-01 10:11", "text")


def chinese_news_page(body: str) -> Page:
    """A page of a Chinese news site printing Beijing time, with no date in its URL."""
    return make_page("", body, url="https://news.example.cn/a/1.html", timezone="Asia/Shanghai")


def test_an_update_label_holding_a_date_label_is_not_the_publication() -> None:
    dateline = "<div>更新时间：2020-04-18 10:00 发布时间：2020-04-17 09:00</div>"
    page = chinese_news_page("<h1>标题</h1>" + dateline + PARAGRAPHS)
    assert generic.find_date_published_raw(page) == Found("2020-04-17 09:00", "text")


def test_a_date_and_its_time_in_elements_of_their_own_are_read_together() -> None:
    dateline = "<div class='info'><span class='date'>2020年04月17日</span><span class='time'>09:00</span></div>"
    page = chinese_news_page("<h1>标题</h1>" + dateline + PARAGRAPHS)
    assert generic.find_date_published_raw(page) == Found("2020年04月17日 09:00", "text")
    # A date in Chinese numerals is the dateline's too, ahead of a date printed in a sidebar.
    numerals = "<div class='info'>二〇二〇年四月十七日</div>" + PARAGRAPHS + "<div class='side'>2023-01-05 08:00</div>"
    page = chinese_news_page("<h1>标题</h1>" + numerals)
    assert generic.find_date_published_raw(page) == Found("二〇二〇年四月十七日", "text")


def test_an_update_printed_with_its_time_first_is_not_the_publication() -> None:
    dateline = ("<div class='meta'><span>Updated 3:45 PM ET, March 6, 2021</span>"
                "<span>Published 9:00 AM ET, March 5, 2021</span></div>")
    page = make_page("", "<article><h1>T</h1>" + dateline + PARAGRAPHS + "</article>")
    assert generic.find_date_published_raw(page) == Found("9:00 AM ET, March 5, 2021", "text")


def test_a_caption_and_a_teasers_date_are_not_the_publication_and_a_fact_lists_datum_is() -> None:
    # DW (fundus de_DW_V1): the lead picture's caption repeats its alt text with a date, a teaser's heading holds a
    # date element, and the fact list beside the text says "Datum 28.04.2023".
    caption = "Ukrainische Kriegstechnik bei den Kämpfen um Bachmut, 24. April 2023"
    picture = f"<div class='picBox'><img src='/a.jpg' alt='{caption}'><p>{caption}</p></div>"
    teaser = "<div class='col'><h2>Geheimdienst zuversichtlich <span class='date'>24.04.2023</span></h2></div>"
    facts = "<ul class='smallList'><li><strong>Datum</strong> 28.04.2023</li></ul>"
    page = make_page("", f"<h1>Ukrainische Gegenoffensive</h1>{picture}<div class='longText'>{PARAGRAPHS}</div>"
                         f"{teaser}{facts}", url="https://www.dw.com/de/ukrainische-gegenoffensive/a-65464327")
    assert generic.find_date_published_raw(page) == Found("28.04.2023", "text")
    # The same fact list in English, away from the headline.
    english = make_page("", f"<h1>Counteroffensive</h1><div class='longText'>{PARAGRAPHS}</div>"
                            "<ul class='facts'><li><strong>Date:</strong> April 28, 2023</li></ul>",
                        url="https://www.example.org/news/counteroffensive")
    assert generic.find_date_published_raw(english) == Found("April 28, 2023", "text")


def test_a_comment_s_time_is_not_the_publication() -> None:
    comment = ("<div class='comment-list'><div class='item'><span class='time'>2023-01-01 10:00</span>网友：好文"
               "</div></div>")
    assert generic.find_date_published(chinese_news_page("<h1>标题</h1>" + PARAGRAPHS + comment)) is None
    info = "<div class='info'><span class='time'>2020-04-17 09:00</span></div>"
    dated = chinese_news_page("<h1>标题</h1>" + PARAGRAPHS + info + comment)
    assert generic.find_date_published_raw(dated) == Found("2020-04-17 09:00", "text")


def test_a_two_digit_year_date_takes_the_time_printed_in_the_next_element() -> None:
    # 百家号 (gne-pages baijiahao/3): <span>发布时间：18-03-08</span><span>23:16</span>.
    page = chinese_news_page("<h1>标题</h1><div><span>发布时间：18-03-08</span><span>23:16</span></div>" + PARAGRAPHS)
    assert generic.find_date_published_raw(page) == Found("18-03-08 23:16", "text")


def test_a_date_printed_across_elements_is_read_whole() -> None:
    # gne-pages qq/qq: <div>2019</div><div>09/07</div><div>19:02</div> beside the account's name.
    dateline = "<div class='date'><span>2019</span><span>09</span><span>/</span><span>07</span></div>"
    clock = "<div class='time'><span>19</span><span>:</span><span>02</span></div><a>扬眼</a>"
    page = chinese_news_page("<h1>标题</h1>" + dateline + clock + PARAGRAPHS)
    assert generic.find_date_published_raw(page) == Found("2019 09/07 19:02", "text")


def test_a_date_only_declaration_is_refined_by_the_printed_time() -> None:
    page = make_page(
        '<meta name="publishdate" content="2024-04-24">',
        "<h1>标题</h1><div>2024年04月24日23:52 | 来源：新华网</div>" + PARAGRAPHS,
        timezone="Asia/Shanghai",
    )
    found = generic.find_date_published(page)
    assert found is not None
    assert isoformat(found.value) == "2024-04-24T23:52:00+08:00"  # type: ignore[arg-type]


def test_body_prefers_the_article_container_and_skips_navigation() -> None:
    page = make_page(
        "",
        '<nav class="menu"><a href="/">Home</a><a href="/a">World</a></nav>'
        '<div id="main"><div class="article-content">' + PARAGRAPHS + "</div>"
        '<div class="related"><p>Related stories that should not be in the body, with, some, commas.</p></div></div>'
        '<div class="footer"><p>Copyright Example News, all rights reserved, since, forever, and ever.</p></div>',
    )
    found = generic.find_body(page)
    assert found is not None and found.source == "heuristic"
    body = found.value
    assert isinstance(body, HtmlElement)
    assert body.get("class") == "article-content"


def test_body_handles_br_separated_text() -> None:
    text = "<br>".join(f"这是第{n}段正文，内容比较长，包含逗号，也包含句号。文章继续讲述事件的经过。" for n in range(8))
    page = make_page("", f'<div class="nav"><a href="/">首页</a></div><div class="con">{text}</div>')
    found = generic.find_body(page)
    assert found is not None and found.source == "heuristic"
    body = found.value
    assert isinstance(body, HtmlElement)
    assert body.get("class") == "con"


def test_body_noise_is_removed_from_a_copy() -> None:
    paragraph = "<p>第{}段正文，内容比较长，包含逗号，也包含句号。文章继续讲述经过和细节。</p>"
    paragraphs = "".join(paragraph.format(n) for n in range(6))
    page = make_page(
        "",
        f'<div id="artibody">{paragraphs}<p>责任编辑：张三</p><div class="share-bar">分享到：微博 微信</div>'
        "<p>相关阅读</p><ul><li><a href='/x'>另一篇文章</a></li></ul>"
        "<p>免责声明：本文仅代表作者观点。</p></div>",
    )
    found = generic.find_body(page)
    assert found is not None and found.source == "heuristic"
    body = found.value
    assert isinstance(body, HtmlElement)
    text = _visible_text(body)
    assert "第5段正文" in text
    for noise in ("责任编辑", "分享到", "相关阅读", "另一篇文章", "免责声明"):
        assert noise not in text
    original = page.selector.root.xpath('//*[@id="artibody"]')[0]
    assert "责任编辑" in original.text_content()  # the page's own tree is untouched
    assert body is not original


def test_body_without_noise_is_the_page_node_itself() -> None:
    page = make_page("", f'<div class="post-content">{PARAGRAPHS}</div>')
    found = generic.find_body(page)
    assert found is not None and found.source == "heuristic"
    body = found.value
    assert isinstance(body, HtmlElement)
    assert body is page.selector.root.xpath('//*[@class="post-content"]')[0]


def test_language_declared_or_guessed() -> None:
    chinese = make_page("", "<div>" + "<p>这是一段中文正文，内容比较长，包含逗号，也包含句号。</p>" * 5 + "</div>")
    assert generic.find_language(chinese) == Found("zh", "heuristic")
    english = make_page("", PARAGRAPHS.replace("Paragraph", "This is the paragraph"))
    assert generic.find_language(english) == Found("en", "heuristic")
    german_paragraph = "<p>Das ist ein deutscher Absatz über die Größe der Städte und Brücken.</p>"
    german = make_page("", "<div>" + german_paragraph * 5 + "</div>")
    assert generic.find_language(german) is None


def test_language_is_guessed_from_the_text_not_the_scripts_in_the_body() -> None:
    """zh-labelled/twnews/appledaily: the body's container holds a long ad set-up script before the text."""
    script = "<script>var adUnits = [{ code: 'LREC1', mediaTypes: { banner: { sizes: [[300, 250]] } } }];</script>" * 30
    paragraphs = "<p>台中市凌晨發生一起墜樓案，一名女子酒後與男友發生口角，經送醫後仍宣告不治。</p>" * 4
    page = make_page("", f"<article><div class='nm-article'>{script}{paragraphs}</div></article>")
    assert generic.find_language(page) == Found("zh", "heuristic")


def test_extract_generic_on_an_empty_page() -> None:
    assert extract_generic(make_page("", "", url="https://example.com/")) == {}


def test_extract_generic_keys_and_types() -> None:
    page = make_page(
        '<title>Robots - Example</title><meta name="description" content="About robots">'
        '<link rel="canonical" href="/news/robots"><meta property="og:image" content="/lead.jpg">'
        '<meta name="keywords" content="robots, ai">'
        '<meta property="article:modified_time" content="2022-08-31T10:00:00Z">',
        "<h1>Robots</h1>" + PARAGRAPHS,
    )
    found = extract_generic(page)
    assert found["canonical_url"] == Found("https://www.example.com/news/robots", "meta")
    assert found["lead_image"] == Found("https://www.example.com/lead.jpg", "opengraph")
    assert found["description"] == Found("About robots", "meta")
    assert found["tags"] == Found(["robots", "ai"], "meta")
    assert isoformat(found["date_modified"].value) == "2022-08-31T10:00:00+00:00"  # type: ignore[arg-type]
    assert found["date_modified_raw"] == Found("2022-08-31T10:00:00Z", "opengraph")
    assert isinstance(found["body"].value, etree._Element)
    assert found["title"].value == "Robots"


def test_labelled_dates_are_found_without_a_headline() -> None:
    split_by_a_comment = make_page(
        "",
        "<table><tr><td><font>发布日期：<!-- begin -->2019-03-06<!-- end --></font></td></tr></table>" + PARAGRAPHS,
        url="https://example.cn/a.html",
        timezone="Asia/Shanghai",
    )
    found = generic.find_date_published(split_by_a_comment)
    assert found is not None
    assert isoformat(found.value) == "2019-03-06T00:00:00+08:00"  # type: ignore[arg-type]
    split_into_spans = make_page(
        "",
        '<h2>标题</h2><div class="x">2019-09-26 12:11<span>来源：证券时报网</span></div>' + PARAGRAPHS,
        url="https://example.cn/a.html",
        timezone="Asia/Shanghai",
    )
    assert generic.find_date_published_raw(split_into_spans) == Found("2019-09-26 12:11", "text")


# ----------------------------------------------------------------------------------------- body noise

HALF_PARAGRAPHS = PARAGRAPHS[: PARAGRAPHS.index("<p>Paragraph 4")]


def _body_text(page: Page) -> str:
    found = generic.find_body(page)
    assert found is not None
    assert isinstance(found.value, HtmlElement)
    return _visible_text(found.value)


def test_captions_and_credits_go_but_their_pictures_stay() -> None:
    page = make_page(
        "",
        '<div class="article-body">' + HALF_PARAGRAPHS
        + '<figure><img src="/a.jpg"><figcaption>The harbour at dawn. Photo: Jane Doe/AP</figcaption></figure>'
        + '<div class="media"><img src="/b.jpg"><span>Foto: Max Muster/dpa</span></div>'
        + PARAGRAPHS + "</div>",
    )
    found = generic.find_body(page)
    assert found is not None and isinstance(found.value, HtmlElement)
    body = clean_body([found.value], URL)
    assert "harbour at dawn" not in body.text and "Max Muster" not in body.text
    assert "Paragraph 7 of the story" in body.text
    assert body.images == ["https://www.example.com/a.jpg", "https://www.example.com/b.jpg"]


def test_comment_sections_go_whatever_their_size() -> None:
    comment = (
        "<div class='comment'><p>I disagree with this, strongly, and at length, for many, many reasons here.</p></div>"
    )
    page = make_page(
        "", f'<div class="post">{PARAGRAPHS}<section class="post_comment">{comment * 12}</section></div>'
    )
    text = _body_text(page)
    assert "Paragraph 7 of the story" in text
    assert "I disagree" not in text


def test_hidden_elements_toolbars_and_date_lines_go() -> None:
    page = make_page(
        "",
        '<article class="story">'
        '<p class="dateline">Published 18 July 2024, 08:01</p>'
        '<ul class="tools"><li><a href="#">Share</a></li><li><a href="#">Save</a></li>'
        '<li><a href="#">Print</a></li><li><a href="#">Email</a></li></ul>'
        + PARAGRAPHS
        + '<div class="offer hidden"><p>Your subscription is being used on another device right now.</p></div>'
        "<span class='sr-only'>Advertisement</span></article>",
    )
    text = _body_text(page)
    assert "Paragraph 0 of the story" in text
    for noise in ("Published 18 July", "Share", "Print", "another device", "Advertisement"):
        assert noise not in text


def test_a_split_article_is_joined_with_its_intro() -> None:
    intro = (
        "<div class='story-intro'><p>The intro of the story says what happened, where, and to whom, briefly.</p></div>"
    )
    page = make_page(
        "",
        f"<div class='story-body'>{intro}<div class='ad'></div>"
        f"<div class='story-text'>{PARAGRAPHS}</div><div class='promo'><a href='/x'>Subscribe now</a></div>"
        f"<div class='story-text'>{PARAGRAPHS.replace('Paragraph', 'Section')}</div></div>"
        "<div class='sidebar'><p>Other stories, with, commas, and words, that are not part of this article.</p></div>",
    )
    text = _body_text(page)
    assert "The intro of the story" in text
    assert "Paragraph 0 of the story" in text and "Section 7 of the story" in text
    assert "Subscribe now" not in text and "Other stories" not in text


def test_a_widget_after_the_article_is_no_continuation_of_it() -> None:
    # Le Monde (fundus fr_LeMonde_V1): after <section class="article">, a sibling <section class="capping"> whose
    # capping__* paragraphs explain reading on another device; taz and WebMD end the same way.
    article = f"<section class='article'><h1>T</h1>{PARAGRAPHS}</section>"
    answers = "".join(f"<li><p class='capping__answer'>Answer {n}: you may read on one device at a time, so the "
                      "message shows on the other device until you continue reading here.</p></li>" for n in range(3))
    widget = (f"<section class='capping'><p class='capping__title'>Reading on another device</p><ul>{answers}</ul>"
              "</section>")
    text = _body_text(make_page("", f"<main>{article}{widget}</main>"))
    assert "Paragraph 7 of the story" in text and "another device" not in text
    # A continuation whose paragraphs are of the article's kind still joins it.
    more = f"<section class='more'>{PARAGRAPHS.replace('Paragraph', 'Section')}</section>"
    text = _body_text(make_page("", f"<main>{article}{more}</main>"))
    assert "Paragraph 7 of the story" in text and "Section 7 of the story" in text


def test_a_continuation_laid_out_like_the_article_joins_it_beside_its_teaser_column() -> None:
    # t-online (fundus de_TOnline_V1_1): the text runs on in a second "StreamLayout" block after an ad slot, each
    # block a stream and an <aside> of teaser links, which made the second one look like a link list.
    def stream(text: str, teasers: int) -> str:
        links = "".join(f"<a href='/news/{n}'>Another headline of the day number {n}</a>" for n in range(teasers))
        return (f"<div class='flex flex-col' data-testid='ArticleBody.StreamLayout'><div class='w-full'>{text}</div>"
                f"<aside class='shrink-0'>{links}</aside></div>")
    more = "".join(f"<p>More {n}: the story goes on here, with enough words, commas, and detail to count as prose.</p>"
                   for n in range(4))
    html = (f"<article><h1>T</h1><div class='relative'>{stream(PARAGRAPHS, 2)}<div class='ad'></div>{stream(more, 6)}"
            "</div></article>")
    text = _body_text(make_page("", html))
    assert "Paragraph 7 of the story" in text and "More 3: the story goes on" in text
    assert "Another headline" not in text


def test_the_body_does_not_climb_past_the_articles_own_container() -> None:
    # aktualne.cz (Readability): div.page > div.wrapper > div.left-column > div.article > div.article__content; a
    # second wrapper holds the live feed, whose items make the page hold more than the article.
    article = f"<div class='article'><h1>T</h1><div class='article__content'>{PARAGRAPHS}</div></div>"
    feed_items = "".join(f"<div class='swift-box'><div class='swift-box__desc'><p class='swift-box__text'>Live item "
                         f"{n}: another story of the day, told at length in the feed, with commas, details, and words "
                         "enough to count.</p></div></div>" for n in range(6))
    feed = f"<div class='feed-wrapper'><div class='left-column'><div class='timeline'>{feed_items}</div></div></div>"
    html = f"<div class='page'><div class='wrapper'><div class='left-column'>{article}</div></div>{feed}</div>"
    text = _body_text(make_page("", html))
    assert "Paragraph 7 of the story" in text and "Live item" not in text


def test_a_grid_of_teaser_cards_inside_the_body_goes() -> None:
    # Mexico News Daily (fundus): after the text, a related-posts grid whose classes say nothing ("td_module_mx7"):
    # each card a heading linked to another story, its author, date and excerpt.
    cards = "".join(
        f"<div class='td-block-span4'><div class='td_module_mx7'><img src='/thumb{n}.jpg'><div class='item-details'>"
        f"<h3><a href='/news/story-{n}/'>Another story number {n} of the day</a></h3><div class='meta-info'>"
        "<a href='/author/mnd/'>MND Staff</a> - April 15, 2025</div><div class='excerpt'>An excerpt of the other "
        "story, written as a sentence, with commas, and long enough to read like prose.</div></div></div></div>"
        for n in range(3))
    page = make_page("", f"<article><h1>T</h1><div class='td-post-content'>{PARAGRAPHS}{PARAGRAPHS}"
                         f"<div class='td_block_inner'>{cards}</div></div></article>")
    article = extract_article(page, None)
    assert "Paragraph 7 of the story" in (article.body_text or "")
    assert "Another story" not in (article.body_text or "") and "An excerpt" not in (article.body_text or "")
    assert not [image for image in article.images if "thumb" in image]
    # Sections headed by links and holding paragraphs of prose are the article's (a list of products reviewed).
    review = "A review sentence, with detail and commas, of the product and its use. " * 5
    sections = "".join(f"<div class='item'><h3><a href='/product-{n}'>Product {n}</a></h3><p>{review}</p></div>"
                       for n in range(3))
    listicle = make_page("", f"<article><h1>T</h1><div class='content'>{PARAGRAPHS}{sections}</div></article>")
    assert "Product 2" in (extract_article(listicle, None).body_text or "")


def test_modal_is_a_class_word_not_a_fragment() -> None:
    inside_modal_layout = make_page(
        "", f'<div class="Mstart(137px)--modal"><div class="canvas-body">{PARAGRAPHS}</div></div>'
    )
    assert "Paragraph 7 of the story" in _body_text(inside_modal_layout)
    real_modal = make_page(
        "",
        f'<div class="article">{PARAGRAPHS}</div>'
        '<div class="suplist-modal"><p>Are you sure you want to remove this item? It cannot be restored.</p></div>',
    )
    assert "Are you sure" not in _body_text(real_modal)


def test_a_time_beside_a_date_only_element_and_a_script_time() -> None:
    # The year comes from another date the page states (百家号 pages print "10-08" and declare dateUpdate).
    split = make_page(
        '<meta itemprop="dateUpdate" content="2019-10-08 12:00:57">',
        '<div class="author-info"><span class="date">发布时间：10-08</span><span class="time">12:00</span></div>'
        + CHINESE_PARAGRAPH * 6,
        url="https://example.cn/a/1.html",
        timezone="Asia/Shanghai",
    )
    found = generic.find_date_published(split)
    assert found is not None
    assert (found.value.year, found.value.month, found.value.day, found.value.hour) == (  # type: ignore[attr-defined]
        2019, 10, 8, 12)
    wechat = make_page(
        "<script>var ct = \"1581517074\";</script>", CHINESE_PARAGRAPH * 6, url="https://mp.weixin.qq.com/s/x"
    )
    found = generic.find_date_published(wechat)
    assert found is not None
    assert isoformat(found.value) == "2020-02-12T14:17:54+00:00"  # type: ignore[arg-type]


def test_a_date_without_a_year_or_a_relative_word_needs_another_date_of_the_page() -> None:
    alone = make_page(
        "",
        '<h1>标题</h1><div class="date">今日 10:20</div><div class="time">发布时间：10-08 12:00</div>'
        + CHINESE_PARAGRAPH * 6,
        url="https://example.cn/a/1.html",
        timezone="Asia/Shanghai",
    )
    assert generic.find_date_published(alone) is None  # not the day of the crawl


@pytest.mark.parametrize("case", ["gne_163", "gne_baijiahao", "gne_people", "gne_sina"])
def test_pages_naming_no_writer_give_no_authors(case: str) -> None:
    # An account (百家号), the portal (网易 in a meta tag), an outlet (参考消息) or the editors: none of them wrote it.
    assert "authors" not in _extracted(case)
