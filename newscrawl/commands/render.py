"""``scrapy render ITEMS.jsonl -s NEWSCRAWL_POSTS_DIR=DIR``: write the posts for records of a JSON-lines archive.

Rendering is a pure function of each record (the body is not cleaned again). A later line for the same
article (a newer version) rewrites that article's post in place; two articles sharing a title get two files.
Records are read as ``newscrawl.json_lines`` reads any JSON lines (split on ``\n`` only, as a stream); a line
that holds no record, or one that cannot be rendered, is reported with its file and line number, the others are
rendered, and the command exits 1.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Iterable
from pathlib import Path

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.archive.layout import archive_paths
from newscrawl.archive.store import ArchiveStore, Outcome, PostAuthor
from newscrawl.items import Article
from newscrawl.json_lines import JsonLine, read_json_lines

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
                try:
                    lines = read_json_lines(path)
                except OSError as error:
                    failed += 1
                    print(f"{path}: not read: {error.strerror or error}")
                    continue
                failed += self._render_lines(lines, store, counts)
        finally:
            store.close()
        print(f"{counts[Outcome.NEW]} posts written, {counts[Outcome.UPDATED]} rewritten by a later version, "
              f"{counts[Outcome.UNCHANGED]} unchanged, {failed} not rendered; posts in {posts_dir}")
        if failed:
            self.exitcode = 1

    @staticmethod
    def _render_lines(lines: Iterable[JsonLine], store: ArchiveStore, counts: dict[Outcome, int]) -> int:
        """Render every record; report each line that holds none or cannot be rendered, and return their number."""
        failed = 0
        for line in lines:
            try:
                if line.record is None:
                    raise ValueError(line.problem)
                counts[store.save(Article.from_dict(line.record)).outcome] += 1
            except (ValueError, TypeError, KeyError) as error:
                failed += 1
                print(f"{line.where}: not rendered: {error}")
        return failed
