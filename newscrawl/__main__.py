"""``python -m newscrawl …``: the ``newscrawl`` command (``newscrawl.cli``)."""

from newscrawl.cli import main

main()
