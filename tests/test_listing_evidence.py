"""What a listing page says about the end of the listing: the evidence the walk needs before it
takes a page for the end (tests/test_faults.py crawls the traps; these read the pages)."""

from __future__ import annotations

import pytest

from tests.support.crawl import FIXTURES
from vkscrawl.parsing import parse_listing

BASE = "http://127.0.0.1:8000/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"
LISTING = FIXTURES / "portal" / "listing"
MAINTENANCE = ("<!DOCTYPE html><html><head><title>Bảo trì</title></head><body><h1>Hệ thống đang "
               "bảo trì</h1><p>Xin vui lòng quay lại sau.</p></body></html>").encode()


@pytest.mark.parametrize("name, query, teasers, pagination, later, at_end, past_end", [
    ("page-1", "", 16, (1, 2, 3), [2, 3], False, False),
    ("page-2", "?Page=2", 6, (1, 2, 3), [3], False, False),
    ("page-3", "?Page=3", 5, (1, 2, 3), [], True, False),
    ("empty", "?Page=4", 0, (1, 2, 3), [], True, True),
])
def test_fixture_pages(name, query, teasers, pagination, later, at_end, past_end):
    listing = parse_listing((LISTING / f"{name}.html").read_bytes(), BASE + query)
    assert len(listing.teasers) == teasers
    assert listing.pagination == pagination
    assert listing.later_pages() == later
    assert listing.at_the_end() is at_end
    assert listing.past_the_end() is past_end


def test_teasers_in_page_order():
    listing = parse_listing((LISTING / "page-1.html").read_bytes(), BASE)
    assert [t.article_id for t in listing.teasers] == [
        13760, 13722, 13687, 13641, 13598, 13560, 13515, 13479, 13436, 13402,
        13388, 13305, 13161, 13047, 13044, 12987]


@pytest.mark.parametrize("query", ["", "?Page=2", "?Page=7"])
def test_a_maintenance_page_is_no_evidence_of_an_end(query):
    listing = parse_listing(MAINTENANCE, BASE + query)
    assert listing.teasers == [] and listing.pagination == ()
    assert not listing.past_the_end() and not listing.at_the_end()
