"""Quality and speed of newscrawl's generic extraction against trafilatura, on a corpus folder.

    python benchmarks/extraction.py --corpus ../shared/corpus/fundus       [--half tune|held-out] [--json out.json]
    python benchmarks/extraction.py --corpus ../shared/corpus/readability  [--show] [--case SUBSTRING]
    python benchmarks/extraction.py --corpus ../shared/corpus/gne-pages
    python benchmarks/extraction.py --all ../shared/corpus     # every set below in one run, one table

The corpus kind is detected from its layout:

* **fundus** (``<case>/page.html.gz`` + ``expected.json``): title, authors, publishing date, body, images.
* **readability** (``test/test-pages/<name>/source.html``, ``expected.html``, ``expected-metadata.json``):
  Mozilla Readability's output as ground truth. Pages are given the URL Readability's tests use
  (``http://fakehost/test/page.html``), so relative image URLs resolve as in ``expected.html``.
* **zh-labelled** (``<source>/MANIFEST.jsonl`` + ``pages/``) and **gne** with its ``LABELS.jsonl``: see
  ``extraction_cases.py``. Their authors count on every labelled page (an empty label is right only when nothing is
  found), dates are compared on the day in the page's zone (UTC+8), and the gne labels' first and last body
  sentences must be in the body.
* **gne** (``tests/<site>/<n>.html``, no ground truth besides ``LABELS.jsonl``): decoding, whether a title /
  date / body (≥ 100 characters) is found at all, titles still ending in a site name (``_网易订阅``,
  `` - 明日大盘网``), pages with replacement characters or mojibake in what was extracted, Chinese
  boilerplate left in the body (a fixed list of markers: 免责声明, 责任编辑, 相关阅读, 扫码关注,
  分享到…), and speed. "Decoded clean" means the decoded page holds no U+FFFD and no mojibake (two GNE
  pages hold literal U+FFFD in their article text as saved). The page
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
* **ms/page**: median and mean time per page including decoding and parsing — the process's CPU time
  (``time.process_time``: both extractors run single-threaded in this process, so a machine shared with other
  work does not skew the comparison; on an idle machine it equals the wall time): newscrawl from bytes through
  ``decode_html`` and ``extract_article(page, None)`` (every Article field, body cleaned); trafilatura
  ``bare_extraction(bytes, with_metadata=True)`` (its own decoding), with extensive date search.

``--half tune`` / ``--half held-out`` select half of the corpus by a hash of the publisher (fundus), page name
(readability) or site (gne): rules are tuned on ``tune`` and checked on ``held-out``.
"""

from __future__ import annotations

import argparse
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.extraction_cases import LOADERS, Case, detect_kind, image_key, normalise
from newscrawl.extract.article import extract_article
from newscrawl.extract.dates import parse_datetime
from newscrawl.extract.encoding import decode_html, mojibake_count
from newscrawl.extract.page import Page

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W_]+")
BOILERPLATE_MARKERS = (
    "免责声明", "版权声明", "责任编辑", "相关阅读", "推荐阅读", "扫码关注", "关注公众号", "原文链接", "分享到",
    "相关新闻", "热门推荐", "猜你喜欢", "返回搜狐", "不得转载", "版权所有", "点击进入", "下载客户端",
)
_SITE_SUFFIX = re.compile(r"(?:[_｜|]|\s[-–—]\s)[^_｜|]{1,20}$")


# ------------------------------------------------------------------------------------------------ cases


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
    #: newscrawl only (trafilatura reads neither): ``Article.editors`` and ``Article.source``.
    editors: list[str] | None = None
    source: str | None = None


def run_newscrawl(case: Case) -> Extracted:
    start = time.process_time()
    decoded = decode_html(case.raw, case.content_type)
    article = extract_article(Page(url=case.url, html=decoded.text, utf8=decoded.utf8), None)
    elapsed = (time.process_time() - start) * 1000
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
        editors=list(article.editors),
        source=article.source,
        decoded_replacements=decoded.replacement_count,
        decoded_suspicious=decoded.suspicious,
        decoded_length=len(decoded.text),
    )


_TRAFILATURA_DATES = {"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"}


def run_trafilatura(case: Case) -> Extracted:
    from trafilatura import bare_extraction
    from trafilatura.utils import decode_file

    start = time.process_time()
    document = bare_extraction(
        case.raw, url=case.url, with_metadata=True, date_extraction_params=_TRAFILATURA_DATES
    )
    elapsed = (time.process_time() - start) * 1000
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



def _set_f1(found: Iterable[str], expected: Iterable[str]) -> float:
    found_set = {normalise(name).casefold() for name in found}
    expected_set = {normalise(name).casefold() for name in expected}
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


def _on_the_day(found: datetime | None, expected: datetime, zone: Any) -> bool:
    """Whether ``found`` falls on the labelled day, both read in the page's zone (or as printed, when naive)."""
    if found is None:
        return False
    if found.tzinfo is not None and expected.tzinfo is not None:
        local = zone or expected.tzinfo
        return found.astimezone(local).date() == expected.astimezone(local).date()
    return found.date() == expected.date()


