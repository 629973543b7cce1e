"""The crawl's memory across runs: what was seen, written and covered, in one SQLite file.

Lives in the output folder as ``state.sqlite3``. Every lookup is by primary key, so its cost does
not grow with the archive. Writes are committed one item at a time, right after the item's feed
line is on disk (see ``feed.FeedWriter``), so a crash loses at most the item being written, and
``FeedWriter`` re-registers any line that reached the feed but not this file.

Tables:
- ``articles``: one row per article number the crawl met, with the outcome of its last parse
  (``written``, ``duplicate``, ``gone``, ``rejected``; ``fetched`` while its item is on its way),
  its content hash, its publication date,
  HTTP validators for conditional requests, and ``covered``: set once a *completed* run has walked
  the listing past it. An interrupted run leaves its articles uncovered, so the next run does not
  stop paging at them and fills the hole below.
- ``hashes``: content hash -> the article it was first written as (republished copies share it).
- ``meta``: key/value (feed size at the last commit, schema version).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timezone
from pathlib import Path

STATE_FILE = "state.sqlite3"
SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id INTEGER PRIMARY KEY,
    status TEXT NOT NULL,
    content_hash TEXT,
    published TEXT,
    url TEXT,
    etag TEXT,
    last_modified TEXT,
    covered INTEGER NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);
-- mark_all_covered() touches only the rows a run added, not the whole archive.
CREATE INDEX IF NOT EXISTS articles_uncovered ON articles(article_id) WHERE covered = 0;
CREATE TABLE IF NOT EXISTS hashes (
    content_hash TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""


#: Outcomes after which an incremental run need not fetch the article again.
SETTLED = ("written", "duplicate", "gone")


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class CrawlState:
    """Dedupe and incremental-crawl memory. ``path=None`` keeps it in memory (reparse, tests)."""

    def __init__(self, path: str | Path | None):
        self.path = None if path is None else Path(path)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(":memory:" if self.path is None else str(self.path))
        # WAL: readers never block the writer, and a crash mid-commit rolls back cleanly.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.db.executescript(SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    # --- dedupe -----------------------------------------------------------------------------

    def article(self, article_id: int) -> sqlite3.Row | None:
        cur = self.db.execute(
            "SELECT article_id, status, content_hash, published, url, etag, last_modified, covered "
            "FROM articles WHERE article_id = ?",
            (article_id,),
        )
        row = cur.fetchone()
        if row is None:
            return None
        keys = ("article_id", "status", "content_hash", "published", "url", "etag",
                "last_modified", "covered")
        return dict(zip(keys, row))

    def owner_of_hash(self, content_hash: str) -> int | None:
        row = self.db.execute(
            "SELECT article_id FROM hashes WHERE content_hash = ?", (content_hash,)
        ).fetchone()
        return None if row is None else row[0]

    def record(self, article_id: int, status: str, *, content_hash: str | None = None,
               published: str | None = None, url: str | None = None, commit: bool = True) -> None:
        """Remember the outcome of one article (keeps its validators and coverage)."""
        self.db.execute(
            "INSERT INTO articles (article_id, status, content_hash, published, url, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(article_id) DO UPDATE SET status = excluded.status, "
            "content_hash = COALESCE(excluded.content_hash, articles.content_hash), "
            "published = COALESCE(excluded.published, articles.published), "
            "url = COALESCE(excluded.url, articles.url), updated_at = excluded.updated_at",
            (article_id, status, content_hash, published, url, utc_now()),
        )
        if status == "written" and content_hash:
            self.db.execute(
                "INSERT OR IGNORE INTO hashes (content_hash, article_id) VALUES (?, ?)",
                (content_hash, article_id),
            )
        if commit:
            self.db.commit()

    def forget_unwritten(self, present: dict[int, str | None]) -> int:
        """Unsettle written articles whose line is not in the feed (``present``: id -> hash)."""
        rows = self.db.execute(
            "SELECT article_id, content_hash FROM articles WHERE status = 'written'").fetchall()
        lost = [(article_id,) for article_id, digest in rows if present.get(article_id) != digest]
        self.db.executemany(
            "UPDATE articles SET status = 'fetched', covered = 0 WHERE article_id = ?", lost)
        self.db.executemany("DELETE FROM hashes WHERE article_id = ?", lost)
        self.db.commit()
        return len(lost)

    # --- incremental crawling ---------------------------------------------------------------

    def is_covered(self, article_id: int) -> bool:
        row = self.db.execute(
            "SELECT covered FROM articles WHERE article_id = ?", (article_id,)
        ).fetchone()
        return bool(row and row[0])

    def mark_all_covered(self) -> int:
        """A run walked the listing from the top to covered ground: everything known is covered."""
        # Only settled articles: one whose fetch or item failed must be tried again, so the page
        # that lists it must not look covered.
        cur = self.db.execute(
            "UPDATE articles SET covered = 1 WHERE covered = 0 AND status IN (%s)"
            % ",".join("?" * len(SETTLED)), SETTLED)
        self.db.commit()
        return cur.rowcount

    def set_validators(self, article_id: int, etag: str | None, last_modified: str | None) -> None:
        """Keep an article's HTTP validators; a first sighting is recorded as ``fetched``.

        Not committed here: the article's outcome (written, duplicate, rejected) commits right
        after, in the same transaction. Validators lost to a crash only cost a full fetch.
        """
        self.db.execute(
            "INSERT INTO articles (article_id, status, etag, last_modified, updated_at) "
            "VALUES (?, 'fetched', ?, ?, ?) ON CONFLICT(article_id) DO UPDATE SET "
            "etag = excluded.etag, last_modified = excluded.last_modified",
            (article_id, etag, last_modified, utc_now()),
        )

    # --- feed bookkeeping -------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str, *, commit: bool = True) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
        if commit:
            self.db.commit()

    def commit(self) -> None:
        self.db.commit()

    def counts(self) -> dict[str, int]:
        return dict(self.db.execute("SELECT status, COUNT(*) FROM articles GROUP BY status"))
