"""What lies outside the article on a page nobody here wrote, each rule on a small real page
through the real parser (``parse_html``, ``parse_article(..., portal=False)``), each threshold
on both sides: other pages' teasers and lists of links (``generic/teasers.py``), the site's name
beside its logo, a comment box, the date nearest the headline, and the generic extractor's text
weighed without the lines printed only outside the article (``ArticlePage._weighed_outside_chrome``,
``arbitration.elsewhere``).  The generated pages these rules were found on are named cases in
``generated_cases/`` (BENCHMARKS.md, "Soak of generated pages")."""

from __future__ import annotations

import pytest
from lxml import html as lhtml

from vkscrawl.parsing import parse_article
from vkscrawl.parsing.article import PRINTED_LINE_MIN, PRINTED_SHARE, _printed_in
from vkscrawl.parsing.blocks import BlockWalker
from vkscrawl.parsing.generic import arbitration as arb
from vkscrawl.parsing.generic.chrome import CHOICE_BOX_MAX_WORDS, ChromeIndex
from vkscrawl.parsing.generic.structure import LINK_LIST_MIN, in_link_list
from vkscrawl.parsing.generic.teasers import TEASER_LEAD_MAX, entry_lines, teaser_lines
from vkscrawl.parsing.html import parse_html

URL = "https://vks.example.gov.vn/tin-tuc/chi-tiet.aspx?id=100"
TITLE = "VKSND tỉnh Thanh Hóa tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024"
PARAS = [
    "Tại 27 điểm cầu VKSND cấp huyện có các đồng chí Phó Viện trưởng, Kiểm sát viên, Kiểm tra viên và công chức đơn vị.",
    "Hội nghị đối thoại góp phần phát huy dân chủ ở cơ sở, tăng cường đoàn kết nội bộ, tạo sự đồng thuận trong thực hiện nhiệm vụ chính trị của đơn vị.",
]


def parse(body: str, head: str = f"<title>{TITLE}</title>"):
    html = f"<!DOCTYPE html><html lang='vi'><head>{head}</head><body>{body}</body></html>"
    return parse_article(html.encode("utf-8"), URL, portal=False)


def article(date: str = "<span class='date'>01/01/2019</span>", paras: str | None = None, before: str = "") -> str:
    paras = paras if paras is not None else "".join(f"<p>{p}</p>" for p in PARAS)
    return f"<div class='detail'>{before}<h1>{TITLE}</h1>{date}<div>{paras}</div></div>"


# -- teasers of other articles ------------------------------------------------------------------


def teaser_box(lead: str) -> str:
    return ("<div class='featured'><h3>Tiêu điểm</h3><div>"
            "<a href='/tin-tuc/chi-tiet-9211.html'><img src='/uploads/feat.jpg' alt=''></a>"
            "<h4><a href='/tin-tuc/chi-tiet-9211.html'>Tin hoạt động VKSND địa phương Lào Cai – Yên Bái</a></h4>"
            f"<p>{lead}</p><a href='/tin-tuc/chi-tiet-9211.html'>Xem tiếp »</a></div></div>")


def lead_of(n: int) -> str:
    words = "Tin hoạt động VKSND địa phương Phú Yên kết quả nổi bật và nhiệm vụ trọng tâm thời gian tới".split()
    out = ""
    while len(out) < n:
        out += words[len(out.split()) % len(words)] + " "
    return out[:n - 1].strip().ljust(n - 1, "x") + "…"


def test_a_teaser_lead_is_at_most_teaser_lead_max_characters():
    assert TEASER_LEAD_MAX == 300
    root = parse_html(f"<html><body>{teaser_box(lead_of(300))}</body></html>")
    assert lead_of(300) in teaser_lines(root)
    root = parse_html(f"<html><body>{teaser_box(lead_of(301))}</body></html>")
    assert not teaser_lines(root)  # a linked heading over more text: an article's section


