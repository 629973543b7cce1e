"""Absolute, percent-encoded links.  (A site's URL scheme, its article numbers, is its page
class's: :mod:`.sites`.)"""

from __future__ import annotations

import unicodedata
from urllib.parse import urljoin

from w3lib.html import strip_html5_whitespace
from w3lib.url import safe_url_string

__all__ = ["absolute_url"]

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
