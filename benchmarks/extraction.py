"""Quality and speed of generic extraction against trafilatura, on the fundus corpus (saved pages + expected JSON).

    python benchmarks/extraction.py --corpus /work/shared/corpus/fundus [--limit N] [--case SUBSTRING] [--show]

Per field, for newscrawl's ``extract_generic`` and trafilatura's ``bare_extraction(with_metadata=True)``:
title exact match, authors F1 (per page, averaged), publication date within one hour, body precision / recall / F1
over 4-token shingles (per page, macro-averaged; a CJK character is one token), and milliseconds per page
(parse included). Pages without an expected value for a field are left out of that field's figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import sys
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from w3lib.encoding import html_to_unicode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from newscrawl.extract.body import clean_body
from newscrawl.extract.dates import parse_datetime
from newscrawl.extract.generic import extract_generic
from newscrawl.extract.page import Page

_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]|[^\W_]+")


@dataclass
class Extracted:
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    date: datetime | None = None
    body: str = ""
    milliseconds: float = 0.0


@dataclass
class Case:
    name: str
    url: str
    html: str
    title: str | None
    authors: list[str]
    date: datetime | None
    body: str


def load_cases(corpus: Path, limit: int | None, only: str | None) -> list[Case]:
    cases: list[Case] = []
    for line in (corpus / "MANIFEST.jsonl").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        entry = json.loads(line)
        name = entry["case"]
        if only and only not in name:
            continue
        folder = corpus / name
        raw = gzip.decompress((folder / "page.html.gz").read_bytes())
        html = _decode(raw)
        expected_file = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
        expected = expected_file.get("expected", {})
        date_text = expected.get("publishing_date")
        cases.append(
            Case(
                name=name,
                url=expected_file.get("url") or entry.get("url") or "",
                html=html,
                title=expected.get("title"),
                authors=list(expected.get("authors") or []),
                date=datetime.fromisoformat(date_text) if date_text else None,
                body=_expected_body(expected.get("body") or {}),
            )
        )
        if limit and len(cases) >= limit:
            break
    return cases


def _decode(raw: bytes) -> str:
    """The page as text. fundus stores pages re-encoded as UTF-8 while many still declare their original charset
    (GB2312, ISO-8859-1): UTF-8 is tried first, the declared or detected encoding after."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return html_to_unicode(None, raw)[1]


def _expected_body(body: dict[str, Any]) -> str:
    parts: list[str] = list(body.get("summary") or [])
    for section in body.get("sections") or []:
        parts.extend(section.get("headline") or [])
        parts.extend(section.get("paragraphs") or [])
    return "\n".join(parts)


def _visible_text(element: Any) -> str:
    """The body's text exactly as newscrawl archives it (``body_text``): the cleaner decides what is text."""
    return clean_body([element], "https://example.invalid/").text


def run_newscrawl(case: Case) -> Extracted:
    start = time.perf_counter()
    page = Page(url=case.url, html=case.html)
    found = extract_generic(page)
    body = found.get("body")
    body_text = _visible_text(body.value) if body is not None else ""
    elapsed = (time.perf_counter() - start) * 1000
    date = found.get("date_published")
    title = found.get("title")
    authors = found.get("authors")
    return Extracted(
        title=str(title.value) if title else None,
        authors=list(authors.value) if authors and isinstance(authors.value, list) else [],
        date=date.value if date and isinstance(date.value, datetime) else None,
        body=body_text,
        milliseconds=elapsed,
    )


def run_trafilatura(case: Case) -> Extracted:
    from trafilatura import bare_extraction

    start = time.perf_counter()
    document = bare_extraction(
        case.html,
        url=case.url,
        with_metadata=True,
        date_extraction_params={"extensive_search": True, "original_date": True, "outputformat": "%Y-%m-%dT%H:%M:%S%z"},
    )
    elapsed = (time.perf_counter() - start) * 1000
    if document is None:
        return Extracted(milliseconds=elapsed)
    values = document if isinstance(document, dict) else document.as_dict()
    author = values.get("author") or ""
    date_text = values.get("date")
    return Extracted(
        title=values.get("title"),
        authors=[name.strip() for name in author.split(";") if name.strip()],
        date=parse_datetime(date_text) if date_text else None,
        body=values.get("text") or values.get("raw_text") or "",
        milliseconds=elapsed,
    )


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


