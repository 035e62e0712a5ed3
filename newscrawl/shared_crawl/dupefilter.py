"""The shared crawl's seen-set: scrapy-redis's request fingerprints, with an expiry, left to the other workers."""

from __future__ import annotations

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter

from newscrawl.shared_crawl.connection import DEFAULT_TTL


class ExpiringDupeFilter(RFPDupeFilter):
    """scrapy-redis's request fingerprints in a set that expires ``NEWSCRAWL_REDIS_TTL`` seconds after its last
    addition (and is deleted when the crawl ends); closing a worker leaves it to the others. The set is checked
    and filled by ``SharedScheduler``'s push script, with the request's push, in one round trip."""

    ttl = DEFAULT_TTL

    def request_seen(self, request: Request) -> bool:
        raise NotImplementedError("SharedScheduler checks the seen-set in its push script")

    def close(self, reason: str = "") -> None:
        pass  # shared with the other workers: the last one out deletes it
