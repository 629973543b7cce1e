"""Teasers of other articles printed on an article page (a "featured" box, a list of other news
with a line of each): a headline that is wholly a link to another page, with a short lead beside
it.  Their lines are no sentence of the article, whatever the box is named (an unnamed ``div``
after the article, a side cell of a layout table): a generic extractor that keeps them has not
read text our content candidate misses.

The evidence is structural: a heading (``h2``-``h6``) whose whole text is one link to another
page, and beside it, in the same container, at most :data:`TEASER_LEAD_MAX` characters of text
outside links (the teaser's lead).  An article's section heading written as a link has the
section's paragraphs beside it, far more than a lead.
"""

from __future__ import annotations

from lxml import etree

from ..elements import element_lines, line_text
from .structure import link_list_items

__all__ = ["TEASER_LEAD_MAX", "teaser_lines", "entry_lines"]

#: A teaser's lead beside its linked headline holds at most this many characters (text outside
#: links, the headline's container); more is an article's section under a linked heading.
TEASER_LEAD_MAX = 300

_HEADING_TAGS = ("h2", "h3", "h4", "h5", "h6")


def _below_body(root: etree._Element, *tags: str):
    """The elements of ``tags`` inside the page's body (lxml's parser makes one), in document
    order, by lxml's walk by tag (XPath's ``//body/descendant::*[self::h2 or ...]`` tests every
    element of the page and took four times as long)."""
    body = next(root.iter("body"), None)
    if body is None:
        return
    yield from body.iter(*tags)


def _linked_headings(root: etree._Element):
    """The ``h2``-``h6`` headings of the body with a link among their children."""
    for el in _below_body(root, *_HEADING_TAGS):
        if any(child.tag == "a" and child.get("href") is not None for child in el):
            yield el


def _links_to_another_page(a: etree._Element) -> bool:
    href = (a.get("href") or "").strip()
    return bool(href) and not href.startswith(("#", "javascript:", "mailto:"))


def _text_outside_links(el: etree._Element, skip: etree._Element) -> int:
    """Characters of ``el``'s text that is neither in a link nor in ``skip`` (the headline)."""
    n = 0
    for node in el.xpath(".//text()"):
        parent = node.getparent()
        if getattr(node, "is_tail", False):
            parent = parent.getparent()
        inside = parent
        linked = False
        while inside is not None and inside is not el:
            if inside is skip or (isinstance(inside.tag, str) and inside.tag.lower() == "a"):
                linked = True
                break
            inside = inside.getparent()
        if not linked:
            n += len(node.strip())
    return n


def teaser_lines(root: etree._Element, chrome=None) -> frozenset[str]:
    """The normalised lines of the page's teaser boxes (module docstring): each box is the
    container of a heading wholly made of one link to another page, holding at most
    :data:`TEASER_LEAD_MAX` characters of text outside links besides it.  ``chrome``: elements
    it is true of are left out (their lines are the chrome's)."""
    found: set[str] = set()
    for heading in _linked_headings(root):
        links = heading.xpath(".//a[@href]")
        if len(links) != 1 or not _links_to_another_page(links[0]):
            continue
        text = line_text(heading)
        if not text or line_text(links[0]) != text:
            continue  # a heading that is more than its link
        box = heading.getparent()
        if box is None or not isinstance(box.tag, str) or box.tag.lower() in ("body", "html"):
            continue
        if chrome is not None and chrome(box):
            continue
        if _text_outside_links(box, heading) > TEASER_LEAD_MAX:
            continue
        found |= element_lines([box])
    return frozenset(found)


def entry_lines(root: etree._Element, chrome=None) -> frozenset[str]:
    """The normalised lines of the entries of the page's lists of links (each of at least
    :data:`~.structure.LINK_LIST_MIN` items holding a link), outside the chrome (``chrome``)."""
    found: set[str] = set()
    for lst in _below_body(root, "ul", "ol"):
        items = link_list_items(lst)
        if items is None:
            continue
        if chrome is not None and chrome(lst):
            continue
        found |= element_lines(items)
    return frozenset(found)
