"""parse_article / parse_listing return for ANY input and say what they could not find."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vkscrawl.parsing import LAYERS, parse_article, parse_listing

from .fixturedata import fixture_dirs
from .htmlpages import ARTICLE_URL, LISTING_URL, make_page

KEYS = {
    "schema_version", "article_id", "url", "source_url", "category", "title", "published", "summary",
    "body", "images", "author", "sections", "text", "content_hash",
}
LAYER_VALUES = set(LAYERS)

SAMPLE = make_page(
    title="Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh",
    date="Thứ ba, 28/11/2023 - 08:15",
    sapo="Tóm tắt của bài viết.",
    content=(
        "<p><strong>VKSND tỉnh Cao Bằng:</strong> Vừa qua, Hội nghị.</p>"
        '<p><img src="/Uploads/a b.jpg"></p><p><em>Chú thích ảnh</em></p>'
        "<p>Đoạn cuối của bài.</p><p>Hải - Huê</p>"
    ),
)


def check_shape(r):
    assert set(r.item) == KEYS
    assert set(r.layers.values()) <= LAYER_VALUES
    it = r.item
    assert isinstance(it["title"], str) and isinstance(it["body"], str) and isinstance(it["text"], str)
    assert it["published"] is None or isinstance(it["published"], str)
    assert isinstance(it["images"], list) and isinstance(it["sections"], list)
    assert it["content_hash"].startswith("sha256:")
    for f in ("title", "body", "text", "summary", "author", "category"):
        v = it[f]
        if v:
            assert v == unicodedata.normalize("NFC", v)
            assert v == v.strip()
            assert "\u00a0" not in v and "\u200b" not in v
    for f in ("title", "author", "category"):
        assert "\n" not in (it[f] or "")


@pytest.mark.parametrize("body", [b"", "", b" ", b"\x00\x00\x00", b"\xff\xfe\xfd", "<", "<html>", "<html><body></body></html>", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj"])
def test_degenerate_inputs(body):
    r = parse_article(body, ARTICLE_URL)
    check_shape(r)
    assert {"no title", "no date", "no body"} <= set(r.problems)
    assert r.item["article_id"] == 12001  # from the fetched URL


def test_binary_noise():
    data = os.urandom(1) + bytes(range(256)) * 40
    r = parse_article(data, ARTICLE_URL, "image/jpeg")
    check_shape(r)


def test_script_soup():
    soup = "<html><head><script>var a = '<p>not text</p>';</script><style>p{}</style></head><body>" + "<script>document.write('<h1>x</h1>')</script>" * 50 + "</body></html>"
    r = parse_article(soup, ARTICLE_URL)
    check_shape(r)
    assert r.item["body"] == "" and r.item["title"] == ""


@pytest.mark.parametrize("cut", [50, 300, 1000, 2500, 4000, 6000])
def test_truncated_page(cut):
    data = SAMPLE.encode()
    r = parse_article(data[:cut], ARTICLE_URL)
    check_shape(r)


def test_truncated_in_the_middle_of_the_content_keeps_what_is_there():
    data = SAMPLE.encode()
    cut = data.index("Đoạn cuối".encode())
    r = parse_article(data[:cut], ARTICLE_URL)
    assert r.item["title"] == "Tin hoạt động VKSND địa phương Cao Bằng – Hà Tĩnh"
    assert r.item["published"] == "2023-11-28T08:15:00+07:00"
    assert r.item["body"].startswith("VKSND tỉnh Cao Bằng:")


def test_truncated_fixture_pages_never_raise():
    for d in fixture_dirs()[:4]:
        data = (d / "page.html").read_bytes()
        for cut in range(0, len(data), max(1, len(data) // 25)):
            check_shape(parse_article(data[:cut], ARTICLE_URL))


def test_nfd_page_gives_nfc_item():
    nfc = parse_article(SAMPLE.encode(), ARTICLE_URL).item
    nfd = parse_article(unicodedata.normalize("NFD", SAMPLE).encode(), ARTICLE_URL).item
    assert nfd == nfc


@pytest.mark.parametrize(
    "content_type, meta",
    [
        ("text/html; charset=iso-8859-1", "utf-8"),
        ("text/html; charset=windows-1252", "utf-8"),
        ("text/html", "iso-8859-1"),
        (None, "windows-1252"),
        ("text/html; charset=latin1", "latin1"),
    ],
)
def test_wrong_charset_declaration_utf8_bytes(content_type, meta):
    good = parse_article(SAMPLE.encode(), ARTICLE_URL).item
    page = SAMPLE.replace('<meta charset="utf-8">', f'<meta charset="{meta}">')
    r = parse_article(page.encode("utf-8"), ARTICLE_URL, content_type)
    assert r.item["title"] == good["title"]
    assert r.item["body"] == good["body"]


def test_true_single_byte_page_is_decoded_as_declared():
    page = "<html><head><meta charset='windows-1252'><title>x</title></head><body><h1 class='title-detail'>Café déjà vu</h1></body></html>"
    r = parse_article(page.encode("cp1252"), ARTICLE_URL)
    assert r.item["title"] == "Café déjà vu"
    r = parse_article(page.encode("cp1252"), ARTICLE_URL, "text/html; charset=iso-8859-1")
    assert r.item["title"] == "Café déjà vu"


def test_header_charset_wins_for_real_legacy_vietnamese_encoding():
    # windows-1258 writes the tone marks as combining characters after a base letter
    page = "<html><body><h1 class='title-detail'>Tiê\u0301ng Viê\u0323t</h1></body></html>"
    r = parse_article(page.encode("cp1258"), ARTICLE_URL, "text/html; charset=windows-1258")
    assert r.item["title"] == "Tiếng Việt"


def test_utf8_bom_and_utf16():
    r = parse_article(b"\xef\xbb\xbf" + SAMPLE.encode(), ARTICLE_URL)
    assert r.item["title"].startswith("Tin hoạt động")
    r = parse_article(SAMPLE.replace('<meta charset="utf-8">', "").encode("utf-16"), ARTICLE_URL)
    assert r.item["title"].startswith("Tin hoạt động")


def test_str_body_is_accepted():
    assert parse_article(SAMPLE, ARTICLE_URL).item == parse_article(SAMPLE.encode(), ARTICLE_URL).item


def test_xml_declaration_in_str_body():
    r = parse_article('<?xml version="1.0" encoding="utf-8"?>' + SAMPLE, ARTICLE_URL)
    assert r.item["title"].startswith("Tin hoạt động")


def test_listing_degenerate_inputs():
    for body in (b"", "", b"\x00\xff", "<html>", "<div class='list-news'></div>"):
        r = parse_listing(body, LISTING_URL)
        assert r.teasers == [] and r.next_url is None and r.layer == "none"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_fuzz_bytes(data):
    check_shape(parse_article(data, ARTICLE_URL))
    parse_listing(data, LISTING_URL)


TAGS = st.sampled_from(["p", "div", "span", "h1", "h2", "table", "tr", "td", "ul", "li", "img", "br", "em", "strong", "script", "article", "figure", "a"])
ATTRS = st.sampled_from(["", ' class="content-detail"', ' class="title-detail"', ' class="sapo"', ' class="date-detail"', ' style="text-align:right"', ' class="image"', ' src="/a b.jpg"', ' href="/x-t5.html"'])
TEXTS = st.sampled_from(["", "VKSND tỉnh Cao Bằng:", "28/11/2023", "left", "Hải - Huê", "Tìm kiếm", "\u00a0", "x" * 30, "Ngày 27/11/2023, tại"])


@st.composite
def html_soup(draw):
    parts = []
    for _ in range(draw(st.integers(0, 60))):
        kind = draw(st.integers(0, 2))
        if kind == 0:
            parts.append(f"<{draw(TAGS)}{draw(ATTRS)}>")
        elif kind == 1:
            parts.append(f"</{draw(TAGS)}>")
        else:
            parts.append(draw(TEXTS))
    return "".join(parts)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html_soup())
def test_fuzz_tag_soup(soup):
    check_shape(parse_article(soup, ARTICLE_URL))
    r = parse_listing(soup, LISTING_URL)
    assert all(t.url.startswith("http") for t in r.teasers)


def test_no_scrapy_import():
    code = "import sys, vkscrawl.parsing as p; p.parse_article(b'<p>x</p>', 'http://h/a-t1.html'); p.parse_listing(b'', 'http://h/'); print('scrapy' in sys.modules, 'twisted' in sys.modules)"
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True)
    assert out.stdout.split() == ["False", "False"]
