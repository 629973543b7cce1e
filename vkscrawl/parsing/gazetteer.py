"""Gazetteer of Viet Nam's provinces and centrally-run cities.

Province level: tỉnh and thành phố trực thuộc trung ương.

Pure Python, no dependencies. Two lists:

* ``PROVINCES_BEFORE_2025`` — the 63 units that existed before the merger of 1 July 2025
  (Resolution 202/2025/QH15). Thừa Thiên Huế keeps that name here: it became the centrally-run
  ``thành phố Huế`` on 1 January 2025, but older articles use the long-standing 63-unit list.
* ``PROVINCES_AFTER_2025`` — the 34 units from 1 July 2025 (11 unchanged + 23 formed by merger).
  ``MERGER_2025`` records which of the 63 make up each of the 34.

Canonical names are NFC, without the ``tỉnh``/``thành phố`` prefix, with modern tone placement
(``Hóa``, ``Hòa``, ``Thủy``). Public API:

* ``canonical_province(name)`` — one name (prefix, case, spacing, dash and spelling variants
  allowed) to its canonical form, else ``None``.
* ``provinces_in(text)`` — every province named in a unit string such as ``VKSND các tỉnh Bắc Giang,
  Bắc Ninh và Lạng Sơn``, canonical, in order, without duplicates.
* ``province_after_2025(name)`` — the post-merger province a (pre- or post-merger) name belongs to.

Matching rules of ``provinces_in`` (each exists to avoid a known false positive):

1. Whole words only, longest alias first (``Thừa Thiên - Huế`` is one name, not ``Huế``).
2. A name directly after a lower-level unit word (``huyện``, ``quận``, ``thị xã``, ``xã``,
   ``phường`` …) is a district/commune, not a province: ``huyện Điện Biên Đông``, ``huyện Hòa Bình``
   (Bạc Liêu), ``huyện Quảng Ninh`` (Quảng Bình).
3. A name directly followed by another Title Case word is part of a longer proper noun
   (``Hà Nam Ninh``, ``Điện Biên Đông``, ``Thái Bình Dương``) — unless that word starts another
   province name or is a connector such as ``và``. ALL-CAPS text gives no such signal, so the rule
   only fires on Title Case words (an uppercase letter followed by lowercase ones).
4. A name without a ``tỉnh`` prefix directly followed by ``, tỉnh <province>`` is a lower unit of
   that province (``thành phố Huế, tỉnh Thừa Thiên Huế`` → only Thừa Thiên Huế). The five
   long-standing centrally-run cities never lay inside a tỉnh, so they are exempt
   (``thành phố Hải Phòng, tỉnh Hải Dương`` → both).
5. Names that are also ordinary words (``hòa bình`` = peace, ``thái bình``, ``hải dương`` = ocean,
   ``bình định`` = pacify, ``cao bằng`` = as tall as) count only when every syllable starts with an
   uppercase letter (Title Case or ALL CAPS) or a province prefix precedes them.
6. ``Hồ Chí Minh`` after a word naming the person or an eponym (``Chủ tịch``, ``tư tưởng``,
   ``phong cách``, ``TNCS`` …) is the person, not the city — unless a city prefix precedes it.

``canonical_province`` takes one name, so it applies none of the context rules (``hòa bình`` →
``Hòa Bình``). ``Sài Gòn`` is deliberately not an alias: it is not an administrative name.
"""

from __future__ import annotations

import re
import unicodedata

# --------------------------------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------------------------------

