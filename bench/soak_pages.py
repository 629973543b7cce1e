"""Soak of generated article pages: thousands of pages composed at random from parts
(``tests/support/pages``), each read by the parser with the portal's selectors off and checked
against its source article (title, date, summary, body, captions, author; never empty where
trafilatura finds text or htmldate a date).  Results to ``bench/results/soak_pages.json``.

    .venv/bin/python bench/soak_pages.py                          # 5,000 pages, seeds 0.., 2 processes
    .venv/bin/python bench/soak_pages.py --examples 20000 --chunk 500 --first-seed 100
    .venv/bin/python bench/soak_pages.py --rev main~3             # another revision's parser
    .venv/bin/python bench/soak_pages.py --examples 1000 --no-minimise

The pages come in chunks of ``--chunk`` examples; chunk *i* is Hypothesis's generation with seed
``first-seed + i`` (no database): the same command draws the same pages on every machine.  Each
failure class (``field/kind``, :mod:`tests.support.pages.invariant`) is then minimised: Hypothesis
searches from the seed of the chunk where the class was first seen and shrinks the page to the
smallest one still failing that way; it is saved as ``page.html`` + ``expected.json`` (+
``parts.json``, ``got.json``) under ``--save``/<class>__<n>/ (default <tmp>/vkscrawl-bench/soak_pages),
with every page's parts and classes in ``records.jsonl`` there.

``--rev REV`` reads the pages with the parser of any git revision (``git archive REV vkscrawl``
unpacked into a temporary folder put first on the import path; the generator is always this
checkout's).  The revision must have ``parse_article(..., portal=False)``.

Exit status: 0 when every page held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import ROOT, work_dir, write_results

sys.path.insert(0, str(ROOT))  # the generator: always this checkout's

GENERATOR = ROOT / "tests" / "support" / "pages"


def git(*args: str) -> str:
    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()


def unpack_parser(rev: str, into: Path) -> str:
    """``vkscrawl/`` of revision ``rev`` unpacked under ``into``; its full commit id."""
    commit = git("rev-parse", "--verify", f"{rev}^{{commit}}")
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "vkscrawl"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    tar_path = into / "parser.tar"
    tar_path.write_bytes(archive)
    with tarfile.open(tar_path) as tar:
        tar.extractall(into, filter="data")
    tar_path.unlink()
    return commit


# -- in the worker processes -------------------------------------------------------------------------


def init_worker(parser_path: str | None) -> None:
    if parser_path:  # before this checkout, whose vkscrawl/ would otherwise be found first
        sys.path.insert(0, parser_path)
    import logging

    for name in ("trafilatura", "htmldate", "readability", "justext"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def classes_of(page, fields=None) -> tuple[list, dict]:
    """The failure classes of one page, and the item's checked fields."""
    from tests.support.pages import FIELDS, NEVER_EMPTY, check, never_empty
    from tests.support.pages.invariant import item_fields
    from vkscrawl.parsing import parse_article

    fields = fields or FIELDS + NEVER_EMPTY
    item = parse_article(page.body, page.url, portal=False).item
    found = check(page.expected, item, [f for f in fields if f in FIELDS])
    found += never_empty(page.html, page.url, item, [f for f in fields if f in NEVER_EMPTY])
    return found, item_fields(item)


def hypothesis_settings(examples: int, shrink: bool):
    from hypothesis import HealthCheck, Phase, settings

    phases = [Phase.generate, Phase.shrink] if shrink else [Phase.generate]
    return settings(max_examples=examples, database=None, deadline=None, phases=phases,
                    suppress_health_check=list(HealthCheck), print_blob=False)


def run_chunk(seed: int, examples: int) -> list[dict]:
    """Generate ``examples`` pages from ``seed`` and check each: one record per page."""
    from hypothesis import given
    from hypothesis import seed as hseed

    from tests.support.pages import generated_pages, same_pages_everywhere

    records = []

    @hseed(seed)
    @hypothesis_settings(examples, shrink=False)
    @given(generated_pages())
    def survey(page):
        found, _got = classes_of(page)
        records.append({"seed": seed, "n": len(records), "parts": _jsonable(page.parts),
                        "classes": sorted({m.cls for m in found})})

    with same_pages_everywhere():
        survey()
    return records


