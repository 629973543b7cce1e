"""docs/EXTRACTION.md, rule by rule, on small pages built around the portal's markup."""

from __future__ import annotations

import hashlib
import unicodedata

import pytest

from vkscrawl.parsing import content_hash, parse_article

from .htmlpages import ARTICLE_URL, ORIGIN, make_page

P = "<p>Đoạn văn bản thứ nhất của bài viết, đủ dài để là một đoạn văn.</p>"


def parse(html: str, url: str = ARTICLE_URL, content_type: str | None = None):
    return parse_article(html.encode("utf-8"), url, content_type)


def item(html: str, url: str = ARTICLE_URL):
    return parse(html, url).item


# -- the item's shape ------------------------------------------------------------------------------

def test_item_fields_and_types():
    r = parse(make_page(sapo="Tóm tắt.", content=P + '<p style="text-align:right">TL (tổng hợp)</p>'))
    it = r.item
    assert list(it) == [
        "schema_version", "article_id", "url", "source_url", "category", "title", "published",
        "summary", "body", "images", "author", "sections", "text", "content_hash",
    ]
    assert it["schema_version"] == 1
    assert it["article_id"] == 12001
    assert it["source_url"] == ARTICLE_URL
    assert r.parser == "ArticlePage2023"
    assert r.problems == []
    assert set(r.layers) == {"title", "published", "category", "summary", "body", "images", "author", "url"}


# -- title -----------------------------------------------------------------------------------------

def test_title_from_portal_h1_one_line_nfc():
    nfd = unicodedata.normalize("NFD", "Tin hoạt động VKSND<br>  địa phương")
    r = parse(make_page(title=nfd))
    assert r.item["title"] == "Tin hoạt động VKSND địa phương"
    assert r.layers["title"] == "portal"


def test_title_fallback_og_title():
    head = '<meta property="og:title" content="Tiêu đề từ Open Graph">'
    r = parse(make_page(title=None, head=head, html_title="Khác - VKSND tối cao"))
    assert r.item["title"] == "Tiêu đề từ Open Graph"
    assert r.layers["title"] == "meta"


def test_title_fallback_first_heading_not_the_banner():
    html = make_page(title=None, html_title="x").replace(
        '<div class="tool-bar">', "<h1>VKSND tỉnh Cao Bằng tổ chức Hội nghị</h1><div class=\"tool-bar\">"
    )
    r = parse(html)
    assert r.item["title"] == "VKSND tỉnh Cao Bằng tổ chức Hội nghị"
    assert r.layers["title"] == "heading"


def test_title_fallback_html_title_without_site_suffix():
    r = parse(make_page(title=None, html_title="Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh - VKSND tối cao"))
    assert r.item["title"] == "Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh"
    assert r.layers["title"] == "meta"


def test_title_site_suffix_variants():
    for t in (
        "Tiêu đề | Viện kiểm sát nhân dân tối cao",
        "Tiêu đề - Cổng thông tin điện tử Viện kiểm sát nhân dân tối cao",
        "VKSND tối cao - Tiêu đề",
    ):
        assert item(make_page(title=None, html_title=t))["title"] == "Tiêu đề"


def test_no_title():
    r = parse(make_page(title=None, html_title=""))
    assert r.item["title"] == ""
    assert r.layers["title"] == "none"
    assert "no title" in r.problems


# -- published -------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "shown, iso",
    [("28/11/2023", "2023-11-28"), ("Thứ ba, 28/11/2023 - 08:15", "2023-11-28T08:15:00+07:00")],
)
def test_published_from_date_detail(shown, iso):
    r = parse(make_page(date=shown))
    assert r.item["published"] == iso
    assert r.layers["published"] == "portal"


def test_published_meta_fallback_converted_to_vietnam_time():
    head = '<meta property="article:published_time" content="2023-11-28T01:15:00Z">'
    r = parse(make_page(date=None, head=head))
    assert r.item["published"] == "2023-11-28T08:15:00+07:00"
    assert r.layers["published"] == "meta"


