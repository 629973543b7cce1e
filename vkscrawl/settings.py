"""Scrapy settings of vkscrawl. A ``-s NAME=VALUE`` on the command line wins over all of these.

The defaults are polite for a government site on slow links: robots.txt obeyed, one request at a
time per host, at least a second between requests, AutoThrottle on, an honest User-Agent.
"""

from vkscrawl import __version__

BOT_NAME = "vkscrawl"
SPIDER_MODULES = ["vkscrawl.spiders"]
NEWSPIDER_MODULE = "vkscrawl.spiders"
#: Our ``crawl`` command: Scrapy's, plus argument checks up front and a non-zero exit status
#: with a one-line reason when the run failed.
COMMANDS_MODULE = "vkscrawl.commands"

# --- vkscrawl's own settings ---------------------------------------------------------------
#: Where the feed (local_news.jsonl), the snapshots (snapshots/*.warc.gz) and the state live.
VKSCRAWL_OUTPUT_DIR = "output"
#: Articles published this many days ago or later are fetched again to catch edits.
VKSCRAWL_REFETCH_DAYS = 2
#: Who to contact about this crawler; part of the User-Agent. Operators: put your own here.
VKSCRAWL_CONTACT = "https://github.com/vkscrawl/vkscrawl"
#: Below this share of pages served by the portal's own selectors (title, date, body), the run
#: reports markup drift loudly and exits 3 (its items are still written).
VKSCRAWL_DRIFT_MIN_PORTAL_SHARE = 0.5

# --- politeness -------------------------------------------------------------------------------
USER_AGENT = f"vkscrawl/{__version__} (+{VKSCRAWL_CONTACT})"
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
ITEM_PIPELINES = {
    "vkscrawl.pipelines.CleanPipeline": 100,
    "vkscrawl.pipelines.ValidatePipeline": 200,
    "vkscrawl.pipelines.DedupePipeline": 300,
    "vkscrawl.pipelines.WriteFeedPipeline": 400,
}
DOWNLOADER_MIDDLEWARES = {
    # Exactly the start URL's host (and port), not its subdomains: replaces Scrapy's default.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "vkscrawl.middlewares.SameHostMiddleware": 50,
    "vkscrawl.middlewares.ConditionalRequestMiddleware": 80,
}
EXTENSIONS = {
    "vkscrawl.extensions.RunVerdict": 500,
}

FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
