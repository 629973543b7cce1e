"""``events.jsonl`` kept current from the feed (vkscrawl/digest/events_file.py): read by the
feed's byte-offset contract, append-only, crash-safe, idempotent; by real crawls of the offline
portal over loopback, by ``vkscrawl reparse --events``, and by writers killed with SIGKILL."""

from __future__ import annotations

import copy
import json
import os
import random
import re
import signal
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.support.crawl import FAST, FIXTURES, ROOT, run_crawl
from tests.support.events_quality import fixture_items
from tests.support.faults import ServerThread
from vkscrawl.digest import events_of
from vkscrawl.digest.events import schema_text
from vkscrawl.digest.events_file import (EventsError, last_lines, state_path, update_events)

BIN = Path(sys.executable).parent


def write_feed(path: Path, lines: list[dict], mode: str = "a") -> None:
    with open(path, mode, encoding="utf-8") as f:
        for line in lines:
            f.write(json.dumps(line, ensure_ascii=False) + "\n")


def expected_events(feed: Path) -> dict[str, dict]:
    """What the events file must hold as last lines: the events of each article's last feed line
    (none for an article whose last line is a deletion marker)."""
    last: dict[int, dict] = {}
    for raw in feed.read_bytes().splitlines(keepends=True):
        if raw.endswith(b"\n"):
            line = json.loads(raw)
            last[line["article_id"]] = line
    return {event["event_id"]: event for line in last.values() if not line.get("deleted")
            for event in events_of(line)}


def live_events(events: Path) -> dict[str, dict]:
    return {k: v for k, v in last_lines(events).items() if v.get("deleted") is not True}


def check_consistent(feed: Path, events: Path) -> list[dict]:
    """The events file is whole lines, valid, and its last line per event is the feed's event;
    returns its lines."""
    raw = events.read_bytes()
    assert raw == b"" or raw.endswith(b"\n"), "a partial last line"
    lines = [json.loads(line) for line in raw.splitlines()]
    validator = Draft202012Validator(json.loads(schema_text()))
    for line in lines:
        assert not list(validator.iter_errors(line)), line["event_id"]
    assert live_events(events) == expected_events(feed)
    return lines


@pytest.fixture
def items() -> list[dict]:
    unique = {}
    for item in fixture_items():  # one of a republished pair, as the feed holds it
        unique.setdefault(item["content_hash"], item)
    return list(unique.values())


@pytest.fixture
def folder(tmp_path) -> tuple[Path, Path]:
    return tmp_path / "local_news.jsonl", tmp_path / "events.jsonl"


# --- reading the feed incrementally ---------------------------------------------------------------

def test_only_complete_new_lines_are_read_and_a_second_update_writes_nothing(items, folder):
    feed, events = folder
    half = len(items) // 2
    write_feed(feed, items[:half])
    first = update_events(feed, events)
    assert first.feed_lines == half and first.reread
    check_consistent(feed, events)
    # the rest, and a line being written (no newline yet)
    write_feed(feed, items[half:])
    partial = json.dumps(items[0], ensure_ascii=False).encode()[:50]
    with open(feed, "ab") as f:
        f.write(partial)
    second = update_events(feed, events)
    assert second.feed_lines == len(items) - half and not second.reread
    assert second.offset == feed.stat().st_size - len(partial)
    before = events.read_bytes()
    assert update_events(feed, events).events_written == 0
    assert events.read_bytes() == before
    with open(feed, "ab") as f:  # the line completed: read, not the whole feed again
        f.write(json.dumps(items[0], ensure_ascii=False).encode()[50:] + b"\n")
    third = update_events(feed, events)
    assert (third.feed_lines, third.events_written, third.reread) == (1, 0, False)
    assert not update_events(feed, events).reread  # at the end of the feed: nothing to read
    # the state lost: read again from the start, nothing written twice
    state_path(events).unlink()
    again = update_events(feed, events)
    assert again.reread and again.feed_lines == len(items) + 1
    assert (again.events_written, again.deletions_written) == (0, 0)
    lines = check_consistent(feed, events)
    assert len(lines) == len({line["event_id"] for line in lines}) == 76
    # the state's documented name, beside the events file
    assert state_path(events) == events.with_name("events.state.json")
    state_path(events).write_text("{not json")  # unreadable: read again, nothing twice
    assert update_events(feed, events).reread
    assert len(events.read_bytes().splitlines()) == 76


