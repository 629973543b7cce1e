"""Markup we have never seen: every fixture article printed by 11 other CMS families
(tests/support/families), read with the portal's selectors switched off.

Per family and field, every fixture's item equals its expected item (``published`` may lose the
time where the family shows none; ``url`` is the fetched one where the family names no canonical
URL).  The floors of BENCHMARKS.md, "Layout families", are pinned here: mean content F1 >= 0.99,
min >= 0.97, titles and dates 100%, no chrome string of the family in any text field.
"""

from __future__ import annotations

import functools
import json
import subprocess
import sys

import pytest

from tests.support import quality
from tests.support.crawl import ROOT
from tests.support.families import FAMILIES, corpus
from vkscrawl.parsing import parse_article

ORIGIN = "http://127.0.0.1:8000"
FIELDS = ("article_id", "url", "category", "title", "published", "summary", "body", "images",
          "author", "sections", "text", "content_hash", "schema_version")
MEAN_F1_FLOOR = 0.99
PAGE_F1_FLOOR = 0.97
PORTAL_CLASSES = ("title-detail", "date-detail", "content-detail", 'class="sapo"', "list-news")


def fill(value):
    if isinstance(value, str):
        return value.replace("{origin}", ORIGIN)
    if isinstance(value, list):
        return [fill(v) for v in value]
    if isinstance(value, dict):
        return {k: fill(v) for k, v in value.items()}
    return value


@functools.cache
def pages():
    """(rendered page, expected item as this family can show it, parsed result) for every
    family and fixture, parsed once."""
    out = []
    for page in corpus():
        folder = ROOT / "fixtures" / "articles" / page.article.name
        expected = fill(json.loads((folder / "expected.json").read_text("utf-8")))
        if not page.shows_time and expected["published"]:
            expected["published"] = expected["published"][:10]
        if not page.names_url:
            expected["url"] = ORIGIN + page.article.path
        parsed = parse_article(page.body, ORIGIN + page.article.path, portal=False)
        out.append((page, expected, parsed))
    return tuple(out)


def of_family(family: str):
    return [p for p in pages() if p[0].family == family]


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("field", FIELDS)
def test_field(family, field):
    wrong = {}
    for page, expected, parsed in of_family(family):
        got = parsed.item[field]
        if field == "published" and got and not page.shows_time:
            got = got[:10]  # the family shows no time; the date must still be right
        if got != expected[field]:
            wrong[page.article.name] = (got, expected[field])
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)[:3000]


@pytest.mark.parametrize("family", FAMILIES)
def test_no_portal_layer_and_no_problem(family):
    for page, _expected, parsed in of_family(family):
        assert parsed.parser == "PortalArticlePage", page.article.name
        assert "portal" not in parsed.layers.values(), (page.article.name, parsed.layers)
        assert parsed.problems == [], (page.article.name, parsed.problems)


# --- the floors ------------------------------------------------------------------------------


def test_mean_and_min_content_f1_floor():
    f1 = {(p.family, p.article.name): quality.token_f1(quality.article_text(r.item), quality.reference_text(e))
          for p, e, r in pages()}
    mean = sum(f1.values()) / len(f1)
    assert mean >= MEAN_F1_FLOOR, mean
    low = {k: round(v, 4) for k, v in f1.items() if v < PAGE_F1_FLOOR}
    assert not low, low


def test_titles_and_dates_all_right():
    wrong = [(p.family, p.article.name) for p, e, r in pages()
             if r.item["title"] != e["title"] or (r.item["published"] or "")[:10] != e["published"][:10]]
    assert not wrong, wrong


def test_no_chrome_leaks():
    leaked = {}
    for page, expected, parsed in pages():
        found = quality.family_leaks(quality.fields_text(parsed.item), quality.fields_text(expected), page.chrome)
        found += quality.leaks(quality.fields_text(parsed.item), quality.fields_text(expected))
        if found:
            leaked[(page.family, page.article.name)] = found
    assert not leaked, leaked


# --- the corpus itself: adversity that could catch a parser out ------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_family_pages_carry_chrome_and_no_portal_markup(family):
    for page, _expected, _parsed in of_family(family):
        assert len(set(page.chrome)) >= (5 if family == "printview" else 10), page.article.name  # a print view is bare
        for name in PORTAL_CLASSES:
            assert name not in page.html, (page.article.name, name)


def test_leak_check_finds_a_family_s_chrome_planted_in_an_item():
    page, expected, parsed = of_family("nukeviet")[0]
    item = dict(parsed.item, body=parsed.item["body"] + "\n\nThống kê truy cập\n\nNhững tin cũ hơn")
    found = quality.family_leaks(quality.fields_text(item), quality.fields_text(expected), page.chrome)
    assert {"Thống kê truy cập", "Những tin cũ hơn"} <= set(found)


def test_families_differ_from_each_other():
    bodies = {}
    for page, _e, _r in pages():
        bodies.setdefault(page.article.name, set()).add(page.html)
    assert all(len(v) == len(FAMILIES) for v in bodies.values())


# --- the command line on one page of each family ----------------------------------------------


@pytest.mark.parametrize("family", FAMILIES)
def test_vkscrawl_parse_reads_the_family(family, tmp_path):
    page, expected, _parsed = of_family(family)[1]
    path = tmp_path / "page.html"
    path.write_bytes(page.body)
    proc = subprocess.run([sys.executable, "-m", "vkscrawl.cli", "parse", "--url", ORIGIN + page.article.path, str(path)],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-2000:]
    item = json.loads(proc.stdout)
    for field in ("article_id", "title", "body", "summary", "images", "author", "sections", "category"):
        assert item[field] == expected[field], field
    assert item["published"][:10] == expected["published"][:10]
