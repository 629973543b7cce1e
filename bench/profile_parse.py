"""Where the time of parsing goes: cProfile of ``vkscrawl reparse`` over the benchmark WARC, and
of ``parsing.parse_article`` alone over the same pages.

    .venv/bin/python bench/profile_parse.py [--pages 2000] [--top 25]

Prints the stages of a reparse (share of the profiled time) and the parser's hottest functions;
writes bench/results/profile_parse.json. Run bench/parse_speed.py first (it builds the WARC), or
this builds it.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
from contextlib import redirect_stdout
from pathlib import Path

from common import write_results, work_dir
from parse_speed import ORIGIN, ensure_warc

#: Stage of a reparse -> the function whose cumulative time is that stage.
STAGES = {
    "read WARC records (warcio, digests)": ("archive/reader.py", "__iter__"),
    "parse_article (the parser)": ("parsing/__init__.py", "parse_article"),
    "validate (fastjsonschema; jsonschema on a fault)": ("dispatch/response_to_item.py", "validate"),
    "dedupe (ledger lookups)": ("dispatch/response_to_item.py", "dedupe"),
    "write (JSON line + ledger)": ("dispatch/response_to_item.py", "write"),
    "classify response (Scrapy responsetypes)": ("responsetypes.py", "from_args"),
}


def cumulative(stats: pstats.Stats, file_part: str, func: str) -> float:
    total = 0.0
    for (filename, _, name), (_, _, _, ct, _) in stats.stats.items():
        if name == func and filename.replace(os.sep, "/").endswith(file_part):
            total = max(total, ct)
    return total


def top(stats: pstats.Stats, n: int, key: str, only: str | None = None) -> list[dict]:
    rows = []
    for (filename, line, name), (cc, nc, tt, ct, _) in stats.stats.items():
        if only and only not in filename.replace(os.sep, "/"):
            continue
        rows.append({"function": f"{Path(filename).name}:{line}({name})", "calls": nc,
                     "tottime_s": round(tt, 3), "cumtime_s": round(ct, 3)})
    rows.sort(key=lambda r: r[key], reverse=True)
    return rows[:n]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--top", type=int, default=25)
    args = parser.parse_args()
    warc, meta = ensure_warc(work_dir(), args.pages)

    from vkscrawl.dispatch.reparse import run_reparse

    profiler = cProfile.Profile()
    with open(os.devnull, "w") as devnull, redirect_stdout(devnull):
        sys.stdout.buffer  # noqa: B018 - the JSON lines go to the redirected stdout's buffer
        profiler.enable()
        run_reparse([warc], None, progress=False)
        profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    stages = {name: round(cumulative(stats, *where), 3) for name, where in STAGES.items()}
    print(f"reparse of {meta['articles']} pages, profiled: {total:.2f} s")
    for name, seconds in stages.items():
        print(f"  {name:45s} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    rest = total - sum(stages.values())
    print(f"  {'everything else (imports, loop, exporter)':45s} {rest:7.2f} s  "
          f"{100 * rest / total:5.1f} %")

    from bench.bigportal import variants
    from vkscrawl.parsing import parse_article

    pages = [(v.body(), ORIGIN + v.path, v.template.content_type)
             for v in variants(min(args.pages, 600))]
    parse_article(*pages[0])
    profiler = cProfile.Profile()
    profiler.enable()
    for page in pages:
        parse_article(*page)
    profiler.disable()
    pstats_parse = pstats.Stats(profiler)
    hot = top(pstats_parse, args.top, "tottime_s")
    print(f"\nparse_article alone over {len(pages)} pages, profiled: "
          f"{pstats_parse.total_tt:.2f} s ({1000 * pstats_parse.total_tt / len(pages):.2f} ms/page "
          f"under the profiler); hottest by own time:")
    for row in hot:
        print(f"  {row['tottime_s']:7.3f} s own  {row['cumtime_s']:7.3f} s cum  {row['calls']:8d}  "
              f"{row['function']}")
    buffer = io.StringIO()
    pstats.Stats(profiler, stream=buffer).sort_stats("cumulative").print_stats(
        "vkscrawl/parsing", args.top)
    path = write_results("profile_parse", {
        "reparse_profiled_s": round(total, 3),
        "reparse_stages_s": stages,
        "reparse_other_s": round(rest, 3),
        "parse_article_profiled_s": round(pstats_parse.total_tt, 3),
        "parse_article_pages": len(pages),
        "parse_article_hottest_own_time": hot,
        "parse_article_cumulative": top(pstats_parse, args.top, "cumtime_s", "vkscrawl/parsing"),
    })
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
