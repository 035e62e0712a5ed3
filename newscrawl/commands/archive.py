"""``scrapy archive check [DIR]`` and ``scrapy archive repair [DIR]``: verify an archive, or make it consistent.

``DIR`` defaults to ``NEWSCRAWL_ARCHIVE_DIR``; posts are looked for where ``NEWSCRAWL_POSTS_DIR`` says (inside the
archive by default), and rendered as ``NEWSCRAWL_POST_AUTHOR``, ``NEWSCRAWL_POST_IMAGES`` and
``NEWSCRAWL_POST_IMAGES_URL`` say: give the settings the crawls use. ``check`` prints each problem on a line and
exits 1 if there is any, 0 otherwise. ``repair`` prints what it did, then checks the archive: 0 when it is
consistent, 1 otherwise (what is left is printed: posts no JSON line owns, which it never touches).
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands import ScrapyCommand
from scrapy.exceptions import UsageError

from newscrawl.archive.consistency import ArchiveLayout, CheckReport, check_archive
from newscrawl.archive.faults import ArchiveFault, faults_named
from newscrawl.archive.rebuild import PostSettings
from newscrawl.archive.repair import RepairError, repair_archive
from newscrawl.archive.store import PostAuthor, PostImages

ACTIONS = ("check", "repair")


class Command(ScrapyCommand):
    requires_project = False
    requires_crawler_process = False

    def syntax(self) -> str:
        return "check|repair [ARCHIVE_DIR]"

    def short_desc(self) -> str:
        return "Check an archive (JSON lines, ledger, posts agree) or repair it (ledger rebuilt from the JSON lines)"

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        super().add_options(parser)
        parser.add_argument("--unknown-posts-ok", action="store_true",
                            help="posts no JSON line owns (a Hexo folder shared with other posts) are no problem")

    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if not args or args[0] not in ACTIONS or len(args) > 2:
            raise UsageError(f"give {' or '.join(ACTIONS)}, then the archive folder (default NEWSCRAWL_ARCHIVE_DIR)")
        assert self.settings is not None
        layout = ArchiveLayout.from_settings(self.settings, args[1] if len(args) == 2 else None)
        if not layout.archive_dir.is_dir():
            raise UsageError(f"{layout.archive_dir} is not a folder")
        settings = PostSettings(
            author=PostAuthor(self.settings.get("NEWSCRAWL_POST_AUTHOR", "site")),
            images=PostImages(self.settings.get("NEWSCRAWL_POST_IMAGES", "remote")),
            image_url_prefix=self.settings.get("NEWSCRAWL_POST_IMAGES_URL", "/images/"),
        )
        if args[0] == "repair":
            try:
                with faults_named(layout.ledger_path):
                    repaired = repair_archive(layout, settings)
            except (RepairError, ArchiveFault) as error:
                print(f"cannot repair {layout.archive_dir}: {error}", file=sys.stderr)
                self.exitcode = 1
                return
            for action in repaired.actions:
                print(action)
            print(f"{repaired.posts_written} posts written again")
        report = check_archive(layout, settings, unknown_posts_ok=opts.unknown_posts_ok)
        _print(report, layout)
        self.exitcode = 0 if report.consistent else 1


def _print(report: CheckReport, layout: ArchiveLayout) -> None:
    for line in report.lines_to_print():
        print(line)
    print(report.summary(layout))
