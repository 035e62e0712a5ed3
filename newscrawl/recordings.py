"""Recorded HTTP responses on disk, keyed by the real URL: what replay crawls and the loopback test site serve.

Layout: ``<dir>/<host>/<name>.json`` describes one response and ``<name>.body`` holds its bytes as served::

    {"url": "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html", "method": "GET", "status": 200,
     "headers": {"Content-Type": ["text/html; charset=GBK"]}, "body_file": "CATList-8100-CHANGYIEXINWE.html.body",
     "provenance": "reconstructed: ..."}

A POST recording may add ``"request_body"`` (text) to tell requests to the same URL apart. Any JSON file with a
``url`` and a ``body_file`` anywhere below the folder is a recording, symbolic links to folders followed: a replay
folder may link to the portals' fixture cases, whose ``meta.json`` describes the page the case holds. A recording
with ``"replay": false`` is left out (an older capture of a URL another recording answers).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from w3lib.url import canonicalize_url


class RecordedResponse(Protocol):
    """What a replay answers a request with: a JSON recording here, or a WARC record (``newscrawl.warc.replay``)."""

    @property
    def url(self) -> str: ...
    @property
    def method(self) -> str: ...
    @property
    def status(self) -> int: ...
    @property
    def headers(self) -> dict[str, list[str]]: ...
    def body(self) -> bytes: ...


@dataclass(frozen=True)
class Recording:
    url: str
    method: str
    status: int
    headers: dict[str, list[str]]
    body_path: Path

    def body(self) -> bytes:
        return self.body_path.read_bytes()


def recording_key(method: str, url: str, request_body: bytes | str = b"") -> tuple[str, str, str]:
    if isinstance(request_body, bytes):
        request_body = request_body.decode("utf-8", "replace")
    return method.upper(), canonicalize_url(url, keep_fragments=False), request_body


class RecordingStore:
    """Every recording under a folder, indexed by (method, canonical URL, request body)."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        if not self.folder.is_dir():
            raise FileNotFoundError(f"recordings folder not found: {self.folder}")
        self._by_key: dict[tuple[str, str, str], Recording] = {}
        for meta_path in _json_files(self.folder):
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            if not isinstance(meta, dict) or "url" not in meta or "body_file" not in meta:
                continue  # a README-like JSON file, not a recording
            if meta.get("replay") is False:
                continue  # a fixture case kept out of replays (another capture of the same URL is served)
            recording = Recording(
                url=meta["url"],
                method=meta.get("method", "GET").upper(),
                status=int(meta.get("status", 200)),
                headers={name: list(values) if isinstance(values, list) else [values]
                         for name, values in meta.get("headers", {}).items()},
                body_path=meta_path.parent / meta["body_file"],
            )
            key = recording_key(recording.method, recording.url, meta.get("request_body", ""))
            if key in self._by_key:
                raise ValueError(f"two recordings for {recording.method} {recording.url}: {meta_path}")
            self._by_key[key] = recording

    def __len__(self) -> int:
        return len(self._by_key)

    def find(self, method: str, url: str, request_body: bytes | str = b"") -> Recording | None:
        recording = self._by_key.get(recording_key(method, url, request_body))
        if recording is None and request_body:
            recording = self._by_key.get(recording_key(method, url))
        return recording

    def __iter__(self) -> Iterator[Recording]:
        return iter(self._by_key.values())


def _json_files(folder: Path) -> list[Path]:
    """Every ``*.json`` below ``folder``, in sorted order, following symbolic links to folders (each real folder
    read once, so a link cycle ends)."""
    found: list[Path] = []
    seen: set[str] = set()
    for directory, subdirectories, files in os.walk(folder, followlinks=True):
        real = os.path.realpath(directory)
        if real in seen:
            subdirectories.clear()
            continue
        seen.add(real)
        found.extend(Path(directory) / name for name in files if name.endswith(".json"))
    return sorted(found)
