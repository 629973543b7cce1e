"""Regression tests: each way the crawler was found to lose articles permanently and silently.

Each test is a hand-written schedule for the campaign's runner (``tests.support.campaign``): one
or two faulty runs of the real spider against the offline portal on loopback, then the portal
heals. Every test checks the campaign's whole invariant (after at most two healthy runs every
live article is in the feed exactly once and equal to its expected item, no broken line, every
snapshot passes ``warcio check``, a quiet run afterwards reads at most two listing pages and
fetches nothing, no run exits 0 with an article missing), plus what
that scenario promises: the faulty run is loud (non-zero exit) and its log names the cause.

The articles chosen sit where the loss bites: on the last listing page, which an incremental run
that stops at "covered" page 1 never reaches again.

The last tests are losses and false alarms the campaign found itself (RELIABILITY.md).
"""

from __future__ import annotations

import json

import pytest

from tests.support.campaign import (
    FEED_FILE,
    HARNESS_SETTINGS,
    PortalModel,
    RunPlan,
    Schedule,
    ScheduleResult,
    ScheduleRunner,
)
from tests.support.crawl import FIXTURES, run_crawl
from tests.support.faults import LISTING_PATH, ServerThread, page_keys

MODEL = PortalModel.read(FIXTURES, "")
LAST_PAGE = max(MODEL.listing)
#: A plain article on the last listing page (not the pair, not the gone one, not listed twice).
DEEP_ARTICLE = next(a for a in MODEL.listing[LAST_PAGE]
                    if (a,) in MODEL.groups and sum(a in ids for ids in MODEL.listing.values()) == 1)
#: A plain article on the first listing page.
TOP_ARTICLE = next(a for a in MODEL.listing[1]
                   if (a,) in MODEL.groups and sum(a in ids for ids in MODEL.listing.values()) == 1)


def play(tmp_path, name: str, *runs: RunPlan, jobdir: bool = False,
         judge: bool = True) -> ScheduleResult:
    """Play a hand-written schedule; fail unless it held (``judge=False``: let the caller check
    its own promise first, then ``held``)."""
    result = ScheduleRunner(Schedule(name, list(runs), jobdir), tmp_path / "campaign").run()
    if judge:
        held(result)
    return result


def held(result: ScheduleResult) -> None:
    if not result.ok:
        pytest.fail(result.summary(), pytrace=False)


def faulty(result: ScheduleResult):
    return [run for run in result.runs if run.phase == "faulty"]


# --- an article that fails for a whole run ---------------------------------------------------------

def test_article_failing_a_whole_run_is_fetched_by_a_later_run(tmp_path):
    """503 on every try for one run: that run fails loudly, and a later run fetches the article
    although every listing page before it is covered."""
    result = play(tmp_path, "article fails a whole run",
                  RunPlan(faults={f"article:{DEEP_ARTICLE}": "status:503"}))
    first = faulty(result)[0]
    assert first.exit not in (0, None), result.summary()
    assert DEEP_ARTICLE in first.missing
    assert "failed: HTTP 503" in result.log_text(first)


def test_article_failing_two_runs_in_a_row_is_still_fetched(tmp_path):
    """Two failed runs (500, then a cut page) do not make it a permanent failure."""
    result = play(tmp_path, "article fails two runs",
                  RunPlan(faults={f"article:{DEEP_ARTICLE}": "always-500"}),
                  RunPlan(faults={f"article:{DEEP_ARTICLE}": "truncated"}))
    assert all(run.exit not in (0, None) for run in faulty(result)), result.summary()


# --- a torn feed tail after a completed run ------------------------------------------------------------

def test_torn_last_line_after_a_completed_run_comes_back(tmp_path):
    """A complete run, then the feed's last line is cut in half (a restore, a full disk): the
    article of that line is written again, once, by the next run."""
    result = play(tmp_path, "torn last line", RunPlan(after=["tear-feed:1:0.5"]))
    assert faulty(result)[0].exit == 0, result.summary()


