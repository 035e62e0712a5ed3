"""Article extraction in worker processes, so that one crawl uses every core (``NEWSCRAWL_EXTRACT_PROCESSES``).

Extraction is the largest cost in the reactor thread and it is pure (``extract_fetched``: plain data in, plain data
out), so it runs in a ``concurrent.futures.ProcessPoolExecutor``: the spider hands over the response's bytes and
awaits the record while the reactor goes on downloading and writing. Workers start from a fork server that has
imported extraction and the portals once, so a new worker is ready at once and inherits no reactor threads.

Pages waiting for a worker are bounded (``pending_limit``): past it the engine is paused (no new downloads) until
half of them are done, so a fast downloader does not pile up responses that a killed crawl would lose.

A worker exits by itself once the crawl's process is gone (``_exit_with``): a crawl killed with SIGKILL leaves no
worker behind (a worker holds both ends of its task pipe, so it would otherwise wait for work forever, and the fork
server would wait for it).

A worker sends its outcome back through a file in the pool's folder, and only the file's name through the
executor's pipe. ``multiprocessing`` writes a message over 16 KB to the pipe in two writes (header, then payload), and
the executor's manager thread reads a result with a blocking ``recv()``: a worker killed between the two writes would
leave it waiting forever for the rest, the pool never seen broken and the crawl never ending. A name is one short
write, which a pipe takes whole.

A worker that dies (killed, out of memory) breaks the executor: every page it had not returned fails with
``BrokenProcessPool``. The pool is then replaced by a new one and those pages are extracted again, up to
``MOST_ATTEMPTS`` times each; nothing is lost. ``NEWSCRAWL_EXTRACT_PROCESSES=0`` extracts in the reactor thread.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import pickle
import shutil
import tempfile
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector
from twisted.internet.defer import Deferred

from newscrawl.extract.fetched import FetchedPage, Outcome, extract_fetched_by_name

logger = logging.getLogger(__name__)

#: Tries of one page whose worker died each time before it is given up (a page that kills every worker).
MOST_ATTEMPTS = 3
#: Pages that may wait for each worker (and as many more) before the engine stops starting downloads.
PAGES_WAITING_PER_WORKER = 2
#: How often a worker checks that the crawl's process is still there, in seconds.
CRAWL_CHECK_INTERVAL = 1.0
#: Imported once by the fork server; every worker forked from it starts with them.
PRELOADED_MODULES = ["newscrawl.extract.fetched", "newscrawl.portals"]
#: The outcomes folders' names in the temporary folder: this, the crawl's process id, a dash, a random part.
OUTCOMES_FOLDER_PREFIX = "newscrawl-outcomes-"
#: An outcomes folder of a gone crawl untouched this long is removed by the next crawl (each outcome touches it).
STALE_OUTCOMES_SECONDS = 3600
_CRAWLER_ATTRIBUTE = "_newscrawl_extraction_workers"


def available_cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def default_processes() -> int:
    """The machine's cores minus one (the reactor's), at least one."""
    return max(1, available_cores() - 1)


def configured_processes(value: object) -> int:
    """``NEWSCRAWL_EXTRACT_PROCESSES`` as a number of processes: unset or empty means the default."""
    if value is None or value == "":
        return default_processes()
    processes = int(str(value))
    if processes < 0:
        raise ValueError(f"NEWSCRAWL_EXTRACT_PROCESSES must be 0 or more; got {value!r}")
    return processes


def _crawl_is_gone(crawl_pid: int) -> bool:
    try:
        state = Path(f"/proc/{crawl_pid}/stat").read_bytes().rsplit(b")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    except OSError:  # no /proc here: ask the kernel whether the process exists
        try:
            os.kill(crawl_pid, 0)
        except ProcessLookupError:
            return True
        return False
    return state in (b"Z", b"X")  # killed and not yet reaped by whoever started it


def _remove_folders_of_gone_crawls() -> None:
    """Remove the outcomes folders of crawls killed together with their workers (``kill -9`` of the process group,
    a container stopped): nobody else would. The folder's name holds its crawl's process id; only a folder untouched
    for an hour goes, so that a crawl whose process this one cannot see (another PID namespace sharing the
    temporary folder) loses nothing (and its workers make the folder again)."""
    stale_before = time.time() - STALE_OUTCOMES_SECONDS
    for folder in Path(tempfile.gettempdir()).glob(OUTCOMES_FOLDER_PREFIX + "*"):
        crawl_pid = folder.name[len(OUTCOMES_FOLDER_PREFIX):].split("-", 1)[0]
        try:
            stale = folder.stat().st_mtime < stale_before
        except OSError:
            continue
        if stale and crawl_pid.isdigit() and int(crawl_pid) != os.getpid() and _crawl_is_gone(int(crawl_pid)):
            shutil.rmtree(folder, ignore_errors=True)


def _exit_with(crawl_pid: int, outcomes_folder: str) -> None:
    """Worker initializer: end this worker once the crawl's process is gone, removing the folder of outcomes the
    crawl can no longer read (nobody else would: a crawl killed with SIGKILL never closes its pool)."""
    def watch() -> None:
        while not _crawl_is_gone(crawl_pid):
            time.sleep(CRAWL_CHECK_INTERVAL)
        shutil.rmtree(outcomes_folder, ignore_errors=True)
        os._exit(0)

    threading.Thread(target=watch, name="crawl-watch", daemon=True).start()


def extract_into_file(fetched: FetchedPage, portal_name: str | None, folder: str) -> str:
    """What a worker runs: ``extract_fetched_by_name``, its outcome pickled into a new file of ``folder``; the
    file's path is the answer (see the module notes)."""
    outcome = extract_fetched_by_name(fetched, portal_name)
    os.makedirs(folder, exist_ok=True)  # another crawl took this one for gone (_remove_folders_of_gone_crawls)
    descriptor, path = tempfile.mkstemp(dir=folder, suffix=".outcome")
    with os.fdopen(descriptor, "wb") as file:
        pickle.dump(outcome, file, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def read_outcome(path: str) -> Outcome:
    """The outcome a worker left in ``path``; the file is removed."""
    try:
        with open(path, "rb") as file:
            outcome: Outcome = pickle.load(file)
    finally:
        os.unlink(path)
    return outcome


@dataclass
class _Job:
    fetched: FetchedPage
    portal_name: str | None
    result: Deferred[Outcome]
    attempts: int = 0


class ExtractionWorkers:
    """A pool of ``processes`` worker processes extracting article responses; results come back as Deferreds
    fired in the reactor thread."""

    def __init__(self, processes: int, stats: StatsCollector | None = None, engine: Any = None) -> None:
        self.processes = processes
        self.stats = stats
        #: The crawl's engine, paused while too many pages wait for a worker.
        self.engine = engine
        #: Pages handed over and not yet returned; past ``pending_limit`` no new download starts.
        self.pending = 0
        self.pending_limit = PAGES_WAITING_PER_WORKER * processes + PAGES_WAITING_PER_WORKER
        self._paused = False
        #: Whether a worker is up and taking pages.
        self.ready = False
        self._executor: ProcessPoolExecutor | None = None
        _remove_folders_of_gone_crawls()
        #: Where workers leave their outcomes (removed at close with whatever a dead worker left).
        self._outcomes_folder = tempfile.mkdtemp(prefix=f"{OUTCOMES_FOLDER_PREFIX}{os.getpid()}-")
        self._closed = False

    @classmethod
    def for_crawler(cls, crawler: Crawler) -> ExtractionWorkers | None:
        """The crawl's pool, made on first use and shut when the engine stops; None with 0 processes."""
        if not hasattr(crawler, _CRAWLER_ATTRIBUTE):
            processes = configured_processes(crawler.settings.get("NEWSCRAWL_EXTRACT_PROCESSES"))
            workers = cls(processes, crawler.stats, crawler.engine) if processes else None
            if workers is not None:
                crawler.signals.connect(workers.close, signal=signals.engine_stopped)
                crawler.signals.connect(workers.close, signal=signals.spider_closed)
                if crawler.stats is not None:
                    crawler.stats.set_value("newscrawl/extract/processes", processes)
            setattr(crawler, _CRAWLER_ATTRIBUTE, workers)
        workers = getattr(crawler, _CRAWLER_ATTRIBUTE)
        return workers if isinstance(workers, ExtractionWorkers) else None

    @staticmethod
    def running(crawler: Crawler) -> ExtractionWorkers | None:
        """The crawl's pool if one was made (never makes one)."""
        workers = getattr(crawler, _CRAWLER_ATTRIBUTE, None)
        return workers if isinstance(workers, ExtractionWorkers) else None

    def start(self) -> None:
        """Start the workers now; until the first is up (the fork server importing extraction), the crawl extracts
        in the reactor thread instead of waiting for it."""
        from twisted.internet import reactor

        future = self._pool().submit(os.getpid)
        future.add_done_callback(lambda _: reactor.callFromThread(self._started))

    def _started(self) -> None:
        self.ready = True

    def extract(self, fetched: FetchedPage, portal_name: str | None) -> Deferred[Outcome]:
        """The outcome of ``extract_fetched`` on the registered portal named ``portal_name``, from a worker."""
        job = _Job(fetched, portal_name, Deferred())
        self.pending += 1
        if self.pending >= self.pending_limit and not self._paused and self.engine is not None:
            self._paused = True
            self.engine.pause()
        job.result.addBoth(self._returned)
        self._submit(job)
        return job.result

    def _returned(self, result: Any) -> Any:
        self.pending -= 1
        if self._paused and self.pending <= self.pending_limit // 2:
            self._paused = False
            self.engine.unpause()
            slot = getattr(self.engine, "_slot", None)  # start downloads now, not at the engine's next heartbeat
            if slot is not None:
                slot.nextcall.schedule()
        return result

    def worker_pids(self) -> list[int]:
        """The worker processes now running (tests kill one)."""
        executor = self._executor
        processes = getattr(executor, "_processes", None) or {}
        return [process.pid for process in list(processes.values()) if process.pid is not None]

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._paused and self.engine is not None:
            self._paused = False
            self.engine.unpause()
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
        shutil.rmtree(self._outcomes_folder, ignore_errors=True)

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(PRELOADED_MODULES)
            self._executor = ProcessPoolExecutor(self.processes, mp_context=context, initializer=_exit_with,
                                                 initargs=(os.getpid(), self._outcomes_folder))
        return self._executor

    def _submit(self, job: _Job) -> None:
        if self._closed:
            job.result.errback(RuntimeError("extraction workers are shut down"))
            return
        job.attempts += 1
        executor = self._pool()
        try:
            future = executor.submit(extract_into_file, job.fetched, job.portal_name, self._outcomes_folder)
        except BrokenProcessPool:
            self._replace(executor)
            self._submit(job)
            return
        from twisted.internet import reactor  # the one the crawl installed (importing it earlier installs one)

        # The done callback runs in the executor's thread, which also reads the outcome's file; the job is settled
        # in the reactor thread.
        future.add_done_callback(lambda done: reactor.callFromThread(
            self._settle, job, executor, *_answer(done)))

    def _settle(self, job: _Job, executor: ProcessPoolExecutor, cancelled: bool, outcome: Outcome | None,
                error: BaseException | None) -> None:
        if cancelled:
            job.result.errback(RuntimeError(f"extraction of {job.fetched.url} cancelled at shutdown"))
            return
        if outcome is not None:
            job.result.callback(outcome)
            return
        assert error is not None  # _answer gives an outcome or an error
        if not isinstance(error, BrokenProcessPool):
            job.result.errback(error)  # extraction itself failed: a spider error, as in the reactor thread
            return
        self._replace(executor)
        if job.attempts >= MOST_ATTEMPTS:
            self._count("newscrawl/extract/given_up")
            job.result.errback(RuntimeError(f"extraction worker died {job.attempts} times on {job.fetched.url}"))
            return
        logger.warning("Extraction worker died; extracting %s again", job.fetched.url)
        self._submit(job)

    def _replace(self, broken: ProcessPoolExecutor) -> None:
        """A new pool in place of a broken one (once, however many of its pages report the breakage)."""
        if self._executor is not broken:
            return
        self._executor = None
        self._count("newscrawl/extract/workers_replaced")
        logger.warning("An extraction worker died; starting new workers")
        broken.shutdown(wait=False, cancel_futures=True)

    def _count(self, key: str) -> None:
        if self.stats is not None:
            self.stats.inc_value(key)


def _answer(future: Future[str]) -> tuple[bool, Outcome | None, BaseException | None]:
    """(cancelled, outcome, error) of a finished job, its outcome read from the file the worker named."""
    if future.cancelled():
        return True, None, None
    error = future.exception()
    if error is not None:
        return False, None, error
    try:
        return False, read_outcome(future.result()), None
    except Exception as failure:  # settled as the job's failure, in the reactor thread
        return False, None, failure
