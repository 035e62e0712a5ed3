"""Crash-safe writes: atomic replace and whole JSON lines."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newscrawl.archive.files import (
    HOST_TAG,
    STALE_TEMPORARY_SECONDS,
    JsonLinesAppender,
    remove_stale_temporary_files,
    rename_into_place,
    repair_partial_last_line,
    write_file_atomically,
    write_temporary_files,
)
from tests.conftest import json_records


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
    assert [record["url"] for record in json_records(path)] == ["a", "b", "d"]


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


def _leftover(folder: Path, age_seconds: float) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / ".newscrawl-abc123.tmp"
    path.write_bytes(b"\n---\ntitle: 'half")
    moment = time.time() - age_seconds
    os.utime(path, (moment, moment))
    return path


def test_an_old_temporary_file_is_removed(tmp_path: Path) -> None:
    leftover = _leftover(tmp_path / "a" / "b", STALE_TEMPORARY_SECONDS + 60)
    post = tmp_path / "a" / "post.md"
    post.write_bytes(b"kept")
    assert remove_stale_temporary_files(tmp_path) == [leftover]
    assert not leftover.exists()
    assert post.read_bytes() == b"kept"


def test_a_fresh_temporary_file_may_be_another_runs_write_and_stays(tmp_path: Path) -> None:
    leftover = _leftover(tmp_path, 5)
    assert remove_stale_temporary_files(tmp_path) == []
    assert leftover.exists()


def test_only_newscrawl_temporary_files_are_removed(tmp_path: Path) -> None:
    other = tmp_path / "notes.tmp"
    other.write_bytes(b"x")
    os.utime(other, (0, 0))
    assert remove_stale_temporary_files(tmp_path) == []
    assert remove_stale_temporary_files(tmp_path / "missing") == []
    assert other.exists()


_APPEND_HALF_A_LINE_AND_WAIT = """
import fcntl, os, sys, time
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_APPEND)
fcntl.flock(descriptor, fcntl.LOCK_EX)
os.write(descriptor, b'{"url": "b", "ti')
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
os.write(descriptor, b'tle": "x"}\\n')
fcntl.flock(descriptor, fcntl.LOCK_UN)
"""


def test_opening_never_cuts_the_line_a_live_run_is_appending(tmp_path: Path) -> None:
    """Two crawls sharing an archive: the second one's repair waits for the first one's append to finish."""
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "a"}\n')
    writer = subprocess.Popen([sys.executable, "-c", _APPEND_HALF_A_LINE_AND_WAIT, str(path), "0.5"],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "locked\n"
    appender = JsonLinesAppender(path)  # blocks until the other process has written its whole line
    appender.append({"url": "c"})
    appender.close()
    assert writer.wait(timeout=10) == 0
    assert [record["url"] for record in json_records(path)] == ["a", "b", "c"]


def test_a_line_whose_writer_was_killed_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    path.write_bytes(b'{"url": "a"}\n')
    writer = subprocess.Popen([sys.executable, "-c", _APPEND_HALF_A_LINE_AND_WAIT, str(path), "60"],
                              stdout=subprocess.PIPE, text=True)
    assert writer.stdout is not None and writer.stdout.readline() == "locked\n"
    writer.kill()
    writer.wait(timeout=10)
    JsonLinesAppender(path).close()
    assert path.read_bytes() == b'{"url": "a"}\n'


def _temporary_of(folder: Path, pid: int, host: str = HOST_TAG) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f".newscrawl-{host}-{pid}-x1y2z3.tmp"
    path.write_bytes(b"\n---\ntitle: 'half")
    return path


def _exited_process_id() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait(timeout=30)
    return process.pid


def test_a_temporary_file_names_its_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    names = []
    real_replace = os.replace

    def spy(source: str, target: str) -> None:
        names.append(Path(source).name)
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", spy)
    write_file_atomically(tmp_path / "post.md", b"x")
    assert names[0].startswith(f".newscrawl-{HOST_TAG}-{os.getpid()}-") and names[0].endswith(".tmp")


def test_a_fresh_temporary_file_of_a_process_that_is_gone_is_removed_at_once(tmp_path: Path) -> None:
    leftover = _temporary_of(tmp_path / "a", _exited_process_id())
    assert remove_stale_temporary_files(tmp_path) == [leftover]


def test_a_temporary_file_of_a_live_process_or_of_another_machine_stays_while_fresh(tmp_path: Path) -> None:
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        kept = [_temporary_of(tmp_path, live.pid), _temporary_of(tmp_path, os.getpid()),
                _temporary_of(tmp_path, _exited_process_id(), host="0therh05")]
        assert remove_stale_temporary_files(tmp_path) == []
        assert all(path.exists() for path in kept)
    finally:
        live.kill()
        live.wait(timeout=10)


def test_append_tells_where_its_line_ends_and_lines_are_read_back_from_an_offset(tmp_path: Path) -> None:
    appender = JsonLinesAppender(tmp_path / "articles.jsonl")
    first = appender.append({"url": "a"})
    second = appender.append({"url": "b", "title": "三人成虎"})
    assert (first, second, appender.size()) == (12, (tmp_path / "articles.jsonl").stat().st_size, second)
    assert list(appender.records_after(0)) == [(first, {"url": "a"}), (second, {"url": "b", "title": "三人成虎"})]
    assert list(appender.records_after(first)) == [(second, {"url": "b", "title": "三人成虎"})]
    assert list(appender.records_after(second)) == []
    appender.close()


def test_files_written_together_are_each_replaced_and_a_path_given_twice_ends_with_its_last_data(
        tmp_path: Path) -> None:
    first, second = tmp_path / "a" / "1.md", tmp_path / "b" / "2.md"
    write_file_atomically(first, b"old")
    temporaries = write_temporary_files([(first, b"new"), (second, b"two"), (first, b"newer")])
    assert first.read_bytes() == b"old"  # nothing replaced before the renames
    rename_into_place(temporaries)
    assert (first.read_bytes(), second.read_bytes()) == (b"newer", b"two")
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["1.md", "2.md", "a", "b"]


def test_temporary_files_are_gone_when_one_cannot_be_written(tmp_path: Path) -> None:
    kept = tmp_path / "kept.md"
    write_file_atomically(kept, b"old")
    blocker = tmp_path / "not-a-folder"
    blocker.write_bytes(b"")
    with pytest.raises(OSError):
        write_temporary_files([(kept, b"new"), (blocker / "post.md", b"x")])
    assert kept.read_bytes() == b"old"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["kept.md", "not-a-folder"]


def test_lines_appended_together_are_one_write_ending_where_told(tmp_path: Path) -> None:
    appender = JsonLinesAppender(tmp_path / "articles.jsonl")
    first = appender.append({"url": "a"})
    end = appender.append_many([{"url": "b"}, {"url": "c", "title": "三人成虎"}])
    assert end == appender.size()
    assert [record for _, record in appender.records_after(first)] == [{"url": "b"}, {"url": "c", "title": "三人成虎"}]
    assert appender.append_many([]) == end
    appender.close()


def test_lines_the_disk_took_only_part_of_are_cut_back_to_whole_lines(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A full disk: the kernel writes what fits (a short count), then refuses with ENOSPC."""
    import errno

    path = tmp_path / "articles.jsonl"
    appender = JsonLinesAppender(path)
    appender.append({"url": "https://example.com/first"})
    whole = path.read_bytes()
    real_write = os.write
    room = [25]

    def full_disk(descriptor: int, data: bytes) -> int:
        if room[0] == 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        written = real_write(descriptor, data[: room[0]])
        room[0] -= written
        return written

    monkeypatch.setattr("newscrawl.archive.files.os.write", full_disk)
    with pytest.raises(OSError) as raised:
        appender.append_many([{"url": "https://example.com/second"}, {"url": "https://example.com/third"}])
    monkeypatch.undo()
    assert (raised.value.errno, raised.value.filename) == (errno.ENOSPC, str(path))
    assert path.read_bytes() == whole
    assert appender.append({"url": "https://example.com/second"}) == path.stat().st_size
    appender.close()


def test_a_post_write_that_fails_names_the_post_not_its_temporary_file(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    def failing_fsync(descriptor: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr("newscrawl.archive.files.os.fsync", failing_fsync)
    target = tmp_path / "posts" / "a.md"
    with pytest.raises(OSError) as raised:
        write_file_atomically(target, b"post")
    assert (raised.value.errno, raised.value.filename) == (errno.EIO, str(target))
    assert list((tmp_path / "posts").iterdir()) == []
