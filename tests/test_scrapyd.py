"""Under Scrapyd: deploy the project egg with scrapyd-deploy, schedule a replay crawl through the HTTP API, and
check the archive it wrote.

A real Scrapyd (PyPI ``scrapyd``) runs on 127.0.0.1 for the session (``tests/servers/scrapyd.py``). The egg is
built and uploaded by ``scrapyd-deploy local`` (PyPI ``scrapyd-client``), run as a user would, from a copy of
the checkout: scrapyd-deploy writes a ``setup.py`` (when there is none), ``build/`` and ``*.egg-info`` into the
folder it deploys from, which must not happen to the working tree. The copy's ``[deploy:local]`` points at the
test's port instead of 6800; everything else is the project's own ``scrapy.cfg``.
"""

from __future__ import annotations

import configparser
import json
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import FIXTURES, PROJECT_ROOT, REPLAY_DIR, json_records
from tests.servers.scrapyd import ScrapydServer, running_scrapyd, scrapyd_environment, wait_for_job

SEED = FIXTURES / "hexo" / "seed" / "000_31e88c7ec9520441.txt"
SEED_PATH = "新媒体/高科技行业门户/新闻/三人成虎，小米联手北汽造电动车_绯闻_成真？.md"
PROJECT = "newscrawl"
SPIDER = "ofweek"
#: What scrapyd-deploy needs to build the egg; whatever of these the checkout has is copied.
PACKAGING_FILES = ("scrapy.cfg", "pyproject.toml", "README.md", "setup.py", "setup.cfg", "MANIFEST.in")
#: Seconds a replay crawl may take under Scrapyd (it takes a few).
JOB_TIMEOUT = 180.0


def _good_case_count() -> int:
    """Recorded OFweek articles that must become posts (the ones the recorded listing lists, whose expected.json
    does not say dropped)."""
    count = 0
    for expected_path in (FIXTURES / "portals" / "ofweek").glob("*/expected.json"):
        listed = json.loads((expected_path.parent / "meta.json").read_text(encoding="utf-8")).get("listing")
        if listed and "dropped" not in json.loads(expected_path.read_text(encoding="utf-8")):
            count += 1
    return count


