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
