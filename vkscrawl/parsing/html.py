"""Bytes to one lxml tree, and the parsel selector over it.

Every page is decoded once and parsed once; the page classes select on that tree through
``parsel.Selector(root=...)`` (so a selector written in the code can be pasted into
``scrapy shell``) and hand the lxml elements it finds to the block walker.
"""

from __future__ import annotations

import functools
import re
import threading
from typing import NamedTuple

from lxml import etree
from lxml.html import HtmlElement
from w3lib.encoding import html_to_unicode

# parsel (and cssselect, jmespath) is imported when a selector is first made or a CSS selector
# first translated: the portal's article pages need neither, so a reparse never loads it

__all__ = [
    "decode_body",
    "parse_html",
    "selector",
    "css",
    "compiled_css",
    "xpath",
    "declares_html",
    "page_complete",
    "HTML_TYPES",
    "ClassIndex",
    "class_tokens",
    "marked_elements",
    "Marked",
]

_UTF8_NAMES = {"utf-8", "utf8", "utf_8"}
_WIDE = ("utf-16", "utf_16", "utf16", "utf-32", "utf_32", "utf32")


def decode_body(body: bytes | str | None, content_type: str | None = None) -> str:
    """Bytes to text: the charset of ``content_type``, ``<meta charset>``, a BOM, else UTF-8
    (``w3lib.encoding.html_to_unicode``).  A wrong declaration is overruled: bytes that are valid
    UTF-8 with multi-byte sequences are UTF-8 whatever the page says (a latin-1 or cp1252 page
    would almost never be valid UTF-8 by accident)."""
    if body is None:
        return ""
    if isinstance(body, str):
        return body
    if not isinstance(body, (bytes, bytearray, memoryview)):
        return ""
    body = bytes(body)
    if not body:
        return ""
    try:
        enc, text = html_to_unicode(content_type, body)
    except LookupError:  # a charset Python does not know: UTF-8 with replacement
        enc, text = "utf-8", body.decode("utf-8", "replace")
    enc_l = (enc or "").lower()
    if enc_l not in _UTF8_NAMES and not enc_l.startswith(_WIDE) and not body.isascii():
        try:
            utf = body.decode("utf-8")
        except UnicodeDecodeError:
            pass
        else:
            text = utf[1:] if utf.startswith("\ufeff") else utf
    return text


_local = threading.local()


def _parser() -> etree.HTMLParser:
    p = getattr(_local, "parser", None)
    if p is None:
        p = etree.HTMLParser(
            recover=True,
            encoding="utf-8",
            remove_comments=True,
            remove_pis=True,
            no_network=True,
            huge_tree=True,
        )
        # every element an lxml.html element, chosen in C (no Python lookup per element): the
        # generic extractor (trafilatura) takes such a tree as it is, so the page is parsed once
        p.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))
        _local.parser = p
    return p


def parse_html(text: str) -> etree._Element:
    """One lxml parse of the whole page; an empty or hopeless input gives an empty ``<html>``
    (lxml answers those with ``None`` or an ``XMLSyntaxError``, which is what "no document"
    means here, not a failure)."""
    if text:
        if "\x00" in text:
            text = text.replace("\x00", "")
        data = text.encode("utf-8", "replace")
        try:
            root = etree.fromstring(data, parser=_parser())
        except etree.XMLSyntaxError:
            root = None
        if root is not None and isinstance(root.tag, str):
            return root
    return _EMPTY_PARSER.makeelement("html")


_EMPTY_PARSER = etree.HTMLParser()
_EMPTY_PARSER.set_element_class_lookup(etree.ElementDefaultClassLookup(element=HtmlElement))


def selector(root: etree._Element):
    """The parsel selector over the page's one tree (no second parse)."""
    from parsel import Selector

    return Selector(root=root, type="html")


def css(selector_text: str, prefix: str = "descendant-or-self::") -> etree.XPath:
    """A CSS selector translated (as parsel and Scrapy translate it) and compiled once; for the
    hot paths that run on every page."""
    return etree.XPath(_translator().css_to_xpath(selector_text, prefix=prefix))


@functools.cache
def _translator():
    from parsel.csstranslator import HTMLTranslator

    return HTMLTranslator()


def xpath(expr: str) -> etree.XPath:
    return etree.XPath(expr)


_compiled: dict[str, etree.XPath] = {}


class Marked(NamedTuple):
    """An element with a class, an id or an ``itemprop``, with those three values: read once,
    for every layer that looks for hints in them (reading an attribute is most of what a scan
    of these elements costs)."""

    el: etree._Element
    cls: str | None
    id: str | None
    itemprop: str | None


