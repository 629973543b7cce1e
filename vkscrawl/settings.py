"""Scrapy settings of vkscrawl. A ``-s NAME=VALUE`` on the command line wins over all of these.

The defaults are polite for a government site on slow links: robots.txt obeyed, one request at a
time per host, at least a second between requests, AutoThrottle on, an honest User-Agent.
"""

BOT_NAME = "vkscrawl"
SPIDER_MODULES = ["vkscrawl.spiders"]
NEWSPIDER_MODULE = "vkscrawl.spiders"
#: Our ``crawl`` command: Scrapy's, plus argument checks up front and a non-zero exit status
#: with a one-line reason when the run failed.
COMMANDS_MODULE = "vkscrawl.scrapy_ext.commands"

# --- vkscrawl's own settings ---------------------------------------------------------------
#: Where the feed (local_news.jsonl), the snapshots (snapshots/*.warc.gz) and the state live.
VKSCRAWL_OUTPUT_DIR = "output"
#: Articles published this many days ago or later are fetched again to catch edits.
VKSCRAWL_REFETCH_DAYS = 2
#: Who to contact about this crawler, named in the User-Agent: set VKSCRAWL_CONTACT with -s or in
#: the environment (a URL or mailto:). Unset, a placeholder is used and a WARNING logged. The
#: User-Agent is built from it when the crawl starts (LocalNewsSpider.update_settings).
#: A failed article is tried again by the next run; after a second failure, from this many
#: seconds on, doubled after each further failure up to VKSCRAWL_RETRY_MAX_DELAY; after
#: VKSCRAWL_MAX_ATTEMPTS failed runs it is given up (still listed by `vkscrawl status`;
#: `-a full=1` tries it once more).
VKSCRAWL_RETRY_DELAY = 30 * 60
VKSCRAWL_RETRY_MAX_DELAY = 24 * 3600
VKSCRAWL_MAX_ATTEMPTS = 10
#: When set, the run's final stats are written there as JSON (for scripts and tests).
VKSCRAWL_STATS_FILE = None
#: Below this share of pages served by the portal's own selectors (title, date, body), the run
#: reports markup drift loudly and exits 3 (its items are still written).
VKSCRAWL_DRIFT_MIN_PORTAL_SHARE = 0.5

# --- politeness -------------------------------------------------------------------------------
ROBOTSTXT_OBEY = True
CONCURRENT_REQUESTS = 4
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 1.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False

# --- faults -----------------------------------------------------------------------------------
RETRY_ENABLED = True
RETRY_TIMES = 3
DOWNLOAD_TIMEOUT = 30
#: Article pages are tens of KB; anything near this is not an article page.
DOWNLOAD_MAXSIZE = 8 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
REDIRECT_MAX_TIMES = 5

