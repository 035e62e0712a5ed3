"""The fault matrix: the ``news`` spider crawls a loopback site that misbehaves in one way per scenario
(``tests/servers/fault_server.py``), and each scenario is judged by what the server saw (its request log) and
what the crawl left: posts, JSON lines, the run report's failures by reason, the exit code, peak memory.

Every scenario's site is a listing ``/news/`` and three articles; the fault hits article 1 (``A1``) unless the
scenario says otherwise, so "the other articles are saved" is checked everywhere. Crawls run with
``DOWNLOAD_TIMEOUT=2``, ``RETRY_TIMES=2`` (3 attempts) and ``NEWSCRAWL_RETRY_AFTER_MAX=5``
(``harness.FAST_SETTINGS``). The scenarios a test session selects are crawled up front, three at a time (each
crawl has its own server, ports and archive, so they cannot disturb each other; timing assertions are lower
bounds, which load cannot break), and each test then checks its own outcome (``tests/faults/scenarios.py``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from concurrent.futures import Future

import pytest

from tests.faults.harness import Outcome
from tests.faults.scenarios import Registry, exit_code, failed, fault, gap, redirect, saved, selected
from tests.servers.fault_server import article_page, article_path, article_title

A1, A2, A3 = article_path(1), article_path(2), article_path(3)
#: Peak RSS a crawl of this small site stays under: a bare crawl peaks near 85 MB, one that aborts a bomb or a
#: 50 MB body at the 10 MB cap near 95 MB; a 256 MB bomb or a 50 MB body held in memory would pass it.
MEMORY_BOUND_MB = 150

MATRIX = Registry()
scenario = MATRIX.scenario


# --- nothing wrong ------------------------------------------------------------------------------------------


@scenario("baseline")
def _baseline(run: Outcome) -> None:
    saved(run, 1, 2, 3)
    exit_code(run, 0)
    failed(run, {})
    assert sorted(run.paths()) == sorted(["/robots.txt", "/news/", A1, A2, A3])


# --- timeouts ------------------------------------------------------------------------------------------------


@scenario("header timeout", fault(A1, {"stall_before_headers": 30}))
def _header_timeout(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()  # the first try and RETRY_TIMES=2 retries
    saved(run, 2, 3)
    failed(run, {"download/DownloadTimeoutError": 1})
    exit_code(run, 3)
    assert run.report["exit_status_reasons"] == ["download/DownloadTimeoutError: 1"]


@scenario("body timeout", fault(A1, {"stall_after_bytes": [300, 30]}))
def _body_timeout(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/DownloadTimeoutError": 1})
    exit_code(run, 3)


@scenario("drip-fed body slower than the download timeout", fault(A1, {"drip": [64, 0.2]}))
def _drip_too_slow(run: Outcome) -> None:
    # A trickle that never stops would hold a connection forever; DOWNLOAD_TIMEOUT bounds the whole download.
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/DownloadTimeoutError": 1})
    exit_code(run, 3)


@scenario("drip-fed body within the download timeout", fault(A1, {"drip": [600, 0.1]}))
def _drip_in_time(run: Outcome) -> None:
    assert run.count(A1) == 1, run.explain()
    saved(run, 1, 2, 3)
    exit_code(run, 0)


# --- retried statuses ----------------------------------------------------------------------------------------


@scenario("500, 500, then 200", fault(A1, {"status": 500}, {"status": 500}, {}))
def _500_500_200(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()
    assert [event["status"] for event in run.requests(A1)] == [500, 500, 200]
    saved(run, 1, 2, 3)
    failed(run, {})
    exit_code(run, 0)


@scenario("503 with Retry-After in seconds", fault(A1, {"status": 503, "headers": [["Retry-After", "2"]]}, {}))
def _503_retry_after_seconds(run: Outcome) -> None:
    assert run.count(A1) == 2, run.explain()
    assert gap(run, A1) >= 1.9, run.explain()
    saved(run, 1, 2, 3)
    exit_code(run, 0)


@scenario("429 with Retry-After as an HTTP date",
          fault(A1, {"status": 429, "headers": [["Retry-After", "{http_date+3}"]]}, {}))
def _429_retry_after_date(run: Outcome) -> None:
    # The date has whole seconds: 3 s ahead, truncated, is 2 to 3 s after the response was sent.
    assert run.count(A1) == 2, run.explain()
    assert gap(run, A1) >= 1.5, run.explain()
    saved(run, 1, 2, 3)
    exit_code(run, 0)


@scenario("Retry-After longer than NEWSCRAWL_RETRY_AFTER_MAX is cut to it",
          fault(A1, {"status": 503, "headers": [["Retry-After", "3600"]]}, {}),
          settings={"NEWSCRAWL_RETRY_AFTER_MAX": "1"})
def _retry_after_capped(run: Outcome) -> None:
    assert run.count(A1) == 2, run.explain()
    assert 0.9 <= gap(run, A1) < 30, run.explain()
    assert "capped at NEWSCRAWL_RETRY_AFTER_MAX=1" in run.stderr
    saved(run, 1, 2, 3)
    exit_code(run, 0)


@scenario("permanent 503", fault(A1, {"status": 503, "headers": [["Retry-After", "1"]]}))
def _permanent_503(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()  # gives up after the retry budget
    saved(run, 2, 3)
    failed(run, {"http_503": 1})
    exit_code(run, 3)
    assert run.report["exit_status_reasons"] == ["http_503: 1"]


# --- connections ---------------------------------------------------------------------------------------------


@scenario("connection refused at the start URL", start_path="http://127.0.0.1:{closed}/news/")
def _refused_start(run: Outcome) -> None:
    assert run.requests() == []
    saved(run)
    # RFC 9309: robots.txt could not be fetched, so the host is disallowed; the start page is never asked for.
    failed(run, {"download/DownloadConnectionRefusedError": 1, "refused/robots_txt": 1})
    exit_code(run, 4)


@scenario("connection refused by an article's host",
          {"listing_links": ["http://127.0.0.2:{closed}/2024/05/20/story-on-a-host-that-refuses"]},
          arguments=("follow_hosts=127.0.0.2",), settings={"NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES": "1"})
def _refused_article_host(run: Outcome) -> None:
    saved(run, 1, 2, 3)
    failed(run, {"download/DownloadConnectionRefusedError": 1, "refused/robots_txt": 1})
    exit_code(run, 3)


@scenario("connection reset mid-body", fault(A1, {"cut_after_bytes": [400, "reset"]}))
def _reset(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/ResponseDataLossError": 1})
    exit_code(run, 3)


@scenario("connection closed mid-body", fault(A1, {"cut_after_bytes": [400, "close"]}))
def _closed(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/ResponseDataLossError": 1})
    exit_code(run, 3)


@scenario("Content-Length longer than the body",
          fault(A1, {"content_length_delta": 500, "cut_after_bytes": [100_000, "close"]}))
def _content_length_too_long(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/ResponseDataLossError": 1})
    exit_code(run, 3)


@scenario("Content-Length shorter than the body", fault(A1, {"content_length_delta": -400}))
def _content_length_too_short(run: Outcome) -> None:
    # The client takes the declared length as the page (it cannot know better); the 400 bytes after it must
    # not leak into another response on the same connection.
    saved(run, 1, 2, 3)
    for record in run.records:
        number = int(record["url"].rsplit("-", 1)[1])
        assert record["title"] == article_title(number)
        if number != 1:
            assert f"({number}.4)" in record["body_text"], record["body_text"]
    exit_code(run, 0)


@scenario("unterminated chunked body", fault(A1, {"chunked": True, "unterminated": True}))
def _unterminated_chunked(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/ResponseDataLossError": 1})
    exit_code(run, 3)


# --- redirects -----------------------------------------------------------------------------------------------


LOOP_A, LOOP_B = "/2024/05/20/redirect-loop-story-a", "/2024/05/20/redirect-loop-story-b"


@scenario("redirect loop", {"listing_links": [LOOP_A], "faults": {LOOP_A: [redirect(LOOP_B)],
                                                                  LOOP_B: [redirect(LOOP_A)]}})
def _redirect_loop(run: Outcome) -> None:
    assert (run.count(LOOP_A), run.count(LOOP_B)) == (1, 1), run.explain()
    saved(run, 1, 2, 3)
    failed(run, {"redirect_loop": 1})
    exit_code(run, 3)
    assert "Stopped following redirects (redirect_loop)" in run.stderr


def chain_hop(hop: int) -> str:
    return f"/2024/05/21/redirect-chain-story-hop-{hop}"


@scenario("over-long redirect chain", {"listing_links": [chain_hop(1)], "faults": {
    chain_hop(hop): [redirect(chain_hop(hop + 1), 301)] for hop in range(1, 12)}})
def _redirect_chain(run: Outcome) -> None:
    hops = [path for path in run.paths() if "redirect-chain" in path]
    assert hops == [chain_hop(hop) for hop in range(1, 7)], run.explain()  # REDIRECT_MAX_TIMES = 5
    saved(run, 1, 2, 3)
    failed(run, {"too_many_redirects": 1})
    exit_code(run, 3)


MOVED = "/2024/05/30/final-address-of-story-4"


@scenario("a short redirect chain is followed", {
    "listing_links": ["/2024/05/30/old-address-of-story-4"], "variants": {MOVED: {"article": 4}}, "faults": {
        "/2024/05/30/old-address-of-story-4": [redirect("/moved/story-4", 301)],
        "/moved/story-4": [redirect(MOVED, 302)]}})
def _redirect_followed(run: Outcome) -> None:
    saved(run, 1, 2, 3, 4)
    assert {record["url"].split(str(run.port), 1)[1] for record in run.records} == {A1, A2, A3, MOVED}
    exit_code(run, 0)


# --- gone ---------------------------------------------------------------------------------------------------


@scenario("article 404", fault(A1, {"status": 404}))
def _article_404(run: Outcome) -> None:
    assert run.count(A1) == 1, run.explain()
    saved(run, 2, 3)
    failed(run, {"http_404": 1})
    exit_code(run, 0)  # gone for good: reported, not a failure of the run


@scenario("article 410", fault(A1, {"status": 410}))
def _article_410(run: Outcome) -> None:
    assert run.count(A1) == 1, run.explain()
    saved(run, 2, 3)
    failed(run, {"http_410": 1})
    exit_code(run, 0)


# --- robots.txt ----------------------------------------------------------------------------------------------


@scenario("robots.txt disallows a path", {"robots": "User-agent: *\nDisallow: /2024/05/11/\n"})
def _robots_disallow(run: Outcome) -> None:
    assert A1.startswith("/2024/05/11/")
    assert run.count(A1) == 0, run.explain()
    saved(run, 2, 3)
    failed(run, {"refused/robots_txt": 1})
    exit_code(run, 0)


@scenario("robots.txt answers 503", fault("/robots.txt", {"status": 503}))
def _robots_503(run: Outcome) -> None:
    assert run.paths() == ["/robots.txt"] * 3, run.explain()  # retried, then the host is disallowed
    saved(run)
    failed(run, {"refused/robots_txt": 1})
    exit_code(run, 4)
    assert f"robots.txt of 127.0.0.1:{run.port} is unreachable (HTTP 503)" in run.stderr


@scenario("robots.txt times out", fault("/robots.txt", {"stall_before_headers": 30}))
def _robots_timeout(run: Outcome) -> None:
    assert run.paths() == ["/robots.txt"] * 3, run.explain()
    saved(run)
    failed(run, {"download/DownloadTimeoutError": 1, "refused/robots_txt": 1})
    exit_code(run, 4)


@scenario("robots.txt 404 allows everything", fault("/robots.txt", {"status": 404}))
def _robots_404(run: Outcome) -> None:
    assert run.count("/robots.txt") == 1
    saved(run, 1, 2, 3)
    failed(run, {})
    exit_code(run, 0)


# --- size caps -----------------------------------------------------------------------------------------------


def too_large(run: Outcome) -> None:
    assert run.count(A1) == 1, run.explain()  # a size cap is final: no retry
    saved(run, 2, 3)
    failed(run, {"too_large": 1})
    exit_code(run, 3)
    assert run.peak_rss_mb < MEMORY_BOUND_MB, run.explain()


for coding in ("gzip", "deflate", "br", "zstd"):
    scenario(f"{coding} bomb (256 MB of zeros)", fault(A1, {"compress": coding, "bomb_mb": 256}))(too_large)


@scenario("50 MB page with Content-Length", fault(A1, {"huge_mb": 50}))
def _huge_with_length(run: Outcome) -> None:
    too_large(run)
    sent = [event["bytes_sent"] for event in run.server_log if event["event"] in ("aborted", "complete")]
    assert sent and sent[0] < 50 * 1024 * 1024, run.explain()  # the client hung up before the end


@scenario("50 MB page, chunked", fault(A1, {"huge_mb": 50, "chunked": True}))
def _huge_chunked(run: Outcome) -> None:
    too_large(run)
    sent = [event["bytes_sent"] for event in run.server_log if event["event"] in ("aborted", "complete")]
    assert sent and sent[0] < 50 * 1024 * 1024, run.explain()


@scenario("a gzip-compressed page is read", fault(A1, {"compress": "gzip"}))
def _gzip_page(run: Outcome) -> None:
    saved(run, 1, 2, 3)
    exit_code(run, 0)


# --- encodings and malformed HTML ----------------------------------------------------------------------------


@scenario("GBK served as UTF-8", {"chinese": [2], **fault(A2, {"charset": "gbk"})})
def _gbk_as_utf8(run: Outcome) -> None:
    saved(run, 1, 2, 3, chinese=(2,))
    record = next(record for record in run.records if record["url"].endswith(A2))
    assert "成熟制程" in record["body_text"] and "\ufffd" not in record["body_text"]
    exit_code(run, 0)


@scenario("duplicate Content-Type headers", {"chinese": [2], **fault(A2, {
    "charset": "gbk", "content_type": "text/html; charset=gbk",
    "headers": [["Content-Type", "text/html; charset=utf-8"]]})})
def _duplicate_content_type(run: Outcome) -> None:
    saved(run, 1, 2, 3, chinese=(2,))
    exit_code(run, 0)


@scenario("10,000 nested elements", fault(A1, {"transform": "deep_nesting"}))
def _deep_nesting(run: Outcome) -> None:
    assert run.duration < 60, run.explain()
    saved(run, 1, 2, 3)
    failed(run, {})
    exit_code(run, 0)


@scenario("unclosed tags", fault(A1, {"transform": "unclosed_tags"}))
def _unclosed_tags(run: Outcome) -> None:
    saved(run, 1, 2, 3)
    record = next(record for record in run.records if record["url"].endswith(A1))
    assert "(1.4)" in record["body_text"]
    exit_code(run, 0)


@scenario("a 5 MB text node", fault(A1, {"transform": "huge_text_node"}))
def _huge_text_node(run: Outcome) -> None:
    assert run.duration < 60, run.explain()
    saved(run, 1, 2, 3)
    record = next(record for record in run.records if record["url"].endswith(A1))
    assert "(1.4)" in record["body_text"] and len(record["body_text"]) < 100_000  # the article, not the aside
    exit_code(run, 0)


# --- traps ---------------------------------------------------------------------------------------------------


@scenario("endless pagination", {"endless_listing": True}, settings={"NEWSCRAWL_MAX_LISTING_PAGES": "5"})
def _endless_pagination(run: Outcome) -> None:
    listing = [path for path in run.paths() if path.startswith("/news/")]
    assert listing == ["/news/"] + [f"/news/?page={page}" for page in range(2, 6)], run.explain()
    saved(run, 1, 2, 3)
    exit_code(run, 0)


@scenario("calendar trap", {"calendar": True}, start_path="/calendar/2024/05/",
          settings={"NEWSCRAWL_MAX_LISTING_PAGES": "4"})
def _calendar_trap(run: Outcome) -> None:
    months = [path for path in run.paths() if path.startswith("/calendar/")]
    assert months == ["/calendar/2024/05/", "/calendar/2024/06/", "/calendar/2024/07/", "/calendar/2024/08/"], (
        run.explain())  # next months up to max_pages; day pages and earlier months never
    saved(run, 1, 2, 3)
    exit_code(run, 0)


@scenario("sections nested without end", {"section_trap": True}, start_path="/",
          arguments=("discover=links",))
def _section_trap(run: Outcome) -> None:
    sections = [path for path in run.paths() if path.startswith("/s")]
    assert sections == ["/s1/"], run.explain()  # max_depth 1 from a home page
    saved(run, 1, 2, 3)
    exit_code(run, 0)


# --- one article, many addresses -----------------------------------------------------------------------------


@scenario("tracking parameters, trailing slash, AMP and canonical: one post", {
    "listing_links": [A1 + "?utm_source=feed&utm_medium=rss", A1 + "/", A1 + "?from=timeline#comments",
                      A1 + "/amp/", "/a/900001.html"],
    "variants": {A1 + "/amp/": {"article": 1, "canonical": True}, "/a/900001.html": {"article": 1, "canonical": True}},
})
def _one_article_many_addresses(run: Outcome) -> None:
    assert run.count(A1) == 1, run.explain()  # the tracking and slash variants are one request
    assert run.count(A1 + "/amp/") == 1 and run.count("/a/900001.html") == 1
    saved(run, 1, 2, 3)
    assert len([record for record in run.records if record["title"] == article_title(1)]) == 1
    assert run.report["dropped"] == {"duplicate": 2}, run.explain()
    exit_code(run, 0)


# --- bad headers ---------------------------------------------------------------------------------------------


@scenario("invalid Content-Length", fault(A1, {"content_length": "12abc"}))
def _invalid_content_length(run: Outcome) -> None:
    assert run.count(A1) == 3, run.explain()  # an unparsable response is a failed download, retried
    saved(run, 2, 3)
    failed(run, {"download/DownloadFailedError": 1})
    exit_code(run, 3)


@scenario("two different Content-Length headers", fault(A1, {"headers": [["Content-Length", "10"]]}))
def _conflicting_content_length(run: Outcome) -> None:
    # RFC 9112 §6.3: differing lengths are unrecoverable (and the stuff of response smuggling).
    assert run.count(A1) == 3, run.explain()
    saved(run, 2, 3)
    failed(run, {"download/DownloadFailedError": 1})
    exit_code(run, 3)


@scenario("non-ASCII bytes and a line without a colon among the headers", fault(A1, {
    "headers": [["X-Caption", "Ünïcödé 中文 ✓"], ["Set-Cookie", "name=värde; Path=/"]],
    "raw_header_lines": ["this line has no colon", "X-Latin: caf\u00e9"]}))
def _bad_headers(run: Outcome) -> None:
    saved(run, 1, 2, 3)
    failed(run, {})
    exit_code(run, 0)


@scenario("no Content-Type at all", fault(A1, {"content_type": None}))
def _no_content_type(run: Outcome) -> None:
    saved(run, 1, 2, 3)
    exit_code(run, 0)


# --- the matrix ----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def outcomes(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        dict[str, Future[Outcome]]]:
    """Every selected scenario crawled, started when the first test needs one."""
    names = selected(request.session, __name__) or list(MATRIX.scenarios)
    with MATRIX.crawled(names, tmp_path_factory.mktemp("fault-matrix")) as futures:
        yield futures


def test_the_matrix_has_at_least_30_scenarios() -> None:
    assert len(MATRIX.scenarios) >= 30


def test_article_pages_are_what_extraction_needs() -> None:
    page = article_page(1)
    body = page.split("<article>", 1)[1]
    assert len(" ".join(body.split())) > 600 and '"datePublished": "2024-05-11T09:01:00+08:00"' in page
    assert json.loads(page.split('application/ld+json">', 1)[1].split("</script>", 1)[0])["headline"]


@pytest.mark.parametrize("name", MATRIX.params())
def test_fault_scenario(name: str, outcomes: dict[str, Future[Outcome]]) -> None:
    run = outcomes[name].result(timeout=600)
    MATRIX.scenarios[name].check(run)
