"""The article ledger and the listing frontier: what the crawl knows across runs (``state.sqlite3``).

**The ledger.** Every article number a listing page names has a row, in one of these states:

``pending``       listed, not yet fetched to the end (new, or its feed line went missing)
``written``       its item is in the feed (``content_hash`` of the last line written)
``duplicate``     its page holds the content of another article already written (a republished
                  copy): ``duplicate_of`` names that article; nothing of its own in the feed
``failed``        the last attempt failed (``attempts`` in a row, ``last_reason``); tried again from
                  ``next_attempt`` on (by the very next run after a first failure, then after a
                  delay that doubles with each further failure), until ``max_attempts``
                  failures: then it is *given up* (``next_attempt`` empty) and stays listed
``gone``          the portal answers 404 or 410 (``deleted`` once its deletion marker is written)
``out_of_scope``  not ours to fetch: robots.txt forbids it, or it redirects off the start host

"Covered" means written, duplicate, gone or out of scope (``SETTLED``), never merely seen.

**In the feed.** ``in_feed`` says whether the feed's last line for the article is its item (with
``content_hash``), whatever its state says now: a written article whose re-check failed is
``failed`` but still in the feed, so its next unchanged answer (or a 304) is not written again,
and a 404 to it still owes a deletion marker. Only ``written`` sets it; a deletion marker, or the
feed losing the line (``FeedWriter``'s reconciliation), clears it.

**The frontier.** ``anchored`` marks the articles a walk of the listing saw on its way from the top
to verified ground: the end of the listing (a last page without a next link, or an empty page
whose pagination names no page as far as it), or a page of articles an earlier such walk anchored.
An incremental walk stops at the first page whose articles are all anchored; a walk that stopped
anywhere else (an error, a kill, ``max_pages``, ``since``) anchors nothing, so the next run walks
on past it. ``meta`` keeps the frontier (how far the last walk read) for ``vkscrawl status``.

**Images.** The ``images`` table remembers every image URL of a written article (its page
requisites): ``pending`` until fetched, ``archived`` once its response is in the snapshots (never
fetched again), ``failed`` (retried by later runs with the articles' backoff, until given up),
``gone`` (404/410) or ``out_of_scope`` (robots.txt, off the host). An image never changes an
article's state.

The ledger is the crawl's memory, never the record: the feed is. ``rebuild_from_feed`` makes a new
ledger from the feed alone, so deleting ``state.sqlite3`` loses nothing but the frontier and the
HTTP validators (the next run walks the whole listing and fetches only what the feed lacks).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from vkscrawl.config import DEFAULTS

STATE_FILE = "state.sqlite3"
#: ``PRAGMA user_version`` of the ledger's tables; another value is an older layout (migrated).
LAYOUT_VERSION = 4
#: The first layout with the images table.
IMAGES_LAYOUT = 3
#: Meta key set to ``pending`` when a ledger of a layout without images is converted: the images
#: of the articles already in the feed are still to be registered (``LocalNewsSpider``).
IMAGES_BACKFILL_KEY = "images_backfill"

PENDING, WRITTEN, DUPLICATE, FAILED, GONE, OUT_OF_SCOPE = (
    "pending", "written", "duplicate", "failed", "gone", "out_of_scope")
STATES = (PENDING, WRITTEN, DUPLICATE, FAILED, GONE, OUT_OF_SCOPE)
#: States of an image (page requisite) in the ledger.
IMAGE_STATES = (PENDING, "archived", FAILED, GONE, OUT_OF_SCOPE)
#: Outcomes after which an incremental run need not fetch the article again.
SETTLED = (WRITTEN, DUPLICATE, GONE, OUT_OF_SCOPE)

SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    article_id INTEGER PRIMARY KEY,
    state TEXT NOT NULL,
    url TEXT,
    item_url TEXT,
    listed_date TEXT,
    published TEXT,
    content_hash TEXT,
    duplicate_of INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_reason TEXT,
    next_attempt TEXT,
    deleted INTEGER NOT NULL DEFAULT 0,
    etag TEXT,
    last_modified TEXT,
    capture_uri TEXT,
    capture_date TEXT,
    capture_digest TEXT,
    snapshot_file TEXT,
    snapshot_offset INTEGER,
    anchored INTEGER NOT NULL DEFAULT 0,
    seen_run TEXT,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    in_feed INTEGER NOT NULL DEFAULT 0
);
-- What a run re-queues first: pending and failed articles, without walking the listing to them.
CREATE INDEX IF NOT EXISTS articles_open ON articles(state) WHERE state IN ('pending', 'failed');
-- Anchoring touches only the rows the walk saw this run.
CREATE INDEX IF NOT EXISTS articles_seen ON articles(seen_run) WHERE anchored = 0;
CREATE TABLE IF NOT EXISTS hashes (
    content_hash TEXT PRIMARY KEY,
    article_id INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS images (
    url TEXT PRIMARY KEY,
    article_id INTEGER,
    state TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_reason TEXT,
    next_attempt TEXT,
    status INTEGER,
    snapshot_file TEXT,
    snapshot_offset INTEGER,
    first_seen TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS images_open ON images(state) WHERE state IN ('pending', 'failed');
CREATE TABLE IF NOT EXISTS meta (
    key TEXT PRIMARY KEY,
    value TEXT
);
"""

