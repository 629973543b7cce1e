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

from vkscrawl.items import item_schema, item_schema_digest  # noqa: E402

#: The module written, relative to the repository.
ITEM_CHECK_MODULE = "vkscrawl/_item_check.py"


def item_check_source() -> str:
    """The text of :data:`ITEM_CHECK_MODULE` for the current schema and fastjsonschema."""
    import fastjsonschema

    return ('"""The closed item schema (``vkscrawl.items.item_schema``) compiled to Python by '
            'fastjsonschema.\n\nWritten by scripts/regen_item_check.py; do not edit (a test holds '
            'it to the schema).\n"""\n# flake8: noqa\n# fmt: off\n'
            f'SCHEMA_SHA256 = "{item_schema_digest()}"\n'
            + fastjsonschema.compile_to_code(item_schema()))


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
