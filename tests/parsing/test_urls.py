"""Article numbers and URLs."""

from __future__ import annotations

import pytest

from vkscrawl.parsing import absolute_url, article_id_from_url
from vkscrawl.parsing.sites.portal import is_category_article_url


@pytest.mark.parametrize(
    "url, aid",
    [
        ("https://vksndtc.gov.vn/tin-tuc/cong-tac-kiem-sat/thuc-hien-dieu-khoan-d10-t11857.html", 11857),
        ("https://vksndtc.gov.vn/thong-tin/cong-tac-xay-dung-dang/ke-hoach-2022---2025-trong-d32-t10106.html", 10106),
        ("https://vksndtc.gov.vn/thong-tin/x/ke-hoach-d32-t10106.html?Page=2", 10106),
        ("/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/tin-d8-t12894.html#top", 12894),
        ("https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&ItemID=12894", 12894),
        ("https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&itemid=12894", 12894),
        ("https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?ITEMID=12894&Cat=3", 12894),
        ("http://127.0.0.1:8000/tintuc/Pages/lists.aspx?Cat=3&ItemID=7", 7),
    ],
)
def test_article_id(url, aid):
    assert article_id_from_url(url) == aid


@pytest.mark.parametrize(
    "url",
    [
        None,
        "",
        "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong",
        "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong?Page=2",
        "https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3",
        "https://vksndtc.gov.vn/tin-tuc/a-t12.html.bak",
        "https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&ItemID=",
        "https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&OtherItemID=5",
    ],
)
def test_no_article_id(url):
    assert article_id_from_url(url) is None


def test_category_article_url():
    assert is_category_article_url("http://h/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/a-d8-t5.html")
    assert is_category_article_url("http://h/tintuc/Pages/lists.aspx?Cat=3&ItemID=5")
    assert not is_category_article_url("http://h/tin-tuc/cong-tac-kiem-sat/a-d10-t5.html")
    assert not is_category_article_url("http://h/tin-tuc/tin-hoat-dong-vksnd-dia-phuong?Page=2")


def test_absolute_url_percent_encodes_spaces_and_letters():
    base = "http://127.0.0.1:8000/tin-tuc/a/b-d8-t1.html"
    assert absolute_url("/Uploads/anh 1.jpg", base) == "http://127.0.0.1:8000/Uploads/anh%201.jpg"
    assert absolute_url("/Uploads/ảnh.jpg", base) == "http://127.0.0.1:8000/Uploads/%E1%BA%A3nh.jpg"
    assert absolute_url("anh.jpg", base) == "http://127.0.0.1:8000/tin-tuc/a/anh.jpg"
    assert absolute_url(" /Uploads/a%20b.jpg \n", base) == "http://127.0.0.1:8000/Uploads/a%20b.jpg"
    assert absolute_url("https://cdn.example/x.jpg", base) == "https://cdn.example/x.jpg"


def test_absolute_url_nfd_letters_encoded_as_nfc():
    import unicodedata

    base = "http://h/"
    nfd = unicodedata.normalize("NFD", "/Uploads/ảnh.jpg")
    assert absolute_url(nfd, base) == absolute_url("/Uploads/ảnh.jpg", base)


@pytest.mark.parametrize("href", [None, "", "#", "#top", "javascript:void(0)", "mailto:a@b", "data:image/png;base64,AA"])
def test_absolute_url_rejects(href):
    assert absolute_url(href, "http://h/") is None
