"""docs/DATABASE.md names every table and column the export makes, and nothing it does not."""

from __future__ import annotations

import re

from tests.support.crawl import ROOT
from vkscrawl.explore import schema

DOC = (ROOT / "docs" / "DATABASE.md").read_text("utf-8")


def test_every_table_and_column_is_documented():
    for table in schema.TABLES:
        assert f"`{table.name}`" in DOC, table.name
        section = DOC.split(f"**`{table.name}`**", 1)
        assert len(section) == 2, f"no paragraph for {table.name}"
        paragraph = section[1].split("\n\n", 1)[0]
        for column in table.columns:
            assert f"`{column.name}`" in paragraph, (table.name, column.name)


def test_the_documented_tables_exist():
    listed = set(re.findall(r"^\| `(\w+)` \|", DOC, re.M))
    assert listed == {t.name for t in schema.TABLES}
