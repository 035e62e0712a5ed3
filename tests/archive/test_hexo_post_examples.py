"""Real archive posts: parse, render again, get the same bytes and the same repository path."""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

import pytest

from newscrawl.archive.hexo_post import (
    PostFields,
    first_image_src,
    parse_post,
    post_relative_path,
    render_post,
)
from tests.conftest import json_records

EXAMPLES = Path(__file__).resolve().parents[2] / "fixtures" / "hexo" / "examples"


def load_index() -> list[dict[str, Any]]:
    return json_records(EXAMPLES / "INDEX.jsonl")


INDEX = load_index()


def test_examples_cover_several_portals() -> None:
    assert INDEX, "no archive example was copied"
    portals = {entry["file"].split("/")[0] for entry in INDEX}
    assert len(portals) > 1
    assert all((EXAMPLES / entry["file"]).is_file() for entry in INDEX)


@pytest.mark.parametrize("entry", INDEX, ids=[entry["file"] for entry in INDEX])
def test_example_round_trip(entry: dict[str, Any]) -> None:
    original = (EXAMPLES / entry["file"]).read_bytes()
    parsed = parse_post(original.decode("utf-8"))
    assert parsed.date is not None, "selected examples carry an RFC 7231 date"
    assert parsed.author == parsed.categories[1]
    assert parsed.thumbnail == parsed.headimg == first_image_src(parsed.body_html)

    fields = PostFields(
        title=parsed.title,
        categories=parsed.categories,
        author=parsed.categories[1],
        date=parsed.date,
        body_html=parsed.body_html,
    )
    assert render_post(fields).encode("utf-8") == original
    expected_path = PurePosixPath(entry["repo_path"]).relative_to("source/_posts")
    assert post_relative_path(fields) == expected_path