def _copy_checkout(destination: Path) -> Path:
    """The files an egg is built from, copied from the working tree (so uncommitted code is what gets tested)."""
    destination.mkdir(parents=True)
    for name in PACKAGING_FILES:
        if (PROJECT_ROOT / name).exists():
            shutil.copy2(PROJECT_ROOT / name, destination / name)
    shutil.copytree(PROJECT_ROOT / "newscrawl", destination / "newscrawl",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return destination


def _point_local_target_at(checkout: Path, url: str) -> None:
    config = configparser.ConfigParser(interpolation=None)
    config.read(checkout / "scrapy.cfg", encoding="utf-8")
    config["deploy:local"]["url"] = url
    with (checkout / "scrapy.cfg").open("w", encoding="utf-8") as file:
        config.write(file)


def _scrapyd_deploy(checkout: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    """``scrapyd-deploy ARGUMENTS`` run in ``checkout`` (``-m`` finds the same script in any venv layout)."""
    return subprocess.run(
        [sys.executable, "-m", "scrapyd_client.deploy", *arguments], cwd=checkout, capture_output=True, text=True,
        timeout=120, env=scrapyd_environment(checkout),
    )


@dataclass(frozen=True)
class Job:
    id: str
    archive: Path
    log: str
    items: Path
    listed: dict[str, Any]


@pytest.fixture(scope="session")
def scrapyd_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScrapydServer]:
    with running_scrapyd(tmp_path_factory.mktemp("scrapyd")) as server:
        yield server


@pytest.fixture(scope="module")
def deployed(scrapyd_server: ScrapydServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    checkout = _copy_checkout(tmp_path_factory.mktemp("deploy") / "checkout")
    _point_local_target_at(checkout, scrapyd_server.url)
    result = _scrapyd_deploy(checkout, "local", "--version", "test")
    assert result.returncode == 0, f"scrapyd-deploy failed:\n{result.stdout}\n{result.stderr}"
    answer: dict[str, Any] = json.loads(result.stdout)
    return answer


@pytest.fixture(scope="module")
def job(scrapyd_server: ScrapydServer, deployed: dict[str, Any], tmp_path_factory: pytest.TempPathFactory) -> Job:
    archive = tmp_path_factory.mktemp("scrapyd-archive") / "archive"
    answer = scrapyd_server.post("schedule.json", [
        ("project", PROJECT), ("spider", SPIDER),
        ("setting", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}"),
        ("setting", f"NEWSCRAWL_ARCHIVE_DIR={archive}"),
    ])
    job_id = str(answer["jobid"])
    listed = wait_for_job(scrapyd_server, PROJECT, job_id, timeout=JOB_TIMEOUT)
    log = scrapyd_server.job_log_path(PROJECT, SPIDER, job_id).read_text(encoding="utf-8", errors="replace")
    return Job(job_id, archive, log, scrapyd_server.job_items_path(PROJECT, SPIDER, job_id), dict(listed))


def test_scrapy_cfg_has_a_local_deploy_target() -> None:
    result = subprocess.run([sys.executable, "-m", "scrapyd_client", "targets"], cwd=PROJECT_ROOT,
                            capture_output=True, text=True, timeout=60, env=scrapyd_environment(PROJECT_ROOT))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.split() == ["local", "http://127.0.0.1:6800/"]
    config = configparser.ConfigParser(interpolation=None)
    config.read(PROJECT_ROOT / "scrapy.cfg", encoding="utf-8")
    assert config["deploy:local"]["project"] == PROJECT
    assert config["settings"]["default"] == "newscrawl.settings"


def test_the_egg_holds_the_whole_package_and_names_its_settings(tmp_path: Path) -> None:
    checkout = _copy_checkout(tmp_path / "checkout")
    egg = tmp_path / "newscrawl.egg"
    result = _scrapyd_deploy(checkout, "--build-egg", str(egg))
    assert result.returncode == 0, result.stdout + result.stderr
    with zipfile.ZipFile(egg) as archive:
        names = set(archive.namelist())
        entry_points = archive.read("EGG-INFO/entry_points.txt").decode("utf-8")
    package_files = {
        path.relative_to(PROJECT_ROOT).as_posix() for path in (PROJECT_ROOT / "newscrawl").rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }
    # Package data (anything not .py) must travel too, or the crawl under Scrapyd misses it.
    assert package_files - names == set()
    assert not {name for name in names if name.split("/")[0] not in ("newscrawl", "EGG-INFO")}
    # Scrapyd's runner finds the project's settings module through this entry point.
    entry_point_config = configparser.ConfigParser()
    entry_point_config.read_string(entry_points)
    assert entry_point_config["scrapy"]["settings"] == "newscrawl.settings"


def test_deploy_adds_the_project_with_its_spider(scrapyd_server: ScrapydServer, deployed: dict[str, Any]) -> None:
    assert deployed["status"] == "ok"
    assert deployed["project"] == PROJECT
    assert deployed["version"] == "test"
    assert PROJECT in scrapyd_server.get("listprojects.json")["projects"]
    assert SPIDER in scrapyd_server.get("listspiders.json", project=PROJECT)["spiders"]


def test_jobs_import_newscrawl_from_the_deployed_egg(scrapyd_server: ScrapydServer, deployed: dict[str, Any]) -> None:
    """What Scrapyd's runner does before a crawl, in Scrapyd's environment: the code comes from the egg."""
    eggs = sorted((scrapyd_server.eggs_dir / PROJECT).glob("*.egg"))
    assert len(eggs) == 1, eggs
    probe = ("import sys; from scrapyd.runner import activate_egg; activate_egg(sys.argv[1]); "
             "import newscrawl.settings; print(newscrawl.settings.__file__)")
    result = subprocess.run([sys.executable, "-c", probe, str(eggs[0])], cwd=scrapyd_server.root,
                            capture_output=True, text=True, timeout=60, env=scrapyd_environment(scrapyd_server.root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().startswith(str(eggs[0])), result.stdout


def test_the_scheduled_replay_crawl_writes_the_archive(job: Job) -> None:
    posts_dir = job.archive / "posts"
    posts = {path.relative_to(posts_dir).as_posix(): path for path in posts_dir.rglob("*.md")}
    assert len(posts) == _good_case_count() >= 12
    assert posts[SEED_PATH].read_bytes() == SEED.read_bytes()
    records = json_records(job.archive / "articles.jsonl")
    assert len(records) == len(posts)
    assert {record["portal"] for record in records} == {SPIDER}


def test_scrapyd_feeds_the_items_beside_the_archive(job: Job) -> None:
    records = json_records(job.items)
    assert len(records) == _good_case_count()
    assert all(record["portal"] == SPIDER for record in records)


def test_the_job_log_is_clean_and_says_what_the_crawl_did(job: Job) -> None:
    assert "ERROR" not in job.log and "Traceback" not in job.log, job.log[-5000:]
    assert f"newscrawl {SPIDER} finished (finished): {_good_case_count()} new, 0 updated, 0 unchanged" in job.log
    assert "Dropped article (no_body): " in job.log  # a warning, as in a plain crawl


def test_scrapyd_saw_the_job_end_normally(scrapyd_server: ScrapydServer, job: Job) -> None:
    assert job.listed["spider"] == SPIDER and job.listed["project"] == PROJECT
    ended = [line for line in scrapyd_server.log().splitlines() if f"job='{job.id}'" in line]
    assert any("Process finished:" in line for line in ended), ended
    assert not any("Process died" in line for line in ended), ended


def test_waiting_for_a_job_is_bounded_and_says_why(scrapyd_server: ScrapydServer, deployed: dict[str, Any]) -> None:
    with pytest.raises(AssertionError, match=r"(?s)job never-scheduled not finished after 1 s.*Scrapyd log"):
        wait_for_job(scrapyd_server, PROJECT, "never-scheduled", timeout=1.0)


def test_an_installed_newscrawl_runs_under_scrapyd_without_an_egg(tmp_path: Path) -> None:
    """The README's way without a checkout: newscrawl installed beside Scrapyd, named in a scrapy.cfg of Scrapyd's
    folder (``[settings] newscrawl = newscrawl.settings``), which Scrapyd and the jobs it runs both read."""
    installed = tmp_path / "site-packages"
    shutil.copytree(PROJECT_ROOT / "newscrawl", installed / "newscrawl",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    root = tmp_path / "scrapyd"
    root.mkdir()
    (root / "scrapy.cfg").write_text("[settings]\nnewscrawl = newscrawl.settings\n", encoding="utf-8")
    archive = tmp_path / "archive"
    with running_scrapyd(root, installed=installed) as server:
        assert PROJECT in server.get("listprojects.json")["projects"]
        assert SPIDER in server.get("listspiders.json", project=PROJECT)["spiders"]
        answer = server.post("schedule.json", [("project", PROJECT), ("spider", SPIDER),
                                               ("setting", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}"),
                                               ("setting", f"NEWSCRAWL_ARCHIVE_DIR={archive}")])
        wait_for_job(server, PROJECT, str(answer["jobid"]), timeout=JOB_TIMEOUT)
        log = server.job_log_path(PROJECT, SPIDER, str(answer["jobid"])).read_text(encoding="utf-8")
    assert f"newscrawl {SPIDER} finished (finished): {_good_case_count()} new" in log, log[-3000:]
    assert (archive / "posts" / SEED_PATH).read_bytes() == SEED.read_bytes()
    assert not list(server.eggs_dir.rglob("*.egg"))
