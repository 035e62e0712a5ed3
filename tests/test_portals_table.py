"""PORTALS.md is generated from the portal registry and must be current."""

from __future__ import annotations

from newscrawl.commands.portals import render_portals_table
from newscrawl.portals import all_portals
from tests.conftest import FIXTURES, PROJECT_ROOT, run_scrapy


def test_portals_md_is_current() -> None:
    current = (PROJECT_ROOT / "PORTALS.md").read_text(encoding="utf-8")
    assert current == render_portals_table(FIXTURES / "portals"), "PORTALS.md is stale: run `scrapy portals --write`"


def test_the_table_names_every_portal_and_its_fixture_count() -> None:
    table = render_portals_table(FIXTURES / "portals")
    for portal in all_portals():
        assert f"| `{portal.name}` |" in table


def test_the_command_prints_the_table() -> None:
    result = run_scrapy("portals")
    assert result.returncode == 0, result.stderr
    assert result.stdout == render_portals_table(FIXTURES / "portals")


def test_every_portal_answers_the_evidence_in_the_table() -> None:
    table = render_portals_table(FIXTURES / "portals")
    for portal in all_portals():
        assert portal.evidence, f"{portal.name} says nothing about the evidence"
        assert f"### `{portal.name}` — {portal.site_name}" in table
        for point in portal.evidence:
            assert f"- {point}" in table


def test_every_layout_is_listed_with_the_months_it_was_seen() -> None:
    table = render_portals_table(FIXTURES / "portals")
    for portal in all_portals():
        for layout in portal.layouts:
            assert layout.seen, f"{portal.name}/{layout.name} says not when it was seen"
            assert f"| `{portal.name}` | `{layout.name}` | {layout.seen} |" in table