def test_published_meta_date_only_stays_a_date():
    head = '<meta property="article:published_time" content="2023-11-28">'
    assert item(make_page(date=None, head=head))["published"] == "2023-11-28"


def test_published_near_the_title():
    html = make_page(date=None).replace("</h1>\n", '</h1>\n<p class="x">Thứ ba, 28/11/2023 - 08:15</p>\n', 1)
    # the first </h1> is the banner's; put the date after the article title instead
    html = make_page(date=None, title="Tiêu đề bài viết").replace(
        "Tiêu đề bài viết</h1>", 'Tiêu đề bài viết</h1><div class="meta-line">Thứ ba, 28/11/2023 - 08:15</div>'
    )
    r = parse(html)
    assert r.item["published"] == "2023-11-28T08:15:00+07:00"
    assert r.layers["published"] == "heading"


def test_published_not_taken_from_running_text_or_banner():
    # no date line at all: the banner's "today" and "Ngày 27/11/2023" in the body are not the date
    html = make_page(date=None, content="<p><strong>Ngày 27/11/2023</strong>, VKSND tỉnh Hà Tĩnh tổ chức Hội nghị tổng kết công tác thi đua năm 2023.</p>")
    r = parse(html)
    assert r.item["published"] is None
    assert r.layers["published"] == "none"
    assert "no date" in r.problems


# -- category --------------------------------------------------------------------------------------

def test_category_is_last_breadcrumb_entry():
    r = parse(make_page())
    assert r.item["category"] == "Tin hoạt động VKSND địa phương"
    assert r.layers["category"] == "portal"


def test_category_breadcrumb_with_separators():
    html = make_page(crumbs=None).replace(
        '<div class="container"><div class="main-col">',
        '<div class="container"><div class="main-col"><div class="breadcrumb"><a href="/">Trang chủ</a> » '
        '<a href="/tin-tuc">Tin tức</a> » <a href="/c">Tin hoạt động VKSND địa phương</a></div>',
    )
    assert item(html)["category"] == "Tin hoạt động VKSND địa phương"


def test_no_category():
    r = parse(make_page(crumbs=None))
    assert r.item["category"] is None
    assert r.layers["category"] == "none"


# -- summary ---------------------------------------------------------------------------------------

def test_summary_from_sapo_with_br():
    r = parse(make_page(sapo="<strong>Dòng một<br>dòng hai</strong>"))
    assert r.item["summary"] == "Dòng một\ndòng hai"
    assert r.layers["summary"] == "portal"


def test_summary_paragraphs():
    assert item(make_page(sapo="<p>Một.</p><p>Hai.</p>"))["summary"] == "Một.\n\nHai."


def test_meta_description_is_not_a_summary():
    head = '<meta name="description" content="Mô tả trang"><meta property="og:description" content="Mô tả">'
    r = parse(make_page(head=head))
    assert r.item["summary"] is None
    assert r.layers["summary"] == "none"


def test_summary_not_repeated_in_body():
    it = item(make_page(sapo="Tóm tắt bài viết.", content="<p>Tóm tắt bài viết.</p>" + P))
    assert it["summary"] == "Tóm tắt bài viết."
    assert "Tóm tắt" not in it["body"]


# -- body ------------------------------------------------------------------------------------------

def test_body_paragraphs_blank_line_and_br_newline():
    it = item(make_page(content="<p>Một <b>hai</b>\n  ba.</p><p>Bốn.<br>Năm.</p><p>&nbsp;</p><p></p><p>Sáu.</p>"))
    assert it["body"] == "Một hai ba.\n\nBốn.\nNăm.\n\nSáu."


def test_body_double_br_separates_paragraphs():
    assert item(make_page(content="<div>Một.<br><br>Hai.<br></div>"))["body"] == "Một.\n\nHai."


def test_body_text_outside_p():
    assert item(make_page(content="Văn bản trần.<div>Trong div.</div>Đuôi."))["body"] == "Văn bản trần.\n\nTrong div.\n\nĐuôi."


