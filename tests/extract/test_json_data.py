"""Values at JSON paths, and JSON embedded in pages."""

from __future__ import annotations

from newscrawl.extract.json_data import embedded_json, first_value_at, values_at

DATA = {"data": {"post": {"title": "T", "authors": [{"realname": "甲"}, {"realname": "乙"}, {"realname": None}],
                          "tags": ["a", "b"], "empty": ""}}}


def test_dotted_paths_walk_keys() -> None:
    assert values_at(DATA, "data.post.title") == ["T"]


def test_list_paths_collect_every_element() -> None:
    assert values_at(DATA, "data.post.authors[].realname") == ["甲", "乙"]
    assert values_at(DATA, "data.post.tags[]") == ["a", "b"]


def test_indexed_paths_pick_one_element() -> None:
    assert values_at(DATA, "data.post.authors[1].realname") == ["乙"]
    assert values_at(DATA, "data.post.authors[9].realname") == []


def test_missing_or_empty_values_give_nothing() -> None:
    assert values_at(DATA, "data.nothing.here") == []
    assert values_at(DATA, "data.post.empty") == []
    assert first_value_at(DATA, "data.post.title.deeper") is None


def test_embedded_state_after_an_assignment() -> None:
    html = '<script>window.__INITIAL_STATE__= {"a": {"b": [1, 2]}};window.x=1</script>'
    assert embedded_json(html, "window.__INITIAL_STATE__") == {"a": {"b": [1, 2]}}


def test_embedded_array_after_a_key() -> None:
    html = '<script>var s = {"x": 1, "itemList":[{"id": 1}, {"id": 2}], "y": 2}</script>'
    assert embedded_json(html, '"itemList":') == [{"id": 1}, {"id": 2}]


def test_javascript_undefined_reads_as_null() -> None:
    html = '<script>window.__STATE__={"a": undefined, "b": [undefined, 1]}</script>'
    assert embedded_json(html, "window.__STATE__") == {"a": None, "b": [None, 1]}


def test_absent_marker_or_broken_json_gives_none() -> None:
    assert embedded_json("<html></html>", "window.__STATE__") is None
    assert embedded_json("<script>window.__STATE__={broken</script>", "window.__STATE__") is None
