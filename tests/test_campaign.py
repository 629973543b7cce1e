"""The fault campaign in CI: a few fixed seeds of ``tests.support.campaign``, and the campaign's own
machinery checked against outputs it must reject.

Each seed is a schedule of faulty crawls of the real spider against the offline portal, then up
to two healthy crawls and a quiet one; the invariant and the other checks are described in
``tests/support/campaign.py`` and RELIABILITY.md. The seeds below were chosen so that every kind
of fault appears in at least two of them (``test_ci_seeds_cover_every_fault_kind_twice`` keeps it
so when the generator changes). ``bench/soak.py`` runs hundreds of seeds.
"""

from __future__ import annotations

import gzip
import http.client
import json
import shutil
import threading
from collections import Counter
from pathlib import Path

import lxml.html
import pytest

from tests.support.campaign import (
    FEED_FILE,
    HARNESS_SETTINGS,
    KINDS,
    FeedCheck,
    PortalModel,
    RunPlan,
    Schedule,
    ScheduleRunner,
    run_schedule,
    tear_feed,
    teaser_ids,
    warc_problems,
)
from tests.support.crawl import FIXTURES, run_crawl
from tests.support.faults import LISTING_PATH, Fault, ServerThread, next_links, teasers

#: Fixed seeds for CI: every fault kind in at least two of them, a few minutes in all.
CI_SEEDS = (1375, 552, 899, 319, 435, 4, 120, 101, 385, 3736)


# --- the schedules ------------------------------------------------------------------------------

def test_schedule_is_a_function_of_its_seed():
    assert Schedule.generate(1234) == Schedule.generate(1234)
    assert len({json.dumps(Schedule.generate(s).describe()) for s in range(20)}) == 20
    for seed in range(200):
        schedule = Schedule.generate(seed)
        assert 2 <= len(schedule.runs) <= 4
        for plan in schedule.runs:
            for mode in plan.faults.values():
                Fault.parse(mode)  # every drawn mode is one the portal knows


def test_ci_seeds_cover_every_fault_kind_twice():
    counts = Counter(kind for seed in CI_SEEDS for kind in Schedule.generate(seed).kinds())
    assert {kind: counts[kind] for kind in KINDS if counts[kind] < 2} == {}


@pytest.mark.slow
@pytest.mark.parametrize("seed", CI_SEEDS)
def test_campaign_schedule(seed, tmp_path):
    result = run_schedule(seed, tmp_path / f"seed-{seed}", keep=True)
    if not result.ok:
        pytest.fail(result.summary(), pytrace=False)


def test_kill_lands_on_the_chosen_request_and_the_crawl_heals(tmp_path):
    runner = ScheduleRunner(Schedule("kill at request 6", [RunPlan(kill_at=6)]), tmp_path)
    result = runner.run()
    killed = result.runs[0]
    assert killed.exit == -9, result.summary()
    assert killed.killed_at and killed.killed_at.startswith("request 6: "), killed.killed_at
    assert killed.listing_requests + killed.article_requests <= 6
    if not result.ok:
        pytest.fail(result.summary(), pytrace=False)


def test_an_article_published_during_a_pause_is_owed_by_the_run_after_the_resume(tmp_path):
    """Ctrl-C with a JOBDIR once the walk is done, then an article is published: the run that
    resumes the paused one started before the article existed (no violation if it lacks it);
    the next run must fetch it."""
    last = PortalModel.read(FIXTURES, "").listing[3][-1]
    plan = RunPlan(interrupt_at=1, trip_key=f"article:{last}", after=["publish"])
    result = ScheduleRunner(Schedule("publish during a pause", [plan], jobdir=True),
                            tmp_path).run()
    assert result.runs[0].exit == 4, result.summary()
    if not result.ok:
        pytest.fail(result.summary(), pytrace=False)


# --- the checker rejects what it must ---------------------------------------------------------------

