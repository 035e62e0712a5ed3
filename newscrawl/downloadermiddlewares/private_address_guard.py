"""Refuse requests to loopback, private, link-local, metadata and other non-public addresses, and to any scheme
but http(s): what a crawled page, a redirect, a meta refresh or an image URL could otherwise make the crawler
fetch from inside the network it runs in (server-side request forgery).

Rules, in order, for every request (start requests, links, redirect targets, robots.txt, images):

1. a scheme other than ``http``/``https`` (``file:``, ``data:``, ``ftp:``, ``gopher:``…) is refused;
2. with ``NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES`` (an intranet crawl) everything else is allowed;
3. the origins the user gave are trusted, by (host, port): the start requests' (the ``news`` spider's
   ``-a url=``, a portal's listing URLs or ``-a start_url=``; a redirect of one is not), the spider's
   ``start_url`` / ``start_urls``, and ``NEWSCRAWL_ORIGIN_OVERRIDE``'s. Trust is per port: a start URL on
   ``127.0.0.1:8080`` does not make ``127.0.0.1:22`` fetchable;
4. an IP literal in any spelling (``127.1``, ``2130706433``, ``0x7f000001``, ``[::ffff:127.0.0.1]``) that is not
   a public address is refused, and so is ``localhost`` / ``*.localhost``;
5. a host name is resolved (``getaddrinfo`` in a thread, cached) when the request really goes to the network
   (not in replay or origin-override mode, where no connection is made to the URL's host): any address that
   is not public refuses it.

A refusal raises ``IgnoreRequest`` (never retried), logs one WARNING line with the URL and the reason, and counts
``newscrawl/refused/private_address`` (or ``newscrawl/refused/unsafe_scheme``), which the run report lists
among the failures by reason.

Step 5 checks a DNS answer the connection will not use: the connection resolves the name again, and an answer
that changed in between (DNS rebinding) would pass. ``PublicAddressResolver`` (``TWISTED_DNS_RESOLVER``) closes
that gap where the connection is made; this middleware gives the clean, early, well-reported refusal.
"""

from __future__ import annotations

import logging
import socket
import time
from collections import OrderedDict
from urllib.parse import urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from newscrawl.downloadermiddlewares.addresses import (
    SAFE_SCHEMES,
    IPAddress,
    Origin,
    is_local_name,
    is_public_address,
    origin_of,
    parse_ip_literal,
)
from newscrawl.downloadermiddlewares.public_address_resolver import installed_guard

logger = logging.getLogger(__name__)

REFUSED_STAT = "newscrawl/refused/{reason}"
#: How long a host's addresses are remembered, and how many hosts.
RESOLUTION_CACHE_SECONDS = 300.0
RESOLUTION_CACHE_SIZE = 10_000


class RefusedRequest(IgnoreRequest):
    """A request the guard refused; ``reason`` is ``private_address`` or ``unsafe_scheme``."""

    def __init__(self, reason: str, url: str, detail: str) -> None:
        super().__init__(f"refused ({reason}): {url} {detail}")
        self.reason = reason


class PrivateAddressGuardMiddleware:
    def __init__(self, crawler: Crawler) -> None:
        settings = crawler.settings
        self.crawler = crawler
        self.allow_private = settings.getbool("NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES")
        #: Replay and origin override never connect to the URL's host: nothing to resolve.
        self.resolve_names = not (settings.get("NEWSCRAWL_REPLAY_DIR") or settings.get("NEWSCRAWL_ORIGIN_OVERRIDE"))
        self.trusted: set[Origin] = set()
        override = settings.get("NEWSCRAWL_ORIGIN_OVERRIDE")
        if override:
            self._trust(override)
        self._addresses: OrderedDict[str, tuple[float, list[IPAddress]]] = OrderedDict()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuardMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        # The start URLs a spider declares are trusted before any request: a worker of a shared crawl whose own
        # start request the shared duplicate filter dropped never sees it go by.
        declared = [getattr(spider, "start_url", None), *getattr(spider, "start_urls", ())]
        for url in declared:
            if isinstance(url, str):
                self._trust(url)
        guard = installed_guard()
        if guard is not None:  # the connection-time filter reports through this middleware
            guard.trust(self.trusted)
            guard.on_refused = self._refused_at_connection

    def _trust(self, url: str) -> None:
        origin = origin_of(url)
        if origin is None or origin in self.trusted:
            return
        self.trusted.add(origin)
        guard = installed_guard()
        if guard is not None:
            guard.trust([origin])

    async def process_request(self, request: Request) -> None:
        scheme = urlsplit(request.url).scheme.lower()
        if scheme not in SAFE_SCHEMES:
            self._refuse("unsafe_scheme", request.url, f"scheme {scheme or '(none)'!r}")
        if self.allow_private:
            return
        if request.meta.get("is_start_request") and not request.meta.get("redirect_urls"):
            self._trust(request.url)  # the user gave it (a redirect keeps the meta, and is not trusted for it)
            return
        origin = origin_of(request.url)
        if origin is None:
            self._refuse("unsafe_scheme", request.url, "no host")
            return
        if origin in self.trusted:
            return
        host = urlsplit(request.url).hostname or ""
        literal = parse_ip_literal(host)
        if literal is not None:
            if not is_public_address(literal):
                self._refuse("private_address", request.url, f"address {literal}")
            return
        if is_local_name(host):
            self._refuse("private_address", request.url, f"host {host!r} is this machine")
        if self.resolve_names:
            for address in await self._resolve(host, origin[1]):
                if not is_public_address(address):
                    self._refuse("private_address", request.url, f"{host} resolves to {address}")

    async def _resolve(self, host: str, port: int) -> list[IPAddress]:
        """The host's addresses (empty when it does not resolve: the download then fails on its own)."""
        now = time.monotonic()
        cached = self._addresses.get(host)
        if cached is not None and cached[0] > now:
            return cached[1]
        try:
            answers = await maybe_deferred_to_future(
                deferToThread(socket.getaddrinfo, host, port, 0, socket.SOCK_STREAM))
        except (OSError, UnicodeError):
            return []
        addresses = [address for address in (parse_ip_literal(str(answer[4][0])) for answer in answers)
                     if address is not None]
        self._addresses[host] = (now + RESOLUTION_CACHE_SECONDS, addresses)
        while len(self._addresses) > RESOLUTION_CACHE_SIZE:
            self._addresses.popitem(last=False)
        return addresses

    def _count(self, reason: str) -> None:
        if self.crawler.stats is not None:
            self.crawler.stats.inc_value(REFUSED_STAT.format(reason=reason))

    def _refuse(self, reason: str, url: str, detail: str) -> None:
        self._count(reason)
        logger.warning("Refused (%s): %s (%s)", reason, url, detail)
        raise RefusedRequest(reason, url, detail)

    def _refused_at_connection(self, host: str, port: int, address: str) -> None:
        self._count("private_address")
        logger.warning("Refused (private_address) at connection time: %s:%d resolved to %s", host, port, address)
