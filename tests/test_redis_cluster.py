"""The shared crawl (``newscrawl.shared_crawl``): two ``scrapy crawl news`` workers share one crawl on a real Redis,
every article fetched and written once; its scheduler, reservations and post-name claims one by one.

The test starts ``redis-server`` on 127.0.0.1 (an ephemeral port, ``--save ''``, its own folder), found or installed
by ``tests.servers.redis_server``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.archive.store import ArchiveStore
from newscrawl.items import Article
from tests.conftest import PROJECT_ROOT, json_records
from tests.servers.generated_site import GeneratedSite, generated_site_server
from tests.servers.redis_server import redis_server_executable

redis = pytest.importorskip("redis", reason="the shared crawl needs the redis extra: pip install -e '.[redis]'")
pytest.importorskip("scrapy_redis", reason="the shared crawl needs the redis extra: pip install -e '.[redis]'")

SITE = GeneratedSite(articles=600, per_page=50)
CRAWL_TIMEOUT = 240


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    executable = redis_server_executable()
    port = _free_port()
    folder = tmp_path / "redis"
    folder.mkdir()
    process = subprocess.Popen([executable, "--port", str(port), "--bind", "127.0.0.1", "--save", "",
                                "--appendonly", "no", "--dir", str(folder)],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 15
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def _worker(origin: str, archive: Path, url: str, log: Path, site: GeneratedSite = SITE,
            **settings: object) -> subprocess.Popen[bytes]:
    arguments = [
        sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"url={origin}/",
        "-a", f"max_pages={site.listing_pages + 5}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}",
        "-s", f"NEWSCRAWL_REDIS_URL={url}", "-s", "CONCURRENT_REQUESTS=4", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=4",
        "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0", "-s", "LOG_LEVEL=INFO",
        *[argument for name, value in settings.items() for argument in ("-s", f"{name}={value}")],
    ]
    with log.open("wb") as output:
        return subprocess.Popen(arguments, cwd=PROJECT_ROOT, stdout=output, stderr=subprocess.STDOUT,
                                env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})


def _new_articles(log: Path) -> int:
    for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
        if "'newscrawl/articles/new':" in line:
            return int(line.split(":")[-1].strip(" ,"))
    return 0


def test_two_workers_fetch_and_write_every_article_once(tmp_path: Path, redis_url: str) -> None:
    archive = tmp_path / "archive"
    with generated_site_server(SITE, tmp_path / "requests.log", max_seconds=CRAWL_TIMEOUT + 60) as site:
        workers = [_worker(site.origin, archive, redis_url, tmp_path / f"worker-{index}.log") for index in (0, 1)]
        try:
            for worker in workers:
                worker.wait(timeout=CRAWL_TIMEOUT)
        finally:
            for worker in workers:
                if worker.poll() is None:
                    worker.kill()
                    worker.wait(timeout=10)
        fetches = site.article_fetches()
    logs = [(tmp_path / f"worker-{index}.log") for index in (0, 1)]
    assert [worker.returncode for worker in workers] == [0, 0], "\n".join(log.read_text()[-3000:] for log in logs)

    everything = set(range(1, SITE.articles + 1))
    assert [number for number, count in Counter(fetches).items() if count > 1] == [], "an article fetched twice"
    assert set(fetches) == everything

    connection = sqlite3.connect(archive / "ledger.sqlite3")
    try:
        rows = connection.execute("SELECT url, post_path FROM articles").fetchall()
    finally:
        connection.close()
    assert len(rows) == len({url for url, _ in rows}) == SITE.articles
    posts = sorted((archive / "posts").rglob("*.md"))
    assert len(posts) == SITE.articles
    assert {str(path.relative_to(archive / "posts")) for path in posts} == {post_path for _, post_path in rows}
    urls = [record["url"] for record in json_records(archive / "articles.jsonl")]
    assert len(urls) == len(set(urls)) == SITE.articles

    shares = [_new_articles(log) for log in logs]
    assert sum(shares) == SITE.articles and min(shares) > 0, f"articles archived per worker: {shares}"
    # The last worker out deleted the crawl's keys: nothing is left to grow.
    assert redis.Redis.from_url(redis_url).dbsize() == 0


KILL_SITE = GeneratedSite(articles=900, per_page=50)
#: The killed worker is killed once the site has served these shares of its articles (and restarted at once).
KILL_AT = (0.12, 0.35, 0.6)


def _stop_all(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=10)


def _holds_leases(client: redis.Redis, pid: int) -> bool:
    """Whether the worker of process ``pid`` holds a lease (lease ids are ``<host>:<pid>:<random>#<n>``)."""
    return any(next(client.hscan_iter(key, match=f"*:{pid}:*#*", count=1000), None) is not None
               for key in client.scan_iter(match="*:leases"))


def test_a_worker_killed_again_and_again_mid_crawl_loses_nothing_and_duplicates_nothing(
        tmp_path: Path, redis_url: str) -> None:
    """One of two workers is killed with SIGKILL three times mid-crawl and restarted at once: its leased requests
    go back to the queue (its heartbeat gone for NEWSCRAWL_REDIS_WORKER_TIMEOUT), and every article is archived
    exactly once: one ledger row, one post under its own title's name (no post name lost to a dead claim or
    taken twice), one JSON line."""
    import random
    import re
    import signal

    archive = tmp_path / "archive"
    timing = {"NEWSCRAWL_REDIS_WORKER_TIMEOUT": 6}  # dead workers' leases back sooner than after 15 s
    started: list[subprocess.Popen[bytes]] = []
    kills = []
    client = redis.Redis.from_url(redis_url)
    with generated_site_server(KILL_SITE, tmp_path / "requests.log", max_seconds=CRAWL_TIMEOUT + 60) as site:
        def start(name: str) -> subprocess.Popen[bytes]:
            started.append(_worker(site.origin, archive, redis_url, tmp_path / f"{name}.log", KILL_SITE, **timing))
            return started[-1]

        try:
            steady = start("steady")
            killed = start("killed-0")
            for round_number, share in enumerate(KILL_AT, start=1):
                deadline = time.monotonic() + CRAWL_TIMEOUT
                while len(site.article_fetches()) < share * KILL_SITE.articles or not _holds_leases(
                        client, killed.pid):
                    # Killed while it holds leases, so that each kill leaves requests for the others to take back.
                    assert time.monotonic() < deadline and steady.poll() is None, "the crawl stalled"
                    time.sleep(0.02)
                time.sleep(random.uniform(0, 0.05))  # not always at the same step of a request
                killed.send_signal(signal.SIGKILL)
                killed.wait(timeout=10)
                kills.append(len(site.article_fetches()))
                killed = start(f"killed-{round_number}")
            steady.wait(timeout=CRAWL_TIMEOUT)
            killed.wait(timeout=CRAWL_TIMEOUT)
        finally:
            _stop_all(started)
        fetches = site.article_fetches()
    logs = sorted(tmp_path.glob("*.log"))
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs)
    assert [steady.returncode, killed.returncode] == [0, 0], tails
    assert all(count < KILL_SITE.articles for count in kills), f"a kill landed after the crawl: {kills}"

    everything = set(range(1, KILL_SITE.articles + 1))
    assert set(fetches) == everything  # every article fetched, some of them twice (delivered again)
    connection = sqlite3.connect(archive / "ledger.sqlite3")
    try:
        rows = connection.execute("SELECT url, post_path, versions FROM articles").fetchall()
    finally:
        connection.close()
    assert len(rows) == len({url for url, _, _ in rows}) == KILL_SITE.articles
    assert {versions for _, _, versions in rows} == {1}
    posts = sorted((archive / "posts").rglob("*.md"))
    assert len(posts) == KILL_SITE.articles
    assert {str(path.relative_to(archive / "posts")) for path in posts} == {post_path for _, post_path, _ in rows}
    disambiguated = [path.name for path in posts if re.search(r"-[0-9a-f]{8}\.md$", path.name)]
    assert disambiguated == [], "a post name was taken by a claim of a dead worker"
    urls = [record["url"] for record in json_records(archive / "articles.jsonl")]
    duplicates = [url for url, count in Counter(urls).items() if count > 1]
    assert duplicates == [] and len(urls) == KILL_SITE.articles
    # Each kill that left leased requests behind is found once; a live worker is never taken for dead.
    gave_back = sum(log.read_text(errors="replace").count("went back to the shared queue") for log in logs)
    assert 0 < gave_back <= len(KILL_AT), f"{gave_back} times leased requests went back, for {len(KILL_AT)} kills"
    assert redis.Redis.from_url(redis_url).dbsize() == 0


