"""The one path from a stored response to its outcome, for the crawl, ``vkscrawl reparse``, the
start-up rebuild of missing feed lines and ``vkscrawl fixture``.

``read_article`` is the gate and the parser: what an article response is (not modified, gone, not
an HTML page, cut short, a page the parser failed on, or an item). ``dispatch`` is the one
dispatcher from that verdict to what it leaves behind, through ``ArticleOutcomes``: the stages an
item goes through (``validate`` -> ``dedupe`` -> ``write``, one job each), a failed attempt, a
deletion marker, an article skipped for ``since``, a listed number that is another article's. The
crawl runs the item stages as its Scrapy item pipelines (``scrapy_ext.pipelines``) and passes a
hook to retry a cut-short page within the run; the others run them here. The same bytes therefore
give the same item, the same verdict and the same bookkeeping whichever way they arrive.
"""

from __future__ import annotations

import logging
import traceback
from dataclasses import dataclass
from datetime import date
from typing import Callable

from vkscrawl import parsing
from vkscrawl.dispatch.response import StoredResponse
from vkscrawl.items import deletion_marker, item_check, item_validator
from vkscrawl.ledger.feed import FeedWriter
from vkscrawl.ledger.state import SETTLED, Ledger

logger = logging.getLogger(__name__)

NOT_MODIFIED = 304
GONE_STATUSES = (404, 410)

# Verdicts of read_article.
ITEM, UNCHANGED, GONE, NOT_HTML, CUT_SHORT, PARSER_ERROR, NOT_OK = (
    "item", "not_modified", "gone", "not_html", "cut_short", "parser_error", "not_ok")

# What dispatch did (Outcome.result), besides the item stages' "written", "duplicate", "rejected".
HANDED_ON, RETRIED, BEFORE_SINCE, FAILED, NO_ARTICLE = (
    "handed_on", "retried", "before_since", "failed", "no_article")


@dataclass
class Reading:
    verdict: str
    item: dict | None = None
    layers: dict | None = None
    reason: str = ""


def read_article(stored: StoredResponse, *, whole_page_required: bool = True) -> Reading:
    """Gate, then parse: never raises (a parser exception is the ``PARSER_ERROR`` verdict, with
    its traceback in ``reason``). ``whole_page_required=False`` reads a page without its closing
    tags too (a saved file, not a response cut short in transit)."""
    if stored.status == NOT_MODIFIED:
        return Reading(UNCHANGED, reason="not modified (HTTP 304)")
    if stored.status in GONE_STATUSES:
        return Reading(GONE, reason=f"HTTP {stored.status}")
    if stored.status != 200:
        return Reading(NOT_OK, reason=f"HTTP {stored.status}")
    if not (stored.is_text and parsing.declares_html(stored.content_type)):
        return Reading(NOT_HTML, reason=f"not HTML ({stored.content_type or 'no type'})")
    if whole_page_required and not parsing.page_complete(stored.body):
        return Reading(CUT_SHORT, reason="empty or cut short (no </html>)")
    try:
        parsed = parsing.parse_article(stored.body, stored.url, stored.content_type)
    except Exception as error:  # noqa: BLE001 - a parser bug is this page's failure, said loudly
        return Reading(PARSER_ERROR, reason=f"parser error: {type(error).__name__}: {error}\n"
                                            + traceback.format_exc())
    item = dict(parsed.item)
    item["fetched_at"] = stored.fetched_at
    item["snapshot"] = stored.snapshot
    return Reading(ITEM, item=item, layers=parsed.layers)


class Drop(Exception):
    """An item that must not be written; ``verdict`` is ``rejected`` or ``duplicate``."""

    def __init__(self, verdict: str, reason: str):
        super().__init__(reason)
        self.verdict = verdict
        self.reason = reason


def validation_problem(item: dict) -> tuple[str, list] | None:
    """Why the item must not be written (one line, and the schema errors), or None. The one
    schema validation of an item."""
    for field, missing in (("article_id", "no article id in the page's canonical or fetched URL"),
                           ("title", "no title"), ("published", "no publication date"),
                           ("body", "no body text")):
        if not item.get(field):
            return missing, []
    if item_check()(item):
        return None
    errors = sorted(item_validator().iter_errors(item), key=lambda e: list(e.absolute_path))
    if errors:
        where = "/".join(str(p) for p in errors[0].absolute_path) or "item"
        return f"schema: {where}: {errors[0].message}", errors
    return None


