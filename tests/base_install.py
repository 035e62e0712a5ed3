"""A virtualenv holding newscrawl as ``pip install .`` leaves it, base dependencies only, made without an index.

``pip install .`` in a fresh virtualenv fetches newscrawl's base dependencies from PyPI; tests reach no index. So
the virtualenv gets the very distributions of the running environment that the base install needs (the
closure of ``[project] dependencies`` in pyproject.toml, markers and requested extras followed), linked into its
site-packages, and nothing else: no test, bench or redis extra (no scrapy-redis, no redis), no pytest. newscrawl
itself is built into a wheel from a copy of the source and installed with the virtualenv's own pip, console
script included; ``pip check`` then confirms that every requirement is met.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from tests.conftest import PROJECT_ROOT

#: What the build of the wheel reads from the checkout.
SOURCE_FILES = ("pyproject.toml", "setup.py", "README.md")


def base_distributions() -> list[metadata.Distribution]:
    """The installed distributions a base install of newscrawl needs, newscrawl excluded."""
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pending = [Requirement(text) for text in project["dependencies"]]
    found: dict[str, metadata.Distribution] = {}
    followed: set[tuple[str, str]] = set()
    while pending:
        requirement = pending.pop()
        name = canonicalize_name(requirement.name)
        distribution = found.get(name) or metadata.distribution(requirement.name)
        found[name] = distribution
        for extra in ("", *sorted(requirement.extras)):
            if (name, extra) in followed:
                continue
            followed.add((name, extra))
            for text in distribution.requires or []:
                needed = Requirement(text)
                if needed.marker is None or needed.marker.evaluate({"extra": extra}):
                    pending.append(needed)
    return list(found.values())


def _top_level_entries(distribution: metadata.Distribution) -> set[Path]:
    """The site-packages entries (packages, modules, .dist-info, .libs folders) a distribution installed."""
    files = distribution.files
    if files is None:
        raise RuntimeError(f"{distribution.metadata['Name']} lists no files (no RECORD): cannot link it")
    entries = set()
    for file in files:
        first = Path(file).parts[0]
        if first not in ("..", "__pycache__"):
            entries.add(Path(str(distribution.locate_file(first))))
    return entries


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    result = subprocess.run([str(part) for part in command], cwd=cwd, capture_output=True, text=True, timeout=600,
                            check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{command} exited {result.returncode}:\n{result.stdout[-3000:]}{result.stderr[-3000:]}")
    return result.stdout


def build_base_install(folder: Path) -> Path:
    """Make ``folder/venv`` (newscrawl and its base dependencies only) and return its ``bin`` folder."""
    source = folder / "source"
    shutil.copytree(PROJECT_ROOT / "newscrawl", source / "newscrawl",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in SOURCE_FILES:
        shutil.copy2(PROJECT_ROOT / name, source / name)
    _run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "--wheel-dir", folder / "dist", source)
    (wheel,) = (folder / "dist").glob("newscrawl-*.whl")

    venv = folder / "venv"
    _run(sys.executable, "-m", "venv", venv)
    bin_dir = venv / "bin"
    python = bin_dir / "python"
    site_packages = Path(_run(python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").strip())
    for distribution in base_distributions():
        for entry in _top_level_entries(distribution):
            target = site_packages / entry.name
            if not target.exists():
                target.symlink_to(entry, target_is_directory=entry.is_dir())
    _run(python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", wheel)
    _run(python, "-m", "pip", "check")
    return bin_dir
