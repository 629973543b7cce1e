"""What every test crawl imports before it reads a setting: Python's and Scrapy's start-up, paid
once per pytest worker by the fork server (``support.forked``) instead of once per crawl.

Only third-party code: vkscrawl's own modules are imported by each crawl itself, from the working
tree. Nothing here reads the environment or installs a reactor (the crawl installs its own).
"""

from __future__ import annotations

from importlib import import_module

import scrapy.settings.default_settings as defaults

#: Beyond Scrapy's default components: what the crawl's settings, spidermon and the archive load.
THIRD_PARTY = (
    "scrapy.cmdline", "scrapy.crawler", "scrapy.commands.crawl", "scrapy.core.engine",
    "scrapy.core.scraper", "scrapy.core.downloader", "scrapy.core.downloader.contextfactory",
    "scrapy.core.downloader.handlers.http11", "scrapy.exporters", "scrapy.extensions.closespider",
    "scrapy.pipelines.files", "scrapy.utils.test", "scrapy.spiders", "scrapy.http",
    "scrapy.squeues", "scrapy.utils.reactor", "twisted.internet.asyncioreactor",
    "spidermon", "spidermon.contrib.scrapy.extensions", "spidermon.contrib.scrapy.monitors",
    "spidermon.contrib.actions.reports", "spidermon.python.monitors",
    "aiohttp", "aiohttp.web", "tldextract", "cdxj_indexer.main", "warcio.archiveiterator",
    "warcio.warcwriter", "warcio.recordbuilder", "jsonschema", "fastjsonschema", "lxml.html",
    "parsel", "w3lib.html", "itemadapter", "protego", "sqlite3", "dateparser",
)


def _preload() -> None:
    names = list(THIRD_PARTY)
    for setting in ("DOWNLOADER_MIDDLEWARES_BASE", "DOWNLOAD_HANDLERS_BASE", "EXTENSIONS_BASE",
                    "SPIDER_MIDDLEWARES_BASE"):
        names += [path.rsplit(".", 1)[0] for path in getattr(defaults, setting)]
    for name in dict.fromkeys(names):
        try:
            import_module(name)
        except ImportError:  # an optional handler (h2, botocore): the crawl does without it too
            pass


_preload()