def test_feed_cut_three_lines_from_the_end_comes_back(tmp_path):
    """The same, with the cut inside the third line from the end: three articles to restore."""
    result = play(tmp_path, "feed cut three lines back", RunPlan(after=["tear-feed:3:0.3"]))
    assert faulty(result)[0].exit == 0, result.summary()


# --- a maintenance page in the middle of the listing ------------------------------------------------

def check_maintenance(tmp_path, mode: str):
    result = play(tmp_path, f"listing page 2 {mode}", RunPlan(faults={"listing:2": mode}))
    first = faulty(result)[0]
    # Not taken for the natural end of the listing: a listing error, loud, naming the page.
    assert first.exit not in (0, None), result.summary()
    log = result.log_text(first)
    assert any(f"{LISTING_PATH}?Page=2" in line for line in log.splitlines()
               if " WARNING: " in line or " ERROR: " in line), \
        "no WARNING or ERROR line names the maintenance page's URL\n" + "\n".join(first.log)
    return result


def test_maintenance_page_in_the_portal_template_is_not_the_end_of_the_listing(tmp_path):
    check_maintenance(tmp_path, "maintenance")


def test_bare_maintenance_page_is_not_the_end_of_the_listing(tmp_path):
    check_maintenance(tmp_path, "maintenance:bare")


# --- the listing parser raising ----------------------------------------------------------------

def test_listing_parser_raising_is_an_error_not_an_empty_page(tmp_path):
    result = play(tmp_path, "listing parser raises on page 2", RunPlan(parser_raises=[2]))
    first = faulty(result)[0]
    assert first.exit not in (0, None), result.summary()
    log = result.log_text(first)
    assert "Fault injection: the listing parser raises on" in log
    # An ERROR with the exception's traceback, never an empty page.
    assert " ERROR: " in log and "Traceback (most recent call last)" in log \
        and "InjectedParserError" in log, "\n".join(first.log)


# --- a reused JOBDIR -----------------------------------------------------------------------------

def test_reused_jobdir_does_not_filter_the_retry_of_a_failed_article(tmp_path):
    """An article that failed in a run with JOBDIR is fetched again by the next run with the same
    JOBDIR (its scheduler's memory of seen requests must not drop the retry)."""
    result = play(tmp_path, "failed article, reused JOBDIR",
                  RunPlan(faults={f"article:{TOP_ARTICLE}": "status:503"}), jobdir=True)
    assert faulty(result)[0].exit not in (0, None), result.summary()


def test_reused_jobdir_full_recheck_reaches_the_portal(tmp_path):
    """After a finished run with JOBDIR, ``full=1`` with the same JOBDIR re-checks every article
    on the portal (conditional requests) and succeeds; it is not filtered down to nothing."""
    job, out = tmp_path / "job", tmp_path / "out"
    server = ServerThread(FIXTURES)
    with server:
        first = run_crawl(server.url, out, *HARNESS_SETTINGS, "-s", f"JOBDIR={job}")
        assert first.returncode == 0, first.stderr[-3000:]
        before = (out / FEED_FILE).read_bytes()
        server.faults.reset()
        again = run_crawl(server.url, out, *HARNESS_SETTINGS, "-s", f"JOBDIR={job}",
                          "-a", "full=1")
        requested = server.faults.requests()
    assert again.returncode == 0, again.stderr[-1500:]
    asked = {key for path in requested for key in page_keys(path) if key.startswith("article:")}
    listed = {f"article:{a}" for ids in MODEL.listing.values() for a in ids}
    assert asked == listed, f"never re-checked: {sorted(listed - asked)}"
    after = (out / FEED_FILE).read_bytes()
    assert after == before, "a full re-check of unchanged pages wrote lines"
    assert [json.loads(line)["article_id"] for line in after.splitlines()]


# --- found by the campaign ------------------------------------------------------------------------

