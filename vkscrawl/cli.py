"""The ``vkscrawl`` command: serve the offline portal, parse saved pages, rebuild the feed, demo.

Crawling itself is ``scrapy crawl local_news`` (see README); ``vkscrawl demo`` runs it against the
offline portal. Every bad argument ends the command with one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

from vkscrawl.config import DEFAULTS
from vkscrawl.exit_status import EXIT_FAILED, EXIT_OK, EXIT_USAGE


class OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line naming the argument (no usage dump)."""

    def error(self, message):
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def fail(message: str) -> int:
    print(f"vkscrawl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not an http(s) URL: expected the URL the page was fetched from, "
            f"e.g. https://vksndtc.gov.vn/tin-tuc/...-d8-t12345.html")
    return value


def port_number(value: str) -> int:
    if not value.isdigit() or int(value) > 65535:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a port number: expected 0-65535 (0 = any free port)")
    return int(value)


def byte_offset(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a byte offset: expected 0 or more")
    return int(value)


def process_count(value: str) -> int:
    if not value.isdigit() or not 1 <= int(value) <= 256:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of processes: expected 1-256")
    return int(value)


def build_parser() -> argparse.ArgumentParser:
    parser = OneLineParser(prog="vkscrawl", description=__doc__.split("\n")[0])
    from vkscrawl import __version__

    parser.add_argument("--version", action="version", version=f"vkscrawl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=OneLineParser)

    serve = commands.add_parser("serve", help="serve the bundled offline portal on 127.0.0.1")
    serve.add_argument("--port", type=port_number, default=8000,
                       help="port to listen on (default 8000; 0 = any free port)")
    serve.add_argument("--fixtures", type=Path, default=None,
                       help="fixtures folder to serve (default: the bundled fixtures/)")
    serve.add_argument("--quiet", action="store_true", help="do not log requests")

    parse = commands.add_parser("parse", help="parse one saved article page, print its item")
    parse.add_argument("--url", required=True, type=http_url,
                       help="the URL the page was fetched from")
    parse.add_argument("file", type=Path, metavar="FILE", help="the saved HTML page")

    reparse = commands.add_parser("reparse", help="rebuild items from WARC snapshots, no network")
    reparse.add_argument("-o", "--output", type=Path, default=None,
                         help="write the feed here (JSONL); default: standard output")
    reparse.add_argument("--quiet", action="store_true", help="no progress on stderr")
    reparse.add_argument("--strict", action="store_true",
                         help="exit 1 when a file holds a torn record (default: a warning)")
    reparse.add_argument("--jobs", type=process_count, default=1, metavar="N",
                         help="parse in N processes (same output, byte for byte; default 1)")
    reparse.add_argument("--events", type=Path, default=None, metavar="FILE",
                         help="then bring this events file up to date with the rebuilt feed "
                              "(needs -o; created when missing)")
    reparse.add_argument("snapshots", nargs="+", type=Path, help="WARC files (*.warc.gz)")

    wacz = commands.add_parser("wacz", help="pack an output folder's snapshots into a WACZ file")
    wacz.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.wacz",
                      help="the WACZ file to write")
    wacz.add_argument("output_dir", type=Path, nargs="?", default=DEFAULTS.output_dir,
                      metavar="OUTPUT_DIR",
                      help="the crawl's output folder (default: %(default)s)")

    fixture = commands.add_parser(
        "fixture", help="a new test fixture (page, fixture.json, draft expected.json) from an "
                        "archived page or one live page")
    source = fixture.add_mutually_exclusive_group(required=True)
    source.add_argument("--warc", type=Path, metavar="FILE",
                        help="the WARC file holding the page (with --offset)")
    source.add_argument("--url", type=http_url, help="fetch this page (robots.txt obeyed)")
    fixture.add_argument("--offset", type=byte_offset, metavar="N",
                         help="offset of the page's response record in FILE")
    fixture.add_argument("--fixtures", type=Path, default=Path("fixtures"), metavar="DIR",
                         help="the fixtures folder (default: fixtures)")

    demo = commands.add_parser("demo", help="serve the offline portal and crawl it into a folder")
    demo.add_argument("--output-dir", type=Path, default=DEFAULTS.output_dir,
                      help="output folder (default: %(default)s)")

    status = commands.add_parser("status", help="the article ledger of an output folder at a "
                                                "glance")
    status.add_argument("output_dir", type=Path, nargs="?", default=DEFAULTS.output_dir,
                        metavar="OUTPUT_DIR", help="the output folder (default: %(default)s)")
    status.add_argument("--json", action="store_true", help="the whole ledger report as JSON")

    schema = commands.add_parser("schema", help="print the feed's JSON Schema")
    schema.add_argument("--events", action="store_true", help="the events' JSON Schema instead")

    export = commands.add_parser("export", help="the feed and the events as an SQLite database "
                                                "(incremental)")
    export.add_argument("--sqlite", type=Path, required=True, metavar="FILE",
                        help="the database to create or bring up to date")
    export.add_argument("output_dir", type=Path, nargs="?", default=DEFAULTS.output_dir,
                        metavar="OUTPUT_DIR", help="the crawl's output folder (default: %(default)s)")

    explore = commands.add_parser("explore", help="refresh OUTPUT_DIR/explore.db and serve it "
                                                  "with Datasette on 127.0.0.1")
    explore.add_argument("output_dir", type=Path, nargs="?", default=DEFAULTS.output_dir,
                         metavar="OUTPUT_DIR", help="the crawl's output folder (default: %(default)s)")
    explore.add_argument("--port", type=port_number, default=8001,
                         help="port to listen on (default 8001; 0 = any free port)")

    report = commands.add_parser("report", help="one self-contained HTML page of charts: "
                                                "activity and the crawl's health")
    report.add_argument("-o", "--output", type=Path, required=True, metavar="FILE.html",
                        help="the page to write")
    report.add_argument("output_dir", type=Path, nargs="?", default=DEFAULTS.output_dir,
                        metavar="OUTPUT_DIR", help="the crawl's output folder (default: %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler = {"serve": cmd_serve, "parse": cmd_parse, "reparse": cmd_reparse,
               "demo": cmd_demo, "status": cmd_status, "schema": cmd_schema,
               "wacz": cmd_wacz, "fixture": cmd_fixture, "export": cmd_export,
               "explore": cmd_explore, "report": cmd_report}[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`vkscrawl status | head`): nothing more to say on the closed
        # pipe, and no traceback when Python flushes standard output at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # what a shell reports for a command ended by SIGPIPE


def cmd_serve(args) -> int:
    from vkscrawl.offline.server import listing_url, make_server, serve_until_interrupted

    try:
        server = make_server(args.fixtures, args.port, quiet=args.quiet)
    except FileNotFoundError as error:
        return fail(f"--fixtures: {error}")
    except OSError as error:
        return fail(f"--port {args.port}: cannot listen on 127.0.0.1:{args.port} "
                    f"({error.strerror}); expected a free port (0 = any free port)")
    print(f"Offline portal at {listing_url(server)}  (Ctrl-C to stop)", flush=True)
    serve_until_interrupted(server)
    return EXIT_OK


#: The start of an HTML page: after a byte order mark, blanks and comments, a tag HTML has.
_HTML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|\?xml\b.*<html|"
                         rb"html|head|body|meta|title|link|script|style|div|p|h1|article)[\s>/]",
                         re.IGNORECASE | re.DOTALL)


