"""The output folder: the feed, the snapshots and the ledger, opened once per crawl.

One ``OutputFolder`` per crawler, opened before the first request and closed when the engine
stops; the spider, the pipelines and the middlewares reach it through ``OutputFolder.of(crawler)``.
Opening it repairs a torn feed tail, makes the ledger agree with the feed, and rebuilds the items
whose feed lines went missing from their snapshots (those without a readable snapshot stay pending
and are fetched again by the spider).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from scrapy import signals

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.ledger.feed import FEED_FILE, FeedWriter
from vkscrawl.ledger.response_to_item import ArticleOutcomes
from vkscrawl.ledger.state import (DEFAULT_MAX_ATTEMPTS, DEFAULT_RETRY_DELAY,
                                   DEFAULT_RETRY_MAX_DELAY, STATE_FILE, Ledger)

logger = logging.getLogger(__name__)


def check_writable(path: str | Path) -> str | None:
    """Why the output folder cannot be used, or None. Creates nothing."""
    path = Path(path)
    probe = path
    while not probe.exists():
        probe = probe.parent
    if not probe.is_dir():
        return f"{probe} is not a folder"
    if not os.access(probe, os.W_OK | os.X_OK):
        return f"{probe} is not writable"
    if path.exists() and not path.is_dir():
        return f"{path} is not a folder"
    return None


class OutputFolder:
    def __init__(self, root: str | Path, settings=None, count=None):
        self.root = Path(root)
        get = (lambda name, default: settings.getfloat(name, default)) if settings else \
            (lambda name, default: default)
        self.ledger_options = {
            "retry_delay": get("VKSCRAWL_RETRY_DELAY", DEFAULT_RETRY_DELAY),
            "retry_max_delay": get("VKSCRAWL_RETRY_MAX_DELAY", DEFAULT_RETRY_MAX_DELAY),
            "max_attempts": int(get("VKSCRAWL_MAX_ATTEMPTS", DEFAULT_MAX_ATTEMPTS)),
        }
        self.count = count or (lambda key, n=1: None)
        self._ledger: Ledger | None = None
        self._feed: FeedWriter | None = None
        self._outcomes: ArticleOutcomes | None = None

    @classmethod
    def from_crawler(cls, crawler):
        existing = getattr(crawler, "vkscrawl_output", None)
        if existing is not None:
            return existing
        stats = crawler.stats
        folder = cls(crawler.settings.get("VKSCRAWL_OUTPUT_DIR", "output"), crawler.settings,
                     count=lambda key, n=1: stats.inc_value(key, n))
        crawler.vkscrawl_output = folder
        # Open before the first request: the spider's first decisions must see a ledger that
        # agrees with the feed.
        crawler.signals.connect(folder.open, signal=signals.spider_opened)
        # engine_stopped comes after spider_closed, when the spider and pipelines are done with it.
        crawler.signals.connect(folder.close, signal=signals.engine_stopped)
        return folder

    @classmethod
    def of(cls, crawler) -> "OutputFolder":
        folder = getattr(crawler, "vkscrawl_output", None)
        return folder if folder is not None else cls.from_crawler(crawler)

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            self._ledger = Ledger(self.root / STATE_FILE, **self.ledger_options)
            if self._ledger.migrated_from:
                logger.warning("State %s: converted from layout %s to the article ledger",
                               self._ledger.path, self._ledger.migrated_from)
        return self._ledger

    @property
    def feed(self) -> FeedWriter:
        if self._feed is None:
            self._feed = FeedWriter(self.root / FEED_FILE, self.ledger)
            self._rebuild_missing(self._feed.missing)
        return self._feed

    @property
    def outcomes(self) -> ArticleOutcomes:
        if self._outcomes is None:
            self._outcomes = ArticleOutcomes(self.ledger, self.feed, self.count)
        return self._outcomes

    @property
    def feed_path(self) -> Path:
        return self.root / FEED_FILE

    @property
    def snapshot_dir(self) -> Path:
        return self.root / SNAPSHOT_DIR

    def _rebuild_missing(self, missing: dict[int, dict | None]) -> None:
        """Items whose feed line went missing, rebuilt from the snapshot they were written from
        through the one path; what cannot be rebuilt stays pending for the spider to fetch."""
        from vkscrawl.archive.reader import stored_response_at

        rebuilt = 0
        for article_id, snapshot in sorted(missing.items()):
            if not snapshot:
                continue
            try:
                stored = stored_response_at(self.root, snapshot)
            except (OSError, ValueError, EOFError) as error:
                logger.warning("Article %s: its snapshot %s at %s cannot be read (%s); it will "
                               "be fetched again", article_id, snapshot.get("file"),
                               snapshot.get("offset"), error)
                continue
            outcome = self.outcomes.process(stored, article_id)
            rebuilt += outcome == "written"
            logger.info("Article %s rebuilt from its snapshot %s: %s", article_id,
                        snapshot.get("file"), outcome)
        if rebuilt:
            self.count("vkscrawl/items_rebuilt_from_snapshots", rebuilt)

    def open(self, spider=None) -> None:
        self.feed  # noqa: B018 - opening is the point

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None
        self._outcomes = None