def minimise(cls: str, seed: int, budget: int, out: str, causes: int) -> list[dict]:
    """Up to ``causes`` smallest pages failing as ``cls``, each needing other parts: Hypothesis
    searches from ``seed`` for a page failing that way, shrinks it, and the parts left away from
    the simplest page are that failure's cause; the next search skips pages holding all the parts
    of a cause already found.  Each page is saved under ``out``."""
    from hypothesis import find
    from hypothesis.errors import NoSuchExample

    from tests.support.pages import generated_pages, same_pages_everywhere
    from tests.support.pages.page import cause, part_values

    field = cls.split("/")[0]
    found_causes: list[frozenset] = []
    results = []
    for k in range(causes):
        started = time.process_time()

        def fails(p):
            values = part_values(p.parts)
            if any(c <= values for c in found_causes):
                return False
            return cls in {m.cls for m in classes_of(p, [field])[0]}

        try:
            with same_pages_everywhere():
                page = find(generated_pages(), fails, settings=hypothesis_settings(budget, shrink=True),
                            random=random.Random(seed * 1000 + k))
        except NoSuchExample:
            results.append({"class": cls, "found": False, "excluding": [sorted(c) for c in found_causes],
                            "seconds": round(time.process_time() - started, 1)})
            break
        why = cause(page.parts)
        found_causes.append(why)
        found, got = classes_of(page)
        folder = Path(out) / f"{cls.replace('/', '__')}__{k + 1}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "page.html").write_text(page.html, "utf-8")
        (folder / "expected.json").write_text(json.dumps(page.expected, ensure_ascii=False, indent=1) + "\n", "utf-8")
        (folder / "parts.json").write_text(json.dumps(_jsonable(page.parts), ensure_ascii=False, indent=1) + "\n", "utf-8")
        (folder / "got.json").write_text(json.dumps({"fields": got, "mismatches": [m.describe() for m in found]},
                                                    ensure_ascii=False, indent=1) + "\n", "utf-8")
        results.append({"class": cls, "found": True, "cause": sorted(why), "folder": str(folder),
                        "bytes": len(page.body), "also": sorted({m.cls for m in found} - {cls}),
                        "seconds": round(time.process_time() - started, 1)})
        if not why:
            break  # the simplest page itself fails: nothing narrower to look for
    return results


def _jsonable(parts: dict) -> dict:
    return {k: list(v) if isinstance(v, tuple) else v for k, v in parts.items()}


# -- the report ------------------------------------------------------------------------------------------


def by_part(records: list[dict], cls: str, min_support: int = 20, top: int = 6) -> list[dict]:
    """The part values most often behind ``cls``: the class's rate among pages with the value,
    against its rate over all pages."""
    from tests.support.pages.page import part_values

    def values(r):
        return part_values(r["parts"])

    seen, hit = Counter(), Counter()
    for r in records:
        failed = cls in r["classes"]
        for v in values(r):
            seen[v] += 1
            hit[v] += failed
    base = sum(cls in r["classes"] for r in records) / max(1, len(records))
    rows = [{"part": v, "pages": seen[v], "failing": hit[v], "rate": round(hit[v] / seen[v], 3),
             "lift": round(hit[v] / seen[v] / base, 2) if base else None}
            for v in seen if seen[v] >= min_support and hit[v]]
    rows.sort(key=lambda x: (-x["rate"], -x["failing"]))
    return rows[:top]


