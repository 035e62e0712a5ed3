"""newscrawl installed without extras (``pip install .``), run from a folder outside the checkout, as cron runs it.

One virtualenv for the module (``tests.base_install``): newscrawl's wheel and its base dependencies only, so
neither scrapy-redis nor redis can be imported. Every spider crawls there from its recordings, every project
command runs, the sample post comes out byte for byte, and asking for a shared crawl says which extra it needs.
The shared crawl's package is the only one importing scrapy-redis or redis (checked in the source too).
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from newscrawl.portals import all_portals
from newscrawl.recordings import RecordingStore
from newscrawl.shared_crawl.addon import EXTRA_MISSING
from tests.base_install import build_base_install
from tests.conftest import FIXTURES, PROJECT_ROOT, REPLAY_DIR, json_records
from tests.warc.ccnews_site import MONTH, build_ccnews_site

SEED = FIXTURES / "hexo" / "seed" / "000_31e88c7ec9520441.txt"
SEED_POST = Path("posts/新媒体/高科技行业门户/新闻/三人成虎，小米联手北汽造电动车_绯闻_成真？.md")
NEWS_SITE = FIXTURES / "sites" / "news-example"
NEWS_START = "https://www.riverside-gazette.example/"
#: Variables of this test run that would point a process back at the checkout or at a shared crawl.
_STRIPPED_VARIABLES = ("PYTHONPATH", "SCRAPY_SETTINGS_MODULE", "SCRAPY_PROJECT", "NEWSCRAWL_REDIS_URL", "VIRTUAL_ENV")


@dataclass
class BaseInstall:
    bin_dir: Path

    def run(self, *arguments: str, cwd: Path, environment: dict[str, str] | None = None,
            timeout: int = 300) -> subprocess.CompletedProcess[str]:
        """``arguments[0]`` from the virtualenv's ``bin`` (``newscrawl``, ``python``), in ``cwd``."""
        env = {name: value for name, value in os.environ.items() if name not in _STRIPPED_VARIABLES}
        env["PATH"] = f"{self.bin_dir}{os.pathsep}{env.get('PATH', '')}"
        env.update(environment or {})
        assert not cwd.resolve().is_relative_to(PROJECT_ROOT), "the test must run outside the checkout"
        return subprocess.run([str(self.bin_dir / arguments[0]), *arguments[1:]], cwd=cwd, env=env,
                              capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def base_install(tmp_path_factory: pytest.TempPathFactory) -> BaseInstall:
    return BaseInstall(build_base_install(tmp_path_factory.mktemp("base-install")))


@pytest.fixture(scope="module")
def readme_crawl(base_install: BaseInstall, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The README's crawl, ``newscrawl crawl ofweek`` into ``my-archive``, in a folder outside the checkout."""
    folder = tmp_path_factory.mktemp("srv-news")
    result = base_install.run("newscrawl", "crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                              "-s", "NEWSCRAWL_ARCHIVE_DIR=my-archive", cwd=folder)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "Traceback" not in result.stderr, result.stderr[-4000:]
    yield folder


def test_the_base_install_has_no_extra(base_install: BaseInstall, tmp_path: Path) -> None:
    modules = ["scrapy_redis", "redis", "pytest", "trafilatura", "scrapyd", "newscrawl", "scrapy"]
    result = base_install.run("python", "-c", "import importlib.util, sys; print(' '.join("
                              "str(importlib.util.find_spec(name) is not None) for name in sys.argv[1:]))",
                              *modules, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert dict(zip(modules, result.stdout.split(), strict=True)) == {
        "scrapy_redis": "False", "redis": "False", "pytest": "False", "trafilatura": "False", "scrapyd": "False",
        "newscrawl": "True", "scrapy": "True"}


def test_newscrawl_list_from_a_folder_outside_the_checkout(base_install: BaseInstall, tmp_path: Path) -> None:
    expected = sorted([portal.name for portal in all_portals()] + ["ccnews", "news"])
    for command in (("newscrawl", "list"), ("python", "-m", "newscrawl", "list")):
        result = base_install.run(*command, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert result.stdout.split() == expected, command


def test_the_crawl_writes_the_sample_post_and_the_json_lines_relative_to_the_folder(readme_crawl: Path) -> None:
    archive = readme_crawl / "my-archive"
    assert (archive / SEED_POST).read_bytes() == SEED.read_bytes()
    posts = sorted((archive / "posts").rglob("*.md"))
    records = json_records(archive / "articles.jsonl")
    assert len(records) == len(posts) >= 12
    assert {record["portal"] for record in records} == {"ofweek"}
    assert len(list((archive / "runs").glob("*-ofweek.json"))) == 1


def test_every_project_command_runs_from_the_folder(base_install: BaseInstall, readme_crawl: Path) -> None:
    folder = readme_crawl
    rendered = base_install.run("newscrawl", "render", "my-archive/articles.jsonl",
                                "-s", "NEWSCRAWL_POSTS_DIR=posts-again", cwd=folder)
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr
    crawled = {path.relative_to(folder / "my-archive" / "posts"): path.read_bytes()
               for path in (folder / "my-archive" / "posts").rglob("*.md")}
    assert {path.relative_to(folder / "posts-again"): path.read_bytes()
            for path in (folder / "posts-again").rglob("*.md")} == crawled

    sample = json_records(folder / "my-archive" / "articles.jsonl")[0]
    recording = RecordingStore(REPLAY_DIR).find("GET", sample["url"])
    assert recording is not None
    (folder / "page.html").write_bytes(recording.body())
    extracted = base_install.run("newscrawl", "extract", "--url", sample["url"], "page.html", cwd=folder)
    assert extracted.returncode == 0, extracted.stderr
    assert json.loads(extracted.stdout)["body_html"] == sample["body_html"]

    health = base_install.run("newscrawl", "health", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                              "-s", "NEWSCRAWL_ARCHIVE_DIR=my-archive", cwd=folder)
    assert health.returncode == 0, health.stdout + health.stderr
    assert (folder / "my-archive" / "health" / "ofweek.json").exists()

    table = base_install.run("newscrawl", "portals", cwd=folder)
    assert table.returncode == 0, table.stderr
    assert all(f"`{portal.name}`" in table.stdout for portal in all_portals())

    setting = base_install.run("newscrawl", "settings", "--get", "BOT_NAME", cwd=folder)
    assert setting.stdout.strip() == "newscrawl"


def _crawl_arguments(spider: str, folder: Path) -> list[str]:
    if spider == "ccnews":  # warcio, a base dependency, reads a loopback CC-NEWS month from local files
        site = build_ccnews_site(folder / "commoncrawl")
        return ["-a", f"month={MONTH}", "-s", f"NEWSCRAWL_CCNEWS_BASE={site.root}"]
    if spider == "news":
        return ["-a", f"url={NEWS_START}", "-s", f"NEWSCRAWL_REPLAY_DIR={NEWS_SITE}"]
    return ["-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}"]


def test_every_spider_crawls_its_recordings_in_the_base_install(base_install: BaseInstall, tmp_path: Path) -> None:
    spiders = sorted([portal.name for portal in all_portals()] + ["ccnews", "news"])

    def crawl(spider: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        return spider, base_install.run("newscrawl", "crawl", spider, *_crawl_arguments(spider, tmp_path),
                                        "-s", f"NEWSCRAWL_ARCHIVE_DIR={spider}", cwd=tmp_path)

    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 2)) as pool:
        results = dict(pool.map(crawl, spiders))
    for spider, result in results.items():
        assert "Traceback" not in result.stderr, f"{spider}:\n{result.stderr[-4000:]}"
        if result.returncode == 3:
            # 36kr's recordings hold its challenge page: counted as blocked, which makes the run partial.
            report = json.loads(sorted((tmp_path / spider / "runs").glob("*.json"))[-1].read_text(encoding="utf-8"))
            assert all(reason.startswith("blocked: ") for reason in report["exit_status_reasons"]), (spider, report)
        else:
            assert result.returncode == 0, f"{spider}:\n{result.stderr[-4000:]}"
        assert json_records(tmp_path / spider / "articles.jsonl"), spider


@pytest.mark.parametrize("where", ["environment", "setting"])
def test_a_shared_crawl_without_the_redis_extra_says_which_extra_to_install(
        base_install: BaseInstall, tmp_path: Path, where: str) -> None:
    url = "redis://127.0.0.1:9/0"
    environment = {"NEWSCRAWL_REDIS_URL": url} if where == "environment" else {}
    setting = [] if where == "environment" else ["-s", f"NEWSCRAWL_REDIS_URL={url}"]
    result = base_install.run("newscrawl", "crawl", "news", "-a", f"url={NEWS_START}", *setting,
                              "-s", f"NEWSCRAWL_REPLAY_DIR={NEWS_SITE}", "-s", "NEWSCRAWL_ARCHIVE_DIR=archive",
                              "-s", "LOG_FILE=archive/crawl.log", cwd=tmp_path, environment=environment)
    assert result.returncode == 1
    assert result.stderr == EXTRA_MISSING + "\n" and result.stdout == ""
    assert "pip install 'newscrawl[redis]'" in EXTRA_MISSING
    assert list(tmp_path.iterdir()) == []  # no archive, no log, nothing


def _imported_modules(path: Path) -> Iterator[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def test_only_the_shared_crawl_imports_scrapy_redis_redis_or_itself() -> None:
    package = PROJECT_ROOT / "newscrawl"
    offending = []
    for path in sorted(package.rglob("*.py")):
        if path.is_relative_to(package / "shared_crawl"):
            continue
        for module in _imported_modules(path):
            if module.split(".")[0] in ("scrapy_redis", "redis") or module.startswith("newscrawl.shared_crawl"):
                offending.append(f"{path.relative_to(PROJECT_ROOT)}: {module}")
    assert offending == []
