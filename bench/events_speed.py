"""How fast events are made and written: ``events_of`` alone, and ``update_events`` building an
events file from a feed (one fsync per line, as the contract asks), then an update with nothing
new. The feed is the fixture items repeated with a counter in every text, so that no cache
helps (real feeds do not repeat).

    .venv/bin/python bench/events_speed.py [--items 2000]   # writes bench/results/events_speed.json
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.events_quality import fixture_items  # noqa: E402
from vkscrawl.digest import events_of  # noqa: E402
from vkscrawl.digest.events_file import update_events  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "events_speed.json"


def distinct_items(count: int) -> list[dict]:
    base = [i for i in fixture_items()]
    out = []
    for k in range(count):
        item = copy.deepcopy(base[k % len(base)])
        item["article_id"] = 100000 + k
        for section in item["sections"]:
            section["text"] += f" ({k})"
        item["body"] += f" ({k})"
        out.append(item)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=2000)
    args = ap.parse_args(argv)
    items = distinct_items(args.items)
    started = time.perf_counter()
    events = sum(len(events_of(item)) for item in items)
    rules = time.perf_counter() - started

    work = Path(tempfile.mkdtemp(prefix="vkscrawl-events-bench-"))
    feed, target = work / "local_news.jsonl", work / "events.jsonl"
    with open(feed, "w", encoding="utf-8") as f:
        for item in distinct_items(args.items):  # again: the rules' caches must not help
            f.write(json.dumps(item, ensure_ascii=False) + "\n")
    started = time.perf_counter()
    first = update_events(feed, target)
    build = time.perf_counter() - started
    started = time.perf_counter()
    again = update_events(feed, target)
    noop = time.perf_counter() - started
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "load_average": list(os.getloadavg()),
        "items": args.items, "events": events,
        "events_of": {"seconds": round(rules, 3), "items_per_s": round(args.items / rules, 1),
                      "events_per_s": round(events / rules, 1)},
        "update_events_from_empty": {"seconds": round(build, 3),
                                     "events_written": first.events_written,
                                     "items_per_s": round(args.items / build, 1)},
        "update_events_nothing_new": {"seconds": round(noop, 3),
                                      "events_written": again.events_written},
    }
    print(json.dumps(report, indent=1))
    RESULTS.write_text(json.dumps(report, indent=1) + "\n", "utf-8")
    for path in (feed, target, target.with_name("events.state.json")):
        path.unlink(missing_ok=True)
    work.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
