"""Crawl throughput and memory at scale, next to ``scrapy bench`` on the same machine.

1. ``scrapy bench`` (Scrapy's own link-following benchmark, default settings, run outside the
   project so none of its settings apply), ``--runs`` times: pages/s = responses / elapsed.
2. Generates offline portals of 1,000 and 10,000 articles (``bench.bigportal``, 18 teasers a
   listing page: 56 and 556 listing pages) in the work folder (reused when already there).
3. Serves each in its own process (``python -m bench.bigportal serve``, the request handler of
   ``vkscrawl.offline.server`` over an article index) and measures that server alone first: 8 keep-alive
   client threads in another process fetching article pages for a few seconds (requests/s); and
   the plain ``vkscrawl.offline.server`` server on the same folder, which re-reads every
   ``fixture.json`` on each request (ms/request), to show why the benchmark does not use it.
4. Crawls each portal once, from an empty output folder, with the real spider:
   ``scrapy crawl local_news -a start_url=URL -s VKSCRAWL_OUTPUT_DIR=OUT -s DOWNLOAD_DELAY=0
   -s AUTOTHROTTLE_ENABLED=0 -s CONCURRENT_REQUESTS=16 -s CONCURRENT_REQUESTS_PER_DOMAIN=8``
   (everything else as shipped: robots.txt obeyed, snapshots, pipelines, spidermon, state).
   pages/s = responses / the crawl's elapsed time (Scrapy's stats); peak RSS of the crawl
   process (``wait4``'s ``ru_maxrss``); CPU time of the crawl and of the server process.

    .venv/bin/python bench/crawl_scale.py [--sizes 1000 10000] [--runs 3]

Prints the figures; writes bench/results/crawl_scale.json. The 10,000-article portal and the
output of its crawl stay in the work folder for bench/incremental_cost.py.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

from common import (PYTHON, ROOT, loadavg, median, run_timed, scrapy_stats, start_portal,
                    stop, work_dir, write_results)

CRAWL_SETTINGS = {
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "LOG_LEVEL": "INFO",
}

LOAD_CLIENT = r"""
import http.client, json, sys, threading, time
from urllib.parse import urlsplit
base, seconds, paths = sys.argv[1], float(sys.argv[2]), json.load(open(sys.argv[3]))
host, port = urlsplit(base).hostname, urlsplit(base).port
counts, errors = [0] * 8, [0] * 8
stop_at = time.perf_counter() + seconds
def worker(k):
    conn = http.client.HTTPConnection(host, port, timeout=10)
    i = k
    while time.perf_counter() < stop_at:
        try:
            conn.request("GET", paths[i % len(paths)])
            r = conn.getresponse(); r.read()
            counts[k] += r.status == 200
        except Exception:
            errors[k] += 1
            conn = http.client.HTTPConnection(host, port, timeout=10)
        i += 8
threads = [threading.Thread(target=worker, args=(k,)) for k in range(8)]
start = time.perf_counter()
[t.start() for t in threads]; [t.join() for t in threads]
elapsed = time.perf_counter() - start
print(json.dumps({"requests": sum(counts), "errors": sum(errors), "seconds": round(elapsed, 2),
                  "requests_per_s": round(sum(counts) / elapsed, 1)}))
