"""WARC costs: the capture's cost per article in a crawl, and a WARC backfill's speed beside warcio's own floor.

    .venv/bin/python benchmarks/warc.py [--articles 1000] [--runs 3] [--max-size 20000000] [--json]

Starts ``tests/servers/generated_site.py`` (realistic 40-100 KB article pages, prerendered) on 127.0.0.1, then:

1. **Capture**: ``scrapy crawl news`` of the whole site into a fresh archive, without and with
   ``NEWSCRAWL_WARC_DIR``, taking turns ``--runs`` times each; the medians' CPU ms per article and their
   difference, the capture's cost per article, and the WARC bytes per article (files rotated at ``--max-size``).
2. **Backfill**: the WARC files of the last capturing crawl laid out as a CC-NEWS month
   (``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz``) and backfilled with ``scrapy crawl ccnews -a hosts=127.0.0.1``
   into a fresh archive (generic extraction, the whole pipeline): records/s and articles/s per core (per CPU
   second of the process, reader thread included) and over the crawl's wall time;
3. **Floor**: the same files iterated with warcio in this process, every record's content read and nothing else
   done: records/s per core.

CPU is measured inside each crawl from ``engine_started`` to ``spider_closed`` (``benchmarks/crawl.py``'s probe).
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from warcio.archiveiterator import ArchiveIterator  # noqa: E402

from benchmarks.crawl import (  # noqa: E402
    PROBE,
    PROBE_SETTING,
    CrawlFigures,
    _finish,
    _launch,
    _setting_arguments,
    common_settings,
    news_command,
    run_crawl,
)
from tests.servers.generated_site import GeneratedSite, generated_site_server  # noqa: E402

MONTH = "2026-01"
EXTENSIONS = {"newscrawl.extensions.run_report.RunReport": 500, PROBE: 0, "newscrawl.warc.capture.WarcCapture": 100}


def floor(files: list[Path]) -> dict[str, float]:
    """warcio alone: every record of the files read to its end (content decoded), nothing else."""
    records = 0
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for path in files:
        with path.open("rb") as stream:
            for record in ArchiveIterator(stream):
                record.content_stream().read()
                records += 1
    cpu = time.process_time() - cpu_started
    return {"records": records, "cpu_seconds": cpu, "seconds": time.perf_counter() - wall_started,
            "records_per_cpu_second": records / cpu if cpu else 0.0}


def ccnews_layout(files: list[Path], root: Path) -> Path:
    month_folder = f"crawl-data/CC-NEWS/{MONTH[:4]}/{MONTH[5:]}"
    shutil.rmtree(root, ignore_errors=True)
    (root / month_folder).mkdir(parents=True)
    paths = []
    for path in files:
        relative = f"{month_folder}/{path.name}"
        (root / relative).symlink_to(path)
        paths.append(relative)
    (root / month_folder / "warc.paths.gz").write_bytes(gzip.compress(("\n".join(paths) + "\n").encode()))
    return root


def backfill(base: Path, archive: Path, probe: Path, settings: dict[str, Any], timeout: float) -> CrawlFigures:
    command = [sys.executable, "-m", "scrapy", "crawl", "ccnews", "-a", f"month={MONTH}", "-a", "hosts=127.0.0.1"]
    command += _setting_arguments({**settings, "NEWSCRAWL_ARCHIVE_DIR": str(archive),
                                   "NEWSCRAWL_CCNEWS_BASE": str(base),
                                   "EXTENSIONS": EXTENSIONS,
                                   PROBE_SETTING: str(probe)})
    log = probe.with_name("ccnews.log")
    return _finish(_launch(command, log, probe), "ccnews backfill", timeout)


def _median(runs: list[CrawlFigures]) -> CrawlFigures:
    return sorted(runs, key=lambda figures: figures.cpu_ms_per_article)[len(runs) // 2]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--runs", type=int, default=3, help="crawls with and without capture, taking turns")
    parser.add_argument("--max-size", type=int, default=20_000_000, help="NEWSCRAWL_WARC_MAX_SIZE of the capture")
    parser.add_argument("--timeout", type=float, default=600)
    parser.add_argument("--keep", type=Path, help="keep archives, WARC files, logs and probes in this folder")
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON object too")
    arguments = parser.parse_args(argv)

    site = GeneratedSite(arguments.articles, 100, image_every=3, realistic=True)
    settings = common_settings(arguments.concurrency)
    results: dict[str, Any] = {"articles": arguments.articles}
    with tempfile.TemporaryDirectory(prefix="newscrawl-warc-bench-") as scratch:
        folder = arguments.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        print(f"warc: {arguments.articles} realistic articles, concurrency {arguments.concurrency}, "
              f"{arguments.runs} crawls with and without capture taking turns")
        with generated_site_server(site, folder / "requests.log", max_seconds=arguments.timeout * 10 + 600,
                                   prerender=True) as server:
            plain: list[CrawlFigures] = []
            captured: list[CrawlFigures] = []
            warc_dir = folder / "warc"
            for run in range(arguments.runs):
                for capture in ((False, True) if run % 2 == 0 else (True, False)):
                    archive = folder / "archive"
                    shutil.rmtree(archive, ignore_errors=True)
                    # news_command names the extensions (the probe's among them): the capture's is added to both.
                    extra: tuple[str, ...] = ("EXTENSIONS=" + json.dumps(EXTENSIONS),)
                    if capture:
                        shutil.rmtree(warc_dir, ignore_errors=True)
                        extra += (f"NEWSCRAWL_WARC_DIR={warc_dir}", f"NEWSCRAWL_WARC_MAX_SIZE={arguments.max_size}")
                    probe = folder / "news.probe.json"
                    label = "crawl with capture" if capture else "crawl without capture"
                    command = news_command(server.origin, site, settings, archive, probe, extra=extra)
                    figures = run_crawl(label, command, probe, server, arguments.timeout)
                    (captured if capture else plain).append(figures)
                    print(figures.line(), flush=True)
        without, with_capture = _median(plain), _median(captured)
        files = sorted(warc_dir.glob("*.warc.gz"))
        warc_bytes = sum(path.stat().st_size for path in files)
        cost = with_capture.cpu_ms_per_article - without.cpu_ms_per_article
        results["capture"] = {
            "without_cpu_ms_per_article": without.cpu_ms_per_article,
            "with_cpu_ms_per_article": with_capture.cpu_ms_per_article,
            "cost_cpu_ms_per_article": cost,
            "without_runs": [figures.cpu_ms_per_article for figures in plain],
            "with_runs": [figures.cpu_ms_per_article for figures in captured],
            "articles_per_s_without": without.articles_per_second,
            "articles_per_s_with": with_capture.articles_per_second,
            "warc_files": len(files), "warc_bytes_per_article": warc_bytes / max(with_capture.articles, 1),
            "articles": with_capture.articles,
        }
        print(f"capture: CPU {without.cpu_ms_per_article:.2f} -> {with_capture.cpu_ms_per_article:.2f} ms per "
              f"article (medians of {arguments.runs}; runs without {_listed(plain)}, with {_listed(captured)}): "
              f"{cost:+.2f} ms per article; {len(files)} WARC files, "
              f"{results['capture']['warc_bytes_per_article'] / 1024:.1f} KB per article "
              f"(every response kept: listings, robots.txt, feeds and sitemaps too)")

        base = ccnews_layout(files, folder / "commoncrawl")
        probe = folder / "ccnews.probe.json"
        shutil.rmtree(folder / "backfill-archive", ignore_errors=True)
        backfilled = backfill(base, folder / "backfill-archive", probe, settings, arguments.timeout)
        lowest = floor(files)
        records = lowest["records"]
        per_core = records / backfilled.cpu_seconds if backfilled.cpu_seconds else 0.0
        articles_per_core = backfilled.articles / backfilled.cpu_seconds if backfilled.cpu_seconds else 0.0
        results["backfill"] = {
            "records": records, "articles": backfilled.articles, "exit_code": backfilled.exit_code,
            "cpu_seconds": backfilled.cpu_seconds, "seconds": backfilled.seconds,
            "records_per_cpu_second": per_core, "articles_per_cpu_second": articles_per_core,
            "records_per_second": records / backfilled.seconds if backfilled.seconds else 0.0,
            "articles_per_second": backfilled.articles_per_second,
        }
        results["floor"] = lowest
        print(f"backfill (scrapy crawl ccnews, generic extraction, whole pipeline): {records} records, "
              f"{backfilled.articles} articles in {backfilled.seconds:.1f} s, CPU {backfilled.cpu_seconds:.1f} s: "
              f"{per_core:.0f} records/s and {articles_per_core:.1f} articles/s per core "
              f"({results['backfill']['records_per_second']:.0f} records/s, {backfilled.articles_per_second:.1f} "
              f"articles/s over the wall time), exit {backfilled.exit_code}")
        print(f"floor (warcio iterating the same {len(files)} files, reading every record): "
              f"{lowest['records_per_cpu_second']:.0f} records/s per core; the backfill runs at "
              f"{per_core / lowest['records_per_cpu_second'] if lowest['records_per_cpu_second'] else 0:.3f} of it")
    if arguments.json:
        print(json.dumps(results))
    return 0


def _listed(runs: list[CrawlFigures]) -> str:
    return ", ".join(f"{figures.cpu_ms_per_article:.2f}" for figures in runs) + (
        f" (spread {statistics.pstdev([figures.cpu_ms_per_article for figures in runs]):.2f})" if len(runs) > 1
        else "")


if __name__ == "__main__":
    sys.exit(main())
