"""The page classes: selectors compiled once, a later layout period is a subclass."""

from __future__ import annotations

from lxml import etree

from vkscrawl.parsing import ArticlePage2023, ListingPage2023, decode_body, parse_html
from vkscrawl.parsing.dom import css

from .htmlpages import ARTICLE_URL, RENAMED, make_page


def test_selectors_are_compiled_class_attributes():
    for cls in (ArticlePage2023, ListingPage2023):
        for name in ("TITLE", "DATE", "BREADCRUMB", "SUMMARY", "CONTENT") if cls is ArticlePage2023 else ("LIST", "ITEM", "ITEM_LINK", "ITEM_DATE", "PAGINATION"):
            assert isinstance(getattr(cls, name), etree.XPath), name


class ArticlePage2026(ArticlePage2023):
    """A made-up later layout: the renamed classes become the portal's own."""

    name = "ArticlePage2026"
    TITLE = css("h1.article-title")
    DATE = css("span.time")
    SUMMARY = css("div.lead")
    CONTENT = css("div.detail-content")
    BREADCRUMB = css("ol.crumbs")


def test_subclass_for_a_later_layout():
    html = make_page(layout=RENAMED, sapo="Tóm tắt của bài viết.", content="<p>Một đoạn văn bản đủ dài của bài viết.</p>", date="Thứ ba, 28/11/2023 - 08:15")
    old = ArticlePage2023(parse_html(decode_body(html.encode())), ARTICLE_URL).parse()
    new = ArticlePage2026(parse_html(decode_body(html.encode())), ARTICLE_URL).parse()
    assert new.parser == "ArticlePage2026"
    assert set(new.layers[f] for f in ("title", "published", "summary", "body", "category")) == {"portal"}
    assert old.layers["body"] == "heuristic"
    for f in ("title", "published", "summary", "body", "category", "content_hash"):
        assert new.item[f] == old.item[f], f
