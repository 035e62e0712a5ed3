"""Scenario registries shared by the fault-matrix test modules: each module registers its scenarios with a
check, and one module-scoped fixture crawls the scenarios the session selected, ``PARALLEL_CRAWLS`` at a time.

Each crawl has its own server, ports and archive, so parallel crawls cannot disturb each other's outcome; what
load can change is timing, and timing assertions are lower bounds (a wait of at least N seconds), which load
cannot break.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from tests.faults.harness import Outcome, run_scenario
from tests.servers.fault_server import article_title

PARALLEL_CRAWLS = 3
Check = Callable[[Outcome], None]


@dataclass
class Scenario:
    name: str
    site: dict[str, Any]
    check: Check
    start_path: str = "/news/"
    arguments: tuple[str, ...] = ()
    settings: dict[str, str] = field(default_factory=dict)
    launcher: tuple[str, ...] = ("-m", "scrapy")
    xfail: str | None = None


class Registry:
    def __init__(self) -> None:
        self.scenarios: dict[str, Scenario] = {}

    def scenario(self, name: str, site: dict[str, Any] | None = None, *, xfail: str | None = None,
                 start_path: str = "/news/", arguments: tuple[str, ...] = (), settings: dict[str, str] | None = None,
                 launcher: tuple[str, ...] = ("-m", "scrapy")) -> Callable[[Check], Check]:
        """Register ``check`` for a scenario: a site of three articles plus ``site`` (the fault server's keys)."""
        def register(check: Check) -> Check:
            if name in self.scenarios:
                raise ValueError(f"two scenarios named {name!r}")
            self.scenarios[name] = Scenario(name, {"articles": 3, **(site or {})}, check, start_path, arguments,
                                            settings or {}, launcher, xfail)
            return check
        return register

    def params(self) -> list[Any]:
        """``pytest.param`` per scenario, ``xfail(strict=True)`` where the scenario says so."""
        return [pytest.param(name, marks=[pytest.mark.xfail(strict=True, reason=case.xfail)] if case.xfail else [])
                for name, case in self.scenarios.items()]

    @contextmanager
    def crawled(self, names: list[str], root: Path) -> Iterator[dict[str, Future[Outcome]]]:
        with ThreadPoolExecutor(max_workers=PARALLEL_CRAWLS) as pool:
            futures = {}
            for index, name in enumerate(names):
                case = self.scenarios[name]
                futures[name] = pool.submit(run_scenario, root / f"{index:02d}", case.site,
                                            start_path=case.start_path, arguments=case.arguments,
                                            settings=case.settings, launcher=case.launcher)
            try:
                yield futures
            finally:
                for future in futures.values():
                    future.cancel()


def selected(session: pytest.Session, module_name: str, argument: str = "name") -> list[str]:
    """The scenario names of ``module_name``'s parametrised tests this session runs."""
    names = []
    for item in session.items:
        callspec = getattr(item, "callspec", None)
        module = getattr(item, "module", None)
        if callspec is not None and module is not None and module.__name__ == module_name and argument in (
                callspec.params):
            names.append(callspec.params[argument])
    return names


# --- checks shared by the scenarios -----------------------------------------------------------------------------


def fault(path: str, *responses: dict[str, Any]) -> dict[str, Any]:
    """The site's ``faults`` for one path: the n-th request gets the n-th response spec (the last repeats)."""
    return {"faults": {path: list(responses)}}


def redirect(to: str, status: int = 302) -> dict[str, Any]:
    return {"status": status, "headers": [["Location", to]], "body": "moved"}


def saved(run: Outcome, *numbers: int, chinese: tuple[int, ...] = ()) -> None:
    """Exactly these articles were archived: one post and one JSON line each, with the right titles."""
    expected = sorted(article_title(number, number in chinese) for number in numbers)
    assert run.titles == expected, run.explain()
    assert len(run.posts) == len(numbers), run.explain()


def exit_code(run: Outcome, code: int) -> None:
    assert run.exit_code == code, run.explain()
    assert run.report["exit_status"] == code, run.explain()


def failed(run: Outcome, expected: dict[str, int]) -> None:
    assert run.failed == expected, run.explain()


def gap(run: Outcome, path: str, index: int = 1) -> float:
    """Seconds between the requests ``index`` - 1 and ``index`` of ``path``."""
    times = [event["time"] for event in run.requests(path)]
    return float(times[index] - times[index - 1])