@pytest.fixture(scope="module")
def healthy_output(tmp_path_factory):
    """A plain complete crawl's output folder and the server origin it was crawled from."""
    root = tmp_path_factory.mktemp("healthy")
    server = ServerThread(FIXTURES, port=0)
    with server:
        result = run_crawl(server.url, root / "out", *HARNESS_SETTINGS)
    assert result.returncode == 0, result.stderr[-2000:]
    return root / "out", server.origin


def mutated(healthy_output, tmp_path, edit) -> tuple[FeedCheck, Path]:
    source, origin = healthy_output
    out = tmp_path / "out"
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(source, out)
    feed = out / FEED_FILE
    lines = feed.read_bytes().splitlines(keepends=True)
    feed.write_bytes(b"".join(edit(lines)))
    return FeedCheck.read(out, PortalModel.read(FIXTURES, origin), origin), out


def test_checker_passes_a_complete_crawl(healthy_output, tmp_path):
    check, out = mutated(healthy_output, tmp_path, lambda lines: lines)
    assert check.invariant_problems() == []
    assert warc_problems(out) == []


def test_checker_finds_a_missing_article(healthy_output, tmp_path):
    check, _ = mutated(healthy_output, tmp_path, lambda lines: lines[:3] + lines[4:])
    assert len(check.missing) == 1 and any("missing" in p for p in check.invariant_problems())


def test_checker_finds_an_article_written_twice(healthy_output, tmp_path):
    check, _ = mutated(healthy_output, tmp_path, lambda lines: lines + lines[2:3])
    assert check.twice and check.integrity_problems()


def test_checker_finds_a_broken_line_and_a_torn_tail(healthy_output, tmp_path):
    check, _ = mutated(healthy_output, tmp_path,
                       lambda lines: lines[:2] + [lines[2][:40] + b"\n"] + lines[3:])
    assert check.broken == [3] and check.integrity_problems()
    check, _ = mutated(healthy_output, tmp_path, lambda lines: lines[:-1] + [lines[-1][:40]])
    assert check.torn_tail and check.broken == []
    assert "the feed ends in a partial line" in check.invariant_problems()


