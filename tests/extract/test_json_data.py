"""Values at JSON paths, and JSON embedded in pages."""

from __future__ import annotations

from newscrawl.extract.json_data import (
    embedded_json,
    find_object_with_key,
    first_value_at,
    nuxt_payload,
    resolve_devalue,
    rule_values,
    values_at,
)

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


def test_alternative_keys_fall_back_per_object() -> None:
    authors = {"authors": [{"realname": "甲", "nickname": "a"}, {"realname": "", "nickname": "b"}, {"nickname": "c"}]}
    assert values_at(authors, "authors[].realname|nickname") == ["甲", "b", "c"]


def test_a_template_source_needs_every_value() -> None:
    assert rule_values({"banner": "2022/08/30/x.png"}, "https://cdn.sspai.com/{banner}") == [
        "https://cdn.sspai.com/2022/08/30/x.png"]
    assert rule_values({"banner": ""}, "https://cdn.sspai.com/{banner}") == []
    assert rule_values({"promote_image": "https://c/p.png"}, "promote_image") == ["https://c/p.png"]


def test_the_object_under_a_key_prefix_is_found_anywhere() -> None:
    data = {"data": {"other": 1, "articleDetail-656201": {"articleDetail": {"title": "T"}}}}
    assert find_object_with_key(data, "articleDetail-") == {"articleDetail": {"title": "T"}}
    assert find_object_with_key(data, "missing-") is None


def test_a_devalue_payload_is_resolved_with_its_wrappers_and_shared_values() -> None:
    payload = [["ShallowReactive", 1], {"data": 2, "state": 6, "once": 8, "path": 9},
               ["ShallowReactive", 3], {"articleDetail-1": 4}, {"title": 5, "tags": 10, "same": 5},
               "虎嗅标题", ["Reactive", 7], {}, ["Set"], "/article/1.html", [11, 12], "AI", "商业"]
    resolved = resolve_devalue(payload)
    assert resolved["path"] == "/article/1.html"
    assert resolved["data"]["articleDetail-1"] == {"title": "虎嗅标题", "tags": ["AI", "商业"], "same": "虎嗅标题"}
    assert resolved["state"] == {} and resolved["once"] == []


def test_nuxt_payload_reads_the_script_and_ignores_pages_without_one() -> None:
    html = ('<html><body><script type="application/json" data-ssr="true" id="__NUXT_DATA__">'
            '[{"a":1},"x"]</script></body></html>')
    assert nuxt_payload(html) == {"a": "x"}
    assert nuxt_payload("<html><body>no payload</body></html>") is None
    assert nuxt_payload('<script id="__NUXT_DATA__">not json</script>') is None
