"""The article page: HTML to an item (docs/EXTRACTION.md), one field at a time, each down a
ladder of layers; the layer that served a field is recorded (``LAYERS``):

``portal``     the page class's own selectors (:mod:`.portal`)
``meta``       structured metadata: Open Graph and other meta tags, JSON-LD, microdata, the
               canonical link, ``<title>`` (:mod:`.metadata`)
``heading``    the headline heading the page names, the date line next to it
``heuristic``  the project's structural rules (:mod:`.heuristics`): title/date/lead class names,
               breadcrumbs, labels, the element with the most paragraph text
``generic``    a generic extractor as last resort (:mod:`.fallback`: trafilatura, htmldate)
``none``       nothing found

A layer is tried only when the ones above it found nothing they can vouch for, and its candidate
must agree with the rest of the page (a title the ``<title>`` names, a date that is a date line,
not a date inside a sentence).  Whatever element served the content, its blocks go through the
same site cleaning (:mod:`.blocks`, :mod:`.roles`).

:class:`ArticlePage` has no portal selectors: it is the generic page (``parse_article(...,
portal=False)``).  The portal's layouts subclass it (:mod:`.portal`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple
from urllib.parse import urljoin, urlsplit

from lxml import etree

from vkscrawl.items import SCHEMA_VERSION

from .generic import structure as h
from .generic.arbitration import (SENTENCE_WORDS, agreed, body_chars, elsewhere, prefer_generic,
                                 reads_beyond, running_words)
from .blocks import Block, BlockWalker
from .generic.chrome import ChromeIndex
from .dates import iso_to_dmy, parse_date, parse_iso
from .elements import elements_around, line_text
from .generic.fallback import GENERIC_ERRORS, can_take_out, generic_body, generic_date
from .html import ClassIndex, Marked, class_tokens, marked_elements, selector, xpath
from .generic.metadata import Metadata
from .generic.teasers import entry_lines, teaser_lines
from .roles import assign_captions, cut_at_stop, find_author, is_link_item
from .sections import split_sections
from .site import GENERIC, Site
from .text import content_hash, join_blocks, normalize_line
from .urls import absolute_url

__all__ = ["ParsedArticle", "ArticlePage", "FIELDS", "LAYERS"]

FIELDS = ("title", "published", "category", "summary", "body", "images", "author", "url")
#: Every layer a field can be served by, best first: the one home of these names (the crawl's
#: stats keys ``vkscrawl/layer/<field>/<layer>`` and the drift report use them).
LAYERS = ("portal", "meta", "heading", "heuristic", "generic", "none")


class Candidate(NamedTuple):
    """The project's own guess at the content below the portal layer (:meth:`ArticlePage._candidate`)."""

    el: Any
    blocks: list
    layer: str
    #: the ids of the blocks read from the article's later chunks (:meth:`ArticlePage._continued`)
    later: frozenset
    #: the page names the element its body (microdata ``articleBody``, a CMS's body class)
    marked: bool


class Found(NamedTuple):
    """What a field's ladder found: the value, the layer that served it, and the element that
    prints it (``None`` when it came from metadata or a generic extractor)."""

    value: Any
    layer: str
    el: Any = None


@dataclass
class ParsedArticle:
    item: dict
    layers: dict[str, str]
    parser: str
    problems: list[str] = field(default_factory=list)


_DATE_HINT = re.compile(r"date|time|ngay|publish|posted|created|thoi-?gian|ngaydang|ngay-dang", re.I)
_UPDATED = re.compile(r"updated|modified|cap-?nhat", re.I)
#: A content element found by its CMS class or by microdata is a candidate when its body holds
#: at least this many characters (below that, paragraph density chooses one).
_TRUSTED_BODY = 200
#: A body the page marks holding this share of the page's text outside the chrome is the only
#: part of the page the generic extractor reads (:meth:`ArticlePage._unread`).  On the
#: development corpora 0.5 and 0.7 gave the same items.
MARKED_ALONE_SHARE = 0.5
#: The generic extractor reads the page without the chrome boxes holding less than this many
#: times our candidate's text (:meth:`ArticlePage._chrome_beside`); a box that large may be the
#: article a chrome rule swallowed, beside a candidate that is a stray line.  On the development
#: corpora 1, 2 and 3 gave the same items; the larger, the less the extractor copies and cleans
#: (BENCHMARKS.md, "Cost of a page below the portal layer").
CHROME_UNREAD_MAX_SHARE = 3.0
#: A lead-named element inside one of these is a teaser's intro (a link to another article, an
#: item of a list of them), not the article's lead.
_TEASER_TAGS = frozenset({"a", "li"})
_MAX_HINTED = 30
#: A printed description is looked for by the text nodes holding its opening, up to this many
#: characters (cut at a word: inline markup may split the line further on).
PRINTED_DESCRIPTION_PROBE = 30
_DIGIT = re.compile("[0-9]")
#: the white space XPath's ``normalize-space`` collapses (space, tab, CR, LF; not NBSP)
_XPATH_SPACE = re.compile("[ \t\r\n]+")
_TEXT_CONTAINING = etree.XPath("//body/descendant::text()[contains(normalize-space(.), $probe)]"
                               "[not(ancestor::script or ancestor::style)]")


