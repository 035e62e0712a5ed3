"""Which links of a site lead to articles: URL shapes, page-level article signals, feed / sitemap / next links.

Pure functions over URLs, parsed pages and robots.txt text; the ``news`` spider decides what to fetch with them.
A URL is judged by its shape first (cheap, before any fetch); a page whose URL says nothing is fetched once and
judged by what it declares (JSON-LD article type, ``og:type=article``, one ``<article>`` holding the text).
"""

from __future__ import annotations

import re
from enum import Enum
from itertools import chain
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

from parsel import Selector

from newscrawl.extract.metadata import ARTICLE_TYPES, document_metadata


class LinkKind(Enum):
    #: Shaped like one article: dated path with a slug, numeric id, ``/p/…``, ``/article/…``, long slug.
    ARTICLE = "article"
    #: Never worth fetching: tag, category, author, search, login and service pages, media files, feeds,
    #: ``mailto:`` / ``javascript:`` links.
    EXCLUDED = "excluded"
    #: A numbered or dated page of a listing (``/page/3/``, ``?page=3``, ``/2024/05/``): reached only as the
    #: start URL or through a "next" link, so pagination widgets and calendars cannot multiply the crawl.
    ARCHIVE_PAGE = "archive_page"
    #: Anything else (a section front, the home page, an article with a short slug): fetched to find out.
    OTHER = "other"


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


_MEDIA_EXTENSIONS = _word_set(
    "pdf jpg jpeg png gif webp svg ico bmp tif tiff avif heic mp3 m4a aac wav ogg flac mp4 m4v mov avi wmv flv "
    "webm mkv m3u8 zip rar 7z gz tgz bz2 xz tar exe dmg apk ipa msi doc docx xls xlsx ppt pptx odt ods csv epub "
    "css js mjs json xml rss atom rdf txt woff woff2 ttf otf eot swf"
)
#: Path segments naming pages about something other than one article.
_EXCLUDED_SEGMENTS = _word_set(
    "tag tags category categories cat author authors user users profile profiles member members "
    "search login logon signin sign-in log-in register signup sign-up logout account topic topics label "
    "labels keyword keywords feed feeds rss atom comments wp-admin wp-login.php wp-json cart checkout "
    "subscribe newsletter newsletters"
)
#: First word of a service page's name (``/about``, ``/privacy-policy``, ``/contact-us``).
_SERVICE_WORDS = _word_set(
    "about contact privacy terms tos cookie cookies legal imprint impressum advertise advertising careers "
    "jobs help faq feedback sitemap accessibility disclaimer copyright subscription subscriptions donate "
    "aboutus contactus"
)
_EXCLUDED_QUERY_KEYS = _word_set("s q query search keyword keywords tag author replytocom share action")
_PAGE_QUERY_KEYS = _word_set("page paged pg pn pageno pagenum page_no start offset")
_ID_QUERY_KEYS = _word_set("p id aid articleid article_id newsid news_id storyid story_id docid doc_id")
#: A segment right above an article (``/p/abc``, ``/article/123``, ``/a/204851.html``, ``/blog/slug``).
_ARTICLE_MARKERS = _word_set("a p article articles story stories post posts blog detail details doc")
#: A listing's file name despite its digits: ``list_12345.html``, ``index-2024.shtml``, ``CATList-8100.html``.
_LISTING_NAME = re.compile(r"(?i:(?:^|[-_])(?:list|index|page|channel|column)(?=[-_\d]|$))|List")

