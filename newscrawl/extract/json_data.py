"""JSON in and around pages: values at dotted paths, JSON blobs embedded in HTML (``window.__STATE__ = {…}``),
and Nuxt 3 payloads (``<script id="__NUXT_DATA__">``, serialised with devalue)."""

from __future__ import annotations

import json
import re
from typing import Any

_DECODER = json.JSONDecoder()
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d*)\]")
_TEMPLATE_FIELD = re.compile(r"\{([^{}]+)\}")


def values_at(data: Any, path: str) -> list[Any]:
    """Every value at ``path`` in ``data``: ``a.b`` walks keys, ``a[]`` every element of a list, ``a[0]`` one element.

    ``values_at({"authors": [{"name": "A"}, {"name": "B"}]}, "authors[].name") == ["A", "B"]``. Missing keys and
    wrong types give no value rather than an error; null and empty strings are left out.
    """
    current = [data]
    for key, index in _PATH_PART.findall(path):
        following: list[Any] = []
        for value in current:
            if key:
                # ``realname|nickname``: the first of the keys this object has a value for (per object, so each
                # author falls back on their own).
                present = [name for name in key.split("|")
                           if isinstance(value, dict) and value.get(name) not in (None, "")]
                if present:
                    following.append(value[present[0]])
            elif isinstance(value, list):
                if index == "":
                    following.extend(value)
                elif int(index) < len(value):
                    following.append(value[int(index)])
        current = following
    return [value for value in current if value is not None and value != ""]


def first_value_at(data: Any, path: str) -> Any:
    found = values_at(data, path)
    return found[0] if found else None


def rule_values(data: Any, source: str) -> list[Any]:
    """The values of one rule source: a path (``values_at``), or a template over paths whose values are all
    present (``https://cdn.sspai.com/{banner}`` -> one URL, or nothing when the item has no banner)."""
    if "{" not in source:
        return values_at(data, source)
    values = {}
    for path in _TEMPLATE_FIELD.findall(source):
        value = first_value_at(data, path)
        if value is None or isinstance(value, dict | list):
            return []
        values[path] = str(value)
    return [_TEMPLATE_FIELD.sub(lambda match: values[match.group(1)], source)]


def find_object_with_key(data: Any, prefix: str) -> Any:
    """The value under the first key starting with ``prefix`` anywhere in ``data`` (depth first, in order)."""
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            for key, child in value.items():
                if isinstance(key, str) and key.startswith(prefix):
                    return child
            stack.extend(reversed(list(value.values())))
        elif isinstance(value, list):
            stack.extend(reversed(value))
    return None


def embedded_json(html: str, marker: str) -> Any:
    """The JSON value that follows ``marker`` in a page: ``window.__INITIAL_STATE__=`` or ``"itemList":``.

    Skips the ``=``/``:`` and whitespace after the marker, then decodes exactly one JSON value; JavaScript
    ``undefined`` (not JSON) is read as null. Returns None when the marker is absent or the value is not JSON.
    """
    start = html.find(marker)
    while start != -1:
        position = start + len(marker)
        while position < len(html) and html[position] in " \t\r\n=:":
            position += 1
        text = html[position:]
        try:
            value, _ = _DECODER.raw_decode(text)
            return value
        except json.JSONDecodeError:
            try:
                value, _ = _DECODER.raw_decode(_javascript_literals_as_json(text))
                return value
            except json.JSONDecodeError:
                start = html.find(marker, position)
    return None


def _javascript_literals_as_json(text: str) -> str:
    # State blobs written by JavaScript frameworks use ``undefined``, which JSON lacks; only the first
    # megabyte is rewritten, that holds every state blob seen on news portals.
    head = text[: 1 << 20]
    return re.sub(r"(?<=[:\[,])\s*undefined\b", "null", head)


# ------------------------------------------------------------------------------------------- Nuxt payloads

_NUXT_DATA = re.compile(r"<script\b[^>]*\bid=[\"']?__NUXT_DATA__[\"']?[^>]*>(.*?)</script>", re.DOTALL | re.IGNORECASE)
# devalue's negative indexes for values JSON cannot hold.
_DEVALUE_SPECIALS: dict[int, Any] = {-1: None, -2: None, -3: float("nan"), -4: float("inf"), -5: float("-inf"),
                                     -6: 0.0}
# Wrappers Nuxt 3 adds around one value (vue refs and reactive objects) and devalue's own one-value types.
_DEVALUE_WRAPPERS = frozenset({"Reactive", "ShallowReactive", "Ref", "ShallowRef", "EmptyRef", "EmptyShallowRef",
                               "Object", "Island"})


def nuxt_payload(html: str) -> Any:
    """The page's Nuxt 3 payload (``<script id="__NUXT_DATA__">``) with devalue's references resolved; None
    when the page has none or it is not a devalue array."""
    match = _NUXT_DATA.search(html)
    if match is None:
        return None
    try:
        payload = json.loads(match.group(1))
    except ValueError:
        return None
    if not isinstance(payload, list) or not payload:
        return None
    return resolve_devalue(payload)


def resolve_devalue(payload: list[Any]) -> Any:
    """Rebuild the value devalue flattened into ``payload``: every number inside an object or array is the index
    of its value in the payload; an array whose first item is a type name (``["Date", "…"]``,
    ``["ShallowReactive", 1]``, ``["Map", k, v, …]``) is a typed value. Shared values are shared, cycles kept."""
    resolved: dict[int, Any] = {}

    def value_at(index: int) -> Any:
        if index < 0:
            return _DEVALUE_SPECIALS.get(index)
        if index in resolved:
            return resolved[index]
        if index >= len(payload):
            return None
        raw = payload[index]
        if isinstance(raw, dict):
            built: dict[str, Any] = {}
            resolved[index] = built
            for key, child in raw.items():
                built[key] = value_at(child) if isinstance(child, int) and not isinstance(child, bool) else child
            return built
        if isinstance(raw, list):
            if raw and isinstance(raw[0], str):
                return typed(index, raw)
            items: list[Any] = []
            resolved[index] = items
            items.extend(value_at(child) if isinstance(child, int) and not isinstance(child, bool) else child
                         for child in raw)
            return items
        resolved[index] = raw
        return raw

    def typed(index: int, raw: list[Any]) -> Any:
        kind, arguments = raw[0], raw[1:]
        if kind in _DEVALUE_WRAPPERS:
            value = value_at(arguments[0]) if arguments and isinstance(arguments[0], int) else None
        elif kind in ("Date", "RegExp", "BigInt", "URL"):
            value = arguments[0] if arguments else None
        elif kind == "Set":
            value = [value_at(item) for item in arguments if isinstance(item, int)]
        elif kind in ("Map", "null"):
            pairs = list(zip(arguments[::2], arguments[1::2], strict=False))
            if kind == "Map":
                value = {str(value_at(key)): value_at(item) for key, item in pairs}
            else:
                value = {str(key): value_at(item) for key, item in pairs if isinstance(item, int)}
        else:
            value = None
        resolved[index] = value
        return value

    return value_at(0)
