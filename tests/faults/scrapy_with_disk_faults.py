"""``python -m tests.faults.scrapy_with_disk_faults ARGS…``: ``scrapy ARGS…`` in a process where the disk fault
``NEWSCRAWL_TEST_DISK_FAULT`` describes holds (``tests/faults/disk_faults.py``: a folder on a disk that fills up, or
a read-only folder), installed before Scrapy starts.
"""

from __future__ import annotations

import sys

from scrapy.cmdline import execute

from tests.faults.disk_faults import install_from_environment

if __name__ == "__main__":
    install_from_environment()
    execute(["scrapy", *sys.argv[1:]])
