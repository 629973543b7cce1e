"""Where the walk of the listing goes after a page (``spiders.paging``), case by case: a table of
what a page says and what the walk knows, and the decision. Each rule of the chain has a case
that fails when the rule is removed, reordered or made always true; the last cases read the
offline portal's real listing pages through the real parser."""

from __future__ import annotations

import re

import pytest

from tests.support.crawl import FIXTURES
from vkscrawl.parsing import ParsedListing, Teaser, parse_listing
from vkscrawl.spiders.paging import (COVERED, END_OF_LISTING, LOOP, MAX_PAGES, PAST_THE_END,
                                     SINCE, after_empty_page, after_page)

ORIGIN = "http://127.0.0.1:8000"
LISTING = f"{ORIGIN}/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"


def page_url(n: int) -> str:
    return LISTING if n == 1 else f"{LISTING}?Page={n}"


def listing(page: int, next_page: int | str | None, pagination=(1, 2, 3, 4), teasers: int = 3):
    """Listing page ``page`` of a listing whose pagination names ``pagination``, its next link to
    page ``next_page`` (a number, a URL, or None)."""
    nxt = page_url(next_page) if isinstance(next_page, int) else next_page
    return ParsedListing([Teaser(f"{ORIGIN}/a-d8-t{page * 100 + i}.html", page * 100 + i, "t",
                                 "2025-01-01") for i in range(teasers)],
                         nxt, "portal", tuple(pagination), page)


def decide(page: ParsedListing, *, walk_page: int | None = None, read=(), next_on_host="same",
           repeats_itself=False, older=0, anchored=0, full=False, max_pages=None):
    """The decision with sensible defaults: pages 1..page-1 read before it."""
    pages_read = {page_url(n) for n in range(1, page.page + 1)} | set(read)
    next_url = page.next_url if next_on_host == "same" else next_on_host
    return after_page(page, page=walk_page or page.page, next_url=next_url,
                      pages_read=pages_read, repeats_itself=repeats_itself, older=older,
                      anchored=anchored, full=full, max_pages=max_pages)


# (case, the page, what the walk knows, expected: "next N" / a stop reason / "unreadable: words")
CASES = [
    ("next page", listing(2, 3), {}, "next 3"),
    ("teasers older than since stop it first", listing(2, 3), {"older": 1}, SINCE),
    ("since wins over anchored pages", listing(2, 3), {"older": 1, "anchored": 3}, SINCE),
    ("all anchored: verified ground", listing(2, 3), {"anchored": 3}, COVERED),
    ("some anchored: walk on", listing(2, 3), {"anchored": 2}, "next 3"),
    ("full=1 walks past anchored pages", listing(2, 3), {"anchored": 3, "full": True}, "next 3"),
    ("max_pages reached", listing(2, 3), {"max_pages": 2}, MAX_PAGES),
    ("max_pages not yet reached", listing(2, 3), {"max_pages": 3}, "next 3"),
    ("anchored before max_pages", listing(2, 3), {"anchored": 3, "max_pages": 2}, COVERED),
    ("last page, no next link", listing(4, None), {}, END_OF_LISTING),
    ("max_pages on the last page", listing(4, None), {"max_pages": 4}, MAX_PAGES),
    ("no next link although page 3 is named", listing(2, None), {},
     "unreadable: its pagination names page 3"),
    ("next link off the host", listing(2, "http://elsewhere.invalid/x?Page=3"),
     {"next_on_host": None}, "unreadable: off the start URL's host"),
    ("last page links back to the first: a loop at the end", listing(4, 1), {}, LOOP),
    ("a page links back BEFORE the last page", listing(2, 1), {},
     "unreadable: leads back to a page already read"),
    ("a page links to itself before the end", listing(2, page_url(2)), {},
     "unreadable: leads back"),
    ("a next link to a page read already (URL seen)", listing(3, 4),
     {"read": {page_url(4)}}, "unreadable: leads back"),
    ("page numbers past the end answer the last page", listing(6, 7, pagination=(1, 2, 3, 4)),
     {"repeats_itself": True, "walk_page": 5}, LOOP),
    ("a page repeating earlier teasers before the end", listing(3, 4),
     {"repeats_itself": True}, "unreadable: leads back"),
    ("a next link whose number goes backwards (a URL not read)",
     listing(3, f"{LISTING}?Page=2&sort=date", pagination=(1, 2, 3, 4, 5)), {},
     "unreadable: leads back"),
    ("a next link skipping a page the pagination names", listing(1, 3), {},
     "unreadable: skipping page 2"),
    ("a next link skipping far ahead", listing(1, 999999), {}, "unreadable: skipping page 2"),
    ("a skip on a short listing", listing(1, 999999, pagination=(1, 2)), {},
     "unreadable: skipping page 2"),
    ("a next link to this page's own number (a URL not read)",
     listing(3, f"{LISTING}?Page=3&sort=date", pagination=(1, 2, 3, 4, 5)), {},
     "unreadable: leads back"),
    ("a jump past pages the pagination does not name is followed", listing(4, 9,
                                                                          pagination=(1, 4)),
     {}, "next 9"),
]


