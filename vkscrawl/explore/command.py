"""The ``export``, ``explore`` and ``report`` commands: arguments in, one line per outcome out,
the project's exit statuses."""

from __future__ import annotations

import sys
from pathlib import Path

from vkscrawl.exit_status import EXIT_OK, EXIT_USAGE


def _error(message: str) -> int:
    print(f"vkscrawl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def run_export(database: Path, output_dir: Path) -> int:
    from vkscrawl.explore.export import BadLine, ExportRefused, export, summary

    try:
        result = export(database, output_dir)
    except (ExportRefused, BadLine) as error:
        return _error(str(error))
    for line in summary(result):
        print(line)
    return EXIT_OK