class ArticlePage:
    """Generic article page: the layered machinery, no portal selectors of its own."""

    name = "ArticlePage"
    #: The site's own strings and URL scheme (none: the generic page knows no site).
    SITE: Site = GENERIC

    # -- portal selectors: CSS as Scrapy takes it (``response.css(...)``); subclasses fill them in
    TITLE: str | None = None
    DATE: str | None = None
    BREADCRUMB: str | None = None
    SUMMARY: str | None = None
    CONTENT: str | None = None

    # -- generic selectors, compiled once -----------------------------------------------------
    HTML_TITLE = xpath("(//title)[1]")
    H1 = xpath("//h1")
    H2 = xpath("//h2")
    FOLLOWING_TEXT = xpath("following::text()[normalize-space()][position() <= 25]")
    PRECEDING_TEXT = xpath("preceding::text()[normalize-space()][position() <= 8]")
    PRECEDING_LINES = xpath("preceding::text()[normalize-space()][position() <= 12]")
    #: the page's text nodes holding a digit (where a date can be), filtered in libxml2: most of
    #: a page's text nodes hold none
    #: (not a script's or a style sheet's text: no line of the page, and reading such a line
    #: normalises the whole script)
    TEXT_CONTAINING = xpath("//body/descendant::text()[contains(., $probe)][not(parent::script or parent::style)]")
    TIME_EL = xpath("//time")
    LISTS = xpath("//ol | //ul")
    #: the labels a text node may open with (category, author)
    LABELS = ("Chuyên mục", "Danh mục", "Tác giả", "Người viết")
    #: what a text node of a breadcrumb written as plain text holds; such a line is short
    PATH_PROBES = ("»", "›", " > ")
    PATH_LINE_MAX = 200
    #: text nodes of such lines looked at
    PATH_NODES_MAX = 50

    def __init__(self, root: etree._Element, url: str, html_text: str | None = None):
        self.root = root
        self.url = url or ""
        self._html_text = html_text
        # the first <base href> (lxml's iteration by tag, in C, is forty
        # times faster than the XPath scan)
        base = next((href for el in root.iter("base") if (href := el.get("href")) is not None),
                    None)
        self.base = (absolute_url(base, self.url) if base is not None else None) or self.url
        self.layers: dict[str, str] = {}
        self.problems: list[str] = []

    # -- page-wide helpers, computed when first needed ------------------------------------------

    @cached_property
    def sel(self):
        """The parsel selector over the page's tree (what ``response`` selects on in ``scrapy
        shell``): made when first asked."""
        return selector(self.root)

    @cached_property
    def chrome(self) -> ChromeIndex:
        return ChromeIndex(self.root, body_classes=self.SITE.body_classes, marked=self.hinted)

    @cached_property
    def order(self) -> dict:
        return {el: i for i, el in enumerate(self.root.iter())}

    @cached_property
    def hinted(self) -> list[Marked]:
        """Elements with a class, an id or an ``itemprop`` (and those values), in document order:
        where the title, date, breadcrumb and lead hints are looked for."""
        return marked_elements(self.root)

    @cached_property
    def label_nodes(self) -> list:
        """Text nodes opening with a label (``Chuyên mục``, ``Tác giả`` ...): one scan of the page
        for the category and the author."""
        if not self._on_page(self.LABELS):
            return []  # no text node can open with a label the page's text does not hold
        return [node for node in self.body_text if node.lstrip().startswith(self.LABELS)]

    @cached_property
    def body_text(self) -> list:
        """The text nodes of the page's body in document order, read once for the scans that
        look for a label, a date, a path line or the densest element.  (Their tests run in
        Python: XPath's ``translate`` or ``contains`` on every node cost four times as much,
        most of it on the long text of scripts.)"""
        return h.body_text(self.root)

    @cached_property
    def dated_text(self) -> list:
        """The text nodes of the body holding a digit (where a date can be)."""
        return [node for node in self.body_text if _DIGIT.search(node)]

    @cached_property
    def page_text(self) -> str:
        """The page's text nodes run together, script and style included (libxml2's text
        serialisation: a fraction of a millisecond on a large page).  A string it does not hold
        is in no text node, so a scan of the text nodes for it can be skipped: on a page of a
        few thousand elements each such XPath scan costs milliseconds (:meth:`_on_page`)."""
        return etree.tostring(self.root, method="text", encoding=str)

    def _on_page(self, probes, spaced: bool = False) -> bool:
        """Whether one of ``probes`` may be in a text node of the page: false only when no text
        node can hold it.  ``spaced``: in a text node's ``normalize-space(.)``, where a space of
        the probe may stand for any run of white space of the node (a line break and the
        indentation after it): then each of its parts between spaces must be in the text."""
        text = self.page_text
        if spaced:
            return any(all(part in text for part in p.split(" ")) for p in probes)
        return any(p in text for p in probes)

    @cached_property
    def meta(self) -> Metadata:
        return Metadata(self.root, marked=lambda: self.hinted)

    @cached_property
    def classes(self) -> ClassIndex:
        return ClassIndex(self.root, class_tokens(self.TITLE, self.DATE, self.BREADCRUMB, self.SUMMARY, self.CONTENT))

    def portal(self, css: str | None):
        """The first element a portal selector finds (what ``response.css(css)`` finds in
        ``scrapy shell``; a class index for ``tag.class`` selectors, else compiled once,
        :class:`.html.ClassIndex`)."""
        if css is None:
            return None
        return self.classes.first(css)

    def html_title(self) -> str:
        found = self.HTML_TITLE(self.root)
        return line_text(found[0]) if found else ""

    # -- title ------------------------------------------------------------------------------------

    @cached_property
    def title_found(self) -> Found:
        """The headline, its layer and the element printing it (kept out of the body; the date
        line and the lead are looked for next to it)."""
        el = self.portal(self.TITLE)
        if el is not None:
            headline = line_text(el)  # (read once: each read walks the element's subtree)
            if headline:
                return Found(headline, "portal", el)
        headings, hinted = self._title_candidates()
        visible = headings + hinted
        # meta: a headline the metadata gives, printed on the page (whole, or a part of it)
        refs = self.meta.titles()
        for ref in refs:
            found = self._printed_whole(ref, visible) or self._printed_anywhere(ref)
            if found is not None:
                return Found(found[1], "meta", found[0])
        if refs:
            t = h.strip_site_name(normalize_line(refs[0]), leading=False, site_names=self.site_names, site=self.SITE)
            if t:
                return Found(t, "meta", headings[0][0] if headings else None)
        html_title = self.html_title()
        # heading, then a title-named element: the one <title> names
        for candidates, layer in ((headings, "heading"), (hinted, "heuristic")):
            found = self._printed_whole(html_title, candidates)
            if found is not None:
                return Found(found[1], layer, found[0])
        found = self._printed_anywhere(html_title)
        if found is not None:
            return Found(found[1], "heuristic", found[0])
        if headings:
            return Found(headings[0][1], "heading", headings[0][0])
        found = self._title_above_date()
        if found is not None:
            return Found(found[1], "heuristic", found[0])
        if hinted:
            return Found(hinted[0][1], "heuristic", hinted[0][0])
        t = h.strip_site_name(html_title, site_names=self.site_names, site=self.SITE)
        return Found(t, "meta") if t else Found("", "none")

    def title(self) -> tuple[str, str]:
        return self.title_found.value, self.title_found.layer

    @property
    def title_el(self):
        return self.title_found.el

    LOGO_IMAGES = xpath("//img[@alt or @title][ancestor::a[@href]]")

    @cached_property
    def site_names(self) -> list[str]:
        """The page's own names for itself: the metadata's (``og:site_name``), and the text of
        the logo, an image linking to the site's home page (its ``alt``), which the banner often
        prints again as a heading."""
        names = list(self.meta.site_names())
        root = (absolute_url("/", self.base) or "/").rstrip("/")
        for img in self.LOGO_IMAGES(self.root):
            link = next((a for a in img.iterancestors("a") if a.get("href") is not None), None)
            href = (link.get("href") or "").strip() if link is not None else ""
            if href in ("/", "./") or (href.startswith(("http:", "https:")) and href.rstrip("/") == root):
                name = normalize_line(img.get("alt") or img.get("title") or "")
                if len(name) >= 4:
                    names.append(name)
        return names

    @cached_property
    def _site_name_keys(self) -> frozenset[str]:
        """:attr:`site_names` as a headline candidate is compared with them (normalised, casefolded)."""
        return frozenset(normalize_line(n).casefold() for n in self.site_names)

    def _title_candidates(self):
        """Visible headline candidates outside the chrome, in document order: ``h1`` then ``h2``
        headings, and elements whose class/id/itemprop names a headline; none that is the site's
        name (:attr:`site_names`: the banner's heading beside the logo)."""
        chrome = self.chrome
        names = self._site_name_keys
        headings = []
        for sel in (self.H1, self.H2):
            for el in sel(self.root):
                if chrome(el):
                    continue  # (its text is not read)
                t = line_text(el)
                if _headline_like(t, self.SITE) and t.casefold() not in names:
                    headings.append((el, t))
        seen = {el for el, _t in headings}
        hinted = []
        for m in self.hinted:
            el = m.el
            if el in seen or el.tag.lower() in ("meta", "title", "html", "body"):
                continue
            if h.title_hint(m) and not chrome(el):
                t = line_text(el)
                if _headline_like(t, self.SITE) and len(t) <= 300 and t.casefold() not in names:
                    hinted.append((el, t))
                    if len(hinted) >= _MAX_HINTED:
                        break  # a headline is near the top: a page of many titled boxes ends here
        return headings, hinted

    @staticmethod
    def _printed(ref: str, candidates):
        """The candidate ``ref`` names, whole or between separators (``Headline - Site``); the
        longest such when several do (the headline, not the section before it)."""
        ref = normalize_line(ref)
        if not ref:
            return None
        named = [(el, t) for el, t in candidates if h.names_part(ref, t)]
        if named:
            return max(named, key=lambda c: len(c[1]))
        # a headline box that also prints the post's date or time
        named = [(el, u) for el, t in candidates if (u := h.without_dates(t)) != t and len(u) >= 4 and h.names_part(ref, u)]
        if named:
            return max(named, key=lambda c: len(c[1]))
        for el, t in candidates:
            if len(t) >= 15 and t.casefold() in ref.casefold():
                return el, t
        return None

    def _printed_whole(self, ref: str, candidates):
        """:meth:`_printed`, unless the candidate is only the opening words of a longer part of
        ``ref`` (the site's name printed as a heading, which the headline starts with) and that
        longer part is printed set large or bold: then the longer part."""
        found = self._printed(ref, candidates)
        if found is not None and _opens_longer_part(found[1], ref):
            longer = self._printed_anywhere(ref)
            if longer is not None and len(longer[1]) > len(found[1]):
                return longer
        return found

    def _printed_anywhere(self, ref: str):
        """A line outside the chrome set large or bold, in whatever markup (``<font size=4><b>``,
        a bold paragraph, a table cell), that is ``ref`` whole or a part of it between
        separators, and not the site's name: the longest such.  The headline printed without a
        heading or a class."""
        ref = normalize_line(ref)
        if not ref:
            return None
        names = self._site_name_keys
        best = None
        # the lines of the elements climbed through, read once: the probes of the parts of the
        # headline find the same nodes and climb through the same (often large) ancestors
        lines: dict = {}

        def line(el) -> str:
            found = lines.get(el)
            if found is None:
                found = lines[el] = line_text(el)
            return found

        for part in dict.fromkeys([ref, *h.split_title(ref)]):
            if len(part) < h.PRINTED_TITLE_MIN:
                continue
            probe = part[:h.PRINTED_TITLE_MIN]
            if not self._on_page((probe,)):
                continue
            for node in self.TEXT_CONTAINING(self.root, probe=probe):
                el = node.getparent()
                if el is None:
                    continue
                if getattr(node, "is_tail", False):
                    el = el.getparent()
                while el is not None and len(line(el)) < len(part) and el.getparent() is not None:
                    el = el.getparent()
                if el is None:
                    continue
                t = line(el)
                if not h.names_part(ref, t) or self.chrome(el) or self.SITE.is_site_name(t) or t.casefold() in names:
                    continue
                if not any(isinstance(x.tag, str) and h.is_prominent(x) and line(x) == t for x in el.iter()):
                    continue  # a headline is set large or bold, not a line of running text
                if best is None or len(t) > len(best[1]):
                    best = (el, t)
        return best

    def _title_above_date(self):
        """A page without headings: the prominent line (bold, large, a heading) right above the
        first publication-date line."""
        date = self.first_date_line
        if date is None or date[1] is None:
            return None
        anchor = date[1]
        for node in self.PRECEDING_LINES(anchor)[::-1]:  # nearest first
            t = normalize_line(str(node))
            parent = node.getparent()
            if getattr(node, "is_tail", False) or parent is None or len(t) < 10 or self.SITE.is_chrome_line(t):
                continue
            el = parent
            outer = None
            while el is not None and isinstance(el.tag, str) and el.tag.lower() not in ("p", "div", "td", "body", "li"):
                if el.tag.lower() == "a":
                    outer = None
                    break
                if h.is_prominent(el):
                    outer = el
                el = el.getparent()
            if outer is None and el is not None and isinstance(el.tag, str) and h.is_prominent(el):
                outer = el
            if outer is not None and line_text(outer) == t:
                return outer, t
        return None

    # -- published ----------------------------------------------------------------------------------

    @cached_property
    def published_found(self) -> Found:
        """The publication date, its layer and the element printing it (kept out of the body)."""
        el = self.portal(self.DATE)
        if el is not None:
            d = parse_date(line_text(el))
            if d:
                return Found(d, "portal", el)
        for v in self.meta.dates():
            d = parse_iso(v) or parse_date(v)
            if d:
                return Found(d, "meta")
        found = self._date_near_title()
        if found is not None:
            return Found(_with_stated_time(*found), "heading", found[1])
        found = self._date_by_hint()
        if found is not None:
            return Found(found[0], "heuristic", found[1])
        found = self.first_date_line
        if found is not None:
            return Found(_with_stated_time(*found), "heuristic", found[1])
        try:
            d = generic_date(self.root, self.url)
        except GENERIC_ERRORS as error:
            self.problems.append(f"generic date extractor failed: {type(error).__name__}: {error}")
            d = None
        if d and self._shown_on_page(d):
            return Found(d, "generic")
        return Found(None, "none")

    def published(self) -> tuple[str | None, str]:
        return self.published_found.value, self.published_found.layer

    @property
    def date_el(self):
        return self.published_found.el

    _DATE_ATTRS = xpath("//@datetime | //meta/@content")

    def _shown_on_page(self, iso: str) -> bool:
        """The generic extractor's date must be one the page shows (in its text, a ``datetime``
        or meta value, or its URL), not one it inferred (a malformed date "corrected"), nor one
        the page says is not the publication's (``Hôm nay:``, a last change).  Where on the page
        it stands is the extractor's call: it is the last layer, and an article is rejected for
        want of a date only when it finds none either."""
        y, m, d = iso[:4], iso[5:7], iso[8:10]
        forms = (f"{d}/{m}/{y}", f"{int(d)}/{int(m)}/{y}", f"{d}-{m}-{y}", f"{d}.{m}.{y}", iso[:10],
                 f"{y}/{m}/{d}", f"{int(d)} tháng {int(m)} năm {y}")
        if any(f in self.url for f in (f"/{y}/{m}/{d}", iso[:10], f"{y}{m}{d}")):
            return True
        if any(str(v).strip().startswith(iso[:10]) for v in self._DATE_ATTRS(self.root)):
            return True
        if not self._on_page(forms):
            return False
        for node in self.dated_text:
            if y in node and any(f in node for f in forms):  # (every form prints the year)
                owner = _line_owner(node)
                if owner is None or not h.not_published(line_text(owner)):
                    return True
        return False

    def _date_near_title(self):
        """``(date, element)`` of the date line after (else before) the headline, the nearest
        first on either side: above the headline, the date line next to it, not a sidebar
        document's date higher up (``Ngày ban hành: ...`` in a "new documents" box)."""
        anchor = self.title_el
        if anchor is None:
            return None
        # the preceding axis comes back in document order: walked from the headline upwards
        for nodes in (self.FOLLOWING_TEXT(anchor), self.PRECEDING_TEXT(anchor)[::-1]):
            for node in nodes:
                if len(node) > 200 and len(node.strip()) > 200:
                    break
                found = h.date_line_element(node, self.chrome)
                if found:
                    return found
        return None

    def _date_by_hint(self):
        """``(date, element)`` of a ``<time>``, else of an element whose class names a date."""
        chrome = self.chrome
        times = [t for t in self.TIME_EL(self.root) if not chrome(t)]
        # a <time> marked as the publication beats one marked as the last change
        times.sort(key=lambda t: bool(_UPDATED.search((t.get("class") or "") + " " + (t.get("itemprop") or ""))))
        for t in times:
            v = t.get("datetime")
            d = (parse_iso(v) or parse_date(v)) if v else None
            d = d or parse_date(line_text(t))
            if d:
                return d, t
        for el, cls, id_, _itemprop in self.hinted:
            hint = (cls or "") + " " + (id_ or "")
            if not _DATE_HINT.search(hint) or _UPDATED.search(hint) or h.names_clock(cls, id_) or chrome(el):
                continue
            t = line_text(el)
            if not t or not h.is_date_line(t) or h.not_published(t):
                continue
            d = parse_date(t)
            if d:
                return d, el
        return None

    @cached_property
    def first_date_line(self):
        """The first publication-date line of the page outside the chrome: ``(date, element)``."""
        for node in self.dated_text:
            found = h.date_line_element(node, self.chrome)
            if found:
                return found
        return None

    # -- category -------------------------------------------------------------------------------

    @cached_property
    def category_found(self) -> Found:
        """The section, its layer and the breadcrumb printing it (kept out of the body)."""
        title = self.title_found.value
        el = self.portal(self.BREADCRUMB)
        if el is not None:
            c = h.breadcrumb_last(el)
            if c:
                return Found(c, "portal", el)
        c = normalize_line(self.meta.section())
        if c:
            return Found(c, "meta")
        for m in self.hinted:
            if h.breadcrumb_hint(m):
                c = h.breadcrumb_last(m.el, title)
                if c:
                    return Found(c, "heuristic", m.el)
        for found in (self._list_breadcrumb(), self._labelled_category(title), self._path_line(title)):
            if found is not None:
                return Found(found[1], "heuristic", found[0])
        c = h.category_from_title(self.html_title(), title)
        if c:
            return Found(c, "heuristic")
        return Found(None, "none")

    def category(self) -> tuple[str | None, str]:
        return self.category_found.value, self.category_found.layer

    @property
    def breadcrumb_el(self):
        return self.category_found.el

    def _list_breadcrumb(self):
        """An unmarked breadcrumb: a short list of links starting at the home page, above the
        title."""
        title_pos = self.order.get(self.title_el) if self.title_el is not None else None
        chrome = self.chrome
        for lst in self.LISTS(self.root):
            if chrome(lst):
                continue
            if title_pos is not None and self.order.get(lst, 0) > title_pos:
                break
            items = [li for li in lst if isinstance(li.tag, str) and li.tag.lower() == "li"]
            if not 2 <= len(items) <= 6:
                continue
            first = items[0]
            links = first.xpath(".//a/@href")
            if line_text(first).strip(h.BC_SEP).casefold() in h.HOME or (links and links[0].strip() in ("/", "./", self.base)):
                c = h.breadcrumb_last(lst)
                if c:
                    return lst, c
        return None

    def _labelled_category(self, title: str):
        """``Chuyên mục: X`` on a line of its own."""
        for node in self.label_nodes:
            el = _line_owner(node)
            if el is None or self.chrome(el):
                continue
            c = h.category_by_label(line_text(el))
            if c and c.casefold() != title.casefold():
                return el, c
        return None

    def _path_line(self, title: str):
        """``Trang chủ » Tin tức » X`` written as plain text and links."""
        if not self._on_page(self.PATH_PROBES):
            return None
        for node in self._path_text():
            el = _line_owner(node)
            if el is None:
                continue
            c = h.category_from_path_line(line_text(el), title)
            if c:
                return el, c
        return None

    def _path_text(self) -> list:
        """The first :data:`PATH_NODES_MAX` text nodes holding a path separator whose
        ``normalize-space(.)`` is shorter than :data:`PATH_LINE_MAX`."""
        found = []
        for node in self.body_text:
            if not any(p in node for p in self.PATH_PROBES):
                continue
            if len(_XPATH_SPACE.sub(" ", node).strip(" ")) < self.PATH_LINE_MAX:
                found.append(node)
                if len(found) >= self.PATH_NODES_MAX:
                    break
        return found

    # -- summary --------------------------------------------------------------------------------

    @cached_property
    def summary_found(self) -> Found:
        """The lead, its layer and the element printing it (kept out of the body)."""
        el = self.portal(self.SUMMARY)
        if el is not None:
            s = self._multiline(el)
            if s:
                return Found(s, "portal", el)
        el = self._summary_by_hint()
        if el is None and self.title_el is not None:
            el = h.lead_set_apart(self.title_el, self.chrome)
        if el is not None:
            s = self._multiline(el)
            if s:
                return Found(s, "heuristic", el)
        return Found(None, "none")

    def summary(self) -> tuple[str | None, str]:
        return self.summary_found.value, self.summary_found.layer

    @property
    def summary_el(self):
        return self.summary_found.el

    def _summary_by_hint(self):
        chrome = self.chrome
        order = self.order
        after = order.get(self.title_el, -1) if self.title_el is not None else -1
        for m in self.hinted:
            el = m.el
            if el.tag.lower() not in ("div", "p", "h2", "h3", "h4", "section", "span", "strong", "b"):
                continue
            if not h.summary_hint(m) or chrome(el):
                continue
            if order.get(el, 0) < after:
                continue
            if any(a.tag in _TEASER_TAGS for a in el.iterancestors()):
                continue  # a teaser's intro, inside its link or list item, is not this article's lead
            if len(line_text(el)) >= 10:
                return el
        return None

    def _multiline(self, el) -> str:
        blocks = cut_at_stop(BlockWalker(self.base, site=self.SITE).walk(el))
        return join_blocks(b.text for b in blocks if b.kind != "image")

    # -- content --------------------------------------------------------------------------------

    @property
    def _found_texts(self) -> list[str]:
        """Title, date line and summary: part of the article a generic extractor returns with
        its text."""
        date_line = line_text(self.date_el) if self.date_el is not None else None
        return [t for t in (self.title_found.value, date_line, self.summary_found.value) if t]

    def content(self) -> tuple[list[Block], str, list[Block] | None, frozenset[int]]:
        """The content element's blocks and their layer, the generic extractor's blocks when
        ours served below the portal layer (the evidence each of our paragraphs is checked
        against, :func:`.agreement.agreed`), and the ids of our blocks that come from the
        article's later chunks (:meth:`_continued`; empty for most pages).

        The portal selector's blocks serve alone.  Below it: a candidate from microdata's
        ``articleBody``, a CMS's body class or the densest element, weighed against the generic
        extractor's text (ours when they agree, theirs when ours misses running sentences it
        found or holds much it dropped).  When neither finds anything, the extractor runs again
        with its own fallbacks before the page is called empty."""
        el = self.portal(self.CONTENT)
        if el is not None:
            blocks = self._walk(el)
            if any(b.kind != "image" for b in blocks):
                return blocks, "portal", None, frozenset()
        el, blocks, layer, later, marked = self._candidate()
        if not self._beyond_headline(blocks):
            blocks = []  # an element holding nothing but the headline again is no candidate
        unread = self._unread(el, blocks, marked)
        generic = self._generic_blocks(fast=True, unread=unread)
        found = self._found_texts
        # the verdict on the element the page names first: later chunks of the same article are
        # often beyond what the extractor reads, and would count against ours
        first = [b for b in blocks if id(b) not in later] if later else blocks
        weighed = self._weighed_outside_chrome(generic[1], blocks, unread) if generic is not None else None
        theirs = weighed is not None and prefer_generic(first, weighed, found)
        if theirs or ((generic is None or not body_chars(generic[1])) and not body_chars(blocks)):
            # before the page is called empty, or the extractor's text replaces ours: its whole
            # run, its own second opinions (readability, jusText) included; its verdict "no
            # text" stands, but where it reads only the headline the fast run's text stays
            full = self._generic_blocks(fast=False)
            if (full is None or generic is None or self._beyond_headline(full[1])
                    or not self._beyond_headline(generic[1])):
                generic = full
                # the verdict again, on the text that is now the extractor's
                weighed = self._weighed_outside_chrome(generic[1], blocks) if generic is not None else None
                theirs = weighed is not None and prefer_generic(first, weighed, found)
        if theirs:
            return self._without_chrome_lines(generic[1]), "generic", None, frozenset()
        if blocks:
            # the extractor's text is evidence about our paragraphs unless, outside the chrome and
            # the teasers, it holds no running text beyond the title, date and lead where ours has
            evidence = (generic is not None and reads_beyond(generic[1], self._found_texts)
                        and not elsewhere(blocks, weighed, self._found_texts))
            return blocks, layer, (generic[1] if evidence else None), later
        return [], "none", None, frozenset()

    def _candidate(self) -> Candidate:
        """The project's own best guess at the content."""
        el = self.meta.body_element()
        if el is not None and not self.chrome(el):
            blocks = self._walk(el)
            if body_chars(blocks) >= _TRUSTED_BODY:
                return Candidate(el, blocks, "meta", frozenset(), True)
        found = h.content_by_class(self.root, self.chrome, self.SITE.body_classes, marked=self.hinted)
        for el in found:
            blocks = self._walk(el)
            if body_chars(blocks) >= _TRUSTED_BODY:
                later: set[int] = set()
                for part in self._continued(el, found):
                    more = self._walk(part)
                    if not any(b.kind != "image" and len(b.text.split()) >= SENTENCE_WORDS for b in more):
                        continue  # a box of the same class with no sentence in it (a newsletter form)
                    later.update(id(b) for b in more)
                    blocks = blocks + more
                return Candidate(el, blocks, "heuristic", frozenset(later), True)
        skip = [e for e in (self.title_el, self.date_el, self.summary_el) if e is not None]
        el, _score = h.content_by_density(self.root, self.chrome, skip, texts=self.body_text)
        blocks = [b for b in self._walk(el) if not is_link_item(b, self.SITE.is_article_url)] if el is not None else []
        return Candidate(el, blocks, "heuristic", frozenset(), False)

    def _continued(self, el, found: list) -> list:
        """The parts of an article the page prints in several body elements of one class (a
        magazine's text cut into chunks by ads and embeds): the later elements of ``found`` with
        the same tag and class as ``el``, neither inside nor around it, under the same article
        (the nearest ancestor both share is not the page's ``body``; no ``h1`` comes between)."""
        cls, tag = el.get("class"), el.tag
        mine = set(el.iterancestors())
        out = []
        order = self.order
        pos = order.get(el, 0)
        # a headline after the article's body starts another article (a next story preloaded)
        end = min((order.get(x, 0) for x in self.root.iter("h1") if order.get(x, 0) > pos), default=None)
        for other in found:
            at = order.get(other, 0)
            if other is el or other.tag != tag or other.get("class") != cls or at <= pos:
                continue
            if end is not None and at > end:
                continue
            if other in mine or el in set(other.iterancestors()):
                continue
            shared = next((a for a in other.iterancestors() if a in mine), None)
            if shared is None or shared.tag in ("body", "html"):
                continue
            out.append(other)
        return out

    def _walk(self, el) -> list[Block]:
        skip = [e for e in (self.title_el, self.date_el, self.summary_el, self.breadcrumb_el) if e is not None]
        blocks = cut_at_stop(BlockWalker(self.base, skip=skip, site=self.SITE).walk(el))
        if self.title_el is not None and el in self.title_el.iterancestors():
            # the content element holds the headline: what comes before it is the page's top
            pos = self.order.get(self.title_el, 0)
            blocks = [b for b in blocks if b.el is None or self.order.get(b.el, pos) >= pos or b.el in self.title_el.iterancestors()]
        return blocks

    @cached_property
    def _not_html(self) -> bool:
        """trafilatura's own test before it reads a document: bytes that do not open like HTML
        and parse to a single element are no page (a PDF, a plain-text error); handed our tree,
        it would not make that test itself."""
        if self._html_text is None:
            return False
        return "html" not in self._html_text[:50].lower() and len(self.root) < 2

    def _unread(self, el, blocks: list[Block], marked: bool) -> list:
        """What the generic extractor need not read while it is asked for its opinion of our
        candidate (element ``el``, ``blocks``; ``marked``: the page names it its body): the
        chrome (:meth:`_chrome_beside`); and the whole rest of the page when the page names
        the candidate its body and it holds at least :data:`MARKED_ALONE_SHARE` of the page's
        text outside the chrome: no article ours could miss is left elsewhere, and what is asked
        is the extractor's opinion of our paragraphs (:func:`.arbitration.agreed`).  (A page
        whose marked body is a newsletter's small print beside an unmarked article keeps the
        extractor's view of the whole page.)"""
        unread = self._chrome_beside(blocks)
        if marked and blocks and self.chrome.sizes.get(el, 0) >= MARKED_ALONE_SHARE * self.chrome.text_outside:
            unread += elements_around(el)
        return unread

    def _chrome_beside(self, blocks: list[Block]) -> list:
        """The chrome the generic extractor need not read while it is asked for its opinion of
        our candidate ``blocks`` (it copies and cleans every element it is given: the menus,
        sidebars and footers of a real page are most of its work, and its text from them is
        weighed out again by :meth:`_weighed_outside_chrome`).  Never a chrome box holding
        :data:`CHROME_UNREAD_MAX_SHARE` times our candidate's text or more: a chrome rule may have
        swallowed the article (a class name that happens to say "comment"); so none at all when
        we have no candidate (the extractor's text is then all there is, and a peer reading the
        page whole finds the counter line too)."""
        sizes = self.chrome.sizes
        limit = CHROME_UNREAD_MAX_SHARE * body_chars(blocks)
        return [el for el in self.chrome.roots if sizes.get(el, 0) < limit]

    def _generic_blocks(self, fast: bool, unread=()):
        if self._not_html:
            return None
        try:
            el = generic_body(self.root, self.url, fast=fast, unread=unread)
        except GENERIC_ERRORS as error:
            self.problems.append(f"generic extractor failed: {type(error).__name__}: {error}")
            return None
        if el is None:
            return None
        return el, cut_at_stop(BlockWalker(self.base, site=self.SITE).walk(el))

    def _beyond_headline(self, blocks: list[Block]) -> int:
        """Characters of text in ``blocks`` that is neither the headline again nor a date line."""
        headline = self.title_found.value.casefold()
        return body_chars([b for b in blocks if b.text.casefold() != headline and not h.is_date_line(b.text)])

    def _weighed_outside_chrome(self, blocks: list[Block], ours: list[Block], unread=()) -> list[Block]:
        """The generic extractor's text as it is weighed against our candidate ``ours``: without
        the blocks the page prints only in its chrome (a poll's question, a box title in a
        layout table's side cell, which the extractor keeps when it takes the whole table) or
        in other pages' teasers and lists of links (:mod:`.generic.teasers`: a featured box
        after the article, a "new documents" box), line by line or run together into one
        paragraph (:func:`_printed_in`).  Such a block is no sentence ours misses.  Unless what
        they hold is more running text than ours and nothing else is left: then a chrome rule
        swallowed the article (a class name that happens to say "sidebar") and the extractor's
        evidence stands as it is.  ``unread``: what the extractor was not given to read
        (:meth:`_unread`): the chrome boxes among it cannot have given ``blocks`` a line, so only
        the other boxes' lines are looked at."""
        # what ours prints is not outside it (an article made of a list of linked news items):
        # only the extractor's blocks ours does not print can be dropped
        mine = "\n".join(b.text for b in ours if b.kind not in ("image", "stop"))
        others = [b for b in blocks if b.kind != "image" and b.text not in mine]
        if not others:
            return blocks
        teasers = frozenset(ln for ln in self.teaser_lines if ln not in mine)
        shown = None
        if unread:
            hidden = {el for el in unread if can_take_out(el)}
            shown = [el for el in self.chrome.roots if el not in hidden]
        chrome_lines = self.chrome.lines(shown)
        candidates = chrome_lines | teasers  # the page's printing outside the chrome only if needed
        if not any(_printed_in(b.text, candidates) for b in others):
            return blocks
        outside = frozenset(ln for ln in self.chrome.lines_only_inside(chrome_lines) if ln not in mine) | teasers
        kept, dropped = [], []
        for b in blocks:
            (dropped if b.kind != "image" and _printed_in(b.text, outside) else kept).append(b)
        return kept if (not dropped or self._beyond_headline(kept) or running_words(dropped) < running_words(ours)) else blocks

    @cached_property
    def teaser_lines(self) -> frozenset[str]:
        """The lines of the page's teasers of other articles and of the entries of its lists of
        links (:mod:`.generic.teasers`), outside the chrome."""
        return teaser_lines(self.root, self.chrome) | entry_lines(self.root, self.chrome)

    def _without_chrome_lines(self, blocks: list[Block]) -> list[Block]:
        """The generic extractor's blocks without the lines the page prints nowhere but in its
        chrome (a sidebar's teaser, the banner); unless that leaves nothing: then a chrome rule
        swallowed the article (a class name that happens to say "sidebar") and the extractor's
        evidence wins."""
        chrome_lines = self.chrome.lines()  # the page's printing outside the chrome only if needed
        if not any(b.kind != "image" and all(ln in chrome_lines for ln in b.text.split("\n")) for b in blocks):
            return blocks
        chrome_lines = self.chrome.lines_only_inside()
        kept = [b for b in blocks if b.kind == "image" or not all(ln in chrome_lines for ln in b.text.split("\n"))]
        return kept if self._beyond_headline(kept) or not body_chars(blocks) else blocks

    # -- url ------------------------------------------------------------------------------------

    def canonical_url(self) -> tuple[str, str]:
        for link in self.root.iter("link"):  # every <link rel href>, without an XPath scan
            if link.get("href") is None or link.get("rel") is None:
                continue
            rel = (link.get("rel") or "").lower().split()
            if "canonical" in rel:
                u = absolute_url(link.get("href"), self.base)
                if u and self.SITE.is_article_url(u):
                    return u, "meta"
        for og in self.meta.urls():
            u = absolute_url(og, self.base)
            if u and self.SITE.is_article_url(u):
                return u, "meta"
        return self.url, "none"

    # -- fields derived from the content's blocks ---------------------------------------------

    @staticmethod
    def drop_repeats(blocks: list[Block], title: str, summary: str | None, published: str | None) -> list[Block]:
        """Blocks repeating the title or the summary (pages that repeat the sapo inside the
        content), and a date line opening or closing the content with the article's day (a
        guessed content element that holds the date, a footer line with the date), are not
        body."""
        keys = {title.casefold()} | ({summary.casefold()} if summary else set())
        # casefolding never shortens a string: a block longer than both is neither (and is not
        # casefolded)
        longest = max(map(len, keys))
        out = []
        for i, b in enumerate(blocks):
            if b.kind != "image":
                if len(b.text) <= longest and b.text.casefold() in keys:
                    continue
                if published and i < 3 and h.is_date_line(b.text) and (parse_date(b.text) or "")[:10] == published[:10]:
                    continue
                if (published and i >= len(blocks) - 3 and h.is_bare_date_line(b.text)
                        and (parse_date(b.text) or "")[:10] == published[:10]):
                    continue
            out.append(b)
        return out

    @staticmethod
    def drop_opening_lines(blocks: list[Block], title: str = "") -> list[Block]:
        """Below the portal layer: the lines opening a guessed content element before its first
        running paragraph that are its date, its byline, a separator or the headline again (in
        whatever language they are written: ``24. März 2004, 19:49 | Genesis``, ``von Annette
        Henkel``, ``-``) are not body."""
        out = list(blocks)
        seen = 0
        for b in blocks:
            if b.kind == "image":
                continue
            seen += 1
            text = b.text
            if seen > 6 or b.kind not in ("p", "heading") or "\n" in text:
                break
            if not (h.is_dateline(text) or h.is_byline(text) or not any(c.isalnum() for c in text)
                    or (title and len(text) >= 15 and h.names_part(title, text))):
                if b.kind == "p" and len(text) > 100:
                    break  # the first running paragraph: the article has begun
                continue
            out.remove(b)
        return out

    @staticmethod
    def drop_link_runs(blocks: list[Block]) -> list[Block]:
        """Below the portal layer: a line made of several links and little else (a row of tags,
        a product carousel, a podcast teaser with its "all episodes" link), a taxonomy line
        (``Category: ...``, ``Tags: ...``) and a counter (``Lượt xem: 1.234``) are the page's
        furniture inside a guessed content element, not body."""
        return [b for b in blocks
                if b.kind == "image" or not ((b.links >= 2 and b.link_share >= 0.8) or h.is_taxonomy_line(b.text)
                                             or h.is_counter_line(b.text))]

    @staticmethod
    def drop_labelled_links(blocks: list[Block], url: str) -> list[Block]:
        """Below the portal layer: a short label line ending in a colon followed by lines that
        are each one link and nothing else (``Auch interessant:`` over four headlines, ``Read
        more:``) is a box of links to other pages, label and links; the article may go on
        after it.  So is one line made of such a label and one link to the site
        (``Related: <a>Another story</a>``)."""
        texts = [i for i, b in enumerate(blocks) if b.kind not in ("image", "stop")]
        dropped: set[int] = set()
        for n, i in enumerate(texts):
            if not _is_label(blocks[i]):
                continue
            run = []
            for j in texts[n + 1:]:
                if not _is_link_row(blocks[j]) or not _links_home(blocks[j], url):
                    break
                run.append(j)
            if run:
                dropped.update([i, *run])
        for i in texts:
            if _is_labelled_link(blocks[i]) and _links_home(blocks[i], url):
                dropped.add(i)
        return [b for i, b in enumerate(blocks) if i not in dropped] if dropped else blocks

    @staticmethod
    def drop_closing_label(blocks: list[Block]) -> list[Block]:
        """Below the portal layer: a short label line ending in a colon that closes the content
        (``Das Thema könnte dich auch interessieren:``, ``You may also like:``) introduces what
        the page prints outside the article, or nothing: not body.  One with images after it
        (``See more photos:``) introduces them and stays."""
        last = next((b for b in reversed(blocks) if b.kind == "image" or b.role == "body"), None)
        if last is not None and _is_label(last):
            return [b for b in blocks if b is not last]
        return blocks

    @staticmethod
    def lead(blocks: list[Block]) -> str | None:
        """A lead printed as the content's first paragraph set wholly in bold, with body after it
        (moved out of the blocks into the summary)."""
        first = next((i for i, b in enumerate(blocks) if b.kind != "image"), None)
        if first is None:
            return None
        b = blocks[first]
        rest = [x for x in blocks[first + 1:] if x.kind not in ("image", "stop")]
        if b.kind == "p" and b.bold and len(b.text) >= 40 and len(rest) >= 2 and b.align != "right":
            del blocks[first]
            return b.text
        return None

    def printed_description(self, title: str, blocks: list[Block]) -> str | None:
        """Below the portal layer, where no lead was found: the page's metadata description when
        the page prints it, whole (or, where the metadata cut it short with ``...``, as the
        opening of the printed line), in a line of its own after the headline and outside the
        chrome and the content's blocks: the standfirst a template prints from the description
        field (a ``<p>`` in the article's header, a subtitle ``h2``).  Not a teaser's intro
        (inside a link or list item), not a line of the body (the description is often the
        opening paragraph: that stays body)."""
        body = " ".join(" ".join(b.text.split()) for b in blocks if b.kind != "image")
        after = self.order.get(self.title_el, -1) if self.title_el is not None else -1
        for desc in self.meta.descriptions():
            stem = desc.rstrip(".…").rstrip() if desc.endswith(("...", "…")) else None
            want = stem or desc
            if len(want) < h.LEAD_MIN_CHARS or want in body or want == title:
                continue
            probe = want[:PRINTED_DESCRIPTION_PROBE].rsplit(" ", 1)[0]
            if not self._on_page((probe,), spaced=True):
                continue
            for node in _TEXT_CONTAINING(self.root, probe=probe):
                el = _line_owner(node)
                if el is None or self.order.get(el, 0) < after or self.chrome(el):
                    continue
                if any(a.tag in _TEASER_TAGS or a.tag == "head" for a in el.iterancestors()):
                    continue
                text = line_text(el)
                if text == desc or (stem is not None and text.startswith(stem)):
                    return text
        return None

    def author(self, blocks: list[Block]) -> tuple[str | None, str | None]:
        """The author line closing the content, else a labelled author line (``Tác giả bài
        viết: ...``) elsewhere on the page."""
        a = find_author(blocks)
        if a:
            return a, None
        for node in self.label_nodes:
            el = _line_owner(node)
            if el is None or self.chrome(el):
                continue
            a = h.author_by_label(line_text(el))
            if a:
                return a, "heuristic"
        return None, None

    def body(self, blocks: list[Block]) -> list[Block]:
        return [b for b in blocks if b.kind != "image" and b.role == "body"]

    def images(self, blocks: list[Block]) -> list[dict]:
        return [
            {"url": im.url, "caption": im.caption or None}
            for b in blocks
            if b.kind == "image"
            for im in b.images
        ]

    def sections(self, body_blocks: list[Block]) -> list[dict]:
        return split_sections([b.text for b in body_blocks])

    @staticmethod
    def text(title: str, published: str | None, summary: str | None, blocks: list[Block], author: str | None) -> str:
        """Title, date ``dd/mm/yyyy``, summary, then paragraphs and captions in page order, author
        last; blocks separated by a blank line."""
        out: list[str] = [title]
        if published:
            out.append(iso_to_dmy(published) or "")
        if summary:
            out.append(summary)
        for b in blocks:
            if b.kind == "image":
                out.extend(im.caption for im in b.images if im.caption)
            elif b.role == "body":
                out.append(b.text)
        if author:
            out.append(author)
        return join_blocks(out)

    # -- the item -------------------------------------------------------------------------------

    def parse(self) -> ParsedArticle:
        layers = self.layers
        problems = self.problems

        title, layers["title"] = self.title()
        published, layers["published"] = self.published()
        category, layers["category"] = self.category()
        summary, layers["summary"] = self.summary()
        blocks, content_layer, reference, later = self.content()

        blocks = self.drop_repeats(blocks, title, summary, published)
        if summary is not None and layers["summary"] != "portal" and not any(
                b.kind not in ("image", "stop") for b in blocks):
            # a lead-named element holding the whole article (a one-paragraph news item in a
            # "teaser-detail" box): with nothing after it, it is the body, not a summary
            blocks = [Block("p", t) for t in summary.split("\n\n")] + blocks
            content_layer = layers["summary"]
            summary, layers["summary"] = None, "none"
        if content_layer != "portal":
            blocks = _unless_emptied(blocks, self.drop_labelled_links(
                self.drop_link_runs(self.drop_opening_lines(blocks, title)), self.url), title)
        if summary is None:
            summary = self.lead(blocks)
            if summary is not None:
                layers["summary"] = "heuristic" if content_layer in ("portal", "meta") else content_layer
        if summary is None and content_layer != "portal":
            summary = self.printed_description(title, blocks)
            if summary is not None:
                layers["summary"] = "meta"
        assign_captions(blocks)
        if content_layer != "portal":
            mark_caption_boxes(blocks)
        author, author_layer = self.author(blocks)
        if reference is not None:
            kept = agreed(blocks, reference)
            if later and not any(id(b) in later and len(b.text.split()) >= SENTENCE_WORDS for b in kept):
                # the extractor read no sentence of the article's later chunks: no evidence
                # against them
                ids = {id(b) for b in kept}
                kept = [b for b in blocks if id(b) in ids or id(b) in later]
            blocks = _unless_emptied(blocks, _with_subheadings(blocks, kept), title)
        if content_layer != "portal":
            blocks = _unless_emptied(blocks, self.drop_closing_label(blocks), title)
        body_blocks = self.body(blocks)
        body = join_blocks(b.text for b in body_blocks)
        images = self.images(blocks)
        layers["body"] = content_layer if body else "none"
        layers["images"] = content_layer if images else "none"
        layers["author"] = (author_layer or content_layer) if author else "none"

        url, layers["url"] = self.canonical_url()
        article_id = self.SITE.article_id(url)
        if article_id is None and url != self.url:
            article_id = self.SITE.article_id(self.url)

        if not title:
            problems.append("no title")
        if not published:
            problems.append("no date")
        if not body:
            problems.append("no body")
        if article_id is None:
            problems.append("no article_id")

        item = {
            "schema_version": SCHEMA_VERSION,
            "article_id": article_id,
            "url": url,
            "source_url": self.url,
            "category": category,
            "title": title,
            "published": published,
            "summary": summary,
            "body": body,
            "images": images,
            "author": author,
            "sections": self.sections(body_blocks),
            "text": self.text(title, published, summary, blocks, author),
            "content_hash": content_hash(title, summary, body),
        }
        return ParsedArticle(item=item, layers=dict(layers), parser=self.name, problems=problems)


