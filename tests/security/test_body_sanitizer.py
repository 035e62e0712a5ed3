"""Hostile article bodies come out harmless (nh3 decides), ordinary bodies come out byte for byte."""

from __future__ import annotations

import json
import logging
from collections import Counter

import pytest
from scrapy.http import HtmlResponse

from newscrawl.extract.article import article_from_response
from newscrawl.extract.body import clean_body_html
from newscrawl.extract.sanitize import sanitize_body_html
from newscrawl.portal_rules import ArticleRules, Portal
from tests.security.hostile_html import FIXTURES, PAGE_URL, VECTORS, article_page, script_vectors_in

PORTAL = Portal(
    name="example", site_name="The Example News", site_url="https://news.example.com/",
    categories=("安全", "Example", "XSS"), timezone="Asia/Shanghai", hosts=("news.example.com",),
    article=ArticleRules(body=("div.article-body",)),
)
IDS = [f"{index:03d}-{vector['category']}" for index, vector in enumerate(VECTORS)]


def test_the_vectors_cover_every_category_the_issue_names() -> None:
    assert len({vector["html"] for vector in VECTORS}) == len(VECTORS) >= 60
    counts = Counter(vector["category"] for vector in VECTORS)
    for category in ("script", "handler", "url", "svg", "math", "iframe", "base", "meta", "form", "object",
                     "srcset"):
        assert counts[category] >= 1, category
    assert any("srcdoc" in vector["html"].lower() for vector in VECTORS)
    assert any("formaction" in vector["html"] for vector in VECTORS)
    assert any("\x00" in vector["html"] for vector in VECTORS)
    assert any("&#" in vector["html"] for vector in VECTORS)


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_cleaned_fragment_holds_no_script(vector: dict[str, str]) -> None:
    body = clean_body_html(vector["html"], PAGE_URL)
    assert script_vectors_in(body.html) == []


@pytest.mark.parametrize("portal", [PORTAL, None], ids=["portal-rule", "generic"])
@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_extracted_article_body_holds_no_script(vector: dict[str, str], portal: Portal | None) -> None:
    response = HtmlResponse(PAGE_URL, body=article_page(vector["html"]).encode("utf-8"), encoding="utf-8")
    article = article_from_response(response, portal)
    assert article.body_html, "the ordinary paragraphs around the vector make a body"
    assert "The council approved the new harbour budget" in article.body_html
    assert script_vectors_in(article.body_html) == []


# --------------------------------------------------------------------------------------- ordinary markup

ORDINARY = (
    "<p>Intro with <strong>bold</strong>, <em>emphasis</em> and <a href=\"https://example.org/a?x=1&y=2\">a"
    " link</a>.</p>\n"
    "<h2>Heading two</h2><h3>Heading three</h3><h4>Heading four</h4>"
    "<ul><li>one</li><li>two</li></ul><ol start=\"3\"><li>three</li></ol>"
    "<table><thead><tr><th colspan=\"2\">Head</th></tr></thead><tbody><tr><td>a</td><td>b</td></tr></tbody></table>"
    "<figure><img src=\"https://img.example/a.jpg\" alt=\"A picture\" referrerpolicy=\"no-referrer\">"
    "<figcaption>Caption</figcaption></figure>"
    "<pre><code>if (a < b) { return a && b; }</code></pre>"
    "<blockquote><p>Quoted\u00a0text</p></blockquote>"
    "<video controls poster=\"https://img.example/p.jpg\"><source src=\"https://media.example/v.mp4\""
    " type=\"video/mp4\"></video>"
    "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0&autoplay=0\" frameborder=\"0\" allowfullscreen>"
    "</iframe>"
    "<p style=\"text-align:center\" data-v-14f9065e>Centred<br>line</p><!-- a comment the archive keeps -->"
)


def test_ordinary_article_markup_survives_byte_for_byte() -> None:
    body = clean_body_html(ORDINARY, PAGE_URL)
    assert body.html == ORDINARY
    assert not body.sanitized
    assert sanitize_body_html(ORDINARY, page_url=PAGE_URL) is ORDINARY


def test_ordinary_markup_survives_next_to_a_vector() -> None:
    # Vectors body cleaning itself leaves (it only drops scripts, handlers and script URLs): nh3 takes them.
    body = clean_body_html(ORDINARY + '<base href="https://evil.example/"><iframe src="https://evil.example/x">'
                           "</iframe><object data=\"https://evil.example/x.swf\">alert</object>", PAGE_URL)
    assert body.sanitized
    for kept in ("<h2>Heading two</h2>", "<th colspan=\"2\">Head</th>", "<figcaption>Caption</figcaption>",
                 'referrerpolicy="no-referrer">', "<source src=\"https://media.example/v.mp4\"",
                 "<iframe src=\"https://www.youtube.com/embed/dQw4w9WgXcQ?rel=0&amp;autoplay=0\"",
                 "<code>if (a &lt; b) { return a &amp;&amp; b; }</code>", "<ol start=\"3\">"):
        assert kept in body.html
    assert script_vectors_in(body.html) == []
    assert "Heading four" in body.text and "alert" not in body.text and "evil" not in body.html


def test_a_sanitised_body_lists_only_the_images_it_kept() -> None:
    body = clean_body_html(
        '<p>x</p><svg><image href="https://img.example/in-svg.png"></image></svg>'
        '<img src="https://img.example/kept.jpg"><script>alert(1)</script>', PAGE_URL)
    assert body.sanitized
    assert body.images == ["https://img.example/kept.jpg"]