def _precision_recall(found: str, expected: str) -> tuple[float, float]:
    found_shingles, expected_shingles = _shingles(found), _shingles(expected)
    if not found_shingles:
        return 0.0, 0.0
    common = len(found_shingles & expected_shingles)
    return common / len(found_shingles), common / len(expected_shingles)


@dataclass
class Scores:
    title: list[bool] = field(default_factory=list)
    authors: list[float] = field(default_factory=list)
    date: list[bool] = field(default_factory=list)
    precision: list[float] = field(default_factory=list)
    recall: list[float] = field(default_factory=list)
    milliseconds: list[float] = field(default_factory=list)

    def add(self, case: Case, result: Extracted) -> None:
        if case.title:
            self.title.append(_normalise(result.title) == _normalise(case.title))
        if case.authors:
            self.authors.append(_set_f1(result.authors, case.authors))
        if case.date is not None:
            self.date.append(_within_hour(result.date, case.date))
        if case.body:
            precision, recall = _precision_recall(result.body, case.body)
            self.precision.append(precision)
            self.recall.append(recall)
        self.milliseconds.append(result.milliseconds)

    def row(self, name: str) -> str:
        precision = statistics.fmean(self.precision) if self.precision else 0.0
        recall = statistics.fmean(self.recall) if self.recall else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return (
            f"| {name} | {100 * statistics.fmean(self.title):.1f} % ({len(self.title)}) "
            f"| {statistics.fmean(self.authors):.3f} ({len(self.authors)}) "
            f"| {100 * statistics.fmean(self.date):.1f} % ({len(self.date)}) "
            f"| {precision:.3f} / {recall:.3f} / {f1:.3f} ({len(self.precision)}) "
            f"| {statistics.median(self.milliseconds):.1f} / {statistics.fmean(self.milliseconds):.1f} |"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, required=True, help="fundus corpus folder (MANIFEST.jsonl inside)")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    parser.add_argument("--case", help="only cases whose name contains this")
    parser.add_argument("--no-trafilatura", action="store_true", help="measure newscrawl only")
    parser.add_argument("--show", action="store_true", help="print newscrawl's misses page by page")
    options = parser.parse_args(argv)

    cases = load_cases(options.corpus, options.limit, options.case)
    runners = {"newscrawl generic": run_newscrawl}
    if not options.no_trafilatura:
        runners["trafilatura 2 (metadata)"] = run_trafilatura
    scores = {name: Scores() for name in runners}
    for case in cases:
        for name, runner in runners.items():
            result = runner(case)
            scores[name].add(case, result)
            if options.show and name == "newscrawl generic":
                _show_misses(case, result)

    print(f"{len(cases)} pages from {options.corpus}")
    print()
    print(
        "| extractor | title exact (n) | authors F1 (n) | date ±1 h (n) | body P / R / F1 (n) | ms/page median / mean |"
    )
    print("|---|---|---|---|---|---|")
    for name, score in scores.items():
        print(score.row(name))
    return 0


def _show_misses(case: Case, result: Extracted) -> None:
    lines = []
    if case.title and _normalise(result.title) != _normalise(case.title):
        lines.append(f"  title:   {result.title!r}\n   expect: {case.title!r}")
    if case.authors and _set_f1(result.authors, case.authors) < 1:
        lines.append(f"  authors: {result.authors!r}\n   expect: {case.authors!r}")
    if case.date is not None and not _within_hour(result.date, case.date):
        lines.append(f"  date:    {result.date}\n   expect: {case.date}")
    if case.body:
        precision, recall = _precision_recall(result.body, case.body)
        if precision < 0.8 or recall < 0.8:
            lines.append(f"  body:    P={precision:.2f} R={recall:.2f} ({len(result.body)} chars)")
    if lines:
        print(f"{case.name}  {case.url}")
        print("\n".join(lines))


if __name__ == "__main__":
    sys.exit(main())
