"""WARC capture (``NEWSCRAWL_WARC_DIR``): what an offline OFweek crawl leaves, checked with warcio; rotation, names
and a killed writer on WarcFiles itself."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import signal
import subprocess
import sys
import time
import zlib
from datetime import UTC, datetime
from pathlib import Path

from scrapy import Request
from scrapy.http import Response
from warcio.archiveiterator import ArchiveIterator

from newscrawl.recordings import RecordingStore
from newscrawl.request_kinds import ARTICLE, REQUEST_KIND
from newscrawl.warc.capture import WarcFiles, exchange_records, gzip_members
from newscrawl.warc.reader import ReadCounts, read_responses
from tests.conftest import PROJECT_ROOT, REPLAY_DIR
from tests.servers.generated_site import GeneratedSite, generated_site_server
from tests.warc.conftest import IMAGE_URL, CapturedCrawl, one_pixel_png

NAME = re.compile(r"^newscrawl-\d{17}-[^-/]+-\d+-\d{5}\.warc\.gz$")
SEED_URL = "https://mp.ofweek.com/ev/a556714178926"


def _records(path: Path) -> list[dict[str, object]]:
    found = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            body = record.content_stream().read()
            found.append({"type": record.rec_type, "warc": dict(record.rec_headers.headers),
                          "version": record.rec_headers.protocol,
                          "status": record.http_headers.get_statuscode() if record.http_headers else None,
                          "http": record.http_headers, "body": body,
                          "digests_passed": record.digest_checker.passed})
    return found


def _gzip_members(path: Path) -> int:
    data, members = path.read_bytes(), 0
    while data:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        inflater.decompress(data)
        assert inflater.eof, "a gzip member is cut"
        data, members = inflater.unused_data, members + 1
    return members


def test_files_are_named_per_crawl_and_closed(captured_crawl: CapturedCrawl) -> None:
    files = captured_crawl.warc_files()
    assert files
    assert all(NAME.match(path.name) for path in files), files
    assert not list(captured_crawl.warc_dir.glob("*.open"))


def test_every_record_is_warc_1_1_with_digests_and_one_gzip_member(captured_crawl: CapturedCrawl) -> None:
    for path in captured_crawl.warc_files():
        records = _records(path)
        assert records[0]["type"] == "warcinfo"
        assert _gzip_members(path) == len(records)
        for record in records:
            warc = record["warc"]
            assert isinstance(warc, dict)
            assert record["version"] == "WARC/1.1"
            assert record["digests_passed"] is not False
            assert warc["WARC-Date"].endswith("Z")
            if record["type"] != "warcinfo":
                assert warc["WARC-Target-URI"].startswith("https://")
                assert warc["WARC-Block-Digest"].startswith("sha1:")
            if record["type"] == "response":
                assert warc["WARC-Payload-Digest"].startswith("sha1:")


def test_requests_are_concurrent_to_their_response_with_the_article_context(captured_crawl: CapturedCrawl) -> None:
    records = [record for path in captured_crawl.warc_files() for record in _records(path)]
    responses = {record["warc"]["WARC-Record-ID"]: record for record in records  # type: ignore[index]
                 if record["type"] == "response"}
    requests = [record for record in records if record["type"] == "request"]
    assert len(requests) == len(responses)
    for request in requests:
        response = responses[request["warc"]["WARC-Concurrent-To"]]  # type: ignore[index]
        assert response["warc"]["WARC-Target-URI"] == request["warc"]["WARC-Target-URI"]  # type: ignore[index]
    contexts = [json.loads(record["warc"]["Newscrawl-Context"]) for record in requests  # type: ignore[index]
                if "Newscrawl-Context" in record["warc"]]  # type: ignore[operator]
    assert len(contexts) >= 12 and all(context["kind"] == ARTICLE for context in contexts)
    assert {record["type"] for record in records} == {"warcinfo", "response", "request"}


def test_everything_received_is_kept_as_served(captured_crawl: CapturedCrawl) -> None:
    with_bodies = {}
    for path in captured_crawl.warc_files():
        with path.open("rb") as stream:
            for response in read_responses(stream):
                with_bodies[response.url] = response
    urls = set(with_bodies)
    assert "https://www.ofweek.com/robots.txt" in urls
    assert "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html" in urls  # the listing
    assert SEED_URL in urls  # an article
    assert with_bodies[IMAGE_URL].body() == one_pixel_png()  # an archived image
    assert with_bodies[IMAGE_URL].header("Content-Type") == "image/png"
    recordings = RecordingStore(REPLAY_DIR)
    for url in (SEED_URL, "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html"):
        recording = recordings.find("GET", url)
        assert recording is not None
        assert with_bodies[url].body() == recording.body()
        assert with_bodies[url].header("Content-Type") == recording.headers["Content-Type"][0]
        assert with_bodies[url].header("Content-Length") == str(len(recording.body()))
    seed = with_bodies[SEED_URL]
    assert seed.context["kind"] == ARTICLE
    assert seed.context["listing_hints"]["title"] == "三人成虎，小米联手北汽造电动车“绯闻”成真？"


def _exchange(number: int, size: int = 2000) -> bytes:
    request = Request(f"https://example.com/a/{number}", meta={REQUEST_KIND: ARTICLE},
                      cb_kwargs={"listing_hints": {"title": f"t{number}"}})
    body = (f"<html><body><p>{number}</p>" + os.urandom(size // 2).hex() + "</body></html>").encode()
    response = Response(request.url, status=200, headers={"Content-Type": "text/html"}, body=body, request=request)
    return gzip_members(exchange_records(request, response, datetime.now(UTC)))


def test_a_compressed_response_keeps_its_coding_with_the_length_fixed() -> None:
    page = b"<html><body><p>gzip as served</p></body></html>"
    served = gzip.compress(page)
    request = Request("https://example.com/z")
    response = Response(request.url, headers={"Content-Encoding": "gzip", "Transfer-Encoding": "chunked",
                                              "Content-Type": "text/html"}, body=served, request=request)
    members = gzip_members(exchange_records(request, response, datetime.now(UTC)))
    (read,) = list(read_responses(io.BytesIO(members)))
    assert read.raw_body == served
    assert read.header("Content-Length") == str(len(served))
    assert read.header("Transfer-Encoding") is None
    assert read.body() == page


def test_files_rotate_at_the_size_cap_with_unique_names(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path, max_size=12_000)
    for number in range(30):
        files.write(_exchange(number), 2)
    files.close()
    names = sorted(path.name for path in tmp_path.iterdir())
    assert len(names) == len(set(names)) == len(files.closed) > 3
    assert all(NAME.match(name) for name in names)
    assert all(path.stat().st_size <= 12_000 for path in files.closed)
    urls = []
    for path in files.closed:
        with path.open("rb") as stream:
            urls += [response.url for response in read_responses(stream)]
    assert urls == [f"https://example.com/a/{number}" for number in range(30)]


def test_a_killed_writer_leaves_every_closed_record_readable(tmp_path: Path) -> None:
    files = WarcFiles(tmp_path)
    for number in range(10):
        files.write(_exchange(number), 2)
    # Killed here: the file is never closed nor renamed.
    (open_file,) = tmp_path.glob("*.warc.gz.open")
    data = open_file.read_bytes()
    with open_file.open("rb") as stream:
        assert len(list(read_responses(stream))) == 10
    last = _exchange(10)
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
    inflater.decompress(last)
    response_member = len(last) - len(inflater.unused_data)  # the response record's member comes first
    whole = [f"https://example.com/a/{n}" for n in range(10)]
    for cut, expected in ((response_member // 2, whole), (response_member - 20, whole),
                          (response_member + 10, [*whole, "https://example.com/a/10"]),
                          (len(last) - 20, [*whole, "https://example.com/a/10"])):
        counts = ReadCounts()
        responses = list(read_responses(io.BytesIO(data + last[:cut]), counts=counts))
        assert [response.url for response in responses] == expected, cut
        assert counts.truncated == 1 or cut > response_member  # a cut member after the response's may read as none


def test_a_crawl_killed_while_capturing_leaves_whole_records(tmp_path: Path) -> None:
    """SIGKILL in the middle of a capturing crawl of a generated loopback site: the closed files and the open one
    read through, every record's digests pass, and no cut record is taken for a page."""
    site = GeneratedSite(articles=400, per_page=50)
    warc_dir = tmp_path / "warc"
    with generated_site_server(site, tmp_path / "requests.log", max_seconds=300) as server:
        arguments = ["crawl", "news", "-a", f"url={server.origin}/", "-a", f"max_pages={site.listing_pages + 2}",
                     "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path / 'archive'}", "-s", f"NEWSCRAWL_WARC_DIR={warc_dir}",
                     "-s", "NEWSCRAWL_WARC_MAX_SIZE=60000", "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]
        crawl = subprocess.Popen([sys.executable, "-m", "scrapy", *arguments], cwd=PROJECT_ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
        deadline = time.monotonic() + 120
        while len(list(warc_dir.glob("*.warc.gz"))) < 3 and crawl.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        crawl.send_signal(signal.SIGKILL)
        assert crawl.wait(timeout=30) == -signal.SIGKILL
    closed = sorted(warc_dir.glob("*.warc.gz"))
    (left_open,) = warc_dir.glob("*.warc.gz.open")
    assert len(closed) >= 3
    urls = []
    for path in [*closed, left_open]:
        counts = ReadCounts()
        with path.open("rb") as stream:
            for response in read_responses(stream, counts=counts):
                assert response.status in (200, 404)
                urls.append(response.url)
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream, check_digests=True):
                record.content_stream().read()
                if record.length and record.raw_stream.limit == 0:  # a whole record: its digests must hold
                    assert record.digest_checker.passed is not False, (path, record.rec_headers)
        if path in closed:
            assert counts.truncated == 0, path
    assert len(set(urls)) > 20  # a page may have been fetched twice (the start page, read again as a listing)
