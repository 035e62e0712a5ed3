"""The labelled pages ``benchmarks/extraction.py`` measures: one loader per corpus layout, one ``Case`` per page.

* **fundus**, **readability**: see ``extraction.py``.
* **gne** (``tests/<site>/<n>.html``): with ``LABELS.jsonl`` beside them (hand labels: title, authors, editors,
  date with its precision, first and last body sentence), article pages carry those labels; ``other`` pages and
  pages without a label are measured for speed and the no-ground-truth counts only.
* **zh-labelled** (``<source>/MANIFEST.jsonl`` + ``pages/``): title (exact or a substring), authors (``null``: not
  labelled), date (twnews: naive Taipei time; postlight: UTC; newspaper4k: the day only), the full body
  (newspaper4k), a body prefix or fragments.

Chinese and Taiwanese pages print local time (+08:00): a label without an offset is read in that zone, and "on the
right day" compares days there.
"""

from __future__ import annotations

import gzip
import html as html_module
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html

from newscrawl.extract.body import clean_body
from newscrawl.extract.dates import parse_datetime

CHINA_TIME = timezone(timedelta(hours=8))

_IMAGE_PATH = re.compile(r"\.(?:jpe?g|png|gif|webp|bmp|svg|avif|heic|tiff?)$", re.IGNORECASE)
_TITLE_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|::|·|»)\s+|\s*_\s*")
_BYLINE_LABEL = re.compile(r"^\s*(?:by|par|von|por|written by)\s+", re.IGNORECASE)
_BYLINE_SPLIT = re.compile(r"\s*(?:,|;|\||&|\n|\s+and\s+|\s+et\s+|\s+und\s+|、)\s*", re.IGNORECASE)
_CANONICAL = re.compile(
    rb"<link[^>]+rel=[\"']?canonical[\"']?[^>]+href=[\"']([^\"'>]+)|"
    rb"<link[^>]+href=[\"']([^\"'>]+)[\"'][^>]+rel=[\"']?canonical|"
    rb"<meta[^>]+property=[\"']og:url[\"'][^>]+content=[\"']([^\"'>]+)",
    re.IGNORECASE,
)
#: Chinese boilerplate that should never be left in a body (gne pages).
READABILITY_URL = "http://fakehost/test/page.html"
#: A title ending in a site or channel name ("标题_网易订阅", "标题 - 明日大盘网"): gne pages, no ground truth.


@dataclass
class Case:
    name: str
    group: str  # publisher / site: the unit of the tune / held-out split
    url: str
    raw: bytes
    content_type: str | None = None
    title: str | None = None
    title_variants: set[str] = field(default_factory=set)
    authors: list[str] = field(default_factory=list)
    date: datetime | None = None
    body: str | None = None
    #: Each expected image as the set of its acceptable URL keys.
    images: list[set[str]] = field(default_factory=list)
    #: The authors are labelled even when the list is empty (a page with no personal byline): F1 counts it.
    authors_labelled: bool = False
    #: Editors (责任编辑) and outlet (来源) labels (gne-pages): compared exactly where ``credits_labelled``.
    editors: list[str] = field(default_factory=list)
    source: str | None = None
    credits_labelled: bool = False
    #: The date is labelled to the day only (no time to compare within an hour).
    date_day_only: bool = False
    #: The zone the page prints times in: "on the right day" compares days there.
    local_zone: timezone | None = None
    #: A labelled title is a substring of the page's headline (twnews), not the whole of it.
    title_substring: bool = False
    #: Exact first and last body sentences (gne labels), and fragments the body must hold (zh-labelled).
    body_first: str | None = None
    body_last: str | None = None
    body_fragments: list[str] = field(default_factory=list)


def detect_kind(corpus: Path) -> str:
    if any(corpus.glob("*/MANIFEST.jsonl")) and any(corpus.glob("*/pages")):
        return "zh"
    if (corpus / "test" / "test-pages").is_dir():
        return "readability"
    if (corpus / "tests").is_dir():
        return "gne"
    if any(corpus.glob("*/page.html.gz")):
        return "fundus"
    raise SystemExit(f"{corpus}: not a fundus, readability, gne-pages or zh-labelled folder")


def load_fundus(corpus: Path) -> list[Case]:
    cases: list[Case] = []
    for folder in sorted(path for path in corpus.iterdir() if (path / "page.html.gz").is_file()):
        expected_file = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        expected = expected_file.get("expected", {})
        date_text = expected.get("publishing_date")
        title = expected.get("title")
        cases.append(
            Case(
                name=folder.name,
                group=folder.name.rsplit("_", 1)[0],
                url=expected_file.get("url") or "",
                raw=gzip.decompress((folder / "page.html.gz").read_bytes()),
                title=title,
                title_variants={normalise(title)} if title else set(),
                authors=list(expected.get("authors") or []),
                date=datetime.fromisoformat(date_text) if date_text else None,
                body=_fundus_body(expected.get("body") or {}),
                images=[
                    {image_key(version["url"]) for version in image.get("versions") or [] if version.get("url")}
                    for image in expected.get("images") or []
                    if image.get("versions")
                ],
            )
        )
    return cases


def _fundus_body(body: dict[str, Any]) -> str:
    parts: list[str] = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n".join(parts)


