"""The README's map of the package ("How it is built") matches the tree: every folder of newscrawl/, one line each."""

from __future__ import annotations

import re

from tests.conftest import PROJECT_ROOT


def _package_map() -> list[str]:
    """The lines of the first code block after the heading "How it is built"."""
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## How it is built"):]
    opening = section.index("```\n")
    return section[opening + 4 : section.index("```\n", opening + 4)].splitlines()


def _folders() -> set[str]:
    return {path.name for path in (PROJECT_ROOT / "newscrawl").iterdir()
            if path.is_dir() and (path / "__init__.py").is_file()}


def test_every_folder_of_the_package_has_one_line_in_the_readme_map() -> None:
    mapped = [match[1] for line in _package_map() if (match := re.match(r"\S*\s+newscrawl/(\w+)/\s", line))]
    assert sorted(mapped) == sorted(_folders()), "README 'How it is built': one line per folder of newscrawl/"
