"""The article page: HTML to an item (docs/EXTRACTION.md).

Every field is looked for in layers, first hit wins, and the layer is recorded:

``portal``     the portal's own markup (``h1.title-detail``, ``.date-detail``, the breadcrumb,
               ``div.sapo``, ``div.content-detail``, ``table.image``)
``meta``       Open Graph / meta tags / JSON-LD / the canonical link / ``<title>``
``heading``    the first real ``h1``/``h2`` and a ``dd/mm/yyyy`` date next to it
``heuristic``  generic rules: the container with the most paragraph text, class names that say
               ``date``/``sapo``/``breadcrumb``, ...
``none``       nothing found

``ArticlePage2023`` is the layout of the portal as known today.  A later layout period subclasses
it and overrides the selector class attributes (and, when needed, a field method); the layered
fallbacks stay shared.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .dates import iso_to_dmy, parse_date, parse_iso
from .dom import Block, BlockWalker, ChromeIndex, css, line_text, xpath
from .sections import split_sections
from .text import content_hash, is_chrome_line, join_blocks, normalize_line
from .urls import absolute_url, article_id_from_url, is_article_url

__all__ = ["ParsedArticle", "ArticlePage", "ArticlePage2023", "FIELDS"]

SCHEMA_VERSION = 1
FIELDS = ("title", "published", "category", "summary", "body", "images", "author", "url")


@dataclass
class ParsedArticle:
    item: dict
    layers: dict[str, str]
    parser: str
    problems: list[str] = field(default_factory=list)


# Site names that follow (or precede) the headline in <title> / og:title.
_SITE_NAME = re.compile(
    r"^(?:VKSND\s*tối\s*cao|VKSNDTC|Viện\s+kiểm\s+sát\s+nhân\s+dân\s+tối\s+cao|vksndtc(?:\.gov\.vn)?|"
    r"(?:Trang|Cổng)\s+thông\s+tin\s+điện\s+tử.*|.*Supreme\s+People.*|Trang\s+chủ)$",
    re.IGNORECASE,
)
_TITLE_SEP = re.compile(r"\s+(?:\||-|–|—|::|»|·)\s+")
_DATE_HINT = re.compile(r"date|time|ngay|publish|posted|created|thoi-?gian|ngaydang|ngay-dang", re.I)
_SUMMARY_HINT = re.compile(r"sapo|lead|summary|intro|chapeau|excerpt|tom-?tat|tomtat|abstract|description|teaser", re.I)
_NOT_SUMMARY_HINT = re.compile(r"image|img|photo|caption|anh|pic|thumb|meta-desc|author|related|list|item", re.I)
_BREADCRUMB_HINT = re.compile(r"crumb|duong-?dan|duongdan|path-?nav|navigation-path", re.I)
_BC_SEP = " \t\r\n»›>/|\\·•→"
_DATE_RESIDUE = re.compile(
    r"(?:(?<!\d)\d{1,4}(?!\d))|[/:,.\-–|()]|\b(?:thứ|chủ|nhật|hai|ba|tư|năm|sáu|bảy|ngày|lúc|giờ|"
    r"cập|nhật|đăng|am|pm|sa|ch|gmt|utc)\b",
    re.IGNORECASE,
)
_INLINE_TAGS = frozenset({"span", "strong", "b", "em", "i", "a", "font", "small", "u", "time", "label", "sup", "sub"})
_RUNNING_BLOCKS = frozenset({"p", "li", "td", "th", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "dd", "figcaption"})
_JSONLD_DATE = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_HOME = frozenset({"trang chủ", "home", "trang chu"})
_SENTENCE_END = (".", "!", "?", "…", ":")
_AUTHOR_MAX = 60
# blocks whose text is scored by the content heuristic; a paragraph-like one credits its parent
_PARAGRAPH_TAGS = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "figcaption"})
_SCORE_BLOCKS = _PARAGRAPH_TAGS | {"div", "td", "th", "section", "article", "main", "body", "center"}

_META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "date",
)


class ArticlePage:
    """Generic article page: the layered machinery, no portal selectors of its own."""

    name = "ArticlePage"

    # -- portal selectors (subclasses fill these in) ------------------------------------------
    TITLE: etree.XPath | None = None
    DATE: etree.XPath | None = None
    BREADCRUMB: etree.XPath | None = None
    SUMMARY: etree.XPath | None = None
    CONTENT: etree.XPath | None = None

    # -- generic selectors, compiled once -----------------------------------------------------
    META = xpath("//meta[@content]")
    LINK_REL = xpath("//link[@rel][@href]")
    BASE = xpath("(//base[@href])[1]/@href")
    HTML_TITLE = xpath("(//title)[1]")
    H1 = xpath("//h1")
    H2 = xpath("//h2")
    FOLLOWING_TEXT = xpath("following::text()[normalize-space()][position() <= 25]")
    PRECEDING_TEXT = xpath("preceding::text()[normalize-space()][position() <= 8]")
    TIME_EL = xpath("//time")
    HINTED = xpath("//*[@class or @id]")
    CRUMB_HINTED = xpath("//*[@class or @id or @itemtype or @aria-label]")
    LISTS = xpath("//ol | //ul")
    TEXT_NODES = xpath("//body//text()")
    JSONLD = xpath("//script[@type='application/ld+json']/text()")
    LINKS = xpath(".//a")

    def __init__(self, root: etree._Element, url: str):
        self.root = root
        self.url = url or ""
        base = self.BASE(root)
        self.base = absolute_url(base[0], self.url) if base else None
        self.base = self.base or self.url
        self._chrome: ChromeIndex | None = None
        self._order: dict | None = None
        self._meta: dict[str, str] | None = None
        self.layers: dict[str, str] = {}
        self.problems: list[str] = []
        # elements found on the way (used to keep them out of the body)
        self.title_el = None
        self.date_el = None
        self.summary_el = None
        self.breadcrumb_el = None
        self.content_el = None

    # -- lazily computed page-wide helpers ----------------------------------------------------

    @property
    def chrome(self) -> ChromeIndex:
        if self._chrome is None:
            self._chrome = ChromeIndex(self.root)
        return self._chrome

    @property
    def order(self) -> dict:
        if self._order is None:
            self._order = {el: i for i, el in enumerate(self.root.iter())}
        return self._order

    @property
    def meta(self) -> dict[str, str]:
        if self._meta is None:
            meta: dict[str, str] = {}
            for m in self.META(self.root):
                key = m.get("property") or m.get("name") or m.get("itemprop")
                if not key:
                    continue
                key = key.strip().lower()
                if key not in meta:
                    meta[key] = m.get("content") or ""
            self._meta = meta
        return self._meta

    def _first(self, sel: etree.XPath | None):
        if sel is None:
            return None
        found = sel(self.root)
        return found[0] if found else None

    # -- title ------------------------------------------------------------------------------------

    def title(self) -> tuple[str, str]:
        el = self._first(self.TITLE)
        if el is not None:
            t = line_text(el)
            if t:
                self.title_el = el
                return t, "portal"
        og = normalize_line(self.meta.get("og:title") or self.meta.get("twitter:title"))
        og = _strip_site_name(og, leading=False)
        heading = self._heading_title()
        if og:
            # the page's own heading still anchors the date next to it and stays out of the body
            self.title_el = heading
            return og, "meta"
        if heading is not None:
            self.title_el = heading
            return line_text(heading), "heading"
        t = _strip_site_name(line_text(self._first(self.HTML_TITLE)))
        if t:
            return t, "meta"
        return "", "none"

    def _heading_title(self):
        """The first ``h1`` outside the page chrome (else the first such ``h2``) that is not a
        banner line.  When ``<title>`` names the headline, the heading matching it wins."""
        chrome = self.chrome
        html_title = line_text(self._first(self.HTML_TITLE)).casefold()
        for sel in (self.H1, self.H2):
            candidates = []
            for h in sel(self.root):
                if chrome(h):
                    continue
                t = line_text(h)
                if len(t) < 4 or is_chrome_line(t) or _SITE_NAME.match(t):
                    continue
                candidates.append((h, t))
            if not candidates:
                continue
            if html_title:
                for h, t in candidates:
                    if t.casefold() in html_title:
                        return h
            return candidates[0][0]
        return None

    # -- published ----------------------------------------------------------------------------------

    def published(self) -> tuple[str | None, str]:
        el = self._first(self.DATE)
        if el is not None:
            d = parse_date(line_text(el))
            if d:
                self.date_el = el
                return d, "portal"
        meta = self.meta
        for key in _META_DATE_KEYS:
            v = meta.get(key)
            if v:
                d = parse_iso(v.strip()) or parse_date(v)
                if d:
                    return d, "meta"
        for raw in self.JSONLD(self.root):
            m = _JSONLD_DATE.search(raw)
            if m:
                d = parse_iso(m.group(1)) or parse_date(m.group(1))
                if d:
                    return d, "meta"
        d = self._date_near_title()
        if d:
            return d, "heading"
        d = self._date_by_hint()
        if d:
            return d, "heuristic"
        return None, "none"

    def _date_candidate(self, node) -> str | None:
        """A text node that is essentially a date line (``Thứ ba, 28/11/2023 - 08:15``,
        ``Ngày đăng: 28/11/2023``), outside the chrome and not part of a running paragraph."""
        s = " ".join(str(node).split())
        if len(s) > 120 or not any(c.isdigit() for c in s):
            return None
        parent = node.getparent()
        is_tail = getattr(node, "is_tail", False)
        if is_tail and parent is not None:
            parent = parent.getparent()  # a tail belongs to the element around its owner
        if parent is None or self.chrome(parent) or not isinstance(parent.tag, str) or parent.tag.lower() in ("title", "option"):
            return None
        if not _is_date_line(s):
            return None
        d = parse_date(s)
        if not d:
            return None
        # a date inside a running paragraph ("<p><b>Ngày 27/11/2023</b>, VKSND ...</p>")
        block = parent
        while block is not None and isinstance(block.tag, str) and block.tag.lower() in _INLINE_TAGS:
            block = block.getparent()
        if block is not None and isinstance(block.tag, str) and block.tag.lower() in _RUNNING_BLOCKS:
            if not _is_date_line(line_text(block)):
                return None
        # keep the date's own element out of the body (never a container that holds more)
        if not is_tail and _is_date_line(line_text(parent)):
            self.date_el = parent
        return d

    def _date_near_title(self) -> str | None:
        anchor = self.title_el
        if anchor is None:
            return None
        for node in self.FOLLOWING_TEXT(anchor):
            if len(node) > 200 and len(node.strip()) > 200:
                break
            d = self._date_candidate(node)
            if d:
                return d
        for node in self.PRECEDING_TEXT(anchor):
            d = self._date_candidate(node)
            if d:
                return d
        return None

    def _date_by_hint(self) -> str | None:
        chrome = self.chrome
        for t in self.TIME_EL(self.root):
            if chrome(t):
                continue
            v = t.get("datetime")
            d = (parse_iso(v) or parse_date(v)) if v else None
            d = d or parse_date(line_text(t))
            if d:
                self.date_el = t
                return d
        for el in self.HINTED(self.root):
            hint = (el.get("class") or "") + " " + (el.get("id") or "")
            if not _DATE_HINT.search(hint) or chrome(el):
                continue
            t = line_text(el)
            if not t or not _is_date_line(t):
                continue
            d = parse_date(t)
            if d:
                self.date_el = el
                return d
        return None

    # -- category -------------------------------------------------------------------------------

    def category(self) -> tuple[str | None, str]:
        el = self._first(self.BREADCRUMB)
        if el is not None:
            c = _breadcrumb_last(el)
            if c:
                self.breadcrumb_el = el
                return c, "portal"
        c = normalize_line(self.meta.get("article:section"))
        if c:
            return c, "meta"
        for el in self.CRUMB_HINTED(self.root):
            hint = (el.get("class") or "") + " " + (el.get("id") or "") + " " + (el.get("itemtype") or "") + " " + (el.get("aria-label") or "")
            if _BREADCRUMB_HINT.search(hint) or "BreadcrumbList" in hint:
                c = _breadcrumb_last(el)
                if c:
                    self.breadcrumb_el = el
                    return c, "heuristic"
        # an unmarked breadcrumb: a short list of links starting at the home page, above the title
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
            if line_text(first).strip(_BC_SEP).casefold() in _HOME or (links and links[0].strip() in ("/", "./", self.base)):
                c = _breadcrumb_last(lst)
                if c:
                    self.breadcrumb_el = lst
                    return c, "heuristic"
        return None, "none"

    # -- summary --------------------------------------------------------------------------------

    def summary(self) -> tuple[str | None, str]:
        el = self._first(self.SUMMARY)
        if el is not None:
            s = _multiline(el, self.base)
            if s:
                self.summary_el = el
                return s, "portal"
        el = self._summary_by_hint()
        if el is not None:
            s = _multiline(el, self.base)
            if s:
                self.summary_el = el
                return s, "heuristic"
        return None, "none"

    def _summary_by_hint(self):
        chrome = self.chrome
        order = self.order
        after = order.get(self.title_el, -1) if self.title_el is not None else -1
        for el in self.HINTED(self.root):
            tag = el.tag
            if not isinstance(tag, str) or tag.lower() not in ("div", "p", "h2", "h3", "h4", "section", "span", "strong", "b"):
                continue
            hint = (el.get("class") or "") + " " + (el.get("id") or "")
            if not _SUMMARY_HINT.search(hint) or _NOT_SUMMARY_HINT.search(hint) or chrome(el):
                continue
            if order.get(el, 0) < after:
                continue
            if len(line_text(el)) >= 10:
                return el
        return None

    # -- content --------------------------------------------------------------------------------

    def content(self) -> tuple[list[Block], str]:
        """The content element's blocks, from the portal selector, else the heuristic."""
        el = self._first(self.CONTENT)
        if el is not None:
            blocks = self._walk(el)
            if any(b.kind != "image" for b in blocks):
                self.content_el = el
                return blocks, "portal"
        el = self._content_by_heuristic()
        if el is not None:
            blocks = [b for b in self._walk(el) if not _is_link_item(b)]
            if blocks:
                self.content_el = el
                return blocks, "heuristic"
        return [], "none"

    def _walk(self, el) -> list[Block]:
        skip = [e for e in (self.title_el, self.date_el, self.summary_el, self.breadcrumb_el) if e is not None]
        return _cut_at_stop(BlockWalker(self.base, skip=skip).walk(el))

    def _content_by_heuristic(self):
        """The element holding the most paragraph text, chrome left out (readability-style).

        Every text node counts for its nearest block element (a ``p``, or a ``div``/``td`` holding
        text directly); a block with at least 20 characters, not mostly links, credits its length
        to its container (a paragraph's parent, a text-holding ``div`` itself) and half of it to
        the container's parent."""
        chrome = self.chrome
        skip = {e for e in (self.title_el, self.date_el, self.summary_el) if e is not None}
        text_len: dict = {}
        link_len: dict = {}
        for node in self.TEXT_NODES(self.root):
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
            container = block.getparent() if t in _PARAGRAPH_TAGS else block
            if container is None:
                continue
            scores[container] = scores.get(container, 0.0) + n
            gp = container.getparent()
            if gp is not None:
                scores[gp] = scores.get(gp, 0.0) + n / 2
        if not scores:
            return None
        best = max(scores, key=scores.get)
        if scores[best] < 20:
            return None
        return best

    # -- url ------------------------------------------------------------------------------------

    def canonical_url(self) -> tuple[str, str]:
        for link in self.LINK_REL(self.root):
            rel = (link.get("rel") or "").lower().split()
            if "canonical" in rel:
                u = absolute_url(link.get("href"), self.base)
                if u and is_article_url(u):
                    return u, "meta"
        og = self.meta.get("og:url")
        if og:
            u = absolute_url(og, self.base)
            if u and is_article_url(u):
                return u, "meta"
        return self.url, "none"

    # -- fields derived from the content's blocks ---------------------------------------------

    @staticmethod
    def drop_repeats(blocks: list[Block], title: str, summary: str | None, published: str | None) -> list[Block]:
        """Blocks repeating the title or the summary (pages that repeat the sapo inside the
        content), and a leading date line (a guessed content element that holds the date), are
        not body."""
        keys = {title.casefold()} | ({summary.casefold()} if summary else set())
        out = []
        for i, b in enumerate(blocks):
            if b.kind != "image":
                if b.text.casefold() in keys:
                    continue
                if published and i < 3 and _is_date_line(b.text) and parse_date(b.text) == published:
                    continue
            out.append(b)
        return out

    def author(self, blocks: list[Block]) -> str | None:
        return _find_author(blocks)

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
        blocks, content_layer = self.content()

        blocks = self.drop_repeats(blocks, title, summary, published)
        _assign_captions(blocks)
        author = self.author(blocks)
        body_blocks = self.body(blocks)
        body = join_blocks(b.text for b in body_blocks)
        images = self.images(blocks)
        layers["body"] = content_layer if body else "none"
        layers["images"] = content_layer if images else "none"
        layers["author"] = content_layer if author else "none"

        url, layers["url"] = self.canonical_url()
        article_id = article_id_from_url(url)
        if article_id is None and url != self.url:
            article_id = article_id_from_url(self.url)

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


