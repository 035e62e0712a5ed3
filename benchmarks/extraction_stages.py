"""Where newscrawl's generic extraction spends its CPU, by stage, over the pages ``extraction.py --all`` measures.

    python benchmarks/extraction_stages.py ../shared/corpus          # every set of extraction.py --all, once

Each page is read as ``extraction.py`` reads it (``decode_html``, then ``extract_article(page, None)``), with the
stages' functions wrapped in timers of the process's CPU time (``time.process_time``). A stage's time is its own:
the time of a stage it calls is counted once, for the inner stage (the boilerplate step asks for the title, whose
time is the title's). The shares are of the total CPU of the run; "other fields" is what is left (canonical URL,
language, images, description, tags, editors, source…). A timer costs about a microsecond per call, a few hundred
calls per page.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import newscrawl.extract.article as article_module
import newscrawl.extract.generic as generic_package
import newscrawl.extract.generic.authors as authors_module
import newscrawl.extract.generic.body as body_module
import newscrawl.extract.generic.page_dates as dates_module
import newscrawl.extract.generic.title as title_module
import newscrawl.extract.metadata as metadata_module
import newscrawl.extract.page as page_module
from benchmarks.extraction import SETS
from benchmarks.extraction_cases import LOADERS, detect_kind
from newscrawl.extract.article import extract_article
from newscrawl.extract.encoding import decode_html
from newscrawl.extract.page import Page

#: (stage, module, function name): the function as its callers look it up.
STAGES = (
    ("parsing the page (lxml)", page_module, "_parse_utf8"),
    ("parsing the page (lxml)", page_module, "create_root_node"),
    ("meta tags and JSON-LD, read once", metadata_module, "_read_metadata"),
    ("body detection", body_module, "_detect_body"),
    ("boilerplate removal inside the body", body_module, "without_noise"),
    ("cleaning and sanitising the body HTML", article_module, "clean_body"),
    ("title", title_module, "_find_title"),
    ("authors", generic_package, "find_authors"),
    ("authors", authors_module, "find_authors"),
    ("editors and outlet", generic_package, "find_editors"),
    ("editors and outlet", generic_package, "find_source"),
    ("dates", dates_module, "_published"),
)

_own: dict[str, float] = {}
_stack: list[list[float]] = []  # [start, time of inner stages] per running stage


def _timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _stack.append([time.process_time(), 0.0])
        try:
            return function(*args, **kwargs)
        finally:
            start, inner = _stack.pop()
            spent = time.process_time() - start
            _own[stage] = _own.get(stage, 0.0) + spent - inner
            if _stack:
                _stack[-1][1] += spent

    return wrapper


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path, help="the corpus root (../shared/corpus)")
    options = parser.parse_args(argv)
    for stage, module, name in STAGES:
        setattr(module, name, _timed(stage, getattr(module, name)))
    cases = [case for _, folder in SETS for case in LOADERS[detect_kind(options.root / folder)](options.root / folder)]
    per_page: list[float] = []
    for case in cases:
        start = time.process_time()
        decode_start = time.process_time()
        decoded = decode_html(case.raw, case.content_type)
        _own["decoding"] = _own.get("decoding", 0.0) + time.process_time() - decode_start
        extract_article(Page(url=case.url, html=decoded.text, utf8=decoded.utf8), None)
        per_page.append(time.process_time() - start)
    total = sum(per_page)
    _own["other fields"] = total - sum(_own.values())
    print(f"{len(cases)} pages, {total * 1000 / len(cases):.1f} ms/page mean, "
          f"{statistics.median(per_page) * 1000:.1f} median (CPU, timers included)")
    for stage, spent in sorted(_own.items(), key=lambda item: -item[1]):
        print(f"{spent / total * 100:5.1f} %  {spent * 1000 / len(cases):5.1f} ms/page  {stage}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
