"""A procuracy unit: its name in one normal form, its level, its provinces before and after 2025.

``normalise_unit`` writes the prefix as ``VKSND`` (``Viện kiểm sát nhân dân``, ``Viện KSND``),
``TP.``/``Tp``/``Thành phố`` as ``thành phố`` (``TP.`` glued to the name too: ``TP.Cần Thơ``;
``TP.HCM``, ``TPHCM``: ``thành phố Hồ Chí Minh``), the level words in lower case, province names in
their canonical spelling (``Thanh Hoá`` → ``Thanh Hóa``, ``Thừa Thiên - Huế`` → ``Thừa Thiên
Huế``) and dashes as `` - ``: ``VKSND Tp Cần Thơ`` and ``Viện kiểm sát nhân dân thành phố Cần
Thơ`` are one unit.

Levels: ``toi_cao`` (the Supreme Procuracy), ``cap_cao`` (``VKSND cấp cao tại ...``), ``khu_vuc``
(``VKSND khu vực 3 - Lâm Đồng``, the regional procuracies of 1 July 2025), ``huyen`` (``huyện``,
``quận``, ``thị xã``, a city inside a province such as ``thành phố Vinh``, and ``thành phố Huế``
before it became centrally run on 1 January 2025), ``tinh`` (a province or centrally-run city),
else ``None`` (a military procuracy, a name without a level).
"""

from __future__ import annotations

import re
from datetime import date

from vkscrawl.parsing.gazetteer import (ALIASES, PROVINCES_AFTER_2025, PROVINCES_BEFORE_2025,
                                        canonical_province, province_after_2025, provinces_in)

from .text import lower, normal

__all__ = ["normalise_unit", "unit_level", "unit_in", "provinces_2025", "district_province",
           "LEVELS"]

LEVELS = ("toi_cao", "cap_cao", "tinh", "khu_vuc", "huyen")

#: Huế became a centrally-run city on this day; before it, ``thành phố Huế`` was a district-level
#: city of Thừa Thiên Huế.
HUE_CENTRAL_FROM = date(2025, 1, 1)

_PREFIX = re.compile(r"^(?:viện\s+kiểm\s+sát\s+nhân\s+dân|viện\s+ksnd|vksnd|vks)(?!\w)",
                     re.IGNORECASE)
# "TP." may be glued to the name ("TP.Cần Thơ"); "TP.HCM", "TPHCM" name the city with its word.
_CITY = re.compile(r"(?<!\w)(?:t\.\s?p\.?|tp\.?|thành\s+phố)(?:(?=\s|\.|$)|(?<=\.)(?=\w))\s*",
                   re.IGNORECASE)
_HCM = re.compile(r"(?<!\w)(?:tp\.?\s?hcm|tphcm)(?!\w)", re.IGNORECASE)
_LEVEL_WORDS = re.compile(r"(?<!\w)(tỉnh|huyện|quận|thị\s+xã|khu\s+vực|cấp\s+cao|tối\s+cao|các"
                          r"|tại)(?!\w)", re.IGNORECASE)
_DASH = re.compile(r"\s*[-–—]\s*")


def _name_pattern() -> re.Pattern[str]:
    names = {n: n for n in (*PROVINCES_BEFORE_2025, *PROVINCES_AFTER_2025)}
    names.update((alias, name) for name, aliases in ALIASES.items() for alias in aliases)
    parts = []
    for written in sorted(names, key=len, reverse=True):
        syllables = lower(written).replace("-", " ").split()
        parts.append(r"(?:\s*[-–—]\s*|\s+)".join(map(re.escape, syllables)))
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


_NAMES = _name_pattern()


def normalise_unit(unit: str) -> str:
    """The unit's name in the normal form above."""
    text = normal(unit).replace("\n", " ")
    text = _PREFIX.sub("VKSND", text)
    text = _HCM.sub("thành phố Hồ Chí Minh", text)
    text = _CITY.sub("thành phố ", text)
    text = _LEVEL_WORDS.sub(lambda m: " ".join(m.group(1).lower().split()), text)
    text = _NAMES.sub(lambda m: canonical_province(m.group(0)) or m.group(0), text)
    text = _DASH.sub(" - ", text)
    return " ".join(text.split())


