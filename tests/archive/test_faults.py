"""Archive faults named for a person: the file, the OS or SQLite error, unwritable or damaged.

The SQLite errors are real ones, provoked in SQLite itself: a page limit it enforces (``SQLITE_FULL``), a
read-only connection (``SQLITE_READONLY``), a lock held by another connection (``SQLITE_BUSY``), a file size limit
the kernel enforces (``SQLITE_IOERR``), damaged bytes (``SQLITE_CORRUPT``, ``SQLITE_NOTADB``).
"""

from __future__ import annotations

import errno
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newscrawl.archive.faults import ArchiveFault, FaultKind, faults_named, file_fault, ledger_fault
from newscrawl.archive.ledger import Ledger, LedgerEntry, ledger_time
from tests.conftest import PROJECT_ROOT


def _ledger_with_rows(path: Path, rows: int = 200) -> None:
    ledger = Ledger(path)
    with ledger.transaction():
        for number in range(rows):
            ledger.record(LedgerEntry(f"key{number}", f"https://example.com/{number}", f"post{number}.md",
                                      "0" * 64, 1), ledger_time())
    ledger.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()


@pytest.mark.parametrize(("code", "name"), [(errno.ENOSPC, "ENOSPC"), (errno.EDQUOT, "EDQUOT"),
                                            (errno.EROFS, "EROFS"), (errno.EACCES, "EACCES"), (errno.EIO, "EIO")])
def test_an_os_error_names_its_file_and_errno(code: int, name: str) -> None:
    import os

    fault = file_fault(OSError(code, os.strerror(code), "/srv/news/posts/a.md"))
    assert fault.kind is FaultKind.UNWRITABLE
    assert str(fault) == f"/srv/news/posts/a.md: [Errno {code}] {os.strerror(code)} ({name})"
    assert fault.finish_reason == "archive_unwritable"


def test_an_os_error_without_a_file_takes_the_file_being_written() -> None:
    fault = file_fault(OSError(errno.ENOSPC, "No space left on device"), Path("/srv/news/articles.jsonl"))
    assert fault.path == Path("/srv/news/articles.jsonl")


def test_a_full_ledger_is_unwritable(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    _ledger_with_rows(path, rows=1)
    ledger = Ledger(path)
    pages = ledger.connection.execute("PRAGMA page_count").fetchone()[0]
    ledger.connection.execute(f"PRAGMA max_page_count = {pages}")
    with pytest.raises(ArchiveFault) as raised, faults_named(path), ledger.transaction():
        for number in range(500):
            ledger.record(LedgerEntry(f"more{number}", "https://example.com/x", f"more{number}.md", "1" * 64, 1),
                          ledger_time())
    assert raised.value.kind is FaultKind.UNWRITABLE
    assert str(raised.value) == f"{path}: database or disk is full (SQLITE_FULL)"
    assert not ledger.connection.in_transaction  # rolled back, and the rollback hid nothing
    ledger.close()


def test_a_read_only_ledger_is_unwritable_and_verify_finds_it(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    _ledger_with_rows(path, rows=1)
    ledger = Ledger(path)
    ledger.connection.close()
    ledger.connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, isolation_level=None)
    with pytest.raises(ArchiveFault, match="attempt to write a readonly database") as raised, faults_named(path):
        ledger.verify()
    assert raised.value.kind is FaultKind.UNWRITABLE
    ledger.close()


def test_a_ledger_locked_by_another_connection_is_unwritable(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite3"
    _ledger_with_rows(path, rows=1)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    ledger = Ledger(path)
    ledger.connection.execute("PRAGMA busy_timeout = 50")
    with pytest.raises(ArchiveFault, match=r"database is locked \(SQLITE_BUSY\)") as raised, faults_named(path):
        ledger.verify()
    assert raised.value.kind is FaultKind.UNWRITABLE
    holder.execute("ROLLBACK")
    ledger.verify()
    ledger.close()
    holder.close()


def test_a_disk_io_error_is_unwritable(tmp_path: Path) -> None:
    """RLIMIT_FSIZE: the kernel refuses writes past the limit (EFBIG); SQLite reports that as a disk I/O error."""
    path = tmp_path / "ledger.sqlite3"
    _ledger_with_rows(path, rows=1)
    script = textwrap.dedent(f"""
        import resource, sqlite3
        from pathlib import Path
        from newscrawl.archive.faults import ArchiveFault, faults_named
        from newscrawl.archive.ledger import Ledger, LedgerEntry, ledger_time
        path = Path({str(path)!r})
        ledger = Ledger(path)
        resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))
        try:
            with faults_named(path), ledger.transaction():
                for number in range(2000):
                    ledger.record(LedgerEntry(f"more{{number}}", "https://example.com/" + "x" * 200,
                                              f"more{{number}}.md", "1" * 64, 1), ledger_time())
        except ArchiveFault as fault:
            print(fault.kind.value, fault)
    """)
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"unwritable {path}: disk I/O error (SQLITE_IOERR_WRITE)"


@pytest.mark.parametrize(("offset", "message", "code"), [
    (0, "file is not a database", "SQLITE_NOTADB"),  # the header
    (100, "database disk image is malformed", "SQLITE_CORRUPT"),  # the first page's b-tree header
])
def test_a_damaged_ledger_is_damaged(tmp_path: Path, offset: int, message: str, code: str) -> None:
    path = tmp_path / "ledger.sqlite3"
    _ledger_with_rows(path)
    data = bytearray(path.read_bytes())
    data[offset:offset + 15] = b"\xff" * 15
    path.write_bytes(bytes(data))
    with pytest.raises(ArchiveFault) as raised, faults_named(path):
        Ledger(path).verify()
    assert raised.value.kind is FaultKind.DAMAGED
    assert str(raised.value) == f"{path}: {message} ({code})"
    assert raised.value.finish_reason == "archive_damaged"
    assert "scrapy archive repair /srv/news" in raised.value.advice("/srv/news")


def test_damage_inside_a_row_is_damage(tmp_path: Path) -> None:
    """Bytes of a text value overwritten: SQLite's checks see nothing, reading the row fails."""
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (value TEXT)")
    connection.execute("INSERT INTO t VALUES (CAST(x'ff41' AS TEXT))")
    with pytest.raises(sqlite3.OperationalError) as raised:
        connection.execute("SELECT value FROM t").fetchall()
    fault = ledger_fault(raised.value, tmp_path / "ledger.sqlite3")
    assert fault is not None and fault.kind is FaultKind.DAMAGED


def test_a_constraint_is_a_bug_not_a_fault(tmp_path: Path) -> None:
    connection = sqlite3.connect(":memory:")
    connection.execute("CREATE TABLE t (value TEXT UNIQUE)")
    connection.execute("INSERT INTO t VALUES ('a')")
    with pytest.raises(sqlite3.IntegrityError) as raised:
        connection.execute("INSERT INTO t VALUES ('a')")
    assert ledger_fault(raised.value, tmp_path / "ledger.sqlite3") is None
    with pytest.raises(sqlite3.IntegrityError), faults_named(tmp_path / "ledger.sqlite3"):
        connection.execute("INSERT INTO t VALUES ('a')")
