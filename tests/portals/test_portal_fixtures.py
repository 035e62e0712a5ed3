"""Every portal fixture: the recorded page extracted, checked against its expected JSON one field at a time.

A case folder ``fixtures/portals/<portal>/<case>/`` holds ``meta.json`` (the article URL, the listing hints, the
channel it was listed in when not the default) and ``expected.json``; the page bytes come from the replay
recordings by URL, as a replay crawl would see them.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import Headers, TextResponse
from scrapy.responsetypes import responsetypes

from newscrawl.extract.article import article_from_response
from newscrawl.items import Article
from newscrawl.pipelines.normalize_article import normalize_article
from newscrawl.portals import all_portals, portal_named
from newscrawl.recordings import RecordingStore
from tests.conftest import FIXTURES, REPLAY_DIR

CASES = sorted((FIXTURES / "portals").glob("*/*/expected.json"))
# Fields that depend on the moment of extraction, not on the page.
VOLATILE = {"fetched_at"}
FETCHED_AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def _case_id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}"


def _extract(case: Path) -> Article:
    meta = json.loads((case / "meta.json").read_text(encoding="utf-8"))
    # An API portal fetches its articles elsewhere than their public URL ("fetch_url" in meta.json).
    fetched = meta.get("fetch_url", meta["url"])
    recording = RecordingStore(REPLAY_DIR).find("GET", fetched)
    assert recording is not None, f"no recording for {fetched}"
    headers = {name: values for name, values in recording.headers.items()}
    response_class = responsetypes.from_args(headers=Headers(headers), url=recording.url, body=recording.body())
    response = response_class(url=recording.url, body=recording.body(), headers=headers)
    assert isinstance(response, TextResponse)
    hints = {}
    if meta.get("listing_title"):
        hints["title"] = meta["listing_title"]
    if meta.get("listing_time"):
        hints["date_published"] = meta["listing_time"]
    portal = portal_named(case.parent.name)
    article = article_from_response(response, portal, listing_hints=hints, public_url=meta["url"],
                                    fetched_at=FETCHED_AT)
    # As the portal spider files an article: under the category of the channel that listed it.
    article.categories = list(portal.categories_for(meta.get("channel", portal.default_channel)))
    return normalize_article(article)


_extracted: dict[Path, Article] = {}


def _article(case: Path) -> Article:
    if case not in _extracted:
        _extracted[case] = _extract(case)
    return _extracted[case]


def _field_cases() -> list[Any]:
    params = []
    for expected_path in CASES:
        expected = json.loads(expected_path.read_text(encoding="utf-8"))
        if "dropped" in expected:
            continue
        for name, value in expected.items():
            params.append(pytest.param(expected_path.parent, name, value, id=f"{_case_id(expected_path)}:{name}"))
    return params


def test_there_are_portal_fixtures() -> None:
    assert len(CASES) >= 12


@pytest.mark.parametrize("portal", [portal.name for portal in all_portals()])
def test_every_portal_has_at_least_three_article_fixtures(portal: str) -> None:
    good = [path for path in CASES if path.parent.parent.name == portal
            and "dropped" not in json.loads(path.read_text(encoding="utf-8"))]
    assert len(good) >= 3, f"{portal} has {len(good)} article fixtures"


@pytest.mark.parametrize("case", [path.parent for path in CASES], ids=[_case_id(path) for path in CASES])
def test_expected_values_are_not_empty(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    # An empty list is a real expectation for list fields (an article without images); an empty string is not.
    empty = [name for name, value in expected.items()
             if value in ("", [], {}) and name not in ("authors", "tags", "images")]
    assert not empty, f"empty expected values say nothing: {empty}"


@pytest.mark.parametrize(("case", "field", "expected"), _field_cases())
def test_field(case: Path, field: str, expected: Any) -> None:
    assert field not in VOLATILE
    assert getattr(_article(case), field) == expected


@pytest.mark.parametrize(
    "case",
    [path.parent for path in CASES if "dropped" in json.loads(path.read_text(encoding="utf-8"))],
)
def test_broken_page_yields_no_body(case: Path) -> None:
    article = _article(case)
    assert not article.body_html
