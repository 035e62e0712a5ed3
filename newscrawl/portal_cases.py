"""Portal fixture cases: one folder per saved article page, holding what newscrawl must extract from it.

``fixtures/portals/<portal>/<case>/``:

- ``meta.json``: the page's recording (``url`` as requested, ``method``, ``status``, ``headers``, ``body_file``; the
  replay finds it like any recording) and what the case is: ``origin`` (``real`` or ``reconstructed``),
  ``source`` (where the bytes come from, or what they were built from), ``licence``, ``seen`` (when the page was
  captured or when the layout it imitates was served), ``article_url`` (an API answer's public URL), ``listing``
  (what the listing told: ``title``, ``time``, ``authors``, ``url``), ``channel``, ``layout`` (the layout it
  exercises), ``provenance`` and ``covers``;
- the page bytes as served (``page.html``, ``page.json``), and more pages of the same story as recordings of
  their own (``page-2.json`` + ``page-2.html``);
- ``expected.json``: every Article field but ``fetched_at`` — or ``{"blocked": true}`` for a challenge page, or
  ``{"dropped": "<reason>"}`` for a page the validation drops (a deleted article).

``scrapy portals capture`` writes a case from a saved page or a URL and prints its output for review.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any, cast

from scrapy.crawler import Crawler
from scrapy.http import Headers, Response, TextResponse
from scrapy.responsetypes import responsetypes
from scrapy.settings import Settings

from newscrawl.extract.article import append_continuation
from newscrawl.extract.fetched import extract_fetched
from newscrawl.items import Article
from newscrawl.pipelines.dropping import DropArticle
from newscrawl.pipelines.normalize_article import normalize_article
from newscrawl.pipelines.validate_article import ValidateArticlePipeline
from newscrawl.portal_rules import Portal
from newscrawl.portals import portal_named
from newscrawl.recordings import RecordingStore
from newscrawl.spiders.article_responses import fetched_page

#: The moment every case is extracted at (relative dates, ``fetched_at``): a case's output never depends on today.
CASE_FETCHED_AT = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
#: Fields that depend on the moment of extraction, not on the page: not in ``expected.json``.
VOLATILE_FIELDS = frozenset({"fetched_at"})
#: Every field ``expected.json`` holds.
EXPECTED_FIELDS = tuple(field.name for field in dataclasses.fields(Article) if field.name not in VOLATILE_FIELDS)
#: Fields an archived article cannot do without: empty in ``expected.json`` is a mistake of the case.
REQUIRED_FIELDS = ("url", "portal", "title", "date_published", "date_published_raw", "categories", "body_html",
                   "body_text", "language", "encoding", "field_sources")
META_FILE = "meta.json"
EXPECTED_FILE = "expected.json"
#: Stories followed across pages in a case at most (as the spider does).
MAX_CASE_PAGES = 20


@dataclass(frozen=True)
class Case:
    folder: Path

    @property
    def portal(self) -> Portal:
        return portal_named(self.folder.parent.name)

    @property
    def name(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}"

    @property
    def meta(self) -> dict[str, Any]:
        return _read_json(self.folder / META_FILE)

    @property
    def expected(self) -> dict[str, Any]:
        return _read_json(self.folder / EXPECTED_FILE)


def all_cases(fixtures: Path) -> list[Case]:
    """Every case folder under ``fixtures`` (``fixtures/portals``), sorted."""
    return [Case(path.parent) for path in sorted(fixtures.glob(f"*/*/{META_FILE}"))]


def case_response(folder: Path, meta: dict[str, Any] | None = None) -> Response:
    """The case's page as the crawl would receive it."""
    meta = meta if meta is not None else _read_json(folder / META_FILE)
    return _response(meta["url"], folder / meta["body_file"], int(meta.get("status", 200)), meta.get("headers", {}))


def case_output(case: Case) -> dict[str, Any]:
    """What newscrawl makes of the case's page now, in the shape of ``expected.json``."""
    meta = case.meta
    portal = case.portal
    response = case_response(case.folder, meta)
    if response.status >= 400:
        return {"dropped": f"http_{response.status}"}  # never reaches extraction: the crawl reports it as failed
    if not isinstance(response, TextResponse):
        return {"dropped": "not_html"}
    listing = meta.get("listing", {})
    hints = {name: str(listing[key]) for key, name in
             (("title", "title"), ("time", "date_published"), ("authors", "authors")) if listing.get(key)}
    # As the portal spider reads it: one trip, filed under the category of the channel that listed it.
    fetched = fetched_page(response, listing_hints=hints, public_url=meta.get("article_url"),
                           channel=meta.get("channel", portal.default_channel), fetched_at=CASE_FETCHED_AT)
    outcome = extract_fetched(fetched, portal)
    if outcome.blocked is not None or outcome.article is None:
        return {"blocked": True}
    article = outcome.article
    pages = RecordingStore(case.folder)
    seen = [meta["url"]]
    following = outcome.continuation
    while following and following not in seen and len(seen) < MAX_CASE_PAGES:
        recording = pages.find("GET", following)
        if recording is None:
            break  # the case holds only the pages it was captured with
        more = _response(following, recording.body_path, recording.status, recording.headers)
        if not isinstance(more, TextResponse):
            break
        continued = extract_fetched(fetched_page(more, fetched_at=CASE_FETCHED_AT), portal)
        if continued.article is not None:
            append_continuation(article, continued.article)
        seen.append(following)
        following = continued.continuation
    article = normalize_article(article)
    reason = drop_reason(article)
    if reason is not None:
        return {"dropped": reason}
    record = article.to_dict()
    return {name: record[name] for name in EXPECTED_FIELDS}


def drop_reason(article: Article) -> str | None:
    """Why the validation pipeline would drop the article, with the project's default settings."""
    pipeline = ValidateArticlePipeline(cast(Crawler, SimpleNamespace(stats=None, settings=Settings())))
    try:
        pipeline.process_item(article)
    except DropArticle as dropped:
        return dropped.reason
    return None


def write_case(
    folder: Path,
    *,
    url: str,
    body: bytes,
    content_type: str,
    status: int = 200,
    details: dict[str, Any],
) -> Case:
    """Write a new case folder: the page bytes, ``meta.json``, and ``expected.json`` from the current output."""
    folder.mkdir(parents=True, exist_ok=False)
    suffix = ".json" if "json" in content_type else ".html"
    body_file = f"page{suffix}"
    (folder / body_file).write_bytes(body)
    meta = {"url": url, "method": "GET", "status": status, "headers": {"Content-Type": [content_type]},
            "body_file": body_file, **{name: value for name, value in details.items() if value not in (None, "")}}
    _write_json(folder / META_FILE, meta)
    case = Case(folder)
    write_expected(case)
    return case


def write_expected(case: Case) -> dict[str, Any]:
    output = case_output(case)
    _write_json(case.folder / EXPECTED_FILE, output)
    return output


def _response(url: str, body_path: Path, status: int, headers: dict[str, Any]) -> Response:
    header_values = Headers({name: values for name, values in headers.items()})
    body = body_path.read_bytes()
    response_class = responsetypes.from_args(headers=header_values, url=url, body=body)
    return response_class(url=url, status=status, headers=header_values, body=body)


def _read_json(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: a JSON object expected")
    return data


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
