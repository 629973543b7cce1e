"""Folding Vietnamese text for search: ``kiem sat`` must find *kiểm sát*, ``Dak Lak`` *Đắk Lắk*.

SQLite's FTS5 ``unicode61`` tokenizer with ``remove_diacritics 2`` strips the tones and the
breve, circumflex and horn, but ``đ`` (U+0111) is a letter of its own, not ``d`` with a mark, so
it stays ``đ``. The export therefore indexes a folded copy of every text beside the original,
and this is the fold: decompose, drop the combining marks, ``đ``/``Đ`` to ``d``/``D``.
"""

from __future__ import annotations

import unicodedata

_D = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.translate(_D)
