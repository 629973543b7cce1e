"""The fault campaign: seeded random schedules of faulty crawls, then healthy ones, against an
invariant: nothing is ever lost.

A *schedule* (``Schedule.generate(seed)``) is a few crawl runs over one offline portal and one
output folder, each with faults drawn at random: 5xx answers for a whole run, timeouts, cut
pages, dropped connections, maintenance listing pages, a listing parser that raises, listing
pages whose next link skips a page or leads back, an endless listing (page numbers past the end
answering the last page, each with a next link), ``kill -9`` or Ctrl-C at a random request;
between runs a torn feed tail, a deleted state file, a newly published article that pushes the
listing down; some runs after the first re-check every article (``-a full=1``) while one article
answers 5xx (a written article's re-check fails). Then the portal heals and healthy runs follow.

``ScheduleRunner(schedule, workdir).run()`` plays it with the real spider (``scrapy crawl
local_news`` subprocesses against ``tests.support.faults.ServerThread`` on loopback) and checks:

- **the invariant**: after at most two healthy runs the feed holds every live article exactly
  once, each line the fixture's expected item (``content_hash`` and every field; one of the
  republished pair, never the gone article), no broken line, and ``warcio check`` passes on every
  snapshot file;
- **no silent loss**: a run (faulty or healthy) that exited 0 left no live article missing from
  the feed (one the listing showed it: ``silent loss``; one on listing pages it did not read:
  ``exit 0 on an incomplete feed``): a loss must be loud;
- **never wrong, never twice**: after every run, no line is broken mid-feed, no article and no
  content is written twice, no line differs from the article's expected item;
- **a quiet run stays quiet**: once healed, one more healthy run exits 0, reads at most two
  listing pages and fetches no article.

Everything observed is recorded (``ScheduleResult``, JSON-ready): the seed, the faults of each
run, exit statuses, requests, the log lines that explain a verdict, and after how many healthy
runs the invariant held. Expectations come from the fixtures (``expected.json``, ``fixture.json``,
the listing pages read with lxml), never from the code under test.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import lxml.html

from tests.support.crawl import FAST, FIXTURES, ROOT, start_crawl_process, with_origin
from tests.support.faults import (
    LISTING_KEY,
    LISTING_PATH,
    ServerThread,
    Tripwire,
    _strip_hop,
    page_keys,
    teasers,
)
from tests.support.parser_faults import INJECTED, extension_settings, listing_page_pattern

FEED_FILE = "local_news.jsonl"
STATE_FILE = "state.sqlite3"
SNAPSHOT_DIR = "snapshots"
#: Fields of an item that depend on the fetch, not on the page.
FETCH_FIELDS = ("source_url", "fetched_at", "snapshot")
#: On every run of the campaign: failed articles are due again on the next run (production backs
#: off in time), one retry, short timeouts (a fault costs seconds, not minutes).
HARNESS_SETTINGS = ("-s", "VKSCRAWL_RETRY_DELAY=0", "-s", "RETRY_TIMES=1",
                    "-s", "DOWNLOAD_TIMEOUT=2")
#: Healthy and quiet runs wait longer for an answer: on a loaded machine (CI, a soak beside other
#: work) a 2-second timeout could turn a healthy run into a faulty one. No fault holds a
#: connection in those runs, so the longer timeout costs nothing.
HEALTHY_SETTINGS = ("-s", "DOWNLOAD_TIMEOUT=20")
#: The invariant must hold after at most this many healthy runs.
MAX_HEALTHY_RUNS = 2
#: A crawl that takes longer than this has hung (a healthy full crawl takes ~2 s).
RUN_TIMEOUT = 240.0
#: How long a timeout or stall fault holds a connection at most (the crawl gives up after 2 s).
HOLD = 30
#: Numbers of the articles the campaign publishes (above every fixture's).
NEW_ARTICLE_BASE = 14000
_ARTICLE_ID = re.compile(r"-t(\d+)\.html(?:$|[?#])|[?&]ItemID=(\d+)", re.I)


# --- what the portal serves: the expected feed ------------------------------------------------------

def content_hash(title: str | None, summary: str | None, body: str | None) -> str:
    """``content_hash`` as the item contract defines it: ``sha256:`` + hex digest of the NFC,
    whitespace-collapsed title, summary and body (one per line). Written here from the
    definition, for the articles the campaign publishes; the fixtures carry their own."""
    parts = [" ".join(unicodedata.normalize("NFC", part or "").split())
             for part in (title, summary, body)]
    return "sha256:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def teaser_ids(html: bytes) -> list[int]:
    """The article numbers of a listing page's teasers, in order (lxml, not the product)."""
    doc = lxml.html.document_fromstring(html)
    out = []
    for teaser in teasers(doc):
        for href in teaser.xpath(".//a/@href"):
            match = _ARTICLE_ID.search(href)
            if match:
                out.append(int(match.group(1) or match.group(2)))
                break
    return out


