"""The one normal form the event rules read: NFC, modern tone placement, single spaces.

Vietnamese has two ways to place the tone mark on an open ``oa``/``oe``/``uy`` syllable
(``hoá``/``hóa``, ``toạ``/``tọa``, ``Thuỷ``/``Thủy``); both are NFC and differ in code points, so a
phrase list written one way would miss text written the other. The gazetteer normalises the names
it matches the same way; this does it for running text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["normal", "lower", "phrases_pattern", "SENTENCE_END"]

_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
# An open syllable ending in oa/oe/uy with the tone on its last vowel (``hoá``); with a final
# consonant both styles agree (``hoàng``), hence the lookahead; ``qu`` is a consonant (``quý``).
_OLD_TONE = re.compile(
    rf"([oO])([aAeE])([{_TONE_MARKS}])(?!\w)|(?<![qQ])([uU])([yY])([{_TONE_MARKS}])(?!\w)"
)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))
_SPACES = re.compile(r"[^\S\n]+")

#: Where a sentence ends in running text.
SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")


def _move_tone(m: re.Match[str]) -> str:
    first, second, tone = m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6)
    return first + tone + second


@lru_cache(maxsize=256)  # each rule normalises the same event text again
def normal(text: str) -> str:
    """NFC, modern tone placement, no invisible characters, one space between words (line
    breaks kept). Lengths may change: rules read this text and report what they find in it."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE).replace("\u00a0", " ")
    decomposed = unicodedata.normalize("NFD", text)
    modern = unicodedata.normalize("NFC", _OLD_TONE.sub(_move_tone, decomposed))
    return "\n".join(_SPACES.sub(" ", line).strip() for line in modern.split("\n"))


def lower(text: str) -> str:
    """``normal`` text in lower case (Vietnamese letters lower-case one to one, lengths kept)."""
    return normal(text).lower()


def phrases_pattern(phrases) -> re.Pattern[str]:
    """One regex matching any of ``phrases`` (lower case, written with modern tone placement) as
    whole words, longest first; a space in a phrase matches any run of spaces, and ``, `` an
    optional comma with or without spaces around it."""
    parts = []
    for phrase in sorted({lower(p) for p in phrases}, key=len, reverse=True):
        pieces = [r"\s+".join(map(re.escape, chunk.split())) for chunk in phrase.split(",")]
        parts.append(r"(?:\s*,\s*|\s+)".join(pieces))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)")
