"""Kill and resume: a crawl of 1,000 loopback articles killed at 24 points, stopped once by SIGTERM, resumed.

The ``news`` spider crawls a generated site (``tests/servers/generated_site.py``) in a subprocess. Each run is
killed with SIGKILL at one point of ``KILL_PLAN``: after N articles, inside a post's temporary file, between a
post's temporary file and its rename, inside a JSON line, inside a ledger transaction (the test-only extension
``tests/reliability/kill_switch.py``, no hook in production code), or from outside at a random moment. Every
run after the first resumes with ``NEWSCRAWL_SKIP_KNOWN=1``: the ledger is the record of what is done, and only
articles it does not hold are fetched. One run is stopped by SIGTERM and must exit 5 within 30 s. Then the crawl
runs to its end, and once more to show that a finished crawl has nothing left to do. After every run, no post is
on disk without its JSON line (posts are renamed into place after their lines).

Afterwards: exactly 1,000 posts, ledger rows and JSON lines, one of each per article (a duplicate is a second
post file, ledger row or JSON line for an article: the site never changes, so every article has exactly one
version); every post parses (``parse_post`` and ``yaml.safe_load`` of its front matter) and holds its article;
every JSON line parses; no temporary file anywhere in the archive; and the server's log shows at most
``1,000 + kills × CONCURRENT_REQUESTS + FETCH_MARGIN`` article fetches.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from newscrawl.archive.hexo_post import parse_post
from newscrawl.archive.store import content_hash
from newscrawl.items import Article
from newscrawl.settings import NEWSCRAWL_PENDING_WRITES
from tests.conftest import PROJECT_ROOT
from tests.servers.generated_site import GeneratedSite, RunningSite, generated_site_server

SITE = GeneratedSite(articles=1000, per_page=100)
CONCURRENCY = 16
#: What one kill can cost: the article requests in flight (at most CONCURRENCY, the downloader's slots) and the
#: responses already downloaded that the spider and the item pipelines have not finished (Scrapy hands a response
#: to the scraper and frees its download slot in the same reactor turn, so at most another CONCURRENCY). Measured
#: over 60 random kills: 1 to 19, median 9.
MOST_LOST_PER_KILL = 2 * CONCURRENCY
#: Whole test budget; each run is also bounded by RUN_TIMEOUT.
TEST_DEADLINE = 600
#: ``<point>:<n>`` for the kill switch, or ``random``: killed from outside at a random moment of the crawl.
KILL_PLAN = (
    "article:15", "post_write:9", "jsonl_append:21", "ledger_commit:12", "random",
    "post_rename:30", "article:40", "jsonl_append:3", "random", "ledger_commit:33",
    "SIGTERM",
    "post_write:27", "random", "article:1", "post_rename:2", "jsonl_append:45",
    "random", "ledger_commit:1", "post_write:1", "article:60", "random",
    "post_write:40", "jsonl_append:1", "random", "ledger_commit:50",
)
RUN_TIMEOUT = 120
#: The archive writer saves up to half of the pending writes in one batch (newscrawl/archive/writer_thread.py).
MOST_SAVED_TOGETHER = max(1, NEWSCRAWL_PENDING_WRITES // 2)
SIGTERM_DEADLINE = 30
EXTENSIONS = json.dumps({"newscrawl.extensions.run_report.RunReport": 500,
                         "tests.reliability.kill_switch.KillSwitch": 0})
TITLE_NUMBER = re.compile(r"^Story (\d{5})")


@dataclass
class Run:
    plan: str
    returncode: int
    seconds: float
    #: Article requests the server answered during the run.
    fetched: int
    #: Ledger rows the run added.
    archived: int
    #: Of those, rows of saves the previous run was killed in the middle of, finished from its JSON line.
    recovered: int

    @property
    def lost(self) -> int:
        """Articles fetched and not archived: what the next run fetches again."""
        return self.fetched - (self.archived - self.recovered)


def _crawl(site: RunningSite, archive: Path, log: Path, *settings: str) -> subprocess.Popen[bytes]:
    arguments = [
        "crawl", "news", "-a", f"url={site.origin}/", "-a", f"max_pages={SITE.listing_pages + 5}",
        "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s", "NEWSCRAWL_SKIP_KNOWN=1",
        "-s", f"CONCURRENT_REQUESTS={CONCURRENCY}", "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={CONCURRENCY}",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "DOWNLOAD_TIMEOUT=20",
        "-s", "LOG_LEVEL=INFO", "-s", f"EXTENSIONS={EXTENSIONS}", *settings,
    ]
    with log.open("ab") as output:
        return subprocess.Popen([sys.executable, "-m", "scrapy", *arguments], cwd=PROJECT_ROOT, stdout=output,
                                stderr=subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})


def _ledger_urls(archive: Path) -> set[str]:
    ledger = archive / "ledger.sqlite3"
    if not ledger.exists():
        return set()
    connection = sqlite3.connect(f"{ledger.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return {url for (url,) in connection.execute("SELECT url FROM articles")}
    except sqlite3.OperationalError:  # created, schema not there yet
        return set()
    finally:
        connection.close()


def _ledger_rows(archive: Path) -> int:
    return len(_ledger_urls(archive))


def _jsonl_urls(archive: Path) -> set[str]:
    """The URLs of the whole lines of the JSON-lines file."""
    path = archive / "articles.jsonl"
    lines = path.read_bytes().split(b"\n")[:-1] if path.exists() else []
    return {json.loads(line)["url"] for line in lines}


def _jsonl_lines(archive: Path) -> int:
    path = archive / "articles.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def _wait_for(condition: object, timeout: float, crawl: subprocess.Popen[bytes]) -> bool:
    """Poll ``condition()`` every 10 ms until it holds, the crawl exits or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return True
        if crawl.poll() is not None:
            return False
        time.sleep(0.01)
    return False


