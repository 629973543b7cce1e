"""The JSONL feed: append-only, one whole line per item or deletion marker, durable line by line.

Each line is one ``json.dumps`` of the line's fields in contract order (UTF-8, no ``\\u`` escapes:
byte for byte what Scrapy's ``JsonLinesItemExporter`` writes), flushed and fsync'ed before the
ledger records it. The feed is the record; the ledger follows it. On open,
a partial last line left by a crash is cut off, then the whole feed is read once and the ledger is
made to agree with it:

- an article whose last line is in the feed but not in the ledger (written after the ledger's last
  commit, or a ledger deleted or rebuilt) is recorded as written (or gone, for a deletion marker);
- an article the ledger has as in the feed (``in_feed``: written, or written and then failed a
  re-check) whose line is not the feed's last line for it (a torn tail cut off, a feed restored
  from a backup) goes back to pending: ``missing`` lists them, with the snapshot each was written
  from, so the crawl rebuilds them from their snapshot or fetches them;
- a failed article whose line the feed holds is marked ``in_feed`` (it stays failed).

A broken line anywhere but at the very end is not repaired: ``check_feed`` names it and the crawl
refuses to start, since guessing could lose or repeat articles.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from vkscrawl.files import cut_partial_last_line
from vkscrawl.items import is_deletion, ordered
from vkscrawl.ledger.state import FAILED, GONE, WRITTEN, Ledger

logger = logging.getLogger(__name__)

FEED_FILE = "local_news.jsonl"
FEED_SIZE_KEY = "feed_size"


@dataclass
class LastLine:
    """What the feed's last line for one article says."""

    deleted: bool
    content_hash: str | None
    url: str | None
    published: str | None
    snapshot: dict | None
    #: The item's image URLs as written (none for a deletion marker).
    images: tuple[str, ...] = ()
    title: str | None = None


@dataclass
class FeedScan:
    size: int = 0
    lines: int = 0
    last: dict[int, LastLine] = field(default_factory=dict)
    #: content_hash -> the first article written with it (what dedupe compares with).
    owners: dict[str, int] = field(default_factory=dict)
    #: (line number, byte offset, why) of the first broken line, a torn tail excepted.
    broken: tuple[int, int, str] | None = None
    #: Bytes after the last newline: a line torn by a crash.
    torn_tail: int = 0


#: The last scan, keyed by the file's identity: the crawl command's start-up check and the output
#: folder's reconciliation read the feed once between them.
_last_scan: tuple[tuple, FeedScan] | None = None


def scan_feed(path: str | Path) -> FeedScan:
    """Read the whole feed once (about 1 s per 10,000 articles, bench/ledger_costs.py)."""
    global _last_scan
    path = Path(path)
    if not path.exists():
        return FeedScan()
    st = path.stat()
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino)
    if _last_scan is not None and _last_scan[0] == key:
        return _last_scan[1]
    scan = _scan(path)
    _last_scan = (key, scan)
    return scan


def _scan(path: Path) -> FeedScan:
    scan = FeedScan()
    offset = 0
    with open(path, "rb") as f:
        for number, raw in enumerate(f, 1):
            if not raw.endswith(b"\n"):
                scan.torn_tail = len(raw)
                break
            try:
                line = json.loads(raw)
                if not isinstance(line, dict) or not isinstance(line.get("article_id"), int):
                    raise ValueError("not an object with an article_id")
            except ValueError as error:
                if scan.broken is None:
                    scan.broken = (number, offset, " ".join(str(error).split())[:80])
                offset += len(raw)
                continue
            scan.lines += 1
            deleted = is_deletion(line)
            digest = None if deleted else line.get("content_hash")
            images = () if deleted else tuple(
                image["url"] for image in line.get("images") or ()
                if isinstance(image, dict) and isinstance(image.get("url"), str))
            scan.last[line["article_id"]] = LastLine(deleted, digest, line.get("url"),
                                                     line.get("published"), line.get("snapshot"),
                                                     images, line.get("title"))
            if digest:
                scan.owners.setdefault(digest, line["article_id"])
            elif deleted:
                # As the writer does (``Ledger.deletion_written``): a deleted article owns no
                # content, so a later article republishing it is written, not a duplicate.
                scan.owners = {d: a for d, a in scan.owners.items() if a != line["article_id"]}
            offset += len(raw)
    scan.size = offset
    return scan


def json_line(line: dict) -> bytes:
    """One line of the feed: the fields in contract order, UTF-8 without ``\\u`` escapes."""
    return (json.dumps(ordered(line), ensure_ascii=False) + "\n").encode("utf-8")


def check_feed(path: str | Path) -> str | None:
    """Why the feed cannot be appended to (one line naming the file and what to do), or None.
    A torn last line is not a problem: it is cut off when the crawl opens the feed."""
    path = Path(path)
    if not path.exists():
        return None
    if path.is_dir():
        return f"feed {path} is a folder; expected the JSONL feed file (move the folder away)"
    if not os.access(path, os.R_OK | os.W_OK):
        return f"feed {path} cannot be read and written (check its permissions)"
    broken = scan_feed(path).broken
    if broken:
        number, offset, why = broken
        return (f"feed {path} line {number} (byte {offset}) is not a feed line ({why}); fix or "
                f"remove that line (a consumer would stop there too), then run again")
    return None


