"""Dates as the portal writes them, to ISO 8601.

Fast path: regular expressions for ``dd/mm/yyyy`` (optionally with a Vietnamese weekday before it
and a time ``hh:mm`` before or after it) and for ISO 8601 (meta tags).  Only when both fail, and the
string plausibly holds a date (a four-digit year), ``dateparser`` is asked, in Vietnamese, day
first, in Viet Nam time.  The portal shows Viet Nam time (UTC+7, no daylight saving).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

__all__ = ["parse_date", "parse_dmy", "parse_iso", "iso_to_dmy", "iso_date_only", "VN_TZ", "has_date"]

VN_TZ = timezone(timedelta(hours=7), "Asia/Ho_Chi_Minh")

# dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy with the same separator twice)
_DMY = re.compile(r"(?<![\d/.\-])(\d{1,2})([/.\-])(\d{1,2})\2((?:19|20)\d\d)(?![\d/])")
_TIME_AFTER = re.compile(
    r"\s*(?:[-–—,|]|\bl[úu]c\b)?\s*(\d{1,2})\s*[:hH]\s*(\d{2})(?::(\d{2}))?(?!\d)(?:\s*(AM|PM|SA|CH)\b)?",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(
    r"(?<!\d)(\d{1,2})\s*[:hH]\s*(\d{2})(?::(\d{2}))?(?:\s*(AM|PM|SA|CH))?\s*(?:[-–—,|]|\bng[àa]y\b)?\s*$",
    re.IGNORECASE,
)
_ISO = re.compile(
    r"^\s*((?:19|20)\d\d)-(\d{1,2})-(\d{1,2})"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?"
)
# "Ngày 5 tháng 3 năm 2024" (the long Vietnamese form, no time)
_LONG_VN = re.compile(r"(?<!\d)(\d{1,2})\s+th[áa]ng\s+(\d{1,2})\s*(?:,|\s)\s*n[ăa]m\s+((?:19|20)\d\d)(?!\d)", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_HAS_TIME = re.compile(r"(?<!\d)\d{1,2}\s*[:hH]\s*\d{2}(?!\d)")


def _fmt(d: date, hh: int | None, mm: int | None, ss: int | None) -> str | None:
    if hh is None:
        return d.isoformat()
    if not (0 <= hh <= 23 and 0 <= (mm or 0) <= 59 and 0 <= (ss or 0) <= 59):
        return d.isoformat()
    return datetime(d.year, d.month, d.day, hh, mm or 0, ss or 0, tzinfo=VN_TZ).isoformat()


def _ampm(hh: int, marker: str | None) -> int:
    if marker:
        marker = marker.upper()
        if marker in ("PM", "CH") and hh < 12:
            return hh + 12
        if marker in ("AM", "SA") and hh == 12:
            return 0
    return hh


def parse_iso(s: str) -> str | None:
    """ISO 8601 (``article:published_time``): a time is converted to +07:00 (a naive time is taken
    as Viet Nam time); a bare date stays a date."""
    m = _ISO.match(s)
    if not m:
        return None
    y, mo, d, hh, mi, ss, tz = m.groups()
    try:
        day = date(int(y), int(mo), int(d))
    except ValueError:
        return None
    if hh is None:
        return day.isoformat()
    try:
        dt = datetime(day.year, day.month, day.day, int(hh), int(mi), int(ss or 0))
    except ValueError:
        return day.isoformat()
    if tz is None:
        dt = dt.replace(tzinfo=VN_TZ)
    else:
        if tz == "Z":
            offset = timedelta(0)
        else:
            sign = -1 if tz[0] == "-" else 1
            digits = tz[1:].replace(":", "")
            offset = sign * timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
        dt = dt.replace(tzinfo=timezone(offset)).astimezone(VN_TZ)
    return dt.isoformat()


def _parse_dmy(s: str) -> str | None:
    for m in _DMY.finditer(s):
        d, _sep, mo, y = m.groups()
        try:
            day = date(int(y), int(mo), int(d))
        except ValueError:
            continue
        t = _TIME_AFTER.match(s, m.end())
        if t:
            hh = _ampm(int(t.group(1)), t.group(4))
            return _fmt(day, hh, int(t.group(2)), int(t.group(3)) if t.group(3) else None)
        t = _TIME_BEFORE.search(s, max(0, m.start() - 24), m.start())
        if t:
            hh = _ampm(int(t.group(1)), t.group(4))
            return _fmt(day, hh, int(t.group(2)), int(t.group(3)) if t.group(3) else None)
        return day.isoformat()
    return None


_dateparser = None


#: What dateparser (asked in Vietnamese) can read that the regular expressions above cannot: a
#: Vietnamese date word (a month written ``tháng Ba``, ``thg 3``) or a year-first numeric date.
#: Without one it finds nothing, at a few milliseconds a call (English dates on foreign pages).
_DATEPARSER_CUE = re.compile(r"th[áa]ng|thg|n[ăa]m|(?:19|20)\d\d\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{1,2}", re.IGNORECASE)


def _parse_fallback(s: str) -> str | None:
    global _dateparser
    if not _YEAR.search(s) or len(s) > 200 or not _DATEPARSER_CUE.search(s):
        return None
    if _dateparser is None:
        import dateparser  # imported lazily: slow to import, rarely needed

        _dateparser = dateparser
    try:
        dt = _dateparser.parse(
            s,
            languages=["vi"],
            settings={
                "DATE_ORDER": "DMY",
                "TIMEZONE": "Asia/Ho_Chi_Minh",
                "TO_TIMEZONE": "Asia/Ho_Chi_Minh",
                "RETURN_AS_TIMEZONE_AWARE": True,
                "PREFER_DAY_OF_MONTH": "first",
                "STRICT_PARSING": False,
            },
        )
    except Exception:  # noqa: BLE001 - dateparser raises many kinds on odd strings; no date then
        return None
    if dt is None:
        return None
    if not (1990 <= dt.year <= 2100):
        return None
    if _HAS_TIME.search(s):
        return datetime(dt.year, dt.month, dt.day, dt.hour, dt.minute, dt.second, tzinfo=VN_TZ).isoformat()
    return dt.date().isoformat()


def parse_date(s: str | None) -> str | None:
    """``'28/11/2023'`` -> ``'2023-11-28'``; ``'Thứ ba, 28/11/2023 - 08:15'`` ->
    ``'2023-11-28T08:15:00+07:00'``; ISO 8601 kept (times moved to +07:00); ``None`` when the
    string holds no date."""
    if not s or not isinstance(s, str):
        return None
    s = s.strip()
    if not s:
        return None
    if s[0].isdigit() and len(s) >= 8 and s[4:5] == "-":
        iso = parse_iso(s)
        if iso:
            return iso
    if "/" in s or "-" in s or "." in s:
        found = _parse_dmy(s)
        if found:
            return found
    m = _LONG_VN.search(s)
    if m:
        try:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1))).isoformat()
        except ValueError:
            pass
    return _parse_fallback(s)


def parse_dmy(s: str | None) -> str | None:
    """The first valid ``dd/mm/yyyy`` date of the string (with its time when one is next to it);
    regular expressions only, no ``dateparser``."""
    if not s:
        return None
    return _parse_dmy(s)


def has_date(s: str) -> bool:
    """True when the string holds a valid ``dd/mm/yyyy`` date (the fast path only)."""
    return _parse_dmy(s) is not None


def iso_date_only(iso: str | None) -> str | None:
    return iso[:10] if iso else None


def iso_to_dmy(iso: str | None) -> str | None:
    """``'2023-11-28...'`` -> ``'28/11/2023'`` (the date line of ``text``)."""
    if not iso or len(iso) < 10:
        return None
    return f"{iso[8:10]}/{iso[5:7]}/{iso[0:4]}"