class ArticleOutcomes:
    """What each verdict does to the ledger and the feed (see the module's docstring).

    ``count(key, n=1)`` receives the counters under the crawl's stats keys (the crawl passes its
    stats' ``inc_value``; reparse keeps its own tally).
    """

    def __init__(self, ledger: Ledger, feed: FeedWriter,
                 count: Callable[..., None] = lambda key, n=1: None):
        self.ledger = ledger
        self.feed = feed
        self.count = count

    # --- the item stages ----------------------------------------------------------------------

    def validate(self, item: dict) -> dict:
        problem = validation_problem(item)
        if problem is None:
            return item
        reason, errors = problem
        self.count("vkscrawl/items_rejected")
        self.count(f"vkscrawl/items_rejected/{reason.split(':')[0]}")
        for error in errors:
            field = "/".join(str(p) for p in error.absolute_path) or "item"
            # What spidermon's Item Validation Monitor reads (the one validation feeds it).
            self.count("spidermon/validation/fields/errors")
            self.count(f"spidermon/validation/fields/errors/{error.validator}/{field}")
        if item.get("article_id"):
            self.ledger.failed(item["article_id"], f"rejected: {reason}", url=item.get("source_url"))
        raise Drop("rejected", f"article {item.get('article_id')} ({item.get('source_url')}) "
                               f"rejected: {reason}")

    def dedupe(self, item: dict) -> dict:
        article_id, digest = item["article_id"], item["content_hash"]
        known = self.ledger.article(article_id)
        # Whether the feed holds its item, not its state: a written article whose re-check
        # failed is ``failed``, and its unchanged content must not be written twice.
        in_feed = bool(known and known["in_feed"])
        if in_feed and known["content_hash"] == digest:
            self.count("vkscrawl/dedupe/duplicate")
            self.ledger.unchanged(article_id)
            raise Drop("duplicate", f"article {article_id} unchanged")
        owner = self.ledger.owner_of_hash(digest)
        if owner is not None and owner != article_id:
            self.count("vkscrawl/dedupe/duplicate")
            if not in_feed:
                self.ledger.duplicate(article_id, owner, digest)
            raise Drop("duplicate", f"article {article_id} has the same content as article {owner}")
        self.count("vkscrawl/dedupe/changed" if in_feed else "vkscrawl/dedupe/new")
        return item

    def write(self, item: dict) -> dict:
        self.feed.write_item(item)
        self.count("vkscrawl/items_written")
        return item

    def stages(self, item: dict) -> str:
        """validate -> dedupe -> write; returns ``written``, or the verdict of the drop."""
        try:
            self.write(self.dedupe(self.validate(item)))
        except Drop as drop:
            return drop.verdict
        return "written"

    # --- the other verdicts -------------------------------------------------------------------

    def not_modified(self, article_id: int) -> bool:
        """A 304: what the feed holds is still right. False (and a failed attempt) when the feed
        holds nothing for it: a 304 is only asked for articles already written (or settled as a
        duplicate). An article the feed holds is settled whatever its state (a 304 after a
        failed re-check)."""
        self.count("vkscrawl/articles_not_modified")
        known = self.ledger.article(article_id)
        if known and (known["in_feed"] or known["state"] in SETTLED):
            self.ledger.unchanged(article_id)
            return True
        self.failed(article_id, "HTTP 304 (not modified) although the feed holds no item for it")
        return False

    def gone(self, article_id: int, stored: StoredResponse) -> bool:
        """Returns whether a deletion marker was written (once: an article written earlier)."""
        self.count("vkscrawl/articles_gone")
        if not self.ledger.gone(article_id, stored.status, url=stored.url):
            return False
        known = self.ledger.article(article_id) or {}
        # The URL its item named, so a consumer finds the marker where it found the item.
        url = known.get("item_url") or known.get("url") or stored.url
        self.feed.write_deletion(deletion_marker(article_id, url, stored.status, stored.fetched_at))
        self.count("vkscrawl/deletions_written")
        return True

    def failed(self, article_id: int, reason: str, url: str | None = None) -> dict:
        self.count("vkscrawl/article_errors")
        return self.ledger.failed(article_id, reason.splitlines()[0], url=url)

    def before_since(self, article_id: int, published: str) -> None:
        """Published before this run's ``since``: left pending for a run without it."""
        self.count("vkscrawl/articles_before_since")
        self.ledger.pending(article_id, f"published {published[:10]}, before the since= of an "
                                        f"earlier run")
        self.ledger.commit()

    def listed_as_another(self, listed_id: int, item: dict) -> None:
        """The listing named another number for this page (its canonical URL names its own):
        the item goes on under the page's number, and the listed one is that article."""
        self.ledger.duplicate(listed_id, item["article_id"], item["content_hash"])


