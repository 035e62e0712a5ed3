"""Recognising a challenge or anti-bot page, so it is counted as blocked and never archived as an article."""

from __future__ import annotations

import re
from collections.abc import Sequence

# Signatures of interstitials that stand in for the page: Cloudflare, Alibaba Cloud (acw_sc__v2, used by
# 36kr and others), the ByteDance-style WAF proof-of-work page (36kr since 2026-02: a script decoding
# ``atob('<base64 JSON>'),`` or setting ``_wafchallengeid`` from ``cs="…"``), Tencent/other captchas, generic
# "enable JavaScript" walls. Matched in the first 64 KB.
_CHALLENGE = re.compile(
    r"<title>\s*(?:Just a moment\.\.\.|Attention Required! \| Cloudflare|Access denied|安全验证|访问验证|"
    r"滑动验证页面|人机验证)\s*</title>"
    r"|cf-chl-|/cdn-cgi/challenge-platform/|acw_sc__v2|var\s+arg1\s*=\s*'[0-9A-F]{20,}'|"
    r"_wafchallengeid|atob\(\s*['\"][A-Za-z0-9+/]{40,}={0,2}['\"]\s*\)\s*,|"
    r"_waf_bd8ce2ce37|window\.location\.reload\(\s*\)\s*;?\s*</script>\s*</head>\s*<body>\s*</body>",
    re.IGNORECASE,
)
_HEAD_LIMIT = 64 * 1024
# Every page is checked, and the pattern above is slow on a long head; a challenge page always contains one of
# these literals (ASCII letters compared lower-cased), so the pattern runs only on pages that do. They are looked
# for in the head's UTF-8 bytes with only ASCII letters lowered: str.lower() of a Chinese page's whole head cost as
# much as the rest of the check (the Chinese literals have no case).
_CHALLENGE_LITERALS = tuple(literal.encode("utf-8") for literal in (
    "just a moment...", "attention required! | cloudflare", "access denied", "安全验证", "访问验证", "滑动验证页面",
    "人机验证", "cf-chl-", "/cdn-cgi/challenge-platform/", "acw_sc__v2", "arg1", "_wafchallengeid", "atob(",
    "_waf_bd8ce2ce37", "window.location.reload",
))


def blocked_reason(html: str, status: int = 200, portal_markers: Sequence[str] = ()) -> str | None:
    """Why this response is a block rather than a page, or None."""
    head = html[:_HEAD_LIMIT]
    for marker in portal_markers:
        if marker in head:
            return f"portal marker {marker!r}"
    lowered = head.encode("utf-8", "surrogatepass").lower()  # bytes.lower(): ASCII letters only
    match = _CHALLENGE.search(head) if any(literal in lowered for literal in _CHALLENGE_LITERALS) else None
    if match:
        return f"challenge page ({match.group(0)[:40]!r})"
    if status in (403, 429) and len(html.strip()) < 2048:
        return f"HTTP {status} with a short page"
    return None
