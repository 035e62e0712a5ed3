"""``scrapy health <portal>``: fill rates, layouts and drift from one listing page and a few articles, on recorded
pages — healthy, drifted so that only an older layout or only generic extraction still reads them, an empty
listing, a challenge — each with the exit code a cron job acts on."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, REPLAY_DIR, run_scrapy

CASES = FIXTURES / "portals"


def _health(portal: str, replay: Path, archive: Path, *extra: str) -> tuple[int, str]:
    result = run_scrapy("health", portal, "-s", f"NEWSCRAWL_REPLAY_DIR={replay}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", *extra)
    return result.returncode, result.stdout + result.stderr[-3000:]


def _drifted_copy(tmp_path: Path, *changes: tuple[bytes, bytes]) -> Path:
    """The recordings with markup changed on every page (regular expressions), as a site redesign would."""
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    for pattern, replacement in changes:
        changed = 0
        for body in [*replay.rglob("*.body"), *replay.rglob("page*.html")]:
            data = body.read_bytes()
            drifted = re.sub(pattern, replacement, data)
            if drifted != data:
                body.write_bytes(drifted)
                changed += 1
        assert changed, pattern
    return replay


def _feed_of_cases(tmp_path: Path, portal: str, feed_url: str, cases: list[str]) -> Path:
    """A replay whose feed lists these cases' pages (already recorded through the portal cases)."""
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    items = ""
    for name in cases:
        meta = json.loads((CASES / portal / name / "meta.json").read_text(encoding="utf-8"))
        items += f"<item><title>{name}</title><link>{meta['url']}</link></item>"
    feed = replay / "health-feed"
    feed.mkdir()
    (feed / "feed.body").write_text(f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>',
                                    encoding="utf-8")
    recording = {"url": feed_url, "method": "GET", "status": 200, "headers": {"Content-Type": ["application/rss+xml"]},
                 "body_file": "feed.body", "provenance": "test: a feed listing chosen fixture cases"}
    for old in replay.rglob("*.json"):
        data = json.loads(old.read_text(encoding="utf-8"))
        if isinstance(data, dict) and data.get("url") == feed_url and "body_file" in data:
            old.unlink()  # the feed recorded for the portal is replaced by this one
    (feed / "feed.json").write_text(json.dumps(recording), encoding="utf-8")
    return replay


@pytest.fixture(scope="module")
def healthy(tmp_path_factory: pytest.TempPathFactory) -> tuple[int, str, Path]:
    archive = tmp_path_factory.mktemp("health")
    code, output = _health("ofweek", REPLAY_DIR, archive)
    return code, output, archive


def test_a_healthy_portal_exits_zero_and_reports_fill_rates_and_layouts(healthy: tuple[int, str, Path]) -> None:
    code, output, _ = healthy
    assert code == 0, output
    assert "5 article(s)" in output
    assert re.search(r"^body_html\s+100%\s+100%\s+0%$", output, re.MULTILINE), output
    assert "articles per layout: 2022 5 (current: 2022)" in output
    assert "healthy (exit 0)" in output


def test_a_healthy_run_becomes_the_baseline(healthy: tuple[int, str, Path]) -> None:
    _, _, archive = healthy
    baseline = json.loads((archive / "health" / "ofweek.json").read_text(encoding="utf-8"))
    assert baseline["fill_rates"]["title"] == 1.0
    assert baseline["articles"] == 5
    assert baseline["layouts"] == {"2022": 5}


def test_a_baseline_that_cannot_be_saved_fails_the_run_with_one_line(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "health").write_text("not a folder", encoding="utf-8")  # the baseline's folder cannot be made
    code, output = _health("ofweek", REPLAY_DIR, archive)
    assert code == 1, output
    assert "health: the report could not be saved as the baseline" in output
    assert "Traceback" not in output


def test_an_unreadable_baseline_is_refused_with_one_line(tmp_path: Path) -> None:
    baseline = tmp_path / "ofweek.json"
    baseline.write_text("{not json", encoding="utf-8")
    code, output = _health("ofweek", REPLAY_DIR, tmp_path / "archive", "--baseline", str(baseline))
    assert code == 2, output
    assert f"cannot read the baseline {baseline}" in output
    assert "Traceback" not in output


def test_a_byline_selector_that_no_longer_matches_is_drift(tmp_path: Path) -> None:
    replay = _drifted_copy(tmp_path, (rb'class="source-name"', b'class="origin"'))
    code, output = _health("ofweek", replay, tmp_path / "archive")
    assert code == 3, output
    assert "PROBLEM: authors filled on" in output
    assert not (tmp_path / "archive" / "health" / "ofweek.json").exists(), "a drifted run must not become baseline"


def test_drift_is_judged_against_the_last_healthy_report(healthy: tuple[int, str, Path], tmp_path: Path) -> None:
    _, _, archive = healthy
    replay = _drifted_copy(tmp_path, (rb'class="source-name"', b'class="origin"'))
    code, output = _health("ofweek", replay, tmp_path / "other", "--baseline", str(archive / "health" / "ofweek.json"))
    assert code == 3, output


def test_a_rule_that_stopped_matching_while_a_fallback_fills_the_field_is_degraded(tmp_path: Path) -> None:
    # The article time moved and the listing prints none: generic extraction still finds the date in the page,
    # but the layout's own rule finds nothing.
    replay = _drifted_copy(tmp_path, (rb'class="time fl"', b'class="pubtime"'),
                           (rb'<span class="date">[^<]*</span>', b""))
    code, output = _health("ofweek", replay, tmp_path / "archive")
    assert code == 5, output
    assert "DEGRADED: date_published: the current layout's rule matches nothing" in output
    assert "PROBLEM" not in output


def test_pages_only_an_older_layout_reads_are_degraded(tmp_path: Path) -> None:
    # WIRED's feed lists 2019-2020 pages: every field is filled, by the layout of 2019, not the current one.
    replay = _feed_of_cases(tmp_path, "wired", "https://www.wired.com/feed/rss",
                            ["real-2020-burn-planet", "real-2019-rian-johnson"])
    code, output = _health("wired", replay, tmp_path / "archive", "--articles", "2")
    assert code == 5, output
    assert "articles per layout: 2019 2 (current: 2021)" in output
    assert "DEGRADED: the current layout `2021` read 0 of 2 article(s); 2 by the older layout `2019`" in output
    assert re.search(r"^body_html\s+100%\s+0%", output, re.MULTILINE), output


def test_pages_only_generic_extraction_reads_are_degraded(tmp_path: Path) -> None:
    # A redesign no layout knows: every body container renamed, generic extraction still finds the text.
    replay = _drifted_copy(tmp_path, (rb'id="articleC"', b'id="storyBody"'))
    code, output = _health("ofweek", replay, tmp_path / "archive")
    assert code == 5, output
    assert "by generic extraction alone" in output


def test_an_empty_listing_is_broken(tmp_path: Path) -> None:
    replay = _drifted_copy(tmp_path, (rb"con-details", b"card-item"))
    code, output = _health("ofweek", replay, tmp_path / "archive")
    assert code == 3, output
    assert "the listing lists no article" in output


def test_a_challenge_is_reported_as_blocked(tmp_path: Path) -> None:
    # 36kr's first two listed articles answer challenge pages (the WAF and acw_sc__v2).
    code, output = _health("36kr", REPLAY_DIR, tmp_path / "archive", "--articles", "3")
    assert code == 4, output
    assert "BLOCKED: 2 responses were challenge pages" in output
    assert not (tmp_path / "archive" / "health" / "36kr.json").exists()
