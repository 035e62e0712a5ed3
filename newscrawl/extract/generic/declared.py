"""Fields read as the page declares them (lead image, description, canonical URL, tags)."""

from __future__ import annotations

from newscrawl.extract import metadata
from newscrawl.extract.page import Found, Page


def find_lead_image(page: Page) -> Found | None:
    """``og:image`` > JSON-LD ``image`` > ``twitter:image``, absolute."""
    return metadata.find_lead_image(page.selector)


def find_description(page: Page) -> Found | None:
    """The summary the page declares."""
    return metadata.find_description(page.selector)


def find_canonical_url(page: Page) -> Found | None:
    """``rel=canonical`` > ``og:url`` > JSON-LD ``url``, absolute."""
    return metadata.find_canonical_url(page.selector)


def find_tags(page: Page) -> Found | None:
    """``article:tag`` > JSON-LD ``keywords`` > ``keywords`` meta."""
    return metadata.find_keywords(page.selector)
