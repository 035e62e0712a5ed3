"""Soak: crawl a generated loopback site of 10,000 articles with the whole pipeline and watch the crawler's memory.

    .venv/bin/python benchmarks/soak.py [--articles 10000] [--concurrency 16] [--images] [--keep DIR]

Starts ``tests/servers/generated_site.py`` on 127.0.0.1 (an ephemeral port, in a subprocess), runs
``scrapy crawl news`` on it in another subprocess with the project's pipelines (posts, JSON lines, ledger, run
report; ``--images`` archives the images too), and every second samples the crawl process's resident memory
(``/proc/<pid>/status`` VmRSS, or psutil where /proc is missing), its open file descriptors (``/proc/<pid>/fd``)
and the number of articles archived so far (lines of ``articles.jsonl``). Prints peak RSS, RSS growth per
1,000 articles after warm-up (least-squares slope of RSS against articles archived over the second half of the
crawl), the most open descriptors, articles/s, the duration and the crawl's CPU time per article (which, unlike
articles/s, does not depend on what else the machine runs); goals: peak < 300 MB, growth < 5 MB per 1,000.
Exits 1 when a goal is missed or the crawl failed. Everything stops by itself: the crawl is killed after
``--timeout`` seconds and the site exits with this script.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from tests.servers.generated_site import GeneratedSite, generated_site_server  # noqa: E402

PEAK_RSS_GOAL_MB = 300.0
GROWTH_GOAL_MB_PER_1000 = 5.0


@dataclass
class Sample:
    seconds: float
    rss_mb: float
    open_files: int
    articles: int
    #: RSS of the crawl's extraction worker processes and their fork server (``NEWSCRAWL_EXTRACT_PROCESSES``).
    workers_rss_mb: float = 0.0


def resident_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    try:
        import psutil
    except ImportError:
        return None
    try:
        return float(psutil.Process(pid).memory_info().rss) / 2**20
    except psutil.Error:
        return None


def descendants_mb(pid: int) -> float:
    """Resident memory of every process the crawl started (the extraction workers and their fork server)."""
    try:
        import psutil

        return sum(float(child.memory_info().rss) for child in psutil.Process(pid).children(recursive=True)) / 2**20
    except (ImportError, OSError, psutil.Error):
        return 0.0


def open_descriptors(pid: int) -> int:
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


class LineCounter:
    """Counts the lines of a growing file, reading each byte once."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.offset = 0
        self.lines = 0

    def count(self) -> int:
        try:
            with self.path.open("rb") as handle:
                handle.seek(self.offset)
                while chunk := handle.read(1 << 20):
                    self.lines += chunk.count(b"\n")
                    self.offset += len(chunk)
        except FileNotFoundError:
            pass
        return self.lines


