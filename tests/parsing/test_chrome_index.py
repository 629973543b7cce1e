"""The decisions of ``ChromeIndex`` that no test held (the mutants of ``attr_is_chrome``,
``_names_body`` (then ``names_article_body``), ``ChromeIndex.__init__``, ``_choice_boxes``, ``_is_chrome``,
``_marked_body_holders``, ``__call__``, ``_article_header`` and ``text_sizes`` that survived;
``scripts/mutation.py chrome``, RELIABILITY.md, "Mutation testing"), each on a small real page
through the real parser (``parse_html``) and ``ChromeIndex``: an id naming chrome or the body, a
site's body class, the box of a poll or a comment form, the head, a marked body inside
class-named chrome, the answer for an element inside chrome whatever order the elements are
asked in, a ``<header>`` with nothing after it, the text after each child."""

from __future__ import annotations

import pytest

from vkscrawl.parsing.generic.chrome import ChromeIndex, text_sizes
from vkscrawl.parsing.html import parse_html


def sentence(n: int) -> str:
    """A sentence of running prose of exactly ``n`` characters."""
    return "V" + "x" * (n - 2) + "."


def letters(n: int, letter: str = "a") -> str:
    """``n`` characters of text with no sentence in it."""
    return letter * n


def index_of(html: str, **kwargs) -> tuple:
    root = parse_html(html)
    return root, ChromeIndex(root, **kwargs)


def is_chrome(html: str, xpath: str, **kwargs) -> bool:
    root, index = index_of(html, **kwargs)
    [el] = root.xpath(xpath)
    return index(el)


# --- the class or the id names chrome ---------------------------------------------------------

@pytest.mark.parametrize("attrs, chrome_", [
    ("id='box-related'", True),             # only an id, naming related news
    ("class='box-related'", True),
    ("class='box' id='sidebar'", True),     # the class names nothing, the id a sidebar
    ("id='content'", False),
    ("class='box' id='detail'", False)])
def test_an_element_whose_class_or_id_names_chrome_is_chrome(attrs, chrome_):
    html = (f"<html><body><div {attrs}><a href='/a'>Tin khác cùng chuyên mục</a></div>"
            f"<div><p>{sentence(120)}</p></div></body></html>")
    assert is_chrome(html, "//div[a]") is chrome_


# --- a body the page marks: by microdata, by class, by id, by the site's own class ------------

@pytest.mark.parametrize("attrs", ["id='noidung'", "class='entry-content'",
                                   "id='x' class='noi-dung'", "itemprop='articleBody'"])
def test_a_body_named_by_its_class_id_or_microdata_keeps_its_aside_from_being_chrome(attrs):
    html = f"<html><body><aside><div {attrs}>{letters(300)}</div></aside></body></html>"
    assert not is_chrome(html, "//aside")
    # the same aside around an unnamed block is chrome
    assert is_chrome(f"<html><body><aside><div id='x'>{letters(300)}</div></aside></body></html>",
                     "//aside")


SITE_BODY = frozenset({"content-detail"})


def test_a_site_body_class_keeps_its_aside_from_being_chrome():
    html = (f"<html><body><aside id='a'><div class='box content-detail'>{letters(300)}</div>"
            f"</aside><p>{sentence(100)}</p></body></html>")
    assert not is_chrome(html, "//aside", body_classes=SITE_BODY)
    assert is_chrome(html, "//aside")  # a class no common CMS gives its body: an aside


def test_only_the_elements_carrying_the_site_body_class_are_its_body():
    """A larger marked element without the site's class (a sidebar's block) is not its body."""
    html = (f"<html><body><div class='content-detail'>{letters(300)}</div><aside id='side'>"
            f"<div id='most-viewed'>{letters(900, 'b')}</div></aside></body></html>")
    assert is_chrome(html, "//aside", body_classes=SITE_BODY)


def test_a_marked_body_vouches_for_its_class_named_ancestors():
    """A sidebar-named block holding the page's marked body is not chrome, however little of the
    page it holds (and the body itself is not chrome)."""
    html = (f"<html><body><div class='sidebar-right' id='w'><div class='{{}}'>{letters(300)}</div>"
            f"</div><div>{letters(700, 'b')}</div></body></html>")
    root, index = index_of(html.format("entry-content"))
    assert not index(root.xpath("//div[@id='w']")[0])
    assert not index(root.xpath("//div[@class='entry-content']")[0])
    assert is_chrome(html.format("box"), "//div[@id='w']")  # no marked body: a sidebar


# --- the head ---------------------------------------------------------------------------------

HEAD_PAGE = ("<html><head><title>Tiêu đề bài viết</title>"
             "<meta name='description' content='Tóm tắt'><link rel='canonical' href='/a'>"
             "<base href='/'></head>"
             f"<body><p>{sentence(120)}</p><footer>Bản quyền</footer></body></html>")


