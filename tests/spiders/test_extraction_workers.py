"""Extraction in worker processes (``NEWSCRAWL_EXTRACT_PROCESSES``): the same records as in the reactor thread,
and a worker killed mid-crawl loses nothing."""

from __future__ import annotations

import json
import multiprocessing
import os
import pickle
import re
import select
import signal
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import psutil
import pytest

from newscrawl.extract.fetched import FetchedPage, extract_fetched, extract_fetched_by_name
from newscrawl.portal_cases import all_cases, case_response
from newscrawl.spiders.extraction_workers import (
    OUTCOMES_FOLDER_PREFIX,
    PRELOADED_MODULES,
    STALE_OUTCOMES_SECONDS,
    ExtractionWorkers,
    configured_processes,
    default_processes,
    extract_into_file,
    read_outcome,
)
from tests.conftest import FIXTURES, PROJECT_ROOT, REPLAY_DIR, json_records, run_scrapy
from tests.servers.generated_site import GeneratedSite, generated_site_server

SITE = GeneratedSite(articles=300, per_page=100, realistic=True)
KILLS = 3


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in record.items() if name != "fetched_at"}


def test_the_default_is_every_core_but_the_reactors_and_at_least_one() -> None:
    assert default_processes() == max(1, len(os.sched_getaffinity(0)) - 1)
    assert configured_processes(None) == configured_processes("") == default_processes()
    assert configured_processes("0") == 0 and configured_processes(3) == 3
    with pytest.raises(ValueError):
        configured_processes("-1")


def test_a_worker_process_gives_the_records_of_the_reactor_thread_on_every_portal_case() -> None:
    """Every recorded case, extracted in a worker (pickled there and back) and in this process."""
    jobs = []
    for case in all_cases(FIXTURES / "portals"):
        response = case_response(case.folder, case.meta)
        content_type = (response.headers.get(b"Content-Type") or b"").decode("latin-1") or None
        jobs.append((FetchedPage(url=response.url, body=response.body, content_type=content_type,
                                 status=response.status, channel=case.meta.get("channel")), case.portal))
    assert len(jobs) > 50
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(PRELOADED_MODULES)
    with ProcessPoolExecutor(1, mp_context=context) as pool:
        in_worker = list(pool.map(extract_fetched_by_name, [job for job, _ in jobs],
                                  [portal.name for _, portal in jobs], chunksize=8))
    for (job, portal), outcome in zip(jobs, in_worker, strict=True):
        here = extract_fetched(job, portal)
        assert outcome.blocked == here.blocked, job.url
        assert outcome.continuation == here.continuation, job.url
        if here.article is None:
            assert outcome.article is None
            continue
        assert outcome.article is not None
        assert _comparable(outcome.article.to_dict()) == _comparable(here.article.to_dict()), job.url


def test_a_long_articles_outcome_crosses_the_pipe_as_one_short_write(tmp_path: Path) -> None:
    """multiprocessing writes a message over 16 KB in two writes, and a worker killed between them leaves the
    executor's manager thread waiting forever: the outcome goes through a file, the pipe carries its name."""
    paragraphs = "".join(f"<p>Paragraph {number}: " + "words of a long article, " * 30 + "</p>" for number in range(60))
    html = f"<html><head><title>Long</title></head><body><article><h1>Long</h1>{paragraphs}</article></body></html>"
    fetched = FetchedPage(url="https://example.com/2024/01/02/long", body=html.encode(),
                          content_type="text/html; charset=utf-8")
    assert len(pickle.dumps(extract_fetched_by_name(fetched, None))) > 16384
    path = extract_into_file(fetched, None, str(tmp_path))
    assert len(pickle.dumps(path)) < select.PIPE_BUF  # the kernel writes it to a pipe whole
    outcome = read_outcome(path)
    assert outcome.article is not None and "Paragraph 59" in (outcome.article.body_text or "")
    assert list(tmp_path.iterdir()) == []  # read once, then gone
    # A folder another crawl removed (taking this one for gone) is made again rather than the page lost.
    assert read_outcome(extract_into_file(fetched, None, str(tmp_path / "removed"))).article is not None


