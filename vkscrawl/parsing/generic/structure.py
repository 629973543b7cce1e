"""The project's own structural rules, for markup nobody wrote selectors for.

Each rule looks for evidence a reader would use: a headline is the heading the page's ``<title>``
names, or the prominent line right above the date; a publication date is a line that is only a
date (a weekday, a time and a label allowed), not a date inside a running sentence, not a
teaser's date beside a link, not "today"; a breadcrumb is a list (or a line) of links starting at
the home page; a lead is an element named like one, or the content's first paragraph set wholly
in bold; the content is the element holding the most paragraph text (readability-style).
"""

from __future__ import annotations

import re
from functools import lru_cache

from lxml import etree

from .chrome import ChromeIndex, names_body_class, names_site_class
from ..html import Marked, marked_elements
from ..dates import parse_date
from ..elements import element_text, line_text
from ..site import GENERIC, Site
from ..text import normalize_line

__all__ = [
    "split_title", "strip_site_name", "is_date_line", "breadcrumb_last",
    "category_by_label", "category_from_path_line", "author_by_label", "content_by_density", "body_text",
    "content_by_class", "summary_hint", "title_hint", "is_prominent", "is_dateline", "without_dates", "is_byline", "is_taxonomy_line",
    "in_link_list", "link_list_items",
]

#: The text nodes of the page's body.  (``//body//text()`` reads the same nodes at twice the
#: cost: libxml2 merges one node set per element of the body.)
_BODY_TEXT = etree.XPath("//body/descendant::text()")
_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|::|»|·|>|›)\s+")
_DATE_RESIDUE = re.compile(
    r"(?:(?<!\d)\d{1,4}(?!\d))|[/:,.\-–|()]|\b(?:thứ|chủ|nhật|hai|ba|tư|năm|sáu|bảy|ngày|tháng|lúc|giờ|"
    r"cập|nhật|đăng|am|pm|sa|ch|gmt|utc)\b",
    re.IGNORECASE,
)
_NOT_PUBLISHED = re.compile(r"hôm\s+nay|today|cập\s+nhật\s+lần\s+cuối|sửa\s+đổi|modified", re.I)
#: A class or id naming a clock or today's date (a portal's banner prints the day it is shown).
_CLOCK_HINT = re.compile(r"clock|current-?date|today|hom-?nay", re.I)
HOME = frozenset({"trang chủ", "home", "trang chu", "trang nhất", "trang nhat", "trangchủ"})
BC_SEP = " \t\r\n»›>/|\\·•→"
_BC_HINT = re.compile(r"crumb|duong-?dan|duongdan|path-?nav|navigation-path|sitemappath|sitemapdirectional|pathway", re.I)
_CATEGORY_LABEL = re.compile(r"^(?:chuyên\s+mục|danh\s+mục|thể\s+loại|category|section)\s*:\s*(.+)$", re.I)
_AUTHOR_LABEL = re.compile(r"^(?:tác\s+giả(?:\s+bài\s+viết)?|người\s+viết|bài\s+viết|author|by)\s*:\s*(.{2,60})$", re.I)
_SUMMARY_HINT = re.compile(r"sapo|lead|summary|intro|excerpt|tom-?tat|tomtat|abstract|description|teaser|hometext|trich-?yeu", re.I)
_NOT_SUMMARY_HINT = re.compile(r"image|img|photo|caption|anh|pic|thumb|meta-desc|author|related|list|item|title|type-|with-summary", re.I)
_TITLE_HINT = re.compile(r"title|headline|tieu-?de|tieude|heading", re.I)
_NOT_TITLE_HINT = re.compile(r"site|sub|widget|box|block-title|portlet|module|section|page-title-text|menu|logo|banner", re.I)
_PROMINENT_TAGS = frozenset({"h1", "h2", "h3", "h4", "b", "strong"})
_INLINE_TAGS = frozenset({"span", "strong", "b", "em", "i", "a", "font", "small", "u", "time", "label", "sup", "sub"})
_RUNNING_BLOCKS = frozenset({"p", "li", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "figcaption"})
_TEASER_BLOCKS = frozenset({"li", "tr", "td", "p", "dd", "dt", "article"})
# blocks whose text is scored by the content heuristic; a paragraph-like one credits its parent
_PARAGRAPH_TAGS = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "figcaption"})
_SCORE_BLOCKS = _PARAGRAPH_TAGS | {"div", "td", "th", "section", "article", "main", "body", "center"}


