"""Every file the archive writes gets the mode the process's umask gives a new file, rewritten ones too.

Each case runs in a process of its own started with the umask under test (the archive reads the umask once per
process), and writes every kind of file the way a crawl does: posts, JSON lines and the ledger through the store,
images through the image store, run reports and health baselines through ``write_file_atomically``.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import PROJECT_ROOT

WRITE_EVERY_KIND = textwrap.dedent("""
    import io, sys
    from pathlib import Path
    from newscrawl.archive.files import write_file_atomically
    from newscrawl.archive.images import ContentAddressedFilesStore
    from newscrawl.archive.store import ArchiveStore
    from newscrawl.items import Article

    archive, body = Path(sys.argv[1]), sys.argv[2]
    store = ArchiveStore(archive / "posts", jsonl_path=archive / "articles.jsonl",
                         ledger_path=archive / "ledger.sqlite3")
    for number, title in ((1, "一"), (2, "二"), (1, "一 (edited)")):  # the third rewrites the first post
        store.save(Article(url=f"https://example.com/a{number}", title="标题" + title,
                           categories=["新媒体", "站点", "新闻"], date_published="2022-08-30T17:19:00+08:00",
                           body_html=body))
    ContentAddressedFilesStore(str(archive)).persist_file("images/ab/ab.png", io.BytesIO(b"png"), None)
    write_file_atomically(archive / "runs" / "20261125T000000.000Z-ofweek.json", b"{}")
    write_file_atomically(archive / "health" / "ofweek.json", b"{}")
    store.close()
""")


def _write_every_kind(archive: Path, umask: int, body: str = "<p>正文</p>") -> None:
    result = subprocess.run([sys.executable, "-c", WRITE_EVERY_KIND, str(archive), body], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60, preexec_fn=lambda: os.umask(umask),
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode == 0, result.stderr


def _modes(archive: Path) -> dict[str, int]:
    return {path.relative_to(archive).as_posix(): stat.S_IMODE(path.stat().st_mode)
            for path in archive.rglob("*") if path.is_file()}


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o027, 0o640), (0o002, 0o664), (0o077, 0o600)])
def test_every_archive_file_has_the_umask_mode(tmp_path: Path, umask: int, mode: int) -> None:
    _write_every_kind(tmp_path, umask)
    modes = _modes(tmp_path)
    assert {"articles.jsonl", "ledger.sqlite3", "images/ab/ab.png", "runs/20261125T000000.000Z-ofweek.json",
            "health/ofweek.json"} <= set(modes)
    assert len([name for name in modes if name.startswith("posts/")]) == 2
    assert {name: oct(value) for name, value in modes.items() if value != mode} == {}


def test_a_post_rewritten_takes_the_umask_mode_not_its_old_one(tmp_path: Path) -> None:
    """A post an older newscrawl wrote 0600 (mkstemp's mode, kept by the rename) is 0644 once rewritten."""
    _write_every_kind(tmp_path, 0o022)
    posts = sorted((tmp_path / "posts").rglob("*.md"))
    for post in posts:
        post.chmod(0o600)
    _write_every_kind(tmp_path, 0o022, body="<p>正文，更新</p>")  # a new version of each article
    assert all("更新" in post.read_text(encoding="utf-8") for post in posts)
    assert {stat.S_IMODE(post.stat().st_mode) for post in posts} == {0o644}


def test_the_umask_is_read_without_changing_it() -> None:
    """Read from /proc on Linux: no moment at which another thread's new file would get a umask of 0."""
    script = ("import os; from newscrawl.archive.files import process_umask, _umask_from_proc; "
              "print(oct(process_umask()), _umask_from_proc() is not None)")
    result = subprocess.run([sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True,
                            timeout=60, preexec_fn=lambda: os.umask(0o027),
                            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    assert result.returncode == 0, result.stderr
    on_linux = sys.platform.startswith("linux")
    assert result.stdout.split() == ["0o27", str(on_linux)]
