"""Forum threads and a blog post with comments: what the generic body holds (reconstructed pages, see
fixtures/page-kinds/README.md)."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

from newscrawl.extract.article import extract_article
from newscrawl.extract.generic.threads import thread_posts
from newscrawl.extract.page import Page

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "page-kinds"


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


_XENFORO_POST = """
<article class="message message--post js-post" id="js-post-{number}" data-author="{author}">
  <div class="message-inner">
    <div class="message-cell message-cell--user"><section class="message-user">
      <div class="message-avatar"><img class="avatar" src="/data/avatars/m/0/{number}.jpg" alt="{author}"></div>
      <h4 class="message-name"><a class="username" href="/members/{author}.1/">{author}</a></h4>
      <h5 class="userTitle message-userTitle">Well-known member</h5>
      <dl class="pairs pairs--justified"><dt>Joined</dt><dd>Mar 3, 2015</dd><dt>Messages</dt><dd>2,481</dd></dl>
    </section></div>
    <div class="message-cell message-cell--main"><div class="message-main">
      <header class="message-attribution"><time class="u-dt">Jun 14, 2021</time>
        <a href="#post-{number}">#{floor}</a></header>
      <div class="message-content"><div class="message-userContent"><article class="message-body">
        <div class="bbWrapper">{text}</div>
      </article></div></div>
      <footer class="message-footer"><div class="message-actionBar actionBar"><a class="actionBar-action">Like</a>
        <a class="actionBar-action actionBar-action--reply">Reply</a></div></footer>
    </div></div>
  </div>
</article>
"""


def test_xenforo_posts_with_hyphenated_ids_make_a_thread() -> None:
    posts = [
        ("ridgeback", 1, "My sourdough starter has been sluggish since the weather turned cold. It takes almost twelve "
         "hours to double now, where it used to take five or six. Is it worth moving it somewhere warmer, or should "
         "I feed it more often with a higher ratio of fresh flour to starter?"),
        ("breadhead", 2, '<blockquote class="bbCodeBlock bbCodeBlock--expandable bbCodeBlock--quote">ridgeback said: '
         "My sourdough starter has been sluggish</blockquote>Try the oven with only the light on, it stays at about "
         "twenty-six degrees, which is perfect for a starter in winter."),
    ]
    html = (
        "<html><head><title>Sluggish starter in winter | Bread Forum</title></head><body><div class='p-body'>"
        "<h1 class='p-title-value'>Sluggish starter in winter</h1><div class='block-body js-replyNewMessageContainer'>"
        + "".join(_XENFORO_POST.format(number=40000 + floor, author=author, floor=floor, text=text)
                  for author, floor, text in posts)
        + "</div></div></body></html>"
    )
    body = extract_article(Page(url="https://forum.example/threads/sluggish.1/", html=html), None).body_text or ""
    assert "It takes almost twelve hours" in body
    assert "Try the oven with only the light on" in body
    assert "Well-known member" not in body
    assert "ridgeback said" not in body


def test_blog_posts_one_after_another_are_not_a_thread() -> None:
    """WordPress numbers its posts' <article>s too; a post and the next one appended below it stay apart."""
    post = "<article id='post-{0}' class='post-{0} post'><div class='entry-content'><p>Post {0}.</p></div></article>"
    root = lxml.html.fromstring("<html><body><main>" + post.format(812) + post.format(790) + "</main></body></html>")
    content = root.find_class("entry-content")[0]
    assert thread_posts(content) is None
    forum = lxml.html.fromstring(
        "<html><body>" + post.format(812).replace("article", "div") + post.format(790).replace("article", "div")
        + "</body></html>"
    )
    merged = thread_posts(forum.find_class("entry-content")[0])
    assert merged is not None
    assert merged.text_content() == "Post 812.Post 790."


