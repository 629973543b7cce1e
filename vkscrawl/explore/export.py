"""``vkscrawl export --sqlite FILE [OUTPUT_DIR]``: the feed and the events as one SQLite database.

The database mirrors the output folder's two JSONL files, each by the feed's rules (docs/FEED.md):
last line per key wins, a deletion marker removes what it names. Each export reads only the
complete lines added since the last one, from the byte offset the database records, and applies
them in one transaction: an export that is interrupted leaves the database as it was. What
decides that a file must be read again from the start is ``jsonl.still_valid``; which tables each
file fills is ``schema.FEED_TABLES`` and ``schema.EVENT_TABLES`` (each group a function of its
own file alone, so one file rebuilt does not touch the other's tables).

A file that is not an export of ours is refused before anything is written (``ExportRefused``).
"""

from __future__ import annotations

import json
import os
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from vkscrawl.explore import schema
from vkscrawl.explore.fold import fold
from vkscrawl.explore.jsonl import Position, complete_lines, fingerprint, still_valid

FEED_FILE = "local_news.jsonl"
EVENTS_FILE = "events.jsonl"
SQLITE_HEADER = b"SQLite format 3\x00"
#: Bumped when ``fold`` changes: the search tables hold folded text, and a contentless FTS5 row
#: can only be deleted with the very values it was indexed with.
FOLD_VERSION = 1


class ExportRefused(Exception):
    """A database file or output folder the export will not touch; the message is one line."""


class BadLine(Exception):
    """A complete line of a JSONL file that is not what its contract says (nothing is written)."""


@dataclass
class ExportResult:
    database: Path
    created: bool = False
    #: one sentence per file that was read again from the start, and why
    rebuilt: list[str] = field(default_factory=list)
    #: complete lines applied from each file, by file name
    lines: dict[str, int] = field(default_factory=dict)
    articles: int = 0
    events: int = 0
    #: events whose article is not (or no longer) an article of the feed
    orphan_events: int = 0

    @property
    def changed(self) -> bool:
        return self.created or bool(self.rebuilt) or any(self.lines.values())


# --- the two files ------------------------------------------------------------------------------


def _article_search_text(title, summary, body) -> str:
    return "\n\n".join(part for part in (title, summary, body) if part)


def _event_search_text(unit, text) -> str:
    return "\n\n".join(part for part in (unit, text) if part)


def _remove_article(conn: sqlite3.Connection, article_id: int) -> None:
    row = conn.execute("SELECT title, summary, body FROM articles WHERE article_id = ?",
                       (article_id,)).fetchone()
    if row is not None:
        text = _article_search_text(*row)
        conn.execute("INSERT INTO articles_search(articles_search, rowid, text, folded) "
                     "VALUES ('delete', ?, ?, ?)", (article_id, text, fold(text)))
        conn.execute("DELETE FROM images WHERE article_id = ?", (article_id,))
        conn.execute("DELETE FROM articles WHERE article_id = ?", (article_id,))
    conn.execute("DELETE FROM takedowns WHERE article_id = ?", (article_id,))


def apply_feed_line(conn: sqlite3.Connection, line: dict) -> None:
    """One feed line: the article's rows become what the line says (an item, or a take-down)."""
    article_id = line.get("article_id")
    if not isinstance(article_id, int) or isinstance(article_id, bool):
        raise BadLine("no integer article_id")
    _remove_article(conn, article_id)
    if line.get("deleted") is True:
        conn.execute("INSERT INTO takedowns (article_id, url, status, fetched_at) "
                     "VALUES (?, ?, ?, ?)",
                     (article_id, line.get("url"), line.get("status"), line.get("fetched_at")))
        return
    try:
        title, body, published = line["title"], line["body"], line["published"]
        url, content_hash = line["url"], line["content_hash"]
    except KeyError as missing:
        raise BadLine(f"an item without {missing}") from None
    summary = line.get("summary")
    snapshot = line.get("snapshot") or {}
    conn.execute(
        "INSERT INTO articles (article_id, url, source_url, category, title, published, "
        "published_date, month, summary, body, author, content_hash, fetched_at, snapshot_file, "
        "snapshot_offset) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (article_id, url, line.get("source_url"), line.get("category"), title, published,
         published[:10], published[:7], summary, body, line.get("author"), content_hash,
         line.get("fetched_at"), snapshot.get("file"), snapshot.get("offset")))
    conn.executemany("INSERT INTO images (article_id, position, url, caption) VALUES (?, ?, ?, ?)",
                     [(article_id, position, image["url"], image.get("caption"))
                      for position, image in enumerate(line.get("images") or [])])
    text = _article_search_text(title, summary, body)
    conn.execute("INSERT INTO articles_search (rowid, text, folded) VALUES (?, ?, ?)",
                 (article_id, text, fold(text)))


