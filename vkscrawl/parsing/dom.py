"""HTML plumbing shared by the page classes: decoding, one lxml parse, chrome detection and the
block walker that turns a content element into paragraphs, lists, tables and image boxes.

Nothing here knows the portal's class names; those live on the page classes.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field

from cssselect import HTMLTranslator
from lxml import etree
from w3lib.encoding import html_to_unicode

from .text import is_chrome_line, is_related_marker, normalize_line, normalize_text, strip_toolbar
from .urls import absolute_url

__all__ = [
    "decode_body",
    "parse_html",
    "css",
    "xpath",
    "Block",
    "BlockWalker",
    "ChromeIndex",
    "attr_style",
    "element_text",
    "line_text",
]

# --------------------------------------------------------------------------------------------
# decoding and parsing
# --------------------------------------------------------------------------------------------

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
    except Exception:
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
        _local.parser = p
    return p


def parse_html(text: str) -> etree._Element:
    """One lxml parse of the whole page; never raises (an empty or hopeless input gives an
    empty ``<html>``)."""
    if text:
        if "\x00" in text:
            text = text.replace("\x00", "")
        data = text.encode("utf-8", "replace")
        try:
            root = etree.fromstring(data, parser=_parser())
        except Exception:
            root = None
        if root is not None and isinstance(root.tag, str):
            return root
    return etree.Element("html")


_translator = HTMLTranslator()


def css(selector: str, prefix: str = "descendant-or-self::") -> etree.XPath:
    """A CSS selector translated to XPath and compiled once."""
    return etree.XPath(_translator.css_to_xpath(selector, prefix=prefix))


def xpath(expr: str) -> etree.XPath:
    return etree.XPath(expr)


# --------------------------------------------------------------------------------------------
# chrome detection
# --------------------------------------------------------------------------------------------

# Tags that never hold article text.
SKIP_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
        "canvas", "video", "audio", "map", "button", "select", "input", "textarea", "option",
        "form", "nav", "aside", "footer", "head", "title", "meta", "link", "base", "dialog",
    }
)
# Class/id words of page chrome.
_CHROME_WORD = re.compile(
    r"menu|related|relate|lienquan|lien-quan|footer|search|timkiem|tim-kiem|tool|banner|sidebar|"
    r"side-bar|share|sharing|social|comment|binhluan|binh-luan|breadcrumb|pagination|paging|"
    r"pager|advert|quangcao|quang-cao|navbar|navigation|^nav$|^nav-|fontsize|font-size|"
    r"mostread|most-read|docnhieu|doc-nhieu|xemnhieu|xem-nhieu|othernews|other-news|tinkhac|"
    r"tin-khac|tin-moi|newest|latest|rating|login|logo|copyright|^header$|site-header|"
    r"top-bar|topbar|hotline|popup|modal|cookie",
    re.IGNORECASE,
)
_NOT_CHROME_PREFIX = ("has-", "with-", "no-", "is-", "js-")
_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "complementary", "menu", "menubar"})


def attr_is_chrome(el: etree._Element) -> bool:
    """The element's class, id or ARIA role names page chrome (menu, related news, footer,
    search, tools, banner, sidebar, share, comment, ...)."""
    get = el.get
    role = get("role")
    if role and role.lower() in _ROLES:
        return True
    for name in ("class", "id"):
        v = get(name)
        if not v:
            continue
        for token in v.split():
            if token.lower().startswith(_NOT_CHROME_PREFIX):
                continue
            if _CHROME_WORD.search(token):
                return True
    return False


class ChromeIndex:
    """Which elements of a page are chrome (site header, navigation, sidebars, footer, related
    news ...), computed once in document order (a parent is seen before its children)."""

    def __init__(self, root: etree._Element):
        self.root = root
        flags: dict[etree._Element, bool] = {}
        for el in root.iter():
            tag = el.tag
            if not isinstance(tag, str):
                continue
            parent = el.getparent()
            inherited = flags.get(parent, False) if parent is not None else False
            if inherited:
                flags[el] = True
                continue
            t = tag.lower()
            chrome = t in SKIP_TAGS and t not in ("head", "title", "meta", "link", "base")
            if not chrome and t == "header":
                chrome = not self._inside_article(el)
            if not chrome:
                chrome = attr_is_chrome(el)
            flags[el] = chrome
        self.flags = flags

    @staticmethod
    def _inside_article(el: etree._Element) -> bool:
        for anc in el.iterancestors():
            tag = anc.tag
            if isinstance(tag, str) and tag.lower() in ("article", "main"):
                return True
        return False

    def __call__(self, el: etree._Element) -> bool:
        return self.flags.get(el, False)


# --------------------------------------------------------------------------------------------
# style helpers
# --------------------------------------------------------------------------------------------

_ALIGN = re.compile(r"text-align\s*:\s*(center|right|justify|left)", re.IGNORECASE)
_ITALIC = re.compile(r"font-style\s*:\s*italic", re.IGNORECASE)
_CLASS_CENTER = re.compile(r"(?:^|[-_])(?:center|centre|text-center|align-center)(?:$|[-_])", re.I)
_CLASS_RIGHT = re.compile(r"(?:^|[-_])(?:right|text-right|align-right)(?:$|[-_])", re.I)
_CLASS_CAPTION = re.compile(r"caption|chu-?thich|chuthich|desc|legend", re.I)
_CLASS_AUTHOR = re.compile(r"author|tac-?gia|tacgia|source|nguon", re.I)
_CLASS_ITALIC = re.compile(r"(?:^|[-_])(?:italic|em)(?:$|[-_])", re.I)


def attr_style(el: etree._Element) -> tuple[str | None, bool]:
    """(alignment, italic) declared on the element itself."""
    align = None
    italic = False
    style = el.get("style")
    if style:
        m = _ALIGN.search(style)
        if m:
            align = m.group(1).lower()
        if _ITALIC.search(style):
            italic = True
    a = el.get("align")
    if a and align is None:
        align = a.strip().lower() or None
    cls = el.get("class")
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
_BLOCKISH = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "h1", "h2", "h3", "h4", "h5", "h6",
        "blockquote", "pre", "ul", "ol", "li", "dl", "dt", "dd", "table", "tr", "figure",
        "figcaption", "center", "address", "hr", "details", "summary", "caption", "tbody",
        "thead", "tfoot", "fieldset", "legend", "td", "th", "form", "nav", "aside", "footer",
    }
)


def element_text(el: etree._Element, br: str = "\n") -> str:
    """The raw text of an element: ``<br>`` as ``br``, block boundaries as line breaks, scripts
    and styles skipped.  Not normalised.  Iterative (no recursion limit on deep trees)."""
    if not isinstance(el.tag, str):
        return ""
    out: list[str] = []
    skipping = 0
    for event, e in etree.iterwalk(el, events=("start", "end")):
        tag = e.tag
        t = tag.lower() if isinstance(tag, str) else ""
        if event == "start":
            if skipping or (e is not el and (not t or t in _SKIP_TEXT)):
                skipping += 1
                continue
            if t == "br":
                out.append(br)
                continue
            if t in _BLOCKISH and e is not el:
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
            if t in _BLOCKISH:
                out.append("\n")
            if e.tail:
                out.append(e.tail)
    return "".join(out)


def line_text(el: etree._Element | None) -> str:
    """One normalised line: the element's text with every break made a space."""
    if el is None:
        return ""
    return normalize_line(element_text(el, " "))


