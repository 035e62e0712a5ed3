"""Crawl speed: newscrawl's whole pipeline against a bare Scrapy spider and against the crawl a user would write
instead (Scrapy + trafilatura), on one loopback site; one crawl on every core; and extraction alone.

    .venv/bin/python benchmarks/crawl.py [--articles 2000] [--concurrency 16] [--runs 1] [--workers 2]
                                         [--extraction-pages 200] [--profile DIR] [--keep DIR] [--json]

Starts ``tests/servers/generated_site.py`` with ``--realistic --prerender`` on 127.0.0.1 (N article pages of
40-100 KB with JSON-LD, OpenGraph, boilerplate, lazy images; paginated listings, an RSS feed, a sitemap index
named by robots.txt; every page rendered before the first request, so the server costs the crawler's core only
its HTTP), then measures, each crawl in its own process with the same settings and concurrency:

(a) **bare**: a plain Scrapy spider (no newscrawl setting, middleware or pipeline) that follows the listings'
    next links and reads each article's title and paragraphs with parsel: the framework's limit here;
(p) **peer**: what a user would write instead (``benchmarks/peer_spider.py``): the same listings followed by a
    plain Scrapy spider calling ``trafilatura.bare_extraction(html, url=..., with_metadata=True)`` on every
    article and writing JSON lines through Scrapy's feed exports;
(b0) **news in one thread**: (b) with ``NEWSCRAWL_EXTRACT_PROCESSES=0``, extraction in the reactor thread;
(b) **news**: ``scrapy crawl news -a url=<site>/`` with the project's settings (extraction in
    ``NEWSCRAWL_EXTRACT_PROCESSES`` worker processes, by default the cores minus one) and the whole pipeline
    writing posts, JSON lines, the ledger and the run report into a fresh archive.

The crawls take turns, run after run ((a), (p), (b0), (b), then the machine's own scaling: as many CPU-bound
processes as the machine has cores, over one); each run's (b)/(p) and (b)/(b0) are taken, and their medians
printed: (b)/(p) (goal >= 2) and the one-crawl speed-up (b)/(b0) beside the machine's scaling (goal >= 0.8 of it).

For each: articles/s over the crawl (engine start to spider close, measured inside the process by the probe
extension below), CPU ms per article (the process's CPU time in the crawl / articles; the whole process's CPU,
start-up included, is printed too), peak RSS (``ru_maxrss``); then the ratio (b)/(a), and (b)'s CPU split between
its reactor thread and its other threads (the archive writer) with the speed-up that split allows N workers on
this machine's cores at most. With ``--workers 2`` also the shared crawl on scrapy-redis (``NEWSCRAWL_REDIS_URL``:
``newscrawl/shared_crawl/``, the redis extra): the same crawl by 1 worker, then by 2 workers
sharing one Redis (a ``redis-server`` started on 127.0.0.1 for the run), and the speed-up of 2 over 1
(``--runs`` pairs, taking turns, every other pair starting with N workers; the median of the pairs' speed-ups),
each pair followed by the machine's own scaling (N CPU-bound processes at once over one). Each crawl on Redis
also prints its timeline: when the workers' engines started, the first article, and how long after the last
article the last worker closed.

Extraction alone, in this process, over ``--extraction-pages`` of the same pages: ms per page for
``newscrawl.extract.article.article_from_response(response, None)`` (what ``news`` runs for every article) and
for trafilatura's ``bare_extraction(html, url=..., with_metadata=True)`` (``pip install -e '.[bench]'``); then CPU
ms per article by stage (decoding, challenge check, parsing, fields and body, the pickled trip to a worker and
back, normalisation, the JSON line). (b)'s CPU includes its extraction workers' (read from ``/proc`` when the
spider closes).

``--profile DIR`` runs (b) once more under cProfile (``DIR/news.prof``) and prints its top functions.
Everything is bounded: each crawl is killed after ``--timeout`` seconds, and the site and Redis exit with this
script.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

import scrapy  # noqa: E402
from scrapy import signals  # noqa: E402
from scrapy.crawler import Crawler  # noqa: E402
from scrapy.http import Response  # noqa: E402

from benchmarks.listing_spider import ListingSpider  # noqa: E402
from tests.servers.generated_site import GeneratedSite, RunningSite, generated_site_server  # noqa: E402

PROBE_SETTING = "BENCHMARK_PROBE_OUTPUT"
NEWS_LABEL = "(b) scrapy crawl news"
IN_REACTOR_LABEL = "(b0) news, EXTRACT_PROCESSES=0"
PEER_LABEL = "(p) scrapy + trafilatura"
PROBE = "benchmarks.crawl.CrawlProbe"


# ------------------------------------------------------------------------------------------------ in the crawl


class CrawlProbe:
    """Extension: writes wall time, CPU time, items and peak RSS of the crawl itself to ``BENCHMARK_PROBE_OUTPUT``.

    Measured from ``engine_started`` to ``spider_closed`` (after the item pipelines closed, so a final flush is
    counted), leaving out interpreter and Scrapy start-up, which the outside figures include.
    """

    def __init__(self, crawler: Crawler, output: Path) -> None:
        self.crawler = crawler
        self.output = output
        self.started = 0.0
        self.cpu_started = 0.0
        self.main_cpu_started = 0.0
        self.started_at = 0.0
        self.first_item_at: float | None = None
        self.last_item_at: float | None = None
        crawler.signals.connect(self.engine_started, signal=signals.engine_started)
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlProbe:
        return cls(crawler, Path(crawler.settings[PROBE_SETTING]))

    def engine_started(self) -> None:
        self.started = time.monotonic()
        self.cpu_started = time.process_time()
        self.main_cpu_started = time.thread_time()  # signals run in the reactor (main) thread
        self.started_at = time.time()  # wall clock: several workers' crawls are put on one time line

    def item_scraped(self) -> None:
        self.last_item_at = time.time()
        if self.first_item_at is None:
            self.first_item_at = self.last_item_at

    def spider_closed(self, spider: scrapy.Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        self.output.write_text(json.dumps({
            "seconds": time.monotonic() - self.started,
            "started_at": self.started_at,
            "closed_at": time.time(),
            "first_item_at": self.first_item_at,
            "last_item_at": self.last_item_at,
            "cpu_seconds": time.process_time() - self.cpu_started,
            "main_thread_cpu_seconds": time.thread_time() - self.main_cpu_started,
            "worker_cpu_seconds": _extraction_worker_cpu_seconds(self.crawler),
            "items": int(stats.get("item_scraped_count", 0)),
            "responses": int(stats.get("response_received_count", 0)),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "finish_reason": reason,
        }), encoding="utf-8")


def _extraction_worker_cpu_seconds(crawler: Crawler) -> float:
    """CPU of the crawl's extraction worker processes (``NEWSCRAWL_EXTRACT_PROCESSES``), still running here."""
    if "newscrawl.spiders.extraction_workers" not in sys.modules:
        return 0.0
    from newscrawl.spiders.extraction_workers import ExtractionWorkers

    workers = ExtractionWorkers.running(crawler)
    return sum(process_cpu_seconds(pid) for pid in workers.worker_pids()) if workers else 0.0


