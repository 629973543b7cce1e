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
from pathlib import Path
from urllib.parse import urlsplit

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.archive.index import index_path, update_index
from vkscrawl.archive.records import software, warc_date_to_z
from vkscrawl.archive.writer import DEFAULT_MAX_SIZE, DEFAULT_PREFIX, SnapshotWriter, parse_size

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
DEFAULT_DESCRIPTION = ("Raw HTTP traffic of vkscrawl, a crawler of the category "
                       "'Tin hoạt động VKSND địa phương' of vksndtc.gov.vn")
WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"


def settings_problem(settings) -> str | None:
    """Why the snapshot settings cannot be used (one line), or None."""
    raw = settings.get("VKSCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE)
    try:
        parse_size(raw)
    except ValueError:
        return (f"VKSCRAWL_WARC_MAX_SIZE={raw!r}: expected a positive size in bytes "
                f"(1073741824, 500M, 1G)")
    return None


class SnapshotMiddleware:
    """Writes every response the downloader returns, with its request, as WARC records.

    Settings: ``VKSCRAWL_SNAPSHOTS_ENABLED`` (default True), ``VKSCRAWL_WARC_MAX_SIZE`` (bytes,
    default 1 GiB), ``VKSCRAWL_WARC_PREFIX``, ``VKSCRAWL_WARC_DESCRIPTION``,
    ``VKSCRAWL_WARC_OPERATOR``; files go to ``<VKSCRAWL_OUTPUT_DIR>/snapshots/``.

    If a record cannot be written (disk full, folder gone), the crawl is stopped with the finish
    reason ``snapshot_write_failed``: the contract is a snapshot of every page fetched.
    """

    def __init__(self, crawler):
        from scrapy.exceptions import NotConfigured

        settings = crawler.settings
        if not settings.getbool("VKSCRAWL_SNAPSHOTS_ENABLED", True):
            raise NotConfigured("VKSCRAWL_SNAPSHOTS_ENABLED is off")
        problem = settings_problem(settings)
        if problem:
            raise ValueError(problem)
        max_size = parse_size(settings.get("VKSCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE))
        self.crawler = crawler
        self.output = Path(settings.get("VKSCRAWL_OUTPUT_DIR", "output"))
        self.settings = settings
        self.writer = SnapshotWriter(
            self.output / SNAPSHOT_DIR, prefix=settings.get("VKSCRAWL_WARC_PREFIX", DEFAULT_PREFIX),
            max_size=max_size, relative_to=self.output)
        for report in self.writer.repaired:
            crawler.stats.inc_value("vkscrawl/snapshots/repaired_files")
            crawler.stats.inc_value("vkscrawl/snapshots/repaired_bytes_cut", report.cut)
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        mw = cls(crawler)
        crawler.signals.connect(mw.close, signal=signals.engine_stopped)
        return mw

    def warcinfo(self) -> dict:
        spider = self.crawler.spider
        settings = self.settings
        return {
            "software": software(),
            "format": "WARC File Format 1.1",
            "conformsTo": WARC_1_1_SPEC,
            "isPartOf": getattr(spider, "name", None),
            "start-url": getattr(spider, "start_url", None),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "operator": settings.get("VKSCRAWL_WARC_OPERATOR") or None,
            "description": settings.get("VKSCRAWL_WARC_DESCRIPTION") or DEFAULT_DESCRIPTION,
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
        from scrapy.utils.defer import deferred_from_coro

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
