"""Shared fixtures: the project's folders and a loopback server that serves the recorded portal pages."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newscrawl.json_lines import read_json_lines

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "fixtures"
REPLAY_DIR = FIXTURES / "replay"


class RecordedSite:
    def __init__(self, process: subprocess.Popen[str], port: int, log_path: Path) -> None:
        self.process = process
        self.port = port
        self.origin = f"http://127.0.0.1:{port}"
        self.log_path = log_path

    def requests(self) -> list[dict[str, Any]]:
        return json_records(self.log_path)


@pytest.fixture(scope="session")
def recorded_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordedSite]:
    log_path = tmp_path_factory.mktemp("recorded-site") / "requests.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.servers.recorded_site", str(REPLAY_DIR)],
            cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=log, text=True,
            env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        )
    assert process.stdout is not None
    first_line = process.stdout.readline()
    if not first_line.startswith("PORT "):
        process.kill()
        raise RuntimeError(f"recorded site did not start: {first_line!r}")
    try:
        yield RecordedSite(process, int(first_line.split()[1]), log_path)
    finally:
        process.terminate()
        process.wait(timeout=10)


def json_records(path: Path) -> list[dict[str, Any]]:
    """Every record of a JSON-lines file, read as newscrawl reads them (split on ``\\n`` only); a line that holds
    none fails the test."""
    records = []
    for line in read_json_lines(path):
        assert line.record is not None, f"{line.where}: {line.problem}"
        records.append(line.record)
    return records


def run_scrapy(*arguments: str, cwd: Path = PROJECT_ROOT, timeout: int = 180) -> subprocess.CompletedProcess[str]:
    """Run ``scrapy`` in a subprocess as a user would, from the project folder."""
    return subprocess.run(
        [sys.executable, "-m", "scrapy", *arguments], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
