"""The run report: what a crawl did, as one log line, a JSON file in ``<archive>/runs/`` and an exit status.

Cron, systemd and Scrapyd read the outcome of unattended runs from three places, all written here when the spider
closes:

- one INFO line starting ``newscrawl <spider> finished (<finish reason>): N new, N updated, N unchanged, dropped …``
  (and an ERROR line when nothing at all was archived);
- ``<archive>/runs/<UTC start, YYYYmmddTHHMMSS.mmmZ>-<spider>.json``, written atomically (schema:
  ``build_report``); file names sort in start order. When it cannot be written, the report goes to stderr as one
  JSON line, and the run's exit status says the archive could not be written;
- the stat ``newscrawl/exit_status``, which the project's ``scrapy crawl`` turns into the process exit code
  (``ExitStatus``).

Failures are read from Scrapy's stats: download exceptions (``downloader/exception_type_count/*``, less the
attempts the retry middleware retried, so a timeout that succeeded on its second try is no failure), HTTP errors
that reached the spider (``httperror/response_ignored_status_count/*``), requests replay had no recording for
(``newscrawl/replay/missing``), exceptions in spider callbacks (``spider_exceptions/*``), images that could
not be archived (``newscrawl/images/failed/*``, counted by the image pipeline), failures the downloader
middlewares name (``newscrawl/failed/*``: ``too_large``, ``redirect_loop``, ``too_many_redirects``) and requests
refused on purpose (``refused/private_address``, ``refused/unsafe_scheme`` from ``newscrawl/refused/*``, and
``refused/robots_txt`` from Scrapy's ``robotstxt/forbidden``), which are reported but never make a run partial.
A write the archive could not make (``ArchiveFault``: a full disk, a read-only folder, an I/O error, a locked or
damaged ledger) stops the crawl at once: the component that met it calls ``report_archive_fault``, which logs one
line naming the file, the error and what to do, keeps the first fault in the stats (``newscrawl/archive_fault/*``)
and closes the spider with the finish reason ``archive_unwritable`` or ``archive_damaged`` (met while the spider
opens: it is closed before anything is fetched); the exit status is then 6 or 7 and the summary line says so.
Field fill rates and sanitised bodies (``Article.body_sanitized``: nh3 removed markup, stat
``newscrawl/articles/body_sanitized``) are counted from the ``item_scraped`` signal, i.e. over the articles that
went through every pipeline (new, updated, unchanged).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import sys
import time
from collections import Counter, defaultdict
from datetime import UTC, datetime
from enum import Enum, IntEnum
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.utils.defer import deferred_from_coro

from newscrawl.archive.faults import ArchiveFault, FaultKind, file_fault
from newscrawl.archive.files import probe_writable, remove_stale_temporary_files, write_file_atomically
from newscrawl.archive.layout import RUNS_FOLDER, archive_paths
from newscrawl.coordination import SHARED_REQUESTS_TAKEN_STAT
from newscrawl.items import Article

logger = logging.getLogger(__name__)

#: The stat holding the run's ``ExitStatus`` (read by ``newscrawl.commands.crawl``).
EXIT_STATUS_STAT = "newscrawl/exit_status"
#: Version of the report's layout; raised when a key changes meaning or disappears.
REPORT_SCHEMA = 1
#: Articles whose body the sanitiser changed (counted when scraped, so in the report as ``bodies_sanitized``).
BODY_SANITIZED_STAT = "newscrawl/articles/body_sanitized"


class ExitStatus(IntEnum):
    """Exit codes of ``scrapy crawl`` (2 stays Scrapy's usage error)."""

    SUCCESS = 0
    #: Scrapy's own: the crawl could not start (unknown spider, bad argument, broken settings).
    FATAL = 1
    #: Some listing or article failed to download or to extract, or a portal blocked some requests; the rest
    #: was archived. Pages that are gone for good (HTTP 404/410, deleted-article pages dropped as ``no_body``)
    #: and images are reported but are not failures of the run.
    PARTIAL = 3
    #: Not a single article was archived or found unchanged (layout drift, a block, an empty listing).
    NOTHING_FOUND = 4
    #: Stopped by SIGINT/SIGTERM (finish reason ``shutdown``), or killed before the spider closed.
    INTERRUPTED = 5
    #: The archive could not be written (disk full, quota, read-only folder, permissions, I/O error, the ledger
    #: locked by another process): the crawl stopped at the first failed write; what was written is whole.
    ARCHIVE_UNWRITABLE = 6
    #: The ledger is damaged (not a database, malformed): refused before anything was fetched; ``scrapy archive
    #: repair`` rebuilds it from the JSON lines.
    ARCHIVE_DAMAGED = 7


#: HTTP statuses meaning the page is gone for good: reported as failed, not a partial failure of the run.
GONE_STATUSES = frozenset({404, 410})
#: Failures-by-reason prefix of requests refused on purpose (private addresses, robots.txt): reported, not partial.
REFUSED_PREFIX = "refused/"
#: Drop reasons meaning extraction failed on a page that has content (``no_body`` also covers deleted-article
#: pages answering 200, ``duplicate`` and ``not_html`` are no failures).
EXTRACTION_FAILURE_DROPS = frozenset({"no_title", "no_date", "unreadable_date", "no_categories", "unrenderable"})

#: The first archive fault of the run (``report_archive_fault``): its kind, file and error.
ARCHIVE_FAULT_STAT = "newscrawl/archive_fault"
ARCHIVE_FAULT_PATH_STAT = "newscrawl/archive_fault/path"
ARCHIVE_FAULT_ERROR_STAT = "newscrawl/archive_fault/error"
#: Drop reason of articles fetched after the archive could not be written (counted, logged at DEBUG only).
NOT_WRITTEN = "not_written"
_FAULT_STATUSES = {FaultKind.UNWRITABLE.value: "ARCHIVE_UNWRITABLE", FaultKind.DAMAGED.value: "ARCHIVE_DAMAGED"}

_MISSING_RECORDING = "MissingRecording"
#: Exceptions a downloader middleware raises on purpose, counted under their own stats (robots.txt's
#: ``robotstxt/forbidden``, ``newscrawl/refused/*``): Scrapy's download-exception count would count them twice.
_DECISIONS = frozenset({"IgnoreRequest", "RefusedRequest"})


def _suffixes(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: int(value) for key, value in stats.items()
            if key.startswith(prefix) and isinstance(value, int)}


def image_failures(stats: dict[str, Any]) -> dict[str, int]:
    """Images not archived, by reason (``http_404``, ``download/TimeoutError``, ``no_recording``…)."""
    return {reason: count for reason, count in _suffixes(stats, "newscrawl/images/failed/").items() if count}


def failures(stats: dict[str, Any]) -> dict[str, int]:
    """Requests that finally failed, by reason; image failures under ``image/<reason>``."""
    images = image_failures(stats)
    failed: Counter[str] = Counter()
    for status, count in _suffixes(stats, "httperror/response_ignored_status_count/").items():
        failed[f"http_{status}"] += count
    for exception, count in _suffixes(stats, "downloader/exception_type_count/").items():
        name = exception.rsplit(".", 1)[-1]
        if name == _MISSING_RECORDING or name in _DECISIONS:
            continue  # counted once, as no_recording or under the deciding middleware's reason
        retried = int(stats.get(f"retry/reason_count/{exception}", 0))
        failed[f"download/{name}"] += count - retried - images.get(f"download/{name}", 0)
    failed["no_recording"] += int(stats.get("newscrawl/replay/missing", 0)) - images.get("no_recording", 0)
    for exception, count in _suffixes(stats, "spider_exceptions/").items():
        if exception != "count":
            failed[f"spider_error/{exception}"] += count
    for reason, count in images.items():
        if reason.rsplit("/", 1)[-1] not in _DECISIONS:  # a refused image is counted once, as refused/<reason>
            failed[f"image/{reason}"] += count
    for reason, count in _suffixes(stats, "newscrawl/failed/").items():
        failed[reason] += count
    for reason, count in _suffixes(stats, "newscrawl/refused/").items():
        failed[f"{REFUSED_PREFIX}{reason}"] += count
    failed[f"{REFUSED_PREFIX}robots_txt"] += int(stats.get("robotstxt/forbidden", 0))
    return {reason: count for reason, count in sorted(failed.items()) if count > 0}


def partial_failure_reasons(failed: dict[str, int], dropped: dict[str, int], blocked: int) -> list[str]:
    """What makes a run a partial failure, as ``reason: count`` strings (empty: nothing does)."""
    gone = {f"http_{status}" for status in GONE_STATUSES}
    reasons = [f"{reason}: {count}" for reason, count in failed.items()
               if reason not in gone and not reason.startswith(("image/", REFUSED_PREFIX))]
    reasons += [f"dropped {reason}: {count}" for reason, count in dropped.items()
                if reason in EXTRACTION_FAILURE_DROPS and count]
    if blocked:
        reasons.append(f"blocked: {blocked}")
    return reasons


def exit_status(finish_reason: str, archived: int, skipped_as_old: int, partial_reasons: list[str],
                skipped_as_known: int = 0, archive_fault: str | None = None,
                took_no_shared_request: bool = False) -> ExitStatus:
    """``archive_fault``: the kind of the run's archive fault (``FaultKind`` value), which outranks everything.
    ``took_no_shared_request``: a process of a shared crawl that joined when the other processes had done
    everything; it read nothing, so its archiving nothing says nothing about the site."""
    if archive_fault is not None:
        return ExitStatus[_FAULT_STATUSES[archive_fault]]
    if finish_reason == "shutdown":
        return ExitStatus.INTERRUPTED
    if archived == 0 and skipped_as_old == 0 and skipped_as_known == 0 and not took_no_shared_request:
        return ExitStatus.NOTHING_FOUND
    if partial_reasons:
        return ExitStatus.PARTIAL
    return ExitStatus.SUCCESS


def _filled(value: Any) -> bool:
    return value is not None and value != "" and value != [] and value != {}


class FieldFillRates:
    """Per portal, how many articles had each Article field non-empty."""

    def __init__(self) -> None:
        self.articles: Counter[str] = Counter()
        self.filled: defaultdict[str, Counter[str]] = defaultdict(Counter)

    def add(self, article: Article) -> None:
        portal = article.portal or "generic"
        self.articles[portal] += 1
        for field in dataclasses.fields(Article):
            if _filled(getattr(article, field.name)):
                self.filled[portal][field.name] += 1

    def rates(self) -> dict[str, dict[str, Any]]:
        names = [field.name for field in dataclasses.fields(Article)]
        return {
            portal: {"articles": count,
                     "fields": {name: round(self.filled[portal][name] / count, 4) for name in names}}
            for portal, count in sorted(self.articles.items())
        }


class FaultMoment(Enum):
    """When the archive fault was met, which says what it does to the run."""

    #: While the spider opens: nothing is fetched.
    OPENING = "Nothing is fetched"
    #: While the crawl runs: the spider is closed, the requests in flight complete.
    CRAWLING = "The crawl stops"
    #: Writing the run report: it goes to stderr.
    CLOSING = "The run report goes to stderr"


def report_archive_fault(crawler: Crawler, fault: ArchiveFault, article_url: str | None = None, *,
                         moment: FaultMoment = FaultMoment.CRAWLING) -> bool:
    """Record the run's first archive fault, log it in one line and, while crawling, close the spider. True for
    the first fault of the run; later ones are the same failure seen again (the other articles of a batch, the
    report that cannot be written either) and are neither logged nor recorded."""
    stats = crawler.stats
    if stats is not None and stats.get_value(ARCHIVE_FAULT_STAT) is not None:
        return False
    if stats is not None:
        stats.set_value(ARCHIVE_FAULT_STAT, fault.kind.value)
        stats.set_value(ARCHIVE_FAULT_PATH_STAT, str(fault.path))
        stats.set_value(ARCHIVE_FAULT_ERROR_STAT, fault.reason)
    archive_dir, _ = archive_paths(crawler.settings)
    saving = f" (saving {article_url})" if article_url else ""
    what = "The ledger is damaged" if fault.kind is FaultKind.DAMAGED else "Cannot write the archive"
    logger.error("%s%s: %s: %s. %s: %s.", what, saving, fault.path, fault.reason, moment.value,
                 fault.advice(archive_dir))
    engine = crawler.engine
    if moment is FaultMoment.CRAWLING and engine is not None and engine.spider is not None:
        closing = deferred_from_coro(engine.close_spider_async(reason=fault.finish_reason))
        closing.addErrback(lambda failure: logger.error("Could not close the spider: %s", failure.value))
    return True


class RunReport:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.archive_dir, _ = archive_paths(crawler.settings)
        self.fill_rates = FieldFillRates()
        self.started_at = datetime.now(UTC)
        self.started_clock = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunReport:
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self) -> None:
        self.started_at = datetime.now(UTC)
        self.started_clock = time.monotonic()
        try:
            probe_writable(self.archive_dir / RUNS_FOLDER)
        except OSError as error:
            # A run that could not leave its report is not started: cron would never hear of it.
            fault = file_fault(error)
            if report_archive_fault(self.crawler, fault, moment=FaultMoment.OPENING):
                raise CloseSpider(fault.finish_reason) from None

    def item_scraped(self, item: Any) -> None:
        if isinstance(item, Article):
            self.fill_rates.add(item)
            if item.body_sanitized and self.crawler.stats:
                self.crawler.stats.inc_value(BODY_SANITIZED_STAT)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
        report = self.build_report(spider.name, reason, stats)
        try:
            where = str(self.write(report))
        except OSError as error:
            fault = file_fault(error)
            report_archive_fault(self.crawler, fault, moment=FaultMoment.CLOSING)
            stats = self.crawler.stats.get_stats() if self.crawler.stats else {}
            report = self.build_report(spider.name, reason, stats)
            report["report_not_written"] = f"{fault.path}: {fault.reason}"
            # Not through logging: stderr reaches cron's mail even when the log goes to LOG_FILE.
            sys.stderr.write(json.dumps(report, ensure_ascii=False, separators=(",", ":")) + "\n")
            sys.stderr.flush()
            where = f"not written ({fault.path}: {fault.reason}), printed to stderr"
        status = ExitStatus(report["exit_status"])
        if self.crawler.stats:
            self.crawler.stats.set_value(EXIT_STATUS_STAT, int(status))
        articles = report["articles"]
        # Named only when it happened: a body re-written by nh3 lost the page's own bytes, worth a look.
        sanitized = f", {report['bodies_sanitized']} bodies sanitised" if report["bodies_sanitized"] else ""
        logger.info(
            "newscrawl %s finished (%s): %d new, %d updated, %d unchanged, dropped %s, failed %s, %d blocked%s, "
            "exit %d (%s); report %s",
            spider.name, reason, articles["new"], articles["updated"], articles["unchanged"],
            report["dropped"] or "nothing", report["failed"] or "nothing", report["blocked"], sanitized, status,
            report["exit_status_name"], where,
        )
        if status is ExitStatus.NOTHING_FOUND:
            logger.error(
                "newscrawl %s archived no article at all: layout drift, a block, or nothing listed", spider.name
            )
        elif stats.get(SHARED_REQUESTS_TAKEN_STAT) == 0:
            logger.info("newscrawl %s took no request from the shared crawl: its other processes had done "
                        "everything", spider.name)
        elif status is ExitStatus.PARTIAL:
            logger.warning("newscrawl %s partly failed: %s", spider.name, "; ".join(report["exit_status_reasons"]))

    def build_report(self, spider_name: str, finish_reason: str, stats: dict[str, Any]) -> dict[str, Any]:
        """The report's content; every key is always present (zeros and empty objects when nothing happened)."""
        finished_at = datetime.now(UTC)
        articles = {name: int(stats.get(f"newscrawl/articles/{name}", 0)) for name in ("new", "updated", "unchanged")}
        dropped = dict(sorted(_suffixes(stats, "newscrawl/dropped/").items()))
        failed = failures(stats)
        blocked_by_reason = _suffixes(stats, "newscrawl/blocked/")
        blocked = int(stats.get("newscrawl/blocked", 0)) or sum(blocked_by_reason.values())
        skipped_as_old = int(stats.get("newscrawl/skipped/older_than_since", 0))
        skipped_as_known = int(stats.get("newscrawl/skipped/known", 0))
        reasons = partial_failure_reasons(failed, dropped, blocked)
        fault_kind = stats.get(ARCHIVE_FAULT_STAT)
        took_no_shared_request = stats.get(SHARED_REQUESTS_TAKEN_STAT) == 0
        status = exit_status(finish_reason, sum(articles.values()), skipped_as_old, reasons, skipped_as_known,
                             archive_fault=fault_kind, took_no_shared_request=took_no_shared_request)
        archive_fault = None
        if fault_kind is not None:
            archive_fault = {"kind": fault_kind, "path": stats.get(ARCHIVE_FAULT_PATH_STAT),
                             "error": stats.get(ARCHIVE_FAULT_ERROR_STAT),
                             "articles_not_written": int(stats.get(f"newscrawl/dropped/{NOT_WRITTEN}", 0))}
            reasons = [f"{archive_fault['path']}: {archive_fault['error']}"]
        images = image_failures(stats)
        return {
            "schema": REPORT_SCHEMA,
            "spider": spider_name,
            "started_at": self.started_at.isoformat(timespec="seconds"),
            "finished_at": finished_at.isoformat(timespec="seconds"),
            "duration_seconds": round(time.monotonic() - self.started_clock, 3),
            "finish_reason": finish_reason,
            "exit_status": int(status),
            "exit_status_name": status.name.lower(),
            "exit_status_reasons": reasons if status is ExitStatus.PARTIAL or archive_fault else [],
            # null, or the write that stopped the crawl: kind ("unwritable", "damaged"), path, error and the
            # articles fetched that were not written
            "archive_fault": archive_fault,
            "articles": articles,
            "dropped": dropped,
            "failed": failed,
            "blocked": blocked,
            "blocked_by_reason": blocked_by_reason,
            "bodies_sanitized": int(stats.get(BODY_SANITIZED_STAT, 0)),
            "listing": {
                "pages": int(stats.get("newscrawl/listing_pages", 0)),
                "empty": int(stats.get("newscrawl/listing_empty", 0)),
                "article_links": int(stats.get("newscrawl/article_links", 0)),
                "skipped_older_than_since": skipped_as_old,
                "skipped_known": skipped_as_known,
                "stopped_after_known": int(stats.get("newscrawl/listing_stopped_known", 0)),
            },
            "images": {
                "stored": int(stats.get("newscrawl/images/stored", 0)),
                "deduplicated": int(stats.get("newscrawl/images/deduplicated", 0)),
                "already_archived": int(stats.get("newscrawl/images/already_archived", 0)),
                "failed": sum(images.values()),
            },
            "requests": int(stats.get("downloader/request_count", 0)),
            "fill_rates": self.fill_rates.rates(),
            # Articles per portal layout that gave the body (``generic``: generic extraction), and fields a
            # layout's rule left to a fallback (counted by the portal spider).
            "layouts": dict(sorted(_suffixes(stats, "newscrawl/layout/").items())),
            "fallbacks": dict(sorted(_suffixes(stats, "newscrawl/fallback/").items())),
            "archive": str(self.archive_dir.resolve()),
        }

    def write(self, report: dict[str, Any]) -> Path:
        """Write ``runs/<start>-<spider>.json`` atomically (``-2``, ``-3``… if two runs start in one millisecond)."""
        runs = self.archive_dir / RUNS_FOLDER
        remove_stale_temporary_files(runs)
        stamp = self.started_at.strftime("%Y%m%dT%H%M%S.") + f"{self.started_at.microsecond // 1000:03d}Z"
        stem = f"{stamp}-{report['spider']}"
        path = runs / f"{stem}.json"
        number = 1
        while path.exists():
            number += 1
            path = runs / f"{stem}-{number}.json"
        data = json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        write_file_atomically(path, data.encode("utf-8"))
        return path
