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
#: Longest wait, in seconds, for a 429/503 response's Retry-After before its retry (a longer Retry-After is cut
#: to this; the retry budget RETRY_TIMES still applies).
NEWSCRAWL_RETRY_AFTER_MAX = 60
#: Fetch loopback, private, link-local, CGNAT and other non-public addresses too (a crawl of an intranet). Off:
#: such requests are refused (newscrawl/refused/private_address) unless their (host, port) is a start URL's or
#: NEWSCRAWL_ORIGIN_OVERRIDE's; see newscrawl/downloadermiddlewares/private_address_guard.py.
NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES = False
#: Articles that may wait for the archive's writer thread (which waits for the disk) before the next one waits
#: for it in the reactor thread: more overlaps more disk time with parsing, and a killed crawl loses (fetches
#: again) that many more. The writer saves up to half of them together: one fsync of the JSON lines and of each
#: posts folder, one ledger commit and one wake-up of the reactor thread per batch.
NEWSCRAWL_PENDING_WRITES = 4
#: Seconds the writer waits for a batch to fill once its first article arrived (the most an article's post waits).
NEWSCRAWL_WRITE_BATCH_SECONDS = 0.05
#: Worker processes extracting article responses (newscrawl/spiders/extraction_workers.py); None: the machine's
#: cores minus one (at least one); 0: extraction in the reactor thread.
NEWSCRAWL_EXTRACT_PROCESSES = None

#: Keep every response the crawl receives (listings, feeds, sitemaps, API answers, articles, archived images) in
#: WARC 1.1 files in this folder: request, response and (for articles) metadata records, one gzip member each;
#: see newscrawl/warc/capture.py. Unset: nothing is kept but what the archive extracts.
NEWSCRAWL_WARC_DIR = None
#: A WARC file is closed (renamed from .warc.gz.open to .warc.gz) and the next one started before it passes this
#: many bytes.
NEWSCRAWL_WARC_MAX_SIZE = 1_000_000_000
#: The first part of the WARC file names: <prefix>-<UTC time>-<host>-<pid>-<serial>.warc.gz.
NEWSCRAWL_WARC_PREFIX = "newscrawl"
#: How often, in seconds, ``scrapy reextract`` and ``scrapy crawl ccnews`` log their progress while reading a WARC
#: file (they also do after each file).
NEWSCRAWL_WARC_PROGRESS_SECONDS = 60
#: Where ``scrapy crawl ccnews`` reads Common Crawl's CC-NEWS: an http(s) URL or a local folder holding
#: crawl-data/CC-NEWS/<YYYY>/<MM>/warc.paths.gz and the files it lists.
NEWSCRAWL_CCNEWS_BASE = "https://data.commoncrawl.org/"

#: What this process agrees on with the other processes of its crawl (article reservations, the start URL's
#: redirects, post file names, lines a dead process left unrecorded): see newscrawl/coordination.py. The shared
#: crawl's add-on replaces the default.
NEWSCRAWL_COORDINATION = "newscrawl.coordination.LocalCoordination"

#: Redis URL of a crawl shared by several processes (scale-out on scrapy-redis, newscrawl/shared_crawl/, which
#: needs the redis extra: pip install 'newscrawl[redis]'; the environment variable of the same name works too).
#: Unset: the crawl is this process's own.
NEWSCRAWL_REDIS_URL = None
#: Name of the shared crawl, the same for all its workers (default: spider name + hash of its arguments).
NEWSCRAWL_REDIS_CRAWL = None
#: Seconds the shared crawl's keys (queue, seen-set, claims) outlive their last use when no worker deletes them.
NEWSCRAWL_REDIS_TTL = 86400
#: A worker without a heartbeat for this many seconds (killed) no longer keeps the shared crawl open, and the
#: requests it had leased go back into the shared queue.
NEWSCRAWL_REDIS_WORKER_TIMEOUT = 15
#: Seconds a worker may hold a request it popped before the request goes back into the shared queue, even from a
#: live worker: above the longest a request may take (download, retries, Retry-After waits, the archive's write).
NEWSCRAWL_LEASE_SECONDS = 600

