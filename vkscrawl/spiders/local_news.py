"""The spider: walks the category listing and hands every response to the parsers.

It decides only what to fetch: listing pages newest first until the end of the listing, a page
an earlier completed run already covered, ``max_pages`` or ``since``; and the articles of each
listing page that are new (or recent enough to be fetched again for edits). Parsing is
``vkscrawl.parsing``; what happens to items is the pipelines'.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from vkscrawl import parsing
from vkscrawl.args import CrawlArgs
from vkscrawl.ledger.output import OutputFolder
from vkscrawl.ledger.state import SETTLED

logger = logging.getLogger(__name__)

#: Hosts of the live portal: absolute links to them are followed on the start URL's host, so a
#: mirror that kept the portal's absolute links is crawled as itself, never the live site.
PORTAL_HOSTS = ("vksndtc.gov.vn", "www.vksndtc.gov.vn")
VIETNAM = timezone(timedelta(hours=7))
#: Statuses an article request hands to the spider instead of the error path.
GONE = (404, 410)
NOT_MODIFIED = 304
#: Messages of the IgnoreRequest that our own policy raises (robots.txt, same-host rule).
BY_POLICY = ("Forbidden by robots.txt", "Filtered offsite request")
#: Fields whose fallback layer is worth an INFO line (others are in the stats and the drift report).
CORE_FIELDS = ("title", "published", "body")

# Why paging stopped. NATURAL_ENDS mean the listing was walked from the top to its end or to
# ground already covered, so the run may mark everything it knows as covered (state.CrawlState).
END_OF_LISTING, COVERED, EMPTY_PAGE = "end of listing", "reached covered pages", "empty page"
LOOP, MAX_PAGES, SINCE = "listing loop", "max_pages reached", "since reached"
NATURAL_ENDS = (END_OF_LISTING, COVERED, EMPTY_PAGE, LOOP)


class LocalNewsSpider(scrapy.Spider):
    name = "local_news"

    def __init__(self, *args, **kwargs):
        self.args = CrawlArgs.parse(kwargs)
        super().__init__(*args)
        start = urlsplit(self.args.start_url)
        self.start_url = self.args.start_url
        self.origin = (start.scheme, start.netloc)
        self.allowed_domains = [start.hostname]
        self.listing_seen: set[str] = set()
        #: Article numbers of every teaser of every listing page read this run.
        self.teasers_seen: set[int] = set()
        self.articles_scheduled: set[int] = set()
        self.paging_end: str | None = None
        self.listing_failed = False

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.refetch_days = crawler.settings.getint("VKSCRAWL_REFETCH_DAYS", 2)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    # --- walking ----------------------------------------------------------------------------

    async def start(self):
        logger.info("Crawling %s (max_pages=%s, since=%s, full=%s)", self.start_url,
                    self.args.max_pages, self.args.since, self.args.full)
        yield self.listing_request(self.start_url, page=1)

    def listing_request(self, url: str, page: int) -> scrapy.Request:
        self.listing_seen.add(url)
        return scrapy.Request(url, callback=self.parse_listing, errback=self.listing_error,
                              cb_kwargs={"page": page}, priority=-page * 1000 - 999,
                              dont_filter=True)

    def on_host(self, url: str) -> str | None:
        """The URL to fetch for a link: on the start URL's host, or None when it leads away."""
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) == self.origin:
            return urlunsplit((*self.origin, parts.path, parts.query, ""))
        if parts.scheme in ("http", "https") and parts.hostname in PORTAL_HOSTS:
            return urlunsplit((*self.origin, parts.path, parts.query, ""))
        return None

    def parse_listing(self, response, page: int):
        stats = self.crawler.stats
        if not is_html(response):
            self.listing_unreadable(page, response.url, "is not HTML")
            return
        if not parsing.page_complete(response.body):
            retry = self.retry_cut_short(response)
            if retry is not None:
                yield retry
                return
            self.listing_unreadable(page, response.url, "is empty or cut short (no </html>)")
            return
        listing = parsing.parse_listing(response.body, response.url,
                                        response.headers.get("Content-Type", b"").decode("latin-1"))
        stats.inc_value("vkscrawl/listing_pages")
        stats.inc_value(f"vkscrawl/layer/listing/{listing.layer}")
        stats.inc_value("vkscrawl/teasers", len(listing.teasers))
        state = OutputFolder.of(self.crawler).state
        today = datetime.now(VIETNAM).date()
        fresh_since = (today - timedelta(days=self.refetch_days)).isoformat()
        covered = older = requested = 0
        ids = {teaser.article_id for teaser in listing.teasers if teaser.article_id is not None}
        repeats_itself = bool(ids) and ids <= self.teasers_seen
        self.teasers_seen |= ids
        for index, teaser in enumerate(listing.teasers):
            url = self.on_host(teaser.url)
            if url is None or teaser.article_id is None:
                stats.inc_value("vkscrawl/teasers_off_host" if url is None
                                else "vkscrawl/teasers_without_id")
                continue
            if self.args.since and teaser.date and teaser.date < self.args.since.isoformat():
                older += 1
                continue
            if state.is_covered(teaser.article_id):
                covered += 1
            if teaser.article_id in self.articles_scheduled:
                stats.inc_value("vkscrawl/teasers_repeated")
                continue
            recent = bool(teaser.date and teaser.date >= fresh_since)
            known = state.article(teaser.article_id)
            if known and known["status"] in SETTLED and not self.args.full and not recent:
                stats.inc_value("vkscrawl/articles_known")
                continue
            self.articles_scheduled.add(teaser.article_id)
            requested += 1
            yield scrapy.Request(
                url, callback=self.parse_article, errback=self.article_error,
                cb_kwargs={"article_id": teaser.article_id},
                meta={"handle_httpstatus_list": [*GONE, NOT_MODIFIED],
                      "vkscrawl_article_id": teaser.article_id},
                priority=-page * 1000 - index,
            )
        stats.inc_value("vkscrawl/articles_requested", requested)
        logger.info("Listing page %d: %d teasers, %d new or recent requested, %d covered, "
                    "%d older than since", page, len(listing.teasers), requested, covered, older)

        next_url = self.on_host(listing.next_url) if listing.next_url else None
        if not listing.teasers:
            self.stop_paging(EMPTY_PAGE, response.url)
        elif older:
            self.stop_paging(SINCE, response.url)
        elif not self.args.full and covered == len(listing.teasers):
            self.stop_paging(COVERED, response.url)
        elif self.args.max_pages and page >= self.args.max_pages:
            self.stop_paging(MAX_PAGES, response.url)
        elif listing.next_url is None:
            self.stop_paging(END_OF_LISTING, response.url)
        elif next_url is None:
            self.stop_paging(f"next page {listing.next_url} is off the start URL's host",
                             response.url)
        elif next_url in self.listing_seen:
            self.stop_paging(LOOP, response.url)
        elif repeats_itself:
            # A page listing only articles earlier pages listed: the portal repeats itself (page
            # numbers past the end answering the last page, a next link cycling under new URLs).
            self.stop_paging(LOOP, response.url)
        else:
            yield self.listing_request(next_url, page + 1)

    def retry_cut_short(self, response) -> scrapy.Request | None:
        """The request again for a page cut short, or None once ``RETRY_TIMES`` retries are spent.

        Scrapy's retry middleware sees only statuses and exceptions; a 200 cut short is seen
        here, and retried through Scrapy's own helper (same counts, stats and log lines).
        """
        return get_retry_request(response.request, spider=self,
                                 reason="page cut short")

    def listing_unreadable(self, page: int, url: str, why: str) -> None:
        """A listing page answered but cannot be read: paging stops, and the run is not complete."""
        self.listing_failed = True
        self.crawler.stats.inc_value("vkscrawl/listing_errors")
        self.stop_paging(f"listing page {page} {why}", url)
        logger.error("Listing page %s %s: not read", url, why)

    def stop_paging(self, why: str, url: str) -> None:
        self.paging_end = why
        logger.info("Stopped paging at %s: %s", url, why)

    def listing_error(self, failure):
        self.listing_failed = True
        self.crawler.stats.inc_value("vkscrawl/listing_errors")
        self.stop_paging(f"listing page failed: {describe(failure)}", failure.request.url)
        logger.error("Listing page %s failed: %s", failure.request.url, describe(failure))

    # --- articles -----------------------------------------------------------------------------

    def parse_article(self, response, article_id: int):
        stats = self.crawler.stats
        if response.status == NOT_MODIFIED:
            stats.inc_value("vkscrawl/articles_not_modified")
            logger.debug("Article %s not modified since the last fetch", article_id)
            return
        if response.status in GONE:
            OutputFolder.of(self.crawler).state.record(article_id, "gone", url=response.url)
            stats.inc_value("vkscrawl/articles_gone")
            logger.warning("Article %s is gone (HTTP %d): %s", article_id, response.status,
                           response.url)
            return
        if not is_html(response):
            stats.inc_value("vkscrawl/articles_not_html")
            logger.warning("Article %s is not HTML (%s): %s", article_id,
                           response.headers.get("Content-Type", b"?").decode("latin-1"),
                           response.url)
            return
        if not parsing.page_complete(response.body):
            retry = self.retry_cut_short(response)
            if retry is not None:
                yield retry
                return
            stats.inc_value("vkscrawl/article_errors")
            stats.inc_value("vkscrawl/article_errors/cut_short")
            logger.error("Article %s is empty or cut short (no </html>): no item from %s",
                         article_id, response.url)
            return
        parsed = parsing.parse_article(response.body, response.url,
                                       response.headers.get("Content-Type", b"").decode("latin-1"))
        stats.inc_value("vkscrawl/articles_parsed")
        published = parsed.item.get("published") or ""
        if self.args.since and published and published[:10] < self.args.since.isoformat():
            # Its teaser's date was missing or unreadable, so the listing could not skip it.
            stats.inc_value("vkscrawl/articles_before_since")
            logger.info("Article %s was published %s, before since=%s: skipped", article_id,
                        published[:10], self.args.since.isoformat())
            return
        for field, layer in parsed.layers.items():
            stats.inc_value(f"vkscrawl/layer/{field}/{layer}")
        fallback = {f: layer for f, layer in parsed.layers.items()
                     if layer != "portal" and f in CORE_FIELDS}
        if fallback:
            logger.info("Article %s: fields served by fallback layers: %s", article_id,
                        ", ".join(f"{f}={layer}" for f, layer in sorted(fallback.items())))
        item = dict(parsed.item)
        # The snapshot's WARC-Date when there is one, so a rebuild from the WARC gives the same item.
        item["fetched_at"] = (response.meta.get("vkscrawl_fetched_at")
                              or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"))
        item["snapshot"] = response.meta.get("vkscrawl_snapshot")
        yield item

    def article_error(self, failure):
        if failure.check(IgnoreRequest) and not failure.check(HttpError) and \
                failure.getErrorMessage().startswith(BY_POLICY):
            # Not a failure of the portal: robots.txt forbids the page, or it redirected off the
            # start host. Counted and said, but it must not fail the run.
            self.crawler.stats.inc_value("vkscrawl/articles_ignored")
            logger.warning("Article %s not fetched: %s", failure.request.url,
                           failure.getErrorMessage())
            return
        self.crawler.stats.inc_value("vkscrawl/article_errors")
        if failure.check(HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"vkscrawl/article_errors/http_{status}")
        logger.error("Article %s failed: %s", failure.request.url, describe(failure))

    def request_dropped(self, request, spider=None):
        """A redirect back to a URL this run already requested (A -> B -> A): the scheduler
        drops it as a duplicate, which would lose the article without a word."""
        article_id = request.meta.get("vkscrawl_article_id")
        if article_id is None or not request.meta.get("redirect_urls"):
            return
        self.crawler.stats.inc_value("vkscrawl/article_errors")
        self.crawler.stats.inc_value("vkscrawl/article_errors/redirect_loop")
        logger.error("Article %s failed: redirect loop %s", article_id,
                     " -> ".join([*request.meta["redirect_urls"], request.url]))

    # --- end of run ---------------------------------------------------------------------------

    def closed(self, reason: str):
        state = OutputFolder.of(self.crawler).state
        if reason == "finished" and self.paging_end in NATURAL_ENDS and not self.listing_failed:
            marked = state.mark_all_covered()
            logger.info("Run complete (%s): %d article(s) now covered for later runs",
                        self.paging_end, marked)
        else:
            logger.info("Run not complete (%s; paging: %s): later runs will walk past what this "
                        "one saw", reason, self.paging_end)


def is_html(response) -> bool:
    """Whether the parsers can read the response: text, and HTML when its type is declared."""
    return isinstance(response, TextResponse) and parsing.declares_html(
        response.headers.get("Content-Type", b"").decode("latin-1"))


def describe(failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"

