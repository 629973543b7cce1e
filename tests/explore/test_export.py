"""``vkscrawl export``: a real crawl's feed and the events it wrote into a real SQLite file,
read back with plain sqlite3; incremental runs checked against a fresh export of the same files."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from tests.explore.conftest import append, last_per_key, live_events, read_jsonl
from tests.support.crawl import fixture_counts
from vkscrawl.cli import main
from vkscrawl.digest.events_file import update_events
from vkscrawl.explore.export import export
from vkscrawl.explore.fold import fold

#: The test's own oracle for "without diacritics": every Vietnamese vowel with its marks, and đ,
#: spelt out letter by letter (the product folds with unicodedata; this does not).
PLAIN = {}
for base, letters in {
    "a": "àáảãạăằắẳẵặâầấẩẫậ", "e": "èéẻẽẹêềếểễệ", "i": "ìíỉĩị", "o": "òóỏõọôồốổỗộơờớởỡợ",
    "u": "ùúủũụưừứửữự", "y": "ỳýỷỹỵ", "d": "đ",
}.items():
    for letter in letters:
        PLAIN[letter] = base
        PLAIN[letter.upper()] = base.upper()


def plain(text: str) -> str:
    return "".join(PLAIN.get(c, c) for c in text)


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def events_found(db: Path, query: str) -> set[str]:
    return {r[0] for r in rows(db, "SELECT event_id FROM events WHERE rowid IN (SELECT rowid FROM "
                                   "events_search WHERE events_search MATCH ?)", query)}


def articles_found(db: Path, query: str) -> set[int]:
    return {r[0] for r in rows(db, "SELECT article_id FROM articles WHERE article_id IN (SELECT "
                                   "rowid FROM articles_search WHERE articles_search MATCH ?)",
                               query)}


def dump(db: Path) -> dict:
    """Every row of every table (event rowids replaced by ids), and what each search finds:
    what two exports of the same files must agree on."""
    tables = [r[0] for r in rows(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND "
                                     "sql NOT LIKE 'CREATE VIRTUAL%' AND name NOT LIKE '%search%' "
                                     "AND name NOT LIKE 'sqlite_%'")]
    out = {t: sorted(rows(db, f"SELECT * FROM [{t}]"), key=repr) for t in tables
           if t != "vkscrawl_export"}
    for query in ("kiem sat", "Đắk", "dak", "hoi nghi", "sửa", "phiên tòa", "Thống"):
        out[f"events:{query}"] = sorted(events_found(db, query))
        out[f"articles:{query}"] = sorted(articles_found(db, query))
    # What the search tables themselves hold, rows or not: a search entry removed with other
    # words than it was indexed with leaves words behind, found by no row of the same export
    # made from scratch.
    for query in ("vksnd", "tinh", "Đắk", "dak", "kiem", "hoi", "sửa", "Lak"):
        for table in ("events_search", "articles_search"):
            out[f"{table} holds {query}"] = rows(
                db, f"SELECT COUNT(*) FROM {table} WHERE {table} MATCH ?", query)
    return out


def fresh_dump(output: Path, tmp: Path) -> dict:
    fresh = tmp / f"fresh-{len(list(tmp.glob('fresh-*')))}.db"
    export(fresh, output)
    return dump(fresh)


# --- a full export ---------------------------------------------------------------------------


def test_full_export_holds_every_live_article_image_and_event(output, tmp_path, capsys):
    db = tmp_path / "vks.db"
    assert main(["export", "--sqlite", str(db), str(output)]) == 0
    articles = last_per_key(read_jsonl(output / "local_news.jsonl"), "article_id")
    events = last_per_key(read_jsonl(output / "events.jsonl"), "event_id")
    feed_lines = len(read_jsonl(output / "local_news.jsonl"))
    event_lines = len(read_jsonl(output / "events.jsonl"))
    assert capsys.readouterr().out == (
        f"{db}: created: {feed_lines} new line(s) of local_news.jsonl, {event_lines} new line(s) "
        f"of events.jsonl; {len(articles)} articles, {len(events)} events\n")
    assert {r[0] for r in rows(db, "SELECT article_id FROM articles")} == set(articles)
    assert len(articles) == fixture_counts().items and len(events) >= len(articles)
    fields = ("url", "source_url", "category", "title", "published", "summary", "body", "author",
              "content_hash", "fetched_at")
    for row in rows(db, f"SELECT article_id, {', '.join(fields)}, published_date, month, "
                        f"snapshot_file, snapshot_offset FROM articles"):
        item = articles[row[0]]
        assert row[1:len(fields) + 1] == tuple(item[f] for f in fields)
        assert row[len(fields) + 1:] == (item["published"][:10], item["published"][:7],
                                         item["snapshot"]["file"], item["snapshot"]["offset"])
    assert any(item["summary"] for item in articles.values())
    assert any(item["author"] for item in articles.values())
    images = rows(db, "SELECT article_id, position, url, caption FROM images "
                      "ORDER BY article_id, position")
    assert images == sorted((i["article_id"], n, img["url"], img["caption"])
                            for i in articles.values() for n, img in enumerate(i["images"]))
    same = ("article_id", "url", "published", "date", "date_source", "unit", "unit_level", "text",
            "content_hash")
    lists = ("kinds", "provinces", "provinces_2025")
    stored = {r[0]: r[1:] for r in rows(
        db, f"SELECT event_id, {', '.join(same + lists)}, month FROM events")}
    assert set(stored) == set(events)
    for event_id, event in events.items():
        row = stored[event_id]
        assert row[:len(same)] == tuple(event[f] for f in same)
        # The lists as JSON a reader can read in Datasette: the letters themselves, no escapes.
        assert row[len(same):-1] == tuple(json.dumps(event[f], ensure_ascii=False)
                                          for f in lists)
        assert row[-1] == event["date"][:7]
    assert sorted(rows(db, "SELECT event_id, kind FROM event_kinds")) == sorted(
        (e["event_id"], k) for e in events.values() for k in e["kinds"])
    assert sorted(rows(db, "SELECT event_id, province FROM event_provinces_2025")) == sorted(
        (e["event_id"], p) for e in events.values() for p in e["provinces_2025"])
    named = [(e["event_id"], n, p["name"], p["title"]) for e in events.values()
             for n, p in enumerate(e["people"])]
    assert ("11418-1", 0, "Lương Minh Thống", "Vụ trưởng Vụ 8 VKSND tối cao") in named
    assert sorted(rows(db, "SELECT event_id, position, name, title FROM event_people")) == sorted(
        named)
    assert rows(db, "SELECT name FROM people ORDER BY name") == [
        (n,) for n in sorted({p[2] for p in named})]
    assert rows(db, "PRAGMA foreign_key_check") == []


def test_tables_have_their_foreign_keys_and_indexes(output, tmp_path):
    db = tmp_path / "vks.db"
    export(db, output)
    assert ("articles", "article_id", "article_id") in [
        (r[2], r[3], r[4]) for r in rows(db, "PRAGMA foreign_key_list(events)")]
    assert {r[2] for r in rows(db, "PRAGMA foreign_key_list(event_people)")} == {"events",
                                                                                 "people"}
    # The query planner's statistics, from the first export on.
    assert {"articles", "events", "event_kinds"} <= {r[0] for r in rows(
        db, "SELECT tbl FROM sqlite_stat1")}
    indexed = {r[1] for r in rows(db, "SELECT * FROM sqlite_master WHERE type = 'index'")}
    for table, column in (("events", "month"), ("events", "unit"), ("event_kinds", "kind"),
                          ("event_provinces", "province"), ("articles", "month")):
        assert any(name.startswith(f"idx_{table}_{column}") for name in indexed), (table, column)


# --- search without diacritics ----------------------------------------------------------------


def test_search_finds_vietnamese_with_and_without_diacritics_d_included(output, tmp_path):
    db = tmp_path / "vks.db"
    export(db, output)
    dak_lak = {i for i, e in live_events(output).items()
               if {"dak", "lak"} <= set(words(plain(f"{e['unit']} {e['text']}").lower()))}
    assert "12511-2" in dak_lak
    assert events_found(db, "Dak Lak") == events_found(db, "Đắk Lắk") == dak_lak
    assert events_found(db, "DAK LAK") == dak_lak
    assert 12511 in articles_found(db, "dak lak")
    inspections = events_found(db, '"kiem sat truc tiep"')
    assert inspections == events_found(db, '"kiểm sát trực tiếp"')
    expected = {e["event_id"] for e in read_jsonl(output / "events.jsonl")
                if "kiem sat truc tiep" in " ".join(words(plain(e["text"]).lower()))}
    assert inspections == expected and inspections
    assert events_found(db, '"Luong Minh Thong"') == {"11418-1"}
    # A word mixing folded and original letters still finds its text.
    assert events_found(db, '"Đắk Lak"') == dak_lak


@pytest.fixture(scope="module")
def search_db(tmp_path_factory, crawled):
    db = tmp_path_factory.mktemp("search") / "vks.db"
    export(db, crawled)
    return db


def _typed_run(data, event_words) -> list[str]:
    start = data.draw(st.integers(0, len(event_words) - 1), label="start")
    return event_words[start:start + data.draw(st.integers(1, 5), label="length")]


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_phrase_typed_with_or_without_marks_finds_its_event(search_db, crawled, data):
    """What Datasette's own search box sends (the query as typed): pick an event, a run of its
    words, strip the marks of any of them (the test's own table, not the product's fold), and
    type the words with đ either all with đ or all with d: the phrase finds the event."""
    event = data.draw(st.sampled_from(sorted(live_events(crawled).values(),
                                             key=lambda e: e["event_id"])), label="event")
    run = _typed_run(data, words(event["text"]))
    d_plain = data.draw(st.booleans(), label="đ typed as d")
    typed = [plain(w) if ("đ" in w.lower() and d_plain)
             or ("đ" not in w.lower() and data.draw(st.booleans())) else w for w in run]
    typed = [w.upper() if data.draw(st.booleans()) else w for w in typed]
    query = '"' + " ".join(typed) + '"'
    assert event["event_id"] in events_found(search_db, query), query


@settings(max_examples=100, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_folded_query_finds_its_event_however_each_word_was_typed(search_db, crawled, data):
    """What the canned searches send (the query folded first): any mix of marks and đ/d."""
    event = data.draw(st.sampled_from(sorted(live_events(crawled).values(),
                                             key=lambda e: e["event_id"])), label="event")
    typed = [plain(w) if data.draw(st.booleans()) else w
             for w in _typed_run(data, words(event["text"]))]
    query = '"' + fold(" ".join(typed)) + '"'
    assert event["event_id"] in events_found(search_db, query), query


# --- incremental --------------------------------------------------------------------------------


def test_a_second_export_without_new_lines_changes_nothing(output, tmp_path, capsys):
    db = tmp_path / "vks.db"
    assert main(["export", "--sqlite", str(db), str(output)]) == 0
    before, mtime = db.read_bytes(), db.stat().st_mtime_ns
    capsys.readouterr()
    assert main(["export", "--sqlite", str(db), str(output)]) == 0
    assert capsys.readouterr().out.startswith(f"{db}: up to date")
    assert db.read_bytes() == before and db.stat().st_mtime_ns == mtime
    assert not list(tmp_path.glob("*journal*"))


def _edited(item: dict, **changes) -> dict:
    return {**item, **changes}


def test_edits_markers_and_returns_apply_and_only_new_lines_are_read(output, tmp_path):
    """What a later crawl appends (an edited digest, a take-down, a return), with the event
    lines written by the crawl's own call (``update_events``), not by hand."""
    db = tmp_path / "vks.db"
    export(db, output)
    feed, events = output / "local_news.jsonl", output / "events.jsonl"
    items = {i["article_id"]: i for i in read_jsonl(feed)}

    sections = [{**items[13388]["sections"][0], "text": "Ngày 15/9/2025, Viện kiểm sát nhân "
                 "dân tỉnh Gia Lai khen thưởng 8 tập thể (bản đính chính)."},
                *items[13388]["sections"][1:]]
    edit = _edited(items[13388], title="Tin hoạt động Gia Lai (bản chỉnh lý)", content_hash="sha256:0",
                   summary="Tóm tắt riêng của bản đính chính", sections=sections)
    append(feed, edit)
    assert update_events(feed, events).events_written == 1
    result = export(db, output)
    assert result.lines == {"local_news.jsonl": 1, "events.jsonl": 1}
    assert rows(db, "SELECT title FROM articles WHERE article_id = 13388") == [(edit["title"],)]
    assert articles_found(db, '"ban chinh ly"') == {13388}
    assert articles_found(db, '"ban dinh chinh"') == {13388}
    assert 13388 not in articles_found(db, '"Tin hoạt động VKSND địa phương Gia Lai"')
    assert rows(db, "SELECT date FROM events WHERE event_id = '13388-1'") == [("2025-09-15",)]
    assert rows(db, "SELECT kind FROM event_kinds WHERE event_id = '13388-1'") == [("emulation",)]
    assert events_found(db, '"khen thuong 8 tap the (ban dinh chinh)"') == {"13388-1"}

    # A take-down: the article, its images and its search entry go; its events go with their
    # own markers; people named only there leave the people table.
    taken = sorted(i for i in live_events(output) if i.startswith("11418-"))
    assert taken == ["11418-1", "11418-2", "11418-3"]
    marker = {"schema_version": 1, "article_id": 11418, "url": items[11418]["url"],
              "deleted": True, "status": 410, "fetched_at": "2025-12-01T00:00:00Z"}
    append(feed, marker)
    assert update_events(feed, events).deletions_written == 3
    still_named = {p["name"] for i, e in live_events(output).items() for p in e["people"]}
    assert "Lương Minh Thống" not in still_named
    result = export(db, output)
    assert result.lines == {"local_news.jsonl": 1, "events.jsonl": 3}
    assert rows(db, "SELECT * FROM articles WHERE article_id = 11418") == []
    assert rows(db, "SELECT * FROM images WHERE article_id = 11418") == []
    assert rows(db, "SELECT article_id, status FROM takedowns") == [(11418, 410)]
    assert 11418 not in articles_found(db, "Cao Bang")
    assert rows(db, "SELECT * FROM events WHERE article_id = 11418") == []
    assert rows(db, "SELECT name FROM people ORDER BY name") == [(n,) for n in sorted(still_named)]
    assert not events_found(db, '"Luong Minh Thong"')
    assert result.orphan_events == 0

    # It comes back.
    append(feed, items[11418])
    assert update_events(feed, events).events_written == 3
    export(db, output)
    assert rows(db, "SELECT title FROM articles WHERE article_id = 11418") == [
        (items[11418]["title"],)]
    assert rows(db, "SELECT * FROM takedowns") == []
    assert events_found(db, '"Luong Minh Thong"') == {"11418-1"}
    assert dump(db) == fresh_dump(output, tmp_path)


