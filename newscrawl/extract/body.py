"""Body cleaning: an article's content node(s) in; archive-exact inner HTML, plain text and image URLs out.

The rules reproduce the archive's body bytes (``docs/archive-format.md``, "The body"):
scripts and event handlers go, links and images become absolute, lazy images are repaired, every ``<img>``
ends with ``referrerpolicy="no-referrer"``, and everything else keeps the bytes the page had. The result is
then judged by nh3 (``newscrawl.extract.sanitize``): a body holding anything its allow-list removes is saved as
nh3 sanitised it.

Serialisation is done here rather than by ``lxml.html.tostring`` because libxml2's HTML writer changes
bytes the archive kept: it writes ``&`` in attribute values as ``&amp;`` (the archive has raw ``&`` in every
query string: sspai share links, weixin links, cnBeta iframes), percent-escapes spaces and non-ASCII in
``href``/``src``, quotes a value holding ``"`` with ``'``, and writes ``alt=""`` for some empty attributes
and a bare ``alt`` for others. The writer below escapes a character only where an HTML parser would read
it differently ("where HTML needs it"): ``"`` in attribute values, ``<`` before something that opens a tag
or comment, and ``&`` where it would start a character reference. Other characters, U+00A0 included, are
written literally; empty attribute values are written as bare names, as the archive has them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from html.entities import html5 as _HTML5_ENTITIES

import lxml.html
from cssselect import HTMLTranslator
from lxml import etree

from newscrawl.extract.body_urls import looks_like_image_url, looks_like_url, make_absolute
from newscrawl.extract.sanitize import sanitize_body_html
from newscrawl.extract.srcset import srcset_url_spans

__all__ = ["CleanBody", "clean_body", "clean_body_html", "is_decorative_image", "looks_like_image_url", "make_absolute"]


@dataclass(frozen=True)
class CleanBody:
    #: Cleaned inner HTML of the content node(s), concatenated in order.
    html: str
    #: Plain text: one line per block element, whitespace collapsed within lines, no empty lines.
    text: str
    #: Absolute ``src`` of every ``<img>`` after repair, in body order, first occurrence kept, no ``data:``, and
    #: none that is decoration rather than content (tracking pixels, icons, logos, avatars, emoji, QR codes;
    #: they stay in ``html``, only the list leaves them out).
    images: list[str]
    #: True when nh3 found hostile markup and ``html`` is its sanitised output (``newscrawl.extract.sanitize``).
    sanitized: bool = False


# ------------------------------------------------------------------------------ decorative images

# A path segment or file name naming decoration ("/icons/", "logo.png", "avatar_48.jpg", "qrcode-app.png").
_DECORATIVE_PATH = re.compile(
    r"(?:^|[/_.\-])(?:logo|logos|icon|icons|avatar|avatars|emoji|emoticons?|smilies|spacer|pixel|tracking|tracker|"
    r"beacon|qr|qrcode|qr-code|erweima|badge|badges|sprite|sprites|favicon|gravatar)(?=[/_.\-]|\d|$)",
    re.IGNORECASE,
)
_DECORATIVE_TEXT = re.compile(r"二维码|扫码|扫一扫|qr[ -]?code|\blogo\b|\bavatar\b|\bicon\b|\bemoji\b", re.IGNORECASE)
_QR_CODE = re.compile(r"二维码|扫码|扫一扫|qr[ -]?code", re.IGNORECASE)
_PIXEL_SIZE = re.compile(r"^\s*(\d+)(?:px)?\s*$")


def _size(value: str | None) -> int | None:
    match = _PIXEL_SIZE.match(value) if value else None
    return int(match.group(1)) if match else None


def is_decorative_image(image: etree._Element) -> bool:
    """Whether an ``<img>`` is decoration rather than content: a tracking pixel or an icon by its declared size,
    or a logo, avatar, emoji or QR code by its URL path, class or alt text."""
    # A declared 0 means "scaled by CSS", not a size.
    width, height = _size(image.get("width")) or None, _size(image.get("height")) or None
    if width is not None and height is not None:
        if width <= 2 and height <= 2:
            return True  # a tracking pixel
        if width <= 40 and height <= 40:
            return True  # an icon
    elif (width or height or 100) <= 1:
        return True
    src = image.get("src") or ""
    path = src.split("?", 1)[0].split("#", 1)[0]
    path = path.split("//", 1)[1].split("/", 1)[-1] if "//" in path[:8] else path  # the host does not count
    # A large picture named "logo" is the subject of the article (a company's new logo), not decoration.
    small_or_unknown = width is None or width <= 150 or (height is not None and height <= 60)
    if small_or_unknown and _DECORATIVE_PATH.search(path):
        return True
    if _DECORATIVE_TEXT.search(image.get("class") or ""):
        return True
    alt = image.get("alt") or ""
    # An alt text naming decoration is short ("Logo", "QR code", "作者头像"); a long one describes a photo that may
    # show a logo.
    return bool(_QR_CODE.search(alt) or (len(alt.split()) <= 3 and _DECORATIVE_TEXT.search(alt)))


# ------------------------------------------------------------------------------------ lazy images

# Attributes lazy-loading scripts read the real URL from, most specific first.
_LAZY_SOURCE_ATTRIBUTES = (
    "data-original", "data-src", "data-actualsrc", "data-lazy-src", "data-url", "_src", "file", "data-echo",
    "original",
)
# Candidate lists: their first URL can stand in for `src`, but the attribute stays (it still serves 2x).
_SRCSET_ATTRIBUTES = ("data-srcset", "data-lazy-srcset", "srcset")
_PLACEHOLDER_FILE = re.compile(
    r"(?:^|/)(?:blank|spacer|space|loading|loader|lazy|lazyload|grey|gray|placeholder|pixel|transparent|1x1"
    r"|clear|empty)(?:[-_.]?[a-z0-9]*)\.(?:gif|png|svg)$",
    re.IGNORECASE,
)
# A data: URI this long is a real inline picture (a formula, a chart), not a 1x1 placeholder.
_INLINE_IMAGE_MIN_LENGTH = 1024


def _is_placeholder_source(src: str) -> bool:
    value = src.strip()
    if not value or value == "#" or value.lower() == "about:blank" or value[:5].lower() == "data:":
        return True
    path = value.split("?", 1)[0].split("#", 1)[0]
    return bool(_PLACEHOLDER_FILE.search(path))


def _first_srcset_url(srcset: str) -> str | None:
    spans = srcset_url_spans(srcset)
    return srcset[spans[0][0]:spans[0][1]] if spans else None


def _find_lazy_source(image: etree._Element) -> tuple[str, str] | None:
    """The attribute that holds the real URL of a lazy image and that URL, or None."""
    attributes = image.attrib
    for name in _LAZY_SOURCE_ATTRIBUTES:
        value = attributes.get(name)
        if value and looks_like_url(value):
            return name, value
    for name, value in attributes.items():
        known = name in _LAZY_SOURCE_ATTRIBUTES or name in _SRCSET_ATTRIBUTES
        if name.startswith("data-") and not known and looks_like_image_url(value):
            return name, value
    for name in _SRCSET_ATTRIBUTES:
        value = attributes.get(name)
        first = _first_srcset_url(value) if value else None
        if first and looks_like_url(first):
            return name, first
    return None


def _repair_image(image: etree._Element, base_url: str) -> bool:
    """Give ``image`` a usable absolute ``src`` and the trailing referrerpolicy; False when it has no URL.

    A real ``src`` wins over lazy attributes (sspai's thumbnail ``src`` next to ``data-original`` stays as the
    archive has it). A missing or placeholder ``src`` takes the lazy URL in place, and the lazy attribute that
    supplied it is dropped.
    """
    attributes = image.attrib
    src = attributes.get("src")
    usable: str | None = None
    if src is not None and not _is_placeholder_source(src):
        usable = make_absolute(src, base_url)
    if usable is None:
        lazy = _find_lazy_source(image)
        if lazy is not None:
            name, value = lazy
            usable = make_absolute(value, base_url)
            if usable is not None and name not in _SRCSET_ATTRIBUTES:
                del attributes[name]
    if usable is None and src is not None:
        value = src.strip()
        if len(value) >= _INLINE_IMAGE_MIN_LENGTH:
            usable = make_absolute(value, base_url, allow_data_image=True)
    if usable is None:
        return False
    image.set("src", usable)
    if "referrerpolicy" in attributes:
        del attributes["referrerpolicy"]
    image.set("referrerpolicy", "no-referrer")
    return True


# --------------------------------------------------------------------------------------- attributes

# a[href] and img[src] become fully absolute, as the archive's generator made them. Other URL attributes are
# resolved when relative to the page, but a protocol-relative `//host/x` stays as written: the archive kept
# cnBeta's `<iframe src="//tv.sohu.com/…">`, and it resolves on the Hexo site just as well.
_URL_ATTRIBUTES = frozenset(
    {"href", "src", "poster", "action", "formaction", "cite", "background", "longdesc", "xlink:href"}
)
_FULLY_ABSOLUTE = frozenset({("a", "href"), ("area", "href"), ("link", "href")})
_DATA_IMAGE_ALLOWED = frozenset({("video", "poster"), ("input", "src")})
_SRCSET_ELEMENTS = frozenset({"img", "source"})


def _absolute_srcset(srcset: str, base_url: str) -> str | None:
    """The srcset with each candidate URL resolved in place (descriptors and spacing kept); None if unsafe."""
    pieces: list[str] = []
    previous_end = 0
    for start, end in srcset_url_spans(srcset):
        resolved = make_absolute(
            srcset[start:end], base_url, allow_data_image=True, keep_protocol_relative=True
        )
        if resolved is None:
            return None
        pieces.append(srcset[previous_end:start])
        pieces.append(resolved)
        previous_end = end
    pieces.append(srcset[previous_end:])
    return "".join(pieces)


def _clean_attributes(element: etree._Element, tag: str, base_url: str) -> None:
    attributes = element.attrib
    for name in list(attributes.keys()):
        lowered = name.lower()
        if lowered.startswith("on") or lowered == "srcdoc":  # event handlers; srcdoc is a whole page
            del attributes[name]
        elif name in _URL_ATTRIBUTES:
            if tag == "img" and name == "src":
                continue  # _repair_image decides
            resolved = make_absolute(
                attributes[name], base_url,
                allow_data_image=(tag, name) in _DATA_IMAGE_ALLOWED,
                keep_protocol_relative=(tag, name) not in _FULLY_ABSOLUTE,
            )
            if resolved is None:
                del attributes[name]
            else:
                attributes[name] = resolved
        elif name == "srcset" and tag in _SRCSET_ELEMENTS:
            resolved = _absolute_srcset(attributes[name], base_url)
            if resolved is None:
                del attributes[name]
            else:
                attributes[name] = resolved


# ------------------------------------------------------------------------------------ tree surgery

def _remove_keeping_tail(element: etree._Element) -> None:
    """Remove ``element`` and its subtree; its tail text stays where it was (lxml's ``drop_tree``)."""
    parent = element.getparent()
    if parent is None:
        return
    tail = element.tail
    if tail:
        previous = element.getprevious()
        if previous is None:
            parent.text = (parent.text or "") + tail
        else:
            previous.tail = (previous.tail or "") + tail
    parent.remove(element)


def _unwrap(element: etree._Element) -> None:
    """Replace ``element`` by its content (text, children, tail), as lxml's ``drop_tag`` does."""
    parent = element.getparent()
    if parent is None:
        return
    previous = element.getprevious()
    if element.text:
        if previous is None:
            parent.text = (parent.text or "") + element.text
        else:
            previous.tail = (previous.tail or "") + element.text
    children = list(element)
    if element.tail:
        if children:
            children[-1].tail = (children[-1].tail or "") + element.tail
        elif previous is None:
            parent.text = (parent.text or "") + element.tail
        else:
            previous.tail = (previous.tail or "") + element.tail
    index = parent.index(element)
    element.tail = None
    parent[index:index + 1] = children


@lru_cache(maxsize=256)
def _compiled_selector(css: str) -> etree.XPath:
    # Evaluated from the document root, so a selector may name ancestors of the content node.
    return etree.XPath(HTMLTranslator().css_to_xpath(css, prefix="descendant-or-self::"))


def _paths_to_drop(container: etree._Element, drop_selectors: Sequence[str]) -> list[list[int]]:
    """Child-index paths, relative to ``container``, of the elements inside it that a selector matches."""
    if not drop_selectors:
        return []
    document_root = container.getroottree().getroot()
    paths: list[list[int]] = []
    for css in drop_selectors:
        for match in _compiled_selector(css)(document_root):
            if not isinstance(match, etree._Element) or match is container:
                continue
            path: list[int] = []
            node: etree._Element | None = match
            while node is not None and node is not container:
                parent = node.getparent()
                if parent is not None:
                    path.append(parent.index(node))
                node = parent
            if node is container:
                path.reverse()
                paths.append(path)
    return paths


def _follow(root: etree._Element, path: Iterable[int]) -> etree._Element:
    node = root
    for index in path:
        node = node[index]
    return node


def _handle_noscript(roots: Sequence[etree._Element]) -> None:
    """Drop each ``<noscript>``, or unwrap it when it holds an image the rest of the body lacks.

    Lazy-loading pages put a copy of the image in ``<noscript>`` next to the lazy ``<img>``; once that is
    repaired the copy is a duplicate, and a Hexo page (scripts on) would never show it. When the
    ``<noscript>`` image is the only copy (the page's script would have built the visible one), its content
    is kept in place so the image is not lost.
    """
    outermost = [
        element for root in roots for element in root.iter("noscript")
        if not any(ancestor.tag == "noscript" for ancestor in element.iterancestors())
    ]
    if not outermost:
        return
    shown = {
        image.get("src") for root in roots for image in root.iter("img")
        if not any(ancestor.tag == "noscript" for ancestor in image.iterancestors())
    }
    for element in outermost:
        hidden = [image.get("src") for image in element.iter("img")]
        if any(src and src not in shown for src in hidden):
            _unwrap(element)
        else:
            _remove_keeping_tail(element)


def _clean_tree(root: etree._Element, base_url: str) -> None:
    for element in list(root.iter()):
        tag = element.tag
        if not isinstance(tag, str) or element is root:
            continue
        if tag == "script":
            _remove_keeping_tail(element)
            continue
        if element.attrib:
            _clean_attributes(element, tag, base_url)
        if tag == "img" and not _repair_image(element, base_url):
            _remove_keeping_tail(element)


# ------------------------------------------------------------------------ serialisation and text

_VOID_ELEMENTS = frozenset({
    "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "img", "input", "keygen",
    "link", "meta", "param", "source", "track", "wbr",
})
_RAW_TEXT_ELEMENTS = frozenset(
    {"style", "script", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"}
)
_INVALID_ATTRIBUTE_NAME = re.compile(r"[\s\"'<>/=]")
_LEGACY_ENTITY_NAMES = frozenset(name for name in _HTML5_ENTITIES if not name.endswith(";"))
_LONGEST_LEGACY_NAME = max(len(name) for name in _LEGACY_ENTITY_NAMES)
_ASCII_ALPHANUMERIC = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")
_TEXT_SPECIAL = re.compile(r"<(?=[A-Za-z/!?])|&(?:#|([A-Za-z][A-Za-z0-9]*)(;?))")
_ATTRIBUTE_SPECIAL = re.compile(r"\"|&(?:#|([A-Za-z][A-Za-z0-9]*)(;?))")

# For the plain text: elements that start a line, cells that are separated by a space, elements whose
# line breaks are kept, and elements whose content is not reader text.
_BLOCK_ELEMENTS = frozenset({
    "address", "article", "aside", "blockquote", "br", "caption", "center", "dd", "details", "dialog", "dir",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
    "h6", "header", "hgroup", "hr", "li", "listing", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "tfoot", "thead", "tr", "ul",
})
_CELL_ELEMENTS = frozenset({"td", "th"})
_PREFORMATTED_ELEMENTS = frozenset({"pre", "listing", "plaintext", "textarea"})
_TEXTLESS_ELEMENTS = frozenset({"style", "script", "template", "noscript", "iframe", "select", "object"})
_WHITESPACE_RUN = re.compile(r"\s+")  # a str pattern: includes U+00A0 and the U+3000 indent
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_FLOWING, _PREFORMATTED, _TEXTLESS = 0, 1, 2


def _reference_decodes(name: str, semicolon: str, next_character: str, in_attribute: bool) -> bool:
    """Whether an HTML parser reads ``&`` + name (+ ``;``) as a character reference (HTML standard rules)."""
    if semicolon and name + ";" in _HTML5_ENTITIES:
        return True
    for length in range(min(len(name), _LONGEST_LEGACY_NAME), 0, -1):
        if name[:length] in _LEGACY_ENTITY_NAMES:
            if not in_attribute:
                return True
            after = name[length] if length < len(name) else (semicolon or next_character)
            # In attribute values a legacy reference followed by `=` or a letter/digit is left alone.
            return not (after == "=" or after in _ASCII_ALPHANUMERIC)
    return False


def _escape_match(match: re.Match[str], source: str, in_attribute: bool) -> str:
    found = match.group(0)
    if found == "<":
        return "&lt;"
    if found == '"':
        return "&quot;"
    name = match.group(1)
    if name is None:  # `&#`: a numeric reference
        return "&amp;#"
    next_character = source[match.end()] if match.end() < len(source) else ""
    if _reference_decodes(name, match.group(2), next_character, in_attribute):
        return "&amp;" + found[1:]
    return found


def _escape_text(text: str) -> str:
    if "&" not in text and "<" not in text:
        return text
    return _TEXT_SPECIAL.sub(lambda match: _escape_match(match, text, False), text)


def _escape_attribute(value: str) -> str:
    if "&" not in value and '"' not in value:
        return value
    return _ATTRIBUTE_SPECIAL.sub(lambda match: _escape_match(match, value, True), value)


def _raw_text(text: str, tag: str) -> str:
    # Raw text cannot be escaped; only a premature end tag is neutralised.
    return re.sub(f"</(?={re.escape(tag)})", "<\\\\/", text, flags=re.IGNORECASE) if "</" in text else text


class _Preformatted(str):
    """A piece of text whose spaces are kept (inside ``<pre>``)."""


class _Writer:
    """One walk over a cleaned tree that writes its HTML and gathers the pieces of its plain text.

    Text pieces are flowing ``str``, :class:`_Preformatted` text, or ``None`` for a line break.
    """

    def __init__(self) -> None:
        self.html: list[str] = []
        self.text: list[str | None] = []

    def write_content(self, element: etree._Element, mode: int) -> None:
        html, text = self.html, self.text
        content = element.text
        if content:
            tag = element.tag
            html.append(_raw_text(content, tag) if tag in _RAW_TEXT_ELEMENTS else _escape_text(content))
            self.add_text(content, mode)
        for child in element:
            tag = child.tag
            if isinstance(tag, str):
                self.write_element(child, tag, mode)
            elif tag is etree.Comment:
                html.append(f"<!--{child.text or ''}-->")
            elif tag is etree.ProcessingInstruction:
                html.append(f"<?{child.target} {child.text or ''}>")
            elif tag is etree.Entity:
                html.append(child.text or "")
            tail = child.tail
            if tail:
                html.append(_escape_text(tail))
                if mode != _TEXTLESS:
                    text.append(_Preformatted(tail) if mode == _PREFORMATTED else tail)

    def write_element(self, element: etree._Element, tag: str, mode: int) -> None:
        html = self.html
        html.append("<" + tag)
        for name, value in element.items():
            if _INVALID_ATTRIBUTE_NAME.search(name):
                continue
            html.append(f' {name}="{_escape_attribute(value)}"' if value else " " + name)
        html.append(">")
        block = tag in _BLOCK_ELEMENTS
        if block:
            self.text.append(None)
        elif tag in _CELL_ELEMENTS:
            self.text.append(" ")
        if tag in _TEXTLESS_ELEMENTS:
            mode = _TEXTLESS
        elif mode == _FLOWING and tag in _PREFORMATTED_ELEMENTS:
            mode = _PREFORMATTED
        if tag not in _VOID_ELEMENTS:
            self.write_content(element, mode)
            html.append(f"</{tag}>")
        elif element.text or len(element):  # never from the HTML parser; written rather than lost
            self.write_content(element, mode)
        if block:
            self.text.append(None)

    def add_text(self, content: str, mode: int) -> None:
        if mode == _FLOWING:
            self.text.append(content)
        elif mode == _PREFORMATTED:
            self.text.append(_Preformatted(content))


def _text_lines(pieces: Iterable[str | None]) -> list[str]:
    """Join text pieces into lines: whitespace collapsed, ``<pre>`` line breaks and indents kept."""
    lines: list[str] = []
    line: list[str] = []
    flowing: list[str] = []
    starts_preformatted: bool | None = None

    def end_line() -> None:
        nonlocal starts_preformatted
        if not line and not flowing:
            return
        if flowing:
            line.append(_WHITESPACE_RUN.sub(" ", _ZERO_WIDTH.sub("", "".join(flowing))))
            flowing.clear()
        joined = "".join(line)
        joined = joined.rstrip() if starts_preformatted else joined.strip()
        if joined.strip():
            lines.append(joined)
        line.clear()
        starts_preformatted = None

    for piece in pieces:
        if piece is None:
            end_line()
        elif isinstance(piece, _Preformatted):
            for number, part in enumerate(piece.replace("\r", "").split("\n")):
                if number:
                    end_line()
                if starts_preformatted is None:
                    starts_preformatted = True
                if flowing:
                    line.append(_WHITESPACE_RUN.sub(" ", _ZERO_WIDTH.sub("", "".join(flowing))))
                    flowing.clear()
                line.append(part)
        else:
            if starts_preformatted is None:
                starts_preformatted = False
            flowing.append(piece)
    end_line()
    return lines


def _join_html(parts: Sequence[str]) -> str:
    """Concatenate the inner HTML of several containers.

    A ``<`` or ``&`` left raw at the end of one container was safe only because markup followed it; when the
    next container starts with text that would make it a tag or a reference, it is escaped.
    """
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        if joined and part and joined[-1] in "<&":
            boundary = joined[-1] + part[:64]
            match = _TEXT_SPECIAL.match(boundary)
            if match and _escape_match(match, boundary, False) != match.group(0):
                joined = joined[:-1] + ("&lt;" if joined[-1] == "<" else "&amp;")
        joined += part
    return joined


# ---------------------------------------------------------------------------------------------- API

def clean_body(
    nodes: Sequence[lxml.html.HtmlElement], base_url: str, *, drop_selectors: Sequence[str] = ()
) -> CleanBody:
    """Clean the content node(s) of an article page; the caller's tree is left untouched.

    ``nodes`` are the body's containers in order (a portal may declare summary + content); the result is
    their inner HTML concatenated, container tags excluded. ``drop_selectors`` are CSS selectors of noise
    inside the body; they are matched against the whole document, so they may name the container's ancestors.
    """
    roots: list[etree._Element] = []
    for node in nodes:
        paths = _paths_to_drop(node, drop_selectors)
        root = copy.deepcopy(node)
        for element in [_follow(root, path) for path in paths]:
            _remove_keeping_tail(element)
        _clean_tree(root, base_url)
        roots.append(root)
    _handle_noscript(roots)

    parts: list[str] = []
    text: list[str | None] = []
    for root in roots:
        writer = _Writer()
        writer.write_content(root, _PREFORMATTED if root.tag in _PREFORMATTED_ELEMENTS else _FLOWING)
        parts.append("".join(writer.html))
        text.extend(writer.text)
        text.append(None)
    html = _join_html(parts)
    sanitized = sanitize_body_html(html, page_url=base_url)  # nh3 decides; harmless bodies keep their bytes
    if sanitized is not html:
        return _read_sanitized(sanitized)
    return CleanBody(html=html, text="\n".join(_text_lines(text)), images=_listed_images(roots))


def _listed_images(roots: Iterable[etree._Element]) -> list[str]:
    images: dict[str, None] = {}
    for root in roots:
        for image in root.iter("img"):
            src = image.get("src")
            if src and src[:5].lower() != "data:" and not is_decorative_image(image):
                images.setdefault(src, None)
    return list(images)


def _read_sanitized(html: str) -> CleanBody:
    """A body nh3 had to sanitise: saved as nh3 wrote it, its text and images read from what is left."""
    body = lxml.html.document_fromstring(f"<html><body>{html}</body></html>").find("body")
    if body is None:  # libxml2 always builds one; kept for the type checker
        return CleanBody(html=html, text="", images=[], sanitized=True)
    writer = _Writer()
    writer.write_content(body, _FLOWING)
    return CleanBody(html=html, text="\n".join(_text_lines(writer.text)), images=_listed_images([body]),
                     sanitized=True)


def text_lines(element: etree._Element) -> list[str]:
    """``element``'s text line by line, as the archive's plain text reads it (blocks and ``<br>`` end lines;
    scripts and styles are no text)."""
    writer = _Writer()
    writer.write_content(element, _FLOWING)
    return _text_lines(writer.text)


def clean_body_html(fragment: str, base_url: str, *, drop_selectors: Sequence[str] = ()) -> CleanBody:
    """:func:`clean_body` for an HTML fragment (the inner HTML of a content node)."""
    document = lxml.html.document_fromstring(f"<html><body>{fragment}</body></html>")
    body = document.find("body")
    if body is None:  # libxml2 always builds one; kept for the type checker
        return CleanBody(html="", text="", images=[])
    return clean_body([body], base_url, drop_selectors=drop_selectors)