def slope(points: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of y against x."""
    count = len(points)
    if count < 2:
        return 0.0
    mean_x = sum(x for x, _ in points) / count
    mean_y = sum(y for _, y in points) / count
    spread = sum((x - mean_x) ** 2 for x, _ in points)
    if spread == 0:
        return 0.0
    return sum((x - mean_x) * (y - mean_y) for x, y in points) / spread


def crawl(origin: str, site: GeneratedSite, archive: Path, concurrency: int, images: bool, log: Path,
          timeout: float, extra: Sequence[str] = ()) -> tuple[int, list[Sample], float]:
    """Run the crawl; return its exit code, the samples and the CPU seconds it used."""
    arguments = [
        sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={origin}/",
        "-a", f"max_pages={site.listing_pages + 5}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}",
        "-s", f"CONCURRENT_REQUESTS={concurrency}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO",
        "-s", "MEMUSAGE_ENABLED=0",  # sampled from outside; Scrapy's own check would add a timer
    ]
    if images:
        arguments += ["-s", "NEWSCRAWL_IMAGES=1"]
    for setting in extra:
        arguments += ["-s", setting]
    counter = LineCounter(archive / "articles.jsonl")
    samples: list[Sample] = []
    with log.open("wb") as output:
        process = subprocess.Popen(arguments, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT,
                                   env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    started = time.monotonic()
    try:
        while process.poll() is None:
            elapsed = time.monotonic() - started
            if elapsed > timeout:
                print(f"soak: the crawl ran past {timeout:.0f} s; killed", file=sys.stderr)
                process.kill()
                break
            rss = resident_mb(process.pid)
            if rss is not None:
                samples.append(Sample(elapsed, rss, open_descriptors(process.pid), counter.count(),
                                      descendants_mb(process.pid)))
            time.sleep(max(0.0, 1.0 - (time.monotonic() - started - elapsed)))
        process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)
    samples.append(Sample(time.monotonic() - started, samples[-1].rss_mb if samples else 0.0, 0, counter.count()))
    # The crawl is the only child waited for so far (the site runs on): this is its CPU time, whatever the load
    # of the machine did to its duration.
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return process.returncode, samples, usage.ru_utime + usage.ru_stime


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("-s", "--set", action="append", default=[], metavar="NAME=VALUE",
                        help="a Scrapy setting for the crawl (e.g. NEWSCRAWL_EXTRACT_PROCESSES=0)")
    parser.add_argument("--images", action="store_true", help="archive body images too (NEWSCRAWL_IMAGES=1)")
    parser.add_argument("--timeout", type=float, default=1800, help="kill the crawl after this many seconds")
    parser.add_argument("--keep", type=Path, help="write the archive, logs and samples here and keep them")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    arguments = parser.parse_args()

    site = GeneratedSite(arguments.articles, arguments.per_page)
    with tempfile.TemporaryDirectory(prefix="newscrawl-soak-") as scratch:
        folder = arguments.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        archive = folder / "archive"
        with generated_site_server(site, folder / "requests.log", max_seconds=arguments.timeout + 120) as server:
            returncode, samples, cpu_seconds = crawl(server.origin, site, archive, arguments.concurrency,
                                                     arguments.images, folder / "crawl.log", arguments.timeout,
                                                     arguments.set)
            fetched = len(server.article_fetches())
        if arguments.keep:
            (folder / "samples.jsonl").write_text(
                "".join(json.dumps(sample.__dict__) + "\n" for sample in samples), encoding="utf-8")
        measured = [sample for sample in samples if sample.open_files]
        archived = samples[-1].articles if samples else 0
        duration = samples[-1].seconds if samples else 0.0
        second_half = [(sample.articles, sample.rss_mb) for sample in measured if sample.articles >= archived / 2]
        figures = {
            "articles": archived,
            "article_fetches": fetched,
            "exit_code": returncode,
            "duration_s": round(duration, 1),
            "articles_per_s": round(archived / duration, 1) if duration else 0.0,
            "crawl_cpu_s": round(cpu_seconds, 1),
            "cpu_ms_per_article": round(cpu_seconds * 1000 / archived, 2) if archived else 0.0,
            "peak_rss_mb": round(max((sample.rss_mb for sample in measured), default=0.0), 1),
            "peak_rss_with_workers_mb": round(max((sample.rss_mb + sample.workers_rss_mb for sample in measured),
                                                  default=0.0), 1),
            "rss_at_first_article_mb": round(next((sample.rss_mb for sample in measured if sample.articles), 0.0), 1),
            "rss_growth_mb_per_1000": round(slope(second_half) * 1000, 2),
            "max_open_fds": max((sample.open_files for sample in measured), default=0),
            "samples": len(measured),
        }
        print(f"soak: {archived} articles archived of {arguments.articles} ({fetched} article fetches), "
              f"crawl exit {returncode}, {duration:.1f} s, {figures['articles_per_s']} articles/s; "
              f"crawl CPU {figures['crawl_cpu_s']} s, {figures['cpu_ms_per_article']} ms per article")
        print(f"soak: RSS {figures['rss_at_first_article_mb']} MB at the first article, "
              f"peak {figures['peak_rss_mb']} MB (goal < {PEAK_RSS_GOAL_MB:.0f}; with its extraction worker "
              f"processes {figures['peak_rss_with_workers_mb']} MB), growth after warm-up "
              f"{figures['rss_growth_mb_per_1000']} MB per 1,000 articles (goal < {GROWTH_GOAL_MB_PER_1000:.0f}), "
              f"open descriptors at most {figures['max_open_fds']}, {figures['samples']} samples")
        if arguments.json:
            print(json.dumps(figures))
    met = (returncode == 0 and archived == arguments.articles and figures["peak_rss_mb"] < PEAK_RSS_GOAL_MB
           and figures["rss_growth_mb_per_1000"] < GROWTH_GOAL_MB_PER_1000)
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