@dataclass
class PortalModel:
    """The portal as a fixtures folder serves it now, and the feed a crawl of it must write."""

    expected: dict[int, dict]          # article_id -> expected item (origin put in)
    groups: list[tuple[int, ...]]      # live articles; a republished pair is one group
    gone: set[int]                     # listed, answer 404/410: never in the feed
    listing: dict[int, list[int]]      # listing page -> teaser ids, in order

    @classmethod
    def read(cls, fixtures: Path, origin: str) -> "PortalModel":
        expected, gone, twins = {}, set(), {}
        for meta_file in sorted(fixtures.glob("articles/*/fixture.json")):
            meta = json.loads(meta_file.read_text("utf-8"))
            article_id = int(meta["article_id"])
            if not meta.get("in_feed", True) or int(meta.get("status", 200)) != 200:
                gone.add(article_id)
                continue
            expected[article_id] = with_origin(
                json.loads((meta_file.parent / "expected.json").read_text("utf-8")), origin)
            if meta.get("same_content_as"):
                twins[article_id] = int(meta["same_content_as"])
        groups, grouped = [], set()
        for article_id in sorted(expected):
            if article_id in grouped:
                continue
            members = {article_id} | {a for a, b in twins.items() if b == article_id}
            members |= {twins[article_id]} if article_id in twins else set()
            grouped |= members
            groups.append(tuple(sorted(members)))
        listing = {}
        for page_file in sorted((fixtures / "portal" / "listing").glob("page-*.html")):
            listing[int(page_file.stem.split("-")[1])] = teaser_ids(page_file.read_bytes())
        return cls(expected, groups, gone, listing)

    def group_of(self, article_id: int) -> tuple[int, ...] | None:
        return next((g for g in self.groups if article_id in g), None)

    def listed(self, pages) -> set[int]:
        return {aid for page in pages for aid in self.listing.get(page, [])}


def publish_article(fixtures: Path, number: int) -> int:
    """A new article appears on the portal: its page (a copy of the first plain fixture under a
    new number and title), its fixture.json and expected.json, and its teaser on top of listing
    page 1. Returns its article number."""
    source = next(p.parent for p in sorted(fixtures.glob("articles/*/fixture.json"))
                  if (m := json.loads(p.read_text("utf-8"))).get("in_feed", True)
                  and int(m.get("status", 200)) == 200 and not m.get("same_content_as")
                  and "content_type" not in m)
    meta = json.loads((source / "fixture.json").read_text("utf-8"))
    old = json.loads((source / "expected.json").read_text("utf-8"))
    article_id = NEW_ARTICLE_BASE + number
    old_path = meta["path"]
    new_path = re.sub(r"-t\d+\.html$", f"-t{article_id}.html", old_path)
    new_path = new_path.replace("/tin-hoat-dong-vksnd-dia-phuong-", f"/tin-moi-{number}-", 1)
    title = f"Tin mới {number}: {old['title']}"
    page = (source / "page.html").read_text("utf-8")
    page = page.replace(old_path, new_path)
    for pattern in (r"(<title>)%s", r'(<meta property="og:title" content=")%s',
                    r"(<h1[^>]*>)%s"):
        page, count = re.subn(pattern % re.escape(old["title"]), r"\g<1>" + title, page, count=1)
        assert count == 1, f"publish_article: {pattern} not found in {source.name}"
    folder = fixtures / "articles" / f"90-campaign-{article_id}"
    folder.mkdir()
    (folder / "page.html").write_text(page, "utf-8")
    (folder / "fixture.json").write_text(json.dumps(
        {"article_id": article_id, "path": new_path, "status": 200, "in_feed": True,
         "covers": "fault campaign: an article published between two runs"}), "utf-8")
    item = dict(old, article_id=article_id, title=title, url=old["url"].replace(old_path, new_path))
    assert item["text"].startswith(old["title"])
    item["text"] = title + item["text"][len(old["title"]):]
    item["content_hash"] = content_hash(title, item.get("summary"), item.get("body"))
    (folder / "expected.json").write_text(json.dumps(item, ensure_ascii=False, indent=1), "utf-8")
    listing = fixtures / "portal" / "listing" / "page-1.html"
    html = listing.read_text("utf-8")
    date = "/".join(reversed(old["published"][:10].split("-")))
    teaser = (f'<div class="item-news"><h3><a href="{new_path}">{title}</a></h3>'
              f'<span class="date">{date}</span><p class="sapo">{old.get("summary") or ""}</p></div>')
    html, count = re.subn(r'(<div class="list-news"[^>]*>)', lambda m: m.group(1) + teaser, html,
                          count=1)
    assert count == 1, "listing markup changed: update publish_article"
    listing.write_text(html, "utf-8")
    push_listing_down(fixtures / "portal" / "listing")
    return article_id


def push_listing_down(folder: Path) -> None:
    """What the portal's listing does when an article is published: every page keeps its size,
    so the last teaser of each page moves to the top of the next (unless the next page already
    starts with it, as pages that overlap by one do); the last page grows by one."""
    def page(n: int) -> Path:
        return folder / f"page-{n}.html"

    numbers = sorted(int(p.stem.split("-")[1]) for p in folder.glob("page-*.html"))
    docs = {n: lxml.html.document_fromstring(page(n).read_bytes()) for n in numbers}
    for n in numbers[:-1]:
        here, after = teasers(docs[n]), teasers(docs[n + 1])
        if len(here) < 2 or not after:
            continue
        moved = here[-1]
        moved.getparent().remove(moved)
        moved.tail = after[0].tail
        if teaser_ids(lxml.html.tostring(moved)) != teaser_ids(lxml.html.tostring(after[0])):
            after[0].addprevious(moved)
    for n in numbers:
        page(n).write_bytes(lxml.html.tostring(docs[n], encoding="utf-8",
                                               doctype="<!DOCTYPE html>"))


# --- reading the output folder ----------------------------------------------------------------

