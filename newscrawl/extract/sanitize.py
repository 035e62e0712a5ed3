"""Body sanitiser: nh3 (ammonia) decides whether a cleaned body is hostile; harmless bodies keep their exact bytes.

Why two nh3 passes instead of saving nh3's output always: nh3 re-serialises the HTML it parses (html5ever), which
changes bytes the archive kept (raw ``&`` in query strings, bare attribute names, ``<br>`` spacing…), so every
re-written archive post would show a diff. The question "did the sanitiser remove anything?" is answered by nh3
itself, without any hand-written notion of what is dangerous:

1. the *strict* pass cleans with the allow-list below (tags, attributes per tag, URL schemes, an attribute filter
   for the few URL attributes ammonia does not check and for embed hosts, comments kept as the archive has them);
2. the *transparent* pass cleans the same text with an allow-list that lets through every tag name, attribute
   name and URL scheme the text could contain (a superset read from the text, entities decoded), no filter and no
   content removal: its output is nh3's serialisation of the input, with nothing taken away;
3. equal outputs mean the strict pass removed nothing, so the body's own bytes are kept; different outputs mean it
   removed something, and the strict output is what is saved (logged, and flagged on the result).

Both passes parse the same text with the same parser a browser uses (html5ever follows the HTML standard), so
parser differences between libxml2 (our cleaning) and browsers are judged the way a browser would read the saved
bytes. Comparing normalised lxml trees instead would need a third parser's view and an lxml parse of nh3's output
for every body; two nh3 passes cost less (see ``sanitize_body_html``'s figures in the README).

Embeds: an ``<iframe>`` keeps its ``src`` only on the hosts of ``EMBED_HOSTS`` (video players) and on the host of
the page itself (a publisher's own player; the user chose to crawl that host, and a cross-origin frame cannot
reach the Hexo page either way: ``srcdoc``, ``javascript:`` and ``data:`` frames could, and they go); ``<video>``,
``<audio>`` and ``<source>`` keep any http(s) source, since a media file cannot run script, and publishers host
their own videos. ``<object>``, ``<embed>``, ``<applet>``, ``<svg>``, ``<math>``, ``<script>``, ``<base>``,
``<meta>``, ``<link>``, ``<template>`` and forms' fields go, with their content where it is code.

Style: archive bodies carry ``<style>`` elements (掘金's markdown theme) and ``style`` attributes everywhere, and
``tests/extract/test_body.py`` keeps a ``<style>`` as the archive has it. CSS runs no script in current browsers;
what older engines ran (``expression()``, ``-moz-binding``, ``behavior:``, script URLs) and ``@import`` (which
pulls in CSS nobody saw) make the style attribute, or every ``<style>`` element of the body, go.
"""

from __future__ import annotations

import functools
import html
import html.entities
import logging
import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import nh3

from newscrawl.extract.srcset import srcset_url_spans

__all__ = ["EMBED_HOSTS", "sanitize_body_html"]

logger = logging.getLogger(__name__)

#: Hosts (and their subdomains) whose players may be embedded with ``<iframe src>``.
EMBED_HOSTS = frozenset({
    "youtube.com", "youtube-nocookie.com", "player.vimeo.com", "player.bilibili.com", "v.qq.com", "tv.sohu.com",
    "player.youku.com", "open.iqiyi.com", "www.ixigua.com", "music.163.com", "w.soundcloud.com",
    "www.dailymotion.com", "open.spotify.com", "embed.podcasts.apple.com", "player.twitch.tv",
    # Charts and podcast players newsrooms embed (Le Figaro, VG, La Vanguardia, Evening Standard in the corpus).
    "datawrapper.dwcdn.net", "flo.uri.sh", "embed.acast.com",
})

