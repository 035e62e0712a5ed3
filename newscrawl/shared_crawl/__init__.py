"""Several ``scrapy crawl news`` processes sharing one crawl through Redis (scrapy-redis 0.9.1): the scale-out profile.

Needs the ``redis`` extra (``pip install 'newscrawl[redis]'``). Nothing outside this package imports it, scrapy-redis
or redis: a base install never does. Switched on by ``NEWSCRAWL_REDIS_URL`` (``-s NEWSCRAWL_REDIS_URL=redis://host:6379/0``
or the environment variable of that name), through ``addon.SharedCrawlAddon`` (in ``ADDONS``), which then sets:

- ``SCHEDULER`` = ``scheduler.SharedScheduler``: scrapy-redis's scheduler, its queue
  (``scrapy_redis.queue.PriorityQueue``) and its dupefilter (``dupefilter.ExpiringDupeFilter``) in Redis under one
  namespace per crawl (``NEWSCRAWL_REDIS_CRAWL``, default ``newscrawl:<spider>:<hash of the spider arguments>``,
  so the workers of one crawl meet and two crawls don't); ``SCHEDULER_PERSIST = True``: a worker never flushes
  the shared queue when it closes (with ``False`` the first worker to finish flushed it while another still
  crawled, losing articles);
- the seen-set (request fingerprints) with an expiry (``NEWSCRAWL_REDIS_TTL`` seconds, default one day, renewed as
  the crawl goes): it is deleted when the crawl ends, and a crawl whose workers all died leaves nothing behind
  for longer than that;
- ``coordinator.SharedCrawlCoordinator`` (extension): a worker whose engine is idle says so in Redis and stays
  open (``DontCloseSpider``) until the crawl is over, i.e. nothing is queued or leased and every live worker is
  idle, checked in one Lua script (a worker pops requests with another script that marks it busy in the same step,
  so "empty and all idle" cannot be seen while a popped request is being worked on). The last worker to close
  deletes the crawl's keys. A worker that stops sending heartbeats for ``NEWSCRAWL_REDIS_WORKER_TIMEOUT`` seconds
  (killed) stops counting. The engine looks for work every 0.1 s instead of every 5 s, so an idle worker picks up
  requests pushed by another at once and closes soon after the last worker's last article (two Redis calls per
  idle tick: little beside what a busy worker sends);
- ``leases``: a popped request is leased to its worker until the engine is done with it (its articles written),
  and goes back into the queue when its worker dies or its lease (``NEWSCRAWL_LEASE_SECONDS``) runs out; what a
  dead worker half did is finished or recognised, never done twice (see that module);
- ``listings_first.ListingsFirstMiddleware`` (spider middleware): listing, feed and sitemap requests go before
  articles, so the shared queue stays full of articles and no worker runs dry at a listing's end;
- ``claim_article.ClaimArticlePipeline`` (before the archive writer): an article is archived by the first request
  that claims any of its keys (canonical URL, URL) in Redis, atomically (claims belong to the article's URL, so a
  request delivered again claims again); another request's copy is dropped as ``duplicate``;
- ``NEWSCRAWL_COORDINATION`` = ``state.SharedCrawlState``: what the ``news`` spider and the archive writer ask
  ``newscrawl.coordination`` for, shared: article reservations (``max_articles`` and one fetch per article key,
  whichever URL leads to it; a listing's, feed's or sitemap's articles in one script call), the start URL's
  redirect target, post file names, and where dead workers may have left JSON lines without ledger rows.

Seeding: Scrapy 2.16 removed ``start_requests()``, which scrapy-redis 0.9.1's ``RedisSpider`` still relies on.
newscrawl does not use ``RedisSpider``: every worker is the plain ``news`` spider, whose ``start()`` yields the
start URL; the shared dupefilter lets the first one into the queue and filters the others' copies, and from then
on every worker takes requests from the queue (through the idle signal, as above).

Round trips to Redis per article: about 3.3 (its request pushed, a quarter of a pop, its claim, its post name),
each blocking the thread that makes it, which is why pushes, pops and reservations are scripts or batches.

Every worker writes into the same archive folder (one machine, or a folder every machine mounts with working
``flock``): JSON lines are appended under a lock, the SQLite ledger serialises its transactions, and post file
names are claimed in Redis so that two workers archiving two articles with one title at the same moment write
two files, as one process would.
"""