@pytest.mark.parametrize(
    "name", ["table-layout-zh.html", "table-layout-zh-font.html", "table-layout-zh-font-beside-blocks.html"]
)
def test_br_separated_text_in_a_layout_table_is_the_body(name: str) -> None:
    body = _body_text(name)
    assert body.startswith("本报讯 记者从市交通局获悉")
    assert "农民群众出行和农产品运输将更加方便。" in body
    for text in ("来源：某某日报", "新闻排行", "相关新闻", "我市农村公路建设现场会召开", "版权所有"):
        assert text not in body


@pytest.mark.parametrize("name", ["news-comments-zh.html", "news-comments-zh-beside.html"])
def test_comments_under_their_heading_are_not_in_the_body(name: str) -> None:
    body = _body_text(name)
    assert body.startswith("晚上九点，老城区的夜市依然热闹。")
    assert body.endswith("让夜市成为城市生活的一部分。")
    for text in ("网友评论", "我家楼下的夜市也是这样", "补贴一千块有什么用", "顶(25)", "热点新闻"):
        assert text not in body


def test_english_comments_under_a_count_heading_are_not_in_the_body() -> None:
    paragraph = "<p>The council voted on Tuesday to keep the library open on Sundays, reversing the cuts {}.</p>"
    comment = "<div><b>reader{0}</b><p>I am so glad the library stays open, my children go there {0}.</p></div>"
    html = (
        "<html><body><div class='story'>"
        + "".join(paragraph.format(number) for number in range(6))
        + "<div><h3>3 Comments</h3>" + "".join(comment.format(number) for number in range(3)) + "</div>"
        + "</div></body></html>"
    )
    body = extract_article(Page(url="https://news.example/library", html=html), None).body_text or ""
    assert "keep the library open on Sundays" in body
    assert "3 Comments" not in body
    assert "I am so glad" not in body


def test_a_blog_posts_tag_category_and_previous_next_lines_are_not_in_the_body() -> None:
    paragraph = "<p>今天带孩子去郊外爬山，山上的枫叶已经全红了，一路走一路拍，回来整理照片{}。</p>"
    html = (
        "<html><body><div class='blog'><div class='articalContent'>"
        + "".join(paragraph.format(number) for number in range(5))
        + "<p>标签：<a href='/tag/1'>爬山</a> <a href='/tag/2'>枫叶</a></p><p>分类：<a href='/c/3'>亲子游</a></p>"
        + "<p>上一篇：<a href='/1.html'>秋天的第一杯奶茶</a></p><p>下一篇：<a href='/3.html'>周末去看海</a></p>"
        + "<p>Filed under <a href='/c/4'>Travel</a></p>"
        + "</div></div></body></html>"
    )
    body = extract_article(Page(url="https://blog.example/2.html", html=html), None).body_text or ""
    assert body.startswith("今天带孩子去郊外爬山")
    for text in ("标签", "爬山 枫叶", "分类", "亲子游", "上一篇", "秋天的第一杯奶茶", "下一篇", "Filed under"):
        assert text not in body


def test_an_embedded_players_loading_and_autoplay_labels_are_not_in_the_body() -> None:
    """readability/qq (腾讯科技): a related-video player inside the text prints its switches and a loading line."""
    paragraph = "<p>DeepMind在《自然》杂志上发表论文，介绍了一种可以学习使用外部记忆的神经网络{}。</p>"
    player = (
        "<div class='rv-root-v2'><div class='rv-autoplay'><a href='javascript:;'><i>自动播放开关</i></a>"
        "<span>自动播放</span></div><div class='rv-player-wrap'><table class='rv-player-loading'><tr>"
        "<td>正在加载...</td></tr></table><img src='https://video.example/poster.jpg' width='640' height='360'>"
        "</div></div>"
    )
    html = "<html><body><div id='Cnt-Main-Article-QQ'>" + paragraph.format(1) + player + "".join(
        paragraph.format(number) for number in range(2, 6)) + "</div></body></html>"
    article = extract_article(Page(url="https://tech.example/a.htm", html=html), None)
    body = article.body_text or ""
    assert "介绍了一种可以学习使用外部记忆的神经网络5" in body
    for text in ("自动播放", "正在加载"):
        assert text not in body
    assert "https://video.example/poster.jpg" in article.images


