"""The ledger (state.sqlite3), the feed writer and the run log, driven directly on real files: no
crawl. Each test holds one decision of vkscrawl/ledger/ (a state, a condition, a cut-off) that
mutation testing found no fast test holding (scripts/mutation.py ledger; RELIABILITY.md)."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest

from vkscrawl.items import deletion_marker
from vkscrawl.ledger import feed as feed_module
from vkscrawl.ledger.feed import FEED_SIZE_KEY, FeedWriter, check_feed, scan_feed
from vkscrawl.ledger.runs import (LOCK_FILE, RUNS_FILE, append_run, iso_z, lock_folder,
                                  new_run_id, refused_run)
from vkscrawl.ledger.state import (IMAGES_BACKFILL_KEY, LAYOUT_VERSION, Ledger, StateError,
                                   check_state_file, iso, read_ledger)

NOW = datetime(2025, 3, 1, 12, 0, 0, tzinfo=timezone.utc)


def item(article_id: int, content_hash: str, **extra) -> dict:
    """A feed line as the writer receives it (only what the ledger reads is set)."""
    return {"article_id": article_id, "url": f"https://x.invalid/a-t{article_id}.html",
            "title": f"Bài {article_id}", "content_hash": content_hash,
            "published": "2025-01-02", "snapshot": None, **extra}


def write_lines(path, *lines) -> None:
    path.write_bytes(b"".join(feed_module.json_line(line) if isinstance(line, dict) else line
                              for line in lines))


# --- the state file ---------------------------------------------------------------------------


def test_check_state_file_names_each_unusable_file(tmp_path):
    assert check_state_file(tmp_path / "none.sqlite3") is None
    assert check_state_file(tmp_path) == "is not a file"
    junk = tmp_path / "junk.sqlite3"
    junk.write_bytes(b"not a database at all" * 100)
    assert check_state_file(junk).startswith("is not a readable SQLite database")
    other = tmp_path / "other.sqlite3"
    db = sqlite3.connect(other)
    db.execute("CREATE TABLE things (x)")
    db.commit()
    db.close()
    assert "no articles table" in check_state_file(other)
    empty = tmp_path / "empty.sqlite3"
    sqlite3.connect(empty).close()  # a file SQLite made but no table yet: usable
    assert check_state_file(empty) is None
    with pytest.raises(StateError, match="no articles table"):
        Ledger(other)
    assert check_state_file(other) and sqlite3.connect(other).execute(
        "SELECT name FROM sqlite_master").fetchall() == [("things",)]  # refused, not touched


def test_a_damaged_state_file_is_named_damaged_in_one_line(tmp_path):
    path = tmp_path / "state.sqlite3"
    ledger = Ledger(path)
    for n in range(2000):
        ledger.written(n, f"h{n}")
    ledger.close()
    data = bytearray(path.read_bytes())
    # Zero the cell pointers of every third page: SQLite opens the file, quick_check fails on
    # every cell (one line each).
    for page in range(2, len(data) // 4096, 3):
        data[page * 4096 + 8:page * 4096 + 200] = bytes(192)
    path.write_bytes(bytes(data))
    problem = check_state_file(path)
    assert problem.startswith("is damaged (SQLite quick_check: ")
    assert "\n" not in problem and len(problem) < 300
    with pytest.raises(StateError, match="is damaged"):
        Ledger(path)
    half = tmp_path / "half.sqlite3"
    half.write_bytes(bytes(data[:len(data) // 2]))
    assert check_state_file(half).startswith(("is damaged", "is not a readable"))


def test_created_says_whether_the_file_was_new(tmp_path):
    path = tmp_path / "sub" / "state.sqlite3"
    first = Ledger(path)
    assert first.created and path.is_file()
    first.close()
    again = Ledger(path)
    assert not again.created and again.migrated_from is None
    assert again.get_meta(IMAGES_BACKFILL_KEY) is None
    again.close()
    assert Ledger(None).created


def test_a_layout_1_ledger_keeps_its_settled_articles_and_reopens_the_rest(tmp_path):
    path = tmp_path / "state.sqlite3"
    db = sqlite3.connect(path)
    db.executescript("""
        CREATE TABLE articles (article_id INTEGER PRIMARY KEY, status TEXT, url TEXT,
            published TEXT, content_hash TEXT, etag TEXT, last_modified TEXT, covered INTEGER,
            updated_at TEXT);
        CREATE INDEX articles_uncovered ON articles(covered);
        INSERT INTO articles VALUES (1, 'written', 'https://x/1', '2024-01-01', 'h1', '"e1"',
                                     NULL, 1, '2024-02-01T00:00:00Z');
        INSERT INTO articles VALUES (2, 'failed', 'https://x/2', NULL, NULL, NULL, NULL, 0,
                                     '2024-02-01T00:00:00Z');
        INSERT INTO articles VALUES (3, 'gone', 'https://x/3', NULL, 'h3', NULL, NULL, 1,
                                     '2024-02-01T00:00:00Z');
    """)
    db.close()
    ledger = Ledger(path)
    assert ledger.migrated_from == 1
    assert ledger.get_meta(IMAGES_BACKFILL_KEY) == "pending"
    one, two, three = ledger.article(1), ledger.article(2), ledger.article(3)
    assert (one["state"], one["content_hash"], one["etag"], one["anchored"]) == (
        "written", "h1", '"e1"', 1)
    assert one["first_seen"] == "2024-02-01T00:00:00Z"
    assert (two["state"], two["anchored"]) == ("pending", 0)
    assert three["state"] == "gone"
    ledger.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LAYOUT_VERSION
    assert Ledger(path).migrated_from is None


def layout_3(path, *rows) -> None:
    """A ledger as layout 3 wrote it (no ``in_feed``), from rows made with today's methods."""
    ledger = Ledger(path)
    for make in rows:
        make(ledger)
    ledger.close()
    db = sqlite3.connect(path)
    db.execute("ALTER TABLE articles DROP COLUMN in_feed")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()