def cause_support(records: list[dict], minimal: dict) -> tuple[int, int]:
    """Survey pages holding every part of a minimal page's cause, and how many of them fail
    with its class: how common that way of failing is."""
    from tests.support.pages.page import part_values

    why = set(minimal["cause"])
    with_cause = [r for r in records if why <= part_values(r["parts"])]
    return len(with_cause), sum(minimal["class"] in r["classes"] for r in with_cause)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=5000, help="pages to generate (default 5000)")
    parser.add_argument("--chunk", type=int, default=250, help="pages per seed (default 250)")
    parser.add_argument("--first-seed", type=int, default=0, help="seed of the first chunk (default 0)")
    parser.add_argument("--jobs", type=int, default=2, help="processes (default 2)")
    parser.add_argument("--rev", help="read the pages with this git revision's parser (default: this checkout)")
    parser.add_argument("--no-minimise", dest="minimise", action="store_false", help="skip the minimal examples")
    parser.add_argument("--shrink-budget", type=int, default=2000,
                        help="examples Hypothesis may try to find a class again (default 2000)")
    parser.add_argument("--causes", type=int, default=3, help="distinct causes to look for per class (default 3)")
    parser.add_argument("--save", type=Path, default=work_dir() / "soak_pages", help="where minimal examples go")
    parser.add_argument("--name", default="soak_pages", help="results file bench/results/NAME.json")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="soak-pages-"))
    try:
        if args.rev:
            commit = unpack_parser(args.rev, tmp)
            parser_path, dirty = str(tmp), False
        else:
            commit = git("log", "-1", "--format=%H", "--", "vkscrawl")  # the parser's last change
            parser_path = None
            dirty = bool(git("status", "--porcelain", "--", "vkscrawl"))
        generator = hashlib.sha256(b"".join(p.read_bytes() for p in sorted(GENERATOR.glob("*.py")))).hexdigest()[:12]
        seeds = list(range(args.first_seed, args.first_seed + -(-args.examples // args.chunk)))
        sizes = [min(args.chunk, args.examples - i * args.chunk) for i in range(len(seeds))]
        if args.save.exists() and args.minimise:
            shutil.rmtree(args.save)
        print(f"parser {commit[:10]}{' (uncommitted changes)' if dirty else ''}, generator {generator}, "
              f"{args.examples} pages in {len(seeds)} chunks, seeds {seeds[0]}..{seeds[-1]}", flush=True)
        started, cpu0 = time.time(), time.process_time()
        records: list[dict] = []
        with ProcessPoolExecutor(args.jobs, initializer=init_worker, initargs=(parser_path,)) as pool:
            for chunk in pool.map(run_chunk, seeds, sizes):
                records += chunk
                failing = sum(bool(r["classes"]) for r in records)
                print(f"  {len(records)} pages, {failing} failing", flush=True)
            survey_seconds = round(time.time() - started, 1)
            counts = Counter(c for r in records for c in r["classes"])
            first = {}
            for r in records:
                for c in r["classes"]:
                    first.setdefault(c, r["seed"])
            minimal = []
            if args.minimise and counts:
                print(f"minimising {len(counts)} classes", flush=True)
                jobs = [pool.submit(minimise, c, first[c], args.shrink_budget, str(args.save), args.causes)
                        for c in sorted(counts)]
                for job in jobs:
                    for m in job.result():
                        minimal.append(m)
                        print(f"  {m['class']}: {m.get('bytes', 'none further')} bytes, {m['seconds']} s, "
                              f"cause {' '.join(m.get('cause', [])) or '-'}", flush=True)
        args.save.mkdir(parents=True, exist_ok=True)
        with open(args.save / "records.jsonl", "w", encoding="utf-8") as f:
            for r in records:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
        for m in minimal:
            if m.get("found"):
                m["survey_pages_with_cause"], m["survey_pages_with_cause_failing"] = cause_support(records, m)
        by_field = Counter()
        for r in records:
            for f in {c.split('/')[0] for c in r["classes"]}:
                by_field[f] += 1
        combos = Counter(" + ".join(r["classes"]) for r in records if r["classes"])
        result = {
            "parser_commit": commit,  # --rev's commit, else the last commit that changed vkscrawl/
            "parser_uncommitted_changes": dirty,
            "generator": generator,
            "examples": len(records),
            "chunk": args.chunk,
            "seeds": [seeds[0], seeds[-1]],
            "failing_pages": sum(bool(r["classes"]) for r in records),
            "failing_by_field": dict(by_field.most_common()),
            "classes": {c: {"pages": n, "first_seed": first[c], "parts": by_part(records, c)}
                        for c, n in counts.most_common()},
            "class_combinations": dict(combos.most_common(25)),
            "minimal_examples": minimal,
            "survey_seconds": survey_seconds,
            "cpu_seconds_parent": round(time.process_time() - cpu0, 1),
            "jobs": args.jobs,
        }
        write_results(args.name, result)
        print(json.dumps({k: result[k] for k in ("examples", "failing_pages", "failing_by_field")}, ensure_ascii=False))
        for c, n in counts.most_common():
            print(f"  {n:6d}  {c}")
        return 1 if result["failing_pages"] else 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
