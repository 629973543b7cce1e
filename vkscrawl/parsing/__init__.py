"""Pure parsing code: HTML in, items and teasers out.  No Scrapy here (the spider, the CLI and the
WARC re-parser all call these functions on raw bytes).

Rules: ``docs/EXTRACTION.md``.  Page types: :class:`ArticlePage2023` (article) and
:class:`ListingPage2023` (category listing); a later layout period subclasses them.
"""

from __future__ import annotations

from .article import FIELDS, ArticlePage, ArticlePage2023, ParsedArticle
from .dates import parse_date
from .dom import decode_body, declares_html, page_complete, parse_html
from .listing import ListingPage, ListingPage2023, ParsedListing, Teaser
from .text import content_hash, normalize_line, normalize_text
from .urls import absolute_url, article_id_from_url

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
    "ARTICLE_PAGE",
    "LISTING_PAGE",
    "FIELDS",
    "LAYERS",
]

#: Names of the parser layers, best first, as the stats and the drift report show them.
LAYERS = ("portal", "meta", "heading", "heuristic", "none")

# The page classes in use (a later layout period: point these at the subclasses).
ARTICLE_PAGE: type[ArticlePage] = ArticlePage2023
LISTING_PAGE: type[ListingPage] = ListingPage2023


def parse_article(body: bytes | str, url: str, content_type: str | None = None) -> ParsedArticle:
    """Parse one article page.  Never raises: whatever could not be found is ``None`` / ``""`` /
    ``[]`` in the item and named in ``problems`` (``'no title'``, ``'no date'``, ``'no body'``,
    ``'no article_id'``)."""
    try:
        root = parse_html(decode_body(body, content_type))
        return ARTICLE_PAGE(root, url).parse()
    except Exception as exc:  # a parser bug must not kill a crawl: report it as a problem
        try:
            root = parse_html("")
            parsed = ARTICLE_PAGE(root, url).parse()
        except Exception:  # pragma: no cover - the empty page cannot fail
            raise exc from None
        parsed.problems.insert(0, f"parser error: {type(exc).__name__}: {exc}")
        return parsed


def parse_listing(body: bytes | str, url: str, content_type: str | None = None) -> ParsedListing:
    """Parse one category listing page: the teasers of the list (absolute URLs), the next
    page's URL (``None`` on the last page and on an empty page) and what the pagination names.

    A bug in the parser raises: an empty result must only ever mean an empty page."""
    root = parse_html(decode_body(body, content_type))
    return LISTING_PAGE(root, url).parse()
