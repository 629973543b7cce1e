"""Never empty where a peer finds text: on generated pages, whatever their wrappers, chrome and
date places, if trafilatura extracts a text the item has a body, and if htmldate (run as the last
layer runs it: markup and URL) finds a date the page shows, the item has a date.  Both through
the portal's page class (as the crawl reads any page) and with its selectors off.

The strategies are small and local; the page generator of ``tests/support/pages`` composes
richer pages for the field-by-field invariants.
"""

from __future__ import annotations

import logging
import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vkscrawl.parsing import parse_article

trafilatura = pytest.importorskip("trafilatura")
htmldate = pytest.importorskip("htmldate")

WORD = re.compile(r"\w+")
URL = "http://127.0.0.1:8000/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/bai-viet-d8-t4242.html"

WORDS = ("kiểm sát", "viện", "hội nghị", "tổng kết", "công tác", "năm", "đơn vị", "cán bộ", "hồ sơ",
         "vụ án", "the", "court", "report", "meeting", "of", "and", "procuracy", "province", "staff",
         "Die", "Sitzung", "wurde", "eröffnet", "la", "réunion", "des")

sentence = st.lists(st.sampled_from(WORDS), min_size=4, max_size=28).map(
    lambda ws: (" ".join(ws)).capitalize() + ".")
paragraph = st.lists(sentence, min_size=1, max_size=4).map(" ".join)
paragraphs = st.lists(paragraph, min_size=0, max_size=8)

DATE_FORMATS = ("{d:02d}/{m:02d}/{y}", "Thứ ba, {d:02d}/{m:02d}/{y} - 08:15", "Ngày {d} tháng {m} năm {y}",
                "{y}-{m:02d}-{d:02d}", "Cập nhật: 08:15 | {d:02d}/{m:02d}/{y}")
date_text = st.builds(lambda f, d, m, y: f.format(d=d, m=m, y=y), st.sampled_from(DATE_FORMATS),
                      st.integers(1, 28), st.integers(1, 12), st.integers(2015, 2025))

chrome_piece = st.sampled_from((
    '<nav><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/a">Tin tức</a></li></ul></nav>',
    '<div class="sidebar"><h3>Đọc nhiều</h3><ul><li><a href="/x-t1.html">Một tin khác rất dài ở cột bên</a> (12/03/2024)</li></ul></div>',
    '<form class="search"><input name="q"><button>Tìm kiếm</button></form>',
    '<footer><p>Bản quyền thuộc về cơ quan. Địa chỉ: 44 Lý Thường Kiệt.</p></footer>',
    '<div class="share-tools"><a href="#">Chia sẻ</a> <a href="#">In bài</a></div>',
    '<div class="box-related"><h3>Tin liên quan</h3><ul><li><a href="/y-t2.html">Tin liên quan số một khá dài</a></li></ul></div>',
    '<div class="counter">Lượt truy cập: 123456</div>',
))


@st.composite
def pages(draw):
    title = draw(sentence).rstrip(".")
    body = draw(paragraphs)
    date = draw(st.none() | date_text)
    date_place = draw(st.sampled_from(("under-title", "header", "table-row", "footer-line", "meta")))
    wrapper = draw(st.sampled_from(("div", "article", "main", "form", "table", "section", "none")))
    content_class = draw(st.sampled_from(("", "content", "entry-content", "post", "noidung", "x1")))
    heading = draw(st.sampled_from(("h1", "h2", 'div class="title"', "strong")))
    before = draw(st.lists(chrome_piece, max_size=3))
    after = draw(st.lists(chrome_piece, max_size=3))
    head = f"<title>{title}</title>"
    if date is not None and date_place == "meta":
        head += f'<meta property="article:published_time" content="{date}">'
    date_html = f'<div class="date">{date}</div>' if date is not None and date_place != "meta" else ""
    parts = []
    if date_place == "header" and date_html:
        parts.append(f"<header>{date_html}</header>")
    parts.append(f"<{heading}>{title}</{heading.split()[0]}>")
    if date_place == "under-title" and date_html:
        parts.append(date_html)
    if date_place == "table-row" and date_html:
        parts.append(f"<table><tr><td>{date_html}</td></tr></table>")
    cls = f' class="{content_class}"' if content_class else ""
    parts.append(f"<div{cls}>" + "".join(f"<p>{p}</p>" for p in body) + "</div>")
    if date_place == "footer-line" and date_html:
        parts.append(f"<p>{date_html}</p>")
    inner = "".join(parts)
    if wrapper == "table":
        inner = f"<table><tr><td>{inner}</td></tr></table>"
    elif wrapper != "none":
        inner = f"<{wrapper}>{inner}</{wrapper}>"
    return (f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">{head}</head><body>'
            + "".join(before) + inner + "".join(after) + "</body></html>")


def _date_line(line: str) -> bool:
    """A line that is a date and a few words (a weekday, a label), nothing more."""
    return bool(re.search(r"\d", line)) and len(re.sub(r"[\d\W_]+", " ", line).split()) <= 4


