"""``scrapy crawl ccnews``: a month of loopback CC-NEWS (tests/warc/ccnews_site.py) served over HTTP on 127.0.0.1
is backfilled into the archive; a rerun writes nothing new; the files done are not read again."""

from __future__ import annotations

import gzip
import json
import shutil
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import json_records, run_scrapy
from tests.warc.ccnews_site import MONTH, CcNewsSite, build_ccnews_site

FILTERS = ("-a", "portals=ofweek,ithome", "-a", "hosts=www.riverside-gazette.example")


@dataclass
class Server:
    site: CcNewsSite
    origin: str
    paths: list[str]


class _Handler(SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.requested.append(self.path)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    site = build_ccnews_site(tmp_path_factory.mktemp("ccnews") / "commoncrawl")
    requested: list[str] = []
    handler = type("Handler", (_Handler,), {"requested": requested})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(site.root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield Server(site, f"http://127.0.0.1:{httpd.server_address[1]}/", requested)
    finally:
        httpd.shutdown()
        httpd.server_close()


def _backfill(archive: Path, base: str, *arguments: str) -> tuple[dict[str, Any], str]:
    result = run_scrapy("crawl", "ccnews", "-a", f"month={MONTH}", *arguments, "-s", f"NEWSCRAWL_CCNEWS_BASE={base}",
                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}")
    assert result.returncode == 0, result.stderr[-5000:]
    report = json.loads(sorted((archive / "runs").glob("*-ccnews.json"))[-1].read_text(encoding="utf-8"))
    return report, result.stderr


@pytest.fixture(scope="module")
def backfilled(server: Server, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any], str]:
    archive = tmp_path_factory.mktemp("archive") / "archive"
    report, log = _backfill(archive, server.origin, *FILTERS)
    return archive, report, log


def test_every_wanted_article_is_archived(server: Server, backfilled: tuple[Path, dict[str, Any], str]) -> None:
    archive, report, _ = backfilled
    records = json_records(archive / "articles.jsonl")
    urls = {record["url"] for record in records}
    assert urls == server.site.wanted_articles
    assert not urls & server.site.never_archived
    assert report["articles"]["new"] == len(server.site.wanted_articles) == len(records)
    assert len(list((archive / "posts").rglob("*.md"))) == len(records)
    portals = {record["portal"] for record in records}
    assert portals == {"ofweek", "ithome", None}  # the Gazette has no portal: generic extraction
    gazette = [record for record in records if record["portal"] is None]
    assert all(record["categories"] == ["新媒体", "The Riverside Gazette", "最新"] for record in gazette)
    # GBK pages read right: the OFweek listing's titles are Chinese, not mojibake.
    gbk_page = next(record for record in records if "/display/2022-08/ART-8321303" in record["url"])
    assert gbk_page["title"] == "京东方、TCL华星加速Mini LED布局，背光显示器出货量持续攀升"


def test_the_log_shows_progress_and_the_cut_record(backfilled: tuple[Path, dict[str, Any], str]) -> None:
    _, _, log = backfilled
    assert "ccnews: 3/3 WARC files done" in log
    assert "records/s" in log and "articles/s" in log
    assert "Truncated WARC record for https://www.riverside-gazette.example/" in log


def test_the_files_were_streamed_and_recorded_as_done(server: Server,
                                                      backfilled: tuple[Path, dict[str, Any], str]) -> None:
    archive, _, _ = backfilled
    state = json.loads((archive / "ccnews" / f"{MONTH}.json").read_text(encoding="utf-8"))
    assert sorted(state["done"]) == server.site.paths
    assert all(f"/{path}" in server.paths for path in server.site.paths)


def test_a_rerun_writes_nothing_new_and_reads_no_file_again(
    server: Server, backfilled: tuple[Path, dict[str, Any], str]
) -> None:
    archive, _, _ = backfilled
    lines = (archive / "articles.jsonl").read_bytes()
    fetched_before = len(server.paths)
    report, _ = _backfill(archive, server.origin, *FILTERS)
    assert report["articles"] == {"new": 0, "updated": 0, "unchanged": 0}
    assert report["exit_status"] == 0
    assert (archive / "articles.jsonl").read_bytes() == lines
    assert [path for path in server.paths[fetched_before:] if path.endswith(".warc.gz")] == []


def test_a_file_not_recorded_as_done_is_read_again_and_its_known_articles_skipped(
    server: Server, backfilled: tuple[Path, dict[str, Any], str], tmp_path: Path
) -> None:
    archive, _, _ = backfilled
    state_path = archive / "ccnews" / f"{MONTH}.json"
    state = json.loads(state_path.read_text(encoding="utf-8"))
    del state["done"][server.site.paths[0]]  # as if the run had been killed while reading the first file
    state_path.write_text(json.dumps(state), encoding="utf-8")
    lines = (archive / "articles.jsonl").read_bytes()
    report, _ = _backfill(archive, server.origin, *FILTERS)
    assert report["articles"]["new"] == 0
    assert report["listing"]["skipped_known"] >= 15
    assert (archive / "articles.jsonl").read_bytes() == lines
    assert sorted(json.loads(state_path.read_text(encoding="utf-8"))["done"]) == server.site.paths


def test_local_files_and_host_filters(server: Server, tmp_path: Path) -> None:
    report, _ = _backfill(tmp_path / "archive", str(server.site.root), "-a", "portals=ithome")
    records = json_records(tmp_path / "archive" / "articles.jsonl")
    assert report["articles"]["new"] == len(records)
    assert records and {record["portal"] for record in records} == {"ithome"}
    assert {record["url"] for record in records} < server.site.wanted_articles


def test_bad_arguments_stop_the_crawl_before_it_starts(tmp_path: Path) -> None:
    for arguments in (("-a", "month=2024-13"), ("-a", f"month={MONTH}", "-a", "portals=nosuch")):
        result = run_scrapy("crawl", "ccnews", *arguments, "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path}")
        assert result.returncode == 1
        assert "month=YYYY-MM" in result.stderr or "unknown portal 'nosuch'" in result.stderr


def test_a_file_that_cannot_be_read_is_left_to_the_next_run(server: Server, tmp_path: Path) -> None:
    root = tmp_path / "commoncrawl"
    shutil.copytree(server.site.root, root)
    listed = root / server.site.paths[0].rsplit("/", 1)[0] / "warc.paths.gz"
    missing = server.site.paths[0].rsplit("/", 1)[0] + "/CC-NEWS-20240514090000-00009.warc.gz"
    listed.write_bytes(gzip.compress(("\n".join([missing, *server.site.paths]) + "\n").encode()))
    result = run_scrapy("crawl", "ccnews", "-a", f"month={MONTH}", "-a", "portals=ithome",
                        "-s", f"NEWSCRAWL_CCNEWS_BASE={root}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={tmp_path / 'archive'}")
    assert result.returncode == 3, result.stderr[-3000:]  # partial: the rest was archived
    assert f"Cannot read the WARC file {missing}" in result.stderr
    state = json.loads((tmp_path / "archive" / "ccnews" / f"{MONTH}.json").read_text(encoding="utf-8"))
    assert sorted(state["done"]) == server.site.paths
    assert json_records(tmp_path / "archive" / "articles.jsonl")