_TAGS = frozenset({
    "a", "abbr", "acronym", "address", "article", "aside", "audio", "b", "bdi", "bdo", "big", "blockquote", "br",
    "button", "caption", "center", "cite", "code", "col", "colgroup", "data", "dd", "del", "details", "dfn", "div",
    "dl", "dt", "em", "figcaption", "figure", "font", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
    "hgroup", "hr", "i", "iframe", "img", "ins", "kbd", "li", "main", "mark", "nav", "ol", "p", "picture", "pre",
    "q", "rb", "rp", "rt", "rtc", "ruby", "s", "samp", "section", "small", "source", "span", "strike", "strong",
    "style", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "track", "tt",
    "u", "ul", "var", "video", "wbr",
})
# Removed with everything inside: code, foreign content (SVG and MathML carry their own script and link
# vectors), page-level elements a body must not set (<base> re-targets every relative URL, <meta> refreshes).
_REMOVED_WITH_CONTENT = frozenset({
    "script", "svg", "math", "object", "embed", "applet", "param", "base", "meta", "link", "template",
    "noscript", "noembed", "noframes", "frame", "frameset", "title", "xml", "select", "textarea", "plaintext",
    "xmp", "portal", "fencedframe",
})
_ANY_TAG_ATTRIBUTES = {
    # What archive bodies carry (sspai's Vue markup has role/tabindex/label/classname, OFweek's UEditor _src,
    # ithome's w/h); no event handler, no URL except _src (filtered), nothing that acts on the page.
    "align", "bgcolor", "border", "class", "classname", "color", "dir", "face", "h", "height", "hidden", "id",
    "label", "lang", "role", "size", "style", "tabindex", "title", "translate", "valign", "w", "width", "_src",
    # Harmless on any element (user-agent hints): real bodies carry them (DW, Wikipedia, NZZ, Yomiuri…).
    "accesskey", "draggable", "spellcheck", "xml:lang",
    # Inert on every allowed element (Medium's p[name], CMS div[type], xmlns copied from XHTML templates); only
    # <img name> would shadow a document property, and the filter takes it.
    "name", "type", "xmlns",
    # Microdata and RDFa: metadata for machines, never fetched or run (figure/img/span[itemprop] in many bodies).
    "itemid", "itemprop", "itemref", "itemscope", "itemtype",
    "about", "content", "datatype", "prefix", "property", "resource", "typeof", "vocab",
}
_TAG_ATTRIBUTES = {
    "a": {"href", "target", "rel", "hreflang", "referrerpolicy"},
    # fetchpriority/crossorigin only change how the image is fetched; oldsrc is the lazy source of TRS-built
    # Chinese portals (checked like src); hspace/vspace are old layout.
    "img": {"src", "srcset", "sizes", "alt", "loading", "decoding", "referrerpolicy", "fetchpriority", "crossorigin",
            "longdesc", "hspace", "vspace", "oldsrc"},
    "source": {"src", "srcset", "type", "media", "sizes"},
    "video": {"src", "poster", "controls", "preload", "autoplay", "muted", "loop", "playsinline", "controlslist",
              "disablepictureinpicture", "disableremoteplayback", "crossorigin"},
    "audio": {"src", "controls", "preload", "autoplay", "muted", "loop", "controlslist", "crossorigin"},
    "track": {"src", "kind", "srclang", "default"},
    "iframe": {"src", "frameborder", "allowfullscreen", "allow", "loading", "referrerpolicy", "scrolling",
               "sandbox", "marginwidth", "marginheight", "allowtransparency", "webkitallowfullscreen",
               "mozallowfullscreen"},
    "ol": {"start", "reversed", "type"},
    "ul": {"type"},
    "li": {"value"},
    "td": {"colspan", "rowspan", "headers", "nowrap"},
    "th": {"colspan", "rowspan", "headers", "scope", "abbr", "nowrap"},
    "col": {"span"},
    "colgroup": {"span"},
    "table": {"summary", "cellpadding", "cellspacing"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "time": {"datetime"},
    "data": {"value"},
    "details": {"open"},
    "figure": {"figcaption"},  # sspai writes its caption there too
    "button": {"type"},
    "style": {"type", "media", "scoped"},  # the element itself is judged by its CSS (see the module's docstring)
}
_ATTRIBUTES = {tag: names | _ANY_TAG_ATTRIBUTES for tag, names in _TAG_ATTRIBUTES.items()} | {
    "*": _ANY_TAG_ATTRIBUTES
}
# data-* carries lazy-image URLs and Vue scope ids the archive kept; aria-* is accessibility text.
_ATTRIBUTE_PREFIXES = frozenset({"data-", "aria-"})
# Link schemes besides the web's: the HTML standard's safelisted schemes (those any page may register a handler
# for: ordinary links to mail, phone, SMS, chat, maps…), none of which runs script in the page.
_SAFELISTED_SCHEMES = frozenset({
    "bitcoin", "ftp", "ftps", "geo", "im", "irc", "ircs", "magnet", "mailto", "matrix", "mms", "news", "nntp",
    "openpgp4fpr", "sftp", "sip", "sms", "smsto", "ssh", "tel", "urn", "webcal", "wtai", "xmpp",
})
# ammonia checks these schemes on href/src/poster/action/…; `data:` passes it and is narrowed by the filter.
_URL_SCHEMES = frozenset({"http", "https", "data"}) | _SAFELISTED_SCHEMES

# ------------------------------------------------------------------------------------- attribute filter

# The URL parser of browsers (WHATWG URL) trims C0 controls and spaces and ignores tabs and newlines anywhere.
_C0_AND_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")


def _without_tabs_and_newlines(value: str) -> str:
    # Three substring tests scan in C; the regex would test every position of every URL (data: URLs are long).
    if "\t" in value or "\n" in value or "\r" in value:
        return _TAB_OR_NEWLINE.sub("", value)
    return value


_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
_URL_ATTRIBUTES = frozenset({"href", "src", "poster", "cite", "_src", "longdesc", "oldsrc"})
_SRCSET_ATTRIBUTES = frozenset({"srcset"})
# Where an inline picture (data:image/…) is a legitimate value: image sources only.
_IMAGE_SOURCES = frozenset({
    ("img", "src"), ("img", "srcset"), ("img", "oldsrc"), ("source", "srcset"), ("video", "poster"),
})
_WEB_SCHEMES = frozenset({"http", "https"})
_LINK_SCHEMES = frozenset({"http", "https"}) | _SAFELISTED_SCHEMES
# Schemes a lazy-loading script would turn into a script URL when it copies data-* into src/href.
_SCRIPT_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "mocha", "data"})
# Legacy style vectors (IE expression(), Mozilla XBL bindings, script URLs in url()) and imported style sheets,
# looked for after CSS escapes are decoded and comments and whitespace removed.
_STYLE_SCRIPT = re.compile(r"expression\(|javascript:|vbscript:|-moz-binding|behavior:|@import", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9A-Fa-f]{1,6})[ \t\n\r\f]?|(.))", re.DOTALL)
_CSS_NOISE = re.compile(r"/\*.*?(?:\*/|$)|\s", re.DOTALL)
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>(.*?)(?:</style|$)", re.IGNORECASE | re.DOTALL)


