"""Pure parsing code: HTML in, items and teasers out.  No Scrapy here (the spider, the CLI and the
WARC re-parser all call these functions on the response's raw bytes: one path from bytes to item).

Rules: ``docs/EXTRACTION.md``.  Page types: :class:`ArticlePage2023` (article) and
:class:`ListingPage2023` (category listing) in :mod:`.sites.portal`, with everything else the
portal alone prints; a later layout period subclasses them.  :class:`PortalArticlePage` /
:class:`PortalListingPage` are the same pages without a layout period's selectors
(``portal=False``): every field then comes from the layers below, which know no site
(:mod:`.generic`; the generic :class:`ArticlePage` has no site strings at all).

Neither entry point catches its own exceptions: a bug raises, and the caller logs it.  Input that
is not a page (empty, binary, cut short, tag soup) is not a bug: it gives an item whose missing
fields are named in ``problems``.
"""

from __future__ import annotations

from .article import FIELDS, LAYERS, ArticlePage, ParsedArticle
from .dates import VN_TZ, parse_date
from .html import declares_html, decode_body, page_complete, parse_html
from .listing import ListingPage, ParsedListing, Teaser
from .sites.portal import ArticlePage2023, ListingPage2023, PortalArticlePage, PortalListingPage, article_id_from_url
from .text import content_hash, normalize_line, normalize_text
from .urls import absolute_url

__all__ = [
    "parse_article",
    "parse_listing",
    "content_hash",
    "normalize_text",
    "normalize_line",
    "article_id_from_url",
    "absolute_url",
    "parse_date",
    "decode_body",
    "declares_html",
    "page_complete",
    "ParsedArticle",
    "ParsedListing",
    "Teaser",
    "ArticlePage",
    "ArticlePage2023",
    "ListingPage",
    "ListingPage2023",
    "PortalArticlePage",
    "PortalListingPage",
    "ARTICLE_PAGE",
    "LISTING_PAGE",
    "FIELDS",
    "LAYERS",
    "VN_TZ",
]

# The page classes in use (a later layout period: point these at the subclasses).
ARTICLE_PAGE: type[ArticlePage] = ArticlePage2023
LISTING_PAGE: type[ListingPage] = ListingPage2023


def parse_article(body: bytes | str, url: str, content_type: str | None = None, *,
                  portal: bool = True) -> ParsedArticle:
    """Parse one article page.  Whatever could not be found is ``None`` / ``""`` / ``[]`` in the
    item and named in ``problems`` (``'no title'``, ``'no date'``, ``'no body'``,
    ``'no article_id'``).

    ``portal=False`` switches the portal's selectors off (:class:`PortalArticlePage`): how
    the layout-family tests and floors read pages, and how to see what the fallback layers would
    make of a portal page whose markup changed."""
    text = decode_body(body, content_type)
    page_class = ARTICLE_PAGE if portal else PortalArticlePage
    return page_class(parse_html(text), url, text).parse()


def parse_listing(body: bytes | str, url: str, content_type: str | None = None, *,
                  portal: bool = True) -> ParsedListing:
    """Parse one category listing page: the teasers of the list (absolute URLs), the next
    page's URL (``None`` on the last page and on an empty page) and what the pagination names.

    A bug in the parser raises: an empty result must only ever mean an empty page."""
    root = parse_html(decode_body(body, content_type))
    return (LISTING_PAGE if portal else PortalListingPage)(root, url).parse()