class ArticlePage2023(ArticlePage):
    """The portal's article layout as known in 2023-2025 (docs/PORTAL.md, "The article page")."""

    name = "ArticlePage2023"

    TITLE = css("h1.title-detail")
    DATE = css(".date-detail")
    BREADCRUMB = css(".breadcrumb")
    SUMMARY = css("div.sapo")
    CONTENT = css("div.content-detail")


# ------------------------------------------------------------------------------------------------
# helpers
# ------------------------------------------------------------------------------------------------


def _strip_site_name(t: str, leading: bool = True) -> str:
    """A headline without the site name after it (``... - VKSND tối cao``) or, for ``<title>``,
    before it."""
    if not t:
        return t
    changed = True
    while changed:
        changed = False
        seps = list(_TITLE_SEP.finditer(t))
        if not seps:
            break
        if _SITE_NAME.match(t[seps[-1].end():].strip()):
            t = t[: seps[-1].start()].strip()
            changed = True
        elif leading and _SITE_NAME.match(t[: seps[0].start()].strip()):
            t = t[seps[0].end():].strip()
            changed = True
    if _SITE_NAME.match(t):
        return ""
    return t.strip()


def _is_date_line(s: str) -> bool:
    """A short line that is essentially a date (a weekday, a time and a label like ``Ngày đăng:``
    allowed), not a sentence that happens to hold one."""
    return len(s) <= 120 and len(_DATE_RESIDUE.sub(" ", s).split()) <= 3


