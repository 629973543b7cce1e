"""Soak of generated digest sections: thousands of digests composed at random from parts
(``tests/support/sections``: units in all their forms, the activity's day in every form,
officials with titles, several kinds per section, headings printed every way), each parsed by
the real parser (``parse_article``) and turned into events (``events_of``), every section checked
against its known truth (unit, level, provinces after 2025, date, date source, kinds, people).

    .venv/bin/python bench/soak_sections.py                        # 5,000 digests, seed 0
    .venv/bin/python bench/soak_sections.py --digests 2000 --seed 7 --out soak_sections_fresh.json

A batch is ``random.Random(seed)``'s draw: the same command draws the same digests on every
machine. Results (sections, failed sections, failures per class with an example) go to
``bench/results/<out>`` (default ``soak_sections.json``). Exit status: 0 when every section held.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.support.sections.check import check  # noqa: E402
from tests.support.sections.compose import digests  # noqa: E402

RESULTS = ROOT / "bench" / "results"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--digests", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", default="soak_sections.json")
    ap.add_argument("--label", default="", help="a note kept in the results (which code ran)")
    args = ap.parse_args(argv)
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    started = time.perf_counter()
    sections = 0
    failed: set[tuple[int, int]] = set()
    classes: Counter = Counter()
    example: dict[str, dict] = {}
    for digest, html in digests(args.seed, args.digests):
        sections += len(digest.sections)
        for f in check(digest, html):
            if f.position == 0:  # the split itself is wrong: every section of the digest fails
                failed.update((digest.article_id, n) for n in range(1, len(digest.sections) + 1))
            else:
                failed.add((f.article_id, f.position))
            classes[f.cls] += 1
            if f.cls not in example:
                section = digest.sections[max(f.position, 1) - 1]
                example[f.cls] = {**f.as_dict(), "seed": args.seed, "unit": section.unit.written,
                                  "text": "\n".join(section.paragraphs)}
    seconds = time.perf_counter() - started
    report = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": commit,
        "label": args.label, "seed": args.seed, "digests": args.digests, "sections": sections,
        "failed_sections": len(failed),
        "failed_share": round(len(failed) / sections, 4) if sections else 0.0,
        "classes": len(classes), "seconds": round(seconds, 1),
        "failures": [{"class": c, "count": n, "example": example[c]}
                     for c, n in classes.most_common()],
    }
    out = RESULTS / args.out
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
    print(f"{args.digests} digests, {sections} sections: {len(failed)} failed "
          f"({report['failed_share']:.1%}), {len(classes)} classes, {seconds:.1f} s")
    for c, n in classes.most_common(40):
        print(f"{n:6d}  {c}")
    print(f"written {out.relative_to(ROOT)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
