"""File writes that a crash cannot leave half done: temporary name, fsync, rename; whole JSON lines only.

Every file gets the mode the process's umask gives a new file (``0644`` under ``022``, ``0640`` under ``027``), a
rewritten one too: a Hexo build or a web server running as another user reads what the archive writes.
A failed write raises the ``OSError`` with ``filename`` set to the file it was writing, so that whoever reports
it can name the file (``os.write`` and file objects leave it empty).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from newscrawl.json_lines import read_json_lines

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no advisory locks; a single writer per archive is assumed
    fcntl = None  # type: ignore[assignment]

logger = logging.getLogger(__name__)

#: Temporary files are ``.newscrawl-<host tag>-<pid>-<random>.tmp`` beside their target: hidden, so neither Hexo
#: nor a ``*.md`` glob ever takes one for a post; named after their writer, so that the next run can tell the
#: leftovers of a killed process from another live run's write in progress.
TEMPORARY_PREFIX = ".newscrawl-"
TEMPORARY_SUFFIX = ".tmp"
#: A temporary file younger than this may belong to a run still writing into the same folder (several portals
#: feeding one Hexo site, Scrapyd running jobs side by side) on another machine sharing the folder; a write lasts
#: milliseconds, so an older one was left by a killed run. A file of a process of this machine that is gone is
#: stale at once.
STALE_TEMPORARY_SECONDS = 600
#: Tells this machine's temporary files from those of other machines writing into a shared folder.
HOST_TAG = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]


#: The mode asked for when a file is created; the umask takes its share, as for any tool's new file.
_CREATION_MODE = 0o666
_umask_lock = threading.Lock()
_umask: int | None = None


def process_umask() -> int:
    """The process's umask, read once. Linux shows it in ``/proc/self/status``; elsewhere it can only be read by
    setting it, which would give files created meanwhile by other threads the wrong mode, so that is done once,
    under a lock, the first time a file is written (before the archive's writer thread writes anything)."""
    global _umask
    with _umask_lock:
        if _umask is None:
            _umask = _umask_from_proc()
            if _umask is None:
                _umask = os.umask(0o022)
                os.umask(_umask)
        return _umask


def _umask_from_proc() -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii", errors="replace") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        return None
    return None


def new_file_mode() -> int:
    """The mode a new file gets from the process's umask: ``0644`` under ``022``, ``0640`` under ``027``."""
    return _CREATION_MODE & ~process_umask()


def named(error: OSError, path: Path | str) -> OSError:
    """``error`` naming ``path`` if it names no file yet (``os.write`` and file objects set no ``filename``)."""
    if error.filename is None:
        error.filename = str(path)
    return error


def write_file_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data``: readers see the old or the new file, never a part of one."""
    rename_into_place(write_temporary_files([(path, data)]))


#: Files written under temporary names beside their targets: (temporary name, target).
TemporaryFiles = list[tuple[str, Path]]


def write_temporary_files(files: Sequence[tuple[Path, bytes]]) -> TemporaryFiles:
    """Write each data to a temporary file beside its path and fsync it; nothing is replaced yet
    (``rename_into_place`` does it, ``discard`` gives up). If it raises, the temporary files are gone."""
    temporaries: TemporaryFiles = []
    mode = new_file_mode()
    try:
        for path, data in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            try:
                descriptor, temporary = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{HOST_TAG}-{os.getpid()}-",
                                                         suffix=TEMPORARY_SUFFIX, dir=path.parent)
                temporaries.append((temporary, path))
                # mkstemp creates 0600 whatever the umask; the rename keeps the temporary file's mode.
                os.fchmod(descriptor, mode)
                with os.fdopen(descriptor, "wb") as handle:
                    handle.write(data)
                    handle.flush()
                    os.fsync(handle.fileno())
            except OSError as error:
                # Named after the file being written, not its temporary name.
                error.filename = str(path)
                raise
    except BaseException:
        discard(temporaries)
        raise
    return temporaries


def rename_into_place(temporaries: TemporaryFiles) -> None:
    """Rename each temporary file over its target, in order, then fsync each folder once. If it raises, the
    temporary files not renamed yet are gone."""
    renamed = 0
    try:
        for temporary, path in temporaries:
            os.replace(temporary, path)
            renamed += 1
    except BaseException:
        discard(temporaries[renamed:])
        raise
    for folder in dict.fromkeys(path.parent for _, path in temporaries):
        try:
            fsync_directory(folder)
        except OSError as error:
            raise named(error, folder) from None


def discard(temporaries: TemporaryFiles) -> None:
    """Remove temporary files given up on. Runs while another error is raised: a file that cannot be removed too
    (a read-only folder) is left for the next run's ``remove_stale_temporary_files`` rather than hiding that
    error."""
    for temporary, _ in temporaries:
        with contextlib.suppress(OSError):
            Path(temporary).unlink(missing_ok=True)


def probe_writable(folder: Path) -> None:
    """Create and remove a temporary file in ``folder`` (created if missing): raises the ``OSError`` a write there
    would meet (read-only file system, permissions), before anything is fetched."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=f"{TEMPORARY_PREFIX}{HOST_TAG}-{os.getpid()}-",
                                                 suffix=TEMPORARY_SUFFIX, dir=folder)
    except OSError as error:
        raise named(error, folder) from None
    os.close(descriptor)
    try:
        os.unlink(temporary)
    except OSError as error:
        raise named(error, temporary) from None


