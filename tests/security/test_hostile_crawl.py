"""End to end: ``scrapy crawl news`` over loopback HTTP on a site whose articles carry all the XSS vectors.

A home page links one article page per group of vectors (every vector of ``fixtures/hostile/xss_vectors.json``
is on some page, each followed by an ordinary paragraph of its own). The crawl runs as a user runs it, then every
written post (read back with ``parse_post``) and every JSON line's ``body_html`` is parsed again: no vector
survives, each page's ordinary paragraphs are there, every article was archived, and the run says how many
bodies the sanitiser changed.
"""

from __future__ import annotations

import html
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from scrapy.http import HtmlResponse

from newscrawl.archive.hexo_post import parse_post
from newscrawl.extract.article import article_from_response
from tests.conftest import json_records, run_scrapy
from tests.security.hostile_html import PAGE_HOST, PAGE_URL, VECTORS, article_page, script_vectors_in

SITE = f"https://{PAGE_HOST}"
VECTORS_PER_PAGE = 10


def _swallows_what_follows(vector: str) -> bool:
    """A vector after which the page's next paragraph is lost (``<plaintext>``, an unclosed ``<iframe>``…)."""
    response = HtmlResponse(PAGE_URL, body=article_page(vector).encode("utf-8"), encoding="utf-8")
    return "Second paragraph." not in (article_from_response(response, None).body_text or "")


@dataclass(frozen=True)
class HostilePage:
    path: str
    title: str
    #: Indexes into VECTORS, in page order.
    vectors: tuple[int, ...]
    #: The ordinary paragraph written after each vector (those after a swallowing vector may be lost).
    markers: tuple[str, ...]
    #: The markers that must survive: every one before the page's swallowing vector (at most one, last).
    kept_markers: tuple[str, ...]

    def html(self) -> str:
        parts = []
        for index, marker in zip(self.vectors, self.markers, strict=True):
            parts.append(VECTORS[index]["html"])
            parts.append(f"<p>{marker}</p>")
        return article_page("".join(parts), title=self.title)


def _pages() -> list[HostilePage]:
    # Vectors that swallow the rest of the page each end a page of their own, so that no vector hides another.
    swallowing = [index for index, vector in enumerate(VECTORS) if _swallows_what_follows(vector["html"])]
    ordinary = [index for index in range(len(VECTORS)) if index not in set(swallowing)]
    groups = [ordinary[start:start + VECTORS_PER_PAGE] for start in range(0, len(ordinary), VECTORS_PER_PAGE)]
    groups += [[index] for index in swallowing]
    pages = []
    for number, group in enumerate(groups, start=1):
        markers = tuple(f"Harbour report {number} paragraph {position} after vector {index}."
                        for position, index in enumerate(group))
        kept = markers[:-1] if group[-1] in swallowing else markers
        pages.append(HostilePage(f"/2024/05/12/hostile-markup-story-{number}.html",
                                 f"Hostile markup story {number}", tuple(group), markers, kept))
    return pages


def _home_page(pages: list[HostilePage]) -> str:
    links = "".join(f'<li><a href="{page.path}">{html.escape(page.title)}</a></li>' for page in pages)
    return ("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>The Example News</title>"
            "<meta property=\"og:site_name\" content=\"The Example News\"></head>"
            f"<body><h1>The Example News</h1><ul class=\"latest\">{links}</ul></body></html>")


@dataclass
class Crawl:
    pages: list[HostilePage]
    archive: Path
    log: str
    seconds: float
    requested: list[str]

    def records(self) -> list[dict[str, Any]]:
        return json_records(self.archive / "articles.jsonl")

    def posts(self) -> dict[str, str]:
        folder = self.archive / "posts"
        return {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
                for path in sorted(folder.rglob("*.md"))}

    def report(self) -> dict[str, Any]:
        [path] = (self.archive / "runs").glob("*.json")
        report: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return report


