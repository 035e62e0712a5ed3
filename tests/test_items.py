"""The Article record's dict form: what the JSON lines hold."""

from __future__ import annotations

import dataclasses
import json

from newscrawl.items import Article


def _article() -> Article:
    return Article(
        url="https://www.ofweek.com/a/1.html", title="标题", authors=["甲", "乙"], categories=["新媒体", "x", "y"],
        date_published="2022-08-30T17:19:00+08:00", body_html="<p>正文</p>", images=["https://a/1.png"],
        field_sources={"title": "selector"}, image_files=[{"url": "https://a/1.png", "path": "images/ab/1.png",
                                                           "sha256": "ab"}], body_sanitized=True,
    )


def test_to_dict_holds_every_field_in_declaration_order_as_asdict_did() -> None:
    article = _article()
    record = article.to_dict()
    assert list(record) == [item_field.name for item_field in dataclasses.fields(Article)]
    assert json.dumps(record, ensure_ascii=False) == json.dumps(dataclasses.asdict(article), ensure_ascii=False)


def test_to_dict_round_trips_through_from_dict() -> None:
    article = _article()
    assert Article.from_dict(json.loads(json.dumps(article.to_dict()))) == article