# --------------------------------------------------------------------------------------------
# the block walker
# --------------------------------------------------------------------------------------------

TOOLBAR_WORDS = frozenset({"left", "center", "right", "del"})


@dataclass
class Image:
    url: str
    caption: str | None = None


@dataclass
class Block:
    """One block of a content element, in page order.

    ``kind``: ``p`` (a paragraph or a text run), ``li``, ``table`` (a data table), ``heading``,
    ``image`` (an image holder: images and, for an image box, its caption), or ``stop`` (a
    related-news heading such as ``Tin liên quan``: the article ended before it)."""

    kind: str
    text: str = ""
    el: etree._Element | None = None
    align: str | None = None
    italic: bool = False
    caption_class: bool = False
    author_class: bool = False
    images: list[Image] = field(default_factory=list)
    boxed: bool = False  # an image box (table.image, figure) whose caption is already known
    role: str = "body"  # body | caption | author


class _Run:
    """Inline content collected between two block boundaries."""

    __slots__ = ("parts", "italic_chars", "plain_chars", "images")

    def __init__(self) -> None:
        self.parts: list[object] = []  # str or Image (an image marker)
        self.italic_chars = 0
        self.plain_chars = 0
        self.images = 0

    def add(self, s: str, italic: bool) -> None:
        if not s:
            return
        if "\n" in s or "\r" in s:
            # a line break in the source is white space; only <br> breaks a line
            s = s.replace("\r", " ").replace("\n", " ")
        self.parts.append(s)
        n = len(s.strip())
        if n:
            if italic:
                self.italic_chars += n
            else:
                self.plain_chars += n


