"""The ledger's archive columns: a ledger of layout 2 (before revisits and images) is converted in
place, keeping its articles; the images table's states and backoff."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from warcio.archiveiterator import ArchiveIterator

from tests.support.crawl import run_crawl
from vkscrawl.ledger.state import LAYOUT_VERSION, Ledger, utc_now


def test_a_layout_2_ledger_gains_capture_digest_and_images(tmp_path):
    path = tmp_path / "state.sqlite3"
    ledger = Ledger(path)
    ledger.written(7, "h7", item_url="https://x/a-d8-t7.html")
    ledger.set_validators(7, '"e"', None, capture_uri="https://x/a-d8-t7.html",
                          capture_date="2025-01-01T00:00:00Z", capture_digest="sha1:AAAA")
    ledger.close()
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE images; ALTER TABLE articles DROP COLUMN capture_digest; "
                     "PRAGMA user_version = 2;")
    db.close()

    ledger = Ledger(path)
    assert ledger.migrated_from == 2
    assert ledger.db.execute("PRAGMA user_version").fetchone()[0] == LAYOUT_VERSION
    row = ledger.article(7)
    # Kept; the digest is unknown, so the next fetch of it is unconditional (a full capture).
    assert row["state"] == "written" and row["etag"] == '"e"' and row["capture_digest"] is None
    assert ledger.add_images(7, ["https://x/Uploads/a.jpg"]) == ["https://x/Uploads/a.jpg"]
    ledger.close()


def test_images_are_registered_once_and_back_off_like_articles(tmp_path):
    ledger = Ledger(tmp_path / "state.sqlite3", retry_delay=60, max_attempts=3)
    urls = ["https://x/Uploads/a.jpg", "https://x/Uploads/b.jpg", "https://x/Uploads/a.jpg"]
    assert ledger.add_images(1, urls) == urls[:2]
    assert ledger.add_images(2, urls[:1]) == []  # known: never fetched again for another article
    assert [row["url"] for row in ledger.images_due()] == urls[:2]
    ledger.image_archived(urls[0], 200, {"file": "snapshots/f.warc.gz", "offset": 10})
    now = utc_now()
    first = ledger.image_failed(urls[1], "HTTP 500", status=500, now=now)
    assert first["attempts"] == 1 and first["next_attempt"] <= now.strftime("%Y-%m-%dT%H:%M:%SZ")
    assert [row["url"] for row in ledger.images_due(now)] == urls[1:2]
    second = ledger.image_failed(urls[1], "HTTP 500", status=500, now=now)
    assert second["attempts"] == 2
    assert ledger.images_due(now) == []  # backing off
    assert [row["url"] for row in ledger.images_due(now + timedelta(seconds=61))] == urls[1:2]
    third = ledger.image_failed(urls[1], "HTTP 500", status=500, now=now)
    assert third["next_attempt"] is None  # given up
    counts = ledger.image_counts()
    assert counts["archived"] == 1 and counts["failed"] == 1 and counts["given_up"] == 1
    assert ledger.retry_given_up_images() == 1
    assert [row["url"] for row in ledger.images_due()] == urls[1:2]
    ledger.image_settled(urls[1], "gone", "HTTP 404", status=404)
    assert ledger.images_due() == [] and ledger.image_counts()["gone"] == 1
    ledger.close()


def to_layout_2(path) -> None:
    """A ledger as a version before images and revisits left it."""
    db = sqlite3.connect(path)
    db.executescript("DROP TABLE images; ALTER TABLE articles DROP COLUMN capture_digest; "
                     "DELETE FROM meta WHERE key = 'images_backfill'; PRAGMA user_version = 2;")
    db.close()


def test_articles_written_before_images_were_archived_get_their_images(portal, tmp_path):
    """An archive of a version that kept no images, upgraded: its articles are not written
    again (unchanged), yet their images are archived, once, by the first run after the
    conversion."""
    out = tmp_path / "out"
    first = run_crawl(portal, out, "-s", "VKSCRAWL_ARCHIVE_IMAGES=0")
    assert first.returncode == 0, first.stderr[-2000:]
    origin = "/".join(portal.split("/")[:3])
    # Fetched from the start host, as the crawl fetches links to the portal's own host.
    expected = {image["url"].replace("https://vksndtc.gov.vn", origin)
                for item in first.feed for image in item["images"]}
    assert expected and not first.stats.get("vkscrawl/images/archived")
    to_layout_2(out / "state.sqlite3")

    second = run_crawl(portal, out)
    assert second.returncode == 0, second.stderr[-2000:]
    assert second.stats.get("vkscrawl/items_written", 0) == 0  # nothing was written again
    assert second.stats["vkscrawl/images/archived"] == len(expected)
    ledger = Ledger(out / "state.sqlite3")
    archived = {row[0] for row in ledger.db.execute("SELECT url FROM images WHERE state = "
                                                    "'archived'")}
    assert ledger.get_meta("images_backfill") == "done"
    ledger.close()
    assert archived == expected
    captured = {record.rec_headers.get_header("WARC-Target-URI")
                for warc in sorted((out / "snapshots").glob("*.warc.gz"))
                for record in ArchiveIterator(open(warc, "rb"))
                if record.rec_type == "response"}
    assert expected <= captured

    third = run_crawl(portal, out)  # once: nothing is registered or fetched again
    assert third.returncode == 0, third.stderr[-2000:]
    assert not third.stats.get("vkscrawl/images/requested")


def test_a_new_ledger_is_not_backfilled(tmp_path):
    ledger = Ledger(tmp_path / "state.sqlite3")
    assert ledger.get_meta("images_backfill") is None
    ledger.close()
