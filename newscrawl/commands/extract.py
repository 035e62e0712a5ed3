"""``scrapy extract``: print the Article newscrawl extracts from saved pages, as JSON.

    scrapy extract --url URL PAGE.html        one page, pretty JSON
    scrapy extract --manifest M.jsonl         lines {"path": ..., "url": ...}; one JSON line per entry, in order

The portal is chosen by the URL's host; any other host goes through generic extraction. The record is the
one the crawl would archive (normalised), minus ``fetched_at`` which is the time of this command.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError
from scrapy.http import HtmlResponse

from newscrawl.extract.article import article_from_response
from newscrawl.items import Article
from newscrawl.json_lines import read_json_lines
from newscrawl.pipelines.normalize_article import normalize_article
from newscrawl.portals import portal_for_url


def extract_saved_page(path: Path, url: str) -> Article:
    response = HtmlResponse(url=url, body=path.read_bytes())
    article = article_from_response(response, portal_for_url(url))
    return normalize_article(article)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "--url URL PAGE.html | --manifest MANIFEST.jsonl"

    def short_desc(self) -> str:
        return "Print the Article extracted from saved pages as JSON"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--url", help="the page's URL (chooses the portal, resolves relative links)")
        parser.add_argument("--manifest", help='JSON lines {"path": ..., "url": ...}, paths relative to the file')

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if opts.manifest:
            if args or opts.url:
                raise UsageError("--manifest takes no page and no --url")
            self._run_manifest(Path(opts.manifest))
            return
        if len(args) != 1 or not opts.url:
            raise UsageError("give --url URL and one saved page")
        article = extract_saved_page(Path(args[0]), opts.url)
        print(json.dumps(article.to_dict(), ensure_ascii=False, indent=2))

    def _run_manifest(self, manifest: Path) -> None:
        try:
            lines = read_json_lines(manifest)
        except OSError as error:
            raise UsageError(f"cannot read the manifest {manifest}: {error.strerror or error}") from None
        for line in lines:
            entry = line.record or {}
            url, page = entry.get("url"), entry.get("path")
            if not isinstance(url, str) or not isinstance(page, str):
                problem = line.problem or 'an entry needs "path" and "url"'
                print(f"{line.where}: {problem}", file=sys.stderr)
                record: dict[str, object] = {"url": url if isinstance(url, str) else None, "error": problem}
                self.exitcode = 1
            else:
                path = Path(page)
                if not path.is_absolute():
                    path = manifest.parent / path
                try:
                    record = extract_saved_page(path, url).to_dict()
                except (OSError, ValueError) as error:
                    print(f"{line.where}: {path}: {error}", file=sys.stderr)
                    record = {"url": url, "error": str(error)}
                    self.exitcode = 1
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
