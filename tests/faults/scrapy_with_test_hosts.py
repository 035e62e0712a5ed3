"""``python -m tests.faults.scrapy_with_test_hosts ARGS…``: ``scrapy ARGS…`` in a process whose name resolution
answers ``*.test`` names (a top-level domain reserved for testing, RFC 2606) from ``TEST_HOSTS`` instead of DNS.

It lets a test give the private-address guard a host name that resolves to a loopback address without
touching any DNS server or the system's hosts file; every other name resolves as usual.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

from scrapy.cmdline import execute

#: Names and the addresses they resolve to in this process.
TEST_HOSTS = {"loopback-alias.test": "127.0.0.1"}

_getaddrinfo = socket.getaddrinfo
_gethostbyname = socket.gethostbyname


def _address(host: Any) -> str | None:
    name = host.decode() if isinstance(host, bytes) else str(host or "")
    name = name.lower().rstrip(".")
    if not name.endswith(".test"):
        return None
    if name not in TEST_HOSTS:
        raise socket.gaierror(socket.EAI_NONAME, f"{name} is not a test host")
    return TEST_HOSTS[name]


def getaddrinfo(host: Any, *arguments: Any, **options: Any) -> Any:
    address = _address(host)
    return _getaddrinfo(address if address is not None else host, *arguments, **options)


def gethostbyname(host: str) -> str:
    address = _address(host)
    return address if address is not None else _gethostbyname(host)


if __name__ == "__main__":
    socket.getaddrinfo = getaddrinfo
    socket.gethostbyname = gethostbyname
    execute(["scrapy", *sys.argv[1:]])