# ------------------------------------------------------------------------------------------------


_WORD = re.compile(r"\w+")


def _opens_longer_part(text: str, html_title: str) -> bool:
    """``text`` is only the opening words of a longer part of the ``<title>`` (a site name the
    headline starts with, the site's heading printed as an ``h1``)."""
    t = text.casefold()
    return any(len(p) > len(text) and p.casefold().startswith(t) for p in h.split_title(html_title))


#: A block of the generic extractor's is printed in a set of lines (the chrome's, the teasers')
#: when each of its lines is one of them, or when lines of the set (of at least
#: :data:`PRINTED_LINE_MIN` characters) found in it cover this share of its characters (the
#: extractor ran a box's lines together into one paragraph, its title left over).
PRINTED_SHARE = 0.8
PRINTED_LINE_MIN = 10


def _printed_in(text: str, lines: frozenset[str]) -> bool:
    """``text`` (a block's) is made of ``lines`` (see :data:`PRINTED_SHARE`)."""
    parts = text.split("\n")
    if all(ln in lines for ln in parts):
        return True
    size = len(text.replace("\n", ""))
    if size < PRINTED_LINE_MIN:
        return False
    rest = text
    for line in lines:
        if len(line) >= PRINTED_LINE_MIN and line in rest:
            rest = rest.replace(line, "")
    covered = size - len(rest.replace("\n", "").strip())
    return covered >= PRINTED_SHARE * size