def _breadcrumb_last(el) -> str | None:
    """The last entry of a breadcrumb: its ``li`` items, else its links/spans, else its text
    split at the separators."""
    entries = [li for li in el.iter("li")]
    if not entries:
        entries = [c for c in el.iter() if c is not el and isinstance(c.tag, str) and c.tag.lower() in ("a", "span", "strong", "b")]
    texts = []
    for e in entries:
        t = line_text(e).strip(_BC_SEP)
        if t:
            texts.append(t)
    if not texts:
        raw = line_text(el)
        texts = [p.strip(_BC_SEP) for p in re.split(r"[»›>|/→]", raw)]
        texts = [t for t in texts if t]
    if not texts:
        return None
    last = normalize_line(texts[-1])
    if last.casefold() in _HOME:
        return None
    return last or None


def _multiline(el, base: str) -> str:
    blocks = _cut_at_stop(BlockWalker(base).walk(el))
    return join_blocks(b.text for b in blocks if b.kind != "image")


def _cut_at_stop(blocks: list[Block]) -> list[Block]:
    """Everything from a related-news heading on is not the article (unless nothing came
    before it)."""
    for i, b in enumerate(blocks):
        if b.kind == "stop":
            if any(x.kind not in ("image", "stop") for x in blocks[:i]):
                return blocks[:i]
    return [b for b in blocks if b.kind != "stop"]


