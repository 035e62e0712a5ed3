"""``scrapy portals capture``: a saved page (or a URL, answered here by the replay) becomes a fixture case whose
output is printed for review; ``--refresh`` extracts a case again and says what changed."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from newscrawl.portal_cases import EXPECTED_FIELDS, Case, case_output
from tests.conftest import FIXTURES, REPLAY_DIR, run_scrapy

SOURCE = FIXTURES / "portals" / "wired" / "real-2020-burn-planet"
URL = "https://www.wired.com/story/ai-great-things-burn-planet/"


def test_a_saved_page_becomes_a_case_with_its_output_printed(tmp_path: Path) -> None:
    result = run_scrapy("portals", "capture", "wired", "burn", "--fixtures", str(tmp_path),
                        "--from-file", str(SOURCE / "page.html"), "--url", URL, "--origin", "real",
                        "--source", "a test copy", "--licence", "Apache-2.0", "--seen", "2020-01",
                        "--listing-title", "Listed title")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "wired" / "burn"
    printed = json.loads(result.stdout)
    assert json.loads((folder / "expected.json").read_text(encoding="utf-8")) == printed
    assert set(printed) == set(EXPECTED_FIELDS)
    assert printed["title"] == "AI Can Do Great Things—if It Doesn't Burn the Planet"  # the page's, not the listing's
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert (meta["url"], meta["body_file"], meta["origin"], meta["seen"]) == (URL, "page.html", "real", "2020-01")
    assert meta["listing"] == {"title": "Listed title"}
    assert (folder / "page.html").read_bytes() == (SOURCE / "page.html").read_bytes()
    assert case_output(Case(folder)) == printed


def test_an_existing_case_is_not_overwritten(tmp_path: Path) -> None:
    shutil.copytree(SOURCE, tmp_path / "wired" / "burn")
    result = run_scrapy("portals", "capture", "wired", "burn", "--fixtures", str(tmp_path),
                        "--from-file", str(SOURCE / "page.html"), "--url", URL)
    assert result.returncode == 2 and "exists" in result.stderr


def test_refresh_prints_the_fields_that_changed_and_rewrites_the_expected_output(tmp_path: Path) -> None:
    folder = tmp_path / "wired" / "burn"
    shutil.copytree(SOURCE, folder)
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    (folder / "expected.json").write_text(json.dumps({**expected, "title": "an older title"}), encoding="utf-8")
    result = run_scrapy("portals", "capture", "wired", "burn", "--fixtures", str(tmp_path), "--refresh")
    assert result.returncode == 0, result.stderr
    assert '  was "an older title"' in result.stdout
    assert "1 field(s) changed" in result.stderr
    assert json.loads((folder / "expected.json").read_text(encoding="utf-8")) == expected


def test_a_url_is_fetched_through_the_project_and_captured(tmp_path: Path) -> None:
    # No internet here: the replay answers the URL, as a live site would.
    url = "https://www.cnbeta.com.tw/articles/tech/1183447.htm"
    result = run_scrapy("portals", "capture", "cnbeta", "fetched", "--fixtures", str(tmp_path),
                        "--from-url", url, "--origin", "reconstructed", "--source", "the replay",
                        "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}")
    assert result.returncode == 0, result.stderr[-3000:]
    printed = json.loads(result.stdout)
    assert printed["url"] == url and printed["portal"] == "cnbeta" and printed["authors"] == ["cnBeta.COM"]
    meta = json.loads((tmp_path / "cnbeta" / "fetched" / "meta.json").read_text(encoding="utf-8"))
    assert meta["headers"] == {"Content-Type": ["text/html; charset=UTF-8"]}  # as the site (the replay) sent it
    assert meta["seen"]  # the month it was fetched


def test_refreshing_every_case_of_a_portal_leaves_current_cases_unchanged(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "portals" / "wired", tmp_path / "wired")
    result = run_scrapy("portals", "capture", "wired", "--fixtures", str(tmp_path), "--refresh")
    assert result.returncode == 0, result.stderr
    cases = sorted(path.parent.name for path in (tmp_path / "wired").glob("*/meta.json"))
    assert result.stderr.count(" 0 field(s) changed") == len(cases) >= 10
