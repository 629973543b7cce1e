"""Layered parsing: the same article with the portal's classes renamed (markup nobody has seen)
still gives the same title, date, summary, body, images and author, from the lower layers."""

from __future__ import annotations

import pytest

from vkscrawl.parsing import parse_article

from .htmlpages import ARTICLE_URL, PORTAL, RENAMED, make_page

CHROME = (
    "CỔNG THÔNG TIN ĐIỆN TỬ", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "The Supreme People’s Procuracy of Viet Nam",
    "Cỡ chữ", "Tương phản", "Tìm kiếm", "Tin liên quan", "Đọc nhiều", "Bản quyền", "Trang chủ",
)
TOOLBAR = ("leftcenterrightdel", "left center right del")

CONTENT = (
    "<p><strong>VKSND tỉnh Cao Bằng:</strong> Vừa qua, tại VKSND tỉnh Cao Bằng, Cụm thi đua số 3 ngành Kiểm sát nhân dân đã tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng năm 2023.</p>"
    "<p>Năm 2023, công tác thi đua khen thưởng của các đơn vị tiếp tục được đổi mới, bám sát nhiệm vụ công tác chuyên môn.</p>"
    '<p style="text-align: center;"><img src="/Uploads/2023/11/28/a.jpg"></p>'
    '<p style="text-align: center;"><em>Đồng chí Lương Minh Thống, Vụ trưởng Vụ 8<br>VKSND tối cao phát biểu tại Hội nghị</em></p>'
    "<p><strong>VKSND tỉnh Hà Tĩnh</strong>: Ngày 27/11/2023, tại VKSND tỉnh Hà Tĩnh, Cụm thi đua số 6 tổ chức Hội nghị tổng kết công tác thi đua năm 2023.</p>"
    '<table class="image"><tr><td><img src="/Uploads/2023/11/28/b.jpg"><span>left</span><span>center</span><span>right</span><span>del</span></td></tr>'
    "<tr><td>Lãnh đạo các đơn vị ký kết Giao ước thi đua năm 2024</td></tr></table>"
    "<p>Về nội dung bình xét, đề nghị khen thưởng, các đơn vị trong Cụm đã tiến hành thảo luận, thống nhất suy tôn.</p>"
    '<p style="text-align: right;"><strong>TL (tổng hợp)</strong></p>'
)
TITLE = "Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh"
SAPO = "<strong>Tin hoạt động VKSND địa phương ngày 28/11/2023 gồm những nội dung chính sau: Cụm thi đua số 3, số 6 tổng kết công tác thi đua khen thưởng năm 2023.</strong>"
DATE = "Thứ ba, 28/11/2023 - 08:15"


def _parse(html: str):
    return parse_article(html.encode(), ARTICLE_URL)


@pytest.fixture(scope="module")
def reference():
    r = _parse(make_page(content=CONTENT, title=TITLE, sapo=SAPO, date=DATE, layout=PORTAL))
    assert set(r.layers.values()) <= {"portal", "meta", "none"}
    assert r.layers["body"] == "portal" and r.layers["title"] == "portal"
    return r.item


SAME = ("title", "published", "summary", "body", "images", "author", "sections", "text", "content_hash")


def _check_same(item, reference):
    for f in SAME:
        assert item[f] == reference[f], f
    for line in item["text"].split("\n"):
        assert line not in CHROME
    for bad in CHROME + TOOLBAR:
        assert bad not in item["body"], bad
    for bad in TOOLBAR:
        assert bad not in item["text"]


def test_reference_page(reference):
    assert reference["title"] == TITLE
    assert reference["published"] == "2023-11-28T08:15:00+07:00"
    assert reference["author"] == "TL (tổng hợp)"
    assert [s["unit"] for s in reference["sections"]] == ["VKSND tỉnh Cao Bằng", "VKSND tỉnh Hà Tĩnh"]
    assert [im["caption"] for im in reference["images"]] == [
        "Đồng chí Lương Minh Thống, Vụ trưởng Vụ 8 VKSND tối cao phát biểu tại Hội nghị",
        "Lãnh đạo các đơn vị ký kết Giao ước thi đua năm 2024",
    ]


def test_renamed_classes_heading_and_heuristic_layers(reference):
    r = _parse(make_page(content=CONTENT, title=TITLE, sapo=SAPO, date=DATE, layout=RENAMED))
    _check_same(r.item, reference)
    assert r.layers["title"] == "heading"
    assert r.layers["published"] == "heading"
    assert r.layers["summary"] == "heuristic"
    assert r.layers["body"] == "heuristic"
    assert r.layers["images"] == "heuristic"
    assert r.layers["author"] == "heuristic"
    assert r.layers["category"] == "heuristic"
    assert r.item["category"] == "Tin hoạt động VKSND địa phương"
    assert r.problems == []


