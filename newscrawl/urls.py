"""URL normalisation: one key per article whatever tracking parameters or fragments a link carries."""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from w3lib.url import canonicalize_url

_TRACKING_PARAMETER = re.compile(
    r"^(?:utm_\w+|from|spm|share_token|fbclid|gclid|mc_cid|mc_eid|igshid|ref|ref_src|source|tt_from|wxfrom|scene)$",
    re.IGNORECASE,
)


#: A crawl asks for the key of each article URL several times (the spider when it schedules the article, the
#: stop-after-known middleware, the duplicate pipeline, the archive writer): 15-25 µs each, computed once here.
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
