"""(p) The crawl a user would write instead of newscrawl: a plain Scrapy spider calling trafilatura on every article.

It follows the generated site's listings as the bare spider (a) does, runs
``trafilatura.bare_extraction(html, url=..., with_metadata=True)`` on every article and writes what it returns as
JSON lines through Scrapy's feed exports (``FEEDS``). ``benchmarks/crawl.py`` runs it in its own process:

    python benchmarks/peer_spider.py URL --output articles.jsonl [--worker-settings JSON]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.http import Response

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.listing_spider import ListingSpider

#: Fields of trafilatura's document that are plain data (its ``body`` and ``commentsbody`` are lxml elements).
_PLAIN = (str, int, float, list, type(None))


class TrafilaturaSpider(ListingSpider):
    """Follows the listings' next links; every listed article through trafilatura, metadata on."""

    name = "peer"

    def parse_article(self, response: Response) -> Iterator[dict[str, Any]]:
        from trafilatura import bare_extraction

        document = bare_extraction(response.text, url=response.url, with_metadata=True)
        if document is None:
            return
        yield {name: value for name, value in document.as_dict().items() if isinstance(value, _PLAIN)}


def run_peer(url: str, settings: dict[str, Any], output: Path) -> None:
    from scrapy.crawler import CrawlerProcess

    process = CrawlerProcess({**settings, "FEEDS": {str(output): {"format": "jsonlines", "encoding": "utf-8"}}},
                             install_root_handler=True)
    process.crawl(TrafilaturaSpider, url=url)
    process.start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("url")
    parser.add_argument("--output", type=Path, required=True)
    parser.add_argument("--worker-settings", default="{}")
    arguments = parser.parse_args(argv)
    run_peer(arguments.url, json.loads(arguments.worker_settings), arguments.output)
    return 0


if __name__ == "__main__":
    sys.exit(main())
