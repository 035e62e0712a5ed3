"""What the bare spider (a) and the peer (p) share: walking the generated site's listings.

Both follow every listing's next link and hand every listed article to ``parse_article``, which each defines; the
crawl they are compared with (``scrapy crawl news``) reads the same listings.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import scrapy
from scrapy.http import Response


class ListingSpider(scrapy.Spider):
    """Follows the listings' next links from ``url``; every listed article goes to ``parse_article``."""

    def __init__(self, url: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.url = url

    async def start(self) -> AsyncIterator[scrapy.Request]:
        yield scrapy.Request(self.url, callback=self.parse_listing)

    def parse_listing(self, response: Response) -> Iterator[scrapy.Request]:
        for href in response.css("ul.stories a::attr(href)").getall():
            yield response.follow(href, callback=self.parse_article)
        next_page = response.css("a[rel=next]::attr(href)").get()
        if next_page:
            yield response.follow(next_page, callback=self.parse_listing)

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        raise NotImplementedError
