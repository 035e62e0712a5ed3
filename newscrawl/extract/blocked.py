"""Recognising a challenge or anti-bot page, so it is counted as blocked and never archived as an article."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Signatures of interstitials that stand in for the page: Cloudflare, Alibaba Cloud (acw_sc__v2, used by
# 36kr and others), the ByteDance-style WAF proof-of-work page (36kr since 2026-02: a script decoding
# ``atob('<base64 JSON>'),`` or setting ``_wafchallengeid`` from ``cs="…"``), Tencent/other captchas, generic
# "enable JavaScript" walls. Looked for in the first 64 KB, in the head's UTF-8 bytes with ASCII letters lowered
# (bytes.lower(); str.lower() of a Chinese page's head cost as much as the rest of the check): every page is
# checked, so each signature is a literal found by a fast bytes search, and a pattern runs only where its literal is.
_HEAD_LIMIT = 64 * 1024
#: Titles of challenge pages, read in the lowered bytes right after each ``<title>``.
_CHALLENGE_TITLE = re.compile(
    r"<title>\s*(?:just a moment\.\.\.|attention required! \| cloudflare|access denied|安全验证|访问验证|滑动验证页面|"
    r"人机验证)\s*</title>"
)
#: Literals that are a challenge by themselves.
_CHALLENGE_LITERALS = (b"cf-chl-", b"/cdn-cgi/challenge-platform/", b"acw_sc__v2", b"_wafchallengeid",
                       b"_waf_bd8ce2ce37")
#: Literals ordinary pages' scripts hold too, each with the pattern that makes it a challenge.
_CONFIRMED_LITERALS = (
    (b"arg1", re.compile(r"var\s+arg1\s*=\s*'[0-9A-F]{20,}'", re.IGNORECASE)),
    # The WAF's payload is Base64 JSON ('{"v":…' is "eyJ2…"); Google's ad-block recovery script, on many news sites,
    # decodes Base64 URLs the same way (l.atob("aHR0cHM6…"),).
    (b"atob(", re.compile(r"atob\(\s*['\"]eyJ[A-Za-z0-9+/]{37,}={0,2}['\"]\s*\)\s*,")),
    (b"window.location.reload", re.compile(
        r"window\.location\.reload\(\s*\)\s*;?\s*</script>\s*</head>\s*<body>\s*</body>", re.IGNORECASE)),
)


def _challenge(head: str) -> str | None:
    """The challenge signature in ``head`` (the page's first 64 KB), or None."""
    lowered = head.encode("utf-8", "surrogatepass").lower()  # bytes.lower(): ASCII letters only
    title = lowered.find(b"<title>")
    while title >= 0:
        window = lowered[title : title + 300].decode("utf-8", "ignore")
        match = _CHALLENGE_TITLE.match(window)
        if match:
            return match.group(0)
        title = lowered.find(b"<title>", title + 7)
    for literal in _CHALLENGE_LITERALS:
        if literal in lowered:
            return literal.decode("ascii")
    for literal, pattern in _CONFIRMED_LITERALS:
        if literal in lowered and (confirmed := pattern.search(head)):
            return confirmed.group(0)
    return None


def blocked_reason(html: str, status: int = 200, portal_markers: Sequence[str] = ()) -> str | None:
    """Why this response is a block rather than a page, or None."""
    head = html[:_HEAD_LIMIT]
    for marker in portal_markers:
        if marker in head:
            return f"portal marker {marker!r}"
    signature = _challenge(head)
    if signature:
        return f"challenge page ({signature[:40]!r})"
    if status in (403, 429) and len(html.strip()) < 2048:
        return f"HTTP {status} with a short page"
    return None
