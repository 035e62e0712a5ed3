"""Real web-archive clients read the WARC files the capture writes: ``cdxj-indexer`` indexes them, pywb
(``wb-manager`` + ``wayback`` on 127.0.0.1) replays an archived article byte for byte from that index, and the
``wacz`` tool packages them into a WACZ that validates and that newscrawl's replay answers from.

cdxj-indexer and wacz come with the ``test`` extra. pywb cannot: it pins ``redis==2.10.6`` (and ``werkzeug``,
``pyOpenSSL``), which no resolver can put beside the ``redis>=5`` of scrapy-redis in the same extra. So, as the Hexo
test does with npm, pywb is installed once from ``pywb-requirements.txt`` into a virtualenv of its own in a cache
folder keyed by that file (``$NEWSCRAWL_PYWB_CACHE``, default ``~/.cache/newscrawl-pywb/<hash>``); a failed install
fails the tests.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from newscrawl.recordings import RecordingStore
from newscrawl.warc.reader import read_responses
from newscrawl.warc.replay import ReplayRecordings
from tests.conftest import REPLAY_DIR
from tests.warc.conftest import IMAGE_URL, CapturedCrawl, one_pixel_png

REQUIREMENTS = Path(__file__).with_name("pywb-requirements.txt")
SEED_URL = "https://mp.ofweek.com/ev/a556714178926"
LISTING_URL = "https://www.ofweek.com/CATList-8100-CHANGYIEXINWE.html"
INSTALL_TIMEOUT = 600
START_TIMEOUT = 60


def _tool(name: str) -> list[str]:
    """A console script of the running environment's packages (the test extra), run with its interpreter."""
    module = {"cdxj-indexer": "cdxj_indexer.main", "wacz": "wacz.main"}[name]
    return [sys.executable, "-m", module]


def pywb_cache_root() -> Path:
    configured = os.environ.get("NEWSCRAWL_PYWB_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newscrawl-pywb"


@pytest.fixture(scope="session")
def pywb_bin() -> Path:
    """The bin folder of a virtualenv holding pywb, made once per requirements file."""
    prepared = pywb_cache_root() / hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]
    done = prepared / "installed"
    if done.is_file():
        return prepared / "bin"
    shutil.rmtree(prepared, ignore_errors=True)  # a half install (killed) is made again
    prepared.parent.mkdir(parents=True, exist_ok=True)
    base_python = Path(sys.base_prefix) / "bin" / "python3"
    commands = [[str(base_python), "-m", "venv", str(prepared)],
                [str(prepared / "bin" / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                 "-r", str(REQUIREMENTS)]]
    for command in commands:
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT)
        except subprocess.TimeoutExpired as timeout:
            pytest.fail(f"`{' '.join(command)}` did not finish in {INSTALL_TIMEOUT} s: {timeout.stderr!r}")
        if result.returncode != 0:
            pytest.fail(f"`{' '.join(command)}` failed with exit {result.returncode}:\n{result.stderr[-5000:]}")
    done.write_text(REQUIREMENTS.read_text())
    return prepared / "bin"


def _index(captured_crawl: CapturedCrawl, folder: Path) -> list[tuple[str, str, dict[str, str]]]:
    result = subprocess.run([*_tool("cdxj-indexer"), "--sort", *map(str, captured_crawl.warc_files())],
                            cwd=captured_crawl.warc_dir, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    (folder / "index.cdxj").write_text(result.stdout)
    lines = []
    for line in result.stdout.splitlines():
        key, timestamp, fields = line.split(" ", 2)
        lines.append((key, timestamp, json.loads(fields)))
    return lines


def test_cdxj_indexer_indexes_every_response(captured_crawl: CapturedCrawl, tmp_path: Path) -> None:
    lines = _index(captured_crawl, tmp_path)
    responses = {}
    for path in captured_crawl.warc_files():
        with path.open("rb") as stream:
            responses.update({response.url: response for response in read_responses(stream)})
    indexed = {fields["url"]: (key, fields) for key, _, fields in lines}
    assert set(indexed) == set(responses)  # responses only (requests are not indexed)
    key, seed = indexed[SEED_URL]
    assert key == "com,ofweek,mp)/ev/a556714178926"
    assert seed["status"] == "200" and seed["mime"] == "text/html"
    assert seed["filename"] in {path.name for path in captured_crawl.warc_files()}
    assert seed["digest"].startswith("sha1:")
    assert indexed[IMAGE_URL][1]["mime"] == "image/png"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture
def wayback(pywb_bin: Path, captured_crawl: CapturedCrawl, tmp_path: Path) -> Iterator[str]:
    """pywb serving collection ``news``: the captured WARC files with cdxj-indexer's index. Yields its origin."""
    root = tmp_path / "pywb"
    root.mkdir()
    result = subprocess.run([str(pywb_bin / "wb-manager"), "init", "news"], cwd=root, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    collection = root / "collections" / "news"
    for path in captured_crawl.warc_files():
        shutil.copy(path, collection / "archive" / path.name)
    _index(captured_crawl, collection / "indexes")
    port = _free_port()
    log = (tmp_path / "wayback.log").open("w")
    server = subprocess.Popen([str(pywb_bin / "wayback"), "--bind", "127.0.0.1", "--port", str(port)], cwd=root,
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"wayback did not start: {(tmp_path / 'wayback.log').read_text()[-3000:]}")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _get(url: str) -> tuple[int, dict[str, str], bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, dict(response.headers), response.read()


def test_pywb_replays_the_archived_pages_byte_for_byte(wayback: str) -> None:
    recordings = RecordingStore(REPLAY_DIR)
    for url in (SEED_URL, LISTING_URL):
        recording = recordings.find("GET", url)
        assert recording is not None
        status, headers, body = _get(f"{wayback}/news/id_/{url}")  # id_: the bytes as archived, not rewritten
        assert status == 200
        assert body == recording.body()
        assert headers["Content-Type"] == recording.headers["Content-Type"][0]
        assert "Memento-Datetime" in headers
    status, headers, body = _get(f"{wayback}/news/id_/{IMAGE_URL}")
    assert (status, headers["Content-Type"], body) == (200, "image/png", one_pixel_png())
    # The page as a browser sees it inside the archive's frame (mp_: links rewritten to point into the archive).
    status, _, page = _get(f"{wayback}/news/mp_/{SEED_URL}")
    assert status == 200 and "三人成虎".encode() in page
    assert f"{wayback}/news/".encode() in page


def test_wacz_packages_the_warcs_for_replayweb_page(captured_crawl: CapturedCrawl, tmp_path: Path) -> None:
    package = tmp_path / "replay" / "crawl.wacz"
    package.parent.mkdir()
    created = subprocess.run([*_tool("wacz"), "create", "-o", str(package), *map(str, captured_crawl.warc_files())],
                             cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert created.returncode == 0, created.stderr
    validated = subprocess.run([*_tool("wacz"), "validate", "-f", str(package)], cwd=tmp_path, capture_output=True,
                               text=True, timeout=120)
    assert validated.returncode == 0, validated.stdout + validated.stderr
    recordings = ReplayRecordings(package.parent)
    seed = recordings.find("GET", SEED_URL)
    expected = RecordingStore(REPLAY_DIR).find("GET", SEED_URL)
    assert seed is not None and expected is not None and seed.body() == expected.body()
