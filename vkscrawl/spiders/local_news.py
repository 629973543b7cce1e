"""The spider: walks the category listing, asks the ledger what to fetch, hands responses on.

A run first re-queues, by URL, the articles the ledger holds as pending or as failed and due again
(no listing walk is needed to reach them). Then it walks the listing newest first, registering
every article each page names in the ledger, and stops at verified ground: the end of the listing,
or a page whose articles an earlier complete walk anchored (``ledger.state``). ``max_pages``,
``since``, an unreadable page and a kill stop it anywhere else, and then nothing is anchored, so the
next run walks on past that point. Articles are fetched when new, pending or due, or published in
the last ``VKSCRAWL_REFETCH_DAYS`` days (conditionally, to catch edits), or all of them with
``full=1``.

What a response means and what it leaves in the ledger and the feed is
``ledger.response_to_item`` (shared with ``vkscrawl reparse``); parsing is ``vkscrawl.parsing``.
"""

from __future__ import annotations

import logging
import os
import secrets
from datetime import datetime, timedelta, timezone
from urllib.parse import urlsplit, urlunsplit

import scrapy
from scrapy import signals
from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest
from scrapy.http import TextResponse
from scrapy.spidermiddlewares.httperror import HttpError

from vkscrawl import __version__, parsing
from vkscrawl.args import CrawlArgs
from vkscrawl.items import CORE_FIELDS
from vkscrawl.ledger import response_to_item as path
from vkscrawl.ledger.output import OutputFolder
from vkscrawl.ledger.feed import scan_feed
from vkscrawl.ledger.state import IMAGES_BACKFILL_KEY, SETTLED
from vkscrawl.parsing.dates import VN_TZ
from vkscrawl.parsing.listing import page_number

logger = logging.getLogger(__name__)

#: Hosts of the live portal: absolute links to them are followed on the start URL's host, so a
#: mirror that kept the portal's absolute links is crawled as itself, never the live site.
PORTAL_HOSTS = ("vksndtc.gov.vn", "www.vksndtc.gov.vn")
#: The contact in the User-Agent when the operator gives none (VKSCRAWL_CONTACT).
DEFAULT_CONTACT = "https://github.com/vkscrawl/vkscrawl"
#: Messages of the IgnoreRequest that our own policy raises (robots.txt, same-host rule).
BY_POLICY = ("Forbidden by robots.txt", "Filtered offsite request")
#: Priorities: listing pages before articles (new articles are found first), earlier pages
#: first; re-queued articles after the articles of the first page.
REQUEUE_PRIORITY = -1500
#: Images (page requisites) after every listing page and article.
IMAGE_PRIORITY = -10 ** 6

# Why paging stopped. NATURAL_ENDS reach verified ground: what the walk saw is anchored.
END_OF_LISTING, COVERED, PAST_THE_END = ("end of listing", "reached anchored pages",
                                         "empty page past the end")
LOOP, MAX_PAGES, SINCE = "listing loop", "max_pages reached", "since reached"
NATURAL_ENDS = (END_OF_LISTING, COVERED, PAST_THE_END, LOOP)


def new_run_id() -> str:
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ-") + secrets.token_hex(3)


#: What a run knows of its own walk: kept in ``spider.state`` (Scrapy's SpiderState, with JOBDIR)
#: when the run is paused, so the resumed run is the same run (same id, same walk so far).
WALK_FIELDS = ("run_id", "listing_seen", "teasers_seen", "articles_scheduled", "paging_end",
               "frontier", "listing_failed", "listing_pages")


