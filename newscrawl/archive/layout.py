"""Where things live in an archive folder, from the settings every component reads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

LEDGER_FILE = "ledger.sqlite3"
JSONL_FILE = "articles.jsonl"
RUNS_FOLDER = "runs"


def archive_paths(settings: Any) -> tuple[Path, Path]:
    """(archive folder, posts folder) from ``NEWSCRAWL_ARCHIVE_DIR`` and ``NEWSCRAWL_POSTS_DIR``."""
    archive_dir = Path(settings.get("NEWSCRAWL_ARCHIVE_DIR") or "archive")
    posts_dir = Path(settings.get("NEWSCRAWL_POSTS_DIR") or archive_dir / "posts")
    return archive_dir, posts_dir
