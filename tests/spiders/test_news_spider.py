"""The ``news`` spider on the recorded fictional site ``fixtures/sites/news-example`` (The Riverside Gazette).

Two kinds of tests: the spider driven in-process from the recordings (every request answered by its recording,
breadth first, duplicates dropped as Scrapy's dupefilter would), fast enough to check every argument and bound;
and ``scrapy crawl news`` in a subprocess, over replay and over HTTP from a loopback server, checking the
archive it writes.

The site (see ``fixtures/sites/news-example/README.md``): a home page linking five articles (one whose URL says
nothing), a partner article on another host, tag / category / author / service / PDF / archive links and
three more pages of "Older posts"; a World section whose ``?page=N`` pagination never ends; a Business section;
an RSS feed; robots.txt naming a sitemap index with a news sitemap and a plain sitemap.
"""

from __future__ import annotations

import asyncio
import re
import subprocess
import sys
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from scrapy import Request
from scrapy.http import Headers
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler
from w3lib.url import canonicalize_url

from newscrawl.items import Article
from newscrawl.recordings import RecordingStore
from newscrawl.request_kinds import ARTICLE, DISCOVERY, LISTING, REQUEST_KIND
from newscrawl.spiders.news import NewsSpider, is_home_page, parse_categories, parse_sources
from tests.conftest import FIXTURES, PROJECT_ROOT, json_records, run_scrapy

SITE_DIR = FIXTURES / "sites" / "news-example"
SITE = "https://www.riverside-gazette.example"
HOME = f"{SITE}/"
FEED = f"{SITE}/feed/"
NEWS_SITEMAP = f"{SITE}/news-sitemap.xml"
SITEMAP_INDEX = f"{SITE}/sitemap_index.xml"
PARTNER_ARTICLE = "https://www.partner-wire.example/stories/2024/05/14/regional-trade-talks-resume"

ARTICLES = {
    "A1": "/2024/05/14/city-council-approves-new-ferry-terminal/",
    "A2": "/2024/05/13/heatwave-warning-issued-for-the-valley",
    "A3": "/a/204851.html",
    "A4": "/p/riverside-marathon-record",
    "A5": "/opinion/why-ferries",
    "A6": "/2024/05/10/library-reopens-after-renovation",
    "A7": "/2024/05/09/school-board-election-results-are-in",
    "A8": "/2024/05/08/new-bike-lanes-open-on-main-street",
    "A9": "/2024/05/02/farmers-market-returns-for-summer",
    "A10": "/business/article/88231",
    "A11": "/2024/04/20/old-mill-gets-heritage-status",
    "A12": "/world/2024/05/11/river-treaty-signed-by-three-nations",
}


def urls(*keys: str) -> set[str]:
    return {SITE + ARTICLES[key] for key in keys}


#: Home page links, its three next pages, and the two sections one hop away (A5's URL says nothing: its page does).
FROM_HOME_LINKS = urls("A1", "A2", "A3", "A4", "A5", "A6", "A7", "A8", "A9", "A10", "A12")
#: The above plus what the feed and the sitemaps of robots.txt add (A11 is listed in the plain sitemap only).
FROM_HOME = FROM_HOME_LINKS | urls("A11")
FROM_FEED = urls("A1", "A2", "A3", "A7")
FROM_NEWS_SITEMAP = urls("A1", "A2", "A3", "A5", "A12")
FROM_SITEMAP_INDEX = FROM_NEWS_SITEMAP | urls("A6", "A11")
#: Never fetched: tag, category, author, service, search, login pages, PDFs, feeds of comments, date archives.
NEVER_FETCHED = re.compile(r"/(?:tag|category|author|about|contact|subscribe|comments)/|\.pdf$|wp-login|\?s=|"
                           r"/privacy-policy/|/terms-of-service/|/20\d\d/\d\d/$")


# --- in-process: the spider answered from the recordings -----------------------------------------------------


