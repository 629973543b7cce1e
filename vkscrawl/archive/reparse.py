"""``vkscrawl reparse``: rebuild the feed from WARC snapshots with the current parser, no network.

Reads the ``response`` records of the given files in order and hands every article response (a
URL with an article number) to the crawl's own path from a stored response to a written item
(``ledger.response_to_item``: the same gate, parser, validate, dedupe and write stages, over an
in-memory ledger). The same bytes therefore give the same item, ``content_hash`` and verdict as in
the crawl: a 404 after a written item is a deletion marker, a cut-short page no item;
``fetched_at`` is the record's ``WARC-Date`` and ``snapshot`` points at the record.

Every input and the output are checked before anything is read or written: a missing or
unreadable file, a file that is not a WARC, or an unwritable ``-o`` is one line on stderr and exit
status 2. With ``-o`` the items go to a temporary file beside OUT that replaces OUT at the end
(an interrupted rebuild leaves OUT as it was); without it, JSON lines go to standard output.

Exit status: 0 when every file was read to its end (a torn last record, left by a crawl killed
mid-write, is only a warning: nothing from it reached the feed); 1 when a file is damaged before
its end or the parser failed on a page (everything else was still rebuilt); 2 for bad arguments.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from vkscrawl.archive import SNAPSHOT_DIR
from vkscrawl.archive.reader import ResponseReader, check_warc
from vkscrawl.archive.writer import complete_prefix

EXIT_OK, EXIT_INCOMPLETE, EXIT_USAGE = 0, 1, 2
PROGRESS_EVERY = 500


def _error(message: str) -> int:
    print(f"vkscrawl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _warn(message: str) -> None:
    print(f"vkscrawl reparse: warning: {message}", file=sys.stderr)


def output_problem(path: Path, inputs: list[Path]) -> str | None:
    """Why ``-o path`` cannot be written, or None. Creates nothing."""
    if path.is_dir():
        return "a folder; expected a file to write"
    if path.exists() and not path.is_file():
        # A device or a pipe (/dev/null, a FIFO): written to in place, its folder is not touched.
        return None if os.access(path, os.W_OK) else "not writable"
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.exists():
        return f"folder {str(parent)!r} does not exist"
    if not parent.is_dir():
        return f"{str(parent)!r} is not a folder"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"folder {str(parent)!r} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return "not writable"
    if path.exists() and any(path.resolve() == p.resolve() for p in inputs):
        return "one of the SNAPSHOT files; refusing to overwrite it"
    return None


def snapshot_file(path: Path) -> str:
    """What an item's ``snapshot.file`` says for a WARC file given on the command line."""
    if path.parent.name == SNAPSHOT_DIR:
        return f"{SNAPSHOT_DIR}/{path.name}"
    return str(path)


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
        from vkscrawl.ledger.feed import FeedWriter

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


def run_reparse(paths: list[Path], output: Path | None, progress: bool = True) -> int:
    paths = [Path(p) for p in paths]
    for path in paths:
        problem = check_warc(path)
        if problem:
            return _error(f"SNAPSHOT {str(path)!r}: {problem}; expected a WARC file (*.warc.gz)")
    if output is not None:
        output = Path(output)
        problem = output_problem(output, paths)
        if problem:
            expected = "" if "expected" in problem else "; expected a file in a writable folder"
            return _error(f"-o {str(output)!r}: {problem}{expected}")

    from vkscrawl.ledger.state import Ledger

    state = Ledger(None)
    try:
        sink = _Sink(output, state)
    except OSError as error:
        state.close()
        return _error(f"-o {str(output)!r}: cannot write beside it ({error.strerror or error})")
    try:
        status, counts = _rebuild(paths, sink, state, progress)
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
    if progress:
        where = f" to {output}" if output is not None else ""
        print(f"vkscrawl reparse: done{where}: {counts.line()}", file=sys.stderr)
    return status


def _rebuild(paths: list[Path], sink: _Sink, state, progress: bool) -> tuple[int, Counts]:
    from vkscrawl.archive.reader import stored_response
    from vkscrawl.ledger.response_to_item import PARSER_ERROR, ArticleOutcomes
    from vkscrawl.parsing import article_id_from_url

    counts = Counts()
    outcomes = ArticleOutcomes(state, sink.feed, counts.count)
    status = EXIT_OK

    def report() -> None:
        if progress and counts.records % PROGRESS_EVERY == 0:
            print(f"vkscrawl reparse: {counts.line()}", file=sys.stderr)

    for index, path in enumerate(paths, 1):
        if progress and len(paths) > 1:
            print(f"vkscrawl reparse: reading {path} ({index}/{len(paths)})", file=sys.stderr)
        file_name = snapshot_file(path)
        reader = ResponseReader(path, body=True)
        records = iter(reader)
        while True:
            try:
                record = next(records)
            except StopIteration:
                break
            except Exception as error:  # noqa: BLE001 - warcio raises many kinds on bad data
                if _torn_tail(path, reader.position):
                    _warn(f"{path} ends with a torn record (a crawl was interrupted while "
                          f"writing it; the next crawl on that folder repairs the file); "
                          f"everything before it was read")
                else:
                    _warn(f"{path} is damaged at offset {reader.position} "
                          f"({_describe(error)}); the rest of it was not read")
                    status = EXIT_INCOMPLETE
                break
            counts.records += 1
            counts.responses += record is not None
            report()
            if record is None:  # a record of another type
                continue
            if record.truncated:
                # Only the last record of a file can be cut short: a crawl killed mid-write.
                _warn(f"{path} ends with a torn record at offset {record.offset} (a crawl was "
                      f"interrupted while writing it; the next crawl on that folder repairs the "
                      f"file); skipped it")
                continue
            if not record.digest_ok:
                counts.errors += 1
                status = EXIT_INCOMPLETE
                _warn(f"{path} at {record.offset}: the record's bytes do not match its digest "
                      f"(damaged file); skipped it")
                continue
            uri = record.target_uri or ""
            if not uri.startswith(("http://", "https://")) or article_id_from_url(uri) is None:
                continue
            if record.body is None:
                counts.errors += 1
                status = EXIT_INCOMPLETE
                _warn(f"{path} at {record.offset}: body of {uri} cannot be decoded")
                continue
            counts.articles += 1
            outcome = outcomes.process(stored_response(record, file_name))
            if outcome == PARSER_ERROR:
                counts.errors += 1
                status = EXIT_INCOMPLETE
                _warn(f"{path} at {record.offset}: parser failed on {uri}")
    return status, counts


def _describe(error: BaseException) -> str:
    """An exception as one short printable line (warcio quotes the bytes it choked on)."""
    text = " ".join(str(error).split())
    text = "".join(ch if ch.isprintable() else "?" for ch in text)
    if len(text) > 80:
        text = text[:77] + "..."
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _torn_tail(path: Path, stopped_at: int) -> bool:
    """Did reading stop in the torn last gzip member a killed writer leaves (not earlier)?"""
    try:
        complete, torn = complete_prefix(path)
    except OSError:
        return False
    return torn and stopped_at >= complete