COLUMNS = ("article_id", "state", "url", "item_url", "listed_date", "published", "content_hash",
           "duplicate_of", "attempts", "last_reason", "next_attempt", "deleted", "etag",
           "last_modified", "capture_uri", "capture_date", "capture_digest", "snapshot_file",
           "snapshot_offset",
           "anchored", "seen_run", "first_seen", "updated_at", "in_feed")


class StateError(Exception):
    """The state file cannot be used (not SQLite, damaged); ``str()`` is one line for the operator."""


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_state_file(path: str | Path) -> str | None:
    """Why an existing state file cannot be opened (one phrase), or None. Changes nothing."""
    path = Path(path)
    if not path.exists():
        return None
    if not path.is_file():
        return "is not a file"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            verdict = db.execute("PRAGMA quick_check").fetchone()
            tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
        finally:
            db.close()
    except sqlite3.DatabaseError as error:
        return f"is not a readable SQLite database ({error})"
    if not verdict or verdict[0] != "ok":
        # quick_check lists every damaged cell, one per line: the message stays one line.
        found = " ".join(str(verdict[0]).split())[:200] if verdict else "no answer"
        return f"is damaged (SQLite quick_check: {found})"
    if tables and "articles" not in tables:
        return "is a SQLite database of something else (no articles table)"
    return None


