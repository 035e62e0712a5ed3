"""Scrapy settings for newscrawl; every ``NEWSCRAWL_*`` setting is documented here."""

BOT_NAME = "newscrawl"

SPIDER_MODULES = ["newscrawl.spiders"]
NEWSPIDER_MODULE = "newscrawl.spiders"
COMMANDS_MODULE = "newscrawl.commands"

# --- newscrawl ---------------------------------------------------------------------------------------
#: Archive folder: posts/, articles.jsonl (append-only) and ledger.sqlite3.
NEWSCRAWL_ARCHIVE_DIR = "archive"
#: Posts folder; point it at a Hexo site's source/_posts. Default: <NEWSCRAWL_ARCHIVE_DIR>/posts.
NEWSCRAWL_POSTS_DIR = None
#: "site" (the archive's convention: the site name, category 2) or "byline" (the article's authors).
NEWSCRAWL_POST_AUTHOR = "site"
#: Answer every request from recordings in this folder (see newscrawl/recordings.py); nothing goes live.
NEWSCRAWL_REPLAY_DIR = None
#: Send every request to this origin (e.g. http://127.0.0.1:8080) with the real Host header.
NEWSCRAWL_ORIGIN_OVERRIDE = None
#: Listing pages read per listing unless the spider gets -a max_pages=N.
NEWSCRAWL_MAX_LISTING_PAGES = 5
#: Articles whose body text is shorter than this are dropped as "no_body".
NEWSCRAWL_MIN_BODY_CHARACTERS = 20
#: A listing stops paging once this many consecutive listed articles were already archived before the run
#: (they are still fetched, to detect edits); 0 pages up to max_pages every time.
NEWSCRAWL_STOP_AFTER_KNOWN = 10
#: Resume an interrupted crawl: articles the ledger already holds are not fetched again (so their edits are not
#: seen), and listings are paged past them (NEWSCRAWL_STOP_AFTER_KNOWN is off).
NEWSCRAWL_SKIP_KNOWN = False
#: Archive every body image (Article.images) into <archive>/images/<2 hex>/<sha256>.<ext>, one file per distinct
#: content, downloaded with the article as Referer; the JSON line lists them in image_files. Off: no media
#: pipeline runs at all.
NEWSCRAWL_IMAGES = False
#: "remote": posts show the images' URLs as the page had them (the archive's convention, byte for byte);
#: "local": posts show the archived copies at NEWSCRAWL_POST_IMAGES_URL (needs NEWSCRAWL_IMAGES).
NEWSCRAWL_POST_IMAGES = "remote"
#: Where the Hexo site serves <archive>/images/ (e.g. copied or linked to source/images/): local posts show
#: <this>/<2 hex>/<sha256>.<ext>.
NEWSCRAWL_POST_IMAGES_URL = "/images/"
#: Articles that may wait for the archive's writer thread (which waits for the disk) before the next one waits
#: for it in the reactor thread: more overlaps more disk time with parsing, and a killed crawl loses that many more.
NEWSCRAWL_PENDING_WRITES = 2

#: Redis URL of a crawl shared by several processes (scale-out on scrapy-redis, newscrawl/redis_cluster.py; the
#: environment variable of the same name works too). Unset: the crawl is this process's own.
NEWSCRAWL_REDIS_URL = None
#: Name of the shared crawl, the same for all its workers (default: spider name + hash of its arguments).
NEWSCRAWL_REDIS_CRAWL = None
#: Seconds the shared crawl's keys (queue, seen-set, claims) outlive their last use when no worker deletes them.
NEWSCRAWL_REDIS_TTL = 86400
#: A worker without a heartbeat for this many seconds (killed) no longer keeps the shared crawl open.
NEWSCRAWL_REDIS_WORKER_TIMEOUT = 15

ADDONS = {"newscrawl.addons.NetworkStandInAddon": 0, "newscrawl.redis_profile.RedisClusterAddon": 10}

ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize_article.NormalizeArticlePipeline": 100,
    "newscrawl.pipelines.validate_article.ValidateArticlePipeline": 200,
    "newscrawl.pipelines.drop_duplicate_article.DropDuplicateArticlePipeline": 300,
    # Only with NEWSCRAWL_IMAGES=1 (NotConfigured otherwise); before the writer, which needs image_files.
    "newscrawl.pipelines.download_images.DownloadImagesPipeline": 700,
    "newscrawl.pipelines.write_archive.WriteArchivePipeline": 800,
}
#: One log line, <archive>/runs/<start>-<spider>.json and the exit status of `scrapy crawl` for every run.
EXTENSIONS = {"newscrawl.extensions.run_report.RunReport": 500}
SPIDER_MIDDLEWARES = {
    "newscrawl.spidermiddlewares.stop_after_known.StopAfterKnownMiddleware": 950,
    # Only with NEWSCRAWL_SKIP_KNOWN=1 (NotConfigured otherwise).
    "newscrawl.spidermiddlewares.skip_known.SkipKnownArticlesMiddleware": 940,
}
LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"
# Images often redirect (http -> https, CDN hosts); the image pipeline follows redirects like pages do.
MEDIA_ALLOW_REDIRECTS = True

# --- crawling politely ---------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
USER_AGENT = "newscrawl/0.1 (+https://github.com/newscrawl/newscrawl)"
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
RETRY_TIMES = 2
DOWNLOAD_TIMEOUT = 30
# Scrapy >= 2.13 starts this many item tasks per response; 100 costs throughput (PERFORMANCE.md).
CONCURRENT_ITEMS = 10

FEED_EXPORT_ENCODING = "utf-8"
# Unattended runs read the log: one line per dropped article and the summary, not every scraped record.
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
