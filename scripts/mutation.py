#!/usr/bin/env python3
"""Mutation testing (mutmut) of one target: the ledger, the listing's stop decision, the response
to item path or the chrome rules.

mutmut reads one configuration, ``[tool.mutmut]`` of pyproject.toml (the export's, kept there for
a bare ``mutmut run``; while it exists mutmut ignores setup.cfg's ``[mutmut]``). To mutate another
target without touching that, this script copies the checkout's tracked files into a work folder,
writes the target's ``[tool.mutmut]`` into the copy's pyproject.toml and runs mutmut there; the
``mutants/`` folder stays in the work folder, for ``mutmut show`` / ``mutmut browse``.

    scripts/mutation.py ledger                  # mutate, then print the counts and the survivors
    scripts/mutation.py chrome --sample         # the even-numbered half of the mutants
    scripts/mutation.py ledger --report-only    # the counts of the last run in the work folder
    scripts/mutation.py ledger --work /tmp/m    # another work folder (default: $TMPDIR/...)
    scripts/mutation.py chrome "*_names_chrome*"   # only these mutants (mutmut's patterns)
    scripts/mutation.py chrome --tests tests/parsing/test_chrome_index.py   # a first pass

Each mutant's test session starts with the caches of the code under test empty
(``tests/support/fresh_caches.py``): mutmut forks every mutant's process from one that already
ran the tests unmutated, and a verdict memoised then would hide the mutant.

Each target runs only the fast tests that reach its code (``-m "not crawl and not install"``,
serial, stopping at the first failure): a crawl test costs seconds per mutant and reaches these
modules only through code the unit tests already drive. ``--tests`` runs a part of that list
instead (seconds per mutant instead of minutes): a mutant it kills the whole list kills too, so
only its survivors need the whole list. Results, and why each remaining survivor
is acceptable: RELIABILITY.md, "Mutation testing".
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FAST = ["-p", "no:cacheprovider", "-n", "0", "-x", "-q", "-m", "not crawl and not install"]
#: Every test session (one per mutant, in a process forked from mutmut's) starts with the caches
#: of the code under test empty: a cache filled by the unmutated code would hide the mutant.
FRESH = ["-p", "tests.support.fresh_caches"]

TARGETS = {
    "ledger": {
        "only_mutate": ["vkscrawl/ledger/state.py", "vkscrawl/ledger/feed.py",
                        "vkscrawl/ledger/runs.py"],
        "tests": ["tests/test_ledger_state.py", "tests/test_backoff.py",
                  "tests/test_feed_line.py", "tests/test_response_to_item.py",
                  "tests/test_archive_ledger.py", "tests/test_ledger.py",
                  "tests/test_startup_checks.py"],
        # One-line messages for the operator and log text: their wording is no decision.
        "do_not_mutate_patterns": [r"logger\.(info|warning|debug)\(", r"raise StateError\(",
                                   r"return f?\"(is |feed )"],
    },
    "paging": {
        "only_mutate": ["vkscrawl/spiders/paging.py"],
        "tests": ["tests/test_paging.py"],
        "do_not_mutate_patterns": [r"return unreadable\(f?\""],
    },
    "dispatch": {
        "only_mutate": ["vkscrawl/dispatch/response_to_item.py", "vkscrawl/dispatch/response.py"],
        "tests": ["tests/test_dispatch_outcomes.py", "tests/test_response_to_item.py",
                  "tests/test_feed_contract.py",
                  "tests/test_backoff.py", "tests/test_archive_strict.py"],
        "do_not_mutate_patterns": [r"logger\.(info|warning|debug|error)\("],
    },
    "chrome": {
        "only_mutate": ["vkscrawl/parsing/generic/chrome.py"],
        "tests": ["tests/test_generic_realworld.py", "tests/parsing"],
        "do_not_mutate_patterns": [],
    },
    # what the generic extractor is given to read, and the author line's rules
    "generic": {
        "only_mutate": ["vkscrawl/parsing/generic/fallback.py", "vkscrawl/parsing/roles.py",
                        "vkscrawl/parsing/elements.py"],
        "tests": ["tests/parsing/test_generic_unread.py", "tests/parsing/test_article_rules.py",
                  "tests/parsing/test_peer_property.py", "tests/parsing/test_generated_cases.py",
                  "tests/parsing/test_fixture_fields.py", "tests/test_generic_realworld.py"],
        "do_not_mutate_patterns": [],
    },
    # the page-wide text scans (text nodes read once, prefilters on the page's text) and the
    # weighing's word counts
    "scans": {
        "only_mutate": ["vkscrawl/parsing/article.py", "vkscrawl/parsing/generic/arbitration.py",
                        "vkscrawl/parsing/generic/teasers.py",
                        "vkscrawl/parsing/generic/structure.py"],
        "tests": ["tests/parsing/test_text_scans.py", "tests/parsing/test_arbitration.py",
                  "tests/parsing/test_outside_the_article.py", "tests/test_generic_realworld.py",
                  "tests/parsing/test_article_rules.py", "tests/parsing/test_generated_cases.py"],
        "do_not_mutate_patterns": [],
    },
}


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(json.dumps(v) for v in values) + "]"


def target_config(name: str, fresh: bool = True, tests: list[str] | None = None) -> str:
    target = TARGETS[name]
    return "\n".join([
        "[tool.mutmut]",
        'source_paths = ["vkscrawl"]',
        f"only_mutate = {toml_list(target['only_mutate'])}",
        f"pytest_add_cli_args_test_selection = {toml_list(tests or target['tests'])}",
        f"pytest_add_cli_args = {toml_list(FAST + (FRESH if fresh else []))}",
        'also_copy = ["fixtures", "scrapy.cfg", "setup.py", "scripts"]',
        f"do_not_mutate_patterns = {toml_list(target['do_not_mutate_patterns'])}",
        "",
    ])


def prepare(name: str, work: Path, fresh: bool = True, tests: list[str] | None = None) -> None:
    """A copy of the checkout's files (as they are on disk, uncommitted edits included)."""
    if work.exists():
        shutil.rmtree(work)
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                           check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, files):
        source = ROOT / rel
        if source.is_symlink():  # fixtures -> vkscrawl/offline/fixtures: a link, kept a link
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            (work / rel).symlink_to(os.readlink(source))
        elif source.is_file():
            (work / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, work / rel)
    pyproject = work / "pyproject.toml"
    text = pyproject.read_text("utf-8")
    # The [tool.mutmut] table runs to the next table or the end of the file.
    text = re.sub(r"(?ms)^\[tool\.mutmut\]\n.*?(?=^\[|\Z)", "", text)
    pyproject.write_text(text.rstrip() + "\n\n" + target_config(name, fresh, tests), "utf-8")