# -- titles -----------------------------------------------------------------------------------


_SEP_END = re.compile(r"\s(?:\||-|–|—|::|»|·|>|›)\s*$")
_SEP_START = re.compile(r"^\s*(?:\||-|–|—|::|»|·|>|›)\s")


def names_part(ref: str, text: str) -> bool:
    """``ref`` (a ``<title>``) is ``text``, or holds it between separators
    (``Site > Section > Headline``), whatever separators the headline itself contains."""
    ref, text = ref.casefold(), text.casefold()
    if not text:
        return False
    if ref == text:
        return True
    start = ref.find(text)
    while start >= 0:
        before, after = ref[:start], ref[start + len(text):]
        if (not before or _SEP_END.search(before)) and (not after or _SEP_START.search(after)):
            return True
        start = ref.find(text, start + 1)
    return False


#: A headline looked for by its text alone (no heading, no class) is at least this long, and is
#: found by its first this many characters.
PRINTED_TITLE_MIN = 15


def split_title(t: str) -> list[str]:
    """The parts of a ``<title>``/``og:title`` between separators (``Headline - Site``)."""
    return [p.strip() for p in _TITLE_SEP.split(t) if p.strip()]


def strip_site_name(t: str, leading: bool = True, site_names=(), site: Site = GENERIC) -> str:
    """A headline without the site name after it (``... - Site``) or, for ``<title>``, before it.
    ``site_names``: the page's own names for itself (``og:site_name``); ``site``: the names its
    page class knows."""
    if not t:
        return t
    names = {normalize_line(n).casefold() for n in site_names}

    def is_site(part: str) -> bool:
        return site.is_site_name(part) or part.casefold() in names

    changed = True
    while changed:
        changed = False
        seps = list(_TITLE_SEP.finditer(t))
        if not seps:
            break
        if is_site(t[seps[-1].end():].strip()):
            t = t[: seps[-1].start()].strip()
            changed = True
        elif leading and is_site(t[: seps[0].start()].strip()):
            t = t[seps[0].end():].strip()
            changed = True
    if is_site(t):
        return ""
    return t.strip()


#: Verdicts on attribute values remembered (a page repeats its class names on many elements,
#: and the pages of one site repeat them across pages).
HINTS_CACHE_MAX = 50_000


def title_hint(m: Marked) -> bool:
    """Class, id or ``itemprop`` naming the headline (``news-title``, ``title_news``,
    ``edn_articleTitle``, ``itemprop=headline``), not a site or box title."""
    return _names_title(m.itemprop, m.cls, m.id)


@lru_cache(maxsize=HINTS_CACHE_MAX)
def _names_title(itemprop: str | None, cls: str | None, id_: str | None) -> bool:
    hint = (cls or "") + " " + (id_ or "")
    return (itemprop or "").lower() == "headline" or (
        bool(_TITLE_HINT.search(hint)) and not _NOT_TITLE_HINT.search(hint))


def is_prominent(el: etree._Element) -> bool:
    """A heading, or an element whose text is all bold or set large (``<font size=4>``,
    ``font-size: 16pt``): how pages without headings mark a headline."""
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    if tag in _PROMINENT_TAGS:
        return True
    if tag == "font":
        size = (el.get("size") or "").strip().lstrip("+")
        return size.isdigit() and int(size) >= 4
    style = (el.get("style") or "").lower()
    m = re.search(r"font-size\s*:\s*(\d+(?:\.\d+)?)\s*(pt|px|em)", style)
    if m:
        v = float(m.group(1))
        return v >= {"pt": 14, "px": 18, "em": 1.3}[m.group(2)]
    return "font-weight:bold" in style.replace(" ", "") or "font-weight:700" in style.replace(" ", "")


# -- dates ------------------------------------------------------------------------------------


def is_date_line(s: str) -> bool:
    """A short line that is essentially a date (a weekday, a time and a label like ``Ngày đăng:``
    allowed), not a sentence that happens to hold one."""
    return len(s) <= 120 and len(_DATE_RESIDUE.sub(" ", s).split()) <= 3