@dataclass
class FeedCheck:
    """What the feed holds, judged against the portal model."""

    lines: int = 0
    broken: list[int] = field(default_factory=list)       # 1-based numbers of unreadable lines
    torn_tail: bool = False                                 # a partial last line
    ids: list[int] = field(default_factory=list)
    twice: list[int] = field(default_factory=list)         # article numbers written twice
    same_content: list[tuple[int, ...]] = field(default_factory=list)  # one content, two numbers
    wrong: dict[int, list[str]] = field(default_factory=dict)  # id -> fields unlike expected
    foreign: list[int] = field(default_factory=list)       # gone, or not of the category
    missing: list[tuple[int, ...]] = field(default_factory=list)  # live groups without an item
    #: id -> why its ``snapshot`` does not lead to the response it was parsed from
    snapshots: dict[int, str] = field(default_factory=dict)

    @classmethod
    def read(cls, output: Path, model: PortalModel, origin: str) -> "FeedCheck":
        check = cls()
        path = output / FEED_FILE
        raw = path.read_bytes() if path.exists() else b""
        chunks = raw.split(b"\n")
        tail = chunks.pop()  # b"" when the feed ends with a newline
        if tail:
            check.torn_tail = True
        items = []
        for number, line in enumerate(chunks, 1):
            try:
                item = json.loads(line)
                if not isinstance(item, dict) or "article_id" not in item:
                    raise ValueError("not an item")
            except ValueError:
                check.broken.append(number)
                continue
            items.append(item)
        check.lines = len(chunks) + bool(tail)
        check.ids = [item["article_id"] for item in items]
        seen: set[int] = set()
        for item in items:
            article_id = item["article_id"]
            if article_id in seen and article_id not in check.twice:
                check.twice.append(article_id)
            seen.add(article_id)
            want = model.expected.get(article_id)
            if want is None:
                check.foreign.append(article_id)
                continue
            differs = [k for k in want if item.get(k) != want[k]]
            differs += [k for k in item if k not in want and k not in FETCH_FIELDS]
            if not str(item.get("source_url", "")).startswith(origin + "/"):
                differs.append("source_url")
            if differs:
                check.wrong.setdefault(article_id, []).extend(
                    d for d in differs if d not in check.wrong.get(article_id, []))
            problem = snapshot_problem(output, item)
            if problem:
                check.snapshots[article_id] = problem
        for group in model.groups:
            present = tuple(a for a in group if a in seen)
            if not present:
                check.missing.append(group)
            elif len(present) > 1:
                check.same_content.append(present)
        return check

    def integrity_problems(self) -> list[str]:
        """What must never be true, at any time: lines broken before the end, an article or a
        content written twice, a line unlike the article's page, an article not to be written."""
        out = []
        if self.broken:
            out.append(f"broken feed line(s) {self.broken} (not at the end)")
        if self.twice:
            out.append(f"article(s) written twice: {sorted(self.twice)}")
        if self.same_content:
            out.append(f"same content written under two numbers: {self.same_content}")
        if self.wrong:
            out.append("item(s) unlike the article's page: " + "; ".join(
                f"{a}: {', '.join(f)}" for a, f in sorted(self.wrong.items())))
        if self.foreign:
            out.append(f"article(s) that must not be in the feed: {sorted(set(self.foreign))}")
        if self.snapshots:
            out.append("snapshot reference(s) that lead nowhere: " + "; ".join(
                f"{a}: {why}" for a, why in sorted(self.snapshots.items())))
        return out

    def invariant_problems(self) -> list[str]:
        out = self.integrity_problems()
        if self.torn_tail:
            out.append("the feed ends in a partial line")
        if self.missing:
            out.append(f"missing: {[g[0] if len(g) == 1 else list(g) for g in self.missing]}")
        return out

    def missing_ids(self) -> set[int]:
        return {a for g in self.missing for a in g}


def snapshot_problem(output: Path, item: dict) -> str | None:
    """Why an item's ``snapshot`` ({file, offset}) is not the WARC response record of the page
    it was parsed from (``source_url``), or None."""
    from warcio.archiveiterator import ArchiveIterator

    ref = item.get("snapshot")
    if not isinstance(ref, dict) or not isinstance(ref.get("file"), str) \
            or not isinstance(ref.get("offset"), int):
        return f"no snapshot reference ({ref!r})"
    path = output / ref["file"]
    if not path.is_file():
        return f"{ref['file']} does not exist"
    try:
        with open(path, "rb") as f:
            f.seek(ref["offset"])
            record = next(iter(ArchiveIterator(f)), None)
            if record is None:
                return f"no record at {ref['file']}:{ref['offset']}"
            uri = record.rec_headers.get_header("WARC-Target-URI")
            if record.rec_type != "response" or uri != item.get("source_url"):
                return (f"{ref['file']}:{ref['offset']} is a {record.rec_type} record of {uri}, "
                        f"not the response of {item.get('source_url')}")
            record.content_stream().read()
    except Exception as error:  # a torn or unreadable record
        return f"{ref['file']}:{ref['offset']}: {type(error).__name__}: {error}"
    return None


def warc_problems(output: Path) -> list[str]:
    """``warcio check`` on every snapshot file: one line per file it does not pass."""
    files = sorted((output / SNAPSHOT_DIR).glob("*.warc.gz"))
    if not files:
        return [f"no snapshot file in {output / SNAPSHOT_DIR}"]
    warcio = Path(sys.executable).with_name("warcio")
    command = [str(warcio)] if warcio.exists() else [sys.executable, "-m", "warcio.cli"]
    problems = []
    for path in files:
        proc = subprocess.run([*command, "check", str(path)], capture_output=True, text=True,
                              timeout=120)
        if proc.returncode != 0:
            words = " ".join((proc.stdout + proc.stderr).split())[:300]
            problems.append(f"warcio check {path.name}: exit {proc.returncode}: {words}")
    return problems


# --- schedules ---------------------------------------------------------------------------------

