"""The crawl's settings and output folder, as Scrapy components reach them.

``config_of(crawler)``: vkscrawl's settings, read once per crawl (``vkscrawl.config``).
``output_of(crawler)``: the crawl's one ``OutputFolder`` (``dispatch.output``), counting into the
crawl's stats. ``OutputFolderExtension`` opens it before the first request (the spider's first
decisions must see a ledger that agrees with the feed) and closes it when the engine stops, after
the spider and the pipelines are done with it. ``LogCount`` counts the log's lines by level for the
whole crawl.
"""

from __future__ import annotations

import logging

from scrapy import signals
from scrapy.extensions.logcount import LogCount as ScrapyLogCount
from scrapy.utils.log import LogCounterHandler

from vkscrawl.config import Config
from vkscrawl.dispatch.output import OutputFolder


def config_of(crawler) -> Config:
    config = getattr(crawler, "vkscrawl_config", None)
    if config is None:
        config = crawler.vkscrawl_config = Config.from_settings(crawler.settings)
    return config


def output_of(crawler) -> OutputFolder:
    folder = getattr(crawler, "vkscrawl_output", None)
    if folder is None:
        stats = crawler.stats
        folder = crawler.vkscrawl_output = OutputFolder(
            config_of(crawler), count=lambda key, n=1: stats.inc_value(key, n))
    return folder


class OutputFolderExtension:
    def __init__(self, folder: OutputFolder):
        self.folder = folder

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(output_of(crawler))
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.engine_stopped, signal=signals.engine_stopped)
        return ext

    def spider_opened(self, spider):
        self.folder.open()

    def engine_stopped(self):
        self.folder.close()


class LogCount(ScrapyLogCount):
    """Scrapy's ``log_count/<LEVEL>`` stats, counted from the moment the extensions are built to
    the moment the engine stops, not only while the spider is open: a WARNING logged while the
    crawl starts (a JOBDIR discarded, a snapshot file repaired) or ends is in the stats as it is
    in the log."""

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        ext.handler = LogCounterHandler(crawler, level=crawler.settings.get("LOG_LEVEL"))
        logging.root.addHandler(ext.handler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        pass  # counting since from_crawler

    def spider_closed(self, spider, reason):
        # Connected now, so that it runs after every engine_stopped handler connected at start.
        self.crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    def engine_stopped(self):
        if self.handler:
            logging.root.removeHandler(self.handler)
            self.handler = None
