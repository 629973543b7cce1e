"""``vkscrawl reparse``: rebuild the feed from WARC snapshots with the current parser, no network.

Reads the ``response`` records of the given files in order and hands every article response (a
URL with an article number) to the crawl's own path from a stored response to a written item
(``dispatch.response_to_item``: the same gate, parser, validate, dedupe and write stages, over an
in-memory ledger). The same bytes therefore give the same item, ``content_hash`` and verdict as in
the crawl: a 404 after a written item is a deletion marker, a cut-short page no item;
``fetched_at`` is the record's ``WARC-Date`` and ``snapshot`` points at the record.

Every input and the output are checked before anything is read or written: a missing or
unreadable file, a file that is not a WARC, or an unwritable ``-o`` is one line on stderr and exit
status 2. With ``-o`` the items go to a temporary file beside OUT that replaces OUT at the end
(an interrupted rebuild leaves OUT as it was); without it, JSON lines go to standard output.

A revisit record of a 304 (server-not-modified) is read as the crawl read the 304: the article is
unchanged (``ArticleOutcomes.not_modified``, through ``dispatch``).

Each file gets a line: records read, article pages among them, revisits, records skipped (a digest
that does not match, a body that cannot be decoded) and torn records. A torn record (the file ends
inside it, header or body: what a crawl killed mid-write leaves) is a WARNING naming the file and
the offset; warcio itself ends quietly when the cut falls inside a record's header, so the end of
the last record read is compared with the file's size.

``--jobs N`` cuts the files at record boundaries (gzip members, found with zlib) into pieces that
N worker processes read and parse; the main process applies the readings (validate, dedupe,
write) in archive order, so the output is byte for byte that of one process.

Exit status: 0 when every file was read to its end (a torn last record, left by a crawl killed
mid-write, is only a warning: nothing from it reached the feed; with ``--strict`` it is exit 1);
1 when a file is damaged before its end, a record was skipped, or the parser failed on a page
(everything else was still rebuilt); 2 for bad arguments.
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.archive.progress import Progress, ProgressSettingError, every_from_environment
from vkscrawl.archive.reader import ResponseReader, check_warc
from vkscrawl.dispatch.response import from_record
from vkscrawl.dispatch.response_to_item import PARSER_ERROR, ArticleOutcomes, dispatch, read_article
from vkscrawl.exit_status import EXIT_FAILED as EXIT_INCOMPLETE
from vkscrawl.exit_status import EXIT_OK, EXIT_USAGE
from vkscrawl.files import output_file_problem
from vkscrawl.ledger.feed import FeedWriter
from vkscrawl.ledger.state import Ledger
from vkscrawl.parsing import article_id_from_url


def _error(message: str) -> int:
    print(f"vkscrawl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _warn(message: str) -> None:
    print(f"vkscrawl reparse: warning: {message}", file=sys.stderr)


def snapshot_file(path: Path) -> str:
    """What an item's ``snapshot.file`` says for a WARC file given on the command line."""
    if path.parent.name == SNAPSHOT_DIR:
        return f"{SNAPSHOT_DIR}/{path.name}"
    return str(path)


@dataclass
class FileReport:
    """What reading one file found."""

    path: Path
    records: int = 0
    articles: int = 0
    revisits: int = 0
    skipped: int = 0
    torn: list[int] = field(default_factory=list)
    damaged_at: int | None = None

    def line(self) -> str:
        torn = (f", {len(self.torn)} torn (at offset {', '.join(map(str, self.torn))})"
                if self.torn else ", 0 torn")
        damaged = (f", DAMAGED at offset {self.damaged_at} (the rest was not read)"
                   if self.damaged_at is not None else "")
        return (f"{self.path}: {self.records} records read ({self.articles} article pages, "
                f"{self.revisits} revisits), {self.skipped} skipped{torn}{damaged}")