def test_body_lists_each_li_a_block():
    it = item(make_page(content="<p>Gồm:</p><ul><li>Thứ nhất;</li><li>Thứ <b>hai</b>.</li></ul><ol><li>Ba</li></ol>" + P))
    assert it["body"].startswith("Gồm:\n\nThứ nhất;\n\nThứ hai.\n\nBa\n\n")


def test_body_data_table_one_block_cells_joined():
    table = "<table><tr><th>Đơn vị</th><th>Số vụ</th></tr><tr><td>Cao Bằng</td><td>12</td></tr><tr><td>Hà Tĩnh</td><td>7</td></tr></table>"
    it = item(make_page(content="<p>Trước.</p>" + table + "<p>Sau.</p>"))
    assert it["body"] == "Trước.\n\nĐơn vị | Số vụ\nCao Bằng | 12\nHà Tĩnh | 7\n\nSau."


def test_body_layout_table_is_walked_not_flattened():
    long = "Một đoạn văn dài trong bảng bố cục " * 10
    it = item(make_page(content=f"<table><tr><td><p>{long}</p><p>Đoạn hai.</p></td></tr></table>"))
    assert it["body"] == long.strip() + "\n\nĐoạn hai."


def test_body_without_chrome_and_outside_content():
    it = item(make_page(content=P))
    for chrome in ("CỔNG THÔNG TIN", "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "Supreme", "Cỡ chữ", "Tương phản", "Tìm kiếm", "Tin liên quan", "Đọc nhiều", "Bản quyền"):
        assert chrome not in it["body"]
        assert chrome not in it["text"]


def test_chrome_inside_content_is_dropped():
    content = P + '<div class="box-related"><h3>Tin liên quan</h3><p><a href="/a-t1.html">Bài khác rất dài ở đây để trông như một đoạn</a></p></div><div class="share-tools">Chia sẻ</div>'
    it = item(make_page(content=content))
    assert it["body"] == "Đoạn văn bản thứ nhất của bài viết, đủ dài để là một đoạn văn."


def test_known_chrome_lines_dropped_as_safety_net():
    it = item(make_page(content=P + "<p>Tìm kiếm</p><p>Cỡ chữ: Tương phản</p><p>left center right del</p><p>Kết thúc bài.</p>"))
    assert it["body"] == "Đoạn văn bản thứ nhất của bài viết, đủ dài để là một đoạn văn.\n\nKết thúc bài."


def test_no_body_when_no_layer_finds_text():
    # a page that prints a headline, a date and an empty content element, nothing else: the
    # generic extractor finds no text either, so the article is rejected
    html = ('<html><head><title>Tin hoạt động - VKSND tối cao</title></head><body><h1 class="title-detail">'
            'Tin hoạt động VKSND địa phương</h1><div class="date-detail">28/11/2023</div>'
            '<div class="content-detail"></div></body></html>')
    r = parse(html)
    assert r.item["body"] == ""
    assert r.layers["body"] == "none"
    assert "no body" in r.problems


def test_an_empty_content_element_falls_through_to_the_generic_extractor():
    # the portal's content element is there but empty; the generic extractor reads the only
    # prose left on the page: the item is not rejected while a peer finds text (its layer,
    # "generic", tells the crawl's drift report that the portal's markup changed)
    r = parse(make_page(content=""))
    assert r.item["body"].startswith("Một đoạn văn bản dài ở cột bên")
    assert r.layers["body"] == "generic"
    assert "no body" not in r.problems


# -- images ----------------------------------------------------------------------------------------

def test_images_absolute_percent_encoded_in_order():
    content = (
        '<p><img src="/Uploads/2024/anh hội nghị 1.jpg"></p>' + P
        + '<p><img src="https://vksndtc.gov.vn/Uploads/b.jpg"></p><p><img src="c.jpg"></p>'
    )
    it = item(make_page(content=content))
    assert [im["url"] for im in it["images"]] == [
        ORIGIN + "/Uploads/2024/anh%20h%E1%BB%99i%20ngh%E1%BB%8B%201.jpg",
        "https://vksndtc.gov.vn/Uploads/b.jpg",
        ORIGIN + "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/c.jpg",
    ]


def test_images_resolved_against_base_href():
    it = item(make_page(head='<base href="https://cdn.example.vn/media/">', content='<p><img src="a.jpg"></p>' + P))
    assert it["images"][0]["url"] == "https://cdn.example.vn/media/a.jpg"


def test_images_outside_content_are_not_images():
    it = item(make_page(head='<meta property="og:image" content="/logo.png">', content=P))
    assert it["images"] == []


@pytest.mark.parametrize(
    "caption_p",
    [
        "<p><em>Chú thích ảnh<br>dòng hai</em></p>",
        '<p style="text-align: center;">Chú thích ảnh<br>dòng hai</p>',
        '<p align="center">Chú thích ảnh<br>dòng hai</p>',
        '<p class="caption">Chú thích ảnh<br>dòng hai</p>',
        '<p><i>Chú thích ảnh</i><br><i>dòng hai</i></p>',
        '<p style="font-style:italic">Chú thích ảnh <br> dòng hai</p>',
    ],
)
def test_older_caption_paragraph_after_image(caption_p):
    it = item(make_page(content=P + '<p style="text-align:center"><img src="/Uploads/a.jpg"></p>' + caption_p + "<p>Tiếp theo.</p>"))
    assert it["images"] == [{"url": ORIGIN + "/Uploads/a.jpg", "caption": "Chú thích ảnh dòng hai"}]
    assert "Chú thích" not in it["body"]
    assert it["body"].endswith("Tiếp theo.")
    assert "\n\nChú thích ảnh dòng hai\n\nTiếp theo." in it["text"]


def test_plain_paragraph_after_image_is_not_a_caption():
    it = item(make_page(content=P + '<p><img src="/Uploads/a.jpg"></p><p>Một đoạn thường sau ảnh.</p>'))
    assert it["images"] == [{"url": ORIGIN + "/Uploads/a.jpg", "caption": None}]
    assert it["body"].endswith("Một đoạn thường sau ảnh.")


def test_newer_image_box_caption_second_row_no_toolbar_words():
    box = (
        '<table class="image center"><tbody><tr><td><img src="/Uploads/b.jpg">'
        "<span>left</span><span>center</span><span>right</span><span>del</span></td></tr>"
        '<tr><td class="image_desc">Đồng chí Lê Văn Đông<br>phát biểu.</td></tr></tbody></table>'
    )
    it = item(make_page(content=P + box + "<p>Sau.</p>"))
    assert it["images"] == [{"url": ORIGIN + "/Uploads/b.jpg", "caption": "Đồng chí Lê Văn Đông phát biểu."}]
    for word in ("left", "center", "right", "del"):
        assert word not in it["body"] and word not in it["text"].replace("Đông", "")
    assert "leftcenterrightdel" not in it["text"]


def test_image_box_without_caption():
    box = '<table class="image"><tr><td><img src="/Uploads/b.jpg"><span>left</span><span>center</span><span>right</span><span>del</span></td></tr></table>'
    it = item(make_page(content=P + box))
    assert it["images"] == [{"url": ORIGIN + "/Uploads/b.jpg", "caption": None}]


def test_figure_with_figcaption():
    it = item(make_page(content=P + '<figure><img src="/Uploads/f.jpg"><figcaption>Ảnh <br>hội nghị</figcaption></figure>'))
    assert it["images"] == [{"url": ORIGIN + "/Uploads/f.jpg", "caption": "Ảnh hội nghị"}]


def test_lazy_image_src():
    it = item(make_page(content=P + '<p><img src="data:image/gif;base64,R0l" data-src="/Uploads/lazy.jpg"></p>'))
    assert it["images"][0]["url"] == ORIGIN + "/Uploads/lazy.jpg"


# -- author ----------------------------------------------------------------------------------------

def test_author_right_aligned_last_paragraph():
    it = item(make_page(content=P + '<p style="text-align: right;"><strong>TL (tổng hợp)</strong></p>'))
    assert it["author"] == "TL (tổng hợp)"
    assert "TL (tổng hợp)" not in it["body"]
    assert it["text"].endswith("\n\nTL (tổng hợp)")


def test_author_short_last_line():
    it = item(make_page(content=P + "<p>Hải - Huê</p>"))
    assert it["author"] == "Hải - Huê"
    assert it["body"] == "Đoạn văn bản thứ nhất của bài viết, đủ dài để là một đoạn văn."


def test_author_right_aligned_even_when_long():
    long = "Nguồn: Phòng Thống kê tội phạm và Công nghệ thông tin VKSND tỉnh Thanh Hóa (tổng hợp)."
    assert item(make_page(content=P + f'<p align="right">{long}</p>'))["author"] == long


@pytest.mark.parametrize(
    "last",
    [
        "<p>Hội nghị kết thúc thành công tốt đẹp.</p>",  # a full stop
        "<p>" + "Một dòng kết thúc dài hơn sáu mươi ký tự nhưng không có dấu chấm ở cuối câu" + "</p>",
    ],
)
def test_no_author(last):
    it = item(make_page(content=P + last))
    assert it["author"] is None


def test_an_author_line_may_link_to_one_page_not_to_two():
    # AUTHOR_MAX_LINKS: a byline linking to the writer's page is a byline; a line of two links or
    # more is a share toolbar or a row of tags
    one = '<p>Hải - <a href="/tac-gia/hue">Huê</a></p>'
    two = '<p><a href="https://www.facebook.com/sharer/sharer.php?u=x">Facebook</a> <a href="mailto:?subject=x">Gửi email</a> In bài</p>'
    assert item(make_page(content=P + one))["author"] == "Hải - Huê"
    assert item(make_page(content=P + two))["author"] is None


def test_single_short_paragraph_is_body_not_author():
    it = item(make_page(content="<p>Hải - Huê</p>"))
    assert it["author"] is None
    assert it["body"] == "Hải - Huê"


def test_caption_is_not_author():
    it = item(make_page(content=P + '<p><img src="/a.jpg"></p><p><em>Chú thích</em></p>'))
    assert it["author"] is None
    assert it["images"][0]["caption"] == "Chú thích"


# -- sections --------------------------------------------------------------------------------------

DIGEST = (
    "<p>Đoạn mở đầu không thuộc mục nào: gồm các nội dung sau.</p>"
    "<p><strong>VKSND tỉnh Cao Bằng:</strong> Vừa qua, tại VKSND tỉnh Cao Bằng.</p>"
    "<p>Đoạn hai của Cao Bằng.</p>"
    "<p><strong>VKSND tỉnh Hà Tĩnh</strong>: Ngày 27/11/2023, tại Hà Tĩnh.</p>"
    "<p><b>Viện kiểm sát nhân dân thành phố Cần Thơ:</b></p>"
    "<p>Ngày 24/11/2023, Cần Thơ.</p>"
    '<p style="text-align:right">TL (tổng hợp)</p>'
)


def test_sections_units_provinces_and_text():
    it = item(make_page(content=DIGEST))
    assert it["sections"] == [
        {"unit": "VKSND tỉnh Cao Bằng", "provinces": ["Cao Bằng"], "text": "Vừa qua, tại VKSND tỉnh Cao Bằng.\n\nĐoạn hai của Cao Bằng."},
        {"unit": "VKSND tỉnh Hà Tĩnh", "provinces": ["Hà Tĩnh"], "text": "Ngày 27/11/2023, tại Hà Tĩnh."},
        {"unit": "Viện kiểm sát nhân dân thành phố Cần Thơ", "provinces": ["Cần Thơ"], "text": "Ngày 24/11/2023, Cần Thơ."},
    ]
    assert it["author"] == "TL (tổng hợp)"


def test_no_sections_in_a_single_unit_article():
    it = item(make_page(content="<p>VKSND tỉnh Thanh Hóa tổ chức Hội nghị tổng kết, gồm: các đơn vị.</p>" + P))
    assert it["sections"] == []


def test_sections_ignore_captions_and_author():
    content = (
        "<p><strong>VKSND tỉnh Cao Bằng:</strong> Một.</p>"
        '<p><img src="/a.jpg"></p><p><em>VKSND tỉnh Hà Tĩnh: chú thích ảnh</em></p>'
        "<p>Hai.</p><p>Hải - Huê</p>"
    )
    it = item(make_page(content=content))
    assert it["sections"] == [{"unit": "VKSND tỉnh Cao Bằng", "provinces": ["Cao Bằng"], "text": "Một.\n\nHai."}]


# -- text, content_hash ----------------------------------------------------------------------------

def test_text_shape():
    content = P + '<p><img src="/a.jpg"></p><p><em>Chú<br>thích</em></p><p>Cuối.</p><p><img src="/b.jpg"></p><p style="text-align:right">Hải - Huê</p>'
    it = item(make_page(title="Tiêu đề", date="Thứ ba, 28/11/2023 - 08:15", sapo="Tóm tắt.", content=content))
    assert it["text"] == (
        "Tiêu đề\n\n28/11/2023\n\nTóm tắt.\n\n"
        "Đoạn văn bản thứ nhất của bài viết, đủ dài để là một đoạn văn.\n\nChú thích\n\nCuối.\n\nHải - Huê"
    )


def test_content_hash_of_the_fields():
    it = item(make_page(title="Tiêu đề", sapo="Tóm  tắt.", content="<p>Một.</p><p>Hai.<br>Ba.</p>"))
    raw = "Tiêu đề\nTóm tắt.\nMột. Hai. Ba."
    assert it["content_hash"] == "sha256:" + hashlib.sha256(raw.encode()).hexdigest()
    assert it["content_hash"] == content_hash(it["title"], it["summary"], it["body"])


def test_same_content_same_hash_whatever_the_chrome_or_number():
    a = item(make_page(content=P), ARTICLE_URL)
    b = item(make_page(content=P, crumbs=None, date="29/11/2023").replace("Đọc nhiều", "Xem nhiều"), ORIGIN + "/x/y-d8-t99.html")
    assert a["content_hash"] == b["content_hash"]


# -- url and article_id ----------------------------------------------------------------------------

CURRENT = "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-d8-t12894.html"
LEGACY = ORIGIN + "/tintuc/Pages/lists.aspx?Cat=3&ItemID=12894"


def test_url_from_canonical_when_fetched_under_legacy_url():
    r = parse(make_page(head=f'<link rel="canonical" href="{CURRENT}">'), LEGACY)
    assert r.item["url"] == CURRENT
    assert r.item["source_url"] == LEGACY
    assert r.item["article_id"] == 12894
    assert r.layers["url"] == "meta"


def test_relative_canonical_is_made_absolute():
    r = parse(make_page(head='<link rel="canonical" href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-d8-t12894.html">'), LEGACY)
    assert r.item["url"] == ORIGIN + "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-d8-t12894.html"


def test_url_from_og_url_when_no_canonical():
    r = parse(make_page(head=f'<meta property="og:url" content="{CURRENT}">'), LEGACY)
    assert r.item["url"] == CURRENT
    assert r.layers["url"] == "meta"


def test_canonical_that_is_not_an_article_is_ignored():
    head = '<link rel="canonical" href="https://vksndtc.gov.vn/"><meta property="og:url" content="https://vksndtc.gov.vn/tin-tuc">'
    r = parse(make_page(head=head))
    assert r.item["url"] == ARTICLE_URL
    assert r.item["article_id"] == 12001
    assert r.layers["url"] == "none"


def test_url_is_fetched_url_without_canonical():
    r = parse(make_page(), LEGACY)
    assert r.item["url"] == LEGACY
    assert r.item["article_id"] == 12894


def test_no_article_id():
    r = parse(make_page(), ORIGIN + "/some/page.html")
    assert r.item["article_id"] is None
    assert "no article_id" in r.problems


def test_a_date_opening_a_sentence_is_not_the_date_line_with_the_same_text_below_it():
    # the two text nodes "Ngày 14/11/2020" sit in one block: the first opens a sentence (body
    # text), the second is the date line; each is judged by its own line
    html = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tiêu đề bài viết ở đây</title></head><body>'
            '<div class="post"><h1>Tiêu đề bài viết ở đây</h1>'
            '<b>Ngày 14/11/2020</b>, Viện kiểm sát nhân dân tỉnh Nghệ An sơ kết công tác kiểm sát.<br>'
            '<i>Ngày 14/11/2020</i><br>'
            '<p>Các học viên đã thảo luận, trao đổi nhiều tình huống phát sinh trong thực tiễn, góp phần thống nhất nhận thức.</p>'
            '</div></body></html>')
    parsed = parse_article(html.encode(), ARTICLE_URL, portal=False)
    assert parsed.item["published"] == "2020-11-14"
    assert "Viện kiểm sát nhân dân tỉnh Nghệ An sơ kết" in parsed.item["text"]
    assert "Ngày 14/11/2020, Viện kiểm sát" in parsed.item["text"]