class BareSpider(ListingSpider):
    """Follows the listings' next links, reads every listed article's title and paragraphs: nothing else."""

    name = "bare"

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        yield {"url": response.url, "title": response.css("h1::text").get(),
               "paragraphs": response.css("p::text").getall()}


def run_bare_worker(url: str, settings: dict[str, Any]) -> None:
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess(settings, install_root_handler=True)
    process.crawl(BareSpider, url=url)
    process.start()


# ------------------------------------------------------------------------------------------------ measuring


@dataclass
class CrawlFigures:
    label: str
    articles: int
    seconds: float
    cpu_seconds: float
    process_seconds: float
    process_cpu_seconds: float
    peak_rss_mb: float
    exit_code: int
    article_fetches: int = 0
    #: CPU of the reactor thread alone (the rest of ``cpu_seconds`` is the archive writer, other threads and the
    #: extraction worker processes).
    main_thread_cpu_seconds: float = 0.0
    #: CPU of the extraction worker processes (included in ``cpu_seconds``).
    worker_cpu_seconds: float = 0.0
    #: CPU the loopback site and Redis used meanwhile: on one machine they share its cores with the crawl.
    site_cpu_seconds: float = 0.0
    redis_cpu_seconds: float = 0.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_article(self) -> float:
        return self.cpu_seconds * 1000 / self.articles if self.articles else 0.0

    @property
    def process_cpu_ms_per_article(self) -> float:
        return self.process_cpu_seconds * 1000 / self.articles if self.articles else 0.0

    @property
    def main_thread_cpu_ms_per_article(self) -> float:
        return self.main_thread_cpu_seconds * 1000 / self.articles if self.articles else 0.0

    def line(self) -> str:
        return (f"{self.label:<28} {self.articles:5d} articles in {self.seconds:6.1f} s = "
                f"{self.articles_per_second:6.1f} articles/s, CPU {self.cpu_ms_per_article:5.2f} ms/article "
                f"(whole process {self.process_cpu_ms_per_article:5.2f}), peak RSS {self.peak_rss_mb:5.0f} MB, "
                f"exit {self.exit_code}; meanwhile site {self._per_article_ms(self.site_cpu_seconds):.2f} ms"
                + (f", Redis {self._per_article_ms(self.redis_cpu_seconds):.2f} ms" if self.redis_cpu_seconds else "")
                + " CPU/article")

    def _per_article_ms(self, seconds: float) -> float:
        return seconds * 1000 / self.articles if self.articles else 0.0


def common_settings(concurrency: int) -> dict[str, Any]:
    """What (a) and (b) share: the concurrency, no politeness delays, one log level."""
    return {
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "DOWNLOAD_DELAY": 0,
        "AUTOTHROTTLE_ENABLED": False,
        "ROBOTSTXT_OBEY": True,
        "CONCURRENT_ITEMS": 10,
        "LOG_LEVEL": "INFO",
        "TELNETCONSOLE_ENABLED": False,
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
    }


