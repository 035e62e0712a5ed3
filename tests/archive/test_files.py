"""Crash-safe writes: atomic replace and whole JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

from newscrawl.archive.files import JsonLinesAppender, repair_partial_last_line, write_file_atomically


def test_atomic_write_replaces_content_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "a" / "post.md"
    write_file_atomically(target, b"first")
    write_file_atomically(target, b"second")
    assert target.read_bytes() == b"second"
    assert [path.name for path in target.parent.iterdir()] == ["post.md"]


def test_partial_last_line_from_a_killed_run_is_cut_at_open(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "a"}\n{"url": "b"}\n{"url": "c", "ti')
    appender = JsonLinesAppender(path)
    appender.append({"url": "d"})
    appender.close()
    lines = path.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["url"] for line in lines] == ["a", "b", "d"]


def test_repair_leaves_a_whole_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "a"}\n')
    assert repair_partial_last_line(path) is False
    assert path.read_bytes() == b'{"url": "a"}\n'


def test_repair_of_a_single_partial_line_empties_the_file(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "a"')
    assert repair_partial_last_line(path) is True
    assert path.read_bytes() == b""


def test_appended_lines_keep_chinese_readable(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    appender = JsonLinesAppender(path)
    appender.append({"title": "三人成虎"})
    appender.close()
    assert "三人成虎" in path.read_text(encoding="utf-8")
