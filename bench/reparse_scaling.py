"""How `vkscrawl reparse --jobs N` scales on this machine, and that every N writes the same bytes.

Over the WARC of bench/parse_speed.py (built there, or here), whole processes, alternating the
values of N, ``--runs`` times each; median wall and CPU time (user+sys of the process and its
workers) per N, the speed-up over N=1, and the SHA-1 of each N's output (with -o).

    .venv/bin/python bench/reparse_scaling.py [--pages 2000] [--runs 5] [--jobs 1,2,3,4]

Prints the table; writes bench/results/reparse_scaling.json.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys

from common import VENV_BIN, median, run_timed, work_dir, write_results
from parse_speed import ensure_warc


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", default="1,2,3,4")
    args = parser.parse_args()
    jobs = [int(n) for n in args.jobs.split(",")]
    work = work_dir()
    warc, meta = ensure_warc(work, args.pages)
    vkscrawl = str(VENV_BIN / "vkscrawl")

    digests = {}
    for n in jobs:
        target = work / f"scaling-jobs{n}.jsonl"
        run = run_timed([vkscrawl, "reparse", "--quiet", "--jobs", str(n), "-o", str(target),
                         str(warc)])
        if run.returncode != 0:
            raise SystemExit(f"--jobs {n} failed: {run.stderr[-1000:]}")
        digests[n] = hashlib.sha1(target.read_bytes()).hexdigest()
        target.unlink()

    runs: dict[int, list] = {n: [] for n in jobs}
    with open(os.devnull, "w") as devnull:
        for i in range(args.runs):
            for n in jobs:
                run = run_timed([vkscrawl, "reparse", "--quiet", "--jobs", str(n), str(warc)],
                                stdout=devnull)
                if run.returncode != 0:
                    raise SystemExit(f"--jobs {n} failed: {run.stderr[-1000:]}")
                runs[n].append(run.summary())
                print(f"run {i + 1}/{args.runs} --jobs {n}: wall {run.wall_s:6.2f} s, "
                      f"cpu {run.user_s + run.sys_s:6.2f} s", flush=True)

    pages = meta["articles"]
    table = {}
    for n in jobs:
        wall = median([r["wall_s"] for r in runs[n]])
        cpu = median([round(r["user_s"] + r["sys_s"], 2) for r in runs[n]])
        table[n] = {"median_wall_s": wall, "median_cpu_s": cpu,
                    "pages_per_s": round(pages / wall, 1),
                    "walls_s": [r["wall_s"] for r in runs[n]], "sha1": digests[n]}
    base = table[jobs[0]]["median_wall_s"]
    print(f"\n{pages} article pages, median of {args.runs} runs ({os.cpu_count()} cores):")
    for n in jobs:
        row = table[n]
        row["speedup"] = round(base / row["median_wall_s"], 2)
        print(f"  --jobs {n}: {row['median_wall_s']:6.2f} s wall  {row['pages_per_s']:7.1f} "
              f"pages/s  x{row['speedup']:.2f}  cpu {row['median_cpu_s']:6.2f} s  "
              f"output sha1 {row['sha1'][:12]}")
    identical = len(set(digests.values())) == 1
    print(f"  same output for every N: {identical}")
    path = write_results("reparse_scaling", {"warc": {**meta, "path": str(warc)},
                                             "runs": args.runs, "cores": os.cpu_count(),
                                             "table": {str(k): v for k, v in table.items()},
                                             "identical_output": identical})
    print(f"results: {path}")
    return 0 if identical else 1


if __name__ == "__main__":
    sys.exit(main())
