"""Reading a JSON-lines archive as a stream: one line at a time, split on ``\\n`` only, with its byte offsets.

An archive's ``articles.jsonl`` grows for years: it is never read whole. Lines are split on the newline byte alone
(``str.splitlines`` would also split inside a record on U+2028, U+0085 or a form feed, which JSON leaves raw in
strings). A line that is not a JSON object, and a last line without its newline (torn by a kill or a full disk),
are handed to the caller with the reason, not skipped silently.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class JsonLine:
    #: 1 for the first line read (the file's first line when read from its start).
    number: int
    #: Byte offsets of the line in the file, its newline included in ``end``.
    start: int
    end: int
    #: The record, or None when the line is not a JSON object (``problem`` says why).
    record: dict[str, Any] | None
    problem: str | None = None
    #: The last line, without its newline: a write cut short.
    torn: bool = False


def read_json_lines(path: Path, offset: int = 0) -> Iterator[JsonLine]:
    """The lines of ``path`` from byte ``offset`` (the start of a line) on."""
    with open(path, "rb") as handle:
        handle.seek(offset)
        position = offset
        for number, raw in enumerate(handle, start=1):  # binary files split on b"\n" only
            start, position = position, position + len(raw)
            if not raw.endswith(b"\n"):
                yield JsonLine(number, start, position, None, "torn last line: no newline at its end", torn=True)
                return
            record, problem = parse_line(raw)
            yield JsonLine(number, start, position, record, problem)


def parse_line(raw: bytes) -> tuple[dict[str, Any] | None, str | None]:
    """(record, None), or (None, why the line is not a record)."""
    try:
        value = json.loads(raw)
    except ValueError as error:  # UnicodeDecodeError included
        return None, f"not JSON ({error})"
    if not isinstance(value, dict):
        return None, f"not a JSON object but {type(value).__name__}"
    return value, None


def read_line(path: Path, start: int, end: int) -> dict[str, Any]:
    """The record of the line between byte offsets ``start`` and ``end`` (read before by ``read_json_lines``)."""
    with open(path, "rb") as handle:
        handle.seek(start)
        record, problem = parse_line(handle.read(end - start))
    if record is None:
        raise ValueError(f"{path}: the line at byte {start} is {problem}")
    return record
