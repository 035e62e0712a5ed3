"""Hostile values in every front-matter field at once, the image fields through real body cleaning: each post lands
inside the posts folder and reads back (yaml.safe_load) to the intended strings, braces escaped, date intact."""

from __future__ import annotations

import html
from datetime import UTC, datetime
from pathlib import Path

import lxml.html
import pytest
import yaml

from newscrawl.archive.hexo_post import PostFields, parse_post_date, post_relative_path, post_title, render_post
from newscrawl.extract.body import clean_body_html
from tests.archive.test_hexo_post_paths import PATH_SPECIALS
from tests.archive.test_hexo_post_yaml import HOSTILE

DATE = datetime(2022, 8, 30, 9, 19, tzinfo=UTC)
PAGE_URL = "https://news.example.com/2022/08/30/a.html"
EXTRA = ["../", "..\\", "/etc/passwd", "CON", "PRN.txt", "aux", "\x00", "x" * 70_000, "a/../../b", "~/.ssh/x"]
VALUES = list(dict.fromkeys([*HOSTILE, *PATH_SPECIALS, *EXTRA]))


def escape_braces(text: str) -> str:
    return text.replace("{", "&#123;").replace("}", "&#125;")


def first_img_src_as_parsed(body_html: str) -> str:
    """The src of the first <img> with one, as an HTML parser reads the saved body (what Hexo's page shows)."""
    root = lxml.html.document_fromstring(f"<html><body>{body_html}</body></html>")
    for image in root.iter("img"):
        src = (image.get("src") or "").strip("\t\n\x0c\r ")
        if src:
            return src
    return ""


def test_there_are_at_least_500_values() -> None:
    assert len(VALUES) >= 500


@pytest.fixture(scope="module")
def posts_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("archive") / "posts"


@pytest.mark.parametrize("value", VALUES, ids=range(len(VALUES)))
def test_every_field_reads_back_and_the_post_stays_in_the_posts_folder(value: str, posts_folder: Path) -> None:
    # The image URL comes from the page: the value as an <img src> (and as a URL path) through body cleaning.
    body = clean_body_html(
        f'<p>{html.escape(value)}</p><img src="{html.escape(value, quote=True)}">'
        f'<img src="/{html.escape(value, quote=True)}.jpg">', PAGE_URL).html
    categories = (value, f"{value}2", f"3{value}")
    post = PostFields(title=value or "fallback", categories=categories, author=value, date=DATE, body_html=body)
    text = render_post(post)

    front = yaml.safe_load(text[len("\n---\n"):text.index("\n---\n", len("\n---\n"))])
    image = escape_braces(first_img_src_as_parsed(body))
    assert front == {
        "title": escape_braces(post_title(post.title)),
        "categories": [escape_braces(category) for category in categories],
        "headimg": image,
        "author": escape_braces(value),
        "comments": False,
        "date": "Tue, 30 Aug 2022 09:19:00 GMT",
        "thumbnail": image,
    }
    assert parse_post_date(front["date"]) == DATE
    date_lines = [line for line in text.split("\n") if line.startswith("date: ")]
    assert date_lines == ["date: Tue, 30 Aug 2022 09:19:00 GMT"]
    # Hexo's template engine must never see a brace, in the front matter or in the body.
    assert "{" not in text and "}" not in text

    relative = post_relative_path(post)
    path = posts_folder / relative
    assert path.resolve().is_relative_to(posts_folder.resolve())
    assert len(relative.parts) == 4 and relative.suffix == ".md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    assert path.read_text(encoding="utf-8") == text