# -- find_author, decision by decision (the mutants of roles.find_author) ------------------------

@pytest.mark.parametrize("images", [1, 2])
def test_the_author_line_is_found_above_closing_images(images):
    # images after the author line are skipped, one block at a time
    closing = "".join(f'<p><img src="/{i}.jpg"></p>' for i in range(images))
    it = item(make_page(content=P + P + '<p style="text-align: right;">Hải - Huê</p>' + closing))
    assert it["author"] == "Hải - Huê"


def test_an_author_line_may_be_a_right_aligned_heading():
    it = item(make_page(content=P + '<h4 style="text-align: right;">Hải - Huê</h4>'))
    assert it["author"] == "Hải - Huê"


@pytest.mark.parametrize("before", ['<p><img src="/a.jpg"></p>', '<p><img src="/a.jpg"></p><p><em>Chú thích ảnh</em></p>'])
def test_a_short_line_after_only_an_image_is_body_not_author(before):
    it = item(make_page(content=before + "<p>Hải - Huê</p>"))
    assert it["author"] is None


@pytest.mark.parametrize("last", ["<p>Lượt xem: 1.234</p>", "<p>12/03/2024</p>", '<p><a href="/tin-khac.html">Xem tiếp</a></p>'])
def test_a_counter_a_bare_date_or_a_link_closing_the_content_is_no_author(last):
    it = item(make_page(content=P + last))
    assert it["author"] is None


