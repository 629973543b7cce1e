"""The CDXJ index beside the WARC files (``snapshots/index.cdxj``), kept current at each run's end.

One line per ``response``, ``revisit`` and ``resource`` record, sorted by SURT key and time, in the
format cdxj-indexer writes and pywb, wabac.js and OutbackCDX read (``filename`` relative to the
snapshot folder), so a replay tool serves the folder as it is, without indexing it again.

At the end of a run the files not yet in the index are indexed (with cdxj-indexer as a library)
and merged in; lines of files that are gone are dropped; the new index replaces the old one in one
rename, so a reader never sees half an index. Files with a ``.lock`` beside them (a crawl writing
them, or a crawl that was killed: the next crawl repairs them first) are left for a later run.
A missing or unreadable index is rebuilt from all the files.
"""

from __future__ import annotations

import heapq
import json
import os
import tempfile
from io import StringIO
from pathlib import Path

from vkscrawl.archive.writer import LOCK_SUFFIX, WARC_SUFFIX, _fsync_dir

INDEX_FILE = "index.cdxj"
#: What replay needs: the captures (response), the 304s (revisit), and anything stored as is.
#: Given explicitly: importing py-wacz adds ``warcinfo`` to cdxj-indexer's default list.
INDEXED_RECORDS = "response,revisit,resource"


def index_path(snapshot_dir: str | Path) -> Path:
    return Path(snapshot_dir) / INDEX_FILE


def index_lines(paths: list[Path], root: Path) -> list[str]:
    """The sorted CDXJ lines of WARC files, ``filename`` relative to ``root``."""
    from cdxj_indexer.main import CDXJIndexer

    if not paths:
        return []
    out = StringIO()
    indexer = CDXJIndexer(out, [str(p) for p in paths], sort=True, records=INDEXED_RECORDS,
                          dir_root=str(root))
    indexer.process_all()
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
    kept: list[str] = []
    indexed: set[str] = set()
    try:
        with open(target, encoding="utf-8") as f:
            for line in f:
                name = _filename(line)
                if name is None:  # not an index we wrote: rebuild it whole
                    kept, indexed = [], set()
                    break
                if name in present:
                    kept.append(line if line.endswith("\n") else line + "\n")
                    indexed.add(name)
    except FileNotFoundError:
        pass
    except (OSError, UnicodeDecodeError):
        kept, indexed = [], set()
    new_files = [path for name, path in present.items() if name not in indexed]
    new_lines = index_lines(new_files, directory)
    if not new_files and len(kept) == sum(1 for _ in _lines(target)):
        return 0
    fd, tmp = tempfile.mkstemp(prefix=f".{INDEX_FILE}.", suffix=".partial", dir=directory)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.writelines(heapq.merge(kept, new_lines))
            out.flush()
            os.fsync(out.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_dir(directory)
    return len(new_files)


def _lines(path: Path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            yield from f
    except OSError:
        return