def _css_escape(match: re.Match[str]) -> str:
    code = int(match.group(1), 16) if match.group(1) else None
    if code is None:
        return match.group(2)
    return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"


def _css_runs_script(css: str) -> bool:
    if "\\" in css:
        css = _CSS_ESCAPE.sub(_css_escape, css)
    return bool(_STYLE_SCRIPT.search(_CSS_NOISE.sub("", css)))


def _url_scheme(value: str) -> str | None:
    """The lower-case scheme of a URL as a browser reads it, None for a relative URL."""
    match = _SCHEME.match(_without_tabs_and_newlines(value.strip(_C0_AND_SPACE)))
    return match.group(1).lower() if match else None


def _is_image_data_url(value: str) -> bool:
    return _without_tabs_and_newlines(value.strip(_C0_AND_SPACE))[5:].lstrip(_C0_AND_SPACE).lower().startswith("image/")


def _allowed_url(tag: str, name: str, value: str) -> bool:
    scheme = _url_scheme(value)
    if scheme is None:
        return True  # relative; body cleaning has already made it absolute against the page
    if scheme == "data":
        return (tag, name) in _IMAGE_SOURCES and _is_image_data_url(value)
    return scheme in (_LINK_SCHEMES if name == "href" else _WEB_SCHEMES)


