"""Text normalisation and content hashing (docs/EXTRACTION.md, "Text normalisation").

Every string the parser emits goes through exactly one of:

* :func:`normalize_line` for single-line fields (title, category, author, unit, captions):
  no line break at all, runs of white space collapsed to one space;
* :func:`normalize_text` for multi-line fields (summary, body, section text, text):
  line breaks kept, each line collapsed and stripped, at most one blank line in a row.

Both apply the same character-level clean-up first: zero-width characters and soft hyphens
removed, no-break spaces made plain spaces, then Unicode NFC.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = [
    "clean_chars",
    "normalize_line",
    "normalize_text",
    "join_blocks",
    "content_hash",
    "collapse_ws",
    "CHROME_LINES",
    "is_chrome_line",
    "is_chrome_key",
    "is_related_marker",
]

# U+200B..U+200D zero-width (space, non-joiner, joiner), U+2060 word joiner, U+FEFF BOM/ZWNBSP,
# U+00AD soft hyphen: removed.  U+00A0 / U+202F no-break spaces: plain space.
_CHAR_MAP = {
    0x200B: None,
    0x200C: None,
    0x200D: None,
    0x2060: None,
    0xFEFF: None,
    0x00AD: None,
    0x00A0: " ",
    0x202F: " ",
    0x0000: None,
    ord("\r"): "\n",
}

# Horizontal white space (everything str.split() would split on, except the line feed).
_HSPACE_RUN = re.compile(r"[^\S\n]+")
_NEWLINES3 = re.compile(r"\n{3,}")


_SPECIAL = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u00a0\u202f\x00\r]")


def clean_chars(s: str) -> str:
    """Character-level clean-up: zero-width/soft hyphen removed, no-break spaces, NFC."""
    if s.isascii():
        if "\r" in s or "\x00" in s:
            s = s.replace("\r\n", "\n").translate(_CHAR_MAP)
        return s
    if _SPECIAL.search(s):
        if "\r" in s:
            s = s.replace("\r\n", "\n")
        s = s.translate(_CHAR_MAP)
    return unicodedata.normalize("NFC", s)


def collapse_ws(s: str) -> str:
    """Every run of white space (line breaks included) to one space, stripped."""
    return " ".join(s.split())


def normalize_line(s: str | None) -> str:
    """A single-line field: clean characters, no line break, one space between words."""
    if not s:
        return ""
    return " ".join(clean_chars(s).split())


def normalize_text(s: str | None) -> str:
    """A multi-line field: NFC, no-break spaces to spaces, zero-width characters removed;
    inside a line, runs of white space become one space; lines stripped; at most one blank
    line in a row; no leading or trailing white space."""
    if not s:
        return ""
    s = clean_chars(s)
    if "\n" not in s:
        return " ".join(s.split())
    lines = [_HSPACE_RUN.sub(" ", line).strip() for line in s.split("\n")]
    s = "\n".join(lines)
    s = _NEWLINES3.sub("\n\n", s)
    return s.strip()


def join_blocks(blocks) -> str:
    """Blocks (already normalised, non-empty) separated by exactly one blank line."""
    return "\n\n".join(b for b in blocks if b)


def content_hash(title: str | None, summary: str | None, body: str | None) -> str:
    """``sha256:`` + hex SHA-256 of ``title + "\\n" + (summary or "") + "\\n" + body``, each part
    NFC and with every run of white space (line breaks included) collapsed to one space."""
    parts = []
    for part in (title, summary, body):
        part = part or ""
        if not part.isascii():
            part = unicodedata.normalize("NFC", part)
        parts.append(" ".join(part.split()))
    digest = hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()
    return "sha256:" + digest


# --- chrome lines: the last safety net -------------------------------------------------------

#: Lines Vietnamese news and government CMSs print as furniture (search box, related-news
#: heading, print/share/back tools).  A site's own banner and tools are its page class's
#: (:class:`.site.Site`), not here.
CHROME_LINES = frozenset(
    s.casefold()
    for s in (
        "Tìm kiếm",
        "Tìm kiếm:",
        "Tin liên quan",
        "Tin liên quan:",
        "Các tin liên quan",
        "Tin khác",
        "Các tin khác",
        "Tin cùng chuyên mục",
        "Bài viết liên quan",
        "In bài viết",
        "In bài",
        "Gửi bài viết",
        "Chia sẻ",
        "Chia sẻ:",
        "Quay lại",
        "Về đầu trang",
        "Lên đầu trang",
        "Bản in",
    )
)

_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4})|bản\s+quyền\s*(?:©|\(c\)|thuộc|\d{4}))", re.IGNORECASE)
#: A copyright line is at most this many characters: a longer line opening with one is text.
COPYRIGHT_LINE_MAX = 200
#: No line :func:`is_chrome_key` calls furniture is longer than this (a copyright line or one of
#: :data:`CHROME_LINES`). Casefolding never shortens a string, so a stripped line longer than
#: this is no furniture whatever it casefolds to, and is not casefolded (most body lines).
CHROME_KEY_MAX = max(COPYRIGHT_LINE_MAX, *map(len, CHROME_LINES))


def is_chrome_line(line: str) -> bool:
    """True for a line that is exactly a furniture string of Vietnamese CMSs (search box,
    related-news heading, print and share tools), or a copyright line."""
    line = line.strip()
    return len(line) <= CHROME_KEY_MAX and is_chrome_key(line.casefold())


def is_chrome_key(key: str) -> bool:
    """:func:`is_chrome_line` of a line already stripped and casefolded."""
    if not key:
        return False
    if key in CHROME_LINES:
        return True
    if len(key) <= COPYRIGHT_LINE_MAX and _COPYRIGHT.match(key):
        return True
    return False


RELATED_MARKERS = frozenset(
    s.casefold()
    for s in (
        "Tin liên quan", "Tin bài liên quan", "Bài viết liên quan", "Các tin liên quan", "Tin khác",
        "Các tin khác", "Tin cùng chuyên mục", "Các tin cùng chuyên mục", "Tin đã đưa", "Các tin đã đưa",
        "Xem thêm", "Đọc thêm", "Tin mới hơn", "Tin cũ hơn", "Bài liên quan",
    )
)


def is_related_marker(line: str) -> bool:
    """A heading that opens the related-news box (``Tin liên quan``, ``Các tin khác`` ...)."""
    key = normalize_line(line).rstrip(":").strip().casefold()
    return key in RELATED_MARKERS
