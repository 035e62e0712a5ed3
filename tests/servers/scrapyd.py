"""A real Scrapyd (PyPI ``scrapyd``) on 127.0.0.1 for the tests, isolated and impossible to leak.

``running_scrapyd(root)`` starts ``python -m scrapyd`` with its own ``scrapyd.conf`` in ``root`` (eggs, logs,
items and dbs folders under ``root``, ``bind_address = 127.0.0.1``, a free port, a short poll interval), waits
until ``daemonstatus.json`` answers, and stops it when the ``with`` block ends, however it ends.

Why it cannot leak: Scrapyd runs in a session (process group) of its own, so stopping it signals the group and
takes the crawls it launched along; it also asks the kernel to kill it if the test process dies without
cleaning up (``PR_SET_PDEATHSIG``, Linux). Its environment is cut loose from the developer's: ``HOME`` is
``root`` (no ``~/.scrapyd.conf`` or ``~/.scrapy.cfg`` overriding the test's configuration) and no
``PYTHONPATH`` or ``SCRAPY_*``/``SCRAPYD_*`` variables, so a job runs the deployed egg, not the checkout.
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

#: Seconds Scrapyd gets to answer ``daemonstatus.json`` after it was started.
START_TIMEOUT = 60.0
#: Seconds between two polls of Scrapyd's queue (Scrapyd's default is 5: jobs would start late).
POLL_INTERVAL = 0.2

_PR_SET_PDEATHSIG = 1


class ScrapydError(RuntimeError):
    """Scrapyd did not start, or answered an API call with an error."""


def scrapyd_environment(home: Path, installed: Path | None = None) -> dict[str, str]:
    """The environment Scrapyd (and so every job it launches) runs with: the test's, less what would leak in.

    ``installed``: a folder holding a copy of the ``newscrawl`` package, importable as if installed beside Scrapyd.
    """
    environment = {
        name: value for name, value in os.environ.items()
        if name != "PYTHONPATH" and not name.startswith(("SCRAPY_", "SCRAPYD_"))
    }
    environment["HOME"] = str(home)
    environment["PYTHONUNBUFFERED"] = "1"
    if installed is not None:
        environment["PYTHONPATH"] = str(installed)
    return environment


def free_port() -> int:
    """A TCP port on 127.0.0.1 nobody listens on right now (Scrapyd cannot bind port 0 and say which it got)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _die_with_parent() -> None:
    """Runs in the child between fork and exec: the kernel kills Scrapyd if the test process dies first."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL))


class ScrapydServer:
    """A running Scrapyd: its address, its folders and a small client for its JSON API."""

    def __init__(self, root: Path, port: int, process: subprocess.Popen[bytes], log_path: Path) -> None:
        self.root = root
        self.port = port
        self.url = f"http://127.0.0.1:{port}/"
        self.process = process
        self.log_path = log_path
        self.eggs_dir = root / "eggs"
        self.logs_dir = root / "logs"
        self.items_dir = root / "items"
        self.dbs_dir = root / "dbs"

    def get(self, endpoint: str, **parameters: str) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(parameters)}" if parameters else ""
        return self._call(urllib.request.Request(self.url + endpoint + query))

    def post(self, endpoint: str, fields: Sequence[tuple[str, str]]) -> dict[str, Any]:
        """POST form fields; a name may repeat (``setting=A=1``, ``setting=B=2``)."""
        data = urllib.parse.urlencode(list(fields)).encode("ascii")
        return self._call(urllib.request.Request(self.url + endpoint, data=data, method="POST"))

    def _call(self, request: urllib.request.Request, timeout: float = 10.0) -> dict[str, Any]:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            answer: dict[str, Any] = json.loads(response.read().decode("utf-8"))
        if answer.get("status") != "ok":
            raise ScrapydError(f"{request.full_url} answered {answer}")
        return answer

    def log(self) -> str:
        """Scrapyd's own log (the daemon's, not a job's)."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def job_log_path(self, project: str, spider: str, job: str) -> Path:
        return self.logs_dir / project / spider / f"{job}.log"

    def job_items_path(self, project: str, spider: str, job: str) -> Path:
        return self.items_dir / project / spider / f"{job}.jl"

    def stop(self) -> None:
        """Stop Scrapyd and every process of its group (the crawls it launched); idempotent."""
        group = self.process.pid  # start_new_session: the group id is the leader's pid
        _signal_group(group, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=10)
        # Scrapyd gone or stuck, a crawl it launched may still run: nothing of the group survives the test.
        _signal_group(group, signal.SIGKILL)
        self.process.wait(timeout=10)


