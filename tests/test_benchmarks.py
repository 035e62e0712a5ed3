"""The benchmark scripts run and measure the crawls they name, on a small site. How fast is never asserted: the
figures are printed for people to read (performance goals are checked by running the scripts, not by tests)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

from tests.conftest import PROJECT_ROOT
from tests.servers.redis_server import redis_server_executable

ARTICLES = 60


def _run(*arguments: str, timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *arguments], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_the_crawl_benchmark_measures_each_crawl_of_the_whole_site() -> None:
    redis_server_executable()  # the benchmark starts its own; in CI this installs it first
    result = _run("benchmarks/crawl.py", "--articles", str(ARTICLES), "--workers", "2", "--independent",
                  "--extraction-pages", "3", "--timeout", "120", "--json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.splitlines()[-1])

    # The peer (p) needs trafilatura, which only the bench extra installs.
    peer = ("(p) scrapy + trafilatura",) if importlib.util.find_spec("trafilatura") else ()
    for label in ("(a) bare parsel spider", *peer, "(b) scrapy crawl news"):
        assert figures[label]["articles"] == ARTICLES and figures[label]["exit_code"] == 0, label
        assert figures[label]["cpu_ms_per_article"] > 0 and figures[label]["peak_rss_mb"] > 0, label
    assert figures["ratio"] > 0
    assert figures["threads"]["main_ms"] > 0 and figures["threads"]["other_ms"] > 0  # the writer has its thread

    (pair,) = figures["redis"]["pairs"]
    for crawl in (pair["one"], pair["several"]):
        assert crawl["articles"] == ARTICLES and crawl["article_fetches"] == ARTICLES and crawl["exit_code"] == 0
        assert crawl["redis_cpu_seconds"] >= 0 and crawl["extra"]["redis_calls"]["evalsha"] > 0
        timeline = crawl["extra"]["timeline"]
        assert timeline["to_first_article"] >= 0 and 0 <= timeline["after_last_article"] < crawl["seconds"]
    assert sum(pair["several"]["extra"]["items_per_worker"]) == ARTICLES
    assert len(pair["several"]["extra"]["items_per_worker"]) == 2
    assert figures["redis"]["speedups"] == [figures["redis"]["speedup"]] and figures["redis"]["speedup"] > 0
    assert len(figures["redis"]["machine_scaling"]) == 1 and figures["redis"]["machine_scaling"][0] > 0
    (independent,) = figures["independent"]
    assert independent["articles"] == 2 * ARTICLES and independent["exit_code"] == 0  # each crawl the whole site

    newscrawl = figures["extraction"]["newscrawl article_from_response(portal None)"]
    assert newscrawl["pages"] == 3 and newscrawl["median_ms"] > 0


def test_the_writer_benchmark_writes_every_article_with_and_without_fsync() -> None:
    for extra in ((), ("--without-fsync",)):
        result = _run("benchmarks/archive_writes.py", "--articles", "20", "--batches", "1,2", "--runs", "1", *extra)
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        lines = result.stdout.splitlines()
        assert ("os.fsync stubbed out" in lines[0]) == bool(extra)
        assert [line.split(":")[0].strip() for line in lines[2:]] == ["batches of 1", "batches of 2"]


def test_the_warc_benchmark_measures_the_capture_the_backfill_and_the_floor() -> None:
    result = _run("benchmarks/warc.py", "--articles", "30", "--runs", "1", "--timeout", "120", "--json")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    figures = json.loads(result.stdout.splitlines()[-1])
    capture = figures["capture"]
    assert capture["articles"] == 30 and capture["warc_files"] >= 1 and capture["warc_bytes_per_article"] > 0
    assert capture["with_cpu_ms_per_article"] > 0 and capture["without_cpu_ms_per_article"] > 0
    backfill = figures["backfill"]
    assert backfill["articles"] == 30 and backfill["exit_code"] == 0
    assert backfill["records_per_cpu_second"] > 0 and backfill["articles_per_cpu_second"] > 0
    assert figures["floor"]["records"] == backfill["records"] > 60  # a request and a response per page, warcinfo