def test_a_layout_3_ledger_learns_what_the_feed_holds_from_its_states_and_the_feed(tmp_path):
    path, feed = tmp_path / "state.sqlite3", tmp_path / "local_news.jsonl"
    layout_3(path,
             lambda l: l.written(1, "h1"),
             lambda l: (l.written(2, "h2"), l.failed(2, "HTTP 500")),  # its re-check failed
             lambda l: (l.written(3, "h3"), l.gone(3, 404)),  # its marker still owed
             lambda l: (l.written(4, "h4"), l.gone(4, 404), l.deletion_written(4)),
             lambda l: (l.duplicate(5, 1, "h1"), l.gone(5, 404)),  # a copy, never in the feed
             lambda l: l.failed(6, "HTTP 500"),  # never written
             lambda l: l.saw_on_listing(7, "https://x/7", None, "r"))
    ledger = Ledger(path)
    assert ledger.migrated_from == 3
    assert ledger.get_meta(IMAGES_BACKFILL_KEY) is None  # layout 3 had images
    # From the states alone: the failed re-check cannot be told from a failure never written.
    assert {n: ledger.article(n)["in_feed"] for n in range(1, 8)} == {
        1: 1, 2: 0, 3: 1, 4: 0, 5: 0, 6: 0, 7: 0}
    write_lines(feed, item(1, "h1"), item(2, "h2"), item(3, "h3"), item(4, "h4"),
                deletion_marker(4, "https://x/4", 404, "2025-01-03T00:00:00Z"))
    writer = FeedWriter(feed, ledger)
    assert (writer.reconciled, writer.missing) == (0, {})
    two = ledger.article(2)
    assert (two["state"], two["attempts"], two["in_feed"]) == ("failed", 1, 1)
    assert ledger.gone(2, 404) is True  # its item is in the feed: a marker is owed
    assert ledger.gone(6, 404) is False
    writer.close()
    ledger.close()
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == LAYOUT_VERSION
    assert Ledger(path).migrated_from is None


def test_a_failed_article_whose_line_the_feed_lost_is_owed_again(tmp_path):
    """The feed holds a written article whose re-check then failed; the feed is restored from a
    copy without its line: it is pending again (rebuilt from its snapshot or fetched), and a
    marker once owed to an article the feed no longer holds is owed no more."""
    path = tmp_path / "local_news.jsonl"
    ledger = Ledger(tmp_path / "state.sqlite3")
    writer = FeedWriter(path, ledger)
    writer.write_item(item(1, "h1"))
    writer.write_item(item(2, "h2", snapshot={"file": "s.warc.gz", "offset": 7}))
    writer.write_item(item(3, "h3"))
    writer.close()
    ledger.failed(2, "HTTP 500")
    ledger.gone(3, 404)  # stopped before its marker was written
    write_lines(path, item(1, "h1"))
    writer = FeedWriter(path, ledger)
    assert writer.missing == {2: {"file": "s.warc.gz", "offset": 7}}
    two, three = ledger.article(2), ledger.article(3)
    assert (two["state"], two["in_feed"]) == ("pending", 0)
    assert (three["state"], three["in_feed"]) == ("gone", 0)
    assert ledger.gone(3, 404) is False
    writer.close()
    ledger.close()


