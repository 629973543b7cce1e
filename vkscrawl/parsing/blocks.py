"""The block walker: a content element to paragraphs, list items, data tables, headings and image
boxes (with their captions), in page order.

Whatever layer chose the content element (the portal's selector, structured metadata, a
heuristic), its blocks come from here, so the same site cleaning applies to all of them: chrome
elements and chrome lines dropped, the image-box toolbar words (``left center right del``) never
read as text, a related-news heading ends the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from .generic.chrome import SKIP_TAGS, attr_is_chrome
from .elements import BLOCKISH, CLASS_AUTHOR, CLASS_CAPTION, attr_style, element_text
from .site import GENERIC, Site
from .text import is_related_marker, normalize_line, normalize_text
from .urls import absolute_url

__all__ = ["Block", "Image", "BlockWalker", "paragraph_texts"]

_SKIP_TEXT = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "button", "select", "textarea", "option"})



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
    bold: bool = False  # every character set in bold (a lead printed as a bold first paragraph)
    caption_class: bool = False
    author_class: bool = False
    images: list[Image] = field(default_factory=list)
    boxed: bool = False  # an image box (table.image, figure) whose caption is already known
    role: str = "body"  # body | caption | author
    links: int = 0  # links in the text run the block came from
    link_share: float = 0.0  # the share of that run's characters inside links


#: Inline style of a text run, as bits: set in italics, set in bold, inside a tool link
#: (``<a href="javascript:...">``: print, close, back), inside a link to a page.
ITALIC, BOLD, TOOL, LINK = 1, 2, 4, 8


class _Run:
    """Inline content collected between two block boundaries."""

    __slots__ = ("parts", "italic_chars", "plain_chars", "bold_chars", "tool_chars", "link_chars", "links", "images")

    def __init__(self) -> None:
        self.parts: list[object] = []  # str or Image (an image marker)
        self.italic_chars = 0
        self.plain_chars = 0
        self.bold_chars = 0
        self.tool_chars = 0
        self.link_chars = 0
        self.links = 0
        self.images = 0

    def add(self, s: str, style: int) -> None:
        if not s:
            return
        if "\n" in s or "\r" in s:
            # a line break in the source is white space; only <br> breaks a line
            s = s.replace("\r", " ").replace("\n", " ")
        self.parts.append(s)
        n = len(s.strip())
        if n:
            if style & ITALIC:
                self.italic_chars += n
            else:
                self.plain_chars += n
            if style & BOLD:
                self.bold_chars += n
            if style & TOOL:
                self.tool_chars += n
            if style & LINK:
                self.link_chars += n

    @property
    def chars(self) -> int:
        return self.italic_chars + self.plain_chars


#: Image elements: HTML's and AMP's.
IMG_TAGS = ("img", "amp-img")
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
#: Tags the walker leaves out with their subtree (``head`` is walked: a page may put its body
#: inside a stray ``<head>``).
_DROPPED_TAGS = SKIP_TAGS - {"head"}
_WRAPPED_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "section"})


class BlockWalker:
    """Turns a content element into a list of :class:`Block`.

    ``skip``: elements to leave out entirely (the title, the date, the summary when they sit inside
    the content), ``drop_chrome``: drop elements whose class/id names chrome, with their subtree,
    ``base``: the URL images are resolved against."""

    def __init__(self, base: str, skip=(), drop_chrome: bool = True, site: Site = GENERIC):
        self.base = base
        self.site = site
        self.skip = set(skip)
        self.drop_chrome = drop_chrome
        self.blocks: list[Block] = []

    # -- public ---------------------------------------------------------------------------------

    def walk(self, root: etree._Element) -> list[Block]:
        self._container(root, None, 0)
        return self.blocks

    # nesting deeper than this is flattened (pathological pages must not hit the recursion limit)
    MAX_DEPTH = 100

    # -- helpers --------------------------------------------------------------------------------

    def _dropped(self, el: etree._Element, tag: str) -> bool:
        if el in self.skip:
            return True
        if tag in _DROPPED_TAGS:
            return True
        if self.drop_chrome and attr_is_chrome(el):
            return True
        if tag == "a" and _teaser_card(el):
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
    def _container(self, el: etree._Element, owner_align: str | None, style: int, kind: str = "p", depth: int = 0) -> None:
        if depth > self.MAX_DEPTH:
            run = _Run()
            run.parts.append(element_text(el, "\n"))
            run.plain_chars = 1
            self._flush(run, el, owner_align, False, False, kind)
            return
        align, it = attr_style(el)
        align = align or owner_align
        style = _style_of(el, el.tag.lower() if isinstance(el.tag, str) else "", style, it)
        cls = el.get("class") or ""
        caption_class = bool(cls and CLASS_CAPTION.search(cls)) or el.tag == "figcaption"
        author_class = bool(cls and CLASS_AUTHOR.search(cls))
        run = _Run()
        if el.text:
            run.add(el.text, style)
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                if child.tail:
                    run.add(child.tail, style)
                continue
            t = tag.lower()
            if self._leaf(child, t, run):
                pass
            elif t in _BLOCK_TAGS or (t not in _INLINE_SKIP and self._has_block_descendant(child)):
                self._flush(run, el, align, caption_class, author_class, kind)
                run = _Run()
                self._block(child, t, align, style, depth + 1)
            else:
                self._inline(child, t, run, style, depth + 1)
            if child.tail:
                run.add(child.tail, style)
        self._flush(run, el, align, caption_class, author_class, kind)

    def _leaf(self, child: etree._Element, tag: str, run: _Run) -> bool:
        """Handle a child that holds no text of its own (dropped, ``br``, ``img``); False if it does."""
        if self._dropped(child, tag):
            return True
        if tag == "br":
            run.parts.append("\n")
            return True
        if tag in IMG_TAGS:
            img = self._image(child)
            if img is not None:
                run.parts.append(img)
                run.images += 1
            return True
        return False

    def _inline(self, el: etree._Element, tag: str, run: _Run, style: int, depth: int = 0) -> None:
        if depth > self.MAX_DEPTH:
            run.add(element_text(el, " "), style)
            return
        _a, it = attr_style(el)
        style = _style_of(el, tag, style, it)
        if tag == "a" and style & LINK:
            run.links += 1
        # the image box toolbar: <span>left</span><span>center</span>...
        if len(el) == 0:
            txt = el.text
            if txt and txt.strip().lower() in self.site.toolbar_words and tag in ("span", "a", "i", "b", "em", "button", "label", "del"):
                return
        if el.text:
            run.add(el.text, style)
        for child in el:
            t = child.tag
            if not isinstance(t, str):
                if child.tail:
                    run.add(child.tail, style)
                continue
            t = t.lower()
            if not self._leaf(child, t, run):
                self._inline(child, t, run, style, depth + 1)
            if child.tail:
                run.add(child.tail, style)

    def _flush(self, run: _Run, owner: etree._Element, align, caption_class, author_class, kind) -> None:
        if not run.parts:
            return
        italic_all = run.italic_chars > 0 and run.plain_chars == 0
        bold_all = run.bold_chars > 0 and run.bold_chars == run.chars
        if run.tool_chars and run.tool_chars >= 0.7 * run.chars and not run.images:
            return  # print / close / back links: the page's tools, not its text
        if run.chars == 0 and not run.images:
            return  # white space and line breaks only (``add`` counts every other character)
        blocks = self.blocks

        def text_blocks(parts: list[str]) -> None:
            raw = "".join(parts)  # (text only: the image markers are split off below)
            if not raw or raw.isspace():
                return  # white space only: no paragraph (and no related-news heading)
            if len(raw) < 60 and is_related_marker(raw):
                # "Tin liên quan": what follows is related news, not the article
                blocks.append(Block("stop", "", owner))
                return
            share = run.link_chars / run.chars if run.chars else 0.0
            for text in _paragraphs(raw, self.site):
                blocks.append(Block(kind, text, owner, align, italic_all, bold_all, caption_class, author_class,
                                    links=run.links, link_share=share))

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

    def _block(self, el: etree._Element, tag: str, align, style: int, depth: int = 0) -> None:
        if tag in _LISTS:
            for li in el:
                t = li.tag
                if not isinstance(t, str):
                    continue
                t = t.lower()
                if self._dropped(li, t):
                    continue
                if t == "li":
                    self._container(li, align, style, "li", depth + 1)
                else:
                    self._container(li, align, style, "p", depth + 1)
            return
        if tag == "li":
            self._container(el, align, style, "li", depth)
            return
        if tag == "table":
            self._table(el, align, style, depth)
            return
        if tag == "figure":
            self._figure(el, align, style, depth)
            return
        if tag in _HEADINGS:
            self._container(el, align, style, "heading", depth)
            return
        if tag == "hr":
            return
        self._container(el, align, style, "p", depth)

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
                    if tl in _SKIP_TEXT or tl in IMG_TAGS:
                        pass
                    elif tl == "br":
                        out.append(" ")
                    elif len(c) == 0 and (c.text or "").strip().lower() in self.site.toolbar_words:
                        pass
                    elif c in self.skip:
                        pass
                    else:
                        if tl in BLOCKISH:
                            out.append(" ")
                        if c.text:
                            out.append(c.text)
                        rec(c, depth + 1)
                        if tl in BLOCKISH:
                            out.append(" ")
                if c.tail:
                    out.append(c.tail)

        if el.text:
            out.append(el.text)
        rec(el)
        s = normalize_line("".join(out))
        s = self.site.strip_toolbar(s)
        if self.site.is_chrome_line(s):
            return ""
        return s

    def _images_in(self, el: etree._Element) -> list[Image]:
        out = []
        for img in el.iter(*IMG_TAGS):
            if _in_noscript(img, el):
                continue  # the no-script copy of an image already listed
            im = self._image(img)
            if im is not None:
                out.append(im)
        return out

    def _table(self, el: etree._Element, align, style: int, depth: int = 0) -> None:
        cls = (el.get("class") or "").lower()
        imgs = [i for i in el.iter(*IMG_TAGS)]
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
                self._container(c, align, style, "p", depth + 2)
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
                if any(True for _ in r.iter(*IMG_TAGS)):
                    first_img_row = i
                    break
            later = rows[first_img_row + 1:] if first_img_row is not None else rows
            texts = [self._box_text(r) for r in later]
            texts = [t for t in texts if t]
            if texts:
                caption = " ".join(texts)
            elif first_img_row is not None:
                # else its own text, else the rows above it (a caption printed over the image)
                caption = self._box_text(rows[first_img_row]) or " ".join(
                    t for t in (self._box_text(r) for r in rows[:first_img_row]) if t) or None
        else:
            caption = self._box_text(el) or None
        if caption:
            images[-1].caption = caption
        self.blocks.append(Block("image", el=el, images=images, boxed=True))

    def _figure(self, el: etree._Element, align, style: int, depth: int = 0) -> None:
        if any(_teaser_card(a) for a in el.iter("a")):
            return  # another article's teaser printed as a figure, not an image of this one
        images = self._images_in(el)
        if not images:
            self._container(el, align, style, "p", depth)
            return
        caps = [c for c in el.iter("figcaption")]
        caption = " ".join(t for t in (self._box_text(c) for c in caps) if t) if caps else None
        if not caps:
            caption = self._box_text(el)
        if caption:
            images[-1].caption = caption
        self.blocks.append(Block("image", el=el, images=images, boxed=True))


def _teaser_card(a: etree._Element) -> bool:
    """A link around a headline (and its lead, its picture): another article's teaser card."""
    return bool(len(a)) and next(a.iterdescendants(*_HEADINGS), None) is not None


