"""A feed line is one ``json.dumps`` (the ledger imports no Scrapy): byte for byte what Scrapy's
JsonLinesItemExporter wrote before, for generated items of every JSON type the feed holds (text
in any script, numbers, nulls, lists, nested objects) and real fixture items."""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scrapy.exporters import JsonLinesItemExporter

from tests.support.crawl import FIXTURES
from vkscrawl.ledger.feed import json_line
from vkscrawl.items import ordered

scalars = st.none() | st.booleans() | st.integers() | st.text() | st.floats(allow_nan=False)
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def exported(line: dict) -> bytes:
    out = io.BytesIO()
    exporter = JsonLinesItemExporter(out, encoding="utf-8", ensure_ascii=False)
    exporter.start_exporting()
    exporter.export_item(ordered(line))
    exporter.finish_exporting()
    return out.getvalue()


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=12), values, max_size=8), st.integers(1, 10 ** 6))
def test_a_generated_line_is_written_as_scrapy_wrote_it(fields, article_id):
    line = {**fields, "article_id": article_id}
    try:
        want = exported(line)
    except UnicodeEncodeError:  # lone surrogates: refused alike, never written half
        with pytest.raises(UnicodeEncodeError):
            json_line(line)
        return
    assert json_line(line) == want


def test_the_fixture_items_are_written_as_scrapy_wrote_them():
    for path in sorted(FIXTURES.glob("articles/*/expected.json")):
        item = json.loads(path.read_text("utf-8"))
        assert json_line(item) == exported(item), path.parent.name