@pytest.mark.parametrize("tag", ["head", "title", "meta", "link", "base"])
def test_nothing_in_the_head_is_chrome(tag):
    """The title, the metadata and the links the layers read are not furniture; the title is not
    a chrome line (the generic extractor would drop the headline)."""
    root, index = index_of(HEAD_PAGE)
    [el] = root.xpath(f"//{tag}")
    assert not index(el)
    assert index.lines() == {"Bản quyền"}


# --- the box of a poll or a comment form ------------------------------------------------------

def test_a_poll_on_a_short_page_stops_below_the_body():
    html = ("<html><body><div id='poll'><p>Bình chọn</p><label><input type='radio'>Có</label>"
            "</div><p>Bài viết ngắn.</p></body></html>")
    root, index = index_of(html)
    assert index(root.xpath("//div[@id='poll']")[0])
    assert not index(root.xpath("//body/p")[0])
    assert not index(root.xpath("//body")[0])


def test_a_poll_box_holds_its_heading():
    html = ("<html><body><div id='box'><h2>Thăm dò ý kiến</h2><p>Bạn thấy thế nào?</p>"
            "<label><input type='radio'>Có</label><label><input type='radio'>Không</label></div>"
            f"<div><p>{sentence(300)}</p></div></body></html>")
    assert is_chrome(html, "//h2")


def test_a_poll_inside_the_pages_form_stops_below_the_form():
    """An ASP.NET form around the page holds its headline: the poll's box ends below it."""
    html = ("<html><body><form id='aspnetForm'><h1>Tiêu đề bài viết</h1><div id='poll'>"
            "<p>Bình chọn</p><label><input type='radio'>Có</label></div></form></body></html>")
    root, index = index_of(html)
    assert not index(root.xpath("//form")[0])
    assert not index(root.xpath("//h1")[0])
    assert index(root.xpath("//div[@id='poll']")[0])


def test_a_check_box_straight_inside_the_pages_form_makes_no_box():
    html = (f"<html><body><form><h1>Tiêu đề</h1><p>{sentence(100)}</p>"
            "<input type='checkbox'> Ghi nhớ</form><footer>Bản quyền</footer></body></html>")
    root, index = index_of(html)
    assert index.lines() == {"Bản quyền"}
    assert not index(root.xpath("//h1")[0])


def test_a_questionnaire_inside_the_marked_body_leaves_the_body_alone():
    """The box of check boxes in the article's marked body stops below the body, however few
    words the body holds."""
    html = (f"<html><body><div class='entry-content'><p>{letters(250)}</p><label>"
            "<input type='checkbox'>Đồng ý</label></div></body></html>")
    root, index = index_of(html)
    assert index(root.xpath("//label")[0])
    assert not index(root.xpath("//div")[0])
    assert not index(root.xpath("//p")[0])


# --- inside chrome ----------------------------------------------------------------------------

NAV_PAGE = ("<html><body><nav><ul><li><a href='/'>Trang chủ</a></li></ul></nav>"
            f"<div><p>{sentence(100)}</p></div></body></html>")


def test_everything_inside_chrome_is_chrome():
    root, index = index_of(NAV_PAGE)
    assert index(root.xpath("//a")[0]) is True
    assert index(root.xpath("//p")[0]) is False


def test_the_answer_does_not_depend_on_the_order_elements_are_asked_in():
    root, index = index_of(NAV_PAGE)
    answers = [index(root.xpath(f"//{tag}")[0]) for tag in ("nav", "ul", "li", "a", "p", "div")]
    assert answers == [True, True, True, True, False, False]
    # asked again (remembered), then from the leaf up on a fresh index
    assert [index(root.xpath(f"//{tag}")[0]) for tag in ("a", "p")] == [True, False]
    root, index = index_of(NAV_PAGE)
    answers = [index(root.xpath(f"//{tag}")[0]) for tag in ("p", "div", "a", "li", "ul", "nav")]
    assert answers == [False, False, True, True, True, True]


def test_chrome_inside_chrome_adds_no_lines_of_its_own():
    """The lines of the chrome are its top elements' lines: a logo inside the footer is part of
    the footer's line, not a line of its own."""
    html = (f"<html><body><p>{sentence(120)}</p><footer>Địa chỉ: <span class='logo'>VKS</span>"
            " Hà Nội</footer></body></html>")
    root, index = index_of(html)
    assert index.lines() == {"Địa chỉ: VKS Hà Nội"}


# --- a header with nothing after it; the text the rules weigh ---------------------------------

def test_a_header_with_nothing_after_it_is_the_sites():
    html = (f"<html><body><div><p>{sentence(120)}</p></div><header><a href='/'>Trang chủ</a>"
            "</header></body></html>")
    assert is_chrome(html, "//header")


def test_text_sizes_count_the_text_after_each_child():
    root = parse_html("<html><body><div id='d'>ab<b>cd</b>ef<br>gh <i>ij</i></div></body></html>")
    [div] = root.xpath("//div[@id='d']")
    assert text_sizes(root)[div] == 10
