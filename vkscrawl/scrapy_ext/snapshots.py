"""The Scrapy side of snapshots: a downloader middleware that archives every response received.

Placed next to the downloader (above HttpCompression, Redirect and Retry), it sees every response
as received: robots.txt, listing pages, articles, redirects, 404s and 500s, the body still
compressed if the server compressed it, and writes it with its request into
``<VKSCRAWL_OUTPUT_DIR>/snapshots/``. It tells the spider where the response record is
(``request.meta["vkscrawl_snapshot"]``) and when it was received (``request.meta
["vkscrawl_fetched_at"]``, the record's WARC-Date to the second).

A 304 to a conditional request that names the capture its validators came from
(``request.meta["vkscrawl_refers_to"]``, set by ``scrapy_ext.middlewares.ConditionalRequest
Middleware``) is written as a revisit record referring to that capture (``records``). When the
engine stops, the CDXJ index beside the WARC files is brought up to date (``index``).
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from scrapy import signals
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.archive.index import index_path, update_index
from vkscrawl.archive.records import software, warc_date_to_z
from vkscrawl.archive.writer import SnapshotWriter
from vkscrawl.scrapy_ext.output import config_of

logger = logging.getLogger(__name__)

META_KEY = "vkscrawl_snapshot"
FETCHED_AT_KEY = "vkscrawl_fetched_at"
#: The response record's WARC-Date as written (what a later revisit record refers to).
WARC_DATE_KEY = "vkscrawl_warc_date"
#: The response record's WARC-Payload-Digest (what a later revisit record carries).
PAYLOAD_DIGEST_KEY = "vkscrawl_payload_digest"
#: Set on a conditional request: the capture its validators came from ({"uri", "date",
#: "digest"}); a 304 answer is archived as a revisit record referring to it.
REFERS_TO_KEY = "vkscrawl_refers_to"
WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


class SnapshotMiddleware:
    """Writes every response the downloader returns, with its request, as WARC records.

    Settings (``vkscrawl.config``): ``VKSCRAWL_SNAPSHOTS_ENABLED``, ``VKSCRAWL_WARC_MAX_SIZE``,
    ``VKSCRAWL_WARC_PREFIX``, ``VKSCRAWL_WARC_DESCRIPTION``, ``VKSCRAWL_WARC_OPERATOR``; files go
    to ``<VKSCRAWL_OUTPUT_DIR>/snapshots/``.

    If a record cannot be written (disk full, folder gone), the crawl is stopped with the finish
    reason ``snapshot_write_failed``: the contract is a snapshot of every page fetched.
    """

    def __init__(self, crawler):
        config = config_of(crawler)
        if not config.snapshots:
            raise NotConfigured  # said once, by the spider when the crawl starts
        self.crawler = crawler
        self.config = config
        self.writer = SnapshotWriter(
            config.output_dir / SNAPSHOT_DIR, prefix=config.warc_prefix,
            max_size=config.warc_max_size, relative_to=config.output_dir)
        for report in self.writer.repaired:
            crawler.stats.inc_value("vkscrawl/snapshots/repaired_files")
            crawler.stats.inc_value("vkscrawl/snapshots/repaired_bytes_cut", report.cut)
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler):
        mw = cls(crawler)
        crawler.signals.connect(mw.close, signal=signals.engine_stopped)
        return mw

    def warcinfo(self) -> dict:
        spider = self.crawler.spider
        settings = self.crawler.settings
        return {
            "software": software(),
            "format": "WARC File Format 1.1",
            "conformsTo": WARC_1_1_SPEC,
            "isPartOf": getattr(spider, "name", None),
            "start-url": getattr(spider, "start_url", None),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "operator": self.config.warc_operator or None,
            "description": self.config.warc_description,
        }

    def process_response(self, request, response):
        if self.failed or "cached" in (response.flags or []):
            return response  # a cached response was archived when it was fetched
        if urlsplit(response.url).scheme not in ("http", "https"):
            return response
        if not self.writer.info:
            self.writer.info = self.warcinfo()
        stats = self.crawler.stats
        try:
            capture = self.writer.write_capture(request, response,
                                                refers_to=request.meta.get(REFERS_TO_KEY))
        except OSError as error:
            self.failed = True
            stats.inc_value("vkscrawl/snapshots/write_errors")
            logger.error("Snapshots: cannot write %s (%s); stopping the crawl, since every page "
                         "fetched must be archived", self.writer.directory, error)
            self._stop("snapshot_write_failed")
            return response
        request.meta[META_KEY] = {"file": capture.file, "offset": capture.offset}
        # The record's WARC-Date in the feed's form: what `vkscrawl reparse` gives as fetched_at.
        request.meta[FETCHED_AT_KEY] = warc_date_to_z(capture.date)
        request.meta[WARC_DATE_KEY] = capture.date
        request.meta[PAYLOAD_DIGEST_KEY] = capture.payload_digest
        stats.inc_value("vkscrawl/snapshots/revisits" if capture.revisit
                        else "vkscrawl/snapshots/responses")
        stats.set_value("vkscrawl/snapshots/files", len(self.writer.files))
        return response

    def _stop(self, reason: str) -> None:
        engine = self.crawler.engine
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def close(self) -> None:
        self.writer.close()
        if self.writer.files or not index_path(self.writer.directory).exists():
            try:
                added = update_index(self.writer.directory)
            except Exception as error:  # noqa: BLE001 - the WARCs are whole; only replay waits
                logger.warning("Snapshots: the index %s could not be updated (%s); the next "
                               "run adds the files it lacks", index_path(self.writer.directory),
                               error)
                return
            if added:
                logger.info("Snapshots: index %s updated (%d file(s) added)",
                            index_path(self.writer.directory), added)
