"""The real spider over the offline portal on loopback HTTP: the feed, the stats, the exit status."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter

from urllib.parse import urlsplit

import pytest

from tests.support.crawl import ROOT, expected_items, run_crawl, with_origin
from vkscrawl.items import item_validator
from vkscrawl.offline.server import ServerThread

FETCH_FIELDS = ("source_url", "fetched_at", "snapshot")


@pytest.fixture(scope="module")
def first_crawl(healthy_crawl, portal):
    """One crawl of the bundled portal (the session's), shared by the tests that only read its
    results."""
    return healthy_crawl, portal.split("/tin-tuc/")[0]


def test_crawl_succeeds(first_crawl):
    result, _ = first_crawl
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Run succeeded" in result.stderr


def test_every_article_is_one_correct_item(first_crawl):
    result, origin = first_crawl
    feed = result.feed
    by_id = {item["article_id"]: item for item in feed}
    assert len(by_id) == len(feed), "an article was written twice"
    fixtures = expected_items()
    expected_ids = set()
    for name, fx in fixtures.items():
        meta, expected = fx["meta"], fx["expected"]
        if not meta.get("in_feed", True):
            assert meta["article_id"] not in by_id, f"{name} must not be in the feed"
            continue
        if meta.get("same_content_as"):
            pair = {meta["article_id"], meta["same_content_as"]}
            assert len(pair & set(by_id)) == 1, f"{name}: exactly one of {pair} in the feed"
            if meta["article_id"] not in by_id:
                continue
        expected_ids.add(meta["article_id"])
        item = by_id.get(meta["article_id"])
        assert item is not None, f"{name} ({meta['article_id']}) missing from the feed"
        want = with_origin(expected, origin)
        got = {k: v for k, v in item.items() if k not in FETCH_FIELDS}
        for field in want:
            assert got.get(field) == want[field], f"{name}: field {field}"
    assert set(by_id) == expected_ids, "the feed holds items that are not articles of the category"


def test_items_follow_the_schema_and_name_their_fetch(first_crawl):
    result, origin = first_crawl
    for item in result.feed:
        errors = [e.message for e in item_validator().iter_errors(item)]
        assert not errors, (item["article_id"], errors)
        assert item["source_url"].startswith(origin)
        assert item["fetched_at"].endswith("Z")


def test_feed_is_utf8_without_escapes(first_crawl):
    result, _ = first_crawl
    raw = (result.output / "local_news.jsonl").read_bytes()
    assert b"\\u" not in raw
    assert "Viện kiểm sát nhân dân tỉnh Gia Lai".encode() in raw
    assert raw.endswith(b"\n")


def test_every_request_stays_on_the_start_host(first_crawl):
    result, origin = first_crawl
    requested = result.requested()
    assert requested, "no request seen in the log"
    assert all(url.startswith(origin + "/") for url in requested), [
        u for u in requested if not u.startswith(origin + "/")]


def test_no_page_fetched_twice_and_sidebars_not_followed(first_crawl):
    result, _ = first_crawl
    counts = Counter(result.requested())
    assert [u for u, n in counts.items() if n > 1] == []
    # Page requisites: the images of the written articles (archived with them), nothing else.
    images = {urlsplit(image["url"]).path for item in result.feed for image in item["images"]}
    other = [u for u in counts if "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong" not in u
             and "lists.aspx" not in u and not u.endswith("/robots.txt")
             and urlsplit(u).path not in images]
    assert other == [], "followed links that are not the category's listing, articles or images"


def test_second_run_writes_nothing_and_stops_early(first_crawl, tmp_path):
    result, origin = first_crawl
    from tests.support.crawl import FIXTURES

    # Run again on the same output folder, against the same portal content.
    with ServerThread(FIXTURES) as url:
        again = run_crawl(url, result.output)
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(again.feed) == len(result.feed)
    assert len(again.requested("tin-hoat-dong-vksnd-dia-phuong?")) + len(
        [u for u in again.requested() if u.endswith("tin-hoat-dong-vksnd-dia-phuong")]) <= 2
    articles = [u for u in again.requested() if u.endswith(".html") or "ItemID" in u]
    assert articles == []


def test_max_pages_limits_the_listing(tmp_path, portal):
    result = run_crawl(portal, tmp_path / "out", "-a", "max_pages=1")
    assert result.returncode == 0, result.stderr[-2000:]
    listing = [u for u in result.requested() if "tin-hoat-dong-vksnd-dia-phuong" in u
               and not u.endswith(".html")]
    assert len(listing) == 1
    assert "max_pages reached" in result.stderr


def test_since_skips_older_articles(tmp_path, portal):
    result = run_crawl(portal, tmp_path / "out", "-a", "since=2024-06-01")
    assert result.returncode == 0, result.stderr[-2000:]
    expected = {fx["meta"]["article_id"] for fx in expected_items().values()
                if fx["meta"].get("in_feed", True) and fx["expected"]["published"] >= "2024-06-01"}
    pair = {13044, 13047}  # the republished pair: exactly one of them is written
    got = {item["article_id"] for item in result.feed}
    assert got - pair == expected - pair
    assert len(got & pair) == 1 and len(result.feed) == len(got)
    assert "since reached" in result.stderr


@pytest.mark.parametrize("argument, named", [
    ("start_url=ftp://example.org/x", "start_url"),
    ("start_url=not a url", "start_url"),
    ("max_pages=abc", "max_pages"),
    ("max_pages=0", "max_pages"),
    ("since=yesterday", "since"),
    ("since=2024-13-01", "since"),
    ("full=maybe", "full"),
    ("colour=blue", "colour"),
])
def test_bad_argument_is_one_line_and_writes_nothing(tmp_path, argument, named):
    output = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "local_news", "-a", argument,
         "-s", f"VKSCRAWL_OUTPUT_DIR={output}"],
        cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert named in lines[0] and "expected" in lines[0]
    assert "Traceback" not in proc.stderr
    assert not output.exists()


def test_unreachable_listing_fails_with_reason(tmp_path):
    # A port nothing listens on: bind one, then close it.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = run_crawl(f"http://127.0.0.1:{port}/tin-tuc/tin-hoat-dong-vksnd-dia-phuong",
                       tmp_path / "out", "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "listing unreachable" in last
