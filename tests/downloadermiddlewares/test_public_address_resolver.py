"""The connection-time filter: Twisted's ``HostnameEndpoint`` (what Scrapy's HTTP handler connects through) never
gets a non-public address from ``PublicAddressNameResolver`` unless the origin is trusted. Run on Twisted's
in-memory reactor: connection attempts are recorded, never made."""

from __future__ import annotations

from typing import Any

from twisted.internet.address import IPv4Address
from twisted.internet.endpoints import HostnameEndpoint
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import IReactorPluggableNameResolver
from twisted.internet.protocol import Factory, Protocol
from twisted.internet.testing import MemoryReactorClock
from zope.interface import directlyProvides

from newscrawl.downloadermiddlewares.public_address_resolver import PublicAddressNameResolver


class FakeResolver:
    """Answers from a table, at once, like a DNS server that a rebinding attacker controls."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table

    def resolveHostName(self, receiver: Any, hostName: str, portNumber: int = 0,
                        addressTypes: Any = None, transportSemantics: str = "TCP") -> Any:
        receiver.resolutionBegan(None)
        for address in self.table.get(hostName, []):
            receiver.addressResolved(IPv4Address("TCP", address, portNumber))
        receiver.resolutionComplete()
        return None


def connect(host: str, port: int, guard: PublicAddressNameResolver) -> tuple[MemoryReactorClock, list[Any]]:
    reactor = MemoryReactorClock()
    reactor.nameResolver = guard  # type: ignore[attr-defined]
    directlyProvides(reactor, IReactorPluggableNameResolver)
    results: list[Any] = []
    endpoint = HostnameEndpoint(reactor, host, port)
    endpoint.connect(Factory.forProtocol(Protocol)).addBoth(results.append)
    reactor.advance(1)
    return reactor, results


def test_a_name_resolving_to_loopback_gets_no_address() -> None:
    refused: list[tuple[str, int, str]] = []
    guard = PublicAddressNameResolver(FakeResolver({"rebinding.test": ["127.0.0.1"]}))
    guard.on_refused = lambda host, port, address: refused.append((host, port, address))
    reactor, results = connect("rebinding.test", 8080, guard)
    assert reactor.tcpClients == []  # no connection attempt at all
    assert isinstance(results[0].value, DNSLookupError)
    assert refused == [("rebinding.test", 8080, "127.0.0.1")]


def test_only_the_public_addresses_of_a_mixed_answer_are_used() -> None:
    guard = PublicAddressNameResolver(FakeResolver({"mixed.test": ["10.0.0.5", "93.184.216.34", "169.254.169.254"]}))
    guard.on_refused = lambda host, port, address: None
    reactor, _ = connect("mixed.test", 443, guard)
    assert [(host, port) for host, port, *_ in reactor.tcpClients] == [("93.184.216.34", 443)]


def test_literal_addresses_go_through_the_filter_too() -> None:
    guard = PublicAddressNameResolver(FakeResolver({"2130706433": ["127.0.0.1"]}))
    guard.on_refused = lambda host, port, address: None
    reactor, _ = connect("2130706433", 22, guard)
    assert reactor.tcpClients == []


def test_a_trusted_origin_connects_to_its_loopback_address() -> None:
    guard = PublicAddressNameResolver(FakeResolver({"127.0.0.1": ["127.0.0.1"]}))
    guard.trust([("127.0.0.1", 8080)])
    reactor, _ = connect("127.0.0.1", 8080, guard)
    assert [(host, port) for host, port, *_ in reactor.tcpClients] == [("127.0.0.1", 8080)]
    other_port, _ = connect("127.0.0.1", 8081, guard)
    assert other_port.tcpClients == []
