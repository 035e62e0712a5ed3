"""A fetched page as extraction sees it: URL, decoded HTML parsed once, and the site's time zone."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from parsel import Selector


@dataclass
class Page:
    #: Final URL of the page (after redirects): the base for relative links.
    url: str
    #: The document decoded to text.
    html: str
    #: IANA zone the site prints local times in (``Asia/Shanghai``); None when unknown.
    timezone: str | None = None
    #: Values a listing page already told about this article (``title``, ``date_published_raw``, …).
    listing_hints: dict[str, str] = field(default_factory=dict)

    @cached_property
    def selector(self) -> Selector:
        """The document parsed once; every extractor shares this tree."""
        return Selector(text=self.html, base_url=self.url)


@dataclass(frozen=True)
class Found:
    """One extracted value and where it came from (see ``Article.field_sources``)."""

    value: object
    source: str
