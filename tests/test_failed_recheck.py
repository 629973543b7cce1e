"""A written article whose re-check failed, over real crawls of the offline portal on loopback.

A ``full=1`` run re-checks every listed article; when the portal answers 500 to one already in
the feed, its ledger row becomes ``failed`` (the run fails) and the next run tries it again. The
ledger remembers that the feed holds it (``in_feed``), so that answer, unchanged, is not written a
second time (FEED.md: never, whatever the runs do), a 304 to it settles it instead of counting as
a failure, and a take-down found then still gets its deletion marker.

Before ``in_feed`` (ledger layout 3) the crawl hid the duplicate another way: the start-up
reconciliation saw the feed's line for a ``failed`` row and made it ``written`` again ("1 line(s)
written after the state's last commit registered"), so the failed re-check was never tried again:
an edit or a take-down of that article waited for the next ``full=1`` run. Both tests fail there
(the article not requested; no deletion marker).
"""

from __future__ import annotations

import sqlite3

import pytest

from tests.support.campaign import RunPlan
from tests.support.crawl import run_crawl
from tests.test_losses import DEEP_ARTICLE, MODEL, faulty, held, play
from tests.test_ledger import VICTIM, VICTIM_ID, feed_ids, requested_ids, set_status, status_json

QUICK = ("-s", "RETRY_TIMES=0")


def layout_3(state) -> None:
    """The ledger as the version before ``in_feed`` left it (layout 3)."""
    db = sqlite3.connect(state)
    db.execute("ALTER TABLE articles DROP COLUMN in_feed")
    db.execute("PRAGMA user_version = 3")
    db.commit()
    db.close()


def forget_validators(state) -> None:
    """No ETag kept for the article (as after a ledger rebuilt from the feed): the next request
    is a whole fetch, so its answer goes through dedupe instead of being a 304."""
    db = sqlite3.connect(state)
    db.execute("UPDATE articles SET etag = NULL, last_modified = NULL WHERE article_id = ?",
               (VICTIM_ID,))
    db.commit()
    db.close()


@pytest.mark.crawl
@pytest.mark.parametrize("healing", ["304", "whole-page", "upgraded-ledger"])
def test_a_failed_recheck_of_a_written_article_never_writes_it_twice(portal_copy, tmp_path,
                                                                     healing):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    first = run_crawl(url, out, *QUICK)
    assert first.returncode == 0, first.stderr[-2000:]
    assert feed_ids(first).count(VICTIM_ID) == 1
    lines, written = len(first.feed), status_json(out)["counts"]["written"]

    set_status(fixtures, VICTIM, 500)
    recheck = run_crawl(url, out, *QUICK, "-a", "full=1")
    assert recheck.returncode == 1, recheck.stderr[-2000:]
    assert VICTIM_ID in requested_ids(recheck)
    [failed] = status_json(out)["failed"]
    assert (failed["article_id"], failed["reason"], failed["in_feed"]) == (
        VICTIM_ID, "HTTP 500", True)
    assert len(recheck.feed) == lines  # nothing written by the failed re-check

    set_status(fixtures, VICTIM, 200)
    if healing == "whole-page":
        forget_validators(out / "state.sqlite3")
    if healing == "upgraded-ledger":
        layout_3(out / "state.sqlite3")
    healthy = run_crawl(url, out, *QUICK)
    assert healthy.returncode == 0, healthy.stderr[-2000:]
    assert requested_ids(healthy) == {VICTIM_ID}  # the failed article is tried again, alone
    assert feed_ids(healthy).count(VICTIM_ID) == 1
    assert len(healthy.feed) == lines
    stats = healthy.stats
    assert stats.get("vkscrawl/article_errors", 0) == 0
    assert stats.get("vkscrawl/items_written", 0) == 0
    if healing == "whole-page":
        assert stats["vkscrawl/dedupe/duplicate"] == 1
    else:
        assert stats["vkscrawl/articles_not_modified"] == 1
    status = status_json(out)
    assert status["failed"] == [] and status["counts"]["written"] == written

    quiet = run_crawl(url, out, *QUICK)
    assert quiet.returncode == 0, quiet.stderr[-2000:]
    assert requested_ids(quiet) == set() and len(quiet.feed) == lines


@pytest.mark.crawl
def test_a_404_after_a_failed_recheck_still_gets_its_deletion_marker(portal_copy, tmp_path):
    """The feed holds the article although its row says failed: the next run tries it again,
    finds it taken down, and owes it a marker."""
    url, fixtures = portal_copy
    out = tmp_path / "out"
    assert run_crawl(url, out, *QUICK).returncode == 0
    set_status(fixtures, VICTIM, 500)
    assert run_crawl(url, out, *QUICK, "-a", "full=1").returncode == 1
    set_status(fixtures, VICTIM, 410)
    gone = run_crawl(url, out, *QUICK)
    assert gone.returncode == 0, gone.stderr[-2000:]
    last = [line for line in gone.feed if line["article_id"] == VICTIM_ID][-1]
    assert (last.get("deleted"), last.get("status")) == (True, 410)
    assert gone.stats["vkscrawl/deletions_written"] == 1


@pytest.mark.crawl
def test_a_failed_full_recheck_as_a_campaign_schedule(tmp_path):
    """The same scenario as a schedule of the fault campaign (its ``recheck`` kind), so the
    whole invariant is checked too: a complete run, then a ``full=1`` run in which a written
    article on the last listing page answers 500, then the healthy runs and the quiet one (whose
    ``vkscrawl status`` must show nothing failed)."""
    article = f"article:{DEEP_ARTICLE}"
    result = play(tmp_path, "failed full re-check", RunPlan(),
                  RunPlan(full=True, faults={article: "always-500"}, kinds=["recheck"]),
                  judge=False)
    complete, recheck = faulty(result)
    assert complete.exit == 0 and recheck.exit == 1, result.summary()
    assert recheck.article_requests >= len(MODEL.groups)  # every article re-checked
    assert "HTTP 500" in result.log_text(recheck)
    assert recheck.missing == []  # its item stays in the feed
    held(result)
    assert result.held_after == 1
