"""``scrapy health <portal>``: is the portal's layout still what its rules expect? Run daily from cron, live.

Fetches one listing page and a few articles (nothing is archived) and reports, per field, how often it was
filled and how often the portal's current layout (rather than an older layout or generic extraction) filled it,
and how many articles each layout read. The exit code says what cron must know:

- 0 healthy: the current layout read every article, fields at their usual rates;
- 3 broken: the listing lists nothing, no article could be read, or a field fell below half its usual fill rate
  (data is being lost);
- 4 blocked: challenge or anti-bot pages answered;
- 5 degraded: the current layout stopped matching (articles read by an older layout or generic extraction), or
  one of its rules stopped matching on most articles, while something else still fills the fields — fix the
  rules before the fallback fails too.

"Usual" means the last healthy report (``<archive>/health/<portal>.json``, or ``--baseline FILE``); without one,
every field the current layout declares a rule for, plus title, body and date, at 100 %, and no fallback.
A healthy run becomes the new baseline.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from enum import IntEnum
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.archive.files import write_file_atomically
from newscrawl.archive.layout import archive_paths
from newscrawl.extract.article import (
    FIELD_RULES,
    LAYOUT_SOURCE,
    LISTING_SOURCE,
    article_layout,
    fields_from_fallback,
)
from newscrawl.items import Article
from newscrawl.portal_rules import Portal
from newscrawl.portals import portal_named

#: Article fields the health check watches, with the layout rule that fills each.
WATCHED_FIELDS = FIELD_RULES
ALWAYS_EXPECTED = ("title", "body_html", "date_published")
#: A field whose fill rate falls below this share of its usual rate has drifted (100 % -> under 50 %); a rule
#: whose fields come from a fallback on at least this share of the articles has stopped matching.
DRIFT_RATIO = 0.5


class HealthStatus(IntEnum):
    """Exit codes of ``scrapy health`` (1 and 2 stay Scrapy's: the check could not run, usage error)."""

    HEALTHY = 0
    BROKEN = 3
    BLOCKED = 4
    DEGRADED = 5


@dataclass
class HealthReport:
    portal: str
    current_layout: str = ""
    articles: int = 0
    listing_pages: int = 0
    listing_empty: int = 0
    blocked: int = 0
    fill_rates: dict[str, float] = field(default_factory=dict)
    #: Share of the articles where the current layout's own rules (or the listing) filled the field.
    own_rule_rates: dict[str, float] = field(default_factory=dict)
    #: Share of the current layout's articles where a field it has a rule for came from a fallback.
    fallback_rates: dict[str, float] = field(default_factory=dict)
    #: Articles per layout that gave their body (``generic``: generic extraction, ``none``: no body).
    layouts: dict[str, int] = field(default_factory=dict)
    #: Data lost: an empty listing, no article, a field below half its usual rate.
    problems: list[str] = field(default_factory=list)
    #: Challenge pages.
    blocks: list[str] = field(default_factory=list)
    #: The current layout (or one of its rules) no longer matches while a fallback still fills the fields.
    degradations: list[str] = field(default_factory=list)

    @property
    def status(self) -> HealthStatus:
        if self.blocks:
            return HealthStatus.BLOCKED
        if self.problems:
            return HealthStatus.BROKEN
        if self.degradations:
            return HealthStatus.DEGRADED
        return HealthStatus.HEALTHY

    @property
    def healthy(self) -> bool:
        return self.status is HealthStatus.HEALTHY


def measure(portal: Portal, articles: list[Article], stats: dict[str, Any]) -> HealthReport:
    current = portal.current_layout.name
    report = HealthReport(
        portal=portal.name,
        current_layout=current,
        articles=len(articles),
        listing_pages=int(stats.get("newscrawl/listing_pages", 0)),
        listing_empty=int(stats.get("newscrawl/listing_empty", 0)),
        blocked=int(stats.get("newscrawl/blocked", 0)),
        layouts=dict(Counter(article_layout(article) for article in articles).most_common()),
    )
    own_sources = (LAYOUT_SOURCE + current, LISTING_SOURCE)
    on_current = [article for article in articles if article_layout(article) == current]
    for name in WATCHED_FIELDS:
        filled = [article for article in articles if getattr(article, name)]
        own = [article for article in filled if article.field_sources.get(name) in own_sources]
        fallen = [article for article in on_current if name in fields_from_fallback(article, portal)]
        report.fill_rates[name] = _rate(len(filled), len(articles))
        report.own_rule_rates[name] = _rate(len(own), len(articles))
        report.fallback_rates[name] = _rate(len(fallen), len(on_current))
    return report


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 3) if whole else 0.0


def expected_rates(portal: Portal, baseline: dict[str, Any] | None) -> dict[str, float]:
    """Fill rate each field used to have: the baseline's, or full for what the current layout has rules for."""
    if baseline is not None:
        return {name: rate for name, rate in baseline.get("fill_rates", {}).items() if rate > 0}
    rules = portal.current_layout.rules
    declared = [name for name, rule in WATCHED_FIELDS.items() if getattr(rules, rule)]
    return dict.fromkeys([*ALWAYS_EXPECTED, *declared], 1.0)


def judge(report: HealthReport, portal: Portal, baseline: dict[str, Any] | None) -> None:
    if report.blocked:
        report.blocks.append(f"{report.blocked} responses were challenge pages")
    if report.listing_empty or not report.listing_pages:
        report.problems.append("the listing lists no article (layout drift or a block)")
    if not report.articles:
        report.problems.append("no article could be read")
        return
    for name, usual_rate in expected_rates(portal, baseline).items():
        rate = report.fill_rates.get(name, 0.0)
        if rate < usual_rate * DRIFT_RATIO:
            report.problems.append(f"{name} filled on {rate:.0%} of articles, used to be {usual_rate:.0%}")
    _judge_layouts(report, portal, baseline)


