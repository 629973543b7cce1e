"""The day an event took place, as its text gives it.

Digest sections open with the day of the activity, written the way Vietnamese press writes it:
``Ngày 08/8/2025``, ``Sáng 12/3``, ``Chiều ngày 17/10``, ``Ngày 5 và 6/3``, ``Từ ngày 11 đến
ngày 13/3/2024``, ``Ngày 14-15/02/2025``, ``Ngày 19 tháng 11 năm 2025``; a span's year, written once at its end,
is the first day's too unless the span runs over the year's end (``Từ ngày 31/12 đến ngày
02/01/2025`` opens on 31 December 2024). The event's date is the
first such day of the text (the first day of a span), skipping what is not the activity's day:

- a date in parentheses (``kỷ niệm 80 năm ... (19/8/1945 - 19/8/2025)``), unless it follows a
  time of day and ``nay`` or ``qua`` (``Sáng nay (12/3)``, ``Chiều qua (11/4)``);
- a document's date (``Kế hoạch số 45/KH-VKS ngày 05/8/2025``);
- a day after the digest's own date, or more than a year before it (deadlines, the history of a
  case, anniversaries).

A day and month without a year take the year that puts them on or before the digest's date
(``Ngày 30/12`` in a digest of 6 January 2026 is 30 December 2025). No day found: the digest's
date, ``date_source`` ``digest``.

Only dates introduced by a word naming a day or a time of day (``ngày``, ``sáng``, ``chiều``,
``tối``, ``trưa``, ``đêm``, ``hôm``) are read, or written in full with their year: ``125/125 chỉ
tiêu`` and ``tháng 5/2024`` are not days.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .text import normal

__all__ = ["activity_date", "TEXT", "DIGEST"]

TEXT = "text"
DIGEST = "digest"

#: How far before the digest an activity can be and still be its subject.
MAX_AGE = timedelta(days=366)

_DAY = r"(\d{1,2})"
_MONTH = r"(\d{1,2})"
_YEAR = r"(\d{4})"
# Words that introduce a day; "ngày" may follow a time of day ("Chiều ngày 17/10").
_LEAD = r"(?:(?:ngày|sáng|chiều|tối|trưa|đêm|hôm)(?:\s+nay)?(?:\s+ngày)?)"
# Further days of a list or span before the month: "5 và 6", "11 đến ngày 13", "14-15", "01 - 05".
_MORE_DAYS = r"(?:\s*(?:,|và|-|–|đến(?:\s+ngày)?)\s*\d{1,2})*"
_NUMERIC = re.compile(
    # a span whose first day has its own month, the year written once: "Từ ngày 06/10 đến ngày
    # 10/10/2025" (first, so that the year is read)
    rf"(?<![\w/.,]){_LEAD}\s+{_DAY}\s*/\s*{_MONTH}\s*(?:-|–|đến(?:\s+ngày)?)\s*{_DAY}\s*/\s*{_MONTH}\s*/\s*{_YEAR}(?![\d/])"
    rf"|(?<![\w/.,]){_LEAD}\s+{_DAY}{_MORE_DAYS}\s*/\s*{_MONTH}(?:\s*/\s*{_YEAR})?(?![\d/])"
    rf"|(?<![\w/.,-]){_DAY}/{_MONTH}/{_YEAR}(?![\d/])",
    re.IGNORECASE,
)
_WORDS = re.compile(
    rf"(?<!\w){_LEAD}\s+{_DAY}\s+tháng\s+{_MONTH}(?:\s*(?:năm|,)\s*{_YEAR})?(?!\s*\d)",
    re.IGNORECASE,
)
# "Sáng nay (12/3)", "Chiều qua (11/4)": the day in parentheses after a time of day and "nay" (today)
# or "qua" (yesterday) is the activity's, unlike other dates in parentheses.
_TODAY = re.compile(
    rf"(?<!\w)(?:sáng|chiều|tối|trưa|đêm|hôm)\s+(?:nay|qua)\s*\(\s*{_DAY}\s*/\s*{_MONTH}"
    rf"(?:\s*/\s*{_YEAR})?\s*\)",
    re.IGNORECASE,
)
# A numbered document right before "ngày": "Kế hoạch số 45/KH-VKSTN ngày", "Chỉ thị 05-CT/TW ngày".
# Its number does not end a sentence or an aside: "(phụ trách Cụm thi đua số 3). Ngày 9/10" is a day.
_DOCUMENT = re.compile(r"(?:\bsố\s+[^\s.;!?()]+|\b\d+[-/][^\s.;!?()]*[A-ZĐ]{2,}[^\s.;!?()]*)\s*,?\s*$")


def _groups(m: re.Match[str]) -> tuple[str, str, str | None]:
    g = m.groups()
    if m.re is _NUMERIC and g[0] is not None:
        # a span whose year is written once, at its end: the first day's year is the one before
        # when the span runs over the year's end ("Từ ngày 31/12 đến ngày 02/01/2025")
        day, month, end_day, end_month, year = g[:5]
        if (int(month), int(day)) > (int(end_month), int(end_day)):
            year = str(int(year) - 1)
        return day, month, year
    g = [x for x in g if x is not None]
    return g[0], g[1], (g[2] if len(g) > 2 else None)


def _in_parentheses(text: str, pos: int) -> bool:
    line_start = text.rfind("\n", 0, pos) + 1
    before = text[line_start:pos]
    return before.count("(") > before.count(")")


def _after_document(text: str, pos: int) -> bool:
    return bool(_DOCUMENT.search(text[max(0, pos - 40):pos]))


def _resolve(day: int, month: int, year: int | None, published: date) -> date | None:
    try:
        if year is not None:
            return date(year, month, day)
        found = date(published.year, month, day)
        return found if found <= published else date(published.year - 1, month, day)
    except ValueError:
        return None


def activity_date(text: str, published: str) -> tuple[str, str]:
    """``(YYYY-MM-DD, "text")`` for the first day of the activity the text gives, else the
    digest's own day ``(published[:10], "digest")``."""
    digest_day = date.fromisoformat(published[:10])
    text = normal(text)
    matches = sorted([*_NUMERIC.finditer(text), *_WORDS.finditer(text), *_TODAY.finditer(text)],
                     key=lambda m: m.start())
    for m in matches:
        if _in_parentheses(text, m.start()) or _after_document(text, m.start()):
            continue
        day, month, year = _groups(m)
        found = _resolve(int(day), int(month), int(year) if year else None, digest_day)
        if found is None or found > digest_day or digest_day - found > MAX_AGE:
            continue
        return found.isoformat(), TEXT
    return digest_day.isoformat(), DIGEST
