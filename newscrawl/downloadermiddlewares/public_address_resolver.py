"""The connection-time half of the private-address guard: a DNS resolver that hands Twisted only public addresses.

``PrivateAddressGuardMiddleware`` refuses a request whose host resolves to a private address before it is sent,
but the connection resolves the name again: a DNS answer that changes in between (DNS rebinding, a short TTL)
would slip through. Every TCP connection Scrapy's HTTP handler makes goes through the reactor's name resolver
(``HostnameEndpoint``), IP literals included, so this resolver (``TWISTED_DNS_RESOLVER``) wraps Scrapy's caching
resolver and drops each address that is not public before Twisted sees it, unless (host, port) is a trusted
origin: with no address left the connection fails as a DNS lookup error and nothing is ever sent to the private
address. Trusted origins and the refusal callback come from the middleware (``trust``, ``on_refused``); with
``NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES`` the resolver filters nothing.
"""

from __future__ import annotations

import ipaddress
import logging
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from scrapy.crawler import Crawler
from scrapy.resolver import CachingThreadedResolver
from twisted.internet.interfaces import IAddress, IHostnameResolver, IResolutionReceiver
from zope.interface import implementer

from newscrawl.downloadermiddlewares.addresses import Origin, canonical_host, is_public_address

logger = logging.getLogger(__name__)

#: Called with the host, the port and the refused address.
RefusalCallback = Callable[[str, int, str], None]


@implementer(IResolutionReceiver)
class _PublicAddressReceiver:
    """Passes on the public addresses of one resolution and reports the others."""

    # Twisted's zope interfaces are typed as Any here: mypy reads their methods without ``self``.
    def __init__(self, receiver: Any, host: str, port: int, guard: PublicAddressNameResolver) -> None:
        self.receiver = receiver
        self.host = host
        self.port = port
        self.guard = guard

    def resolutionBegan(self, resolutionInProgress: Any) -> None:
        self.receiver.resolutionBegan(resolutionInProgress)

    def addressResolved(self, address: IAddress) -> None:
        host = getattr(address, "host", "")
        try:
            public = is_public_address(ipaddress.ip_address(host.split("%", 1)[0]))
        except ValueError:
            public = False
        if public:
            self.receiver.addressResolved(address)
        else:
            self.guard.refused(self.host, self.port, host)

    def resolutionComplete(self) -> None:
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class PublicAddressNameResolver:
    """Wraps another name resolver; addresses of untrusted origins that are not public never come out."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.trusted: set[Origin] = set()
        self.on_refused: RefusalCallback | None = None

    def trust(self, origins: Iterable[Origin]) -> None:
        self.trusted.update(origins)

    def refused(self, host: str, port: int, address: str) -> None:
        if self.on_refused is not None:
            self.on_refused(host, port, address)
        else:
            logger.warning("Refused to connect to %s:%d at %s: not a public address", host, port, address)

    def resolveHostName(
        self,
        resolutionReceiver: Any,
        hostName: str,
        portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None,
        transportSemantics: str = "TCP",
    ) -> Any:
        receiver: Any = resolutionReceiver
        if (canonical_host(hostName), portNumber) not in self.trusted:
            receiver = _PublicAddressReceiver(resolutionReceiver, hostName, portNumber, self)
        return self.inner.resolveHostName(receiver, hostName, portNumber, addressTypes, transportSemantics)


class PublicAddressResolver(CachingThreadedResolver):
    """Scrapy's default resolver (cached, with ``DNS_TIMEOUT``) behind ``PublicAddressNameResolver``."""

    allow_private = False

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> PublicAddressResolver:
        resolver = super().from_crawler(crawler, reactor)
        resolver.allow_private = crawler.settings.getbool("NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES")
        return resolver

    def install_on_reactor(self) -> None:
        super().install_on_reactor()
        if not self.allow_private:
            guard: Any = PublicAddressNameResolver(self.reactor.nameResolver)
            self.reactor.installNameResolver(guard)


def installed_guard() -> PublicAddressNameResolver | None:
    """The reactor's ``PublicAddressNameResolver``, if ``TWISTED_DNS_RESOLVER`` installed one."""
    from twisted.internet import reactor

    name_resolver = getattr(reactor, "nameResolver", None)
    return name_resolver if isinstance(name_resolver, PublicAddressNameResolver) else None