#: Whole-run server faults: (kind, modes it draws from). Each breaks its target for every request
#: of the run it is drawn for (the crawl retries once and gives up) unless it is ``transient``.
SERVER_FAULTS = {
    "5xx": ("always-500", "status:502", "status:503"),
    "timeout": (f"timeout:{HOLD}",),
    "cut": ("truncated", "truncated-lying", "empty-200", f"stall:{HOLD}"),
    "connection": ("drop", "reset"),
    "transient": ("500-then-200:1", "drop:1", "truncated:1"),
}
#: Faults that cost seconds of waiting; at most one of them per run keeps schedules quick.
SLOW_MODES = ("timeout", "stall")
#: Every kind of fault a schedule may hold (``Schedule.kinds``).
KINDS = ("article-5xx", "listing-5xx", "article-timeout", "listing-timeout", "article-cut",
         "listing-cut", "article-connection", "listing-connection", "transient", "maintenance",
         "parser", "kill", "interrupt", "tear-feed", "delete-state", "publish", "jobdir",
         "listing-skip", "listing-loop", "endless-listing", "recheck")
#: The share of runs after the first that re-check every listed article (``-a full=1``), with
#: one article answering 500, 502 or 503 to it: a written article's re-check fails (drawn by
#: ``recheck`` from a random stream of its own, generator version 4).
RECHECK_SHARE = 0.3
#: Listing-link faults: a next link that skips a page, one that leads back (to an earlier page or
#: the page itself), page numbers past the end answering the last page forever. Drawn from a
#: random stream of their own (``link_fault``), so that adding them left every other draw of a
#: seed as it was.
LINK_KINDS = ("listing-skip", "listing-loop", "endless-listing")
#: The share of runs that get a listing-link fault.
LINK_SHARE = 0.3
#: Fault modes that change only a listing page's next link: the page's teasers are served whole.
LINK_MODES = ("next", "endless-listing")
#: How often each in-run fault kind is drawn (relative weights).
WEIGHTS = {"article-5xx": 6, "listing-5xx": 3, "timeout": 3, "cut": 4, "connection": 2,
           "transient": 2, "maintenance": 5, "parser": 4, "kill": 5, "interrupt": 2}
#: The exit status of a crawl paused by Ctrl-C with a JOBDIR (the product's documented status;
#: a pause has an exit status of its own, it is not a failure).
EXIT_PAUSED = 4
#: Changes whenever the same seed would draw another schedule (recorded with soak results).
GENERATOR_VERSION = 4


@dataclass
class RunPlan:
    """One faulty run: the server's faults, the listing pages whose parser raises, the request
    the crawl is killed at, and what happens to the output folder and the portal after it."""

    faults: dict[str, str] = field(default_factory=dict)   # fault-table key -> mode
    parser_raises: list[int] = field(default_factory=list)  # listing pages
    kill_at: int | None = None
    #: ``-a full=1``: the run re-checks every listed article, those already written included.
    full: bool = False
    interrupt_at: int | None = None  # Ctrl-C (SIGINT) when the server receives this request
    #: Count only the requests for this page (a fault-table key) for kill_at / interrupt_at.
    trip_key: str | None = None
    after: list[str] = field(default_factory=list)   # tear-feed:LINE:FRACTION, delete-state[:main], publish
    kinds: list[str] = field(default_factory=list)

    def describe(self) -> list[str]:
        out = [f"{key}={mode}" for key, mode in self.faults.items()]
        out += [f"parser raises on listing:{page}" for page in self.parser_raises]
        of = f" of {self.trip_key}" if self.trip_key else ""
        if self.kill_at is not None:
            out.append(f"kill -9 at request {self.kill_at}{of}")
        if self.interrupt_at is not None:
            out.append(f"Ctrl-C at request {self.interrupt_at}{of}")
        out += [f"after: {action}" for action in self.after]
        out = out or ["no fault"]
        return ["full=1 (re-check every article)", *out] if self.full else out


@dataclass
class Schedule:
    seed: int | str  # a number for generated schedules, a name for hand-written ones
    runs: list[RunPlan]
    jobdir: bool = False

    @classmethod
    def generate(cls, seed: int) -> "Schedule":
        """The schedule of ``seed``: the same seed gives the same schedule, on any machine."""
        rng = random.Random(seed)
        model = PortalModel.read(FIXTURES, "")
        articles = sorted({a for ids in model.listing.values() for a in ids})
        pages = sorted(model.listing)
        jobdir = rng.random() < 0.2
        published = 0
        faulted_runs: dict[str, int] = {}  # target -> runs it failed in (bounded: see below)
        runs = []
        for index in range(rng.randint(2, 4)):
            plan = RunPlan()
            slow = False
            for _ in range(rng.choice((1, 1, 2, 2, 3))):
                kind = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
                if kind in ("kill", "interrupt"):
                    if plan.kill_at is None and plan.interrupt_at is None:
                        # The first run crawls everything (~20 requests); later ones little.
                        moment = rng.randint(1, 22 if index == 0 else 8)
                        if kind == "kill":
                            plan.kill_at = moment
                        else:
                            plan.interrupt_at = moment
                        plan.kinds.append(kind)
                    continue
                if kind in ("maintenance", "parser"):
                    page = rng.choices(pages, weights=[2, 5, 3][:len(pages)])[0]
                    key = f"{LISTING_KEY}{page}"
                    if key in plan.faults or page in plan.parser_raises:
                        continue
                    if kind == "parser":
                        plan.parser_raises.append(page)
                    else:
                        plan.faults[key] = rng.choice(("maintenance", "maintenance:bare"))
                    plan.kinds.append(kind)
                    continue
                if kind == "article-5xx":
                    on_listing, kind = False, "5xx"
                elif kind == "listing-5xx":
                    on_listing, kind = True, "5xx"
                else:
                    on_listing = rng.random() < 0.3
                mode = rng.choice(SERVER_FAULTS[kind])
                if mode.split(":")[0] in SLOW_MODES:
                    if slow:
                        continue
                    slow = True
                ids = articles + [NEW_ARTICLE_BASE + n for n in range(1, published + 1)]
                key = (f"{LISTING_KEY}{rng.choice(pages)}" if on_listing
                       else f"article:{rng.choice(ids)}")
                # A permanent failure may stop being retried after a few runs (by design): no
                # target fails in more than two runs of a schedule.
                if key in plan.faults or (kind != "transient" and faulted_runs.get(key, 0) >= 2):
                    continue
                if kind != "transient":
                    faulted_runs[key] = faulted_runs.get(key, 0) + 1
                plan.faults[key] = mode
                plan.kinds.append(kind if kind == "transient"
                                  else ("listing-" if on_listing else "article-") + kind)
            link_fault(random.Random(f"{seed}:links:{index}"), pages, plan)
            if index:
                recheck(random.Random(f"{seed}:recheck:{index}"), articles, plan, faulted_runs)
            if rng.random() < 0.2:
                plan.after.append(f"tear-feed:{rng.randint(1, 3)}:{rng.uniform(0.05, 0.95):.3f}")
                plan.kinds.append("tear-feed")
            if rng.random() < 0.15:
                plan.after.append(rng.choice(("delete-state", "delete-state:main")))
                plan.kinds.append("delete-state")
            if published < 2 and rng.random() < 0.15:
                published += 1
                plan.after.append("publish")
                plan.kinds.append("publish")
            runs.append(plan)
        return cls(seed, runs, jobdir)

    def kinds(self) -> set[str]:
        out = {kind for plan in self.runs for kind in plan.kinds}
        return out | ({"jobdir"} if self.jobdir else set())

    def describe(self) -> list[str]:
        lines = [f"run {i + 1}: " + "; ".join(plan.describe()) for i, plan in enumerate(self.runs)]
        return (["all runs share one JOBDIR"] if self.jobdir else []) + lines