class FeedWriter:
    """Appends lines to the feed, and keeps the ledger (when given) in step with it.

    ``target`` is the feed's path (opened for appending; repaired and reconciled with the ledger),
    or an open binary stream (standard output, a pipe) written as it is. ``durable=False``: no
    fsync per line, one at close (a file that only counts once complete, such as a rebuild's
    temporary file).
    """

    def __init__(self, target: str | Path | BinaryIO, ledger: Ledger | None = None,
                 durable: bool = True):
        self.ledger = ledger
        self.durable = durable
        #: Articles the ledger had as written whose line the feed does not hold: article_id ->
        #: the snapshot they were written from (or None).
        self.missing: dict[int, dict | None] = {}
        self.reconciled = 0
        if isinstance(target, (str, Path)):
            self.path: Path | None = Path(target)
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._repair_tail()
            if ledger is not None:
                self._reconcile(scan_feed(self.path))
            self.file: BinaryIO = open(self.path, "ab")
            self.owned = True
        else:
            self.path = None
            self.file = target
            self.owned = False

    def _repair_tail(self) -> None:
        """Cut a partial last line (no trailing newline) left by a crash."""
        cut = cut_partial_last_line(self.path)
        if cut:
            logger.warning("Feed %s: cut a partial last line of %d bytes left by an interrupted "
                           "run", self.path, cut)

    def _reconcile(self, scan: FeedScan) -> None:
        """Make the ledger agree with what the feed holds (see the module's docstring)."""
        ledger = self.ledger
        if scan.broken:
            number, offset, why = scan.broken
            raise ValueError(f"feed {self.path} line {number} (byte {offset}) is broken ({why})")
        rebuilt = ledger.created and scan.lines
        for article_id, last in scan.last.items():
            known = ledger.article(article_id)
            if last.deleted:
                if not (known and known["state"] == GONE and known["deleted"]):
                    ledger.gone(article_id, 404)
                    ledger.deletion_written(article_id)
                    self.reconciled += 1
            elif known and known["content_hash"] == last.content_hash and (
                    known["in_feed"] or known["state"] == FAILED):
                # The ledger knows the feed holds it, whatever its state says now (written, then
                # a re-check failed: it stays failed, tried again with its backoff); a ledger of a
                # layout before in_feed learns it here.
                if not known["in_feed"]:
                    ledger.in_feed(article_id, True)
            elif not (known and known["state"] == WRITTEN
                      and known["content_hash"] == last.content_hash):
                ledger.written(article_id, last.content_hash, item_url=last.url,
                               published=last.published, snapshot=last.snapshot)
                self.reconciled += 1
        for row in ledger.articles("in_feed = 1"):
            last = scan.last.get(row["article_id"])
            if last is None or last.deleted or last.content_hash != row["content_hash"]:
                ledger.in_feed(row["article_id"], False)
                if row["state"] not in (WRITTEN, FAILED):
                    continue  # a deletion marker still owed: none is owed now
                snapshot = ({"file": row["snapshot_file"], "offset": row["snapshot_offset"]}
                            if row["snapshot_file"] else None)
                self.missing[row["article_id"]] = snapshot
                ledger.pending(row["article_id"], "its line is not in the feed (torn or restored "
                                                  "feed)")
        # What dedupe compares with: the contents the feed holds, and who holds them.
        ledger.db.execute("DELETE FROM hashes")
        ledger.db.executemany("INSERT INTO hashes (content_hash, article_id) VALUES (?, ?)",
                              scan.owners.items())
        ledger.set_meta(FEED_SIZE_KEY, str(scan.size), commit=False)
        ledger.commit()
        if rebuilt:
            logger.warning("State %s was new although the feed holds %d line(s): rebuilt the "
                           "ledger from the feed (%d article(s))", ledger.path, scan.lines,
                           len(scan.last))
        elif self.reconciled:
            logger.info("Feed %s: %d line(s) written after the state's last commit registered",
                        self.path, self.reconciled)
        if self.missing:
            logger.warning("Feed %s: %d article(s) the state had as written are not in the feed "
                           "(a torn or restored feed): %s; they are rebuilt from their snapshots "
                           "or fetched again", self.path, len(self.missing),
                           ", ".join(map(str, sorted(self.missing))))

    # --- writing ------------------------------------------------------------------------------

    def _append(self, line: dict) -> None:
        self.file.write(json_line(line))
        self.file.flush()
        if self.durable and self.owned:
            os.fsync(self.file.fileno())

    def _committed(self) -> None:
        if self.owned:
            self.ledger.set_meta(FEED_SIZE_KEY, str(self.file.tell()), commit=False)
        self.ledger.commit()

    def write_item(self, item: dict) -> None:
        self._append(item)
        if self.ledger is not None:
            self.ledger.written(item["article_id"], item["content_hash"], item_url=item.get("url"),
                                published=item.get("published"), snapshot=item.get("snapshot"))
            self._committed()

    def write_deletion(self, marker: dict) -> None:
        self._append(marker)
        if self.ledger is not None:
            self.ledger.deletion_written(marker["article_id"])
            self._committed()

    def close(self) -> None:
        self.file.flush()
        if self.owned:
            os.fsync(self.file.fileno())
            self.file.close()
