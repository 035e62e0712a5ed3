"""``scrapy extract``: print the Article newscrawl extracts from saved pages, as JSON.

    scrapy extract --url URL PAGE.html        one page, pretty JSON
    scrapy extract --manifest M.jsonl         lines {"path": ..., "url": ...}; one JSON line per entry, in order

The portal is chosen by the URL's host; any other host goes through generic extraction. The record is the
one the crawl would archive (normalised), minus ``fetched_at`` which is the time of this command.

A manifest's pages are extracted on every core (``--processes``, default: the machine's cores; 1 = in this
process), a few pages per hand-over, with at most a few hand-overs waiting per process, so a manifest of a
million pages does not fill memory; the lines still come out in the manifest's order.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse

from newscrawl.extract.article import article_from_response
from newscrawl.items import Article
from newscrawl.json_lines import read_json_lines
from newscrawl.pipelines.normalize_article import normalize_article
from newscrawl.portals import portal_for_url
from newscrawl.spiders.extraction_workers import available_cores

#: Pages given to a process at a time (fewer hand-overs), and hand-overs waiting per process (bounded memory).
PAGES_PER_HANDOVER = 8
HANDOVERS_WAITING_PER_PROCESS = 4


def extract_saved_page(path: Path, url: str) -> Article:
    response = HtmlResponse(url=url, body=path.read_bytes())
    article = article_from_response(response, portal_for_url(url))
    return normalize_article(article)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "--url URL PAGE.html | --manifest MANIFEST.jsonl"

    def short_desc(self) -> str:
        return "Print the Article extracted from saved pages as JSON"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's URL (chooses the portal, resolves relative links)")
        parser.add_argument("--manifest", help='JSON lines {"path": ..., "url": ...}, paths relative to the file')
        parser.add_argument("--processes", type=int, default=None,
                            help="processes extracting a manifest's pages (default: the machine's cores; 1: this one)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if opts.manifest:
            if args or opts.url:
                raise UsageError("--manifest takes no page and no --url")
            processes = opts.processes if opts.processes is not None else available_cores()
            if processes < 1:
                raise UsageError("--processes takes 1 or more")
            self._run_manifest(Path(opts.manifest), processes)
            return
        if len(args) != 1 or not opts.url:
            raise UsageError("give --url URL and one saved page")
        article = extract_saved_page(Path(args[0]), opts.url)
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))

    def _run_manifest(self, manifest: Path, processes: int) -> None:
        try:
            lines = read_json_lines(manifest)
        except OSError as error:
            raise UsageError(f"cannot read the manifest {manifest}: {error.strerror or error}") from None
        for output, problem in _extracted_lines(_manifest_entries(manifest, lines), processes):
            if problem is not None:
                print(problem, file=sys.stderr)
                self.exitcode = 1
            sys.stdout.write(output + "\n")


#: One manifest entry: where it is in the manifest, and the page's path and URL, or the entry's problem.
_Entry = tuple[str, Path | None, str | None, str | None]


def _manifest_entries(manifest: Path, lines: Iterator[Any]) -> Iterator[_Entry]:
    for line in lines:
        entry = line.record or {}
        url, page = entry.get("url"), entry.get("path")
        if not isinstance(url, str) or not isinstance(page, str):
            problem = line.problem or 'an entry needs "path" and "url"'
            yield line.where, None, url if isinstance(url, str) else None, problem
            continue
        path = Path(page)
        yield line.where, path if path.is_absolute() else manifest.parent / path, url, None


def _extract_entries(entries: list[_Entry]) -> list[tuple[str, str | None]]:
    """Each entry's JSON line and, if it failed, the message for stderr (run in a worker process, or here)."""
    results: list[tuple[str, str | None]] = []
    for where, path, url, problem in entries:
        if path is None or url is None:
            results.append((json.dumps({"url": url, "error": problem}, ensure_ascii=False), f"{where}: {problem}"))
            continue
        try:
            record = extract_saved_page(path, url).to_dict()
        except (OSError, ValueError) as error:
            results.append((json.dumps({"url": url, "error": str(error)}, ensure_ascii=False),
                            f"{where}: {path}: {error}"))
            continue
        results.append((json.dumps(record, ensure_ascii=False), None))
    return results


def _batches(entries: Iterator[_Entry]) -> Iterator[list[_Entry]]:
    batch: list[_Entry] = []
    for entry in entries:
        batch.append(entry)
        if len(batch) == PAGES_PER_HANDOVER:
            yield batch
            batch = []
    if batch:
        yield batch


def _extracted_lines(entries: Iterator[_Entry], processes: int) -> Iterator[tuple[str, str | None]]:
    """The entries' results in their order, extracted by ``processes`` processes (1: in this one)."""
    if processes <= 1:
        for batch in _batches(entries):
            yield from _extract_entries(batch)
        return
    # Forked workers start at once with extraction already imported (this command has no threads running).
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    waiting: deque[Future[list[tuple[str, str | None]]]] = deque()
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        for batch in _batches(entries):
            waiting.append(pool.submit(_extract_entries, batch))
            if len(waiting) >= processes * HANDOVERS_WAITING_PER_PROCESS:
                yield from waiting.popleft().result()
        while waiting:
            yield from waiting.popleft().result()
