"""The article ledger across real crawls of the offline portal: retries with backoff, giving up,
deletion markers, the run's line in runs.jsonl, `vkscrawl status`, and a ledger rebuilt from the
feed. (The loss scenarios of the issue have their own regression tests: test_losses.py.)"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.crawl import expected_items, fixture_counts, run_crawl

BIN = Path(sys.executable).parent
#: An article of the fixtures that is written (not gone, not the republished copy).
VICTIM = "05-vinh-phien-toa-rut-kinh-nghiem-khong-sapo"
VICTIM_ID = 11910


def set_status(fixtures: Path, folder: str, status: int) -> None:
    meta_file = fixtures / "articles" / folder / "fixture.json"
    meta = json.loads(meta_file.read_text("utf-8"))
    meta["status"] = status
    meta_file.write_text(json.dumps(meta), "utf-8")


def status_json(out: Path) -> dict:
    proc = subprocess.run([BIN / "vkscrawl", "status", str(out), "--json"], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def runs(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "runs.jsonl").read_text("utf-8").splitlines()]


def requested_ids(result) -> set[int]:
    return {int(u.rsplit("-t", 1)[1].split(".")[0]) for u in result.requested()
            if u.endswith(".html")}


def feed_ids(result) -> list[int]:
    return [line["article_id"] for line in result.feed]


def test_failed_article_backs_off_then_gives_up_and_full_tries_again(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    set_status(fixtures, VICTIM, 503)
    slow = ("-s", "RETRY_TIMES=0", "-s", "VKSCRAWL_RETRY_DELAY=3600",
            "-s", "VKSCRAWL_MAX_ATTEMPTS=3")
    first = run_crawl(url, out, *slow)
    assert first.returncode == 1
    assert first.stderr.strip().splitlines()[-1].startswith(
        "vkscrawl: crawl failed: 1 article fetch(es) failed")
    # A first failure is tried again by the very next run, without walking the listing to it.
    second = run_crawl(url, out, *slow)
    assert second.returncode == 1
    assert requested_ids(second) == {VICTIM_ID}
    assert second.stats["vkscrawl/articles_requeued"] == 1
    [failed] = status_json(out)["failed"]
    assert failed["article_id"] == VICTIM_ID and failed["attempts"] == 2
    assert failed["reason"] == "HTTP 503" and not failed["given_up"]
    # After a second failure it backs off (an hour here): the next run leaves it alone.
    third = run_crawl(url, out, *slow)
    assert third.returncode == 0, third.stderr[-2000:]
    assert requested_ids(third) == set()
    # full=1 walks everything, the backing-off article included; a third failure gives it up.
    fourth = run_crawl(url, out, *slow, "-a", "full=1")
    assert fourth.returncode == 1
    assert VICTIM_ID in requested_ids(fourth)
    [failed] = status_json(out)["failed"]
    assert failed["given_up"] and failed["attempts"] == 3
    fifth = run_crawl(url, out, *slow)
    assert fifth.returncode == 0
    assert requested_ids(fifth) == set()
    assert "1 article(s) given up after 3 failed attempts" in fifth.stderr
    assert VICTIM_ID not in feed_ids(fifth)
    # The portal heals; full=1 gives a given-up article one more chance, and it is written.
    set_status(fixtures, VICTIM, 200)
    sixth = run_crawl(url, out, *slow, "-a", "full=1")
    assert sixth.returncode == 0, sixth.stderr[-2000:]
    assert feed_ids(sixth).count(VICTIM_ID) == 1
    assert status_json(out)["failed"] == []
    assert [run["exit_status"] for run in runs(out)] == [1, 1, 0, 1, 0, 0]


def test_article_taken_down_gets_one_deletion_marker_as_its_last_line(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    first = run_crawl(url, out)
    assert first.returncode == 0, first.stderr[-2000:]
    item = next(line for line in first.feed if line["article_id"] == VICTIM_ID)
    set_status(fixtures, VICTIM, 410)
    second = run_crawl(url, out, "-a", "full=1")
    assert second.returncode == 0, second.stderr[-2000:]
    lines = second.feed
    mine = [line for line in lines if line["article_id"] == VICTIM_ID]
    assert len(mine) == 2 and mine[0] == item
    marker = mine[1]
    assert marker == {"schema_version": 1, "article_id": VICTIM_ID, "url": item["url"],
                      "deleted": True, "status": 410, "fetched_at": marker["fetched_at"]}
    assert lines[-1] == marker
    assert second.stats["vkscrawl/deletions_written"] == 1
    # Once: a later run that sees the 410 again writes nothing more.
    third = run_crawl(url, out, "-a", "full=1")
    assert third.returncode == 0, third.stderr[-2000:]
    assert third.feed == lines
    [gone] = [g for g in status_json(out)["gone"] if g["article_id"] == VICTIM_ID]
    assert gone["deletion_marker"] and gone["reason"] == "HTTP 410"
    # The article that was never written (404 from the start) gets no marker at all.
    assert not [line for line in lines if line.get("deleted") and line["article_id"] != VICTIM_ID]
    assert [run["counts"]["deleted"] for run in runs(out)] == [0, 1, 0]


def test_each_run_appends_its_line_to_runs_jsonl(portal, tmp_path):
    out = tmp_path / "out"
    first = run_crawl(portal, out)
    second = run_crawl(portal, out)
    lines = runs(out)
    assert len(lines) == 2
    assert [line["exit_status"] for line in lines] == [first.returncode, second.returncode] == [0, 0]
    assert lines[0]["run_id"] != lines[1]["run_id"]
    assert lines[0]["start"] <= lines[0]["end"] <= lines[1]["start"] <= lines[1]["end"]
    expected = fixture_counts()
    assert lines[0]["counts"] == {"listing_pages": 3, "articles_fetched": expected.listed,
                                  "items_written": expected.items,
                                  "failed": 0, "pending": 0, "deleted": 0,
                                  "images_archived": expected.images, "images_failed": 0}
    assert lines[1]["counts"] == {"listing_pages": 1, "articles_fetched": 0, "items_written": 0,
                                  "failed": 0, "pending": 0, "deleted": 0,
                                  "images_archived": 0, "images_failed": 0}
    assert lines[1]["walk"]["end"] == "reached anchored pages"
    assert lines[0]["reason"] is None


def test_status_names_failures_pending_gone_and_the_frontier(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    set_status(fixtures, VICTIM, 500)
    result = run_crawl(url, out, "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    status = status_json(out)
    assert status["counts"] == {"pending": 0, "written": fixture_counts().items - 1,
                                "duplicate": 1, "failed": 1, "gone": 1, "out_of_scope": 0}
    assert [f["article_id"] for f in status["failed"]] == [VICTIM_ID]
    assert status["last_run"]["exit_status"] == 1
    assert status["frontier"]["last_walk_complete"] is True
    assert status["frontier"]["last_page_read"].endswith("?Page=3")
    text = subprocess.run([BIN / "vkscrawl", "status", str(out)], capture_output=True,
                          text=True, timeout=60)
    assert text.returncode == 0
    assert f"{VICTIM_ID}  1 attempt(s), next attempt from " in text.stdout
    assert "Last run " in text.stdout and "FAILED" in text.stdout
    assert "12950  HTTP 404" in text.stdout


@pytest.mark.parametrize("folder", ["missing", "empty"])
def test_status_of_a_folder_without_a_ledger_is_one_line(tmp_path, folder):
    target = tmp_path / "out"
    if folder == "empty":
        target.mkdir()
    proc = subprocess.run([BIN / "vkscrawl", "status", str(target)], capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1 and "OUTPUT_DIR" in proc.stderr
    assert not (target / "state.sqlite3").exists()


def test_deleted_state_is_rebuilt_from_the_feed(portal, tmp_path):
    out = tmp_path / "out"
    first = run_crawl(portal, out)
    assert first.returncode == 0, first.stderr[-2000:]
    (out / "state.sqlite3").unlink()
    second = run_crawl(portal, out)
    assert second.returncode == 0, second.stderr[-2000:]
    assert f"rebuilt the ledger from the feed ({fixture_counts().items} article(s))" in second.stderr
    assert second.feed == first.feed
    # Nothing the feed holds is fetched again; only what it cannot know (the gone article, the
    # republished copy) is checked once more.
    written = {line["article_id"] for line in first.feed}
    assert not requested_ids(second) & written
    assert status_json(out)["counts"]["written"] == fixture_counts().items


def test_ledger_of_the_first_layout_is_converted(portal, tmp_path):
    """A state file from before the ledger (status + covered) keeps its knowledge."""
    out = tmp_path / "out"
    first = run_crawl(portal, out)
    assert first.returncode == 0
    state = out / "state.sqlite3"
    state.unlink()
    db = sqlite3.connect(state)
    db.executescript("""
        CREATE TABLE articles (article_id INTEGER PRIMARY KEY, status TEXT NOT NULL,
            content_hash TEXT, published TEXT, url TEXT, etag TEXT, last_modified TEXT,
            covered INTEGER NOT NULL DEFAULT 0, updated_at TEXT NOT NULL);
        CREATE INDEX articles_uncovered ON articles(article_id) WHERE covered = 0;
        CREATE TABLE hashes (content_hash TEXT PRIMARY KEY, article_id INTEGER NOT NULL);
        CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
    """)
    db.executemany("INSERT INTO articles VALUES (?, 'written', ?, ?, ?, NULL, NULL, 1, "
                   "'2025-01-01T00:00:00Z')",
                   [(line["article_id"], line["content_hash"], line["published"], line["url"])
                    for line in first.feed])
    db.commit()
    db.close()
    second = run_crawl(portal, out)
    assert second.returncode == 0, second.stderr[-2000:]
    assert "converted from layout 1 to the article ledger" in second.stderr
    assert second.feed == first.feed
    assert status_json(out)["counts"]["written"] == fixture_counts().items


def test_every_expected_article_is_in_the_ledger_after_one_run(portal, tmp_path):
    out = tmp_path / "out"
    assert run_crawl(portal, out).returncode == 0
    status = status_json(out)
    listed = {fx["meta"]["article_id"] for fx in expected_items().values()}
    total = sum(status["counts"].values())
    assert total == len(listed)