"""

PLAIN_PORTAL = (
    "import sys; from vkscrawl.offline.server import make_server, listing_url; "
    "s = make_server(sys.argv[1], quiet=True); print(listing_url(s), flush=True); "
    "s.serve_forever()"
)


def scrapy_bench(runs: int, work: Path) -> dict:
    """``scrapy bench`` from a folder without scrapy.cfg (Scrapy's defaults, not ours)."""
    folder = work / "scrapy-bench"
    folder.mkdir(exist_ok=True)
    results = []
    for i in range(runs):
        run = run_timed([PYTHON, "-m", "scrapy", "bench"], cwd=folder, timeout=120)
        stats = scrapy_stats(run.stderr)
        responses = stats.get("downloader/response_count", 0)
        elapsed = stats.get("elapsed_time_seconds") or 1
        results.append({"responses": responses, "elapsed_s": round(elapsed, 2),
                        "pages_per_s": round(responses / elapsed, 1),
                        "crawler_cpu_s": run.self_cpu_s,
                        "pages_per_cpu_s": (round(responses / run.self_cpu_s, 1)
                                            if run.self_cpu_s else None),
                        "wall_s": run.wall_s, "max_rss_mib": run.max_rss_mib})
        print(f"scrapy bench {i + 1}/{runs}: {responses} pages in {elapsed:.1f} s = "
              f"{responses / elapsed:.1f} pages/s (crawler CPU {run.self_cpu_s} s)", flush=True)
    return {"runs": results,
            "median_pages_per_s": median([r["pages_per_s"] for r in results]),
            "median_pages_per_cpu_s": median([r["pages_per_cpu_s"] or 0 for r in results]),
            "command": "cd <folder without scrapy.cfg> && python -m scrapy bench"}


def ensure_portal(work: Path, n: int) -> tuple[Path, dict]:
    """A generated portal of n articles in the work folder (made again if it was changed)."""
    from bench.bigportal import INDEX_FILE, generate

    root = work / f"portal-{n}"
    index = root / INDEX_FILE
    if index.exists():
        data = json.loads(index.read_text("utf-8"))
        if data.get("articles_count") == n and not data.get("added"):
            return root, {k: v for k, v in data.items() if k not in ("articles", "fixtures")}
    start = time.perf_counter()
    info = generate(root, n)
    info["generate_s"] = round(time.perf_counter() - start, 1)
    print(f"generated {root}: {n} articles, {info['listing_pages']} listing pages "
          f"in {info['generate_s']} s", flush=True)
    return root, info


def article_paths(root: Path, limit: int = 2000) -> list[str]:
    from bench.bigportal import INDEX_FILE

    data = json.loads((root / INDEX_FILE).read_text("utf-8"))
    return list(data["articles"])[:limit]


def server_capacity(root: Path, work: Path, seconds: float = 5.0) -> dict:
    """Requests/s the generated portal's server answers to 8 keep-alive clients (client in
    another process), and ms/request of the plain vkscrawl.offline.server server on the same folder."""
    paths_file = work / "load-paths.json"
    paths_file.write_text(json.dumps(article_paths(root)))
    server, url = start_portal(root)
    try:
        origin = url.split("/tin-tuc")[0]
        client = subprocess.run([PYTHON, "-c", LOAD_CLIENT, origin, str(seconds), str(paths_file)],
                                capture_output=True, text=True, timeout=seconds + 60)
        indexed = json.loads(client.stdout)
    finally:
        stop(server)
    plain = subprocess.Popen([PYTHON, "-c", PLAIN_PORTAL, str(root)], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = plain.stdout.readline().strip()
        origin = url.split("/tin-tuc")[0]
        import http.client
        from urllib.parse import urlsplit

        conn = http.client.HTTPConnection(urlsplit(origin).hostname, urlsplit(origin).port,
                                          timeout=60)
        paths = article_paths(root, 5)
        start = time.perf_counter()
        for path in paths:
            conn.request("GET", path)
            conn.getresponse().read()
        plain_ms = 1000 * (time.perf_counter() - start) / len(paths)
    finally:
        stop(plain)
    return {"indexed_server": indexed,
            "plain_portal_ms_per_request": round(plain_ms, 1),
            "plain_portal_requests_per_s": round(1000 / plain_ms, 1)}


def crawl(url: str, output: Path, *extra: str) -> dict:
    command = [PYTHON, "-m", "scrapy", "crawl", "local_news", "-a", f"start_url={url}",
               "-s", f"VKSCRAWL_OUTPUT_DIR={output}"]
    for name, value in CRAWL_SETTINGS.items():
        command += ["-s", f"{name}={value}"]
    command += list(extra)
    load_before = loadavg()
    run = run_timed(command, cwd=ROOT, timeout=3600)
    stats = scrapy_stats(run.stderr)
    responses = stats.get("downloader/response_count", 0)
    elapsed = stats.get("elapsed_time_seconds") or run.wall_s
    tail = [line for line in run.stderr.splitlines() if line.strip()][-3:]
    return {
        "command": " ".join(command[2:]).replace(url, "URL").replace(str(output), "OUT"),
        "exit_status": run.returncode,
        "requests": stats.get("downloader/request_count", 0),
        "responses": responses,
        "status_counts": {k.rsplit("/", 1)[1]: v for k, v in stats.items()
                          if k.startswith("downloader/response_status_count/")},
        "items_written": stats.get("item_scraped_count", 0),
        "articles_parsed": stats.get("vkscrawl/articles_parsed", 0),
        "listing_pages": stats.get("vkscrawl/listing_pages", 0),
        "articles_not_modified": stats.get("vkscrawl/articles_not_modified", 0),
        "finish_reason": stats.get("finish_reason"),
        "elapsed_s": round(elapsed, 2),
        "wall_s": run.wall_s,
        "pages_per_s": round(responses / elapsed, 1) if elapsed else None,
        "cpu_s": round(run.user_s + run.sys_s, 2),
        "cpu_share_of_one_core": round((run.user_s + run.sys_s) / run.wall_s, 2),
        "pages_per_cpu_s": round(responses / (run.user_s + run.sys_s), 1),
        "max_rss_mib": run.max_rss_mib,
        **rss_phases(run),
        "memusage_max_mib": round(stats.get("memusage/max", 0) / 2 ** 20, 1) or None,
        "loadavg_before": load_before,
        "log_tail": tail if run.returncode else [],
    }


def _log_time(run, marker: str) -> float | None:
    """Seconds from the process's start to the first log line holding ``marker``."""
    for line in run.stderr.splitlines():
        if marker in line:
            try:
                stamp = datetime.strptime(line[:19], "%Y-%m-%d %H:%M:%S").timestamp()
            except ValueError:
                return None
            return round(stamp - run.started_at, 1)
    return None


def rss_phases(run) -> dict:
    """Where in the run the peak RSS is reached: while fetching, or after "Closing spider"
    (the close handlers: the CDXJ index, events.jsonl, the ledger's end-of-run work)."""
    timeline = run.rss_timeline or []
    closing = _log_time(run, "Closing spider")
    fetching = [rss for t, rss in timeline if closing is None or t < closing]
    closing_part = [rss for t, rss in timeline if closing is not None and t >= closing]
    peak_at = max(timeline, key=lambda p: p[1])[0] if timeline else None
    return {
        "closing_spider_at_s": closing,
        "rss_peak_at_s": peak_at,
        "rss_max_while_fetching_mib": max(fetching) if fetching else None,
        "rss_max_while_closing_mib": max(closing_part) if closing_part else None,
        "rss_timeline": timeline,
    }


def crawl_portal(root: Path, work: Path, n: int) -> dict:
    output = work / f"out-{n}"
    if output.exists():
        shutil.rmtree(output)
    server, url = start_portal(root)
    try:
        result = crawl(url, output)
    finally:
        server.terminate()
        _, _, usage = os.wait4(server.pid, 0)
        server.returncode = 0
    result["server_cpu_s"] = round(usage.ru_utime + usage.ru_stime, 2)
    result["server_cpu_share_of_one_core"] = round(result["server_cpu_s"] / result["wall_s"], 2)
    sizes = {}
    for name in ("local_news.jsonl", "state.sqlite3"):
        if (output / name).exists():
            sizes[name] = (output / name).stat().st_size
    sizes["snapshots"] = sum(f.stat().st_size for f in (output / "snapshots").glob("*.warc.gz"))
    result["output_bytes"] = sizes
    (work / f"out-{n}.url").write_text(url)
    print(f"crawl of {n}: {result['responses']} responses in {result['elapsed_s']} s = "
          f"{result['pages_per_s']} pages/s, {result['items_written']} items, peak RSS "
          f"{result['max_rss_mib']} MiB (sampled: fetching {result['rss_max_while_fetching_mib']}, "
          f"closing {result['rss_max_while_closing_mib']}), crawler CPU {result['cpu_share_of_one_core']} core, "
          f"server CPU {result['server_cpu_share_of_one_core']} core, exit "
          f"{result['exit_status']}", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="scrapy bench runs")
    parser.add_argument("--skip-scrapy-bench", action="store_true")
    args = parser.parse_args()
    work = work_dir()
    bench = None if args.skip_scrapy_bench else scrapy_bench(args.runs, work)
    portals, crawls, capacity = {}, {}, None
    for n in args.sizes:
        root, info = ensure_portal(work, n)
        portals[n] = info
        if n == max(args.sizes):
            capacity = server_capacity(root, work)
            print(f"server alone: {capacity['indexed_server']['requests_per_s']} requests/s "
                  f"(generated portal's server, 8 keep-alive clients); plain vkscrawl.offline.server on "
                  f"the same folder: {capacity['plain_portal_ms_per_request']} ms/request",
                  flush=True)
        crawls[n] = crawl_portal(root, work, n)
    small, large = min(args.sizes), max(args.sizes)
    rss_ratio = round(crawls[large]["max_rss_mib"] / crawls[small]["max_rss_mib"], 2)
    figures = {
        "scrapy_bench_pages_per_s": bench["median_pages_per_s"] if bench else None,
        "crawl_pages_per_s": {n: crawls[n]["pages_per_s"] for n in args.sizes},
        "peak_rss_mib": {n: crawls[n]["max_rss_mib"] for n in args.sizes},
        "rss_ratio_large_over_small": rss_ratio,
    }
    if bench:
        figures["throughput_ratio_vs_scrapy_bench"] = round(
            crawls[large]["pages_per_s"] / bench["median_pages_per_s"], 2)
        # The same per second of the crawler's own CPU time: what the ratio would be on a
        # machine with nothing else running (both crawlers are one Python thread).
        figures["cpu_normalised_ratio_vs_scrapy_bench"] = round(
            crawls[large]["pages_per_cpu_s"] / bench["median_pages_per_cpu_s"], 2)
    print()
    if bench:
        print(f"scrapy bench (median of {args.runs}): {bench['median_pages_per_s']} pages/s")
    for n in args.sizes:
        c = crawls[n]
        print(f"crawl {n:6d} articles: {c['responses']} responses, {c['pages_per_s']} pages/s, "
              f"peak RSS {c['max_rss_mib']} MiB, {c['items_written']} items, exit {c['exit_status']}")
    if bench:
        ratio = figures["throughput_ratio_vs_scrapy_bench"]
        print(f"throughput vs scrapy bench: {ratio:.2f}x (target >= 0.5: "
              f"{'met' if ratio >= 0.5 else 'NOT met'}); per crawler CPU-second: "
              f"{crawls[large]['pages_per_cpu_s']} vs {bench['median_pages_per_cpu_s']} pages = "
              f"{figures['cpu_normalised_ratio_vs_scrapy_bench']:.2f}x")
    print(f"peak RSS {large} / {small}: {rss_ratio:.2f}x (target <= 1.1: "
          f"{'met' if rss_ratio <= 1.1 else 'NOT met'})")
    path = write_results("crawl_scale", {
        "settings": CRAWL_SETTINGS,
        "scrapy_bench": bench,
        "portals": portals,
        "server_capacity": capacity,
        "crawls": crawls,
        "figures": figures,
        "targets": {"throughput_vs_scrapy_bench_min": 0.5, "rss_ratio_max": 1.1},
    })
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
