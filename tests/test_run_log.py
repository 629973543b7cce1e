"""What a crawl says in its log: nothing at WARNING after a healthy run (what cron mails), the
same WARNING count in its stats as in its log, a failure's reason said once, and progress lines
that say what remains, phase by phase, at most every PROGRESS_EVERY responses."""

from __future__ import annotations

import re

from tests.support.crawl import FIXTURES, fixture_counts, run_crawl
from tests.support.faults import ServerThread
from vkscrawl.scrapy_ext.extensions import MONITORS_FAILED_KEY, run_failures
from vkscrawl.scrapy_ext.jobdir import MARK
from vkscrawl.spiders.progress import PROGRESS_EVERY

CONTACT = ("-s", "VKSCRAWL_CONTACT=mailto:ops@example.org")


def test_a_healthy_crawl_says_nothing_at_warning_level(portal, tmp_path):
    """cron with LOG_LEVEL=WARNING mails whatever a run prints: after a good run, nothing (the
    offline portal's taken-down article is news of the portal, in the feed and the counts)."""
    result = run_crawl(portal, tmp_path / "out", "-s", "LOG_LEVEL=WARNING", *CONTACT)
    assert result.returncode == 0
    assert result.stderr == ""
    assert len(result.feed) == fixture_counts().items


def test_the_stats_count_every_warning_the_log_shows(portal, tmp_path):
    """A WARNING logged while the crawl starts (a JOBDIR left by a killed run is discarded, before
    the spider opens) is in the stats' log_count as it is in the log."""
    job = tmp_path / "job"
    job.mkdir()
    (job / MARK).write_text("999999999\n")  # a run that is gone
    (job / "requests.queue").mkdir()
    result = run_crawl(portal, tmp_path / "out", "-s", f"JOBDIR={job}", "-s", "LOG_LEVEL=INFO")
    assert result.returncode == 0, result.stderr[-2000:]
    warnings = [line for line in result.stderr.splitlines() if "] WARNING: " in line]
    assert any("was left by a run that was killed" in line for line in warnings), warnings
    assert result.stats["log_count/WARNING"] == len(warnings), warnings


def test_a_failed_run_names_its_failure_once(tmp_path):
    """The ERROR lines of a failed article are that failure: the reason does not repeat them as
    a failed Error Count Monitor."""
    with ServerThread(FIXTURES, faults={"article:11418": "always-500"}) as url:
        result = run_crawl(url, tmp_path / "out", *CONTACT)
    assert result.returncode == 1
    last = result.stderr.strip().splitlines()[-1]
    assert "1 article fetch(es) failed" in last and "Error Count Monitor" not in last, last
    assert "Unwanted HTTP codes monitor" in last, last  # another monitor's own finding stays


def test_the_error_monitor_is_named_when_nothing_else_explains_the_errors():
    class Spider:
        start_url, paging_end, listing_failed = "http://x.invalid/", "end of listing", False

    stats = {"vkscrawl/listing_pages": 3, "item_scraped_count": 1,
             "vkscrawl/articles_requested": 1, "finish_reason": "finished",
             MONITORS_FAILED_KEY: ["Error Count Monitor (1 ERROR line(s) in the log, "
                                   "SPIDERMON_MAX_ERRORS=0)"]}
    assert run_failures(stats, Spider()) == [
        "monitors failed: Error Count Monitor (1 ERROR line(s) in the log, "
        "SPIDERMON_MAX_ERRORS=0)"]
    stats["vkscrawl/article_errors"] = 1
    assert not any("Error Count" in reason for reason in run_failures(stats, Spider()))


def test_progress_says_what_remains_phase_by_phase(portal, tmp_path):
    """A line when a phase's first response is handled, then one every PROGRESS_EVERY, each
    saying how many of how many (read from the lines' own counts, not from their timing: the
    downloader may fetch on while a response is parsed)."""
    result = run_crawl(portal, tmp_path / "out", *CONTACT)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stderr.splitlines()
    for phase, markers in (("articles", ("-d8-t", "ItemID=")), ("images", ("/Uploads/",))):
        said = [re.search(rf"Progress: {phase} (\d+) of (\d+)", line) for line in lines]
        counts = [(int(m.group(1)), int(m.group(2))) for m in said if m]
        handled = sum("Crawled (" in line and any(m in line for m in markers) for line in lines)
        assert counts and handled, phase
        assert [n for n, _ in counts] == [1, *range(PROGRESS_EVERY, handled + 1,
                                                     PROGRESS_EVERY)], (phase, counts, handled)
        assert all(n <= total for n, total in counts), counts
