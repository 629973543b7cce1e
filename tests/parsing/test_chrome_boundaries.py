"""The named thresholds and the small decisions of the chrome rules, each at its boundary on a
small real page through the real parser (``parse_html``) and ``ChromeIndex``: moving a threshold
by one, or flipping a comparison, fails a test here. Written for the mutants of
vkscrawl/parsing/generic/chrome.py that no test killed (``scripts/mutation.py chrome``;
RELIABILITY.md, "Mutation testing")."""

from __future__ import annotations

import pytest

from vkscrawl.parsing.generic import chrome
from vkscrawl.parsing.generic.chrome import ChromeIndex, running_sizes, text_sizes
from vkscrawl.parsing.html import parse_html


def index_of(html: str) -> tuple:
    root = parse_html(html)
    return root, ChromeIndex(root)


def is_chrome(html: str, xpath: str) -> bool:
    root, index = index_of(html)
    [el] = root.xpath(xpath)
    return index(el)


def letters(n: int, letter: str = "a") -> str:
    """``n`` characters of text with no sentence in it (no running prose)."""
    return letter * n


# --- a class-named element that holds half the page is its wrapper (_WRAPPER_SHARE) ----------

def wrapper_page(inside: int, outside: int) -> str:
    return (f"<html><body><div class='menu-open' id='w'><div>{letters(inside)}</div></div>"
            f"<div>{letters(outside, 'b')}</div></body></html>")


@pytest.mark.parametrize("inside, outside, chrome_", [
    (500, 500, False),   # exactly half: the wrapper
    (499, 501, True),    # just under half: chrome
    (900, 100, False)])
def test_a_class_named_element_holding_half_the_text_is_the_wrapper(inside, outside, chrome_):
    assert chrome._WRAPPER_SHARE == 0.5
    assert is_chrome(wrapper_page(inside, outside), "//div[@id='w']") is chrome_


@pytest.mark.parametrize("total, chrome_", [(400, True), (401, False)])
def test_on_a_page_of_400_characters_or_less_a_class_named_element_is_chrome(total, chrome_):
    """The wrapper exemption needs a page of more than 400 characters of text."""
    inside = total // 2 + 1
    html = wrapper_page(inside, total - inside)
    root, _ = index_of(html)
    assert text_sizes(root)[root] == total
    assert is_chrome(html, "//div[@id='w']") is chrome_


# --- a body the page marks vouches for its ancestors from _MARKED_BODY_MIN characters ----------

@pytest.mark.parametrize("size, chrome_", [(200, False), (199, True)])
def test_a_marked_body_of_200_characters_keeps_its_aside_from_being_chrome(size, chrome_):
    assert chrome._MARKED_BODY_MIN == 200
    html = (f"<html><body><aside id='a'><div class='entry-content'>{letters(size)}</div></aside>"
            f"</body></html>")
    assert is_chrome(html, "//aside") is chrome_


def test_the_largest_marked_body_is_the_one_kept():
    html = ("<html><body><aside id='small'><div class='entry-content'>" + letters(300)
            + "</div></aside><aside id='big'><div itemprop='articleBody'>" + letters(900)
            + "</div></aside></body></html>")
    root, index = index_of(html)
    [small] = root.xpath("//aside[@id='small']")
    [big] = root.xpath("//aside[@id='big']")
    assert index(small) and not index(big)


# --- a poll's box holds at most CHOICE_BOX_MAX_WORDS words ------------------------------------

def poll_page(words: int) -> str:
    question = " ".join(["chữ"] * (words - 2))
    return (f"<html><body><div><p>Bài viết</p><div id='box'><p>{question}</p>"
            f"<label><input type='radio'>Có</label><label><input type='checkbox'>Không"
            f"</label></div></div></body></html>")


@pytest.mark.parametrize("words, chrome_", [(60, True), (61, False)])
def test_a_poll_box_of_at_most_60_words_is_chrome(words, chrome_):
    assert chrome.CHOICE_BOX_MAX_WORDS == 60
    assert is_chrome(poll_page(words), "//div[@id='box']") is chrome_


# --- a layout wrapper holding most of the running prose (more than 400 characters of it) -------

PROSE = ("Viện kiểm sát nhân dân tỉnh đã tổ chức phiên tòa rút kinh nghiệm về vụ án hình sự "
         "trong tháng này, với sự tham dự của nhiều kiểm sát viên.")


def sentence(n: int) -> str:
    """A sentence of running prose of exactly ``n`` characters."""
    return "V" + "x" * (n - 2) + "."


@pytest.mark.parametrize("noise", ["", f"<script>var s = '{sentence(100)}';</script>",
                                   f"<style>/* {sentence(100)} */</style>"])
@pytest.mark.parametrize("last, chrome_", [(100, True), (101, False)])
def test_a_layout_wrapper_is_the_page_only_with_more_than_400_characters_of_prose(last, chrome_,
                                                                                  noise):
    # The wrapper holds all the prose; link lists outside it hold most of the page's text; a
    # script or a style counts for nothing.
    article = "".join(f"<p>{sentence(n)}</p>" for n in (100, 100, 100, last))
    links = "".join(f"<li>{letters(40, 'x')}</li>" for _ in range(40))
    html = (f"<html><body>{noise}<div class='sidebar-layout' id='w'>{article}</div><ul>{links}"
            f"</ul></body></html>")
    root, _ = index_of(html)
    assert running_sizes(root)[root] == 300 + last
    assert is_chrome(html, "//div[@id='w']") is chrome_


