"""What remains to be done, said in the log as the crawl goes (INFO), so that a long phase is
never silent: a line when a phase starts, then one every ``every`` responses of it. Scrapy's own
LogStats line (pages and items per minute) comes on top, once a minute."""

from __future__ import annotations

import logging

logger = logging.getLogger(__name__)

#: A progress line every this many article or image responses.
PROGRESS_EVERY = 20


class Progress:
    def __init__(self, stats, every: int = PROGRESS_EVERY):
        self.stats = stats
        self.every = every
        self.articles = 0
        self.images = 0

    def article_done(self) -> None:
        self.articles += 1
        if self.articles == 1 or self.articles % self.every == 0:
            stats = self.stats
            logger.info("Progress: articles %d of %d requested so far handled (%d written, %d "
                        "failed)", self.articles, stats.get_value("vkscrawl/articles_requested", 0),
                        stats.get_value("vkscrawl/items_written", 0),
                        stats.get_value("vkscrawl/article_errors", 0))

    def image_done(self) -> None:
        self.images += 1
        if self.images == 1 or self.images % self.every == 0:
            stats = self.stats
            logger.info("Progress: images %d of %d handled (%d archived, %d failed)", self.images,
                        stats.get_value("vkscrawl/images/requested", 0),
                        stats.get_value("vkscrawl/images/archived", 0),
                        stats.get_value("vkscrawl/images/failed", 0))