def test_a_post_name_claimed_by_another_worker_is_not_taken(tmp_path: Path, redis_url: str) -> None:
    from datetime import UTC, datetime

    claims: dict[str, str] = {}

    def other_worker_holds_it(relative: str, article_key: str) -> bool:
        return claims.setdefault(relative, "another-article") == article_key

    store = ArchiveStore(tmp_path / "posts", jsonl_path=None, ledger_path=None, claim_post_path=other_worker_holds_it)
    article = Article(url="https://example.com/2024/05/12/same-title-story", title="Same title",
                      categories=["新媒体", "Example", "最新"], date_published="2024-05-12T10:00:00+08:00",
                      body_html="<p>Body of the story.</p>", fetched_at=datetime.now(UTC).isoformat())
    result = store.save(article)
    store.close()
    assert result.post_path.name.startswith("Same title-") and result.post_path.suffix == ".md"


def test_post_path_claims_go_to_the_first_article_key_and_expire_in_redis(redis_url: str) -> None:
    from scrapy.utils.test import get_crawler

    from newscrawl.shared_crawl.keys import CrawlKeys
    from newscrawl.shared_crawl.state import SharedCrawlState
    from newscrawl.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_TTL": 60})
    spider = NewsSpider(url="https://example.com/")
    claim = SharedCrawlState(crawler).post_path_claimer(spider)
    assert claim("a/b/Title.md", "key-1") and claim("a/b/Title.md", "key-1")
    assert not claim("a/b/Title.md", "key-2")
    key = CrawlKeys.of(crawler.settings, spider).post_paths
    assert 0 < redis.Redis.from_url(redis_url).ttl(key) <= 60


