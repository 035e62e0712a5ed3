"""A generated news site of any size, served on 127.0.0.1: reliability tests and benchmarks crawl it.

Every page is computed from its URL (nothing is stored, so 10,000 articles cost no memory): paginated listings
newest first (``/`` and ``/page/<n>/``, each with a ``rel=next`` link to the next one), article pages
``/<yyyy>/<mm>/<dd>/story-<number>-<slug>`` with a headline, JSON-LD and OpenGraph metadata, a ``<time>`` with an
offset, a body of three to five paragraphs (always more than 200 characters) and, on some articles, an image
(``/media/<number>.png``, a small PNG). ``robots.txt`` allows everything. ``/feed.xml`` (RSS, the newest 50) and
``/sitemap.xml`` (an index of ``/sitemap-<n>.xml``, 1,000 URLs each) list the articles too.

``realistic=True`` (``--realistic``) makes pages the size and shape of real news pages, 40 to 100 KB: cookie
banner, navigation, inline CSS, analytics and a large state script, ads, share tools, a lead image and body
images loaded lazily (``data-src`` over a placeholder), ten to eighteen paragraphs with subheadings and a
"read more" box, tags, related stories, comments, most-read box and a long footer. The plain body paragraphs
are all there (``Paragraph 1 of story <n>.`` first). Its home page declares the feed and ``robots.txt`` names
the sitemap, so a crawl from the home page reads listings, feed and sitemaps. ``--prerender`` renders every
page before serving (for benchmarks: the server then costs the crawler's core nothing but HTTP).

Use it from Python (``GeneratedSite``: the pages, the titles, the URLs a crawl should archive) or run it:

    python -m tests.servers.generated_site --articles 10000 [--per-page 100] [--realistic] [--log requests.log]

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
import re
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
SITEMAP_URLS = 1000
_SITEMAP_PATH = re.compile(r"^/sitemap-(\d+)\.xml$")

# --- the chrome of realistic pages (computed once) ---------------------------------------------------------
_SECTIONS = ("world", "business", "science", "culture", "sport", "opinion", "local", "technology")
_PLACEHOLDER = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
_NAVIGATION = "\n".join(f'      <li><a href="/category/{word}/">{word.capitalize()}</a></li>'
                        for word in (*_SECTIONS, *_WORDS[:32]))
_FOOTER = "\n".join(f'      <li><a href="/{name}/">{name.replace("-", " ").capitalize()}</a></li>'
                    for name in ("about", "contact", "privacy", "terms", "cookies", "advertise", "careers", "help",
                                 *(f"category/{word}" for word in _WORDS)))
_CSS = "\n".join(
    f".{word}-{index} {{ margin: {index}px {index * 2}px; padding: 0 {index}px; color: #{index * 37 % 4096:03x}; "
    f"font: {12 + index % 6}px/1.{index % 9} Georgia, serif; border-bottom: 1px solid #{index * 91 % 4096:03x}; }}"
    for index, word in enumerate(_WORDS * 2))
_ANALYTICS = ("window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);} "
              "gtag('js', new Date()); gtag('config', 'G-LOOPBACK'); "
              + "".join(f"var tracker{index} = {{id: 'T{index:04d}', sample: {index / 100}}}; " for index in range(40)))
_AD_SLOT = ('  <div class="ad ad-slot" data-ad-slot="{slot}" aria-hidden="true"><span class="ad-label">Advertisement'
            '</span><ins class="adsbygoogle" data-ad-client="ca-pub-0000" data-ad-format="auto"></ins></div>')
_STATE_FLAGS = {f"experiment_{word}": index % 3 == 0 for index, word in enumerate(_WORDS)}
_STATE_CHUNK = " ".join(f"{word}:{index * 7 % 1000}" for index, word in enumerate(_WORDS * 8))


@dataclass(frozen=True)
class GeneratedSite:
    """``articles`` articles numbered 1 (newest) to ``articles`` (oldest), ``per_page`` per listing page."""

    articles: int = 1000
    per_page: int = 100
    #: Every ``image_every``-th article has a body image (0: none has).
    image_every: int = 3
    #: Pages of 40-100 KB in the shape of real news pages (see the module docstring).
    realistic: bool = False

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

    def realistic_article_page(self, number: int, origin: str) -> bytes:
        """A 40-100 KB page holding the same article as ``article_page`` inside a real news site's chrome."""
        rng = random.Random(number * 7 + 1)
        title = html.escape(self.title(number))
        url = origin + self.article_path(number)
        published = self.published(number)
        paragraphs = self.paragraphs(number) + self.extra_paragraphs(number)
        description = html.escape(paragraphs[0][:160])
        section = _SECTIONS[number % len(_SECTIONS)]
        lead = f"/media/{number:05d}.jpg"
        metadata = json.dumps({
            "@context": "https://schema.org", "@type": "NewsArticle", "headline": self.title(number),
            "description": paragraphs[0][:160], "datePublished": published.isoformat(),
            "dateModified": (published + timedelta(minutes=20)).isoformat(),
            "author": [{"@type": "Person", "name": f"Reporter {number % 17}",
                        "url": f"{origin}/author/reporter-{number % 17}/"}],
            "publisher": {"@type": "Organization", "name": SITE_NAME,
                          "logo": {"@type": "ImageObject", "url": f"{origin}/static/logo.png"}},
            "image": [origin + lead], "mainEntityOfPage": {"@type": "WebPage", "@id": url}, "url": url,
            "articleSection": section.capitalize(), "keywords": self.slug(number).split("-"),
        })
        body_parts = []
        for index, text in enumerate(paragraphs):
            if index and index % 4 == 0:
                body_parts.append(f"    <h2>{html.escape(rng.choice(_WORDS).capitalize())} and "
                                  f"{html.escape(rng.choice(_WORDS))}</h2>")
            body_parts.append(f"    <p>{html.escape(text)}</p>")
            if index == 2:
                body_parts.append(_AD_SLOT.format(slot=f"mid-{number}"))
            if index == 5:
                other = self._other(number, 1)
                body_parts.append(f'    <aside class="read-more"><strong>Read more:</strong> '
                                  f'<a href="{self.article_path(other)}">{html.escape(self.title(other))}</a></aside>')
            if index == 7 and self.image_every and number % 2 == 0:
                body_parts.append(
                    f'    <figure class="inline-image"><img src="{_PLACEHOLDER}" data-src="/media/{number:05d}-2.jpg" '
                    f'class="lazy" alt="Scene of story {number}" width="800" height="450">'
                    f'<figcaption>Scene of story {number}. Photo: Staff</figcaption></figure>')
        related = "\n".join(
            f'      <li><a href="{self.article_path(other)}"><img src="{_PLACEHOLDER}" '
            f'data-src="/media/{other:05d}-thumb.jpg" class="lazy" alt="" width="160" height="90">'
            f"{html.escape(self.title(other))}</a></li>"
            for other in (self._other(number, offset) for offset in range(2, 12)))
        most_read = "\n".join(
            f'      <li><a href="{self.article_path(other)}">{html.escape(self.title(other))}</a></li>'
            for other in (self._other(number, offset) for offset in range(12, 22)))
        comments = "\n".join(
            f'    <div class="comment"><span class="comment-author">reader{rng.randrange(1000)}</span>'
            f"<p>{html.escape(self._sentence(rng))}</p></div>"
            for _ in range(3 + number % 6))
        tags = " ".join(f'<a href="/tag/{word}/" rel="tag">{word}</a>' for word in self.slug(number).split("-"))
        state_size = 8_000 + (number * 7919) % 50_000
        state = json.dumps({"page": {"id": number, "section": section, "flags": _STATE_FLAGS},
                            "blob": (_STATE_CHUNK * (state_size // len(_STATE_CHUNK) + 1))[:state_size]})
        page = f"""<!DOCTYPE html>
<html lang="en" class="no-js">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>{title} | {SITE_NAME}</title>
  <meta name="description" content="{description}">
  <meta property="og:type" content="article">
  <meta property="og:site_name" content="{SITE_NAME}">
  <meta property="og:title" content="{title}">
  <meta property="og:url" content="{html.escape(url)}">
  <meta property="og:image" content="{origin}{lead}">
  <meta property="og:description" content="{description}">
  <meta name="twitter:card" content="summary_large_image">
  <meta property="article:published_time" content="{published.isoformat()}">
  <meta property="article:section" content="{section.capitalize()}">
  <link rel="canonical" href="{html.escape(url)}">
  <link rel="alternate" type="application/rss+xml" title="{SITE_NAME}" href="/feed.xml">
  <link rel="stylesheet" href="/static/site.css">
  <style>{_CSS}</style>
  <script type="application/ld+json">{metadata}</script>
  <script>{_ANALYTICS}</script>
</head>
<body class="article-page section-{section}">
  <div class="cookie-banner" role="dialog">We use cookies to improve your experience and to show you relevant
    advertising. <a href="/privacy/">Privacy policy</a> <button class="accept">Accept all</button></div>
  <header class="site-header">
    <a class="logo" href="/"><img src="/static/logo.svg" alt="{SITE_NAME}" width="180" height="40"></a>
    <nav class="main-nav"><ul>
{_NAVIGATION}
    </ul></nav>
    <form class="search" action="/search/"><input name="q" placeholder="Search"><button>Go</button></form>
  </header>
{_AD_SLOT.format(slot=f"top-{number}")}
  <main class="content">
  <article class="story">
    <nav class="breadcrumbs"><a href="/">Home</a> › <a href="/category/{section}/">{section.capitalize()}</a></nav>
    <h1 class="headline">{title}</h1>
    <p class="standfirst">{description}</p>
    <div class="byline">By <a href="/author/reporter-{number % 17}/" rel="author">Reporter {number % 17}</a> ·
      <time datetime="{published.isoformat()}">{published:%d %B %Y, %H:%M}</time></div>
    <div class="share-tools"><a href="https://twitter.example/share?url={html.escape(url)}">Share on X</a>
      <a href="https://facebook.example/sharer?u={html.escape(url)}">Share on Facebook</a>
      <a href="mailto:?subject={title}">Email</a> <button class="print">Print</button></div>
    <figure class="lead-image"><img src="{_PLACEHOLDER}" data-src="{lead}" class="lazy" alt="{title}" width="1200"
      height="675"><figcaption>{title}. Photo: The Loopback Ledger</figcaption></figure>
    <div class="story-body">
{chr(10).join(body_parts)}
    </div>
    <div class="tags">Tags: {tags}</div>
  </article>
  <aside class="related"><h2>Related stories</h2><ul>
{related}
  </ul></aside>
  <section class="comments"><h2>Comments</h2>
{comments}
  </section>
  <aside class="most-read"><h2>Most read</h2><ol>
{most_read}
  </ol></aside>
  </main>
  <footer class="site-footer">
    <ul>
{_FOOTER}
    </ul>
    <form class="newsletter" action="/newsletter/"><input name="email"><button>Subscribe</button></form>
    <p>© 2024 {SITE_NAME}. All rights reserved.</p>
  </footer>
  <script>window.__STATE__ = {state};</script>
  <script src="/static/app.js" async></script>
</body>
</html>
"""
        return page.encode("utf-8")

    def extra_paragraphs(self, number: int) -> list[str]:
        """The longer body of a realistic page: seven to thirteen paragraphs after the plain ones."""
        rng = random.Random(number * 31 + 5)
        return [" ".join(self._sentence(rng) for _ in range(4 + rng.randrange(3))) for _ in range(7 + number % 7)]

    def _sentence(self, rng: random.Random) -> str:
        words = [rng.choice(_SENTENCE_WORDS) for _ in range(rng.randint(9, 18))]
        words[rng.randrange(len(words))] = rng.choice(_WORDS)
        return " ".join(words).capitalize() + "."

    def _other(self, number: int, offset: int) -> int:
        """Another article to link to (related stories, read more)."""
        return (number + offset * 13 - 1) % self.articles + 1

    def page_for(self, number: int, origin: str) -> bytes:
        return self.realistic_article_page(number, origin) if self.realistic else self.article_page(number, origin)

    def feed(self, origin: str, entries: int = 50) -> bytes:
        items = "\n".join(
            f"<item><title>{html.escape(self.title(number))}</title><link>{origin}{self.article_path(number)}</link>"
            f"<guid>{origin}{self.article_path(number)}</guid>"
            f"<pubDate>{self.published(number):%a, %d %b %Y %H:%M:%S %z}</pubDate></item>"
            for number in range(1, min(entries, self.articles) + 1))
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>{SITE_NAME}</title>'
                f"<link>{origin}/</link>\n{items}\n</channel></rss>\n").encode()

    @property
    def sitemap_pages(self) -> int:
        return -(-self.articles // SITEMAP_URLS)

    def sitemap_index(self, origin: str) -> bytes:
        entries = "".join(f"<sitemap><loc>{origin}/sitemap-{page}.xml</loc></sitemap>"
                          for page in range(1, self.sitemap_pages + 1))
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<sitemapindex '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</sitemapindex>\n').encode()

    def sitemap(self, page: int, origin: str) -> bytes:
        first = (page - 1) * SITEMAP_URLS + 1
        entries = "\n".join(
            f"<url><loc>{origin}{self.article_path(number)}</loc>"
            f"<lastmod>{self.published(number).isoformat()}</lastmod></url>"
            for number in range(first, min(first + SITEMAP_URLS, self.articles + 1)))
        return (f'<?xml version="1.0" encoding="utf-8"?>\n<urlset '
                f'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n{entries}\n</urlset>\n').encode()

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
        feed_link = ('\n<link rel="alternate" type="application/rss+xml" href="/feed.xml">'
                     if self.realistic and page == 1 else "")
        page_html = f"""<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>{SITE_NAME} – page {page}</title>
<meta property="og:site_name" content="{SITE_NAME}">{feed_link}</head>
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
            sitemap = f"Sitemap: {origin}/sitemap.xml\n" if self.realistic else ""
            return 200, "text/plain", f"User-agent: *\nAllow: /\n{sitemap}".encode()
        if path == "/feed.xml":
            return 200, "application/rss+xml", self.feed(origin)
        if path == "/sitemap.xml":
            return 200, "application/xml", self.sitemap_index(origin)
        sitemap_page = _SITEMAP_PATH.match(path)
        if sitemap_page and 1 <= int(sitemap_page[1]) <= self.sitemap_pages:
            return 200, "application/xml", self.sitemap(int(sitemap_page[1]), origin)
        listing = self.listing_number(path)
        if listing is not None:
            return 200, "text/html; charset=utf-8", self.listing_page(listing)
        number = self.article_number(path)
        if number is not None:
            return 200, "text/html; charset=utf-8", self.page_for(number, origin)
        if path.startswith("/media/") and path.endswith((".png", ".jpg")):
            return 200, "image/png", PNG
        return 404, "text/plain", b"not found\n"


def make_handler(site: GeneratedSite, log: Path | None,
                 prerendered: dict[str, bytes] | None = None) -> type[BaseHTTPRequestHandler]:
    lock = threading.Lock()
    log_file = log.open("a", encoding="utf-8", buffering=1) if log else None

    class GeneratedSiteHandler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            origin = f"http://{self.headers.get('Host') or '127.0.0.1'}"
            ready = prerendered.get(self.path) if prerendered else None
            if ready is not None:
                status, content_type, body = 200, "text/html; charset=utf-8", ready
            else:
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
    parser.add_argument("--realistic", action="store_true", help="40-100 KB pages in a real news site's chrome")
    parser.add_argument("--prerender", action="store_true",
                        help="render every article page before serving (for 127.0.0.1 only: pages name that origin)")
    parser.add_argument("--log", type=Path, help="append one line per request to this file")
    parser.add_argument("--max-seconds", type=float, default=1800, help="exit after this long whatever happens")
    arguments = parser.parse_args(argv)
    site = GeneratedSite(arguments.articles, arguments.per_page, arguments.image_every, arguments.realistic)
    pages: dict[str, bytes] = {}
    server = QuietServer(("127.0.0.1", 0), make_handler(site, arguments.log, pages))
    if arguments.prerender:
        origin = f"http://127.0.0.1:{server.server_address[1]}"
        pages.update((site.article_path(number), site.page_for(number, origin))
                     for number in range(1, site.articles + 1))
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
                          python: str = sys.executable, prerender: bool = False) -> Iterator[RunningSite]:
    """Run the generated site in a subprocess on 127.0.0.1 for the duration of the ``with`` block
    (``prerender``: every article page rendered before the first request is answered)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log_path.write_text("", encoding="utf-8")
    process = subprocess.Popen(
        [python, "-m", "tests.servers.generated_site", "--articles", str(site.articles), "--per-page",
         str(site.per_page), "--image-every", str(site.image_every), "--log", str(log_path), "--max-seconds",
         str(max_seconds), *(["--realistic"] if site.realistic else []), *(["--prerender"] if prerender else [])],
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
