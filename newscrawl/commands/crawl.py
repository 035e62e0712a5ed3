"""``scrapy crawl``, with exit codes an unattended run can be judged by (see ``ExitStatus``).

Scrapy's own command exits 0 whatever the crawl did, and 1 when it could not start. This one (project commands
override the built-in ones of the same name) exits with the status the run report extension computed when the
spider closed: 0 success, 3 partial failure, 4 nothing found, 5 interrupted, 6 the archive could not be written,
7 the ledger is damaged; 1 stays Scrapy's fatal error and 2 its usage error. A crawl whose spider never closed (a
second Ctrl-C stops the reactor at once) is interrupted.
"""

from __future__ import annotations

import argparse

from scrapy import Spider
from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.crawler import Crawler

from newscrawl.extensions.run_report import EXIT_STATUS_STAT, ExitStatus


class Command(ScrapyCrawlCommand):
    crawler: Crawler | None = None

    def long_desc(self) -> str:
        return (
            "Run a spider of the current project, by name. Exit codes: 0 success, 1 fatal error, 2 usage error, "
            "3 partial failure (some pages failed to download or extract), 4 nothing found (no article at all), "
            "5 interrupted (SIGINT/SIGTERM), 6 the archive could not be written (disk full, read-only, I/O error, "
            "ledger locked: the crawl stopped at the first failed write), 7 the ledger is damaged (run `scrapy "
            "archive repair`). Each run writes <archive>/runs/<start>-<spider>.json (or prints it to stderr when "
            "it cannot)."
        )

    def _create_crawler(self, spidercls: type[Spider] | str) -> Crawler:
        self.crawler = super()._create_crawler(spidercls)
        return self.crawler

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        super().run(args, opts)
        if self.exitcode == 0 and self.crawler is not None:
            self.exitcode = int(crawl_exit_status(self.crawler))


def crawl_exit_status(crawler: Crawler) -> ExitStatus:
    stats = crawler.stats
    if stats is None:
        return ExitStatus.SUCCESS
    status = stats.get_value(EXIT_STATUS_STAT)
    if status is not None:
        return ExitStatus(status)
    if stats.get_value("start_time") is not None and stats.get_value("finish_reason") is None:
        return ExitStatus.INTERRUPTED  # opened, never closed: stopped by force
    return ExitStatus.SUCCESS  # the run report extension is disabled: nothing more to say than Scrapy does