def _scheduler(redis_url: str, **settings: Any) -> Any:
    from scrapy.utils.test import get_crawler

    from newscrawl.shared_crawl.scheduler import SharedScheduler
    from newscrawl.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_TTL": 60,
                                       "NEWSCRAWL_REDIS_CRAWL": "scheduler-test", **settings})
    scheduler = SharedScheduler.from_crawler(crawler)
    scheduler.open(NewsSpider(url="https://example.com/"))
    return scheduler


def test_the_scheduler_pushes_each_request_once_and_pops_the_highest_priority_first(redis_url: str) -> None:
    from scrapy import Request

    scheduler = _scheduler(redis_url)
    client = redis.Redis.from_url(redis_url)

    assert scheduler.enqueue_request(Request("https://example.com/article", priority=0))
    assert not scheduler.enqueue_request(Request("https://example.com/article", priority=5))  # seen: filtered
    assert scheduler.enqueue_request(Request("https://example.com/listing", priority=10))
    assert scheduler.enqueue_request(Request("https://example.com/listing", priority=10, dont_filter=True))
    assert 0 < client.ttl(scheduler.keys.seen) <= 60
    assert client.scard(scheduler.keys.seen) == 2 and client.zcard(scheduler.keys.queue) == 3

    popped = [scheduler.next_request() for _ in range(4)]
    assert [(request.url, request.priority) for request in popped[:3] if request is not None] == [
        ("https://example.com/listing", 10), ("https://example.com/listing", 10), ("https://example.com/article", 0)]
    assert popped[3] is None
    assert client.hget(scheduler.keys.workers, scheduler.worker) == b"busy"


