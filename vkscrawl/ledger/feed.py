"""The JSONL feed: append-only, one whole line per item, durable line by line.

Each line is serialised by Scrapy's ``JsonLinesItemExporter`` (UTF-8, no ``\\u`` escapes), flushed
and fsync'ed before the item is recorded in the crawl state. On open, a partial last line left by a
crash is cut off, and whole lines that reached the feed after the state's last commit are
registered in the state, so the next run neither loses nor repeats them.
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path

from scrapy.exporters import JsonLinesItemExporter

from vkscrawl.items import ordered
from vkscrawl.ledger.state import CrawlState

logger = logging.getLogger(__name__)

FEED_FILE = "local_news.jsonl"
FEED_SIZE_KEY = "feed_size"


class FeedWriter:
    def __init__(self, path: str | Path, state: CrawlState | None = None, durable: bool = True):
        """``durable=False``: no fsync per line, one at close (a file that only counts once it
        is complete, such as a rebuild's temporary file)."""
        self.path = Path(path)
        self.durable = durable
        self.state = state
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.repaired_bytes = self._repair_tail()
        self.file = open(self.path, "ab")
        self.exporter = JsonLinesItemExporter(self.file, encoding="utf-8", ensure_ascii=False)
        self.exporter.start_exporting()
        self.reconciled = self._reconcile_state()
        self.written = 0

    def _repair_tail(self) -> int:
        """Cut a partial last line (no trailing newline) left by a crash; return bytes cut."""
        if not self.path.exists():
            return 0
        with open(self.path, "rb+") as f:
            size = f.seek(0, os.SEEK_END)
            if size == 0:
                return 0
            # Read backwards until the last newline: only the tail is ever touched.
            pos, chunk = size, 65536
            while pos > 0:
                start = max(0, pos - chunk)
                f.seek(start)
                block = f.read(pos - start)
                if start + len(block) == size and block.endswith(b"\n"):
                    return 0
                nl = block.rfind(b"\n")
                if nl >= 0:
                    keep = start + nl + 1
                    break
                pos = start
            else:
                keep = 0
            f.truncate(keep)
            f.flush()
            os.fsync(f.fileno())
        logger.warning("Feed %s: cut a partial last line of %d bytes left by an interrupted run",
                       self.path, size - keep)
        return size - keep

    def _reconcile_state(self) -> int:
        """Register lines written after the state's last commit (crash between fsync and commit)."""
        if self.state is None:
            return 0
        size = self.file.tell()
        recorded = int(self.state.get_meta(FEED_SIZE_KEY) or 0)
        if self.repaired_bytes or recorded > size:
            # A torn line was cut, or the feed was cut by hand: the state may remember lines
            # that are gone, so make it agree with what the feed really holds. Rare, so a full
            # read of the feed is fine here.
            present = {}
            with open(self.path, "rb") as f:
                for line in f:
                    item = json.loads(line)
                    present[item["article_id"]] = item.get("content_hash")
            forgotten = self.state.forget_unwritten(present)
            if forgotten:
                logger.warning("Feed %s: %d article(s) the state had as written are not in the "
                               "feed; they will be fetched again", self.path, forgotten)
            recorded = size
        count = 0
        if recorded < size:
            with open(self.path, "rb") as f:
                f.seek(recorded)
                for line in f:
                    try:
                        item = json.loads(line)
                    except ValueError:
                        continue
                    if isinstance(item, dict) and item.get("article_id"):
                        self.state.record(item["article_id"], "written",
                                          content_hash=item.get("content_hash"),
                                          published=item.get("published"), url=item.get("url"),
                                          commit=False)
                        count += 1
        self.state.set_meta(FEED_SIZE_KEY, str(size))
        return count

    def write(self, item: dict) -> None:
        self.exporter.export_item(ordered(item))
        self.file.flush()
        if self.durable:
            os.fsync(self.file.fileno())
        self.written += 1
        if self.state is not None:
            self.state.record(item["article_id"], "written", content_hash=item["content_hash"],
                              published=item.get("published"), url=item.get("url"), commit=False)
            self.state.set_meta(FEED_SIZE_KEY, str(self.file.tell()), commit=False)
            self.state.commit()

    def close(self) -> None:
        self.exporter.finish_exporting()
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
