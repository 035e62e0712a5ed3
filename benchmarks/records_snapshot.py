"""Records of every corpus and fixture page as today's code extracts them: a snapshot to compare two trees with.

    python benchmarks/records_snapshot.py --write before.json          [--corpus ../shared/corpus]
    python benchmarks/records_snapshot.py --compare before.json        [--show 5]

A refactoring that promises "no change in behaviour" is checked by taking a snapshot on the unchanged tree,
changing the code, and comparing: every page must give the same record. The pages:

* every page under the corpus folder (``fundus/*/page.html.gz``, ``readability/test/test-pages/*/source.html``,
  ``gne-pages/tests/*/*.html``, ``zh-labelled/*/pages/**.html``, ``portal-pages/*/*.html``), extracted without a
  portal (generic extraction, what a page of an unknown site gets), decoded by ``decode_html``;
* ``fixtures/generic/*/page.html`` the same way, with the URL and time zone of their ``meta.json``;
* every portal case of ``fixtures/portals`` as its fixture test extracts it (``case_output``).

A record is every Article field but ``fetched_at`` (the moment of the run). The snapshot keeps a hash per page
and the records themselves, so a comparison can show what changed.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from newscrawl.extract.article import extract_article  # noqa: E402
from newscrawl.extract.encoding import decode_html  # noqa: E402
from newscrawl.extract.page import Page  # noqa: E402

DEFAULT_CORPUS = PROJECT_ROOT.parent.parent / "shared" / "corpus"
FIXTURES = PROJECT_ROOT / "fixtures"
#: Relative dates ("3小时前") are read against this moment, so a record never depends on the day it is taken.
FETCHED_AT = datetime(2024, 1, 1, tzinfo=UTC)


def corpus_pages(corpus: Path) -> Iterator[tuple[str, bytes, str]]:
    """(name, bytes, url) of every page of the corpus."""
    patterns = ("fundus/*/page.html.gz", "readability/test/test-pages/*/source.html", "gne-pages/tests/*/*.html",
                "zh-labelled/*/pages/**/*.html", "portal-pages/*/*.html")
    for pattern in patterns:
        for path in sorted(corpus.glob(pattern)):
            raw = path.read_bytes()
            if path.suffix == ".gz":
                raw = gzip.decompress(raw)
            name = str(path.relative_to(corpus))
            yield name, raw, f"http://corpus.example/{name}"


def generic_fixture_pages(fixtures: Path) -> Iterator[tuple[str, bytes, str, str | None]]:
    for folder in sorted((fixtures / "generic").iterdir()):
        page = folder / "page.html"
        if not page.is_file():
            continue
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        yield f"fixtures/generic/{folder.name}", page.read_bytes(), meta["url"], meta.get("timezone")


def _record(article: Any) -> dict[str, Any]:
    fields = dict(article.__dict__) if not hasattr(article, "to_dict") else article.to_dict()
    fields.pop("fetched_at", None)
    return fields


def _generic_record(raw: bytes, url: str, timezone: str | None = None) -> dict[str, Any]:
    decoded = decode_html(raw, None)
    article = extract_article(Page(url=url, html=decoded.text, timezone=timezone, utf8=decoded.utf8), None,
                              fetched_at=FETCHED_AT)
    return _record(article)


def take_snapshot(corpus: Path) -> dict[str, dict[str, Any]]:
    from newscrawl.portal_cases import all_cases, case_output

    records: dict[str, dict[str, Any]] = {}
    for name, raw, url in corpus_pages(corpus):
        records[f"corpus/{name}"] = _generic_record(raw, url)
    for name, raw, url, timezone in generic_fixture_pages(FIXTURES):
        records[name] = _generic_record(raw, url, timezone)
    for case in all_cases(FIXTURES / "portals"):
        output = case_output(case)
        output.pop("fetched_at", None)
        records[f"fixtures/portals/{case.folder.parent.name}/{case.folder.name}"] = output
    return records


def record_hash(record: dict[str, Any]) -> str:
    text = json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def compare(before: dict[str, Any], after: dict[str, Any], show: int) -> int:
    """Print how many records are identical and what differs in the first ``show`` that are not."""
    old, new = before["records"], after["records"]
    names = sorted(set(old) | set(new))
    changed = [name for name in names if record_hash(old.get(name, {})) != record_hash(new.get(name, {}))]
    print(f"{len(names) - len(changed)}/{len(names)} records identical")
    for name in changed[:show]:
        print(f"- {name}")
        left, right = old.get(name, {}), new.get(name, {})
        for field in sorted(set(left) | set(right)):
            if left.get(field) != right.get(field):
                print(f"    {field}: {str(left.get(field))[:160]!r}\n      -> {str(right.get(field))[:160]!r}")
    return 1 if changed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--write", type=Path, help="write the snapshot here")
    parser.add_argument("--compare", type=Path, help="compare today's records with this snapshot")
    parser.add_argument("--show", type=int, default=10, help="print the differences of this many changed pages")
    options = parser.parse_args(argv)
    started = time.perf_counter()
    records = take_snapshot(options.corpus)
    snapshot = {"pages": len(records), "records": records,
                "hashes": {name: record_hash(record) for name, record in records.items()}}
    print(f"{len(records)} pages extracted in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    if options.write:
        options.write.write_text(json.dumps(snapshot, ensure_ascii=False, sort_keys=True, default=str),
                                 encoding="utf-8")
    if options.compare:
        before = json.loads(options.compare.read_text(encoding="utf-8"))
        return compare(before, json.loads(json.dumps(snapshot, default=str)), options.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