def _engine_holding(scheduler: Any) -> set[Any]:
    """What the engine of a scheduler driven by hand holds: a request taken out of it is done (acknowledged)."""
    from types import SimpleNamespace

    in_progress: set[Any] = set()
    scheduler.crawler.engine = SimpleNamespace(_slot=SimpleNamespace(inprogress=in_progress))
    return in_progress


def _alive(scheduler: Any, client: Any, seconds: float = 60) -> None:
    client.set(scheduler.keys.alive_prefix + scheduler.worker, "1", px=int(seconds * 1000))


def test_requests_popped_together_are_pending_until_handed_out_and_go_back_when_the_worker_closes(
        redis_url: str) -> None:
    from scrapy import Request

    scheduler = _scheduler(redis_url, NEWSCRAWL_REDIS_POP_BATCH=2)
    client = redis.Redis.from_url(redis_url)
    _alive(scheduler, client)
    for number, priority in ((1, 0), (2, 10), (3, 5)):
        assert scheduler.enqueue_request(Request(f"https://example.com/{number}", priority=priority))

    first = scheduler.next_request()
    assert first is not None and first.url == "https://example.com/2"
    assert client.zcard(scheduler.keys.queue) == 1  # two popped in one step, one of them held
    other = _scheduler(redis_url)
    _alive(other, client)
    taken = other.next_request()  # another worker empties the shared queue
    assert taken is not None and taken.url == "https://example.com/1" and client.zcard(scheduler.keys.queue) == 0
    assert scheduler.has_pending_requests() and len(scheduler) == 1  # the held one: not idle yet
    assert client.zcard(scheduler.keys.lease_deadlines) == 3  # all three leased, none lost
    scheduler.close("shutdown")
    # Back: the held one and the one handed out and never finished (no engine handled it); the other's stays.
    assert client.zcard(scheduler.keys.queue) == 2 and not scheduler.popped
    assert client.zcard(scheduler.keys.lease_deadlines) == 1

    again = [other.next_request() for _ in range(3)]
    assert again[0] is not None and (again[0].url, again[0].priority) == ("https://example.com/2", 10)  # its priority
    assert again[1] is not None and (again[1].url, again[1].priority) == ("https://example.com/3", 5)
    assert again[2] is None and not other.has_pending_requests()


def test_a_request_is_acknowledged_once_the_engine_is_done_with_it(redis_url: str) -> None:
    from scrapy import Request

    scheduler = _scheduler(redis_url, NEWSCRAWL_REDIS_POP_BATCH=1)
    client = redis.Redis.from_url(redis_url)
    _alive(scheduler, client)
    in_progress = _engine_holding(scheduler)
    for number in (1, 2):
        assert scheduler.enqueue_request(Request(f"https://example.com/{number}"))
    first = scheduler.next_request()
    in_progress.add(first)
    assert client.hlen(scheduler.keys.leases) == 1
    scheduler.settle()
    assert client.hlen(scheduler.keys.leases) == 1  # still in the engine: still leased
    in_progress.discard(first)
    second = scheduler.next_request()  # the acknowledgement rides on the next pop
    in_progress.add(second)
    assert second is not None and second.url == "https://example.com/2"
    (leased,) = client.hgetall(scheduler.keys.leases).values()
    assert leased.endswith(scheduler.queue._encode_request(second))  # "<score>|<offset>|<request>"
    in_progress.discard(second)
    scheduler.settle()
    assert client.hlen(scheduler.keys.leases) == 0 == client.zcard(scheduler.keys.lease_deadlines)
    scheduler.close("finished")
    assert client.zcard(scheduler.keys.queue) == 0