def is_bare_date_line(s: str) -> bool:
    """A line that is a date and nothing else (a weekday, a time, a label such as ``Ngày
    đăng:``), no name beside it: the article's date line closing the content, never its author
    or a caption."""
    return len(s) <= 120 and len(_DATE_RESIDUE.sub(" ", s).split()) <= 1 and parse_date(s) is not None


_MONTHS = r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_DATELINE = re.compile(
    r"\b\d{1,2}:\d{2}(?:\s*[ap]\.?m\b\.?)?|\b\d{1,2}[./-]\s?\d{1,2}[./-]\s?\d{2,4}\b|\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTHS})[^\W\d]*\.?,?\s+(?:de\s+)?\d{{4}}\b"
    rf"|\b(?:{_MONTHS})[^\W\d]*\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)


_BYLINE = re.compile(r"^(?:by)\s+[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}$", re.I)


def is_byline(s: str) -> bool:
    """``von Annette Henkel``, ``By Jane Doe``: the line naming the writer above the article."""
    s = s.strip()
    return len(s) <= 60 and bool(_BYLINE.match(s)) and s.split()[1][:1].isupper()


def without_dates(s: str) -> str:
    """The line with its dates and clock times taken out (a headline box that also prints the
    time of the post: ``3:59 PM Briefe``)."""
    return normalize_line(_DATELINE.sub(" ", s)).strip(" |-–·,")


def is_dateline(s: str) -> bool:
    """A short line holding a date or a clock time and no sentence, in any of the languages a
    generic page is written in (``24. März 2004, 19:49 | Genesis``, ``3:59 PM Briefe``,
    ``Freitag | 14. Juni 2019 | 15:49 VON Sina Giebel``): the article's date and byline line."""
    s = s.strip()
    return (len(s) <= 100 and len(s.split()) <= 14 and not s.endswith((".", "!", "?", "…"))
            and bool(_DATELINE.search(s)))


_TAXONOMY = re.compile(
    r"^(?:categor(?:y|ies)|tags?|tagged(?: with)?|filed under|posted in|chuyên mục|từ khóa|từ khoá|tags bài viết)"
    r"\s*:\s*\S",
    re.IGNORECASE,
)


def is_taxonomy_line(s: str) -> bool:
    """``Category: Blog, Popular``, ``Tags: ...``, ``Schlagwörter: ...``: the post's filing."""
    return len(s) <= 200 and "\n" not in s and bool(_TAXONOMY.match(s.strip()))


#: ``Lượt xem: 1.234``, ``Views: 245``: a label and a number, nothing else.
_COUNTER = re.compile(r"^[^\d:]{2,40}:\s*[\d.,\s]+$")


def is_counter_line(s: str) -> bool:
    """A counter (views, visits, comments): a short label, a colon and a number (not a date)."""
    return bool(_COUNTER.match(s.strip())) and not _DATELINE.search(s)


def not_published(s: str) -> bool:
    """A date line that says it is not the publication date (today's date, a last change)."""
    return bool(_NOT_PUBLISHED.search(s))


def date_line_element(node, chrome: ChromeIndex):
    """For a text node: ``(date, element)`` when it is a publication-date line outside the chrome,
    not part of a running paragraph and not a teaser's date beside a link; else ``None``.  The
    element is the date's own element when it holds nothing else (to keep it out of the body)."""
    s = " ".join(str(node).split())
    if len(s) > 120 or not any(map(str.isdigit, s)):
        return None
    parent = node.getparent()
    is_tail = getattr(node, "is_tail", False)
    if is_tail and parent is not None:
        parent = parent.getparent()  # a tail belongs to the element around its owner
    if parent is None or chrome(parent) or not isinstance(parent.tag, str) or parent.tag.lower() in ("title", "option", "a"):
        return None
    if not is_date_line(s) or not_published(s) or in_link_list(parent):
        return None
    d = parse_date(s)
    if not d:
        return None
    block = parent
    while block is not None and isinstance(block.tag, str) and block.tag.lower() in _INLINE_TAGS:
        if block.tag.lower() == "a":
            return None  # a link's text: a teaser's date or an archive link
        if names_clock(block.get("class"), block.get("id")):
            return None  # the banner's clock: the day the page is shown
        block = block.getparent()
    if block is not None and names_clock(block.get("class"), block.get("id")):
        return None
    if block is not None and isinstance(block.tag, str) and block.tag.lower() not in ("body", "html"):
        # the line around the date (between line breaks and blocks) must be a date line: not a
        # date inside a running sentence, not a teaser's headline with its date
        line = _line_around(block, s, node)
        if line is None or not is_date_line(line) or not_published(line):
            return None
    own = parent if (not is_tail and is_date_line(line_text(parent))) else None
    return d, own


@lru_cache(maxsize=HINTS_CACHE_MAX)
def names_clock(cls: str | None, id_: str | None) -> bool:
    """A class or id naming a clock or today's date: the date it prints is the day the page is
    shown, not the publication's."""
    return bool(_CLOCK_HINT.search((cls or "") + " " + (id_ or "")))


#: A list whose items each hold a link is a list of entries (documents, teasers) when it has at
#: least this many of them.
LINK_LIST_MIN = 2


def in_link_list(el: etree._Element) -> bool:
    """``el`` lies in an item of a list of linked entries: a ``ul``/``ol`` of at least
    :data:`LINK_LIST_MIN` items, each holding a link (a "new documents" box with each document's
    issue date, a list of other news with each one's date).  A date there is that entry's."""
    for anc in (el, *el.iterancestors()):
        tag = anc.tag.lower() if isinstance(anc.tag, str) else ""
        if tag in ("body", "html", "article", "main"):
            return False
        if tag == "li":
            lst = anc.getparent()
            if lst is None or not isinstance(lst.tag, str) or lst.tag.lower() not in ("ul", "ol"):
                return False
            return link_list_items(lst) is not None
    return False


def link_list_items(lst: etree._Element) -> list | None:
    """The items of ``lst`` (a ``ul``/``ol``) when it is a list of linked entries: at least
    :data:`LINK_LIST_MIN` items, each holding a link; else None."""
    items = [li for li in lst if isinstance(li.tag, str) and li.tag.lower() == "li"]
    if len(items) >= LINK_LIST_MIN and all(next(li.iter("a"), None) is not None for li in items):
        return items
    return None


def _line_around(block: etree._Element, s: str, node=None) -> str | None:
    """The line of ``block``'s text (split at ``<br>`` and at inner blocks) holding ``s``: when
    several lines hold it (a lead opening with the date the date line under it prints), the one
    holding the text node ``node``: the lines holding ``s`` are met in the order of the text
    nodes holding it."""
    lines = [line for line in (" ".join(x.split()) for x in element_text(block, "\n").split("\n")) if s in line]
    if len(lines) > 1 and node is not None:
        owner, tail = node.getparent(), getattr(node, "is_tail", False)
        k = 0
        for t in _TEXT_NODES(block):
            if t.getparent() is owner and getattr(t, "is_tail", False) == tail:
                return lines[min(k, len(lines) - 1)]
            if s in " ".join(t.split()):
                k += 1
    return lines[0] if lines else None


_TEXT_NODES = etree.XPath(".//text()")


# -- category ---------------------------------------------------------------------------------


def breadcrumb_last(el, title: str | None = None) -> str | None:
    """The last entry of a breadcrumb (the one before it when the last is the page's own title):
    its ``li`` items, else its links/spans, else its text split at the separators."""
    entries = [li for li in el.iter("li")]
    if not entries:
        entries = [c for c in el.iter() if c is not el and isinstance(c.tag, str) and c.tag.lower() in ("a", "span", "strong", "b")]
    texts = []
    for e in entries:
        t = line_text(e).strip(BC_SEP)
        if t and (not texts or texts[-1] != t):
            texts.append(t)
    if not texts:
        raw = line_text(el)
        texts = [p.strip(BC_SEP) for p in re.split(r"[»›>|/→]", raw)]
        texts = [t for t in texts if t]
    if title and len(texts) > 1 and normalize_line(texts[-1]).casefold() == title.casefold():
        texts = texts[:-1]
    if not texts:
        return None
    last = normalize_line(texts[-1])
    if last.casefold() in HOME or (title and last.casefold() == title.casefold()):
        return None
    return last or None


def breadcrumb_hint(m: Marked) -> bool:
    """Class, id, ``itemtype`` or ARIA label naming a breadcrumb, on an element that is a short
    path (at most six entries, no sub-lists), not the site's menu bar."""
    el = m.el
    if not _names_breadcrumb(m.cls, m.id, el.get("itemtype"), el.get("aria-label")):
        return False
    items = [li for li in el.iter("li")]
    if len(items) > 6 or any(True for li in items for _ in li.iter("ul", "ol")):
        return False
    return True


@lru_cache(maxsize=HINTS_CACHE_MAX)
def _names_breadcrumb(*values: str | None) -> bool:
    hint = " ".join(v or "" for v in values)
    return bool(_BC_HINT.search(hint) or "BreadcrumbList" in hint)


def category_by_label(text: str) -> str | None:
    """``Chuyên mục: X`` / ``Danh mục: X`` -> ``X``."""
    m = _CATEGORY_LABEL.match(text)
    return normalize_line(m.group(1)) if m and len(m.group(1)) <= 80 else None


def category_from_path_line(text: str, title: str | None = None) -> str | None:
    """An unmarked breadcrumb line: ``Trang chủ » Tin tức » X`` -> ``X``."""
    parts = [p.strip(BC_SEP) for p in re.split(r"\s[»›>→]+\s|\s*»\s*|\s*›\s*", text)]
    parts = [p for p in parts if p]
    if len(parts) < 2 or parts[0].casefold() not in HOME or len(text) > 200:
        return None
    if title and parts[-1].casefold() == title.casefold():
        parts = parts[:-1]
    last = normalize_line(parts[-1])
    return None if last.casefold() in HOME else last


def category_from_title(html_title: str, title: str | None) -> str | None:
    """``Site > Section > Headline`` in ``<title>``: the section before the headline."""
    if not title or not html_title:
        return None
    low, t = html_title.casefold(), title.casefold()
    if not low.endswith(t) or low == t:
        return None
    before = html_title[: len(html_title) - len(title)]
    if not _SEP_END.search(before):
        return None
    parts = split_title(_SEP_END.sub("", before))
    if len(parts) < 2 or parts[-1].casefold() in HOME:
        return None
    return normalize_line(parts[-1])


# -- author -----------------------------------------------------------------------------------


def author_by_label(text: str) -> str | None:
    """``Tác giả bài viết: X`` / ``Tác giả: X`` -> ``X`` (a short name line)."""
    m = _AUTHOR_LABEL.match(text)
    if not m:
        return None
    name = normalize_line(m.group(1))
    return name if name and not name.endswith((".", "!", "?")) else None


# -- summary ----------------------------------------------------------------------------------


def summary_hint(m: Marked) -> bool:
    """Class/id naming a lead (``sapo``, ``lead``, ``hometext``, ``field--name-field-sapo``,
    ``tomtat``) and no token naming something else (a caption, a list item, a title), or
    ``itemprop=description`` on a visible element."""
    if (m.itemprop or "").lower() == "description" and m.el.tag != "meta":
        return True
    return _names_summary(m.cls, m.id)


@lru_cache(maxsize=HINTS_CACHE_MAX)
def _names_summary(cls: str | None, id_: str | None) -> bool:
    return any(_SUMMARY_HINT.search(token) and not _NOT_SUMMARY_HINT.search(token)
               for token in ((cls or "") + " " + (id_ or "")).split())


#: A lead set apart by type alone is at least this long (a date line, a unit label or a caption
#: is shorter) and reads as a sentence.
LEAD_MIN_CHARS = 40
#: How many elements after the headline a lead set apart by type may sit (date line, toolbar and
#: their wrappers come between).
LEAD_WINDOW = 40
_LEAD_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)
_LEAD_HEADINGS = frozenset({"h2", "h3", "h4"})