def _temporary_files(archive: Path) -> list[Path]:
    return sorted(archive.rglob(".newscrawl-*.tmp"))


def _run(plan: str, site: RunningSite, archive: Path, log: Path, rng: random.Random) -> Run:
    fetched_before = len(site.article_fetches())
    rows_before = _ledger_rows(archive)
    unrecorded = _jsonl_urls(archive) - _ledger_urls(archive)  # a killed save the next run finishes
    started = time.monotonic()
    settings = ["-s", f"NEWSCRAWL_TEST_KILL_AT={plan}"] if ":" in plan else []
    crawl = _crawl(site, archive, log, *settings)
    try:
        if plan == "random":
            # Killed while fetching and writing, at a random moment after its first article request.
            _wait_for(lambda: len(site.article_fetches()) > fetched_before, 60, crawl)
            time.sleep(rng.uniform(0.0, 0.6))
            crawl.kill()
        elif plan == "SIGTERM":
            assert _wait_for(lambda: _ledger_rows(archive) >= rows_before + 30, 60, crawl), "nothing archived"
            crawl.send_signal(signal.SIGTERM)
            signalled = time.monotonic()
            crawl.wait(timeout=SIGTERM_DEADLINE)
            assert time.monotonic() - signalled < SIGTERM_DEADLINE
        crawl.wait(timeout=RUN_TIMEOUT)
    finally:
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait(timeout=10)
    return Run(plan, crawl.returncode, time.monotonic() - started, len(site.article_fetches()) - fetched_before,
               _ledger_rows(archive) - rows_before, len(unrecorded & _ledger_urls(archive)))


def _check_kill_point(run: Run, archive: Path) -> None:
    """The kill switch fired where it was told to: the archive shows the half-done write."""
    point, _, occurrence = run.plan.partition(":")
    assert run.returncode == -signal.SIGKILL, f"{run}: not killed"
    if point in ("post_write", "post_rename"):
        assert _temporary_files(archive / "posts"), f"{run}: no temporary post file left"
    elif point == "jsonl_append":
        assert not (archive / "articles.jsonl").read_bytes().endswith(b"\n"), f"{run}: no partial JSON line"
    elif point == "ledger_commit":
        # The lines of the articles saved together wait for their rows' commit.
        unrecorded = _jsonl_lines(archive) - _ledger_rows(archive)
        assert 1 <= unrecorded <= MOST_SAVED_TOGETHER, f"{run}: {unrecorded} JSON lines without a ledger row"
    elif point == "article":
        assert int(occurrence) <= run.archived < int(occurrence) + MOST_SAVED_TOGETHER, run


def _posts_without_a_line(archive: Path) -> list[int]:
    """Articles with a post on disk and no whole JSON line (the store renames posts into place after their lines)."""
    posts = set()
    for path in (archive / "posts").rglob("*.md"):
        match = TITLE_NUMBER.match(parse_post(path.read_text(encoding="utf-8")).title)
        assert match, path
        posts.add(int(match[1]))
    return sorted(posts - {_number(url) for url in _jsonl_urls(archive)})


def _number(url: str) -> int:
    number = SITE.article_number(urlsplit(url).path)
    assert number is not None, f"not an article of the site: {url}"
    return number