def test_a_dead_worker_s_leases_and_pending_reservations_go_back_and_say_where_its_lines_may_be(
        redis_url: str, tmp_path: Path) -> None:
    from scrapy import Request

    from newscrawl.shared_crawl.state import SharedCrawlState

    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "articles.jsonl").write_bytes(b"x" * 120)
    dead = _scheduler(redis_url, NEWSCRAWL_REDIS_POP_BATCH=2, NEWSCRAWL_ARCHIVE_DIR=str(archive))
    client = redis.Redis.from_url(redis_url)
    _alive(dead, client, seconds=0.5)
    client.hset(dead.keys.workers, dead.worker, "busy")
    reservations = SharedCrawlState(dead.crawler).article_reservations(dead.spider)
    reservations.reserve_many(["example.com/listed-1", "example.com/listed-2"])
    assert dead.enqueue_request(Request("https://example.com/listed-1", meta={"newscrawl_kind": "article"}))
    assert dead.next_request() is not None  # leased, then the worker dies: no acknowledgement, no heartbeat
    assert client.zcard(dead.keys.queue) == 0 and client.scard(dead.keys.scheduled) == 2

    survivor = _scheduler(redis_url, NEWSCRAWL_ARCHIVE_DIR=str(archive),
                          NEWSCRAWL_COORDINATION="newscrawl.shared_crawl.state.SharedCrawlState")
    _alive(survivor, client)
    survivor.settle()
    assert client.zcard(dead.keys.queue) == 0  # its heartbeat has not expired yet
    time.sleep(0.6)
    survivor.settle()
    assert client.zcard(dead.keys.queue) == 1 and client.hlen(dead.keys.leases) == 0
    # The reservation it never followed with a request is released; the one it pushed stays.
    assert client.smembers(dead.keys.scheduled) == {b"example.com/listed-1"}
    assert not client.hexists(dead.keys.workers, dead.worker)
    assert survivor.lost_writes is not None and survivor.lost_writes.take_offset() == 120
    again = survivor.next_request()
    assert again is not None and again.url == "https://example.com/listed-1"


def test_leases_a_live_worker_s_idle_tick_or_leave_gives_back_are_reported(
        redis_url: str, caplog: pytest.LogCaptureFixture) -> None:
    """Dead workers' leases go back on a heartbeat's settle, an idle tick or a worker's leaving: each says so."""
    from scrapy import Request
    from scrapy.exceptions import DontCloseSpider

    from newscrawl.shared_crawl.coordinator import SharedCrawlCoordinator

    client = redis.Redis.from_url(redis_url)
    for moment in ("idle", "leave"):
        client.flushdb()
        dead = _scheduler(redis_url)
        _alive(dead, client, seconds=0.2)
        assert dead.enqueue_request(Request(f"https://example.com/{moment}"))
        assert dead.next_request() is not None  # leased, then the worker dies
        survivor = _scheduler(redis_url)
        _alive(survivor, client)
        coordinator = SharedCrawlCoordinator(survivor.crawler)
        coordinator.keys = survivor.keys
        time.sleep(0.3)
        caplog.clear()
        with caplog.at_level(logging.INFO, logger="newscrawl.shared_crawl.leases"):
            if moment == "idle":
                with pytest.raises(DontCloseSpider):  # the request is back in the queue: not over
                    coordinator.spider_idle(survivor.spider)
            else:
                coordinator.spider_closed(survivor.spider, "finished")
        assert client.zcard(survivor.keys.queue) == 1, moment
        assert "1 leased requests went back to the shared queue" in caplog.text, moment


def test_a_lease_past_its_time_goes_back_even_from_a_live_worker(redis_url: str) -> None:
    from scrapy import Request

    slow = _scheduler(redis_url, NEWSCRAWL_LEASE_SECONDS=0.3)
    client = redis.Redis.from_url(redis_url)
    _alive(slow, client)
    _engine_holding(slow).add(object())
    assert slow.enqueue_request(Request("https://example.com/slow"))
    taken = slow.next_request()
    assert taken is not None
    slow.crawler.engine._slot.inprogress.add(taken)
    slow.settle()
    assert client.zcard(slow.keys.queue) == 0
    time.sleep(0.4)
    slow.settle()
    assert client.zcard(slow.keys.queue) == 1


