"""Replay mode: requests answered from recordings with their status, headers and bytes; never fetched live."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse
from scrapy.utils.test import get_crawler

from newscrawl.downloadhandlers.replay import MissingRecording, ReplayDownloadHandler
from newscrawl.recordings import RecordingStore


def _record(
    folder: Path, url: str, body: bytes, status: int = 200, content_type: str = "text/html; charset=GBK"
) -> None:
    host_folder = folder / "example.com"
    host_folder.mkdir(parents=True, exist_ok=True)
    name = f"r{len(list(host_folder.glob('*.json')))}"
    (host_folder / f"{name}.body").write_bytes(body)
    (host_folder / f"{name}.json").write_text(json.dumps({
        "url": url, "method": "GET", "status": status, "headers": {"Content-Type": [content_type]},
        "body_file": f"{name}.body", "provenance": "test"}))


def _handler(folder: Path) -> ReplayDownloadHandler:
    return ReplayDownloadHandler(get_crawler(settings_dict={"NEWSCRAWL_REPLAY_DIR": str(folder)}))


def test_recorded_response_keeps_status_headers_and_bytes(tmp_path: Path) -> None:
    body = "<html><body>维科网</body></html>".encode("gbk")
    _record(tmp_path, "https://example.com/list.html", body, status=203)
    response = asyncio.run(_handler(tmp_path).download_request(Request("https://example.com/list.html")))
    assert isinstance(response, HtmlResponse)
    assert response.status == 203
    assert response.body == body
    assert "维科网" in response.text


def test_lookup_ignores_fragment_and_query_order(tmp_path: Path) -> None:
    _record(tmp_path, "https://example.com/a?x=1&y=2", b"<html></html>")
    store = RecordingStore(tmp_path)
    assert store.find("GET", "https://example.com/a?y=2&x=1#top") is not None


def test_a_request_without_recording_fails_loudly(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    _record(tmp_path, "https://example.com/a", b"<html></html>")
    with pytest.raises(MissingRecording):
        asyncio.run(_handler(tmp_path).download_request(Request("https://example.com/not-recorded")))
    assert "No recording for GET https://example.com/not-recorded" in caplog.text


def test_unrecorded_robots_txt_reads_as_absent(tmp_path: Path) -> None:
    _record(tmp_path, "https://example.com/a", b"<html></html>")
    response = asyncio.run(_handler(tmp_path).download_request(Request("https://example.com/robots.txt")))
    assert response.status == 404


def test_two_recordings_for_one_url_are_refused(tmp_path: Path) -> None:
    _record(tmp_path, "https://example.com/a", b"1")
    _record(tmp_path, "https://example.com/a#x", b"2")
    with pytest.raises(ValueError, match="two recordings"):
        RecordingStore(tmp_path)
