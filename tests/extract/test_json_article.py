"""Articles read from JSON: an API detail response, or a state blob embedded in the article page."""

from __future__ import annotations

import json

from scrapy.http import HtmlResponse, TextResponse

from newscrawl.extract.article import article_from_response
from newscrawl.portal_rules import FROM_LISTING, JsonArticleRules, Portal

API_PORTAL = Portal(
    name="example-api", site_name="Example", site_url="https://example.com/", categories=("新媒体", "Example", "最新"),
    timezone="Asia/Shanghai", hosts=("example.com",),
    article=JsonArticleRules(root="post", title=("title", FROM_LISTING), authors=("authors[].realname",),
                             published=("published_timestamp",), body=("content",), lead_image=("cover_url",),
                             description=("abstract",), tags=("tags[]",)),
)

POST = {"post": {"title": "极客公园", "authors": [{"realname": "张三"}], "published_timestamp": 1661851140,
                 "content": '<p>正文<img data-src="/img/a.jpg"></p><script>x()</script>', "cover_url": "https://c/x.jpg",
                 "abstract": "摘要", "tags": ["AI", "芯片"]}}


def _api_article(data: object, hints: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    response = TextResponse(url="https://api.example.com/posts/42", body=json.dumps(data).encode(),
                            headers={"Content-Type": "application/json"})
    return article_from_response(response, API_PORTAL, listing_hints=hints, public_url="https://example.com/news/42")


def test_api_article_fields_come_from_json_paths() -> None:
    article = _api_article(POST)
    assert article.url == "https://example.com/news/42"
    assert article.canonical_url == "https://example.com/news/42"
    assert article.title == "极客公园"
    assert article.authors == ["张三"]
    assert article.date_published == "2022-08-30T17:19:00+08:00"
    assert article.tags == ["AI", "芯片"]
    assert article.lead_image == "https://c/x.jpg"
    # A portal declared with one set of rules has one layout, named "page".
    assert article.field_sources["title"] == "layout:page"


def test_api_body_html_is_cleaned_against_the_public_url() -> None:
    article = _api_article(POST)
    assert article.body_html == '<p>正文<img src="https://example.com/img/a.jpg" referrerpolicy="no-referrer"></p>'
    assert article.images == ["https://example.com/img/a.jpg"]


def test_missing_json_fields_fall_back_to_listing_values_not_to_generic_guessing() -> None:
    article = _api_article({"post": {"content": "<p>x</p>"}}, {"title": "列表标题"})
    assert article.title == "列表标题"
    assert article.date_published is None


def test_embedded_state_is_read_from_the_article_page() -> None:
    portal = Portal(
        name="example-state", site_name="E", site_url="https://example.com/", categories=("a", "b", "c"),
        timezone="Asia/Shanghai", hosts=("example.com",),
        article=JsonArticleRules(embedded="window.__INITIAL_STATE__=", root="articleDetail.articleDetail",
                                 title=("title",), body=("content",), published=("dateline",)),
    )
    state = {"articleDetail": {"articleDetail": {"title": "虎嗅", "content": "<p>" + "字" * 300 + "</p>",
                                                 "dateline": "1626769500"}}}
    html = f"<html><body><div id=app></div><script>window.__INITIAL_STATE__={json.dumps(state)};</script></body></html>"
    article = article_from_response(HtmlResponse(url="https://example.com/article/1.html", body=html.encode()), portal)
    assert article.url == "https://example.com/article/1.html"
    assert article.title == "虎嗅"
    assert article.body_text == "字" * 300
    assert article.date_published == "2021-07-20T16:25:00+08:00"