def _with_stated_time(day: str, el) -> str:
    """The date a visible line gives, with the time its ``<time datetime>`` states for the same
    day (the line shows the day only)."""
    if el is None or len(day) > 10:
        return day
    near = [el, *el.iterancestors()][:3] + list(el.iterdescendants("time"))
    for x in near:
        if isinstance(x.tag, str) and x.tag.lower() == "time" and x.get("datetime"):
            stated = parse_iso(x.get("datetime"))
            if stated and stated[:10] == day[:10] and len(stated) > 10:
                return stated
    return day


#: A label line (``Auch interessant:``, ``Read more:``, ``You may also like...``) is at most this
#: many words, ending in a colon or an ellipsis; a longer line ending so opens the article's own
#: list or quote.
LABEL_MAX_WORDS = 6
#: A link row: one link making up at least this share of the line's characters.
LINK_ROW_SHARE = 0.8


def _is_label(b: Block) -> bool:
    text = b.text
    return (b.kind in ("p", "heading") and b.links == 0 and text.endswith((":", "...", "…")) and "\n" not in text
            and len(text.split()) <= LABEL_MAX_WORDS)


def _is_link_row(b: Block) -> bool:
    return b.kind in ("p", "li", "heading") and b.links == 1 and b.link_share >= LINK_ROW_SHARE


