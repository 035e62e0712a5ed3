"""Which addresses are public, however a host spells them (``newscrawl.downloadermiddlewares.addresses``)."""

from __future__ import annotations

import ipaddress

import pytest

from newscrawl.downloadermiddlewares.addresses import (
    canonical_host,
    is_local_name,
    is_public_address,
    origin_of,
    parse_ip_literal,
)


@pytest.mark.parametrize(("host", "address"), [
    ("127.0.0.1", "127.0.0.1"),
    ("127.1", "127.0.0.1"),
    ("2130706433", "127.0.0.1"),
    ("0x7f000001", "127.0.0.1"),
    ("0x7f.1", "127.0.0.1"),
    ("0177.0.0.1", "127.0.0.1"),
    ("[::1]", "::1"),
    ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
    ("[fe80::1%25eth0]", "fe80::1"),
    ("169.254.169.254.", "169.254.169.254"),
])
def test_ip_literals_in_every_spelling(host: str, address: str) -> None:
    assert str(parse_ip_literal(host)) == address


@pytest.mark.parametrize("host", ["example.com", "1.2.3.4.5", "0x", "news.127.0.0.1.example", "localhost", ""])
def test_host_names_are_no_literals(host: str) -> None:
    assert parse_ip_literal(host) is None


@pytest.mark.parametrize("address", [
    "127.0.0.1", "127.255.0.9", "::1",                                 # loopback
    "10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.1",         # private
    "fd00::1", "fc00::1",                                              # unique local
    "169.254.169.254", "fe80::1",                                      # link-local, cloud metadata
    "100.64.0.1", "100.127.255.254",                                   # carrier-grade NAT
    "224.0.0.1", "ff02::1",                                            # multicast
    "0.0.0.0", "::",                                                   # unspecified
    "192.0.2.1", "198.51.100.7", "2001:db8::1", "240.0.0.1",           # documentation, reserved
    "::ffff:127.0.0.1", "::ffff:10.0.0.1",                             # IPv4-mapped
    "2002:7f00:1::", "2002:a9fe:a9fe::",                               # 6to4 of 127.0.0.1, 169.254.169.254
    "64:ff9b::7f00:1",                                                 # NAT64 of 127.0.0.1
])
def test_non_public_addresses(address: str) -> None:
    assert not is_public_address(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", ["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1",
                                     "2606:4700:4700::1111", "::ffff:93.184.216.34"])
def test_public_addresses(address: str) -> None:
    assert is_public_address(ipaddress.ip_address(address))


def test_local_names() -> None:
    assert is_local_name("localhost") and is_local_name("LOCALHOST.") and is_local_name("api.localhost")
    assert not is_local_name("localhost.example.com") and not is_local_name("example.com")


def test_origins_are_host_and_port_with_literals_canonical() -> None:
    assert origin_of("http://2130706433:8080/x") == ("127.0.0.1", 8080)
    assert origin_of("http://127.1:8080/") == origin_of("http://127.0.0.1:8080/")
    assert origin_of("https://Example.COM./news") == ("example.com", 443)
    assert origin_of("http://example.com/") == ("example.com", 80)
    assert origin_of("file:///etc/passwd") is None and origin_of("data:text/plain,x") is None
    assert origin_of("http://example.com:99999/") is None
    assert canonical_host("[::FFFF:127.0.0.1]") == "::ffff:7f00:1"
