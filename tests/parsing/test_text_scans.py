"""The page-wide scans of text nodes (a breadcrumb written as plain text, a labelled line, a
date line), read from one list of the body's text nodes: their limits, each on both sides; and
the scans skipped when the page's text cannot hold what they look for (the generic date, a part
of the headline): a skip decides for that probe only."""

from __future__ import annotations

import pytest

from vkscrawl.parsing import parse_article
from vkscrawl.parsing.article import ArticlePage
from vkscrawl.parsing.generic.chrome import ChromeIndex
from vkscrawl.parsing.generic.structure import PRINTED_TITLE_MIN, body_text, content_by_density
from vkscrawl.parsing.html import parse_html

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


def test_only_text_nodes_with_a_separator_count_towards_those_looked_at():
    # as many short lines without a separator as are looked at, before the path line: they are
    # no candidates, so the path line is still among the first with a separator
    lines = "".join(f"<p>Mục {i} xem thêm</p>" for i in range(ArticlePage.PATH_NODES_MAX))
    assert category(lines + "<p>Trang chủ » Tin tức » Tin địa phương</p>") == ("Tin địa phương", "heuristic")


def test_a_path_line_ending_with_the_headline_names_the_section_before_it():
    assert category("Trang chủ » Tin tức » Đoàn kiểm sát làm việc tại huyện miền núi") == ("Tin tức", "heuristic")


def test_a_separator_in_no_line_of_its_own_does_not_end_the_search_for_the_path_line():
    # a text node right in the body (no element is its line) holding a separator, first
    html = ("<html><head><title>Bài viết</title></head><body>Xem thêm » tin mới"
            "<p>Trang chủ » Tin tức » Tin địa phương</p><h1>Đoàn kiểm sát làm việc tại huyện miền núi</h1>"
            f"<div>Ngày 12/03/2024</div><div>{PARAS}</div></body></html>").encode("utf-8")
    parsed = parse_article(html, URL, portal=False)
    assert (parsed.item["category"], parsed.layers["category"]) == ("Tin địa phương", "heuristic")


@pytest.mark.parametrize("sep", [" » ", " › ", " > "])
def test_a_path_line_is_written_with_any_of_the_separators(sep):
    assert category(f"Trang chủ{sep}Tin tức{sep}Tin địa phương") == ("Tin địa phương", "heuristic")


@pytest.mark.parametrize("length, found", [(ArticlePage.PATH_LINE_MAX - 1, True), (ArticlePage.PATH_LINE_MAX, False)])
@pytest.mark.parametrize("where", ["inside", "before"])
def test_no_break_space_counts_in_a_path_lines_length(length, found, where):
    # normalize-space collapses space, tab, CR and LF, not U+00A0: two no-break spaces inside
    # the line, or one before it, count as two, or one, characters
    line = ("Trang chủ »\xa0\xa0Tin tức » Tin " if where == "inside" else "\xa0Trang chủ » Tin tức » Tin ")
    name = "Tin " + "x" * (length - len(line))
    line = line[:-4] + name
    assert len(line) == length
    assert category(line) == ((name, "heuristic") if found else (None, "none"))


@pytest.mark.parametrize("label", ["Chuyên mục", "Danh mục", "\n   Chuyên mục"])
def test_a_labelled_line_names_the_category(label):
    assert category(f"{label}: Tin địa phương") == ("Tin địa phương", "heuristic")


@pytest.mark.parametrize("label", ["Tác giả", "Người viết", "\n   Tác giả"])
def test_a_labelled_line_names_the_author(label):
    # (before the headline: no author line closing the content)
    parsed = parse_article(page(f"{label}: Nguyễn Văn An"), URL, portal=False)
    assert (parsed.item["author"], parsed.layers["author"]) == ("Nguyễn Văn An", "heuristic")


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


def shown(body: str, url: str = URL, iso: str = "2024-03-12") -> bool:
    """Whether the generic extractor's date ``iso`` counts as one the page shows."""
    html = f"<html><head><title>Bài viết</title></head><body>{body}</body></html>"
    return ArticlePage(parse_html(html), url)._shown_on_page(iso)


@pytest.mark.parametrize("printed", ["12/03/2024", "12/3/2024", "12-03-2024", "12.03.2024", "2024-03-12",
                                     "2024/03/12", "12 tháng 3 năm 2024"])
def test_the_generic_date_is_shown_when_a_text_node_prints_it(printed):
    assert shown(f"<p>Đăng ngày {printed} tại Hà Nội</p>")
    assert shown(f"Đăng ngày {printed}")  # a text node of the body itself: no line of its own


@pytest.mark.parametrize("body", [
    "<p>Ngày 13/03/2024</p>",                       # another day: not on the page
    "<p>Ngày 22/03/2024</p>",                       # the day's digits inside another day
    "<p>Tin năm 2024</p><p>Hôm nay: 12/03/2024</p>",  # printed as today's date only
])
def test_the_generic_date_is_not_shown_when_no_publication_line_prints_it(body):
    assert not shown(body)


