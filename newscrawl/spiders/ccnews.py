"""The ``ccnews`` spider: backfill the archive from Common Crawl's CC-NEWS, one month at a time.

``scrapy crawl ccnews -a month=YYYY-MM`` reads the month's list of WARC files
(``<base>crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz``, base ``NEWSCRAWL_CCNEWS_BASE``: Common Crawl's public HTTPS
endpoint, another mirror, or a local folder laid out the same way), streams each file (never stored), picks the
response records of the wanted hosts and archives their articles like a crawl: portal rules where a portal serves
the host, generic extraction elsewhere, through the same pipelines; articles the ledger already holds are skipped
before extraction. Arguments (``-a name=value``):

- ``month``: ``YYYY-MM`` (required);
- ``portals``: ``ofweek,ithome``: the hosts these portals serve;
- ``hosts``: ``example.com,news.example.org``: these hosts and their subdomains (generic extraction unless a portal
  serves them); without ``portals`` and ``hosts``, the hosts of every declared portal;
- ``max_files``: read at most this many of the month's files (a trial run).

Resumable per WARC file: the files done are recorded in ``<archive>/ccnews/YYYY-MM.json`` and skipped by the next
run. Progress goes to the log after each file and every ``NEWSCRAWL_WARC_PROGRESS_SECONDS`` (60).
"""

from __future__ import annotations

import gzip
import re
import urllib.parse
from pathlib import Path
from typing import Any

from newscrawl.archive.layout import archive_paths
from newscrawl.discovery.hosts import host_of
from newscrawl.portal_rules import Portal
from newscrawl.portals import all_portals, portal_named
from newscrawl.warc.backfill import WarcArticlesSpider
from newscrawl.warc.reader import is_remote, open_warc

_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
#: Where CC-NEWS keeps a month below the base.
MONTH_FOLDER = "crawl-data/CC-NEWS/{year}/{month}/"
PATH_LIST = "warc.paths.gz"


class CcNewsSpider(WarcArticlesSpider):
    """Backfill from Common Crawl's CC-NEWS WARC files (see the module docstring)."""

    name = "ccnews"
    skip_known = True

    def __init__(
        self,
        *args: Any,
        month: str | None = None,
        hosts: str | None = None,
        portals: str | None = None,
        max_files: str | int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        found = _MONTH.match(month or "")
        if found is None:
            raise ValueError(f"ccnews needs -a month=YYYY-MM (CC-NEWS starts in 2016-08); got {month!r}")
        self.month = month or ""
        self.year, self.month_number = found.group(1), found.group(2)
        self.max_files = int(max_files) if max_files not in (None, "") else None
        chosen: list[Portal] = []
        for name in _names(portals):
            try:
                chosen.append(portal_named(name))
            except KeyError:
                known = ", ".join(portal.name for portal in all_portals())
                raise ValueError(f"unknown portal {name!r}; one of {known}") from None
        self.hosts = tuple(host_of(host) for host in _names(hosts))
        self.portals = tuple(chosen) if chosen or self.hosts else all_portals()
        self._wanted_hosts: dict[str, bool] = {}
        self._names: dict[str, str] = {}

    def base(self) -> str:
        base: str = self.crawler.settings.get("NEWSCRAWL_CCNEWS_BASE") or "https://data.commoncrawl.org/"
        return base if base.endswith("/") else base + "/"

    def warc_sources(self) -> list[str]:
        month_folder = MONTH_FOLDER.format(year=self.year, month=self.month_number)
        paths_source = self._resolve(month_folder + PATH_LIST)
        with open_warc(paths_source, self.crawler.settings.get("USER_AGENT") or "newscrawl") as stream:
            lines = gzip.decompress(stream.read()).decode("utf-8").splitlines()
        paths = [line.strip() for line in lines if line.strip()]
        if self.max_files is not None:
            paths = paths[: self.max_files]
        sources = []
        for path in paths:
            source = self._resolve(path)
            self._names[source] = path
            sources.append(source)
        self.logger.info("ccnews %s: %d WARC files listed in %s; hosts %s", self.month, len(sources), paths_source,
                         ", ".join(self._host_names()))
        return sources

    def _resolve(self, path: str) -> str:
        base = self.base()
        if is_remote(base):
            return urllib.parse.urljoin(base, path)
        return str(Path(base) / path)

    def _host_names(self) -> list[str]:
        return sorted({*self.hosts, *(host for portal in self.portals for host in portal.hosts)})

    def source_name(self, source: str) -> str:
        return self._names.get(source, source)

    def state_path(self) -> Path:
        archive_dir, _ = archive_paths(self.crawler.settings)
        return archive_dir / "ccnews" / f"{self.month}.json"

    def wanted_url(self, url: str) -> bool:
        host = urllib.parse.urlsplit(url).hostname or ""
        wanted = self._wanted_hosts.get(host)
        if wanted is None:
            wanted = any(portal.serves_host(host) for portal in self.portals) or any(
                host == known or host.endswith("." + known) for known in self.hosts)
            if len(self._wanted_hosts) < 1_000_000:  # CC-NEWS has tens of thousands of hosts a month
                self._wanted_hosts[host] = wanted
        return wanted


def _names(text: str | None) -> list[str]:
    return [part.strip() for part in (text or "").split(",") if part.strip()]
