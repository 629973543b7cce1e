"""The category listing page: teasers and the next-page link.

Layers: ``portal`` (``div.list-news div.item-news`` with ``h3 a[href]``, ``span.date``,
``p.sapo``), ``heuristic`` (the container holding the most links to articles of this category,
each with a date next to it), ``none`` (no teaser: an empty page).  Teasers never come from
sidebars, menus, related boxes or the footer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import parse_qsl, urlsplit

from lxml import etree

from .dates import parse_date, parse_dmy
from .generic.chrome import ChromeIndex, attr_is_chrome
from .elements import element_text, line_text
from .html import compiled_css, selector, xpath
from .text import normalize_line
from .site import GENERIC, Site
from .urls import absolute_url

__all__ = ["Teaser", "ParsedListing", "ListingPage"]


@dataclass
class Teaser:
    url: str
    article_id: int | None
    title: str | None
    date: str | None  # ISO date 'YYYY-MM-DD'


@dataclass
class ParsedListing:
    teasers: list[Teaser] = field(default_factory=list)
    next_url: str | None = None
    layer: str = "none"
    #: The page numbers the page's pagination names (numbered links and the current page), in
    #: order; empty when the page shows no pagination at all (a maintenance or error page).
    pagination: tuple[int, ...] = ()
    #: The page number this URL asks for (its ``Page``/``p``/``trang`` parameter; 1 without one).
    page: int = 1

    def past_the_end(self) -> bool:
        """Evidence that an empty page lies past the end of the listing: its pagination names
        pages, and none as far as this one (the portal answers a page number past the end with
        an empty list and the usual pagination)."""
        return bool(self.pagination) and max(self.pagination) < self.page

    def at_the_end(self) -> bool:
        """Evidence that this page is the listing's last (or past it): its pagination names no
        later page."""
        return bool(self.pagination) and max(self.pagination) <= self.page

    def later_pages(self) -> list[int]:
        """The pages after this one that its pagination names."""
        return [n for n in self.pagination if n > self.page]


def page_number(url: str | None) -> int | None:
    """The page number a listing URL asks for (its ``Page``/``p``/``trang`` parameter)."""
    return _page_number(url) if url else None


_NEXT_TEXTS = frozenset({"»", "›", ">", "trang sau", "sau", "tiếp", "tiếp theo", "next", "next »", "sau »", "trang sau »", "›› ", "→"})
_NEXT_CLASS = re.compile(r"(?:^|[-_ ])next(?:$|[-_ ])", re.I)
_PAGE_PARAM = re.compile(r"^page$|^p$|^trang$", re.I)


class ListingPage:
    """The listing walker; a site's page class hands it the site's URL scheme (``SITE``)."""

    name = "ListingPage"
    SITE: Site = GENERIC

    # -- portal selectors: CSS as Scrapy takes it, XPath for the pagination box; subclasses set them
    LIST: str | None = None
    ITEM: str | None = None
    ITEM_LINK: str | None = None
    ITEM_DATE: str | None = None
    PAGINATION: str | None = None

    BASE = xpath("(//base[@href])[1]/@href")
    LINKS = xpath("//a[@href]")
    REL_NEXT = xpath("//*[@rel][@href][self::a or self::link]")

    def __init__(self, root: etree._Element, url: str):
        self.root = root
        self.sel = selector(root)
        self.url = url or ""
        base = self.BASE(root)
        self.base = (absolute_url(base[0], self.url) if base else None) or self.url

    @cached_property
    def chrome(self) -> ChromeIndex:
        return ChromeIndex(self.root)

    def css(self, query: str | None, within=None) -> list:
        """The elements a CSS selector finds (parsel, as in ``scrapy shell``), in the page or
        inside ``within``."""
        if query is None:
            return []
        return compiled_css(query)(self.root if within is None else within)

    def pagination_boxes(self) -> list:
        return [s.root for s in self.sel.xpath(self.PAGINATION)] if self.PAGINATION else []

    # -- teasers ------------------------------------------------------------------------------

    def portal_teasers(self) -> list[Teaser]:
        if self.LIST is None or self.ITEM is None:
            return []
        teasers: list[Teaser] = []
        seen: set[str] = set()
        for lst in self.css(self.LIST):
            if _inside_chrome(lst):
                continue
            for item in self.css(self.ITEM, lst):
                links = self.css(self.ITEM_LINK, item)
                if not links:
                    # no headline link: any link of the teaser that names an article
                    links = [x for x in item.iter("a") if self.SITE.article_id(x.get("href"))]
                    links.sort(key=lambda x: -len(line_text(x)))
                if not links:
                    continue
                a = links[0]
                url = absolute_url(a.get("href"), self.base)
                if not url or url in seen:
                    continue
                seen.add(url)
                title = line_text(a) or normalize_line(a.get("title")) or None
                date = None
                if self.ITEM_DATE is not None:
                    for d in self.css(self.ITEM_DATE, item):
                        date = parse_date(line_text(d))
                        if date:
                            break
                if date is None:
                    date = _date_in(item, exclude=a)
                teasers.append(Teaser(url, self.SITE.article_id(url), title, date[:10] if date else None))
        return teasers

    def heuristic_teasers(self) -> list[Teaser]:
        """The container holding the most article links of this category (each a teaser: the
        highest element around a link that holds no other article), sidebars and menus left
        out; containers whose teasers carry dates win over those without."""
        chrome = self.chrome
        links = []
        for a in self.LINKS(self.root):
            if chrome(a):
                continue
            url = absolute_url(a.get("href"), self.base)
            if not url or not self.SITE.in_category(url):
                continue
            aid = self.SITE.article_id(url)
            links.append((a, url, aid))
        if not links:
            return []
        # the distinct articles under every ancestor of a link
        under: dict = {}
        for a, _url, aid in links:
            el = a
            while el is not None:
                s = under.get(el)
                if s is None:
                    under[el] = s = set()
                s.add(aid)
                el = el.getparent()
        # each link's teaser element: the highest ancestor holding only this article
        groups: dict = {}  # container -> {item_el: [(a, url, aid)]}
        for a, url, aid in links:
            item = a
            parent = item.getparent()
            while parent is not None and len(under.get(parent, ())) == 1:
                item = parent
                parent = item.getparent()
            if parent is None or item.tag in ("body", "html"):
                # the page names a single article: its teaser is the nearest block around the
                # link that carries a date
                item = _dated_block(a)
                if item is None or item.getparent() is None:
                    continue
                parent = item.getparent()
            groups.setdefault(parent, {}).setdefault(item, []).append((a, url, aid))
        best = None
        best_key = None
        for container, items in groups.items():
            dated = sum(1 for item in items if _date_in(item) is not None)
            key = (dated, len(items))
            if best_key is None or key > best_key:
                best, best_key = container, key
        if best is None:
            return []
        teasers = []
        for item in best:  # document order
            entry = groups[best].get(item)
            if not entry:
                continue
            # the link with the longest text names the teaser (an image link has none)
            a, url, aid = max(entry, key=lambda e: len(line_text(e[0])))
            title = line_text(a) or normalize_line(a.get("title")) or None
            date = _date_in(item, exclude=a) or _date_in(item)
            teasers.append(Teaser(url, aid, title, date[:10] if date else None))
        return teasers

    # -- next page ----------------------------------------------------------------------------

    def next_url(self) -> str | None:
        for el in self.REL_NEXT(self.root):
            if "next" in (el.get("rel") or "").lower().split():
                u = absolute_url(el.get("href"), self.base)
                if u:
                    return u
        containers = self.pagination_boxes()
        for box in containers:
            u = self._next_in(box)
            if u:
                return u
        # no pagination box found by class: any link reading like "next page" outside chrome
        chrome = self.chrome
        for a in self.LINKS(self.root):
            if not _is_next_link(a):
                continue
            u = absolute_url(a.get("href"), self.base)
            if not u:
                continue
            # inside the chrome only a pagination box or a link to another page of a listing
            if chrome(a) and not _is_pagination(a) and _page_number(u) is None:
                continue
            return u
        return None

    def _next_in(self, box) -> str | None:
        anchors = [a for a in box.iter("a") if a.get("href")]
        for a in anchors:
            if _is_next_link(a):
                u = absolute_url(a.get("href"), self.base)
                if u:
                    return u
        # only numbered links: the one after the current page
        current = _page_number(self.url) or 1
        for a in anchors:
            if line_text(a) == str(current + 1):
                u = absolute_url(a.get("href"), self.base)
                if u:
                    return u
        return None

    # -- the result -----------------------------------------------------------------------------

    def pagination(self) -> tuple[int, ...]:
        """Page numbers the pagination box(es) show: numbered links and the current page's
        number (not the arrows: a next link names no page of its own); () when the page has no
        pagination box."""
        boxes = self.pagination_boxes()
        numbers: set[int] = set()
        for box in boxes:
            for el in box.iter():
                if isinstance(el.tag, str) and len(el) == 0:
                    text = line_text(el)
                    if text.isdigit() and len(text) <= 6:
                        numbers.add(int(text))
        return tuple(sorted(numbers))

    def parse(self) -> ParsedListing:
        page = _page_number(self.url) or 1
        pagination = self.pagination()
        teasers = self.portal_teasers()
        layer = "portal" if teasers else "none"
        if not teasers:
            teasers = self.heuristic_teasers()
            if teasers:
                layer = "heuristic"
        if not teasers:
            return ParsedListing([], None, "none", pagination, page)
        nxt = self.next_url()
        if nxt is not None and _same_page(nxt, self.url):
            nxt = None
        return ParsedListing(teasers, nxt, layer, pagination, page)


# ------------------------------------------------------------------------------------------------


def _inside_chrome(el) -> bool:
    for anc in el.iterancestors():
        if not isinstance(anc.tag, str):
            continue
        t = anc.tag.lower()
        if t in ("nav", "aside", "footer"):
            return True
        if attr_is_chrome(anc):
            return True
    return False


def _is_pagination(a) -> bool:
    for anc in a.iterancestors():
        cls = ((anc.get("class") or "") + " " + (anc.get("id") or "")).lower()
        if "pagin" in cls or "paging" in cls or "pager" in cls:
            return True
    return False


def _is_next_link(a) -> bool:
    t = line_text(a).casefold()
    if t in _NEXT_TEXTS:
        return True
    if t.rstrip(" »›>").strip() in ("trang sau", "sau", "tiếp", "tiếp theo", "next") and t:
        return True
    cls = (a.get("class") or "") + " " + (a.get("aria-label") or "") + " " + (a.get("title") or "")
    if _NEXT_CLASS.search(cls) or "trang sau" in cls.lower():
        return True
    parent = a.getparent()
    if parent is not None and parent.tag == "li" and _NEXT_CLASS.search(parent.get("class") or ""):
        return True
    return False


def _page_number(url: str) -> int | None:
    try:
        for k, v in parse_qsl(urlsplit(url).query):
            if _PAGE_PARAM.match(k) and v.isdigit():
                return int(v)
    except ValueError:  # a URL urlsplit refuses (a bad IPv6 host): no page number
        return None
    return None


def _same_page(a: str, b: str) -> bool:
    return a.split("#")[0] == b.split("#")[0]


_TEASER_BLOCKS = frozenset({"li", "div", "article", "tr", "section", "p", "dd", "dl"})


def _dated_block(a):
    for anc in a.iterancestors():
        tag = anc.tag
        if not isinstance(tag, str):
            continue
        t = tag.lower()
        if t in ("body", "html"):
            return None
        if t in _TEASER_BLOCKS and _date_in(anc) is not None:
            return anc
    return None


def _date_in(el, exclude=None) -> str | None:
    """The first ``dd/mm/yyyy`` date in the teaser's text (outside ``exclude``, the title link);
    the regular-expression fast path only."""
    parts: list[str] = []

    def rec(e, depth: int) -> None:
        if depth > 100:
            parts.append(element_text(e, " "))
            return
        if e.text:
            parts.append(e.text)
        for c in e:
            tag = c.tag
            if isinstance(tag, str) and c is not exclude and tag.lower() not in ("script", "style"):
                rec(c, depth + 1)
            if c.tail:
                parts.append(c.tail)

    rec(el, 0)
    text = " ".join(" ".join(parts).split())
    if not text or not any(c.isdigit() for c in text):
        return None
    return parse_dmy(text)
