"""Cost of the archive writer alone: CPU ms per saved article, one save at a time against saves in batches.

    .venv/bin/python benchmarks/archive_writes.py [--articles 2000] [--batches 1,2,4] [--folder DIR] [--runs 2]
                                                  [--without-fsync]

The articles are the realistic pages of ``tests/servers/generated_site.py`` (what ``benchmarks/crawl.py`` crawls),
extracted once with ``article_from_response``; each pass writes all of them into a fresh archive under
``--folder`` (default: a temporary folder; ``/dev/shm/...`` leaves the disk out) with ``ArchiveStore.save_many``
in batches of the given sizes, taking turns, and prints the process CPU (user + system: the fsyncs count) and
the wall time per article; and the CPU of rendering the posts alone. In a crawl the writer runs in its own thread
beside the reactor's, so its figures there (``benchmarks/crawl.py``: "others (archive writer)") are higher.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from scrapy.http import HtmlResponse  # noqa: E402

from newscrawl.archive import hexo_post  # noqa: E402
from newscrawl.archive.store import ArchiveStore, post_fields  # noqa: E402
from newscrawl.extract.article import article_from_response  # noqa: E402
from newscrawl.items import Article  # noqa: E402
from tests.servers.generated_site import GeneratedSite  # noqa: E402

ORIGIN = "http://127.0.0.1:8000"
CATEGORIES = ["新闻", "bench", "news"]


def generated_articles(count: int) -> list[Article]:
    site = GeneratedSite(count, 100, image_every=3, realistic=True)
    articles = []
    for number in range(1, count + 1):
        url = ORIGIN + site.article_path(number)
        response = HtmlResponse(url, body=site.page_for(number, ORIGIN), encoding="utf-8")
        article = article_from_response(response, None)
        article.categories = list(CATEGORIES)
        articles.append(article)
    return articles


def one_pass(articles: list[Article], folder: Path, batch: int) -> tuple[float, float]:
    """(CPU ms, wall ms) per article for writing ``articles`` into a fresh archive in ``folder``."""
    shutil.rmtree(folder, ignore_errors=True)
    store = ArchiveStore(folder / "posts", jsonl_path=folder / "articles.jsonl",
                         ledger_path=folder / "ledger.sqlite3")
    cpu, wall = time.process_time(), time.perf_counter()
    for start in range(0, len(articles), batch):
        results = store.save_many(articles[start : start + batch])
        failed = [result for result in results if isinstance(result, Exception)]
        if failed:
            raise failed[0]
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    store.close()
    shutil.rmtree(folder, ignore_errors=True)
    return cpu * 1000 / len(articles), wall * 1000 / len(articles)


def rendering_ms(articles: list[Article]) -> float:
    """ms per post for ``render_post`` alone (its scalar cache emptied first: every title is new to it)."""
    posts = [post_fields(article) for article in articles]
    hexo_post._quoted_scalar.cache_clear()
    cpu = time.process_time()
    for post in posts:
        hexo_post.render_post(post)
    return (time.process_time() - cpu) * 1000 / len(posts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--batches", default="1,2,4", help="comma-separated batch sizes, measured taking turns")
    parser.add_argument("--folder", type=Path, help="write the archives here (default: a temporary folder)")
    parser.add_argument("--runs", type=int, default=2, help="passes per batch size; the median is printed")
    parser.add_argument("--without-fsync", action="store_true",
                        help="diagnosis only: os.fsync does nothing in this process (what the fsyncs cost)")
    arguments = parser.parse_args(argv)
    if arguments.without_fsync:
        os.fsync = lambda descriptor: None  # what is left is the writer's own work and the file system's
    batches = [int(part) for part in arguments.batches.split(",")]
    articles = generated_articles(arguments.articles)
    rendering = statistics.median(rendering_ms(articles) for _ in range(arguments.runs))
    with tempfile.TemporaryDirectory(prefix="newscrawl-writes-") as scratch:
        folder = arguments.folder or Path(scratch) / "archive"
        figures: dict[int, list[tuple[float, float]]] = {batch: [] for batch in batches}
        for _ in range(arguments.runs):
            for batch in batches:
                figures[batch].append(one_pass(articles, folder, batch))
    print(f"archive writes: {len(articles)} generated articles into {arguments.folder or 'a temporary folder'}, "
          f"median of {arguments.runs}" + (", os.fsync stubbed out" if arguments.without_fsync else ""))
    print(f"  rendering the posts alone (render_post): {rendering:.3f} ms per article")
    for batch, runs in figures.items():
        print(f"  batches of {batch}: CPU {statistics.median(cpu for cpu, _ in runs):.3f} ms per article, "
              f"wall {statistics.median(wall for _, wall in runs):.3f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
