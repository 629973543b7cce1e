"""Start-up checks: an unusable file or setting is one line naming it and what to do, exit 2,
before any request, and nothing in the output folder changes but the refused run's line in
``runs.jsonl`` (when the folder exists and is writable: what a Scrapyd user reads)."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.crawl import FAST, FIXTURES, ROOT, run_crawl
from tests.support.faults import ServerThread

RUNS = "runs.jsonl"


def snapshot_of(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` and its digest (a folder as such)."""
    out = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        out[key] = "dir" if path.is_dir() else hashlib.sha256(path.read_bytes()).hexdigest()
    return out


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    """An output folder after one good crawl, to be copied and spoiled by each test."""
    out = tmp_path_factory.mktemp("crawled") / "out"
    with ServerThread(FIXTURES) as url:
        assert run_crawl(url, out).returncode == 0
    return out


def spoiled_copy(crawled: Path, tmp_path: Path) -> Path:
    import shutil

    out = tmp_path / "out"
    shutil.copytree(crawled, out)
    return out


def run_lines(out: Path) -> list[dict]:
    path = out / RUNS
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()] \
        if path.exists() else []


def refused(out: Path, *args: str, naming: tuple[str, ...], job: str | None = None) -> str:
    """Crawl ``out``: it must stop with exit 2 and one stderr line naming ``naming``, before any
    request and without changing a file but for one line in ``runs.jsonl`` when ``out`` is a
    folder (exit status 2 and the same reason)."""
    before = snapshot_of(out) if out.exists() else None
    runs_before = run_lines(out)
    server = ServerThread(FIXTURES)
    with server:
        result = run_crawl(server.url, out, *args, *(("-a", f"_job={job}") if job else ()))
    assert result.returncode == 2, result.stderr[-2000:]
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr[-2000:]
    assert lines[0].startswith("vkscrawl: error: ")
    for word in naming:
        assert word in lines[0], lines[0]
    assert server.faults.requests() == [], "a request was made before the check"
    if before is not None:
        after = snapshot_of(out)
        before.pop(RUNS, None)
        after.pop(RUNS, None)
        assert after == before, "the output folder changed"
        new = run_lines(out)[len(runs_before):]
        assert len(new) == 1, new
        assert new[0]["exit_status"] == 2
        assert new[0]["reason"] == lines[0][len("vkscrawl: error: "):]
        assert new[0]["start_url"] == server.url
        if job:
            assert new[0]["run_id"] == job
    return lines[0]


def test_corrupt_state_file(crawled, tmp_path):
    out = spoiled_copy(crawled, tmp_path)
    (out / "state.sqlite3").write_bytes(b"this is not a database" * 100)
    for leftover in ("state.sqlite3-wal", "state.sqlite3-shm"):
        (out / leftover).unlink(missing_ok=True)
    line = refused(out, naming=(str(out / "state.sqlite3"), "move it away", "rebuilds it"))
    assert "not a readable SQLite database" in line


