"""The spider's page requisites: the images of every written article, archived after the articles.

When an item has gone through every pipeline (Scrapy's ``item_scraped`` signal: it is in the feed),
its images on the start host are registered in the ledger and the new ones requested (through the
scheduler, so robots.txt, delays and AutoThrottle apply; after every listing page and article in
priority); images on other sites are counted, not fetched. Each image URL is fetched once over the
archive's life; a failed one is retried by later runs with the articles' backoff (``start``
re-queues them). An image never fails an article or a run: a failure is a WARNING and a count.
Off with ``VKSCRAWL_ARCHIVE_IMAGES = False`` (and with snapshots off: nowhere to keep them).

A mixin of ``LocalNewsSpider``: Scrapy keeps a paused crawl's requests in its JOBDIR only when
their callbacks are the spider's own methods.
"""

from __future__ import annotations

import logging

import scrapy
from scrapy.spidermiddlewares.httperror import HttpError

from vkscrawl.dispatch.response_to_item import GONE_STATUSES
from vkscrawl.spiders.failures import by_policy, describe, next_attempt_note
from vkscrawl.ledger.feed import scan_feed
from vkscrawl.ledger.state import IMAGES_BACKFILL_KEY

logger = logging.getLogger(__name__)

#: Images (page requisites) after every listing page and article.
IMAGE_PRIORITY = -10 ** 6


class PageRequisites:
    """Uses the spider's ``crawler``, ``config``, ``output``, ``on_host``, ``on_start_host`` and
    ``progress``."""

    def images_requeued(self) -> list[scrapy.Request]:
        """Images registered by earlier runs and not archived yet: pending ones (a run that
        ended before fetching them) and failed ones whose next attempt has come."""
        if not self.config.archiving_images:
            return []
        if self.output.ledger.get_meta(IMAGES_BACKFILL_KEY) == "pending":
            self.backfill_images()
        # Through the duplicate filter, unlike articles: a run resumed from its JOBDIR still has
        # its queued image requests, and an image is fetched once; one that failed before the
        # pause is retried by the next run.
        requests = [self.image_request(self.on_start_host(row["url"]), ledger_url=row["url"])
                    for row in self.output.ledger.images_due()]
        if requests:
            self.crawler.stats.inc_value("vkscrawl/images/requeued", len(requests))
            logger.info("Re-queued %d image(s) not archived yet", len(requests))
        return requests

    def backfill_images(self) -> None:
        """A ledger converted from a layout without images (articles written by a version that
        did not archive them): the images of every article the feed holds are registered now, as
        a written item's are (on this run's host; other sites' counted, not fetched), and fetched
        with the other pending images. Once: the flag is cleared in the same commit."""
        ledger = self.output.ledger
        registered = 0
        for article_id, last in scan_feed(self.output.feed_path).last.items():
            registered += len(ledger.add_images(article_id, self.images_on_host(last.images),
                                                commit=False))
        ledger.set_meta(IMAGES_BACKFILL_KEY, "done")  # commits the registrations with it
        logger.info("State converted from a layout without images: registered %d image(s) of the "
                    "articles already in the feed, to be archived by this run", registered)

    def images_on_host(self, urls) -> list[str]:
        """The image URLs to fetch (on the start host, as ``on_host``); the others, on another
        site, are counted and not fetched."""
        fetched = []
        for url in urls:
            here = self.on_host(url)
            if here is None:
                self.crawler.stats.inc_value("vkscrawl/images/off_host")
            else:
                fetched.append(here)
        return fetched

    def item_written(self, item, response=None, spider=None):
        """``item_scraped``: the item is in the feed; its new images are fetched."""
        if not self.config.archiving_images:
            return
        urls = self.images_on_host(image.get("url") for image in item.get("images") or [])
        if not urls:
            return
        for url in self.output.ledger.add_images(item["article_id"], urls):
            self.crawler.engine.crawl(self.image_request(url))

    def image_request(self, url: str, ledger_url: str | None = None) -> scrapy.Request:
        """``ledger_url``: the image's key in the ledger when it differs from the URL fetched
        (registered by an earlier run on another start host)."""
        # No retries within the run: Scrapy logs a retry given up as an ERROR, and an image is
        # never worth failing a run; the ledger retries it in later runs instead.
        self.crawler.stats.inc_value("vkscrawl/images/requested")
        return scrapy.Request(url, callback=self.image_fetched, errback=self.image_error,
                              priority=IMAGE_PRIORITY,
                              meta={"vkscrawl_image": ledger_url or url, "dont_retry": True,
                                    "handle_httpstatus_list": list(GONE_STATUSES)})

    def image_fetched(self, response):
        url = response.meta["vkscrawl_image"]
        ledger = self.output.ledger
        if response.status in GONE_STATUSES:
            self.crawler.stats.inc_value("vkscrawl/images/gone")
            ledger.image_settled(url, "gone", f"HTTP {response.status}", status=response.status)
            logger.warning("Image %s is gone (HTTP %d)", url, response.status)
        else:
            ledger.image_archived(url, response.status, response.meta.get("vkscrawl_snapshot"))
            self.crawler.stats.inc_value("vkscrawl/images/archived")
        self.progress.image_done()

    def image_error(self, failure):
        url = failure.request.meta["vkscrawl_image"]
        ledger = self.output.ledger
        if by_policy(failure):
            self.crawler.stats.inc_value("vkscrawl/images/ignored")
            ledger.image_settled(url, "out_of_scope", failure.getErrorMessage())
            logger.warning("Image %s not fetched: %s", url, failure.getErrorMessage())
        else:
            status = failure.value.response.status if failure.check(HttpError) else None
            row = ledger.image_failed(url, describe(failure), status=status)
            self.crawler.stats.inc_value("vkscrawl/images/failed")
            logger.warning("Image %s failed: %s (%s)", url, describe(failure),
                           next_attempt_note(row))
        self.progress.image_done()