def load_readability(corpus: Path) -> list[Case]:
    cases: list[Case] = []
    for folder in sorted((corpus / "test" / "test-pages").iterdir()):
        source = folder / "source.html"
        if not source.is_file():
            continue
        metadata = json.loads((folder / "expected-metadata.json").read_text(encoding="utf-8"))
        expected_html = (folder / "expected.html").read_text(encoding="utf-8")
        document = lxml.html.document_fromstring(f"<html><body>{expected_html}</body></html>")
        body_node = document.find("body")
        title = metadata.get("title")
        date_text = metadata.get("publishedTime")
        images = []
        for image in document.iter("img"):
            urls = [image.get("src") or "", *_srcset_urls(image.get("srcset") or "")]
            keys = {image_key(url) for url in urls if url and not url.startswith("data:")}
            if keys:
                images.append(keys)
        cases.append(
            Case(
                name=folder.name,
                group=folder.name,
                url=READABILITY_URL,
                raw=source.read_bytes(),
                title=title,
                title_variants=_title_variants(title) if title else set(),
                authors=_byline_names(metadata.get("byline") or ""),
                date=parse_datetime(date_text) if date_text else None,
                body=clean_body([body_node], READABILITY_URL).text if body_node is not None else None,
                images=images,
            )
        )
    return cases


def load_gne(corpus: Path) -> list[Case]:
    labels: dict[str, dict[str, Any]] = {}
    labels_file = corpus / "LABELS.jsonl"
    if labels_file.is_file():
        for line in labels_file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                label = json.loads(line)
                labels[label["path"]] = label
    cases: list[Case] = []
    for path in sorted((corpus / "tests").glob("*/*.html")):
        raw = path.read_bytes()
        match = _CANONICAL.search(raw[:200_000])
        found = next((group for group in match.groups() if group), b"") if match else b""
        url = html_module.unescape(found.decode("ascii", "ignore")).strip()
        if not url.startswith(("http://", "https://")):
            url = f"http://{path.parent.name}.example/{path.name}"
        case = Case(name=f"{path.parent.name}/{path.name}", group=path.parent.name, url=url, raw=raw,
                    local_zone=CHINA_TIME)
        label = labels.get(str(path.relative_to(corpus)))
        if label and label.get("page_type") == "article":
            case.title = label.get("title")
            case.title_variants = {normalise(case.title)} if case.title else set()
            case.authors = list(label.get("authors") or [])
            case.authors_labelled = label.get("authors") is not None
            case.editors = list(label.get("editors") or [])
            case.source = label.get("source")
            case.credits_labelled = "editors" in label and "source" in label
            if label.get("date_published"):
                case.date = _local_date(label["date_published"], CHINA_TIME)
                case.date_day_only = label.get("date_precision") == "day"
            case.body_first = label.get("body_first")
            case.body_last = label.get("body_last")
        cases.append(case)
    return cases


def load_zh_labelled(corpus: Path) -> list[Case]:
    cases: list[Case] = []
    for manifest in sorted(corpus.glob("*/MANIFEST.jsonl")):
        source = manifest.parent
        for line in manifest.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            case = Case(name=row["id"], group=row["id"], url=row.get("canonical_url") or row["url"],
                        raw=(source / row["path"]).read_bytes(), local_zone=CHINA_TIME)
            if row.get("title"):
                case.title = row["title"]
                case.title_variants = {normalise(row["title"])}
                case.title_substring = row.get("title_match") == "substring"
            if row.get("authors") is not None:
                case.authors = list(row["authors"])
                case.authors_labelled = True
            if row.get("date"):
                case.date = _local_date(row["date"], CHINA_TIME)
                case.date_day_only = "day-level" in (row.get("date_format") or "")
            if row.get("body_path"):
                case.body = (source / row["body_path"]).read_text(encoding="utf-8")
            case.body_fragments = [text for text in (row.get("body_contains") or []) if text]
            if row.get("body_starts_with"):
                case.body_first = row["body_starts_with"]
            cases.append(case)
    return cases


def _local_date(text: str, zone: timezone) -> datetime:
    """A labelled date; one without an offset is local time in ``zone``."""
    moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def _srcset_urls(srcset: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in srcset.split(",") if candidate.strip()]


def _title_variants(title: str) -> set[str]:
    """The title, and the title with site/section segments cut from its end or start."""
    title = normalise(title)
    variants = {title}
    separators = list(_TITLE_SEPARATOR.finditer(title))
    for match in separators:
        prefix, suffix = title[: match.start()].strip(), title[match.end() :].strip()
        if prefix:
            variants.add(prefix)
        if suffix:
            variants.add(suffix)
    return variants


def _byline_names(byline: str) -> list[str]:
    names = []
    for part in _BYLINE_SPLIT.split(_BYLINE_LABEL.sub("", byline.strip())):
        part = normalise(_BYLINE_LABEL.sub("", part))
        if part and not any(character.isdigit() for character in part):
            names.append(part)
    return names


def image_key(url: str) -> str:
    """A URL reduced to what identifies the image (see the module notes)."""
    url = html_module.unescape(url.strip())
    if url.startswith("//"):
        url = "http:" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.")
    path = unquote(parts.path)
    query = "" if _IMAGE_PATH.search(path) else parts.query
    return f"{host}{path}?{query}" if query else f"{host}{path}"




def normalise(text: str | None) -> str:
    return " ".join((text or "").split())



LOADERS = {"fundus": load_fundus, "readability": load_readability, "gne": load_gne, "zh": load_zh_labelled}