def test_a_line_four_fifths_link_is_no_author_and_less_is():
    # link_share >= 0.8: "Theo:" and a 20-character link are 5 and 20 of the line's 25 characters
    at = item(make_page(content=P + '<p>Theo: <a href="/nguon.html">Báo Bảo vệ pháp luật</a></p>'))
    assert at["author"] is None
    below = item(make_page(content=P + '<p>Theo bài: <a href="/nguon.html">Báo Bảo vệ pháp luật</a></p>'))
    assert below["author"] == "Theo bài: Báo Bảo vệ pháp luật"


def test_a_labelled_author_line_gives_the_name_after_its_label():
    it = item(make_page(content=P + "<p>Tác giả: Nguyễn Văn A</p>"))
    assert it["author"] == "Nguyễn Văn A"


def test_a_short_closing_line_of_two_lines_is_no_author():
    it = item(make_page(content=P + "<p>Hải<br>Huê</p>"))
    assert it["author"] is None


@pytest.mark.parametrize("length, author", [(60, True), (61, False)])
def test_a_short_closing_line_is_the_author_up_to_60_characters(length, author):
    line = ("Nguyễn Văn A - " * 5)[:length].rstrip() 
    line = line + "x" * (length - len(line))
    it = item(make_page(content=P + f"<p>{line}</p>"))
    assert (it["author"] == line) is author
