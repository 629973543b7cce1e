"""The last resort: a well-kept generic extractor when the project's own layers find nothing, or
nothing they can vouch for.

* the main text: trafilatura (``bare_extraction``; its own readability/jusText fallbacks on);
  its XML body is renamed to HTML tags and walked by the project's block walker, so what it
  returns goes through the same site cleaning as every other layer (chrome lines, toolbar words,
  related-news cut, captions, the author line);
* the publication date: htmldate (``find_date``, original date, markup and URL only).

Both are imported on first use: the portal's own pages never pay for them.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from lxml import etree

__all__ = ["generic_body", "generic_date", "can_take_out", "GENERIC_ERRORS"]

#: What the two libraries raise on input they cannot read; the page keeps what the better layers
#: found and the item names the failure among its problems (never hidden, never a crash).
GENERIC_ERRORS = (ValueError, TypeError, LookupError, etree.LxmlError, RecursionError)

# trafilatura's XML vocabulary -> HTML, so the block walker reads it like any content element
_TAGS = {
    "p": "p", "head": "h2", "list": "ul", "item": "li", "lb": "br", "quote": "blockquote",
    "code": "pre", "table": "table", "row": "tr", "cell": "td", "graphic": "img", "ref": "a",
    "del": "del", "div": "div", "ab": "p", "label": "p",
}
_HI = {"#b": "b", "#i": "i", "#u": "u", "#t": "code"}


def _to_html(body: etree._Element) -> etree._Element:
    out = etree.Element("div")
    for child in body:
        out.append(child)
    for el in out.iter():
        tag = el.tag if isinstance(el.tag, str) else ""
        if el is out or not tag:
            continue
        if tag == "hi":
            el.tag = _HI.get((el.get("rend") or "").lower(), "span")
        elif tag == "cell" and (el.get("role") or "").lower() == "head":
            el.tag = "th"
        elif tag == "list" and (el.get("rend") or "").lower() == "ol":
            el.tag = "ol"
        elif tag == "ref":
            el.tag = "a"
            if el.get("target"):
                el.set("href", el.get("target"))
        else:
            el.tag = _TAGS.get(tag, "span")
    return out


def _quiet() -> None:
    # their per-page notes ("discarding data", "readability_lxml failed") are WARNINGs that would
    # flood a crawl's log; what matters is reported through the item's layers and problems
    for name in ("trafilatura", "htmldate", "readability", "justext"):
        logging.getLogger(name).setLevel(logging.ERROR)


def generic_body(root: etree._Element, url: str, *, fast: bool = True,
                 unread=()) -> etree._Element | None:
    """trafilatura's main text of the page (the tree :func:`.html.parse_html` made, which
    trafilatura copies before it cleans it) as an HTML ``<div>``, or ``None`` when it finds none.

    ``fast``: without trafilatura's own second opinions (its readability and jusText runs): the
    parser weighs trafilatura's text against its own candidate anyway, and calls again with
    ``fast=False`` before it calls a page empty.

    ``unread``: elements trafilatura is not to read (the page's menus and sidebars, when the
    parser has a candidate of its own and only wants the extractor's opinion of the article):
    out of the tree for the call (:func:`_taken_out`), so that its copies and its cleaning work
    on the rest of the page only; the tree is whole again when this returns or raises."""
    import trafilatura

    _quiet()
    with _taken_out(unread):
        doc = trafilatura.bare_extraction(
            root, url=url or None, fast=fast, with_metadata=False, include_comments=False,
            include_tables=True, include_images=True, include_links=True, deduplicate=False,
        )
    if doc is None:
        return None
    if doc.body is not None and len(doc.body):
        return _to_html(doc.body)
    # its last fallback (the page's bare text) gives a text without a body tree: one paragraph
    # per line
    if doc.text and doc.text.strip():
        out = etree.Element("div")
        for line in doc.text.split("\n"):
            if line.strip():
                etree.SubElement(out, "p").text = line
        return out
    return None


def can_take_out(el: etree._Element) -> bool:
    """Whether :func:`generic_body` can keep ``el`` out of the extractor's sight: not when text
    of its parent follows it (lxml moves an element's tail with it, and that text is not the
    element's)."""
    tail = el.tail
    return not tail or tail.isspace()


@contextmanager
def _taken_out(elements):
    """``elements`` out of their tree for the ``with`` block, then back where each was (those
    :func:`can_take_out` allows; the others stay).  Any order works, nested elements too: each
    is put back, in the reverse order, at the index it was taken from."""
    removed = []
    try:
        for el in elements:
            parent = el.getparent()
            if parent is None or not can_take_out(el):
                continue
            index = parent.index(el)
            parent.remove(el)
            removed.append((parent, index, el))
        yield
    finally:
        for parent, index, el in reversed(removed):
            parent.insert(index, el)


def generic_date(root: etree._Element, url: str) -> str | None:
    """htmldate's original publication date (``YYYY-MM-DD``), or ``None``."""
    from htmldate import find_date

    _quiet()
    # markup and URL only: its free-text search would take a sidebar's or a banner's date
    found = find_date(root, url=url or None, original_date=True, extensive_search=False,
                      outputformat="%Y-%m-%d")
    return found or None
