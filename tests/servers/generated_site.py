"""A generated news site of any size, served on 127.0.0.1: reliability tests and benchmarks crawl it.

Every page is computed from its URL (nothing is stored, so 10,000 articles cost no memory): paginated listings
newest first (``/`` and ``/page/<n>/``, each with a ``rel=next`` link to the next one), article pages
``/<yyyy>/<mm>/<dd>/story-<number>-<slug>`` with a headline, JSON-LD and OpenGraph metadata, a ``<time>`` with an
offset, a body of three to five paragraphs (always more than 200 characters) and, on some articles, an image
(``/media/<number>.png``, a small PNG). ``robots.txt`` allows everything.

Use it from Python (``GeneratedSite``: the pages, the titles, the URLs a crawl should archive) or run it:

    python -m tests.servers.generated_site --articles 10000 [--per-page 100] [--log requests.log]

It binds 127.0.0.1 on an ephemeral port, prints ``PORT <n>`` as its first stdout line, logs every request as one
line ``<method> <path> <status>`` (flushed at once, so a test reads exact counts), and exits by itself after
``--max-seconds`` or when the process that started it is gone: a test that dies leaves no server behind.
``generated_site_server`` starts it as a subprocess from a test or a benchmark. Shared by
``tests/reliability/`` and ``benchmarks/soak.py``; ``benchmarks/`` scripts import it with the project folder on
``sys.path``.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
SITE_NAME = "The Loopback Ledger"
#: Article 1 (the newest) was published at this moment; each older one 37 minutes earlier.
NEWEST = datetime(2024, 5, 12, 18, 30, tzinfo=timezone(timedelta(hours=8)))
ARTICLE_SPACING = timedelta(minutes=37)
ARTICLE_PREFIX = "/20"  # every article path starts with its year

_WORD_TEXT = (
    "council river bridge market harbour budget school library festival transit railway district summer "
    "winter report vote plan museum garden water energy solar wind housing clinic farmers bakery college "
    "stadium ferry tunnel orchard quarry mill archive gallery theatre harvest storm flood repair street"
)
_SENTENCE_TEXT = (
    "the a of to and in on for with after before during new old local regional officials residents said "
    "would could will has have had was were is are more than most few many every week month year "
    "morning evening plan work project cost support study report meeting group members"
)
_WORDS = _WORD_TEXT.split()
_SENTENCE_WORDS = _SENTENCE_TEXT.split()
#: A 1×1 transparent PNG: the image some articles show.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002"
    "0000050001e2264b9f0000000049454e44ae426082"
)


@dataclass(frozen=True)
class GeneratedSite:
    """``articles`` articles numbered 1 (newest) to ``articles`` (oldest), ``per_page`` per listing page."""

    articles: int = 1000
    per_page: int = 100
    #: Every ``image_every``-th article has a body image (0: none has).
    image_every: int = 3

    @property
    def listing_pages(self) -> int:
        return -(-self.articles // self.per_page)

    def published(self, number: int) -> datetime:
        return NEWEST - ARTICLE_SPACING * (number - 1)

    def slug(self, number: int) -> str:
        rng = random.Random(number)
        return "-".join(rng.sample(_WORDS, 3))

    def title(self, number: int) -> str:
        words = self.slug(number).split("-")
        return f"Story {number:05d}: {words[0].capitalize()} {words[1]} and {words[2]} plans"

    def article_path(self, number: int) -> str:
        return f"{self.published(number):/%Y/%m/%d}/story-{number:05d}-{self.slug(number)}"

    def article_number(self, path: str) -> int | None:
        """The number of the article at ``path`` (query and fragment ignored), None for any other path."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        parts = path.strip("/").split("/")
        if len(parts) != 4 or not parts[3].startswith("story-"):
            return None
        digits = parts[3][len("story-"):].split("-", 1)[0]
        if not digits.isdigit():
            return None
        number = int(digits)
        if not 1 <= number <= self.articles or self.article_path(number) != "/" + "/".join(parts):
            return None
        return number

    def paragraphs(self, number: int) -> list[str]:
        rng = random.Random(-number)
        paragraphs = []
        for index in range(3 + number % 3):
            sentences = []
            for _ in range(3):
                words = [rng.choice(_SENTENCE_WORDS) for _ in range(rng.randint(8, 14))]
                words[rng.randrange(len(words))] = rng.choice(_WORDS)
                sentences.append(" ".join(words).capitalize() + ".")
            paragraphs.append(f"Paragraph {index + 1} of story {number}. " + " ".join(sentences))
        return paragraphs

    def has_image(self, number: int) -> bool:
        return self.image_every > 0 and number % self.image_every == 0

    def article_page(self, number: int, origin: str) -> bytes:
        title = html.escape(self.title(number))
        url = origin + self.article_path(number)
        published = self.published(number).isoformat()
        metadata = json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": self.title(number),
            "datePublished": published, "author": [{"@type": "Person", "name": f"Reporter {number % 17}"}],
            "publisher": {"@type": "Organization", "name": SITE_NAME}, "url": url,
        })
        printed_date = f"{self.published(number):%d %B %Y}"
        body = "\n".join(f"    <p>{html.escape(text)}</p>" for text in self.paragraphs(number))
        image = (f'\n    <figure><img src="/media/{number:05d}.png" alt="Picture of story {number}" width="640" '
                 f'height="360"><figcaption>Story {number}</figcaption></figure>') if self.has_image(number) else ""
        page = f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{title} | {SITE_NAME}</title>
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{SITE_NAME}">
  <meta property="og:title" content="{title}">
  <link rel="canonical" href="{html.escape(url)}">
  <script type="application/ld+json">{metadata}</script>
