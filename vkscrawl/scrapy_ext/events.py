"""Keeps ``events.jsonl`` current with the feed, at both ends of every crawl.

At spider open it catches up with what an earlier run wrote to the feed but could not turn into
events (a run killed before its close); at spider close it adds the events of what this run wrote.
Both are one ``update_events`` (vkscrawl/digest/events_file.py): incremental, crash-safe and
idempotent. A failure is an ERROR line, which fails the run (the spidermon monitors count them);
the next run catches up.
"""

from __future__ import annotations

import logging
from pathlib import Path

from scrapy import signals

from vkscrawl.digest.events_file import EVENTS_FILE, EventsError, update_events
from vkscrawl.ledger.feed import FEED_FILE
from vkscrawl.scrapy_ext.output import config_of

logger = logging.getLogger(__name__)


class EventsFile:
    def __init__(self, output_dir: str | Path, stats=None):
        self.feed = Path(output_dir) / FEED_FILE
        self.events = Path(output_dir) / EVENTS_FILE
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(config_of(crawler).output_dir, crawler.stats)
        crawler.signals.connect(ext.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_opened(self, spider):
        self.update("start")

    def spider_closed(self, spider, reason):
        self.update("end")

    def update(self, when: str) -> None:
        try:
            result = update_events(self.feed, self.events)
        except (OSError, EventsError) as error:
            logger.error("Events %s not brought up to date at the run's %s: %s; the next run "
                         "catches up", self.events, when, error)
            return
        if result.repaired_bytes:
            logger.warning("Events %s: cut a partial last line of %d bytes left by an "
                           "interrupted run", self.events, result.repaired_bytes)
        if result.events_written or result.deletions_written:
            logger.info("Events %s: %d event(s) and %d deletion marker(s) written from %d feed "
                        "line(s)", self.events, result.events_written, result.deletions_written,
                        result.feed_lines)
        if self.stats is not None:
            self.stats.inc_value("vkscrawl/events_written", result.events_written)
            self.stats.inc_value("vkscrawl/event_deletions_written", result.deletions_written)