def listing_page_path(page: int) -> str:
    return LISTING_PATH if page == 1 else f"{LISTING_PATH}?Page={page}"


def recheck(rng: random.Random, articles: list[int], plan: RunPlan,
            faulted_runs: dict[str, int]) -> None:
    """Maybe (``RECHECK_SHARE``) make a later run a full re-check in which one article (most
    likely written by an earlier run) answers 5xx: its re-check fails, and the runs after must
    neither write it twice nor count a 304 to it as a failure."""
    if rng.random() >= RECHECK_SHARE:
        return
    plan.full = True
    plan.kinds.append("recheck")
    key = f"article:{rng.choice(articles)}"
    mode = rng.choice(SERVER_FAULTS["5xx"])
    if key in plan.faults or faulted_runs.get(key, 0) >= 2:
        return
    faulted_runs[key] = faulted_runs.get(key, 0) + 1
    plan.faults[key] = mode
    plan.kinds.append("article-5xx")


def link_fault(rng: random.Random, pages: list[int], plan: RunPlan) -> None:
    """Maybe (``LINK_SHARE``) one listing-link fault for this run's plan."""
    if rng.random() >= LINK_SHARE:
        return
    kind = rng.choice(LINK_KINDS)
    if kind == "endless-listing":
        key, mode = f"{LISTING_PATH}?*", "endless-listing"
    elif kind == "listing-skip":
        page = rng.choice(pages[:-1])
        # Past the next page (the pagination names it), or far past the end.
        target = rng.choice((page + 2, 999999))
        key, mode = f"{LISTING_KEY}{page}", f"next:{listing_page_path(target)}"
    else:
        page = rng.choice(pages[1:])
        # Back to an earlier page (before the last page: no end; on it: a loop at the end), or
        # to itself.
        target = rng.randint(1, page)
        key = f"{LISTING_KEY}{page}"
        mode = "next:self" if target == page else f"next:{listing_page_path(target)}"
    if key in plan.faults or (kind != "endless-listing" and int(key.split(":")[1])
                              in plan.parser_raises):
        return
    plan.faults[key] = mode
    plan.kinds.append(kind)


# --- running a schedule ------------------------------------------------------------------------------

@dataclass
class RunRecord:
    number: int
    phase: str                          # faulty, healthy, quiet
    faults: list[str]
    exit: int | None = None             # -9 when killed; None when it hung
    killed_at: str | None = None        # the request the kill landed on
    interrupted_at: str | None = None   # the request the Ctrl-C landed on
    seconds: float = 0.0
    listing_requests: int = 0
    article_requests: int = 0
    feed_lines: int = 0
    missing: list[int] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    log: list[str] = field(default_factory=list)  # the lines that explain the verdict
    violations: list[str] = field(default_factory=list)


@dataclass
class ScheduleResult:
    seed: int | str
    schedule: list[str]
    kinds: list[str]
    runs: list[RunRecord] = field(default_factory=list)
    held_after: int | None = None       # healthy runs it took; None: it never held
    violations: list[str] = field(default_factory=list)
    seconds: float = 0.0
    workdir: str = ""

    @property
    def ok(self) -> bool:
        return not self.violations

    def log_text(self, run: RunRecord) -> str:
        """The whole log of one of its runs (kept in the work folder)."""
        return (Path(self.workdir) / f"run-{run.number}.log").read_text("utf-8", errors="replace")

    def to_json(self) -> dict:
        out = asdict(self)
        out["ok"] = self.ok
        return out

    def summary(self) -> str:
        head = (f"seed {self.seed}: {'held' if self.ok else 'FAILED'}"
                f" (healthy runs: {self.held_after or 'never'}; exits "
                f"{[r.exit for r in self.runs]}; {self.seconds:.0f} s)")
        lines = [head, *("  " + d for d in self.schedule)]
        lines += ["  VIOLATION: " + v for v in self.violations]
        for run in self.runs:
            if run.violations or (run.phase != "faulty" and run.missing):
                lines.append(f"  run {run.number} ({run.phase}, exit {run.exit}) log:")
                lines += ["    " + line for line in run.log[-12:]]
        return "\n".join(lines)