@pytest.mark.parametrize("tag", ["h2", "h3", "h4", "h5", "h6"])
def test_a_teaser_headline_is_a_linked_heading_of_any_level_below_the_headline(tag):
    box = teaser_box(lead_of(100)).replace("<h4>", f"<{tag}>").replace("</h4>", f"</{tag}>")
    assert lead_of(100) in teaser_lines(parse_html(f"<html><body>{box}</body></html>"))
    unlinked = box.replace("<a href='/tin-tuc/chi-tiet-9211.html'>Tin hoạt động", "<span>Tin hoạt động")
    unlinked = unlinked.replace("Yên Bái</a>", "Yên Bái</span>")
    assert not teaser_lines(parse_html(f"<html><body>{unlinked}</body></html>"))


def test_a_heading_that_is_more_than_its_link_or_links_within_the_page_is_no_teaser():
    more = "<div><h4><a href='/x.html'>Tin khác</a> và bình luận</h4><p>Một đoạn ngắn.</p></div>"
    anchor = "<div><h4><a href='#muc-1'>Mục 1</a></h4><p>Một đoạn ngắn.</p></div>"
    assert not teaser_lines(parse_html(f"<html><body>{more}{anchor}</body></html>"))


@pytest.mark.parametrize("tag", ["p", "div", "h1"])
def test_a_teaser_headline_is_a_heading_below_the_headline_not_a_line_wholly_a_link(tag):
    # (an h1 linked to its own or another page is a headline, not a teaser's)
    box = teaser_box(lead_of(100)).replace("<h4>", f"<{tag}>").replace("</h4>", f"</{tag}>")
    assert not teaser_lines(parse_html(f"<html><body>{box}</body></html>"))


def test_a_heading_that_is_no_teaser_headline_does_not_end_the_search_for_teasers():
    two_links = "<div><h4><a href='/a.html'>Tin A</a> <a href='/b.html'>Tin B</a></h4><p>Một đoạn ngắn.</p></div>"
    more = "<div><h4><a href='/x.html'>Tin khác</a> và bình luận</h4><p>Một đoạn ngắn.</p></div>"
    in_body = "<h4><a href='/y.html'>Tin ngay trong trang</a></h4>"
    menu = "<div class='menu'><h4><a href='/z.html'>Tin trong trình đơn</a></h4><p>Một đoạn ngắn.</p></div>"
    long = teaser_box(lead_of(TEASER_LEAD_MAX + 1))
    root = parse_html(f"<html><body>{two_links}{more}{in_body}{menu}{long}{teaser_box(lead_of(100))}</body></html>")
    found = teaser_lines(root, chrome=lambda el: el.get("class") == "menu")
    assert lead_of(100) in found
    assert "Tin trong trình đơn" not in found and lead_of(TEASER_LEAD_MAX + 1) not in found


def test_a_linked_heading_right_in_the_body_makes_no_teaser_box_of_the_page():
    body = "<h4><a href='/tin-tuc/khac.html'>Tin khác</a></h4><p>Một đoạn văn ngắn của trang.</p>"
    assert not teaser_lines(parse_html(f"<html><body>{body}</body></html>"))


def test_a_featured_teaser_after_the_article_does_not_pull_the_content_to_the_extractor():
    lead = "Tin hoạt động VKSND địa phương Phú Yên – Sóc Trăng – Cần Thơ: kết quả nổi bật và nhiệm vụ trọng tâm thời gian tới…"
    figure = "<figure><img src='/uploads/anh-1.jpg'><figcaption>Các đơn vị ký kết giao ước thi đua năm 2025</figcaption></figure>"
    r = parse(article(paras=figure + "".join(f"<p>{p}</p>" for p in PARAS)) + teaser_box(lead))
    assert r.item["body"].split("\n\n") == PARAS
    assert [im["caption"] for im in r.item["images"]] == ["Các đơn vị ký kết giao ước thi đua năm 2025"]
    assert r.layers["body"] == "heuristic"


# -- lists of links -------------------------------------------------------------------------------


def documents(n: int, dates=("09/12/2018", "06/12/2018", "03/12/2018")) -> str:
    items = "".join(f"<li><a href='/van-ban/{i}'>Quyết định số {i}/QĐ-VKS</a> về việc ban hành Quy chế làm việc"
                    f"<br><i>Ngày ban hành: {dates[i]}</i></li>" for i in range(n))
    return f"<div class='van-ban'><h3>Văn bản mới</h3><ul>{items}</ul></div>"


