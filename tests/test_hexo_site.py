"""A real Hexo site builds from the posts: a replay crawl writes into the site's ``source/_posts``, ``hexo
generate`` runs, and the generated pages show the titles, the three-level categories, the dates and the images
(with ``referrerpolicy``) that the posts hold.

The site is ``tests/hexo_site/``: ``package.json`` + ``package-lock.json`` pin Hexo and the three plugins the
pages need (the Markdown and EJS renderers, the category generator), ``_config.yml`` says what differs from
Hexo's defaults and why, and ``themes/minimal`` is a theme of a few EJS layouts with predictable markup.
``npm ci`` installs the locked packages from the npm registry once into a cache folder keyed by the lock file
(``$NEWSCRAWL_HEXO_CACHE``, default ``~/.cache/newscrawl-hexo/<hash>``; npm's own tarball cache lives beside
it), and every build links its ``node_modules`` there. Without npm the tests are skipped; with npm, a failed
install fails them.

Besides the crawl's posts, ``scrapy render`` writes a few posts whose titles YAML and Hexo could misread
(braces, both quote kinds, ``no``, a leading ``-``) into another site section, checking the page shows each
title exactly as intended.
"""

from __future__ import annotations

import email.utils
import functools
import hashlib
import html
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import lxml.html
import pytest
import yaml

from tests.conftest import FIXTURES, PROJECT_ROOT, REPLAY_DIR, run_scrapy

SITE_TEMPLATE = PROJECT_ROOT / "tests" / "hexo_site"
SEED = FIXTURES / "hexo" / "seed" / "000_31e88c7ec9520441.txt"
SEED_PATH = "新媒体/高科技行业门户/新闻/三人成虎，小米联手北汽造电动车_绯闻_成真？.md"
#: The sample's title as the page shows it: “绯闻” became _绯闻_ by the title rule of docs/archive-format.md.
SAMPLE_TITLE = "三人成虎，小米联手北汽造电动车_绯闻_成真？"
OFWEEK_CATEGORIES = ["新媒体", "高科技行业门户", "新闻"]
RENDERED_CATEGORIES = ["新媒体", "IT 之家", "分类资讯"]
#: The zone ``hexo generate`` runs in: pages show Beijing time, as the portal printed it.
BUILD_TIME_ZONE = "Asia/Shanghai"
#: Seconds for ``npm ci`` on a cold cache (it takes seconds; the registry may be slow).
INSTALL_TIMEOUT = 300
HEXO_TIMEOUT = 120

#: Records for ``scrapy render``: (title as published, the title the page must show).
#: The title rule turns ASCII ``:`` into ``_``; braces are written as ``&#123;``/``&#125;`` and shown as braces.
RENDERED_TITLES = [
    ("C++ 格式化库 {fmt} 11.0 发布：编译期检查更严格", "C++ 格式化库 {fmt} 11.0 发布：编译期检查更严格"),
    ("It's \"no\": 引号与冒号 {{ page.title }}", "It's \"no\"_ 引号与冒号 {{ page.title }}"),
    ("no", "no"),
    ("- 以短横线开头，增长 100%", "- 以短横线开头，增长 100%"),
]
#: A body whose code block holds a blank line: Markdown ends the post's HTML block there (see the xfail below).
CODE_WITH_BLANK_LINE = "<pre><code>int main()\n{\n\n    return 0;\n}</code></pre>"


# --- installing Hexo ---------------------------------------------------------------------------------------


