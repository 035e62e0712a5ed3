"""Run one fault scenario: start ``tests.servers.fault_server`` with it, crawl the site in a subprocess, collect
what the server saw and what the crawl left (archive, run report, exit code, peak memory).

The crawl is ``python -m scrapy crawl …`` from the project folder, as ``tests.conftest.run_scrapy`` runs it, but
polled while it runs so that its own peak RSS is known (the decompression-bomb and 50 MB scenarios assert
bounded memory): ``VmHWM`` of ``/proc/<pid>/status``, the high-water mark of the crawl's own address space.
(``ru_maxrss`` from ``wait4`` or ``getrusage`` will not do: Linux carries the high-water mark of the process
image replaced by ``exec`` over, and a child forked from a pytest process holding the whole suite starts with
the parent's size.) Every wait here is bounded in time.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tests.conftest import PROJECT_ROOT, json_records

#: Settings every matrix crawl runs with: short timeouts keep the matrix fast; no politeness delays on loopback.
FAST_SETTINGS = {
    "DOWNLOAD_TIMEOUT": "2",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "0",
    "TELNETCONSOLE_ENABLED": "0",
    "NEWSCRAWL_RETRY_AFTER_MAX": "5",
}
SERVER_START_SECONDS = 60
CRAWL_TIMEOUT_SECONDS = 150


@dataclass
class Outcome:
    """What one scenario's crawl did, seen from the server and from the archive."""

    exit_code: int
    stderr: str
    server_log: list[dict[str, Any]]
    archive: Path
    report: dict[str, Any]
    peak_rss_mb: float
    duration: float
    port: int
    canary_port: int
    records: list[dict[str, Any]] = field(default_factory=list)

    def requests(self, path: str | None = None) -> list[dict[str, Any]]:
        return [event for event in self.server_log
                if event["event"] == "request" and (path is None or event["path"] == path)]

    def count(self, path: str) -> int:
        return len(self.requests(path))

    def paths(self) -> list[str]:
        return [event["path"] for event in self.requests()]

    @property
    def canary_connections(self) -> list[dict[str, Any]]:
        return [event for event in self.server_log if event["event"] == "canary"]

    @property
    def posts(self) -> list[Path]:
        return sorted((self.archive / "posts").rglob("*.md"))

    @property
    def titles(self) -> list[str]:
        return sorted(record["title"] for record in self.records)

    @property
    def failed(self) -> dict[str, int]:
        failed: dict[str, int] = self.report.get("failed", {})
        return failed

    def explain(self) -> str:
        """What to print when an assertion fails: the server's view and the end of the crawl log."""
        events = "\n".join(json.dumps(event) for event in self.server_log[-40:])
        return f"exit {self.exit_code}\nreport failed {self.failed}\n{events}\n--- crawl log ---\n{self.stderr[-6000:]}"


def _read_port_line(process: subprocess.Popen[bytes]) -> str:
    assert process.stdout is not None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        if not selector.select(timeout=SERVER_START_SECONDS):
            raise RuntimeError("the fault server did not start in time")
    return process.stdout.readline().decode()


def _high_water_mark_mb(pid: int) -> float:
    """``VmHWM`` of a running process, in MB (0 once it is gone)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0.0
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _wait_measuring_memory(process: subprocess.Popen[bytes], timeout: float) -> tuple[int, float]:
    """Exit code and peak RSS (MB) of ``process``, polled every 20 ms; killed after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, _high_water_mark_mb(process.pid))
        if time.monotonic() > deadline:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            break
        time.sleep(0.02)
    return int(process.returncode), peak


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens (bound, then closed at once)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def run_scenario(
    workdir: Path,
    scenario: dict[str, Any],
    *,
    start_path: str = "/news/",
    arguments: tuple[str, ...] = (),
    settings: dict[str, str] | None = None,
    launcher: tuple[str, ...] = ("-m", "scrapy"),
    timeout: float = CRAWL_TIMEOUT_SECONDS,
) -> Outcome:
    """Serve ``scenario`` and crawl it with the ``news`` spider from ``start_path`` (``{port}`` and ``{canary}``
    in ``arguments``, setting values and ``start_path`` are replaced by the server's ports, ``{closed}`` by a port
    where nothing listens; a ``start_path`` starting with ``http`` is a whole start URL)."""
    workdir.mkdir(parents=True, exist_ok=True)
    closed = closed_port()
    scenario_path = workdir / "scenario.json"
    scenario_path.write_text(json.dumps(scenario).replace("{closed}", str(closed)), encoding="utf-8")
    log_path = workdir / "requests.jsonl"
    log_path.write_text("")
    archive = workdir / "archive"
    server = subprocess.Popen(
        [sys.executable, "-m", "tests.servers.fault_server", str(scenario_path), str(log_path)],
        cwd=PROJECT_ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=(workdir / "server.err").open("wb"), env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
    )
    try:
        words = _read_port_line(server).split()
        if len(words) != 4 or words[0] != "PORT":
            raise RuntimeError(f"fault server said {words!r}: {(workdir / 'server.err').read_text()[-2000:]}")
        port, canary_port = int(words[1]), int(words[3])

        def fill(text: str) -> str:
            return (text.replace("{port}", str(port)).replace("{canary}", str(canary_port))
                    .replace("{closed}", str(closed)))

        start_url = fill(start_path if start_path.startswith("http") else f"http://127.0.0.1:{port}{start_path}")
        command = [sys.executable, *launcher, "crawl", "news", "-a", f"url={start_url}",
                   "-s", f"NEWSCRAWL_ARCHIVE_DIR={archive}"]
        for name, value in {**FAST_SETTINGS, **(settings or {})}.items():
            command += ["-s", f"{name}={fill(value)}"]
        for argument in arguments:
            command += ["-a", fill(argument)]
        stderr_path = workdir / "crawl.err"
        started = time.monotonic()
        with stderr_path.open("wb") as stderr:
            crawl = subprocess.Popen(command, cwd=PROJECT_ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
                                     env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
            exit_code, peak_rss_mb = _wait_measuring_memory(crawl, timeout)
        duration = time.monotonic() - started
    finally:
        if server.stdin is not None:
            server.stdin.close()  # the server exits when its stdin closes
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
    reports = sorted((archive / "runs").glob("*.json"))
    report = json.loads(reports[-1].read_text(encoding="utf-8")) if reports else {}
    jsonl = archive / "articles.jsonl"
    records = json_records(jsonl) if jsonl.exists() else []
    server_log = json_records(log_path)
    return Outcome(exit_code=exit_code, stderr=stderr_path.read_text(encoding="utf-8", errors="replace"),
                   server_log=server_log, archive=archive, report=report, peak_rss_mb=peak_rss_mb,
                   duration=duration, port=port, canary_port=canary_port, records=records)
