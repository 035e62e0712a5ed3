"""Forum threads and a blog post with comments: what the generic body holds (reconstructed pages, see
fixtures/threads/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from newscrawl.extract.article import extract_article
from newscrawl.extract.page import Page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "threads"


def _body_text(name: str) -> str:
    html = (FIXTURES / name).read_text(encoding="utf-8")
    article = extract_article(Page(url="http://forum.example/thread-4567-1-1.html", html=html), None)
    return article.body_text or ""


@pytest.mark.parametrize(
    ("name", "posts"),
    [
        ("discuz.html", (
            "去年买了一套九十年代的老房子", "写得很详细，收藏了", "铝线换铜线这个太重要了", "回复楼上两位",
        )),
        ("phpbb.html", ("uses a timing belt, not a chain", "Good call on the water pump", "I used the Aisin kit")),
        ("vbulletin4.html", ("Hi all, I have been looking", "a 130 mm or 150 mm Dobsonian", "Thanks Steve")),
    ],
)
def test_every_post_of_a_thread_is_in_the_body(name: str, posts: tuple[str, ...]) -> None:
    body = _body_text(name)
    for post in posts:
        assert post in body


@pytest.mark.parametrize(
    ("name", "chrome"),
    [
        # user card, signature, reply bar, quoted earlier post, attachment menu
        ("discuz.html", (
            "金牌会员", "注册时间", "生活不止眼前的苟且", "只看该作者", "举报", "海边的老王 发表于", "下载附件",
        )),
        ("phpbb.html", ("Joined:", "Senior Member", "110k miles and counting", "civicdave wrote", "Post Reply")),
        ("vbulletin4.html", ("Join Date", "Originally Posted by", "too many eyepieces", "Reply With Quote")),
    ],
)
def test_forum_chrome_and_quotes_are_not_in_the_body(name: str, chrome: tuple[str, ...]) -> None:
    body = _body_text(name)
    for text in chrome:
        assert text not in body


def test_a_quoted_post_is_dropped_but_the_reply_under_it_stays() -> None:
    body = _body_text("discuz.html")
    assert body.count("去年买了一套九十年代的老房子") == 1
    assert "铝线换铜线这个太重要了" in body


def test_a_blog_post_is_the_body_without_comments_related_posts_or_tags() -> None:
    body = _body_text("wordpress.html")
    assert body.startswith("This summer was my third year")
    assert "be patient: the best tomatoes came in September." in body
    for text in ("Great tips!", "Which compost do you use", "Growing chilli peppers", "Share this", "Tagged"):
        assert text not in body
