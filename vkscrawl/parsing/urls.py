"""URLs: article numbers, absolute and percent-encoded links, article-URL tests."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urljoin, urlsplit

from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

__all__ = [
    "article_id_from_url",
    "absolute_url",
    "is_article_url",
    "is_category_article_url",
    "CATEGORY_SLUG",
]

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


def absolute_url(href: str | None, base: str) -> str | None:
    """``href`` resolved against ``base``, spaces and non-ASCII letters percent-encoded as UTF-8.
    ``None`` for empty, ``javascript:``, ``mailto:``, ``data:`` and fragment-only links."""
    if not href:
        return None
    href = strip_html5_whitespace(href)
    if not href or href.startswith("#"):
        return None
    low = href[:11].lower()
    if low.startswith(("javascript:", "mailto:", "data:", "tel:", "about:")):
        return None
    if not href.isascii():
        href = unicodedata.normalize("NFC", href)
    try:
        joined = urljoin(base, href) if base else href
        return safe_url_string(joined, encoding="utf-8")
    except ValueError:  # a link that is no URL: a bad IPv6 host or port, an IDNA label too long
        return None
