"""``scrapy reextract WARC... -s NEWSCRAWL_ARCHIVE_DIR=DIR``: run today's portal rules and generic extraction over
the article responses of WARC files and archive the results through the crawl's pipelines, fetching nothing.

An article whose record changed is an edit (a new JSON line, its post rewritten, the ledger updated); an unchanged
one writes nothing; one the archive lacks is new. So a portal whose rules were broken while pages were captured
(``NEWSCRAWL_WARC_DIR``) is repaired once its rules are fixed, without fetching again. Arguments are WARC files
(``.warc``, ``.warc.gz``, a killed capture's ``.warc.gz.open``), folders holding them, or http(s) URLs of WARC
files (streamed). A story spread over several pages is read on from its next pages among the local files given, as
the crawl read it. Exit codes and the run report are ``scrapy crawl``'s (spider name ``reextract``).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.commands.crawl import crawl_exit_status
from newscrawl.warc.backfill import WarcArticlesSpider, local_warc_files
from newscrawl.warc.reader import WarcResponse, is_remote
from newscrawl.warc.replay import WarcRecordingStore


class ReextractSpider(WarcArticlesSpider):
    """The article responses of the WARC files given, extracted again and archived."""

    name = "reextract"

    def __init__(self, *args: Any, warcs: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.warcs = list(warcs or [])
        self.pages: WarcRecordingStore | None = None

    def warc_sources(self) -> list[str]:
        local = [Path(source) for source in self.warcs if not is_remote(source)]
        # The pages of a story after its first, found by URL among the local files (as the crawl followed them).
        self.pages = WarcRecordingStore(Path("."), files=local)
        return self.warcs

    def find_page(self, url: str) -> WarcResponse | None:
        found = self.pages.find("GET", url) if self.pages is not None else None
        return found.response() if found is not None else None


class Command(ScrapyCommand):
    requires_project = True

    def syntax(self) -> str:
        return "WARC|FOLDER|URL [...]"

    def short_desc(self) -> str:
        return "Extract the articles of WARC files again and archive what is new or changed"

    def long_desc(self) -> str:
        return (__doc__ or "").strip()

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give WARC files, folders holding them, or their URLs")
        missing = [given for given in args if not is_remote(given) and not Path(given).exists()]
        if missing:
            raise UsageError(f"not found: {', '.join(missing)}")
        warcs = [*local_warc_files([given for given in args if not is_remote(given)]),
                 *(given for given in args if is_remote(given))]
        if not warcs:
            raise UsageError("no WARC file (.warc, .warc.gz) in the folders given")
        assert self.crawler_process is not None
        crawler = self.crawler_process.create_crawler(ReextractSpider)
        self.crawler_process.crawl(crawler, warcs=warcs)
        self.crawler_process.start()
        self.exitcode = int(crawl_exit_status(crawler))