# Elements whose name becomes a property of ``document`` (DOM clobbering of the Hexo page's scripts).
_NAMED_ON_DOCUMENT = frozenset({"img", "form", "embed", "object", "iframe"})


def _srcset_allowed(tag: str, value: str) -> bool:
    """Every candidate URL allowed, and no comma- or space-separated piece a script URL.

    The second check keeps what the standard's parser would read as part of a longer URL (``a.jpg,javascript:…``)
    from reaching a lazy-loading script that splits the value differently; a piece such as ``resize:fill:1`` in an
    image CDN's URL is no script URL and passes (Rzeczpospolita's srcsets used to be re-serialised for it).
    """
    urls = [value[start:end] for start, end in srcset_url_spans(value)]
    if not all(_allowed_url(tag, "srcset", url) for url in urls):
        return False
    return not any(_url_scheme(word) in _SCRIPT_SCHEMES and not _is_image_data_url(word)
                   for piece in value.split(",") for word in piece.split())


def _host(url: str) -> str:
    value = _without_tabs_and_newlines(url.strip(_C0_AND_SPACE)).replace("\\", "/")  # browsers read \ as /
    if value.startswith("//"):
        value = "https:" + value
    try:
        return (urlsplit(value).hostname or "").rstrip(".")
    except ValueError:
        return ""


def _embed_host_allowed(src: str, page_host: str) -> bool:
    host = _host(src)
    if not host:
        return False
    return host == page_host or any(host == allowed or host.endswith("." + allowed) for allowed in EMBED_HOSTS)


def _filter_attribute(page_host: str, tag: str, name: str, value: str) -> str | None:
    """nh3's attribute hook: the URL checks ammonia leaves to the caller (srcset, cite, data-*, embed hosts)."""
    if name in _URL_ATTRIBUTES:
        if not _allowed_url(tag, name, value):
            return None
        if tag == "iframe" and name == "src" and not _embed_host_allowed(value, page_host):
            return None
    elif name in _SRCSET_ATTRIBUTES or name.endswith("srcset"):
        if not _srcset_allowed(tag, value):
            return None
    elif name.startswith("data-"):
        if _url_scheme(value) in _SCRIPT_SCHEMES and not _is_image_data_url(value):
            return None
        if name.endswith("srcset") and not _srcset_allowed(tag, value):
            return None
    elif (name == "style" and _css_runs_script(value)) or (name == "name" and tag in _NAMED_ON_DOCUMENT):
        return None
    return value


@functools.lru_cache(maxsize=64)
def _strict_cleaner(page_host: str, keep_style_elements: bool) -> nh3.Cleaner:
    """The allow-list cleaner for pages of one host (the host is an allowed embed source)."""
    style = {"style"}
    return nh3.Cleaner(
        tags=set(_TAGS) if keep_style_elements else set(_TAGS) - style,
        clean_content_tags=set(_REMOVED_WITH_CONTENT) if keep_style_elements else _REMOVED_WITH_CONTENT | style,
        # ammonia refuses (panics) a tag both removed with its content and given attributes
        attributes={tag: set(names) for tag, names in _ATTRIBUTES.items() if keep_style_elements or tag != "style"},
        attribute_filter=functools.partial(_filter_attribute, page_host),
        strip_comments=False,  # the archive keeps comments (OFweek's commented-out credits, Vue's <!---->)
        link_rel=None,  # add nothing: the bytes of a harmless body must not change
        generic_attribute_prefixes=set(_ATTRIBUTE_PREFIXES),
        url_schemes=set(_URL_SCHEMES),
    )

