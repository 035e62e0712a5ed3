"""How a portal is declared: where its articles are listed, which rules read an article, how posts are filed.

A portal file (``newscrawl/portals/<name>.py``) builds one ``Portal`` from these declarations and nothing else
(a portal that needs more than declarations adds a small parser class in the same file); the shared spider,
the extraction layer and the pipelines interpret them. Every article rule is a tuple of sources tried in order,
and generic extraction stands behind the last one, so a selector that stops matching degrades to JSON-LD /
OpenGraph / heuristics instead of an empty field.

URL templates may use ``{channel}`` (the spider's ``-a channel=`` argument, or the portal's default channel),
``{page}`` (1, 2, …) and ``{offset}`` (0, page size, …) for JSON listings, and ``{<field>}`` of a JSON listing
item for article links (``https://www.huxiu.com/article/{aid}.html``).

Listings that a script pages (no next link to follow) are declared with values read from the previous page:

- ``{cursor}``: the value a listing's ``cursor`` finds on the page before (虎嗅's ``last_dateline``, 36kr's
  ``pageCallback``, IT之家's last entry time), filled into the next request's URL, form or JSON body;
- ``{<token>}``: a value an HTML page's ``tokens`` read once and keep for every later page (cnBeta's csrf token);
- ``then``: the listing the pages after this one come from, when they are another request of another shape (an
  HTML or embedded-JSON first page continued by a JSON API). Page numbers run on across it: its first page is 2.

Article pages change over the years. A portal declares its ``layouts`` as fundus keeps dated parser versions:
the current one first, older ones after, each with the months it was seen. Extraction tries, field by field, the
layouts whose ``signature`` the page matches, in order, then generic extraction; the record says which layout (or
which generic source) gave each field, so pages of old archives keep extracting and drift shows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

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
    #: URL of page N (``{page}`` = 2, 3, …) of a listing numbered in its URLs (``…-{page}.html``): followed while
    #: a page links to the next one, so the last page ends the listing without asking for one more.
    page_url: str | None = None
    #: Selector of the value that fills ``{cursor}`` in the ``then`` listing's first request. The last node it
    #: matches counts: entries run newest first, so the last entry's time is where the next page starts.
    cursor: str | None = None
    #: Values read on this page and kept for every later page's templates, name -> selector:
    #: ``{"csrf": 'meta[name="csrf-token"]::attr(content)'}`` fills ``{csrf}``. A token the page lacks stops paging.
    tokens: Mapping[str, str] = field(default_factory=dict)
    #: Where the next pages come from when the page has no next link and loads more by script (加载更多).
    then: JsonListing | None = None


@dataclass(frozen=True)
class JsonListing:
    """A JSON API (or a JSON blob embedded in an HTML page) listing articles."""

    #: URL of the first page; ``{page}``/``{offset}`` make further pages.
    url: str
    #: Path of the list of items in the JSON (``data.dataList``); several paths: the first that holds items (an
    #: API that spells a key two ways, or answers another shape on another page).
    items: str | tuple[str, ...]
    #: Public URL of an item's article, a template over the item's fields (``https://sspai.com/post/{id}``);
    #: unused with ``html_items``, whose ``link`` selector finds it.
    link: str = ""
    #: URL to fetch for the article when it differs from the public one (an API detail endpoint). Several
    #: templates: the first whose fields the item has, non-empty (a member-only item's ``slug`` endpoint first).
    fetch: str | tuple[str, ...] | None = None
    #: Paths of the item's title, publication time (text, or epoch seconds / milliseconds) and byline.
    title: str | None = None
    time: str | None = None
    authors: str | None = None
    #: Items left out, path -> value (36kr's ``itemType`` 0: ads and banners among the articles).
    exclude: Mapping[str, Any] = field(default_factory=dict)
    #: Marker of JSON embedded in an HTML listing page (``"itemList":``); None when the response is JSON.
    embedded: str | None = None
    method: str = "GET"
    #: Form fields of a POST listing (values may be templates too).
    form: Mapping[str, str] | None = None
    #: Extra request headers (an API that wants ``app-version``).
    headers: Mapping[str, str] = field(default_factory=dict)
    #: Items per page, for ``{offset}``; a page with no items ends the listing.
    page_size: int = 20
    #: Path of the value that fills ``{cursor}`` in the next request: in the response (``data.last_dateline``) or
    #: through the items (``data.dataList[].dateline`` reads the last item's). A listing paged by ``{cursor}``
    #: ends at a page without a cursor, with the cursor it was asked with, or without articles.
    cursor: str | None = None
    #: Body of a POST that sends JSON instead of a form; string values are templates.
    json_body: Mapping[str, Any] | None = None
    #: ``items`` names an HTML fragment (entries rendered into a JSON string): read its entries, and the cursor
    #: when this listing declares no JSON ``cursor``, with these rules. Their ``url`` is not fetched.
    html_items: HtmlListing | None = None
    #: Where the next pages come from when they are another request of another shape (36kr: the first page is
    #: JSON embedded in HTML, the next ones come from a JSON API).
    then: JsonListing | None = None

    def __post_init__(self) -> None:
        if not self.link and self.html_items is None:
            raise ValueError(f"JsonListing {self.url}: a link template, or html_items to find links in")
        if self.form is not None and self.json_body is not None:
            raise ValueError(f"JsonListing {self.url}: a form or a JSON body, not both")


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
    #: Parts of the body whose markup is decoration: reduced to their text (雷锋网's lead).
    body_flatten: Rule = ()
    #: Elements renamed in the body, selector -> tag (styled subheads that are headings).
    body_rename: Mapping[str, str] = field(default_factory=dict)
    lead_image: Rule = ()
    description: Rule = ()
    tags: Rule = ()
    #: Link to the next page of the same story (Ars Technica's ``…/2/``): the crawl fetches it and appends its
    #: body, page after page. Only links that extend the first page's URL are followed.
    continuation: str | None = None


#: Turns a page's text into the JSON an article is read from (a Nuxt payload resolved, a state decrypted);
#: None when the page does not hold it.
StateReader = Callable[[str], Any]


@dataclass(frozen=True)
class JsonArticleRules:
    """An article read from JSON: an API detail response, or a state blob embedded in the article page.

    Paths are relative to ``root``; a ``body`` path names an HTML string (a path over a list, ``blocks[].html``,
    joins its items in order); the first path that holds a value wins, as for every rule.
    """

    #: Marker of the JSON in an HTML article page (``window.__INITIAL_STATE__=``); None: the response is JSON.
    embedded: str | None = None
    #: Reads the JSON out of an HTML article page where a marker cannot say how (its docstring's first line
    #: describes it in PORTALS.md).
    reader: StateReader | None = None
    #: Path of the article object inside the JSON (``data``, ``articleDetail.articleDetail``).
    root: str = ""
    title: Rule = ()
    authors: Rule = ()
    published: Rule = ()
    modified: Rule = ()
    body: Rule = ()
    #: As for HTML rules, applied to the body's HTML.
    body_drop: Rule = ()
    body_rename: Mapping[str, str] = field(default_factory=dict)
    lead_image: Rule = ()
    description: Rule = ()
    tags: Rule = ()

    @property
    def in_page(self) -> bool:
        """The JSON sits in an HTML page (generic extraction can stand behind it), not in an API response."""
        return self.embedded is not None or self.reader is not None


Rules = ArticleRules | JsonArticleRules


@dataclass(frozen=True)
class Layout:
    """One version of a portal's article pages, with the months it was seen (fundus's dated parser versions)."""

    #: Short name, recorded as ``layout:<name>`` in ``Article.field_sources`` (``2024``, ``chorus``).
    name: str
    rules: Rules
    #: When the site served it: ``2019-11 – 2020-12``; an open end (``2024-05 –``) means still current.
    seen: str = ""
    #: CSS selector only this layout's pages match; the layout is tried on a page only when it matches. None:
    #: tried on every page (a JSON layout is tried where its JSON is found).
    signature: str | None = None
    #: Where the layout's rules come from (a public scraper, a saved page).
    source: str = ""

    def __post_init__(self) -> None:
        if not self.name or not self.name.replace("-", "").replace("_", "").isalnum():
            raise ValueError(f"layout name {self.name!r}: letters, digits, - and _")


@dataclass(frozen=True)
class Portal:
    #: Spider name (``scrapy crawl <name>``).
    name: str
    #: Human name of the site, for documentation and logs.
    site_name: str
    #: Home page, for documentation.
    site_url: str
    #: Post hierarchy: section, site, channel. Category 2 is the post author by default. Category 3 is the
    #: default channel's; ``channel_categories`` names the others'.
    categories: tuple[str, str, str]
    #: IANA time zone the site prints local times in.
    timezone: str
    #: Hosts whose pages belong to this portal (``scrapy extract`` picks the portal by host).
    hosts: tuple[str, ...]
    listings: Sequence[Listing] = ()
    #: The article page layouts, current first (see the module docstring).
    layouts: Sequence[Layout] = ()
    #: Shorthand for a portal with one layout: its rules (the layout is named ``page``).
    article: Rules | None = None
    #: Channels a user may pick with ``-a channel=`` (filled into ``{channel}`` of listing URLs).
    channels: tuple[str, ...] = ()
    default_channel: str | None = None
    #: Category 3 of a channel's posts where the archive files channels apart (雷锋网's 业界 / 人工智能); a channel
    #: not named here is filed under ``categories[2]``.
    channel_categories: Mapping[str, str] = field(default_factory=dict)
    #: Listings of a channel whose pages differ from the default listings' (36kr's 快讯), read instead of them.
    channel_listings: Mapping[str, Sequence[Listing]] = field(default_factory=dict)
    #: Encoding to assume when a response declares none (``gb18030`` covers GBK and GB2312).
    encoding: str | None = None
    #: Language of the site's articles (BCP 47), used when a page does not say.
    language: str | None = None
    #: Text that only the site's challenge / anti-bot page contains (besides the common ones).
    blocked_markers: tuple[str, ...] = ()
    #: How the portal answers what public evidence says about the site (PORTALS-EVIDENCE): each point fixed and
    #: how, or kept and why. PORTALS.md prints them.
    evidence: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.layouts and self.article is not None:
            raise ValueError(f"portal {self.name}: layouts or article rules, not both")
        if not self.layouts:
            object.__setattr__(self, "layouts", (Layout("page", self.article or ArticleRules()),))
        object.__setattr__(self, "layouts", tuple(self.layouts))
        object.__setattr__(self, "article", self.layouts[0].rules)
        names = [layout.name for layout in self.layouts]
        if len(set(names)) != len(names):
            raise ValueError(f"portal {self.name}: layout names declared twice: {names}")

    @property
    def current_layout(self) -> Layout:
        return self.layouts[0]

    def layout_named(self, name: str) -> Layout | None:
        return next((layout for layout in self.layouts if layout.name == name), None)

    def categories_for(self, channel: str | None) -> tuple[str, str, str]:
        """The post categories of an article listed in ``channel``."""
        section, site, default = self.categories
        return section, site, self.channel_categories.get(channel or "", default)

    def listings_for(self, channel: str | None) -> Sequence[Listing]:
        """The listings a crawl of ``channel`` reads."""
        return self.channel_listings.get(channel or "", self.listings)

    def serves_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(host == known or host.endswith("." + known) for known in self.hosts)
