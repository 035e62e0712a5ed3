"""A small news site on 127.0.0.1 that misbehaves on purpose, path by path: the fault matrix (``tests/faults/``).

Run as ``python -m tests.servers.fault_server SCENARIO.json LOG.jsonl``. It binds 127.0.0.1 on an ephemeral port
(and, with ``"canary": true``, a second listener on another port that nothing may ever reach), prints
``PORT <n> CANARY <m>`` as its first stdout line, and writes one JSON line per event to LOG.jsonl, flushed at
once: ``{"event": "request", "time", "method", "host", "path", "attempt", "status"}`` for every request,
``{"event": "aborted", "path", "bytes_sent"}`` when the client hung up on a streamed body, and
``{"event": "canary", ...}`` for every connection the canary accepted. It exits by itself after the scenario's
``lifetime`` (default 240 s) or as soon as its standard input reaches end of file, i.e. when the test process that
holds the other end is gone: a dead test leaves no server behind.

Written on asyncio streams rather than ``http.server`` because the faults are below HTTP's level: a response
that never sends its headers, a body that stalls or trickles, a connection closed or reset in mid-body, a
``Content-Length`` that lies, a chunked body that never ends, duplicate or malformed header lines,
decompression bombs and 50 MB bodies streamed without holding them in memory.

The site (``article_path``, ``article_title``, ``article_page``, ``listing_page``) is computed from the scenario:
a listing ``/news/`` (``?page=N`` for further pages, endless with ``"endless_listing": true``) linking
``articles`` article pages ``/2024/05/<dd>/fault-matrix-story-<n>``, each with a headline, JSON-LD and
OpenGraph metadata, a ``<time>`` with an offset and a body of several paragraphs (well over 200 characters).

A scenario (JSON)::

    {"articles": 3, "listing_pages": 1, "endless_listing": false, "lifetime": 240, "canary": true,
     "robots": "User-agent: *\\nDisallow: /private/\\n",     # robots.txt text (default: allow everything)
     "listing_links": ["/extra/path", "http://127.0.0.1:{canary}/x"],   # more links on listing page 1
     "pages": {"/path": "<html>…</html>"},                   # pages of the scenario's own
     "variants": {"/path": {"article": 1, "canonical": true}}, # article 1 again, declaring its canonical URL
     "calendar": true,                                       # /calendar/<yyyy>/<mm>/: months without end
     "section_trap": true,                                   # / -> /s1/ -> /s2/ -> … without end
     "chinese": [2],                                        # articles written in Chinese
     "faults": {"/path": [RESPONSE, RESPONSE, …]}}           # the n-th request of a path gets the n-th RESPONSE
                                                             # (the last one repeats)

A RESPONSE (every key optional; the default is the page, served normally)::

    {"status": 503, "reason": "Service Unavailable",
     "headers": [["Retry-After", "1"]],                      # extra headers, duplicates allowed
     "raw_header_lines": ["X-Broken-No-Colon"],              # sent as they are, malformed on purpose
     "body": "text or HTML", "charset": "gbk",               # the page's bytes in another encoding
     "content_type": "text/html; charset=utf-8",             # null: no Content-Type at all
     "content_length": "auto" | 123 | "abc" | null,          # null: none (the body ends when the socket closes)
     "content_length_delta": -400,                           # "auto" plus this: a length that lies
     "chunked": true, "unterminated": true,                  # chunked framing, without the last chunk
     "transform": "deep_nesting" | "unclosed_tags" | "huge_text_node",
     "stall_before_headers": 30,                             # seconds of silence before anything
     "stall_after_bytes": [200, 30],                         # send 200 body bytes, then silence for 30 s
     "drip": [16, 0.05],                                     # 16 bytes every 0.05 s
     "cut_after_bytes": [300, "close" | "reset"],            # end the connection mid-body
     "compress": "gzip" | "deflate" | "br" | "zstd", "bomb_mb": 256,   # Content-Encoding; a bomb's size
     "huge_mb": 50}                                          # a body of this many MB, streamed

``{port}``, ``{canary}``, ``{http_date+N}`` (an HTTP date N seconds ahead) in header values, links and pages are
replaced when served.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import socket
import struct
import sys
import threading
import time
import zlib
from collections import Counter
from collections.abc import Iterable
from email.utils import formatdate
from pathlib import Path
from typing import Any, TextIO

#: Every listener binds this address and nothing else.
HOST = "127.0.0.1"
DEFAULT_LIFETIME = 240.0
LISTING_PATH = "/news/"
SITE_NAME = "Fault Matrix Gazette"
#: Requests served per connection before the server closes it; bounds every keep-alive loop.
MAX_REQUESTS_PER_CONNECTION = 200
#: Seconds an idle keep-alive connection is kept.
IDLE_TIMEOUT = 15.0
MAX_HEADER_BYTES = 64 * 1024
MEGABYTE = 1024 * 1024
_FILLER = b"<p>" + b"filler " * 9360 + b"</p>\n"  # about 64 KiB of markup, streamed as often as needed

_PARAGRAPHS_EN = (
    "The harbour commission met on Tuesday evening to review the repair schedule for the eastern breakwater, "
    "which storms damaged twice during the winter.",
    "Engineers told the members that the work would take eleven weeks and that the ferry timetable would not "
    "change while the cranes are on the quay.",
    "Residents who live along the promenade asked for the night work to end at ten o'clock, and the commission "
    "agreed to publish a weekly notice listing the noisy days.",
    "The budget for the project was approved last autumn; the commission said the final cost would be reported "
    "at its meeting in September together with the inspection results.",
)
_PARAGRAPHS_ZH = (
    "本报讯 国内多家晶圆厂在第二季度继续扩充成熟制程产能，业内人士认为，汽车电子和工业控制芯片的需求仍将保持增长。",
    "记者从多家企业了解到，新建产线的设备交付周期已经明显缩短，部分企业预计今年下半年即可实现满产，产能利用率有望回升。",
    "分析人士指出，成熟制程的价格竞争正在加剧，企业需要在良率、交付和客户服务方面建立优势，才能在新一轮周期中站稳脚跟。",
    "与此同时，地方政府也在加大对集成电路产业的支持力度，围绕设计、制造、封测和材料的产业链配套正在逐步完善。",
)


# --- the site -----------------------------------------------------------------------------------------------


def article_path(number: int) -> str:
    """The path of article ``number`` (1-based): dated, with a slug, so any crawler takes it for an article."""
    return f"/2024/05/{10 + number % 20:02d}/fault-matrix-story-{number}"


def article_title(number: int, chinese: bool = False) -> str:
    if chinese:
        return f"故障矩阵第{number}篇：成熟制程产能继续扩张"
    return f"Fault matrix story {number}: harbour repairs begin"


def article_published(number: int) -> str:
    """ISO 8601 with offset, as the page declares it."""
    return f"2024-05-{10 + number % 20:02d}T09:{number % 60:02d}:00+08:00"


def article_page(number: int, chinese: bool = False, *, canonical: str | None = None, extra_body: str = "") -> str:
    """An article page extraction reads: headline, JSON-LD, OpenGraph, ``<time>`` with offset, long body."""
    title = article_title(number, chinese)
    published = article_published(number)
    paragraphs = _PARAGRAPHS_ZH if chinese else _PARAGRAPHS_EN
    body = "\n".join(f"<p>{html.escape(text)} ({number}.{index})</p>" for index, text in enumerate(paragraphs, 1))
    json_ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": title,
                          "datePublished": published, "author": {"@type": "Person", "name": "Mina Harbour"},
                          "publisher": {"@type": "Organization", "name": SITE_NAME}}, ensure_ascii=False)
    canonical_link = f'<link rel="canonical" href="{html.escape(canonical)}">' if canonical else ""
    language = "zh-CN" if chinese else "en"
    return (
        f'<!DOCTYPE html>\n<html lang="{language}"><head><meta charset="utf-8">\n'
        f"<title>{html.escape(title)} - {SITE_NAME}</title>\n"
        f'<meta property="og:type" content="article"><meta property="og:site_name" content="{SITE_NAME}">\n'
        f'<meta property="og:title" content="{html.escape(title)}">{canonical_link}\n'
        f'<script type="application/ld+json">{json_ld}</script>\n'
        f'</head><body><header><a href="/">{SITE_NAME}</a></header>\n'
        f"<article><h1>{html.escape(title)}</h1>\n"
        f'<p class="byline">By Mina Harbour, <time datetime="{published}">{published[:10]}</time></p>\n'
        f"{body}\n{extra_body}</article>\n<footer><p>Contact the newsroom.</p></footer></body></html>\n"
    )


def listing_page(scenario: dict[str, Any], page_number: int) -> str | None:
    """Page ``page_number`` of the listing, or None past its end."""
    pages = int(scenario.get("listing_pages", 1))
    endless = bool(scenario.get("endless_listing"))
    if page_number < 1 or (page_number > pages and not endless):
        return None
    links: list[str] = []
    if page_number == 1:
        links += [article_path(number) for number in range(1, int(scenario.get("articles", 3)) + 1)]
        links += list(scenario.get("listing_links", []))
    items = "\n".join(f'<li><a href="{html.escape(link)}">Story {index}</a></li>'
                      for index, link in enumerate(links, 1))
    next_link = ""
    if endless or page_number < pages:
        next_link = f'<a rel="next" class="next" href="{LISTING_PATH}?page={page_number + 1}">Older posts</a>'
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>News - {SITE_NAME}</title>'
        f'<meta property="og:site_name" content="{SITE_NAME}"></head>\n'
        f"<body><h1>News, page {page_number}</h1><ul>\n{items}\n</ul>\n{next_link}</body></html>\n"
    )


def _links_page(title: str, links: list[str], next_link: str | None = None) -> str:
    items = "\n".join(f'<li><a href="{html.escape(link)}">{html.escape(link)}</a></li>' for link in links)
    next_anchor = f'<a rel="next" href="{html.escape(next_link)}">Next</a>' if next_link else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
            f"</head><body><h1>{html.escape(title)}</h1><ul>{items}</ul>{next_anchor}</body></html>\n")


def calendar_page(scenario: dict[str, Any], path: str) -> str | None:
    """``/calendar/<yyyy>/<mm>/`` (and ``…/<dd>/``) for every month there is: a calendar that never ends, each
    month linking its days, the month before and (``rel=next``) the month after."""
    parts = path.strip("/").split("/")
    if parts[0] != "calendar" or len(parts) not in (3, 4) or not all(part.isdigit() for part in parts[1:]):
        return None
    year, month = int(parts[1]), int(parts[2])
    if not 1 <= month <= 12:
        return None
    if len(parts) == 4:
        return _links_page(f"{year}-{month:02d}-{parts[3]}", [])
    following = (year + month // 12, month % 12 + 1)
    previous = (year - (month == 1), 12 if month == 1 else month - 1)
    links = [f"/calendar/{year}/{month:02d}/{day:02d}/" for day in range(1, 29)]
    links.append(f"/calendar/{previous[0]}/{previous[1]:02d}/")
    if (year, month) == (2024, 5):
        links += [article_path(number) for number in range(1, int(scenario.get("articles", 3)) + 1)]
    return _links_page(f"Calendar {year}-{month:02d}", links, f"/calendar/{following[0]}/{following[1]:02d}/")


def section_page(scenario: dict[str, Any], path: str) -> str | None:
    """``/`` linking the articles and ``/s1/``; ``/s<n>/`` linking ``/s<n+1>/``: sections nested without end."""
    if path == "/":
        return _links_page("Home", ["/s1/"] + [article_path(number)
                                              for number in range(1, int(scenario.get("articles", 3)) + 1)])
    parts = path.strip("/")
    if parts.startswith("s") and parts[1:].isdigit():
        return _links_page(f"Section {parts[1:]}", [f"/s{int(parts[1:]) + 1}/"])
    return None


def site_page(scenario: dict[str, Any], path: str) -> tuple[int, str]:
    """Status and text of ``path`` on the site as it is when nothing goes wrong."""
    pages: dict[str, str] = scenario.get("pages", {})
    if path in pages:
        return 200, pages[path]
    variants: dict[str, dict[str, Any]] = scenario.get("variants", {})
    if path in variants:
        number = int(variants[path]["article"])
        canonical = f"http://127.0.0.1:{{port}}{article_path(number)}" if variants[path].get("canonical") else None
        return 200, article_page(number, canonical=canonical)
    if scenario.get("calendar"):
        page = calendar_page(scenario, path)
        if page is not None:
            return 200, page
    if scenario.get("section_trap"):
        page = section_page(scenario, path)
        if page is not None:
            return 200, page
    if path == "/robots.txt":
        return 200, scenario.get("robots", "User-agent: *\nAllow: /\n")
    base, _, query = path.partition("?")
    if base == LISTING_PATH:
        page_number = 1
        if query.startswith("page=") and query[5:].isdigit():
            page_number = int(query[5:])
        page = listing_page(scenario, page_number)
        if page is not None:
            return 200, page
    chinese = set(scenario.get("chinese", []))
    for number in range(1, int(scenario.get("articles", 3)) + 1):
        if base == article_path(number):
            return 200, article_page(number, number in chinese)
    return 404, "<html><body><h1>Not found</h1></body></html>"


# --- page transformations ---------------------------------------------------------------------------------


def transform_page(text: str, transform: str) -> str:
    if transform == "deep_nesting":
        depth = 10_000
        return text.replace("</article>", "<div>" * depth + "deep" + "</div>" * depth + "</article>")
    if transform == "unclosed_tags":
        for closing in ("</p>", "</article>", "</li>", "</body>", "</html>", "</header>", "</footer>"):
            text = text.replace(closing, "")
        return text.replace("<p>", "<p><b><i><span>", 3)
    if transform == "huge_text_node":
        text_node = "related " * (5 * MEGABYTE // 8)
        return text.replace("<footer>", f'<aside class="related">{text_node}</aside><footer>')
    raise ValueError(f"unknown transform {transform!r}")


def compress(body: bytes | None, encoding: str, bomb_mb: int) -> bytes:
    """``body`` (or, when None, ``bomb_mb`` MB of zeros, compressed megabyte by megabyte and never held whole)
    in the content coding ``encoding``."""
    chunks: Iterable[bytes] = [body] if body is not None else (b"\0" * MEGABYTE for _ in range(bomb_mb))
    if encoding in ("gzip", "deflate"):
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31 if encoding == "gzip" else 15)
        return b"".join(compressor.compress(chunk) for chunk in chunks) + compressor.flush()
    if encoding == "br":
        import brotli  # a dependency of Scrapy, as is the zstd module below

        brotli_compressor = brotli.Compressor(quality=5)
        return b"".join(brotli_compressor.process(chunk) for chunk in chunks) + brotli_compressor.finish()
    if encoding == "zstd":
        if sys.version_info >= (3, 14):
            from compression import zstd
        else:
            from backports import zstd
        zstd_compressor = zstd.ZstdCompressor(level=3)
        return b"".join(zstd_compressor.compress(chunk) for chunk in chunks) + zstd_compressor.flush()
    raise ValueError(f"unknown content coding {encoding!r}")


# --- the server ---------------------------------------------------------------------------------------------


class FaultServer:
    def __init__(self, scenario: dict[str, Any], log: TextIO) -> None:
        self.scenario = scenario
        self.log = log
        self.attempts: Counter[str] = Counter()
        self.port = 0
        self.canary_port = 0
        self._compressed: dict[tuple[str, int, str], bytes] = {}

    def record(self, **event: Any) -> None:
        event["time"] = round(time.time(), 4)
        self.log.write(json.dumps(event, ensure_ascii=False) + "\n")
        self.log.flush()

    def substitute(self, text: str) -> str:
        text = text.replace("{port}", str(self.port)).replace("{canary}", str(self.canary_port))
        while "{http_date+" in text:
            start = text.index("{http_date+")
            end = text.index("}", start)
            seconds = float(text[start + len("{http_date+"):end])
            text = text[:start] + formatdate(time.time() + seconds, usegmt=True) + text[end + 1:]
        return text

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            for _ in range(MAX_REQUESTS_PER_CONNECTION):
                try:
                    head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), IDLE_TIMEOUT)
                except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
                    return
                keep_open = await self.answer(head, reader, writer)
                if not keep_open:
                    return
        finally:
            if not writer.is_closing():
                writer.close()
            with contextlib.suppress(ConnectionError, TimeoutError, OSError):
                await asyncio.wait_for(writer.wait_closed(), 5)

    async def answer(self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        lines = head.decode("latin-1").split("\r\n")
        method, path, *_ = [*lines[0].split(" "), "", ""]
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name:
                headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0") or 0)
        if length:
            await reader.readexactly(min(length, MAX_HEADER_BYTES))
        attempt = self.attempts[path]
        self.attempts[path] += 1
        specs: list[dict[str, Any]] = self.scenario.get("faults", {}).get(path, [{}])
        spec = specs[min(attempt, len(specs) - 1)] if specs else {}
        status, text = site_page(self.scenario, path)
        status = int(spec.get("status", status))
        self.record(event="request", method=method, host=headers.get("host"), path=path, attempt=attempt + 1,
                    status=status, user_agent=headers.get("user-agent"))
        return await self.respond(path, status, text, spec, writer)

    def body_bytes(self, path: str, text: str, spec: dict[str, Any]) -> bytes:
        if "body" in spec:
            text = spec["body"]
        if "transform" in spec:
            text = transform_page(text, spec["transform"])
        text = self.substitute(text)
        charset = spec.get("charset", "utf-8")
        if charset != "utf-8":
            text = text.replace('<meta charset="utf-8">', "")  # the page itself declares nothing
        body = text.encode(charset)
        if "compress" in spec:
            key = (path, int(spec.get("bomb_mb", 0)), spec["compress"])
            if key not in self._compressed:
                source = None if spec.get("bomb_mb") else body
                self._compressed[key] = compress(source, spec["compress"], int(spec.get("bomb_mb", 0)))
            body = self._compressed[key]
        return body

    async def respond(self, path: str, status: int, text: str, spec: dict[str, Any],
                      writer: asyncio.StreamWriter) -> bool:
        if "stall_before_headers" in spec:
            await asyncio.sleep(float(spec["stall_before_headers"]))
            return False
        huge = int(spec.get("huge_mb", 0)) * MEGABYTE
        body = b"" if huge else self.body_bytes(path, text, spec)
        size = huge or len(body)
        content_type = spec.get("content_type", "text/plain; charset=utf-8" if path.endswith(".txt")
                                else "text/html; charset=utf-8")
        reason = spec.get("reason", {200: "OK", 404: "Not Found"}.get(status, "Status"))
        head = [f"HTTP/1.1 {status} {reason}", f"Date: {formatdate(usegmt=True)}", "Server: fault-server"]
        if content_type is not None:
            head.append(f"Content-Type: {content_type}")
        if "compress" in spec:
            head.append(f"Content-Encoding: {spec['compress']}")
        chunked = bool(spec.get("chunked"))
        content_length = spec.get("content_length", "auto")
        if chunked:
            head.append("Transfer-Encoding: chunked")
        elif content_length == "auto":
            head.append(f"Content-Length: {size + int(spec.get('content_length_delta', 0))}")
        elif content_length is not None:
            head.append(f"Content-Length: {content_length}")
        keep_alive = content_length is not None or chunked
        head.append("Connection: keep-alive" if keep_alive else "Connection: close")
        head += [f"{name}: {self.substitute(value)}" for name, value in spec.get("headers", [])]
        head += spec.get("raw_header_lines", [])
        # UTF-8: a header written with non-ASCII characters goes out as the raw bytes some servers send.
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode("utf-8"))
        try:
            await writer.drain()
            if huge:
                return await self.stream_huge(path, huge, chunked, writer)
            return await self.send_body(path, body, spec, chunked, writer) and keep_alive
        except (ConnectionError, OSError):
            return False

    async def send_body(self, path: str, body: bytes, spec: dict[str, Any], chunked: bool,
                        writer: asyncio.StreamWriter) -> bool:
        def frame(data: bytes) -> bytes:
            return b"%x\r\n%s\r\n" % (len(data), data) if chunked and data else data

        if "stall_after_bytes" in spec:
            sent, seconds = spec["stall_after_bytes"]
            writer.write(frame(body[:sent]))
            await writer.drain()
            await asyncio.sleep(float(seconds))
            return False
        if "cut_after_bytes" in spec:
            sent, how = spec["cut_after_bytes"]
            writer.write(frame(body[:sent]))
            await writer.drain()
            if how == "reset":
                sock = writer.get_extra_info("socket")
                if sock is not None:  # SO_LINGER 0: close() sends RST instead of FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                writer.transport.abort()
            return False
        if "drip" in spec:
            chunk, interval = spec["drip"]
            deadline = time.monotonic() + float(self.scenario.get("lifetime", DEFAULT_LIFETIME))
            for start in range(0, len(body), int(chunk)):
                writer.write(frame(body[start:start + int(chunk)]))
                await writer.drain()
                if time.monotonic() > deadline:
                    return False
                await asyncio.sleep(float(interval))
        else:
            writer.write(frame(body))
        if chunked and not spec.get("unterminated"):
            writer.write(b"0\r\n\r\n")
        await writer.drain()
        return not (chunked and spec.get("unterminated"))

    async def stream_huge(self, path: str, size: int, chunked: bool, writer: asyncio.StreamWriter) -> bool:
        sent = 0
        try:
            while sent < size:
                piece = _FILLER[: size - sent]
                writer.write(b"%x\r\n%s\r\n" % (len(piece), piece) if chunked else piece)
                await writer.drain()
                sent += len(piece)
            if chunked:
                writer.write(b"0\r\n\r\n")
                await writer.drain()
        except (ConnectionError, OSError):
            self.record(event="aborted", path=path, bytes_sent=sent)
            return False
        self.record(event="complete", path=path, bytes_sent=sent)
        return True

    async def canary(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            first = await asyncio.wait_for(reader.read(1024), 2)
        except (TimeoutError, ConnectionError):
            first = b""
        self.record(event="canary", peer=str(writer.get_extra_info("peername")),
                    first_line=first.split(b"\r\n", 1)[0].decode("latin-1"))
        writer.close()

    def prepare(self) -> None:
        """Compress the bombs before the first request: that takes seconds, which must not count as a stall."""
        for path, specs in self.scenario.get("faults", {}).items():
            for spec in specs:
                if spec.get("compress") and spec.get("bomb_mb"):
                    self.body_bytes(path, "", spec)

    async def serve(self) -> None:
        self.prepare()
        server = await asyncio.start_server(self.handle, HOST, 0, limit=MAX_HEADER_BYTES)
        self.port = server.sockets[0].getsockname()[1]
        servers = [server]
        if self.scenario.get("canary"):
            canary = await asyncio.start_server(self.canary, HOST, 0)
            self.canary_port = canary.sockets[0].getsockname()[1]
            servers.append(canary)
        print(f"PORT {self.port} CANARY {self.canary_port}", flush=True)
        lifetime = float(self.scenario.get("lifetime", DEFAULT_LIFETIME))
        await asyncio.sleep(lifetime)
        for each in servers:
            each.close()


def _exit_when_stdin_closes() -> None:
    """The parent holds our stdin: end of file means it is gone (or done with us)."""
    try:
        while sys.stdin.buffer.read(1024):
            pass
    finally:
        os._exit(0)


def main() -> None:
    scenario = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    threading.Thread(target=_exit_when_stdin_closes, daemon=True).start()
    with open(sys.argv[2], "a", encoding="utf-8") as log:
        asyncio.run(FaultServer(scenario, log).serve())


if __name__ == "__main__":
    main()