# ------------------------------------------------------------------------------------- transparent pass

# What the HTML tokenizer reads as a start tag's name (it lower-cases ASCII; CR is LF by then).
_START_TAG = re.compile(r"<([A-Za-z][^\t\n\f\r />]*)")
_SCHEME_CHARACTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-"
# Schemes that run script are short; a longer unknown scheme is inert, and capping keeps a long run cheap.
_LONGEST_SCHEME = 64
# References that can put a scheme character, a colon, a tab or a newline into an attribute value (`&#106;`,
# `&colon;`, `&Tab;`…): only a body holding one needs decoding before schemes are looked for.
_SCHEME_PART = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-:\t\n\r")
_SCHEME_REFERENCE = re.compile(
    "&(?:#|" + "|".join(sorted(
        (re.escape(name) for name, value in html.entities.html5.items() if set(value) & _SCHEME_PART), key=len,
        reverse=True,
    )) + ")"
)


def _tag_names(text: str) -> set[str]:
    return {name.lower().replace("\x00", "\ufffd") for name in _START_TAG.findall(text)}


def _possible_schemes(text: str) -> set[str]:
    """Every scheme some attribute of ``text`` could have: a superset, read after decoding every reference.

    ``html.unescape`` decodes at least what an HTML parser decodes in attribute values, and tabs and newlines are
    removed as the URL parser removes them; then each whole run of scheme characters before a ``:`` (its last 64)
    is a candidate. Whole runs suffice: what precedes an attribute value is a quote, ``=`` or a space, none of
    them a scheme character.
    """
    decoded = html.unescape(text) if "&" in text and _SCHEME_REFERENCE.search(text) else text
    decoded = _without_tabs_and_newlines(decoded)
    schemes: set[str] = set()
    for piece in decoded.split(":")[:-1]:  # split and rstrip run in C: cheaper than a regex trying every position
        tail = piece[-_LONGEST_SCHEME:]
        schemes.add(tail[len(tail.rstrip(_SCHEME_CHARACTERS)):].lower())
    schemes.discard("")
    return schemes


@functools.lru_cache(maxsize=64)
def _transparent_cleaner(tags: frozenset[str], schemes: frozenset[str]) -> nh3.Cleaner:
    return nh3.Cleaner(
        tags=set(tags),
        clean_content_tags=set(),
        attributes={},
        strip_comments=False,
        link_rel=None,
        generic_attribute_prefixes={""},  # every attribute name
        url_schemes=set(schemes),
    )


def _transparent_clean(text: str, tag_names: set[str], schemes: set[str]) -> str:
    tags = frozenset(_TAGS | _REMOVED_WITH_CONTENT | tag_names)
    return _transparent_cleaner(tags, frozenset(_URL_SCHEMES | schemes)).clean(text)


# Markup that runs script or loads another document (a superset: also prose that merely looks like it, such as
# "one = 1" read as an event handler): code and frame elements, a <link> that is not microdata (style sheets,
# imports), event handlers and the SVG animations that set them, inline documents, refreshes. Attribute names
# cannot be written with character references, so a plain search of the lowered body finds them; script URLs are
# found with references decoded (_possible_schemes), CSS with its escapes decoded (_css_runs_script). Every
# pattern starts with a literal, which the regex engine jumps to: this runs on every sanitised body.
_ACTIVE_ELEMENTS = ("<script", "<iframe", "<frame", "<object", "<embed", "<applet", "<base", "<portal",
                    "<fencedframe")
