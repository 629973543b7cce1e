"""``vkscrawl wacz -o FILE.wacz [OUTPUT_DIR]``: the snapshots of an output folder as one WACZ file.

WACZ (Web Archive Collection Zipped, 1.1.1) is what ReplayWeb.page, ArchiveWeb.page, Browsertrix
and pywb (``wb-manager add --unpack-wacz``) open: a zip of the WARC files (``archive/``), their
index (``indexes/index.cdx.gz`` + ``index.idx``), the list of pages (``pages/pages.jsonl``) and
``datapackage.json`` with the size and SHA-256 of every file. py-wacz (``wacz create``) builds it;
this module chooses what goes in:

- every ``snapshots/*.warc.gz`` of the output folder, in name order (a file with a ``.lock`` beside
  it is being written, or was left by a killed crawl that the next crawl repairs: refused);
- the pages: one per article the feed holds (its latest complete line, unless that is a deletion
  marker; a partial last line, a crash's, is skipped with a warning as every feed reader does),
  with the article's title, the URL as fetched and the time of the capture its item was written
  from (the ``response`` record its ``snapshot`` names);
- a title and description naming the collection.

The WACZ is written beside FILE, checked with py-wacz's own validation (``wacz validate``) and
for its pages (each article's page must be in ``pages/pages.jsonl``), and only then renamed to
FILE: a failure leaves FILE as it was. Standard error says how far it got: the article pages
read (their rate and how many are left, ``progress``), then the files and bytes packed. Bad arguments (no such folder, no snapshots, an unwritable
``-o``) are one line on stderr and exit status 2, and change nothing; a WACZ that cannot be made
or does not validate is exit status 1.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import tempfile
import time
import zipfile
from pathlib import Path

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.archive.progress import (Progress, ProgressSettingError, every_from_environment,
                                       megabytes)
from vkscrawl.archive.writer import LOCK_SUFFIX, WARC_SUFFIX
from vkscrawl.config import DEFAULTS
from vkscrawl.exit_status import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from vkscrawl.ledger.feed import FEED_FILE, scan_feed

TITLE = "vkscrawl: Tin hoạt động VKSND địa phương (vksndtc.gov.vn)"
#: The snapshots' own description (their warcinfo's default), and what the package adds.
DESCRIPTION = (f"{DEFAULTS.warc_description}: listing pages, articles and their images; "
               f"pages/pages.jsonl lists every article of the feed")


def _error(message: str) -> int:
    print(f"vkscrawl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _say(message: str) -> None:
    print(f"vkscrawl wacz: {message}", file=sys.stderr)


def input_problem(output_dir: Path) -> tuple[str | None, list[Path]]:
    """(why OUTPUT_DIR cannot be packed, or None; its WARC files)."""
    if not output_dir.is_dir():
        return "no such folder; expected a crawl's output folder (VKSCRAWL_OUTPUT_DIR)", []
    snapshots = output_dir / SNAPSHOT_DIR
    warcs = sorted(snapshots.glob("*" + WARC_SUFFIX)) if snapshots.is_dir() else []
    if not warcs:
        return (f"no snapshots ({snapshots}/*{WARC_SUFFIX}); expected a crawl's output folder "
                f"with VKSCRAWL_SNAPSHOTS_ENABLED on"), []
    locked = [w for w in warcs if w.with_name(w.name + LOCK_SUFFIX).exists()]
    if locked:
        return (f"{locked[0]} is being written by a crawl, or was left by a killed one (the next "
                f"crawl repairs it); pack the folder when no crawl runs on it"), []
    if not (output_dir / FEED_FILE).is_file():
        return f"no feed ({output_dir / FEED_FILE}); expected a crawl's output folder", []
    return None, warcs


def feed_pages(output_dir: Path, every: int | None = None) -> tuple[list[dict], list[str]]:
    """The WACZ pages of the articles in the feed, and warnings (articles left out, and why).
    Progress on stderr (``progress.Progress``; ``every``: a line every so many pages)."""
    from warcio.timeutils import iso_date_to_timestamp

    from vkscrawl.archive.reader import read_response_at

    # The feed module's own reading of complete lines: a torn last line (a crash's) is skipped,
    # as every reader of the feed does; a broken line before it is refused.
    scan = scan_feed(output_dir / FEED_FILE)
    if scan.broken:
        number, offset, why = scan.broken
        raise ValueError(f"line {number} (byte {offset}) is not a feed line ({why})")
    pages, warnings = [], []
    if scan.torn_tail:
        warnings.append(f"the feed ends in a partial last line ({scan.torn_tail} bytes, a line a "
                        f"crash cut short; the next crawl cuts it off): left out")
    articles = sorted((article_id, last) for article_id, last in scan.last.items()
                      if not last.deleted)
    progress = Progress("vkscrawl wacz", "pages", total_units=len(articles), every=every)
    for done, (article_id, last) in enumerate(articles, 1):
        progress.step(done, describe=lambda: f"{done} article pages read")
        snapshot = last.snapshot
        if not snapshot:
            warnings.append(f"article {article_id}: its item names no snapshot (crawled with "
                            f"snapshots off); not listed")
            continue
        try:
            record = read_response_at(output_dir / snapshot["file"], int(snapshot["offset"]),
                                      body=False)
        except (OSError, ValueError, EOFError) as error:
            warnings.append(f"article {article_id}: its snapshot {snapshot['file']} at "
                            f"{snapshot['offset']} cannot be read ({error}); not listed")
            continue
        pages.append({"id": f"article-{article_id}", "url": record.target_uri,
                      "ts": record.date, "title": last.title or record.target_uri,
                      "_key": iso_date_to_timestamp(record.date) + "/" + record.target_uri})
    return pages, warnings


def run_wacz(output: Path, output_dir: Path) -> int:
    from vkscrawl.files import output_file_problem

    output, output_dir = Path(output), Path(output_dir)
    try:
        every = every_from_environment()
    except ProgressSettingError as error:
        return _error(str(error))
    problem, warcs = input_problem(output_dir)
    if problem:
        return _error(f"OUTPUT_DIR {str(output_dir)!r}: {problem}")
    problem = output_file_problem(output, warcs)
    if problem is None and output.exists() and not output.is_file():
        problem = "not a regular file; expected a .wacz file to write"
    if problem:
        expected = "" if "expected" in problem else "; expected a .wacz file in a writable folder"
        return _error(f"-o {str(output)!r}: {problem}{expected}")
    try:
        pages, warnings = feed_pages(output_dir, every)
    except (OSError, ValueError, KeyError) as error:
        return _error(f"OUTPUT_DIR {str(output_dir)!r}: its feed cannot be read ({error})")
    for warning in warnings:
        _say(f"warning: {warning}")

    parent = output.parent if str(output.parent) else Path(".")
    work = Path(tempfile.mkdtemp(prefix=f".{output.name}.", dir=parent))
    try:
        tmp = work / "collection.wacz"
        pages_file = work / "pages.jsonl"
        with open(pages_file, "w", encoding="utf-8") as f:
            f.write(json.dumps({"format": "json-pages-1.0", "id": "pages",
                                "title": "Articles"}) + "\n")
            for page in pages:
                f.write(json.dumps({k: v for k, v in page.items() if k != "_key"},
                                   ensure_ascii=False) + "\n")
        log = io.StringIO()
        from wacz.main import main as wacz_main

        size = sum(warc.stat().st_size for warc in warcs)
        # py-wacz reads and indexes every file, then zips them, in one call: the work is said
        # before and the rate after.
        _say(f"packing {len(warcs)} WARC file(s), {megabytes(size)}: indexing and zipping")
        started = time.monotonic()
        with contextlib.redirect_stdout(log):
            created = wacz_main(["create", "-o", str(tmp), "-p", str(pages_file),
                                 "--title", TITLE, "--desc", DESCRIPTION,
                                 *map(str, warcs)])
        if created != 0:
            _say(f"py-wacz could not create the WACZ: {log.getvalue().strip()[-500:]}")
            return EXIT_FAILED
        took = max(time.monotonic() - started, 1e-6)
        _say(f"packed in {took:.1f} s ({size / 1e6 / took:.2f} MB/s); checking the WACZ "
             f"({megabytes(tmp.stat().st_size)})")
        missing = missing_pages(tmp, pages)
        if missing:
            _say(f"{len(missing)} article page(s) have no capture in the WACZ's index: "
                 f"{', '.join(missing[:5])}")
            return EXIT_FAILED
        problem = validation_problem(tmp)
        if problem:
            _say(f"the WACZ does not validate: {problem}")
            return EXIT_FAILED
        os.chmod(tmp, 0o644)
        os.replace(tmp, output)
    finally:
        for leftover in work.iterdir():
            leftover.unlink()
        work.rmdir()
    size = output.stat().st_size
    _say(f"wrote {output} ({size / 1e6:.1f} MB): {len(warcs)} WARC file(s), {len(pages)} "
         f"article page(s)")
    return EXIT_OK


def missing_pages(wacz_path: Path, pages: list[dict]) -> list[str]:
    """The pages that py-wacz could not match to a capture (it drops them with a printed note)."""
    from warcio.timeutils import iso_date_to_timestamp

    with zipfile.ZipFile(wacz_path) as wacz:
        try:
            lines = wacz.read("pages/pages.jsonl").decode("utf-8").splitlines()
        except KeyError:
            lines = []
    listed = set()
    for line in lines[1:]:
        page = json.loads(line)
        listed.add(iso_date_to_timestamp(page["ts"]) + "/" + page["url"])
    return [page["url"] for page in pages if page["_key"] not in listed]


def validation_problem(wacz_path: Path) -> str | None:
    """What ``wacz validate`` says is wrong with the file (the same checks), or None."""
    from wacz.validate import Validation

    log = io.StringIO()
    with contextlib.redirect_stdout(log):
        validation = Validation(str(wacz_path))
        checks = [validation.check_required_contents, validation.frictionless_validate,
                  validation.check_file_paths, validation.check_file_hashes,
                  validation.check_data_package_hash_and_sig]
        failed = [check.__name__ for check in checks if check() is False]
    if failed:
        return f"{', '.join(failed)} failed ({' '.join(log.getvalue().split())[-300:]})"
    return None