def test_a_posts_signature_inside_the_body_is_not_in_the_body() -> None:
    paragraph = "<p>The firmware update finally fixed the random disconnects on my router, after three weeks {}.</p>"
    html = (
        "<html><body><div class='postbody'><div class='content'>"
        + "".join(paragraph.format(number) for number in range(5))
        + "<div class='signature'>Running OpenWrt on everything since 2012 | my blog: example.org</div>"
        + "</div></div></body></html>"
    )
    body = extract_article(Page(url="https://forum.example/t/1", html=html), None).body_text or ""
    assert "finally fixed the random disconnects" in body
    assert "Running OpenWrt" not in body


def test_a_chinese_sentence_starting_with_a_byline_word_stays_in_the_body() -> None:
    """gne-pages/guancha/3 and 163/4: "记者通过电子邮件联系了富士康，…" is the article's last sentence, not a byline."""
    paragraph = "<p>据外媒报道，一家非营利监管机构发布报告称，某手机制造工厂雇佣的派遣工人超过了规定比例{}。</p>"
    html = (
        "<html><body><div class='content all-txt'>"
        + "".join(paragraph.format(number) for number in range(5))
        + "<p>记者通过电子邮件联系了富士康，截至发稿时，尚未收到回应。</p><p>记者 张三</p>"
        + "</div></body></html>"
    )
    body = extract_article(Page(url="https://news.example/3.shtml", html=html), None).body_text or ""
    assert body.endswith("记者通过电子邮件联系了富士康，截至发稿时，尚未收到回应。")
    assert "张三" not in body


# A page a script fills in: the markup holds the headline and an empty container, the article is in the script's
# state (Hankook Ilbo's React Query state in the fundus corpus holds "contentHtml": "\u003cp …").
SCRIPTED_PARAGRAPHS = "".join(
    f'<p class=\\"editor-p\\">Paragraph {n} of the story, long enough to read as prose, with commas, and more.</p>'
    for n in range(8)
).replace("<", "\\u003c").replace(">", "\\u003e")
SCRIPTED_PAGE = (
    "<html><head><title>The headline</title></head><body><h1>The headline</h1><div id='article'></div>"
    '<script>window["__RQ"] = []; window["__RQ"].push({"queries":[{"state":{"data":{"data":{'
    '"title":"The headline","summary":"' + "A short summary of the story. " * 3 + '",'
    '"contentHtml":"\\u003cdiv class=\\"caption\\"\\u003e\\u003cp\\u003eA photo caption. Agency\\u003c/p\\u003e'
    '\\u003c/div\\u003e$$ARTICLEAD$$' + SCRIPTED_PARAGRAPHS + '"}}}}]});</script></body></html>'
)


def test_a_body_only_a_script_s_state_carries_is_read_from_it() -> None:
    article = extract_article(Page(url="https://news.example/article/1", html=SCRIPTED_PAGE), None)
    assert article.body_text is not None
    assert article.body_text.startswith("Paragraph 0 of the story") and "Paragraph 7 of the story" in article.body_text
    assert "$$ARTICLEAD$$" not in article.body_text and "A photo caption" not in article.body_text
    assert article.field_sources["body_html"] == "script-state"


def test_a_body_in_the_markup_is_not_replaced_by_a_script_s_state() -> None:
    markup = "".join(f"<p>Paragraph {n} printed in the page itself, long enough to read as prose, and more.</p>"
                     for n in range(6))
    page = SCRIPTED_PAGE.replace("<div id='article'></div>", f"<div id='article'>{markup}</div>")
    article = extract_article(Page(url="https://news.example/article/1", html=page), None)
    assert article.body_text is not None and article.body_text.startswith("Paragraph 0 printed in the page")
    assert article.field_sources["body_html"] == "heuristic"