def hexo_cache_root() -> Path:
    configured = os.environ.get("NEWSCRAWL_HEXO_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newscrawl-hexo"


def lock_key() -> str:
    digest = hashlib.sha256()
    for name in ("package.json", "package-lock.json"):
        digest.update((SITE_TEMPLATE / name).read_bytes())
    return digest.hexdigest()[:16]


def npm_environment() -> dict[str, str]:
    return {**os.environ, "npm_config_audit": "false", "npm_config_fund": "false",
            "npm_config_update_notifier": "false", "NO_COLOR": "1"}


def installed_node_modules(npm: str) -> Path:
    """The site's locked packages, installed once per lock file into the cache (atomically: a staging folder
    renamed into place when ``npm ci`` succeeded, so a killed install never leaves a half cache)."""
    root = hexo_cache_root()
    prepared = root / lock_key()
    if (prepared / "node_modules" / "hexo" / "package.json").is_file():
        return prepared / "node_modules"
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f"{lock_key()}.installing-", dir=root))
    try:
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(SITE_TEMPLATE / name, staging / name)
        command = [npm, "ci", "--ignore-scripts", "--prefer-offline", "--cache", str(root / "npm-cache")]
        try:
            result = subprocess.run(command, cwd=staging, capture_output=True, text=True, timeout=INSTALL_TIMEOUT,
                                    env=npm_environment())
        except subprocess.TimeoutExpired as timeout:
            pytest.fail(f"`{' '.join(command)}` did not finish in {INSTALL_TIMEOUT} s: {timeout.stderr!r}")
        if result.returncode != 0:
            pytest.fail(f"`{' '.join(command)}` failed with exit {result.returncode}:\n{result.stdout}\n"
                        f"{result.stderr[-5000:]}")
        if not (prepared / "node_modules" / "hexo" / "package.json").is_file():  # else a concurrent run won
            shutil.rmtree(prepared, ignore_errors=True)  # a broken cache (files deleted by hand)
            staging.rename(prepared)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return prepared / "node_modules"


# --- building the site -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Site:
    root: Path
    posts_dir: Path
    public: Path
    hexo_output: str

    def page(self, relative: str) -> lxml.html.HtmlElement:
        return lxml.html.fromstring((self.public / relative).read_bytes())

    @functools.cached_property
    def post_pages(self) -> dict[str, Path]:
        """Every generated post page by the title it shows (the text a browser shows)."""
        pages: dict[str, Path] = {}
        for path in sorted(self.public.glob("[0-9][0-9][0-9][0-9]/**/index.html")):
            title = _text(lxml.html.fromstring(path.read_bytes()), "h1.post-title")
            assert title not in pages, f"two pages show {title!r}"
            pages[title] = path
        return pages

    def post_page(self, title: str) -> lxml.html.HtmlElement:
        pages = self.post_pages
        assert title in pages, f"no page shows {title!r}; pages: {sorted(pages)}"
        return lxml.html.fromstring(pages[title].read_bytes())


def _text(page: lxml.html.HtmlElement, selector: str) -> str:
    found = page.cssselect(selector)
    assert len(found) == 1, f"{selector}: {len(found)} elements"
    text: str = found[0].text_content()
    return text


def _render_records(path: Path) -> None:
    records = []
    for number, (title, _) in enumerate(RENDERED_TITLES):
        body = (f"<p>第 {number} 篇：正文里的 {{{{ page.title }}}} 与 {{% raw %}} 原样显示。</p>"
                f'<p><img src="https://img.example.com/rendered/{number}.png" referrerpolicy="no-referrer"></p>')
        records.append({"url": f"https://www.example.com/rendered/{number}.html", "title": title,
                        "categories": RENDERED_CATEGORIES, "date_published": f"2024-01-0{number + 1}T08:30:00+08:00",
                        "body_html": body})
    records.append({"url": "https://www.example.com/rendered/code.html", "title": "一段带空行的代码",
                    "categories": RENDERED_CATEGORIES, "date_published": "2024-02-01T08:30:00+08:00",
                    "body_html": f"<p>代码如下：</p>{CODE_WITH_BLANK_LINE}<p>完。</p>"})
    path.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n" for record in records), encoding="utf-8")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None:
        pytest.skip("npm is not installed: building a Hexo site needs Node.js and npm (e.g. apt-get install npm)")
    assert node is not None, "npm is installed but node is not on PATH"
    node_modules = installed_node_modules(npm)

    work = tmp_path_factory.mktemp("hexo")
    root = work / "site"
    shutil.copytree(SITE_TEMPLATE, root)
    (root / "node_modules").symlink_to(node_modules, target_is_directory=True)
    posts_dir = root / "source" / "_posts"

    crawl = run_scrapy("crawl", "ofweek", "-s", f"NEWSCRAWL_REPLAY_DIR={REPLAY_DIR}",
                       "-s", f"NEWSCRAWL_ARCHIVE_DIR={work / 'archive'}", "-s", f"NEWSCRAWL_POSTS_DIR={posts_dir}")
    assert crawl.returncode == 0, crawl.stderr[-5000:]
    records = work / "rendered.jsonl"
    _render_records(records)
    render = run_scrapy("render", str(records), "-s", f"NEWSCRAWL_POSTS_DIR={posts_dir}")
    assert render.returncode == 0, render.stdout + render.stderr[-5000:]

    hexo = subprocess.run(
        [node, str(root / "node_modules" / "hexo" / "bin" / "hexo"), "generate"], cwd=root, capture_output=True,
        text=True, timeout=HEXO_TIMEOUT, env={**npm_environment(), "TZ": BUILD_TIME_ZONE},
    )
    output = hexo.stdout + hexo.stderr
    assert hexo.returncode == 0, output[-5000:]
    return Site(root, posts_dir, root / "public", output)


