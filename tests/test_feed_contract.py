"""docs/FEED.md, checked: lines, incremental reading, order, last line wins, the schema, and a
rebuild from the snapshots that gives the crawl's own feed."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from jsonschema import Draft202012Validator

from tests.support.crawl import FIXTURES, fixture_counts, run_crawl, with_origin
from vkscrawl.items import deletion_marker
from vkscrawl.dispatch.response_to_item import validation_problem

BIN = Path(sys.executable).parent
VICTIM = "05-vinh-phien-toa-rut-kinh-nghiem-khong-sapo"


def read_new_lines(path: Path, offset: int) -> tuple[list[dict], int]:
    """FEED.md's recipe, verbatim."""
    with open(path, "rb") as f:
        f.seek(offset)
        data = f.read()
    end = data.rfind(b"\n") + 1
    lines = [json.loads(line) for line in data[:end].splitlines()]
    return lines, offset + end


def schema() -> dict:
    proc = subprocess.run([BIN / "vkscrawl", "schema"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_schema_describes_every_field_and_owns_its_id():
    printed = schema()
    Draft202012Validator.check_schema(printed)
    assert printed["$id"].startswith("urn:vkscrawl:")

    def walk(node, where):
        for name, prop in node.get("properties", {}).items():
            assert prop.get("description"), f"{where}/{name} has no description"
            walk(prop, f"{where}/{name}")
            if "items" in prop:
                walk(prop["items"], f"{where}/{name}[]")

    for kind in ("item", "deletion"):
        walk(printed["$defs"][kind], kind)


def fixture_item() -> dict:
    """A real item: the first fixture article's expected item, as the crawl would write it."""
    expected = sorted(FIXTURES.glob("articles/*/expected.json"))[0]
    item = with_origin(json.loads(expected.read_text("utf-8")), "http://127.0.0.1:8000")
    item.update({"source_url": item["url"], "fetched_at": "2025-01-01T00:00:00Z",
                 "snapshot": {"file": "snapshots/x.warc.gz", "offset": 0}})
    assert item["images"], "the first fixture article has images (the nested case below)"
    return item


def test_a_consumer_validating_with_the_printed_schema_accepts_fields_added_later():
    """FEED.md: fields may be added without a new schema_version, readers ignore unknown ones.
    A consumer who validates with the published schema must not break on the first added field,
    at the top of a line or inside an image, a section or the snapshot."""
    validator = Draft202012Validator(schema())
    item = fixture_item()
    assert not list(validator.iter_errors(item))
    grown = {**item, "word_count": 412, "language": "vi"}
    grown["images"] = [{**grown["images"][0], "width": 640}, *grown["images"][1:]]
    grown["snapshot"] = {**grown["snapshot"], "length": 1234}
    assert not list(validator.iter_errors(grown)), list(validator.iter_errors(grown))[:1]
    marker = {**deletion_marker(item["article_id"], item["url"], 410, item["fetched_at"]),
              "reason": "taken down"}
    assert not list(validator.iter_errors(marker))
    # Open is not lax: what the contract names is still checked.
    assert list(validator.iter_errors({k: v for k, v in grown.items() if k != "title"}))
    assert list(validator.iter_errors({**grown, "published": "yesterday"}))


def test_the_crawl_still_refuses_a_field_the_contract_does_not_name():
    """The crawl's own check stays closed: a misspelt or stray field of ours is a bug in the
    parser, and such an item is rejected, not written (a missing field, too)."""
    item = fixture_item()
    assert validation_problem(item) is None
    def refused(bad: dict) -> str:
        problem = validation_problem(bad)
        assert problem is not None, "an item the contract does not describe was accepted"
        reason, errors = problem
        return " ".join([reason, *(error.message for error in errors)])

    misspelt = {k: v for k, v in item.items() if k != "summary"}
    misspelt["sumary"] = item["summary"]
    assert "'sumary' was unexpected" in refused(misspelt)
    assert "'summary' is a required property" in refused(misspelt)
    assert "'titel' was unexpected" in refused({**item, "titel": item["title"]})
    image = [{**item["images"][0], "alt": "x"}, *item["images"][1:]]
    assert "'alt' was unexpected" in refused({**item, "images": image})
    assert "'size' was unexpected" in refused({**item, "snapshot": {**item["snapshot"], "size": 1}})
    assert "content_hash" in refused({k: v for k, v in item.items() if k != "content_hash"})


def test_an_incremental_reader_gets_every_line_once_across_runs_and_a_torn_tail(
        portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    feed = out / "local_news.jsonl"
    validator = Draft202012Validator(schema())
    consumed, offset = [], 0

    assert run_crawl(url, out, "-a", "max_pages=1").returncode == 0
    lines, offset = read_new_lines(feed, offset)
    consumed += lines
    # A crash tears the tail after the reader has read it all; the reader never saw a partial
    # line, and what the next crawl writes continues where the reader stopped.
    whole = feed.read_bytes()
    last_line_start = whole.rstrip(b"\n").rfind(b"\n") + 1
    feed.write_bytes(whole + whole[last_line_start:][:40])  # a partial line appended
    lines, offset = read_new_lines(feed, offset)
    assert lines == []
    assert run_crawl(url, out).returncode == 0
    lines, offset = read_new_lines(feed, offset)
    consumed += lines
    assert offset == feed.stat().st_size

    for line in consumed:
        assert not list(validator.iter_errors(line)), line["article_id"]
    last = {}
    for line in consumed:
        last[line["article_id"]] = line
    assert len(consumed) == len(last) == fixture_counts().items, "an article was written twice or lost"


def test_last_line_wins_and_write_order_is_not_publication_order(portal_copy, tmp_path):
    url, fixtures = portal_copy
    out = tmp_path / "out"
    assert run_crawl(url, out).returncode == 0
    meta_file = fixtures / "articles" / VICTIM / "fixture.json"
    meta = json.loads(meta_file.read_text("utf-8"))
    meta["status"] = 404
    meta_file.write_text(json.dumps(meta), "utf-8")
    assert run_crawl(url, out, "-a", "full=1").returncode == 0
    meta["status"] = 200
    meta_file.write_text(json.dumps(meta), "utf-8")
    assert run_crawl(url, out, "-a", "full=1").returncode == 0
    lines = [json.loads(line) for line in (out / "local_news.jsonl").read_text("utf-8")
             .splitlines()]
    validator = Draft202012Validator(schema())
    assert all(not list(validator.iter_errors(line)) for line in lines)
    mine = [line for line in lines if line["article_id"] == meta["article_id"]]
    assert [line.get("deleted", False) for line in mine] == [False, True, False]
    assert mine[0] == {**mine[2], "fetched_at": mine[0]["fetched_at"],
                       "snapshot": mine[0]["snapshot"]}, "came back with the same content"
    # The article came back last although it is not the newest: write order, not publication.
    assert lines[-1]["article_id"] == meta["article_id"]
    assert lines[-1]["published"] < max(line["published"] for line in lines if "published" in line)


def test_reparse_rebuilds_the_crawl_s_own_feed(portal, tmp_path):
    out = tmp_path / "out"
    assert run_crawl(portal, out).returncode == 0
    rebuilt = tmp_path / "rebuilt.jsonl"
    proc = subprocess.run([BIN / "vkscrawl", "reparse", "--quiet", "-o", str(rebuilt),
                           *sorted(map(str, (out / "snapshots").glob("*.warc.gz")))],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert rebuilt.read_bytes() == (out / "local_news.jsonl").read_bytes()
