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


def run_explore(output_dir: Path, port: int) -> int:
    from vkscrawl.explore.serve import DATABASE, listen, serve

    database = output_dir / DATABASE
    code = run_export(database, output_dir)
    if code != EXIT_OK:
        return code
    try:
        sock = listen(port)
    except OSError as error:
        return _error(f"--port {port}: cannot listen on 127.0.0.1:{port} ({error.strerror}); "
                      f"expected a free port (0 = any free port)")
    host, bound = sock.getsockname()[:2]
    print(f"Datasette at http://{host}:{bound}/{database.stem}  (Ctrl-C to stop)", flush=True)
    try:
        serve(database, output_dir, sock)
    except KeyboardInterrupt:
        pass  # uvicorn stops on Ctrl-C, then raises it again: stopping is this command's end
    return EXIT_OK


def run_report(target: Path, output_dir: Path) -> int:
    from vkscrawl.explore.report import write_report
    from vkscrawl.explore.serve import DATABASE

    if target.is_dir() or not target.parent.is_dir():
        return _error(f"-o {str(target)!r}: expected a file name in an existing folder")
    code = run_export(output_dir / DATABASE, output_dir)
    if code != EXIT_OK:
        return code
    try:
        data = write_report(output_dir / DATABASE, output_dir, target)
    except OSError as error:
        return _error(f"-o {str(target)!r}: cannot write it ({error.strerror})")
    print(f"Report: {target} ({data['events']} events, {len(data['months'])} months)")
    return EXIT_OK