def _judge_layouts(report: HealthReport, portal: Portal, baseline: dict[str, Any] | None) -> None:
    current = report.current_layout
    others = {name: count for name, count in report.layouts.items() if name != current}
    if others:
        read_by = ", ".join(f"{count} by {_layout_label(portal, name)}" for name, count in others.items())
        report.degradations.append(
            f"the current layout `{current}` read {report.layouts.get(current, 0)} of {report.articles} "
            f"article(s); {read_by}")
    usual = (baseline or {}).get("fallback_rates", {})
    for name, rate in report.fallback_rates.items():
        if rate >= DRIFT_RATIO and usual.get(name, 0.0) < DRIFT_RATIO:
            report.degradations.append(
                f"{name}: the current layout's rule matches nothing on {rate:.0%} of its articles; "
                "an older layout or generic extraction filled it")


def _layout_label(portal: Portal, name: str) -> str:
    layout = portal.layout_named(name)
    if layout is not None:
        return f"the older layout `{name}` ({layout.seen})" if layout.seen else f"the older layout `{name}`"
    return {"generic": "generic extraction alone", "none": "nothing (no body)"}.get(name, name)


def format_report(report: HealthReport) -> str:
    lines = [f"{report.portal}: {report.listing_pages} listing page(s), {report.articles} article(s), "
             f"{report.blocked} blocked",
             "articles per layout: " + (", ".join(f"{name} {count}" for name, count in report.layouts.items())
                                        or "—") + f" (current: {report.current_layout})",
             f"{'field':<16}{'filled':>8}{'by current layout':>19}{'fallback':>10}"]
    for name in WATCHED_FIELDS:
        lines.append(f"{name:<16}{report.fill_rates[name]:>8.0%}{report.own_rule_rates[name]:>19.0%}"
                     f"{report.fallback_rates[name]:>10.0%}")
    lines.extend(f"BLOCKED: {block}" for block in report.blocks)
    lines.extend(f"PROBLEM: {problem}" for problem in report.problems)
    lines.extend(f"DEGRADED: {degradation}" for degradation in report.degradations)
    verdicts = {
        HealthStatus.HEALTHY: "healthy",
        HealthStatus.BROKEN: "UNHEALTHY: layout drift loses data",
        HealthStatus.BLOCKED: "UNHEALTHY: blocked",
        HealthStatus.DEGRADED: "DEGRADED: the current layout no longer matches; fallbacks still fill the fields",
    }
    lines.append(f"{verdicts[report.status]} (exit {int(report.status)})")
    return "\n".join(lines)


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "<portal> [--articles N] [--baseline FILE]"

    def short_desc(self) -> str:
        return "Check a portal's layout: one listing page and a few articles, fill rates, layouts, drift"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--articles", type=int, default=5, help="articles to read (default 5)")
        parser.add_argument("--baseline", help="a previous health report (default <archive>/health/<portal>.json)")
        parser.add_argument("-a", dest="spargs", action="append", default=[], metavar="NAME=VALUE",
                            help="spider argument (e.g. channel=soft)")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("name one portal")
        try:
            portal = portal_named(args[0])
        except KeyError as error:
            raise UsageError(f"no portal named {args[0]!r}") from error
        assert self.settings is not None and self.crawler_process is not None
        archive_dir, _ = archive_paths(self.settings)
        baseline_path = Path(opts.baseline) if opts.baseline else archive_dir / "health" / f"{portal.name}.json"
        baseline = _read_baseline(baseline_path)

        # Read, never archive: only normalisation runs on the items.
        self.settings.set("ITEM_PIPELINES", {
            "newscrawl.pipelines.normalize_article.NormalizeArticlePipeline": 100}, priority="cmdline")
        self.settings.set("ITEM_PIPELINES_BASE", {}, priority="cmdline")
        # No run report or crawl summary either: this run archives nothing.
        self.settings.set("EXTENSIONS", dict.fromkeys(self.settings.getdict("EXTENSIONS")), priority="cmdline")
        crawler = self.crawler_process.create_crawler(portal.name)
        articles: list[Article] = []
        # Signal receivers are held weakly by default: keep this one alive for the whole crawl.
        crawler.signals.connect(lambda item, **_: articles.append(item), signal=signals.item_scraped, weak=False)
        spider_arguments = dict(argument.split("=", 1) for argument in opts.spargs)
        spider_arguments.update(max_pages="1", max_articles=str(opts.articles))
        self.crawler_process.crawl(crawler, **spider_arguments)
        self.crawler_process.start()

        assert crawler.stats is not None
        report = measure(portal, [item for item in articles if isinstance(item, Article)], crawler.stats.get_stats())
        judge(report, portal, baseline)
        print(format_report(report))
        self.exitcode = int(report.status)
        if report.healthy:
            saved = {name: value for name, value in report.__dict__.items()}
            try:
                write_file_atomically(baseline_path, json.dumps(saved, ensure_ascii=False, indent=2).encode())
            except OSError as error:
                # The portal is fine but the next run would judge it against an old baseline: a job must notice.
                print(f"health: the report could not be saved as the baseline {baseline_path}: {error}",
                      file=sys.stderr)
                self.exitcode = 1


def _read_baseline(path: Path) -> dict[str, Any] | None:
    if not path.exists():
        return None
    try:
        baseline = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"cannot read the baseline {path}: {error}") from None
    if not isinstance(baseline, dict):
        raise UsageError(f"cannot read the baseline {path}: not a health report")
    return baseline