def test_broken_line_in_the_middle_of_the_feed(crawled, tmp_path):
    out = spoiled_copy(crawled, tmp_path)
    feed = out / "local_news.jsonl"
    lines = feed.read_bytes().splitlines(keepends=True)
    lines[4] = lines[4][: len(lines[4]) // 2] + b"\n"
    feed.write_bytes(b"".join(lines))
    refused(out, naming=(str(feed), "line 5", "fix or remove that line"))


def test_feed_path_that_is_a_folder(tmp_path):
    out = tmp_path / "out"
    (out / "local_news.jsonl").mkdir(parents=True)
    refused(out, naming=("local_news.jsonl", "is a folder"))


def test_log_file_in_a_missing_folder(tmp_path):
    log = tmp_path / "no" / "such" / "crawl.log"
    refused(tmp_path / "out", "-s", f"LOG_FILE={log}", naming=("LOG_FILE", "does not exist"))
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("setting, value", [
    ("DOWNLOAD_DELAY", "abc"),
    ("RETRY_TIMES", "-1"),
    ("CONCURRENT_REQUESTS", "many"),
    ("SPIDERMON_MIN_ITEMS", "lots"),
    ("SPIDERMON_MAX_ERRORS", "1.5"),
    ("SPIDERMON_UNWANTED_HTTP_CODES", '{"503": 10'),
    ("SPIDERMON_FIELD_COVERAGE_RULES", '{"dict/title": 2}'),
    ("VKSCRAWL_MAX_ATTEMPTS", "0"),
    ("VKSCRAWL_DRIFT_MIN_PORTAL_SHARE", "1.5"),
    ("ROBOTSTXT_OBEY", "perhaps"),
])
def test_malformed_setting(tmp_path, setting, value):
    refused(tmp_path / "out", "-s", f"{setting}={value}", naming=(setting, "expected"))
    assert not (tmp_path / "out").exists()


def test_torn_last_line_is_not_refused_but_repaired(crawled, tmp_path):
    """The tail a crash can tear is repaired at start; only a broken line before it is refused."""
    out = spoiled_copy(crawled, tmp_path)
    feed = out / "local_news.jsonl"
    whole = feed.read_bytes()
    feed.write_bytes(whole[:-200])
    with ServerThread(FIXTURES) as url:
        result = run_crawl(url, out)
    assert result.returncode == 0, result.stderr[-2000:]
    assert feed.read_bytes().count(b"\n") == whole.count(b"\n")


def test_a_scrapyd_job_refused_at_start_leaves_its_line(crawled, tmp_path):
    """Scrapyd passes its job id as ``-a _job=...``: a refused job's line in runs.jsonl carries
    it, so the user finds the job's outcome where a finished job's is."""
    out = spoiled_copy(crawled, tmp_path)
    refused(out, "-s", "VKSCRAWL_MAX_ATTEMPTS=0", naming=("VKSCRAWL_MAX_ATTEMPTS",),
            job="9f1c2d")


def test_a_refused_run_on_a_new_empty_folder_writes_only_its_line(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    refused(out, "-s", "DOWNLOAD_DELAY=abc", naming=("DOWNLOAD_DELAY",))
    assert sorted(p.name for p in out.iterdir()) == [RUNS]


def test_an_empty_output_folder_setting_is_refused(tmp_path):
    """``-s VKSCRAWL_OUTPUT_DIR=`` would put the feed, the ledger and the snapshots in whatever
    folder the command runs in: refused, and nothing written there."""
    here = tmp_path / "cwd"
    here.mkdir()
    with ServerThread(FIXTURES) as url:
        proc = subprocess.run(
            [sys.executable, "-m", "scrapy", "crawl", "local_news", "-a", f"start_url={url}",
             "-s", "VKSCRAWL_OUTPUT_DIR=", *FAST], cwd=here, capture_output=True, text=True,
            timeout=120, env={**os.environ, "SCRAPY_SETTINGS_MODULE": "vkscrawl.settings",
                              "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2, proc.stderr[-2000:]
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "VKSCRAWL_OUTPUT_DIR" in lines[0] and "expected" in lines[0], \
        proc.stderr
    assert list(here.iterdir()) == []


@pytest.mark.parametrize("level", ["warning", "Info", "DEBUG", "error"])
def test_log_level_names_are_taken_in_any_case(portal, tmp_path, level):
    result = run_crawl(portal, tmp_path / "out", "-a", "max_pages=1", "-s", f"LOG_LEVEL={level}",
                       "-s", "VKSCRAWL_CONTACT=mailto:ops@example.org")
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    assert ("INFO:" in result.stderr) == (level.upper() in ("INFO", "DEBUG")), \
        result.stderr[-1000:]


@pytest.mark.parametrize("level", ["loud", "warn ing", "-1"])
def test_an_unknown_log_level_is_refused(tmp_path, level):
    line = refused(tmp_path / "out", "-s", f"LOG_LEVEL={level}", naming=("LOG_LEVEL", "expected"))
    assert "WARNING" in line
    assert not (tmp_path / "out").exists()