ADDONS = {"newscrawl.addons.NetworkStandInAddon": 0, "newscrawl.shared_crawl.addon.SharedCrawlAddon": 10}

ITEM_PIPELINES = {
    "newscrawl.pipelines.normalize_article.NormalizeArticlePipeline": 100,
    "newscrawl.pipelines.validate_article.ValidateArticlePipeline": 200,
    "newscrawl.pipelines.drop_duplicate_article.DropDuplicateArticlePipeline": 300,
    # Only with NEWSCRAWL_IMAGES=1 (NotConfigured otherwise); before the writer, which needs image_files.
    "newscrawl.pipelines.download_images.DownloadImagesPipeline": 700,
    "newscrawl.pipelines.write_archive.WriteArchivePipeline": 800,
}
#: One log line, <archive>/runs/<start>-<spider>.json and the exit status of `scrapy crawl` for every run.
EXTENSIONS = {
    "newscrawl.extensions.run_report.RunReport": 500,
    # Only with NEWSCRAWL_WARC_DIR (NotConfigured otherwise).
    "newscrawl.warc.capture.WarcCapture": 100,
}
SPIDER_MIDDLEWARES = {
    "newscrawl.spidermiddlewares.stop_after_known.StopAfterKnownMiddleware": 950,
    # Only with NEWSCRAWL_SKIP_KNOWN=1 (NotConfigured otherwise).
    "newscrawl.spidermiddlewares.skip_known.SkipKnownArticlesMiddleware": 940,
}
LOG_FORMATTER = "newscrawl.logformatter.NewscrawlLogFormatter"
DOWNLOADER_MIDDLEWARES = {
    # First of all (before robots.txt at 100, so that no robots.txt is fetched from a refused origin either): only
    # http(s), and no private address unless NEWSCRAWL_ALLOW_PRIVATE_ADDRESSES; file:, data:, ftp: and s3: never
    # reach Scrapy's handlers for them.
    "newscrawl.downloadermiddlewares.private_address_guard.PrivateAddressGuardMiddleware": 50,
    # RFC 9309: a robots.txt answering 5xx/429 or not at all disallows its host (Scrapy's allows everything).
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "newscrawl.downloadermiddlewares.robots_txt.Rfc9309RobotsTxtMiddleware": 100,
    # Scrapy's retries, waiting for Retry-After (up to NEWSCRAWL_RETRY_AFTER_MAX).
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "newscrawl.downloadermiddlewares.retry_after.RetryAfterMiddleware": 550,
    # Scrapy's redirects; loops and over-long chains are reported (newscrawl/failed/...), not dropped silently.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newscrawl.downloadermiddlewares.redirect.ReportedMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newscrawl.downloadermiddlewares.redirect.ReportedRedirectMiddleware": 600,
    # Bodies over DOWNLOAD_MAXSIZE, streamed or decompressed, are failures named too_large (not retried).
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "newscrawl.downloadermiddlewares.size_limit.BoundedHttpCompressionMiddleware": 590,
    "newscrawl.downloadermiddlewares.size_limit.DownloadSizeLimitMiddleware": 900,
}
# Name resolution that drops non-public addresses when the connection is made (the private-address guard's
# second half: a DNS answer that changes after the middleware's check cannot reach a private address).
TWISTED_DNS_RESOLVER = "newscrawl.downloadermiddlewares.public_address_resolver.PublicAddressResolver"
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
# A news page is well under 1 MB; a larger body (streamed, or a compression bomb once decompressed, which Scrapy
# checks against the same limit chunk by chunk) is aborted at 10 MB instead of filling memory.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
# Browsers follow 20; a news article is never more than a few hops away, and RFC 9309 asks for 5 for robots.txt.
REDIRECT_MAX_TIMES = 5
# Scrapy >= 2.13 starts this many item tasks per response; its default of 100 costs throughput.
CONCURRENT_ITEMS = 10

FEED_EXPORT_ENCODING = "utf-8"
# Unattended runs read the log: one line per dropped article and the summary, not every scraped record.
LOG_LEVEL = "INFO"
TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