class Counts:
    def __init__(self):
        self.records = self.responses = self.articles = 0
        self.written = self.rejected = self.duplicates = self.errors = self.deleted = 0

    def count(self, key: str, n: int = 1) -> None:
        """The one path's counters (the crawl's stats keys) that a rebuild reports."""
        name = {"vkscrawl/items_written": "written", "vkscrawl/items_rejected": "rejected",
                "vkscrawl/dedupe/duplicate": "duplicates",
                "vkscrawl/deletions_written": "deleted"}.get(key)
        if name:
            setattr(self, name, getattr(self, name) + n)

    def line(self) -> str:
        errors = f", {self.errors} errors" if self.errors else ""
        deleted = f", {self.deleted} deletion markers" if self.deleted else ""
        return (f"{self.records} records read ({self.responses} responses, {self.articles} article "
                f"pages), {self.written} items written, {self.rejected} rejected, "
                f"{self.duplicates} duplicates{deleted}{errors}")


class _Sink:
    """Where rebuilt items go: a FeedWriter on a temporary file that replaces OUT at the end, or
    on a stream (stdout; or OUT itself when it is not a regular file, such as ``/dev/null`` or a
    pipe, which must be written to, never replaced). The writer keeps the ledger, as in a crawl."""

    def __init__(self, output: Path | None, ledger):
        self.output = output
        self.tmp: Path | None = None
        self.stream = None
        if output is None or (output.exists() and not output.is_file()):
            self.stream = sys.stdout.buffer if output is None else open(output, "wb")
            self.feed = FeedWriter(self.stream, ledger)
        else:
            fd, name = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".partial",
                                        dir=output.parent if str(output.parent) else ".")
            os.close(fd)
            self.tmp = Path(name)
            # mkstemp makes it private (0600); the result gets the mode any new file would get.
            umask = os.umask(0)
            os.umask(umask)
            self.tmp.chmod(output.stat().st_mode & 0o777 if output.exists() else 0o666 & ~umask)
            # Not durable line by line: the file only counts once it replaces OUT, after the
            # one fsync that close() makes.
            self.feed = FeedWriter(self.tmp, ledger, durable=False)

    def commit(self) -> None:
        self.feed.close()
        if self.tmp is not None:
            os.replace(self.tmp, self.output)
            self.tmp = None
        self._close_stream()

    def abort(self) -> None:
        try:
            self.feed.close()
        except OSError:
            pass
        if self.tmp is not None:
            self.tmp.unlink(missing_ok=True)
            self.tmp = None
        self._close_stream()

    def _close_stream(self) -> None:
        if self.stream is not None and self.stream is not sys.stdout.buffer:
            self.stream.close()
        self.stream = None


def run_reparse(paths: list[Path], output: Path | None, progress: bool = True,
                strict: bool = False, jobs: int = 1) -> int:
    paths = [Path(p) for p in paths]
    if jobs < 1:
        return _error(f"--jobs {jobs}: expected a number of processes, 1 or more")
    for path in paths:
        problem = check_warc(path)
        if problem:
            return _error(f"SNAPSHOT {str(path)!r}: {problem}; expected a WARC file (*.warc.gz)")
    try:
        every = every_from_environment()
    except ProgressSettingError as error:
        return _error(str(error))
    if output is not None:
        output = Path(output)
        problem = output_file_problem(output, paths)
        if problem:
            expected = "" if "expected" in problem else "; expected a file in a writable folder"
            return _error(f"-o {str(output)!r}: {problem}{expected}")

    state = Ledger(None)
    try:
        sink = _Sink(output, state)
    except OSError as error:
        state.close()
        return _error(f"-o {str(output)!r}: cannot write beside it ({error.strerror or error})")
    try:
        meter = Progress("vkscrawl reparse", "records", enabled=progress, every=every,
                         total_bytes=sum(path.stat().st_size for path in paths))
        status, counts, reports = _rebuild(paths, sink, state, meter, jobs)
        sink.commit()
    except BrokenPipeError:
        sink.abort()
        try:  # the reader went away (| head): say nothing more on the closed pipe
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        except OSError:  # pragma: no cover
            pass
        return EXIT_INCOMPLETE
    except OSError as error:  # e.g. the disk filled up: OUT is left as it was
        sink.abort()
        kept = f"; {output} left as it was" if output is not None else ""
        print(f"vkscrawl: error: rebuild stopped: {error}{kept}", file=sys.stderr)
        return EXIT_INCOMPLETE
    except BaseException:
        sink.abort()
        raise
    finally:
        state.close()
    torn = sum(len(report.torn) for report in reports)
    if progress:
        for report in reports:
            print(f"vkscrawl reparse: {report.line()}", file=sys.stderr)
        where = f" to {output}" if output is not None else ""
        print(f"vkscrawl reparse: done{where}: {counts.line()}{meter.summary(counts.records)}",
              file=sys.stderr)
    if strict and torn and status == EXIT_OK:
        print(f"vkscrawl reparse: --strict: {torn} torn record(s); exit status "
              f"{EXIT_INCOMPLETE}", file=sys.stderr)
        status = EXIT_INCOMPLETE
    return status


