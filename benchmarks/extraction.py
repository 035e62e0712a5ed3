"""Quality and speed of newscrawl's generic extraction against trafilatura, on a corpus folder.

    python benchmarks/extraction.py --corpus ../shared/corpus/fundus       [--half tune|held-out] [--json out.json]
    python benchmarks/extraction.py --corpus ../shared/corpus/readability  [--show] [--case SUBSTRING]
    python benchmarks/extraction.py --corpus ../shared/corpus/gne-pages

The corpus kind is detected from its layout:

* **fundus** (``<case>/page.html.gz`` + ``expected.json``): title, authors, publishing date, body, images.
* **readability** (``test/test-pages/<name>/source.html``, ``expected.html``, ``expected-metadata.json``):
  Mozilla Readability's output as ground truth. Pages are given the URL Readability's tests use
  (``http://fakehost/test/page.html``), so relative image URLs resolve as in ``expected.html``.
* **gne** (``tests/<site>/<n>.html``, no ground truth): decoding, whether a title / date / body (≥ 100
  characters) is found at all, titles still ending in a site name (``_网易订阅``, `` - 明日大盘网``), pages with
  replacement characters or mojibake in what was extracted, Chinese boilerplate left in the body (a fixed list of
  markers: 免责声明, 责任编辑, 相关阅读, 扫码关注, 分享到…), and speed. "Decoded clean" means the decoded page
  holds no U+FFFD and no mojibake (two GNE pages hold literal U+FFFD in their article text as saved). The page
  URL is its ``rel=canonical`` / ``og:url``. trafilatura decodes the bytes itself (``decode_file``).

How each field is measured (same rule for both extractors):

* **body**: the article-extraction-benchmark metric: 4-token shingles per page, precision and recall per page,
  macro-averaged, F1 of the averages. A token is a run of letters/digits, or one CJK ideograph / kana / hangul
  character. newscrawl's body is ``Article.body_text`` (what it archives); trafilatura's is its ``text``.
  Readability's expected text is ``expected.html``'s text.
* **title**: exact match after whitespace folding. Readability keeps site names in many titles
  ("Headline | eHow", "标题_教育频道_中国青年网"), so there a title also counts when it equals the expected
  title with trailing (or leading) `` | `` / `` - `` / `` – `` / `` — `` / ``_`` / `` :: `` / `` · ``
  segments removed; no other variant is accepted.
* **authors**: F1 of the sets of names (case and whitespace folded), per page, averaged. Readability's byline is a
  free string: it is split the same way for both (a leading "By"/"Par"/"Written by" dropped, split at commas,
  " and ", "&", "|", line breaks), and parts holding digits (dates) are dropped.
* **date**: publication time within one hour. When one side has no offset both are compared as wall-clock times.
* **images**: recall of the expected images (fundus: each image's ``versions[].url``, any version counts;
  readability: each ``<img>`` of ``expected.html``, its ``src`` or a ``srcset`` candidate). An extracted URL
  matches when scheme, ``www.``, percent-encoding and, for URLs whose path names an image file, the query
  (resize parameters) are ignored. newscrawl's images are ``Article.images`` (the body's ``<img>`` after lazy
  repair) plus ``Article.lead_image``; trafilatura's are the ``<graphic>`` elements of a second,
  ``include_images=True`` run (not timed; its text comes from the default run) plus its metadata ``image``.
  Image precision (extracted images that are expected) is printed too so that recall is not bought with noise.
* **ms/page**: median and mean wall time per page including decoding and parsing: newscrawl from bytes through
  ``decode_html`` and ``extract_article(page, None)`` (every Article field, body cleaned); trafilatura
  ``bare_extraction(bytes, with_metadata=True)`` (its own decoding), with extensive date search.

``--half tune`` / ``--half held-out`` select half of the corpus by a hash of the publisher (fundus), page name
(readability) or site (gne): rules are tuned on ``tune`` and checked on ``held-out``.
"""

from __future__ import annotations