#: A line opening with a label of at most this many words and a colon, the rest of it one link
#: (``Related: <a>...</a>``), is a teaser; ``The full report is here: <a>...</a>`` is a sentence.
LINK_LABEL_MAX_WORDS = 3
_LABEL_OPENING = re.compile(r"^(\w+(?: \w+){0,%d}):\s" % (LINK_LABEL_MAX_WORDS - 1))


def _is_labelled_link(b: Block) -> bool:
    """``Related: <a>Another story</a>``, ``Read more: <a>...</a>``: a label of at most
    :data:`LINK_LABEL_MAX_WORDS` words and a colon, the rest of the line one link."""
    if b.kind not in ("p", "li") or b.links != 1:
        return False
    m = _LABEL_OPENING.match(b.text)
    if m is None:
        return False
    rest = len(b.text) - m.end()
    return rest > 0 and b.link_share * len(b.text) >= LINK_ROW_SHARE * rest


def _links_home(b: Block, url: str) -> bool:
    """The block's link points to a page of the same site (another of its articles)."""
    if b.el is None:
        return False
    hrefs = [a.get("href") or "" for a in b.el.iter("a")]
    try:
        host = urlsplit(url).hostname
        return bool(hrefs) and all(urlsplit(urljoin(url, h.strip())).hostname == host for h in hrefs)
    except ValueError:  # a malformed address (an unclosed IPv6 bracket) is nobody's page
        return False