def marked_elements(root: etree._Element) -> list[Marked]:
    """The elements with a class, an id or an ``itemprop``, in document order: where the layers
    below the portal look for their hints."""
    # a walk in Python: the XPath ``//*[@class or @id or @itemprop]`` took twice as long
    out = []
    for el in root.iter(etree.Element):
        get = el.get
        cls, id_, itemprop = get("class"), get("id"), get("itemprop")
        if cls is not None or id_ is not None or itemprop is not None:
            out.append(Marked(el, cls, id_, itemprop))
    return out


#: ``tag.class`` or ``.class``: a selector the class index answers without an XPath scan.
_SIMPLE_CLASS = re.compile(r"^([a-z][a-z0-9]*)?\.([A-Za-z_][\w-]*)$")


class ClassIndex:
    """The page's elements by class token, in document order, built in one pass when a simple
    ``tag.class`` selector is first asked: the five portal selectors of the fast path then cost
    one walk of the tree instead of five XPath scans that normalise every class attribute.

    ``tokens``: the class tokens the page class's selectors name; only those are indexed, and
    any other token builds the full index."""

    def __init__(self, root: etree._Element, tokens: frozenset[str] = frozenset()):
        self.root = root
        self.tokens = tokens
        self._index: dict[str, list] | None = None
        self._full = False

    def _build(self, full: bool) -> dict[str, list]:
        # a walk in Python: libxml2's ``//*[@class][contains(@class, ...)]`` evaluates its
        # predicate node by node and took twice as long (0.11 against 0.05 ms a portal page,
        # 0.77 against 0.32 ms a large third-party page)
        index: dict[str, list] = {}
        tokens = self.tokens
        if not full and not tokens:
            return index
        for el in self.root.iter(etree.Element):
            cls = el.get("class")
            if cls is None:
                continue
            for token in cls.split():
                if full or token in tokens:
                    index.setdefault(token, []).append(el)
        return index

    def first(self, query: str):
        """The first element ``query`` selects (what ``response.css(query)[0]`` is in Scrapy), or
        None."""
        simple = _SIMPLE_CLASS.match(query)
        if simple is None:
            found = compiled_css(query)(self.root)
            return found[0] if found else None
        tag, token = simple.groups()
        if token not in self.tokens and not self._full:
            self._index, self._full = self._build(True), True
        elif self._index is None:
            self._index = self._build(False)
        for el in self._index.get(token, ()):
            if tag is None or el.tag == tag:
                return el
        return None


@functools.lru_cache(maxsize=64)
def class_tokens(*selectors: str | None) -> frozenset[str]:
    """The class tokens of the simple ``tag.class`` selectors among ``selectors`` (asked once per
    page class)."""
    found = set()
    for s in selectors:
        m = _SIMPLE_CLASS.match(s) if s else None
        if m:
            found.add(m.group(2))
    return frozenset(found)


def compiled_css(query: str) -> etree.XPath:
    """A page class's CSS selector compiled once for the whole process: parsel's own translation
    (so it selects exactly what ``response.css(query)`` selects in Scrapy), evaluated by lxml
    without parsel's per-call evaluator (the portal fast path runs five per page)."""
    found = _compiled.get(query)
    if found is None:
        from parsel.csstranslator import css2xpath

        found = _compiled[query] = etree.XPath(css2xpath(query))
    return found


#: Content types the parsers read; a response that declares none is judged by its bytes.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: A whole page ends its markup; one cut short (a connection lost mid-page although the length
#: announced matched what was sent) has neither closing tag and must not become an item.
_PAGE_END = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)


def declares_html(content_type: str | None) -> bool:
    """Whether a Content-Type header is HTML, or absent (the crawl and reparse agree on this)."""
    mime = (content_type or "").split(";")[0].strip().lower()
    return not mime or mime in HTML_TYPES


#: Where a whole page's closing tags are: its last this many bytes are searched first, the whole
#: page only when they hold none (the same verdict either way; a 13 kB page's closing tags are
#: found without scanning it from the start). Speed only: no verdict depends on it.
PAGE_END_WINDOW = 1024


def page_complete(body: bytes) -> bool:
    """Whether a page's bytes reach its closing ``</body>`` or ``</html>``."""
    return (_PAGE_END.search(body, max(0, len(body) - PAGE_END_WINDOW)) is not None
            or _PAGE_END.search(body) is not None)
