"""How a portal is declared: where its articles are listed, which rules read an article, how posts are filed.

A portal file (``newscrawl/portals/<name>.py``) builds one ``Portal`` from these declarations and nothing else;
the shared spider, the extraction layer and the pipelines interpret them. Every article rule is a tuple of
sources tried in order, and generic extraction stands behind the last one, so a selector that stops matching
degrades to JSON-LD / OpenGraph / heuristics instead of an empty field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

#: A source name that reads a value the listing page gave for the article (anchor text, listing time).
FROM_LISTING = "listing"

#: A rule: CSS selectors (parsel syntax, ``::text`` and ``::attr(name)`` allowed) or ``FROM_LISTING``,
#: tried in order; the first non-empty value wins.
Rule = tuple[str, ...]


@dataclass(frozen=True)
class HtmlListing:
    """An HTML page listing articles, with pagination."""

    #: First page of the listing.
    url: str
    #: CSS selector of one listing entry; the selectors below are relative to it.
    item: str
    #: Selector of the article link inside an entry (its ``href`` is followed).
    link: str = "a"
    #: Selector of the title text inside an entry (defaults to the link's text).
    title: str | None = None
    #: Selector of the publication time text inside an entry, when the listing shows one.
    time: str | None = None
    #: Selector of the "next page" link on a listing page.
    next_page: str | None = None


@dataclass(frozen=True)
class ArticleRules:
    """Where each field of an article page is found. Empty rules leave the field to generic extraction."""

    title: Rule = ()
    authors: Rule = ()
    published: Rule = ()
    modified: Rule = ()
    #: Body container(s): every matching node, in document order, contributes its inner HTML.
    body: Rule = ()
    #: Noise inside the body that the portal knows about (share bars, related links…), removed.
    body_drop: Rule = ()
    lead_image: Rule = ()
    description: Rule = ()
    tags: Rule = ()


@dataclass(frozen=True)
class Portal:
    #: Spider name (``scrapy crawl <name>``).
    name: str
    #: Human name of the site, for documentation and logs.
    site_name: str
    #: Post hierarchy: section, site, channel. Category 2 is the post author by default.
    categories: tuple[str, str, str]
    #: IANA time zone the site prints local times in.
    timezone: str
    #: Hosts whose pages belong to this portal (``scrapy extract`` picks the portal by host).
    hosts: tuple[str, ...]
    listings: Sequence[HtmlListing] = ()
    article: ArticleRules = field(default_factory=ArticleRules)
    #: Encoding to assume when a response declares none (``gb18030`` covers GBK and GB2312).
    encoding: str | None = None
    #: Language of the site's articles (BCP 47), used when a page does not say.
    language: str | None = None

    def serves_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == known or host.endswith("." + known) for known in self.hosts)