import argparse
import gzip
import html as html_module
import json
import re
import statistics
import sys
import time
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import lxml.html

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawl.extract.article import extract_article
from newscrawl.extract.body import clean_body
from newscrawl.extract.dates import parse_datetime
from newscrawl.extract.encoding import decode_html, mojibake_count
from newscrawl.extract.page import Page

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W_]+")
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
BOILERPLATE_MARKERS = (
    "免责声明", "版权声明", "责任编辑", "相关阅读", "推荐阅读", "扫码关注", "关注公众号", "原文链接", "分享到",
    "相关新闻", "热门推荐", "猜你喜欢", "返回搜狐", "不得转载", "版权所有", "点击进入", "下载客户端",
)
READABILITY_URL = "http://fakehost/test/page.html"
#: A title ending in a site or channel name ("标题_网易订阅", "标题 - 明日大盘网"): gne pages, no ground truth.
_SITE_SUFFIX = re.compile(r"(?:[_｜|]|\s[-–—]\s)[^_｜|]{1,20}$")


# ------------------------------------------------------------------------------------------------ cases


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


def detect_kind(corpus: Path) -> str:
    if (corpus / "test" / "test-pages").is_dir():
        return "readability"
    if (corpus / "tests").is_dir():
        return "gne"
    if any(corpus.glob("*/page.html.gz")):
        return "fundus"
    raise SystemExit(f"{corpus}: not a fundus, readability or gne-pages folder")


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
                title_variants={_normalise(title)} if title else set(),
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
    cases: list[Case] = []
    for path in sorted((corpus / "tests").glob("*/*.html")):
        raw = path.read_bytes()
        match = _CANONICAL.search(raw[:200_000])
        found = next((group for group in match.groups() if group), b"") if match else b""
        url = html_module.unescape(found.decode("ascii", "ignore")).strip()
        if not url.startswith(("http://", "https://")):
            url = f"http://{path.parent.name}.example/{path.name}"
        cases.append(Case(name=f"{path.parent.name}/{path.name}", group=path.parent.name, url=url, raw=raw))
    return cases


def _srcset_urls(srcset: str) -> list[str]:
    return [candidate.strip().split()[0] for candidate in srcset.split(",") if candidate.strip()]


def _title_variants(title: str) -> set[str]:
    """The title, and the title with site/section segments cut from its end or start."""
    title = _normalise(title)
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
        part = _normalise(_BYLINE_LABEL.sub("", part))
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


# --------------------------------------------------------------------------------------------- extractors


@dataclass
class Extracted:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: datetime | None = None
    body: str = ""
    images: list[str] = field(default_factory=list)
    milliseconds: float = 0.0
    decoded_replacements: int = 0
    decoded_suspicious: bool = False
    decoded_length: int = 0
    #: newscrawl only: the body is saved as nh3 re-serialised it (``Article.body_sanitized``), not the page's bytes.
    body_sanitized: bool = False


def run_newscrawl(case: Case) -> Extracted:
    start = time.perf_counter()
    decoded = decode_html(case.raw, case.content_type)
    article = extract_article(Page(url=case.url, html=decoded.text), None)
    elapsed = (time.perf_counter() - start) * 1000
    images = list(article.images)
    if article.lead_image:
        images.append(article.lead_image)
    return Extracted(
        title=article.title,
        authors=list(article.authors),
        date=parse_datetime(article.date_published) if article.date_published else None,
        body=article.body_text or "",
        images=images,
        milliseconds=elapsed,
        body_sanitized=article.body_sanitized,
        decoded_replacements=decoded.replacement_count,
        decoded_suspicious=decoded.suspicious,
        decoded_length=len(decoded.text),
    )


