"""Disk faults injected into one process at the Python level: no root, no mount, no ``LD_PRELOAD``.

Tests run as root here, where ``chmod`` stops nothing, and as a normal user elsewhere, where mounting a small
file system is not allowed: so the faults are made inside the crawl's own process
(``tests/faults/scrapy_with_disk_faults.py`` installs them from ``NEWSCRAWL_TEST_DISK_FAULT`` before Scrapy
starts). They hold whoever runs the test. Two faults, each for the files under one folder:

``full:<bytes>:<errno name>:<folder>`` — a disk with ``<bytes>`` free. Every byte this process writes into a
file under the folder takes from them, through ``os.write`` and through the file objects ``open``, ``io.open``
and ``os.fdopen`` return (descriptors are told by ``/proc/self/fd``: Linux). A write that does not fit writes what
fits and then fails with the errno (``ENOSPC``; ``EDQUOT`` for a quota, ``EIO`` for a failing device), as the
kernel answers: a short count, then the
error. SQLite writes from C, where Python cannot reach: before each statement on a database under the folder,
its connection gets ``PRAGMA max_page_count`` = the pages it has plus the pages the free bytes hold, so that a
statement growing the database past them fails inside SQLite itself with ``SQLITE_FULL`` ("database or disk is
full"); its growth is then taken from the free bytes. What differs from a real disk: blocks freed by removing or
truncating a file do not come back, and SQLite's WAL file is not counted apart from the database's growth.

``readonly:<errno name>:<folder>`` — a read-only folder (``EROFS``; ``EACCES`` for one the crawl's user may not
write). Opening a file under it for writing or creating one, creating a folder, renaming and removing fail with
the errno; SQLite connections to a database under it are opened read-only (``mode=ro``), so that SQLite itself
refuses writes (``SQLITE_READONLY``, "attempt to write a readonly database") and cannot create a missing one.

Reading is never affected. ``tests/faults/test_archive_faults.py`` also checks the conclusions on real file
systems where the kernel lets a normal user mount one (a user namespace), and the README's figures come from a
real tmpfs.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
import sqlite3
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

ENVIRONMENT_VARIABLE = "NEWSCRAWL_TEST_DISK_FAULT"

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND


class DiskFault:
    """Writes under ``folder`` fail as described by ``kind`` (``full`` or ``readonly``)."""

    def __init__(self, kind: str, folder: Path, free_bytes: int = 0, error: int = errno.ENOSPC) -> None:
        if kind not in ("full", "readonly"):
            raise ValueError(f"unknown disk fault {kind!r}")
        self.kind = kind
        self.folder = os.path.realpath(folder)
        self.free_bytes = free_bytes
        self.error = error
        self.lock = threading.Lock()

    @classmethod
    def parse(cls, text: str) -> DiskFault:
        """``full:<bytes>:<errno name>:<folder>`` or ``readonly:<errno name>:<folder>`` (the folder last: it may
        hold colons)."""
        kind, _, rest = text.partition(":")
        if kind == "full":
            free, name, folder = rest.split(":", 2)
            return cls("full", Path(folder), int(free), getattr(errno, name))
        name, folder = rest.split(":", 1)
        return cls(kind, Path(folder), 0, getattr(errno, name))

    def describe(self) -> str:
        """The fault as ``NEWSCRAWL_TEST_DISK_FAULT`` gives it."""
        name = errno.errorcode[self.error]
        if self.kind == "full":
            return f"full:{self.free_bytes}:{name}:{self.folder}"
        return f"readonly:{name}:{self.folder}"

    def covers(self, path: Any) -> bool:
        if isinstance(path, int):
            return self._descriptor_path(path) is not None
        try:
            real = os.path.realpath(os.fsdecode(path))
        except (TypeError, ValueError):
            return False
        return real == self.folder or real.startswith(self.folder + os.sep)

    def _descriptor_path(self, descriptor: int) -> str | None:
        try:
            path = os.readlink(f"/proc/self/fd/{descriptor}")
        except OSError:
            return None
        return path if path == self.folder or path.startswith(self.folder + os.sep) else None

    def refuse(self, path: Any = None) -> OSError:
        """The error the kernel gives: naming the file when the call names one (not for a write to a descriptor
        or a file object)."""
        if path is None or isinstance(path, int):
            return OSError(self.error, os.strerror(self.error))
        return OSError(self.error, os.strerror(self.error), os.fsdecode(path))

    def take(self, wanted: int) -> int:
        """Bytes of ``wanted`` the disk still takes (``full``); 0 once it is full."""
        with self.lock:
            granted = max(0, min(wanted, self.free_bytes))
            self.free_bytes -= granted
            return granted


class _MeteredFile:
    """A file object under a full folder: writes take from the free bytes."""

    def __init__(self, handle: Any, fault: DiskFault) -> None:
        self._handle = handle
        self._fault = fault

    def write(self, data: Any) -> int:
        size = len(data.encode("utf-8") if isinstance(data, str) else data)
        granted = self._fault.take(size)
        if granted < size:
            if granted:
                part = data[:granted] if not isinstance(data, str) else data.encode("utf-8")[:granted].decode(
                    "utf-8", "ignore")
                self._handle.write(part)
                self._handle.flush()
            raise self._fault.refuse()
        return int(self._handle.write(data))

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def __enter__(self) -> _MeteredFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._handle.close()

    def __iter__(self) -> Any:
        return iter(self._handle)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._handle, name)


def _writes(mode: str) -> bool:
    return any(flag in mode for flag in "wax+")


def install(fault: DiskFault) -> None:
    """Patch this process's file functions (and SQLite's connections) so that ``fault`` holds."""
    real_open = io.open
    real_os_open = os.open
    real_write = os.write
    real_fdopen = os.fdopen
    real_connect = sqlite3.connect

    def fault_open(file: Any, mode: str = "r", *arguments: Any, **options: Any) -> Any:
        if isinstance(file, int) or not _writes(mode) or not fault.covers(file):
            return real_open(file, mode, *arguments, **options)
        if fault.kind == "readonly":
            raise fault.refuse(file)
        return _MeteredFile(real_open(file, mode, *arguments, **options), fault)

    def fault_os_open(path: Any, flags: int, mode: int = 0o777, *, dir_fd: Any = None) -> int:
        if fault.kind == "readonly" and flags & _WRITE_FLAGS and fault.covers(path):
            raise fault.refuse(path)
        return real_os_open(path, flags, mode, dir_fd=dir_fd)

    def fault_write(descriptor: int, data: Any) -> int:
        if fault.kind == "full" and fault.covers(descriptor):
            granted = fault.take(len(data))
            if granted == 0:
                raise fault.refuse()
            return real_write(descriptor, bytes(data[:granted]))
        return real_write(descriptor, data)

    def fault_fdopen(descriptor: int, mode: str = "r", *arguments: Any, **options: Any) -> Any:
        handle = real_fdopen(descriptor, mode, *arguments, **options)
        if fault.kind == "full" and _writes(mode) and fault.covers(descriptor):
            return _MeteredFile(handle, fault)
        return handle

    def fault_connect(database: Any, *arguments: Any, **options: Any) -> sqlite3.Connection:
        path = _database_path(database, options.get("uri", False))
        if path is None or not fault.covers(path):
            return real_connect(database, *arguments, **options)
        if fault.kind == "readonly":
            options["uri"] = True
            return real_connect(f"{Path(path).resolve().as_uri()}?mode=ro", *arguments, **options)
        options["factory"] = _metered_connection(fault)
        return real_connect(database, *arguments, **options)

    def refusing(function: Any, paths: int = 1) -> Any:
        def refuse_under_folder(*arguments: Any, **options: Any) -> Any:
            for path in arguments[:paths]:
                if fault.covers(path):
                    raise fault.refuse(path)
            return function(*arguments, **options)
        return refuse_under_folder

    builtins.open = fault_open
    io.open = fault_open
    os.open = fault_os_open
    os.write = fault_write
    os.fdopen = fault_fdopen  # type: ignore[assignment]
    sqlite3.connect = fault_connect  # type: ignore[assignment]
    if fault.kind == "readonly":
        os.mkdir = refusing(os.mkdir)
        os.rename = refusing(os.rename, 2)
        os.replace = refusing(os.replace, 2)
        os.unlink = refusing(os.unlink)
        os.remove = refusing(os.remove)
        os.rmdir = refusing(os.rmdir)
        os.chmod = refusing(os.chmod)


def _database_path(database: Any, uri: bool) -> str | None:
    text = os.fsdecode(database) if isinstance(database, str | bytes | os.PathLike) else None
    if text is None or text == ":memory:":
        return None
    if uri and text.startswith("file:"):
        return unquote(urlsplit(text).path)
    return text


def _metered_connection(fault: DiskFault) -> type[sqlite3.Connection]:
    class MeteredConnection(sqlite3.Connection):
        """Before each statement, the database may grow only by the pages the free bytes hold; after it, what it
        grew by is taken from them."""

        def _limit(self) -> tuple[int, int]:
            page_size = int(super().execute("PRAGMA page_size").fetchone()[0])
            pages = int(super().execute("PRAGMA page_count").fetchone()[0])
            with fault.lock:
                allowed = pages + fault.free_bytes // page_size
            super().execute(f"PRAGMA max_page_count = {max(allowed, 1)}").fetchone()
            return page_size, pages

        def _charge(self, page_size: int, pages_before: int) -> None:
            grown = int(super().execute("PRAGMA page_count").fetchone()[0]) - pages_before
            if grown > 0:
                fault.take(grown * page_size)

        def execute(self, sql: str, *arguments: Any) -> sqlite3.Cursor:
            page_size, pages = self._limit()
            try:
                return super().execute(sql, *arguments)
            finally:
                self._charge(page_size, pages)

        def executemany(self, sql: str, *arguments: Any) -> sqlite3.Cursor:
            page_size, pages = self._limit()
            try:
                return super().executemany(sql, *arguments)
            finally:
                self._charge(page_size, pages)

        def executescript(self, script: str) -> sqlite3.Cursor:
            page_size, pages = self._limit()
            try:
                return super().executescript(script)
            finally:
                self._charge(page_size, pages)

    return MeteredConnection


def install_from_environment() -> DiskFault | None:
    text = os.environ.get(ENVIRONMENT_VARIABLE)
    if not text:
        return None
    fault = DiskFault.parse(text)
    install(fault)
    return fault
