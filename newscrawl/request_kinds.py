"""What a request fetches, told in ``Request.meta`` so components can treat listings and articles apart.

Every spider marks its requests with ``meta={REQUEST_KIND: …}``:

- ``LISTING``: a listing page continuing a listing (its next page, a child sitemap of an index); components may
  stop paging here, e.g. once a listing shows only known articles (``StopAfterKnownMiddleware``);
- ``ARTICLE``: a page expected to be one article;
- ``DISCOVERY``: a request that starts a new listing instead of continuing one: robots.txt read for its sitemaps,
  a feed or sitemap a page declares, a section page or a page whose URL says nothing, reached from the start
  page (the ``news`` spider). Stopping a listing's pagination must not stop these: a section holds articles
  that its parent listing does not.

Articles are fetched before further listing pages (``ARTICLE_PRIORITY``): a backfill of a long listing then
holds one listing page's articles in the scheduler, not every article of every page read so far, and memory does
not grow with the backlog. The next page of a story comes before other articles, so a story is handed on whole
soon after its first page.

Kept apart from the spiders so that components importing it do not import every portal.
"""

from __future__ import annotations

REQUEST_KIND = "newscrawl_kind"
LISTING = "listing"
ARTICLE = "article"
DISCOVERY = "discovery"

#: ``Request.priority`` of article requests (listing and discovery requests keep Scrapy's 0).
ARTICLE_PRIORITY = 10
#: ``Request.priority`` of a story's next page.
CONTINUATION_PRIORITY = 20