_TRAFILATURA_DATES = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def run_trafilatura(case: Case) -> Extracted:
    from trafilatura import bare_extraction
    from trafilatura.utils import decode_file

    start = time.perf_counter()
    document = bare_extraction(
        case.raw, url=case.url, with_metadata=True, date_extraction_params=_TRAFILATURA_DATES
    )
    elapsed = (time.perf_counter() - start) * 1000
    decoded = decode_file(case.raw)
    decoded_text = decoded if isinstance(decoded, str) else ""
    result = Extracted(
        milliseconds=elapsed,
        decoded_replacements=decoded_text.count("\ufffd"),
        decoded_length=len(decoded_text),
    )
    if document is None:
        return result
    values = document if isinstance(document, dict) else document.as_dict()
    author = values.get("author") or ""
    date_text = values.get("date")
    result.title = values.get("title")
    result.authors = [name.strip() for name in author.split(";") if name.strip()]
    result.date = parse_datetime(date_text) if date_text else None
    result.body = values.get("text") or values.get("raw_text") or ""
    # Images from a second run (not timed): include_images changes what the text holds.
    with_images = bare_extraction(
        case.raw, url=case.url, with_metadata=True, include_images=True, date_extraction_params=_TRAFILATURA_DATES
    )
    if with_images is not None:
        body = getattr(with_images, "body", None)
        if body is not None:
            result.images = [src for src in (graphic.get("src") for graphic in body.iter("graphic")) if src]
        image = getattr(with_images, "image", None)
        if image:
            result.images.append(image)
    return result


RUNNERS: dict[str, Callable[[Case], Extracted]] = {
    "newscrawl generic": run_newscrawl,
    "trafilatura 2.x": run_trafilatura,
}


# ------------------------------------------------------------------------------------------------ metrics


def _normalise(text: str | None) -> str:
    return " ".join((text or "").split())


def _set_f1(found: Iterable[str], expected: Iterable[str]) -> float:
    found_set = {_normalise(name).casefold() for name in found}
    expected_set = {_normalise(name).casefold() for name in expected}
    if not found_set and not expected_set:
        return 1.0
    if not found_set or not expected_set:
        return 0.0
    common = len(found_set & expected_set)
    if not common:
        return 0.0
    precision, recall = common / len(found_set), common / len(expected_set)
    return 2 * precision * recall / (precision + recall)


def _within_hour(found: datetime | None, expected: datetime) -> bool:
    if found is None:
        return False
    if (found.tzinfo is None) != (expected.tzinfo is None):
        found, expected = found.replace(tzinfo=None), expected.replace(tzinfo=None)
    return abs((found - expected).total_seconds()) <= 3600


def _shingles(text: str, size: int = 4) -> set[tuple[str, ...]]:
    tokens = [token.casefold() for token in _TOKEN.findall(text)]
    if len(tokens) < size:
        return {tuple(tokens)} if tokens else set()
    return {tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}


def precision_recall(found: str, expected: str) -> tuple[float, float]:
    found_shingles, expected_shingles = _shingles(found), _shingles(expected)
    if not expected_shingles:
        return (1.0, 1.0) if not found_shingles else (0.0, 1.0)
    if not found_shingles:
        return 0.0, 0.0
    common = len(found_shingles & expected_shingles)
    return common / len(found_shingles), common / len(expected_shingles)


def image_scores(found: list[str], expected: list[set[str]]) -> tuple[float, float | None]:
    """(recall, precision or None when nothing was extracted)."""
    keys = {image_key(url) for url in found if url and not url.startswith("data:")}
    recalled = sum(1 for versions in expected if versions & keys)
    wanted = set().union(*expected) if expected else set()
    precision = sum(1 for key in keys if key in wanted) / len(keys) if keys else None
    return recalled / len(expected), precision


def _mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