def _setting_arguments(settings: dict[str, Any]) -> list[str]:
    arguments = []
    for name, value in settings.items():
        text = json.dumps(value) if isinstance(value, dict) else str(int(value) if isinstance(value, bool) else value)
        arguments += ["-s", f"{name}={text}"]
    return arguments


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}


@dataclass
class Launched:
    process: subprocess.Popen[bytes]
    probe: Path
    started: float


def _launch(command: list[str], log: Path, probe: Path) -> Launched:
    probe.unlink(missing_ok=True)
    with log.open("wb") as output:
        process = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env=_environment())
    return Launched(process, probe, time.monotonic())


def _finish(launched: Launched, label: str, timeout: float) -> CrawlFigures:
    """Wait for the crawl (killed after ``timeout`` s) and read its figures: the probe's and ``wait4``'s."""
    process = launched.process
    deadline = launched.started + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.monotonic() > deadline:
            print(f"crawl: {label} ran past {timeout:.0f} s; killed", file=sys.stderr)
            process.send_signal(signal.SIGKILL)
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.05)
    process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.monotonic() - launched.started
    probe = json.loads(launched.probe.read_text(encoding="utf-8")) if launched.probe.exists() else {}
    worker_cpu = float(probe.get("worker_cpu_seconds", 0.0))
    return CrawlFigures(
        label=label, articles=int(probe.get("items", 0)), seconds=float(probe.get("seconds", wall)),
        cpu_seconds=float(probe.get("cpu_seconds", usage.ru_utime + usage.ru_stime)) + worker_cpu,
        worker_cpu_seconds=worker_cpu, process_seconds=wall,
        main_thread_cpu_seconds=float(probe.get("main_thread_cpu_seconds", 0.0)),
        process_cpu_seconds=usage.ru_utime + usage.ru_stime + worker_cpu, peak_rss_mb=usage.ru_maxrss / 1024,
        exit_code=process.returncode,
    )


def bare_command(origin: str, settings: dict[str, Any], probe: Path) -> list[str]:
    worker_settings = {**settings, "EXTENSIONS": {PROBE: 0}, PROBE_SETTING: str(probe)}
    return [sys.executable, str(Path(__file__).resolve()), "--bare-worker", f"{origin}/",
            "--worker-settings", json.dumps(worker_settings)]


def peer_command(origin: str, settings: dict[str, Any], probe: Path, output: Path) -> list[str]:
    worker_settings = {**settings, "EXTENSIONS": {PROBE: 0}, PROBE_SETTING: str(probe)}
    return [sys.executable, str(Path(__file__).resolve().with_name("peer_spider.py")), f"{origin}/", "--output",
            str(output), "--worker-settings", json.dumps(worker_settings)]


def news_command(origin: str, site: GeneratedSite, settings: dict[str, Any], archive: Path, probe: Path,
                 *, redis_url: str | None = None, profile: Path | None = None,
                 extra: tuple[str, ...] = ()) -> list[str]:
    extensions = {"newscrawl.extensions.run_report.RunReport": 500, PROBE: 0}
    command = [sys.executable]
    if profile is not None:
        command += ["-m", "cProfile", "-o", str(profile)]
    command += ["-m", "scrapy", "crawl", "news", "-a", f"url={origin}/", "-a", f"max_pages={site.listing_pages + 5}"]
    command += _setting_arguments({**settings, "NEWSCRAWL_ARCHIVE_DIR": str(archive), "EXTENSIONS": extensions,
                                   PROBE_SETTING: str(probe)})
    if redis_url is not None:
        command += ["-s", f"NEWSCRAWL_REDIS_URL={redis_url}"]
    for setting in extra:
        command += ["-s", setting]
    return command


def _shown(command: list[str]) -> str:
    return " ".join(part if part.replace("=", "").replace("/", "").replace(".", "").replace("_", "").replace(
        ":", "").replace("-", "").isalnum() else f"'{part}'" for part in command)


def run_crawl(label: str, command: list[str], probe: Path, server: RunningSite, timeout: float) -> CrawlFigures:
    """Run one crawl; its log goes beside its probe file (``<name>.log``)."""
    fetched_before = len(server.article_fetches())
    site_cpu_before = process_cpu_seconds(server.process.pid)
    log = probe.with_name(probe.name.replace(".probe.json", ".log"))
    figures = _finish(_launch(command, log, probe), label, timeout)
    figures.article_fetches = len(server.article_fetches()) - fetched_before
    figures.site_cpu_seconds = process_cpu_seconds(server.process.pid) - site_cpu_before
    return figures


# ------------------------------------------------------------------------------------------------ the machine


def _spin(iterations: int) -> float:
    """Wall seconds of a pure-Python CPU loop (no memory, no I/O, no coordination)."""
    started = time.perf_counter()
    total = 0
    for number in range(iterations):
        total += number * number % 7
    return time.perf_counter() - started


def machine_scaling(processes: int, iterations: int = 3_000_000) -> float:
    """How much more work ``processes`` CPU-bound processes do at once than one alone, on this machine now: the
    ceiling of any scale-out here. One alone before and after (the machine's speed drifts), then all at once."""
    import multiprocessing

    alone_before = _spin(iterations)
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        together = max(pool.map(_spin, [iterations] * processes))
    alone_after = _spin(iterations)
    return processes * (alone_before + alone_after) / 2 / together if together else 0.0


