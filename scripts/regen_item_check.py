#!/usr/bin/env python3
"""Write vkscrawl/_item_check.py: the closed item schema (``vkscrawl.items.item_schema``)
compiled to Python by fastjsonschema ahead of time (``fastjsonschema.compile_to_code``).

``items.item_check`` imports that module instead of compiling the schema in every process (the
code generation and its ``compile`` were the largest part of a reparse's start-up after the
imports). Run it after changing vkscrawl/item.schema.json or upgrading fastjsonschema; a test
fails until it has been run.

    scripts/regen_item_check.py            # rewrite the module
    scripts/regen_item_check.py --check    # write nothing, exit 1 when it would change
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from vkscrawl.items import ITEM_CHECK_MODULE, item_check_source  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if stale")
    args = parser.parse_args()
    target = ROOT / ITEM_CHECK_MODULE
    source = item_check_source()
    current = target.read_text("utf-8") if target.exists() else None
    if current == source:
        print(f"{ITEM_CHECK_MODULE}: up to date")
        return 0
    if args.check:
        print(f"{ITEM_CHECK_MODULE}: would change (run scripts/regen_item_check.py)")
        return 1
    target.write_text(source, "utf-8")
    print(f"{ITEM_CHECK_MODULE}: written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