@pytest.mark.parametrize("inside, outside, chrome_", [(250, 250, False), (250, 251, True)])
def test_a_layout_wrapper_holding_half_the_running_prose_is_the_page(inside, outside, chrome_):
    html = (f"<html><body><div class='sidebar-layout' id='w'><p>{sentence(inside)}</p></div>"
            f"<div><p>{sentence(outside)}</p></div>"
            + "".join(f"<p>{letters(40, 'x')}</p>" for _ in range(40)) + "</body></html>")
    assert is_chrome(html, "//div[@id='w']") is chrome_


def test_running_prose_counts_text_and_tails_of_sentences_only():
    root = parse_html(f"<html><body><div id='d'>{sentence(100)}<br>{sentence(80)}<b>bold</b>"
                      f"{letters(90)}<i>{sentence(70)}</i></div></body></html>")
    [div] = root.xpath("//div[@id='d']")
    assert running_sizes(root)[div] == 100 + 80 + 70  # the 90 letters hold no sentence


def test_a_layout_wrapper_whose_id_names_other_chrome_stays_chrome():
    """Every chrome-naming token of the class and of the id must name a layout: a wrapper
    named "sidebar-layout" whose id says "related" is related news, however much prose."""
    article = "".join(f"<p>{sentence(150)}</p>" for _ in range(4))
    html = (f"<html><body><div class='sidebar-layout' id='{{}}'>{article}</div>"
            + "".join(f"<p>{letters(40, 'x')}</p>" for _ in range(40)) + "</body></html>")
    assert not is_chrome(html.format("content"), "//div[@class='sidebar-layout']")
    assert is_chrome(html.format("related-news"), "//div[@class='sidebar-layout']")


# --- a <form> around the page ----------------------------------------------------------------

def test_long_lines_without_a_sentence_are_not_running_text():
    """Two long labels without a sentence (no full stop) do not make a form the page's
    wrapper; two sentences do."""
    outside = "".join(f"<p>{letters(40, 'x')}</p>" for _ in range(20))
    form = "<form id='f'><p>{0}</p><p>{0}</p><input></form>"
    assert is_chrome(f"<html><body>{form.format(letters(80))}{outside}</body></html>", "//form")
    assert not is_chrome(f"<html><body>{form.format(sentence(80))}{outside}</body></html>",
                         "//form")


@pytest.mark.parametrize("inside, outside, chrome_", [(500, 500, False), (499, 501, True)])
def test_a_form_holding_exactly_half_the_text_wraps_the_page(inside, outside, chrome_):
    html = (f"<html><body><form><div>{letters(inside)}</div></form>"
            f"<div>{letters(outside, 'b')}</div></body></html>")
    assert is_chrome(html, "//form") is chrome_


def test_a_form_on_a_page_without_text_is_chrome():
    assert is_chrome("<html><body><form><input></form></body></html>", "//form")


def test_a_form_holding_the_only_character_of_the_page_wraps_it():
    assert not is_chrome("<html><body><form><span>x</span><input></form></body></html>",
                         "//form")


# --- <header>: the article's or the site's ------------------------------------------------------

@pytest.mark.parametrize("container", ["article", "main"])
def test_a_header_inside_the_article_is_not_chrome(container):
    html = (f"<html><body><{container}><header><span>Ngày 01/01/2025</span></header>"
            f"<div><p>{sentence(120)}</p></div></{container}></body></html>")
    assert not is_chrome(html, "//header")


@pytest.mark.parametrize("after", ["<h1>Tiêu đề bài viết</h1>", "<h2>Tiêu đề</h2>",
                                   "<h3>Tiêu đề</h3>", "<strong>Tiêu đề</strong>",
                                   "<b>Tiêu đề</b>",
                                   "<div class='news-title'>Tiêu đề bài viết</div>",
                                   "<div id='tieu-de'>Tiêu đề bài viết</div>"])
def test_a_header_right_above_the_headline_is_the_articles(after):
    html = (f"<html><body><div><header><span>Ngày 01/01/2025</span></header>{after}"
            f"<div><p>{sentence(120)}</p></div></div></body></html>")
    assert not is_chrome(html, "//header")


@pytest.mark.parametrize("attr", ["class='entry-header'", "class='page-header'",
                                  "class='news-meta'", "class='detail-top'", "id='post-top'",
                                  "class='News-Header'"])
def test_a_header_named_for_the_article_is_not_chrome(attr):
    html = (f"<html><body><div><header {attr}><span>Ngày 01/01/2025</span></header>"
            f"<div><p>{sentence(120)}</p></div></div></body></html>")
    assert not is_chrome(html, "//header")


def test_the_site_header_above_the_page_is_chrome():
    html = (f"<html><body><div><header><a href='/'>Trang chủ</a></header>"
            f"<div><p>{sentence(120)}</p></div></div></body></html>")
    assert is_chrome(html, "//header")


# --- the chrome's lines -----------------------------------------------------------------------

def test_chrome_lines_are_split_at_line_breaks_and_normalised():
    html = (f"<html><body><p>{sentence(120)}</p><footer>Địa chỉ: 1 Phố A<br>Điện thoại:  0123"
            f"<br>Trang chủ</footer><p>Trang chủ<br>Xin chào</p></body></html>")
    root, index = index_of(html)
    assert index.lines() == {"Địa chỉ: 1 Phố A", "Điện thoại: 0123", "Trang chủ"}
    # "Trang chủ" is printed outside the chrome too (a line of its own there as well)
    assert index.lines_only_inside() == {"Địa chỉ: 1 Phố A", "Điện thoại: 0123"}


def test_text_in_scripts_styles_templates_and_the_head_is_not_the_pages_text():
    html = ("<html><head><title>Tiêu đề</title></head><body><script>var a = 1;</script>"
            "<style>p { color: red }</style><noscript>Bật JavaScript</noscript>"
            "<template><p>Mẫu</p></template><p>abcde</p></body></html>")
    root = parse_html(html)
    assert text_sizes(root)[root] == 5