@contextmanager
def _serve(documents: dict[str, bytes]) -> Iterator[tuple[str, list[str]]]:
    """Serve ``documents`` by path on 127.0.0.1 (404 for anything else); yields the origin and the paths asked."""
    requested: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            requested.append(self.path)
            body = documents.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.send_header("Content-Type", "text/html; charset=utf-8" if body is not None else "text/plain")
            payload = body if body is not None else b"not found\n"
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requested
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Crawl:
    pages = _pages()
    documents = {"/": _home_page(pages).encode("utf-8")} | {page.path: page.html().encode("utf-8") for page in pages}
    archive = tmp_path_factory.mktemp("hostile-crawl") / "archive"
    with _serve(documents) as (origin, requested):
        # The origin override keeps the site's own host name in every URL (the host the embed check knows),
        # while every request goes to the loopback server.
        started = time.monotonic()
        result = run_scrapy("crawl", "news", "-a", f"url={SITE}/", "-a", "discover=links",
                            "-s", f"NEWSCRAWL_ORIGIN_OVERRIDE={origin}", "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}",
                            "-s", "RETRY_ENABLED=0", timeout=120)
        seconds = time.monotonic() - started
    assert result.returncode == 0, result.stderr[-5000:]
    return Crawl(pages, archive, result.stderr, seconds, requested)


def test_the_site_holds_every_vector() -> None:
    pages = _pages()
    placed = [index for page in pages for index in page.vectors]
    assert sorted(placed) == sorted(set(placed)) == list(range(len(VECTORS)))
    assert all(len(page.vectors) <= VECTORS_PER_PAGE for page in pages)


def test_every_article_was_fetched_and_archived(crawl: Crawl) -> None:
    # A page whose head refreshes to javascript: too (Scrapy's MetaRefreshMiddleware used to raise on it and lose
    # the article while the run exited 0).
    expected = {SITE + page.path for page in crawl.pages}
    assert {page.path for page in crawl.pages} <= set(crawl.requested)
    assert {record["url"] for record in crawl.records()} == expected
    assert len(crawl.posts()) == len(expected)
    assert f"newscrawl news finished (finished): {len(expected)} new, 0 updated, 0 unchanged" in crawl.log


def test_no_vector_survives_in_the_json_lines(crawl: Crawl) -> None:
    for record in crawl.records():
        assert record["body_html"], record["url"]
        assert script_vectors_in(record["body_html"]) == [], record["url"]


def test_no_vector_survives_in_the_posts(crawl: Crawl) -> None:
    for name, text in crawl.posts().items():
        post = parse_post(text)
        assert post.body_html, name
        assert script_vectors_in(post.body_html) == [], name
        # Nothing hostile outside the body either: the front matter holds only the ordinary title and site.
        assert post.title.startswith("Hostile markup story") and post.headimg in ("", post.thumbnail)


def test_the_ordinary_paragraphs_of_each_page_are_kept(crawl: Crawl) -> None:
    records = {record["url"]: record for record in crawl.records()}
    posts = {parse_post(text).title: parse_post(text) for text in crawl.posts().values()}
    for page in crawl.pages:
        record = records[SITE + page.path]
        post = posts[page.title]
        for text in (record["body_text"], record["body_html"], post.body_html):
            assert "The council approved the new harbour budget" in text, page.path
            for marker in page.kept_markers:
                assert marker in text, (page.path, marker)
        assert post.body_html == record["body_html"]


def test_the_run_says_how_many_bodies_the_sanitiser_changed(crawl: Crawl) -> None:
    sanitized = sum(record["body_sanitized"] for record in crawl.records())
    assert sanitized >= 1
    assert crawl.report()["bodies_sanitized"] == sanitized
    assert f", {sanitized} bodies sanitised, exit 0 (success)" in crawl.log


def test_the_crawl_is_fast(crawl: Crawl) -> None:
    assert crawl.seconds < 60  # a few seconds on a 2-core machine; the bound only catches a hang
