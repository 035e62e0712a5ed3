"""Reading HTTP responses out of WARC files (any tool's: newscrawl's capture, wget, Heritrix, Common Crawl), as a
stream, from local paths or over HTTP(S) without keeping the file on disk.

``read_responses`` yields each ``response`` record as a ``WarcResponse``, with newscrawl's request context (the
``Newscrawl-Context`` field of the request record the capture writes beside an article's response) attached. A
record whose block is shorter than its ``Content-Length`` (a file cut by a killed writer or a broken download) or
whose gzip member is damaged ends the file: it is counted, never taken for a whole page.
"""

from __future__ import annotations

import io
import json
import logging
import urllib.request
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import IO, Any

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader
from warcio.exceptions import ArchiveLoadFailed

from newscrawl.warc.capture import CAPTURE_MARK, CONTEXT_FIELD

logger = logging.getLogger(__name__)

#: Headers describing the bytes as they travelled, not the payload once decoded.
TRANSFER_HEADERS = frozenset({"transfer-encoding", "content-length", "content-encoding"})
#: How long a remote WARC stream may stall before it counts as broken.
STREAM_TIMEOUT = 120
# What damaged WARC data raises (warcio raises AttributeError on WARC headers cut before their target URI). An
# OSError (a broken connection, a read error) is not among them: the file was not read, which its caller must know.
_READ_ERRORS = (ArchiveLoadFailed, EOFError, zlib.error, ValueError, AttributeError)


@dataclass
class WarcResponse:
    url: str
    status: int
    #: HTTP headers as recorded, in order.
    headers: list[tuple[str, str]]
    #: The block after the HTTP headers, with any chunked transfer coding removed (content coding kept).
    raw_body: bytes
    date: datetime | None
    record_id: str
    #: newscrawl's request context for an article (``kind``, ``listing_hints``, ``public_url``, ``channel``).
    context: dict[str, Any] = field(default_factory=dict)
    #: The file's warcinfo says newscrawl's capture wrote it: every article response has its context.
    captured_by_newscrawl: bool = False

    def header(self, name: str) -> str | None:
        lowered = name.lower()
        return next((value for key, value in self.headers if key.lower() == lowered), None)

    def payload_headers(self) -> list[tuple[str, str]]:
        """The headers that still describe ``body()``: transfer and content coding and length left out."""
        return [(key, value) for key, value in self.headers if key.lower() not in TRANSFER_HEADERS]

    def body(self) -> bytes:
        """The payload with its content coding (gzip, deflate, br where brotli is installed) undone."""
        coding = (self.header("Content-Encoding") or "").strip().lower()
        if not coding or coding == "identity":
            return self.raw_body
        if coding not in BufferedReader.get_supported_decompressors():
            raise ValueError(f"unsupported Content-Encoding {coding!r}")
        return BufferedReader(io.BytesIO(self.raw_body), decomp_type=coding).read()


@dataclass
class ReadCounts:
    """What reading one or more files met."""

    records: int = 0
    responses: int = 0
    truncated: int = 0


def read_responses(
    stream: IO[bytes], *, wanted_url: Callable[[str], bool] | None = None, counts: ReadCounts | None = None,
    source: str = "",
) -> Iterator[WarcResponse]:
    """Every response record of the stream (only those whose URL ``wanted_url`` accepts; the others' bodies are
    skipped unread), each yielded once the records concurrent to it have been seen."""
    counts = counts if counts is not None else ReadCounts()
    pending: WarcResponse | None = None
    by_newscrawl = False
    records = ArchiveIterator(stream)
    record: Any = None
    try:
        for record in records:
            counts.records += 1
            kind = record.rec_type
            if kind == "request" and pending is not None:
                if record.rec_headers.get_header("WARC-Concurrent-To") == pending.record_id:
                    pending.context = _context(record.rec_headers.get_header(CONTEXT_FIELD))
                continue
            if kind == "warcinfo":
                by_newscrawl = f"\n{CAPTURE_MARK}:".encode() in b"\n" + record.raw_stream.read()
                continue
            if kind != "response":
                continue
            if pending is not None:
                yield pending
                pending = None
            url = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.http_headers is None or (wanted_url is not None and not wanted_url(url)):
                continue
            raw = record.raw_stream.read()
            if _cut(record):
                counts.truncated += 1
                logger.warning("Truncated WARC record for %s in %s: left out, the file ends there", url, source)
                break
            counts.responses += 1
            pending = _response(record, url, raw)
            pending.captured_by_newscrawl = by_newscrawl
        else:
            if record is not None and _cut(record):  # the last record, read to its end by the iterator
                counts.truncated += 1
                logger.warning("Truncated last WARC record in %s", source or "a WARC file")
    except _READ_ERRORS as error:
        counts.truncated += 1  # the response read before it is whole: still yielded
        logger.warning("Damaged WARC data in %s after %d records (%s): the rest of the file is left out",
                       source or "a WARC file", counts.records, error)
    if pending is not None:
        yield pending


def _cut(record: Any) -> bool:
    """True when the record's block ended before its Content-Length (the reader's limit was never used up), or
    the stream ended inside its WARC headers (no length was read)."""
    return record.length is None or getattr(record.raw_stream, "limit", 0) > 0


def _response(record: Any, url: str, raw: bytes) -> WarcResponse:
    http = record.http_headers
    try:
        status = int(http.get_statuscode())
    except (TypeError, ValueError):
        status = 0
    headers = [(str(key), str(value)) for key, value in http.headers]
    if (http.get_header("Transfer-Encoding") or "").lower() == "chunked":
        raw = ChunkedDataReader(io.BytesIO(raw)).read()
    date_text = record.rec_headers.get_header("WARC-Date")
    return WarcResponse(url=url, status=status, headers=headers, raw_body=raw, date=_warc_date(date_text),
                        record_id=record.rec_headers.get_header("WARC-Record-ID") or "")


def _warc_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


def _context(text: str | None) -> dict[str, Any]:
    if not text:
        return {}
    try:
        context = json.loads(text)
    except ValueError:
        return {}
    return context if isinstance(context, dict) else {}


def is_remote(source: str) -> bool:
    return source.startswith(("http://", "https://"))


@contextmanager
def open_warc(source: str, user_agent: str = "newscrawl") -> Iterator[IO[bytes]]:
    """A local WARC file, or a remote one as an HTTP(S) stream read as it arrives (never stored)."""
    if is_remote(source):
        request = urllib.request.Request(source, headers={"User-Agent": user_agent})
        with urllib.request.urlopen(request, timeout=STREAM_TIMEOUT) as response:
            yield response
    else:
        with open(source, "rb") as file:
            yield file
