"""Keep every response the crawl receives in WARC 1.1 files (``NEWSCRAWL_WARC_DIR``): listings, feeds, sitemaps,
robots.txt, API answers, articles and archived images alike.

Each exchange is a ``response`` record and a ``request`` record naming it in ``WARC-Concurrent-To``. An article's
request record also says what the listing said about the article (``listing_hints``, ``public_url``, ``channel``:
what ``scrapy reextract`` needs to read the page as the crawl did) in a named field of its own,
``Newscrawl-Context`` (JSON): a ``metadata`` record would carry the article's URL too, and replay tools indexing
every record of a URL (cdxj-indexer does) could serve it in place of the page. warcio builds the records
(``WARC-Target-URI``, ``WARC-Date``, block and payload digests); each record is one gzip member.

The response is taken where Scrapy's downloader hands it on (the ``response_downloaded`` signal), before any
downloader middleware: its body is the bytes as served, still gzip/br-encoded when the server encoded them, so the
record keeps ``Content-Encoding`` as it came. Two headers are fixed so that the record is a valid HTTP message for
any reader: the HTTP client has already removed the chunked transfer coding (and Twisted keeps neither
``Transfer-Encoding`` nor ``Content-Length`` among the headers it hands on), so ``Transfer-Encoding`` is dropped and
``Content-Length`` set to the body's length.

Files are named ``<prefix>-<UTC time>-<host name>-<pid>-<serial>.warc.gz`` (created exclusively: two crawls never
write one file), written as ``….warc.gz.open`` and renamed when closed: at the end of the crawl, or when the next
exchange would take the file past ``NEWSCRAWL_WARC_MAX_SIZE``. A record's members are handed to the kernel in one
``write``, so a killed crawl leaves whole records behind it, the last one possibly cut, which readers detect
(``newscrawl.warc.reader``) and never take for a whole one.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import socket
from datetime import UTC, datetime
from http import HTTPStatus
from importlib.metadata import version
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.request_kinds import ARTICLE, REQUEST_KIND

logger = logging.getLogger(__name__)

#: ``NEWSCRAWL_WARC_MAX_SIZE``'s default: Common Crawl's and Heritrix's customary file size.
DEFAULT_MAX_SIZE = 1_000_000_000
DEFAULT_PREFIX = "newscrawl"
OPEN_SUFFIX = ".open"
#: The request record's field holding an article request's context (JSON).
CONTEXT_FIELD = "Newscrawl-Context"
#: The warcinfo field saying a file is newscrawl's capture: its article responses are those whose request record
#: holds a context.
CAPTURE_MARK = "newscrawl-context"
#: The context's kind of a story's next page (the portal spider's continuation request, which hands on the article
#: read so far): not an article of its own, but the rest of the one before it.
CONTINUATION = "continuation"
#: The article request's arguments a re-extraction needs (what the listing said; where the article is filed).
CONTEXT_ARGUMENTS = ("listing_hints", "public_url", "channel")
#: zlib level of each record's gzip member: warcio's own wrapper compresses at 9, which costs more CPU than 6 for
#: hardly a smaller file on HTML (README, WARC: the figures).
GZIP_LEVEL = 6
_HOP_BY_HOP = frozenset({b"transfer-encoding", b"content-length", b"connection", b"keep-alive"})


class WarcFiles:
    """WARC files in one folder, one open at a time, rotated at ``max_size`` bytes."""

    def __init__(self, folder: Path, *, prefix: str = DEFAULT_PREFIX, max_size: int = DEFAULT_MAX_SIZE,
                 software: str = "newscrawl") -> None:
        self.folder = folder
        self.prefix = prefix
        self.max_size = max_size
        self.software = software
        self.hostname = socket.gethostname().split(".")[0] or "localhost"
        self.serial = 0
        self.descriptor: int | None = None
        self.path: Path | None = None
        self.size = 0
        self.records_in_file = 0
        #: Every file closed so far (renamed to its final name).
        self.closed: list[Path] = []
        folder.mkdir(parents=True, exist_ok=True)

    def write(self, members: bytes, records: int) -> None:
        """Append whole records (gzip members), starting a new file first when these would pass the size cap."""
        if self.descriptor is not None and self.records_in_file and self.size + len(members) > self.max_size:
            self.close()
        if self.descriptor is None:
            self._open()
        assert self.descriptor is not None
        view = memoryview(members)
        while view:
            written = os.write(self.descriptor, view)
            view = view[written:]
        self.size += len(members)
        self.records_in_file += records

    def close(self) -> None:
        if self.descriptor is None or self.path is None:
            return
        os.close(self.descriptor)
        final = self.path.with_name(self.path.name[: -len(OPEN_SUFFIX)])
        os.replace(self.path, final)
        self.closed.append(final)
        logger.info("WARC file closed: %s (%d records, %d bytes)", final, self.records_in_file, self.size)
        self.descriptor, self.path, self.size, self.records_in_file = None, None, 0, 0

    def _open(self) -> None:
        while True:
            self.serial += 1
            moment = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")[:17]
            name = f"{self.prefix}-{moment}-{self.hostname}-{os.getpid()}-{self.serial:05d}.warc.gz"
            path = self.folder / (name + OPEN_SUFFIX)
            try:
                # The mode a new file gets under the umask, as every file of the archive.
                self.descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o666)
            except FileExistsError:
                continue
            break
        self.path, self.size, self.records_in_file = path, 0, 0
        builder = RecordBuilder(warc_version="1.1")
        warcinfo = builder.create_warcinfo_record(name, {
            "software": f"{self.software} (warcio {version('warcio')})",
            "format": "WARC File Format 1.1",
            "conformsTo": "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
            "hostname": socket.gethostname(),
            CAPTURE_MARK: f"article request records hold a {CONTEXT_FIELD} field (JSON)",
        })
        self.write(gzip_members([warcinfo]), 1)


def gzip_members(records: list[Any]) -> bytes:
    """The records serialised by warcio, each compressed as a gzip member of its own."""
    members = io.BytesIO()
    for record in records:
        plain = io.BytesIO()
        WARCWriter(plain, gzip=False, warc_version="1.1").write_record(record)
        members.write(gzip.compress(plain.getvalue(), compresslevel=GZIP_LEVEL, mtime=0))
    return members.getvalue()


def exchange_records(request: Request, response: Response, received_at: datetime) -> list[Any]:
    """The response record and the request record of one exchange (an article's with its context)."""
    builder = RecordBuilder(warc_version="1.1")
    warc_date = received_at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    response_headers = [(name.decode("latin-1"), value.decode("latin-1"))
                        for name, values in response.headers.items() if name.lower() not in _HOP_BY_HOP
                        for value in values]
    response_headers.append(("Content-Length", str(len(response.body))))
    status_line = f"{response.status} {_reason(response.status)}"
    protocol = response.protocol or "HTTP/1.1"
    warc_fields = {"WARC-Date": warc_date}
    if response.ip_address is not None:
        warc_fields["WARC-IP-Address"] = str(response.ip_address)
    response_record = builder.create_warc_record(
        request.url, "response", payload=io.BytesIO(response.body), length=len(response.body),
        warc_headers_dict=warc_fields,
        http_headers=StatusAndHeaders(status_line, response_headers, protocol=protocol))
    response_id = response_record.rec_headers.get_header("WARC-Record-ID")

    parts = urlsplit(request.url)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    request_headers = [("Host", parts.netloc)]
    request_headers += [(name.decode("latin-1"), value.decode("latin-1"))
                        for name, values in request.headers.items() if name.lower() != b"host" for value in values]
    if request.body:
        request_headers.append(("Content-Length", str(len(request.body))))
    request_fields = {"WARC-Date": warc_date, "WARC-Concurrent-To": response_id}
    context = request_context(request)
    if context is not None:
        request_fields[CONTEXT_FIELD] = json.dumps(context, sort_keys=True, separators=(",", ":"))
    request_record = builder.create_warc_record(
        request.url, "request", payload=io.BytesIO(request.body), length=len(request.body),
        warc_headers_dict=request_fields,
        http_headers=StatusAndHeaders(f"{request.method} {target} {protocol}", request_headers,
                                      is_http_request=True))
    return [response_record, request_record]


def request_context(request: Request) -> dict[str, Any] | None:
    """What an article request knew besides its URL (the listing's hints, the public URL, the channel), or None
    for other requests and a context that is not plain JSON."""
    if request.meta.get(REQUEST_KIND) != ARTICLE:
        return None
    if "article" in request.cb_kwargs and "pages" in request.cb_kwargs:
        return {"kind": CONTINUATION}
    context: dict[str, Any] = {"kind": ARTICLE}
    context.update({name: request.cb_kwargs[name] for name in CONTEXT_ARGUMENTS
                    if request.cb_kwargs.get(name) is not None})
    try:
        json.dumps(context)
    except (TypeError, ValueError):
        return None
    return context


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


class WarcCapture:
    """Extension (on when ``NEWSCRAWL_WARC_DIR`` is set): every downloaded response written as WARC records."""

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.files = WarcFiles(folder, prefix=settings.get("NEWSCRAWL_WARC_PREFIX") or DEFAULT_PREFIX,
                               max_size=settings.getint("NEWSCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE),
                               software=settings.get("USER_AGENT") or "newscrawl")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> WarcCapture:
        folder = crawler.settings.get("NEWSCRAWL_WARC_DIR")
        if not folder:
            raise NotConfigured("NEWSCRAWL_WARC_DIR is not set")
        capture = cls(crawler, Path(folder))
        crawler.signals.connect(capture.response_downloaded, signal=signals.response_downloaded)
        crawler.signals.connect(capture.spider_closed, signal=signals.spider_closed)
        logger.info("Keeping every response in WARC files in %s", folder)
        return capture

    def response_downloaded(self, response: Response, request: Request, spider: Spider) -> None:
        records = exchange_records(request, response, datetime.now(UTC))
        self.files.write(gzip_members(records), len(records))
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value("newscrawl/warc/records", len(records))
            self.crawler.stats.inc_value("newscrawl/warc/responses")

    def spider_closed(self) -> None:
        self.files.close()
        if self.crawler.stats is not None:
            self.crawler.stats.set_value("newscrawl/warc/files", len(self.files.closed))