_YEAR = r"(?:19|20)\d\d"
_DATE_SEGMENT = re.compile(rf"^{_YEAR}(?:[-_]?(?:0?[1-9]|1[0-2])(?:[-_]?(?:0?[1-9]|[12]\d|3[01]))?)?$")
_YEAR_SEGMENT = re.compile(rf"^{_YEAR}$")
_MONTH_OR_DAY = re.compile(r"^(?:0?[1-9]|[12]\d|3[01])$")
_PAGE_SEGMENT = re.compile(r"^(?:index|list|page)[-_]?\d{1,4}(?:\.s?html?|\.php|\.aspx?)?$", re.IGNORECASE)
_DIGIT_RUN = re.compile(r"\d{5,}")
_DIGITS = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]")
_SLUG_SEPARATORS = re.compile(r"[-_+]+")
_EXTENSION = re.compile(r"\.([A-Za-z0-9]{1,5})$")
_HTML_EXTENSION = re.compile(r"\.s?html?$", re.IGNORECASE)
#: A slug at least this long, of at least three words with letters, names one article (``/world/river-treaty-signed``).
SLUG_MIN_CHARACTERS = 15


def link_kind(url: str) -> LinkKind:
    """What the URL's shape says about the page behind it (see ``LinkKind``)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return LinkKind.EXCLUDED  # mailto:, javascript:, tel:, data:, ftp:
    segments = [segment.lower() for segment in parts.path.split("/") if segment]
    last = segments[-1] if segments else ""
    extension = _EXTENSION.search(last)
    if extension and extension.group(1) in _MEDIA_EXTENSIONS:
        return LinkKind.EXCLUDED
    if any(segment in _EXCLUDED_SEGMENTS for segment in segments):
        return LinkKind.EXCLUDED
    query = {key.lower(): value for key, value in parse_qsl(parts.query, keep_blank_values=True)}
    if query.keys() & _EXCLUDED_QUERY_KEYS:
        return LinkKind.EXCLUDED
    if query.keys() & _PAGE_QUERY_KEYS or _is_numbered_page(segments) or _is_date_archive(segments):
        return LinkKind.ARCHIVE_PAGE
    original_last = [segment for segment in parts.path.split("/") if segment][-1] if segments else ""
    if _has_article_path(segments, original_last) or any(
        key in _ID_QUERY_KEYS and value.isdigit() and len(value) >= 3 for key, value in query.items()
    ):
        return LinkKind.ARTICLE
    if _is_service_page(segments):
        return LinkKind.EXCLUDED
    if _is_long_slug(last):
        return LinkKind.ARTICLE
    return LinkKind.OTHER


def is_article_url(url: str) -> bool:
    return link_kind(url) is LinkKind.ARTICLE


def _is_numbered_page(segments: list[str]) -> bool:
    """``…/page/3``, ``…/index_2.html``, ``…/list-5``: one page of a paginated listing."""
    if len(segments) >= 2 and segments[-2] == "page" and segments[-1].isdigit():
        return True
    return bool(segments) and _PAGE_SEGMENT.match(segments[-1]) is not None


def _is_date_archive(segments: list[str]) -> bool:
    """``/2024/``, ``/2024-05/``, ``/2024/05/``, ``/news/2024/05/12/``: a date with nothing after it."""
    if not segments:
        return False
    last_stem = _EXTENSION.sub("", segments[-1])
    if _YEAR_SEGMENT.match(last_stem) or (_DATE_SEGMENT.match(last_stem) and not last_stem.isdigit()):
        return True
    for index, segment in enumerate(segments):
        if _YEAR_SEGMENT.match(segment):
            rest = segments[index + 1:]
            return 0 < len(rest) <= 2 and all(_MONTH_OR_DAY.match(part) for part in rest)
    return False


def _has_article_path(segments: list[str], original_last: str) -> bool:
    """A dated path with something after the date, an article marker, or a numeric id."""
    if not segments:
        return False
    last = segments[-1]
    stem = _EXTENSION.sub("", last)
    for index, segment in enumerate(segments[:-1]):
        # /2024/05/12/slug, /2022-08/ART-70111-8420-30573015.html, /20240512/slug
        if _DATE_SEGMENT.match(segment) and not _MONTH_OR_DAY.match(last):
            return True
        if segment in _ARTICLE_MARKERS and index == len(segments) - 2:
            return True
    if _LISTING_NAME.search(_EXTENSION.sub("", original_last)):
        return False
    # /a/204851.html, /news/1234567, /ev/a556714178926, /ART-8420-30573015.html
    if _DIGIT_RUN.search(stem):
        return True
    # A static page numbered along its path: IT之家's /0/770/123.htm.
    return bool(_HTML_EXTENSION.search(last)) and len(_DIGITS.findall("".join(segments))) >= 4


def _is_service_page(segments: list[str]) -> bool:
    """``/about/``, ``/about/team``, ``/privacy-policy``, ``/contact-us``: pages about the site."""
    if not segments:
        return False
    if segments[0] in _SERVICE_WORDS:
        return True
    words = [word for word in _SLUG_SEPARATORS.split(_EXTENSION.sub("", segments[-1])) if word]
    # "privacy-policy" is a service page; a dated "privacy-law-passes-senate" was taken as an article above.
    return bool(words) and words[0] in _SERVICE_WORDS and len(words) <= 3


def _is_long_slug(segment: str) -> bool:
    stem = _EXTENSION.sub("", segment)
    words = [word for word in _SLUG_SEPARATORS.split(stem) if _LETTERS.search(word)]
    return len(words) >= 3 and len(stem) >= SLUG_MIN_CHARACTERS and not _LISTING_NAME.search(stem)


# --- page-level signals ------------------------------------------------------------------------------------

#: Shortest paragraph text of an ``<article>`` element for it to be taken as the page's article.
ARTICLE_ELEMENT_MIN_CHARACTERS = 400
# A video object may sit on any page (a home page's clip); it says nothing about the page being an article.
_PAGE_ARTICLE_TYPES = ARTICLE_TYPES - {"videoobject"}


def article_page_signals(selector: Selector) -> list[str]:
    """Which signals say the fetched page is one article: ``json-ld`` (an Article-type object), ``opengraph``
    (``og:type=article``), ``article-element`` (one ``<article>`` holds most of the page's article text)."""
    signals = []
    metadata = document_metadata(selector)
    if any(_declares_article(node) for node in metadata.json_ld):
        signals.append("json-ld")
    og_type = metadata.first("og:type")
    if og_type and og_type[1].strip().lower() == "article":
        signals.append("opengraph")
    if _one_substantial_article_element(selector):
        signals.append("article-element")
    return signals


def is_article_page(selector: Selector) -> bool:
    return bool(article_page_signals(selector))


def _declares_article(node: dict[str, object]) -> bool:
    value = node.get("@type")
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    types = {str(name).rsplit("/", 1)[-1].lower() for name in names}
    has_article_type = bool(types & _PAGE_ARTICLE_TYPES) or any(
        name.endswith("article") for name in types
    )
    # An ItemList of teasers flattened into the page is no article: the article node names its headline.
    return has_article_type and bool(node.get("headline") or node.get("datePublished"))


def _one_substantial_article_element(selector: Selector) -> bool:
    lengths = []
    for article in selector.xpath("//article[not(ancestor::article)]"):
        text = " ".join(article.xpath(".//p//text()").getall())
        lengths.append(len(" ".join(text.split())))
    if not lengths:
        return False
    largest = max(lengths)
    # A listing of teasers has many <article> elements sharing the text; an article page has one holding it.
    return largest >= ARTICLE_ELEMENT_MIN_CHARACTERS and largest * 3 >= sum(lengths) * 2


# --- links found in documents --------------------------------------------------------------------------------

_FEED_TYPES = frozenset(("application/rss+xml", "application/atom+xml", "application/rdf+xml"))
_COMMENTS = re.compile(r"comment|评论", re.IGNORECASE)


def page_links(selector: Selector, base_url: str) -> list[str]:
    """Absolute URLs of the page's ``<a href>`` links, fragments removed, each once, in document order."""
    base = _document_base(selector, base_url)
    links: dict[str, None] = {}
    for href in selector.xpath("//a/@href").getall():
        href = href.strip()
        if not href or href.startswith("#"):
            continue
        links.setdefault(urldefrag(urljoin(base, href))[0], None)
    return list(links)


def feed_links(document: Selector | str, base_url: str) -> list[str]:
    """RSS / Atom feeds the page declares with ``<link rel="alternate" type="application/rss+xml">`` (or Atom),
    comment feeds left out, absolute, each once, in document order."""
    selector = document if isinstance(document, Selector) else Selector(text=document, base_url=base_url)
    base = _document_base(selector, base_url)
    feeds: dict[str, None] = {}
    for link in selector.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        feed_type = (link.attrib.get("type") or "").lower().split(";")[0].strip()
        if "alternate" not in rel or feed_type not in _FEED_TYPES:
            continue
        href = link.attrib["href"].strip()
        if _COMMENTS.search(href) or _COMMENTS.search(link.attrib.get("title") or ""):
            continue
        feeds.setdefault(urljoin(base, href), None)
    return list(feeds)


_SITEMAP_LINE = re.compile(r"^\s*sitemap\s*:\s*(\S+)", re.IGNORECASE | re.MULTILINE)


def sitemaps_from_robots(text: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs of a robots.txt, absolute (http/https only), each once, in file order."""
    sitemaps: dict[str, None] = {}
    for match in _SITEMAP_LINE.finditer(text):
        url = urljoin(base_url, match.group(1).split("#", 1)[0])
        if urlsplit(url).scheme in ("http", "https"):
            sitemaps.setdefault(url, None)
    return list(sitemaps)


#: Texts of a "next page" link once arrows and punctuation are removed (lower-case).
NEXT_PAGE_TEXTS = frozenset(
    ("下一页", "下页", "后一页", "下一頁", "next", "next page", "older posts", "older entries", "older articles",
     "older stories", "older", "more posts", "次へ", "次のページ")
)
_ARROWS = re.compile(r"[\s»›→>\u00bb\u203a\u2192\u25b6\u276f.…:：|]+")
_NEXT_CLASS = re.compile(
    r"^(?:next|next-?page|page-?next|pagination-?next|nav-?next|next-?posts?|nextpostslink|pager-?next)$",
    re.IGNORECASE,
)


def next_page_link(selector: Selector, base_url: str) -> str | None:
    """The listing's next page: ``rel=next`` (``<link>`` or ``<a>``), an ``a.next``-like class, or a link reading
    "下一页", "Next", "Older posts"…; absolute, or None."""
    base = _document_base(selector, base_url)
    anchors = selector.xpath("//a[@href]")
    for link in chain(selector.xpath("//link[@href]"), anchors):
        if "next" in (link.attrib.get("rel") or "").lower().split() and _followable(link.attrib["href"]):
            return urljoin(base, link.attrib["href"].strip())
    for anchor in anchors:
        classes = (anchor.attrib.get("class") or "").split()
        parent_classes = (anchor.xpath("../@class").get() or "").split()
        if any(_NEXT_CLASS.match(name) for name in classes + parent_classes) and _followable(anchor.attrib["href"]):
            return urljoin(base, anchor.attrib["href"].strip())
    for anchor in anchors:
        labels = [" ".join(anchor.xpath("string()").get("").split()), anchor.attrib.get("aria-label") or "",
                  anchor.attrib.get("title") or ""]
        if any(_ARROWS.sub(" ", label).strip().lower() in NEXT_PAGE_TEXTS for label in labels if label) and (
            _followable(anchor.attrib["href"])
        ):
            return urljoin(base, anchor.attrib["href"].strip())
    return None


def _followable(href: str) -> bool:
    href = href.strip()
    return bool(href) and not href.startswith("#") and not href.lower().startswith(("javascript:", "mailto:"))


def _document_base(selector: Selector, base_url: str) -> str:
    """The page URL joined with ``<base href>``, against which the page's relative links resolve."""
    base_href = selector.xpath("//base/@href").get()
    return urljoin(base_url, base_href.strip()) if base_href else base_url
