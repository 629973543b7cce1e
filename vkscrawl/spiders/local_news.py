"""The spider: walks the category listing, asks the ledger what to fetch, hands responses on.

A run first re-queues, by URL, the articles the ledger holds as pending or as failed and due again
(no listing walk is needed to reach them). Then it walks the listing newest first, registering
every article each page names in the ledger, and stops at verified ground: the end of the listing,
or a page whose articles an earlier complete walk anchored (``ledger.state``). ``max_pages``,
``since``, an unreadable page and a kill stop it anywhere else, and then nothing is anchored, so the
next run walks on past that point (where to stop: ``spiders.paging``). Articles are fetched when
new, pending or due, or published in the last ``VKSCRAWL_REFETCH_DAYS`` days (conditionally, to
catch edits), or all of them with ``full=1``.

What an article response means and what it leaves in the ledger and the feed is the one
dispatcher, ``dispatch.response_to_item`` (shared with ``vkscrawl reparse``, the start-up rebuild
and ``vkscrawl fixture``); parsing is ``vkscrawl.parsing``; the images of written articles are
``spiders.requisites``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta, timezone
from functools import cached_property
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.spidermiddlewares.httperror import HttpError

from vkscrawl import parsing
from vkscrawl.args import CrawlArgs
from vkscrawl.config import Config
from vkscrawl.dispatch import response_to_item as path
from vkscrawl.dispatch.response import stored_response
from vkscrawl.items import CORE_FIELDS
from vkscrawl.ledger.runs import new_run_id
from vkscrawl.ledger.state import FAILED, SETTLED
from vkscrawl.parsing.dates import VN_TZ
from vkscrawl.scrapy_ext.output import config_of, output_of
from vkscrawl.scrapy_ext.snapshots import FETCHED_AT_KEY, META_KEY
from vkscrawl.spiders import paging
from vkscrawl.spiders.failures import by_policy, describe, next_attempt_note
from vkscrawl.spiders.progress import Progress
from vkscrawl.spiders.requisites import PageRequisites

logger = logging.getLogger(__name__)

#: Hosts of the live portal: absolute links to them are followed on the start URL's host, so a
#: mirror that kept the portal's absolute links is crawled as itself, never the live site.
PORTAL_HOSTS = ("vksndtc.gov.vn", "www.vksndtc.gov.vn")
#: Priorities: listing pages before articles (new articles are found first), earlier pages
#: first; re-queued articles after the articles of the first page.
REQUEUE_PRIORITY = -1500

#: What a run knows of its own walk: kept in ``spider.state`` (Scrapy's SpiderState, with JOBDIR)
#: when the run is paused, so the resumed run is the same run (same id, same walk so far).
WALK_FIELDS = ("run_id", "listing_seen", "teasers_seen", "articles_scheduled", "paging_end",
               "frontier", "listing_failed", "listing_pages")


class LocalNewsSpider(PageRequisites, scrapy.Spider):
    name = "local_news"

    @classmethod
    def update_settings(cls, settings):
        """The User-Agent names the contact as it is when the crawl starts (``Config.contact``:
        VKSCRAWL_CONTACT from ``-s`` or the project's settings, else from the environment, else a
        placeholder that logs a WARNING). A USER_AGENT the operator sets wins."""
        super().update_settings(settings)
        settings.set("USER_AGENT", Config.from_settings(settings).user_agent, priority="spider")

    def __init__(self, *args, **kwargs):
        self.args = CrawlArgs.parse(kwargs)
        super().__init__(*args)
        start = urlsplit(self.args.start_url)
        self.start_url = self.args.start_url
        self.origin = (start.scheme, start.netloc)
        self.allowed_domains = [start.hostname]
        self.run_id = kwargs.get("_job") or new_run_id()
        self.started_at = datetime.now(timezone.utc)
        self.listing_seen: set[str] = set()
        #: Article numbers of every teaser of every listing page read this run.
        self.teasers_seen: set[int] = set()
        self.articles_scheduled: set[int] = set()
        self.paging_end: str | None = None
        self.frontier: str | None = None
        self.listing_failed = False
        #: Listing pages read by this run, before a pause included.
        self.listing_pages = 0

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        crawler.signals.connect(spider.item_written, signal=signals.item_scraped)
        return spider

    @property
    def config(self) -> Config:
        return config_of(self.crawler)

    @property
    def output(self):
        return output_of(self.crawler)

    @cached_property
    def progress(self) -> Progress:
        return Progress(self.crawler.stats)

    # --- walking ----------------------------------------------------------------------------

    async def start(self):
        resumed = self.resume_walk()
        self.say_settings()
        logger.info("Run %s: crawling %s (max_pages=%s, since=%s, full=%s)", self.run_id,
                    self.start_url, self.args.max_pages, self.args.since, self.args.full)
        ledger = self.output.ledger
        self.output.open()  # idempotent: the ledger agrees with the feed before any request
        if self.args.full:
            retried = ledger.retry_given_up()
            if retried:
                logger.info("full=1: %d given-up article(s) get one more attempt", retried)
            retried = ledger.retry_given_up_images()
            if retried:
                logger.info("full=1: %d given-up image(s) get one more attempt", retried)
        yield self.listing_request(self.start_url, page=1)
        for request in self.requeued(resumed):
            yield request
        for request in self.images_requeued():
            yield request

    def resume_walk(self) -> bool:
        """A run resumed from its JOBDIR takes back its walk; returns whether it did."""
        walk = getattr(self, "state", {}).get("walk")
        if not walk:
            return False
        for name in WALK_FIELDS:
            setattr(self, name, walk[name])
        self.crawler.stats.set_value("vkscrawl/listing_pages_before_pause", self.listing_pages)
        logger.info("Run %s resumed from its JOBDIR (%d listing page(s) read before the pause)",
                    self.run_id, self.listing_pages)
        return True

    def say_settings(self) -> None:
        """What the operator should know of this run's settings, once, as it starts."""
        config = self.config
        if config.contact_is_placeholder:
            logger.warning("VKSCRAWL_CONTACT is the placeholder %s: set it to your own contact "
                           "(-s VKSCRAWL_CONTACT=mailto:you@example.org, or in the environment) "
                           "so the portal's operators can reach you", config.contact)
        if not config.snapshots:
            logger.info("Snapshots off (VKSCRAWL_SNAPSHOTS_ENABLED): no WARC file is written, and "
                        "no image archived")
        elif not config.archive_images:
            logger.info("Images not archived (VKSCRAWL_ARCHIVE_IMAGES is off)")

    def requeued(self, resumed: bool = False) -> list[scrapy.Request]:
        """Pending articles and failed ones whose next attempt has come, by URL. A resumed run
        leaves out the pending ones its paused part already requested: their requests wait in
        the JOBDIR's queue (the ones in flight at the pause were answered before it)."""
        requests = []
        since = self.args.since.isoformat() if self.args.since else None
        for row in self.output.ledger.due():
            if since and row["listed_date"] and row["listed_date"] < since:
                continue
            if resumed and row["state"] != FAILED and row["article_id"] in self.articles_scheduled:
                continue
            self.crawler.stats.inc_value("vkscrawl/articles_requeued")
            # Past the duplicate filter: the ledger chose it, and a run resumed from its JOBDIR
            # remembers having requested it (and failed) before the pause.
            requests.append(self.article_request(self.on_start_host(row["url"]),
                                                 row["article_id"], REQUEUE_PRIORITY,
                                                 dont_filter=True))
        given_up = self.output.ledger.given_up()
        if given_up:
            self.crawler.stats.set_value("vkscrawl/articles_given_up", len(given_up))
            logger.warning("%d article(s) given up after %d failed attempts (vkscrawl status "
                           "lists them; full=1 tries them once more): %s", len(given_up),
                           self.config.max_attempts,
                           ", ".join(str(row["article_id"]) for row in given_up[:20]))
        if requests:
            logger.info("Re-queued %d pending or failed article(s) from the ledger", len(requests))
        return requests

    def listing_request(self, url: str, page: int) -> scrapy.Request:
        """Through Scrapy's duplicate filter: a page is read once per run, also when a resumed
        or restarted run finds the request for it already queued in its JOBDIR."""
        self.listing_seen.add(url)
        return scrapy.Request(url, callback=self.parse_listing, errback=self.listing_error,
                              cb_kwargs={"page": page}, priority=-page * 1000 + 999)

    def article_request(self, url: str, article_id: int, priority: int,
                        dont_filter: bool = False) -> scrapy.Request:
        self.articles_scheduled.add(article_id)
        self.crawler.stats.inc_value("vkscrawl/articles_requested")
        return scrapy.Request(
            url, callback=self.parse_article, errback=self.article_error,
            cb_kwargs={"article_id": article_id},
            meta={"handle_httpstatus_list": [*path.GONE_STATUSES, path.NOT_MODIFIED],
                  "vkscrawl_article_id": article_id},
            priority=priority, dont_filter=dont_filter)

    def on_host(self, url: str | None) -> str | None:
        """The URL to fetch for a link: on the start URL's host, or None when it leads away."""
        if not url:
            return None
        parts = urlsplit(url)
        if (parts.scheme, parts.netloc) == self.origin or (
                parts.scheme in ("http", "https") and parts.hostname in PORTAL_HOSTS):
            return self.on_start_host(url)
        return None

    def on_start_host(self, url: str) -> str:
        """The same path and query on this run's start host. The ledger belongs to the output
        folder, not to one host: what an earlier run listed is fetched from this run's host (the
        portal or its mirror)."""
        parts = urlsplit(url)
        return urlunsplit((*self.origin, parts.path, parts.query, ""))

    def retry_cut_short(self, response) -> scrapy.Request | None:
        """Scrapy's retry of a page cut short in transit (RETRY_TIMES), or None when spent."""
        return get_retry_request(response.request, spider=self, reason="page cut short")

    def parse_listing(self, response, page: int):
        stats = self.crawler.stats
        stored = stored_of(response)
        if not (stored.is_text and parsing.declares_html(stored.content_type)):
            self.listing_unreadable(page, response.url, "is not HTML")
            return
        if not parsing.page_complete(stored.body):
            retry = self.retry_cut_short(response)
            if retry is not None:
                yield retry
                return
            self.listing_unreadable(page, response.url, "is empty or cut short (no </html>)")
            return
        try:
            listing = parsing.parse_listing(stored.body, stored.url, stored.content_type)
        except Exception:  # noqa: BLE001 - a parser bug: loud, never an empty page
            logger.exception("Listing page %s: the listing parser failed", response.url)
            self.listing_unreadable(page, response.url, "could not be parsed (parser error)")
            return
        stats.inc_value("vkscrawl/listing_pages")
        self.listing_pages += 1
        stats.inc_value(f"vkscrawl/layer/listing/{listing.layer}")
        stats.inc_value("vkscrawl/teasers", len(listing.teasers))
        if not listing.teasers:
            decision = paging.after_empty_page(listing)
        else:
            ids = {teaser.article_id for teaser in listing.teasers
                   if teaser.article_id is not None}
            repeats_itself = bool(ids) and ids <= self.teasers_seen
            self.teasers_seen |= ids
            anchored, older = yield from self.teasers(listing, page)
            self.frontier = response.url
            decision = paging.after_page(
                listing, page=page, next_url=self.on_host(listing.next_url),
                pages_read=self.listing_seen, repeats_itself=repeats_itself, older=older,
                anchored=anchored, full=self.args.full, max_pages=self.args.max_pages)
        if decision.unreadable:
            self.listing_unreadable(page, response.url, decision.why)
            return
        self.frontier = response.url
        if decision.stops:
            self.stop_paging(decision.why, response.url)
        else:
            yield self.listing_request(decision.next_url, page + 1)

    def teasers(self, listing, page: int):
        """Registers every teaser of a page in the ledger and yields the requests of the
        articles to fetch; returns (teasers anchored by an earlier walk, teasers older than
        ``since``)."""
        stats = self.crawler.stats
        ledger = self.output.ledger
        fresh_since = (datetime.now(VN_TZ).date()
                       - timedelta(days=self.config.refetch_days)).isoformat()
        since = self.args.since.isoformat() if self.args.since else None
        now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        anchored = older = requested = 0
        for index, teaser in enumerate(listing.teasers):
            url = self.on_host(teaser.url)
            if url is None or teaser.article_id is None:
                stats.inc_value("vkscrawl/teasers_off_host" if url is None
                                else "vkscrawl/teasers_without_id")
                continue
            if since and teaser.date and teaser.date < since:
                older += 1
                continue
            before, was_anchored = ledger.saw_on_listing(teaser.article_id, teaser.url,
                                                         teaser.date, self.run_id)
            anchored += was_anchored
            if teaser.article_id in self.articles_scheduled:
                stats.inc_value("vkscrawl/teasers_repeated")
                continue
            recent = bool(teaser.date and teaser.date >= fresh_since)
            if before and before["state"] in SETTLED and not self.args.full and not recent:
                stats.inc_value("vkscrawl/articles_known")
                continue
            if before and before["state"] == FAILED and not self.args.full and \
                    (before["next_attempt"] is None or before["next_attempt"] > now):
                stats.inc_value("vkscrawl/articles_backing_off")
                continue
            requested += 1
            yield self.article_request(url, teaser.article_id, -page * 1000 - index)
        ledger.commit()
        logger.info("Listing page %d: %d teasers, %d requested, %d anchored by an earlier walk, "
                    "%d older than since", page, len(listing.teasers), requested, anchored, older)
        return anchored, older

    def listing_unreadable(self, page: int, url: str, why: str) -> None:
        """A listing page answered but cannot be read: paging stops there, nothing is anchored,
        the run fails, and the next run walks on past this page."""
        self.listing_failed = True
        self.crawler.stats.inc_value("vkscrawl/listing_errors")
        self.stop_paging(f"listing page {page} {why}", url)
        logger.warning("Listing page %s %s: not taken for the end of the listing; the next run "
                       "walks on from here", url, why)

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
        retries: list[scrapy.Request] = []

        def retry() -> bool:
            request = self.retry_cut_short(response)
            if request is not None:
                retries.append(request)
            return request is not None

        outcome = path.dispatch(stored_of(response), self.output.outcomes, listed_id=article_id,
                                since=self.args.since, retry=retry, item_stages=False)
        self.say_outcome(outcome, response, article_id)
        if retries:
            yield retries[0]
            return
        self.progress.article_done()
        if outcome.item is not None:
            yield outcome.item

    def say_outcome(self, outcome: path.Outcome, response, listed_id: int) -> None:
        """The crawl's log line for what the dispatcher did with an article response."""
        article_id, reading = listed_id, outcome.reading
        if outcome.result == path.UNCHANGED:
            if outcome.settled:
                logger.debug("Article %s not modified since the last fetch", article_id)
            else:
                logger.error("Article %s failed: HTTP 304 although the feed holds no item for it "
                             "(%s)", article_id, response.url)
        elif outcome.result == path.GONE:
            # A take-down is the portal's news, not the crawl's trouble: the deletion marker and
            # the counts (runs.jsonl, vkscrawl status) keep it.
            logger.info("Article %s is gone (HTTP %d): %s%s", article_id, response.status,
                        response.url, "; deletion marker written" if outcome.settled else "")
        elif outcome.result == path.FAILED:
            self.article_failed_line(article_id, response.url, reading.reason, outcome.row)
        elif outcome.result == path.BEFORE_SINCE:
            logger.info("Article %s was published %s, before since=%s: skipped", article_id,
                        reading.item["published"][:10], self.args.since.isoformat())
        elif outcome.result == path.HANDED_ON:
            item = reading.item
            fallback = {f: layer for f, layer in (reading.layers or {}).items()
                        if layer != "portal" and f in CORE_FIELDS}
            if fallback:
                logger.info("Article %s: fields served by fallback layers: %s", article_id,
                            ", ".join(f"{f}={layer}" for f, layer in sorted(fallback.items())))
            if item.get("article_id") not in (None, listed_id):
                logger.info("Article %s is article %s (its page's canonical URL)", listed_id,
                            item["article_id"])

    def article_failed_line(self, article_id: int, url: str, reason: str, row: dict) -> None:
        # (A parser error's traceback is the dispatcher's line.)
        logger.error("Article %s failed: %s (%s; %s)", article_id, reason.splitlines()[0], url,
                     next_attempt_note(row))

    def article_failed(self, article_id: int, url: str, reason: str) -> None:
        row = self.output.outcomes.failed(article_id, reason, url=url)
        self.article_failed_line(article_id, url, reason, row)

    def article_error(self, failure):
        article_id = failure.request.meta.get("vkscrawl_article_id")
        self.progress.article_done()
        if by_policy(failure):
            # Not a failure of the portal: robots.txt forbids the page, or it redirected off the
            # start host. Not ours to fetch; counted and said, but it does not fail the run.
            self.crawler.stats.inc_value("vkscrawl/articles_ignored")
            if article_id is not None:
                self.output.ledger.out_of_scope(article_id, failure.getErrorMessage())
            logger.warning("Article %s not fetched: %s", failure.request.url,
                           failure.getErrorMessage())
            return
        if failure.check(HttpError):
            status = failure.value.response.status
            self.crawler.stats.inc_value(f"vkscrawl/article_errors/http_{status}")
        if article_id is not None:
            self.article_failed(article_id, failure.request.url, describe(failure))

    def request_dropped(self, request, spider=None):
        """A redirect back to a URL this run already requested (A -> B -> A): the scheduler
        drops it as a duplicate, which would lose the article without a word."""
        article_id = request.meta.get("vkscrawl_article_id")
        if article_id is None or not request.meta.get("redirect_urls"):
            return
        self.crawler.stats.inc_value("vkscrawl/article_errors/redirect_loop")
        self.article_failed(article_id, request.url, "redirect loop " + " -> ".join(
            [*request.meta["redirect_urls"], request.url]))

    # --- end of run ---------------------------------------------------------------------------

    def closed(self, reason: str):
        # Runs before Scrapy's SpiderState saves ``state`` to the JOBDIR: a paused run keeps its
        # walk for the resumed one; a finished run leaves nothing for the next.
        state = getattr(self, "state", None)
        if state is not None:
            state.clear()
            if reason != "finished":
                state["walk"] = {name: getattr(self, name) for name in WALK_FIELDS}
        ledger = self.output.ledger
        ledger.set_meta("last_walk_frontier", self.frontier, commit=False)
        ledger.set_meta("last_walk_end", self.paging_end, commit=False)
        if reason == "finished" and self.paging_end in paging.NATURAL_ENDS \
                and not self.listing_failed:
            anchored = ledger.anchor_run(self.run_id)
            ledger.set_meta("last_walk_complete", "1")
            logger.info("Walk complete (%s): %d article(s) newly anchored for later runs",
                        self.paging_end, anchored)
        else:
            ledger.set_meta("last_walk_complete", "0")
            logger.info("Walk not complete (%s; paging: %s): the next run walks on past %s",
                        reason, self.paging_end, self.frontier or "the first page")


def stored_of(response) -> path.StoredResponse:
    """Scrapy's response as the one path reads it. ``fetched_at``: the snapshot's WARC-Date when
    there is one, so a rebuild from the snapshot gives the same item."""
    return stored_response(
        response.url, response.status, response.headers, response.body,
        response.meta.get(FETCHED_AT_KEY)
        or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        response.meta.get(META_KEY))
