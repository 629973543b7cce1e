"""Our content candidate weighed against the generic extractor's text, below the portal layer.

Ours is kept when the two agree (it keeps the page's structure, its captions and its author line);
the extractor's text serves when ours misses much of the running text it found (we picked the
wrong element) or holds much more than it (we kept the page's furniture). docs/EXTRACTION.md,
"Evidence, not order alone" (Content), states the rule and its thresholds."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from functools import lru_cache

from ..blocks import Block
from ..elements import line_text
from ..roles import assign_captions

__all__ = ["body_chars", "prefer_generic", "reads_beyond", "agreed", "elsewhere", "running_words", "AGREED_SHARE", "COVERED_MIN", "KEPT_MIN", "OPENING_MIN"]

_TOKEN = re.compile(r"\w+")

#: A line is running text when it holds this many words (figures are no words, :func:`_prose_words`) ...
RUNNING_WORDS = 20
#: ... or this many and ends like a sentence.
SENTENCE_WORDS = 8
#: Ours serves only when it holds at least this share of the extractor's running sentences ...
COVERED_MIN = 0.8
#: ... the extractor kept at least this share of ours ...
KEPT_MIN = 0.6
#: ... and ours holds at least this share of the extractor's opening paragraph.
OPENING_MIN = 0.5
#: A block of the extractor's is link text (no sentence we should have) when links hold this
#: share of its characters.
LINK_DENSE = 0.5


def body_chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind not in ("image", "stop"))


#: Texts whose words are remembered (:func:`_words`): the weighing reads the same paragraphs
#: several times a page.
WORDS_CACHE_MAX = 4096


@lru_cache(maxsize=WORDS_CACHE_MAX)
def _words(text: str) -> tuple[str, ...]:
    """The words of ``text``, casefolded."""
    return tuple(_TOKEN.findall(text.casefold()))


def _tokens(blocks: list[Block], extra=()) -> Counter:
    words = Counter()
    for t in extra:
        words.update(_words(t))
    for b in blocks:
        if b.kind == "image":
            for im in b.images:
                if im.caption:
                    words.update(_words(im.caption))
        elif b.kind != "stop":
            words.update(_words(b.text))
    return words


def _overlap(a: Counter, b: Counter) -> int:
    """How many words two bags share, with multiplicity: ``sum((a & b).values())`` without
    building the intersection, walking the smaller bag (the weighing asks it once per paragraph
    of ours against the extractor's whole text)."""
    if len(b) < len(a):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def _beyond(a: Counter, b: Counter) -> int:
    """How many words of ``a`` are left once ``b``'s are taken out, with multiplicity:
    ``sum((a - b).values())`` for bags of positive counts."""
    return sum(a.values()) - _overlap(a, b)


_SENTENCE = re.compile(r"[.!?…;:][\"'”’)]*$")


def _prose_words(tokens) -> int:
    """How many of ``tokens`` are words: a figure is none (a visit counter's box, which the
    extractor runs together into one line, ``Hôm nay: 1.204 ... Tổng lượt truy cập: 2.318.560``,
    is no prose however many digit groups its numbers split into)."""
    return len(tokens) - sum(map(str.isdigit, tokens))


def _running_line(line: str, toks) -> bool:
    """A line of running text: :data:`SENTENCE_WORDS` words ending like a sentence, or
    :data:`RUNNING_WORDS` words (``toks``: its tokens)."""
    n = _prose_words(toks)
    return n >= RUNNING_WORDS or (n >= SENTENCE_WORDS and bool(_SENTENCE.search(line.strip())))


def _sentence_tokens(blocks: list[Block]) -> Counter:
    """Tokens of the lines that read as running text (:func:`_running_line`): at least eight
    words ending like a sentence, or twenty words; figures are no words."""
    words = Counter()
    for b in blocks:
        if b.kind in ("image", "stop"):
            continue
        for line in b.text.split("\n"):
            toks = _words(line)
            if _running_line(line, toks):
                words.update(toks)
    return words


def running_words(blocks: list[Block]) -> int:
    """Words of the lines of ``blocks`` that read as running text (:func:`_sentence_tokens`)."""
    return sum(_sentence_tokens(blocks).values())


def _running(text: str) -> bool:
    """Running prose: a line of at least eight words ending like a sentence, or twenty words."""
    return any(_running_line(line, _TOKEN.findall(line)) for line in text.split("\n"))


def _link_dense(b: Block) -> bool:
    if b.el is None or b.kind == "image":
        return False
    links = sum(len(line_text(a)) for a in b.el.iter("a"))
    return links >= LINK_DENSE * max(1, len(b.text))


def reads_beyond(generic: list[Block], found=()) -> bool:
    """The extractor's text holds a sentence's worth of words beyond the title, date and lead
    the other layers found: else it read nothing but the page's header (a lead set in bold
    taken for the article) and is no evidence for or against our candidate."""
    return _beyond(_tokens(generic), _tokens([], found)) >= SENTENCE_WORDS


def prefer_generic(ours: list[Block], generic: list[Block], found=()) -> bool:
    """Whether the generic extractor's text should replace the densest element's: when ours is
    empty, or misses much of what the extractor found (we picked the wrong element), or holds
    much more than it (we kept the page's furniture).  When both agree, ours wins: it keeps the
    page's structure, its captions and its author line.  ``found``: the title, date and lead
    the other layers found (the extractor returns them with the text)."""
    theirs = _tokens(generic)
    if not theirs:
        return False
    blocks = _tokens(ours)
    if not blocks:
        return True
    if not reads_beyond(generic, found):
        return False
    # the extractor's running sentences we have (what it kept that is mostly links, or lines
    # that are no sentence, such as a footer's address or a menu, is no text we should have)
    sentences = _sentence_tokens([b for b in generic if not _link_dense(b)])
    mine = blocks + _tokens([], found)
    covered = _overlap(mine, sentences) / sum(sentences.values()) if sentences else 1.0
    precise = _overlap(blocks, theirs) / sum(blocks.values())  # ours the extractor kept
    # the article opens where the extractor's running text opens: ours missing that first
    # paragraph took a later element (the teasers below a short post, the body without its lead)
    opening = next((t for b in generic if not _link_dense(b) and (t := _sentence_tokens([b]))), None)
    opens = _overlap(mine, opening) / sum(opening.values()) if opening else 1.0
    # what the extractor dropped of ours is no evidence that ours holds furniture when it read
    # another element holding no running text at all
    return covered < COVERED_MIN or (precise < KEPT_MIN and not elsewhere(ours, generic, found)) or opens < OPENING_MIN


def elsewhere(ours: list[Block], generic: list[Block], found=()) -> bool:
    """The extractor's text holds no running sentence beyond the title, date and lead the other
    layers found (``found``), less than a sentence's worth of words (:data:`SENTENCE_WORDS`),
    while ours holds running text: it read another element (a footer's address and telephone
    lines after an article of ``div`` paragraphs, which it does not count as paragraphs; the
    page's header and menu) and is no evidence of what ours should keep or drop.  Nor when it holds
    none beyond those and the captions ours prints under its images (:func:`_captions`)."""
    if not _sentence_tokens(ours):
        return False
    sentences = _sentence_tokens([b for b in generic if not _link_dense(b)])
    if _beyond(sentences, _tokens([], found)) < SENTENCE_WORDS:
        return True
    if not any(b.images for b in ours):
        return False  # no image, no caption: the same count again
    # the captions ours prints under its images are no running text of the article: an extractor
    # that kept the photos' captions and dropped every paragraph ours holds between them (an
    # article of ``div`` paragraphs beside ``p`` captions, which it reads as paragraphs only)
    # read none of ours
    return _beyond(sentences, _tokens([], (*found, *_captions(ours)))) < SENTENCE_WORDS


def _captions(blocks: list[Block]) -> list[str]:
    """The captions :func:`~vkscrawl.parsing.roles.assign_captions` will find among ``blocks``,
    found on copies (the blocks themselves are assigned their roles later)."""
    copies = [replace(b, images=[replace(im) for im in b.images]) for b in blocks]
    assign_captions(copies)
    return [im.caption for b in copies for im in b.images if im.caption]


#: Below the portal layer, when our candidate serves: a body paragraph of ours is kept when the
#: generic extractor kept at least this share of its words.  What it dropped and we did not is
#: most often the page's furniture inside the element we chose (a newsletter box, a caption
#: credit, a "read more" line).  Fitted on the development corpora (BENCHMARKS.md).
AGREED_SHARE = 0.7


def agreed(blocks: list[Block], generic: list[Block]) -> list[Block]:
    """``blocks`` without the body paragraphs the generic extractor's text does not hold (less
    than :data:`AGREED_SHARE` of their words).  Captions, the author line and images stay: the
    extractor has no such roles."""
    theirs = _tokens(generic)
    if not theirs:
        return blocks
    out = []
    opening = True
    for b in blocks:
        if b.kind not in ("image", "stop") and b.role == "body":
            first, opening = opening, False
            if first and _running(b.text):
                out.append(b)  # the article's opening paragraph: a lead the extractor often drops
                continue
            words = Counter(_words(b.text))
            total = sum(words.values())
            if total and _overlap(words, theirs) < AGREED_SHARE * total:
                continue
        out.append(b)
    return out
