"""Article identity: URL normalisation into one key per article whatever tracking parameters or fragments a link
carries, and the keys an article is known under (used alike by the spiders, the pipelines, the shared crawl and
the archive)."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

from newscrawl.items import Article

_TRACKING_PARAMETER = re.compile(
    r"^(?:utm_\w+|from|spm|share_token|fbclid|gclid|mc_cid|mc_eid|igshid|ref|ref_src|source|tt_from|wxfrom|scene)$",
    re.IGNORECASE,
)


#: A crawl asks for the key of each article URL several times (the spider when it schedules the article, the
#: stop-after-known middleware, the duplicate pipeline, the archive writer): computed once here.
_KEY_CACHE_SIZE = 8192


@lru_cache(maxsize=_KEY_CACHE_SIZE)
def article_key(url: str) -> str:
    """The article's identity: scheme-less, lower-case host without ``www.``/``m.``, no tracking parameters,
    no fragment, sorted query, no trailing slash."""
    parts = urlsplit(canonicalize_url(url, keep_fragments=False))
    host = (parts.hostname or "").lower()
    for prefix in ("www.", "m.", "wap."):
        if host.startswith(prefix):
            host = host[len(prefix):]
            break
    query = urlencode([(name, value) for name, value in parse_qsl(parts.query, keep_blank_values=True)
                       if not _TRACKING_PARAMETER.match(name)])
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("", host, path, query, "")).lstrip("/")


def article_keys(article: Article) -> list[str]:
    """The keys an article is known under, the preferred one first: its canonical URL's, then its URL's.

    A canonical URL naming a site's home page (some sites put it on every article) is no identity and is ignored.
    """
    keys = []
    if article.canonical_url and urlsplit(article.canonical_url).path.strip("/"):
        keys.append(article_key(article.canonical_url))
    keys.append(article_key(article.url))
    return list(dict.fromkeys(keys))
