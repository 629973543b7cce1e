"""The fault campaign's soak: hundreds of seeded schedules (``tests/support/campaign.py``), results
to ``bench/results/soak.json``.

    .venv/bin/python bench/soak.py --schedules 200            # seeds 0..199, 2 processes
    .venv/bin/python bench/soak.py --first-seed 1000 --schedules 300 --jobs 2
    .venv/bin/python bench/soak.py --seeds 606 899 1469       # just these (a failure to replay)

Each schedule is a few faulty crawls of the real spider against its own offline portal on
loopback, then up to two healthy crawls and a quiet one (RELIABILITY.md says what is checked).
A schedule is a function of its seed: a failing seed replays with ``--seeds N --keep``, whose
work folder (the portal copy, the output folder, each run's log) is kept under ``--work``.
Work folders of failed schedules are always kept. Exit status: 0 when every schedule held,
1 otherwise.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from common import ROOT, work_dir, write_results

sys.path.insert(0, str(ROOT))

from tests.support.campaign import (  # noqa: E402
    GENERATOR_VERSION,
    Schedule,
    run_schedule,
    violation_class,
)


def play(seed: int, work: str, keep: bool) -> dict:
    try:
        return run_schedule(seed, Path(work) / f"seed-{seed}", keep=keep).to_json()
    except Exception as error:  # the harness itself broke: a result, not a crash of the soak
        return {"seed": seed, "ok": False, "held_after": None, "seconds": 0, "runs": [],
                "schedule": Schedule.generate(seed).describe(), "kinds": [], "workdir": "",
                "violations": [f"harness error: {type(error).__name__}: {error}"]}


def compact(result: dict) -> dict:
    """One schedule in the results file: what was done and what was seen, without the logs of
    schedules that held."""
    out = {k: result[k] for k in ("seed", "ok", "held_after", "seconds", "schedule", "violations")}
    out["exits"] = [run["exit"] for run in result["runs"]]
    out["kills"] = [run["killed_at"] for run in result["runs"] if run.get("killed_at")]
    if not result["ok"]:
        out["workdir"] = result["workdir"]
        out["runs"] = [{k: run[k] for k in ("number", "phase", "exit", "missing", "notes",
                                             "violations", "log")} for run in result["runs"]]
    return out


def git(*args: str) -> str:
    proc = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    return proc.stdout.strip()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--schedules", type=int, default=200, help="how many seeds (default 200)")
    parser.add_argument("--first-seed", type=int, default=0, help="first seed (default 0)")
    parser.add_argument("--seeds", type=int, nargs="*", help="exactly these seeds")
    parser.add_argument("--jobs", type=int, default=2, help="schedules at a time (default 2)")
    parser.add_argument("--work", type=Path, default=work_dir() / "soak",
                        help="work folders (default <tmp>/vkscrawl-bench/soak)")
    parser.add_argument("--keep", action="store_true", help="keep the work folders of held "
                        "schedules too")
    parser.add_argument("--name", default="soak", help="results file bench/results/NAME.json")
    args = parser.parse_args(argv)
    seeds = args.seeds or list(range(args.first_seed, args.first_seed + args.schedules))
    args.work.mkdir(parents=True, exist_ok=True)
    # What is judged, read before the schedules run (a commit made meanwhile is not it).
    commit = git("rev-parse", "--short", "HEAD")
    product_commit = git("log", "-1", "--format=%h", "--", "vkscrawl")
    dirty = bool(git("status", "--porcelain", "--", "vkscrawl", "tests/support"))
    started = time.monotonic()
    results = []
    with ProcessPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(play, seed, str(args.work), args.keep) for seed in seeds]
        for future in as_completed(futures):
            result = future.result()
            results.append(result)
            verdict = "held" if result["ok"] else "FAILED: " + "; ".join(result["violations"])[:300]
            print(f"[{len(results)}/{len(seeds)}] seed {result['seed']}: {verdict}", flush=True)
    results.sort(key=lambda r: r["seed"])
    failed = [r for r in results if not r["ok"]]
    classes = Counter(c for r in failed for c in {violation_class(v) for v in r["violations"]})
    kinds = Counter(k for r in results for k in r["kinds"])
    # Which fault kinds the failed schedules held, next to how often each was drawn at all.
    kinds_failed = Counter(k for r in failed for k in r["kinds"])
    summary = {
        "commit": commit,
        # The last commit that changed the product (what the campaign judges).
        "product_commit": product_commit,
        "uncommitted_changes": dirty,
        "generator_version": GENERATOR_VERSION,
        "seeds": f"{seeds[0]}..{seeds[-1]}" if seeds == list(range(seeds[0], seeds[-1] + 1))
        else seeds,
        "schedules": len(results),
        "held": len(results) - len(failed),
        "failed": len(failed),
        "held_after_healthy_runs": dict(Counter(str(r["held_after"]) for r in results
                                                if r["held_after"])),
        "failed_seeds": [r["seed"] for r in failed],
        "violation_classes": dict(classes.most_common()),
        "fault_kinds_drawn": dict(kinds.most_common()),
        "fault_kinds_in_failed_schedules": dict(kinds_failed.most_common()),
        "crawl_runs": sum(len(r["runs"]) for r in results),
        "wall_seconds": round(time.monotonic() - started, 1),
        "jobs": args.jobs,
        "results": [compact(r) for r in results],
    }
    path = write_results(args.name, summary)
    print(f"\n{summary['held']}/{summary['schedules']} schedules held "
          f"({summary['crawl_runs']} crawls, {summary['wall_seconds']:.0f} s); "
          f"failed seeds: {summary['failed_seeds'] or 'none'}")
    for name, count in classes.most_common():
        print(f"  {count:4d}  {name}")
    print(f"results: {path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