@pytest.mark.parametrize(
    "src",
    ["https://www.youtube-nocookie.com/embed/x", "https://player.vimeo.com/video/1",
     "https://player.bilibili.com/player.html?bvid=1", "//tv.sohu.com/s/iplay.html?bid=1&autoplay=false",
     "https://news.example.com/embed/1"],
)
def test_allow_listed_and_same_site_embeds_are_kept(src: str) -> None:
    fragment = f'<iframe src="{src}" width="640"></iframe>'
    assert clean_body_html(fragment, PAGE_URL).html == fragment


@pytest.mark.parametrize(
    "src",
    ["https://evil.example/x", "https://youtube.com.evil.example/embed/x", "https://www.youtube.com@evil.example/",
     "https:\\\\evil.example\\x", "data:text/html,x", "javascript:alert(1)"],
)
def test_embeds_off_the_allow_list_lose_their_source(src: str) -> None:
    body = clean_body_html(f'<p>x</p><iframe src="{src}"></iframe>', PAGE_URL)
    assert "evil" not in body.html and "javascript" not in body.html and "data:" not in body.html


def test_inline_image_data_is_kept_but_not_data_links() -> None:
    inline = "data:image/png;base64," + "A" * 2000
    assert clean_body_html(f'<img src="{inline}">', PAGE_URL).html.startswith(f'<img src="{inline}"')
    assert "data:" not in sanitize_body_html('<a href="data:image/png;base64,AAAA">x</a>')


def test_a_style_element_with_script_css_goes_and_a_plain_one_stays() -> None:
    plain = '<div class="markdown-body"><style>.markdown-body{color:#333}</style><p>t</p></div>'
    assert sanitize_body_html(plain) is plain
    assert "<style" not in sanitize_body_html(plain + "<style>p{x:expression(alert(1))}</style>")


def _fixture_bodies() -> list[tuple[str, str]]:
    bodies = []
    for path in sorted(FIXTURES.glob("**/expected.json")):
        body = json.loads(path.read_text(encoding="utf-8")).get("body_html")
        if isinstance(body, str) and body:
            bodies.append((path.relative_to(FIXTURES).as_posix(), body))
    for path in sorted((FIXTURES / "hexo").glob("*/**/*.md")) + sorted((FIXTURES / "hexo").glob("seed/*.txt")):
        text = path.read_text(encoding="utf-8")
        if "<div>   \n" in text:
            bodies.append((path.relative_to(FIXTURES).as_posix(),
                           text[text.index("<div>   \n") + 9:-len("  \n</div>\n" + " " * 12)]))
    return bodies


FIXTURE_BODIES = _fixture_bodies()


def test_fixture_bodies_are_found() -> None:
    assert len(FIXTURE_BODIES) >= 75


@pytest.mark.parametrize(("name", "body"), FIXTURE_BODIES, ids=[name for name, _ in FIXTURE_BODIES])
def test_every_fixture_and_archive_body_is_left_alone(name: str, body: str) -> None:
    assert sanitize_body_html(body, page_url="https://unrelated.example/") is body


def test_a_long_run_of_base64_stays_cheap() -> None:
    inline = "data:image/png;base64," + "QUJD" * 250_000  # 1 MB
    fragment = f'<p>x</p><img src="{inline}" referrerpolicy="no-referrer">'
    assert sanitize_body_html(fragment) is fragment


def test_control_characters_in_an_image_url_are_percent_encoded_not_a_crash() -> None:
    # lxml refuses to set an attribute holding C0 controls: body cleaning used to raise ValueError here.
    body = clean_body_html('<p>x</p><img src="/a\x01b\x7f.jpg"><a href="/c\x02d">l</a>', PAGE_URL)
    assert '<img src="https://news.example.com/a%01b\x7f.jpg"' in body.html
    assert '<a href="https://news.example.com/c%02d">' in body.html


@pytest.mark.parametrize("vector", VECTORS, ids=IDS)
def test_a_body_sanitised_of_a_vector_is_logged_at_info(vector: dict[str, str],
                                                        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="newscrawl.extract.sanitize"):
        sanitized = sanitize_body_html(vector["html"], page_url=PAGE_URL)
    if sanitized is vector["html"]:
        return  # nothing removed (the vector is harmless as a bare fragment), nothing logged
    assert [record.levelno for record in caplog.records] == [logging.INFO]
    assert PAGE_URL in caplog.records[0].getMessage()


@pytest.mark.parametrize("markup", [
    '<svg viewBox="0 0 24 24" class="icon"><title>Share</title><path d="M0 0h24"/></svg>',
    '<meta itemprop="datePublished" content="2024-05-01">',
    '<link itemprop="image" href="https://news.example.com/a.jpg">',
    '<template><p>Later</p></template>',
    '<input type="checkbox" checked> <select><option>1</option></select>',
    '<my-player data-id="7">A caption</my-player>',
])
def test_markup_merely_off_the_allow_list_is_logged_at_debug(markup: str, caplog: pytest.LogCaptureFixture) -> None:
    body = f"<p>The article's text, with a javascript-free aside.</p>{markup}"
    with caplog.at_level(logging.DEBUG, logger="newscrawl.extract.sanitize"):
        sanitized = sanitize_body_html(body, page_url=PAGE_URL)
    assert sanitized is not body
    assert [record.levelno for record in caplog.records] == [logging.DEBUG]
    assert "none of it able to run script" in caplog.records[0].getMessage()