@dataclass
class Scores:
    title: list[bool] = field(default_factory=list)
    authors: list[float] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    image_recall: list[float] = field(default_factory=list)
    image_precision: list[float] = field(default_factory=list)
    milliseconds: list[float] = field(default_factory=list)
    # gne (no ground truth)
    pages: int = 0
    decoded_clean: int = 0
    has_title: int = 0
    has_date: int = 0
    has_body: int = 0
    boilerplate: int = 0
    garbled: int = 0
    title_suffix: int = 0
    body_sanitized: int = 0

    def add(self, case: Case, result: Extracted) -> None:
        self.pages += 1
        self.milliseconds.append(result.milliseconds)
        if case.title_variants:
            self.title.append(_normalise(result.title) in case.title_variants)
        if case.authors:
            self.authors.append(_set_f1(result.authors, case.authors))
        if case.date is not None:
            self.date.append(_within_hour(result.date, case.date))
        if case.body:
            precision, recall = precision_recall(result.body, case.body)
            self.precision.append(precision)
            self.recall.append(recall)
        if case.images:
            recall, image_precision = image_scores(result.images, case.images)
            self.image_recall.append(recall)
            if image_precision is not None:
                self.image_precision.append(image_precision)
        self.decoded_clean += result.decoded_replacements == 0 and not result.decoded_suspicious
        self.has_title += bool(_normalise(result.title))
        self.has_date += result.date is not None
        self.has_body += len(_normalise(result.body)) >= 100
        self.boilerplate += any(marker in result.body for marker in BOILERPLATE_MARKERS)
        extracted = f"{result.title or ''}{result.body}"
        self.garbled += "\ufffd" in extracted or mojibake_count(extracted) > 0
        self.title_suffix += bool(_SITE_SUFFIX.search(result.title or ""))
        self.body_sanitized += result.body_sanitized

    def summary(self) -> dict[str, Any]:
        precision, recall = _mean(self.precision), _mean(self.recall)
        return {
            "pages": self.pages,
            "title_exact": {"value": _mean([float(v) for v in self.title]), "n": len(self.title)},
            "authors_f1": {"value": _mean(self.authors), "n": len(self.authors)},
            "date_within_hour": {"value": _mean([float(v) for v in self.date]), "n": len(self.date)},
            "body": {
                "precision": precision,
                "recall": recall,
                "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
                "n": len(self.precision),
            },
            "images": {
                "recall": _mean(self.image_recall),
                "n": len(self.image_recall),
                "precision": _mean(self.image_precision),
                "precision_n": len(self.image_precision),
            },
            "bodies_sanitized": self.body_sanitized,
            "ms_per_page": {"median": statistics.median(self.milliseconds), "mean": _mean(self.milliseconds)},
            "without_ground_truth": {
                "decoded_clean": self.decoded_clean / self.pages,
                "has_title": self.has_title / self.pages,
                "has_date": self.has_date / self.pages,
                "has_body": self.has_body / self.pages,
                "body_with_boilerplate": self.boilerplate / self.pages,
                "garbled_title_or_body": self.garbled / self.pages,
                "title_with_site_suffix": self.title_suffix / self.pages,
            },
        }