def test_a_partial_last_line_waits_until_it_is_complete(output, tmp_path):
    db = tmp_path / "vks.db"
    export(db, output)
    feed = output / "local_news.jsonl"
    item = _edited(read_jsonl(feed)[0], title="Bài đang được ghi")
    line = json.dumps(item, ensure_ascii=False).encode() + b"\n"
    append(feed, line[:40])
    assert export(db, output).lines["local_news.jsonl"] == 0
    with open(feed, "ab") as f:
        f.write(line[40:])
    assert export(db, output).lines["local_news.jsonl"] == 1
    assert rows(db, "SELECT title FROM articles WHERE article_id = ?", item["article_id"]) == [
        ("Bài đang được ghi",)]


def test_events_ahead_of_the_feed_are_kept_and_reported(output, tmp_path, capsys):
    event = {**read_jsonl(output / "events.jsonl")[0], "event_id": "99999-1", "article_id": 99999}
    append(output / "events.jsonl", event)
    assert main(["export", "--sqlite", str(tmp_path / "vks.db"), str(output)]) == 0
    out = capsys.readouterr().out
    assert "1 event(s) belong to articles that are not in the feed" in out
    assert rows(tmp_path / "vks.db", "SELECT event_id FROM events WHERE article_id = 99999") == [
        ("99999-1",)]