def test_checker_finds_a_torn_article(healthy_output, tmp_path):
    """A line whose body lost its second half (a page cut short, parsed anyway)."""
    def cut_body(lines):
        item = json.loads(lines[0])
        item["body"] = item["body"][: len(item["body"]) // 2]
        return [json.dumps(item, ensure_ascii=False).encode() + b"\n", *lines[1:]]
    check, _ = mutated(healthy_output, tmp_path, cut_body)
    assert list(check.wrong.values()) == [["body"]]


def test_checker_finds_the_gone_article_and_both_of_the_pair(healthy_output, tmp_path):
    model = PortalModel.read(FIXTURES, healthy_output[1])
    pair = next(g for g in model.groups if len(g) == 2)
    gone = next(iter(model.gone))

    def add(lines):
        items = [json.loads(line) for line in lines]
        written = next(i for i in items if i["article_id"] in pair)
        other = dict(model.expected[next(a for a in pair if a != written["article_id"])],
                     source_url=written["source_url"], fetched_at=written["fetched_at"],
                     snapshot=written["snapshot"])
        ghost = dict(written, article_id=gone)
        return lines + [json.dumps(x, ensure_ascii=False).encode() + b"\n" for x in (other, ghost)]
    check, _ = mutated(healthy_output, tmp_path, add)
    assert check.same_content == [pair] and check.foreign == [gone]


def test_checker_finds_a_snapshot_reference_that_leads_nowhere(healthy_output, tmp_path):
    def shift(lines):
        first, second = json.loads(lines[0]), json.loads(lines[1])
        first["snapshot"] = second["snapshot"]  # another article's record
        second["snapshot"] = dict(second["snapshot"], offset=second["snapshot"]["offset"] + 7)
        return [json.dumps(x, ensure_ascii=False).encode() + b"\n" for x in (first, second)] + \
            lines[2:]
    check, _ = mutated(healthy_output, tmp_path, shift)
    assert len(check.snapshots) == 2, check.snapshots
    assert any("lead nowhere" in p for p in check.integrity_problems())


def test_tear_feed_cuts_inside_the_chosen_line(healthy_output, tmp_path):
    _, out = mutated(healthy_output, tmp_path, lambda lines: lines)
    feed = out / FEED_FILE
    lines = feed.read_bytes().splitlines(keepends=True)
    tear_feed(feed, 3, 0.5)
    raw = feed.read_bytes()
    assert raw.startswith(b"".join(lines[:-3])) and not raw.endswith(b"\n")
    assert len(b"".join(lines[:-3])) < len(raw) < len(b"".join(lines[:-2]))


def test_warc_check_finds_a_damaged_snapshot(healthy_output, tmp_path):
    _, out = mutated(healthy_output, tmp_path, lambda lines: lines)
    path = next((out / "snapshots").glob("*.warc.gz"))
    members = gzip.decompress(path.read_bytes())
    damaged = members.replace(b"VKSND", b"VKSNX", 1)  # a payload that no longer fits its digest
    assert damaged != members
    path.write_bytes(gzip.compress(damaged))
    assert warc_problems(out) != []


# --- the fault machinery --------------------------------------------------------------------------

def get(server, path: str, timeout: float = 10):
    conn = http.client.HTTPConnection("127.0.0.1", server.server.server_address[1], timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("mode", ["maintenance", "maintenance:bare"])
def test_maintenance_page_has_a_notice_and_neither_teaser_nor_pagination(mode):
    server = ServerThread(FIXTURES, faults={"listing:2": mode})
    with server:
        status, body = get(server, f"{LISTING_PATH}?Page=2")
        _, page1 = get(server, LISTING_PATH)
    doc = lxml.html.document_fromstring(body)
    assert status == 200 and "bảo trì" in doc.text_content()
    assert teasers(doc) == [] and next_links(doc) == []
    assert doc.xpath("//*[contains(@class, 'pagination')]") == []
    assert teaser_ids(page1) == PortalModel.read(FIXTURES, "").listing[1]  # page 1 untouched


def test_page_keys_follow_an_article_under_its_legacy_url_and_page_one_without_a_number():
    model = PortalModel.read(FIXTURES, "")
    legacy = "/tintuc/Pages/lists.aspx?Cat=3&ItemID=12894"
    server = ServerThread(FIXTURES, faults={"article:12894": "status:503", "listing:1": "410"})
    with server:
        assert get(server, legacy)[0] == 503
        assert get(server, LISTING_PATH)[0] == 410
        assert get(server, f"{LISTING_PATH}?Page=1")[0] == 410
        assert get(server, f"{LISTING_PATH}?Page=2")[0] == 200
    assert 12894 in model.listing[2]


def test_tripwire_holds_the_chosen_request_until_released():
    server = ServerThread(FIXTURES)
    with server:
        tripwire = server.faults.trip_at(2)
        assert get(server, "/robots.txt")[0] == 200
        answers = []
        client = threading.Thread(target=lambda: answers.append(get(server, LISTING_PATH)[0]))
        client.start()
        assert tripwire.reached.wait(10) and tripwire.path == LISTING_PATH
        assert answers == []  # held, unanswered
        tripwire.release()
        client.join(10)
        assert answers == [200]
        server.faults.reset()
        assert server.faults.requests() == []
        # On the Nth request for one page, whatever comes between.
        tripwire = server.faults.trip_at(2, key="listing:2")
        for path in (LISTING_PATH, f"{LISTING_PATH}?Page=2", "/robots.txt"):
            assert get(server, path)[0] == 200
        assert not tripwire.reached.is_set()
        client = threading.Thread(target=lambda: get(server, f"{LISTING_PATH}?Page=2"))
        client.start()
        assert tripwire.reached.wait(10)
        tripwire.release()
        client.join(10)
