"""What the ledger costs does not grow with the archive: ``vkscrawl.ledger.state.Ledger`` at 1,000,
10,000 and 100,000 articles, and the start-up reconciliation of the ledger with the feed.

Fills a ledger file (on disk, as a crawl has it) with N written, anchored articles, then times
what a crawl does: per teaser ``saw_on_listing(id, ...)`` (the walk's registration, one row read
and one write), per item ``article(id)`` and ``owner_of_hash(hash)`` (dedupe), for ids and hashes
that exist and ones that do not; ``--lookups`` random keys each, median of 5 rounds, in
microseconds per call. Also: ``due()`` (once a run: the pending and due failed articles, from a
partial index), the per-item durable write (``written`` + feed size + ``commit``, one fsync),
``anchor_run()`` at the end of a complete walk in its worst case (every row seen this run: a
first run), SQLite's query plans (searches, not scans), and at 10,000 items of realistic size the
start-up cost of reading the whole feed and reconciling the ledger with it (``FeedWriter`` open),
which every run pays once.

    .venv/bin/python bench/ledger_costs.py [--sizes 1000 10000 100000]

Prints the figures; writes bench/results/ledger_costs.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import statistics
import sys
import time

from common import work_dir, write_results


def digest(i: int) -> str:
    return "sha256:" + hashlib.sha256(str(i).encode()).hexdigest()


def fill(state, start: int, stop: int) -> None:
    db = state.db
    now = "2025-01-01T00:00:00Z"
    db.executemany(
        "INSERT INTO articles (article_id, state, content_hash, published, url, etag, anchored, "
        "seen_run, first_seen, updated_at) VALUES (?, 'written', ?, '2025-01-01', ?, ?, 1, "
        "'fill', ?, ?)",
        ((i, digest(i), f"https://vksndtc.gov.vn/tin-tuc/x-d8-t{i}.html", f'"{i:016x}"', now, now)
         for i in range(start, stop)))
    db.executemany("INSERT INTO hashes (content_hash, article_id) VALUES (?, ?)",
                   ((digest(i), i) for i in range(start, stop)))
    db.commit()


def feed_startup(folder, items: int) -> dict:
    """Time a run's start: read the whole feed and make a ledger agree with it, once with a ledger
    that already agrees (every run) and once with a new one (state.sqlite3 deleted)."""
    from vkscrawl.ledger import feed as feed_module
    from vkscrawl.ledger.feed import FeedWriter
    from vkscrawl.ledger.state import Ledger

    template = {"schema_version": 1, "url": "https://vksndtc.gov.vn/tin-tuc/x-d8-t1.html",
                "source_url": "https://vksndtc.gov.vn/tin-tuc/x-d8-t1.html",
                "category": "Tin hoạt động VKSND địa phương", "title": "Tin hoạt động " * 8,
                "published": "2025-01-01", "summary": "Tóm tắt " * 60, "body": "Nội dung " * 700,
                "images": [{"url": "https://vksndtc.gov.vn/Uploads/a.jpg", "caption": "Ảnh " * 10}],
                "author": "TL", "sections": [], "text": "Nội dung " * 900,
                "fetched_at": "2025-01-01T00:00:00Z", "snapshot": None}
    feed = folder / "feed.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for i in range(items):
            f.write(json.dumps({**template, "article_id": i + 1, "content_hash": digest(i)},
                               ensure_ascii=False) + "\n")
    out = {"feed MiB": round(feed.stat().st_size / 2 ** 20, 1)}
    for case in ("new ledger (rebuilt from the feed)", "ledger in agreement (every run)"):
        if case.startswith("new"):
            for suffix in ("", "-wal", "-shm"):
                (folder / f"startup.sqlite3{suffix}").unlink(missing_ok=True)
        ledger = Ledger(folder / "startup.sqlite3")
        feed_module._last_scan = None  # a run reads the feed once: time that read
        start = time.perf_counter()
        writer = FeedWriter(feed, ledger)
        out[f"{case} s"] = round(time.perf_counter() - start, 3)
        writer.close()
        ledger.close()
    return out


def time_lookups(fn, keys, rounds: int = 5) -> float:
    """Median over rounds of the mean µs per call."""
    per_call = []
    for _ in range(rounds):
        start = time.perf_counter()
        for key in keys:
            fn(key)
        per_call.append((time.perf_counter() - start) / len(keys) * 1e6)
    return round(statistics.median(per_call), 2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--lookups", type=int, default=20000)
    parser.add_argument("--writes", type=int, default=200)
    parser.add_argument("--feed-items", type=int, default=10000,
                        help="items of the feed whose start-up reconciliation is timed")
    args = parser.parse_args()

    from vkscrawl.ledger.state import Ledger

    folder = work_dir() / "ledger-bench"
    folder.mkdir(exist_ok=True)
    path = folder / "state.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (folder / f"state.sqlite3{suffix}").unlink(missing_ok=True)
    state = Ledger(path)
    rng = random.Random(6)
    base = 100000
    filled = 0
    results = {}
    for n in sorted(args.sizes):
        fill(state, base + filled, base + n)
        filled = n
        present = [base + rng.randrange(n) for _ in range(args.lookups)]
        absent = [base + n + 1 + rng.randrange(10 * n) for _ in range(args.lookups)]
        hashes = [digest(i) for i in present]
        unknown = [digest(-1 - i) for i in range(args.lookups)]
        listed = present[: args.lookups // 4]
        row = {
            "article(id) hit": time_lookups(state.article, present),
            "article(id) miss": time_lookups(state.article, absent),
            "saw_on_listing(id) known": time_lookups(
                lambda i: state.saw_on_listing(i, "https://x/y-t1.html", "2025-01-01", "bench"),
                listed),
            "owner_of_hash(hash) hit": time_lookups(state.owner_of_hash, hashes),
            "owner_of_hash(hash) miss": time_lookups(state.owner_of_hash, unknown),
        }
        state.commit()
        start = time.perf_counter()
        due = state.due()
        row["due() (once a run)"] = round((time.perf_counter() - start) * 1e6, 1)
        assert due == []
        writes = []
        for k in range(args.writes):
            article_id = base + 10 * n + 1 + k + n * 100
            start = time.perf_counter()
            state.written(article_id, digest(article_id), item_url="https://x/y-t1.html",
                          published="2025-01-01")
            state.set_meta("feed_size", str(k), commit=False)
            state.commit()
            writes.append((time.perf_counter() - start) * 1e6)
        row["per-item write (written+feed size+commit, durable)"] = round(
            statistics.median(writes), 1)
        # The one update of many rows: a complete first walk anchors everything it saw.
        state.db.execute("UPDATE articles SET anchored = 0, seen_run = 'worst'")
        state.db.commit()
        start = time.perf_counter()
        anchored = state.anchor_run("worst")
        row["anchor_run() (once a complete walk; every row seen)"] = round(
            (time.perf_counter() - start) * 1e6, 1)
        assert anchored >= n
        row["state file MiB"] = round(path.stat().st_size / 2 ** 20, 2)
        results[n] = row
        print(f"{n:7d} articles: " + ", ".join(f"{k} {v}" for k, v in row.items()), flush=True)

    plans = {}
    for name, sql, arg in (
            ("article", "SELECT article_id, state, content_hash FROM articles WHERE article_id = ?",
             (base,)),
            ("owner_of_hash", "SELECT article_id FROM hashes WHERE content_hash = ?", (digest(0),)),
            ("due (once a run)", "SELECT article_id FROM articles WHERE state IN ('pending', "
             "'failed') AND url IS NOT NULL AND (state = 'pending' OR next_attempt <= ?)",
             ("x",)),
            ("anchor_run (once a walk)",
             "UPDATE articles SET anchored = 1 WHERE anchored = 0 AND seen_run = ?", ("r",))):
        plan = state.db.execute("EXPLAIN QUERY PLAN " + sql, arg).fetchall()
        plans[name] = [row[-1] for row in plan]
    state.close()
    for name, plan in plans.items():
        print(f"plan {name}: {'; '.join(plan)}")
    startup = feed_startup(folder, args.feed_items)
    print(f"start-up with a feed of {args.feed_items} items: " + ", ".join(
        f"{k} {v}" for k, v in startup.items()))
    small, large = min(args.sizes), max(args.sizes)
    growth = {k: round(results[large][k] / results[small][k], 2)
              for k in results[small] if k.startswith(("article", "saw_on", "owner"))}
    print(f"growth {large} / {small} (µs per lookup): "
          + ", ".join(f"{k} {v}x" for k, v in growth.items()))
    path_out = write_results("ledger_costs", {
        "unit": "microseconds per call (median of 5 rounds)",
        "lookups_per_round": args.lookups,
        "sizes": results,
        "growth_largest_over_smallest": growth,
        "query_plans": plans,
        "startup": startup,
    })
    print(f"results: {path_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