def _bold(el: etree._Element) -> bool:
    tag = el.tag.lower() if isinstance(el.tag, str) else ""
    return tag in ("b", "strong") or bool(_LEAD_BOLD_STYLE.search(el.get("style") or ""))


def _wholly_bold(el: etree._Element) -> bool:
    """Every character of ``el``'s text sits inside a bold element (``el`` itself included)."""
    def bold_up_to_el(owner):
        for x in (owner, *owner.iterancestors()):
            if _bold(x):
                return True
            if x is el:
                return False
        return False

    for node in el.iter():
        if (node.text or "").strip() and isinstance(node.tag, str) and not bold_up_to_el(node):
            return False
        if node is not el and (node.tail or "").strip() and not bold_up_to_el(node.getparent()):
            return False
    return True


def lead_set_apart(title_el: etree._Element, chrome: ChromeIndex):
    """The lead printed right after the headline and set apart by type, where no class names it:
    the first line of sentence length after the headline, when it is wholly bold (a bold
    ``div``, a bold table cell) or a subheading (an ``h2`` under the headline) and ends a
    sentence.  A first long line in plain type means the body has begun: no lead."""
    inside_title = set(title_el.iter())
    for el in title_el.xpath(f"following::*[position() <= {LEAD_WINDOW}]"):
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if el in inside_title or tag in _INLINE_TAGS or not tag or chrome(el):
            continue
        if any(isinstance(d.tag, str) and d.tag.lower() not in _INLINE_TAGS and d.tag.lower() != "br"
               for d in el.iterdescendants()):
            continue  # a wrapper: its lines come next
        text = line_text(el)
        if len(text) < LEAD_MIN_CHARS or is_date_line(text):
            continue
        if (tag in _LEAD_HEADINGS or _wholly_bold(el)) and text.endswith((".", "!", "?", "…")):
            return el
        return None
    return None