#: A paragraph is a caption when it, or the element this many levels around it, is a
#: ``figcaption`` or has a class naming a caption (``caption``, ``caption-full`` in a gallery
#: item): a photo's caption whose image the page loads by script, or a slide show's.  (AEB:
#: 1 level 0.9746, 2 to 6 levels 0.9743: the further ones also take video captions its truth
#: counts as text.)
CAPTION_BOX_DEPTH = 1
_CAPTION_BOX = re.compile(r"caption", re.I)


def _in_caption_box(el) -> bool:
    for _ in range(CAPTION_BOX_DEPTH + 1):
        if el is None or not isinstance(el.tag, str):
            return False
        if el.tag == "figcaption" or _CAPTION_BOX.search(el.get("class") or ""):
            return True
        el = el.getparent()
    return False


def mark_caption_boxes(blocks: list[Block]) -> None:
    """Below the portal layer: a paragraph printed in a caption box is a caption, not body,
    whether or not the image it belongs to is among the blocks."""
    for b in blocks:
        if b.kind == "p" and b.role == "body" and b.el is not None and _in_caption_box(b.el):
            b.role = "caption"


def _with_subheadings(blocks: list[Block], kept: list[Block]) -> list[Block]:
    """``kept`` (the blocks the paragraph agreement left) with the headings it dropped between two
    paragraphs it kept: a subheading inside the article, which the extractor often leaves out."""
    ids = {id(b) for b in kept}
    text = [b for b in blocks if b.kind not in ("image", "stop")]
    restore = {id(b) for i, b in enumerate(text)
               if b.kind == "heading" and id(b) not in ids and 0 < i < len(text) - 1
               and id(text[i - 1]) in ids and id(text[i + 1]) in ids
               and text[i - 1].kind != "heading" and text[i + 1].kind != "heading"}
    return [b for b in blocks if id(b) in ids or id(b) in restore] if restore else kept


