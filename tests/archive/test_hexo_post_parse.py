"""parse_post's strictness and first_image_src's reading of the body."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscrawl.archive.hexo_post import PostFields, first_image_src, parse_post, render_post

VALID = render_post(
    PostFields(
        title="t{x}",
        categories=("a", "b", "c"),
        author="b",
        date=datetime(2022, 8, 30, 9, 19, tzinfo=UTC),
        body_html='<p>{x}</p><img src="https://e.com/{i}.png">',
    )
)


def test_braces_are_escaped_and_restored() -> None:
    assert "{" not in VALID and "}" not in VALID
    assert "title: 't&#123;x&#125;'" in VALID
    assert "headimg: 'https://e.com/&#123;i&#125;.png'" in VALID
    parsed = parse_post(VALID)
    assert parsed.title == "t{x}"
    assert parsed.headimg == parsed.thumbnail == "https://e.com/{i}.png"
    assert parsed.body_html == '<p>{x}</p><img src="https://e.com/{i}.png">'


@pytest.mark.parametrize(
    "text",
    [
        "",
        VALID.lstrip("\n"),
        VALID.rstrip(" "),
        VALID + "\n",
        VALID.replace("\n---\n\n<div>", "\n\n<div>"),
        VALID.replace("title: 't&#123;x&#125;'", "title: 'unterminated"),
        VALID.replace("categories: \n - a\n - b\n - c", "categories: abc"),
        VALID.replace("author: b\n", ""),
    ],
)
def test_malformed_posts_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_post(text)


@pytest.mark.parametrize(
    ("body", "src"),
    [
        ("", ""),
        ("<p>no image</p>", ""),
        ('<img src="https://a/1.png"><img src="https://a/2.png">', "https://a/1.png"),
        ('<IMG SRC="https://a/1.png">', "https://a/1.png"),
        ("<img src=https://a/1.png alt=x>", "https://a/1.png"),
        ('<img src="https://a/1.png?x=1&amp;y=2">', "https://a/1.png?x=1&y=2"),
        ('<img src="https://a/&#123;1&#125;.png">', "https://a/{1}.png"),
        ('<img src=" https://a/1.png\n">', "https://a/1.png"),
        ('<img src="https://a/1.png" />', "https://a/1.png"),
        ('<img data-src="https://a/0.png"><img src="https://a/1.png">', "https://a/1.png"),
        ('<img src=""><img src="https://a/1.png">', "https://a/1.png"),
        ('<!-- <img src="https://a/0.png"> --><img src="https://a/1.png">', "https://a/1.png"),
        ('<script>x = "<img src=https://a/0.png>"</script><img src="https://a/1.png">', "https://a/1.png"),
        ('<textarea><img src="https://a/0.png"></textarea><img src="https://a/1.png">', "https://a/1.png"),
        ('<code>&lt;img src="https://a/0.png"&gt;</code>', ""),
        ('<code><img src="" /></code>', ""),  # 掘金/001: raw markup inside <code> is markup to a browser
    ],
)
def test_first_image_src(body: str, src: str) -> None:
    assert first_image_src(body) == src


@pytest.mark.parametrize("offset", range(4070, 4106, 3))
@pytest.mark.parametrize(
    ("tail", "src"),
    [
        ('<img src="https://a/1.png">', "https://a/1.png"),
        ('<!-- <img src="https://a/0.png"> --><img src="https://a/1.png">', "https://a/1.png"),
        ('<textarea>' + "q" * 40 + '<img src="https://a/0.png"></textarea><img src="https://a/1.png">',
         "https://a/1.png"),
        ('<img src="">' + "q" * 30 + '<img src="https://a/1.png">', "https://a/1.png"),
        ('<a title="<img src=https://a/0.png>">x</a>', ""),
    ],
)
def test_first_image_src_across_the_pieces_the_body_is_read_in(offset: int, tail: str, src: str) -> None:
    # The body is parsed 4 KB at a time until an image is found: a tag, comment or text element cut by a piece
    # boundary reads as in one piece.
    assert first_image_src("<p>" + "p" * offset + "</p>" + tail) == src
