"""The page-wide scans of text nodes (a breadcrumb written as plain text, a labelled line, a
date line), read from one list of the body's text nodes: their limits, each on both sides."""

from __future__ import annotations

import pytest

from vkscrawl.parsing import parse_article
from vkscrawl.parsing.article import ArticlePage

URL = "https://tin.example.vn/tin-tuc/mot-bai-viet-123.html"
PARAS = "".join(
    f"<p>Đoạn văn thứ {i} của bài viết kể lại buổi làm việc của đoàn kiểm sát tại địa phương, "
    "đủ dài để là một đoạn văn của bài.</p>" for i in range(1, 5))


def page(before: str) -> bytes:
    return ("<html><head><title>Bài viết</title></head><body>"
            f"<div>{before}</div><h1>Đoàn kiểm sát làm việc tại huyện miền núi</h1>"
            f"<div>Ngày 12/03/2024</div><div>{PARAS}</div></body></html>").encode("utf-8")


def category(before: str):
    parsed = parse_article(page(before), URL, portal=False)
    return parsed.item["category"], parsed.layers["category"]


def test_a_breadcrumb_written_as_plain_text_names_the_category():
    assert category("Trang chủ » Tin tức » Tin địa phương") == ("Tin địa phương", "heuristic")


@pytest.mark.parametrize("length, found", [(ArticlePage.PATH_LINE_MAX - 1, True), (ArticlePage.PATH_LINE_MAX, False)])
def test_a_path_line_is_a_short_text_node(length, found):
    # the line's length as normalize-space counts it: the indentation of the source is one space
    head = "Trang chủ »\n      Tin tức » "
    name = "Tin " + "x" * (length - len("Trang chủ » Tin tức » Tin "))
    line = head + name
    assert len(" ".join(line.split())) == length
    assert category(line) == ((name, "heuristic") if found else (None, "none"))


@pytest.mark.parametrize("others, found", [(ArticlePage.PATH_NODES_MAX - 1, True), (ArticlePage.PATH_NODES_MAX, False)])
def test_only_the_first_text_nodes_with_a_separator_are_looked_at(others, found):
    # lines with a separator that are no path (they do not start at the home page) come first
    noise = "".join(f"<p>Mục {i} » xem thêm</p>" for i in range(others))
    assert category(noise + "<p>Trang chủ » Tin tức » Tin địa phương</p>") == (
        ("Tin địa phương", "heuristic") if found else (None, "none"))


def test_a_date_line_is_found_among_the_text_nodes_holding_digits():
    parsed = parse_article(page(""), URL, portal=False)
    assert parsed.item["published"].startswith("2024-03-12")


def test_a_date_line_far_below_the_headline_is_the_first_dated_text_node():
    # thirty paragraphs between the headline and the date line: beyond the text nodes read around
    # the headline, the date is the first date line among the text nodes holding a digit
    paras = "".join(f"<p>Đoạn số {'một hai ba bốn năm sáu bảy tám chín mười'.split()[i % 10]} của bài viết.</p>"
                    for i in range(30))
    html = ("<html><head><title>Bài viết</title></head><body>"
            f"<h1>Đoàn kiểm sát làm việc tại huyện miền núi</h1><div>{PARAS}{paras}</div>"
            "<div>Ngày 12/03/2024</div></body></html>").encode("utf-8")
    parsed = parse_article(html, URL, portal=False)
    assert parsed.item["published"].startswith("2024-03-12")
    assert parsed.layers["published"] == "heuristic"
