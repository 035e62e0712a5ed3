"""Reading JSON lines, whoever wrote them: one record per ``\\n``-terminated line, read as a stream, each line with
its byte offsets and whether it was torn.

Records are split on ``\\n`` only. ``str.splitlines()`` also splits on U+0085, U+2028 and U+2029, which JSON allows
raw inside strings and which writers leave raw when they keep non-ASCII text as it is (``json.dumps(...,
ensure_ascii=False)``, Scrapy's feed exporter with ``FEED_EXPORT_ENCODING = "utf-8"``, the archive's own
``articles.jsonl``): a title holding one would cut its record in two. It splits on U+000B, U+000C, U+001C-U+001E
and ``\\r`` too, which JSON escapes but a lenient writer may leave raw (they are read as they are). The file is
read line by line, so memory does not grow with it (an archive of several gigabytes).

Every reader of JSON lines in newscrawl goes through this module: the archive's recovery, check and repair
(``newscrawl/archive/``), ``scrapy render`` and ``scrapy extract --manifest``. What a torn last line means is the
caller's to decide: the archive takes it for a write cut short, a hand-written file for a missing final newline.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

__all__ = ["JsonLine", "read_json_lines", "read_line"]

_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class JsonLine:
    """One non-blank line: where it is, and its record or why it holds none."""

    path: Path
    #: 1 for the first line read (the line at byte ``start`` of the reading), blank lines counted.
    number: int
    #: Byte offsets of the line in the file; ``end`` is just after it (its ``\\n`` included).
    start: int
    end: int
    #: The JSON object the line holds; None when it holds none (``problem`` says why).
    record: dict[str, Any] | None
    problem: str | None = None
    #: The file's last line, without its ``\\n``: a write cut short, still going on, or a file without a final
    #: newline. It is parsed like the others.
    torn: bool = False

    @property
    def where(self) -> str:
        """``path:number``, as compilers and editors point at a line."""
        return f"{self.path}:{self.number}"


def read_json_lines(path: Path, start: int = 0, *, whole_lines_only: bool = False) -> Iterator[JsonLine]:
    """The non-blank lines of ``path`` from byte ``start`` (the start of a line) on, in order, each with its record
    or its problem.

    ``whole_lines_only``: stop before a torn last line (a line another process is still writing); otherwise it is
    read like the others, marked ``torn``. A UTF-8 byte order mark at the start of the file is ignored. The file is
    opened by this call: a file that cannot be read raises ``OSError`` here, before any line is asked for.
    """
    handle = path.open("rb")
    return _read_lines(handle, path, start, whole_lines_only)


def read_line(path: Path, start: int, end: int) -> dict[str, Any]:
    """The record of the line between byte offsets ``start`` and ``end`` (found before by ``read_json_lines``)."""
    with open(path, "rb") as handle:
        handle.seek(start)
        line = _parse(path, 1, start, end, _without_bom(handle.read(end - start), start))
    if line.record is None:
        raise ValueError(f"{path}: the line at byte {start} is {line.problem}")
    return line.record


def _read_lines(handle: BinaryIO, path: Path, start: int, whole_lines_only: bool) -> Iterator[JsonLine]:
    position = start
    with handle:
        handle.seek(start)
        for number, raw in enumerate(handle, start=1):  # a binary file's lines end at b"\n" and nowhere else
            line_start, position = position, position + len(raw)
            torn = not raw.endswith(b"\n")
            if torn and whole_lines_only:
                return
            content = _without_bom(raw, line_start)
            if content.strip():
                yield _parse(path, number, line_start, position, content, torn=torn)


def _without_bom(raw: bytes, start: int) -> bytes:
    return raw[len(_BOM):] if start == 0 and raw.startswith(_BOM) else raw


def _parse(path: Path, number: int, start: int, end: int, raw: bytes, *, torn: bool = False) -> JsonLine:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        problem = f"not UTF-8 ({error.reason} at byte {error.start} of the line)"
        return JsonLine(path, number, start, end, None, problem, torn)
    try:
        # strict=False: control characters a lenient writer left raw inside strings (JSON wants them escaped) are
        # read as they are rather than costing the record.
        value = json.loads(text, strict=False)
    except ValueError as error:
        return JsonLine(path, number, start, end, None, f"not JSON ({error})", torn)
    if not isinstance(value, dict):
        return JsonLine(path, number, start, end, None, f"not a JSON object but {type(value).__name__}", torn)
    return JsonLine(path, number, start, end, value, None, torn)
