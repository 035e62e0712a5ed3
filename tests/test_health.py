"""``scrapy health <portal>``: fill rates from one listing page and a few articles; drift exits non-zero."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import REPLAY_DIR, run_scrapy


def _health(replay: Path, archive: Path, *extra: str) -> tuple[int, str]:
    result = run_scrapy("health", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={replay}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", *extra)
    return result.returncode, result.stdout


def _drifted_copy(tmp_path: Path, *changes: tuple[bytes, bytes]) -> Path:
    """The recordings with markup changed on every page (regular expressions), as a site redesign would."""
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    for pattern, replacement in changes:
        changed = 0
        for body in replay.rglob("*.body"):
            data = body.read_bytes()
            drifted = re.sub(pattern, replacement, data)
            if drifted != data:
                body.write_bytes(drifted)
                changed += 1
        assert changed, pattern
    return replay


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    archive = tmp_path_factory.mktemp("health")
    code, output = _health(REPLAY_DIR, archive)
    return code, output, archive


def test_a_healthy_portal_exits_zero_and_reports_fill_rates(healthy: tuple[int, str, Path]) -> None:
    code, output, _ = healthy
    assert code == 0, output
    assert "5 article(s)" in output
    assert re.search(r"^body_html\s+100%\s+100%$", output, re.MULTILINE)
    assert output.rstrip().endswith("healthy")


def test_a_healthy_run_becomes_the_baseline(healthy: tuple[int, str, Path]) -> None:
    _, _, archive = healthy
    baseline = json.loads((archive / "health" / "ofweek.json").read_text(encoding="utf-8"))
    assert baseline["fill_rates"]["title"] == 1.0
    assert baseline["articles"] == 5


def test_a_byline_selector_that_no_longer_matches_is_drift(tmp_path: Path) -> None:
    replay = _drifted_copy(tmp_path, (rb'class="source-name"', b'class="origin"'))
    code, output = _health(replay, tmp_path / "archive")
    assert code == 3, output
    assert "PROBLEM: authors filled on" in output
    assert "authors: the portal's selectors match nothing" in output
    assert not (tmp_path / "archive" / "health" / "ofweek.json").exists(), "a drifted run must not become baseline"


def test_drift_is_judged_against_the_last_healthy_report(healthy: tuple[int, str, Path], tmp_path: Path) -> None:
    _, _, archive = healthy
    replay = _drifted_copy(tmp_path, (rb'class="source-name"', b'class="origin"'))
    code, output = _health(replay, tmp_path / "other", "--baseline", str(archive / "health" / "ofweek.json"))
    assert code == 3, output


def test_a_fallback_that_still_fills_the_field_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    replay = _drifted_copy(tmp_path, (rb'class="time fl"', b'class="pubtime"'),
                           (rb'<span class="date">[^<]*</span>', b""))
    code, output = _health(replay, tmp_path / "archive")
    assert code == 0, output
    assert "warning: date_published: the portal's selectors match nothing" in output


def test_an_empty_listing_is_unhealthy(tmp_path: Path) -> None:
    replay = _drifted_copy(tmp_path, (rb"con-details", b"card-item"))
    code, output = _health(replay, tmp_path / "archive")
    assert code == 3, output
    assert "the listing lists no article" in output