# ------------------------------------------------------------------------------------------------ Redis


def process_cpu_seconds(pid: int) -> float:
    """CPU time (user + system, all threads) a live process has used so far; 0.0 where /proc is missing."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class RedisServer:
    """A throw-away ``redis-server`` on 127.0.0.1: no persistence, its own folder, gone with this process."""

    def __init__(self, folder: Path) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise RuntimeError("redis-server is not installed (apt-get install redis-server)")
        folder.mkdir(parents=True, exist_ok=True)
        self.port = _free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(folder)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("redis-server did not answer PING within 10 s")

    def flush(self) -> None:
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
            connection.sendall(b"FLUSHALL\r\n")
            connection.recv(16)

    def command_calls(self) -> dict[str, int]:
        """Calls so far by command (``INFO commandstats``)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as connection:
            connection.sendall(b"INFO commandstats\r\n")
            header = b""
            while not header.endswith(b"\r\n"):
                header += connection.recv(1)
            size = int(header[1:-2])
            reply = b""
            while len(reply) < size + 2:
                reply += connection.recv(65536)
        calls = {}
        for line in reply.decode().splitlines():
            if line.startswith("cmdstat_"):
                name, _, fields = line[len("cmdstat_"):].partition(":")
                calls[name] = int(dict(field.split("=") for field in fields.split(","))["calls"])
        return calls

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def run_cluster(workers: int, origin: str, site: GeneratedSite, settings: dict[str, Any], folder: Path,
                server: RunningSite, redis: RedisServer, timeout: float, archive_root: Path,
                extra: tuple[str, ...] = ()) -> CrawlFigures:
    """``workers`` news processes on one Redis and one archive; wall time from the first start to the last exit."""
    redis.flush()
    archive = archive_root / f"archive-redis-{workers}"
    shutil.rmtree(archive, ignore_errors=True)
    fetched_before = len(server.article_fetches())
    site_cpu_before = process_cpu_seconds(server.process.pid)
    redis_cpu_before = process_cpu_seconds(redis.process.pid)
    calls_before = redis.command_calls()
    started = time.monotonic()
    launched = [
        _launch(news_command(origin, site, settings, archive, folder / f"redis-{workers}-{index}.probe.json",
                             redis_url=redis.url, extra=extra),
                folder / f"redis-{workers}-{index}.log", folder / f"redis-{workers}-{index}.probe.json")
        for index in range(workers)
    ]
    results = [_finish(one, f"worker {index}", timeout) for index, one in enumerate(launched)]
    wall = time.monotonic() - started
    probes = [json.loads(one.probe.read_text(encoding="utf-8")) for one in launched if one.probe.exists()]
    # The crawl lasts from the first engine start to the last spider close, both inside the workers.
    crawl_seconds = (max(probe["closed_at"] for probe in probes) - min(probe["started_at"] for probe in probes)
                     if probes else wall)
    archived = _archived_lines(archive)
    calls_after = redis.command_calls()
    calls = {name: count - calls_before.get(name, 0) for name, count in calls_after.items()}
    return CrawlFigures(
        label=f"(c) news on Redis, {workers} worker{'s' if workers > 1 else ''}", articles=archived,
        seconds=crawl_seconds, cpu_seconds=sum(probe["cpu_seconds"] for probe in probes), process_seconds=wall,
        process_cpu_seconds=sum(result.process_cpu_seconds for result in results),
        peak_rss_mb=max(result.peak_rss_mb for result in results), exit_code=max(r.exit_code for r in results),
        article_fetches=len(server.article_fetches()) - fetched_before,
        site_cpu_seconds=process_cpu_seconds(server.process.pid) - site_cpu_before,
        redis_cpu_seconds=process_cpu_seconds(redis.process.pid) - redis_cpu_before,
        extra={"items_per_worker": [probe["items"] for probe in probes], "timeline": _timeline(probes),
               "redis_calls": {name: count for name, count in sorted(calls.items(), key=lambda kv: -kv[1]) if count}},
    )


def _timeline(probes: list[dict[str, Any]]) -> dict[str, float]:
    """Seconds from the first engine start to the first article, and from the last article to the last close:
    the ramp and the tail of a shared crawl, when fewer than all workers have work."""
    if not probes or not any(probe.get("last_item_at") for probe in probes):
        return {}
    started = min(probe["started_at"] for probe in probes)
    first_item = min(probe["first_item_at"] for probe in probes if probe.get("first_item_at"))
    last_item = max(probe["last_item_at"] for probe in probes if probe.get("last_item_at"))
    return {"starts_spread": max(probe["started_at"] for probe in probes) - started,
            "to_first_article": first_item - started,
            "after_last_article": max(probe["closed_at"] for probe in probes) - last_item}