@dataclass
class Crawl:
    spider: NewsSpider
    articles: list[Article] = field(default_factory=list)
    #: Every URL fetched, in order, with the kind its request carried.
    fetched: list[tuple[str, str]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def article_urls(self) -> set[str]:
        return {article.url for article in self.articles}

    @property
    def fetched_urls(self) -> list[str]:
        return [url for url, _ in self.fetched]

    def stat(self, key: str) -> Any:
        assert self.spider.crawler.stats is not None
        return self.spider.crawler.stats.get_value(key)


def _outputs(result: Any) -> list[Any]:
    """What a callback gave: a generator's items, or an async generator's, run to its end."""
    if hasattr(result, "__aiter__"):
        async def collect() -> list[Any]:
            return [output async for output in result]

        return asyncio.run(collect())
    return list(result or ())


def crawl(settings: dict[str, Any] | None = None, **arguments: Any) -> Crawl:
    # Extraction in this process: the callbacks are driven here, without a reactor.
    crawler = get_crawler(NewsSpider, {"NEWSCRAWL_EXTRACT_PROCESSES": 0, **(settings or {})})
    spider = NewsSpider.from_crawler(crawler, **arguments)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    store = RecordingStore(SITE_DIR)
    result = Crawl(spider)

    async def first_requests() -> list[Request]:
        return [request async for request in spider.start()]

    queue: deque[Request] = deque(asyncio.run(first_requests()))
    seen: set[str] = set()
    while queue:
        request = queue.popleft()
        key = canonicalize_url(request.url)
        if key in seen:
            continue  # Scrapy's dupefilter
        seen.add(key)
        recording = store.find("GET", request.url)
        if recording is None:
            if not request.url.endswith("/robots.txt"):
                result.missing.append(request.url)
            continue
        result.fetched.append((request.url, request.meta[REQUEST_KIND]))
        headers = Headers(recording.headers)
        body = recording.body()
        response_class = responsetypes.from_args(headers=headers, url=request.url, body=body)
        response = response_class(url=request.url, status=recording.status, headers=headers, body=body,
                                  request=request)
        assert request.callback is not None
        for output in _outputs(request.callback(response, **request.cb_kwargs)):
            if isinstance(output, Request):
                queue.append(output)
            elif isinstance(output, Article):
                result.articles.append(output)
    return result


def test_home_page_links_pagination_and_sections() -> None:
    result = crawl(url=HOME, discover="links")
    assert result.article_urls == FROM_HOME_LINKS
    assert result.missing == []
    assert not [url for url in result.fetched_urls if NEVER_FETCHED.search(url)]
    assert {f"{SITE}/page/2/", f"{SITE}/page/3/", f"{SITE}/page/4/", f"{SITE}/world/", f"{SITE}/business/"} <= set(
        result.fetched_urls)
    assert FEED not in result.fetched_urls and f"{SITE}/robots.txt" not in result.fetched_urls


def test_every_listed_article_is_fetched_once() -> None:
    result = crawl(url=HOME)
    article_fetches = [url for url, kind in result.fetched if kind == ARTICLE]
    assert len(article_fetches) == len(set(article_fetches))
    assert len(result.articles) == len(FROM_HOME)


def test_home_page_reads_declared_feeds_and_robots_sitemaps() -> None:
    result = crawl(url=HOME)
    assert result.article_urls == FROM_HOME
    assert result.missing == []
    fetched = set(result.fetched_urls)
    assert {FEED, f"{SITE}/robots.txt", SITEMAP_INDEX, NEWS_SITEMAP, f"{SITE}/post-sitemap.xml"} <= fetched
    assert f"{SITE}/comments/feed/" not in fetched


def test_discover_feeds_and_sitemaps_only() -> None:
    result = crawl(url=HOME, discover="feeds,sitemaps")
    assert result.article_urls == FROM_FEED | FROM_SITEMAP_INDEX
    assert f"{SITE}/page/2/" not in result.fetched_urls and f"{SITE}/world/" not in result.fetched_urls


def test_a_section_start_page_reads_its_own_listing_only() -> None:
    result = crawl(url=f"{SITE}/business/")
    assert result.article_urls == urls("A10", "A3")
    assert result.fetched_urls[0] == f"{SITE}/business/"
    assert not [url for url, kind in result.fetched if kind != ARTICLE and url != f"{SITE}/business/"]
    wider = crawl(url=f"{SITE}/business/", max_depth="1")
    assert HOME in wider.fetched_urls and f"{SITE}/world/" in wider.fetched_urls


def test_other_hosts_are_skipped_unless_followed() -> None:
    everything = crawl(url=HOME)
    assert not [url for url in everything.fetched_urls if not url.startswith(SITE)]
    assert everything.stat("newscrawl/skipped/other_host") >= 2  # the partner article, twitter.com
    followed = crawl(url=FEED, follow_hosts="www.partner-wire.example")
    assert followed.article_urls == FROM_FEED | {PARTNER_ARTICLE}


def test_the_feed_alone() -> None:
    result = crawl(url=FEED)
    assert result.article_urls == FROM_FEED
    assert [kind for _, kind in result.fetched] == [LISTING] + [ARTICLE] * len(FROM_FEED)
    assert result.stat("newscrawl/skipped/excluded_link") == 1  # the PDF entry


def test_a_news_sitemap_entry_is_an_article_whatever_its_url() -> None:
    result = crawl(url=NEWS_SITEMAP)
    assert result.article_urls == FROM_NEWS_SITEMAP
    assert SITE + ARTICLES["A5"] in result.article_urls


def test_a_plain_sitemap_gives_only_article_shaped_urls() -> None:
    result = crawl(url=SITEMAP_INDEX)
    assert result.article_urls == FROM_SITEMAP_INDEX
    assert not [url for url in result.fetched_urls if NEVER_FETCHED.search(url) or url.endswith("/world/")]


def test_max_pages_bounds_every_listing_and_the_endless_one() -> None:
    result = crawl(url=HOME, discover="links", max_pages="3")
    fetched = set(result.fetched_urls)
    assert f"{SITE}/page/3/" in fetched and f"{SITE}/page/4/" not in fetched
    assert f"{SITE}/world/?page=3" in fetched and f"{SITE}/world/?page=4" not in fetched
    assert result.article_urls == FROM_HOME_LINKS - urls("A9")


def test_the_endless_listing_stops_at_the_default_max_pages() -> None:
    result = crawl({"NEWSCRAWL_MAX_LISTING_PAGES": 5}, url=f"{SITE}/world/")
    world_pages = [url for url in result.fetched_urls if url.startswith(f"{SITE}/world/") and "2024" not in url]
    assert len(world_pages) == 5
    assert result.missing == []  # ?page=6 is not recorded: it was never asked for


def test_max_depth_zero_reads_the_start_listing_only() -> None:
    result = crawl(url=HOME, discover="links", max_depth="0")
    assert result.article_urls == FROM_HOME_LINKS - urls("A5", "A10", "A12")
    assert f"{SITE}/world/" not in result.fetched_urls


def test_pages_one_hop_away_are_discovery_requests() -> None:
    kinds = dict(crawl(url=HOME).fetched)
    assert kinds[HOME] == LISTING
    assert kinds[f"{SITE}/page/2/"] == LISTING
    assert kinds[f"{SITE}/world/?page=2"] == LISTING
    assert kinds[f"{SITE}/post-sitemap.xml"] == LISTING  # a child of the sitemap index
    for url in (f"{SITE}/world/", FEED, f"{SITE}/robots.txt", SITEMAP_INDEX, SITE + ARTICLES["A5"]):
        assert kinds[url] == DISCOVERY, url
    assert kinds[SITE + ARTICLES["A1"]] == ARTICLE


def test_max_articles() -> None:
    result = crawl(url=FEED, max_articles="2")
    assert result.article_urls == urls("A1", "A2")
    assert result.stat("newscrawl/skipped/max_articles") == 2
    assert len(crawl(url=HOME, max_articles="3").articles) == 3


def _spider(**arguments: Any) -> NewsSpider:
    crawler = get_crawler(NewsSpider, {})
    spider = NewsSpider.from_crawler(crawler, url=HOME, **arguments)
    assert crawler.stats is not None
    crawler.stats.open_spider()
    return spider


def test_a_page_s_articles_are_reserved_in_order_each_once_within_max_articles() -> None:
    spider = _spider(max_articles="3")
    urls = ["https://news.example/a/1", "https://www.news.example/a/1/?utm_source=x", "https://news.example/a/2",
            "https://news.example/a/1", "https://news.example/a/3", "https://news.example/a/4"]
    # The second URL is the first article's (another host spelling, a tracking parameter): not fetched again.
    assert spider._reserve_articles(urls) == [True, False, True, False, True, False]
    assert spider.crawler.stats.get_value("newscrawl/skipped/max_articles") == 1
    assert spider._reserve_articles(["https://news.example/a/2", "https://news.example/a/5"]) == [False, False]
    assert spider.crawler.stats.get_value("newscrawl/skipped/max_articles") == 2


def test_in_a_shared_crawl_a_page_s_articles_are_reserved_in_one_call() -> None:
    from newscrawl.coordination import Reservation

    calls: list[tuple[list[str], int | None]] = []

    class SharedReservations:
        def reserve_many(self, keys: Sequence[str], limit: int | None = None) -> list[Reservation]:
            calls.append((list(keys), limit))
            return [Reservation.RESERVED, Reservation.KNOWN, Reservation.OVER_LIMIT][: len(keys)]

        def reserved(self) -> int:
            return 1

    spider = _spider(max_articles="10")
    spider.reservations = SharedReservations()
    urls = ["https://news.example/a/1", "https://news.example/a/2", "https://news.example/a/1",
            "https://news.example/a/3"]
    assert spider._reserve_articles(urls) == [True, False, False, False]
    assert calls == [(["news.example/a/1", "news.example/a/2", "news.example/a/3"], 10)]
    # Reserved here or by another worker: never asked for again; refused for the limit: asked again next time.
    assert spider.scheduled_articles == {"news.example/a/1", "news.example/a/2"}
    assert spider.crawler.stats.get_value("newscrawl/skipped/max_articles") == 1


def test_since_skips_listed_dates() -> None:
    result = crawl(url=NEWS_SITEMAP, since="2024-05-12")
    assert result.article_urls == urls("A1", "A2", "A3", "A5")
    assert SITE + ARTICLES["A12"] not in result.fetched_urls  # never fetched: the sitemap dated it
    assert result.stat("newscrawl/skipped/older_than_since") == 1


def test_since_skips_extracted_dates() -> None:
    result = crawl(url=HOME, discover="links", max_depth="0", since="2024-05-10")
    assert result.article_urls == urls("A1", "A2", "A3", "A4", "A6")
    assert result.stat("newscrawl/skipped/older_than_since") == 3


def test_an_article_as_start_url_is_extracted() -> None:
    result = crawl(url=SITE + ARTICLES["A1"])
    assert [article.url for article in result.articles] == [SITE + ARTICLES["A1"]]
    assert len(result.fetched) == 1


def test_default_categories_name_the_site() -> None:
    result = crawl(url=HOME)
    assert {tuple(article.categories) for article in result.articles} == {("新媒体", "The Riverside Gazette", "最新")}
    assert {article.field_sources["categories"] for article in result.articles} == {"opengraph"}
    assert all(article.portal is None for article in result.articles)


def test_a_site_that_declares_no_name_is_named_by_its_host() -> None:
    result = crawl(url=FEED, follow_hosts="www.partner-wire.example")
    partner = next(article for article in result.articles if article.url == PARTNER_ARTICLE)
    assert partner.categories == ["新媒体", "partner-wire.example", "最新"]
    assert partner.field_sources["categories"] == "url"


def test_categories_argument() -> None:
    result = crawl(url=FEED, categories="News/Riverside/Local")
    assert {tuple(article.categories) for article in result.articles} == {("News", "Riverside", "Local")}
    assert {article.field_sources["categories"] for article in result.articles} == {"argument"}


def test_extracted_articles_are_complete() -> None:
    for article in crawl(url=HOME).articles:
        assert article.title and article.date_published and article.body_text, article.url
        assert len(article.body_text) > 200, article.url
        assert article.date_published.endswith("-04:00"), article.url


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({}, "start URL"),
        ({"url": "ftp://example.com/"}, "start URL"),
        ({"url": HOME, "categories": "a/b"}, "three names"),
        ({"url": HOME, "categories": "a//c"}, "three names"),
        ({"url": HOME, "discover": "links,rss"}, "discover"),
        ({"url": HOME, "max_pages": "-1"}, "negative"),
        ({"url": HOME, "max_articles": "ten"}, "max_articles must be a whole number"),
    ],
)
def test_bad_arguments_are_refused(arguments: dict[str, str], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        NewsSpider(**arguments)


def test_argument_parsers() -> None:
    assert parse_categories(" 新媒体 / Example /最新") == ("新媒体", "Example", "最新")
    assert parse_sources("Feeds, sitemaps") == {"feeds", "sitemaps"}
    assert is_home_page("https://example.com") and is_home_page("https://example.com/index.html")
    assert not is_home_page("https://example.com/world/") and not is_home_page("https://example.com/?page=2")


# --- scrapy crawl news in a subprocess ----------------------------------------------------------------------

_CRAWLED = re.compile(r"Crawled \(\d+\) <GET ([^>]+)>")


@dataclass
class Run:
    archive: Path
    log: str

    def archived_urls(self) -> set[str]:
        return {record["url"] for record in json_records(self.archive / "articles.jsonl")}

    def posts(self) -> dict[str, bytes]:
        folder = self.archive / "posts"
        return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*.md"))}

    def fetched(self) -> list[str]:
        return _CRAWLED.findall(self.log)


def _crawl_news(archive: Path, url: str, *options: str) -> Run:
    arguments = ["crawl", "news", "-a", f"url={url}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}", "-s",
                 "LOG_LEVEL=DEBUG"]
    for option in options:
        arguments += ["-a", option] if not option.startswith("-s") else ["-s", option[2:]]
    result = run_scrapy(*arguments)
    assert result.returncode == 0, result.stderr[-5000:]
    return Run(archive, result.stderr)


def _replay(archive: Path, url: str, *options: str) -> Run:
    return _crawl_news(archive, url, f"-sNEWSCRAWL_REPLAY_DIR={SITE_DIR}", *options)


def _check_run(run: Run, expected: set[str]) -> None:
    assert run.archived_urls() == expected
    assert len(run.posts()) == len(expected)
    assert "No recording for" not in run.log and "newscrawl/replay/missing" not in run.log
    fetched = run.fetched()
    assert not [url for url in fetched if NEVER_FETCHED.search(url)]
    assert not [url for url in fetched if not url.startswith(SITE)]
    assert f"newscrawl news finished (finished): {len(expected)} new, 0 updated, 0 unchanged" in run.log


@pytest.fixture(scope="module")
def home_links_run(tmp_path_factory: pytest.TempPathFactory) -> Run:
    return _replay(tmp_path_factory.mktemp("news-home") / "archive", HOME, "discover=links")


def test_crawl_from_the_home_page(home_links_run: Run) -> None:
    _check_run(home_links_run, FROM_HOME_LINKS)
    fetched = home_links_run.fetched()
    assert f"{SITE}/page/4/" in fetched  # "Older posts", <link rel=next>, "Next ›"
    assert f"{SITE}/world/?page=5" in fetched and f"{SITE}/world/?page=6" not in fetched


def test_posts_are_filed_under_the_site_name(home_links_run: Run) -> None:
    posts = home_links_run.posts()
    assert all(path.startswith("新媒体/The Riverside Gazette/最新/") for path in posts)
    post = posts["新媒体/The Riverside Gazette/最新/City council approves new ferry terminal.md"].decode("utf-8")
    front_matter = yaml.safe_load(post.split("\n---\n")[1])
    assert front_matter["title"] == "City council approves new ferry terminal"
    assert front_matter["categories"] == ["新媒体", "The Riverside Gazette", "最新"]
    assert front_matter["author"] == "The Riverside Gazette"
    assert "Pier 9" in post and "Related stories" not in post


def test_crawl_from_the_feed(tmp_path: Path) -> None:
    _check_run(_replay(tmp_path, FEED), FROM_FEED)


def test_crawl_from_the_news_sitemap(tmp_path: Path) -> None:
    _check_run(_replay(tmp_path, NEWS_SITEMAP), FROM_NEWS_SITEMAP)


def test_crawl_from_the_home_page_finds_robots_sitemaps(tmp_path: Path) -> None:
    run = _replay(tmp_path, HOME)
    _check_run(run, FROM_HOME)
    assert {f"{SITE}/robots.txt", SITEMAP_INDEX, NEWS_SITEMAP, FEED} <= set(run.fetched())


def test_categories_argument_files_posts(tmp_path: Path) -> None:
    run = _replay(tmp_path, FEED, "categories=新媒体/河畔公报/本地")
    assert set(run.posts()) == {f"新媒体/河畔公报/本地/{name}.md" for name in (
        "City council approves new ferry terminal", "Heatwave warning issued for the valley",
        "Water treatment plant upgrade finished ahead of schedule", "School board election results are in")}


@dataclass
class LoopbackSite:
    origin: str
    log_path: Path

    def requests(self) -> list[dict[str, str]]:
        return json_records(self.log_path)


@pytest.fixture(scope="module")
def news_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LoopbackSite]:
    """A second instance of the recorded-site server, serving the news-example recordings."""
    log_path = tmp_path_factory.mktemp("news-site") / "requests.log"
    with log_path.open("w") as log:
        process = subprocess.Popen([sys.executable, "-m", "tests.servers.recorded_site", str(SITE_DIR)],
                                   cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=log, text=True)
    assert process.stdout is not None
    first_line = process.stdout.readline()
    try:
        assert first_line.startswith("PORT "), first_line
        yield LoopbackSite(f"http://127.0.0.1:{int(first_line.split()[1])}", log_path)
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_crawl_over_http_from_a_loopback_server(news_site: LoopbackSite, tmp_path: Path) -> None:
    run = _crawl_news(tmp_path, HOME, f"-sNEWSCRAWL_ORIGIN_OVERRIDE={news_site.origin}")
    assert run.archived_urls() == FROM_HOME
    assert len(run.posts()) == len(FROM_HOME)
    requests = news_site.requests()
    assert {request["host"] for request in requests} == {"www.riverside-gazette.example"}
    paths = [request["path"] for request in requests]
    assert "/robots.txt" in paths and "/sitemap_index.xml" in paths and "/feed/" in paths
    assert not [path for path in paths if NEVER_FETCHED.search(path)]
    assert "/world/?page=6" not in paths