# --- pipeline ---------------------------------------------------------------------------------
# One schema validation per item (ValidatePipeline), which also feeds spidermon's Item Validation
# Monitor its counts.
ITEM_PIPELINES = {
    "vkscrawl.scrapy_ext.pipelines.ValidatePipeline": 200,
    "vkscrawl.scrapy_ext.pipelines.DedupePipeline": 300,
    "vkscrawl.scrapy_ext.pipelines.WriteFeedPipeline": 400,
    # The written article's images, archived as page requisites (VKSCRAWL_ARCHIVE_IMAGES).
    "vkscrawl.scrapy_ext.pipelines.PageRequisitesPipeline": 500,
}
DOWNLOADER_MIDDLEWARES = {
    # Exactly the start URL's host (and port), not its subdomains: replaces Scrapy's default.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "vkscrawl.scrapy_ext.middlewares.SameHostMiddleware": 50,
    "vkscrawl.scrapy_ext.middlewares.ConditionalRequestMiddleware": 80,
    "vkscrawl.archive.middleware.SnapshotMiddleware": 950,  # raw responses -> snapshots/*.warc.gz
}
#: A finished run's request fingerprints are forgotten, so a reused JOBDIR filters nothing.
DUPEFILTER_CLASS = "vkscrawl.scrapy_ext.dupefilter.RunScopedDupeFilter"
#: A dropped item is logged by its article number and reason, not dumped whole.
LOG_FORMATTER = "vkscrawl.scrapy_ext.logformatter.ItemByReasonLogFormatter"
EXTENSIONS = {
    # Before Scrapy's scheduler opens a JOBDIR: a killed run's queue is discarded, not trusted.
    "vkscrawl.scrapy_ext.jobdir.JobdirGuard": 50,
    "vkscrawl.ledger.output.OutputFolder": 100,
    # Before Spidermon: an ERROR it logs at close is counted by the monitors (the run fails).
    "vkscrawl.scrapy_ext.events.EventsFile": 400,
    "spidermon.contrib.scrapy.extensions.Spidermon": 450,  # before RunVerdict (monitoring)
    "vkscrawl.scrapy_ext.extensions.RunVerdict": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# --- monitoring (spidermon) -------------------------------------------------------------------
# The suite and what each monitor checks: vkscrawl/monitors.py. Failed monitors make `scrapy crawl`
# exit 1 with their names on the last stderr line. Change a threshold for one run with -s, e.g.
# `-s SPIDERMON_MIN_ITEMS=1` or `-s 'SPIDERMON_UNWANTED_HTTP_CODES={"503": 10}'`.
# Spidermon runs at spider close before RunVerdict (EXTENSIONS above), so the ERROR lines the
# verdict itself logs (run failed, markup drift) are not counted again by the error monitor.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["vkscrawl.scrapy_ext.monitors.CloseMonitorSuite"]
#: Incremental runs legitimately write nothing when the portal published nothing new.
SPIDERMON_MIN_ITEMS = 0
#: Every ERROR line is a page or component that failed this run. The next run retries what this
#: one missed, so a lone failed run after a network blip heals itself; repeated ones need a look.
SPIDERMON_MAX_ERRORS = 0
#: Schema errors (per field) in the items the parser produced, counted by our validate stage,
#: which drops the invalid ones. Every invalid item is an article missing from the feed: none
#: tolerated.
SPIDERMON_MAX_ITEM_VALIDATION_ERRORS = 0
#: Closing for any other reason (shutdown, closespider_*, memusage) is a run cut short.
SPIDERMON_EXPECTED_FINISH_REASONS = ["finished"]
#: Responses per status allowed in one run. 429: the portal asks us to slow down, the politeness
#: settings are wrong. 403: one may be robots.txt behind a firewall; more means we are blocked.
#: 5xx are retried (RETRY_TIMES): a few are the portal's bad moment, more is an outage.
SPIDERMON_UNWANTED_HTTP_CODES = {403: 1, 429: 0, 500: 3, 502: 3, 503: 3, 504: 3}
#: Share of written items in which a field is filled (null, "" and [] count as missing). Judged
#: only from SPIDERMON_FIELD_COVERAGE_MIN_ITEMS written items on: an incremental run writes a
#: handful, where one article without a summary would read as a drop to 50%.
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True
SPIDERMON_FIELD_COVERAGE_MIN_ITEMS = 10
SPIDERMON_FIELD_COVERAGE_RULES = {
    "dict/title": 1.0,
    "dict/published": 1.0,
    "dict/body": 1.0,
    "dict/text": 1.0,
    "dict/category": 0.9,
    "dict/summary": 0.5,
    "dict/author": 0.5,
    "dict/sections": 0.3,
    "dict/images": 0.3,
}
#: Teasers the listing pages read must hold; 0 on a listing that answered means its markup changed.
VKSCRAWL_MIN_TEASERS = 1

# --- snapshots (WARC) ---
#: Write every response received (robots.txt, listing pages, articles, redirects, errors) with
#: its request as WARC/1.1 records to <VKSCRAWL_OUTPUT_DIR>/snapshots/*.warc.gz
#: (see docs/SNAPSHOTS.md).
VKSCRAWL_SNAPSHOTS_ENABLED = True
#: Start a new file when the next record would make the current one larger (bytes; 500M, 1G
#: are understood too).
VKSCRAWL_WARC_MAX_SIZE = 1024 ** 3
#: File names: <prefix>-<UTC timestamp>-<serial>.warc.gz (characters other than A-Z a-z 0-9 . _ -
#: are replaced by '-').
VKSCRAWL_WARC_PREFIX = "vkscrawl"
#: The warcinfo record's description and operator fields. Operators: say who you are and why.
VKSCRAWL_WARC_DESCRIPTION = ("Raw HTTP traffic of vkscrawl, a crawler of the category "
                             "'Tin hoạt động VKSND địa phương' of vksndtc.gov.vn")
VKSCRAWL_WARC_OPERATOR = ""
#: Archive the images of every written article with it (page requisites, so that a replayed
#: article shows its images): same host only, robots.txt and delays respected, after the
#: articles; each image URL once over the archive's life, failures retried by later runs. An
#: image failure is a WARNING and a count (runs.jsonl, `vkscrawl status`), never a failed
#: article or run. Needs VKSCRAWL_SNAPSHOTS_ENABLED.
VKSCRAWL_ARCHIVE_IMAGES = True
