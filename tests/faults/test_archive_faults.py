"""A crawl whose archive cannot be written stops at once, says why in one line and exits 6 (7: damaged ledger).

Each crawl is ``scrapy crawl`` in a subprocess, over the OFweek recordings (replay) or the generated loopback
site. The faults are made without root (these tests run as root here and as a normal user elsewhere):

- a disk that fills up, and a read-only folder: ``tests/faults/disk_faults.py`` installed in the crawl's process
  (``python -m tests.faults.scrapy_with_disk_faults``). Writes through ``os.write`` and file objects fail with the
  errno after the free bytes are used up, SQLite is held to the free bytes with ``PRAGMA max_page_count`` and
  fails inside itself with ``SQLITE_FULL``; a read-only folder refuses creating, opening for writing, renaming and
  removing, and SQLite opens its databases with ``mode=ro``. ``test_on_real_file_systems`` checks the same on a
  real tmpfs and a real read-only bind mount where the kernel lets a normal user mount them (user namespaces);
- a damaged ledger: bytes overwritten in the file, as the disk or a careless tool would;
- a locked ledger: another process holding SQLite's write lock (``BEGIN IMMEDIATE``).

Every test also looks at the archive afterwards (whole lines, no temporary file, no post without its line) and,
where the cause goes away, at the next run completing it.
"""

from __future__ import annotations

import errno
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from newscrawl.archive.consistency import ArchiveLayout, check_archive
from newscrawl.archive.ledger import Ledger
from newscrawl.archive.rebuild import PostSettings
from tests.conftest import PROJECT_ROOT, REPLAY_DIR
from tests.faults.disk_faults import ENVIRONMENT_VARIABLE, DiskFault
from tests.faults.misbehaving_pipelines import MARKER
from tests.servers.generated_site import GeneratedSite, RunningSite, generated_site_server

#: Articles the OFweek recordings give (14 links: one 404, one dropped for its empty body).
OFWEEK_ARTICLES = 12
#: A whole replay crawl logs about 7 KB at INFO (startup lines, the stats): a stopped one may add a few lines.
LOG_LIMIT = 12_000
FAULT_LINE = re.compile(r"(Cannot write the archive|The ledger is damaged)")
CONCURRENCY = 16
PENDING_WRITES = 4
#: Articles a crawl may still fetch once the fault is met: the requests in flight and the responses the spider and
#: the pipelines have not finished (as for a kill, ``tests/reliability``), plus the writes waiting for the writer.
MOST_FETCHED_AFTER_FAULT = 2 * CONCURRENCY + PENDING_WRITES


@dataclass
class Crawl:
    returncode: int
    stderr: str
    report: dict[str, Any]

    @property
    def fault_lines(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if FAULT_LINE.search(line)]

    @property
    def summary(self) -> str:
        [line] = [line for line in self.stderr.splitlines() if "[newscrawl.extensions.run_report] INFO" in line]
        return line


def _run(arguments: list[str], *, fault: DiskFault | None = None, umask: int | None = None,
         timeout: int = 180) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    environment.pop(ENVIRONMENT_VARIABLE, None)
    if fault is not None:
        environment[ENVIRONMENT_VARIABLE] = fault.describe()
    return subprocess.run([sys.executable, "-m", "tests.faults.scrapy_with_disk_faults", *arguments],
                          cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=timeout, env=environment,
                          preexec_fn=(lambda: os.umask(umask)) if umask is not None else None)


def _crawl(archive: Path, *arguments: str, fault: DiskFault | None = None, umask: int | None = None,
           spider: tuple[str, ...] = ("ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}")) -> Crawl:
    reports_before = set((archive / "runs").glob("*.json")) if (archive / "runs").is_dir() else set()
    result = _run(["crawl", *spider, "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "TELNETCONSOLE_ENABLED=0",
                   *arguments], fault=fault, umask=umask)
    written = sorted(set((archive / "runs").glob("*.json")) - reports_before) if (archive / "runs").is_dir() else []
    printed = [line for line in result.stdout.splitlines() + result.stderr.splitlines()
               if line.startswith('{"schema"')]
    assert len(written) + len(printed) == 1, result.stderr[-3000:]
    report = json.loads(written[0].read_text(encoding="utf-8") if written else printed[0])
    return Crawl(result.returncode, result.stderr, report)


