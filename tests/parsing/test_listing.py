"""The category listing: teasers from the list only, the next link, the empty page."""

from __future__ import annotations

from pathlib import Path

import pytest

from vkscrawl.parsing import parse_listing

from .htmlpages import LISTING_URL, ORIGIN

LISTING_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "portal" / "listing"
CAT = "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"

SIDEBAR = f"""
<aside class="col-side"><div class="box-most-read"><h3>Tin đọc nhiều</h3><ul>
  <li><a href="{CAT}/doc-nhieu-d8-t900.html">Tin đọc nhiều của cùng chuyên mục</a> <span class="date">01/01/2023</span></li>
  <li><a href="/tin-tuc/cong-tac-kiem-sat/khac-d10-t901.html">Chuyên mục khác</a></li></ul></div></aside>
"""
MENU = f"""<header><ul class="menu"><li><a href="{CAT}">Tin hoạt động VKSND địa phương</a></li>
<li><a href="{CAT}/menu-d8-t902.html">Một bài trong menu</a></li></ul></header>"""
FOOTER = f"""<footer><ul><li><a href="{CAT}/footer-d8-t903.html">Bài ở chân trang</a> 02/02/2023</li></ul></footer>"""


def teaser(aid: int, date: str, href: str | None = None, cls=("item-news", "date", "sapo")) -> str:
    href = href or f"{CAT}/tin-hoat-dong-vksnd-dia-phuong-so-{aid}-d8-t{aid}.html"
    item, datec, sapoc = cls
    return f"""<div class="{item}"><a href="{href}" class="thumb"><img src="/Uploads/{aid}.jpg"></a>
    <h3><a href="{href}">Tin hoạt động số {aid}</a></h3><span class="{datec}">{date}</span>
    <p class="{sapoc}">Tin hoạt động VKSND địa phương ngày {date} gồm những nội dung chính sau.</p></div>"""