def test_renamed_classes_with_meta_tags(reference):
    head = (
        f'<meta property="og:title" content="{TITLE}">'
        '<meta property="article:published_time" content="2023-11-28T08:15:00+07:00">'
        '<meta property="article:section" content="Tin hoạt động VKSND địa phương">'
        '<link rel="canonical" href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-d8-t12001.html">'
    )
    r = _parse(make_page(content=CONTENT, title=TITLE, sapo=SAPO, date=DATE, layout=RENAMED, head=head, crumbs=None))
    _check_same(r.item, reference)
    assert r.layers["title"] == "meta"
    assert r.layers["published"] == "meta"
    assert r.layers["category"] == "meta"
    assert r.layers["url"] == "meta"
    assert r.item["category"] == "Tin hoạt động VKSND địa phương"


def test_content_in_article_element_with_title_and_date_inside(reference):
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
    <div id="top"><div class="logo-banner"><h2>CỔNG THÔNG TIN ĐIỆN TỬ</h2><h2>VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO</h2>
    <span>The Supreme People’s Procuracy of Viet Nam</span></div>
    <div class="search"><input><a>Tìm kiếm</a></div></div>
    <div id="page"><div class="col-left">
    <article>
      <h1 class="article-title">{TITLE}</h1>
      <p class="byline"><span class="time">{DATE}</span></p>
      <div class="fontsize">Cỡ chữ: <a>A</a> <a>A</a> <a>Tương phản</a></div>
      <div class="lead">{SAPO}</div>
      {CONTENT}
    </article>
    <div class="related-news"><h3>Tin liên quan</h3><p>Một tin liên quan có tiêu đề khá dài để trông như một đoạn văn bản.</p></div>
    </div><div class="col-right"><div class="box">
      <p>Khối bên phải với một đoạn văn bản dài không thuộc bài viết, dài hơn hai mươi ký tự.</p></div></div></div>
    <div id="bottom"><p>Bản quyền thuộc Viện kiểm sát nhân dân tối cao.</p></div></body></html>"""
    r = _parse(html)
    _check_same(r.item, reference)
    assert r.layers["body"] == "heuristic"
    assert r.layers["title"] == "heading"
    assert r.layers["published"] == "heading"


def test_div_detail_content_with_date_before_title(reference):
    html = f"""<html><head><meta charset="utf-8"></head><body>
    <div class="header-wrap"><p>CỔNG THÔNG TIN ĐIỆN TỬ</p><p>VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO</p></div>
    <div class="news-detail">
      <span class="time">{DATE}</span>
      <h1 class="article-title">{TITLE}</h1>
      <div class="summary">{SAPO}</div>
      <div class="detail-content">{CONTENT}</div>
      <div class="tin-khac"><p>Tin liên quan</p><ul><li><a href="/a-d8-t5.html">Một tin khác</a></li></ul></div>
    </div></body></html>"""
    r = _parse(html)
    _check_same(r.item, reference)


def test_nothing_recognisable_gives_none_layers_and_problems():
    r = _parse("<html><body><div><img src='/a.png'></div></body></html>")
    assert r.layers == {f: "none" for f in ("title", "published", "category", "summary", "body", "images", "author", "url")}
    assert {"no title", "no date", "no body"} <= set(r.problems)


def test_a_word_the_generic_extractor_reads_is_not_thrown_away():
    # trafilatura reads "menu" as the page's text: the item is not called empty (its layer tells
    # the drift report where it came from)
    r = _parse("<html><body><div>menu</div></body></html>")
    assert r.item["body"] == "menu" and r.layers["body"] == "generic"


def test_portal_content_empty_falls_through_below_the_portal_layer():
    html = make_page(content="", title=TITLE, date=DATE).replace(
        '<div class="box-related">', '<div class="main-text"><p>Nội dung thật của bài viết nằm ngoài khung nội dung quen thuộc của cổng.</p><p>Đoạn thứ hai của nội dung thật, cũng khá dài.</p></div><div class="box-related">'
    )
    r = _parse(html)
    # the generic extractor also kept a sentence of the sidebar's, which our candidate lacks: a
    # line the page prints only in its chrome is no sentence ours misses, so ours serves
    assert r.layers["body"] == "heuristic"
    assert r.item["body"] == ("Nội dung thật của bài viết nằm ngoài khung nội dung quen thuộc của cổng.\n\n"
                              "Đoạn thứ hai của nội dung thật, cũng khá dài.")


def test_related_news_inside_the_guessed_content_is_cut(reference):
    related = (
        "<h3>Tin liên quan</h3><ul>"
        '<li><a href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/a-d8-t11.html">Tin hoạt động VKSND địa phương Lào Cai – Yên Bái</a> (17/09/2024)</li>'
        '<li><a href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/b-d8-t12.html">Tin hoạt động VKSND địa phương Hà Giang – Bình Định</a> (06/12/2024)</li>'
        "</ul>"
    )
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
    <article><h1 class="article-title">{TITLE}</h1><span class="time">{DATE}</span>
    <div class="lead">{SAPO}</div>{CONTENT}{related}</article></body></html>"""
    r = _parse(html)
    _check_same(r.item, reference)