def _remove_event(conn: sqlite3.Connection, event_id: str) -> None:
    row = conn.execute("SELECT rowid, unit, text FROM events WHERE event_id = ?",
                       (event_id,)).fetchone()
    if row is None:
        return
    rowid, unit, text = row
    search_text = _event_search_text(unit, text)
    conn.execute("INSERT INTO events_search(events_search, rowid, text, folded) "
                 "VALUES ('delete', ?, ?, ?)", (rowid, search_text, fold(search_text)))
    for table in ("event_kinds", "event_provinces", "event_provinces_2025", "event_people"):
        conn.execute(f"DELETE FROM {table} WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM events WHERE event_id = ?", (event_id,))


def _distinct(values) -> list:
    return list(dict.fromkeys(v for v in values or () if v))


def apply_event_line(conn: sqlite3.Connection, line: dict) -> None:
    """One events line: the event's rows become what the line says (or go, for a marker)."""
    event_id = line.get("event_id")
    if not isinstance(event_id, str) or not event_id:
        raise BadLine("no event_id string")
    _remove_event(conn, event_id)
    if line.get("deleted") is True:
        return
    article_id = line.get("article_id")
    if not isinstance(article_id, int) or isinstance(article_id, bool):
        raise BadLine("an event without an integer article_id")
    date = line.get("date") or (line.get("published") or "")[:10]
    if len(date) < 10:
        raise BadLine("an event without a date or published date")
    provinces, provinces_2025 = _distinct(line.get("provinces")), _distinct(
        line.get("provinces_2025"))
    kinds = _distinct(line.get("kinds"))
    unit, text = line.get("unit"), line.get("text") or ""
    cursor = conn.execute(
        "INSERT INTO events (event_id, article_id, url, published, date, month, date_source, "
        "unit, unit_level, provinces, provinces_2025, kinds, text, content_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (event_id, article_id, line.get("url"), line.get("published"), date[:10], date[:7],
         line.get("date_source"), unit, line.get("unit_level"),
         json.dumps(provinces, ensure_ascii=False), json.dumps(provinces_2025, ensure_ascii=False),
         json.dumps(kinds, ensure_ascii=False), text, line.get("content_hash")))
    conn.executemany("INSERT INTO event_kinds (event_id, kind) VALUES (?, ?)",
                     [(event_id, kind) for kind in kinds])
    conn.executemany("INSERT INTO event_provinces (event_id, province) VALUES (?, ?)",
                     [(event_id, p) for p in provinces])
    conn.executemany("INSERT INTO event_provinces_2025 (event_id, province) VALUES (?, ?)",
                     [(event_id, p) for p in provinces_2025])
    people = [p for p in line.get("people") or () if isinstance(p, dict) and p.get("name")]
    conn.executemany("INSERT OR IGNORE INTO people (name) VALUES (?)",
                     [(p["name"],) for p in people])
    conn.executemany("INSERT INTO event_people (event_id, position, name, title) "
                     "VALUES (?, ?, ?, ?)",
                     [(event_id, i, p["name"], p.get("title")) for i, p in enumerate(people)])
    search_text = _event_search_text(unit, text)
    conn.execute("INSERT INTO events_search (rowid, text, folded) VALUES (?, ?, ?)",
                 (cursor.lastrowid, search_text, fold(search_text)))


