"""The chrome rules that decide alone, each on a small real page through the real parser
(``parse_html``) and ``ChromeIndex``: a ``<form>`` around the page, a layout wrapper holding most
of the running prose. Written for the mutants of vkscrawl/parsing/generic/chrome.py that no test
killed (scripts/mutation.py chrome; RELIABILITY.md)."""

from __future__ import annotations

import pytest

from vkscrawl.parsing.generic.chrome import ChromeIndex
from vkscrawl.parsing.html import parse_html

PROSE = ("Viện kiểm sát nhân dân tỉnh đã tổ chức phiên tòa rút kinh nghiệm về vụ án hình sự "
         "trong tháng này, với sự tham dự của nhiều kiểm sát viên.")
LINKS = "".join(f'<li><a href="/c/{i}">Mục số {i} của trang</a></li>' for i in range(60))


def chrome_of(html: str, xpath: str) -> bool:
    root = parse_html(html)
    [el] = root.xpath(xpath)
    return ChromeIndex(root)(el)


def page(inside: str, outside: str = "", head: str = "") -> str:
    return (f"<html><head><title>T</title>{head}</head><body><!-- layout -->"
            f"{inside}<ul class='links'>{LINKS}</ul>{outside}</body></html>")


@pytest.mark.parametrize("heading", ["h1", "h2"])
def test_a_form_holding_the_headline_wraps_the_page(heading):
    assert not chrome_of(page(f"<form id='f'><{heading}>Tiêu đề</{heading}><input></form>"),
                         "//form")


@pytest.mark.parametrize("tag", ["p", "div", "td", "span", "article", "section"])
def test_a_form_holding_two_sentences_of_prose_wraps_the_page(tag):
    cells = f"<{tag}>{PROSE}</{tag}>" * 2
    if tag == "td":
        cells = f"<table><tr>{cells}</tr></table>"
    assert not chrome_of(page(f"<form>{cells}</form>"), "//form")


def test_a_form_holding_one_sentence_and_little_text_is_chrome():
    assert chrome_of(page(f"<form><p>{PROSE}</p><input></form>"), "//form")


def test_a_search_form_is_chrome():
    assert chrome_of(page("<form><label>Tìm kiếm</label><input><button>Tìm</button></form>",
                          f"<div><p>{PROSE}</p><p>{PROSE}</p></div>"), "//form")


def test_a_form_holding_half_the_text_wraps_the_page_without_prose():
    rows = "".join(f"<li>Dòng ngắn số {i} của bảng</li>" for i in range(80))
    assert not chrome_of(page(f"<form><ul>{rows}</ul></form>"), "//form")


def layout_page(noise: str = "", head: str = "") -> str:
    article = "".join(f"<p>{PROSE}</p>" for _ in range(4))
    return page(f"<div class='fixed-sidebar-layout'>{article}</div>", noise, head)


def test_a_layout_wrapper_holding_most_running_prose_is_not_chrome():
    assert not chrome_of(layout_page(), "//div[@class='fixed-sidebar-layout']")


@pytest.mark.parametrize("noise", [
    f"<script>var s = '{PROSE * 5}';</script>", f"<style>/* {PROSE * 5} */</style>",
    f"<noscript>{PROSE * 5}</noscript>", f"<template>{PROSE * 5}</template>"])
def test_scripts_and_styles_are_not_prose_that_outweighs_the_article(noise):
    assert not chrome_of(layout_page(noise), "//div[@class='fixed-sidebar-layout']")


def test_the_head_is_not_prose_that_outweighs_the_article():
    head = f"<title>{PROSE * 5}</title>"
    html = layout_page().replace("<title>T</title>", head)
    assert not chrome_of(html, "//div[@class='fixed-sidebar-layout']")


def test_a_layout_wrapper_beside_more_prose_is_chrome():
    more = "".join(f"<p>{PROSE}</p>" for _ in range(6))
    assert chrome_of(layout_page(f"<div>{more}</div>"), "//div[@class='fixed-sidebar-layout']")