def table(kind: str, summaries: dict[str, dict[str, Any]]) -> str:
    if kind == "gne":
        lines = [
            "| extractor | decoded clean | title found | title with site suffix | date found "
            "| body found (≥ 100 chars) | body with boilerplate | U+FFFD or mojibake in title/body "
            "| ms/page median / mean |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        for name, summary in summaries.items():
            other = summary["without_ground_truth"]
            ms = summary["ms_per_page"]
            lines.append(
                f"| {name} | {100 * other['decoded_clean']:.1f} % | {100 * other['has_title']:.1f} % "
                f"| {100 * other['title_with_site_suffix']:.1f} % "
                f"| {100 * other['has_date']:.1f} % | {100 * other['has_body']:.1f} % "
                f"| {100 * other['body_with_boilerplate']:.1f} % | {100 * other['garbled_title_or_body']:.1f} % "
                f"| {ms['median']:.1f} / {ms['mean']:.1f} |"
            )
        return "\n".join(lines)
    lines = [
        "| extractor | title exact (n) | authors F1 (n) | date ±1 h (n) | body P / R / F1 (n) "
        "| image recall (n) / precision | ms/page median / mean |",
        "|---|---|---|---|---|---|---|",
    ]
    for name, summary in summaries.items():
        body, images, ms = summary["body"], summary["images"], summary["ms_per_page"]
        lines.append(
            f"| {name} | {100 * summary['title_exact']['value']:.1f} % ({summary['title_exact']['n']}) "
            f"| {summary['authors_f1']['value']:.3f} ({summary['authors_f1']['n']}) "
            f"| {100 * summary['date_within_hour']['value']:.1f} % ({summary['date_within_hour']['n']}) "
            f"| {body['precision']:.3f} / {body['recall']:.3f} / {body['f1']:.3f} ({body['n']}) "
            f"| {images['recall']:.3f} ({images['n']}) / {images['precision']:.3f} "
            f"| {ms['median']:.1f} / {ms['mean']:.1f} |"
        )
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- main


def _in_half(case: Case, half: str | None) -> bool:
    if half is None:
        return True
    tune = zlib.crc32(case.group.encode("utf-8")) % 2 == 0
    return tune if half == "tune" else not tune


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="fundus, readability or gne-pages folder")
    parser.add_argument("--half", choices=("tune", "held-out"), help="only one half of the corpus (see notes)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--case", help="only cases whose name contains this")
    parser.add_argument("--no-trafilatura", action="store_true", help="measure newscrawl only")
    parser.add_argument("--show", action="store_true", help="print newscrawl's misses page by page")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file ('-': stdout)")
    options = parser.parse_args(argv)

    kind = detect_kind(options.corpus)
    loaders = {"fundus": load_fundus, "readability": load_readability, "gne": load_gne}
    cases = [case for case in loaders[kind](options.corpus) if _in_half(case, options.half)]
    if options.case:
        cases = [case for case in cases if options.case in case.name]
    if options.limit:
        cases = cases[: options.limit]
    runners = {"newscrawl generic": run_newscrawl} if options.no_trafilatura else dict(RUNNERS)
    scores = {name: Scores() for name in runners}
    for case in cases:
        for name, runner in runners.items():
            result = runner(case)
            scores[name].add(case, result)
            if options.show and name == "newscrawl generic":
                _show_misses(case, result)

    summaries = {name: score.summary() for name, score in scores.items()}
    half = f", {options.half} half" if options.half else ""
    print(f"{len(cases)} pages ({kind}{half}) from {options.corpus}")
    print()
    print(table(kind, summaries))
    if "newscrawl generic" in summaries:
        sanitized = summaries["newscrawl generic"]["bodies_sanitized"]
        print(f"\nnewscrawl bodies saved as nh3 re-serialised them (markup off its allow-list): {sanitized} of "
              f"{len(cases)} pages")
    if options.json:
        payload = json.dumps(
            {"corpus": str(options.corpus), "kind": kind, "half": options.half, "pages": len(cases),
             "extractors": summaries},
            indent=2,
        )
        if str(options.json) == "-":
            print(payload)
        else:
            options.json.write_text(payload + "\n", encoding="utf-8")
    return 0


def _show_misses(case: Case, result: Extracted) -> None:
    lines = []
    if case.title_variants and _normalise(result.title) not in case.title_variants:
        lines.append(f"  title:   {result.title!r}\n   expect: {case.title!r}")
    if case.authors and _set_f1(result.authors, case.authors) < 1:
        lines.append(f"  authors: {result.authors!r}\n   expect: {case.authors!r}")
    if case.date is not None and not _within_hour(result.date, case.date):
        lines.append(f"  date:    {result.date}\n   expect: {case.date}")
    if case.body:
        precision, recall = precision_recall(result.body, case.body)
        if precision < 0.8 or recall < 0.8:
            lines.append(f"  body:    P={precision:.2f} R={recall:.2f} ({len(result.body)} chars)")
    if case.images:
        recall, image_precision = image_scores(result.images, case.images)
        if recall < 1 or (image_precision or 0) < 1:
            lines.append(f"  images:  R={recall:.2f} P={image_precision} found {len(result.images)}"
                         f" expected {len(case.images)}")
    if not case.body and not case.title_variants:
        if not result.title or result.date is None or len(result.body) < 100:
            lines.append(f"  title={result.title!r} date={result.date} body={len(result.body)} chars")
        markers = [marker for marker in BOILERPLATE_MARKERS if marker in result.body]
        if markers:
            lines.append(f"  boilerplate: {markers}")
    if lines:
        print(f"{case.name}  {case.url}")
        print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
