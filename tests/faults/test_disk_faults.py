"""The disk-fault injector does what ``tests/faults/disk_faults.py`` says, and nothing outside its folder.

Installed in a child process (it patches the process's file functions for good).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def _run(script: str, fault: str) -> list[str]:
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(script)], cwd=PROJECT_ROOT, capture_output=True,
                            text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "NEWSCRAWL_TEST_DISK_FAULT": fault})
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_full_disk_takes_what_fits_then_refuses(tmp_path: Path) -> None:
    full = tmp_path / "full"
    full.mkdir()
    outcomes = _run(f"""
        import os, sqlite3
        from tests.faults.disk_faults import install_from_environment
        install_from_environment()
        def attempt(name, call):
            try:
                print(name, call())
            except OSError as error:
                print(name, "errno", error.errno, error.filename)
            except sqlite3.Error as error:
                print(name, "sqlite", error.sqlite_errorname)
        descriptor = os.open({str(full / "lines")!r}, os.O_WRONLY | os.O_CREAT)
        attempt("os.write", lambda: os.write(descriptor, b"x" * 600))
        attempt("os.write", lambda: os.write(descriptor, b"x" * 600))
        attempt("os.write", lambda: os.write(descriptor, b"x"))
        attempt("outside", lambda: open({str(tmp_path / "other")!r}, "wb").write(b"y" * 5000))
        attempt("open", lambda: open({str(full / "post")!r}, "wb").write(b"y"))
        connection = sqlite3.connect({str(full / "db.sqlite3")!r})
        attempt("sqlite", lambda: connection.execute("CREATE TABLE t (x)"))
        print("sizes", os.path.getsize({str(full / "lines")!r}), os.path.getsize({str(tmp_path / "other")!r}))
    """, f"full:1000:EDQUOT:{full}")
    assert outcomes == [
        "os.write 600",
        "os.write 400",  # a short count: what fitted
        "os.write errno 122 None",  # then the error, naming no file (as the kernel's)
        "outside 5000",  # other folders are not on that disk
        "open errno 122 None",
        "sqlite sqlite SQLITE_FULL",  # a table's first page does not fit: SQLite itself says so
        "sizes 1000 5000",
    ]
    assert (full / "post").read_bytes() == b""


def test_a_read_only_folder_refuses_every_write(tmp_path: Path) -> None:
    folder = tmp_path / "readonly"
    folder.mkdir()
    (folder / "existing").write_bytes(b"kept")
    import sqlite3

    sqlite3.connect(folder / "db.sqlite3").execute("CREATE TABLE t (x)")
    outcomes = _run(f"""
        import os, sqlite3, tempfile
        from pathlib import Path
        from tests.faults.disk_faults import install_from_environment
        install_from_environment()
        folder = Path({str(folder)!r})
        def attempt(name, call):
            try:
                call()
                print(name, "done")
            except OSError as error:
                print(name, "errno", error.errno)
            except sqlite3.Error as error:
                print(name, "sqlite", error.sqlite_errorname)
        attempt("read", lambda: (folder / "existing").read_bytes())
        attempt("mkstemp", lambda: tempfile.mkstemp(dir=folder))
        attempt("mkdir", lambda: (folder / "sub").mkdir())
        attempt("open", lambda: open(folder / "existing", "ab"))
        attempt("replace", lambda: os.replace(folder / "existing", folder / "moved"))
        attempt("unlink", lambda: (folder / "existing").unlink())
        attempt("sqlite read", lambda: sqlite3.connect(folder / "db.sqlite3").execute("SELECT * FROM t").fetchall())
        attempt("sqlite write", lambda: sqlite3.connect(folder / "db.sqlite3").execute("INSERT INTO t VALUES (1)"))
        attempt("outside", lambda: open({str(tmp_path / "other")!r}, "wb").write(b"y"))
    """, f"readonly:EROFS:{folder}")
    assert outcomes == ["read done", "mkstemp errno 30", "mkdir errno 30", "open errno 30", "replace errno 30",
                        "unlink errno 30", "sqlite read done", "sqlite write sqlite SQLITE_READONLY", "outside done"]
    assert (folder / "existing").read_bytes() == b"kept"
