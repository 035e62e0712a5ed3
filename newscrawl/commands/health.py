"""``scrapy health <portal>``: is the portal's layout still what its rules expect? For the day newscrawl runs live.

Fetches one listing page and a few articles (nothing is archived), reports each field's fill rate and how often
the portal's own rules (rather than the generic fallback) filled it, and exits non-zero when a field that used
to be filled comes back empty or mostly empty — layout drift — or when the listing lists nothing or pages are
blocked. A rule that stopped matching while generic extraction still fills its field is reported as a warning.

"Used to be filled" means: the fill rate in the last healthy report (``<archive>/health/<portal>.json``, or
``--baseline FILE``); without one, every field the portal declares a rule for, plus title, body and date, at
100 %. Drift is a fall below half the usual rate.
A healthy run becomes the new baseline.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.archive.files import write_file_atomically
from newscrawl.items import Article
from newscrawl.pipelines.write_archive import archive_paths
from newscrawl.portal import JsonArticleRules, Portal
from newscrawl.portals import portal_named

#: Article fields the health check watches, with the portal rule that fills each.
WATCHED_FIELDS = {
    "title": "title",
    "authors": "authors",
    "date_published": "published",
    "date_modified": "modified",
    "body_html": "body",
    "lead_image": "lead_image",
    "description": "description",
    "tags": "tags",
}
ALWAYS_EXPECTED = ("title", "body_html", "date_published")
#: A field whose fill rate falls below this share of its usual rate has drifted (100 % -> under 50 %).
DRIFT_RATIO = 0.5
OWN_RULE_SOURCES = ("selector", "json", "listing")


@dataclass
class HealthReport:
    portal: str
    articles: int = 0
    listing_pages: int = 0
    listing_empty: int = 0
    blocked: int = 0
    fill_rates: dict[str, float] = field(default_factory=dict)
    own_rule_rates: dict[str, float] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def measure(portal: Portal, articles: list[Article], stats: dict[str, Any]) -> HealthReport:
    report = HealthReport(
        portal=portal.name,
        articles=len(articles),
        listing_pages=int(stats.get("newscrawl/listing_pages", 0)),
        listing_empty=int(stats.get("newscrawl/listing_empty", 0)),
        blocked=int(stats.get("newscrawl/blocked", 0)),
    )
    for name in WATCHED_FIELDS:
        filled = [article for article in articles if getattr(article, name)]
        own = [article for article in filled if article.field_sources.get(name) in OWN_RULE_SOURCES]
        report.fill_rates[name] = round(len(filled) / len(articles), 3) if articles else 0.0
        report.own_rule_rates[name] = round(len(own) / len(articles), 3) if articles else 0.0
    return report


def expected_rates(portal: Portal, baseline: dict[str, Any] | None) -> dict[str, float]:
    """Fill rate each field used to have: the baseline's, or full for what the portal declares rules for."""
    if baseline is not None:
        return {name: rate for name, rate in baseline.get("fill_rates", {}).items() if rate > 0}
    declared = [name for name, rule in WATCHED_FIELDS.items() if getattr(portal.article, rule)]
    return dict.fromkeys([*ALWAYS_EXPECTED, *declared], 1.0)


def judge(report: HealthReport, portal: Portal, baseline: dict[str, Any] | None) -> None:
    if report.listing_empty or not report.listing_pages:
        report.problems.append("the listing lists no article (layout drift or a block)")
    if report.blocked:
        report.problems.append(f"{report.blocked} responses were challenge pages")
    if not report.articles:
        report.problems.append("no article could be read")
        return
    for name, usual_rate in expected_rates(portal, baseline).items():
        rate = report.fill_rates.get(name, 0.0)
        if rate < usual_rate * DRIFT_RATIO:
            report.problems.append(f"{name} filled on {rate:.0%} of articles, used to be {usual_rate:.0%}")


def warnings(report: HealthReport, portal: Portal, baseline: dict[str, Any] | None) -> list[str]:
    """Rules that stopped matching while the fallback still fills the field: drift to fix before it bites."""
    notes = []
    rules = portal.article
    for name, rule_name in WATCHED_FIELDS.items():
        if not getattr(rules, rule_name) or not report.fill_rates.get(name):
            continue
        was_own = (baseline or {}).get("own_rule_rates", {}).get(name, 1.0)
        if report.own_rule_rates.get(name, 0.0) == 0.0 and was_own > 0:
            kind = "JSON paths" if isinstance(rules, JsonArticleRules) else "selectors"
            notes.append(f"{name}: the portal's {kind} match nothing; generic extraction filled it")
    return notes


def format_report(report: HealthReport, notes: list[str]) -> str:
    lines = [f"{report.portal}: {report.listing_pages} listing page(s), {report.articles} article(s), "
             f"{report.blocked} blocked",
             f"{'field':<16}{'filled':>8}{'by own rules':>14}"]
    for name in WATCHED_FIELDS:
        lines.append(f"{name:<16}{report.fill_rates[name]:>8.0%}{report.own_rule_rates[name]:>14.0%}")
    lines.extend(f"warning: {note}" for note in notes)
    lines.extend(f"PROBLEM: {problem}" for problem in report.problems)
    lines.append("healthy" if report.healthy else "UNHEALTHY: layout drift or block")
    return "\n".join(lines)


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "<portal> [--articles N] [--baseline FILE]"

    def short_desc(self) -> str:
        return "Check a portal's layout: one listing page and a few articles, field fill rates, drift"

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
        baseline = json.loads(baseline_path.read_text(encoding="utf-8")) if baseline_path.exists() else None

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
        print(format_report(report, warnings(report, portal, baseline)))
        if report.healthy:
            write_file_atomically(baseline_path, json.dumps(report.__dict__, ensure_ascii=False, indent=2).encode())
        else:
            self.exitcode = 3