def test_a_feed_that_shrank_is_read_again_from_the_start(output, tmp_path, capsys):
    db = tmp_path / "vks.db"
    export(db, output)
    feed = output / "local_news.jsonl"
    lines = feed.read_bytes().splitlines(keepends=True)
    feed.write_bytes(b"".join(lines[:5]))
    capsys.readouterr()
    assert main(["export", "--sqlite", str(db), str(output)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("local_news.jsonl shrank since the last export")
    assert len(rows(db, "SELECT * FROM articles")) == 5
    assert dump(db) == fresh_dump(output, tmp_path)


def test_a_feed_replaced_by_a_longer_one_is_read_again(output, tmp_path):
    """A rebuilt feed with the same first lines but other bytes at the old offset (its lines in
    another order after the first) is not read from the old offset."""
    db = tmp_path / "vks.db"
    export(db, output)
    feed = output / "local_news.jsonl"
    lines = feed.read_bytes().splitlines(keepends=True)
    edited = json.dumps(_edited(json.loads(lines[-1]), title="Sửa trong bản dựng lại"),
                        ensure_ascii=False).encode() + b"\n"
    feed.write_bytes(b"".join(lines[:-1]) + edited + lines[-1])
    result = export(db, output)
    assert result.rebuilt and "was replaced" in result.rebuilt[0]
    assert dump(db) == fresh_dump(output, tmp_path)


def test_events_rebuilt_from_fewer_lines_or_gone_rebuild_only_the_event_tables(output,
                                                                                 tmp_path):
    db = tmp_path / "vks.db"
    export(db, output)
    articles_before = rows(db, "SELECT * FROM articles ORDER BY article_id")
    events = output / "events.jsonl"
    written = events.read_bytes()
    lines = written.splitlines(keepends=True)
    # Rebuilt by the events writer, with one event fewer and its lines in another order.
    events.write_bytes(b"".join(reversed(lines[1:])))
    result = export(db, output)
    assert result.rebuilt and result.rebuilt[0].startswith("events.jsonl shrank")
    assert result.lines["local_news.jsonl"] == 0
    assert rows(db, "SELECT * FROM articles ORDER BY article_id") == articles_before
    assert dump(db) == fresh_dump(output, tmp_path)
    assert len(rows(db, "SELECT * FROM events")) == len(lines) - 1
    events.unlink()
    result = export(db, output)
    assert "events.jsonl is gone" in result.rebuilt[0]
    for table in ("events", "event_kinds", "event_provinces", "event_provinces_2025",
                  "event_people", "people"):
        assert rows(db, f"SELECT * FROM {table}") == [], table
    assert not events_found(db, "kiem")
    assert rows(db, "SELECT * FROM articles ORDER BY article_id") == articles_before
    # Written again from nothing: new lines, not a file replaced.
    events.write_bytes(written)
    result = export(db, output)
    assert result.rebuilt == [] and result.lines["events.jsonl"] == len(lines)
    assert dump(db) == fresh_dump(output, tmp_path)


def test_an_export_before_any_event_is_idempotent_too(output, tmp_path):
    (output / "events.jsonl").unlink()
    db = tmp_path / "vks.db"
    assert export(db, output).events == 0
    before = db.read_bytes()
    result = export(db, output)
    assert not result.changed and result.rebuilt == []
    assert db.read_bytes() == before


def test_an_empty_file_is_a_new_database(output, tmp_path):
    db = tmp_path / "vks.db"
    db.touch()
    assert export(db, output).created
    assert rows(db, "SELECT COUNT(*) FROM events") == [(len(live_events(output)),)]


def test_an_event_line_without_a_date_takes_the_digest_date_and_people_need_a_name(output,
                                                                                   tmp_path):
    db = tmp_path / "vks.db"
    event = next(e for e in read_jsonl(output / "events.jsonl") if "T" in e["published"])
    undated = {k: v for k, v in event.items() if k != "date"}
    undated["people"] = [{"title": "Viện trưởng"}, "Nguyễn Văn A",
                         {"name": "Nguyễn Văn B", "title": None}]
    append(output / "events.jsonl", undated)
    export(db, output)
    assert rows(db, "SELECT date, month FROM events WHERE event_id = ?", event["event_id"]) == [
        (event["published"][:10], event["published"][:7])]
    assert rows(db, "SELECT name, title FROM event_people WHERE event_id = ?",
                event["event_id"]) == [("Nguyễn Văn B", None)]


def test_a_unit_is_searchable_even_where_the_text_does_not_name_it(output, tmp_path):
    db = tmp_path / "vks.db"
    event = read_jsonl(output / "events.jsonl")[0]
    append(output / "events.jsonl", {**event, "unit": "VKSND tỉnh Trà Vinh"})
    export(db, output)
    assert events_found(db, '"tra vinh"') == {event["event_id"]}


def test_a_bad_line_writes_nothing(output, tmp_path, capsys):
    db = tmp_path / "vks.db"
    export(db, output)
    before = db.read_bytes()
    items = read_jsonl(output / "local_news.jsonl")
    # Many good lines first: they are applied in the transaction, then rolled back.
    append(output / "local_news.jsonl", *(_edited(i, title="x") for i in items), b"{not json\n")
    assert main(["export", "--sqlite", str(db), str(output)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "is not a valid line" in err[0]
    assert db.read_bytes() == before
    # A first export that meets it leaves no file behind.
    assert main(["export", "--sqlite", str(tmp_path / "new.db"), str(output)]) == 2
    assert list(tmp_path.iterdir()) == [db, output] or sorted(tmp_path.iterdir()) == sorted(
        [db, output])


@pytest.mark.parametrize("event_id", ["", 11418, None])
def test_an_event_line_whose_event_id_is_not_a_string_is_a_bad_line(output, tmp_path, capsys,
                                                                    event_id):
    append(output / "events.jsonl", {**read_jsonl(output / "events.jsonl")[0], "event_id": event_id})
    assert main(["export", "--sqlite", str(tmp_path / "vks.db"), str(output)]) == 2
    assert "no event_id string" in capsys.readouterr().err


def test_a_fingerprint_of_more_bytes_than_the_file_holds_is_empty(output):
    from vkscrawl.explore.jsonl import fingerprint

    feed = output / "local_news.jsonl"
    size = feed.stat().st_size
    assert fingerprint(feed, size) and fingerprint(feed, size) != fingerprint(feed, size - 1)
    assert fingerprint(feed, size + 1) == ""
    assert fingerprint(output / "nothing.jsonl", 10) == ""


@pytest.mark.parametrize("article_id", ["13388", True, None, 1.5])
def test_a_feed_line_whose_article_id_is_not_an_integer_is_a_bad_line(output, tmp_path,
                                                                      capsys, article_id):
    item = read_jsonl(output / "local_news.jsonl")[0]
    append(output / "local_news.jsonl", {**item, "article_id": article_id})
    assert main(["export", "--sqlite", str(tmp_path / "vks.db"), str(output)]) == 2
    assert "no integer article_id" in capsys.readouterr().err
    assert not (tmp_path / "vks.db").exists()


def test_an_event_without_an_article_id_is_a_bad_line(output, tmp_path):
    append(output / "events.jsonl", {"event_id": "1-1", "date": "2025-01-01"})
    assert main(["export", "--sqlite", str(tmp_path / "vks.db"), str(output)]) == 2
    assert not (tmp_path / "vks.db").exists()


# --- refusals -----------------------------------------------------------------------------------


def _refused(argv, capsys) -> str:
    assert main(argv) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1, err
    return err[0]


def test_a_file_that_is_not_sqlite_is_refused_untouched(output, tmp_path, capsys):
    target = tmp_path / "notes.db"
    target.write_bytes(b"my notes\n" * 100)
    message = _refused(["export", "--sqlite", str(target), str(output)], capsys)
    assert "is not an SQLite database" in message
    assert target.read_bytes() == b"my notes\n" * 100


def test_an_sqlite_database_of_something_else_is_refused_untouched(output, tmp_path, capsys):
    ledger = output / "state.sqlite3"
    before = ledger.read_bytes()
    message = _refused(["export", "--sqlite", str(ledger), str(output)], capsys)
    assert "not an export of vkscrawl" in message
    assert ledger.read_bytes() == before
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE articles (x)")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    _refused(["export", "--sqlite", str(other), str(output)], capsys)
    assert other.read_bytes() == before


def test_an_export_of_a_newer_format_is_refused(output, tmp_path, capsys):
    db = tmp_path / "vks.db"
    export(db, output)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE vkscrawl_export SET value = '99' WHERE key = 'format'")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    assert "newer vkscrawl" in _refused(["export", "--sqlite", str(db), str(output)], capsys)
    assert db.read_bytes() == before


def test_an_export_of_an_older_format_is_rebuilt(output, tmp_path, capsys):
    db = tmp_path / "vks.db"
    export(db, output)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE vkscrawl_export SET value = '0' WHERE key = 'format'")
    conn.commit()
    conn.close()
    result = export(db, output)
    assert result.rebuilt and "older vkscrawl" in result.rebuilt[0]
    assert dump(db) == fresh_dump(output, tmp_path)


@pytest.mark.parametrize("case", ["missing", "no feed", "file"])
def test_an_unusable_output_folder_is_refused(output, tmp_path, capsys, case):
    folder = {"missing": tmp_path / "nowhere", "no feed": tmp_path / "empty",
              "file": output / "runs.jsonl"}[case]
    if case == "no feed":
        folder.mkdir()
    message = _refused(["export", "--sqlite", str(tmp_path / "vks.db"), str(folder)], capsys)
    assert "OUTPUT_DIR" in message
    assert not (tmp_path / "vks.db").exists()


def test_a_database_path_in_no_folder_or_that_is_a_folder_is_refused(output, tmp_path, capsys):
    assert "no folder" in _refused(
        ["export", "--sqlite", str(tmp_path / "no" / "vks.db"), str(output)], capsys)
    assert "is a folder" in _refused(["export", "--sqlite", str(tmp_path), str(output)], capsys)


def test_the_installed_command_exports(output, tmp_path):
    vkscrawl = Path(sys.executable).parent / "vkscrawl"
    proc = subprocess.run([str(vkscrawl), "export", "--sqlite", str(tmp_path / "vks.db"),
                           str(output)], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert "created" in proc.stdout
    assert (f"{fixture_counts().items} articles, {len(live_events(output))} events"
            in proc.stdout)


# --- incremental equals full, whatever happens between exports -----------------------------------

VOCABULARY = ["Đắk", "Lắk", "kiểm", "sát", "sửa", "Thống", "phiên", "tòa", "đổi"]


@st.composite
def histories(draw):
    """A seeded schedule of what a crawl and the events writer may append between exports."""
    return draw(st.lists(st.tuples(
        st.sampled_from(["edit", "take down", "restore", "event edit", "event marker",
                         "torn line", "export", "shrink", "shrink events"]),
        st.integers(0, 1000), st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=4)),
        min_size=1, max_size=14))


@settings(max_examples=25, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(history=histories())
def test_incremental_exports_end_where_one_full_export_of_the_same_files_does(crawled, tmp_path,
                                                                              history):
    import shutil
    import uuid

    work = tmp_path / uuid.uuid4().hex
    output = work / "output"
    shutil.copytree(crawled, output)
    feed, events = output / "local_news.jsonl", output / "events.jsonl"
    items, evs = read_jsonl(feed), read_jsonl(events)
    db = work / "vks.db"
    export(db, output)
    torn = None
    for op, n, vocabulary in history:
        item, event = items[n % len(items)], evs[n % len(evs)]
        if torn is not None:  # a torn line is completed by the next write
            with open(torn[0], "ab") as f:
                f.write(torn[1])
            torn = None
        if op == "edit":
            append(feed, _edited(item, title=" ".join(vocabulary), body=" ".join(vocabulary)))
        elif op == "take down":
            append(feed, {"schema_version": 1, "article_id": item["article_id"],
                          "url": item["url"], "deleted": True, "status": 404,
                          "fetched_at": "2025-12-01T00:00:00Z"})
        elif op == "restore":
            append(feed, item)
        elif op == "event edit":
            append(events, _edited(event, text=" ".join(vocabulary), kinds=vocabulary[:2],
                                   people=[{"name": vocabulary[0], "title": None}]))
        elif op == "event marker":
            append(events, {"schema_version": 1, "event_id": event["event_id"],
                            "article_id": event["article_id"], "deleted": True})
        elif op == "torn line":
            target = feed if n % 2 else events
            line = json.dumps(item if n % 2 else event, ensure_ascii=False).encode() + b"\n"
            append(target, line[:n % (len(line) - 1) + 1])
            torn = (target, line[n % (len(line) - 1) + 1:])
        elif op in ("shrink", "shrink events"):
            target = feed if op == "shrink" else events
            lines = target.read_bytes().splitlines(keepends=True)
            target.write_bytes(b"".join(lines[:max(1, n % len(lines))]))
        else:
            export(db, output)
    export(db, output)
    assert dump(db) == fresh_dump(output, work)
    assert export(db, output).changed is False


def test_the_report_gives_every_kind_of_the_taxonomy_a_colour_of_its_own():
    from vkscrawl.digest.kinds import KINDS
    from vkscrawl.explore.charts import colours

    assert len(set(colours(list(KINDS)).values())) == len(KINDS)
