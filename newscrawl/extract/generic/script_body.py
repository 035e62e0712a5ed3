"""The article body a page ships only inside a script's data (a React or Next.js state: ``"contentHtml":"\\u003cp…"``),
for pages whose visible markup holds no text until a browser runs the script."""

from __future__ import annotations

import json
import re

import lxml.html
from lxml import etree
from lxml.html import HtmlElement

from newscrawl.extract.generic.boilerplate import without_noise
from newscrawl.extract.generic.title import find_title
from newscrawl.extract.page import Found, Page

_INLINE_SCRIPTS_XPATH = etree.XPath("//script[not(@src)]/text()")
# A JSON string field whose name says content, body or HTML, long enough to be an article: its raw (escaped) value.
_CONTENT_FIELD = re.compile(
    r'"(?:[A-Za-z_]*(?:[Cc]ontent|[Bb]ody|[Hh]tml)[A-Za-z_]*)"\s*:\s*"((?:[^"\\]|\\.){400,})"'
)
# An HTML value: paragraphs or line breaks, raw or escaped ("\u003cp").
_HTML_MARK = re.compile(r"<(?:p|br|div)[\s>/]|\\u003c(?:p|br|div)[\s>/\\]", re.IGNORECASE)
# Template markers left in the HTML for the script to fill ("$$ARTICLEAD$$": an ad slot).
_PLACEHOLDER = re.compile(r"\$\$[A-Z0-9_]{2,40}\$\$")
#: Scripts larger than this are not searched (a bundle of code, not a page's state).
MAX_SCRIPT_CHARACTERS = 3_000_000


def find_script_body(page: Page) -> Found | None:
    """A ``<body>`` element holding the longest HTML article a script's data carries, boilerplate (captions, share
    bars…) removed as from a body found in the markup; or None."""

    def compute() -> Found | None:
        best: tuple[int, str] | None = None
        for script in _INLINE_SCRIPTS_XPATH(page.selector.root):
            text = str(script)
            if len(text) > MAX_SCRIPT_CHARACTERS or '"' not in text:
                continue
            for match in _CONTENT_FIELD.finditer(text):
                raw = match.group(1)
                if not _HTML_MARK.search(raw):
                    continue
                try:
                    value = json.loads(f'"{raw}"')
                except ValueError:
                    continue
                weight = len(value)
                if best is None or weight > best[0]:
                    best = (weight, value)
        if best is None:
            return None
        fragment = _PLACEHOLDER.sub("", best[1])
        body = lxml.html.document_fromstring(f"<html><body>{fragment}</body></html>").find("body")
        if not isinstance(body, HtmlElement):
            return None
        title = find_title(page)
        return Found(without_noise(body, str(title.value) if title else None), "script-state")

    return page.remember("script-body", compute)