def _is_link_item(b: Block) -> bool:
    """A list item that is nothing but a link to another article (a related-news list that sits
    inside the guessed content element)."""
    if b.kind != "li" or b.el is None:
        return False
    links = b.el.xpath(".//a[@href]")
    if not links:
        return False
    if not any(is_article_url(a.get("href")) for a in links):
        return False
    link_len = sum(len(line_text(a)) for a in links)
    return link_len >= 0.6 * len(b.text)


def _is_captionish(b: Block) -> bool:
    return b.kind == "p" and b.align != "right" and not b.author_class and (
        b.italic or b.align == "center" or b.caption_class
    )


def _assign_captions(blocks: list[Block]) -> None:
    """Older markup: the paragraph right after the paragraph holding an image is its caption
    when it is italic, centred or has a caption class (a ``<br>`` in it becomes a space)."""
    n = len(blocks)
    for i, b in enumerate(blocks):
        if b.kind != "image" or b.boxed or not b.images:
            continue
        if b.images[-1].caption:
            continue
        if i + 1 < n:
            nxt = blocks[i + 1]
            if nxt.role == "body" and _is_captionish(nxt):
                b.images[-1].caption = normalize_line(nxt.text)
                nxt.role = "caption"


def _find_author(blocks: list[Block]) -> str | None:
    """The content's last paragraph when it is right-aligned (or has an author class), or a short
    line (at most 60 characters, no sentence-final full stop) after the last body paragraph."""
    last = None
    for i in range(len(blocks) - 1, -1, -1):
        b = blocks[i]
        if b.kind == "image" or b.role == "caption":
            continue
        last = i
        break
    if last is None:
        return None
    b = blocks[last]
    if b.kind not in ("p", "heading"):
        return None
    has_body_before = any(x.kind != "image" and x.role == "body" for x in blocks[:last])
    if not has_body_before:
        return None
    text = normalize_line(b.text)
    if b.align == "right" or b.author_class:
        b.role = "author"
        return text
    if "\n" not in b.text and len(text) <= _AUTHOR_MAX and not text.endswith(_SENTENCE_END):
        b.role = "author"
        return text
    return None