</head>
<body>
  <header><a href="/">{SITE_NAME}</a></header>
  <article>
    <h1>{title}</h1>
    <p class="byline">By Reporter {number % 17} · <time datetime="{published}">{printed_date}</time></p>
{body}{image}
  </article>
  <footer>© {SITE_NAME}</footer>
</body>
</html>
"""
        return page.encode("utf-8")

    def listing_path(self, page: int) -> str:
        return "/" if page == 1 else f"/page/{page}/"

    def listing_number(self, path: str) -> int | None:
        path = path.split("?", 1)[0]
        if path in ("/", "/index.html"):
            return 1
        parts = path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "page" and parts[1].isdigit() and 1 < int(parts[1]) <= self.listing_pages:
            return int(parts[1])
        return None

    def listing_page(self, page: int) -> bytes:
        first = (page - 1) * self.per_page + 1
        items = "\n".join(
            f'    <li><a href="{self.article_path(number)}">{html.escape(self.title(number))}</a> '
            f'<time datetime="{self.published(number).isoformat()}">{self.published(number):%d %b %Y}</time></li>'
            for number in range(first, min(first + self.per_page, self.articles + 1))
        )
        older = (f'\n  <a rel="next" class="next" href="{self.listing_path(page + 1)}">Older posts</a>'
                 if page < self.listing_pages else "")
        page_html = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{SITE_NAME} – page {page}</title>
<meta property="og:site_name" content="{SITE_NAME}"></head>
<body>
  <h1>{SITE_NAME}</h1>
  <ul class="stories">
{items}
  </ul>{older}
</body>
</html>
"""
        return page_html.encode("utf-8")

    def respond(self, path: str, origin: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a GET of ``path``."""
        if path == "/robots.txt":
            return 200, "text/plain", b"User-agent: *\nAllow: /\n"
        listing = self.listing_number(path)
        if listing is not None:
            return 200, "text/html; charset=utf-8", self.listing_page(listing)
        number = self.article_number(path)
        if number is not None:
            return 200, "text/html; charset=utf-8", self.article_page(number, origin)
        if path.startswith("/media/") and path.endswith(".png"):
            return 200, "image/png", PNG
        return 404, "text/plain", b"not found\n"


def make_handler(site: GeneratedSite, log: Path | None) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()
    log_file = log.open("a", encoding="utf-8", buffering=1) if log else None

    class GeneratedSiteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            origin = f"http://{self.headers.get('Host') or '127.0.0.1'}"
            status, content_type, body = site.respond(self.path, origin)
            try:
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the crawler was killed while we answered

        def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
            if log_file is not None:
                with lock:
                    log_file.write(f"{self.command} {self.path} {code}\n")

        def log_message(self, format: str, *args: object) -> None:
            pass  # errors of killed connections are expected; requests are logged by log_request

    return GeneratedSiteHandler


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # connections of a killed crawler are reset mid-request: expected, not worth a traceback


def _exit_when_orphaned(parent: int, deadline: float) -> None:
    while time.monotonic() < deadline and os.getppid() == parent:
        time.sleep(0.5)
    os._exit(0)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--image-every", type=int, default=3)
    parser.add_argument("--log", type=Path, help="append one line per request to this file")
    parser.add_argument("--max-seconds", type=float, default=1800, help="exit after this long whatever happens")
    arguments = parser.parse_args(argv)
    site = GeneratedSite(arguments.articles, arguments.per_page, arguments.image_every)
    server = QuietServer(("127.0.0.1", 0), make_handler(site, arguments.log))
    threading.Thread(target=_exit_when_orphaned, args=(os.getppid(), time.monotonic() + arguments.max_seconds),
                     daemon=True).start()
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


@dataclass
class RunningSite:
    site: GeneratedSite
    origin: str
    log_path: Path
    process: subprocess.Popen[str]

    def requests(self) -> list[str]:
        """Logged request lines so far (``GET /path 200``)."""
        return self.log_path.read_text(encoding="utf-8").splitlines()

    def article_fetches(self) -> list[int]:
        """The article number of every article request logged so far, in order."""
        numbers = []
        for line in self.requests():
            parts = line.split(" ")
            if len(parts) >= 2 and parts[1].startswith(ARTICLE_PREFIX):
                number = self.site.article_number(parts[1])
                if number is not None:
                    numbers.append(number)
        return numbers


@contextmanager
def generated_site_server(site: GeneratedSite, log_path: Path, *, max_seconds: float = 1800,
                          python: str = sys.executable) -> Iterator[RunningSite]:
    """Run the generated site in a subprocess on 127.0.0.1 for the duration of the ``with`` block."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("", encoding="utf-8")
    process = subprocess.Popen(
        [python, "-m", "tests.servers.generated_site", "--articles", str(site.articles), "--per-page",
         str(site.per_page), "--image-every", str(site.image_every), "--log", str(log_path), "--max-seconds",
         str(max_seconds)],
        cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        if not first_line.startswith("PORT "):
            raise RuntimeError(f"generated site did not start: {first_line!r}")
        yield RunningSite(site, f"http://127.0.0.1:{int(first_line.split()[1])}", log_path, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


if __name__ == "__main__":
    main()