def test_read_ledger_reads_without_writing_and_refuses_an_older_layout(tmp_path):
    path = tmp_path / "state.sqlite3"
    ledger = Ledger(path)
    ledger.written(5, "h5")
    ledger.close()
    reader = read_ledger(path)
    assert reader.article(5)["state"] == "written" and not reader.created
    with pytest.raises(sqlite3.OperationalError):
        reader.written(6, "h6")  # read-only
    reader.db.close()
    db = sqlite3.connect(path)
    db.execute("PRAGMA user_version = 2")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="older layout"):
        read_ledger(path)
    (tmp_path / "bad.sqlite3").write_bytes(b"x" * 2048)
    with pytest.raises(StateError, match="not a readable"):
        read_ledger(tmp_path / "bad.sqlite3")


# --- the listing walk and the frontier ---------------------------------------------------------


def test_saw_on_listing_adds_pending_and_says_what_was_anchored():
    ledger = Ledger(None)
    assert ledger.saw_on_listing(1, "https://x/1", "2025-01-01", "run-a") == (None, False)
    row = ledger.article(1)
    assert (row["state"], row["url"], row["listed_date"], row["seen_run"]) == (
        "pending", "https://x/1", "2025-01-01", "run-a")
    assert ledger.anchor_run("run-a") == 1
    before, anchored = ledger.saw_on_listing(1, "https://x/other", None, "run-b")
    assert anchored is True and before["seen_run"] == "run-a"
    row = ledger.article(1)
    # The first URL stays, a listing without a date keeps the date known, the run is the latest.
    assert (row["url"], row["listed_date"], row["seen_run"]) == (
        "https://x/1", "2025-01-01", "run-b")
    ledger.saw_on_listing(1, "https://x/1", "2025-01-05", "run-b")
    assert ledger.article(1)["listed_date"] == "2025-01-05"
    ledger.saw_on_listing(2, "https://x/2", None, "run-b")
    assert ledger.saw_on_listing(2, "https://x/2", None, "run-b")[1] is False


def test_anchor_run_anchors_only_what_that_run_saw():
    ledger = Ledger(None)
    for n, run in ((1, "a"), (2, "a"), (3, "b")):
        ledger.saw_on_listing(n, f"https://x/{n}", None, run)
    assert ledger.anchor_run("a") == 2
    assert [ledger.article(n)["anchored"] for n in (1, 2, 3)] == [1, 1, 0]
    assert ledger.anchor_run("a") == 0  # anchored already: nothing new
    assert ledger.anchor_run("b") == 1


def test_a_row_made_by_an_outcome_is_not_anchored_and_keeps_its_first_seen():
    ledger = Ledger(None)
    ledger.written(9, "h9", item_url="https://x/9")  # reached by reparse: no listing named it
    row = ledger.article(9)
    assert row["anchored"] == 0 and row["url"] == "https://x/9" and row["first_seen"]
    first_seen = row["first_seen"]
    ledger.failed(9, "HTTP 500")
    assert ledger.article(9)["first_seen"] == first_seen


# --- outcomes ----------------------------------------------------------------------------------


def test_due_lists_pending_and_failed_whose_time_has_come():
    ledger = Ledger(None, retry_delay=60, max_attempts=3)
    ledger.saw_on_listing(1, "https://x/1", None, "r")  # pending
    ledger.saw_on_listing(2, "https://x/2", None, "r")
    ledger.failed(2, "HTTP 500", now=NOW)  # first failure: due at once
    ledger.saw_on_listing(3, "https://x/3", None, "r")
    for _ in range(2):
        ledger.failed(3, "HTTP 500", now=NOW)  # second: due in 60 s
    ledger.saw_on_listing(4, "https://x/4", None, "r")
    for _ in range(3):
        ledger.failed(4, "HTTP 500", now=NOW)  # given up
    ledger.saw_on_listing(5, "https://x/5", None, "r")
    ledger.written(5, "h5")
    ledger.pending(6, "no url known")  # no URL: cannot be fetched by URL
    due = lambda *args, **kw: [row["article_id"] for row in ledger.due(*args, **kw)]  # noqa
    assert due(NOW) == [2, 1]
    assert due(NOW + timedelta(seconds=60)) == [3, 2, 1]
    assert due(NOW + timedelta(seconds=59)) == [2, 1]
    assert due(NOW, include_given_up=True) == [4, 2, 1]
    assert [row["article_id"] for row in ledger.given_up()] == [4]
    assert ledger.retry_given_up() == 1
    assert ledger.given_up() == [] and 4 in due()
    assert ledger.counts() == {"pending": 2, "written": 1, "duplicate": 0, "failed": 3,
                               "gone": 0, "out_of_scope": 0}


