"""JSON in and around pages: values at dotted paths, and JSON blobs embedded in HTML (``window.__STATE__ = {…}``)."""

from __future__ import annotations

import json
import re
from typing import Any

_DECODER = json.JSONDecoder()
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d*)\]")


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
                if isinstance(value, dict) and key in value:
                    following.append(value[key])
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
