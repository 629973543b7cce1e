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


def test_the_province_cache_stays_within_its_bound():
    sections._unit_provinces.cache_clear()
    assert sections._unit_provinces.cache_info().maxsize == sections.PROVINCE_CACHE_MAX
    for n in range(10):
        sections._provinces_of(f"VKSND huyện {n}")
    info = sections._unit_provinces.cache_info()
    assert info.currsize == 10 <= info.maxsize


def test_declared_style_is_the_same_remembered_or_not():
    html = ('<div><p style="text-align: right; font-style: italic">a</p><p align=" Center ">b</p>'
            '<p class="x text-center em">c</p><p class="right" style="text-align:left">d</p>'
            '<p>e</p><p class="italic-note">f</p></div>')
    root = etree.fromstring(html, etree.HTMLParser())
    paragraphs = list(root.iter("p"))
    expected = [("right", True), ("center", False), ("center", True), ("left", False),
                (None, False), (None, True)]
    elements._declared_style.cache_clear()
    assert [elements.attr_style(p) for p in paragraphs] == expected  # computed
    assert [elements.attr_style(p) for p in paragraphs] == expected  # remembered
    info = elements._declared_style.cache_info()
    assert (info.hits, info.currsize, info.maxsize) == (6, 6, elements.STYLE_CACHE_MAX)
