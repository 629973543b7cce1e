"""What each block of the content is: body, caption or author line, and where the article ends.

These rules run on the blocks of every layer (the portal's content element, a heuristic's, the
generic extractor's paragraphs), so captions and the author are fields whichever layer served
the body.
"""

from __future__ import annotations

from .blocks import Block
from .elements import line_text
from .generic.structure import author_by_label, is_bare_date_line, is_counter_line
from .text import normalize_line

__all__ = ["cut_at_stop", "is_link_item", "assign_captions", "find_author", "AUTHOR_MAX"]

AUTHOR_MAX = 60
#: An author line links to at most this many pages (the author's own); a line of more links is a
#: share toolbar (``Facebook Zalo In bài Gửi email``) or a row of tags.
AUTHOR_MAX_LINKS = 1
_SENTENCE_END = (".", "!", "?", "…", ":")


def cut_at_stop(blocks: list[Block]) -> list[Block]:
    """Everything from a related-news heading on is not the article (unless nothing came
    before it)."""
    for i, b in enumerate(blocks):
        if b.kind == "stop":
            if any(x.kind not in ("image", "stop") for x in blocks[:i]):
                return blocks[:i]
    return [b for b in blocks if b.kind != "stop"]


def is_link_item(b: Block, is_article_url) -> bool:
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
    """Italic, centred or caption-classed, and not a date line (the article's date printed in
    small italics right after a picture)."""
    return b.kind == "p" and b.align != "right" and not b.author_class and (
        b.italic or b.align == "center" or b.caption_class
    ) and not is_bare_date_line(b.text)


def _inside(b: Block, box: Block | None) -> bool:
    """``b`` is printed inside the element ``box`` came from (an image's own box)."""
    return (box is not None and box.kind == "image" and b.el is not None and box.el is not None
            and box.el in b.el.iterancestors())


def assign_captions(blocks: list[Block]) -> None:
    """Older markup: the paragraph right after the paragraph holding an image is its caption
    when it is italic, centred or has a caption class (a ``<br>`` in it becomes a space).  A
    caption printed inside the image's own box goes with that image, above it or below: such
    a paragraph right after another image is not that image's caption."""
    n = len(blocks)
    for i, b in enumerate(blocks):
        if b.kind != "image" or b.boxed or not b.images or b.images[-1].caption or i == 0:
            continue
        prev = blocks[i - 1]
        if prev.role == "body" and _is_captionish(prev) and _inside(prev, b):
            b.images[-1].caption = normalize_line(prev.text)
            prev.role = "caption"
    for i, b in enumerate(blocks):
        if b.kind != "image" or b.boxed or not b.images:
            continue
        if b.images[-1].caption:
            continue
        if i + 1 < n:
            nxt = blocks[i + 1]
            if nxt.role == "body" and _is_captionish(nxt) and not (i + 2 < n and _inside(nxt, blocks[i + 2])):
                b.images[-1].caption = normalize_line(nxt.text)
                nxt.role = "caption"


def find_author(blocks: list[Block]) -> str | None:
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
    labelled = author_by_label(text)
    if labelled:
        b.role = "author"
        return labelled
    if (is_bare_date_line(text) or is_counter_line(text) or (b.links and b.link_share >= 0.8)
            or b.links > AUTHOR_MAX_LINKS):
        return None  # the date line, a view counter, a "more" link, a share toolbar: no one's name
    if b.align == "right" or b.author_class:
        b.role = "author"
        return text
    if "\n" not in b.text and len(text) <= AUTHOR_MAX and not text.endswith(_SENTENCE_END):
        b.role = "author"
        return text
    return None