_IMG_SRC_ATTRS = ("src", "data-src", "data-original", "data-lazy-src", "data-url")
_ITALIC_TAGS = frozenset({"em", "i", "cite"})
_INLINE_SKIP = frozenset({"script", "style", "noscript", "template", "button", "select", "input", "textarea", "svg", "iframe", "object", "embed", "video", "audio", "map", "canvas"})
_BLOCK_CONTAINERS = frozenset(
    {"p", "div", "section", "article", "main", "header", "blockquote", "pre", "center", "address",
     "details", "summary", "dl", "dt", "dd", "fieldset", "legend", "caption",
     "tbody", "thead", "tfoot", "tr", "td", "th", "figcaption", "hgroup"}
)
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LISTS = frozenset({"ul", "ol"})
_BLOCK_TAGS = _BLOCK_CONTAINERS | _HEADINGS | _LISTS | {"table", "figure", "li", "hr"}
_WRAPPED_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "section"})


class BlockWalker:
    """Turns a content element into a list of :class:`Block`.

    ``skip``: elements to leave out entirely (the title, the date, the summary when they sit inside
    the content), ``drop_chrome``: drop elements whose class/id names chrome, with their subtree,
    ``base``: the URL images are resolved against."""

    def __init__(self, base: str, skip=(), drop_chrome: bool = True):
        self.base = base
        self.skip = set(skip)
        self.drop_chrome = drop_chrome
        self.blocks: list[Block] = []

    # -- public ---------------------------------------------------------------------------------

    def walk(self, root: etree._Element) -> list[Block]:
        self._container(root, None, False)
        return self.blocks

    # nesting deeper than this is flattened (pathological pages must not hit the recursion limit)
    MAX_DEPTH = 100

    # -- helpers --------------------------------------------------------------------------------

    def _dropped(self, el: etree._Element, tag: str) -> bool:
        if el in self.skip:
            return True
        if tag in SKIP_TAGS and tag not in ("head",):
            return True
        if self.drop_chrome and attr_is_chrome(el):
            return True
        return False

    def _image(self, el: etree._Element) -> Image | None:
        src = None
        for name in _IMG_SRC_ATTRS:
            v = el.get(name)
            if v and v.strip() and not v.strip().lower().startswith("data:"):
                src = v
                break
        if src is None:
            return None
        url = absolute_url(src, self.base)
        if not url:
            return None
        return Image(url)

    @staticmethod
    def _is_block(tag: str) -> bool:
        return tag in _BLOCK_TAGS

    @staticmethod
    def _has_block_descendant(el: etree._Element) -> bool:
        """An inline element wrapping blocks (``<span><p>..</p></span>``, ``<a><div>``) is walked
        as a container."""
        if len(el) == 0:
            return False
        for d in el.iterdescendants():
            t = d.tag
            if isinstance(t, str) and t.lower() in _WRAPPED_BLOCKS:
                return True
        return False

    # container: walks children, flushing inline runs at block boundaries
    def _container(self, el: etree._Element, owner_align: str | None, italic: bool, kind: str = "p", depth: int = 0) -> None:
        if depth > self.MAX_DEPTH:
            run = _Run()
            run.parts.append(element_text(el, "\n"))
            run.plain_chars = 1
            self._flush(run, el, owner_align, False, False, kind)
            return
        align, it = attr_style(el)
        align = align or owner_align
        italic = italic or it
        cls = el.get("class") or ""
        caption_class = bool(cls and _CLASS_CAPTION.search(cls)) or el.tag == "figcaption"
        author_class = bool(cls and _CLASS_AUTHOR.search(cls))
        run = _Run()
        if el.text:
            run.add(el.text, italic)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                if child.tail:
                    run.add(child.tail, italic)
                continue
            t = tag.lower()
            if self._leaf(child, t, run):
                pass
            elif self._is_block(t) or (t not in _INLINE_SKIP and self._has_block_descendant(child)):
                self._flush(run, el, align, caption_class, author_class, kind)
                run = _Run()
                self._block(child, t, align, italic, depth + 1)
            else:
                self._inline(child, t, run, italic, depth + 1)
            if child.tail:
                run.add(child.tail, italic)
        self._flush(run, el, align, caption_class, author_class, kind)

    def _leaf(self, child: etree._Element, tag: str, run: _Run) -> bool:
        """Handle a child that holds no text of its own (dropped, ``br``, ``img``); False if it does."""
        if self._dropped(child, tag):
            return True
        if tag == "br":
            run.parts.append("\n")
            return True
        if tag == "img":
            img = self._image(child)
            if img is not None:
                run.parts.append(img)
                run.images += 1
            return True
        return False

    def _inline(self, el: etree._Element, tag: str, run: _Run, italic: bool, depth: int = 0) -> None:
        if depth > self.MAX_DEPTH:
            run.add(element_text(el, " "), italic)
            return
        if tag in _ITALIC_TAGS:
            italic = True
        else:
            _a, it = attr_style(el)
            italic = italic or it
        # the image box toolbar: <span>left</span><span>center</span>...
        if len(el) == 0:
            txt = el.text
            if txt and txt.strip().lower() in TOOLBAR_WORDS and tag in ("span", "a", "i", "b", "em", "button", "label", "del"):
                return
        if el.text:
            run.add(el.text, italic)
        for child in el:
            t = child.tag
            if not isinstance(t, str):
                if child.tail:
                    run.add(child.tail, italic)
                continue
            t = t.lower()
            if not self._leaf(child, t, run):
                self._inline(child, t, run, italic, depth + 1)
            if child.tail:
                run.add(child.tail, italic)

    def _flush(self, run: _Run, owner: etree._Element, align, caption_class, author_class, kind) -> None:
        if not run.parts:
            return
        italic_all = run.italic_chars > 0 and run.plain_chars == 0
        blocks = self.blocks

        def text_blocks(parts) -> None:
            raw = "".join(p for p in parts if isinstance(p, str))
            if len(raw) < 60 and is_related_marker(raw):
                # "Tin liên quan": what follows is related news, not the article
                blocks.append(Block("stop", "", owner))
                return
            for text in _paragraph_texts(parts):
                blocks.append(Block(kind, text, owner, align, italic_all, caption_class, author_class))

        if run.images == 0:
            text_blocks(run.parts)
            return
        # split the run at the images: text before, the image(s), text after
        chunk: list[str] = []
        pending: list[Image] = []
        for part in run.parts:
            if isinstance(part, Image):
                if chunk and not "".join(chunk).isspace():
                    if pending:
                        blocks.append(Block("image", el=owner, align=align, images=pending))
                        pending = []
                    text_blocks(chunk)
                chunk = []
                pending.append(part)
            else:
                chunk.append(part)
        if pending:
            blocks.append(Block("image", el=owner, align=align, images=pending))
        text_blocks(chunk)

    def _block(self, el: etree._Element, tag: str, align, italic, depth: int = 0) -> None:
        if tag in _LISTS:
            for li in el:
                t = li.tag
                if not isinstance(t, str):
                    continue
                t = t.lower()
                if self._dropped(li, t):
                    continue
                if t == "li":
                    self._container(li, align, italic, "li", depth + 1)
                else:
                    self._container(li, align, italic, "p", depth + 1)
            return
        if tag == "li":
            self._container(el, align, italic, "li", depth)
            return
        if tag == "table":
            self._table(el, align, italic, depth)
            return
        if tag == "figure":
            self._figure(el, align, italic, depth)
            return
        if tag in _HEADINGS:
            self._container(el, align, italic, "heading", depth)
            return
        if tag == "hr":
            return
        self._container(el, align, italic, "p", depth)

    # -- image boxes and tables -----------------------------------------------------------------

    def _box_text(self, el: etree._Element) -> str:
        """A caption: the text of an image box without the toolbar words, one line."""
        out: list[str] = []

        def rec(e: etree._Element, depth: int = 0) -> None:
            if depth > self.MAX_DEPTH:
                out.append(element_text(e, " "))
                return
            for c in e:
                t = c.tag
                if isinstance(t, str):
                    tl = t.lower()
                    if tl in _SKIP_TEXT or tl == "img":
                        pass
                    elif tl == "br":
                        out.append(" ")
                    elif len(c) == 0 and (c.text or "").strip().lower() in TOOLBAR_WORDS:
                        pass
                    elif c in self.skip:
                        pass
                    else:
                        if tl in _BLOCKISH:
                            out.append(" ")
                        if c.text:
                            out.append(c.text)
                        rec(c, depth + 1)
                        if tl in _BLOCKISH:
                            out.append(" ")
                if c.tail:
                    out.append(c.tail)

        if el.text:
            out.append(el.text)
        rec(el)
        s = normalize_line("".join(out))
        s = strip_toolbar(s)
        if is_chrome_line(s):
            return ""
        return s

    def _images_in(self, el: etree._Element) -> list[Image]:
        out = []
        for img in el.iter("img"):
            im = self._image(img)
            if im is not None:
                out.append(im)
        return out

    def _table(self, el: etree._Element, align, italic, depth: int = 0) -> None:
        cls = (el.get("class") or "").lower()
        imgs = [i for i in el.iter("img")]
        rows = [r for r in el.iter("tr") if _nearest_table(r) is el]
        if imgs:
            is_box = "image" in cls.split() or "image" in cls
            if not is_box:
                text_len = len(self._box_text(el))
                is_box = len(rows) <= 4 and text_len <= 500 and not any(True for _ in el.iter("table") if _ is not el)
            if is_box:
                self._image_box(el, rows)
                return
        # layout table: one cell, or cells holding paragraphs of running text -> walk the cells
        cells = [c for r in rows for c in r if isinstance(c.tag, str) and c.tag.lower() in ("td", "th")]
        if len(cells) <= 1 or _layout_like(cells):
            for c in cells:
                self._container(c, align, italic, "p", depth + 2)
            return
        # data table: each row one line, cells joined by " | "
        lines = []
        for r in rows:
            vals = []
            for c in r:
                if not isinstance(c.tag, str) or c.tag.lower() not in ("td", "th"):
                    continue
                vals.append(normalize_line(element_text(c, " ")))
            if any(vals):
                lines.append(normalize_line(" | ".join(vals)))
        if lines:
            self.blocks.append(Block("table", "\n".join(lines), el, align))
        images = self._images_in(el)
        if images:
            self.blocks.append(Block("image", el=el, images=images, boxed=True))

    def _image_box(self, el: etree._Element, rows) -> None:
        images = self._images_in(el)
        if not images:
            return
        caption = None
        if rows:
            # the rows after the first row holding an image carry the caption; when the image
            # row is the only row, its own text (without the toolbar) is the caption
            first_img_row = None
            for i, r in enumerate(rows):
                if any(True for _ in r.iter("img")):
                    first_img_row = i
                    break
            later = rows[first_img_row + 1:] if first_img_row is not None else rows
            texts = [self._box_text(r) for r in later]
            texts = [t for t in texts if t]
            if texts:
                caption = " ".join(texts)
            elif first_img_row is not None:
                caption = self._box_text(rows[first_img_row]) or None
        else:
            caption = self._box_text(el) or None
        if caption:
            images[-1].caption = caption
        self.blocks.append(Block("image", el=el, images=images, boxed=True))

    def _figure(self, el: etree._Element, align, italic, depth: int = 0) -> None:
        images = self._images_in(el)
        if not images:
            self._container(el, align, italic, "p", depth)
            return
        caps = [c for c in el.iter("figcaption")]
        caption = " ".join(t for t in (self._box_text(c) for c in caps) if t) if caps else None
        if not caps:
            caption = self._box_text(el)
        if caption:
            images[-1].caption = caption
        self.blocks.append(Block("image", el=el, images=images, boxed=True))


