"""The Article record: what newscrawl extracts from one article page and writes to the JSON-lines archive.

Field semantics follow zyte-common-items' ``Article`` where they overlap: ``url`` is the final URL after
redirects, every date is ISO 8601 with its offset and has a ``*_raw`` twin holding the text as found.
A record needs only ``url``, ``title``, ``categories``, ``date_published`` and ``body_html`` to be rendered
as a Hexo post; every other field is optional.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Article:
    #: Final URL of the article page, after redirects.
    url: str
    #: The page's ``rel=canonical`` (or ``og:url``) URL made absolute; None when the page names none.
    canonical_url: str | None = None
    #: Name of the portal whose rules extracted the page; None when generic extraction did.
    portal: str | None = None
    #: Headline as published (not yet adapted to the post format's file-name rules).
    title: str | None = None
    #: The headline the page gives search engines (JSON-LD ``headline``) where it shows readers another one;
    #: ``title`` is always the visible headline. None when they agree or the page declares none.
    seo_headline: str | None = None
    #: Bylines, labels such as "作者：" or "By" removed; empty when the page names nobody.
    authors: list[str] = field(default_factory=list)
    #: Editors the page credits (责任编辑, 责编, 编辑; staff codes removed): people who did not write the article,
    #: never in ``authors``. Empty when none is printed; read on Chinese pages.
    editors: list[str] = field(default_factory=list)
    #: The outlet the page credits the story to (来源：新华社): a newspaper, agency or account, never in
    #: ``authors``. None when none is printed; read on Chinese pages.
    source: str | None = None
    #: Publication time, ISO 8601 with offset (e.g. ``2022-08-30T17:19:00+08:00``). A page that prints a local
    #: time without an offset is read in its portal's time zone; with no zone known the value has no offset.
    date_published: str | None = None
    #: The publication time exactly as found on the page (or in the listing).
    date_published_raw: str | None = None
    #: Last modification time, same rules as ``date_published``.
    date_modified: str | None = None
    #: The modification time as found.
    date_modified_raw: str | None = None
    #: The post hierarchy: section, site, channel (e.g. 新媒体 / 高科技行业门户 / 新闻).
    categories: list[str] = field(default_factory=list)
    #: Keywords or tags the page declares.
    tags: list[str] = field(default_factory=list)
    #: URL of the main image (og:image, JSON-LD image), absolute.
    lead_image: str | None = None
    #: Every body image, absolute URLs, in body order.
    images: list[str] = field(default_factory=list)
    #: Summary the page declares (meta description, og:description).
    description: str | None = None
    #: Inner HTML of the article body, cleaned: no scripts or event handlers, absolute links, lazy images
    #: repaired, ``referrerpolicy="no-referrer"`` on every image; whitespace as the page had it.
    body_html: str | None = None
    #: Text of the body, one line per block.
    body_text: str | None = None
    #: The body held markup the sanitiser removed (a tag, attribute or URL off nh3's allow-list, e.g. a script
    #: vector, an inline SVG or a form field); ``body_html`` is then nh3's output, not the page's own bytes.
    body_sanitized: bool = False
    #: BCP 47 language tag (``zh-CN``, ``en``), from the page or inferred from its script.
    language: str | None = None
    #: The character encoding the page was decoded with (``utf-8``, ``gb18030``…).
    encoding: str | None = None
    #: The decoded page and the article's own text (title and body) still hold replacement characters or mojibake:
    #: such a record is dropped as ``garbled_text`` (counted and logged) rather than archived silently.
    garbled: bool = False
    #: When newscrawl fetched the page, ISO 8601 UTC.
    fetched_at: str | None = None
    #: For each extracted field, where its value came from. On a portal's page: ``layout:<name>`` (that layout's
    #: selector or JSON path), ``listing``, ``generic:<kind>`` (generic extraction: ``generic:json-ld``,
    #: ``generic:heuristic``…), ``body`` or ``portal``; on other pages generic extraction's bare kinds:
    #: ``json-ld``, ``opengraph``, ``meta``, ``time-element``, ``url``, ``text``, ``heuristic``.
    field_sources: dict[str, str] = field(default_factory=dict)
    #: The body images archived by this run (only with ``NEWSCRAWL_IMAGES=1``), in ``images`` order, each
    #: ``{"url": <remote URL>, "path": <file relative to the archive folder, images/ab/<sha256>.<ext>>,
    #: "sha256": <hex digest of the bytes>}``; an image that could not be downloaded is missing here (the run
    #: report counts it). Posts use these copies only with ``NEWSCRAWL_POST_IMAGES=local``.
    image_files: list[dict[str, str]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The record's fields in declaration order, for JSON. The lists and dicts are the record's own, not copies
        (``dataclasses.asdict`` deep-copied a 30 KB record for every JSON line): serialise, do not mutate."""
        return {name: getattr(self, name) for name in _FIELD_NAMES}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        """Build a record from a JSON-lines row, ignoring keys this version does not know."""
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{key: value for key, value in data.items() if key in known})


_FIELD_NAMES = tuple(item_field.name for item_field in dataclasses.fields(Article))
