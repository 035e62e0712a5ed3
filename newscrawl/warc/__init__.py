"""WARC (ISO 28500): the crawl's raw pages kept (capture), read back (replay, re-extraction) and backfilled
from Common Crawl's CC-NEWS, with warcio."""
