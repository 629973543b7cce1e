"""Dedupe-state lookups do not grow with the archive: ``vkscrawl.ledger.state.CrawlState`` at 1,000,
10,000 and 100,000 articles.

Fills a CrawlState file (on disk, as a crawl has it) with N written articles (content hash,
date, URL, validators, covered), then times the lookups a crawl makes: per teaser
``is_covered(id)`` and ``article(id)``, per item ``article(id)`` and ``owner_of_hash(hash)``
(the Deduper), for ids and hashes that exist and ones that do not; ``--lookups`` random keys
each, median of 5 rounds, in microseconds per lookup. Also prints SQLite's query plans (a
primary-key search, not a scan), times the per-item write (``record`` + ``set_meta`` +
``commit``, what ``FeedWriter.write`` does; durable, so one fsync each) and
``mark_all_covered()`` at the end of a completed run, in its worst case: every row uncovered (a
first run); after an ordinary run the partial index makes it touch only the new rows.

    .venv/bin/python bench/state_lookups.py [--sizes 1000 10000 100000]

Prints the figures; writes bench/results/state_lookups.json.
"""

from __future__ import annotations

import argparse
import hashlib
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
        "INSERT INTO articles (article_id, status, content_hash, published, url, etag, covered, "
        "updated_at) VALUES (?, 'written', ?, '2025-01-01', ?, ?, 1, ?)",
        ((i, digest(i), f"https://vksndtc.gov.vn/tin-tuc/x-d8-t{i}.html", f'"{i:016x}"', now)
         for i in range(start, stop)))
    db.executemany("INSERT INTO hashes (content_hash, article_id) VALUES (?, ?)",
                   ((digest(i), i) for i in range(start, stop)))
    db.commit()


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
    args = parser.parse_args()

    from vkscrawl.ledger.state import CrawlState

    folder = work_dir() / "state-bench"
    folder.mkdir(exist_ok=True)
    path = folder / "state.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        (folder / f"state.sqlite3{suffix}").unlink(missing_ok=True)
    state = CrawlState(path)
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
        row = {
            "article(id) hit": time_lookups(state.article, present),
            "article(id) miss": time_lookups(state.article, absent),
            "is_covered(id)": time_lookups(state.is_covered, present),
            "owner_of_hash(hash) hit": time_lookups(state.owner_of_hash, hashes),
            "owner_of_hash(hash) miss": time_lookups(state.owner_of_hash, unknown),
        }
        writes = []
        for k in range(args.writes):
            article_id = base + 10 * n + 1 + k + n * 100
            start = time.perf_counter()
            state.record(article_id, "written", content_hash=digest(article_id),
                         published="2025-01-01", url="https://x/y-t1.html", commit=False)
            state.set_meta("feed_size", str(k), commit=False)
            state.commit()
            writes.append((time.perf_counter() - start) * 1e6)
        row["per-item write (record+set_meta+commit, durable)"] = round(statistics.median(writes), 1)
        # The one scan: at the end of a completed run, everything settled becomes covered.
        state.db.execute("UPDATE articles SET covered = 0")
        state.db.commit()
        start = time.perf_counter()
        marked = state.mark_all_covered()
        row["mark_all_covered() (once a run; every row uncovered)"] = round(
            (time.perf_counter() - start) * 1e6, 1)
        assert marked >= n
        row["state file MiB"] = round(path.stat().st_size / 2 ** 20, 2)
        results[n] = row
        print(f"{n:7d} articles: " + ", ".join(f"{k} {v}" for k, v in row.items()), flush=True)

    plans = {}
    for name, sql, arg in (
            ("article", "SELECT article_id, status, content_hash FROM articles WHERE article_id = ?",
             (base,)),
            ("is_covered", "SELECT covered FROM articles WHERE article_id = ?", (base,)),
            ("owner_of_hash", "SELECT article_id FROM hashes WHERE content_hash = ?", (digest(0),)),
            ("mark_all_covered (once a run)",
             "UPDATE articles SET covered = 1 WHERE covered = 0 AND status IN "
             "('written','duplicate','gone')", ())):
        plan = state.db.execute("EXPLAIN QUERY PLAN " + sql, arg).fetchall()
        plans[name] = [row[-1] for row in plan]
    state.close()
    for name, plan in plans.items():
        print(f"plan {name}: {'; '.join(plan)}")
    small, large = min(args.sizes), max(args.sizes)
    growth = {k: round(results[large][k] / results[small][k], 2)
              for k in results[small] if k.startswith(("article", "is_covered", "owner"))}
    print(f"growth {large} / {small} (µs per lookup): "
          + ", ".join(f"{k} {v}x" for k, v in growth.items()))
    path_out = write_results("state_lookups", {
        "unit": "microseconds per call (median of 5 rounds)",
        "lookups_per_round": args.lookups,
        "sizes": results,
        "growth_largest_over_smallest": growth,
        "query_plans": plans,
    })
    print(f"results: {path_out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
