"""URLs in an article body: resolving them as a browser would (script and ``data:`` URLs refused) and telling
an image's URL from another's. Read by body cleaning (``newscrawl.extract.body``) and by extraction."""

from __future__ import annotations

import re
from urllib.parse import urljoin

__all__ = ["looks_like_image_url", "looks_like_url", "make_absolute"]


# Browsers trim C0 controls and spaces around a URL and ignore tabs and newlines inside the scheme, which is
# how `java&#x09;script:` or ` JaVaScRiPt:` still run; the scheme is read the same way here.
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha"})
_IMAGE_EXTENSION = re.compile(
    r"\.(?:jpe?g|png|gif|webp|bmp|svg|avif|heic|heif|jfif|ico|tiff?)(?=$|[?#!@_,/&=~-])", re.IGNORECASE
)
# Image hosts that serve extension-less URLs say the format in the query (weixin `wx_fmt=`, OSS, Qiniu).
_IMAGE_QUERY_HINT = re.compile(
    r"[?&](?:wx_fmt|fmt|format)=|x-oss-process=image|imageView2|imageMogr2", re.IGNORECASE
)
_NOT_URL_CHARACTER = re.compile(r"[\s<>\"']")


# Characters libxml2 refuses in an attribute value (lxml raises ValueError on set): C0 controls but tab, LF and CR,
# and the non-characters U+FFFE/U+FFFF. A browser's URL parser percent-encodes them; so is done here.
_NOT_XML_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _percent_encoded(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group(0).encode("utf-8", "surrogatepass"))


def make_absolute(
    url: str, base_url: str, *, allow_data_image: bool = False, keep_protocol_relative: bool = False
) -> str | None:
    """Resolve ``url`` against ``base_url`` (rules below); characters XML cannot hold come back percent-encoded."""
    resolved = _make_absolute(url, base_url, allow_data_image=allow_data_image,
                              keep_protocol_relative=keep_protocol_relative)
    return _NOT_XML_CHARACTER.sub(_percent_encoded, resolved) if resolved else resolved


def _make_absolute(
    url: str, base_url: str, *, allow_data_image: bool = False, keep_protocol_relative: bool = False
) -> str | None:
    """Resolve ``url`` against ``base_url``; None when it must not be kept (script or ``data:`` URL).

    An already absolute URL is returned as written (only trimmed), so the bytes stay the page's. A
    protocol-relative ``//host/x`` takes the base's scheme unless ``keep_protocol_relative``.
    ``data:image/…`` is kept only with ``allow_data_image`` (image sources); any other ``data:`` is dropped.
    """
    value = url.strip(_C0_AND_SPACE)
    probe = _TAB_OR_NEWLINE.sub("", value)
    match = _SCHEME.match(probe)
    if match:
        scheme = match.group(1).lower()
        if scheme in _SCRIPT_SCHEMES:
            return None
        if scheme == "data":
            is_image = probe[5:].lstrip(_C0_AND_SPACE).lower().startswith("image/")
            return value if allow_data_image and is_image else None
        return value
    if keep_protocol_relative and probe.startswith("//"):
        return value
    return urljoin(base_url, value)


def looks_like_url(value: str) -> bool:
    """A value that can be a (possibly relative) http URL: no spaces or quotes, not data:/javascript:."""
    value = value.strip()
    if not value or _NOT_URL_CHARACTER.search(value):
        return False
    match = _SCHEME.match(value)
    if match:
        return match.group(1).lower() in ("http", "https")
    return "/" in value or "." in value


def looks_like_image_url(value: str) -> bool:
    """True when ``value`` is an http(s), protocol-relative or relative URL that names an image.

    The path must carry an image extension (``.jpg``, ``.png!w600``, ``.jpg@s_2,w_820``) or the query an
    image-format hint (``wx_fmt=jpeg``, ``x-oss-process=image``, ``imageView2``). ``data:`` URIs are not URLs
    of an image here: as ``src`` they are placeholders, and they never enter the image list.
    """
    if not looks_like_url(value):
        return False
    return bool(_IMAGE_EXTENSION.search(value) or _IMAGE_QUERY_HINT.search(value))