_BOLD_TAGS = frozenset({"b", "strong"})
_BOLD_STYLE = re.compile(r"font-weight\s*:\s*(?:bold|[6-9]00)", re.I)


def _style_of(el: etree._Element, tag: str, style: int, italic: bool) -> int:
    """The inline style bits inside ``el``, given those around it."""
    if italic or tag in _ITALIC_TAGS:
        style |= ITALIC
    if tag in _BOLD_TAGS or (el.get("style") and _BOLD_STYLE.search(el.get("style"))):
        style |= BOLD
    if tag == "a":
        href = (el.get("href") or "").strip().lower()
        if href.startswith("javascript:"):
            style |= TOOL
        elif href and not href.startswith("#"):
            style |= LINK
    return style


def _in_noscript(img: etree._Element, stop: etree._Element) -> bool:
    for anc in img.iterancestors():
        if anc is stop:
            return False
        if anc.tag == "noscript":
            return True
    return False


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


def paragraph_texts(parts, site: Site = GENERIC) -> list[str]:
    """Inline parts (strings, ``\\n`` for ``<br>``) to normalised paragraphs: one ``<br>`` gives one
    line break; a blank line (``<br><br>``) separates two paragraphs; chrome lines removed."""
    return _paragraphs("".join(p for p in parts if isinstance(p, str)), site)


def _paragraphs(raw: str, site: Site) -> list[str]:
    """:func:`paragraph_texts` of the parts' text joined."""
    if not raw or raw.isspace():
        return []
    text = normalize_text(raw)
    if not text:
        return []
    if "\n" not in text:
        return [] if site.is_chrome_line(text) else [text]
    out = []
    for para in text.split("\n\n"):
        lines = [ln for ln in para.split("\n") if ln and not site.is_chrome_line(ln)]
        if lines:
            out.append("\n".join(lines))
    return out

