"""A spider for the tests that yields one Article per hostile string, without fetching anything.

``scrapy crawl hostile_records -s SPIDER_MODULES=tests.hostile_records -O out.jsonl``: the records go through the
project's pipelines (normalised, validated, archived) and Scrapy's feed exporter, as a crawl's records do. Each
record carries its hostile string in its title, its three categories and its body; the strings are the Big List
of Naughty Strings (``fixtures/hostile/blns.json``) and every character ``str.splitlines()`` takes for a line
break, alone and inside text.
"""

from __future__ import annotations

import html
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import scrapy

from newscrawl.items import Article

BLNS = Path(__file__).resolve().parent.parent / "fixtures" / "hostile" / "blns.json"

#: What ``str.splitlines()`` splits on besides ``\n``.
LINE_BREAKS = ("\r", "\r\n", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")
#: Those a JSON writer keeping non-ASCII text (``ensure_ascii=False``, Scrapy's feeds with ``FEED_EXPORT_ENCODING =
#: "utf-8"``) leaves raw in strings; the others are C0 controls, which JSON escapes.
RAW_IN_JSON = ("\x85", "\u2028", "\u2029")


def hostile_values() -> list[str]:
    naughty: list[str] = json.loads(BLNS.read_text(encoding="utf-8"))
    around_breaks = [form
                     for brk in LINE_BREAKS
                     for form in (brk, f"a{brk}b", f"{brk}lead", f"trail{brk}", f"标题{brk}中文", f"{brk}{brk}",
                                  f"x{brk}\n{brk}y", f'"{brk}"', f"{{{brk}}}", f"[{brk}]:")]
    return list(dict.fromkeys([*naughty, *around_breaks]))


def hostile_article(index: int, value: str) -> Article:
    """An article whose title, categories and body hold ``value`` (wrapped where the pipelines would strip or
    refuse an empty or blank value)."""
    return Article(
        url=f"https://hostile.example/a/{index}",
        title=f"第{index}号 {value} 完",
        categories=[f"栏目{value}甲", f"站{value}乙", f"频道{value}丙"],
        date_published="2024-05-12T10:00:00+08:00",
        body_html=f"<p>{html.escape(value)}</p><p>第二段：{html.escape(value, quote=False)}</p>",
        body_text=f"{value}\n第二段：{value}，正文足够长，不会被当作空正文丢弃。",
        fetched_at=datetime(2024, 5, 12, 2, 0, tzinfo=UTC).isoformat(),
    )


class HostileRecordsSpider(scrapy.Spider):
    name = "hostile_records"

    async def start(self) -> AsyncIterator[Article]:
        for index, value in enumerate(hostile_values()):
            yield hostile_article(index, value)
