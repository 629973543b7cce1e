"""Downloader middlewares of vkscrawl."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit, urlunsplit

from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.httpobj import urlparse_cached

from vkscrawl.archive.records import target_uri
from vkscrawl.ledger.state import DUPLICATE
from vkscrawl.scrapy_ext.output import config_of, output_of
from vkscrawl.scrapy_ext.snapshots import PAYLOAD_DIGEST_KEY, REFERS_TO_KEY, WARC_DATE_KEY

logger = logging.getLogger(__name__)


class SameHostMiddleware(OffsiteMiddleware):
    """Every request stays on the start URL's host and port, redirects included.

    Scrapy's offsite check allows subdomains and ignores ports; a mirror on 127.0.0.1:8000 must
    not reach 127.0.0.1:9000, nor the live portal a subdomain of it. Scrapy's also lets through
    every request with ``dont_filter`` (the listing requests, and every redirect they lead to) or
    ``meta["allow_offsite"]``: here no request leaves the host, whatever its flags. A redirect off
    the host is logged as a warning and counted (``vkscrawl/redirects_offsite``).
    """

    def process_request(self, request, spider=None):
        if self.should_follow(request, self.crawler.spider):
            return None
        redirected_from = (request.meta.get("redirect_urls") or [None])[-1]
        if redirected_from:
            self.stats.inc_value("vkscrawl/redirects_offsite")
            logger.warning("Not following a redirect off the start URL's host: %s -> %s",
                           redirected_from, request.url)
        domain = urlparse_cached(request).hostname
        if domain and domain not in self.domains_seen:
            self.domains_seen.add(domain)
            logger.debug("Filtered offsite request to %r: %s", domain, request)
            self.stats.inc_value("offsite/domains")
        self.stats.inc_value("offsite/filtered")
        raise IgnoreRequest(f"Filtered offsite request to {request.url}")

    def should_follow(self, request, spider) -> bool:
        origin = getattr(spider, "origin", None)
        if origin is None:
            return super().should_follow(request, spider)
        parts, start = urlparse_cached(request), urlsplit(urlunsplit((*origin, "", "", "")))
        # Host and port, not scheme: an http -> https redirect of the same host stays on it.
        return (parts.hostname, parts.port) == (start.hostname, start.port)


class ConditionalRequestMiddleware:
    """Conditional requests for articles fetched again: ``If-None-Match`` / ``If-Modified-Since``.

    The validators (``ETag``, ``Last-Modified``) of each article's last 200 answer are kept in the
    ledger with the capture they came from; a server that supports them answers 304 and sends no
    page. Only requests that carry ``meta["vkscrawl_article_id"]`` (the spider's article requests)
    for articles whose item is in the feed take part: for any other the whole page is needed.

    With snapshots on, a request is conditional only when the capture its validators came from is
    known (URI, WARC-Date, payload digest), so that the 304 can be archived as a revisit record
    replay tools resolve to that capture; validators kept by an older version without it are
    renewed by one unconditional fetch.
    """

    def __init__(self, crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_request(self, request, spider=None):
        article_id = request.meta.get("vkscrawl_article_id")
        if article_id is None or b"If-None-Match" in request.headers:
            return None
        known = output_of(self.crawler).ledger.article(article_id)
        # The feed holds its item (written, even if a re-check failed since), or it is a copy.
        if not (known and (known["in_feed"] or known["state"] == DUPLICATE)):
            return None
        capture = {"uri": known["capture_uri"], "date": known["capture_date"],
                   "digest": known["capture_digest"]}
        if self.archiving and not all(capture.values()):
            return None
        if known["etag"]:
            request.headers["If-None-Match"] = known["etag"]
        if known["last_modified"]:
            request.headers["If-Modified-Since"] = known["last_modified"]
        if known["etag"] or known["last_modified"]:
            request.meta[REFERS_TO_KEY] = capture
        return None

    @property
    def archiving(self) -> bool:
        return config_of(self.crawler).snapshots

    def process_response(self, request, response, spider=None):
        article_id = request.meta.get("vkscrawl_article_id")
        if article_id is not None and response.status == 200:
            etag = response.headers.get("ETag")
            modified = response.headers.get("Last-Modified")
            if etag or modified:
                output_of(self.crawler).ledger.set_validators(
                    article_id, etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                    capture_uri=target_uri(response.url), capture_date=request.meta.get(WARC_DATE_KEY),
                    capture_digest=request.meta.get(PAYLOAD_DIGEST_KEY))
        return response
