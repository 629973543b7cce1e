#!/usr/bin/env python3
"""Rewrite fixtures/articles/*/expected.json from the current parser's output.

For reviewing deliberate parser changes: every changed file is shown as a unified diff.  Never run
it just to make failing tests pass; an expected item is checked against its page and against
docs/EXTRACTION.md, not against the parser.

    scripts/regen_expected.py            # rewrite, print a diff per changed file
    scripts/regen_expected.py --check    # write nothing, exit 1 when any file would change
    scripts/regen_expected.py 01-cao     # only fixtures whose folder name contains "01-cao"

The fetched URL is http://127.0.0.1:8000 + fixture.json's ``path``; that origin is written back
as ``{origin}``.  ``source_url``, ``fetched_at`` and ``snapshot`` are not part of expected.json.
Only folders with page.html are considered (the 404 fixture has none).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vkscrawl.parsing import parse_article  # noqa: E402

ARTICLES = ROOT / "fixtures" / "articles"
ORIGIN = "http://127.0.0.1:8000"
PLACEHOLDER = "{origin}"
DROP = ("source_url", "fetched_at", "snapshot")
DEFAULT_CONTENT_TYPE = "text/html; charset=utf-8"


def put_origin(value):
    if isinstance(value, str):
        return value.replace(ORIGIN, PLACEHOLDER)
    if isinstance(value, list):
        return [put_origin(v) for v in value]
    if isinstance(value, dict):
        return {k: put_origin(v) for k, v in value.items()}
    return value


def dump(obj) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2) + "\n"


def expected_for(folder: Path) -> dict:
    meta = json.loads((folder / "fixture.json").read_text(encoding="utf-8"))
    body = (folder / "page.html").read_bytes()
    result = parse_article(body, ORIGIN + meta["path"], meta.get("content_type") or DEFAULT_CONTENT_TYPE)
    item = {k: v for k, v in result.item.items() if k not in DROP}
    if result.problems:
        print(f"# {folder.name}: parser problems: {', '.join(result.problems)}", file=sys.stderr)
    return put_origin(item)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="write nothing; exit 1 when any file would change")
    ap.add_argument("--fixtures", type=Path, default=ARTICLES, help="the articles folder (default: fixtures/articles)")
    ap.add_argument("only", nargs="*", help="substrings of fixture folder names to limit the run")
    args = ap.parse_args(argv)

    articles = args.fixtures
    if not articles.is_dir():
        print(f"no fixtures folder: {articles}", file=sys.stderr)
        return 0
    changed = 0
    seen = 0
    for folder in sorted(p for p in articles.iterdir() if p.is_dir()):
        if args.only and not any(s in folder.name for s in args.only):
            continue
        if not (folder / "page.html").is_file() or not (folder / "fixture.json").is_file():
            continue
        seen += 1
        target = folder / "expected.json"
        old = target.read_text(encoding="utf-8") if target.is_file() else ""
        # keep the key order of an existing file (hand-written), new keys at the end
        new_obj = expected_for(folder)
        if old:
            try:
                old_obj = json.loads(old)
                ordered = {k: new_obj[k] for k in old_obj if k in new_obj}
                ordered.update({k: v for k, v in new_obj.items() if k not in ordered})
                new_obj = ordered
            except json.JSONDecodeError:
                pass
        new = dump(new_obj)
        if old and json.loads(old) == new_obj:
            continue  # same content (formatting differences are not a change)
        changed += 1
        try:
            rel = target.relative_to(ROOT)
        except ValueError:
            rel = target
        sys.stdout.writelines(
            difflib.unified_diff(
                old.splitlines(keepends=True),
                new.splitlines(keepends=True),
                fromfile=f"a/{rel}",
                tofile=f"b/{rel}",
            )
        )
        if not args.check:
            target.write_text(new, encoding="utf-8")
    verb = "would change" if args.check else "changed"
    print(f"# {seen} fixture(s), {changed} {verb}", file=sys.stderr)
    return 1 if (args.check and changed) else 0


if __name__ == "__main__":
    sys.exit(main())
