"""``newscrawl``: Scrapy's command line with newscrawl's settings, from any folder.

``scrapy crawl ofweek`` finds the project through ``scrapy.cfg``, so it works only inside the checkout; an
installed newscrawl run by cron from ``/srv/news`` has none there ("no active project"). ``newscrawl crawl ofweek``,
``newscrawl list``, ``newscrawl render …`` and every other Scrapy and newscrawl command run with
``newscrawl.settings`` wherever they are started; relative paths (``NEWSCRAWL_ARCHIVE_DIR=archive``) are relative
to the current folder, as for any command. ``SCRAPY_SETTINGS_MODULE``, when set, still names the settings module
(one of your own that starts with ``from newscrawl.settings import *``). ``python -m newscrawl`` is the same command.
"""

from __future__ import annotations

import os
import sys

from scrapy.cmdline import execute

SETTINGS_MODULE = "newscrawl.settings"


def main(argv: list[str] | None = None) -> None:
    """Run the command in ``argv`` (default: this process's arguments) and exit with its exit code."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", SETTINGS_MODULE)
    execute(["newscrawl", *(sys.argv[1:] if argv is None else argv)])