def _unless_emptied(before: list[Block], after: list[Block], title: str) -> list[Block]:
    """A cleaning rule's result, unless it took every line of text that is more than the
    headline and a date: the rules below the portal layer sort the article's lines, they never
    empty it."""
    if any(b.kind not in ("image", "stop") and b.role == "body" for b in after):
        return after
    headline = set(_WORD.findall(title.casefold()))
    for b in before:
        if b.kind not in ("image", "stop") and b.role == "body" and (
                {w for w in _WORD.findall(b.text.casefold()) if not w.isdigit()} - headline):
            return before
    return after


def _headline_like(t: str, site: Site) -> bool:
    return len(t) >= 4 and not site.is_chrome_line(t) and not site.is_site_name(t)


_LINE_BLOCKS = frozenset({"p", "div", "li", "td", "th", "dd", "dt", "span", "font", "h1", "h2", "h3", "h4", "h5", "h6", "section", "header", "footer", "nav"})


def _line_owner(node):
    """The smallest element around a text node that is a line of its own (a block, or a span
    holding the whole line)."""
    el = node.getparent()
    if getattr(node, "is_tail", False) and el is not None:
        el = el.getparent()
    while el is not None and isinstance(el.tag, str) and el.tag.lower() not in _LINE_BLOCKS:
        el = el.getparent()
    if el is None or not isinstance(el.tag, str) or el.tag.lower() in ("body", "html"):
        return None
    return el