def _check_archive(archive: Path) -> dict[int, str]:
    """The archive is consistent: whole posts, JSON lines and ledger rows, one each per article archived.

    Returns the content hash of each archived article, by number.
    """
    assert not _temporary_files(archive)
    posts = sorted((archive / "posts").rglob("*.md"))
    post_numbers: Counter[int] = Counter()
    for path in posts:
        text = path.read_text(encoding="utf-8")
        post = parse_post(text)
        front_matter = yaml.safe_load(text.split("\n---\n", 2)[1])
        assert front_matter["title"] == post.title, path
        match = TITLE_NUMBER.match(post.title)
        assert match, path
        number = int(match[1])
        assert post.date == SITE.published(number), path
        assert f"Paragraph 1 of story {number}." in post.body_html, path
        post_numbers[number] += 1
    lines = (archive / "articles.jsonl").read_bytes().split(b"\n") if (archive / "articles.jsonl").exists() else []
    assert lines[-1:] in ([], [b""]), "the JSON-lines file ends inside a line"
    records = [json.loads(line) for line in lines if line]
    line_numbers = Counter(_number(record["url"]) for record in records)
    hashes = {_number(record["url"]): content_hash(Article.from_dict(record)) for record in records}
    connection = sqlite3.connect(archive / "ledger.sqlite3")
    try:
        rows = connection.execute("SELECT url, post_path, content_hash, versions FROM articles").fetchall()
    finally:
        connection.close()
    ledger_numbers: Counter[int] = Counter()
    for url, post_path, digest, versions in rows:
        number = _number(url)
        ledger_numbers[number] += 1
        assert (archive / "posts" / post_path).is_file(), post_path
        assert versions == 1 and hashes[number] == digest, url
    assert [number for number, count in post_numbers.items() if count > 1] == [], "two posts for one article"
    assert [number for number, count in line_numbers.items() if count > 1] == [], "two JSON lines for one version"
    assert max(ledger_numbers.values(), default=1) == 1
    assert set(post_numbers) == set(line_numbers) == set(ledger_numbers)
    return hashes


def test_a_crawl_killed_24_times_and_stopped_once_archives_every_article_once(tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    log = tmp_path / "crawl.log"
    rng = random.Random(20261125)
    runs: list[Run] = []
    started = time.monotonic()
    with generated_site_server(SITE, tmp_path / "requests.log", max_seconds=600) as site:
        for plan in KILL_PLAN:
            assert time.monotonic() - started < TEST_DEADLINE, "\n".join(map(str, runs))
            run = _run(plan, site, archive, log, rng)
            runs.append(run)
            assert _posts_without_a_line(archive) == [], f"{run}: a post is on disk before its JSON line"
            if plan == "SIGTERM":
                assert run.returncode == 5, f"{run}: a crawl stopped by SIGTERM exits 5 (interrupted)"
                assert run.lost == 0, f"{run}: SIGTERM lets the requests in flight finish and archives them"
                _check_archive(archive)
            elif plan != "random":
                _check_kill_point(run, archive)
        for _ in range(5):  # resume until the crawl completes (one run should do)
            run = _run("resume", site, archive, log, rng)
            runs.append(run)
            if run.returncode == 0:
                break
        assert run.returncode == 0, f"{run}: the resumed crawl did not complete; see {log}"
        jsonl_before = (archive / "articles.jsonl").read_bytes()
        finished = _run("finished", site, archive, log, rng)
        assert (finished.returncode, finished.fetched, finished.archived) == (0, 0, 0), finished
        assert (archive / "articles.jsonl").read_bytes() == jsonl_before
        fetches = site.article_fetches()
    kills = sum(1 for run in runs if run.returncode == -signal.SIGKILL)
    report = "\n".join(f"{run.plan:>16} exit {run.returncode:>3} {run.seconds:5.1f} s fetched {run.fetched:4d} "
                       f"archived {run.archived:4d} (recovered {run.recovered}) lost {run.lost:3d}" for run in runs)
    print(f"\n{report}\n{kills} kills, {len(runs)} runs, {len(fetches)} article fetches "
          f"({len(set(fetches))} distinct), {time.monotonic() - started:.1f} s")

    assert kills >= 20, report
    hashes = _check_archive(archive)
    assert sorted(hashes) == list(range(1, SITE.articles + 1))
    assert len(list((archive / "posts").rglob("*.md"))) == _ledger_rows(archive) == _jsonl_lines(archive) == 1000
    assert set(fetches) == set(range(1, SITE.articles + 1))
    assert max(run.lost for run in runs) <= MOST_LOST_PER_KILL, report
    # The bound the issue sets, with no margin: a kill costs the concurrency at worst only when both the downloader
    # and the scraper are full; on average it costs about half of it (24 kills: 140-190 re-fetches of 384 allowed).
    assert len(fetches) <= SITE.articles + kills * CONCURRENCY, report