def test_failed_counts_only_failures_in_a_row_and_cuts_the_reason():
    ledger = Ledger(None, retry_delay=60, max_attempts=5)
    ledger.saw_on_listing(1, "https://x/1", None, "r")
    assert ledger.failed(1, "x" * 800, now=NOW)["attempts"] == 1
    assert len(ledger.article(1)["last_reason"]) == 500
    ledger.pending(1, "skipped")
    assert ledger.failed(1, "HTTP 500", now=NOW)["attempts"] == 1  # pending in between: a new run
    row = ledger.failed(2, "HTTP 500", url="https://x/2", now=NOW)  # never listed: row made
    assert row["url"] == "https://x/2" and row["state"] == "failed"
    assert ledger.failed(1, "HTTP 500", url="https://x/other", now=NOW)["url"] == "https://x/1"


def test_written_records_the_item_and_its_content_owner():
    ledger = Ledger(None)
    ledger.saw_on_listing(1, "https://x/listed-1", None, "r")
    ledger.failed(1, "HTTP 500")
    ledger.written(1, "h1", item_url="https://x/canonical-1", published="2025-01-01",
                   snapshot={"file": "snapshots/a.warc.gz", "offset": 42})
    row = ledger.article(1)
    assert (row["state"], row["content_hash"], row["attempts"], row["last_reason"],
            row["next_attempt"]) == ("written", "h1", 0, None, None)
    assert row["url"] == "https://x/listed-1" and row["item_url"] == "https://x/canonical-1"
    assert (row["published"], row["snapshot_file"], row["snapshot_offset"]) == (
        "2025-01-01", "snapshots/a.warc.gz", 42)
    assert ledger.owner_of_hash("h1") == 1
    ledger.written(2, "h1")  # the same content later: the first owner stays
    assert ledger.owner_of_hash("h1") == 1 and ledger.owner_of_hash("nope") is None
    ledger.duplicate(3, 1, "h1")
    row = ledger.article(3)
    assert (row["state"], row["duplicate_of"], row["last_reason"]) == (
        "duplicate", 1, "same content as article 1")


@pytest.mark.parametrize("before, owed", [
    ("written", True), ("gone-unmarked", True), ("gone-marked", False), ("gone-never-written", False),
    ("pending", False), ("unknown", False), ("failed", False), ("written-then-failed", True),
    ("duplicate-gone", False)])
def test_gone_owes_a_deletion_marker_only_for_an_article_in_the_feed(before, owed):
    ledger = Ledger(None)
    if before != "unknown":
        ledger.saw_on_listing(1, "https://x/1", None, "r")
    if before in ("written", "gone-unmarked", "gone-marked", "written-then-failed"):
        ledger.written(1, "h1")
    if before == "gone-unmarked":
        ledger.gone(1, 404)  # the run stopped before its marker was written
    if before == "gone-marked":
        ledger.gone(1, 404)
        ledger.deletion_written(1)
    if before == "gone-never-written":
        ledger.gone(1, 404)
    if before in ("failed", "written-then-failed"):
        ledger.failed(1, "HTTP 500")
    if before == "duplicate-gone":  # a copy (never in the feed) that answered 404 before
        ledger.duplicate(1, 9, "h9")
        ledger.gone(1, 404)
    assert ledger.gone(1, 410, url="https://x/later") is owed
    row = ledger.article(1)
    assert (row["state"], row["last_reason"], row["attempts"]) == ("gone", "HTTP 410", 0)
    assert row["url"] == ("https://x/later" if before == "unknown" else "https://x/1")


def test_a_deletion_frees_the_content_for_another_article():
    ledger = Ledger(None)
    ledger.written(1, "h1")
    ledger.gone(1, 404)
    ledger.deletion_written(1)
    assert ledger.article(1)["deleted"] == 1 and ledger.owner_of_hash("h1") is None


