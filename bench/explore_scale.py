"""Export and explore at scale, on the generated 10,000-article portal.

Targets (issue 18): a full ``vkscrawl export`` in under a minute; an incremental export after
one new article in under 2 seconds; ``vkscrawl explore`` answering a faceted search in under
200 ms.

1. Starts from the output folder of a completed crawl of the generated 10,000-article portal
   (the one bench/crawl_scale.py leaves in the work folder; crawled here, without archiving
   images, when it is missing), copied to ``explore-10000/`` (the snapshots linked, not copied).
2. Beside its feed, the ``events.jsonl`` that crawl wrote at its close (the real rules,
   vkscrawl/digest/). An output folder crawled before the crawl wrote events gets them here
   from its feed by the same call the crawl makes (``update_events``), timed and reported.
3. **full**: ``vkscrawl export --sqlite DB OUT`` from no database, ``--runs`` times (wall time
   of the whole command, interpreter start included; CPU time; peak RSS; database size).
4. **nothing new**: the same command again (no write).
5. **one new article**: ``bench.bigportal.add_article`` publishes one, a real incremental crawl
   of the portal writes it and its events to the copy (not timed), then the export is timed; ``--runs`` times, one new article each.
6. **explore**: ``vkscrawl explore OUT --port 0`` serves the database; each query below is asked
   ``--requests`` times after two warm-up requests, over one keep-alive connection, as the HTML
   page a reader sees (the configured facets: provinces, 2025 provinces, unit level, kinds,
   month); the median and the slowest answer are reported.

    .venv/bin/python bench/explore_scale.py [--runs 3] [--requests 20]

Prints the figures; writes bench/results/explore_scale.json. Leaves the portal with articles
more (bench/crawl_scale.py generates it again next time).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

from common import (PYTHON, VENV_BIN, loadavg, median, run_timed, start_portal, stop, work_dir,
                    write_results)
from crawl_scale import crawl, ensure_portal

VKSCRAWL = str(VENV_BIN / "vkscrawl")
QUERIES = {
    "search, all facets": "/explore/events?_search=kiem+sat+truc+tiep",
    "search with marks, all facets": "/explore/events?_search=ki%E1%BB%83m+s%C3%A1t",
    "two facet values, all facets": "/explore/events?_has_kinds=inspection&unit_level=tinh",
    "search and two facet values": "/explore/events?_search=kiem+sat&_has_kinds=inspection"
                                   "&_has_provinces_2025=L%C3%A2m+%C4%90%E1%BB%93ng",
    "whole table, all facets": "/explore/events",
    "canned search": "/explore/search?q=Dak+Lak",
    "activity per province per month": "/explore/activity_per_province_per_month?kind="
                                       "model_trial",
}


def completed(output: Path) -> bool:
    """A crawl of the whole portal ended well there: its last run succeeded, with 10,000 items."""
    runs, feed = output / "runs.jsonl", output / "local_news.jsonl"
    if not runs.exists() or not feed.exists():
        return False
    last = json.loads(runs.read_text("utf-8").splitlines()[-1])
    return last["exit_status"] == 0 and sum(1 for _ in open(feed, "rb")) >= 10000


def crawled_output(work: Path) -> tuple[Path, Path]:
    root, _ = ensure_portal(work, 10000)
    output = work / "out-10000"
    if not completed(output):
        shutil.rmtree(output, ignore_errors=True)
        server, url = start_portal(root)
        try:
            result = crawl(url, output, "-s", "VKSCRAWL_ARCHIVE_IMAGES=0")
        finally:
            stop(server)
        if result["exit_status"] != 0:
            raise SystemExit(f"the crawl of the portal failed: {result['log_tail']}")
    return root, output


def fresh_copy(source: Path, work: Path) -> Path:
    copy = work / "explore-10000"
    shutil.rmtree(copy, ignore_errors=True)
    copy.mkdir()
    for name in ("local_news.jsonl", "runs.jsonl", "state.sqlite3", "events.jsonl",
                 "events.state.json"):
        shutil.copy2(source / name, copy / name)
    (copy / "snapshots").symlink_to((source / "snapshots").resolve())
    return copy


def events_made(output: Path) -> dict | None:
    """The crawl's events beside its feed; made now, by the crawl's own call, when an output
    folder predates them (None when the crawl had written them)."""
    if (output / "events.jsonl").exists() and (output / "events.state.json").exists():
        return None
    from vkscrawl.digest.events_file import update_events

    load, start, cpu = loadavg(), time.perf_counter(), time.process_time()
    result = update_events(output / "local_news.jsonl", output / "events.jsonl")
    return {"wall_s": round(time.perf_counter() - start, 2),
            "cpu_s": round(time.process_time() - cpu, 2), "loadavg_before": load,
            "events_written": result.events_written, "feed_lines": result.feed_lines}


def timed_export(db: Path, output: Path) -> dict:
    run = run_timed([VKSCRAWL, "export", "--sqlite", str(db), str(output)], timeout=600)
    if run.returncode != 0:
        raise SystemExit(f"export failed: {run.stderr}")
    return {"wall_s": run.wall_s, "cpu_s": round(run.user_s + run.sys_s, 2),
            "max_rss_mib": run.max_rss_mib, "said": run.stdout.strip().splitlines()[-1],
            "loadavg_before": None}


def serve(output: Path) -> tuple[subprocess.Popen, str]:
    log = open(output.parent / "explore-10000.stderr", "w")
    proc = subprocess.Popen([VKSCRAWL, "explore", str(output), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    for line in proc.stdout:
        if line.startswith("Datasette at "):
            return proc, line.split()[2]
    raise SystemExit(f"explore did not start (see {log.name})")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def ask(url: str, path: str, requests: int, pid: int) -> dict:
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    times, size, cpu_start = [], 0, None
    for i in range(requests + 2):
        if i == 2:
            cpu_start = cpu_seconds(pid)
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read()
        elapsed = (time.perf_counter() - start) * 1000
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status}")
        if b"timed out" in body.lower() and b"facet" in body.lower():
            raise SystemExit(f"{path}: a facet timed out")
        if i >= 2:
            times.append(elapsed)
            size = len(body)
    conn.close()
    # The server's CPU time per answer does not grow with other work on the machine, as the
    # wall time does: on an idle machine the two are close (one request at a time).
    cpu_ms = (cpu_seconds(pid) - cpu_start) * 1000 / requests
    return {"median_ms": round(median(times), 1), "max_ms": round(max(times), 1),
            "server_cpu_ms_per_request": round(cpu_ms, 1), "bytes": size}


def _live_events(path: Path) -> int:
    last = {}
    with open(path, encoding="utf-8") as f:
        for raw in f:
            line = json.loads(raw)
            last[line["event_id"]] = not line.get("deleted")
    return sum(last.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    work = work_dir()
    root, crawled = crawled_output(work)
    made = events_made(crawled)
    if made:
        print(f"events made from the crawl's feed by the real rules: {made}", flush=True)
    output = fresh_copy(crawled, work)
    sizes = {"feed_lines": sum(1 for _ in open(output / "local_news.jsonl", "rb")),
             "feed_bytes": (output / "local_news.jsonl").stat().st_size,
             "events_lines": sum(1 for _ in open(output / "events.jsonl", "rb")),
             "events_bytes": (output / "events.jsonl").stat().st_size}
    print(f"feed {sizes['feed_lines']} lines, {sizes['feed_bytes'] / 2**20:.0f} MiB; "
          f"events {sizes['events_lines']} lines, {sizes['events_bytes'] / 2**20:.0f} MiB",
          flush=True)
    db = output / "explore.db"

    full = []
    for i in range(args.runs):
        db.unlink(missing_ok=True)
        load = loadavg()
        full.append({**timed_export(db, output), "loadavg_before": load})
        print(f"full export {i + 1}/{args.runs}: {full[-1]['wall_s']} s "
              f"(CPU {full[-1]['cpu_s']} s, peak RSS {full[-1]['max_rss_mib']} MiB)", flush=True)
    database_bytes = db.stat().st_size
    unchanged = {**timed_export(db, output), "loadavg_before": loadavg()}
    print(f"nothing new: {unchanged['wall_s']} s", flush=True)

    from bench.bigportal import add_article

    incremental = []
    server, url = start_portal(root)
    try:
        for i in range(args.runs):
            events_before = sum(1 for _ in open(output / "events.jsonl", "rb"))
            added = add_article(root)
            result = crawl(url, output)
            if result["exit_status"] != 0:
                raise SystemExit(f"incremental crawl failed: {result['log_tail']}")
            load = loadavg()
            incremental.append({**timed_export(db, output), "loadavg_before": load,
                                "article": added.get("article_id"),
                                "crawl_items_written": result["items_written"],
                                "crawl_events_written": sum(
                                    1 for _ in open(output / "events.jsonl", "rb")) - events_before})
            print(f"one new article {i + 1}/{args.runs}: export {incremental[-1]['wall_s']} s "
                  f"({incremental[-1]['said']})", flush=True)
    finally:
        stop(server)

    proc, url = serve(output)
    try:
        origin = url.rsplit("/", 1)[0]
        answers = {}
        for name, path in QUERIES.items():
            load = loadavg()
            answers[name] = {"path": path, **ask(origin, path, args.requests, proc.pid),
                             "loadavg_before": load}
            print(f"explore, {name}: median {answers[name]['median_ms']} ms, slowest "
                  f"{answers[name]['max_ms']} ms, server CPU "
                  f"{answers[name]['server_cpu_ms_per_request']} ms/request", flush=True)
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=30)

    figures = {
        "full_export_s": median([r["wall_s"] for r in full]),
        "incremental_export_s": median([r["wall_s"] for r in incremental]),
        "unchanged_export_s": unchanged["wall_s"],
        "faceted_search_median_ms": {k: v["median_ms"] for k, v in answers.items()},
        "faceted_search_server_cpu_ms": {k: v["server_cpu_ms_per_request"]
                                         for k, v in answers.items()},
        "targets": {"full_export_s": 60, "incremental_export_s": 2, "faceted_search_ms": 200},
    }
    path = write_results("explore_scale", {
        "corpus": "generated 10,000-article portal (bench/bigportal.py), crawled by the real "
                  "spider; events.jsonl written from that crawl's feed by the real rules "
                  "(vkscrawl/digest/)",
        "sizes": {**sizes, "database_bytes": database_bytes,
                  "events_live": _live_events(output / "events.jsonl")},
        "events_made_here": made,
        "figures": figures, "full": full, "unchanged": unchanged, "incremental": incremental,
        "explore": answers, "pid": os.getpid(),
    })
    print(json.dumps(figures, indent=2))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
