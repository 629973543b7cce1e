"""Incremental, interrupted and resumed crawls of the offline portal, over loopback HTTP."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

from tests.support.crawl import FAST, ROOT, run_crawl, start_crawl_process

NEW_ID = 13999
NEW_PATH = f"/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-moi-xuat-ban-d8-t{NEW_ID}.html"


def listing_requests(result) -> list[str]:
    return [u for u in result.requested() if "tin-hoat-dong-vksnd-dia-phuong" in u
            and not u.endswith(".html")]


def article_requests(result) -> list[str]:
    return [u for u in result.requested() if u.endswith(".html") or "ItemID" in u]


def any_article(fixtures: Path) -> tuple[Path, dict]:
    """An article fixture that is served (200) and written, to copy or edit."""
    for meta_file in sorted(fixtures.glob("articles/*/fixture.json")):
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta.get("status", 200) == 200 and meta.get("in_feed", True) \
                and not meta.get("same_content_as"):
            return meta_file.parent, meta
    raise AssertionError("no plain article fixture")


def publish_new_article(fixtures: Path) -> None:
    """A new article appears: its page, and its teaser on top of the first listing page."""
    source, meta = any_article(fixtures)
    folder = fixtures / "articles" / "99-new-article"
    folder.mkdir()
    page = (source / "page.html").read_text("utf-8")
    page = page.replace(meta["path"], NEW_PATH)
    page = re.sub(r"<h1([^>]*)>(.*?)</h1>", r"<h1\1>Tin mới: \2</h1>", page, count=1, flags=re.S)
    page = page.replace(f"-t{meta['article_id']}.html", f"-t{NEW_ID}.html")
    (folder / "page.html").write_text(page, "utf-8")
    (folder / "fixture.json").write_text(json.dumps(
        {"article_id": NEW_ID, "path": NEW_PATH, "status": 200, "covers": "test: a new article"}))
    listing = fixtures / "portal" / "listing" / "page-1.html"
    html = listing.read_text("utf-8")
    teaser = ('<div class="item-news"><h3><a href="%s">Tin mới xuất bản</a></h3>'
              '<span class="date">01/01/2026</span><p class="sapo">Tin mới.</p></div>' % NEW_PATH)
    html, count = re.subn(r'(<div class="list-news"[^>]*>)', r"\1" + teaser, html, count=1)
    assert count == 1, "listing markup changed: update publish_new_article"
    listing.write_text(html, "utf-8")


def test_nothing_new_costs_one_listing_page(portal_copy, tmp_path):
    url, _ = portal_copy
    out = tmp_path / "out"
    first = run_crawl(url, out)
    assert first.returncode == 0, first.stderr[-2000:]
    before = first.feed
    second = run_crawl(url, out)
    assert second.returncode == 0, second.stderr[-2000:]
    assert len(listing_requests(second)) <= 2
    assert article_requests(second) == []
    assert second.feed == before


def test_new_article_is_the_only_thing_written(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    first = run_crawl(url, out)
    assert first.returncode == 0, first.stderr[-2000:]
    before = first.feed
    publish_new_article(fixtures)
    second = run_crawl(url, out)
    assert second.returncode == 0, second.stderr[-2000:]
    new_lines = second.feed[len(before):]
    assert [item["article_id"] for item in new_lines] == [NEW_ID]
    assert len(listing_requests(second)) <= 2
    assert [u for u in article_requests(second)] == [url.split("/tin-tuc/")[0] + NEW_PATH]


def test_edited_article_is_written_again_with_new_hash(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    first = run_crawl(url, out)
    assert first.returncode == 0, first.stderr[-2000:]
    before = first.feed
    folder, meta = any_article(fixtures)
    page = (folder / "page.html").read_text("utf-8")
    edited = re.sub(r"(<div class=\"content-detail\"[^>]*>)",
                    r"\1<p>Đoạn văn được bổ sung sau khi đăng.</p>", page, count=1)
    assert edited != page, "content markup changed: update this test"
    (folder / "page.html").write_text(edited, "utf-8")
    again = run_crawl(url, out, "-a", "full=1")
    assert again.returncode == 0, again.stderr[-2000:]
    new_lines = again.feed[len(before):]
    assert [item["article_id"] for item in new_lines] == [meta["article_id"]]
    old = next(i for i in before if i["article_id"] == meta["article_id"])
    assert new_lines[0]["content_hash"] != old["content_hash"]
    assert "Đoạn văn được bổ sung sau khi đăng." in new_lines[0]["body"]


def start_crawl(url: str, out: Path, *args: str, stderr=subprocess.DEVNULL) -> subprocess.Popen:
    command = [sys.executable, "-m", "scrapy", "crawl", "local_news", "-a", f"start_url={url}",
               "-s", f"VKSCRAWL_OUTPUT_DIR={out}", *FAST, *args]
    return start_crawl_process(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=stderr,
                               start_new_session=True)


def wait_for_lines(feed: Path, count: int, proc: subprocess.Popen, deadline: float) -> int:
    """Poll the feed until it has `count` lines (or the crawl ended, or time ran out)."""
    while time.monotonic() < deadline:
        lines = feed.read_bytes().count(b"\n") if feed.exists() else 0
        if lines >= count or proc.poll() is not None:
            return lines
        time.sleep(0.01)
    raise AssertionError(f"the feed never reached {count} lines")


def contents(feed: list[dict]) -> list[str]:
    """The feed's content hashes, one per article: which number of a republished pair is written
    depends on which page arrives first, the content does not."""
    hashes = sorted(item["content_hash"] for item in feed)
    assert len(hashes) == len(set(hashes)), "the same content was written twice"
    return hashes


def test_killed_crawl_leaves_no_hole_and_no_duplicate(portal, healthy_crawl, tmp_path):
    out = tmp_path / "out"
    reference = healthy_crawl
    expected = contents(reference.feed)
    # Slow enough that the kill lands part-way: after the first listing page's articles.
    proc = start_crawl(portal, out, "-s", "DOWNLOAD_DELAY=0.2")
    lines = wait_for_lines(out / "local_news.jsonl", 6, proc, time.monotonic() + 120)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert lines < len(expected), "the crawl finished before it could be killed"
    again = run_crawl(portal, out)
    assert again.returncode == 0, again.stderr[-2000:]
    raw = (out / "local_news.jsonl").read_bytes()
    assert raw.endswith(b"\n")
    items = [json.loads(line) for line in raw.splitlines()]
    assert [i for i, n in Counter(i["article_id"] for i in items).items() if n > 1] == []
    assert contents(items) == expected


def test_partial_last_line_is_repaired(portal, tmp_path):
    out = tmp_path / "out"
    first = run_crawl(portal, out, "-a", "max_pages=1")
    assert first.returncode == 0
    feed = out / "local_news.jsonl"
    whole = feed.read_bytes()
    lines = whole.splitlines(keepends=True)
    # A crash in the middle of the last line: keep half of it, as a torn write would.
    feed.write_bytes(b"".join(lines[:-1]) + lines[-1][: len(lines[-1]) // 2])
    again = run_crawl(portal, out)
    assert again.returncode == 0, again.stderr[-2000:]
    raw = feed.read_bytes()
    ids = [json.loads(line)["article_id"] for line in raw.splitlines()]
    assert len(ids) == len(set(ids))
    assert json.loads(lines[-1])["article_id"] in ids


def test_jobdir_pause_and_resume(portal, healthy_crawl, tmp_path):
    out, job = tmp_path / "out", tmp_path / "job"
    reference = healthy_crawl
    log = tmp_path / "paused.log"
    with open(log, "w") as stderr:
        proc = start_crawl(portal, out, "-s", f"JOBDIR={job}", "-s", "DOWNLOAD_DELAY=0.2",
                           stderr=stderr)
        wait_for_lines(out / "local_news.jsonl", 3, proc, time.monotonic() + 120)
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: Scrapy closes gracefully and keeps the queue
        # A pause is not a failure: an exit status of its own, and the way on in words.
        assert proc.wait(timeout=120) == 4
    last = log.read_text().strip().splitlines()[-1]
    assert last == (f"vkscrawl: crawl paused: stopped by the operator; run the same command "
                    f"again to resume (JOBDIR={job})"), last
    assert (job / "requests.queue").exists()
    runs = [json.loads(line) for line in (out / "runs.jsonl").read_text().splitlines()]
    assert [run["exit_status"] for run in runs] == [4]
    resumed = run_crawl(portal, out, "-s", f"JOBDIR={job}")
    assert resumed.returncode == 0, resumed.stderr[-2000:]
    assert contents(resumed.feed) == contents(reference.feed)
    # The finished run leaves no memory in the JOBDIR that would filter the next run's requests.
    assert (job / "requests.seen").read_bytes() == b""
    again = run_crawl(portal, out, "-s", f"JOBDIR={job}", "-a", "full=1")
    assert again.returncode == 0, again.stderr[-2000:]
    assert "dupefilter/filtered" not in again.stats
    assert again.stats["vkscrawl/articles_not_modified"] == len(reference.feed) + 1
    shutil.rmtree(job)


def test_jobdir_left_by_a_killed_run_is_discarded_not_trusted(portal, healthy_crawl, tmp_path):
    """kill -9 leaves Scrapy's disk queues half-written (their headers are written at close):
    the next run must not crash in the scheduler on them, nor trust them; the ledger owes it
    everything they held."""
    out, job = tmp_path / "out", tmp_path / "job"
    reference = healthy_crawl
    proc = start_crawl(portal, out, "-s", f"JOBDIR={job}", "-s", "DOWNLOAD_DELAY=0.2")
    wait_for_lines(out / "local_news.jsonl", 3, proc, time.monotonic() + 120)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert (job / "vkscrawl-run.pid").exists(), "the killed run left no mark"
    queues = [p for p in (job / "requests.queue").rglob("*") if p.is_file()]
    assert queues, "the killed run left no queue"
    for queue in queues:  # what a kill can leave: files whose header never reached the disk
        queue.write_bytes(b"")
    again = run_crawl(portal, out, "-s", f"JOBDIR={job}")
    assert again.returncode == 0, again.stderr[-3000:]
    assert "was left by a run that was killed" in again.stderr
    assert "Traceback" not in again.stderr
    assert contents(again.feed) == contents(reference.feed)
    assert not (job / "vkscrawl-run.pid").exists()


def test_jobdir_in_use_by_a_running_crawl_is_refused(portal, tmp_path):
    out, job = tmp_path / "out", tmp_path / "job"
    proc = start_crawl(portal, tmp_path / "first", "-s", f"JOBDIR={job}", "-s",
                       "DOWNLOAD_DELAY=0.5")
    try:
        wait_for_lines(tmp_path / "first" / "local_news.jsonl", 1, proc, time.monotonic() + 120)
        second = run_crawl(portal, out, "-s", f"JOBDIR={job}")
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=60)
    assert second.returncode == 2
    assert second.stderr.strip().splitlines() == [
        f"vkscrawl: error: JOBDIR={str(job)!r} is in use by a running crawl (pid {proc.pid}); "
        "wait for it, or give this run a JOBDIR of its own"]


def test_full_rerun_uses_conditional_requests(portal, tmp_path):
    out = tmp_path / "out"
    first = run_crawl(portal, out)
    assert first.returncode == 0, first.stderr[-2000:]
    before = first.feed
    again = run_crawl(portal, out, "-a", "full=1")
    assert again.returncode == 0, again.stderr[-2000:]
    stats = again.stats
    # Every article page that answered 200 the first time answers 304 now: no body, no item.
    assert stats["vkscrawl/articles_not_modified"] == len(before) + 1  # + the republished copy
    assert stats["downloader/response_status_count/304"] == stats["vkscrawl/articles_not_modified"]
    assert again.feed == before


def test_recent_article_is_fetched_again_within_the_window(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    publish_new_article(fixtures)
    today = time.strftime("%d/%m/%Y", time.gmtime(time.time() + 7 * 3600))
    listing = fixtures / "portal" / "listing" / "page-1.html"
    listing.write_text(listing.read_text("utf-8").replace("01/01/2026", today, 1), "utf-8")
    first = run_crawl(url, out)
    assert first.returncode == 0, first.stderr[-2000:]
    second = run_crawl(url, out)
    assert second.returncode == 0, second.stderr[-2000:]
    refetched = article_requests(second)
    assert refetched == [url.split("/tin-tuc/")[0] + NEW_PATH]
    assert second.stats["vkscrawl/articles_not_modified"] == 1
    assert second.feed == first.feed
