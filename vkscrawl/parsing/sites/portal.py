"""All vkscrawl knows about the portal, vksndtc.gov.vn, in one place (fundus-style): its page
classes, one per layout period, with the selectors as class attributes written as ``scrapy
shell`` takes them (``response.css("h1.title-detail")``); its names, banner and tools; its URL
scheme.  A later layout period subclasses the one before and overrides what changed; every
field's fallback layers stay shared (:class:`~vkscrawl.parsing.article.ArticlePage`,
:class:`~vkscrawl.parsing.listing.ListingPage`) and know no site: they get the portal's strings
from :data:`PORTAL`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..article import ArticlePage
from ..listing import ListingPage
from ..site import Site

__all__ = [
    "PORTAL", "PortalArticlePage", "PortalListingPage", "ArticlePage2023", "ListingPage2023",
    "article_id_from_url", "is_article_url", "is_category_article_url", "CATEGORY_SLUG",
]

# -- the URL scheme ------------------------------------------------------------------------------

CATEGORY_SLUG = "tin-hoat-dong-vksnd-dia-phuong"

# '-t<id>.html' at the end of the path (a query or fragment may follow)
_T_ID = re.compile(r"-t(\d{1,12})\.html?(?=$|[?#])", re.IGNORECASE)
# 'ItemID=<id>' in the query, key case-insensitive
_ITEM_ID = re.compile(r"[?&;]itemid=(\d{1,12})(?=$|[&#;])", re.IGNORECASE)
_LEGACY = re.compile(r"lists\.aspx", re.IGNORECASE)


def article_id_from_url(url: str | None) -> int | None:
    """The portal's article number: ``...-t<id>.html`` (a query may follow) or ``ItemID=<id>``
    (any case of the key).  ``None`` for anything else."""
    if not url or not isinstance(url, str):
        return None
    m = _T_ID.search(url)
    if m:
        return int(m.group(1))
    m = _ITEM_ID.search(url)
    if m:
        return int(m.group(1))
    return None


def is_article_url(url: str | None) -> bool:
    """An article URL of the portal, in the current (``-t<id>.html``) or legacy
    (``lists.aspx?...ItemID=<id>``) scheme."""
    return article_id_from_url(url) is not None


def is_category_article_url(url: str | None) -> bool:
    """An article URL of *this* category: ``/tin-hoat-dong-vksnd-dia-phuong/...-t<id>.html`` or the
    legacy ``lists.aspx?...ItemID=<id>``."""
    if not url:
        return False
    if _T_ID.search(url):
        path = urlsplit(url).path
        return f"/{CATEGORY_SLUG}/" in path.lower()
    return bool(_LEGACY.search(url) and _ITEM_ID.search(url))


# -- names, banner and tools --------------------------------------------------------------------

#: The portal's names as its ``<title>`` and ``og:title`` print them before or after a headline.
SITE_NAMES = re.compile(
    r"^(?:VKSND\s*tối\s*cao|VKSNDTC|Viện\s+kiểm\s+sát\s+nhân\s+dân\s+tối\s+cao|vksndtc(?:\.gov\.vn)?|"
    r"(?:Trang|Cổng)\s+thông\s+tin\s+điện\s+tử.*|.*Supreme\s+People.*|Trang\s+chủ)$",
    re.IGNORECASE,
)
#: The banner's lines and the reading tools (font size, contrast), and the image-box toolbar.
CHROME_LINES = frozenset(
    s.casefold()
    for s in (
        "CỔNG THÔNG TIN ĐIỆN TỬ",
        "Cổng thông tin điện tử Viện kiểm sát nhân dân tối cao",
        "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO",
        "The Supreme People’s Procuracy of Viet Nam",
        "The Supreme People's Procuracy of Viet Nam",
        "The Supreme People’s Procuracy of Vietnam",
        "The Supreme People's Procuracy of Vietnam",
        "Cỡ chữ:",
        "Cỡ chữ",
        "Cỡ chữ: Tương phản",
        "Cỡ chữ Tương phản",
        "Tương phản",
        "left center right del",
        "leftcenterrightdel",
    )
)
#: The font-size tool with its buttons (``Cỡ chữ: A- A+ Tương phản``), the toolbar repeated.
CHROME_LINE_PATTERN = re.compile(
    r"^(?:cỡ chữ\s*:?\s*(?:[aA\-+]\s*)*(?:tương phản)?|(?:left\s*center\s*right\s*del\s*)+)$",
    re.IGNORECASE,
)
#: The spans of the ``table.image`` box's toolbar: never text.
TOOLBAR_WORDS = frozenset({"left", "center", "right", "del"})
#: The toolbar's words glued to the start of a caption (``leftcenterrightdel Đồng chí ...``).
TOOLBAR_PREFIX = re.compile(r"^\s*(?:left\s*center\s*right\s*del)\s*", re.IGNORECASE)

PORTAL = Site(
    name="vksndtc.gov.vn",
    names=SITE_NAMES,
    chrome_lines=CHROME_LINES,
    chrome_line_pattern=CHROME_LINE_PATTERN,
    toolbar_words=TOOLBAR_WORDS,
    toolbar_prefix=TOOLBAR_PREFIX,
    body_classes=frozenset({"content-detail"}),
    article_id=article_id_from_url,
    in_category=is_category_article_url,
)


# -- page classes --------------------------------------------------------------------------------


class PortalArticlePage(ArticlePage):
    """A portal article page read without any layout period's selectors: the shared ladder with
    the portal's strings and URL scheme (``parse_article(..., portal=False)``)."""

    name = "PortalArticlePage"
    SITE = PORTAL


class PortalListingPage(ListingPage):
    """A portal listing read without any layout period's selectors."""

    name = "PortalListingPage"
    SITE = PORTAL


class ArticlePage2023(PortalArticlePage):
    """The portal's article layout as known in 2023-2025 (docs/EXTRACTION.md)."""

    name = "ArticlePage2023"

    TITLE = "h1.title-detail"
    DATE = ".date-detail"
    BREADCRUMB = ".breadcrumb"
    SUMMARY = "div.sapo"
    CONTENT = "div.content-detail"


class ListingPage2023(PortalListingPage):
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
