"""Item pipelines, one stage each: validate -> dedupe -> write -> page requisites.

Thin Scrapy adapters over ``ledger.response_to_item.ArticleOutcomes``, whose same stages
``vkscrawl reparse`` and the start-up rebuild chain without Scrapy. A dropped item is logged by its
article number and reason (``scrapy_ext.logformatter``), never dumped whole.
"""

from __future__ import annotations

import logging

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from vkscrawl.ledger.output import OutputFolder
from vkscrawl.ledger.response_to_item import Drop

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
        return OutputFolder.of(self.crawler).outcomes

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


class PageRequisitesPipeline:
    """After the write stage: the images of the written article are registered in the ledger and
    the new ones requested (``LocalNewsSpider.image_request``: same host, through the scheduler,
    so robots.txt, delays and AutoThrottle apply; after every article in priority). Each image
    URL is fetched once over the archive's life; a failed one is retried by later runs
    (``LocalNewsSpider.start``). Off with ``VKSCRAWL_ARCHIVE_IMAGES = False`` (and with snapshots
    off: there is nowhere to keep them)."""

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy.exceptions import NotConfigured

        if not archiving_images(crawler.settings):
            raise NotConfigured("VKSCRAWL_ARCHIVE_IMAGES or VKSCRAWL_SNAPSHOTS_ENABLED is off")
        return cls(crawler)

    def process_item(self, item):
        spider = self.crawler.spider
        adapter = ItemAdapter(item)
        urls = spider.images_on_host(image.get("url") for image in adapter.get("images") or [])
        if not urls:
            return item
        ledger = OutputFolder.of(self.crawler).ledger
        for url in ledger.add_images(adapter["article_id"], urls):
            self.crawler.engine.crawl(spider.image_request(url))
        return item


def archiving_images(settings) -> bool:
    return (settings.getbool("VKSCRAWL_ARCHIVE_IMAGES", True)
            and settings.getbool("VKSCRAWL_SNAPSHOTS_ENABLED", True))
