"""Portal-less extraction: every Article field from any news page, each with the source it came from.

This module only composes; each concern has a module of its own: ``title``, ``authors`` (with the byline rules of
``newscrawl.extract.bylines``), ``page_dates``, ``dateline`` (the headline and the lines beside it), ``declared``
(fields taken as the page declares them), ``language``, ``body`` (detection), ``boilerplate`` (removal inside
the body), ``vocabulary`` (the class words and phrases they read) and ``elements`` (small readings of one
element). What a page costs once (the headline, the detected body) is memoised on the ``Page`` itself.

``extract_generic`` fills what it can; the ``find_*`` functions do one field each so that a portal whose selector
misses can fall back field by field. Everything reads the tree ``Page.selector`` parsed once; nothing here
mutates it (noise is removed from a copy of the body node).

Decisions worth knowing:

* Authors are the people who wrote. ``来源：…`` names the outlet (``find_source``) and ``责任编辑`` / ``责编`` /
  ``编辑`` name editors (``find_editors``): neither is an author. On Chinese pages a name read from the text must
  have a person's shape (a common surname and two to four characters, or a labelled pen name), so prose, outlets
  and buttons stay out; a declared author with ideographs must have it too ("网易" is the portal).
* A date declared without a time (``<meta name="publishdate" content="2024-04-24">``) is refined by a time
  printed near the headline on the same day.
* Authors the page declares (JSON-LD, meta) are kept as declared, even when that is the publisher's name;
  names found by heuristics are dropped when they equal the site's name.
* The body node comes back as found on the page when it holds no boilerplate; otherwise it is a copy without
  share bars, related lists, link lists, the ``<h1>``/``<header>`` (fields of their own), editor and copyright
  lines and reading lists (``相关阅读`` and everything after it).
* A page whose markup holds no article text (a script fills it in) gets the body its script's data carries
  (``"contentHtml": "\\u003cp…"`` in a React or Next.js state; ``find_script_body``), boilerplate removed the same
  way.
"""

from __future__ import annotations

from collections.abc import Callable

from newscrawl.extract.bylines import split_authors
from newscrawl.extract.generic.authors import find_authors, find_editors, find_source
from newscrawl.extract.generic.body import find_body
from newscrawl.extract.generic.declared import find_canonical_url, find_description, find_lead_image, find_tags
from newscrawl.extract.generic.language import find_language
from newscrawl.extract.generic.page_dates import (
    find_date_modified,
    find_date_modified_raw,
    find_date_published,
    find_date_published_raw,
)
from newscrawl.extract.generic.script_body import find_script_body
from newscrawl.extract.generic.title import find_seo_headline, find_title, strip_site_suffix
from newscrawl.extract.page import Found, Page

__all__ = [
    "extract_generic",
    "find_authors",
    "find_body",
    "find_canonical_url",
    "find_date_modified",
    "find_date_modified_raw",
    "find_date_published",
    "find_date_published_raw",
    "find_description",
    "find_editors",
    "find_language",
    "find_lead_image",
    "find_script_body",
    "find_seo_headline",
    "find_source",
    "find_tags",
    "find_title",
    "split_authors",
    "strip_site_suffix",
]

_FIELDS: tuple[tuple[str, Callable[[Page], Found | None]], ...] = (
    ("title", find_title),
    ("seo_headline", find_seo_headline),
    ("authors", find_authors),
    ("editors", find_editors),
    ("source", find_source),
    ("date_published", find_date_published),
    ("date_published_raw", find_date_published_raw),
    ("date_modified", find_date_modified),
    ("date_modified_raw", find_date_modified_raw),
    ("lead_image", find_lead_image),
    ("description", find_description),
    ("canonical_url", find_canonical_url),
    ("language", find_language),
    ("tags", find_tags),
    ("body", find_body),
)


def extract_generic(page: Page) -> dict[str, Found]:
    """Every field generic extraction finds on ``page`` (absent keys: nothing found)."""
    result: dict[str, Found] = {}
    for name, finder in _FIELDS:
        found = finder(page)
        if found is not None and found.value not in (None, "", []):
            result[name] = found
    return result