def _nearest_table(el: etree._Element):
    for anc in el.iterancestors():
        t = anc.tag
        if isinstance(t, str) and t.lower() == "table":
            return anc
    return None


_LAYOUT_INNER = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "blockquote"})


def _layout_like(cells) -> bool:
    """Cells that hold paragraphs of running text (a layout table), not data."""
    for c in cells:
        if any(isinstance(d.tag, str) and d.tag.lower() in _LAYOUT_INNER for d in c.iterdescendants()):
            if len(" ".join(element_text(c, " ").split())) > 200:
                return True
    return False


def _paragraph_texts(parts) -> list[str]:
    """Inline parts (strings, ``\\n`` for ``<br>``) to normalised paragraphs: one ``<br>`` gives one
    line break; a blank line (``<br><br>``) separates two paragraphs; chrome lines removed."""
    raw = "".join(p for p in parts if isinstance(p, str))
    if not raw or raw.isspace():
        return []
    text = normalize_text(raw)
    if not text:
        return []
    if "\n" not in text:
        return [] if is_chrome_line(text) else [text]
    out = []
    for para in text.split("\n\n"):
        lines = [ln for ln in para.split("\n") if ln and not is_chrome_line(ln)]
        if lines:
            out.append("\n".join(lines))
    return out


#: Content types the parsers read; a response that declares none is judged by its bytes.
HTML_TYPES = ("text/html", "application/xhtml+xml")
#: A whole page ends its markup; one cut short (a connection lost mid-page although the length
#: announced matched what was sent) has neither closing tag and must not become an item.
_PAGE_END = re.compile(rb"</(?:html|body)\s*>", re.IGNORECASE)


def declares_html(content_type: str | None) -> bool:
    """Whether a Content-Type header is HTML, or absent (the crawl and reparse agree on this)."""
    mime = (content_type or "").split(";")[0].strip().lower()
    return not mime or mime in HTML_TYPES


def page_complete(body: bytes) -> bool:
    """Whether a page's bytes reach its closing ``</body>`` or ``</html>``."""
    return _PAGE_END.search(body) is not None