def _signal_group(group: int, signal_number: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(group, signal_number)


def write_config(root: Path, port: int) -> Path:
    config = root / "scrapyd.conf"
    config.write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {root / 'eggs'}\n"
        f"logs_dir = {root / 'logs'}\n"
        f"items_dir = {root / 'items'}\n"
        f"dbs_dir = {root / 'dbs'}\n"
        "jobs_dir =\n"
        "username =\n"
        "password =\n"
        f"poll_interval = {POLL_INTERVAL}\n"
        "max_proc = 2\n",
        encoding="utf-8",
    )
    return config


def start_scrapyd(root: Path, timeout: float = START_TIMEOUT, attempts: int = 3,
                  installed: Path | None = None) -> ScrapydServer:
    """Start Scrapyd in ``root`` and wait until it answers; a port taken in between is retried with another.
    ``installed``: as for ``scrapyd_environment``."""
    failures: list[str] = []
    for attempt in range(1, attempts + 1):
        port = free_port()
        write_config(root, port)
        log_path = root / f"scrapyd-{attempt}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd"], cwd=root, env=scrapyd_environment(root, installed),
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, preexec_fn=_die_with_parent,
            )
        server = ScrapydServer(root, port, process, log_path)
        try:
            if _wait_until_answering(server, timeout):
                return server
        except BaseException:
            server.stop()
            raise
        server.stop()
        failures.append(f"attempt {attempt} (port {port}):\n{server.log()[-3000:]}")
        if "Address already in use" not in server.log():
            break
    raise ScrapydError("Scrapyd did not answer daemonstatus.json:\n" + "\n".join(failures))


def _wait_until_answering(server: ScrapydServer, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            return False
        try:
            server.get("daemonstatus.json")
        except (OSError, ScrapydError, ValueError):
            time.sleep(0.1)
            continue
        return True
    return False


@contextlib.contextmanager
def running_scrapyd(root: Path, installed: Path | None = None) -> Iterator[ScrapydServer]:
    server = start_scrapyd(root, installed=installed)
    try:
        yield server
    finally:
        server.stop()


def wait_for_job(server: ScrapydServer, project: str, job: str, timeout: float) -> Mapping[str, Any]:
    """Poll ``listjobs.json`` until ``job`` is finished; on timeout fail with the job's log and Scrapyd's."""
    deadline = time.monotonic() + timeout
    state = "unknown"
    while time.monotonic() < deadline:
        jobs = server.get("listjobs.json", project=project)
        for state in ("finished", "running", "pending"):
            found = [entry for entry in jobs[state] if entry["id"] == job]
            if found:
                break
        else:
            state = "unknown"
            found = []
        if state == "finished":
            return dict(found[0])
        time.sleep(0.2)
    job_logs = sorted(server.logs_dir.rglob(f"{job}.log"))
    job_log = job_logs[0].read_text(encoding="utf-8", errors="replace")[-6000:] if job_logs else "(no job log)"
    raise AssertionError(
        f"Scrapyd job {job} not finished after {timeout:.0f} s (last state: {state})\n"
        f"--- job log (end) ---\n{job_log}\n--- Scrapyd log (end) ---\n{server.log()[-3000:]}"
    )