@pytest.mark.parametrize("state", ["delete-state", "delete-state:main"])
def test_torn_feed_and_deleted_state_write_nothing_twice(tmp_path, state):
    """The feed's tail torn and the state deleted before the next run (a restore that brought
    back an older feed and no state): the state is rebuilt from the feed's whole lines, the torn
    articles come back, and nothing already in the feed is written again."""
    result = play(tmp_path, f"torn feed and {state}", RunPlan(after=["tear-feed:2:0.5", state]))
    assert faulty(result)[0].exit == 0, result.summary()


@pytest.mark.parametrize("moment", [2, 6])
def test_a_paused_crawl_resumes_without_failing(tmp_path, moment):
    """Ctrl-C with a JOBDIR is a pause (its own exit status); running the same command again
    resumes it and succeeds, and the next run is quiet. ``moment``: the request the Ctrl-C lands
    on (2: while listing page 1 is in flight; 6: among the first articles)."""
    result = play(tmp_path, f"Ctrl-C with JOBDIR at request {moment}",
                  RunPlan(interrupt_at=moment), jobdir=True, judge=False)
    paused = faulty(result)[0]
    if not paused.interrupted_at or paused.exit != 4:
        pytest.fail("not paused (exit 4):\n" + result.summary(), pytrace=False)
    resumed = next(run for run in result.runs if run.phase == "healthy")
    if resumed.exit != 0:
        pytest.fail(f"the resumed run exited {resumed.exit}:\n" + result.summary(), pytrace=False)
    held(result)


def test_a_resumed_pause_retries_what_failed_before_the_pause(tmp_path):
    """An article fails, then Ctrl-C pauses the crawl (JOBDIR). The run that resumes it re-queues
    the failed article: that request must reach the portal (not be dropped as already seen by the
    paused run), or the resumed run must not claim success."""
    result = play(tmp_path, "article fails, then a pause",
                  RunPlan(faults={f"article:{TOP_ARTICLE}": "status:503"}, interrupt_at=10),
                  jobdir=True, judge=False)
    paused = faulty(result)[0]
    failed = [line for line in result.log_text(paused).splitlines()
              if str(TOP_ARTICLE) in line and "503" in line]
    assert failed, "the article did not fail before the pause: the scenario was not played\n" + \
        result.summary()
    if paused.exit != 4:
        pytest.fail("not paused (exit 4):\n" + result.summary(), pytrace=False)
    held(result)


def test_a_listing_error_before_a_pause_still_fails_the_resumed_run(tmp_path):
    """Listing page 2 fails, then Ctrl-C pauses the crawl (JOBDIR). The run that resumes it has
    not walked the listing past page 1: it reads on, or it does not claim success."""
    result = play(tmp_path, "listing page 2 fails, then a pause",
                  # Ctrl-C when page 2's retry arrives: that answer is its last failure.
                  RunPlan(faults={"listing:2": "always-500"}, interrupt_at=2,
                          trip_key="listing:2"),
                  jobdir=True, judge=False)
    paused = faulty(result)[0]
    failed = [line for line in result.log_text(paused).splitlines()
              if "Page=2" in line and "500" in line]
    assert failed, "listing page 2 did not fail before the pause: the scenario was not played\n" \
        + result.summary()
    if paused.exit != 4:
        pytest.fail("not paused (exit 4):\n" + result.summary(), pytrace=False)
    held(result)


def test_a_jobdir_left_by_kill_does_not_break_later_runs(tmp_path):
    """``kill -9`` during a crawl with a JOBDIR leaves Scrapy's disk queue files half-written
    (empty files, their size header never flushed). The runs after it must still fetch every
    article, or fail saying why: not crash in the scheduler on every run, with the articles of
    the listing pages it could no longer queue never fetched (found by soak seeds 206, 215, 273)."""
    play(tmp_path, "kill -9 with a JOBDIR, then a maintenance page",
         RunPlan(kill_at=8), RunPlan(faults={"listing:3": "maintenance:bare"}), jobdir=True)
