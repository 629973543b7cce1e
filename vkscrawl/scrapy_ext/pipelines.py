"""Item pipelines, one job each: clean -> validate -> dedupe -> write.

They are thin Scrapy wrappers around ``stages`` and ``feed``, which ``vkscrawl reparse`` runs too.
The crawl state and the feed are opened by ``OutputFolder`` (``output.py``), shared by the dedupe
and write stages and by the spider's incremental logic.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from vkscrawl.ledger.output import OutputFolder
from vkscrawl.ledger.stages import Deduper, clean_item, validate_item

logger = logging.getLogger(__name__)


class _Stage:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)


class CleanPipeline(_Stage):
    def process_item(self, item):
        return clean_item(ItemAdapter(item).asdict())


class ValidatePipeline(_Stage):
    def process_item(self, item):
        reason = validate_item(item)
        if reason is None:
            return item
        self.stats.inc_value("vkscrawl/items_rejected")
        self.stats.inc_value(f"vkscrawl/items_rejected/{reason.split(':')[0]}")
        article_id = item.get("article_id")
        if article_id:
            OutputFolder.of(self.crawler).state.record(article_id, "rejected",
                                                       url=item.get("source_url"))
        raise DropItem(f"Rejected {item.get('source_url')}: {reason}")


class DedupePipeline(_Stage):
    def process_item(self, item):
        deduper = Deduper(OutputFolder.of(self.crawler).state)
        verdict, reason = deduper.check(item)
        self.stats.inc_value(f"vkscrawl/dedupe/{verdict}")
        if verdict != "duplicate":
            return item
        deduper.remember_duplicate(item)
        raise DropItem(f"Duplicate {item.get('source_url')}: {reason}")


class WriteFeedPipeline(_Stage):
    def process_item(self, item):
        OutputFolder.of(self.crawler).feed.write(item)
        self.stats.inc_value("vkscrawl/items_written")
        logger.info("Wrote article %s: %s", item["article_id"], item["title"])
        return item
