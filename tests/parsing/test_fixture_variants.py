"""The bundled article pages with the portal's markup taken away: the lower layers must give the
same item (the real site will differ from the reconstruction somewhere)."""

from __future__ import annotations

import re

import pytest

from vkscrawl.parsing import parse_article

from .fixturedata import ORIGIN, expected, fill_origin, fixture_dirs, meta

DIRS = fixture_dirs()

CONTENT_FIELDS = ("title", "published", "summary", "body", "images", "author", "sections", "text", "content_hash", "category")

# name -> (substitutions, fields that must still equal expected.json, layers expected)
VARIANTS = {
    # every portal class renamed to something plausible nobody has seen
    "renamed-classes": (
        [("title-detail", "article-title"), ('class="date-detail"', 'class="time"'), ('class="sapo"', 'class="lead"'),
         ("content-detail", "detail-content"), ("breadcrumb", "crumbs"), ('class="image"', 'class="img-box"'),
         ("image_desc", "x-desc")],
        CONTENT_FIELDS + ("url",),
        {"title": "meta", "published": "heading", "body": "heuristic", "category": "heuristic", "summary": "heuristic"},
    ),
    # bare elements: <h1>, <div> date, <div> content; sapo as div.summary
    "bare-elements": (
        [('<h1 class="title-detail">', "<h1>"), ('<div class="date-detail">', "<div>"),
         ('<div class="sapo">', '<div class="summary">'), ('<div class="content-detail">', "<div>")],
        CONTENT_FIELDS + ("url",),
        {"title": "meta", "published": "heading", "body": "heuristic"},
    ),
    # no Open Graph, no canonical, renamed title/date/content
    "no-meta": (
        [("title-detail", "headline"), ("date-detail", "meta-date"), ("content-detail", "post-body"),
         (re.compile(r'<meta property="og:[^>]*>'), ""), (re.compile(r'<link rel="canonical"[^>]*>'), "")],
        CONTENT_FIELDS,
        {"title": "heading", "published": "heading", "body": "heuristic"},
    ),
}

CASES = [(d, v) for d in DIRS for v in VARIANTS]


def _apply(html: str, subs) -> str:
    for a, b in subs:
        html = a.sub(b, html) if isinstance(a, re.Pattern) else html.replace(a, b)
    return html


@pytest.mark.parametrize("fixture_dir, variant", CASES or [(None, None)], ids=[f"{d.name}-{v}" for d, v in CASES] or ["none"])
def test_variant(fixture_dir, variant):
    subs, fields, layers = VARIANTS[variant]
    html = _apply((fixture_dir / "page.html").read_bytes().decode("utf-8"), subs)
    r = parse_article(html.encode("utf-8"), ORIGIN + meta(fixture_dir)["path"])
    want = fill_origin(expected(fixture_dir))
    wrong = {f: (r.item[f], want[f]) for f in fields if r.item[f] != want[f]}
    assert not wrong, wrong
    for field, layer in layers.items():
        if field == "published" and "article:published_time" in html:
            layer = "meta"
        if field == "category" and "article:section" in html:
            layer = "meta"
        if field == "summary" and want["summary"] is None:
            layer = "none"
        assert r.layers[field] == layer, field
    assert r.problems == []


@pytest.mark.parametrize("fixture_dir", DIRS or [None], ids=[d.name for d in DIRS] or ["none"])
def test_no_class_attributes_at_all(fixture_dir):
    """Only tags left (header/nav/aside/footer): title, date, body, author and sections still right
    (the summary and class-only captions cannot be told without classes)."""
    html = re.sub(r'\sclass="[^"]*"', "", (fixture_dir / "page.html").read_bytes().decode("utf-8"))
    r = parse_article(html.encode("utf-8"), ORIGIN + meta(fixture_dir)["path"])
    want = fill_origin(expected(fixture_dir))
    for f in ("title", "published", "category", "author"):
        assert r.item[f] == want[f], f
    if 'class="caption"' not in (fixture_dir / "page.html").read_text(encoding="utf-8"):
        for f in ("body", "images", "sections"):
            assert r.item[f] == want[f], f