class LocalNewsSpider(scrapy.Spider):
    name = "local_news"

    @classmethod
    def update_settings(cls, settings):
        """The User-Agent names the contact as it is when the crawl starts: VKSCRAWL_CONTACT from
        ``-s`` (or the project's settings), else from the environment, else a placeholder that
        logs a WARNING. A USER_AGENT the operator sets wins."""
        super().update_settings(settings)
        contact = (settings.get("VKSCRAWL_CONTACT") or os.environ.get("VKSCRAWL_CONTACT")
                   or DEFAULT_CONTACT)
        settings.set("VKSCRAWL_CONTACT", contact, priority="spider")
        settings.set("USER_AGENT", f"vkscrawl/{__version__} (+{contact})", priority="spider")

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
        spider.refetch_days = crawler.settings.getint("VKSCRAWL_REFETCH_DAYS", 2)
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        if crawler.settings.get("VKSCRAWL_CONTACT") == DEFAULT_CONTACT:
            logger.warning("VKSCRAWL_CONTACT is the placeholder %s: set it to your own contact "
                           "(-s VKSCRAWL_CONTACT=mailto:you@example.org, or in the environment) "
                           "so the portal's operators can reach you", DEFAULT_CONTACT)
        return spider

    @property
    def output(self) -> OutputFolder:
        return OutputFolder.of(self.crawler)

    # --- walking ----------------------------------------------------------------------------

    async def start(self):
        walk = getattr(self, "state", {}).get("walk")
        if walk:
            for name in WALK_FIELDS:
                setattr(self, name, walk[name])
            self.crawler.stats.set_value("vkscrawl/listing_pages_before_pause",
                                         self.listing_pages)
            logger.info("Run %s resumed from its JOBDIR (%d listing page(s) read before the "
                        "pause)", self.run_id, self.listing_pages)
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
        for request in self.requeued():
            yield request
        for request in self.images_requeued():
            yield request

    def requeued(self) -> list[scrapy.Request]:
        """Pending articles and failed ones whose next attempt has come, by URL."""
        requests = []
        since = self.args.since.isoformat() if self.args.since else None
        for row in self.output.ledger.due():
            if since and row["listed_date"] and row["listed_date"] < since:
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
                           self.output.ledger.max_attempts,
                           ", ".join(str(row["article_id"]) for row in given_up[:20]))
        if requests:
            logger.info("Re-queued %d pending or failed article(s) from the ledger", len(requests))
        return requests

    def images_requeued(self) -> list[scrapy.Request]:
        """Images registered by earlier runs and not archived yet: pending ones (a run that
        ended before fetching them) and failed ones whose next attempt has come."""
        from vkscrawl.scrapy_ext.pipelines import archiving_images

        if not archiving_images(self.crawler.settings):
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
        the write stage registers them (on this run's host; other sites' counted, not fetched),
        and fetched with the other pending images. Once: the flag is cleared in the same commit."""
        ledger = self.output.ledger
        registered = 0
        for article_id, last in scan_feed(self.output.feed_path).last.items():
            registered += len(ledger.add_images(article_id, self.images_on_host(last.images),
                                                commit=False))
        ledger.set_meta(IMAGES_BACKFILL_KEY, "done")  # commits the registrations with it
        logger.info("State converted from a layout without images: registered %d image(s) of the "
                    "articles already in the feed, to be archived by this run", registered)

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

    def parse_listing(self, response, page: int):
        stats = self.crawler.stats
        if not is_html(response):
            self.listing_unreadable(page, response.url, "is not HTML")
            return
        if not parsing.page_complete(response.body):
            retry = get_retry_request(response.request, spider=self, reason="page cut short")
            if retry is not None:
                yield retry
                return
            self.listing_unreadable(page, response.url, "is empty or cut short (no </html>)")
            return
        try:
            listing = parsing.parse_listing(response.body, response.url,
                                            response.headers.get("Content-Type", b"")
                                            .decode("latin-1"))
        except Exception:  # noqa: BLE001 - a parser bug: loud, never an empty page
            logger.exception("Listing page %s: the listing parser failed", response.url)
            self.listing_unreadable(page, response.url, "could not be parsed (parser error)")
            return
        stats.inc_value("vkscrawl/listing_pages")
        self.listing_pages += 1
        stats.inc_value(f"vkscrawl/layer/listing/{listing.layer}")
        stats.inc_value("vkscrawl/teasers", len(listing.teasers))
        if not listing.teasers:
            if listing.past_the_end():
                self.frontier = response.url
                self.stop_paging(PAST_THE_END, response.url)
            else:
                # A maintenance notice, an error page answered 200, a layout we cannot read: it
                # is not the end of the listing unless the page says so.
                self.listing_unreadable(page, response.url, "lists no article and its pagination "
                                                            "does not say the listing ended")
            return
        ledger = self.output.ledger
        fresh_since = (datetime.now(VN_TZ).date() - timedelta(days=self.refetch_days)).isoformat()
        since = self.args.since.isoformat() if self.args.since else None
        anchored = older = requested = 0
        ids = {teaser.article_id for teaser in listing.teasers if teaser.article_id is not None}
        repeats_itself = bool(ids) and ids <= self.teasers_seen
        self.teasers_seen |= ids
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
            if before and before["state"] == "failed" and not self.args.full and \
                    (before["next_attempt"] is None
                     or before["next_attempt"] > datetime.now(timezone.utc)
                     .strftime("%Y-%m-%dT%H:%M:%SZ")):
                stats.inc_value("vkscrawl/articles_backing_off")
                continue
            requested += 1
            yield self.article_request(url, teaser.article_id, -page * 1000 - index)
        ledger.commit()
        self.frontier = response.url
        logger.info("Listing page %d: %d teasers, %d requested, %d anchored by an earlier walk, "
                    "%d older than since", page, len(listing.teasers), requested, anchored, older)

        next_url = self.on_host(listing.next_url) if listing.next_url else None
        next_number = page_number(listing.next_url)
        if older:
            self.stop_paging(SINCE, response.url)
        elif not self.args.full and anchored == len(listing.teasers):
            self.stop_paging(COVERED, response.url)
        elif self.args.max_pages and page >= self.args.max_pages:
            self.stop_paging(MAX_PAGES, response.url)
        elif listing.next_url is None:
            if listing.later_pages():
                # No next link, yet the pagination names later pages: a next link we cannot
                # read is not the end of the listing.
                self.listing_unreadable(page, response.url, "has no next link we can read, but "
                                        f"its pagination names page {listing.later_pages()[0]}")
            else:
                self.stop_paging(END_OF_LISTING, response.url)
        elif next_url is None:
            self.listing_unreadable(page, response.url, f"links its next page off the start "
                                                        f"URL's host ({listing.next_url})")
        elif next_url in self.listing_seen or repeats_itself or (
                next_number is not None and next_number <= listing.page):
            # The next link leads back, or the page lists only articles earlier pages listed
            # (page numbers past the end answering the last page): the end, if the page's own
            # pagination says so.
            if listing.at_the_end():
                self.stop_paging(LOOP, response.url)
            else:
                self.listing_unreadable(page, response.url, f"leads back to a page already read "
                                        f"({listing.next_url}) before the end its pagination "
                                        f"names")
        elif next_number is not None and next_number > listing.page + 1 and \
                listing.page + 1 in listing.pagination:
            self.listing_unreadable(page, response.url, f"links its next page to page "
                                    f"{next_number}, skipping page {listing.page + 1}")
        else:
            yield self.listing_request(next_url, page + 1)

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
        stats = self.crawler.stats
        outcomes = self.output.outcomes
        stored = path.StoredResponse(
            url=response.url, status=response.status,
            content_type=response.headers.get("Content-Type", b"").decode("latin-1"),
            body=response.body, is_text=isinstance(response, TextResponse),
            # The snapshot's WARC-Date when there is one, so a rebuild gives the same item.
            fetched_at=(response.meta.get("vkscrawl_fetched_at")
                        or datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")),
            snapshot=response.meta.get("vkscrawl_snapshot"))
        reading = path.read_article(stored)
        if reading.verdict == path.UNCHANGED:
            if outcomes.not_modified(article_id):
                logger.debug("Article %s not modified since the last fetch", article_id)
            else:
                logger.error("Article %s failed: HTTP 304 although the feed holds no item for it "
                             "(%s)", article_id, response.url)
            return
        if reading.verdict == path.GONE:
            marker = outcomes.gone(article_id, stored)
            logger.warning("Article %s is gone (HTTP %d): %s%s", article_id, response.status,
                           response.url, "; deletion marker written" if marker else "")
            return
        if reading.verdict == path.CUT_SHORT:
            retry = get_retry_request(response.request, spider=self, reason="page cut short")
            if retry is not None:
                yield retry
                return
            stats.inc_value("vkscrawl/article_errors/cut_short")
        if reading.verdict != path.ITEM:
            self.article_failed(article_id, response.url, reading.reason)
            return
        item = reading.item
        published = item.get("published") or ""
        if self.args.since and published and published[:10] < self.args.since.isoformat():
            # Its teaser's date was missing or unreadable, so the listing could not skip it.
            stats.inc_value("vkscrawl/articles_before_since")
            self.output.ledger.pending(article_id, f"published {published[:10]}, before the "
                                                   f"since= of an earlier run")
            self.output.ledger.commit()
            logger.info("Article %s was published %s, before since=%s: skipped", article_id,
                        published[:10], self.args.since.isoformat())
            return
        stats.inc_value("vkscrawl/articles_parsed")
        for field, layer in reading.layers.items():
            stats.inc_value(f"vkscrawl/layer/{field}/{layer}")
        fallback = {f: layer for f, layer in reading.layers.items()
                    if layer != "portal" and f in CORE_FIELDS}
        if fallback:
            logger.info("Article %s: fields served by fallback layers: %s", article_id,
                        ", ".join(f"{f}={layer}" for f, layer in sorted(fallback.items())))
        if item.get("article_id") not in (None, article_id):
            # The listing named another number for this page (its canonical URL names its own):
            # the item is written under the page's number, and the listed one is that article.
            self.output.ledger.duplicate(article_id, item["article_id"], item["content_hash"])
            logger.info("Article %s is article %s (its page's canonical URL)", article_id,
                        item["article_id"])
        yield item

    def article_failed(self, article_id: int, url: str, reason: str) -> None:
        row = self.output.outcomes.failed(article_id, reason, url=url)
        logger.error("Article %s failed: %s (%s; %s)", article_id, reason.splitlines()[0], url,
                     next_attempt_note(row))
        if "\n" in reason:
            logger.error("Article %s: %s", article_id, reason.split("\n", 1)[1].rstrip())

    def article_error(self, failure):
        article_id = failure.request.meta.get("vkscrawl_article_id")
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

    # --- images (page requisites, see scrapy_ext.pipelines.PageRequisitesPipeline) ---------------

    def image_request(self, url: str, ledger_url: str | None = None) -> scrapy.Request:
        """``ledger_url``: the image's key in the ledger when it differs from the URL fetched
        (registered by an earlier run on another start host)."""
        # No retries within the run: Scrapy logs a retry given up as an ERROR, and an image is
        # never worth failing a run; the ledger retries it in later runs instead.
        self.crawler.stats.inc_value("vkscrawl/images/requested")
        return scrapy.Request(url, callback=self.image_fetched, errback=self.image_error,
                              priority=IMAGE_PRIORITY,
                              meta={"vkscrawl_image": ledger_url or url, "dont_retry": True,
                                    "handle_httpstatus_list": list(path.GONE_STATUSES)})

    def image_fetched(self, response):
        url = response.meta["vkscrawl_image"]
        ledger = self.output.ledger
        if response.status in path.GONE_STATUSES:
            self.crawler.stats.inc_value("vkscrawl/images/gone")
            ledger.image_settled(url, "gone", f"HTTP {response.status}", status=response.status)
            logger.warning("Image %s is gone (HTTP %d)", url, response.status)
            return
        ledger.image_archived(url, response.status, response.meta.get("vkscrawl_snapshot"))
        self.crawler.stats.inc_value("vkscrawl/images/archived")

    def image_error(self, failure):
        url = failure.request.meta["vkscrawl_image"]
        ledger = self.output.ledger
        reason = describe(failure)
        if by_policy(failure):
            self.crawler.stats.inc_value("vkscrawl/images/ignored")
            ledger.image_settled(url, "out_of_scope", failure.getErrorMessage())
            logger.warning("Image %s not fetched: %s", url, failure.getErrorMessage())
            return
        status = failure.value.response.status if failure.check(HttpError) else None
        row = ledger.image_failed(url, reason, status=status)
        self.crawler.stats.inc_value("vkscrawl/images/failed")
        logger.warning("Image %s failed: %s (%s)", url, reason, next_attempt_note(row))

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
        if reason == "finished" and self.paging_end in NATURAL_ENDS and not self.listing_failed:
            anchored = ledger.anchor_run(self.run_id)
            ledger.set_meta("last_walk_complete", "1")
            logger.info("Walk complete (%s): %d article(s) newly anchored for later runs",
                        self.paging_end, anchored)
        else:
            ledger.set_meta("last_walk_complete", "0")
            logger.info("Walk not complete (%s; paging: %s): the next run walks on past %s",
                        reason, self.paging_end, self.frontier or "the first page")


def is_html(response) -> bool:
    """Whether the parsers can read the response: text, and HTML when its type is declared."""
    return isinstance(response, TextResponse) and parsing.declares_html(
        response.headers.get("Content-Type", b"").decode("latin-1"))


def by_policy(failure) -> bool:
    """Whether a request was refused by our own policy (robots.txt, the same-host rule) rather
    than failed by the portal."""
    return bool(failure.check(IgnoreRequest) and not failure.check(HttpError)
                and failure.getErrorMessage().startswith(BY_POLICY))


def next_attempt_note(row: dict) -> str:
    """When the ledger tries a failed article or image again."""
    return (f"tried again from {row['next_attempt']}" if row["next_attempt"]
            else f"given up after {row['attempts']} attempts")


def describe(failure) -> str:
    if failure.check(HttpError):
        return f"HTTP {failure.value.response.status}"
    return f"{failure.type.__name__}: {failure.getErrorMessage()}"
