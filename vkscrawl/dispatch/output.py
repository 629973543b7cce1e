"""The output folder: the feed, the snapshots and the ledger, opened once per crawl.

One ``OutputFolder`` per crawl (``scrapy_ext.output`` opens it before the first request and closes
it when the engine stops; the spider, the pipelines and the middlewares reach it through
``scrapy_ext.output.output_of(crawler)``). Opening it repairs a torn feed tail, makes the ledger
agree with the feed, and rebuilds the items whose feed lines went missing from their snapshots
through the one dispatcher (those without a readable snapshot stay pending and are fetched again
by the spider).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.config import DEFAULTS, Config
from vkscrawl.dispatch.response import at_snapshot
from vkscrawl.dispatch.response_to_item import ArticleOutcomes, dispatch
from vkscrawl.ledger.feed import FEED_FILE, FeedWriter
from vkscrawl.ledger.state import STATE_FILE, Ledger

logger = logging.getLogger(__name__)


class OutputFolder:
    def __init__(self, config: Config = DEFAULTS, count: Callable[..., None] | None = None):
        self.config = config
        self.root = Path(config.output_dir)
        self.count = count or (lambda key, n=1: None)
        self._ledger: Ledger | None = None
        self._feed: FeedWriter | None = None
        self._outcomes: ArticleOutcomes | None = None

    @property
    def ledger(self) -> Ledger:
        if self._ledger is None:
            config = self.config
            self._ledger = Ledger(self.root / STATE_FILE, retry_delay=config.retry_delay,
                                  retry_max_delay=config.retry_max_delay,
                                  max_attempts=config.max_attempts)
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
        through the one dispatcher; what cannot be rebuilt stays pending for the spider."""
        rebuilt = 0
        for article_id, snapshot in sorted(missing.items()):
            if not snapshot:
                continue
            try:
                stored = at_snapshot(self.root, snapshot)
            except (OSError, ValueError, EOFError) as error:
                logger.warning("Article %s: its snapshot %s at %s cannot be read (%s); it will "
                               "be fetched again", article_id, snapshot.get("file"),
                               snapshot.get("offset"), error)
                continue
            outcome = dispatch(stored, self.outcomes, listed_id=article_id)
            rebuilt += outcome.result == "written"
            logger.info("Article %s rebuilt from its snapshot %s: %s", article_id,
                        snapshot.get("file"), outcome.result)
        if rebuilt:
            self.count("vkscrawl/items_rebuilt_from_snapshots", rebuilt)

    def open(self) -> None:
        self.feed  # noqa: B018 - opening is the point

    def close(self) -> None:
        if self._feed is not None:
            self._feed.close()
            self._feed = None
        if self._ledger is not None:
            self._ledger.close()
            self._ledger = None
        self._outcomes = None
