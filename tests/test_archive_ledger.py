"""The ledger's archive columns: a ledger of layout 2 (before revisits and images) is converted in
place, keeping its articles; the images table's states and backoff."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

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