def test_a_list_of_links_has_at_least_link_list_min_entries():
    assert LINK_LIST_MIN == 2
    for n, expected in ((2, True), (1, False)):
        root = parse_html(f"<html><body>{documents(n)}</body></html>")
        assert in_link_list(root.xpath("//i")[0]) is expected
        assert bool(entry_lines(root)) is expected


def test_an_ordered_list_of_links_is_a_list_of_links_too():
    root = parse_html(f"<html><body>{documents(2).replace('<ul>', '<ol>').replace('</ul>', '</ol>')}</body></html>")
    assert "Quyết định số 0/QĐ-VKS về việc ban hành Quy chế làm việc" in entry_lines(root)


def test_the_entries_of_every_list_of_links_outside_the_chrome_are_read():
    plain = "<ul><li>Mục không liên kết</li><li>Mục khác không liên kết</li></ul>"
    menu = "<ul class='menu'><li><a href='/m1'>Trình đơn 1</a></li><li><a href='/m2'>Trình đơn 2</a></li></ul>"
    other = documents(2).replace("Quyết định", "Thông báo")
    root = parse_html(f"<html><body>{plain}{menu}{documents(2)}{other}</body></html>")
    found = entry_lines(root, chrome=lambda el: el.get("class") == "menu")
    assert "Quyết định số 0/QĐ-VKS về việc ban hành Quy chế làm việc" in found
    assert "Thông báo số 0/QĐ-VKS về việc ban hành Quy chế làm việc" in found
    assert "Trình đơn 1" not in found and "Mục không liên kết" not in found


def test_only_the_bodys_lists_and_headings_are_read_and_a_page_without_a_body_has_none():
    # lxml keeps a <noscript> of the <head> there, lists and headings inside it included
    links = "<li><a href='/a.html'>Tin A</a></li><li><a href='/b.html'>Tin B</a></li>"
    head = f"<noscript><ul>{links}</ul><div><h4><a href='/c.html'>Tin C</a></h4></div></noscript>"
    root = parse_html(f"<html><head><title>Tin</title>{head}</head><body><p>Một đoạn ngắn.</p></body></html>")
    assert root.find("head/noscript/ul") is not None
    assert not entry_lines(root) and not teaser_lines(root)
    for page in ("<html><head><title>Tin</title></head></html>",
                 "<html><head><title>Tin</title></head><frameset><frame src='/a.html'></frameset></html>"):
        root = parse_html(page)
        assert root.find("body") is None
        assert entry_lines(root) == teaser_lines(root) == frozenset()


def test_a_list_with_an_entry_without_a_link_is_no_list_of_links():
    root = parse_html("<html><body><ul><li><a href='/a'>A</a> 01/01/2019</li><li>Mục không liên kết 02/01/2019</li></ul></body></html>")
    assert not in_link_list(root.xpath("//li")[0]) and not entry_lines(root)


def test_a_document_entrys_date_above_the_title_is_not_the_publication_date():
    r = parse(documents(2) + article(date="", before="<span class='date'>01/01/2019</span>"))
    assert r.item["published"] == "2019-01-01"


def test_list_entry_dates_are_passed_over_for_the_date_in_the_articles_footer():
    # above the headline the nearest date lines are the documents' (the following side stops
    # at the first long paragraph); the article's own date closes it, in no date-named element
    footer_date = "<font size='1'><i>11-07-2019</i></font>"
    long_paras = "".join(f"<p>{p} {p}</p>" for p in PARAS)
    r = parse("<table><tr><td>" + documents(3) + "</td><td>" + article(date="", paras=long_paras)
              + footer_date + "</td></tr></table>")
    assert r.item["published"][:10] == "2019-07-11"


def test_the_date_nearest_the_headline_above_it_wins():
    # the site's header prints another date higher up (the preceding axis comes back in
    # document order: read from the headline upwards)
    header = "<div class='top'><span>15/03/2024</span></div>"
    r = parse(header + "<div class='detail'><span>01/01/2019</span><h1>" + TITLE + "</h1><div>"
              + "".join(f"<p>{p}</p>" for p in PARAS) + "</div></div>")
    assert r.item["published"] == "2019-01-01"


# -- the site's name beside its logo ---------------------------------------------------------------