def test_the_generic_date_is_shown_by_the_url_or_a_datetime_value():
    assert shown("<p>Tin tức</p>", url="https://tin.example.vn/2024/03/12/bai-viet.html")
    assert shown('<p>Tin tức <time datetime="2024-03-12T08:00">sáng nay</time></p>')
    assert not shown('<p>Tin tức <time datetime="2024-03-13T08:00">sáng nay</time></p>')


def test_a_part_of_the_headline_nowhere_on_the_page_does_not_end_the_search_for_the_others():
    # the Open Graph title opens with the site's slogan, which the page does not print (its
    # <title> is another): the probe of the whole title is skipped, the printed part still found
    head = "Đoàn kiểm sát làm việc tại huyện miền núi"
    html = ("<html><head><title>Tin tức</title><meta property='og:title' "
            f"content='Chuyên trang thời sự địa phương | {head}'></head><body>"
            f"<div><p><b>{head}</b></p>{PARAS}</div></body></html>").encode("utf-8")
    parsed = parse_article(html, URL, portal=False)
    assert (parsed.item["title"], parsed.layers["title"]) == (head, "meta")


def test_the_densest_element_is_the_same_whether_the_body_text_is_given_or_read():
    root = parse_html(page("").decode("utf-8"))
    chrome = ChromeIndex(root)
    el, score = content_by_density(root, chrome)
    assert el is not None and el.xpath("p") and score > 0
    assert content_by_density(root, chrome, texts=body_text(root)) == (el, score)


def printed_title(og_title: str, printed: str):
    html = (f"<html><head><title>Tin tức</title><meta property='og:title' content='{og_title}'>"
            f"</head><body><div><p><b>{printed}</b></p>{PARAS}</div></body></html>").encode("utf-8")
    return parse_article(html, URL, portal=False).item["title"]


def test_a_short_part_of_the_headline_does_not_end_the_search_for_the_others():
    head = "Đoàn kiểm sát làm việc tại huyện miền núi"
    assert printed_title(f"VKS | {head}", head) == head


@pytest.mark.parametrize("length, found", [(PRINTED_TITLE_MIN, True), (PRINTED_TITLE_MIN - 1, False)])
def test_a_part_printed_without_a_heading_is_the_headline_from_printed_title_min_characters(length, found):
    head = "Lũ lớn ở Hà Nội và các tỉnh"[:length]
    og_title = f"Chuyên trang thời sự địa phương | {head}"
    assert printed_title(og_title, head) == (head if found else og_title)


def test_a_part_of_the_headline_printed_in_running_text_is_not_the_headline():
    # a headline is set large or bold: a plain copy is a line of running text, and it does not
    # end the search for a bold copy further down
    head = "Đoàn kiểm sát làm việc tại huyện miền núi"
    og_title = f"Chuyên trang thời sự địa phương | {head}"
    html = ("<html><head><title>Tin tức</title><meta property='og:title' content='{og}'>"
            "</head><body><div>{body}{paras}</div></body></html>")
    def title(body: str) -> str:
        page = html.format(og=og_title, body=body, paras=PARAS).encode("utf-8")
        return parse_article(page, URL, portal=False).item["title"]
    assert title(f"<p>{head}</p>") == og_title
    assert title(f"<p>{head}</p><p><b>{head}</b></p>") == head


def test_the_sites_name_or_a_line_of_the_chrome_printed_bold_is_not_the_headline():
    site, head = "Chuyên trang thời sự địa phương", "Đoàn kiểm sát làm việc tại huyện miền núi"
    og = f"<meta property='og:title' content='{site} | {head}'>"
    def title(body: str, meta: str = "") -> str:
        page = (f"<html><head><title>Tin tức</title>{og}{meta}</head><body>{body}"
                f"<div>{PARAS}</div></body></html>").encode("utf-8")
        return parse_article(page, URL, portal=False).item["title"]
    # (neither printed as a headline: the metadata's title as it stands)
    assert title(f"<p><b>{site}</b></p><p>{head}</p>", f"<meta property='og:site_name' content='{site}'>") == f"{site} | {head}"
    assert title(f"<footer><p><b>{head}</b></p></footer>") == f"{site} | {head}"
    assert title(f"<footer><p><b>{head}</b></p></footer><p><b>{head}</b></p>") == head  # (the search goes on)


@pytest.mark.parametrize("printed", [
    "<span>{a}</span>{b}",          # the probe's text node is shorter than the part: climbed
    "<a name='tin'></a>{a}{b}",     # the probe in a tail: the line is its parent's
])
def test_a_headline_printed_in_pieces_of_markup_is_read_whole(printed):
    head = "Đoàn kiểm sát làm việc tại huyện miền núi"
    og = f"Chuyên trang thời sự địa phương | {head}"
    body = "<p><b>" + printed.format(a=head[:17], b=head[17:]) + "</b></p>"
    page = (f"<html><head><title>Tin tức</title><meta property='og:title' content='{og}'></head>"
            f"<body><div>{body}{PARAS}</div></body></html>").encode("utf-8")
    assert parse_article(page, URL, portal=False).item["title"] == head
