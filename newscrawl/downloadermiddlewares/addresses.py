"""Which URLs a crawl may fetch: http(s) only, and only public addresses, however a host spells them.

Pure functions shared by ``PrivateAddressGuardMiddleware`` (before a request is sent) and
``PublicAddressResolver`` (when the connection is made). An address is public when it is none of loopback
(``127.0.0.0/8``, ``::1``), private (``10/8``, ``172.16/12``, ``192.168/16``, ``fc00::/7``), link-local and
cloud metadata (``169.254/16``, ``fe80::/10``), carrier-grade NAT (``100.64/10``), multicast, unspecified
(``0.0.0.0``, ``::``), reserved or documentation ranges; IPv6 forms that carry an IPv4 address (``::ffff:a.b.c.d``,
6to4 ``2002::/16``, NAT64 ``64:ff9b::/96``, Teredo) are judged by that IPv4 address. Hosts are read the way
``inet_aton`` and browsers read them, so ``127.1``, ``2130706433``, ``0x7f000001`` and ``0177.0.0.1`` are all
127.0.0.1.
"""

from __future__ import annotations

import ipaddress
import re
import socket
from urllib.parse import urlsplit

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
#: A (host, port) pair; the host lower-cased, without a trailing dot, an IP literal written canonically.
Origin = tuple[str, int]

SAFE_SCHEMES = frozenset(("http", "https"))
DEFAULT_PORTS = {"http": 80, "https": 443}
#: Names that mean this machine whatever DNS says (RFC 6761 reserves ``localhost`` and ``*.localhost``).
_LOCAL_NAMES = frozenset(("localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"))
#: What ``inet_aton`` accepts: one to four parts, each decimal, octal (leading 0) or hexadecimal (``0x``).
_INET_ATON = re.compile(r"^(?:0x[0-9a-f]*|\d+)(?:\.(?:0x[0-9a-f]*|\d+)){0,3}$", re.IGNORECASE)
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
_SHARED = ipaddress.IPv4Network("100.64.0.0/10")


def parse_ip_literal(host: str) -> IPAddress | None:
    """The address a host names when it is an IP literal in any spelling (``[::1]``, ``127.1``,
    ``2130706433``, ``0x7f.1``, ``fe80::1%eth0``), else None (a host name)."""
    text = host.strip().lower().rstrip(".")
    if text.startswith("[") and text.endswith("]"):
        text = text[1:-1]
    if ":" in text:
        try:
            return ipaddress.IPv6Address(text.split("%", 1)[0])
        except ValueError:
            return None
    if not _INET_ATON.match(text):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(text))
    except (OSError, ValueError):
        return None


def embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address stands for (mapped, 6to4, NAT64, Teredo server), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address in _NAT64:
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    if address.teredo is not None:
        return address.teredo[1]
    return None


def is_public_address(address: IPAddress) -> bool:
    """True for an address on the public internet; False for every local, private or special-purpose one."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:  # the IPv4 address itself, over an IPv6 socket
            return is_public_address(address.ipv4_mapped)
        inner = embedded_ipv4(address)
        if inner is not None and not is_public_address(inner):
            return False
    if isinstance(address, ipaddress.IPv4Address) and address in _SHARED:
        return False
    special = (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
               or address.is_unspecified or address.is_reserved)
    return address.is_global and not special


def is_local_name(host: str) -> bool:
    """``localhost`` and its relatives: this machine, whatever a resolver would answer."""
    name = host.strip().lower().rstrip(".")
    return name in _LOCAL_NAMES or name.endswith(".localhost")


def canonical_host(host: str) -> str:
    address = parse_ip_literal(host)
    if address is not None:
        return str(address)
    return host.strip().lower().rstrip(".")


def origin_of(url: str) -> Origin | None:
    """(host, port) of an http(s) URL, the port defaulted from the scheme; None for other URLs."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in SAFE_SCHEMES or not parts.hostname:
        return None
    try:
        port = parts.port or DEFAULT_PORTS[scheme]
    except ValueError:
        return None
    return canonical_host(parts.hostname), port
