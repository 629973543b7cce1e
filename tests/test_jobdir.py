"""The JOBDIR mark names one process, not one pid: a pid the system has handed to another process
since (after a reboot, say) must not make every later run refuse the JOBDIR, and a crawl that
really runs must still be recognised."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.crawl import fixture_counts, run_crawl
from vkscrawl.scrapy_ext.jobdir import MARK, mark_text, process_start, running_pid

needs_proc = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="no /proc")


@pytest.fixture
def other_process():
    """A live process that is not a crawl (it waits for its standard input to close)."""
    proc = subprocess.Popen([sys.executable, "-c", "import sys; sys.stdin.read()"],
                            stdin=subprocess.PIPE)
    yield proc
    proc.stdin.close()
    proc.wait(timeout=30)


@needs_proc
def test_a_live_marking_process_is_running(other_process, tmp_path):
    (tmp_path / MARK).write_text(mark_text(other_process.pid))
    assert running_pid(tmp_path) == other_process.pid


@needs_proc
def test_a_pid_now_held_by_another_process_is_not_running(other_process, tmp_path):
    start = process_start(other_process.pid)
    assert start is not None and start.isdigit()
    (tmp_path / MARK).write_text(f"{other_process.pid} {int(start) + 1}\n")
    assert running_pid(tmp_path) is None


def test_a_mark_of_a_process_that_is_gone(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait(timeout=30)
    (tmp_path / MARK).write_text(f"{proc.pid}\n")
    assert running_pid(tmp_path) is None


def test_a_mark_without_a_start_time_is_read_by_its_pid(other_process, tmp_path):
    (tmp_path / MARK).write_text(f"{other_process.pid}\n")
    assert running_pid(tmp_path) == other_process.pid


@needs_proc
def test_a_crawl_goes_on_when_its_jobdir_mark_names_a_reused_pid(portal, other_process, tmp_path):
    out, job = tmp_path / "out", tmp_path / "job"
    job.mkdir()
    start = int(process_start(other_process.pid))
    (job / MARK).write_text(f"{other_process.pid} {start + 1}\n")
    result = run_crawl(portal, out, "-s", f"JOBDIR={job}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "was left by a run that was killed" in result.stderr
    assert len(result.feed) == fixture_counts().items
    assert not (job / MARK).exists()
