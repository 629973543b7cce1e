"""Quality of the event rules against hand labels: precision and recall per kind and per field,
on two corpora kept apart (tests/support/events_quality.py defines the scoring; the CI floors are
tests/test_events_quality.py; BENCHMARKS.md, "Events", reports the figures):

- ``gold``: every event of the fixture articles, labelled before the rules were written; the
  rules were written looking at these texts, so this figure flatters them;
- ``heldout``: 24 digest sections and a single story labelled at the same time and never run
  while the rules were written: the estimate of how the rules do on sections they do not know.

    .venv/bin/python bench/events_quality.py            # both, writes bench/results/events_quality.json
    .venv/bin/python bench/events_quality.py --errors   # and every disagreement
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the project root is not
    sys.path.insert(0, str(ROOT))

from tests.support.events_quality import corpus, score, summary  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "events_quality.json"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--errors", action="store_true", help="print every disagreement")
    ap.add_argument("--no-write", action="store_true", help="do not write the results file")
    args = ap.parse_args(argv)
    import subprocess

    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    report = {"when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
              "commit": commit, "corpora": {}}
    for name in ("gold", "heldout"):
        labels, events = corpus(name)
        scores = score(labels, events)
        figures = summary(scores, labels)
        report["corpora"][name] = figures
        print(f"\n== {name}: {figures['events']} events ({figures['sections']} sections)")
        print(f"{'kind':16} {'P':>6} {'R':>6} {'support':>8}")
        for kind, f in figures["kinds"].items():
            print(f"{kind:16} {f['precision']:6.2f} {f['recall']:6.2f} {f['support']:8d}")
        micro = figures["kinds_micro"]
        print(f"{'(all kinds)':16} {micro['precision']:6.2f} {micro['recall']:6.2f}")
        print(f"{'field':18} {'P':>6} {'R':>6}")
        for field, f in figures["fields"].items():
            print(f"{field:18} {f['precision']:6.2f} {f['recall']:6.2f}")
        if args.errors:
            for kind, s in scores["kinds"].items():
                if s.errors:
                    print(f"  kind {kind}: {s.errors}")
            for field, s in scores["fields"].items():
                for error in s.errors:
                    print(f"  {field}: {error}")
    if not args.no_write:
        RESULTS.write_text(json.dumps(report, ensure_ascii=False, indent=1) + "\n", "utf-8")
        print(f"\nwritten {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
