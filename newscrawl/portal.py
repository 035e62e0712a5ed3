"""How a portal is declared: where its articles are listed, which rules read an article, how posts are filed.

A portal file (``newscrawl/portals/<name>.py``) builds one ``Portal`` from these declarations and nothing else
(a portal that needs more than declarations adds a small parser class in the same file); the shared spider,
the extraction layer and the pipelines interpret them. Every article rule is a tuple of sources tried in order,
and generic extraction stands behind the last one, so a selector that stops matching degrades to JSON-LD /
OpenGraph / heuristics instead of an empty field.

URL templates may use ``{channel}`` (the spider's ``-a channel=`` argument, or the portal's default channel),
``{page}`` (1, 2, …) and ``{offset}`` (0, page size, …) for JSON listings, and ``{<field>}`` of a JSON listing
item for article links (``https://www.huxiu.com/article/{aid}.html``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

#: A source name that reads a value the listing told about the article (anchor text, listing time).
FROM_LISTING = "listing"

#: A rule: sources tried in order, the first non-empty value wins. For HTML articles a source is a CSS
#: selector (parsel syntax; an element selector means the element's whole text, ``::text`` and
#: ``::attr(name)`` pick nodes); for JSON articles a dotted path (``post.authors[].realname``); ``FROM_LISTING``
#: in either.
Rule = tuple[str, ...]


@dataclass(frozen=True)
class HtmlListing:
    """An HTML page listing articles, with pagination."""

    #: First page of the listing (may contain ``{channel}``).
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
class JsonListing:
    """A JSON API (or a JSON blob embedded in an HTML page) listing articles."""

    #: URL of the first page; ``{page}``/``{offset}`` make further pages.
    url: str
    #: Path of the list of items in the JSON (``data.dataList``).
    items: str
    #: Public URL of an item's article, a template over the item's fields (``https://sspai.com/post/{id}``).
    link: str
    #: URL to fetch for the article when it differs from the public one (an API detail endpoint).
    fetch: str | None = None
    #: Paths of the item's title and publication time (text, or epoch seconds / milliseconds).
    title: str | None = None
    time: str | None = None
    #: Marker of JSON embedded in an HTML listing page (``"itemList":``); None when the response is JSON.
    embedded: str | None = None
    method: str = "GET"
    #: Form fields of a POST listing (values may be templates too).
    form: Mapping[str, str] | None = None
    #: Extra request headers (an API that wants ``app-version``).
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Items per page, for ``{offset}``; a page with no items ends the listing.
    page_size: int = 20


@dataclass(frozen=True)
class FeedListing:
    """An RSS or Atom feed."""

    url: str


@dataclass(frozen=True)
class SitemapListing:
    """An XML sitemap, sitemap index or news sitemap."""

    url: str


Listing = HtmlListing | JsonListing | FeedListing | SitemapListing


@dataclass(frozen=True)
class ArticleRules:
    """Where each field of an HTML article page is found. Empty rules leave the field to generic extraction."""

    title: Rule = ()
    authors: Rule = ()
    published: Rule = ()
    modified: Rule = ()
    #: Body container(s): every node the first matching selector finds, in document order, contributes its
    #: inner HTML (``.article-summary, .article-content`` joins two containers).
    body: Rule = ()
    #: Noise inside the body that the portal knows about (share bars, related links…), removed.
    body_drop: Rule = ()
    lead_image: Rule = ()
    description: Rule = ()
    tags: Rule = ()


@dataclass(frozen=True)
class JsonArticleRules:
    """An article read from JSON: an API detail response, or a state blob embedded in the article page.

    Paths are relative to ``root``; a ``body`` path names an HTML string (a path over a list, ``blocks[].html``,
    joins its items in order); the first path that holds a value wins, as for every rule.
    """

    #: Marker of the JSON in an HTML article page (``window.__INITIAL_STATE__=``); None: the response is JSON.
    embedded: str | None = None
    #: Path of the article object inside the JSON (``data``, ``articleDetail.articleDetail``).
    root: str = ""
    title: Rule = ()
    authors: Rule = ()
    published: Rule = ()
    modified: Rule = ()
    body: Rule = ()
    lead_image: Rule = ()
    description: Rule = ()
    tags: Rule = ()


@dataclass(frozen=True)
class Portal:
    #: Spider name (``scrapy crawl <name>``).
    name: str
    #: Human name of the site, for documentation and logs.
    site_name: str
    #: Home page, for documentation.
    site_url: str
    #: Post hierarchy: section, site, channel. Category 2 is the post author by default.
    categories: tuple[str, str, str]
    #: IANA time zone the site prints local times in.
    timezone: str
    #: Hosts whose pages belong to this portal (``scrapy extract`` picks the portal by host).
    hosts: tuple[str, ...]
    listings: Sequence[Listing] = ()
    article: ArticleRules | JsonArticleRules = field(default_factory=ArticleRules)
    #: Channels a user may pick with ``-a channel=`` (filled into ``{channel}`` of listing URLs).
    channels: tuple[str, ...] = ()
    default_channel: str | None = None
    #: Encoding to assume when a response declares none (``gb18030`` covers GBK and GB2312).
    encoding: str | None = None
    #: Language of the site's articles (BCP 47), used when a page does not say.
    language: str | None = None
    #: Text that only the site's challenge / anti-bot page contains (besides the common ones).
    blocked_markers: tuple[str, ...] = ()

    def serves_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == known or host.endswith("." + known) for known in self.hosts)
