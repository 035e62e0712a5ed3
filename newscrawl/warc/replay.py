"""Replay answers from WARC and WACZ files: a ``NEWSCRAWL_REPLAY_DIR`` may hold ``*.warc``, ``*.warc.gz`` (a killed
capture's ``*.warc.gz.open`` too) and ``*.wacz`` files beside or instead of JSON recordings, from any archiving tool.

Each response record is indexed by (method, canonical URL, request body), the method and body taken from the
request record concurrent to it (GET without one); where a URL was captured more than once, the latest capture
answers. Only the index is kept in memory: a body is read from its file when a request asks for it.
"""

from __future__ import annotations

import logging
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from warcio.archiveiterator import ArchiveIterator

from newscrawl.recordings import RecordedResponse, RecordingStore, recording_key
from newscrawl.warc.reader import WarcResponse, read_responses

logger = logging.getLogger(__name__)

WARC_SUFFIXES = (".warc", ".warc.gz", ".warc.gz.open", ".wacz")


@dataclass(frozen=True)
class WarcRecording:
    """One response record: a ``newscrawl.recordings.RecordedResponse``, as a JSON recording is."""

    url: str
    method: str
    status: int
    headers: dict[str, list[str]]
    path: Path
    #: The WARC file inside a WACZ package, or "" for a WARC file.
    member: str
    offset: int

    def body(self) -> bytes:
        """The body with its transfer coding undone and its content coding kept (``Content-Encoding`` stays in
        the headers: Scrapy's decompression middleware undoes it, as for a live response)."""
        return self.response().raw_body

    def response(self) -> WarcResponse:
        """The whole record, read again from its file."""
        with _open(self.path, self.member) as stream:
            stream.seek(self.offset)
            response = next(read_responses(stream, source=str(self.path)), None)
        if response is None:
            raise OSError(f"the WARC record at {self.path}:{self.member}@{self.offset} cannot be read")
        return response


class WarcRecordingStore:
    """Every response record of the WARC and WACZ files below a folder."""

    def __init__(self, folder: str | Path, files: list[Path] | None = None) -> None:
        """Every file below ``folder``, or the ``files`` given."""
        self.folder = Path(folder)
        self._by_key: dict[tuple[str, str, str], tuple[str, WarcRecording]] = {}
        self.files = 0
        for path in _warc_files(self.folder) if files is None else files:
            self.files += 1
            for member in _members(path):
                self._index(path, member)

    def __len__(self) -> int:
        return len(self._by_key)

    def find(self, method: str, url: str, request_body: bytes | str = b"") -> WarcRecording | None:
        found = self._by_key.get(recording_key(method, url, request_body))
        if found is None and request_body:
            found = self._by_key.get(recording_key(method, url))
        return found[1] if found is not None else None

    def __iter__(self) -> Iterator[WarcRecording]:
        return (recording for _, recording in self._by_key.values())

    def _index(self, path: Path, member: str) -> None:
        requests: dict[str, tuple[str, bytes]] = {}
        responses: list[WarcRecording] = []
        ids_and_dates: list[tuple[str, str]] = []
        with _open(path, member) as stream:
            records = ArchiveIterator(stream)
            for record in records:
                kind = record.rec_type
                if record.http_headers is None:
                    continue
                if kind == "request":
                    concurrent = record.rec_headers.get_header("WARC-Concurrent-To") or ""
                    method = (record.http_headers.protocol or "GET").upper()  # warcio: the request line's verb
                    requests[concurrent] = (method, record.raw_stream.read())
                elif kind == "response":
                    try:
                        status = int(record.http_headers.get_statuscode())
                    except (TypeError, ValueError):
                        continue
                    headers: dict[str, list[str]] = {}
                    for name, value in record.http_headers.headers:
                        if name.lower() not in ("transfer-encoding", "content-length"):
                            headers.setdefault(name, []).append(value)
                    url = record.rec_headers.get_header("WARC-Target-URI") or ""
                    ids_and_dates.append((record.rec_headers.get_header("WARC-Record-ID") or "",
                                          record.rec_headers.get_header("WARC-Date") or ""))
                    responses.append(WarcRecording(url=url, method="GET", status=status, headers=headers,
                                                   path=path, member=member, offset=records.get_record_offset()))
        for recording, (record_id, date) in zip(responses, ids_and_dates, strict=True):
            method, body = requests.get(record_id, ("GET", b""))
            if method != recording.method:
                recording = replace(recording, method=method)
            key = recording_key(method, recording.url, body)
            known = self._by_key.get(key)
            if known is None or known[0] <= date:
                self._by_key[key] = (date, recording)


def _warc_files(folder: Path) -> list[Path]:
    """Every WARC and WACZ file below ``folder``, sorted, symbolic links to folders followed once each."""
    found: list[Path] = []
    seen: set[str] = set()
    for directory, subdirectories, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirectories.clear()
            continue
        seen.add(real)
        found.extend(Path(directory) / name for name in files if name.endswith(WARC_SUFFIXES))
    return sorted(found)


def _members(path: Path) -> list[str]:
    if not path.name.endswith(".wacz"):
        return [""]
    with zipfile.ZipFile(path) as package:
        return sorted(name for name in package.namelist()
                      if name.startswith("archive/") and name.endswith((".warc", ".warc.gz")))


class _open:
    """A WARC file, or a WARC file inside a WACZ package, opened for reading (seekable)."""

    def __init__(self, path: Path, member: str) -> None:
        self.path, self.member = path, member
        self.package: zipfile.ZipFile | None = None
        self.stream: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        if self.member:
            self.package = zipfile.ZipFile(self.path)
            self.stream = self.package.open(self.member)
        else:
            self.stream = open(self.path, "rb")
        return self.stream

    def __exit__(self, *exc_info: object) -> None:
        if self.stream is not None:
            self.stream.close()
        if self.package is not None:
            self.package.close()


class ReplayRecordings:
    """JSON recordings and WARC/WACZ records of one replay folder; a JSON recording answers first."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.json = RecordingStore(folder)
        self.warc = WarcRecordingStore(folder)
        if self.warc.files:
            logger.info("Replay folder %s: %d responses from %d WARC/WACZ files", folder, len(self.warc),
                        self.warc.files)

    def __len__(self) -> int:
        return len(self.json) + len(self.warc)

    def find(self, method: str, url: str, request_body: bytes | str = b"") -> RecordedResponse | None:
        return self.json.find(method, url, request_body) or self.warc.find(method, url, request_body)
