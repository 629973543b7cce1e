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
# VKSCRAWL_OUTPUT_DIR, VKSCRAWL_CONTACT, VKSCRAWL_REFETCH_DAYS, the retry backoff
# of failed articles (VKSCRAWL_RETRY_DELAY, VKSCRAWL_RETRY_MAX_DELAY, VKSCRAWL_MAX_ATTEMPTS), the
# snapshots (VKSCRAWL_SNAPSHOTS_ENABLED, VKSCRAWL_WARC_*), VKSCRAWL_ARCHIVE_IMAGES, the drift and
# teaser thresholds: each with its default and meaning in vkscrawl/config.py (the one place they
# are written), each overridable with -s like any setting here.

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
}
DOWNLOADER_MIDDLEWARES = {
    # Exactly the start URL's host (and port), not its subdomains: replaces Scrapy's default.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "vkscrawl.scrapy_ext.middlewares.SameHostMiddleware": 50,
    "vkscrawl.scrapy_ext.middlewares.ConditionalRequestMiddleware": 80,
    "vkscrawl.scrapy_ext.snapshots.SnapshotMiddleware": 950,  # raw responses -> snapshots/*.warc.gz
}
#: A finished run's request fingerprints are forgotten, so a reused JOBDIR filters nothing.
DUPEFILTER_CLASS = "vkscrawl.scrapy_ext.dupefilter.RunScopedDupeFilter"
#: A dropped item is logged by its article number and reason, not dumped whole.
LOG_FORMATTER = "vkscrawl.scrapy_ext.logformatter.ItemByReasonLogFormatter"
EXTENSIONS = {
    # log_count/<LEVEL> for the whole crawl, start and end included (Scrapy's counts only while
    # the spider is open).
    "scrapy.extensions.logcount.LogCount": None,
    "vkscrawl.scrapy_ext.output.LogCount": 0,
    # Before Scrapy's scheduler opens a JOBDIR: a killed run's queue is discarded, not trusted.
    "vkscrawl.scrapy_ext.jobdir.JobdirGuard": 50,
    "vkscrawl.scrapy_ext.output.OutputFolderExtension": 100,
    # Before Spidermon: an ERROR it logs at close is counted by the monitors (the run fails).
    "vkscrawl.scrapy_ext.events.EventsFile": 400,
    "spidermon.contrib.scrapy.extensions.Spidermon": 450,  # before RunVerdict (monitoring)
    "vkscrawl.scrapy_ext.extensions.RunVerdict": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"

# --- monitoring (spidermon) -------------------------------------------------------------------
# The suite and what each monitor checks: vkscrawl/scrapy_ext/monitors.py. Failed monitors make
# `scrapy crawl` exit 1 with their names on the last stderr line. Change a threshold for one run with -s, e.g.
# `-s SPIDERMON_MIN_ITEMS=1` or `-s 'SPIDERMON_UNWANTED_HTTP_CODES={"503": 10}'`.
# Spidermon runs at spider close before RunVerdict (EXTENSIONS above), so the ERROR lines the
# verdict itself logs (run failed, markup drift) are not counted again by the error monitor.
SPIDERMON_ENABLED = True
SPIDERMON_SPIDER_CLOSE_MONITORS = ["vkscrawl.scrapy_ext.monitors.CloseMonitorSuite"]
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
#: only from SPIDERMON_FIELD_COVERAGE_MIN_ITEMS written items on (vkscrawl/config.py): an
#: incremental run writes a handful, where one article without a summary would read as a drop
#: to 50%. SPIDERMON_MIN_ITEMS (items a run must write, 0: an incremental run may write none)
#: and VKSCRAWL_MIN_TEASERS are in vkscrawl/config.py too, read by our own monitors.
SPIDERMON_ADD_FIELD_COVERAGE = True
SPIDERMON_FIELD_COVERAGE_SKIP_NONE = True
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
