"""Cross-cutting extensions: the run's verdict (did it fail, and why)."""

from __future__ import annotations

import logging

from scrapy import signals

logger = logging.getLogger(__name__)

FAILURE_KEY = "vkscrawl/failure"


def run_failures(stats: dict, spider) -> list[str]:
    """Why a finished run counts as failed; empty when it succeeded."""
    reasons = []
    listing_pages = stats.get("vkscrawl/listing_pages", 0)
    if listing_pages == 0:
        reasons.append(f"listing unreachable: {spider.start_url} ({spider.paging_end or 'no response'})")
    teasers = stats.get("vkscrawl/teasers", 0)
    requested = stats.get("vkscrawl/articles_requested", 0)
    parsed_ok = stats.get("item_scraped_count", 0) + stats.get("vkscrawl/dedupe/duplicate", 0)
    if requested and not parsed_ok:
        reasons.append(f"no article parsed although the listing had {teasers} teasers "
                       f"({requested} article pages requested)")
    finish = stats.get("finish_reason")
    if finish not in (None, "finished"):
        reasons.append(f"crawl ended early: {finish}")
    return reasons


class RunVerdict:
    """Records in the stats, and says in the log's last lines, why a run failed.

    ``scrapy crawl`` exits 0 whatever happened; the project's ``crawl`` command turns
    ``vkscrawl/failure`` into a non-zero exit status.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        ext = cls(crawler)
        crawler.signals.connect(ext.spider_closed, signal=signals.spider_closed)
        return ext

    def spider_closed(self, spider, reason):
        stats = self.crawler.stats
        values = dict(stats.get_stats())
        values.setdefault("finish_reason", reason)
        reasons = run_failures(values, spider)
        if reasons:
            stats.set_value(FAILURE_KEY, "; ".join(reasons))
            logger.error("Run FAILED: %s", "; ".join(reasons))
        else:
            logger.info("Run succeeded: %d item(s) written to %s",
                        values.get("vkscrawl/items_written", 0),
                        self.crawler.settings.get("VKSCRAWL_OUTPUT_DIR"))