def test_an_article_seen_several_times_in_one_update(items, folder):
    feed, events = folder
    digest = next(i for i in items if len(i["sections"]) == 5)
    shorter = dict(copy.deepcopy(digest), sections=digest["sections"][:2])
    marker = {"schema_version": 1, "article_id": digest["article_id"], "url": digest["url"],
              "deleted": True, "status": 404, "fetched_at": "2026-01-02T03:04:05Z"}
    write_feed(feed, [digest, shorter, marker])
    result = update_events(feed, events)
    assert (result.events_written, result.deletions_written) == (5, 5)
    assert live_events(events) == {}
    write_feed(feed, [digest])
    assert update_events(feed, events).events_written == 5
    check_consistent(feed, events)


def test_an_events_file_in_a_new_folder(items, tmp_path):
    feed = tmp_path / "local_news.jsonl"
    write_feed(feed, items[:2])
    events = tmp_path / "a" / "b" / "events.jsonl"
    update_events(feed, events)
    check_consistent(feed, events)


def test_a_take_down_gives_a_marker_per_event_and_a_return_brings_them_back(items, folder):
    feed, events = folder
    write_feed(feed, items)
    update_events(feed, events)
    digest = next(i for i in items if len(i["sections"]) == 3)
    marker = {"schema_version": 1, "article_id": digest["article_id"], "url": digest["url"],
              "deleted": True, "status": 410, "fetched_at": "2026-01-02T03:04:05Z"}
    write_feed(feed, [marker])
    result = update_events(feed, events)
    assert (result.events_written, result.deletions_written) == (0, 3)
    tail = [json.loads(line) for line in events.read_bytes().splitlines()[-3:]]
    assert [m["event_id"] for m in tail] == [f"{digest['article_id']}-{n}" for n in (1, 2, 3)]
    assert all(m["deleted"] is True and m["status"] == 410 and m["url"] == digest["url"]
               and m["fetched_at"] == "2026-01-02T03:04:05Z" for m in tail)
    check_consistent(feed, events)
    # the same marker again, then the article back: its events again, once
    write_feed(feed, [marker, dict(digest, fetched_at="2026-02-01T00:00:00Z")])
    result = update_events(feed, events)
    assert (result.events_written, result.deletions_written) == (3, 0)
    check_consistent(feed, events)


def test_an_edit_with_fewer_sections_takes_the_vanished_positions_back(items, folder):
    feed, events = folder
    write_feed(feed, items)
    update_events(feed, events)
    digest = next(i for i in items if len(i["sections"]) == 5)
    edited = copy.deepcopy(digest)
    del edited["sections"][3:]
    edited["sections"][1]["text"] += " Dịp này, đơn vị trao 10 suất quà cho hộ nghèo."
    edited["fetched_at"] = "2026-03-01T00:00:00Z"
    write_feed(feed, [edited])
    result = update_events(feed, events)
    aid = digest["article_id"]
    # position 2 changed, 1 and 3 did not, 4 and 5 are gone
    assert result.events_written == 1 and result.deletions_written == 2
    tail = [json.loads(line) for line in events.read_bytes().splitlines()[-3:]]
    assert [(m["event_id"], m.get("deleted")) for m in tail] == [
        (f"{aid}-2", None), (f"{aid}-4", True), (f"{aid}-5", True)]
    assert tail[1]["status"] is None and tail[1]["fetched_at"] == "2026-03-01T00:00:00Z"
    assert tail[1]["url"] == digest["url"] and tail[1]["article_id"] == aid
    check_consistent(feed, events)
    # the digest becomes a single story: its sections go, its "-0" event comes
    story = dict(edited, sections=[])
    write_feed(feed, [story])
    result = update_events(feed, events)
    assert (result.events_written, result.deletions_written) == (1, 3)
    assert set(live_events(events)) & {f"{aid}-{n}" for n in range(6)} == {f"{aid}-0"}
    check_consistent(feed, events)