def run_independent(workers: int, origin: str, site: GeneratedSite, settings: dict[str, Any], folder: Path,
                    server: RunningSite, timeout: float, archive_root: Path,
                    extra: tuple[str, ...] = ()) -> CrawlFigures:
    """``workers`` news processes each crawling the whole site into its own archive, no Redis: what this machine
    gives several processes doing this work side by side, the limit of any scale-out on it."""
    site_cpu_before = process_cpu_seconds(server.process.pid)
    launched = []
    for index in range(workers):
        archive = archive_root / f"archive-independent-{index}"
        shutil.rmtree(archive, ignore_errors=True)
        probe = folder / f"independent-{index}.probe.json"
        launched.append(_launch(news_command(origin, site, settings, archive, probe, extra=extra),
                                folder / f"independent-{index}.log", probe))
    results = [_finish(one, f"independent {index}", timeout) for index, one in enumerate(launched)]
    return CrawlFigures(
        label=f"(d) {workers} independent news", articles=sum(result.articles for result in results),
        seconds=max(result.seconds for result in results), cpu_seconds=sum(result.cpu_seconds for result in results),
        process_seconds=max(result.process_seconds for result in results),
        process_cpu_seconds=sum(result.process_cpu_seconds for result in results),
        peak_rss_mb=max(result.peak_rss_mb for result in results), exit_code=max(r.exit_code for r in results),
        site_cpu_seconds=process_cpu_seconds(server.process.pid) - site_cpu_before,
    )


def _archived_lines(archive: Path) -> int:
    path = archive / "articles.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


# ------------------------------------------------------------------------------------------------ extraction