@dataclass
class Outcome:
    """What ``dispatch`` made of one response."""

    verdict: str                  # read_article's
    result: str                   # what was done: see the constants above and ArticleOutcomes
    article_id: int | None        # the article the response answered for
    reading: Reading
    #: ``not_modified``: whether the feed held the article; ``gone``: whether a deletion marker
    #: was written.
    settled: bool = False
    #: The ledger row after a failed attempt (when it is tried again).
    row: dict | None = None

    @property
    def item(self) -> dict | None:
        """The item to hand on (``HANDED_ON``)."""
        return self.reading.item if self.result == HANDED_ON else None


def dispatch(stored: StoredResponse, outcomes: ArticleOutcomes, *, listed_id: int | None = None,
             since: date | None = None, retry: Callable[[], bool] | None = None,
             item_stages: bool = True, reading: Reading | None = None,
             whole_page_required: bool = True) -> Outcome:
    """Read ``stored`` (or take its ``reading`` when the page was read elsewhere: ``reparse
    --jobs`` parses in worker processes) and apply the verdict.

    ``listed_id``: the article number the listing named for this page (None: the number in its
    URL). ``since``: an item published before it is not written and its article stays pending.
    ``retry``: called for a page cut short; True when it will be fetched again within the run
    (then nothing is recorded yet). ``item_stages=False``: an item is handed on (``HANDED_ON``,
    ``Outcome.item``) for the caller's own stages (the crawl's item pipelines) instead of going
    through ``ArticleOutcomes.stages`` here.
    """
    if reading is None:
        reading = read_article(stored, whole_page_required=whole_page_required)
    article_id = listed_id if listed_id is not None else parsing.article_id_from_url(stored.url)
    verdict = reading.verdict
    if verdict == ITEM:
        return _item(outcomes, reading, article_id, since, item_stages)
    if verdict == CUT_SHORT:
        if retry is not None and retry():
            return Outcome(verdict, RETRIED, article_id, reading)
        outcomes.count("vkscrawl/article_errors/cut_short")
    if verdict == PARSER_ERROR:
        logger.error("Article %s (%s): %s", article_id, stored.url, reading.reason)
    if article_id is None:
        return Outcome(verdict, NO_ARTICLE, None, reading)
    if verdict == UNCHANGED:
        return Outcome(verdict, verdict, article_id, reading,
                       settled=outcomes.not_modified(article_id))
    if verdict == GONE:
        return Outcome(verdict, verdict, article_id, reading,
                       settled=outcomes.gone(article_id, stored))
    return Outcome(verdict, FAILED, article_id, reading,
                   row=outcomes.failed(article_id, reading.reason, url=stored.url))


def _item(outcomes: ArticleOutcomes, reading: Reading, article_id: int | None,
          since: date | None, item_stages: bool) -> Outcome:
    item = reading.item
    published = item.get("published") or ""
    if since is not None and published and published[:10] < since.isoformat() and \
            article_id is not None:
        # Its teaser's date was missing or unreadable, so the listing could not skip it.
        outcomes.before_since(article_id, published)
        return Outcome(ITEM, BEFORE_SINCE, article_id, reading)
    outcomes.count("vkscrawl/articles_parsed")
    for field, layer in (reading.layers or {}).items():
        outcomes.count(f"vkscrawl/layer/{field}/{layer}")
    if article_id is not None and item.get("article_id") not in (None, article_id):
        outcomes.listed_as_another(article_id, item)
    if not item_stages:
        return Outcome(ITEM, HANDED_ON, item.get("article_id") or article_id, reading)
    return Outcome(ITEM, outcomes.stages(item), item.get("article_id") or article_id, reading)
