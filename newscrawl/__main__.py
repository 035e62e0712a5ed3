"""``python -m newscrawl …``: the ``newscrawl`` command (``newscrawl.cli``)."""

from __future__ import annotations

from newscrawl.cli import main

main()
