"""The export's tables: one declaration gives the SQL schema, Datasette's metadata and the docs'
column lists (docs/DATABASE.md), so a column cannot be described in one place and not the other."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlite_utils

#: Bumped when a table or column changes meaning: an older export is then rebuilt from the
#: start, and a newer one is refused (its columns are not ours to guess).
FORMAT = 1
#: The bookkeeping table whose presence says "this database is an export of vkscrawl".
META_TABLE = "vkscrawl_export"
#: The tokenizer of both search tables: case and tones folded by SQLite; đ by ``fold``.
TOKENIZE = "unicode61 remove_diacritics 2"


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    pk: str | tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()
    indexes: tuple[tuple[str, ...], ...] = ()
    not_null: frozenset[str] = field(default_factory=frozenset)


ARTICLES = Table(
    "articles", "Articles",
    "One row per article of the feed (local_news.jsonl) as its last line has it; an article "
    "taken down is not here but in takedowns.",
    (
        Column("article_id", int, "The portal's article number (-t<id>.html or ItemID=<id>)"),
        Column("url", str, "The canonical article URL"),
        Column("source_url", str, "The URL actually fetched"),
        Column("category", str, "The category as the page's breadcrumb names it"),
        Column("title", str, "The headline"),
        Column("published", str, "Publication date as the feed gives it (ISO 8601, with the "
                                 "time when the page gives one)"),
        Column("published_date", str, "Publication date, YYYY-MM-DD"),
        Column("month", str, "Publication month, YYYY-MM"),
        Column("summary", str, "The sapo (lead paragraph), when the page has one"),
        Column("body", str, "The article's paragraphs, separated by a blank line"),
        Column("author", str, "The closing author or source line"),
        Column("content_hash", str, "sha256 of the normalised title, summary and body"),
        Column("fetched_at", str, "When the crawler fetched it (UTC)"),
        Column("snapshot_file", str, "The WARC file holding the page as fetched, relative to the "
                                     "output folder (in vkscrawl explore: a link that replays it)"),
        Column("snapshot_offset", int, "Byte offset of the page's WARC response record in "
                                       "snapshot_file"),
    ),
    pk="article_id",
    indexes=(("published_date",), ("month",)),
    not_null=frozenset({"url", "title", "published", "published_date", "month", "body",
                        "content_hash"}),
)

IMAGES = Table(
    "images", "Images",
    "The images of each article, in page order.",
    (
        Column("article_id", int, "The article showing the image"),
        Column("position", int, "0 for the article's first image, then 1, 2..."),
        Column("url", str, "The image's absolute URL"),
        Column("caption", str, "Its caption, when the page gives one"),
    ),
    pk=("article_id", "position"),
    foreign_keys=(("article_id", "articles", "article_id"),),
    not_null=frozenset({"url"}),
)

TAKEDOWNS = Table(
    "takedowns", "Taken-down articles",
    "Articles whose last feed line is a deletion marker (the portal answered 404 or 410 after "
    "the article had been written). Their rows, images and search entries are removed from "
    "articles; an article that comes back leaves this table.",
    (
        Column("article_id", int, "The article's number"),
        Column("url", str, "The URL its last item named"),
        Column("status", int, "The HTTP status the portal answered (404 or 410)"),
        Column("fetched_at", str, "When the crawler saw it gone (UTC)"),
    ),
    pk="article_id",
)

EVENTS = Table(
    "events", "Events",
    "One row per event of events.jsonl (a procuracy section of a digest, or a single-story "
    "article) as its last line has it; an event whose deletion marker came last is removed.",
    (
        Column("event_id", str, "Stable id: the article's number and the section's position in "
                                "the digest, from 1 (11418-2); 0 for a single-story article "
                                "(11536-0)"),
        Column("article_id", int, "The article the event comes from"),
        Column("url", str, "The article's URL"),
        Column("published", str, "The article's (digest's) publication date, as the feed gives "
                                 "it (with the time when the page gives one)"),
        Column("date", str, "The day of the activity, YYYY-MM-DD: the first day the text gives "
                            "for it (a day without a year takes the one that puts it on or "
                            "before the digest's date), else the digest's day (see "
                            "date_source)"),
        Column("month", str, "The activity's month, YYYY-MM"),
        Column("date_source", str, "text: the date was read in the event's text; digest: the "
                                   "digest's publication date"),
        Column("unit", str, "The procuracy unit, as written and normalised (VKSND thành phố "
                            "Cần Thơ, VKSND khu vực 3 - Lâm Đồng); a single story's: the first "
                            "its title, summary or body names; empty when none"),
        Column("unit_level", str, "toi_cao (Supreme), cap_cao (High), tinh (province), khu_vuc "
                                  "(area, from 2025), huyen (district), or empty when unknown"),
        Column("provinces", str, "JSON list of the provinces the unit names (a district-level "
                                 "unit: the province its text places it in), canonical names "
                                 "before the 2025 merger"),
        Column("provinces_2025", str, "JSON list of the provinces they belong to after the 2025 "
                                      "merger"),
        Column("kinds", str, "JSON list of the activity kinds, in taxonomy order (conference, "
                             "training, seminar, model_trial, inspection, agreement, "
                             "appointment, emulation, digital, legal_outreach, visit, "
                             "party_union, charity, contest, reorganisation, ceremony; other "
                             "when none fits; docs/FEED.md lists each kind's phrases)"),
        Column("text", str, "The event's text: the digest section's text; for a single-story "
                            "article its title, summary and body"),
        Column("content_hash", str, "sha256: of the event's other fields (changes whenever "
                                    "anything else in the event does)"),
    ),
    pk="event_id",
    foreign_keys=(("article_id", "articles", "article_id"),),
    indexes=(("article_id",), ("date",), ("month",), ("unit",), ("unit_level",)),
    not_null=frozenset({"article_id", "date", "month"}),
)

EVENT_KINDS = Table(
    "event_kinds", "Event kinds",
    "One row per kind of each event (an event of two kinds has two rows).",
    (
        Column("event_id", str, "The event"),
        Column("kind", str, "One kind of the event's activity"),
    ),
    pk=("event_id", "kind"),
    foreign_keys=(("event_id", "events", "event_id"),),
    indexes=(("kind",),),
)

EVENT_PROVINCES = Table(
    "event_provinces", "Event provinces",
    "One row per province an event names (names before the 2025 merger).",
    (
        Column("event_id", str, "The event"),
        Column("province", str, "A province the event names"),
    ),
    pk=("event_id", "province"),
    foreign_keys=(("event_id", "events", "event_id"),),
    indexes=(("province",),),
)

EVENT_PROVINCES_2025 = Table(
    "event_provinces_2025", "Event provinces after the 2025 merger",
    "One row per province (as merged in 2025) of each event.",
    (
        Column("event_id", str, "The event"),
        Column("province", str, "A province after the 2025 merger"),
    ),
    pk=("event_id", "province"),
    foreign_keys=(("event_id", "events", "event_id"),),
    indexes=(("province",),),
)

PEOPLE = Table(
    "people", "People",
    "Every official named in at least one event; open one to see the events naming them.",
    (Column("name", str, "The person's name as the events write it"),),
    pk="name",
)

EVENT_PEOPLE = Table(
    "event_people", "People named in events",
    "Who each event names, with the title the event gives them.",
    (
        Column("event_id", str, "The event"),
        Column("position", int, "0 for the first person the event names, then 1, 2..."),
        Column("name", str, "The person"),
        Column("title", str, "Their title in this event (Vụ trưởng Vụ 8 VKSND tối cao)"),
    ),
    pk=("event_id", "position"),
    foreign_keys=(("event_id", "events", "event_id"), ("name", "people", "name")),
    indexes=(("name",),),
)

META = Table(
    META_TABLE, "Export bookkeeping",
    "How far vkscrawl export has read each JSONL file (byte offset and fingerprints), and the "
    "export's format.",
    (
        Column("key", str, "What the value is"),
        Column("value", str, "The value"),
    ),
    pk="key",
)

#: Feed tables, event tables: each group is a function of its own JSONL file alone.
FEED_TABLES = (ARTICLES, IMAGES, TAKEDOWNS)
EVENT_TABLES = (EVENTS, EVENT_KINDS, EVENT_PROVINCES, EVENT_PROVINCES_2025, PEOPLE, EVENT_PEOPLE)
TABLES = FEED_TABLES + EVENT_TABLES + (META,)

#: The two search tables: contentless FTS5 (the index only; the text stays in its table) whose
#: rowid is the row's rowid in ``of``; ``text`` is the original, ``folded`` its ``fold``.
SEARCH_TABLES = {"articles_search": "articles", "events_search": "events"}


def create(db: sqlite_utils.Database) -> None:
    """Every table, index and search table (in the caller's transaction)."""
    for table in TABLES:
        db[table.name].create(
            {c.name: c.type for c in table.columns}, pk=table.pk,
            foreign_keys=list(table.foreign_keys), not_null=set(table.not_null))
        for columns in table.indexes:
            db[table.name].create_index(list(columns))
    for name in SEARCH_TABLES:
        db.execute(f"CREATE VIRTUAL TABLE [{name}] USING fts5(text, folded, content='', "
                   f"tokenize='{TOKENIZE}')")


def drop(db: sqlite_utils.Database) -> None:
    """Every table of an older format (in the caller's transaction)."""
    names = [t.name for t in TABLES] + list(SEARCH_TABLES)
    for name in names:
        db.execute(f"DROP TABLE IF EXISTS [{name}]")