# -- content ----------------------------------------------------------------------------------


def content_by_class(root: etree._Element, chrome: ChromeIndex, site_classes: frozenset[str] = frozenset(),
                     marked: list[Marked] | None = None):
    """Elements whose class or id names the article body in a common CMS, outside the chrome,
    in document order.  ``marked``: the page's elements with a class, an id or an ``itemprop``
    when the caller has them (no second scan of the page)."""
    return [m.el for m in (marked if marked is not None else marked_elements(root))
            if (names_body_class(m.cls, m.id) or (site_classes and names_site_class(m.cls, site_classes)))
            and not chrome(m.el)]


#: A ``div`` holding none of these is a paragraph (as readability turns such divs into ``p``): it
#: credits its container, so an article of ``<div>`` paragraphs is one element, not its longest.
_DIV_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "dl", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote",
                         "pre", "section", "article", "figure", "form", "main", "aside", "nav", "header", "footer"})


def body_text(root: etree._Element) -> list:
    """The text nodes of the page's body, in document order (lxml's smart strings: each knows
    its element)."""
    return _BODY_TEXT(root)


def content_by_density(root: etree._Element, chrome: ChromeIndex, skip=(), texts=None):
    """The element holding the most paragraph text, chrome left out (readability-style), and its
    score.

    Every text node counts for its nearest block element (a ``p``, or a ``div``/``td`` holding
    text directly); a block with at least 20 characters, not mostly links, credits its length
    to its container (a paragraph's parent, the parent of a ``div`` holding no block, a
    ``div`` holding blocks and text itself) and half of it to the container's parent.
    ``texts``: the body's text nodes (:func:`body_text`), when the caller has them already."""
    skip = set(skip)
    text_len: dict = {}
    link_len: dict = {}
    for node in (texts if texts is not None else _BODY_TEXT(root)):
        parent = node.getparent()
        if parent is None or chrome(parent):
            continue
        n = len(node.strip())
        if not n:
            continue
        block = parent
        in_link = False
        while block is not None:
            tag = block.tag
            t = tag.lower() if isinstance(tag, str) else ""
            if t == "a":
                in_link = True
            if t in _SCORE_BLOCKS:
                break
            block = block.getparent()
        if block is None or block in skip or block.tag == "body":
            continue  # text straight in <body> is no article (a PDF, a plain-text error page)
        text_len[block] = text_len.get(block, 0) + n
        if in_link:
            link_len[block] = link_len.get(block, 0) + n
    scores: dict = {}
    for block, n in text_len.items():
        if n < 20 or link_len.get(block, 0) > n * 0.5:
            continue
        t = block.tag.lower()
        paragraph = t in _PARAGRAPH_TAGS or (t == "div" and not any(
            isinstance(d.tag, str) and d.tag.lower() in _DIV_BLOCKS for d in block.iterdescendants()))
        container = block.getparent() if paragraph else block
        if container is None:
            continue
        scores[container] = scores.get(container, 0.0) + n
        gp = container.getparent()
        if gp is not None:
            scores[gp] = scores.get(gp, 0.0) + n / 2
    if not scores:
        return None, 0.0
    best = max(scores, key=scores.get)
    if scores[best] < 20:
        return None, 0.0
    return best, scores[best]
