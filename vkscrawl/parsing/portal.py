"""The portal's own page classes, one per layout period (fundus-style): selectors as class
attributes, written as CSS (and one XPath) exactly as ``scrapy shell`` takes them
(``response.css("h1.title-detail")``).  A later layout period subclasses the one before and
overrides the selectors that changed; every field's fallback layers stay shared
(:class:`~.article.ArticlePage`, :class:`~.listing.ListingPage`).
"""

from __future__ import annotations

from .article import ArticlePage
from .listing import ListingPage

__all__ = ["ArticlePage2023", "ListingPage2023"]


class ArticlePage2023(ArticlePage):
    """The portal's article layout as known in 2023-2025 (docs/EXTRACTION.md)."""

    name = "ArticlePage2023"

    TITLE = "h1.title-detail"
    DATE = ".date-detail"
    BREADCRUMB = ".breadcrumb"
    SUMMARY = "div.sapo"
    CONTENT = "div.content-detail"


class ListingPage2023(ListingPage):
    """The category listing as known in 2023-2025."""

    name = "ListingPage2023"

    LIST = "div.list-news"
    ITEM = "div.item-news"
    ITEM_LINK = "h3 a[href]"
    ITEM_DATE = "span.date"
    PAGINATION = (
        "//*[@class][contains(@class, 'pagination') or contains(@class, 'paging') or "
        "contains(@class, 'pager') or contains(@class, 'phan-trang') or contains(@class, 'phantrang')]"
    )