def remove_stale_temporary_files(folder: Path, older_than_seconds: float = STALE_TEMPORARY_SECONDS) -> list[Path]:
    """Delete the temporary files killed runs left under ``folder`` (recursively); return what was deleted.

    Only files named like ``write_file_atomically``'s temporaries are touched, and only when their writer is
    gone: a process of this machine that no longer runs, or (another machine's, or an older newscrawl's file
    naming no writer) last modified more than ``older_than_seconds`` ago. Anything else may be another run's
    write in progress.
    """
    if not folder.is_dir():
        return []
    deadline = time.time() - older_than_seconds
    removed = []
    for path in folder.rglob(f"{TEMPORARY_PREFIX}*{TEMPORARY_SUFFIX}"):
        try:
            if path.is_file() and (_writer_is_gone(path.name) or path.stat().st_mtime < deadline):
                path.unlink()
                removed.append(path)
        except FileNotFoundError:
            continue  # another run renamed or removed it meanwhile
    return removed


def _writer_is_gone(name: str) -> bool:
    """True when ``name`` is a temporary file of a process of this machine that has exited."""
    host, _, rest = name[len(TEMPORARY_PREFIX):].partition("-")
    pid, _, _ = rest.partition("-")
    if host != HOST_TAG or not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False  # alive, another user's
    return False


def fsync_directory(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextlib.contextmanager
def exclusive_lock(descriptor: int) -> Iterator[None]:
    """Hold an advisory lock on the open file; the kernel releases it when a killed process dies."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    fcntl.flock(descriptor, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(descriptor, fcntl.LOCK_UN)


class JsonLinesAppender:
    """Append-only JSON lines; a partial last line left by a killed run is cut off when the file is opened.

    Several runs may append to one archive at once (one crawl per portal): every append is one ``write`` under
    an exclusive ``flock``, and the repair at open takes the same lock, so it never cuts the line another live
    run is writing; only a line whose writer died (its lock gone with it) can be partial.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        try:
            self.descriptor = os.open(path, os.O_RDWR | os.O_CREAT | os.O_APPEND, _CREATION_MODE)
        except OSError as error:
            raise named(error, path) from None
        try:
            with exclusive_lock(self.descriptor):
                cut_partial_last_line(self.descriptor)
        except OSError as error:
            os.close(self.descriptor)
            raise named(error, path) from None

    def append(self, record: dict[str, Any]) -> int:
        """Append ``record`` as one line, durably; return the file's size right after the line."""
        return self.append_many([record])

    def append_many(self, records: Sequence[dict[str, Any]]) -> int:
        """Append each record as one line (one write, one fsync for all); return the file's size after the last."""
        lines = b"".join((json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
                         for record in records)
        with exclusive_lock(self.descriptor):
            start = os.fstat(self.descriptor).st_size
            if start and os.pread(self.descriptor, 1, start - 1) != b"\n":
                # A writer killed inside its write (its lock died with it) left part of a line: cut, not appended to.
                cut_partial_last_line(self.descriptor)
                start = os.fstat(self.descriptor).st_size
            written = 0
            try:
                while written < len(lines):
                    written += os.write(self.descriptor, lines[written:])
            except OSError as error:
                # A full disk takes part of the lines: cut them, so that the file holds whole lines only (under
                # the lock nobody appended after them; freeing blocks works on a full disk).
                if written:
                    with contextlib.suppress(OSError):
                        os.ftruncate(self.descriptor, start)
                raise named(error, self.path) from None
            # O_APPEND moved the offset to the end before the write; under the lock nobody appended since.
            end = os.lseek(self.descriptor, 0, os.SEEK_CUR)
        # The lines are whole once written: the flush to the disk need not keep other writers waiting. If it
        # fails, the lines stay: they are past the ledger's recorded end, and the next open records them.
        try:
            os.fsync(self.descriptor)
        except OSError as error:
            raise named(error, self.path) from None
        return end

    def size(self) -> int:
        return os.fstat(self.descriptor).st_size

    def records_after(self, offset: int) -> Iterator[tuple[int, dict[str, Any]]]:
        """The records of the whole lines from byte ``offset`` on, each with the offset just after its line.

        A line that is not a JSON object is logged and skipped (the file holds only whole lines: a partial last
        line was cut when it was opened).
        """
        # Without its newline the last line is another run's, still being written.
        for line in read_json_lines(self.path, start=offset, whole_lines_only=True):
            if line.record is not None:
                yield line.end, line.record
            else:
                logger.warning("%s: the line ending at byte %d is not a JSON record", self.path, line.end)

    def close(self) -> None:
        os.close(self.descriptor)


def repair_partial_last_line(path: Path) -> bool:
    """Truncate the file after its last newline; True when something was cut."""
    if not path.exists():
        return False
    descriptor = os.open(path, os.O_RDWR)
    try:
        with exclusive_lock(descriptor):
            return cut_partial_last_line(descriptor)
    finally:
        os.close(descriptor)


def cut_partial_last_line(descriptor: int) -> bool:
    size = os.fstat(descriptor).st_size
    if size == 0:
        return False
    position = size
    end = 0
    while position > 0:
        step = min(65536, position)
        chunk = os.pread(descriptor, step, position - step)
        newline = chunk.rfind(b"\n")
        if newline != -1:
            end = position - step + newline + 1
            break
        position -= step
    if end == size:
        return False
    os.ftruncate(descriptor, end)
    os.fsync(descriptor)
    return True