def _clear_feed_tables(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO articles_search(articles_search) VALUES ('delete-all')")
    for table in ("images", "articles", "takedowns"):
        conn.execute(f"DELETE FROM {table}")


def _clear_event_tables(conn: sqlite3.Connection) -> None:
    conn.execute("INSERT INTO events_search(events_search) VALUES ('delete-all')")
    for table in ("event_kinds", "event_provinces", "event_provinces_2025", "event_people",
                  "people", "events"):
        conn.execute(f"DELETE FROM {table}")


@dataclass(frozen=True)
class Source:
    """One JSONL file of the output folder and what it fills."""

    file: str
    apply: Callable[[sqlite3.Connection, dict], None]
    clear: Callable[[sqlite3.Connection], None]


SOURCES = (Source(FEED_FILE, apply_feed_line, _clear_feed_tables),
           Source(EVENTS_FILE, apply_event_line, _clear_event_tables))


# --- the database file ----------------------------------------------------------------------------


def check_output_dir(output_dir: Path) -> None:
    if not output_dir.is_dir():
        raise ExportRefused(f"OUTPUT_DIR {str(output_dir)!r}: no such folder (expected the crawl's "
                            f"output folder, VKSCRAWL_OUTPUT_DIR)")
    if not (output_dir / FEED_FILE).is_file():
        raise ExportRefused(f"OUTPUT_DIR {str(output_dir)!r}: no {FEED_FILE} in it (expected the "
                            f"output folder of a crawl that has written its feed)")


def check_database(path: Path) -> bool:
    """True when ``path`` is an export of ours to update, False when there is none yet (no file,
    or an empty one); raises ExportRefused for anything else, without writing to it."""
    if path.is_dir():
        raise ExportRefused(f"--sqlite {str(path)!r} is a folder (expected a database file)")
    if not path.parent.is_dir():
        raise ExportRefused(f"--sqlite {str(path)!r}: no folder {str(path.parent)!r} to write it in")
    if not path.exists() or path.stat().st_size == 0:
        return False
    try:
        with open(path, "rb") as f:
            header = f.read(len(SQLITE_HEADER))
    except OSError as error:
        raise ExportRefused(f"--sqlite {str(path)!r}: cannot read it ({error.strerror})") from None
    if header != SQLITE_HEADER:
        raise ExportRefused(f"--sqlite {str(path)!r} is not an SQLite database: refusing to "
                            f"overwrite it (name a new file, or an earlier export)")
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            found = conn.execute("SELECT value FROM sqlite_master JOIN " + schema.META_TABLE +
                                 " ON key = 'format' WHERE name = ?",
                                 (schema.META_TABLE,)).fetchone()
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        found = None
    if found is None:
        raise ExportRefused(f"--sqlite {str(path)!r} is an SQLite database but not an export of "
                            f"vkscrawl (no readable {schema.META_TABLE} table): refusing to "
                            f"change it")
    if int(found[0]) > schema.FORMAT:
        raise ExportRefused(f"--sqlite {str(path)!r} was made by a newer vkscrawl (export format "
                            f"{found[0]}, this one writes {schema.FORMAT}): refusing to change it")
    return True


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute(f"SELECT key, value FROM {schema.META_TABLE}"))


def _set_meta(conn: sqlite3.Connection, values: dict[str, object]) -> None:
    conn.executemany(f"INSERT OR REPLACE INTO {schema.META_TABLE} (key, value) VALUES (?, ?)",
                     [(k, str(v)) for k, v in values.items()])


def _saved_position(meta: dict[str, str], source: Source) -> Position | None:
    if f"{source.file}:offset" not in meta:
        return None
    return Position(int(meta[f"{source.file}:offset"]), meta[f"{source.file}:fingerprint"])


def _start(output_dir: Path, source: Source, saved: Position | None) -> tuple[int, str | None]:
    """Where to read ``source`` from, and why it is read again from the start (None: it is not)."""
    path = output_dir / source.file
    if saved is None or saved.offset == 0:
        return 0, None
    if not path.exists():
        return 0, f"{source.file} is gone since the last export: its tables are emptied"
    size = path.stat().st_size
    if size < saved.offset:
        return 0, (f"{source.file} shrank since the last export ({size} bytes, {saved.offset} "
                   f"read): rebuilding its tables from the start")
    if not still_valid(path, saved):
        return 0, (f"{source.file} was replaced since the last export (its first lines differ): "
                   f"rebuilding its tables from the start")
    return saved.offset, None


