"""What one site prints as its own furniture and how it numbers its articles: the knowledge a page
class hands to the layers that know no site (:mod:`.generic`, the block walker).

The generic page's :data:`GENERIC` knows nothing: no site name, no furniture strings, no URL
scheme.  A site's page classes (:mod:`.sites`) carry their own :class:`Site`, in one place
(fundus keeps one module per publisher for the same reason).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable

from .text import CHROME_KEY_MAX, is_chrome_key

__all__ = ["Site", "GENERIC", "CHROME_PATTERN_LINE_MAX"]

#: A site's ``chrome_line_pattern`` is tried on lines of at most this many characters.
CHROME_PATTERN_LINE_MAX = 40


def _no_article_id(url: str | None) -> int | None:
    return None


def _any_page(url: str | None) -> bool:
    """Without a site's URL scheme: a link to some page (not an anchor, a script or a mail)."""
    if not url:
        return False
    low = url.strip()[:11].lower()
    return bool(low) and not low.startswith(("#", "javascript:", "mailto:", "tel:", "data:"))


@dataclass(frozen=True)
class Site:
    """A site's own strings and URL scheme (all empty for :data:`GENERIC`).

    ``names``: the site's names as ``<title>``/``og:title`` print them around the headline;
    ``chrome_lines``: lines it prints as furniture (casefolded); ``chrome_line_pattern``: the same
    for lines that vary (a font-size tool with its buttons); ``toolbar_words``: the words of its
    image-box toolbar (never text); ``toolbar_prefix``: those words glued to the start of a
    caption; ``body_classes``: class names of its content element (a body the page marks);
    ``article_id``: its article number from a URL; ``in_category``: whether a URL is an article
    of the crawled category."""

    name: str = "generic"
    names: re.Pattern | None = None
    chrome_lines: frozenset[str] = frozenset()
    chrome_line_pattern: re.Pattern | None = None
    toolbar_words: frozenset[str] = frozenset()
    toolbar_prefix: re.Pattern | None = None
    body_classes: frozenset[str] = frozenset()
    article_id: Callable[[str | None], int | None] = field(default=_no_article_id)
    in_category: Callable[[str | None], bool] = field(default=_any_page)

    @cached_property
    def _chrome_key_max(self) -> int:
        """The longest line :meth:`is_chrome_line` can call furniture (casefolding never shortens
        a string: a stripped line longer than this is text, and is not casefolded)."""
        return max(CHROME_KEY_MAX, CHROME_PATTERN_LINE_MAX, *map(len, self.chrome_lines))

    def is_chrome_line(self, line: str) -> bool:
        """A line that is furniture: the generic rule (:func:`.text.is_chrome_line`) or one of
        the site's own."""
        line = line.strip()
        if not line or len(line) > self._chrome_key_max:
            return False
        key = line.casefold()
        if is_chrome_key(key):
            return True
        if key in self.chrome_lines:
            return True
        return bool(self.chrome_line_pattern is not None and len(key) <= CHROME_PATTERN_LINE_MAX
                    and self.chrome_line_pattern.match(key))

    def is_site_name(self, part: str) -> bool:
        return bool(self.names is not None and self.names.match(part))

    def strip_toolbar(self, s: str) -> str:
        """A caption without the toolbar words glued to its start."""
        if s and self.toolbar_prefix is not None:
            return self.toolbar_prefix.sub("", s, count=1)
        return s

    def is_article_url(self, url: str | None) -> bool:
        """A link to an article: by the site's URL scheme, else to any page."""
        if self.article_id is _no_article_id:
            return _any_page(url)
        return self.article_id(url) is not None


#: The page that knows no site.
GENERIC = Site()