_ACTIVE_ATTRIBUTES = ("srcdoc", "formaction", "http-equiv", "attributename")
_EVENT_HANDLER = re.compile(r"on[a-z]+\s*=")
_NON_MICRODATA_LINK = re.compile(r"<link\b(?![^>]*\bitemprop\b)")
_STYLE_ATTRIBUTE = re.compile(r"""style\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_NON_IMAGE_DATA_URL = re.compile(r"data:(?![\s\x00-\x20]*image/)", re.IGNORECASE)
_BEFORE_AN_ATTRIBUTE = " \t\n\r\f/\"'"


def _attributes(pattern: re.Pattern[str], lowered: str) -> Iterator[re.Match[str]]:
    """Matches of ``pattern`` that start an attribute, not inside a word ("button=", "lifestyle=")."""
    return (match for match in pattern.finditer(lowered)
            if match.start() and lowered[match.start() - 1] in _BEFORE_AN_ATTRIBUTE)


def _may_run_script(body_html: str, keep_style_elements: bool, schemes: set[str]) -> bool:
    """Whether the body holds anything that could run script or load another document (then what nh3 removed is
    worth a line in the crawl's log at INFO). Said of every body holding such markup, also when nh3 kept it (an
    allowed player's frame) or removed something else. ``schemes``: ``_possible_schemes`` of the body."""
    if not keep_style_elements or schemes & (_SCRIPT_SCHEMES - {"data"}):
        return True
    lowered = body_html.lower()
    if any(element in lowered for element in _ACTIVE_ELEMENTS) or any(
            name in lowered for name in _ACTIVE_ATTRIBUTES) or _NON_MICRODATA_LINK.search(lowered):
        return True
    if next(_attributes(_EVENT_HANDLER, lowered), None) is not None:
        return True
    for match in _attributes(_STYLE_ATTRIBUTE, lowered):
        css = next(group for group in match.groups() if group is not None)
        if _css_runs_script(html.unescape(css) if "&" in css else css):
            return True
    return "data" in schemes and _NON_IMAGE_DATA_URL.search(_without_tabs_and_newlines(html.unescape(body_html))) \
        is not None


# -------------------------------------------------------------------------------------------------- API


def sanitize_body_html(body_html: str, *, page_url: str = "") -> str:
    """``body_html`` itself when nh3's allow-list removes nothing from it, else nh3's sanitised HTML.

    The same object is returned in the first case, so ``result is body_html`` says nothing was hostile.
    ``page_url`` is the article's URL: iframes of its host are kept, and the log line names it.
    """
    if not body_html:
        return body_html
    keep_style_elements = not any(_css_runs_script(css) for css in _STYLE_ELEMENT.findall(body_html))
    strict = _strict_cleaner(_host(page_url), keep_style_elements).clean(body_html)
    if strict == body_html:
        # Written back byte for byte: nothing was removed, nor dropped by the parser, so the transparent pass
        # (which only tells nh3's removals from its re-serialisation) has nothing to tell.
        return body_html
    tag_names = _tag_names(body_html)
    schemes = _possible_schemes(body_html)
    transparent = _transparent_clean(body_html, tag_names, schemes)
    # A tag the HTML parser drops (<frameset>, <frame> or <html> inside a body) is also missing from the transparent
    # output: a browser ignores it, but another parser (libxml2) may not, so such bytes are not kept either.
    if strict == transparent and tag_names <= _tag_names(transparent):
        return body_html
    removed = ", ".join(f"<{name}>" for name in sorted(tag_names - _tag_names(strict))) or "attributes only"
    if _may_run_script(body_html, keep_style_elements, schemes):
        logger.info("Body sanitised: nh3 removed markup (elements: %s) from a body holding script, an event "
                    "handler, a frame or a script URL: %s", removed, page_url or "(no URL)")
    else:
        # Icons drawn in <svg>, microdata <meta>, <template>, form fields, custom elements: not worth a line per
        # article in an unattended crawl's log (the run report counts every sanitised body).
        logger.debug("Body sanitised: nh3 removed markup outside the allow-list (elements: %s), none of it able to "
                     "run script: %s", removed, page_url or "(no URL)")
    return strict