def _update(db: sqlite_utils.Database, output_dir: Path, result: ExportResult) -> None:
    """Apply what is new in each file (in the caller's transaction); a format or fold change
    means everything is read again."""
    conn = db.conn
    meta = _meta(conn)
    stale = meta.get("format") != str(schema.FORMAT) or meta.get("fold") != str(FOLD_VERSION)
    if stale and meta:
        result.rebuilt.append(f"{result.database.name} was made by an older vkscrawl: rebuilding it")
        schema.drop(db)
        schema.create(db)
        meta = {}
    touched = set()
    for source in SOURCES:
        start, why = _start(output_dir, source, _saved_position(meta, source))
        if why:
            result.rebuilt.append(why)
            source.clear(conn)
        path = output_dir / source.file
        offset, count = start, 0
        for raw, end in complete_lines(path, start):
            try:
                line = json.loads(raw)
                if not isinstance(line, dict):
                    raise BadLine("not a JSON object")
                source.apply(conn, line)
            except (ValueError, BadLine) as error:
                raise BadLine(f"{path}: the line at byte {offset} is not a valid line ({error}); "
                              f"nothing exported") from None
            offset, count = end, count + 1
        result.lines[source.file] = count
        if count or why:
            touched.add(source.file)
        if count or why:
            _set_meta(conn, {f"{source.file}:offset": offset,
                             f"{source.file}:fingerprint": fingerprint(path, offset)})
    if EVENTS_FILE in touched:
        conn.execute("DELETE FROM people WHERE name NOT IN (SELECT name FROM event_people)")
    if stale:
        _set_meta(conn, {"format": schema.FORMAT, "fold": FOLD_VERSION})
    # The query planner's statistics: without them, Datasette's filtered pages scan the
    # events by the least selective index.
    if stale or result.rebuilt:
        conn.execute("ANALYZE")
    elif touched:
        conn.execute("PRAGMA optimize")
    result.articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    result.events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    result.orphan_events = conn.execute(
        "SELECT COUNT(*) FROM events WHERE article_id NOT IN (SELECT article_id FROM articles)"
    ).fetchone()[0]


def export(database: str | Path, output_dir: str | Path) -> ExportResult:
    """Bring ``database`` up to date with ``output_dir``'s feed and events.

    Raises ExportRefused (nothing touched) or BadLine (nothing written)."""
    database, output_dir = Path(database), Path(output_dir)
    check_output_dir(output_dir)
    result = ExportResult(database)
    if not check_database(database):
        _create(database, output_dir, result)
        return result
    db = sqlite_utils.Database(database)
    try:
        # IMMEDIATE: two exports at once take turns; each reads the offsets the other left.
        db.execute("BEGIN IMMEDIATE")
        try:
            _update(db, output_dir, result)
        except BaseException:
            db.conn.execute("ROLLBACK")
            raise
        # Nothing new is no write at all: the file keeps its bytes and its mtime.
        db.conn.execute("COMMIT" if result.changed else "ROLLBACK")
    finally:
        db.close()
    return result


def _create(database: Path, output_dir: Path, result: ExportResult) -> None:
    """A new database is built beside its name and renamed into place once complete, so an
    interrupted first export leaves no half-made file that the next one would refuse."""
    partial = database.with_name(f".{database.name}.{os.getpid()}.partial")
    try:
        db = sqlite_utils.Database(partial, recreate=True)
        try:
            db.execute("BEGIN IMMEDIATE")
            schema.create(db)
            _update(db, output_dir, result)
            db.conn.execute("COMMIT")
        finally:
            db.close()
        os.replace(partial, database)
    finally:
        partial.unlink(missing_ok=True)
    result.created = True


def summary(result: ExportResult) -> list[str]:
    """What the export did, for the command's output (one line each)."""
    lines = list(result.rebuilt)
    name = result.database
    if not result.changed:
        lines.append(f"{name}: up to date (no new lines); {result.articles} articles, "
                     f"{result.events} events")
        return lines
    read = ", ".join(f"{n} new line(s) of {file}" for file, n in result.lines.items())
    lines.append(f"{name}: {'created' if result.created else 'updated'}: {read}; "
                 f"{result.articles} articles, {result.events} events")
    if result.orphan_events:
        lines.append(f"{name}: {result.orphan_events} event(s) belong to articles that are not in "
                     f"the feed (taken down, or not yet written): kept, as events.jsonl has them")
    return lines