def _archive(command: str, archive: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return _run(["archive", command, str(archive), *arguments])


def _assert_stopped(crawl: Crawl, path: Path, error: str, *, status: int = 6, finish_reason: str = "") -> None:
    """Exit ``status``, one line naming ``path`` and ``error``, the summary, a short log without a traceback."""
    name = "archive_unwritable" if status == 6 else "archive_damaged"
    assert crawl.returncode == status, crawl.stderr[-3000:]
    assert len(crawl.fault_lines) == 1, "\n".join(crawl.fault_lines)
    assert str(path) in crawl.fault_lines[0] and error in crawl.fault_lines[0], crawl.fault_lines[0]
    assert f"finished ({finish_reason or name}): " in crawl.summary and f"exit {status} ({name})" in crawl.summary
    assert "Traceback" not in crawl.stderr, crawl.stderr[-3000:]
    assert len(crawl.stderr) < LOG_LIMIT, len(crawl.stderr)
    assert (crawl.report["exit_status"], crawl.report["exit_status_name"]) == (status, name)
    assert crawl.report["archive_fault"]["kind"] == ("unwritable" if status == 6 else "damaged")
    assert str(path) in crawl.report["archive_fault"]["path"]
    assert error in crawl.report["archive_fault"]["error"]


def _assert_whole(archive: Path) -> list[str]:
    """The archive holds whole lines only, no temporary file, no post without its line; its lines' URLs."""
    jsonl = archive / "articles.jsonl"
    data = jsonl.read_bytes() if jsonl.exists() else b""
    assert data == b"" or data.endswith(b"\n"), "a torn last line"
    urls = [json.loads(line)["url"] for line in data.splitlines()]
    assert not list(archive.rglob(".newscrawl-*")), "temporary files left"
    report = check_archive(ArchiveLayout(archive, archive / "posts"), PostSettings())
    assert [problem for problem in report.problems if problem[0] in ("post_without_line", "bad_line")] == []
    return urls


def _assert_completed_by_the_next_run(archive: Path) -> None:
    crawl = _crawl(archive)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert len(list((archive / "posts").rglob("*.md"))) == OFWEEK_ARTICLES
    assert len((archive / "articles.jsonl").read_bytes().splitlines()) == OFWEEK_ARTICLES
    assert check_archive(ArchiveLayout(archive, archive / "posts"), PostSettings()).problems == []


def _fresh_ledger_bytes(tmp_path: Path) -> int:
    """What a new ledger takes on the disk (its schema), measured rather than assumed."""
    path = tmp_path / "measure" / "ledger.sqlite3"
    ledger = Ledger(path)
    page_size, pages = (ledger.connection.execute(f"PRAGMA {name}").fetchone()[0]
                        for name in ("page_size", "page_count"))
    ledger.close()
    return int(page_size) * int(pages)


@pytest.mark.parametrize(("target", "free_bytes", "error_name", "message"), [
    ("posts", 3000, "ENOSPC", "[Errno 28] No space left on device (ENOSPC)"),
    ("posts", 3000, "EIO", "[Errno 5] Input/output error (EIO)"),
    ("articles.jsonl", 20000, "EDQUOT", "[Errno 122] Disk quota exceeded (EDQUOT)"),
    ("articles.jsonl", 20000, "ENOSPC", "[Errno 28] No space left on device (ENOSPC)"),
    ("ledger.sqlite3", None, "ENOSPC", "database or disk is full (SQLITE_FULL)"),
])
def test_a_disk_that_fills_up_stops_the_crawl_and_the_next_run_completes_the_archive(
        tmp_path: Path, target: str, free_bytes: int | None, error_name: str, message: str) -> None:
    archive = tmp_path / "archive"
    if free_bytes is None:  # the ledger: its schema fits, not a page more (its rows need one after ten articles)
        free_bytes = _fresh_ledger_bytes(tmp_path)
    crawl = _crawl(archive, fault=DiskFault("full", archive / target, free_bytes, getattr(errno, error_name)))
    _assert_stopped(crawl, archive / target, message)
    assert crawl.report["dropped"].get("not_written", 0) >= 1
    assert crawl.report["articles"]["new"] < OFWEEK_ARTICLES
    _assert_whole(archive)
    _assert_completed_by_the_next_run(archive)


def test_a_full_disk_under_the_whole_archive_prints_the_report_to_stderr(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    crawl = _crawl(archive, fault=DiskFault("full", archive, 120_000, errno.ENOSPC))
    _assert_stopped(crawl, archive, "[Errno 28] No space left on device (ENOSPC)")
    assert "report not written" in crawl.summary and "printed to stderr" in crawl.summary
    assert crawl.report["report_not_written"].startswith(str(archive / "runs"))
    assert not list((archive / "runs").glob("*.json"))
    _assert_whole(archive)
    _assert_completed_by_the_next_run(archive)


def _news_crawl(site: RunningSite, *, articles: int) -> tuple[str, ...]:
    return ("news", "-a", f"url={site.origin}/", "-a", f"max_pages={articles // 50 + 2}", "-s", "DOWNLOAD_DELAY=0",
            "-s", "AUTOTHROTTLE_ENABLED=0", "-s", f"CONCURRENT_REQUESTS={CONCURRENCY}",
            "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}", "-s", f"NEWSCRAWL_PENDING_WRITES={PENDING_WRITES}")


PADDED_PIPELINES = json.dumps({
    "newscrawl.pipelines.normalize_article.NormalizeArticlePipeline": 100,
    "newscrawl.pipelines.validate_article.ValidateArticlePipeline": 200,
    "newscrawl.pipelines.drop_duplicate_article.DropDuplicateArticlePipeline": 300,
    "tests.faults.misbehaving_pipelines.EnlargeBody": 750,
    "newscrawl.pipelines.write_archive.WriteArchivePipeline": 800,
})


def test_a_full_disk_stops_fetching_at_once_and_the_log_stays_short(tmp_path: Path) -> None:
    """300 articles of 100 KB bodies, room for about ten: the crawl stops within the requests in flight, and its
    log names the file, not the records (a dump of the articles not written would be megabytes)."""
    site = GeneratedSite(articles=300, per_page=50, realistic=True)
    archive = tmp_path / "archive"
    with generated_site_server(site, tmp_path / "requests.log", max_seconds=300) as running:
        crawl = _crawl(archive, "-s", f"ITEM_PIPELINES={PADDED_PIPELINES}",
                       fault=DiskFault("full", archive / "posts", 1_000_000, errno.ENOSPC),
                       spider=_news_crawl(running, articles=300))
        fetched = len(running.article_fetches())
    _assert_stopped(crawl, archive / "posts", "No space left on device")
    written = _assert_whole(archive)
    assert 0 < len(written) < 20
    assert fetched <= len(written) + MOST_FETCHED_AFTER_FAULT, (fetched, len(written))
    assert MARKER not in crawl.stderr
    not_written = crawl.report["dropped"]["not_written"]
    assert 1 <= not_written <= MOST_FETCHED_AFTER_FAULT
    lines = (archive / "articles.jsonl").read_bytes()
    assert len(lines) > 10 * 100 * 1024  # the records were that big


def test_articles_that_fail_in_a_pipeline_are_named_not_dumped(tmp_path: Path) -> None:
    """A pipeline's bug and a plain DropItem: Scrapy's own lines print the item (here 100 KB bodies)."""
    site = GeneratedSite(articles=30, per_page=50)
    pipelines = json.dumps({**json.loads(PADDED_PIPELINES), "tests.faults.misbehaving_pipelines.FailSomeArticles": 760})
    with generated_site_server(site, tmp_path / "requests.log", max_seconds=300) as running:
        crawl = _crawl(tmp_path / "archive", "-s", f"ITEM_PIPELINES={pipelines}",
                       spider=_news_crawl(running, articles=30))
    errors = [line for line in crawl.stderr.splitlines() if "ERROR: Error processing " in line]
    drops = [line for line in crawl.stderr.splitlines() if "WARNING: Dropped (not wanted): " in line]
    assert len(errors) == 10 and len(drops) == 9, crawl.stderr[-3000:]
    assert all(re.search(r"Error processing http://127\.0\.0\.1:\d+/20\d\d/\d\d/\d\d/story-\d{5}-[a-z-]+: "
                         r"RuntimeError: a bug in a pipeline$", line) for line in errors), errors
    assert all(re.search(r"Dropped \(not wanted\): http://127\.0\.0\.1:\d+/20\d\d/", line) for line in drops), drops
    assert MARKER not in crawl.stderr
    assert len(crawl.stderr) < 60_000  # the tracebacks of ten errors; a dump would be 2 MB


@pytest.mark.parametrize(("error_name", "message"), [("EROFS", "Read-only file system"),
                                                     ("EACCES", "Permission denied")])
def test_a_read_only_posts_folder_is_refused_before_anything_is_fetched(tmp_path: Path, error_name: str,
                                                                         message: str) -> None:
    site_posts = tmp_path / "blog" / "source" / "_posts"
    site_posts.mkdir(parents=True)
    archive = tmp_path / "archive"
    crawl = _crawl(archive, "-s", f"NEWSCRAWL_POSTS_DIR={site_posts}",
                   fault=DiskFault("readonly", tmp_path / "blog", 0, getattr(errno, error_name)))
    _assert_stopped(crawl, site_posts, message)
    assert "Nothing is fetched" in crawl.fault_lines[0]
    assert crawl.report["requests"] == 0 and crawl.report["finish_reason"] == "archive_unwritable"
    assert not list(site_posts.iterdir())
    _assert_whole(archive)


def test_a_read_only_archive_is_refused_and_its_report_printed(tmp_path: Path, crawled_archive: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(crawled_archive, archive)
    before = {path: path.read_bytes() for path in archive.rglob("*") if path.is_file() and "-shm" not in path.name}
    crawl = _crawl(archive, fault=DiskFault("readonly", archive, 0, errno.EROFS))
    _assert_stopped(crawl, archive, "Read-only file system")
    assert crawl.report["requests"] == 0 and "report_not_written" in crawl.report
    assert {path: path.read_bytes() for path in before} == before


def test_a_run_report_that_cannot_be_written_goes_to_stderr(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    crawl = _crawl(archive, fault=DiskFault("full", archive / "runs", 0, errno.ENOSPC))
    _assert_stopped(crawl, archive / "runs", "No space left on device", finish_reason="finished")
    assert "The run report goes to stderr" in crawl.fault_lines[0]
    assert crawl.report["articles"]["new"] == OFWEEK_ARTICLES  # the crawl itself went through
    assert not list((archive / "runs").glob("*.json"))
    _assert_completed_by_the_next_run(archive)


def test_an_image_the_disk_refuses_stops_the_crawl(tmp_path: Path) -> None:
    site = GeneratedSite(articles=30, per_page=50, image_every=2)
    archive = tmp_path / "archive"
    with generated_site_server(site, tmp_path / "requests.log", max_seconds=300) as running:
        crawl = _crawl(archive, "-s", "NEWSCRAWL_IMAGES=1", spider=_news_crawl(running, articles=30),
                       fault=DiskFault("full", archive / "images", 0, errno.ENOSPC))
    _assert_stopped(crawl, archive / "images", "No space left on device")
    assert re.search(r"/images/[0-9a-f]{2}/[0-9a-f]{64}\.png", crawl.fault_lines[0]), crawl.fault_lines[0]
    _assert_whole(archive)


def _damage(ledger: Path, offset: int) -> None:
    connection = sqlite3.connect(ledger)
    connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the rows in the file itself, as after a clean close
    connection.close()
    data = bytearray(ledger.read_bytes())
    data[offset:offset + 15] = b"\xff" * 15
    ledger.write_bytes(bytes(data))


@pytest.fixture(scope="module")
def crawled_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An archive of the OFweek recordings, copied by each test that damages it."""
    archive = tmp_path_factory.mktemp("crawled") / "archive"
    assert _crawl(archive).returncode == 0
    return archive


@pytest.mark.parametrize(("offset", "message"), [(0, "file is not a database"),
                                                 (100, "database disk image is malformed")])
def test_a_damaged_ledger_is_refused_before_anything_is_fetched(tmp_path: Path, crawled_archive: Path,
                                                                offset: int, message: str) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(crawled_archive, archive)
    _damage(archive / "ledger.sqlite3", offset)
    crawl = _crawl(archive)
    _assert_stopped(crawl, archive / "ledger.sqlite3", message, status=7)
    assert f"run `scrapy archive repair {archive}`" in crawl.fault_lines[0]
    assert crawl.report["requests"] == 0


@pytest.mark.parametrize("images", ["0", "1"])
def test_a_deleted_ledger_is_refused_before_a_new_one_takes_every_line_as_recorded(
        tmp_path: Path, crawled_archive: Path, images: str) -> None:
    """With images on, the image pipeline opens the ledger first: it must not create an empty one either."""
    archive = tmp_path / "archive"
    shutil.copytree(crawled_archive, archive)
    for name in ("ledger.sqlite3", "ledger.sqlite3-wal", "ledger.sqlite3-shm"):
        (archive / name).unlink(missing_ok=True)
    crawl = _crawl(archive, "-s", f"NEWSCRAWL_IMAGES={images}")
    _assert_stopped(crawl, archive / "ledger.sqlite3", "the ledger is missing while articles.jsonl holds", status=7)
    assert f"run `scrapy archive repair {archive}`" in crawl.fault_lines[0]
    assert crawl.report["requests"] == 0 and not (archive / "ledger.sqlite3").exists()


def test_a_damaged_ledger_is_repaired_checked_and_a_rerun_writes_nothing(tmp_path: Path,
                                                                        crawled_archive: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(crawled_archive, archive)
    jsonl_before = (archive / "articles.jsonl").read_bytes()
    posts_before = {path: path.stat().st_mtime_ns for path in (archive / "posts").rglob("*.md")}
    _damage(archive / "ledger.sqlite3", 100)

    check = _archive("check", archive)
    assert check.returncode == 1 and "ledger_damaged:" in check.stdout, check.stdout
    repair = _archive("repair", archive)
    assert repair.returncode == 0, repair.stdout + repair.stderr
    assert "kept the damaged ledger as" in repair.stdout and "0 posts written again" in repair.stdout
    assert list(archive.glob("ledger.sqlite3.damaged-*"))
    check = _archive("check", archive)
    assert check.returncode == 0, check.stdout

    crawl = _crawl(archive)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    assert f"0 new, 0 updated, {OFWEEK_ARTICLES} unchanged" in crawl.summary
    assert (archive / "articles.jsonl").read_bytes() == jsonl_before
    assert {path: path.stat().st_mtime_ns for path in (archive / "posts").rglob("*.md")} == posts_before


HOLD_THE_LOCK = """
import sqlite3, sys
connection = sqlite3.connect(sys.argv[1], isolation_level=None)
connection.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
sys.stdin.read()
"""


def test_a_ledger_locked_by_another_process_is_refused(tmp_path: Path, crawled_archive: Path) -> None:
    archive = tmp_path / "archive"
    shutil.copytree(crawled_archive, archive)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_THE_LOCK, str(archive / "ledger.sqlite3")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        crawl = _crawl(archive)
    finally:
        holder.communicate(timeout=30)
    _assert_stopped(crawl, archive / "ledger.sqlite3", "database is locked (SQLITE_BUSY)")
    assert crawl.report["requests"] == 0
    crawl = _crawl(archive)
    assert crawl.returncode == 0 and f"{OFWEEK_ARTICLES} unchanged" in crawl.summary


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640)], ids=["umask-022", "umask-027"])
def test_every_archive_file_gets_the_umask_mode(tmp_path: Path, umask: int, mode: int) -> None:
    site = GeneratedSite(articles=20, per_page=50, image_every=2)
    archive = tmp_path / "archive"
    with generated_site_server(site, tmp_path / "requests.log", max_seconds=300) as running:
        crawl = _crawl(archive, "-s", "NEWSCRAWL_IMAGES=1", spider=_news_crawl(running, articles=20), umask=umask)
    assert crawl.returncode == 0, crawl.stderr[-3000:]
    modes = {path.relative_to(archive).as_posix(): stat.S_IMODE(path.stat().st_mode)
             for path in archive.rglob("*") if path.is_file()}
    kinds = {name.split("/")[0] for name in modes}
    assert {"posts", "images", "runs", "articles.jsonl", "ledger.sqlite3"} <= kinds, kinds
    assert {name: oct(value) for name, value in modes.items() if value != mode} == {}


REAL_FILE_SYSTEMS = r"""
set -u
archive="$1/mnt/archive"
mount -t tmpfs -o size=200k tmpfs "$1/mnt"
"$PYTHON" -m scrapy crawl ofweek -s NEWSCRAWL_REPLAY_DIR="$REPLAY" -s NEWSCRAWL_ARCHIVE_DIR="$archive" \
    -s TELNETCONSOLE_ENABLED=0 2>"$1/full.log" >/dev/null
echo "full $?"
mount -o remount,size=4m "$1/mnt"
"$PYTHON" -m scrapy crawl ofweek -s NEWSCRAWL_REPLAY_DIR="$REPLAY" -s NEWSCRAWL_ARCHIVE_DIR="$archive" \
    -s TELNETCONSOLE_ENABLED=0 2>"$1/freed.log" >/dev/null
echo "freed $?"
"$PYTHON" -m scrapy archive check "$archive" >"$1/check.log" 2>&1
echo "check $?"
mkdir -p "$1/blog"
mount --bind "$1/blog" "$1/blog" && mount -o remount,bind,ro "$1/blog"
"$PYTHON" -m scrapy crawl ofweek -s NEWSCRAWL_REPLAY_DIR="$REPLAY" -s NEWSCRAWL_ARCHIVE_DIR="$1/other" \
    -s NEWSCRAWL_POSTS_DIR="$1/blog" -s TELNETCONSOLE_ENABLED=0 2>"$1/readonly.log" >/dev/null
echo "readonly $?"
"""


def _user_namespaces() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-Urm", "true"], capture_output=True, timeout=30)
    return probe.returncode == 0


@pytest.mark.skipif(not _user_namespaces(), reason="no user namespaces here: cannot mount without root")
def test_on_real_file_systems(tmp_path: Path) -> None:
    """What the injected faults show, on a real 200 KB tmpfs and a real read-only bind mount, mounted in a user
    namespace (no root needed where the kernel allows them)."""
    (tmp_path / "mnt").mkdir()
    result = subprocess.run(["unshare", "-Urm", "sh", "-c", REAL_FILE_SYSTEMS, "sh", str(tmp_path)],
                            cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "PYTHON": sys.executable,
                                 "REPLAY": str(REPLAY_DIR)})
    outcomes = dict(line.split() for line in result.stdout.splitlines())
    logs = {name: (tmp_path / f"{name}.log").read_text(encoding="utf-8")
            for name in ("full", "freed", "check", "readonly")}
    assert outcomes == {"full": "6", "freed": "0", "check": "0", "readonly": "6"}, (result.stderr, logs)
    for name, error in (("full", r"(No space left on device \(ENOSPC\)|database or disk is full)"),
                        ("readonly", r"Read-only file system \(EROFS\)")):
        fault_lines = [line for line in logs[name].splitlines() if FAULT_LINE.search(line)]
        assert len(fault_lines) == 1 and re.search(error, fault_lines[0]), fault_lines
        assert "Traceback" not in logs[name] and len(logs[name]) < LOG_LIMIT
    assert "consistent" in logs["check"]