def test_unchanged_clears_a_failure_and_out_of_scope_settles():
    ledger = Ledger(None, retry_delay=60)
    ledger.written(1, "h1")
    ledger.failed(1, "HTTP 500", now=NOW)
    ledger.failed(1, "HTTP 500", now=NOW)
    ledger.unchanged(1)
    row = ledger.article(1)
    assert (row["attempts"], row["last_reason"], row["next_attempt"]) == (0, None, None)
    assert row["state"] == "written"  # the feed holds it
    ledger.failed(4, "HTTP 500")  # never written: unchanged leaves its state
    ledger.unchanged(4)
    assert ledger.article(4)["state"] == "failed"
    ledger.out_of_scope(2, "r" * 600)
    row = ledger.article(2)
    assert row["state"] == "out_of_scope" and len(row["last_reason"]) == 500
    ledger.pending(3, "p" * 600)
    assert len(ledger.article(3)["last_reason"]) == 500


def test_validators_are_kept_per_article():
    ledger = Ledger(None)
    ledger.written(1, "h1")
    ledger.written(2, "h2")
    ledger.set_validators(1, '"etag"', "Mon, 01 Jan 2024 00:00:00 GMT", "https://x/1",
                          "2025-01-01T00:00:00Z", "sha1:AAA")
    row = ledger.article(1)
    assert (row["etag"], row["last_modified"], row["capture_uri"], row["capture_date"],
            row["capture_digest"]) == ('"etag"', "Mon, 01 Jan 2024 00:00:00 GMT", "https://x/1",
                                       "2025-01-01T00:00:00Z", "sha1:AAA")
    assert ledger.article(2)["etag"] is None


def test_images_keep_their_state_and_snapshot():
    ledger = Ledger(None, retry_delay=60, max_attempts=2)
    assert ledger.add_images(1, ["u1", "u2"], commit=False) == ["u1", "u2"]
    assert ledger.image("u3") is None
    ledger.image_archived("u1", 200, {"file": "snapshots/a.warc.gz", "offset": 7})
    row = ledger.image("u1")
    assert (row["state"], row["status"], row["snapshot_file"], row["snapshot_offset"],
            row["article_id"]) == ("archived", 200, "snapshots/a.warc.gz", 7, 1)
    assert ledger.image_failed("u2", "r" * 700, status=503, now=NOW)["last_reason"] == "r" * 500
    ledger.image_settled("u2", "out_of_scope", "r" * 600, status=403)
    row = ledger.image("u2")
    assert (row["state"], row["status"], row["last_reason"], row["next_attempt"]) == (
        "out_of_scope", 403, "r" * 500, None)
    assert ledger.image_failed("u2", "HTTP 500", now=NOW)["attempts"] == 1  # not failed before
    assert ledger.image("u2")["status"] is None
    ledger.image_failed("u1", "HTTP 500", status=500, now=NOW)
    assert ledger.image("u1")["status"] == 500
    ledger.image_archived("u1", 200, None)
    row = ledger.image("u1")
    assert (row["attempts"], row["last_reason"], row["next_attempt"], row["snapshot_file"]) == (
        0, None, None, None)
    counts = ledger.image_counts()
    assert counts == {"pending": 0, "archived": 1, "failed": 1, "gone": 0, "out_of_scope": 0,
                      "given_up": 0}


def test_images_due_oldest_first():
    ledger = Ledger(None)
    ledger.add_images(1, ["https://x/b.jpg", "https://x/a.jpg"])
    ledger.db.execute("UPDATE images SET first_seen = '2020-01-01T00:00:00Z' "
                      "WHERE url = 'https://x/b.jpg'")
    assert [row["url"] for row in ledger.images_due()] == ["https://x/b.jpg", "https://x/a.jpg"]
    assert ledger.images_due()[0]["article_id"] == 1


def test_meta_is_set_and_replaced_and_survives_reopening(tmp_path):
    path = tmp_path / "state.sqlite3"
    ledger = Ledger(path)
    assert ledger.get_meta("k") is None
    ledger.set_meta("k", "1")
    ledger.set_meta("k", "2")
    ledger.set_meta("uncommitted", "x", commit=False)
    ledger.db.close()  # no commit: what set_meta committed is kept, the rest rolled back
    ledger = Ledger(path)
    assert ledger.get_meta("k") == "2" and ledger.get_meta("uncommitted") is None
    ledger.close()


def test_iso_writes_utc_with_a_z():
    moment = datetime(2025, 3, 1, 14, 0, 5, tzinfo=timezone(timedelta(hours=7)))
    assert iso(moment) == "2025-03-01T07:00:05Z"


# --- the feed ----------------------------------------------------------------------------------


