"""ruff, mypy and the import contracts stay clean on the package (they run as part of the suite, so CI runs them);
comments point at files that exist."""

from __future__ import annotations

import ast
import io
import re
import subprocess
import sys
import tokenize
from collections.abc import Iterator
from pathlib import Path

from tests.conftest import PROJECT_ROOT


def test_ruff_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "newscrawl", "tests"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean() -> None:
    result = subprocess.run([sys.executable, "-m", "mypy"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def _comments_and_docstrings(path: Path) -> Iterator[tuple[int, str]]:
    """(line, text) of every comment and docstring of a module."""
    source = path.read_text(encoding="utf-8")
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            yield token.start[0], token.string
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            docstring = ast.get_docstring(node, clean=False)
            if docstring:
                yield node.body[0].lineno, docstring


#: Placeholders of file names in docstrings, not files (``<CATEGORY 1>/…/<NAME>.md``).
_NOT_FILES = {"NAME.md"}


def test_no_comment_names_a_markdown_file_the_repository_lacks() -> None:
    missing = []
    for path in sorted((PROJECT_ROOT / "newscrawl").rglob("*.py")):
        for line, text in _comments_and_docstrings(path):
            for name in re.findall(r"[\w./-]*\w\.md\b", text):
                if name not in _NOT_FILES and not (PROJECT_ROOT / name).is_file():
                    missing.append(f"{path.relative_to(PROJECT_ROOT)}:{line}: {name}")
    assert missing == []


def test_the_import_contracts_are_kept() -> None:
    """The layer rules of pyproject.toml's [tool.importlinter] (import-linter, from the test extra)."""
    lint_imports = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(lint_imports), "--no-cache"], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


#: What extraction may take from Scrapy: responses and selectors, no engine, crawler, settings or signals.
_SCRAPY_FOR_EXTRACTION = ("scrapy.http", "scrapy.selector")


def test_extraction_takes_no_engine_module_from_scrapy() -> None:
    # import-linter sees scrapy as one module (an external package), so which part of it is checked here.
    found = []
    for path in sorted((PROJECT_ROOT / "newscrawl" / "extract").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
                [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
            for name in names:
                if (name == "scrapy" or name.startswith("scrapy.")) and not name.startswith(_SCRAPY_FOR_EXTRACTION):
                    found.append(f"{path.relative_to(PROJECT_ROOT)}:{node.lineno}: {name}")
    assert found == []
