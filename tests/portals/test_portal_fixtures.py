"""Every portal fixture case: the saved page extracted now, checked against its expected.json one field at a time.

A case folder holds the page bytes as served with their headers (``meta.json`` is the page's recording), what the
case is (``origin``, ``source``, ``seen``, listing hints) and ``expected.json`` with the whole field set
(``newscrawl/portal_cases.py``). Like web-poet's fixtures, a case is rejected when its expected output misses a
field, holds one the Article does not have, or leaves a required field empty.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newscrawl.extract.article import article_layout
from newscrawl.items import Article
from newscrawl.portal_cases import (
    EXPECTED_FIELDS,
    REQUIRED_FIELDS,
    Case,
    all_cases,
    case_output,
    case_response,
)
from newscrawl.portals import all_portals
from tests.conftest import FIXTURES

CASES = all_cases(FIXTURES / "portals")
ARTICLE_CASES = [case for case in CASES if not {"blocked", "dropped"} & set(case.expected)]
_outputs: dict[Path, dict[str, Any]] = {}


def _output(case: Case) -> dict[str, Any]:
    if case.folder not in _outputs:
        _outputs[case.folder] = case_output(case)
    return _outputs[case.folder]


def _field_params() -> list[Any]:
    return [pytest.param(case, name, id=f"{case.name}:{name}") for case in ARTICLE_CASES for name in EXPECTED_FIELDS]


def test_there_are_portal_fixtures() -> None:
    assert len(ARTICLE_CASES) >= 45


@pytest.mark.parametrize("portal", [portal.name for portal in all_portals()])
def test_every_portal_has_at_least_three_article_cases(portal: str) -> None:
    cases = [case for case in ARTICLE_CASES if case.folder.parent.name == portal]
    assert len(cases) >= 3, f"{portal} has {len(cases)} article cases"


@pytest.mark.parametrize("portal", [portal.name for portal in all_portals()])
def test_every_layout_of_every_portal_has_a_case(portal: str) -> None:
    used = {source.removeprefix("layout:") for case in ARTICLE_CASES if case.folder.parent.name == portal
            for source in _output(case)["field_sources"].values() if source.startswith("layout:")}
    declared = {layout.name for layout in next(p for p in all_portals() if p.name == portal).layouts}
    assert declared <= used, f"layouts that no case reads a field with: {sorted(declared - used)}"


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=[case.name for case in ARTICLE_CASES])
def test_expected_holds_exactly_the_article_fields(case: Case) -> None:
    expected = case.expected
    assert not set(EXPECTED_FIELDS) - set(expected), f"missing: {sorted(set(EXPECTED_FIELDS) - set(expected))}"
    assert not set(expected) - set(EXPECTED_FIELDS), f"unexpected: {sorted(set(expected) - set(EXPECTED_FIELDS))}"


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=[case.name for case in ARTICLE_CASES])
def test_required_fields_are_not_empty(case: Case) -> None:
    expected = case.expected
    empty = [name for name in REQUIRED_FIELDS if expected.get(name) in (None, "", [], {})]
    assert not empty, f"empty required fields say nothing: {empty}"


@pytest.mark.parametrize(("case", "field"), _field_params())
def test_field(case: Case, field: str) -> None:
    assert _output(case)[field] == case.expected[field]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_meta_says_what_the_page_is(case: Case) -> None:
    meta = case.meta
    assert meta["origin"] in ("real", "reconstructed")
    assert meta["source"] and meta["provenance"] and meta.get("seen")
    if meta["origin"] == "real":
        assert meta.get("licence"), "a real page names its licence"
    assert (case.folder / meta["body_file"]).is_file()
    if meta.get("layout"):
        assert any(layout.name == meta["layout"] for layout in case.portal.layouts), meta["layout"]


@pytest.mark.parametrize("case", ARTICLE_CASES, ids=[case.name for case in ARTICLE_CASES])
def test_the_case_exercises_the_layout_it_names(case: Case) -> None:
    layout = case.meta.get("layout")
    if layout:
        assert article_layout(Article(url="", field_sources=case.expected["field_sources"])) == layout


@pytest.mark.parametrize("case", [case for case in CASES if case not in ARTICLE_CASES],
                         ids=[case.name for case in CASES if case not in ARTICLE_CASES])
def test_a_page_that_is_no_article_stays_no_article(case: Case) -> None:
    assert _output(case) == case.expected


def test_a_case_rejects_a_missing_an_unexpected_and_an_empty_field(tmp_path: Path) -> None:
    # The checks above, on a broken copy of a real case: each one must fail.
    source = next(case for case in ARTICLE_CASES if case.name == "ofweek/mp-xiaomi-baic-sample")
    broken = dict(source.expected)
    broken.pop("tags")
    broken["headline"] = broken["title"]
    broken["title"] = ""
    folder = tmp_path / "ofweek" / "broken"
    folder.mkdir(parents=True)
    for name in ("meta.json", source.meta["body_file"]):
        (folder / name).write_bytes((source.folder / name).read_bytes())
    (folder / "expected.json").write_text(json.dumps(broken), encoding="utf-8")
    case = Case(folder)
    with pytest.raises(AssertionError, match="missing"):
        test_expected_holds_exactly_the_article_fields(case)
    del broken["headline"]
    broken["tags"] = source.expected["tags"]
    (folder / "expected.json").write_text(json.dumps({**broken, "headline": "x"}), encoding="utf-8")
    with pytest.raises(AssertionError, match="unexpected"):
        test_expected_holds_exactly_the_article_fields(Case(folder))
    (folder / "expected.json").write_text(json.dumps(broken), encoding="utf-8")
    with pytest.raises(AssertionError, match="empty required"):
        test_required_fields_are_not_empty(Case(folder))


def test_the_case_page_is_served_as_recorded() -> None:
    case = next(case for case in CASES if case.name == "ofweek/www-code-braces")
    response = case_response(case.folder)
    assert response.headers.get(b"Content-Type") == b"text/html; charset=GBK"
    assert response.body == (case.folder / "page.html").read_bytes()
