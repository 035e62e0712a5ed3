"""Which hosts a crawl may fetch from: the start URL's host (``www.`` or not) and the hosts a user names."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import urlsplit


def site_host(host: str) -> str:
    """The host lower-cased, without a trailing dot or a leading ``www.``: ``example.com`` and
    ``www.example.com`` are one site, while ``m.example.com`` or ``news.example.com`` are other hosts."""
    host = host.strip().lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def host_of(url_or_host: str) -> str:
    """The site host of a URL (``https://www.example.com/x``) or of a bare host name (``example.com``)."""
    text = url_or_host.strip()
    hostname = urlsplit(text if "//" in text else f"//{text}").hostname
    return site_host(hostname or "")


class HostScope:
    """The set of hosts a crawl trusts; everything else is skipped."""

    def __init__(self, hosts: Iterable[str] = ()) -> None:
        self._hosts: set[str] = set()
        for host in hosts:
            self.add(host)

    def add(self, url_or_host: str) -> None:
        host = host_of(url_or_host)
        if host:
            self._hosts.add(host)

    def allows(self, url: str) -> bool:
        return host_of(url) in self._hosts if urlsplit(url).scheme in ("http", "https") else False

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._hosts))