def test_link_list_in_guessed_content_without_heading_is_dropped(reference):
    links = "<ul>" + "".join(
        f'<li><a href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/x-d8-t{i}.html">Một tin khác số {i} của chuyên mục</a></li>' for i in range(3)
    ) + "</ul>"
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
    <article><h1 class="article-title">{TITLE}</h1><span class="time">{DATE}</span>
    <div class="lead">{SAPO}</div>{CONTENT.replace('<p style="text-align: right;">', links + '<p style="text-align: right;">')}</article></body></html>"""
    r = _parse(html)
    _check_same(r.item, reference)


def test_unmarked_breadcrumb_above_the_title():
    html = f"""<html><head><meta charset="utf-8"></head><body>
    <ul><li><a href="/">Trang chủ</a></li><li><a href="/tin-tuc">Tin tức</a></li>
    <li><a href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong">Tin hoạt động VKSND địa phương</a></li></ul>
    <h1>{TITLE}</h1><div>{DATE}</div><div>{CONTENT}</div></body></html>"""
    r = _parse(html)
    assert r.item["category"] == "Tin hoạt động VKSND địa phương"
    assert r.layers["category"] == "heuristic"
    assert r.item["title"] == TITLE
    assert r.item["published"] == "2023-11-28T08:15:00+07:00"


def test_text_in_divs_and_spans_without_paragraphs():
    """Older CMS markup: the text sits in <div>/<span> with <br>, no <p> at all."""
    body = (
        '<div class="ms-rtestate-field"><span>VKSND tỉnh Cao Bằng: Vừa qua, tại VKSND tỉnh Cao Bằng, Cụm thi đua số 3 tổ chức Hội nghị.</span>'
        "<br><br><span>Năm 2023, công tác thi đua khen thưởng của các đơn vị tiếp tục được đổi mới.</span>"
        "<br><br><div><span>VKSND tỉnh Hà Tĩnh: Ngày 27/11/2023, tại VKSND tỉnh Hà Tĩnh, Cụm thi đua số 6 tổ chức Hội nghị.</span></div>"
        '<div style="text-align:right"><b>TL (tổng hợp)</b></div></div>'
    )
    html = f"""<html><head><meta charset="utf-8"><title>{TITLE}</title></head><body>
    <table><tr><td class="menu-left"><a href="/">Trang chủ</a><br><a href="/x">Một liên kết trong menu bên trái</a></td>
    <td><h1>{TITLE}</h1><div>{DATE}</div>{body}</td></tr></table></body></html>"""
    r = _parse(html)
    assert r.item["title"] == TITLE
    assert r.item["published"] == "2023-11-28T08:15:00+07:00"
    assert r.item["body"] == (
        "VKSND tỉnh Cao Bằng: Vừa qua, tại VKSND tỉnh Cao Bằng, Cụm thi đua số 3 tổ chức Hội nghị.\n\n"
        "Năm 2023, công tác thi đua khen thưởng của các đơn vị tiếp tục được đổi mới.\n\n"
        "VKSND tỉnh Hà Tĩnh: Ngày 27/11/2023, tại VKSND tỉnh Hà Tĩnh, Cụm thi đua số 6 tổ chức Hội nghị."
    )
    assert r.item["author"] == "TL (tổng hợp)"
    assert [s["unit"] for s in r.item["sections"]] == ["VKSND tỉnh Cao Bằng", "VKSND tỉnh Hà Tĩnh"]


@pytest.mark.parametrize(
    "inner",
    [
        "<h1>Tiêu đề bài viết</h1>28/11/2023<p>{p}</p><p>Đoạn hai.</p>",
        "28/11/2023<h1>Tiêu đề bài viết</h1><p>{p}</p><p>Đoạn hai.</p>",
        "<h1>Tiêu đề bài viết</h1><p><i>Thứ ba, 28/11/2023</i></p><p>{p}</p><p>Đoạn hai.</p>",
    ],
)
def test_bare_date_text_next_to_the_title(inner):
    p = "Một đoạn văn bản đủ dài của bài viết, hơn hai mươi ký tự."
    r = _parse(f'<html><body><div class="x">{inner.format(p=p)}</div></body></html>')
    assert r.item["title"] == "Tiêu đề bài viết"
    assert r.item["published"] == "2023-11-28"
    assert r.layers["published"] == "heading"
    assert r.item["body"] == p + "\n\nĐoạn hai."