#: Gzip members (records) per piece of a file handed to one worker with --jobs.
SEGMENT_MEMBERS = 400


def _rebuild(paths: list[Path], sink: _Sink, state, progress: Progress,
             jobs: int = 1) -> tuple[int, Counts, list[FileReport]]:
    """Read the files' records in order (``_segment_events``), hand each article page to the one
    path, tally. With ``jobs`` > 1 the files are cut at record boundaries into pieces that worker
    processes read and parse; their events come back in file order and are applied here exactly
    as one process applies them, so the output is the same, byte for byte."""
    counts = Counts()
    outcomes = ArticleOutcomes(state, sink.feed, counts.count)
    reports: list[FileReport] = []
    damaged = False

    read_before = 0  # bytes of the files before this one
    for index, (path, events) in enumerate(_events(paths, jobs), 1):
        if progress.enabled and len(paths) > 1:
            print(f"vkscrawl reparse: reading {path} ({index}/{len(paths)})", file=sys.stderr)
        report = FileReport(path)
        reports.append(report)
        for event in events:
            kind = event[0]
            if kind == "record":
                counts.records += 1
                report.records += 1
                counts.responses += event[1]
                progress.step(counts.records, read_before + event[2], counts.line)
            elif kind == "warn":
                _warn(event[1])
            elif kind == "torn":
                report.torn.append(event[1])
            elif kind == "damaged":
                report.damaged_at = event[1]
                damaged = True
            elif kind == "skipped":
                counts.errors += 1
                report.skipped += 1
                damaged = True
            elif kind == "page":
                stored, reading, revisit = event[1:]
                counts.articles += 1
                report.articles += 1
                report.revisits += revisit
                outcome = dispatch(stored, outcomes, reading=reading)
                if outcome.verdict == PARSER_ERROR:
                    counts.errors += 1
                    damaged = True
                    _warn(f"{stored.snapshot['file']} at {stored.snapshot['offset']}: parser "
                          f"failed on {stored.url}")
        read_before += path.stat().st_size
    return (EXIT_INCOMPLETE if damaged else EXIT_OK), counts, reports


def _events(paths: list[Path], jobs: int):
    """(path, its events in order) for each file: read here (one process), or in pieces by a
    pool of ``jobs`` worker processes that also parse the pages."""
    if jobs == 1:
        for path in paths:
            yield path, _segment_events(path, snapshot_file(path), 0, None, parse=False)
        return
    import multiprocessing

    pieces = [(path, snapshot_file(path), start, end)
              for path in paths for start, end in _segments(path)]
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        results = pool.imap(_segment_worker, pieces)
        for path in paths:
            yield path, _file_events(results, sum(1 for piece in pieces if piece[0] == path))


def _file_events(results, count: int):
    """The events of one file's ``count`` pieces, in order; after a piece found the file damaged,
    the later pieces are dropped (one process stops reading the file there)."""
    stopped = False
    for _ in range(count):
        events = next(results)
        if stopped:
            continue
        for event in events:
            yield event
            if event[0] == "damaged":
                stopped = True


