"""Stopping a crawl and running two at once, with real signals to real crawl processes.

A tripwire on the offline portal holds a chosen request unanswered, so the signal lands while the
crawl is mid-way, at a reproducible moment, without sleeping:

- Ctrl-C without a JOBDIR: the run says it was stopped by the operator (not a monitor's words),
  exits 1 and leaves its line in runs.jsonl;
- Ctrl-C twice: still a line in runs.jsonl and a reason that says what happened;
- Ctrl-C with a JOBDIR: a pause (exit 4) that says how to resume and logs no ERROR; the resumed
  run fetches no article twice;
- a second crawl on an output folder a crawl is using is refused at start (exit 2, one line); a
  crawl killed with -9 leaves no lock behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections import Counter
from pathlib import Path

from tests.support.crawl import FIXTURES, ROOT, crawl_command, fixture_counts, run_crawl
from tests.support.faults import ServerThread, page_keys

CONTACT = ("-s", "VKSCRAWL_CONTACT=mailto:ops@example.org")


class Crawl:
    """A crawl process whose stderr is read as it comes: ``saw(words)`` waits for a log line."""

    def __init__(self, url: str, out: Path, *args: str):
        self.proc = subprocess.Popen(crawl_command(url, out, *CONTACT, *args), cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True, start_new_session=True)
        self.lines: list[str] = []
        self._seen = threading.Condition()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self):
        for line in self.proc.stderr:
            with self._seen:
                self.lines.append(line.rstrip("\n"))
                self._seen.notify_all()
        with self._seen:
            self.lines.append(None)
            self._seen.notify_all()

    def saw(self, words: str, timeout: float = 60) -> bool:
        with self._seen:
            return self._seen.wait_for(
                lambda: any(line is None or words in line for line in self.lines), timeout) \
                and any(line is not None and words in line for line in self.lines)

    def signal(self, signum=signal.SIGINT) -> None:
        os.killpg(self.proc.pid, signum)

    def wait(self) -> int:
        code = self.proc.wait(timeout=120)
        self._reader.join(30)
        return code

    @property
    def log(self) -> list[str]:
        return [line for line in self.lines if line is not None]


def run_lines(out: Path) -> list[dict]:
    path = out / "runs.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] \
        if path.exists() else []


def held_crawl(server: ServerThread, out: Path, at: int, *args: str) -> tuple[Crawl, object]:
    """A crawl whose ``at``-th request the portal holds: returned once it is held."""
    tripwire = server.faults.trip_at(at)
    crawl = Crawl(server.url, out, *args)
    assert tripwire.reached.wait(60), "the crawl never made that request"
    return crawl, tripwire


def test_ctrl_c_once_stops_the_run_and_says_so(tmp_path):
    out = tmp_path / "out"
    server = ServerThread(FIXTURES)
    with server:
        crawl, tripwire = held_crawl(server, out, 6)
        crawl.signal()
        assert crawl.saw("shutting down gracefully")
        tripwire.release()
        assert crawl.wait() == 1
    last = crawl.log[-1]
    assert last.startswith("vkscrawl: crawl failed: stopped by the operator"), last
    assert "Monitor" not in last and "shutdown" not in last, last
    [run] = run_lines(out)
    assert run["exit_status"] == 1 and run["reason"] == last[len("vkscrawl: crawl failed: "):]


def test_ctrl_c_twice_still_leaves_the_runs_line_and_a_reason(tmp_path):
    out = tmp_path / "out"
    server = ServerThread(FIXTURES)
    with server:
        crawl, tripwire = held_crawl(server, out, 6)
        crawl.signal()
        assert crawl.saw("shutting down gracefully")
        # The held request keeps the graceful shutdown waiting: the second Ctrl-C cuts it short.
        crawl.signal()
        assert crawl.saw("forcing unclean shutdown")
        code = crawl.wait()
        tripwire.release()
    assert code == 1
    last = crawl.log[-1]
    assert last.startswith("vkscrawl: crawl failed: stopped by the operator at once"), last
    [run] = run_lines(out)
    assert run["exit_status"] == 1 and run["reason"].startswith("stopped by the operator at once")
    assert run["counts"]["listing_pages"] >= 1
    # What it wrote stays; the next run completes the feed.
    with ServerThread(FIXTURES) as url:
        again = run_crawl(url, out, *CONTACT)
    assert again.returncode == 0, again.stderr[-2000:]
    ids = [item["article_id"] for item in again.feed]
    assert len(ids) == len(set(ids)) == fixture_counts().items


def test_a_jobdir_pause_says_how_to_resume_and_the_resume_fetches_nothing_twice(tmp_path):
    out, job = tmp_path / "out", tmp_path / "job"
    server = ServerThread(FIXTURES)
    with server:
        crawl, tripwire = held_crawl(server, out, 8, "-s", f"JOBDIR={job}")
        crawl.signal()
        assert crawl.saw("shutting down gracefully")
        tripwire.release()
        assert crawl.wait() == 4
        paused_requests = server.faults.requests()
        server.faults.reset()
        resumed = run_crawl(server.url, out, *CONTACT, "-s", f"JOBDIR={job}")
        resumed_requests = server.faults.requests()
    assert crawl.log[-1] == (f"vkscrawl: crawl paused: stopped by the operator; run the same "
                             f"command again to resume (JOBDIR={job})"), crawl.log[-1]
    assert not [line for line in crawl.log if "ERROR" in line], crawl.log
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    fetched = Counter(key for path in paused_requests + resumed_requests
                      for key in page_keys(path) if key.startswith("article:"))
    assert fetched and max(fetched.values()) == 1, \
        {key: n for key, n in fetched.items() if n > 1}
    ids = [item["article_id"] for item in resumed.feed]
    assert len(ids) == len(set(ids)) == fixture_counts().items
    assert [run["exit_status"] for run in run_lines(out)] == [4, 0]


def test_a_second_crawl_on_a_folder_in_use_is_refused(tmp_path):
    out = tmp_path / "out"
    server = ServerThread(FIXTURES)
    with server:
        first, tripwire = held_crawl(server, out, 4)
        second = run_crawl(server.url, out, *CONTACT)
        tripwire.release()
        assert first.wait() == 0, first.log[-20:]
    assert second.returncode == 2, second.stderr[-2000:]
    lines = second.stderr.strip().splitlines()
    assert len(lines) == 1 and "in use by a running crawl" in lines[0], second.stderr[-2000:]
    assert f"pid {first.proc.pid}" in lines[0]
    assert [run["exit_status"] for run in run_lines(out)] == [2, 0]
    ids = [json.loads(line)["article_id"]
           for line in (out / "local_news.jsonl").read_text().splitlines()]
    assert len(ids) == len(set(ids)) == fixture_counts().items


def test_a_crawl_killed_with_minus_9_leaves_no_lock(tmp_path):
    out = tmp_path / "out"
    server = ServerThread(FIXTURES)
    with server:
        crawl, tripwire = held_crawl(server, out, 4)
        crawl.signal(signal.SIGKILL)
        assert crawl.wait() == -9
        tripwire.release()
        server.faults.reset()
        again = run_crawl(server.url, out, *CONTACT)
    assert again.returncode == 0, again.stderr[-2000:]
    assert len(again.feed) == fixture_counts().items
