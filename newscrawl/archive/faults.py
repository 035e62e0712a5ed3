"""Writes the archive could not make: which file, which OS or SQLite error, and whether a repair is needed.

A crawl that cannot write its archive must stop rather than fetch pages it cannot keep, and say so in one line a
person can act on. Every component that writes into the archive (the archive writer, the image store, the run
report) turns what the disk or SQLite raised into an ``ArchiveFault``:

- ``UNWRITABLE``: the disk is full (``ENOSPC``, ``EDQUOT``, SQLite's "database or disk is full"), the folder is
  read-only or not ours (``EROFS``, ``EACCES``, ``EPERM``, "attempt to write a readonly database"), the device
  failed (``EIO``, "disk I/O error"), another process holds the ledger locked. Nothing the archive holds is
  damaged: once the cause is gone, the next run completes the archive.
- ``DAMAGED``: SQLite says the ledger is not a database or is malformed, or a value in it is no longer text.
  ``scrapy archive repair`` rebuilds it from the JSON lines.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from enum import Enum
from pathlib import Path


class FaultKind(Enum):
    UNWRITABLE = "unwritable"
    DAMAGED = "damaged"


#: SQLite's primary result codes that mean the ledger is damaged, not merely out of reach.
_DAMAGED_CODES = frozenset({"SQLITE_CORRUPT", "SQLITE_NOTADB"})
#: SQLite's primary result codes that mean the ledger cannot be written now (full, read-only, I/O, locked).
_UNWRITABLE_CODES = frozenset({"SQLITE_FULL", "SQLITE_READONLY", "SQLITE_IOERR", "SQLITE_BUSY", "SQLITE_LOCKED",
                               "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_NOLFS", "SQLITE_NOMEM"})


class ArchiveFault(Exception):
    """The archive could not be written (or its ledger read): ``path`` and what the OS or SQLite said."""

    def __init__(self, kind: FaultKind, path: Path | str, reason: str) -> None:
        self.kind = kind
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")

    @property
    def finish_reason(self) -> str:
        """The crawl's finish reason when this fault stopped it."""
        return f"archive_{self.kind.value}"

    def advice(self, archive_dir: Path | str) -> str:
        """What to do about it, in a sentence."""
        if self.kind is FaultKind.DAMAGED:
            return f"run `scrapy archive repair {archive_dir}` to rebuild the ledger from the JSON lines"
        return "what was written is whole; fix the cause (space, permissions, the device, a lock) and run again"


def file_fault(error: OSError, path: Path | str | None = None) -> ArchiveFault:
    """The fault for an ``OSError`` of a file write; ``path`` when the error names no file."""
    where = error.filename if error.filename is not None else path
    name = errno.errorcode.get(error.errno or 0)
    reason = f"[Errno {error.errno}] {error.strerror}" if error.strerror else str(error)
    if name:
        reason += f" ({name})"
    return ArchiveFault(FaultKind.UNWRITABLE, Path(where) if where is not None else Path("?"), reason)


def ledger_fault(error: sqlite3.Error, path: Path | str) -> ArchiveFault | None:
    """The fault for a SQLite error of the ledger at ``path``; None for errors that are no fault of the disk or
    the file (a constraint, a programming error: bugs, to be raised as they are)."""
    name = getattr(error, "sqlite_errorname", "") or ""
    primary = _primary_code(name)
    message = str(error)
    if primary in _DAMAGED_CODES or (not name and _reads_as_damage(message)):
        kind = FaultKind.DAMAGED
    elif primary in _UNWRITABLE_CODES or (not name and isinstance(error, sqlite3.OperationalError)):
        kind = FaultKind.UNWRITABLE
    else:
        return None
    return ArchiveFault(kind, path, f"{message} ({name})" if name else message)


def _primary_code(name: str) -> str:
    """``SQLITE_IOERR_WRITE`` -> ``SQLITE_IOERR`` (extended result codes add a suffix to the primary one)."""
    parts = name.split("_")
    return "_".join(parts[:2]) if len(parts) > 2 else name


def _reads_as_damage(message: str) -> bool:
    # Without a SQLite result code: the sqlite3 module's own errors, such as a text value whose bytes are not
    # UTF-8 any more (damage inside a row, which SQLite's quick check does not look at).
    return "malformed" in message or "not a database" in message or "Could not decode" in message


@contextlib.contextmanager
def faults_named(ledger_path: Path | str | None) -> Iterator[None]:
    """Turn what a write of the archive raises into an ``ArchiveFault``: an ``OSError`` names its own file (the
    archive's file functions set ``filename``), a SQLite error names the ledger."""
    try:
        yield
    except ArchiveFault:
        raise
    except OSError as error:
        raise file_fault(error) from error
    except sqlite3.Error as error:
        fault = ledger_fault(error, ledger_path or ":memory:")
        if fault is None:
            raise
        raise fault from error
