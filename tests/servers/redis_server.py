"""Where the tests find ``redis-server``: on the PATH (``.ci/run`` installs it from Debian's packages before the
suite); in CI (``CI=true``, root, apt) installed here if it is still missing (no network beyond the registries);
anywhere else the test is skipped with a message saying how to get it. ``.ci/run`` runs exactly the README's test
command."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


def redis_server_executable() -> str:
    found = shutil.which("redis-server")
    if found:
        return found
    if os.environ.get("CI") == "true" and hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        environment = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "update", "-qq"], env=environment, timeout=300, check=False,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["apt-get", "install", "-y", "-qq", "redis-server"], env=environment, timeout=600,
                       check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        found = shutil.which("redis-server")
        if found:
            return found
    pytest.skip("redis-server is not installed (apt-get install redis-server); in CI (CI=true, root) the test "
                "installs it itself")