def report(work: Path) -> dict:
    out = subprocess.run([str(Path(sys.executable).parent / "mutmut"), "results", "--all", "true"],
                         cwd=work, capture_output=True, text=True).stdout
    statuses: dict[str, list[str]] = {}
    for line in out.splitlines():
        if ":" in line:
            mutant, status = line.strip().rsplit(":", 1)
            statuses.setdefault(status.strip(), []).append(mutant.strip())
    return statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("target", choices=sorted(TARGETS))
    parser.add_argument("--work", type=Path, help="work folder (replaced unless --report-only)")
    parser.add_argument("--max-children", type=int, default=1)
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--sample", action="store_true",
                        help="run the even-numbered half of the mutants only (every function's)")
    parser.add_argument("--stale-caches", action="store_true",
                        help="do not empty the caches of the code under test in each mutant's "
                             "session (how the runs before 2026-12-06 ran: more false survivors)")
    parser.add_argument("--tests", action="append", metavar="PATH",
                        help="run this test file or folder (repeatable) instead of the target's "
                             "list: a quick first pass (what it kills, the whole list kills too)")
    parser.add_argument("names", nargs="*",
                        help="only the mutants matching these mutmut patterns (\"*_names_chrome*\")")
    args = parser.parse_intermixed_args()
    work = args.work or Path(tempfile.gettempdir()) / f"vkscrawl-mutation-{args.target}"
    if not args.report_only:
        prepare(args.target, work, fresh=not args.stale_caches, tests=args.tests)
        started = time.monotonic()
        cpu = os.times()
        subprocess.run([str(Path(sys.executable).parent / "mutmut"), "run", "--max-children",
                        str(args.max_children),
                        *(args.names or (["*__mutmut_*[02468]"] if args.sample else []))],
                       cwd=work)
        after = os.times()
        print(f"wall {time.monotonic() - started:.0f} s, CPU "
              f"{after.children_user + after.children_system - cpu.children_user - cpu.children_system:.0f} s")
    statuses = report(work)
    print(json.dumps({status: len(mutants) for status, mutants in sorted(statuses.items())}))
    case_only = 0
    for status in ("survived", "timeout", "suspicious", "no tests"):
        for mutant in statuses.get(status, []):
            removed, added = diff(work, mutant)
            if status == "survived" and removed and removed.lower() == added.lower():
                case_only += 1  # SQL keywords or names in another case: the same statement
                continue
            print(f"{status}: {mutant}\n  - {removed}\n  + {added}")
    print(f"survived, equivalent (only the case of SQL text changed): {case_only}")
    return 0


def diff(work: Path, mutant: str) -> tuple[str, str]:
    """The mutant's changed lines, joined (what ``mutmut show`` prints)."""
    out = subprocess.run([str(Path(sys.executable).parent / "mutmut"), "show", mutant], cwd=work,
                         capture_output=True, text=True).stdout.splitlines()
    removed = " ".join(line[1:].strip() for line in out
                       if line.startswith("-") and not line.startswith("---"))
    added = " ".join(line[1:].strip() for line in out
                     if line.startswith("+") and not line.startswith("+++"))
    return removed, added


if __name__ == "__main__":
    sys.exit(main())