def _holds(body: str, sentence: str) -> bool:
    """Whether ``sentence`` is in ``body``, all whitespace removed from both (labels join split pieces)."""
    return "".join(sentence.split()) in "".join(body.split())


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
    #: Pages whose authors are labelled even when empty (Chinese sets): F1 of the sets, empty and empty is 1.
    authors_labelled: list[float] = field(default_factory=list)
    #: Labelled Chinese pages: editors (as a set) and outlet exactly as labelled, an empty label included.
    editors: list[bool] = field(default_factory=list)
    source: list[bool] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    date_day: list[bool] = field(default_factory=list)
    body_first: list[bool] = field(default_factory=list)
    body_last: list[bool] = field(default_factory=list)
    body_fragments: list[bool] = field(default_factory=list)
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
            title = normalise(result.title)
            self.title.append(title in case.title_variants or (
                case.title_substring and any(variant in title for variant in case.title_variants)))
        if case.authors:
            self.authors.append(_set_f1(result.authors, case.authors))
        if case.authors_labelled:
            self.authors_labelled.append(_set_f1(result.authors, case.authors))
        if case.credits_labelled and result.editors is not None:
            self.editors.append(set(result.editors) == set(case.editors))
            self.source.append(result.source == case.source)
        if case.date is not None:
            if not case.date_day_only:
                self.date.append(_within_hour(result.date, case.date))
            self.date_day.append(_on_the_day(result.date, case.date, case.local_zone))
        if case.body_first:
            self.body_first.append(_holds(result.body, case.body_first))
        if case.body_last:
            self.body_last.append(_holds(result.body, case.body_last))
        self.body_fragments.extend(_holds(result.body, fragment) for fragment in case.body_fragments)
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
        self.has_title += bool(normalise(result.title))
        self.has_date += result.date is not None
        self.has_body += len(normalise(result.body)) >= 100
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
            "authors_f1_labelled": {"value": _mean(self.authors_labelled), "n": len(self.authors_labelled)},
            "editors_exact": {"value": _mean([float(v) for v in self.editors]), "n": len(self.editors)},
            "source_exact": {"value": _mean([float(v) for v in self.source]), "n": len(self.source)},
            "date_on_the_day": {"value": _mean([float(v) for v in self.date_day]), "n": len(self.date_day)},
            "body_first_sentence": {"value": _mean([float(v) for v in self.body_first]), "n": len(self.body_first)},
            "body_last_sentence": {"value": _mean([float(v) for v in self.body_last]), "n": len(self.body_last)},
            "body_fragments": {"value": _mean([float(v) for v in self.body_fragments]),
                               "n": len(self.body_fragments)},
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
            "ms_per_page": {"median": statistics.median(self.milliseconds) if self.milliseconds else 0.0,
                            "mean": _mean(self.milliseconds)},
            "without_ground_truth": {
                "decoded_clean": self.decoded_clean / max(self.pages, 1),
                "has_title": self.has_title / max(self.pages, 1),
                "has_date": self.has_date / max(self.pages, 1),
                "has_body": self.has_body / max(self.pages, 1),
                "body_with_boilerplate": self.boilerplate / max(self.pages, 1),
                "garbled_title_or_body": self.garbled / max(self.pages, 1),
                "title_with_site_suffix": self.title_suffix / max(self.pages, 1),
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


def sets_table(summaries: dict[str, dict[str, dict[str, Any]]]) -> str:
    """One row per set and extractor: the columns every set is compared on."""

    def share(figure: dict[str, Any]) -> str:
        return f"{100 * figure['value']:.1f} % ({figure['n']})" if figure["n"] else "–"

    def f1(figure: dict[str, Any]) -> str:
        return f"{figure['value']:.3f} ({figure['n']})" if figure["n"] else "–"

    lines = [
        "| set | extractor | title (n) | authors F1, pages with names (n) | authors F1, labelled pages (n) "
        "| date ±1 h (n) | date on the right day (n) | body F1 (n) | body first / last sentence found (n) "
        "| ms/page median / mean |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for set_name, by_extractor in summaries.items():
        for name, summary in by_extractor.items():
            body, ms = summary["body"], summary["ms_per_page"]
            first, last = summary["body_first_sentence"], summary["body_last_sentence"]
            body_f1 = f"{body['f1']:.3f} ({body['n']})" if body["n"] else "–"
            bounds = (f"{100 * first['value']:.0f} / {100 * last['value']:.0f} % ({first['n']})"
                      if first["n"] and last["n"] else share(first) if first["n"] else "–")
            lines.append(
                f"| {set_name} | {name} | {share(summary['title_exact'])} | {f1(summary['authors_f1'])} "
                f"| {f1(summary['authors_f1_labelled'])} | {share(summary['date_within_hour'])} "
                f"| {share(summary['date_on_the_day'])} "
                f"| {body_f1} | {bounds} "
                f"| {ms['median']:.1f} / {ms['mean']:.1f} |"
            )
    for set_name, by_extractor in summaries.items():
        for name, summary in by_extractor.items():
            editors, source = summary["editors_exact"], summary["source_exact"]
            if editors["n"] and set_name in dict(SETS):  # a set of its own, not a pooled row
                lines.append(f"\n{set_name}, {name}: editors exact {share(editors)}, outlet (来源) exact "
                             f"{share(source)}; empty labels count (trafilatura reads neither)")
    return "\n".join(lines)


#: The sets ``--all`` measures, as folders of the corpus root.
SETS = (("fundus", "fundus"), ("readability (mixed)", "readability"), ("gne-pages", "gne-pages"),
        ("zh-labelled", "zh-labelled"))
#: Readability's Chinese pages (its bylines are labelled; dates are not).
READABILITY_CHINESE = frozenset(("gmw", "qq", "youth", "pixnet"))


def measure_all(root: Path, runners: dict[str, Callable[[Case], Extracted]], show: bool) -> dict[str, Any]:
    """Every set of the corpus root in one run, with pooled rows: Chinese (gne-pages + zh-labelled) and all."""
    per_set: dict[str, dict[str, Scores]] = {}
    pooled = {"Chinese (gne-pages + zh-labelled)": {name: Scores() for name in runners},
              "readability, Chinese pages": {name: Scores() for name in runners},
              "all pages": {name: Scores() for name in runners}}
    for set_name, folder in SETS:
        cases = LOADERS[detect_kind(root / folder)](root / folder)
        per_set[set_name] = {name: Scores() for name in runners}
        for case in cases:
            for name, runner in runners.items():
                result = runner(case)
                per_set[set_name][name].add(case, result)
                pooled["all pages"][name].add(case, result)
                if folder in ("gne-pages", "zh-labelled"):
                    pooled["Chinese (gne-pages + zh-labelled)"][name].add(case, result)
                if folder == "readability" and case.name in READABILITY_CHINESE:
                    pooled["readability, Chinese pages"][name].add(case, result)
                if show and name == "newscrawl generic":
                    _show_misses(case, result)
    return {set_name: {name: score.summary() for name, score in by_extractor.items()}
            for set_name, by_extractor in {**per_set, **pooled}.items()}


# ---------------------------------------------------------------------------------------------------- main


def _in_half(case: Case, half: str | None) -> bool:
    if half is None:
        return True
    tune = zlib.crc32(case.group.encode("utf-8")) % 2 == 0
    return tune if half == "tune" else not tune


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, help="fundus, readability, gne-pages or zh-labelled folder")
    parser.add_argument("--all", type=Path, metavar="ROOT",
                        help="every set under this corpus root in one run (fundus, readability, gne-pages, "
                             "zh-labelled), one table")
    parser.add_argument("--half", choices=("tune", "held-out"), help="only one half of the corpus (see notes)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--case", help="only cases whose name contains this")
    parser.add_argument("--no-trafilatura", action="store_true", help="measure newscrawl only")
    parser.add_argument("--show", action="store_true", help="print newscrawl's misses page by page")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON to this file ('-': stdout)")
    options = parser.parse_args(argv)
    if options.all:
        runners = {"newscrawl generic": run_newscrawl} if options.no_trafilatura else dict(RUNNERS)
        every = measure_all(options.all, runners, options.show)
        print(sets_table(every))
        figures = every["all pages"]
        if len(figures) == 2:
            ours, theirs = (figures[name]["ms_per_page"]["mean"] for name in RUNNERS)
            print(f"\nall {figures['newscrawl generic']['pages']} pages, one run: newscrawl {ours:.1f} ms/page, "
                  f"trafilatura {theirs:.1f} ms/page (mean; newscrawl at {ours / theirs:.2f}× trafilatura's time)")
        if options.json:
            payload = json.dumps({"root": str(options.all), "sets": every}, indent=2)
            if str(options.json) == "-":
                print(payload)
            else:
                options.json.write_text(payload + "\n", encoding="utf-8")
        return 0
    if options.corpus is None:
        parser.error("--corpus or --all is required")

    kind = detect_kind(options.corpus)
    cases = [case for case in LOADERS[kind](options.corpus) if _in_half(case, options.half)]
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
    if case.title_variants and normalise(result.title) not in case.title_variants:
        lines.append(f"  title:   {result.title!r}\n   expect: {case.title!r}")
    if case.authors and _set_f1(result.authors, case.authors) < 1:
        lines.append(f"  authors: {result.authors!r}\n   expect: {case.authors!r}")
    if case.authors_labelled and not case.authors and result.authors:
        lines.append(f"  authors: {result.authors!r}\n   expect: []")
    if case.date is not None and not _on_the_day(result.date, case.date, case.local_zone):
        lines.append(f"  date:    {result.date}\n   expect: {case.date}")
    for label, sentence in (("first", case.body_first), ("last", case.body_last)):
        if sentence and not _holds(result.body, sentence):
            lines.append(f"  body {label} sentence missing: {sentence[:60]!r}")
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