def test_an_article_claimed_by_its_url_is_claimed_again_when_its_request_comes_again(redis_url: str) -> None:
    from scrapy.exceptions import DropItem
    from scrapy.utils.test import get_crawler

    from newscrawl.shared_crawl.claim_article import ClaimArticlePipeline
    from newscrawl.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_CRAWL": "claims-test"})
    spider = NewsSpider(url="https://example.com/")

    def article(url: str) -> Article:
        return Article(url=url, canonical_url="https://example.com/2024/05/12/story", title="Story")

    dead, survivor = ClaimArticlePipeline(crawler), ClaimArticlePipeline(crawler)
    for pipeline in (dead, survivor):
        pipeline.open_spider(spider)
    assert dead.process_item(article("https://example.com/2024/05/12/story?from=feed"))
    # The dead worker's request, delivered again to another worker, claims its article again ...
    assert survivor.process_item(article("https://example.com/2024/05/12/story?from=feed"))
    # ... while another URL leading to the same article is a duplicate.
    with pytest.raises(DropItem):
        survivor.process_item(article("https://m.example.com/2024/05/12/story"))


def test_article_reservations_are_shared_in_order_within_the_crawl_s_limit(redis_url: str) -> None:
    from scrapy.utils.test import get_crawler

    from newscrawl.coordination import Reservation
    from newscrawl.shared_crawl.state import SharedCrawlState
    from newscrawl.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_TTL": 60,
                                       "NEWSCRAWL_REDIS_CRAWL": "reservations-test"})
    spider = NewsSpider(url="https://example.com/")
    state = SharedCrawlState(crawler)
    one, other = state.article_reservations(spider), state.article_reservations(spider)
    one.RESERVE_CHUNK = 2  # several script calls for one list
    reserved, known, over = Reservation.RESERVED, Reservation.KNOWN, Reservation.OVER_LIMIT
    assert one.reserve_many(["a", "b", "a", "c", "d"], limit=3) == [reserved, reserved, known, reserved, over]
    assert other.reserve_many(["a", "e"], limit=3) == [over, over]  # the limit first, as one worker counts
    assert other.reserve_many(["a", "e"]) == [known, reserved]
    assert one.reserve_many([]) == []
    assert one.reserved() == 4
    assert 0 < redis.Redis.from_url(redis_url).ttl(one.keys.scheduled) <= 60


def _open_ledger(path: str, barrier: Any, failures: Any) -> None:
    from newscrawl.archive.ledger import Ledger

    try:
        barrier.wait(timeout=30)
        Ledger(Path(path)).close()
    except Exception as error:  # reported to the test, which fails on it
        failures.put(repr(error))


def test_workers_opening_a_new_ledger_at_once_all_open_it(tmp_path: Path) -> None:
    """SQLite answers "database is locked" at once, without its busy wait, to a process opening a new ledger while
    another switches it to WAL: workers started together must wait for each other instead of failing to start."""
    context = multiprocessing.get_context("fork")
    failures = context.Queue()
    for round_number in range(40):
        path = tmp_path / f"ledger-{round_number}.sqlite3"
        barrier = context.Barrier(3)
        processes = [context.Process(target=_open_ledger, args=(str(path), barrier, failures)) for _ in range(3)]
        for process in processes:
            process.start()
        for process in processes:
            process.join(timeout=60)
    found = []
    while not failures.empty():
        found.append(failures.get())
    assert found == []


def test_a_scrapy_whose_engine_hides_its_requests_in_progress_is_refused_at_open(redis_url: str) -> None:
    # The leases are acknowledged from the engine's requests in progress; without them none would ever be, and
    # every request would come back to the queue when its lease ran out, forever.
    from types import SimpleNamespace

    from scrapy.utils.test import get_crawler

    from newscrawl.shared_crawl.scheduler import SharedScheduler
    from newscrawl.spiders.news import NewsSpider

    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_REDIS_URL": redis_url, "NEWSCRAWL_REDIS_CRAWL": "engine-test"})
    crawler.engine = SimpleNamespace(_slot=SimpleNamespace())  # type: ignore[assignment]
    scheduler = SharedScheduler.from_crawler(crawler)
    with pytest.raises(RuntimeError, match=r"engine\._slot\.inprogress"):
        scheduler.open(NewsSpider(url="https://example.com/"))