def _source_posts(site: Site) -> dict[str, str]:
    return {path.relative_to(site.posts_dir).as_posix(): path.read_text(encoding="utf-8")
            for path in sorted(site.posts_dir.rglob("*.md"))}


def _front_matter(post: str) -> dict[str, object]:
    parsed = yaml.safe_load(post[len("\n---\n"):].split("\n---\n", 1)[0])
    assert isinstance(parsed, dict)
    return parsed


def _body(post: str) -> str:
    """The body HTML between the format's ``<div>⎵⎵⎵`` and ``⎵⎵`` + ``</div>`` lines."""
    after = post.split("\n---\n", 2)[2]
    start, end = after.index("<div>   \n") + len("<div>   \n"), after.rindex("  \n</div>")
    return after[start:end]


def _shown_title(post: str) -> str:
    """The title a browser shows for a post: its front-matter value with character references resolved."""
    return html.unescape(str(_front_matter(post)["title"]))


def _page_for(site: Site, post: str) -> lxml.html.HtmlElement:
    return site.post_page(_shown_title(post))


# --- the checks --------------------------------------------------------------------------------------------


def test_hexo_publishes_every_post_without_an_error(site: Site) -> None:
    # Hexo exits 0 even when a post fails to process (it logs ERROR and leaves the post out).
    problems = [line for line in site.hexo_output.splitlines() if "ERROR" in line or "WARN" in line]
    assert not problems, site.hexo_output[-5000:]
    posts = _source_posts(site)
    ofweek = [path for path in posts if path.startswith("新媒体/高科技行业门户/新闻/")]
    assert len(ofweek) >= 12 and SEED_PATH in ofweek
    assert len(site.post_pages) == len(posts) == len(ofweek) + len(RENDERED_TITLES) + 1


def test_the_crawl_wrote_the_sample_into_the_site_byte_for_byte(site: Site) -> None:
    assert (site.posts_dir / SEED_PATH).read_bytes() == SEED.read_bytes()


def test_the_sample_page_shows_its_title(site: Site) -> None:
    page = site.post_page(SAMPLE_TITLE)
    assert page.findtext(".//title") == f"{SAMPLE_TITLE} | newscrawl test site"


def test_every_page_shows_the_title_of_its_post(site: Site) -> None:
    for path, post in _source_posts(site).items():
        page = _page_for(site, post)
        assert _text(page, "h1.post-title") == _shown_title(post), path


@pytest.mark.parametrize(("published", "shown"), RENDERED_TITLES, ids=[str(i) for i in range(len(RENDERED_TITLES))])
def test_titles_yaml_could_misread_are_shown_as_intended(site: Site, published: str, shown: str) -> None:
    body = site.post_page(shown).cssselect("div.post-body")[0].text_content()
    # Braces in a body are written as character references: Nunjucks leaves them, the browser shows braces.
    assert "{{ page.title }} 与 {% raw %} 原样显示" in body


def test_the_three_level_category_pages_list_the_posts(site: Site) -> None:
    posts = _source_posts(site)
    ofweek_titles = {_shown_title(post) for path, post in posts.items()
                     if path.startswith("新媒体/高科技行业门户/新闻/")}
    rendered_titles = {shown for _, shown in RENDERED_TITLES} | {"一段带空行的代码"}
    expected = {
        "categories/新媒体/index.html": ("新媒体", ofweek_titles | rendered_titles),
        "categories/新媒体/高科技行业门户/index.html": ("高科技行业门户", ofweek_titles),
        "categories/新媒体/高科技行业门户/新闻/index.html": ("新闻", ofweek_titles),
        "categories/新媒体/IT-之家/分类资讯/index.html": ("分类资讯", rendered_titles),
    }
    for relative, (name, titles) in expected.items():
        assert (site.public / relative).is_file(), f"{relative} missing; {sorted(site.public.rglob('categories/**/*'))}"
        page = site.page(relative)
        assert _text(page, "h1.category-title") == name
        listed = {link.text_content() for link in page.cssselect("ul.category-posts a")}
        assert listed == titles, relative