# The 63 provinces and centrally-run cities before 1 July 2025 (5 cities first, then 58 provinces,
# alphabetical by Vietnamese reading order).
PROVINCES_BEFORE_2025: tuple[str, ...] = (
    # centrally-run cities
    "Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ",
    # provinces
    "An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Bình Phước", "Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk",
    "Đắk Nông", "Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh",
    "Hải Dương", "Hậu Giang", "Hòa Bình", "Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum",
    "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định", "Nghệ An", "Ninh Bình",
    "Ninh Thuận", "Phú Thọ", "Phú Yên", "Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh",
    "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên", "Thanh Hóa",
    "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang", "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)

# The 2025 reorganisation (Resolution 202/2025/QH15, in force 1 July 2025): each of the 34 units
# mapped to the pre-merger units it covers. The first entry is the one whose name was kept; the
# 11 unchanged units map to themselves (Huế to Thừa Thiên Huế, renamed on 1 January 2025).
MERGER_2025: dict[str, tuple[str, ...]] = {
    # 11 unchanged
    "Hà Nội": ("Hà Nội",),
    "Huế": ("Thừa Thiên Huế",),
    "Lai Châu": ("Lai Châu",),
    "Điện Biên": ("Điện Biên",),
    "Sơn La": ("Sơn La",),
    "Lạng Sơn": ("Lạng Sơn",),
    "Quảng Ninh": ("Quảng Ninh",),
    "Thanh Hóa": ("Thanh Hóa",),
    "Nghệ An": ("Nghệ An",),
    "Hà Tĩnh": ("Hà Tĩnh",),
    "Cao Bằng": ("Cao Bằng",),
    # 23 formed by merger
    "Tuyên Quang": ("Tuyên Quang", "Hà Giang"),
    "Lào Cai": ("Lào Cai", "Yên Bái"),
    "Thái Nguyên": ("Thái Nguyên", "Bắc Kạn"),
    "Phú Thọ": ("Phú Thọ", "Vĩnh Phúc", "Hòa Bình"),
    "Bắc Ninh": ("Bắc Ninh", "Bắc Giang"),
    "Hưng Yên": ("Hưng Yên", "Thái Bình"),
    "Hải Phòng": ("Hải Phòng", "Hải Dương"),
    "Ninh Bình": ("Ninh Bình", "Hà Nam", "Nam Định"),
    "Quảng Trị": ("Quảng Trị", "Quảng Bình"),
    "Đà Nẵng": ("Đà Nẵng", "Quảng Nam"),
    "Quảng Ngãi": ("Quảng Ngãi", "Kon Tum"),
    "Gia Lai": ("Gia Lai", "Bình Định"),
    "Khánh Hòa": ("Khánh Hòa", "Ninh Thuận"),
    "Lâm Đồng": ("Lâm Đồng", "Đắk Nông", "Bình Thuận"),
    "Đắk Lắk": ("Đắk Lắk", "Phú Yên"),
    "Hồ Chí Minh": ("Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"),
    "Đồng Nai": ("Đồng Nai", "Bình Phước"),
    "Tây Ninh": ("Tây Ninh", "Long An"),
    "Cần Thơ": ("Cần Thơ", "Sóc Trăng", "Hậu Giang"),
    "Vĩnh Long": ("Vĩnh Long", "Bến Tre", "Trà Vinh"),
    "Đồng Tháp": ("Đồng Tháp", "Tiền Giang"),
    "Cà Mau": ("Cà Mau", "Bạc Liêu"),
    "An Giang": ("An Giang", "Kiên Giang"),
}

PROVINCES_AFTER_2025: tuple[str, ...] = tuple(MERGER_2025)

# Spellings seen in the wild besides the canonical name. Written in modern tone placement and with
# plain spaces: old tone placement (``Hoá``) and dashes (``Thừa Thiên-Huế``) are handled generically
# (see ``_normalize`` and ``_GAP``), and case does not matter.
ALIASES: dict[str, tuple[str, ...]] = {
    "Hồ Chí Minh": ("HCM", "TPHCM", "HCMC"),
    "Bà Rịa - Vũng Tàu": ("BR VT", "BRVT"),
    "Thừa Thiên Huế": ("TT Huế",),
    "Đắk Lắk": ("Đắc Lắc", "Đắk Lăk", "Đăk Lăk", "Đăk Lắk", "Đắc Lắk", "Dak Lak", "Daklak",
                "Đaklak", "Đắklắk", "Đăklăk"),
    "Đắk Nông": ("Đăk Nông", "Đắc Nông", "Dak Nong", "Daknong", "Đắknông", "Đăknông"),
    "Kon Tum": ("Kontum",),
    "Bắc Kạn": ("Bắc Cạn",),
}

# Rule 4: centrally-run cities that were never a district-level city inside a tỉnh (unlike Huế).
CENTRAL_CITIES: frozenset[str] = frozenset(
    {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ"}
)

# Rule 5: names that are also ordinary words, matched in running text only when capitalised or
# prefixed.
COMMON_WORD_NAMES: frozenset[str] = frozenset(
    {"Hòa Bình", "Thái Bình", "Hải Dương", "Bình Định", "Cao Bằng"}
)

# Rule 2: words naming a unit below province level; a name right after one is not a province.
LOWER_UNIT_WORDS: tuple[str, ...] = (
    "huyện", "quận", "thị xã", "thị trấn", "xã", "phường", "thôn", "ấp", "phố", "đường",
)

# Rule 3: words that may follow a province name in Title Case without extending it.
CONNECTORS: frozenset[str] = frozenset(
    {"và", "với", "cùng", "hoặc", "hay", "tại", "ở", "thuộc", "của", "trong"}
)

# Rule 6: words before ``Hồ Chí Minh`` that make it the person (or something named after him).
HO_CHI_MINH_PERSON_CUES: tuple[str, ...] = (
    "chủ tịch", "bác", "đồng chí", "tư tưởng", "đạo đức", "phong cách", "tấm gương", "lăng",
    "tncs", "cộng sản", "tiền phong", "chiến dịch", "huân chương", "giải thưởng", "bảo tàng",
)

# --------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------

# Invisible characters that break words apart in scraped text.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# Old-style tone placement on an open syllable-final ``oa``/``oe``/``uy`` (``Hoá``, ``Hoà``,
# ``Thuỷ``) is moved to the first vowel (``Hóa``, ``Hòa``, ``Thủy``). With a final consonant both
# styles agree (``Hoàng``), hence the ``(?!\w)``; ``qu`` is a consonant, so ``Quý`` is left alone.
_TONE_MARKS = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_OLD_TONE = re.compile(
    rf"([oO])([aAeE])([{_TONE_MARKS}])(?!\w)|(?<![qQ])([uU])([yY])([{_TONE_MARKS}])(?!\w)"
)


def _fix_tone_placement(text: str) -> str:
    """Return NFC ``text`` with old-style tone placement (``Thuỷ``) turned modern (``Thủy``)."""
    # Work on NFD so the tone is a separate combining mark we can move; the pair keeps its case.
    decomposed = unicodedata.normalize("NFD", text)

    def move(m: re.Match[str]) -> str:
        first, second, tone = (m.group(1, 2, 3) if m.group(1) else m.group(4, 5, 6))
        return first + tone + second

    return unicodedata.normalize("NFC", _OLD_TONE.sub(move, decomposed))


def _normalize(text: str) -> str:
    """NFC, no invisible characters, modern tone placement. Case and spacing are left as written."""
    return _fix_tone_placement(unicodedata.normalize("NFC", text).translate(_INVISIBLE))


def _key(name: str) -> str:
    """Lookup key of a matched name: case-folded, dashes as spaces, single spaces."""
    return " ".join(_DASHES.sub(" ", _normalize(name)).casefold().split())


# --------------------------------------------------------------------------------------------------
# Index and regex (built once at import)
# --------------------------------------------------------------------------------------------------

_DASH_CHARS = "-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen-minus, hyphens, dashes, minus
_DASHES = re.compile(f"[{_DASH_CHARS}]")
# Between two syllables of a name: spaces, or a dash with optional spaces (``Bà Rịa-Vũng Tàu``).
_GAP = rf"(?:\s*[{_DASH_CHARS}]\s*|\s+)"
# ``tỉnh``, ``thành phố``, ``TP.``, ``TP``, ``Tp.``, ``T.P`` … ``TP`` may be glued on (``TP.HCM``).
_PREFIX = r"(?:tỉnh\s+|thành\s+phố\s+|t\.?\s?p\.?\s*)"


def _build_index() -> dict[str, str]:
    index: dict[str, str] = {}
    names = set(PROVINCES_BEFORE_2025) | set(PROVINCES_AFTER_2025)
    pairs = [(name, name) for name in names]
    pairs += [(alias, name) for name, aliases in ALIASES.items() for alias in aliases]
    for alias, name in pairs:
        key = _key(alias)
        if index.setdefault(key, name) != name:  # a spelling must not name two provinces
            raise ValueError(f"alias {alias!r} is ambiguous: {index[key]!r} / {name!r}")
    return index


_INDEX: dict[str, str] = _build_index()


def _alias_pattern(key: str) -> str:
    return _GAP.join(re.escape(syllable) for syllable in key.split(" "))


# Longest alias first, so the alternation prefers ``Thừa Thiên Huế`` over a shorter name.
_ALTERNATION = "|".join(_alias_pattern(k) for k in sorted(_INDEX, key=lambda k: (-len(k), k)))
_PATTERN = re.compile(
    rf"(?<!\w)(?P<prefix>{_PREFIX})?(?P<name>{_ALTERNATION})(?!\w)", re.IGNORECASE
)
_NEXT_WORD = re.compile(r"[^\S\n]+(\w+)")
_COMMA = re.compile(r"\s*,\s*")


# --------------------------------------------------------------------------------------------------
# API
# --------------------------------------------------------------------------------------------------


def canonical_province(name: str) -> str | None:
    """Canonical form of one province/city name (prefix, spelling variants allowed), else None."""
    match = _PATTERN.fullmatch(_normalize(name).strip())
    return _INDEX[_key(match["name"])] if match else None


def province_after_2025(name: str) -> str | None:
    """The province/city from 1 July 2025 that ``name`` (before or after the merger) lies in."""
    canonical = canonical_province(name)
    if canonical is None:
        return None
    if canonical in MERGER_2025:
        return canonical
    return next(new for new, olds in MERGER_2025.items() if canonical in olds)


def provinces_in(text: str) -> list[str]:
    """Canonical provinces named in ``text``, in order of appearance, without duplicates."""
    text = _normalize(text)
    found: list[str] = []
    for match in _PATTERN.finditer(text):
        canonical = _INDEX[_key(match["name"])]
        if canonical not in found and _is_province_here(text, match, canonical):
            found.append(canonical)
    return found


# --------------------------------------------------------------------------------------------------
# Context rules of provinces_in (numbered as in the module docstring)
# --------------------------------------------------------------------------------------------------


def _is_province_here(text: str, match: re.Match[str], canonical: str) -> bool:
    prefix = match["prefix"]
    before = text[: match.start()]
    if not prefix:
        if _ends_with_word(before, LOWER_UNIT_WORDS):  # rule 2
            return False
        if canonical in COMMON_WORD_NAMES and not _capitalised(match["name"]):  # rule 5
            return False
        if canonical == "Hồ Chí Minh" and _ends_with_word(before, HO_CHI_MINH_PERSON_CUES):  # 6
            return False
    if _continues_proper_noun(text, match.end()):  # rule 3
        return False
    if (  # rule 4
        canonical not in CENTRAL_CITIES
        and not _is_tinh(prefix)
        and _followed_by_tinh_province(text, match.end())
    ):
        return False
    return True


def _is_tinh(prefix: str | None) -> bool:
    return bool(prefix) and prefix.casefold().startswith("tỉnh")


def _followed_by_tinh_province(text: str, end: int) -> bool:
    """Rule 4: the name is followed by ``, tỉnh <province>``."""
    comma = _COMMA.match(text, end)
    following = comma and _PATTERN.match(text, comma.end())
    return bool(following) and _is_tinh(following["prefix"])


def _ends_with_word(before: str, words: tuple[str, ...]) -> bool:
    """Whether ``before`` (ignoring trailing spaces) ends with one of ``words`` as whole words."""
    tail = before.rstrip().casefold()
    for word in words:
        if tail.endswith(word):
            head = tail[: -len(word)]
            if not head or not head[-1].isalnum():
                return True
    return False


def _capitalised(name: str) -> bool:
    """Every syllable starts with an uppercase letter (Title Case or ALL CAPS)."""
    return all(s[0].isupper() for s in _DASHES.sub(" ", name).split())


def _continues_proper_noun(text: str, end: int) -> bool:
    """Rule 3: the next word is Title Case, not a connector and not the start of another name."""
    nxt = _NEXT_WORD.match(text, end)
    if not nxt:
        return False
    word = nxt.group(1)
    if not (word[0].isupper() and any(c.islower() for c in word)):
        return False
    if word.casefold() in CONNECTORS:
        return False
    return _PATTERN.match(text, nxt.start(1)) is None