@pytest.mark.parametrize("case, page, known, expected", CASES, ids=[c[0] for c in CASES])
def test_decision(case, page, known, expected):
    decision = decide(page, **known)
    if expected.startswith("next "):
        assert not decision.stops and decision.next_url == page_url(int(expected[5:])), decision
    elif expected.startswith("unreadable: "):
        assert decision.stops and decision.unreadable, decision
        assert expected[len("unreadable: "):] in decision.why, decision.why
    else:
        assert decision.stops and not decision.unreadable and decision.why == expected, decision


@pytest.mark.parametrize("pagination, page, expected", [
    ((1, 2, 3), 4, PAST_THE_END),        # the portal answers a page past the end, empty
    ((1, 2, 3), 3, "unreadable"),        # the last page, empty: not the end
    ((), 2, "unreadable"),               # a maintenance notice: no pagination at all
    ((1, 2, 3, 4, 5), 4, "unreadable"),  # an empty page before the end
])
def test_decision_after_an_empty_page(pagination, page, expected):
    decision = after_empty_page(ParsedListing([], None, "none", pagination, page))
    assert decision.stops
    if expected == "unreadable":
        assert decision.unreadable and "does not say the listing ended" in decision.why
    else:
        assert not decision.unreadable and decision.why == expected


# --- the portal's own pages, through the parser ---------------------------------------------------

def real_page(n: int, next_to: str | None = "keep") -> ParsedListing:
    """Listing page ``n`` of the offline portal as served at ``ORIGIN``, its next link changed
    to ``next_to`` (a path) when given."""
    html = (FIXTURES / "portal" / "listing" / f"page-{n}.html").read_text("utf-8")
    if next_to != "keep":
        html, count = re.subn(r'(<a[^>]*class="[^"]*next[^"]*"[^>]*href=")[^"]*(")',
                              lambda m: m.group(1) + next_to + m.group(2), html)
        if not count:
            html, count = re.subn(r'(<a[^>]*href=")[^"]*("[^>]*class="[^"]*next)',
                                  lambda m: m.group(1) + next_to + m.group(2), html)
        assert count, "no next link to change"
    return parse_listing(html.encode(), page_url(n), "text/html; charset=utf-8")


def test_the_portal_pages_walk_to_the_end():
    pages = sorted(int(p.stem.split("-")[1])
                   for p in (FIXTURES / "portal" / "listing").glob("page-*.html"))
    for n in pages[:-1]:
        assert decide(real_page(n)).next_url == page_url(n + 1)
    assert decide(real_page(pages[-1])).why == END_OF_LISTING


def test_a_real_page_linking_back_before_the_last_one_is_unreadable():
    page = real_page(2, next_to="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong")
    assert page.later_pages(), "page 2's pagination names later pages"
    decision = decide(page)
    assert decision.unreadable and "leads back" in decision.why