SITE = "Viện kiểm sát nhân dân tỉnh Vĩnh Long"


def banner(href: str) -> str:
    return f"<div class='bx1'><a href='{href}'><img src='/images/logo.png' alt='{SITE}'></a><h1>{SITE}</h1></div>"


def bold_title_article() -> str:
    return (f"<article><p style='font-size:18pt'><strong>{TITLE}</strong></p><span>01/01/2019</span>"
            + "".join(f"<div>{p}</div>" for p in PARAS) + "</article>")


@pytest.mark.parametrize("home", ["/", "./", URL.split("/tin-tuc")[0] + "/"])
def test_the_banners_heading_repeating_the_logos_name_is_not_the_headline(home):
    r = parse(banner(home) + bold_title_article(), head=f"<title>{TITLE} - {SITE}</title>")
    assert r.item["title"] == TITLE


def test_a_heading_beside_an_image_linking_elsewhere_stays_a_candidate():
    r = parse(banner("/gioi-thieu") + bold_title_article(), head=f"<title>{TITLE} - {SITE}</title>")
    assert r.item["title"] == SITE  # no logo: the heading <title> names is taken, as before


# -- a comment box --------------------------------------------------------------------------------


def comment_box(words: int) -> str:
    comment = " ".join(["nghĩa"] * words)
    return ("<div><p><strong>Ý KIẾN BẠN ĐỌC</strong></p><div><b>Nguyễn Văn Bình</b>"
            f"<p>{comment}</p></div><form action='/binh-luan'><p>Họ và tên: <input name='ten'></p>"
            "<p><textarea name='noidung'></textarea></p></form></div>")


def test_a_comment_forms_box_is_chrome_up_to_choice_box_max_words():
    assert CHOICE_BOX_MAX_WORDS == 60
    # title 4 words, name 3, labels 3, the comment the rest: 60 words in all, then 61
    root = parse_html(f"<html><body>{comment_box(50)}</body></html>")
    assert ChromeIndex(root)(root.xpath("//body/div")[0])
    root = parse_html(f"<html><body>{comment_box(51)}</body></html>")
    assert not ChromeIndex(root)(root.xpath("//body/div")[0])
    assert ChromeIndex(root)(root.xpath("//textarea")[0])


def test_a_form_holding_the_headline_stops_the_comment_box():
    page = f"<form><h1>{TITLE}</h1><p>Họ và tên</p><textarea></textarea></form>"
    root = parse_html(f"<html><body>{page}</body></html>")
    assert not ChromeIndex(root)(root.xpath("//form")[0])


# -- the extractor's text weighed without the lines outside the article --------------------------


def test_printed_in_a_set_of_lines_line_by_line_or_run_together():
    assert (PRINTED_SHARE, PRINTED_LINE_MIN) == (0.8, 10)
    one, two = "Quyết định số 125/QĐ-VKS ban hành", "Ngày ban hành: 09/12/2018"  # 33 + 25 characters
    lines = frozenset({one, two})
    assert _printed_in(f"{one}\n{two}", lines)
    assert _printed_in(f"{one} {two}", lines)
    # what is left besides the lines is the rest: 15 characters of a 75-character block (the
    # lines and the two spaces are 60: 0.8 of it), not 16 of 76
    assert _printed_in(f"{one} {two} " + "x" * 15, lines)
    assert not _printed_in(f"{one} {two} " + "x" * 16, lines)


def test_printed_in_counts_only_lines_of_printed_line_min_characters():
    assert not _printed_in("a" * 9 + " " + "a" * 9, frozenset({"a" * 9}))
    assert _printed_in("a" * 10 + " " + "a" * 10, frozenset({"a" * 10}))


def test_a_polls_question_in_a_layout_tables_side_cell_does_not_pull_the_content():
    poll = ("<div><a href='https://lienket0.gov.vn'><img src='/banners/lk0.png' alt='Liên kết'></a></div>"
            "<div><h3>Thăm dò ý kiến</h3><p>Bạn thấy giao diện trang thông tin này thế nào?</p>"
            "<input type='radio' name='p'> Đẹp <input type='radio' name='p'> Bình thường</div>")
    r = parse(f"<table><tr><td width='200'>{poll}</td><td>{article()}</td></tr></table>")
    assert r.item["body"].split("\n\n") == PARAS and r.item["images"] == []


