"""Where the walk of the listing goes after a page: on to the next page, or stop, and why.

A pure function of what the page says (``parsing.ParsedListing``) and what the walk knows (pages
read, teasers older than ``since``, teasers an earlier complete walk anchored), so that every rule
is tested by a table of cases. The spider only carries out the decision.

Stopping at verified ground (``NATURAL_ENDS``: the end of the listing, anchored pages, an empty
page past the end, a loop on the last page) lets the run anchor what it saw. A page that cannot
be read as the listing's continuation (``Decision.unreadable``) stops the walk *without* that: the
run fails, and the next run walks on past it. ``max_pages`` and ``since`` stop it where the
operator asked, anchoring nothing either.
"""

from __future__ import annotations

from dataclasses import dataclass

from vkscrawl.parsing import ParsedListing
from vkscrawl.parsing.listing import page_number

# Why paging stopped. NATURAL_ENDS reach verified ground: what the walk saw is anchored.
END_OF_LISTING, COVERED, PAST_THE_END = ("end of listing", "reached anchored pages",
                                         "empty page past the end")
LOOP, MAX_PAGES, SINCE = "listing loop", "max_pages reached", "since reached"
NATURAL_ENDS = (END_OF_LISTING, COVERED, PAST_THE_END, LOOP)


@dataclass(frozen=True)
class Decision:
    """``next_url`` set: read that page next. Otherwise the walk stops: ``why`` (one of the
    reasons above, or what makes the page unreadable when ``unreadable``)."""

    why: str = ""
    next_url: str | None = None
    unreadable: bool = False

    @property
    def stops(self) -> bool:
        return self.next_url is None


def follow(url: str) -> Decision:
    return Decision(next_url=url)


def stop(why: str) -> Decision:
    return Decision(why=why)


def unreadable(why: str) -> Decision:
    return Decision(why=why, unreadable=True)


def after_empty_page(listing: ParsedListing) -> Decision:
    """A page that lists no teaser: the end only when its pagination says the listing ended
    before it (a maintenance notice, an error page answered 200, a layout we cannot read is not
    the end)."""
    if listing.past_the_end():
        return stop(PAST_THE_END)
    return unreadable("lists no article and its pagination does not say the listing ended")


def after_page(listing: ParsedListing, *, page: int, next_url: str | None,
               pages_read: set[str] | frozenset[str], repeats_itself: bool, older: int,
               anchored: int, full: bool, max_pages: int | None) -> Decision:
    """The decision after a page of teasers.

    ``page``: the walk's count of this page (1 for the first); ``next_url``: the page's next link
    moved onto the start host (None when it has none or it leads off the host); ``pages_read``:
    the URLs of the listing pages this run requested; ``repeats_itself``: every article it lists
    was listed by a page read before; ``older``: its teasers older than ``since``; ``anchored``:
    its teasers anchored by an earlier complete walk.
    """
    if older:
        return stop(SINCE)
    if not full and anchored == len(listing.teasers):
        return stop(COVERED)
    if max_pages and page >= max_pages:
        return stop(MAX_PAGES)
    if listing.next_url is None:
        later = listing.later_pages()
        if later:
            # No next link, yet the pagination names later pages: a next link we cannot read is
            # not the end of the listing.
            return unreadable(f"has no next link we can read, but its pagination names page "
                              f"{later[0]}")
        return stop(END_OF_LISTING)
    if next_url is None:
        return unreadable(f"links its next page off the start URL's host ({listing.next_url})")
    next_number = page_number(listing.next_url)
    if next_url in pages_read or repeats_itself or (
            next_number is not None and next_number <= listing.page):
        # The next link leads back, or the page lists only articles earlier pages listed (page
        # numbers past the end answering the last page): the end, if the page's own pagination
        # says so.
        if listing.at_the_end():
            return stop(LOOP)
        return unreadable(f"leads back to a page already read ({listing.next_url}) before the "
                          f"end its pagination names")
    if next_number is not None and next_number > listing.page + 1 and \
            listing.page + 1 in listing.pagination:
        return unreadable(f"links its next page to page {next_number}, skipping page "
                          f"{listing.page + 1}")
    return follow(next_url)