def test_scan_reads_the_last_line_per_article_and_the_first_owner_of_each_content(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_lines(path,
                item(1, "h1", images=[{"url": "https://x/i1.jpg"}, {"nourl": 1}, "junk"]),
                item(2, "h1"),
                item(3, "h3"),
                deletion_marker(3, "https://x/3", 404, "2025-01-03T00:00:00Z"),
                item(4, "h4", snapshot={"file": "s.warc.gz", "offset": 3}))
    scan = scan_feed(path)
    assert scan.lines == 5 and scan.size == path.stat().st_size and scan.broken is None
    assert scan.last[1].images == ("https://x/i1.jpg",)
    assert (scan.last[1].title, scan.last[1].url, scan.last[1].published) == (
        "Bài 1", "https://x.invalid/a-t1.html", "2025-01-02")
    assert scan.last[3].deleted and scan.last[3].content_hash is None
    assert scan.last[3].images == ()
    assert scan.last[4].snapshot == {"file": "s.warc.gz", "offset": 3}
    assert scan.owners == {"h1": 1, "h4": 4}  # h3's article was deleted after it


def test_scan_names_the_first_broken_line_and_measures_a_torn_tail(tmp_path):
    path = tmp_path / "feed.jsonl"
    first = feed_module.json_line(item(1, "h1"))
    write_lines(path, item(1, "h1"), b"[1, 2]\n", b'{"article_id": "7"}\n', b"{not json\n",
                item(2, "h2"), b'{"article_id": 3, "ti')
    scan = scan_feed(path)
    assert scan.broken[:2] == (2, len(first)) and "article_id" in scan.broken[2]
    assert scan.lines == 2 and set(scan.last) == {1, 2}
    assert scan.torn_tail == len(b'{"article_id": 3, "ti')
    assert scan.size == path.stat().st_size - scan.torn_tail
    assert check_feed(path).startswith(f"feed {path} line 2 (byte {len(first)})")


def test_a_changed_feed_is_scanned_again(tmp_path):
    path = tmp_path / "feed.jsonl"
    write_lines(path, item(1, "h1"))
    assert scan_feed(path).lines == 1
    with open(path, "ab") as f:
        f.write(feed_module.json_line(item(2, "h2")))
    assert scan_feed(path).lines == 2
    assert scan_feed(tmp_path / "none.jsonl").lines == 0


def test_check_feed_refuses_a_folder_and_an_unwritable_file(tmp_path):
    assert check_feed(tmp_path / "none.jsonl") is None
    assert "is a folder" in check_feed(tmp_path)
    path = tmp_path / "feed.jsonl"
    write_lines(path, item(1, "h1"), b'{"torn')
    assert check_feed(path) is None  # a torn last line is cut, not refused
    if os.geteuid() != 0:  # root reads and writes whatever the mode says
        path.chmod(0o444)
        assert "cannot be read and written" in check_feed(path)


def test_the_writer_reconciles_the_ledger_with_the_feed(tmp_path):
    path = tmp_path / "local_news.jsonl"
    ledger = Ledger(tmp_path / "state.sqlite3")
    with_feed = FeedWriter(path, ledger)
    with_feed.write_item(item(1, "h1"))
    with_feed.write_item(item(2, "h2", snapshot={"file": "s.warc.gz", "offset": 9}))
    with_feed.write_item(item(3, "h3"))
    with_feed.write_item(item(5, "h5"))
    with_feed.close()
    assert ledger.get_meta(FEED_SIZE_KEY) == str(path.stat().st_size)
    # The feed is restored from a copy without article 2, with 3's deletion and 4 written after
    # the ledger's last commit, and 5 edited (another content).
    ledger.written(6, "h6")  # the ledger had it written; the feed never did
    write_lines(path, item(1, "h1"), item(3, "h3"),
                deletion_marker(3, "https://x/3", 410, "2025-01-03T00:00:00Z"),
                item(4, "h4"), item(5, "h5-new"),
                deletion_marker(7, "https://x/7", 404, "2025-01-03T00:00:00Z"))
    writer = FeedWriter(path, ledger)
    assert writer.missing == {2: {"file": "s.warc.gz", "offset": 9}, 6: None}
    assert writer.reconciled == 4  # 3 and 7 gone, 4 written, 5 with its new content
    states = {n: ledger.article(n)["state"] for n in range(1, 8)}
    assert states == {1: "written", 2: "pending", 3: "gone", 4: "written", 5: "written",
                      6: "pending", 7: "gone"}
    assert ledger.article(3)["last_reason"] == "HTTP 404"  # the marker's status is not kept
    four = ledger.article(4)
    assert (four["item_url"], four["published"]) == ("https://x.invalid/a-t4.html", "2025-01-02")
    assert ledger.article(3)["deleted"] == 1 and ledger.article(5)["content_hash"] == "h5-new"
    assert ledger.owner_of_hash("h2") is None and ledger.owner_of_hash("h4") == 4
    assert ledger.owner_of_hash("h3") is None
    assert ledger.get_meta(FEED_SIZE_KEY) == str(path.stat().st_size)
    assert ledger.gone(1, 404) is True
    writer.write_deletion(deletion_marker(1, "https://x/1", 404, "2025-01-04T00:00:00Z"))
    writer.close()
    assert ledger.article(1)["deleted"] == 1
    assert ledger.get_meta(FEED_SIZE_KEY) == str(path.stat().st_size)
    again = FeedWriter(path, ledger)  # agrees now: nothing to do
    assert (again.reconciled, again.missing) == (0, {})
    again.close()
    ledger.close()


def test_a_marker_already_recorded_is_not_counted_again(tmp_path):
    path = tmp_path / "local_news.jsonl"
    ledger = Ledger(None)
    write_lines(path, item(1, "h1"), deletion_marker(1, "https://x/1", 404, "2025-01-04T00:00:00Z"))
    assert FeedWriter(path, ledger).reconciled == 1  # its last line: the marker
    assert ledger.article(1)["state"] == "gone" and ledger.article(1)["deleted"] == 1
    assert FeedWriter(path, ledger).reconciled == 0


def test_the_writer_refuses_a_feed_broken_in_the_middle_and_changes_nothing(tmp_path):
    path = tmp_path / "local_news.jsonl"
    write_lines(path, item(1, "h1"), b"{oops\n", item(2, "h2"))
    before = path.read_bytes()
    ledger = Ledger(None)
    with pytest.raises(ValueError, match="line 2"):
        FeedWriter(path, ledger)
    assert path.read_bytes() == before and ledger.article(1) is None


def test_the_writer_cuts_a_torn_tail_before_appending(tmp_path):
    path = tmp_path / "local_news.jsonl"
    write_lines(path, item(1, "h1"), b'{"article_id": 2, "tit')
    ledger = Ledger(None)
    writer = FeedWriter(path, ledger)
    writer.write_item(item(3, "h3"))
    writer.close()
    three = ledger.article(3)
    assert (three["item_url"], three["published"]) == ("https://x.invalid/a-t3.html", "2025-01-02")
    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert [line["article_id"] for line in lines] == [1, 3]


def test_a_writer_to_a_stream_writes_lines_and_leaves_the_stream_open(tmp_path):
    stream = open(tmp_path / "out.jsonl", "wb")
    writer = FeedWriter(stream, Ledger(None))
    writer.write_item(item(1, "h1"))
    writer.close()
    assert not stream.closed and writer.ledger.get_meta(FEED_SIZE_KEY) is None
    assert writer.ledger.article(1)["state"] == "written"
    stream.close()
    assert json.loads((tmp_path / "out.jsonl").read_bytes())["article_id"] == 1


def test_a_writer_without_a_ledger_only_writes(tmp_path):
    path = tmp_path / "feed.jsonl"
    writer = FeedWriter(path, None, durable=False)
    writer.write_item(item(1, "h1"))
    writer.write_deletion(deletion_marker(1, "https://x/1", 404, "2025-01-04T00:00:00Z"))
    writer.close()
    assert writer.file.closed and scan_feed(path).lines == 2


# --- the run log and the lock ------------------------------------------------------------------


def test_run_ids_and_times_are_utc():
    run_id = new_run_id()
    stamp, token = run_id.split("-")
    assert len(stamp) == 16 and stamp.endswith("Z") and len(token) == 6
    assert new_run_id() != run_id
    assert iso_z(None) is None and iso_z("2025-01-01") is None
    assert iso_z(datetime(2025, 1, 1, 7, 0, 0)) == "2025-01-01T07:00:00Z"  # naive: UTC
    assert iso_z(datetime(2025, 1, 1, 7, 0, 0, tzinfo=timezone(timedelta(hours=7)))) == \
        "2025-01-01T00:00:00Z"


def test_runs_are_appended_one_line_each(tmp_path):
    started = datetime(2025, 1, 1, tzinfo=timezone.utc)
    append_run(tmp_path, refused_run("r1", started, 2, "bad setting", "https://x/"))
    append_run(tmp_path, {"run_id": "r2", "reason": "tốt"})
    lines = [json.loads(line) for line in (tmp_path / RUNS_FILE).read_text("utf-8").splitlines()]
    assert [line["run_id"] for line in lines] == ["r1", "r2"]
    assert lines[0]["start"] == "2025-01-01T00:00:00Z" and lines[0]["exit_status"] == 2
    assert lines[0]["reason"] == "bad setting" and lines[0]["end"] >= lines[0]["start"]
    assert lines[0]["counts"]["items_written"] == 0 and lines[0]["counts"]["pending"] is None
    assert "tốt" in (tmp_path / RUNS_FILE).read_text("utf-8")


def test_a_second_process_is_refused_the_folder_lock_and_told_the_holder(tmp_path):
    folder = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from vkscrawl.ledger.runs import lock_folder\n"
         f"assert lock_folder({str(folder)!r}) is None\n"
         "print('held', flush=True); sys.stdin.read()"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert lock_folder(folder) == holder.pid
        (folder / LOCK_FILE).write_text("not a pid\n")
        assert lock_folder(folder) == 0
    finally:
        holder.stdin.close()
        holder.wait()
    assert lock_folder(folder) is None  # released with its process
    assert (folder / LOCK_FILE).read_text() == f"{os.getpid()}\n"
    assert lock_folder(folder) is None  # held by this process already


def test_a_deleted_article_owns_no_content_after_the_next_open(tmp_path):
    """Found by mutation testing: the scan on open gave a deleted article back its content, so an
    article republishing it after a restart was dropped as a duplicate of a deleted one (its text
    in no live feed line), while the same run without a restart wrote it."""
    path = tmp_path / "local_news.jsonl"
    ledger = Ledger(tmp_path / "state.sqlite3")
    writer = FeedWriter(path, ledger)
    writer.write_item(item(3, "h3"))
    writer.write_deletion(deletion_marker(3, "https://x/3", 404, "2025-01-03T00:00:00Z"))
    writer.close()
    assert ledger.owner_of_hash("h3") is None  # the run that deleted it
    writer = FeedWriter(path, ledger)  # the next run opens the feed
    assert ledger.owner_of_hash("h3") is None
    writer.write_item(item(7, "h3"))  # republished under another number: written, it owns h3
    writer.close()
    FeedWriter(path, ledger).close()
    assert ledger.owner_of_hash("h3") == 7


def test_a_writer_to_a_pipe_writes_without_syncing_it(tmp_path):
    """Standard output may be a pipe (``vkscrawl reparse -o -``): fsync of a pipe fails, so a
    stream the writer does not own is flushed, never synced."""
    read_end, write_end = os.pipe()
    with open(write_end, "wb") as stream, open(read_end, "rb") as reader:
        writer = FeedWriter(stream, None)
        writer.write_item(item(1, "h1"))
        writer.close()
        stream.close()
        assert json.loads(reader.read())["article_id"] == 1


def test_refused_runs_line_has_every_field_a_reader_expects():
    started = datetime(2025, 1, 1, tzinfo=timezone.utc)
    line = refused_run("r1", started, 2, "bad setting", None)
    end = line.pop("end")
    assert end >= "2025-01-01T00:00:00Z" and end.endswith("Z")
    assert line == {"run_id": "r1", "start": "2025-01-01T00:00:00Z", "exit_status": 2,
                    "reason": "bad setting", "start_url": None,
                    "walk": {"end": None, "frontier": None},
                    "counts": {"listing_pages": 0, "articles_fetched": 0, "items_written": 0,
                               "failed": 0, "pending": None, "deleted": 0, "images_archived": 0,
                               "images_failed": 0}}


@pytest.fixture
def hanoi_clock():
    """Local time seven hours ahead of UTC, as on an operator's machine in Viet Nam."""
    import time

    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Ho_Chi_Minh"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


def test_run_ids_and_times_are_utc_on_a_machine_that_is_not(hanoi_clock):
    before = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    stamp = new_run_id().split("-")[0]
    after = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    assert before <= stamp <= after
    assert iso_z(datetime(2025, 1, 1, 7, 0, 0)) == "2025-01-01T07:00:00Z"  # naive: UTC


def test_locks_of_two_folders_are_two_locks(tmp_path):
    first, second = tmp_path / "a", tmp_path / "deep" / "b"  # a folder not made yet
    assert lock_folder(first) is None and lock_folder(second) is None
    other = subprocess.run(
        [sys.executable, "-c", "from vkscrawl.ledger.runs import lock_folder\n"
         f"print(lock_folder({str(second)!r}))"], capture_output=True, text=True, check=True)
    assert other.stdout.strip() == str(os.getpid())
