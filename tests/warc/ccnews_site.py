"""A loopback CC-NEWS: a month's ``warc.paths.gz`` and several gzip WARC files written with warcio the way Common
Crawl's crawler writes them (request and response records, no newscrawl context), from the project's recorded
pages: OFweek (GBK and UTF-8) and IT之家 portal pages, the fictional Riverside Gazette (generic), and hosts nobody
asked for. The last record of the last file is cut short, as a download or a writer killed midway leaves it."""

from __future__ import annotations

import gzip
import io
import json
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newscrawl.recordings import Recording, RecordingStore
from tests.conftest import FIXTURES

MONTH = "2024-05"
MONTH_FOLDER = "crawl-data/CC-NEWS/2024/05"
GAZETTE = FIXTURES / "sites" / "news-example" / "www.riverside-gazette.example"


@dataclass
class CcNewsSite:
    root: Path
    paths: list[str]
    #: The article URLs a backfill of the wanted hosts must archive.
    wanted_articles: set[str] = field(default_factory=set)
    #: Pages of wanted hosts that are no articles, pages of other hosts, and the cut record: never archived.
    never_archived: set[str] = field(default_factory=set)


def _portal_cases(portal: str) -> list[tuple[Recording, bool]]:
    """The portal's fixture pages, each with whether the portal spider archives it."""
    cases = []
    for meta in sorted((FIXTURES / "portals" / portal).glob("*/meta.json")):
        expected = json.loads((meta.parent / "expected.json").read_text(encoding="utf-8"))
        store = RecordingStore(meta.parent)
        cases += [(recording, "dropped" not in expected) for recording in store]
    return cases


def _record(writer: WARCWriter, recording: Recording, body: bytes | None = None) -> None:
    body = recording.body() if body is None else body
    date = datetime(2024, 5, 14, 8, 30, tzinfo=UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    headers = [(name, value) for name, values in recording.headers.items() for value in values]
    headers.append(("Content-Length", str(len(body))))
    response = writer.create_warc_record(
        recording.url, "response", payload=io.BytesIO(body), length=len(body), warc_headers_dict={"WARC-Date": date},
        http_headers=StatusAndHeaders(f"{recording.status} OK", headers, protocol="HTTP/1.1"))
    request = writer.create_warc_record(
        recording.url, "request", payload=io.BytesIO(b""), length=0,
        warc_headers_dict={"WARC-Date": date,
                           "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID")},
        http_headers=StatusAndHeaders(f"GET {recording.url} HTTP/1.1", [("User-Agent", "CCBot/3.1")],
                                      is_http_request=True))
    writer.write_record(request)
    writer.write_record(response)


def build_ccnews_site(root: Path) -> CcNewsSite:
    ofweek = _portal_cases("ofweek")
    ithome = _portal_cases("ithome")
    theverge = [recording for recording, _ in _portal_cases("theverge")]
    gazette = sorted(RecordingStore(GAZETTE), key=lambda recording: recording.url)
    gazette_articles = [recording for recording in gazette if "/2024/" in recording.url]
    gazette_other = [recording for recording in gazette
                     if recording.url.rstrip("/") == "https://www.riverside-gazette.example"]
    partner = list(RecordingStore(GAZETTE.parent / "www.partner-wire.example"))
    site = CcNewsSite(root=root, paths=[])
    files: list[list[Recording]] = [
        [recording for recording, _ in ofweek] + theverge[:3],
        [recording for recording, _ in ithome] + partner + gazette_other,
        gazette_articles[:-1],
    ]
    for recording, archived in ofweek + ithome:
        (site.wanted_articles if archived else site.never_archived).add(recording.url)
    site.wanted_articles |= {recording.url for recording in gazette_articles[:-1]}
    site.never_archived |= {recording.url for recording in theverge[:3] + partner + gazette_other}
    folder = root / MONTH_FOLDER
    folder.mkdir(parents=True)
    for number, recordings in enumerate(files):
        path = f"{MONTH_FOLDER}/CC-NEWS-2024051408{number:02d}00-{number:05d}.warc.gz"
        stream = io.BytesIO()
        writer = WARCWriter(stream, gzip=True, warc_version="1.0")
        writer.write_record(writer.create_warcinfo_record(path.rsplit("/", 1)[1],
                                                          {"software": "StormCrawler 2.10 (a loopback stand-in)"}))
        for recording in recordings:
            _record(writer, recording)
        data = stream.getvalue()
        if number == len(files) - 1:
            cut = gazette_articles[-1]
            site.never_archived.add(cut.url)
            last = io.BytesIO()
            _record(WARCWriter(last, gzip=True, warc_version="1.0"), cut)
            data += last.getvalue()[: len(last.getvalue()) * 2 // 3]  # cut inside the response's member
        (root / path).write_bytes(data)
        site.paths.append(path)
    (folder / "warc.paths.gz").write_bytes(gzip.compress(("\n".join(site.paths) + "\n").encode()))
    return site
