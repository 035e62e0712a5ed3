"""Cost of the body sanitiser: ms per body for ``sanitize_body_html`` over the bodies the repository holds.

    .venv/bin/python benchmarks/sanitizer.py [--runs 5]

The bodies are every ``body_html`` of ``fixtures/**/expected.json`` plus the bodies of the archive's own posts
(``fixtures/hexo``): real article bodies of every portal, as extraction hands them to the sanitiser. Prints the
best and the median of ``--runs`` passes over all of them (after one warm-up pass). How often real pages end up
re-serialised by nh3 is printed by ``benchmarks/extraction.py`` for a corpus.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from newscrawl.archive.hexo_post import parse_post  # noqa: E402
from newscrawl.extract.sanitize import sanitize_body_html  # noqa: E402

PAGE_URL = "https://news.example.com/a"


def fixture_bodies() -> list[str]:
    bodies = []
    for path in sorted((PROJECT_ROOT / "fixtures").glob("**/expected.json")):
        body = json.loads(path.read_text(encoding="utf-8")).get("body_html")
        if isinstance(body, str) and body:
            bodies.append(body)
    posts = sorted((PROJECT_ROOT / "fixtures" / "hexo").glob("**/*.md"))
    posts += sorted((PROJECT_ROOT / "fixtures" / "hexo").glob("**/*.txt"))
    for path in posts:
        try:
            bodies.append(parse_post(path.read_text(encoding="utf-8")).body_html)
        except ValueError:
            continue
    return bodies


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args(argv)
    bodies = fixture_bodies()
    for body in bodies:
        sanitize_body_html(body, page_url=PAGE_URL)  # warm-up: nh3's cleaners and the module caches
    runs = []
    for _ in range(options.runs):
        start = time.perf_counter()
        for body in bodies:
            sanitize_body_html(body, page_url=PAGE_URL)
        runs.append((time.perf_counter() - start) * 1000 / len(bodies))
    size = sum(len(body.encode("utf-8")) for body in bodies) / len(bodies) / 1024
    print(f"{len(bodies)} bodies, {size:.1f} KB on average: {min(runs):.3f} ms per body (best of {options.runs}), "
          f"median {statistics.median(runs):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
