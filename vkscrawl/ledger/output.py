"""The output folder: the feed, the snapshots and the crawl state (CONTRACT.md, "The output folder").

One ``OutputFolder`` per crawler, opened when the spider opens and closed when it closes; the
pipelines, the spider and the snapshot writer reach it through ``OutputFolder.of(crawler)``.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from scrapy import signals

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.ledger.feed import FEED_FILE, FeedWriter
from vkscrawl.ledger.state import STATE_FILE, CrawlState

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
    def __init__(self, root: str | Path):
        self.root = Path(root)
        self._state: CrawlState | None = None
        self._feed: FeedWriter | None = None

    @classmethod
    def from_crawler(cls, crawler):
        existing = getattr(crawler, "vkscrawl_output", None)
        if existing is not None:
            return existing
        folder = cls(crawler.settings.get("VKSCRAWL_OUTPUT_DIR", "output"))
        crawler.vkscrawl_output = folder
        # Open the feed (and so the state) before the first response: repairing a torn feed
        # corrects the state, and the spider's first decisions must see the corrected state.
        crawler.signals.connect(folder.open, signal=signals.spider_opened)
        # engine_stopped comes after spider_closed, when the spider and pipelines are done with it.
        crawler.signals.connect(folder.close, signal=signals.engine_stopped)
        return folder

    @classmethod
    def of(cls, crawler) -> "OutputFolder":
        folder = getattr(crawler, "vkscrawl_output", None)
        return folder if folder is not None else cls.from_crawler(crawler)

    @property
    def state(self) -> CrawlState:
        if self._state is None:
            self._state = CrawlState(self.root / STATE_FILE)
        return self._state

    @property
    def feed(self) -> FeedWriter:
        if self._feed is None:
            self._feed = FeedWriter(self.root / FEED_FILE, self.state)
        return self._feed

    @property
    def feed_path(self) -> Path:
        return self.root / FEED_FILE

    @property
    def snapshot_dir(self) -> Path:
        return self.root / SNAPSHOT_DIR

    def open(self, spider=None) -> None:
        self.feed  # noqa: B018 - opening is the point

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None
        if self._state is not None:
            self._state.close()
            self._state = None