def test_a_new_pool_removes_the_outcomes_folders_of_crawls_that_are_gone(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """A crawl killed together with its workers (``kill -9`` of the group) leaves its folder: the next one removes
    it once it is an hour old, and leaves a running crawl's alone."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    gone_process = subprocess.Popen([sys.executable, "-c", "pass"])
    gone_process.wait()
    gone = tmp_path / f"{OUTCOMES_FOLDER_PREFIX}{gone_process.pid}-x1"
    running = tmp_path / f"{OUTCOMES_FOLDER_PREFIX}{os.getppid()}-x2"
    recent = tmp_path / f"{OUTCOMES_FOLDER_PREFIX}{gone_process.pid}-x3"
    for folder in (gone, running, recent):
        folder.mkdir()
        (folder / "a.outcome").write_bytes(b"x")
    an_hour_ago = time.time() - STALE_OUTCOMES_SECONDS - 1
    for folder in (gone, running):
        os.utime(folder, (an_hour_ago, an_hour_ago))
    workers = ExtractionWorkers(1)
    try:
        assert not gone.exists() and running.exists() and recent.exists()
        assert Path(workers._outcomes_folder).parent == tmp_path
    finally:
        workers.close()
    assert not Path(workers._outcomes_folder).exists()


def test_a_replay_crawl_writes_the_same_archive_with_workers_and_without(tmp_path: Path) -> None:
    archives = {}
    for processes in ("0", "2"):
        archive = tmp_path / f"processes-{processes}"
        result = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}", "-s",
                            f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", f"NEWSCRAWL_EXTRACT_PROCESSES={processes}")
        assert result.returncode == 0, result.stderr[-3000:]
        archives[processes] = archive
    posts = {name: {path.relative_to(archive).as_posix(): path.read_bytes()
                    for path in (archive / "posts").rglob("*.md")} for name, archive in archives.items()}
    assert posts["0"] and posts["0"] == posts["2"]
    records = {name: sorted((_comparable(record) for record in json_records(archive / "articles.jsonl")),
                            key=lambda record: record["url"]) for name, archive in archives.items()}
    assert records["0"] and records["0"] == records["2"]


def _extraction_workers(crawl: psutil.Process) -> list[psutil.Process]:
    """The crawl's extraction workers: the children of its fork server."""
    try:
        for child in crawl.children():
            if "forkserver" in " ".join(child.cmdline()):
                return child.children()
    except psutil.NoSuchProcess:
        pass
    return []


def _is_extracting(worker: psutil.Process) -> bool:
    """Whether the worker is on (or waiting for) a core: an idle worker sleeps reading its queue."""
    try:
        return worker.status() == psutil.STATUS_RUNNING
    except psutil.NoSuchProcess:
        return False


def _lines(path: Path) -> int:
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_a_worker_killed_mid_crawl_is_replaced_and_its_pages_extracted_again(tmp_path: Path) -> None:
    archive, log = tmp_path / "archive", tmp_path / "crawl.log"
    with generated_site_server(SITE, tmp_path / "requests.log", prerender=True) as site:
        arguments = [
            "crawl", "news", "-a", f"url={site.origin}/", "-a", f"max_pages={SITE.listing_pages + 1}",
            "-a", "discover=links", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "NEWSCRAWL_EXTRACT_PROCESSES=1",
            "-s", "CONCURRENT_REQUESTS=16", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16", "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO",
        ]
        with log.open("wb") as output:
            crawl = subprocess.Popen([sys.executable, "-m", "scrapy", *arguments], cwd=PROJECT_ROOT, stdout=output,
                                     stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
        killed: list[int] = []
        try:
            process = psutil.Process(crawl.pid)
            deadline = time.monotonic() + 120
            while len(killed) < KILLS and crawl.poll() is None and time.monotonic() < deadline:
                workers = [worker for worker in _extraction_workers(process)
                           if worker.pid not in killed and _is_extracting(worker)]
                # Kill while articles are coming in (after the first lines of each quarter of the site), and while
                # the worker has a page: one killed between pages has nothing to extract again.
                if workers and _lines(archive / "articles.jsonl") >= 10 + len(killed) * SITE.articles // 4:
                    os.kill(workers[0].pid, signal.SIGKILL)
                    killed.append(workers[0].pid)
                time.sleep(0.02)
            returncode = crawl.wait(timeout=180)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
    output = log.read_text(encoding="utf-8", errors="replace")
    assert len(killed) == KILLS, f"the crawl ended before {KILLS} kills: {output[-3000:]}"
    assert returncode == 0, output[-3000:]
    urls = [record["url"] for record in json_records(archive / "articles.jsonl")]
    assert len(urls) == len(set(urls)) == SITE.articles
    replaced = re.search(r"'newscrawl/extract/workers_replaced': (\d+)", output)
    assert replaced is not None and int(replaced.group(1)) >= KILLS, output[-3000:]
    assert "Extraction worker died; extracting" in output
    assert "given_up" not in output
    report = json.loads(sorted((archive / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
    assert report.get("exit_status", 0) == 0


def test_a_crawl_killed_with_sigkill_leaves_no_worker_behind(tmp_path: Path) -> None:
    # The crawl's TMPDIR, where its workers leave their outcomes: short, for the fork server's socket path in it.
    with tempfile.TemporaryDirectory(prefix="nc-") as temporary:
        started = _kill_a_crawl_once_its_worker_runs(tmp_path, Path(temporary))
        _, alive = psutil.wait_procs(started, timeout=15)
        assert not alive, [" ".join(child.cmdline())[:120] for child in alive]
        left = list(Path(temporary).glob(OUTCOMES_FOLDER_PREFIX + "*"))
        assert not left, "the killed crawl's outcomes folder is left behind"


def _kill_a_crawl_once_its_worker_runs(tmp_path: Path, temporary: Path) -> list[psutil.Process]:
    """SIGKILL a crawl of the generated site once its extraction worker is up; the processes it had started."""
    archive = tmp_path / "archive"
    with generated_site_server(SITE, tmp_path / "requests.log", prerender=True) as site:
        arguments = ["crawl", "news", "-a", f"url={site.origin}/", "-a", "discover=links",
                     "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "NEWSCRAWL_EXTRACT_PROCESSES=1",
                     "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]
        crawl = subprocess.Popen([sys.executable, "-m", "scrapy", *arguments], cwd=PROJECT_ROOT,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                 env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "TMPDIR": str(temporary)})
        try:
            process = psutil.Process(crawl.pid)
            deadline = time.monotonic() + 120
            started: list[psutil.Process] = []
            while not started and crawl.poll() is None and time.monotonic() < deadline:
                if _extraction_workers(process):
                    started = [*process.children(recursive=True)]
                time.sleep(0.05)
            assert started, "no extraction worker started"
            crawl.send_signal(signal.SIGKILL)
            crawl.wait(timeout=30)
        finally:
            if crawl.poll() is None:
                crawl.kill()
                crawl.wait()
    return started