def extraction_figures(site: GeneratedSite, pages: int) -> dict[str, dict[str, float]]:
    """ms per page, median and mean, of newscrawl's extraction and trafilatura's on the same rendered pages."""
    from scrapy.http import HtmlResponse

    from newscrawl.extract.article import article_from_response

    origin = "http://127.0.0.1:8080"
    step = max(1, site.articles // pages)
    numbers = list(range(1, site.articles + 1, step))[:pages]
    documents = [(origin + site.article_path(number), site.page_for(number, origin)) for number in numbers]

    def newscrawl(url: str, body: bytes) -> None:
        article_from_response(HtmlResponse(url=url, body=body, encoding="utf-8"), None)

    runners: dict[str, Any] = {"newscrawl article_from_response(portal None)": newscrawl}
    try:
        from trafilatura import bare_extraction

        def trafilatura(url: str, body: bytes) -> None:
            bare_extraction(body.decode("utf-8"), url=url, with_metadata=True)

        runners["trafilatura bare_extraction(with_metadata)"] = trafilatura
    except ImportError:
        print("crawl: trafilatura is not installed (pip install -e '.[bench]'): extraction compared alone",
              file=sys.stderr)
    figures = {}
    for name, runner in runners.items():
        for url, body in documents[:5]:
            runner(url, body)  # warm-up: imports, compiled patterns
        timings = []
        for url, body in documents:
            start = time.perf_counter()
            runner(url, body)
            timings.append((time.perf_counter() - start) * 1000)
        figures[name] = {"median_ms": statistics.median(timings), "mean_ms": statistics.fmean(timings),
                         "pages": len(timings)}
    return figures


def stage_figures(site: GeneratedSite, pages: int) -> dict[str, float]:
    """CPU ms per article of each step of one article response, in this process, median over the same pages:
    decoding, the challenge check, parsing, the fields read from the parsed page, the trip to a worker and back
    (pickling the response's bytes and the record), normalisation and the JSON line."""
    import pickle

    from newscrawl.extract.article import extract_page
    from newscrawl.extract.blocked import blocked_reason
    from newscrawl.extract.encoding import decode_html
    from newscrawl.extract.fetched import FetchedPage, extract_fetched
    from newscrawl.extract.page import Page
    from newscrawl.pipelines.normalize_article import normalize_article

    origin = "http://127.0.0.1:8080"
    step = max(1, site.articles // pages)
    numbers = list(range(1, site.articles + 1, step))[:pages]
    content_type = "text/html; charset=utf-8"
    timings: dict[str, list[float]] = {}

    def timed(name: str, call: Any, *arguments: Any, **keywords: Any) -> Any:
        started = time.process_time()
        result = call(*arguments, **keywords)
        timings.setdefault(name, []).append((time.process_time() - started) * 1000)
        return result

    def round_trip(*values: Any) -> list[Any]:
        return [pickle.loads(pickle.dumps(value)) for value in values]

    def selector(page: Page) -> Any:
        return page.selector

    for round_ in range(2):  # the first round warms up imports and caches; only the second is kept
        if round_:
            timings.clear()
        for number in numbers:
            url = origin + site.article_path(number)
            body = site.page_for(number, origin)
            decoded = timed("decode", decode_html, body, content_type)
            timed("challenge check", blocked_reason, decoded.text, 200)
            page = Page(url=url, html=decoded.text, utf8=decoded.utf8)
            timed("parse (lxml)", selector, page)
            extracted = timed("fields and body from the parsed page", extract_page, page, None)
            fetched = FetchedPage(url=url, body=body, content_type=content_type)
            timed("to a worker and back (pickle)", round_trip, fetched, extract_fetched(fetched, None))
            article = timed("normalise", normalize_article, extracted.article)
            timed("JSON line", json.dumps, article.to_dict(), ensure_ascii=False)
    return {name: statistics.median(values) for name, values in timings.items()}


# ------------------------------------------------------------------------------------------------ main


def print_profile(path: Path, limit: int = 30) -> None:
    import pstats

    stats = pstats.Stats(str(path))
    stats.sort_stats("cumulative").print_stats(limit)
    stats.sort_stats("tottime").print_stats(limit)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--runs", type=int, default=1,
                        help="crawl (a) and (b) this many times each (and 1 vs --workers workers as many pairs), "
                             "keep the median")
    parser.add_argument("--workers", type=int, default=0,
                        help="also crawl on Redis with 1 worker and with this many (0: no Redis run)")
    parser.add_argument("--independent", action="store_true",
                        help="with --workers: also run that many news crawls side by side, each of the whole site "
                             "into its own archive (no Redis): the machine's own limit for the speed-up")
    parser.add_argument("--extraction-pages", type=int, default=200, help="0: no extraction figures")
    parser.add_argument("--skip", default="",
                        help="comma-separated: bare, peer, news, in-reactor (to time some crawls only)")
    parser.add_argument("--profile", type=Path, help="also run (b) under cProfile, write DIR/news.prof")
    parser.add_argument("--timeout", type=float, default=600, help="kill a crawl after this many seconds")
    parser.add_argument("--keep", type=Path, help="keep archives, logs and probes in this folder")
    parser.add_argument("--archive-root", type=Path,
                        help="write the archives of (b) and the Redis runs here (default: beside the logs); on a "
                             "tmpfs such as /dev/shm fsync costs nothing, which shows what the disk costs")
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for (b) and the Redis runs only (e.g. NEWSCRAWL_PENDING_WRITES=8)")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    parser.add_argument("--bare-worker", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--worker-settings", default="{}", help=argparse.SUPPRESS)
    arguments = parser.parse_args(argv)
    if arguments.bare_worker:
        run_bare_worker(arguments.bare_worker, json.loads(arguments.worker_settings))
        return 0

    site = GeneratedSite(arguments.articles, arguments.per_page, image_every=3, realistic=True)
    settings = common_settings(arguments.concurrency)
    skip = {part.strip() for part in arguments.skip.split(",") if part.strip()}
    news_settings = tuple(arguments.set)
    results: dict[str, Any] = {"articles": arguments.articles, "concurrency": arguments.concurrency,
                               "settings": settings}
    load_before = os.getloadavg()
    with tempfile.TemporaryDirectory(prefix="newscrawl-bench-") as scratch:
        folder = arguments.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        archive_root = arguments.archive_root or folder
        archive_root.mkdir(parents=True, exist_ok=True)
        print(f"crawl: {arguments.articles} realistic articles, {site.listing_pages} listing pages, "
              f"concurrency {arguments.concurrency}; settings shared by (a) and (b): {json.dumps(settings)}")
        with generated_site_server(site, folder / "requests.log", max_seconds=arguments.timeout * 6 + 600,
                                   prerender=True) as server:
            origin = server.origin
            bare_runs: list[CrawlFigures] = []
            news_runs: list[CrawlFigures] = []
            peer_runs: list[CrawlFigures] = []
            in_reactor_runs: list[CrawlFigures] = []
            machine_runs: list[float] = []
            cores = len(os.sched_getaffinity(0))
            for run in range(arguments.runs):
                # Taking turns, (a), (p), (b) with NEWSCRAWL_EXTRACT_PROCESSES=0, (b), then the machine's scaling:
                # each run's ratios compare crawls that met the same state of a shared machine.
                if "bare" not in skip:
                    probe = folder / "bare.probe.json"
                    command = bare_command(origin, settings, probe)
                    if run == 0:
                        print(f"(a) command: {_shown(command)}")
                    bare_runs.append(run_crawl("(a) bare parsel spider", command, probe, server, arguments.timeout))
                    print(bare_runs[-1].line(), flush=True)
                if "peer" not in skip:
                    probe = folder / "peer.probe.json"
                    output = folder / f"peer-{run}.jsonl"
                    output.unlink(missing_ok=True)
                    command = peer_command(origin, settings, probe, output)
                    if run == 0:
                        print(f"(p) command: {_shown(command)}")
                    peer_runs.append(run_crawl(PEER_LABEL, command, probe, server, arguments.timeout))
                    print(peer_runs[-1].line(), flush=True)
                if "news" not in skip:
                    for label, extra in ((IN_REACTOR_LABEL, ("NEWSCRAWL_EXTRACT_PROCESSES=0",)), (NEWS_LABEL, ())):
                        if label == IN_REACTOR_LABEL and "in-reactor" in skip:
                            continue
                        archive = archive_root / f"archive-{run}"
                        shutil.rmtree(archive, ignore_errors=True)
                        probe = folder / "news.probe.json"
                        command = news_command(origin, site, settings, archive, probe, extra=(*news_settings, *extra))
                        if run == 0:
                            print(f"{label.split()[0]} command: {_shown(command)}")
                        figures = run_crawl(label, command, probe, server, arguments.timeout)
                        (in_reactor_runs if label == IN_REACTOR_LABEL else news_runs).append(figures)
                        print(figures.line(), flush=True)
                if "news" not in skip and "in-reactor" not in skip:
                    machine_runs.append(machine_scaling(cores))
                    print(f"  right after: {cores} CPU-bound processes at once did {machine_runs[-1]:.2f}x the work "
                          "of one", flush=True)
            bare = _median_run(bare_runs)
            news = _median_run(news_runs)
            for figures in (bare, news, _median_run(peer_runs), _median_run(in_reactor_runs)):
                if figures is not None:
                    results[figures.label] = {**asdict(figures), "articles_per_s": figures.articles_per_second,
                                              "cpu_ms_per_article": figures.cpu_ms_per_article}
            if bare and news and bare.articles_per_second:
                ratio = news.articles_per_second / bare.articles_per_second
                results["ratio"] = ratio
                cpu_ratio = bare.cpu_ms_per_article / news.cpu_ms_per_article if news.cpu_ms_per_article else 0.0
                results["cpu_ratio"] = cpu_ratio
                print(f"ratio (b)/(a): {ratio:.2f}; CPU per article (b) - (a): "
                      f"{news.cpu_ms_per_article - bare.cpu_ms_per_article:.2f} ms; ratio of CPU per article "
                      f"(a)/(b): {cpu_ratio:.2f}")
            results.update(_peer_and_processes(news_runs, peer_runs, in_reactor_runs, machine_runs, cores))
            if news and news.main_thread_cpu_seconds:
                # One worker is bound by its reactor thread; several share the cores with every thread they run.
                main_ms = news.main_thread_cpu_ms_per_article
                worker_ms = news.worker_cpu_seconds * 1000 / news.articles if news.articles else 0.0
                other_ms = news.cpu_ms_per_article - main_ms - worker_ms
                results["threads"] = {"main_ms": main_ms, "other_ms": other_ms, "worker_ms": worker_ms}
                print(f"(b) CPU per article: reactor thread {main_ms:.2f} ms, its other threads (archive writer, "
                      f"feeding the workers) {other_ms:.2f} ms, extraction worker processes {worker_ms:.2f} ms")
            if arguments.profile:
                arguments.profile.mkdir(parents=True, exist_ok=True)
                archive = folder / "archive-profile"
                shutil.rmtree(archive, ignore_errors=True)
                profile = arguments.profile / "news.prof"
                probe = folder / "profile.probe.json"
                command = news_command(origin, site, settings, archive, probe, profile=profile, extra=news_settings)
                print(run_crawl("(b) under cProfile", command, probe, server, arguments.timeout * 3).line())
                print_profile(profile)
            if arguments.workers:
                # 1 worker and N workers take turns (--runs pairs): the machine's state drifts between runs, and
                # a pair measured back to back shares it; every other pair runs N workers first, so a drift in
                # one direction does not favour one side. The speed-up reported is the median of the pairs'.
                redis = RedisServer(folder / "redis")
                pairs: list[tuple[CrawlFigures, CrawlFigures]] = []
                machine: list[float] = []
                try:
                    for run in range(arguments.runs):
                        measured: dict[int, CrawlFigures] = {}
                        for workers in ((1, arguments.workers) if run % 2 == 0 else (arguments.workers, 1)):
                            figures = run_cluster(workers, origin, site, settings, folder, server, redis,
                                                  arguments.timeout, archive_root, news_settings)
                            measured[workers] = figures
                            if workers == 1:
                                print(figures.line())
                                calls = figures.extra["redis_calls"]
                                print(f"  Redis commands per article: "
                                      f"{sum(calls.values()) / max(1, figures.articles):.1f} ("
                                      + ", ".join(f"{name} {count / max(1, figures.articles):.2f}"
                                                  for name, count in list(calls.items())[:8]) + ")")
                            else:
                                print(figures.line(), f"items per worker {figures.extra['items_per_worker']}, "
                                      f"{figures.article_fetches} article fetches")
                            print(_timeline_line(figures))
                        single, several = measured[1], measured[arguments.workers]
                        pairs.append((single, several))
                        scaling = machine_scaling(arguments.workers)
                        machine.append(scaling)
                        print(f"  this pair: {_speedup(single, several):.2f}x; right after it, {arguments.workers} "
                              f"CPU-bound processes at once did {scaling:.2f}x the work of one")
                        if arguments.independent:
                            independent = run_independent(arguments.workers, origin, site, settings, folder, server,
                                                          arguments.timeout, archive_root, news_settings)
                            print(independent.line())
                            results.setdefault("independent", []).append(asdict(independent))
                            # Against (b), one crawl without Redis doing the same work: the machine's own scaling.
                            reference = news or single
                            print(f"  {arguments.workers} independent crawls (no Redis, each the whole site) over "
                                  f"{'(b)' if news else 'the 1-worker Redis crawl'}: "
                                  f"{_speedup(reference, independent):.2f}x")
                finally:
                    redis.stop()
                speedups = sorted(_speedup(single, several) for single, several in pairs)
                speedup = statistics.median(speedups)
                results["redis"] = {"pairs": [{"one": asdict(single), "several": asdict(several)}
                                              for single, several in pairs],
                                    "speedups": speedups, "speedup": speedup, "machine_scaling": machine}
                shown = ", ".join(f"{value:.2f}" for value in speedups)
                print(f"speed-up of {arguments.workers} workers over 1 on Redis: {speedup:.2f}x (goal >= 1.7x)"
                      + (f"; median of {len(speedups)} pairs: {shown}" if len(speedups) > 1 else ""))
                if machine:
                    print(f"  the machine's own scaling meanwhile ({arguments.workers} CPU-bound processes over one): "
                          f"median {statistics.median(machine):.2f}x, "
                          + ", ".join(f"{value:.2f}" for value in sorted(machine)))
        if arguments.archive_root and not arguments.keep:
            for archive in arguments.archive_root.glob("archive-*"):
                shutil.rmtree(archive, ignore_errors=True)
    if arguments.extraction_pages:
        extraction = extraction_figures(site, arguments.extraction_pages)
        results["extraction"] = extraction
        for name, timing in extraction.items():
            print(f"extraction only, {name}: {timing['median_ms']:.2f} ms/page median, "
                  f"{timing['mean_ms']:.2f} mean ({timing['pages']:.0f} pages)")
        stages = stage_figures(site, arguments.extraction_pages)
        results["stages"] = stages
        print("CPU ms per article by stage (median, this process): "
              + ", ".join(f"{name} {value:.2f}" for name, value in stages.items()))
    load_after = os.getloadavg()
    results["load_average"] = {"before": load_before, "after": load_after}
    busy = max(load_before[0], load_after[0]) > (os.cpu_count() or 1) - 0.5
    print(f"load average (1, 5, 15 min) before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}, after "
          f"{load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f} on {os.cpu_count()} cores"
          + (": other processes took CPU from the crawls, the articles/s figures are low (CPU per article is not)"
             if busy else ""))
    if arguments.json:
        print(json.dumps(results, default=str))
    return 0


