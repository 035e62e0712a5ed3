"""Shared by the security tests: the XSS vectors, an ordinary article page to embed them in, and the checks that
find anything able to run script in saved HTML when it is parsed again."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html

from newscrawl.extract.sanitize import EMBED_HOSTS

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
VECTORS: list[dict[str, str]] = json.loads((FIXTURES / "hostile" / "xss_vectors.json").read_text(encoding="utf-8"))

PAGE_HOST = "news.example.com"
PAGE_URL = f"https://{PAGE_HOST}/2024/05/12/story-1-ordinary.html"
_PARAGRAPH = (
    "The council approved the new harbour budget on Tuesday after a long debate about the ferry terminal, "
    "the railway bridge and the summer festival, which together account for most of the spending this year."
)


def article_page(body_markup: str, title: str = "An ordinary article") -> str:
    """A news page whose ``div.article-body`` holds two ordinary paragraphs around ``body_markup``."""
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{html.escape(title)} - The Example News</title>"
        f"<meta property=\"og:title\" content=\"{html.escape(title, quote=True)}\">"
        "<meta property=\"og:site_name\" content=\"The Example News\">"
        "<meta property=\"article:published_time\" content=\"2024-05-12T18:30:00+08:00\">"
        "</head><body><header><nav><a href=\"/\">Home</a></nav></header>"
        f"<article><h1>{html.escape(title)}</h1><time datetime=\"2024-05-12T18:30:00+08:00\">12 May 2024</time>"
        f"<div class=\"article-body\"><p>{_PARAGRAPH}</p>{body_markup}<p>{_PARAGRAPH} Second paragraph.</p></div>"
        "</article><footer>© The Example News</footer></body></html>"
    )


# ------------------------------------------------------------------------------------------- the checks

_FORBIDDEN_ELEMENTS = frozenset({
    "script", "style", "base", "meta", "link", "object", "embed", "applet", "param", "form", "svg", "math",
    "frame", "frameset", "template", "portal", "isindex", "animate", "set", "use", "foreignobject", "maction",
})
_URL_ATTRIBUTES = frozenset({
    "href", "src", "action", "formaction", "xlink:href", "poster", "data", "background", "cite", "longdesc",
    "lowsrc", "dynsrc", "codebase", "ping", "_src", "to", "values", "from", "by",
})
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_CSS_SCRIPT = re.compile(r"expression\(|javascript:|vbscript:|-moz-binding|behavior:|@import", re.IGNORECASE)


def url_scheme(value: str) -> str | None:
    """The scheme a browser reads: references decoded, C0 and spaces trimmed, tabs and newlines removed."""
    decoded = re.sub(r"[\t\n\r]", "", html.unescape(value).strip(_C0_AND_SPACE)).lower()
    match = _SCHEME.match(decoded)
    return match.group(1) if match else None


def is_script_url(value: str) -> bool:
    scheme = url_scheme(value)
    if scheme in ("javascript", "vbscript", "livescript", "mocha"):
        return True
    if scheme == "data":
        mediatype = re.sub(r"[\t\n\r]", "", html.unescape(value).strip(_C0_AND_SPACE))[5:].lstrip().lower()
        return not mediatype.startswith("image/")
    return False


def _embed_allowed(src: str) -> bool:
    value = html.unescape(src).strip(_C0_AND_SPACE).replace("\\", "/")
    host = (urlsplit("https:" + value if value.startswith("//") else value).hostname or "").rstrip(".")
    return host == PAGE_HOST or any(host == allowed or host.endswith("." + allowed) for allowed in EMBED_HOSTS)


def script_vectors_in(body_html: str) -> list[str]:
    """Everything in ``body_html``, parsed again with lxml, that could run script or re-target the page."""
    found: list[str] = []
    root = lxml.html.document_fromstring(f"<html><body>{body_html}</body></html>")
    for element in root.iter():
        tag = element.tag
        if not isinstance(tag, str):
            continue
        name = tag.lower().rsplit(":", 1)[-1]
        if name in _FORBIDDEN_ELEMENTS:
            found.append(f"<{tag}> element")
        for attribute, value in element.items():
            lowered = attribute.lower()
            if lowered.startswith("on"):
                found.append(f"{attribute} on <{tag}>")
            elif lowered == "srcdoc":
                found.append(f"srcdoc on <{tag}>")
            elif lowered in _URL_ATTRIBUTES or lowered.startswith("data-"):
                if is_script_url(value):
                    found.append(f"{attribute}={value!r} on <{tag}>")
            elif lowered.endswith("srcset"):
                if any(is_script_url(part) for piece in value.split(",") for part in piece.split()):
                    found.append(f"{attribute}={value!r} on <{tag}>")
            elif lowered == "style":
                css = re.sub(r"/\*.*?\*/|\\|\s", "", html.unescape(value))
                if _CSS_SCRIPT.search(css):
                    found.append(f"style={value!r} on <{tag}>")
            elif lowered == "http-equiv":
                found.append(f"http-equiv on <{tag}>")
        if name == "iframe" and element.get("src") is not None and not _embed_allowed(element.get("src", "")):
            found.append(f"<iframe src={element.get('src')!r}> off the embed allow-list")
    return found
