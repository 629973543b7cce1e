"""Digest sections: one per procuracy (docs/EXTRACTION.md, ``sections``).

A section starts at a body paragraph that opens with a unit name and a colon within its first
120 characters (``VKSND tỉnh Cao Bằng: ...``, ``Viện kiểm sát nhân dân tỉnh Gia Lai: ...``) and
runs until the next such paragraph or the end of the body.  In the HTML the unit is often bold,
with the colon inside or outside the ``<strong>``; the walker has already flattened that, so the
rule works on the paragraph's text.

A unit name is the prefix (``VKSND``, ``Viện KSND``, ``Viện kiểm sát nhân dân``) followed by words
that are either capitalised (proper names, ``TP.``), numbers, dashes, or the few lowercase words
unit names are made of (``tỉnh``, ``thành phố``, ``huyện``, ``khu vực``, ``các``, ``và`` ...); a
dash may stand alone or be glued to either word (``khu vực 5 -Hà Tĩnh``, ``Bà Rịa-Vũng Tàu``).  A
sentence such as ``VKSND tỉnh Cao Bằng tổ chức Hội nghị, gồm: ...`` therefore does not open a
section.
"""

from __future__ import annotations

import functools
import re

from .gazetteer import provinces_in

__all__ = ["split_sections", "unit_of", "UNIT_MAX_COLON"]

UNIT_MAX_COLON = 120

_PREFIX = r"(?:VKSND|VKS|Viện\s+KSND|Viện\s+[Kk]iểm\s+[Ss]át\s+[Nn]hân\s+[Dd]ân|VIỆN\s+KIỂM\s+SÁT\s+NHÂN\s+DÂN)"
_HEAD = re.compile(rf"^(?:[-–•*+]\s*)?({_PREFIX}\b[^:\n]*?)\s*:")
_PREFIX_AT_START = re.compile(_PREFIX)
_PARENS = re.compile(r"\([^()]*\)")

_LOWER_WORDS = frozenset(
    """tỉnh thành phố tp tp. huyện quận thị xã trấn phường khu vực các hai ba cấp cao tối tại và
    với nhân dân quân sự cũ mới số đặc biệt trung ương cụm""".split()
)
_DASHES = frozenset({"-", "–", "—", "&", "/", ","})

#: Provinces named by each unit name seen (a digest names the same few hundred units page after
#: page; ``provinces_in`` is a pure function of the name), up to this many names.
PROVINCE_CACHE_MAX = 10_000


@functools.lru_cache(maxsize=PROVINCE_CACHE_MAX)
def _unit_provinces(unit: str) -> tuple[str, ...]:
    return tuple(provinces_in(unit))


def _provinces_of(unit: str) -> list[str]:
    """``provinces_in(unit)``, remembered; a fresh list each time (the caller's to change)."""
    return list(_unit_provinces(unit))


def _is_unit_name(rest: str) -> bool:
    """The words after the prefix look like a unit name."""
    rest = _PARENS.sub(" ", rest)
    words = rest.replace(",", " , ").split()
    if len(words) > 20:
        return False
    for w in words:
        # a dash glued to the next word is a separator all the same: "khu vực 5 -Hà Tĩnh"
        w = w.strip(",;").lstrip("-–—")
        if not w or w in _DASHES:
            continue
        c = w[0]
        if c.isupper() or c.isdigit():
            continue
        if w.lower() in _LOWER_WORDS:
            continue
        return False
    return True


def unit_of(paragraph: str) -> tuple[str, str] | None:
    """``(unit, rest)`` when the paragraph opens a section, else ``None``.  ``rest`` is the
    paragraph without the leading ``unit:``."""
    if not paragraph or paragraph[0] not in "VvK-–•*+":
        return None
    m = _HEAD.match(paragraph[: UNIT_MAX_COLON + 1])
    if not m:
        return None
    colon = m.end() - 1
    if colon >= UNIT_MAX_COLON:
        return None
    unit = " ".join(m.group(1).split())
    prefix = _PREFIX_AT_START.match(unit)
    if prefix is None or not _is_unit_name(unit[prefix.end():]):
        return None
    rest = paragraph[m.end():].lstrip()
    return unit, rest


def split_sections(paragraphs: list[str]) -> list[dict]:
    """The digest's sections from the body paragraphs (in order)."""
    sections: list[dict] = []
    current: dict | None = None
    parts: list[str] = []
    for para in paragraphs:
        head = unit_of(para)
        if head is not None:
            if current is not None:
                current["text"] = "\n\n".join(parts)
                sections.append(current)
            unit, rest = head
            current = {"unit": unit, "provinces": _provinces_of(unit), "text": ""}
            parts = [rest] if rest else []
        elif current is not None:
            parts.append(para)
    if current is not None:
        current["text"] = "\n\n".join(parts)
        sections.append(current)
    return sections