def _quiet():
    for name in ("trafilatura", "htmldate"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


#: CI runs a bounded, seeded number of examples; ``VKSCRAWL_PROPERTY_EXAMPLES=N`` runs more (and,
#: unseeded, different ones) by hand.
EXAMPLES = int(os.environ.get("VKSCRAWL_PROPERTY_EXAMPLES") or 60)


@settings(max_examples=EXAMPLES, deadline=None, derandomize="VKSCRAWL_PROPERTY_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(html=pages(), portal=st.booleans())
def test_a_page_a_peer_reads_is_never_empty(html, portal):
    _quiet()
    parsed = parse_article(html.encode("utf-8"), URL, "text/html; charset=utf-8", portal=portal)
    theirs = trafilatura.extract(html, url=URL) or ""
    # the headline is the item's title, not body: text beyond it must come out as a body
    # the headline is the item's title and a date line its date, not body: text beyond them
    # must come out as a body
    headline = set(WORD.findall(parsed.item["title"].casefold()))
    beyond_title = [ln for ln in theirs.split("\n")
                    if {w for w in WORD.findall(ln.casefold()) if not w.isdigit()} - headline
                    and not _date_line(ln)]
    if beyond_title:
        assert parsed.item["body"], (theirs, parsed.layers)
        assert "no body" not in parsed.problems
    found = htmldate.find_date(html, url=URL, original_date=True, extensive_search=False)
    if found:
        assert parsed.item["published"], (found, parsed.layers)


# -- what the property found, kept as named cases -------------------------------------------------


def test_a_date_in_a_header_right_above_the_headline_is_the_articles():
    html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát</title></head>'
            '<body><div><header><div class="date">01/01/2015</div></header><h1>Kiểm sát kiểm sát</h1>'
            '<div><p>Kiểm sát kiểm sát kiểm sát kiểm sát.</p></div></div></body></html>')
    assert parse_article(html, URL, portal=False).item["published"] == "2015-01-01"


def test_an_empty_article_beside_a_counter_takes_what_the_fast_extractor_read():
    # the extractor's full run reads only the headline, its fast run the headline and the
    # counter line: the page is not called empty while the extractor reads more than a headline
    html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát kiểm sát kiểm sát</title>'
            '</head><body><div><h1>Kiểm sát kiểm sát kiểm sát kiểm sát</h1><div></div></div>'
            '<div class="counter">Lượt truy cập: 123456</div></body></html>')
    parsed = parse_article(html, URL, portal=False)
    assert "Lượt truy cập: 123456" in parsed.item["body"]
    assert parsed.layers["body"] == "generic"


def test_a_candidate_holding_only_the_headline_again_is_no_candidate():
    html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát kiểm sát kiểm sát</title>'
            '</head><body><div><div>Kiểm sát kiểm sát kiểm sát kiểm sát</div><div></div></div><nav><ul class="menu">'
            '<li><a href="/">Trang chủ</a></li><li><a href="/a">Tin tức</a></li></ul></nav></body></html>')
    parsed = parse_article(html, URL, portal=False)
    assert parsed.item["body"] and parsed.layers["body"] == "generic"


def test_a_form_holding_the_headline_wraps_the_page():
    for h in ("h1", "h2"):
        html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát kiểm sát kiểm sát</title>'
                f'</head><body><form><{h}>Kiểm sát kiểm sát kiểm sát kiểm sát</{h}><div class="date">01/01/2015</div><div></div>'
                '</form></body></html>')
        assert parse_article(html, URL, portal=False).item["published"] == "2015-01-01", h


def test_a_form_holding_most_of_the_pages_text_wraps_the_page():
    html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát kiểm sát kiểm sát</title>'
            '</head><body><form><div class="title">Kiểm sát kiểm sát kiểm sát kiểm sát</div><div class="date">01/01/2015</div>'
            '<div></div></form></body></html>')
    assert parse_article(html, URL, portal=False).item["published"] == "2015-01-01"


def test_a_date_htmldate_reads_in_the_chrome_is_the_articles_when_nothing_else_is():
    # an empty article in a form beside menus that hold more text: the form is chrome, and the
    # date htmldate reads in it is still the page's (not a "today" line, not inferred)
    nav = '<nav><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/a">Tin tức</a></li></ul></nav>'
    html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát kiểm sát kiểm sát</title>'
            '</head><body><form><div class="title">Kiểm sát kiểm sát kiểm sát kiểm sát</div><div class="date">01/01/2015</div>'
            f'<div></div></form>{nav * 3}</body></html>')
    assert parse_article(html, URL, portal=False).item["published"] == "2015-01-01"
    today = html.replace('<div class="date">01/01/2015</div>', '<div class="date">Hôm nay: 01/01/2015</div>')
    assert parse_article(today, URL, portal=False).item["published"] is None


def test_an_empty_article_beside_a_menu_takes_the_menu_the_extractor_read():
    # the extractor reads the headline, the date and the menu's links: with nothing else on the
    # page, the menu lines stay (the item says where its body came from: "generic")
    html = ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Kiểm sát kiểm sát kiểm sát kiểm sát</title>'
            '</head><body><div><h1>Kiểm sát kiểm sát kiểm sát kiểm sát</h1><div class="date">01/01/2015</div><div></div></div>'
            '<nav><ul class="menu"><li><a href="/">Trang chủ</a></li><li><a href="/a">Tin tức</a></li></ul></nav></body></html>')
    parsed = parse_article(html, URL, portal=False)
    assert parsed.item["body"] and parsed.layers["body"] == "generic"