class Ledger:
    """The ledger in SQLite. ``path=None`` keeps it in memory (``vkscrawl reparse``, tests)."""

    def __init__(self, path: str | Path | None, *, retry_delay: float = DEFAULTS.retry_delay,
                 retry_max_delay: float = DEFAULTS.retry_max_delay,
                 max_attempts: int = DEFAULTS.max_attempts):
        """``retry_delay``, ``retry_max_delay``, ``max_attempts``: the backoff of failed
        articles and images (``Config``'s VKSCRAWL_RETRY_DELAY, VKSCRAWL_RETRY_MAX_DELAY,
        VKSCRAWL_MAX_ATTEMPTS)."""
        self.path = None if path is None else Path(path)
        self.retry_delay = retry_delay
        self.retry_max_delay = retry_max_delay
        self.max_attempts = max_attempts
        #: True when this ledger was created now although a feed may exist: its owner rebuilds it.
        self.created = self.path is None or not self.path.exists()
        if self.path is not None:
            problem = check_state_file(self.path)
            if problem:
                raise StateError(f"{self.path} {problem}")
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(":memory:" if self.path is None else str(self.path))
        # WAL: readers (vkscrawl status) never block the crawl, and a crash mid-commit rolls back.
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=FULL")
        self.migrated_from = self._migrate()
        self.db.executescript(SCHEMA)
        if self.migrated_from is not None and self.migrated_from < IMAGES_LAYOUT:
            # Written before images were archived: the crawl registers the images of the
            # articles the feed already holds, once (in the same commit as the conversion, so a
            # crash between the two cannot skip it).
            self.set_meta(IMAGES_BACKFILL_KEY, "pending", commit=False)
        self.db.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
        self.db.commit()

    def _migrate(self) -> int | None:
        """Bring a ledger of an older layout to this one; returns the old version, or None."""
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        columns = {row[1] for row in self.db.execute("PRAGMA table_info(articles)")}
        if version == LAYOUT_VERSION or not columns:
            return None
        if "status" in columns:  # layout 1: status + covered, no ledger states
            self.db.executescript("""
                ALTER TABLE articles RENAME TO articles_v1;
                DROP INDEX IF EXISTS articles_uncovered;
            """)
            self.db.executescript(SCHEMA)
            self.db.execute(
                "INSERT INTO articles (article_id, state, url, published, content_hash, etag, "
                "last_modified, anchored, first_seen, updated_at) "
                "SELECT article_id, CASE WHEN status IN ('written', 'duplicate', 'gone') "
                "THEN status ELSE 'pending' END, url, published, content_hash, etag, "
                "last_modified, covered, updated_at, updated_at FROM articles_v1")
            self.db.execute("DROP TABLE articles_v1")
        else:
            if "capture_digest" not in columns:  # layout 2
                self.db.execute("ALTER TABLE articles ADD COLUMN capture_digest TEXT")
            if "in_feed" not in columns:  # layout 2 or 3
                self.db.execute("ALTER TABLE articles ADD COLUMN in_feed INTEGER NOT NULL "
                                "DEFAULT 0")
        # What the states said before in_feed (a written article, or a gone one whose deletion
        # marker is still owed); the feed's reconciliation on open adds what they could not say
        # (a written article whose re-check failed).
        self.db.execute("UPDATE articles SET in_feed = 1 WHERE state = 'written' OR "
                        "(state = 'gone' AND content_hash IS NOT NULL AND deleted = 0 AND "
                        "duplicate_of IS NULL)")
        return version or 1

    def close(self) -> None:
        self.db.commit()
        self.db.close()

    def commit(self) -> None:
        self.db.commit()

    # --- reading ------------------------------------------------------------------------------

    def article(self, article_id: int) -> dict | None:
        row = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM articles WHERE article_id = ?",
                              (article_id,)).fetchone()
        return None if row is None else dict(zip(COLUMNS, row))

    def articles(self, where: str = "1", params: tuple = ()) -> list[dict]:
        rows = self.db.execute(f"SELECT {', '.join(COLUMNS)} FROM articles WHERE {where} "
                               f"ORDER BY article_id DESC", params)
        return [dict(zip(COLUMNS, row)) for row in rows]

    def owner_of_hash(self, content_hash: str) -> int | None:
        row = self.db.execute("SELECT article_id FROM hashes WHERE content_hash = ?",
                              (content_hash,)).fetchone()
        return None if row is None else row[0]

    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys(STATES, 0)
        counts.update(self.db.execute("SELECT state, COUNT(*) FROM articles GROUP BY state"))
        return counts

    def due(self, now: datetime | None = None, *, include_given_up: bool = False) -> list[dict]:
        """Articles a run fetches by URL before walking the listing: pending ones, and failed
        ones whose next attempt has come (given-up ones too with ``include_given_up``)."""
        now_text = iso(now or utc_now())
        given_up = " OR next_attempt IS NULL" if include_given_up else ""
        # "state IN (...)" first, so SQLite reads the partial index of open articles, not the
        # whole archive.
        return self.articles(
            "state IN ('pending', 'failed') AND url IS NOT NULL AND (state = 'pending' OR "
            f"next_attempt <= ?{given_up})", (now_text,))

    def given_up(self) -> list[dict]:
        return self.articles("state = 'failed' AND next_attempt IS NULL")

    # --- the listing walk ---------------------------------------------------------------------

    def saw_on_listing(self, article_id: int, url: str, listed_date: str | None,
                       run_id: str) -> tuple[dict | None, bool]:
        """A listing page names this article: a new one becomes pending. Returns (the row as it
        was before, or None; whether it was anchored before this run)."""
        before = self.article(article_id)
        now = iso(utc_now())
        if before is None:
            self.db.execute(
                "INSERT INTO articles (article_id, state, url, listed_date, seen_run, "
                "first_seen, updated_at) VALUES (?, 'pending', ?, ?, ?, ?, ?)",
                (article_id, url, listed_date, run_id, now, now))
            return None, False
        self.db.execute(
            "UPDATE articles SET url = COALESCE(url, ?), listed_date = COALESCE(?, listed_date), "
            "seen_run = ? WHERE article_id = ?", (url, listed_date, run_id, article_id))
        return before, bool(before["anchored"])

    def anchor_run(self, run_id: str) -> int:
        """The walk of ``run_id`` reached verified ground: what it saw is anchored."""
        cur = self.db.execute("UPDATE articles SET anchored = 1 WHERE anchored = 0 AND seen_run = ?",
                              (run_id,))
        self.db.commit()
        return cur.rowcount

    # --- outcomes -----------------------------------------------------------------------------

    def _set(self, article_id: int, state: str, **values) -> None:
        """Set an article's state (and columns), creating its row if a listing never named it
        (an article reached by ``vkscrawl reparse`` or a snapshot)."""
        now = iso(utc_now())
        values = {"state": state, "updated_at": now, **values}
        names = list(values)
        self.db.execute(
            f"INSERT INTO articles (article_id, first_seen, {', '.join(names)}) "
            f"VALUES (?, ?, {', '.join('?' * len(names))}) ON CONFLICT(article_id) DO UPDATE SET "
            + ", ".join(f"{name} = excluded.{name}" for name in names),
            (article_id, now, *values.values()))

    def written(self, article_id: int, content_hash: str, *, item_url: str | None = None,
                published: str | None = None, snapshot: dict | None = None) -> None:
        """Its item was appended to the feed (committed with the feed's size by the writer).
        ``item_url``: the URL the item names (the fetch URL stays what the listing gave)."""
        self._set(article_id, WRITTEN, content_hash=content_hash, attempts=0, last_reason=None,
                  next_attempt=None, deleted=0, in_feed=1, duplicate_of=None, item_url=item_url,
                  published=published, snapshot_file=(snapshot or {}).get("file"),
                  snapshot_offset=(snapshot or {}).get("offset"))
        self.db.execute("UPDATE articles SET url = COALESCE(url, ?) WHERE article_id = ?",
                        (item_url, article_id))
        self.db.execute("INSERT OR IGNORE INTO hashes (content_hash, article_id) VALUES (?, ?)",
                        (content_hash, article_id))

    def duplicate(self, article_id: int, owner: int, content_hash: str) -> None:
        self._set(article_id, DUPLICATE, duplicate_of=owner, content_hash=content_hash,
                  attempts=0, last_reason=f"same content as article {owner}", next_attempt=None)
        self.db.commit()

    def unchanged(self, article_id: int) -> None:
        """Fetched again (or answered 304): what the feed holds is still right. An article the
        feed holds is ``written`` again (after a failed re-check, say)."""
        self.db.execute("UPDATE articles SET attempts = 0, last_reason = NULL, next_attempt = NULL, "
                        "state = CASE WHEN in_feed = 1 THEN 'written' ELSE state END, "
                        "updated_at = ? WHERE article_id = ?", (iso(utc_now()), article_id))
        self.db.commit()

    def gone(self, article_id: int, status: int, url: str | None = None) -> bool:
        """The portal says the article is gone. True when its deletion marker is owed: the feed
        holds its item (written earlier, and no marker written since), whatever its state."""
        before = self.article(article_id)
        owed = bool(before and before["in_feed"])
        self._set(article_id, GONE, last_reason=f"HTTP {status}", attempts=0, next_attempt=None,
                  **({"url": url} if url and not (before and before["url"]) else {}))
        self.db.commit()
        return owed

    def deletion_written(self, article_id: int) -> None:
        """Its deletion marker is in the feed (committed with the feed's size by the writer)."""
        self.db.execute("UPDATE articles SET deleted = 1, in_feed = 0 WHERE article_id = ?",
                        (article_id,))
        self.db.execute("DELETE FROM hashes WHERE article_id = ?", (article_id,))

    def failed(self, article_id: int, reason: str, *, url: str | None = None,
               now: datetime | None = None) -> dict:
        """One more failed attempt; returns the row after (``next_attempt`` None: given up)."""
        before = self.article(article_id)
        attempts = (before["attempts"] if before and before["state"] == FAILED else 0) + 1
        next_attempt = self._next_attempt(attempts, now)
        self._set(article_id, FAILED, attempts=attempts, last_reason=reason[:500],
                  next_attempt=next_attempt,
                  **({"url": url} if url and not (before and before["url"]) else {}))
        self.db.commit()
        return self.article(article_id)

    def _next_attempt(self, attempts: int, now: datetime | None = None) -> str | None:
        """When to try again after ``attempts`` failures in a row (None: given up): the very next
        run after a first failure, then after a delay that doubles with each further one."""
        if attempts >= self.max_attempts:
            return None
        delay = 0 if attempts == 1 else min(self.retry_delay * 2 ** (attempts - 2),
                                             self.retry_max_delay)
        return iso((now or utc_now()) + timedelta(seconds=delay))

    def in_feed(self, article_id: int, held: bool) -> None:
        """The feed holds its item (``held``) or no longer does (a torn or restored feed), as
        the reconciliation with the feed found; the state is left as it is."""
        self.db.execute("UPDATE articles SET in_feed = ? WHERE article_id = ?",
                        (int(held), article_id))

    def out_of_scope(self, article_id: int, reason: str) -> None:
        self._set(article_id, OUT_OF_SCOPE, last_reason=reason[:500], attempts=0,
                  next_attempt=None)
        self.db.commit()

    def pending(self, article_id: int, reason: str) -> None:
        """Back to pending (its feed line went missing, or it was skipped this run)."""
        self._set(article_id, PENDING, last_reason=reason[:500], next_attempt=None)

    def retry_given_up(self) -> int:
        """A full walk gives given-up articles one more chance."""
        cur = self.db.execute("UPDATE articles SET next_attempt = ? WHERE state = 'failed' AND "
                              "next_attempt IS NULL", (iso(utc_now()),))
        self.db.commit()
        return cur.rowcount

    # --- HTTP validators and captures ---------------------------------------------------------

    def set_validators(self, article_id: int, etag: str | None, last_modified: str | None,
                       capture_uri: str | None = None, capture_date: str | None = None,
                       capture_digest: str | None = None) -> None:
        """Keep an article's HTTP validators and the capture they belong to (its URI, WARC-Date
        and payload digest: what the revisit record of a later 304 refers to). Committed with the
        article's outcome."""
        self.db.execute(
            "UPDATE articles SET etag = ?, last_modified = ?, capture_uri = ?, capture_date = ?, "
            "capture_digest = ? WHERE article_id = ?",
            (etag, last_modified, capture_uri, capture_date, capture_digest, article_id))

    # --- images (page requisites) -------------------------------------------------------------

    def add_images(self, article_id: int, urls: list[str], *, commit: bool = True) -> list[str]:
        """Register the images of a written article; returns the URLs not known before (to be
        fetched now). A URL already known keeps its state: it is fetched once over the archive's
        life."""
        now = iso(utc_now())
        new = []
        for url in dict.fromkeys(urls):
            cur = self.db.execute(
                "INSERT OR IGNORE INTO images (url, article_id, state, first_seen, updated_at) "
                "VALUES (?, ?, 'pending', ?, ?)", (url, article_id, now, now))
            if cur.rowcount:
                new.append(url)
        if commit:
            self.db.commit()
        return new

    def image(self, url: str) -> dict | None:
        cur = self.db.execute("SELECT * FROM images WHERE url = ?", (url,))
        row = cur.fetchone()
        return None if row is None else dict(zip([d[0] for d in cur.description], row))

    def images_due(self, now: datetime | None = None) -> list[dict]:
        """Images a run fetches: pending ones, and failed ones whose next attempt has come."""
        cur = self.db.execute(
            "SELECT url, article_id FROM images WHERE state = 'pending' OR (state = 'failed' "
            "AND next_attempt <= ?) ORDER BY first_seen, url", (iso(now or utc_now()),))
        return [{"url": url, "article_id": article_id} for url, article_id in cur]

    def _set_image(self, url: str, state: str, **values) -> None:
        names = ["state", "updated_at", *values]
        self.db.execute(
            f"UPDATE images SET {', '.join(f'{name} = ?' for name in names)} WHERE url = ?",
            (state, iso(utc_now()), *values.values(), url))
        self.db.commit()

    def image_archived(self, url: str, status: int, snapshot: dict | None) -> None:
        self._set_image(url, "archived", status=status, attempts=0, last_reason=None,
                        next_attempt=None, snapshot_file=(snapshot or {}).get("file"),
                        snapshot_offset=(snapshot or {}).get("offset"))

    def image_failed(self, url: str, reason: str, status: int | None = None,
                     now: datetime | None = None) -> dict:
        """One more failed attempt (the articles' backoff); returns the row after."""
        before = self.image(url) or {}
        attempts = (before.get("attempts", 0) if before.get("state") == FAILED else 0) + 1
        self._set_image(url, FAILED, status=status, attempts=attempts, last_reason=reason[:500],
                        next_attempt=self._next_attempt(attempts, now))
        return self.image(url)

    def image_settled(self, url: str, state: str, reason: str, status: int | None = None) -> None:
        """Not to be fetched again: ``gone`` (404, 410) or ``out_of_scope`` (robots.txt, off
        the host)."""
        self._set_image(url, state, status=status, last_reason=reason[:500], next_attempt=None)

    def retry_given_up_images(self) -> int:
        """A full walk gives given-up images one more chance, as it does articles."""
        cur = self.db.execute("UPDATE images SET next_attempt = ? WHERE state = 'failed' AND "
                              "next_attempt IS NULL", (iso(utc_now()),))
        self.db.commit()
        return cur.rowcount

    def image_counts(self) -> dict[str, int]:
        counts = dict.fromkeys(IMAGE_STATES, 0)
        counts.update(self.db.execute("SELECT state, COUNT(*) FROM images GROUP BY state"))
        counts["given_up"] = self.db.execute(
            "SELECT COUNT(*) FROM images WHERE state = 'failed' AND next_attempt IS NULL"
        ).fetchone()[0]
        return counts

    # --- meta -------------------------------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str | None, *, commit: bool = True) -> None:
        self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                        "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))
        if commit:
            self.db.commit()


def read_ledger(path: str | Path) -> Ledger:
    """The ledger of an output folder, opened read-only (``vkscrawl status`` while a crawl runs:
    WAL lets it read without blocking the crawl, and nothing is migrated or created)."""
    ledger = Ledger.__new__(Ledger)
    ledger.path = Path(path)
    ledger.retry_delay, ledger.retry_max_delay = DEFAULTS.retry_delay, DEFAULTS.retry_max_delay
    ledger.max_attempts = DEFAULTS.max_attempts
    ledger.created = False
    ledger.migrated_from = None
    problem = check_state_file(ledger.path)
    if problem:
        raise StateError(f"{ledger.path} {problem}")
    ledger.db = sqlite3.connect(f"file:{ledger.path}?mode=ro", uri=True)
    if ledger.db.execute("PRAGMA user_version").fetchone()[0] != LAYOUT_VERSION:
        ledger.db.close()
        raise StateError(f"{ledger.path} is of an older layout; the next crawl converts it")
    return ledger
