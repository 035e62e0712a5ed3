"""The portal registry: one module per portal, each defining ``PORTAL``."""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from urllib.parse import urlsplit

from newscrawl.portal_rules import Portal


@cache
def all_portals() -> tuple[Portal, ...]:
    """Every portal declared in this package, sorted by name."""
    portals = []
    for module_info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        portal = getattr(module, "PORTAL", None)
        if isinstance(portal, Portal):
            portals.append(portal)
    names = [portal.name for portal in portals]
    duplicated = {name for name in names if names.count(name) > 1}
    if duplicated:
        raise RuntimeError(f"portal names declared twice: {sorted(duplicated)}")
    return tuple(sorted(portals, key=lambda portal: portal.name))


def portal_named(name: str) -> Portal:
    for portal in all_portals():
        if portal.name == name:
            return portal
    raise KeyError(name)


def portal_for_url(url: str) -> Portal | None:
    """The portal serving the URL's host, or None (generic extraction then applies)."""
    host = urlsplit(url).hostname or ""
    for portal in all_portals():
        if portal.serves_host(host):
            return portal
    return None
