"""The text and the declared style of one element: what the block walker, the metadata and the
heuristics all read from an element.  Not normalised beyond :func:`line_text`."""

from __future__ import annotations

import functools
import re

from lxml import etree

from .text import normalize_line

__all__ = ["attr_style", "element_text", "element_lines", "elements_around", "line_text", "BLOCKISH", "CLASS_CAPTION", "CLASS_AUTHOR"]

_ALIGN = re.compile(r"text-align\s*:\s*(center|right|justify|left)", re.IGNORECASE)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_CLASS_CENTER = re.compile(r"(?:^|[-_])(?:center|centre|text-center|align-center)(?:$|[-_])", re.I)
_CLASS_RIGHT = re.compile(r"(?:^|[-_])(?:right|text-right|align-right)(?:$|[-_])", re.I)
CLASS_CAPTION = re.compile(r"caption|chu-?thich|chuthich|desc|legend", re.I)
CLASS_AUTHOR = re.compile(r"author|tac-?gia|tacgia|source|nguon", re.I)
_CLASS_ITALIC = re.compile(r"(?:^|[-_])(?:italic|em)(?:$|[-_])", re.I)


#: ``attr_style`` answers remembered per (style, align, class) attributes (a page repeats the
#: same few; the class tokens cost three regular expressions each), up to this many.
STYLE_CACHE_MAX = 50_000


def attr_style(el: etree._Element) -> tuple[str | None, bool]:
    """(alignment, italic) declared on the element itself."""
    get = el.get
    return _declared_style(get("style"), get("align"), get("class"))


@functools.lru_cache(maxsize=STYLE_CACHE_MAX)
def _declared_style(style: str | None, a: str | None, cls: str | None) -> tuple[str | None, bool]:
    align = None
    italic = False
    if style:
        m = _ALIGN.search(style)
        if m:
            align = m.group(1).lower()
        if _ITALIC.search(style):
            italic = True
    if a and align is None:
        align = a.strip().lower() or None
    if cls:
        for token in cls.split():
            if align is None:
                if _CLASS_CENTER.search(token):
                    align = "center"
                elif _CLASS_RIGHT.search(token):
                    align = "right"
            if _CLASS_ITALIC.search(token):
                italic = True
    return align, italic


# --------------------------------------------------------------------------------------------
# text of elements
# --------------------------------------------------------------------------------------------

_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "button", "select", "textarea", "option"})
BLOCKISH = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "figure",
        "figcaption", "center", "address", "hr", "details", "summary", "caption", "tbody",
        "thead", "tfoot", "fieldset", "legend", "td", "th", "form", "nav", "aside", "footer",
    }
)


def element_text(el: etree._Element, br: str = "\n", skip=None) -> str:
    """The raw text of an element: ``<br>`` as ``br``, block boundaries as line breaks, scripts
    and styles skipped, and the descendants ``skip(e)`` is true of (with their subtrees).  Not
    normalised.  Iterative (no recursion limit on deep trees)."""
    if not isinstance(el.tag, str):
        return ""
    out: list[str] = []
    skipping = 0
    for event, e in etree.iterwalk(el, events=("start", "end")):
        tag = e.tag
        t = tag.lower() if isinstance(tag, str) else ""
        if event == "start":
            if skipping or (e is not el and (not t or t in _SKIP_TEXT or (skip is not None and skip(e)))):
                skipping += 1
                continue
            if t == "br":
                out.append(br)
                continue
            if t in BLOCKISH and e is not el:
                out.append("\n")
            if e.text:
                out.append(e.text)
        else:
            if skipping:
                skipping -= 1
                if skipping == 0 and e.tail:
                    out.append(e.tail)
                continue
            if e is el:
                continue
            if t in BLOCKISH:
                out.append("\n")
            if e.tail:
                out.append(e.tail)
    return "".join(out)


def line_text(el: etree._Element | None) -> str:
    """One normalised line: the element's text with every break made a space."""
    if el is None:
        return ""
    return normalize_line(element_text(el, " "))


def elements_around(el: etree._Element) -> list:
    """The rest of the page around ``el``, as whole subtrees: the elements beside it and beside
    each of its ancestors."""
    out = []
    node = el
    while node is not None:
        out.extend(node.itersiblings(preceding=True))
        out.extend(node.itersiblings())
        node = node.getparent()
    return out


def element_lines(elements) -> frozenset[str]:
    """The lines of the text of ``elements`` (split at ``<br>`` and at inner blocks, as
    :func:`element_text` splits them), normalised, without the empty ones."""
    found = set()
    for el in elements:
        for line in element_text(el, "\n").split("\n"):
            line = normalize_line(line)
            if line:
                found.add(line)
    return frozenset(found)
