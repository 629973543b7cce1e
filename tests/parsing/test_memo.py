"""The parser's remembered answers (pure functions of a few strings, kept per process for speed)
answer exactly as the functions themselves, hand out nothing a caller could spoil, and stay
within their bounds."""

from __future__ import annotations

from lxml import etree

from vkscrawl.parsing import elements, sections
from vkscrawl.parsing.gazetteer import provinces_in


def test_unit_provinces_are_the_gazetteers_and_a_fresh_list_each_time():
    unit = "VKSND tỉnh Cao Bằng và VKSND tỉnh Lạng Sơn"
    first = sections._provinces_of(unit)
    assert first == provinces_in(unit) == ["Cao Bằng", "Lạng Sơn"]
    first.append("spoilt")
    assert sections._provinces_of(unit) == ["Cao Bằng", "Lạng Sơn"]


def test_the_province_cache_stays_within_its_bound(monkeypatch):
    monkeypatch.setattr(sections, "_PROVINCE_CACHE_MAX", 3)
    monkeypatch.setattr(sections, "_provinces", {})
    for n in range(10):
        sections._provinces_of(f"VKSND huyện {n}")
        assert len(sections._provinces) <= 3


def test_declared_style_is_the_same_remembered_or_not(monkeypatch):
    html = ('<div><p style="text-align: right; font-style: italic">a</p><p align=" Center ">b</p>'
            '<p class="x text-center em">c</p><p class="right" style="text-align:left">d</p>'
            '<p>e</p><p class="italic-note">f</p></div>')
    root = etree.fromstring(html, etree.HTMLParser())
    paragraphs = list(root.iter("p"))
    expected = [("right", True), ("center", False), ("center", True), ("left", False),
                (None, False), (None, True)]
    monkeypatch.setattr(elements, "_styles", {})
    assert [elements.attr_style(p) for p in paragraphs] == expected  # computed
    assert [elements.attr_style(p) for p in paragraphs] == expected  # remembered
    monkeypatch.setattr(elements, "_STYLE_CACHE_MAX", 2)
    monkeypatch.setattr(elements, "_styles", {})
    assert [elements.attr_style(p) for p in paragraphs] == expected
    assert len(elements._styles) <= 2
