"""Incremental runs over a replay copy: an edited recording gives exactly one rewritten post and one new version."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from tests.conftest import REPLAY_DIR, run_scrapy

# www-code-braces: the only recording holding this text, inside its body's <code>.
EDITED_RECORDING = "portal-cases/ofweek/www-code-braces/page.html"


def _crawl(archive: Path, replay: Path) -> dict[str, Any]:
    result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={replay}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}")
    assert result.returncode == 0, result.stderr[-3000:]
    reports = sorted((archive / "runs").glob("*.json"))
    return json.loads(reports[-1].read_text(encoding="utf-8"))


def _posts(archive: Path) -> dict[str, tuple[bytes, int]]:
    return {path.relative_to(archive).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
            for path in (archive / "posts").rglob("*.md")}


def test_an_edited_article_is_rewritten_in_place_and_recorded_once_more(tmp_path: Path) -> None:
    replay = tmp_path / "replay"
    shutil.copytree(REPLAY_DIR, replay)
    archive = tmp_path / "archive"
    first = _crawl(archive, replay)
    assert first["articles"] == {"new": 12, "updated": 0, "unchanged": 0}
    posts_before = _posts(archive)
    lines_before = (archive / "articles.jsonl").read_bytes().splitlines()

    recording = replay / EDITED_RECORDING
    original = recording.read_bytes()
    assert original.count(b"return 0; }") == 1
    recording.write_bytes(original.replace(b"return 0; }", b"return 42; }"))
    second = _crawl(archive, replay)

    assert second["articles"] == {"new": 0, "updated": 1, "unchanged": 11}
    assert second["exit_status"] == 0
    posts_after = _posts(archive)
    assert posts_after.keys() == posts_before.keys()
    changed = [path for path in posts_after if posts_after[path] != posts_before[path]]
    assert len(changed) == 1
    assert b"return 42; &#125;" in posts_after[changed[0]][0]
    lines_after = (archive / "articles.jsonl").read_bytes().splitlines()
    assert lines_after[:-1] == lines_before
    new_version = json.loads(lines_after[-1])
    assert "return 42; }" in new_version["body_html"]
    assert new_version["url"] == "https://www.ofweek.com/iot/2022-08/ART-132209-8420-30572755.html"