def _city_level(rest: str, published: date | None) -> str:
    name = re.split(r"[(,]", rest, maxsplit=1)[0].strip()
    province = canonical_province(name)
    if province is None:
        return "huyen"
    if province == "Huế" and published is not None and published < HUE_CENTRAL_FROM:
        return "huyen"
    return "tinh"


def unit_level(unit: str | None, published: str | None = None) -> str | None:
    """The level of a normalised unit (see the module's docstring); ``published`` decides what
    ``thành phố Huế`` was."""
    if not unit:
        return None
    low = lower(unit)
    if not low.startswith("vksnd") or "quân sự" in low:
        return None
    day = date.fromisoformat(published[:10]) if published else None
    if re.search(r"\btối cao\b", low):
        return "toi_cao"
    if re.search(r"\bcấp cao\b", low):
        return "cap_cao"
    if re.search(r"\bkhu vực\b", low):
        return "khu_vuc"
    if re.search(r"\b(?:huyện|quận|thị xã)\b", low):
        return "huyen"
    city = re.match(r"vksnd (?:các )?thành phố (.+)", low)
    if city:
        return _city_level(unit[len(unit) - len(city.group(1)):], day)
    if re.search(r"\btỉnh\b", low) or provinces_in(unit):
        return "tinh"
    return None


_MENTION_PREFIX = re.compile(r"(?<!\w)(?:Viện\s+kiểm\s+sát\s+nhân\s+dân|Viện\s+KSND|VKSND)(?!\w)")
_MENTION_WORDS = frozenset("tỉnh thành phố tp tp. huyện quận thị xã khu vực cấp cao tối tại các".split())
_TOKEN = re.compile(r"\S+")


def _trim_to_place(words: list[str]) -> list[str]:
    """Cut capitalised words that follow a complete province name (a person's name after it:
    ``VKSND tỉnh Khánh Hòa Lê Thị Minh Thư``)."""
    for start in range(len(words)):
        if words[start][0].isupper():
            break
    else:
        return words
    rest = words[start:]
    for n in range(len(rest), 0, -1):
        if canonical_province(" ".join(rest[:n])):
            return words[: start + n]
    return words


def unit_in(text: str) -> str | None:
    """The first procuracy unit the text names, as written (spaces normalised), or None: the
    prefix, then level words, numbers, dashes and capitalised words; ``tối cao`` ends it (a name
    after it is a person's: ``VKSND tối cao Nguyễn Văn A``)."""
    text = normal(text)
    m = _MENTION_PREFIX.search(text)
    if not m:
        return None
    words: list[str] = []
    for token in _TOKEN.finditer(text, m.end()):
        word = token.group(0)
        bare = word.rstrip(",.;:!?)")
        if bare != word and bare.lower() not in ("tp", "t.p"):
            if bare and (bare[0].isupper() or bare.isdigit() or bare.lower() in _MENTION_WORDS):
                words.append(bare)
            break
        if word in "-–" or word[0].isupper() or word.isdigit() or word.lower() in _MENTION_WORDS:
            words.append(word)
            if words[-2:] == ["tối", "cao"]:
                break
        else:
            break
    while words and words[-1] in ("-", "–", "các", "tại"):
        words.pop()
    if not words:
        return None
    return " ".join([m.group(0), *_trim_to_place(words)])


def district_province(text: str) -> list[str]:
    """For a district-level unit whose name gives no province: the first province its text
    names (``thành phố Vinh (tỉnh Nghệ An)``, ``huyện Mường Nhé, tỉnh Điện Biên``)."""
    found = provinces_in(text)
    return found[:1]


def provinces_2025(provinces: list[str]) -> list[str]:
    """Each province mapped to the one it belongs to from 1 July 2025, without repeats."""
    out: list[str] = []
    for name in provinces:
        after = province_after_2025(name)
        if after and after not in out:
            out.append(after)
    return out