def looks_like_html(body: bytes) -> bool:
    """Whether a saved file's bytes are an HTML page (a JSON file, a zip, an image are not). A
    saved file has no Content-Type: this stands for the header the crawl's gate reads."""
    head = body[:4096]
    return b"\x00" not in head and _HTML_START.match(head) is not None


def cmd_parse(args) -> int:
    """The crawl's own reading of an article response, on a saved page (no network)."""
    from vkscrawl.dispatch.response import stored_response
    from vkscrawl.dispatch.response_to_item import ITEM, read_article, validation_problem

    if args.file.is_dir():
        return fail(f"FILE {str(args.file)!r} is a folder (expected a saved HTML page)")
    if not args.file.is_file():
        return fail(f"FILE {str(args.file)!r}: no such file (expected a saved HTML page)")
    try:
        body = args.file.read_bytes()
    except OSError as error:
        return fail(f"FILE {str(args.file)!r}: cannot read it ({error.strerror})")
    saved = datetime.fromtimestamp(args.file.stat().st_mtime, timezone.utc)
    # A saved file has no Content-Type: its bytes stand for the header the crawl's gate reads.
    if not looks_like_html(body):
        return fail(f"FILE {str(args.file)!r} is not an HTML article page (expected a saved "
                    f"HTML page)")
    # Read as HTML whether or not it kept its closing tags (a cut in transit is the crawl's
    # concern).
    stored = stored_response(args.url, 200, [("Content-Type", "text/html")], body,
                             saved.strftime("%Y-%m-%dT%H:%M:%SZ"))
    reading = read_article(stored, whole_page_required=False)
    if reading.verdict != ITEM:
        print(f"vkscrawl: {args.file} is not an article page: {reading.reason}", file=sys.stderr)
        return EXIT_FAILED
    # Standard output holds an item only when it is one the crawl would write.
    problem = validation_problem(reading.item)
    if problem:
        print(f"vkscrawl: {args.file} is not a valid article: {problem[0]}", file=sys.stderr)
        return EXIT_FAILED
    print(json.dumps(reading.item, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_reparse(args) -> int:
    from vkscrawl.dispatch.reparse import run_reparse

    if args.events is not None:
        from vkscrawl.digest.events_file import events_path_problem

        if args.output is None:
            return fail("--events needs -o FILE: events are made from the rebuilt feed")
        if args.events.resolve() == args.output.resolve():
            return fail(f"--events {str(args.events)!r}: the same file as -o")
        problem = events_path_problem(args.events)
        if problem:
            return fail(f"--events {str(args.events)!r}: {problem}")
    status = run_reparse(args.snapshots, args.output, progress=not args.quiet,
                         strict=args.strict, jobs=args.jobs)
    if args.events is None or status not in (EXIT_OK, EXIT_FAILED):
        return status
    from vkscrawl.digest.events_file import EventsError, update_events

    try:
        result = update_events(args.output, args.events)
    except (OSError, EventsError) as error:
        print(f"vkscrawl: error: --events {str(args.events)!r}: {error}", file=sys.stderr)
        return EXIT_FAILED
    if not args.quiet:
        print(f"vkscrawl reparse: events to {args.events}: {result.events_written} event(s), "
              f"{result.deletions_written} deletion marker(s)", file=sys.stderr)
    return status


def cmd_wacz(args) -> int:
    from vkscrawl.archive.wacz import run_wacz

    return run_wacz(args.output, args.output_dir)


def cmd_fixture(args) -> int:
    from vkscrawl.dispatch.fixtures import run_fixture

    if args.warc is not None and args.offset is None:
        return fail("--warc needs --offset N (the offset of the page's response record)")
    if args.url is not None and args.offset is not None:
        return fail("--offset goes with --warc, not with --url")
    return run_fixture(args.warc, args.offset, args.url, args.fixtures)


def cmd_demo(args) -> int:
    """Serve the offline portal in this process and crawl it with the real spider."""
    from vkscrawl.archive import SNAPSHOT_DIR
    from vkscrawl.ledger.feed import FEED_FILE
    import subprocess  # here, not at the top: only this command starts a process

    from vkscrawl.files import folder_problem
    from vkscrawl.offline.server import ServerThread

    problem = folder_problem(args.output_dir)
    if problem:
        return fail(f"--output-dir: {problem}")
    with ServerThread() as url:
        print(f"Offline portal at {url}", flush=True)
        # Delays off: the portal is this machine. Everything else is the operator's crawl, with
        # the installed package's settings whatever folder this runs in (an environment variable
        # wins over any scrapy.cfg around).
        command = [sys.executable, "-m", "scrapy", "crawl", "local_news", "-a", f"start_url={url}",
                   "-s", f"VKSCRAWL_OUTPUT_DIR={args.output_dir.resolve()}",
                   "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=0"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "vkscrawl.settings"}
        status = subprocess.call(command, env=env)
    feed = args.output_dir.resolve() / FEED_FILE
    if status == EXIT_OK:
        lines = sum(1 for _ in open(feed, encoding="utf-8")) if feed.exists() else 0
        print(f"Feed: {feed} ({lines} items in all)")
        print(f"Snapshots: {args.output_dir.resolve() / SNAPSHOT_DIR}")
    return status


def cmd_status(args) -> int:
    from vkscrawl.ledger.state import StateError
    from vkscrawl.ledger.status import ledger_status, render

    if not args.output_dir.is_dir():
        return fail(f"OUTPUT_DIR {str(args.output_dir)!r}: no such folder (expected the crawl's "
                    f"output folder, VKSCRAWL_OUTPUT_DIR)")
    try:
        status = ledger_status(args.output_dir)
    except (FileNotFoundError, StateError) as error:
        return fail(f"OUTPUT_DIR {str(args.output_dir)!r}: {error}")
    if args.json:
        print(json.dumps(status, ensure_ascii=False, indent=2))
    else:
        print(render(status))
    return EXIT_OK


def cmd_schema(args) -> int:
    if args.events:
        from vkscrawl.digest.events import schema_text
    else:
        from vkscrawl.items import schema_text

    sys.stdout.write(schema_text())
    return EXIT_OK


def cmd_export(args) -> int:
    from vkscrawl.explore.command import run_export

    return run_export(args.sqlite, args.output_dir)


def cmd_explore(args) -> int:
    from vkscrawl.explore.command import run_explore

    return run_explore(args.output_dir, args.port)


def cmd_report(args) -> int:
    from vkscrawl.explore.command import run_report

    return run_report(args.output, args.output_dir)


if __name__ == "__main__":
    sys.exit(main())