def walk(html: str):
    return BlockWalker("http://127.0.0.1/").walk(lhtml.fromstring(html))


def test_an_extractor_text_without_running_sentences_is_elsewhere():
    ours = walk(("<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"))
    footer = walk(("<div><p>Địa chỉ: Số 12 đường Trần Hưng Đạo, phường 1</p>"
                             "<p>Điện thoại: 0233.3852.123 - Email: vks@vks.gov.vn</p></div>"))
    assert arb.elsewhere(ours, footer)
    assert not arb.prefer_generic(ours, footer)
    assert not arb.elsewhere(ours, walk((f"<div><p>{PARAS[1]}</p></div>")))
    assert not arb.elsewhere(footer, footer)  # ours holds no running text either: KEPT_MIN decides


def test_the_extractors_sentences_the_other_layers_found_leave_it_elsewhere():
    ours = walk(("<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>"))
    lead = "Tin hoạt động VKSND địa phương ngày 22/3/2021 gồm những nội dung chính sau đây cho bạn đọc."
    header = walk((f"<div><p>Trang chủ | Giới thiệu | Liên hệ</p><p>{lead}</p></div>"))
    assert not arb.elsewhere(ours, header)
    assert arb.elsewhere(ours, header, found=[lead])


def test_an_unmarked_footer_after_div_paragraphs_is_not_the_content():
    footer = ("<div class='zone-7'><p>Bản quyền © Viện kiểm sát nhân dân thành phố Hà Nội</p>"
              "<p>Địa chỉ: Số 12 đường Trần Hưng Đạo, phường 1</p><p>Điện thoại: 0233.3852.123 - Email: vks@vks.gov.vn</p></div>")
    r = parse(article(paras="".join(f"<div>{p}</div>" for p in PARAS)) + footer)
    assert r.item["body"].split("\n\n") == PARAS and r.item["author"] is None


# -- the weighing's guards, on the page's own elements ----------------------------------------------


def page_of(body: str):
    from vkscrawl.parsing import PortalArticlePage, decode_body

    text = decode_body(f"<html><head><title>{TITLE}</title></head><body>{body}</body></html>".encode("utf-8"), None)
    return PortalArticlePage(parse_html(text), URL, text)


TEASERS = "".join(
    f"<div><h4><a href='/tin-tuc/chi-tiet-{i}.html'>Tin số {i}</a></h4><p>{p}</p></div>" for i, p in enumerate(PARAS))


def test_teaser_lines_our_candidate_prints_are_not_outside_it():
    # an article made of linked news items: the extractor's text holding them and one line
    # more is weighed whole, not cut down to that one line
    page = page_of(f"<h1>{TITLE}</h1>{TEASERS}")
    ours = walk("<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>")
    theirs = walk("<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "<p>Mời bạn đọc đăng ký nhận bản tin mỗi sáng thứ Hai hằng tuần.</p></div>")
    assert [b.text for b in page._weighed_outside_chrome(theirs, ours)] == [b.text for b in theirs]
    assert [b.text for b in page._weighed_outside_chrome(theirs, walk("<div><p>Khác.</p></div>"))] != [b.text for b in theirs]


def test_outside_lines_holding_more_running_text_than_ours_leave_the_extractors_text_whole():
    # nothing but teaser lines left in the extractor's text, and they hold more running text
    # than ours: a rule took the article for teasers, the extractor's evidence stands
    page = page_of(f"<h1>{TITLE}</h1>{TEASERS}<div><p>Một câu ngắn của phần chân trang, có đủ tám từ.</p></div>")
    theirs = walk("<div>" + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>")
    short = walk("<div><p>Một câu ngắn của phần chân trang, có đủ tám từ.</p></div>")
    assert page._weighed_outside_chrome(theirs, short) == theirs
    other = "Đoàn công tác đã làm việc với lãnh đạo địa phương về kết quả thực hiện nhiệm vụ trong năm qua."
    longer = walk("<div>" + f"<p>{other}</p>" * 4 + "</div>")
    assert page._weighed_outside_chrome(theirs, longer) == []
