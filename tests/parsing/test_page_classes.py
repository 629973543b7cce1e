"""The page classes: selectors are class attributes written as Scrapy takes them (a selector in
the code can be pasted into ``scrapy shell``), and a later layout period is a subclass."""

from __future__ import annotations

from parsel import Selector

from vkscrawl.parsing import ArticlePage, ArticlePage2023, ListingPage2023, decode_body, parse_article, parse_html

from .fixturedata import ORIGIN, fixture_dirs, meta
from .htmlpages import ARTICLE_URL, RENAMED, make_page


def test_selectors_are_class_attributes_scrapy_takes():
    """Every portal selector is a string that parsel (Scrapy's selector library) evaluates on a
    real fixture page as written in the class, and finds something."""
    d = fixture_dirs()[0]
    sel = Selector(text=(d / "page.html").read_text("utf-8"))
    for name in ("TITLE", "DATE", "BREADCRUMB", "SUMMARY", "CONTENT"):
        query = getattr(ArticlePage2023, name)
        assert isinstance(query, str), name
        assert sel.css(query), name
    listing = Selector(text=(d.parent.parent / "portal" / "listing" / "page-1.html").read_text("utf-8"))
    for name in ("LIST", "ITEM", "ITEM_LINK", "ITEM_DATE"):
        assert listing.css(getattr(ListingPage2023, name)), name
    assert listing.xpath(ListingPage2023.PAGINATION)


def test_generic_page_has_no_portal_selectors():
    for name in ("TITLE", "DATE", "BREADCRUMB", "SUMMARY", "CONTENT"):
        assert getattr(ArticlePage, name) is None


def test_portal_switch_off_serves_no_field_from_the_portal_layer():
    d = fixture_dirs()[0]
    body = (d / "page.html").read_bytes()
    url = ORIGIN + meta(d)["path"]
    on, off = parse_article(body, url), parse_article(body, url, portal=False)
    assert on.parser == "ArticlePage2023" and off.parser == "PortalArticlePage"
    assert "portal" in on.layers.values() and "portal" not in off.layers.values()
    assert off.item["title"] == on.item["title"] and off.item["body"] == on.item["body"]


class ArticlePage2026(ArticlePage2023):
    """A made-up later layout: the renamed classes become the portal's own."""

    name = "ArticlePage2026"
    TITLE = "h1.article-title"
    DATE = "span.time"
    SUMMARY = "div.lead"
    CONTENT = "div.detail-content"
    BREADCRUMB = "ol.crumbs"


def test_subclass_for_a_later_layout():
    html = make_page(layout=RENAMED, sapo="Tóm tắt của bài viết.", content="<p>Một đoạn văn bản đủ dài của bài viết.</p>", date="Thứ ba, 28/11/2023 - 08:15")
    old = ArticlePage2023(parse_html(decode_body(html.encode())), ARTICLE_URL).parse()
    new = ArticlePage2026(parse_html(decode_body(html.encode())), ARTICLE_URL).parse()
    assert new.parser == "ArticlePage2026"
    assert set(new.layers[f] for f in ("title", "published", "summary", "body", "category")) == {"portal"}
    assert old.layers["body"] != "portal"
    for f in ("title", "published", "summary", "body", "category", "content_hash"):
        assert new.item[f] == old.item[f], f
