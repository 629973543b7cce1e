"""Every field of every article fixture: fixtures/articles/*/page.html through the real parser,
compared with the hand-written expected.json ({origin} = http://127.0.0.1:8000).  One test per
field, so a failure names the fixture and the field."""

from __future__ import annotations

import json

import pytest

from .fixturedata import ORIGIN, expected, fill_origin, fixture_dirs, parsed

DIRS = fixture_dirs()
CASES = [(d, field) for d in DIRS for field in expected(d)]
NOT_IN_EXPECTED = {"source_url", "fetched_at", "snapshot"}


def _show(v) -> str:
    return json.dumps(v, ensure_ascii=False, indent=1)


@pytest.mark.parametrize("fixture_dir, field", CASES, ids=[f"{d.name}-{f}" for d, f in CASES])
def test_field(fixture_dir, field):
    want = fill_origin(expected(fixture_dir)[field])
    got = parsed(fixture_dir).item.get(field, "<missing>")
    assert got == want, f"{fixture_dir.name}: {field}\n--- expected\n{_show(want)}\n--- parsed\n{_show(got)}"


@pytest.mark.parametrize("fixture_dir", DIRS or [None], ids=[d.name for d in DIRS] or ["none"])
def test_item_has_no_extra_fields(fixture_dir):
    """The parser's item holds exactly the expected fields plus source_url (the fetched URL)."""
    item = parsed(fixture_dir).item
    assert set(item) - NOT_IN_EXPECTED == set(expected(fixture_dir))
    assert item["source_url"].startswith(ORIGIN)


@pytest.mark.parametrize("fixture_dir", DIRS or [None], ids=[d.name for d in DIRS] or ["none"])
def test_portal_layers_and_no_problems(fixture_dir):
    """The bundled portal uses the portal's own markup: title, date and body come from the portal
    layer and nothing is reported missing."""
    result = parsed(fixture_dir)
    assert result.problems == []
    assert result.layers["title"] == "portal"
    assert result.layers["published"] == "portal"
    assert result.layers["body"] == "portal"
    assert result.parser == "ArticlePage2023"
