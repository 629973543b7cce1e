"""The CDXJ index beside the WARC files (``snapshots/index.cdxj``), kept current at each run's end.

One line per ``response``, ``revisit`` and ``resource`` record, sorted by SURT key and time, in the
format cdxj-indexer writes and pywb, wabac.js and OutbackCDX read (``filename`` relative to the
snapshot folder), so a replay tool serves the folder as it is, without indexing it again.

At the end of a run the files not yet in the index are indexed (with cdxj-indexer as a library)
and merged in; lines of files that are gone are dropped; the new index replaces the old one in one
rename, so a reader never sees half an index. Files with a ``.lock`` beside them (a crawl writing
them, or a crawl that was killed: the next crawl repairs them first) are left for a later run.
A missing or unreadable index is rebuilt from all the files.

Memory stays flat whatever the size of the archive or of the run: the old index is streamed (read
twice, never held), and the new files' lines are sorted by cdxj-indexer in runs of at most
``SORT_BUFFER_BYTES`` spilled to temporary files and merged, then merged with the old lines into
the new index. (Built in memory, the lines of a first crawl of 10,000 articles cost about 15 MiB
at the run's end, which made a crawl's peak RSS grow with its size.)
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from io import StringIO
from pathlib import Path
from typing import TextIO

from vkscrawl.archive.writer import LOCK_SUFFIX, WARC_SUFFIX, _fsync_dir

INDEX_FILE = "index.cdxj"
#: What replay needs: the captures (response), the 304s (revisit), and anything stored as is.
#: Given explicitly: importing py-wacz adds ``warcinfo`` to cdxj-indexer's default list.
INDEXED_RECORDS = "response,revisit,resource"
#: cdxj-indexer's in-memory sort buffer (characters of index lines, ~2,000 lines) before a sorted
#: run is spilled to a temporary file; its default is 32 MiB.
SORT_BUFFER_BYTES = 1 << 20


def index_path(snapshot_dir: str | Path) -> Path:
    return Path(snapshot_dir) / INDEX_FILE


def write_index_lines(out: TextIO, paths: list[Path], root: Path) -> None:
    """Write the sorted CDXJ lines of WARC files to ``out``, ``filename`` relative to ``root``."""
    from cdxj_indexer.main import CDXJIndexer

    if not paths:
        return
    indexer = CDXJIndexer(out, [str(p) for p in paths], sort=True, records=INDEXED_RECORDS,
                          dir_root=str(root), max_sort_buff_size=SORT_BUFFER_BYTES)
    indexer.process_all()


def index_lines(paths: list[Path], root: Path) -> list[str]:
    """The sorted CDXJ lines of WARC files, ``filename`` relative to ``root`` (in memory)."""
    out = StringIO()
    write_index_lines(out, paths, root)
    return out.getvalue().splitlines(keepends=True)


def _filename(line: str) -> str | None:
    try:
        return json.loads(line.split(" ", 2)[2]).get("filename")
    except (IndexError, ValueError, AttributeError):
        return None


def update_index(snapshot_dir: str | Path) -> int:
    """Bring ``snapshots/index.cdxj`` up to date; returns how many files were added."""
    directory = Path(snapshot_dir)
    target = index_path(directory)
    if not directory.is_dir():
        return 0
    present = {p.name: p for p in sorted(directory.glob("*" + WARC_SUFFIX))
               if not p.with_name(p.name + LOCK_SUFFIX).exists()}
    ours, indexed, kept, total = _scan(target, present)
    new_files = [path for name, path in present.items() if name not in indexed]
    if not new_files and kept == total:
        return 0
    fd, tmp = tempfile.mkstemp(prefix=f".{INDEX_FILE}.", suffix=".partial", dir=directory)
    new_fd, new_tmp = tempfile.mkstemp(prefix=f".{INDEX_FILE}.", suffix=".new", dir=directory)
    try:
        with os.fdopen(new_fd, "w+", encoding="utf-8") as new_lines:
            write_index_lines(new_lines, new_files, directory)
            new_lines.seek(0)
            with os.fdopen(fd, "w", encoding="utf-8") as out:
                out.writelines(heapq.merge(_kept_lines(target, present) if ours and kept else (),
                                           new_lines))
                out.flush()
                os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    finally:
        Path(new_tmp).unlink(missing_ok=True)
    _fsync_dir(directory)
    return len(new_files)


def _scan(target: Path, present: dict[str, Path]) -> tuple[bool, set[str], int, int]:
    """(whether the old index is one we wrote and can read, the present files it indexes, its
    lines of present files, all its lines); a missing index is an empty one of ours."""
    indexed: set[str] = set()
    kept = total = 0
    try:
        with open(target, encoding="utf-8") as f:
            for line in f:
                total += 1
                name = _filename(line)
                if name is None:  # not an index we wrote: rebuild it whole
                    return False, set(), 0, total
                if name in present:
                    kept += 1
                    indexed.add(name)
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError):
        return False, set(), 0, total
    return True, indexed, kept, total


def _kept_lines(target: Path, present: dict[str, Path]):
    """The old index's lines of files still present (already sorted), newline-terminated."""
    with open(target, encoding="utf-8") as f:
        for line in f:
            if _filename(line) in present:
                yield line if line.endswith("\n") else line + "\n"