def test_a_replaced_feed_is_read_again_and_the_events_file_only_grows(items, folder):
    feed, events = folder
    write_feed(feed, items)
    update_events(feed, events)
    before = events.read_bytes()
    # rebuilt without two articles (a reparse from fewer snapshots): other bytes, other size
    kept = items[2:]
    write_feed(feed, list(reversed(kept)), mode="w")
    result = update_events(feed, events)
    assert result.reread and result.events_written == 0
    gone = sum(len(i["sections"]) or 1 for i in items[:2])
    assert result.deletions_written == gone
    assert events.read_bytes().startswith(before)
    markers = [json.loads(line) for line in events.read_bytes()[len(before):].splitlines()]
    assert {m["url"] for m in markers} == {i["url"] for i in items[:2]}
    assert all(m["status"] is None and m["fetched_at"] is None for m in markers)
    check_consistent(feed, events)
    # a shorter feed (restored from a backup) is read again as well
    write_feed(feed, kept[:3], mode="w")
    assert update_events(feed, events).reread
    check_consistent(feed, events)


def test_a_feed_replaced_by_one_as_long_or_longer_is_read_again(items, folder):
    """Not only a shorter feed: one rebuilt with an edited digest first and the rest in another
    order is longer than the offset read, and only its first bytes tell it apart."""
    feed, events = folder
    write_feed(feed, items)
    update_events(feed, events)
    digest = next(i for i in items if len(i["sections"]) == 3)
    edited = dict(digest, sections=[dict(s, text=s["text"] + " Bản đã sửa.")
                                    for s in digest["sections"]])
    rebuilt = [edited] + [i for i in reversed(items) if i is not digest]
    write_feed(feed, rebuilt, mode="w")
    result = update_events(feed, events)
    assert result.reread and (result.events_written, result.deletions_written) == (3, 0)
    check_consistent(feed, events)
    # the same lines in another order, the same length to the byte: only the fingerprint tells
    size = feed.stat().st_size
    write_feed(feed, list(reversed(rebuilt)), mode="w")
    assert feed.stat().st_size == size
    result = update_events(feed, events)
    assert result.reread and (result.events_written, result.deletions_written) == (0, 0)
    check_consistent(feed, events)


def test_last_lines_stops_at_a_torn_tail_and_a_new_events_file_is_not_executable(items,
                                                                                  folder):
    feed, events = folder
    write_feed(feed, items[:3])
    umask = os.umask(0o022)
    try:
        update_events(feed, events)
    finally:
        os.umask(umask)
    assert events.stat().st_mode & 0o777 == 0o644
    complete = last_lines(events)
    with open(events, "ab") as f:
        f.write(b'{"schema_version": 1, "event_id": "1-')
    assert last_lines(events) == complete and complete


def test_an_events_file_moved_away_or_restored_is_written_again_from_the_whole_feed(items, folder):
    feed, events = folder
    write_feed(feed, items[:4])
    update_events(feed, events)
    backup = events.read_bytes()
    write_feed(feed, items[4:])
    update_events(feed, events)
    whole = events.read_bytes()
    events.unlink()
    assert update_events(feed, events).reread
    assert events.read_bytes() == whole
    events.write_bytes(backup)  # an older copy: the events of the later lines come back
    result = update_events(feed, events)
    assert result.reread and result.events_written == len(whole.splitlines()) - len(
        backup.splitlines())
    check_consistent(feed, events)


