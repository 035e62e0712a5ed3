"""Reading JSON lines, whoever wrote them: one record per ``\\n``-terminated line, read as a stream.

Records are split on ``\\n`` only. ``str.splitlines()`` also splits on U+0085, U+2028 and U+2029, which JSON allows
raw inside strings and which writers leave raw when they keep non-ASCII text as it is (``json.dumps(...,
ensure_ascii=False)``, Scrapy's feed exporter with ``FEED_EXPORT_ENCODING = "utf-8"``, the archive's own
``articles.jsonl``): a title holding one would cut its record in two. It splits on U+000B, U+000C, U+001C-U+001E
and ``\\r`` too, which JSON escapes but a lenient writer may leave raw (they are read as they are). The file is
read line by line, so memory does not grow with it (an archive of several gigabytes).

Every reader of JSON lines in newscrawl goes through ``read_json_lines``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["JsonLine", "read_json_lines"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: its record, or why it holds none."""

    path: Path
    #: 1 for the first line read (the line at ``start``), blank lines counted.
    number: int
    #: The byte offset just after the line (its ``\\n`` included).
    end: int
    #: The JSON object the line holds; None when it holds none (``problem`` says why).
    record: dict[str, Any] | None
    problem: str | None = None

    @property
    def where(self) -> str:
        """``path:number``, as compilers and editors point at a line."""
        return f"{self.path}:{self.number}"


def read_json_lines(path: Path, *, start: int = 0, whole_lines_only: bool = False) -> Iterator[JsonLine]:
    """The non-blank lines of ``path`` from byte ``start`` on, in order, each with its record or its problem.

    ``whole_lines_only``: stop before a last line without its ``\\n`` (a line another process is still writing);
    otherwise such a line is read like the others (a hand-written file without a final newline). A UTF-8 byte
    order mark at the start of the file is ignored. The file is opened by this call: a file that cannot be read
    raises ``OSError`` here, before any line is asked for.
    """
    handle = path.open("rb")
    return _read_lines(handle, path, start, whole_lines_only)


def _read_lines(handle: BinaryIO, path: Path, start: int, whole_lines_only: bool) -> Iterator[JsonLine]:
    position = start
    with handle:
        handle.seek(start)
        for number, raw in enumerate(handle, start=1):  # a binary file's lines end at b"\n" and nowhere else
            position += len(raw)
            if whole_lines_only and not raw.endswith(b"\n"):
                return
            if number == 1 and start == 0 and raw.startswith(_BOM):
                raw = raw[len(_BOM):]
            if not raw.strip():
                continue
            yield _parse(path, number, position, raw)


def _parse(path: Path, number: int, end: int, raw: bytes) -> JsonLine:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return JsonLine(path, number, end, None, f"not UTF-8 ({error.reason} at byte {error.start} of the line)")
    try:
        # strict=False: control characters a lenient writer left raw inside strings (JSON wants them escaped) are
        # read as they are rather than costing the record.
        value = json.loads(text, strict=False)
    except ValueError as error:
        return JsonLine(path, number, end, None, f"not JSON ({error})")
    if not isinstance(value, dict):
        return JsonLine(path, number, end, None, f"not a JSON object but {type(value).__name__}")
    return JsonLine(path, number, end, value)