#: Log lines worth keeping in a record: what the crawl decided and why.
KEY_LINES = re.compile(r"Run FAILED|Run succeeded|Run complete|Run not complete|Stopped paging|"
                       r"crawl failed|error:|Traceback|\] (ERROR|WARNING|CRITICAL):|"
                       r"Listing page \d+:|" + re.escape(INJECTED))


def key_lines(log: str, limit: int = 40) -> list[str]:
    lines = [line[:300] for line in log.splitlines() if KEY_LINES.search(line)]
    last = log.strip().splitlines()[-1:] if log.strip() else []
    if last and (not lines or lines[-1] != last[0][:300]):
        lines.append(last[0][:300])
    return lines[-limit:]


class ScheduleRunner:
    """Plays one schedule in ``workdir`` (a private copy of the portal, the output folder, the
    JOBDIR and each run's log) and judges it."""

    def __init__(self, schedule: Schedule, workdir: Path, python: str = sys.executable):
        self.schedule = schedule
        self.workdir = Path(workdir)
        self.python = python
        self.fixtures = self.workdir / "fixtures"
        self.output = self.workdir / "out"
        self.jobdir = self.workdir / "job" if schedule.jobdir else None
        self.published = 0
        #: The last run was paused (Ctrl-C with a JOBDIR): the next one resumes it.
        self.paused = False
        #: Articles published while a run was paused: the run that resumes it started before
        #: they existed, and need not have them (the run after it must).
        self.published_in_pause: set[int] = set()

    def run(self) -> ScheduleResult:
        started = time.monotonic()
        # A schedule starts from nothing: a work folder kept from an earlier play (a failed
        # seed, --keep) would hand this one its feed, state and portal.
        if self.workdir.exists():
            shutil.rmtree(self.workdir)
        self.workdir.mkdir(parents=True)
        shutil.copytree(FIXTURES, self.fixtures)
        result = ScheduleResult(self.schedule.seed, self.schedule.describe(),
                                sorted(self.schedule.kinds()), workdir=str(self.workdir))
        self.server = ServerThread(self.fixtures)
        with self.server:
            self.origin = self.server.origin
            self.url = self.server.url
            number = 0
            for plan in self.schedule.runs:
                number += 1
                result.runs.append(self.faulty_run(number, plan))
                self.after_run(plan)
            for healthy in range(1, MAX_HEALTHY_RUNS + 1):
                number += 1
                record, check = self.healthy_run(number, "healthy")
                result.runs.append(record)
                if not check.invariant_problems():
                    result.held_after = healthy
                    break
            if result.held_after is None:
                exits = [r.exit for r in result.runs if r.phase == "healthy"]
                loudness = ("silently: they exited 0" if set(exits) == {0}
                            else f"they exited {exits}")
                result.violations.append(
                    f"not healed after {MAX_HEALTHY_RUNS} healthy runs ({loudness}): "
                    + "; ".join(check.invariant_problems()))
            else:
                number += 1
                quiet, _ = self.healthy_run(number, "quiet")
                result.runs.append(quiet)
        result.violations.extend(warc_problems(self.output))
        for record in result.runs:
            result.violations.extend(f"run {record.number}: {v}" for v in record.violations)
        # One line per fact: a broken line seen after every run is one violation, not five.
        result.violations = list(dict.fromkeys(result.violations))
        result.seconds = round(time.monotonic() - started, 1)
        return result

    # --- one crawl ---------------------------------------------------------------------------

    def command(self, plan: RunPlan | None) -> list[str]:
        command = [self.python, "-m", "scrapy", "crawl", "local_news", "-a", f"start_url={self.url}",
                   "-s", f"VKSCRAWL_OUTPUT_DIR={self.output}", *FAST, *HARNESS_SETTINGS]
        if self.jobdir is not None:
            command += ["-s", f"JOBDIR={self.jobdir}"]
        if plan is not None and plan.full:
            command += ["-a", "full=1"]
        if plan is None:
            command += HEALTHY_SETTINGS
        elif plan.parser_raises:
            command += extension_settings(listing_page_pattern(*plan.parser_raises))
        return command

    def crawl(self, number: int, plan: RunPlan | None, record: RunRecord) -> str:
        """One crawl with the plan's faults (None: healthy); fills ``record``; returns its log."""
        self.server.faults.reset(plan.faults if plan else {})
        runs_before = run_lines(self.output)
        wake = threading.Event()
        tripwire: Tripwire | None = None
        moment = plan and (plan.kill_at or plan.interrupt_at)
        if moment:
            tripwire = self.server.faults.trip_at(moment, reached=wake, key=plan.trip_key)
        log_path = self.workdir / f"run-{number}.log"
        started = time.monotonic()
        with open(log_path, "wb") as log:
            start = start_crawl_process if self.python == sys.executable else subprocess.Popen
            proc = start(self.command(plan), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=log,
                         start_new_session=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
            watcher = threading.Thread(target=lambda: (proc.wait(), wake.set()), daemon=True)
            watcher.start()
            hung = not wake.wait(RUN_TIMEOUT)
            tripped = tripwire is not None and tripwire.path is not None and not hung
            if proc.poll() is None and tripped and plan.interrupt_at:
                record.interrupted_at = f"request {tripwire.number}: {tripwire.path}"
                os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C: Scrapy closes gracefully
                tripwire.release()
                try:
                    proc.wait(timeout=RUN_TIMEOUT)
                except subprocess.TimeoutExpired:
                    hung = True
            if proc.poll() is None:
                if tripped and not record.interrupted_at:
                    record.killed_at = f"request {tripwire.number}: {tripwire.path}"
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
            if tripwire is not None:
                tripwire.release()
                if record.killed_at is None and record.interrupted_at is None:
                    record.notes.append(f"{'kill' if plan.kill_at else 'Ctrl-C'} not reached: "
                                        f"the run made fewer than {tripwire.number} requests")
        record.seconds = round(time.monotonic() - started, 2)
        record.exit = None if hung else proc.returncode
        if hung:
            record.violations.append(f"the crawl hung (killed after {RUN_TIMEOUT:.0f} s)")
        if not self.server.faults.wait_released(timeout=15):
            record.violations.append("a held connection outlived the crawl")
        requests = [_strip_hop(path)[0] for path in self.server.faults.requests()]
        keys = [next(iter(page_keys(path)), "") for path in requests]
        record.listing_requests = sum(k.startswith(LISTING_KEY) for k in keys)
        record.article_requests = sum(k.startswith("article:") for k in keys)
        text = log_path.read_text("utf-8", errors="replace")
        record.log = key_lines(text)
        if record.exit is not None and record.killed_at is None:
            record.violations += run_outcome_problems(self.output, runs_before, record.exit)
        return text

    def listing_pages_read(self, plan: RunPlan | None) -> set[int]:
        """Listing pages the server answered whole and unchanged this run, and whose parser
        did not raise: what the listing showed the crawl."""
        pages = set()
        transient = set(SERVER_FAULTS["transient"])
        for path, fault in self.server.faults.log:
            for key in page_keys(_strip_hop(path)[0]):
                # (A transient fault's key is logged with every request, also those it let by;
                # a link fault serves the page's teasers whole.)
                if key.startswith(LISTING_KEY) and (fault is None or fault in transient
                                                    or fault.split(":")[0] in LINK_MODES):
                    pages.add(int(key[len(LISTING_KEY):]))
        return pages - set(plan.parser_raises if plan else ())

    def faulty_run(self, number: int, plan: RunPlan) -> RunRecord:
        record = RunRecord(number, "faulty", plan.describe())
        model = PortalModel.read(self.fixtures, self.origin)
        log = self.crawl(number, plan, record)
        if record.interrupted_at and self.schedule.jobdir and record.exit != EXIT_PAUSED:
            record.violations.append(f"Ctrl-C with a JOBDIR exited {record.exit}, not the pause "
                                     f"status {EXIT_PAUSED}")
        if plan.parser_raises and INJECTED not in log and record.killed_at is None \
                and record.interrupted_at is None and self.parser_pages_requested(plan):
            record.violations.append("the listing parser fault was never injected (the crawl "
                                     "no longer parses listings through vkscrawl.parsing."
                                     "LISTING_PAGE): the campaign must be updated")
        check = FeedCheck.read(self.output, model, self.origin)
        record.feed_lines = check.lines
        record.missing = sorted(check.missing_ids())
        record.violations += check.integrity_problems()
        record.violations += self.loss_is_loud(plan, record, check, model)
        self.note_pause(record)
        return record

    def note_pause(self, record: RunRecord) -> None:
        self.paused = self.jobdir is not None and record.exit == EXIT_PAUSED
        if not self.paused:
            self.published_in_pause.clear()

    def loss_is_loud(self, plan: RunPlan | None, record: RunRecord, check: FeedCheck,
                     model: PortalModel) -> list[str]:
        """A run that exits 0 says it did its job: no live article may be missing then."""
        missing = [g for g in check.missing if not self.published_in_pause & set(g)]
        if record.exit != 0 or not missing:
            return []
        shown = model.listed(self.listing_pages_read(plan))
        silent = sorted(g[0] for g in missing if shown & set(g))
        hidden = sorted(g[0] for g in missing if not shown & set(g))
        out = []
        if silent:
            out.append(f"silent loss: exited 0, yet article(s) {silent} that the listing showed "
                       f"are not in the feed")
        if hidden:
            out.append(f"exit 0 on an incomplete feed: article(s) {hidden} missing, listed on "
                       f"pages this run did not read")
        return out

    def parser_pages_requested(self, plan: RunPlan) -> bool:
        wanted = {f"{LISTING_KEY}{page}" for page in plan.parser_raises}
        return any(set(page_keys(_strip_hop(path)[0])) & wanted
                   for path, fault in self.server.faults.log if fault is None)

    def healthy_run(self, number: int, phase: str) -> tuple[RunRecord, FeedCheck]:
        record = RunRecord(number, phase, [])
        model = PortalModel.read(self.fixtures, self.origin)
        self.crawl(number, None, record)
        check = FeedCheck.read(self.output, model, self.origin)
        record.feed_lines = check.lines
        record.missing = sorted(check.missing_ids())
        record.violations += check.integrity_problems()
        # A healthy run may need a second one to finish healing, but never by claiming success.
        record.violations += self.loss_is_loud(None, record, check, model)
        self.note_pause(record)
        if phase == "quiet":
            if record.exit != 0:
                record.violations.append(f"a quiet run on a healed portal exited {record.exit}")
            if record.listing_requests > 2:
                record.violations.append(f"a quiet run read {record.listing_requests} listing "
                                         f"pages (at most 2)")
            if record.article_requests:
                record.violations.append(f"a quiet run fetched {record.article_requests} "
                                         f"article page(s)")
            record.violations += [p for p in check.invariant_problems()
                                  if p not in check.integrity_problems()]
            record.violations += ledger_problems(self.python, self.output, record)
        return record, check

    # --- between runs ---------------------------------------------------------------------------

    def after_run(self, plan: RunPlan) -> None:
        for action in plan.after:
            name, *args = action.split(":")
            if name == "tear-feed":
                tear_feed(self.output / FEED_FILE, int(args[0]), float(args[1]))
            elif name == "delete-state":
                delete_state(self.output, main_only=args == ["main"])
            elif name == "publish":
                self.published += 1
                article_id = publish_article(self.fixtures, self.published)
                if self.paused:
                    self.published_in_pause.add(article_id)


RUNS_FILE = "runs.jsonl"


def run_lines(output: Path) -> int | None:
    """How many run outcomes ``runs.jsonl`` holds; None when the crawl writes no such file."""
    path = output / RUNS_FILE
    return path.read_bytes().count(b"\n") if path.exists() else None


def run_outcome_problems(output: Path, before: int | None, exit_status: int) -> list[str]:
    """A run that ended by itself appends one outcome to ``runs.jsonl`` whose ``exit_status`` is
    the crawl's (what a Scrapyd user reads instead of an exit status). Checked only once the
    product writes the file."""
    path = output / RUNS_FILE
    if not path.exists():
        return [] if before is None else [f"{RUNS_FILE} disappeared"]
    lines = path.read_bytes().splitlines()
    new = lines[before or 0:]
    if len(new) != 1:
        return [f"{RUNS_FILE}: {len(new)} outcome line(s) for one run"]
    try:
        outcome = json.loads(new[0])
    except ValueError:
        return [f"{RUNS_FILE}: the run's outcome is not JSON"]
    if outcome.get("exit_status") != exit_status:
        return [f"{RUNS_FILE} says exit_status {outcome.get('exit_status')}, the crawl exited "
                f"{exit_status}"]
    return []


def ledger_problems(python: str, output: Path, record: RunRecord) -> list[str]:
    """Once healed, ``vkscrawl status --json`` must show nothing pending and nothing failed.
    Skipped (a note) when the product has no ``status`` command."""
    proc = subprocess.run([python, "-m", "vkscrawl.cli", "status", str(output), "--json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    if proc.returncode != 0:
        if "invalid choice" in proc.stderr:
            record.notes.append("no vkscrawl status command: ledger not checked")
            return []
        return [f"vkscrawl status --json exited {proc.returncode}: {proc.stderr.strip()[-300:]}"]
    status = json.loads(proc.stdout)
    counts = status.get("counts", {})
    if counts.get("pending") or counts.get("failed"):
        return [f"ledger of a healed feed still has pending {counts.get('pending')}, failed "
                f"{counts.get('failed')}: {status.get('pending')} {status.get('failed')}"[:600]]
    return []


def tear_feed(feed: Path, back: int, fraction: float) -> None:
    """Cut the feed inside its ``back``-th line from the end (1: the last), ``fraction`` of the
    way into it, as a restore from a partial copy or a full disk would: that line is torn,
    those after it are gone."""
    if not feed.exists():
        return
    raw = feed.read_bytes()
    starts = [0] + [m.end() for m in re.finditer(b"\n", raw) if m.end() < len(raw)]
    if not raw:
        return
    start = starts[max(0, len(starts) - back)]
    end = raw.find(b"\n", start)
    end = len(raw) if end < 0 else end
    cut = start + max(1, int((end - start) * fraction))
    with open(feed, "r+b") as f:
        f.truncate(min(cut, end))


def delete_state(output: Path, main_only: bool = False) -> None:
    """Delete the crawl state: the SQLite file (``main_only``, as ``rm state.sqlite3``), or the
    file and its journal (``rm state.sqlite3*``)."""
    names = [STATE_FILE] if main_only else [STATE_FILE, STATE_FILE + "-wal", STATE_FILE + "-shm",
                                            STATE_FILE + "-journal"]
    for name in names:
        (output / name).unlink(missing_ok=True)


def run_schedule(seed: int, workdir: Path, keep: bool = False) -> ScheduleResult:
    """Generate and play the schedule of ``seed``; the work folder is removed unless it failed
    or ``keep``."""
    result = ScheduleRunner(Schedule.generate(seed), workdir).run()
    if result.ok and not keep:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


#: Violation classes, by the words of the violation (``violation_class``).
_CLASSES = (("silent loss", "silent loss (exit 0, a listed article missing)"),
            ("exit 0 on an incomplete feed", "exit 0 on an incomplete feed"),
            ("broken feed line", "broken feed line"),
            ("written twice", "article written twice"),
            ("same content", "same content under two numbers"),
            ("unlike the article", "item unlike its page"),
            ("must not be in the feed", "article that must not be in the feed"),
            ("lead nowhere", "snapshot reference leads nowhere"),
            ("partial line", "partial last line"),
            ("quiet run", "quiet run not quiet"),
            ("hung", "crawl hung"),
            ("held connection", "held connection outlived the crawl"),
            ("never injected", "fault not injected"),
            ("warcio check", "warcio check failed"),
            ("no snapshot file", "no snapshot file"),
            ("runs.jsonl", "runs.jsonl disagrees with the exit status"),
            ("not the pause status", "Ctrl-C with JOBDIR is not a pause"),
            ("ledger of a healed feed", "ledger not settled after healing"),
            ("vkscrawl status", "vkscrawl status failed"),
            ("harness error", "harness error"))


def violation_class(violation: str) -> str:
    """A violation's class, for counting (``bench/soak.py``): "not healed: missing", "silent
    loss (...)", "warcio check failed", ..."""
    if violation.startswith("not healed"):
        found = [name for words, name in _CLASSES[2:9] if words in violation]
        if "missing:" in violation:
            found.insert(0, "missing")
        return "not healed: " + ", ".join(found or ["?"])
    text = re.sub(r"^run \d+: ", "", violation)
    return next((name for words, name in _CLASSES if words in text), text[:60])