def test_the_category_tree_nests_section_site_channel(site: Site) -> None:
    tree = site.page("categories/新媒体/index.html").cssselect("nav.category-tree")[0]

    def children(item: lxml.html.HtmlElement) -> dict[str, lxml.html.HtmlElement]:
        found = {}
        for child in item.xpath("./ul/li"):
            found[child.xpath("./a")[0].text_content()] = child
        return found

    top = children(tree)
    assert list(top) == ["新媒体"]
    sites = children(top["新媒体"])
    assert set(sites) == {"高科技行业门户", "IT 之家"}
    assert list(children(sites["高科技行业门户"])) == ["新闻"]
    assert list(children(sites["IT 之家"])) == ["分类资讯"]


def test_a_post_page_links_its_categories_in_order(site: Site) -> None:
    page = site.post_page(SAMPLE_TITLE)
    links = page.cssselect("ul.post-categories a")
    assert [link.text_content() for link in links] == OFWEEK_CATEGORIES
    hrefs = [link.get("href") for link in links]
    assert hrefs[0].startswith("/categories/") and hrefs[1].startswith(hrefs[0]) and hrefs[2].startswith(hrefs[1])


def test_the_sample_date_is_the_instant_the_portal_printed(site: Site) -> None:
    """``Tue, 30 Aug 2022 09:19:00 GMT``: the page says 2022-08-30 17:19 in Beijing, i.e. 09:19 UTC."""
    page = site.post_page(SAMPLE_TITLE)
    time = page.cssselect("time.post-date")[0]
    assert time.get("datetime") == "2022-08-30T09:19:00.000Z"
    assert time.text_content() == "2022-08-30 17:19"
    permalink = [path for path in site.public.glob("2022/08/30/*/index.html")
                 if "三人成虎" in path.read_text(encoding="utf-8")]
    assert len(permalink) == 1


def test_every_page_dates_its_post_right(site: Site) -> None:
    for path, post in _source_posts(site).items():
        published = email.utils.parsedate_to_datetime(str(_front_matter(post)["date"]))
        assert published.utcoffset() == timedelta(0), path
        time = _page_for(site, post).cssselect("time.post-date")[0]
        instant = datetime.strptime(time.get("datetime"), "%Y-%m-%dT%H:%M:%S.%f%z")
        assert instant == published, path
        assert time.text_content() == published.astimezone(ZoneInfo(BUILD_TIME_ZONE)).strftime("%Y-%m-%d %H:%M")


def test_images_keep_their_source_and_referrerpolicy(site: Site) -> None:
    seen = 0
    for path, post in _source_posts(site).items():
        source_images = lxml.html.fragment_fromstring(_body(post), create_parent="div").xpath(".//img")
        page_images = _page_for(site, post).cssselect("div.post-body img")
        assert [image.get("src") for image in page_images] == [image.get("src") for image in source_images], path
        for image in page_images:
            assert image.get("referrerpolicy") == "no-referrer", (path, lxml.html.tostring(image))
        seen += len(page_images)
    sample_images = site.post_page(SAMPLE_TITLE).cssselect("div.post-body img")
    assert len(sample_images) >= 2 and seen > len(sample_images)


def test_bodies_pass_through_the_markdown_renderer_untouched(site: Site) -> None:
    """A post body is one HTML block for Markdown as long as it has no blank line: Hexo copies it as it is."""
    checked = []
    for path, post in _source_posts(site).items():
        body = _body(post)
        if "\n\n" in body:
            continue
        assert body in site.post_pages[_shown_title(post)].read_text(encoding="utf-8"), path
        checked.append(path)
    assert SEED_PATH in checked and len(checked) >= 12


@pytest.mark.xfail(strict=True, reason=(
    "Format limitation, not a newscrawl bug: the post wraps its body in <div>…</div> with no further protection, "
    "and Markdown ends an HTML block at the first blank line, so hexo-renderer-marked rewrites the rest of a "
    "body that holds one (code in <pre> gets <p> and <br>). The archive's own posts have the same problem."))
def test_a_body_with_a_blank_line_in_its_code_survives_markdown(site: Site) -> None:
    written = CODE_WITH_BLANK_LINE.replace("{", "&#123;").replace("}", "&#125;")
    assert written in site.post_pages["一段带空行的代码"].read_text(encoding="utf-8")
