"""``scrapy render ITEMS.jsonl -s NEWSCRAWL_POSTS_DIR=DIR``: write the posts for records of a JSON-lines archive.

Rendering is a pure function of each record (the body is not cleaned again). A later line for the same
article (a newer version) rewrites that article's post in place; two articles sharing a title get two files.
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor
from newscrawl.items import Article
from newscrawl.pipelines.write_archive import archive_paths

logger = logging.getLogger(__name__)


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "ITEMS.jsonl [ITEMS.jsonl ...]"

    def short_desc(self) -> str:
        return "Write Hexo posts for the records of JSON-lines archives (into NEWSCRAWL_POSTS_DIR)"

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args:
            raise UsageError("give at least one JSON-lines file")
        assert self.settings is not None
        _, posts_dir = archive_paths(self.settings)
        store = ArchiveStore(posts_dir, jsonl_path=None, ledger_path=None,
                             post_author=PostAuthor(self.settings.get("NEWSCRAWL_POST_AUTHOR", "site")))
        counts = {outcome: 0 for outcome in Outcome}
        failed = 0
        try:
            for path in map(Path, args):
                for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
                    if not line.strip():
                        continue
                    try:
                        record = Article.from_dict(json.loads(line))
                        counts[store.save(record).outcome] += 1
                    except (ValueError, TypeError, KeyError) as error:
                        failed += 1
                        print(f"{path}:{number}: not rendered: {error}")
        finally:
            store.close()
        print(f"{counts[Outcome.NEW]} posts written, {counts[Outcome.UPDATED]} rewritten by a later version, "
              f"{counts[Outcome.UNCHANGED]} unchanged, {failed} not rendered; posts in {posts_dir}")
        if failed:
            self.exitcode = 1