def _peer_and_processes(news_runs: list[CrawlFigures], peer_runs: list[CrawlFigures],
                        in_reactor_runs: list[CrawlFigures], machine_runs: list[float], cores: int) -> dict[str, Any]:
    """(b)/(p) and the speed-up of extraction processes over none, each the median of the runs' own ratios, and
    the machine's scaling measured right after each run."""
    results: dict[str, Any] = {}
    if news_runs and len(peer_runs) == len(news_runs):
        ratios = sorted(_speedup(peer, news) for peer, news in zip(peer_runs, news_runs, strict=True))
        results["peer_ratios"] = ratios
        results["peer_ratio"] = statistics.median(ratios)
        print(f"ratio (b)/(p): median {results['peer_ratio']:.2f} of {len(ratios)} interleaved runs "
              f"({', '.join(f'{value:.2f}' for value in ratios)}); goal >= 2.0")
        if len(in_reactor_runs) == len(peer_runs):
            alone = sorted(_speedup(peer, news) for peer, news in zip(peer_runs, in_reactor_runs, strict=True))
            results["peer_ratio_in_reactor"] = statistics.median(alone)
            print(f"ratio (b0)/(p), extraction in the reactor thread: median {statistics.median(alone):.2f} "
                  f"({', '.join(f'{value:.2f}' for value in alone)})")
    if news_runs and len(in_reactor_runs) == len(news_runs) and machine_runs:
        speedups = sorted(_speedup(alone, news) for alone, news in zip(in_reactor_runs, news_runs, strict=True))
        speedup, machine = statistics.median(speedups), statistics.median(machine_runs)
        results["processes"] = {"speedups": speedups, "speedup": speedup, "machine_scaling": sorted(machine_runs),
                                "machine": machine, "of_machine": speedup / machine if machine else 0.0}
        print(f"one crawl, default NEWSCRAWL_EXTRACT_PROCESSES over 0: median {speedup:.2f}x "
              f"({', '.join(f'{value:.2f}' for value in speedups)}); the machine's own scaling ({cores} CPU-bound "
              f"processes over one): median {machine:.2f}x; {speedup / machine if machine else 0.0:.2f} of it "
              "(goal >= 0.8)")
    return results


def _timeline_line(figures: CrawlFigures) -> str:
    timeline = figures.extra.get("timeline") or {}
    if not timeline:
        return "  (no timeline)"
    return (f"  timeline: engines started within {timeline['starts_spread']:.2f} s, first article after "
            f"{timeline['to_first_article']:.2f} s, last close {timeline['after_last_article']:.2f} s after the last "
            "article")


def _speedup(single: CrawlFigures, several: CrawlFigures) -> float:
    return several.articles_per_second / single.articles_per_second if single.articles_per_second else 0.0


def _median_run(runs: list[CrawlFigures]) -> CrawlFigures | None:
    if not runs:
        return None
    return sorted(runs, key=lambda figures: figures.articles_per_second)[len(runs) // 2]


if __name__ == "__main__":
    sys.exit(main())