def _segments(path: Path) -> list[tuple[int, int | None]]:
    """Pieces of a file for --jobs: runs of SEGMENT_MEMBERS whole gzip members; the last piece
    runs to the end of the file, so a torn or damaged tail is read as one process reads it."""
    from vkscrawl.archive.writer import complete_prefix  # only --jobs and a damaged file need it

    members: list[int] = []
    try:
        complete_prefix(path, members)
    except OSError:
        members = []
    starts = members[::SEGMENT_MEMBERS] or [0]
    return [(start, end) for start, end in zip(starts, starts[1:])] + [(starts[-1], None)]


def _segment_worker(piece) -> list:
    path, file_name, start, end = piece
    return list(_segment_events(path, file_name, start, end, parse=True))


def _segment_events(path: Path, file_name: str, start: int, end: int | None, parse: bool):
    """The events of reading the records in [start, end) of a file (``end`` None: to its end,
    with the checks for a torn tail): ``("record", is_response, offset)``, ``("warn", message)``,
    ``("torn", offset)``, ``("damaged", offset)``, ``("skipped",)``, and ``("page", stored,
    reading or None, is_revisit)`` for each article page (``parse``: read by ``read_article``
    here, in the worker)."""
    reader = ResponseReader(path, body=True, start=start, end=end)
    records = iter(reader)
    torn_seen: list[int] = []

    def torn(offset: int, message: str):
        torn_seen.append(offset)
        return [("torn", offset), ("warn", f"{path}: torn record at offset {offset} ({message}; "
                                           f"the next crawl on that folder repairs the file)")]

    while True:
        try:
            record = next(records)
        except StopIteration:
            if end is not None:
                return  # a piece ends at a record boundary: the next piece goes on from there
            for offset in reader.torn_others:
                yield from torn(offset, "the file ends inside it: a crawl was interrupted while "
                                        "writing it; everything before it was read")
            # warcio ends quietly when the file is cut inside a record's header, or inside the
            # gzip trailer of a record whose bytes are all there.
            at = None if reader.torn_others else reader.torn_tail()
            if at is not None and at not in torn_seen:
                how = ("everything before it was read" if at == reader.position else
                       "only its gzip trailer is missing, its record was read")
                yield from torn(at, f"the file ends inside it: a crawl was interrupted while "
                                    f"writing it; {how}")
            return
        except Exception as error:  # noqa: BLE001 - warcio raises many kinds on bad data
            if end is None and _torn_tail(path, reader.position):
                yield from torn(reader.position, "a crawl was interrupted while writing it; "
                                                 "everything before it was read")
            else:
                yield ("damaged", reader.position)
                yield ("warn", f"{path} is damaged at offset {reader.position} "
                               f"({_describe(error)}); the rest of it was not read")
            return
        if record is not None and record.truncated:
            # Only the last record of a file can be cut short: a crawl killed mid-write.
            yield from torn(record.offset, "the file ends inside its body: a crawl was "
                                           "interrupted while writing it; skipped it")
            continue
        yield ("record", record is not None, reader.position)
        if record is None:  # a record of another type
            continue
        if not record.digest_ok:
            yield ("skipped",)
            yield ("warn", f"{path} at {record.offset}: the record's bytes do not match its "
                           f"digest (damaged file); skipped it")
            continue
        uri = record.target_uri or ""
        if not uri.startswith(("http://", "https://")) or article_id_from_url(uri) is None:
            continue
        if record.body is None:
            yield ("skipped",)
            yield ("warn", f"{path} at {record.offset}: body of {uri} cannot be decoded; "
                           f"skipped it")
            continue
        stored = from_record(record, file_name)
        yield ("page", stored, read_article(stored) if parse else None, record.revisit)


def _describe(error: BaseException) -> str:
    """An exception as one short printable line (warcio quotes the bytes it choked on)."""
    text = " ".join(str(error).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _torn_tail(path: Path, stopped_at: int) -> bool:
    """Did reading stop in the torn last gzip member a killed writer leaves (not earlier)?"""
    from vkscrawl.archive.writer import complete_prefix

    try:
        complete, torn = complete_prefix(path)
    except OSError:
        return False
    return torn and stopped_at >= complete