def test_a_torn_events_tail_is_cut_and_rewritten(items, folder):
    feed, events = folder
    write_feed(feed, items)
    update_events(feed, events)
    whole = events.read_bytes()
    last_start = whole.rstrip(b"\n").rfind(b"\n") + 1
    events.write_bytes(whole[:last_start + 30])  # the last line torn
    state_path(events).unlink()                   # and its offset never recorded
    result = update_events(feed, events)
    assert result.repaired_bytes == 30 and result.events_written == 1
    assert events.read_bytes() == whole


@pytest.mark.parametrize("bad, problem", [(b'{"article_id": 1, "title": broken}', "not a JSON line"),
                                          (b'{"title": "no article_id"}', "not a feed line"),
                                          (b'[1, 2]', "not a feed line")])
def test_a_broken_feed_line_stops_the_update_and_records_nothing(items, folder, bad, problem):
    feed, events = folder
    write_feed(feed, items[:3])
    update_events(feed, events)
    state, written = state_path(events).read_bytes(), events.read_bytes()
    where = feed.stat().st_size
    with open(feed, "ab") as f:
        f.write(bad + b"\n")
    write_feed(feed, items[3:])
    # The message names the file and the byte where the bad line starts: an operator can look.
    with pytest.raises(EventsError, match=f"^{re.escape(str(feed))} at byte {where}: {problem}"):
        update_events(feed, events)
    assert state_path(events).read_bytes() == state and events.read_bytes() == written


def test_lines_keep_their_letters_and_the_documented_field_order(items, folder):
    """A reader greps events.jsonl for Đắk Lắk as written (no \\u escapes), and finds each line's
    fields in the order docs/FEED.md shows them, markers included."""
    from vkscrawl.digest.events import DELETION_FIELDS, EVENT_FIELDS

    feed, events = folder
    write_feed(feed, items)
    update_events(feed, events)
    digest = next(i for i in items if len(i["sections"]) == 3)
    write_feed(feed, [{"schema_version": 1, "article_id": digest["article_id"],
                       "url": digest["url"], "deleted": True, "status": 404,
                       "fetched_at": "2026-01-02T03:04:05Z"}])
    update_events(feed, events)
    raw = events.read_bytes()
    assert "Đắk Lắk".encode() in raw and b"\\u" not in raw
    lines = [json.loads(line) for line in raw.splitlines()]
    assert {tuple(line) for line in lines if not line.get("deleted")} == {EVENT_FIELDS}
    assert {tuple(line) for line in lines if line.get("deleted")} == {DELETION_FIELDS}


def test_a_broken_line_inside_the_events_file_is_not_guessed_at(items, folder):
    feed, events = folder
    write_feed(feed, items[:3])
    update_events(feed, events)
    lines = events.read_bytes().splitlines(keepends=True)
    events.write_bytes(lines[0] + b"{not json\n" + b"".join(lines[1:]))
    before = events.read_bytes()
    with pytest.raises(EventsError, match="line 2 is broken"):
        update_events(feed, events)
    assert events.read_bytes() == before


def test_no_feed_yet_writes_nothing(folder):
    feed, events = folder
    result = update_events(feed, events)
    assert result.feed_lines == 0 and events.read_bytes() == b""
    assert not state_path(events).exists()


# --- killed with SIGKILL --------------------------------------------------------------------------

# The updater in a process of its own; its N-th write (counted from 1: the events of the N-th feed
# line with any) puts half its bytes on disk and waits to be killed ("stage" = "line"), or it stops just before recording the offset
# ("stage" = "state"). Patching os.write and os.replace tears the system calls, not our code.
KILLED_UPDATE = textwrap.dedent("""
    import os, sys
    import vkscrawl.digest.events_file as events_file

    feed, events, stage, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    real_write, real_replace, calls = os.write, os.replace, []

    def torn_write(fd, data):
        calls.append(1)
        if stage == "line" and len(calls) == n:
            real_write(fd, bytes(data[: len(data) // 2]))
            os.fsync(fd)
            print("torn", flush=True)
            sys.stdin.read()
        return real_write(fd, data)

    def stopped_replace(src, dst):
        print("before the offset", flush=True)
        sys.stdin.read()

    events_file.os.write = torn_write
    if stage == "state":
        events_file.os.replace = stopped_replace
    events_file.update_events(feed, events)
    print("finished", flush=True)
""")


