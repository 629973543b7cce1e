"""Incremental cost: what a run costs when the portal published nothing new, and when it
published one article, against the same 10,000-article portal.

Starts from the output folder of a completed full crawl of the generated 10,000-article portal
(the one bench/crawl_scale.py leaves in the work folder; crawled here first when it is missing),
then, with the same command and output folder:

1. **no change**: the portal as it was;
2. **one new article**: ``bench.bigportal.add_article`` publishes one article dated today at
   the top of the listing (every listing page shifts by one teaser, as on the live portal);
3. **no change again**: the new article is now in the re-fetch window
   (``VKSCRAWL_REFETCH_DAYS``, 2 days), so it is fetched again with a conditional request.

For each run: requests (``downloader/request_count`` from the crawl's stats) and what they were
(robots.txt, listing pages, articles; HTTP statuses), items written, wall time of the process.

    .venv/bin/python bench/incremental_cost.py [--size 10000]

Prints the figures; writes bench/results/incremental.json. Leaves the portal with one article
more (bench/crawl_scale.py generates it again next time).
"""

from __future__ import annotations

import argparse
import json
import sys

from common import start_portal, stop, work_dir, write_results
from crawl_scale import crawl, crawl_portal, ensure_portal


def completed(output) -> bool:
    """A completed crawl left a feed and a state in which articles are covered."""
    import sqlite3

    state = output / "state.sqlite3"
    if not state.exists() or not (output / "local_news.jsonl").exists():
        return False
    db = sqlite3.connect(str(state))
    try:
        covered = db.execute("SELECT COUNT(*) FROM articles WHERE covered = 1").fetchone()[0]
    finally:
        db.close()
    return covered > 0


def summary(result: dict) -> dict:
    keys = ("requests", "responses", "status_counts", "listing_pages", "articles_parsed",
            "articles_not_modified", "items_written", "wall_s", "elapsed_s", "exit_status",
            "finish_reason", "max_rss_mib")
    out = {k: result.get(k) for k in keys}
    out["robots_txt"] = 1  # robots.txt is fetched once a run (ROBOTSTXT_OBEY)
    if result.get("exit_status"):
        out["last_log_lines"] = result.get("log_tail")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=10000)
    args = parser.parse_args()
    work = work_dir()
    output = work / f"out-{args.size}"
    full = None
    root = work / f"portal-{args.size}"
    fresh = root.exists() and not json.loads((root / "bigportal.json").read_text()).get("added")
    if not (fresh and completed(output)):
        root, _ = ensure_portal(work, args.size)
        print(f"no completed crawl of the {args.size}-article portal yet: crawling it first",
              flush=True)
        full = crawl_portal(root, work, args.size)

    from bench.bigportal import add_article

    runs = {}
    server, url = start_portal(root)
    try:
        runs["no_change"] = summary(crawl(url, output))
        print(f"no change:        {runs['no_change']['requests']} requests, "
              f"{runs['no_change']['items_written']} items, {runs['no_change']['wall_s']} s, "
              f"exit {runs['no_change']['exit_status']}",
              flush=True)
        added = add_article(root)
        runs["one_new_article"] = summary(crawl(url, output))
        runs["one_new_article"]["added"] = added
        print(f"one new article:  {runs['one_new_article']['requests']} requests, "
              f"{runs['one_new_article']['items_written']} items, "
              f"{runs['one_new_article']['wall_s']} s, "
              f"exit {runs['one_new_article']['exit_status']}", flush=True)
        runs["no_change_new_article_in_refetch_window"] = summary(crawl(url, output))
        r = runs["no_change_new_article_in_refetch_window"]
        print(f"no change again:  {r['requests']} requests ({r['articles_not_modified']} answered "
              f"304 Not Modified), {r['items_written']} items, {r['wall_s']} s, "
              f"exit {r['exit_status']}", flush=True)
        if r["exit_status"]:
            print("  last log lines:", *r.get("last_log_lines") or [], sep="\n    ")
    finally:
        stop(server)
    path = write_results("incremental", {
        "portal_articles": args.size,
        "full_crawl": ({k: full[k] for k in ("requests", "items_written", "wall_s")}
                       if full else "reused the output of bench/crawl_scale.py"),
        "runs": runs,
    })
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
