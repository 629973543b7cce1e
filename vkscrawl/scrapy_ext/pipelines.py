"""Item pipelines, one stage each: validate -> dedupe -> write.

Thin Scrapy adapters over ``dispatch.response_to_item.ArticleOutcomes``, whose same stages
``vkscrawl reparse`` and the start-up rebuild chain without Scrapy. A written item's images (page
requisites) are the spider's to fetch: it hears of the written item through Scrapy's
``item_scraped`` signal. A dropped item is logged by its
article number and reason (``scrapy_ext.logformatter``), never dumped whole.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from vkscrawl.dispatch.response_to_item import Drop
from vkscrawl.scrapy_ext.output import output_of

logger = logging.getLogger(__name__)

#: Log level of a dropped item, by verdict: a rejected item is an article missing from the feed.
DROP_LEVELS = {"rejected": "ERROR", "duplicate": "INFO"}


class _Stage:
    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def outcomes(self):
        return output_of(self.crawler).outcomes

    def process_item(self, item):
        try:
            return self.stage(ItemAdapter(item).asdict())
        except Drop as drop:
            raise DropItem(drop.reason, log_level=DROP_LEVELS[drop.verdict]) from None

    def stage(self, item: dict) -> dict:
        raise NotImplementedError


class ValidatePipeline(_Stage):
    def stage(self, item):
        return self.outcomes.validate(item)


class DedupePipeline(_Stage):
    def stage(self, item):
        return self.outcomes.dedupe(item)


class WriteFeedPipeline(_Stage):
    def stage(self, item):
        self.outcomes.write(item)
        logger.info("Wrote article %s: %s", item["article_id"], item["title"])
        return item