def listing(items: str, pagination: str = "", list_cls: str = "list-news") -> str:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>Tin hoạt động VKSND địa phương</title></head>
    <body>{MENU}<main><section class="col-main"><h1>Tin hoạt động VKSND địa phương</h1>
    <div class="{list_cls}">{items}</div>{pagination}</section>{SIDEBAR}</main>{FOOTER}</body></html>"""


ITEMS = teaser(13388, "16/09/2025") + teaser(13305, "12/08/2025") + teaser(
    12894, "10/03/2025", href="/tintuc/Pages/lists.aspx?Cat=3&ItemID=12894"
) + teaser(13161, "20/06/2025", href=f"https://vksndtc.gov.vn{CAT}/ninh-binh-d8-t13161.html")
PAGER = '<div class="pagination"><span class="current">1</span><a href="?Page=2">2</a><a href="?Page=2" class="next">»</a></div>'


def test_portal_teasers():
    r = parse_listing(listing(ITEMS, PAGER).encode(), LISTING_URL)
    assert r.layer == "portal"
    assert [(t.article_id, t.date) for t in r.teasers] == [
        (13388, "2025-09-16"), (13305, "2025-08-12"), (12894, "2025-03-10"), (13161, "2025-06-20"),
    ]
    assert r.teasers[0].url == ORIGIN + CAT + "/tin-hoat-dong-vksnd-dia-phuong-so-13388-d8-t13388.html"
    assert r.teasers[0].title == "Tin hoạt động số 13388"
    assert r.teasers[2].url == ORIGIN + "/tintuc/Pages/lists.aspx?Cat=3&ItemID=12894"
    assert r.teasers[3].url == "https://vksndtc.gov.vn" + CAT + "/ninh-binh-d8-t13161.html"
    assert r.next_url == LISTING_URL + "?Page=2"


def test_sidebar_menu_footer_links_are_not_teasers():
    for r in (
        parse_listing(listing(ITEMS, PAGER), LISTING_URL),
        parse_listing(listing(ITEMS.replace("item-news", "entry"), PAGER, list_cls="posts"), LISTING_URL),
    ):
        ids = {t.article_id for t in r.teasers}
        assert ids == {13388, 13305, 12894, 13161}, r.layer


def test_heuristic_when_classes_renamed():
    items = "".join(
        teaser(aid, d, cls=("post", "time", "excerpt")) for aid, d in ((13388, "16/09/2025"), (13305, "12/08/2025"), (13161, "20/06/2025"))
    )
    r = parse_listing(listing(items, PAGER, list_cls="news-stream"), LISTING_URL)
    assert r.layer == "heuristic"
    assert [(t.article_id, t.date, t.title) for t in r.teasers] == [
        (13388, "2025-09-16", "Tin hoạt động số 13388"),
        (13305, "2025-08-12", "Tin hoạt động số 13305"),
        (13161, "2025-06-20", "Tin hoạt động số 13161"),
    ]
    assert r.next_url == LISTING_URL + "?Page=2"


def test_heuristic_list_in_a_table():
    rows = "".join(
        f'<tr><td><a href="{CAT}/bai-{i}-d8-t{i}.html">Bài {i}</a></td><td>0{i}/01/2025</td></tr>' for i in range(1, 6)
    )
    r = parse_listing(f"<html><body>{MENU}<table>{rows}</table>{SIDEBAR}</body></html>", LISTING_URL)
    assert [(t.article_id, t.date) for t in r.teasers] == [(i, f"2025-01-0{i}") for i in range(1, 6)]


@pytest.mark.parametrize(
    "pager",
    [
        '<div class="pagination"><a href="?Page=1">1</a><a href="?Page=3">»</a></div>',
        '<ul class="pagination"><li><a href="?Page=3">›</a></li></ul>',
        '<div class="paging"><a href="?Page=3">Trang sau</a></div>',
        '<div class="pager"><a href="?Page=3">Sau</a></div>',
        '<div class="pagination"><a href="?Page=3" rel="next">tiếp</a></div>',
        '<nav><a href="?Page=3" title="Trang sau"></a></nav>',
        '<div class="pagination"><span class="current">2</span><a href="?Page=3">3</a><a href="?Page=4">4</a></div>',
    ],
)
def test_next_link_forms(pager):
    r = parse_listing(listing(ITEMS, pager), LISTING_URL + "?Page=2")
    assert r.next_url == LISTING_URL + "?Page=3"


def test_rel_next_in_head():
    html = listing(ITEMS).replace("</head>", '<link rel="next" href="/tin-tuc/tin-hoat-dong-vksnd-dia-phuong?Page=5"></head>')
    assert parse_listing(html, LISTING_URL).next_url == LISTING_URL + "?Page=5"


def test_last_page_has_no_next():
    pager = '<div class="pagination"><a href="?Page=1">1</a><a href="?Page=2">2</a><span class="current">3</span></div>'
    assert parse_listing(listing(ITEMS, pager), LISTING_URL + "?Page=3").next_url is None


def test_next_link_to_the_same_page_is_ignored():
    pager = '<div class="pagination"><a href="?Page=3" class="next">»</a></div>'
    assert parse_listing(listing(ITEMS, pager), LISTING_URL + "?Page=3").next_url is None


def test_empty_page_has_no_teasers_and_no_next():
    r = parse_listing(listing("", PAGER), LISTING_URL + "?Page=99")
    assert r.teasers == [] and r.next_url is None and r.layer == "none"


def test_empty_page_with_sidebar_only_is_empty():
    html = f'<html><body>{MENU}<div class="list-news"><p>Không có bài viết nào.</p></div>{SIDEBAR}{FOOTER}</body></html>'
    r = parse_listing(html, LISTING_URL + "?Page=99")
    assert r.teasers == [] and r.next_url is None


# -- the bundled portal's listing pages --------------------------------------------------------

def test_bundled_listing_pages():
    seen = []
    url = LISTING_URL
    for name in ("page-1", "page-2", "page-3"):
        path = LISTING_DIR / f"{name}.html"
        r = parse_listing(path.read_bytes(), url, "text/html; charset=utf-8")
        assert r.layer == "portal"
        assert r.teasers
        for t in r.teasers:
            assert t.url.startswith("http")
            assert t.article_id is not None
            assert t.date and len(t.date) == 10
            assert t.title
        seen.extend(t.article_id for t in r.teasers)
        if r.next_url is None:
            break
        url = r.next_url
    assert len(seen) >= 10
    r = parse_listing((LISTING_DIR / "empty.html").read_bytes(), LISTING_URL + "?Page=99")
    assert r.teasers == [] and r.next_url is None


def test_bundled_listing_pages_with_classes_renamed_give_the_same_teasers():
    for name in ("page-1", "page-2", "page-3"):
        path = LISTING_DIR / f"{name}.html"
        html = path.read_text(encoding="utf-8")
        url = LISTING_URL if name == "page-1" else f"{LISTING_URL}?Page={name[-1]}"
        portal = parse_listing(html, url)
        renamed = parse_listing(
            html.replace("list-news", "stream").replace("item-news", "entry").replace('"date"', '"when"'), url
        )
        assert renamed.layer == "heuristic"
        assert [(t.url, t.article_id, t.title, t.date) for t in renamed.teasers] == [
            (t.url, t.article_id, t.title, t.date) for t in portal.teasers
        ]
        assert renamed.next_url == portal.next_url


def test_heuristic_single_teaser_page():
    items = teaser(77, "05/01/2024", cls=("entry", "when", "excerpt"))
    r = parse_listing(listing(items, "", list_cls="stream"), LISTING_URL + "?Page=4")
    assert [(t.article_id, t.date, t.title) for t in r.teasers] == [(77, "2024-01-05", "Tin hoạt động số 77")]
    assert r.layer == "heuristic"


def test_teaser_urls_absolute_with_base_href():
    html = listing(ITEMS).replace("</head>", '<base href="https://mirror.example/">\n</head>')
    r = parse_listing(html, LISTING_URL)
    assert r.teasers[0].url == "https://mirror.example" + CAT + "/tin-hoat-dong-vksnd-dia-phuong-so-13388-d8-t13388.html"


def test_portal_teaser_without_headline_link_uses_its_article_link():
    item = (
        f'<div class="item-news"><a href="{CAT}/a-d8-t55.html" class="thumb"><img src="/x.jpg"></a>'
        f'<h4><a href="{CAT}/a-d8-t55.html">Tiêu đề ở h4</a></h4><span class="date">01/02/2025</span></div>'
    )
    r = parse_listing(listing(item), LISTING_URL)
    assert [(t.article_id, t.title, t.date) for t in r.teasers] == [(55, "Tiêu đề ở h4", "2025-02-01")]
    assert r.layer == "portal"