@pytest.mark.parametrize("stage, seed", [("line", 1), ("line", 2), ("line", 3), ("state", 0)])
def test_an_update_killed_anywhere_loses_and_repeats_nothing(items, folder, stage, seed):
    feed, events = folder
    write_feed(feed, items[:5])
    update_events(feed, events)
    write_feed(feed, items[5:])
    new_events = sum(len(i["sections"]) or 1 for i in items[5:])
    n = random.Random(seed).randint(1, len(items) - 5)  # which write tears: seeded, reproducible
    proc = subprocess.Popen([sys.executable, "-c", KILLED_UPDATE, str(feed), str(events), stage,
                             str(n)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)
    try:
        said = proc.stdout.readline().strip()
        assert said == ("torn" if stage == "line" else "before the offset"), said
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.stdin.close()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    torn = events.read_bytes()
    assert (stage == "line") == (not torn.endswith(b"\n"))
    result = update_events(feed, events)
    lines = check_consistent(feed, events)
    # every event exactly once: nothing written twice, nothing lost
    assert len(lines) == len({line["event_id"] for line in lines}) == 76
    before_torn = sum(len(i["sections"]) or 1 for i in items[5:5 + n - 1])
    if stage == "line":  # the torn write's items again (a line of it may have been whole)
        assert 0 < result.events_written <= new_events - before_torn
    else:                # everything was there: the offset alone was missing
        assert result.events_written == 0


# --- real crawls of the offline portal ------------------------------------------------------------

def test_a_crawl_writes_the_events_of_its_feed_and_a_second_run_nothing(portal, tmp_path):
    out = tmp_path / "out"
    first = run_crawl(portal, out)
    assert first.returncode == 0, first.stderr[-3000:]
    feed, events = out / "local_news.jsonl", out / "events.jsonl"
    lines = check_consistent(feed, events)
    assert len(lines) == len(expected_events(feed)) == 76
    assert first.stats["vkscrawl/events_written"] == 76
    before = events.read_bytes()
    second = run_crawl(portal, out)
    assert second.returncode == 0, second.stderr[-3000:]
    assert events.read_bytes() == before
    # reparse rebuilds the same events from the snapshots: into a new file, and into this one
    # (a rebuilt feed is read again and nothing is written twice)
    snapshots = sorted((out / "snapshots").glob("*.warc.gz"))
    rebuilt, fresh = tmp_path / "rebuilt.jsonl", tmp_path / "fresh-events.jsonl"
    proc = subprocess.run([BIN / "vkscrawl", "reparse", "--quiet", "-o", rebuilt,
                           "--events", fresh, *snapshots], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert live_events(fresh) == expected_events(rebuilt)
    assert {k: v["content_hash"] for k, v in live_events(fresh).items()} == \
        {k: v["content_hash"] for k, v in live_events(events).items()}
    proc = subprocess.run([BIN / "vkscrawl", "reparse", "--quiet", "-o", feed,
                           "--events", events, *snapshots], capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert events.read_bytes() == before


@pytest.mark.parametrize("seed", [7, 8])
def test_a_crawl_killed_mid_run_then_a_healthy_run_leaves_the_events_whole(tmp_path, seed):
    out = tmp_path / "out"
    feed, events = out / "local_news.jsonl", out / "events.jsonl"
    server = ServerThread(FIXTURES)
    with server as url:
        # the first listing page only: the next run has the older pages' articles to write
        assert run_crawl(url, out, "-a", "max_pages=1").returncode == 0
        first_feed, first_events = feed.read_bytes(), events.read_bytes()
        assert first_events
        # the next run is killed while its N-th request is held unanswered: it has written
        # some items and never reaches its close (N seeded, reproducible, no sleep)
        server.faults.reset({})
        reached = threading.Event()
        tripwire = server.faults.trip_at(random.Random(seed).randint(10, 16), reached=reached)
        proc = subprocess.Popen(
            [sys.executable, "-m", "scrapy", "crawl", "local_news", "-a", f"start_url={url}",
             "-s", f"VKSCRAWL_OUTPUT_DIR={out}", *FAST], cwd=ROOT, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            threading.Thread(target=lambda: (proc.wait(), reached.set()), daemon=True).start()
            assert reached.wait(120) and proc.poll() is None, "the crawl ended before the kill"
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            tripwire.release()
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=30)
        assert len(feed.read_bytes()) > len(first_feed), "the killed run wrote no item"
        assert events.read_bytes() == first_events, "the killed run reached its close"
        server.faults.reset({})
        healthy = run_crawl(url, out)
    assert healthy.returncode == 0, healthy.stderr[-3000:]
    lines = check_consistent(feed, events)
    # every event of every live article exactly once, as its last line
    assert len(lines) == len({line["event_id"] for line in lines}) == 76
    assert "Events " in healthy.stderr and "written from" in healthy.stderr


def test_a_taken_down_digest_gets_event_deletion_markers(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    assert run_crawl(url, out).returncode == 0
    victim = fixtures / "articles" / "01-cao-bang-ha-tinh-can-tho"
    meta = json.loads((victim / "fixture.json").read_text("utf-8"))
    meta["status"] = 404
    (victim / "fixture.json").write_text(json.dumps(meta), "utf-8")
    again = run_crawl(url, out, "-a", "full=1")
    assert again.returncode == 0, again.stderr[-3000:]
    feed, events = out / "local_news.jsonl", out / "events.jsonl"
    markers = [json.loads(line) for line in events.read_bytes().splitlines()
               if b'"deleted": true' in line]
    assert [(m["event_id"], m["status"]) for m in markers] == [
        ("11418-1", 404), ("11418-2", 404), ("11418-3", 404)]
    check_consistent(feed, events)
    assert not any(k.startswith("11418-") for k in live_events(events))


def test_an_edited_digest_that_lost_a_section_takes_its_event_back(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    assert run_crawl(url, out).returncode == 0
    page_file = fixtures / "articles" / "15-lam-dong-hue-ha-noi-sau-sap-nhap" / "page.html"
    page = page_file.read_text("utf-8")
    # the portal's editors drop the last section (its two paragraphs)
    edited, count = re.subn(r'<p style="text-align: justify;"><strong>VKSND khu vực 3 - Lâm Đồng:'
                            r'</strong>.*?</p>\s*<p[^>]*>.*?</p>', "", page, count=1, flags=re.S)
    assert count == 1, "fixture 15 changed: update this test"
    page_file.write_text(edited, "utf-8")
    again = run_crawl(url, out, "-a", "full=1")
    assert again.returncode == 0, again.stderr[-3000:]
    feed, events = out / "local_news.jsonl", out / "events.jsonl"
    last = last_lines(events)
    assert last["13305-4"]["deleted"] is True and last["13305-4"]["status"] is None
    assert "deleted" not in last["13305-3"]
    check_consistent(feed, events)


@pytest.mark.parametrize("where, problem", [("folder", "is not a regular file"),
                                            ("missing/events.jsonl", "does not exist"),
                                            ("rebuilt.jsonl", "the same file as -o")])
def test_reparse_refuses_an_events_path_it_cannot_write_with_one_line(tmp_path, capsys, where,
                                                                       problem):
    from vkscrawl.cli import main

    (tmp_path / "folder").mkdir()
    warc = tmp_path / "snapshots.warc.gz"
    warc.write_bytes(b"")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert main(["reparse", "--quiet", "-o", str(tmp_path / "rebuilt.jsonl"),
                 "--events", str(tmp_path / where), str(warc)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and problem in err[0], err
    assert sorted(p.name for p in tmp_path.iterdir()) == before
