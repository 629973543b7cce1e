"""The fork server the test crawls run from (``support.forked``) gives what ``python -m scrapy``
gives: the same exit status and standard error for a refused argument, the same feed for a crawl,
and the same end for a crawl stopped by a signal."""

from __future__ import annotations

import signal
import subprocess

import pytest

from tests.support import forked
from tests.support.crawl import ROOT, crawl_command, fixture_counts, run_crawl

pytestmark = pytest.mark.crawl


def plain(env: dict | None = None) -> dict:
    return {forked.FORK_VARIABLE: "0", **(env or {})}


def test_a_refused_argument_is_the_same_forked_or_not(tmp_path):
    if not forked.enabled():
        pytest.skip("VKSCRAWL_TESTS_FORK=0: every crawl is a plain subprocess")
    results = [run_crawl(None, tmp_path / name, "-a", "max_pages=0", env=env)
               for name, env in (("forked", None), ("plain", plain()))]
    assert [r.returncode for r in results] == [2, 2]
    assert results[0].stderr == results[1].stderr != ""
    assert results[0].stdout == results[1].stdout


def test_a_crawl_writes_the_same_feed_forked_or_not(portal, tmp_path):
    if not forked.enabled():
        pytest.skip("VKSCRAWL_TESTS_FORK=0: every crawl is a plain subprocess")
    feeds = []
    for name, env in (("forked", None), ("plain", plain())):
        result = run_crawl(portal, tmp_path / name, env=env)
        assert result.returncode == 0, result.stderr[-2000:]
        # Write order and which URL of a republished pair comes first depend on arrival;
        # the content does not.
        feeds.append(sorted((item["content_hash"], item["title"], item["body"])
                            for item in result.feed))
    assert feeds[0] == feeds[1] and len(feeds[0]) == fixture_counts().items


def test_a_forked_crawl_killed_by_a_signal_ends_by_it(portal, tmp_path):
    if not forked.enabled():
        pytest.skip("VKSCRAWL_TESTS_FORK=0: every crawl is a plain subprocess")
    command = crawl_command(portal, tmp_path / "out", "-s", "DOWNLOAD_DELAY=5")
    process = forked.ForkedProcess(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                                   stderr=tmp_path / "log", start_new_session=True)
    assert process.poll() is None
    process.kill()
    assert process.wait(timeout=60) == -signal.SIGKILL
    with pytest.raises(ValueError):
        forked.ForkedProcess(["python3", "-m", "vkscrawl.cli", "status"], cwd=ROOT)
