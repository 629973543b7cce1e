"""A publication date as Vietnamese sites print it (visible formats) and as their markup states it
(ISO 8601 in meta tags, JSON-LD, microdata and ``<time datetime>``).

A format with a time slot prints the time only when the article has one; ``shows_time`` says
whether the printed text carries it (the invariant then expects the time in the item).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

#: Visible formats, simplest first (shrinking goes to the first).  The example is 28/11/2023 08:15.
FORMATS = (
    "dmy",                # 28/11/2023
    "dmy_time",           # 28/11/2023 08:15
    "weekday_dash_time",  # Thứ ba, 28/11/2023 - 08:15
    "dmy_dash",           # 28-11-2023
    "long_vn",            # Ngày 28 tháng 11 năm 2023
    "time_dmy",           # 08:15 28/11/2023
    "dmy_short",          # 5/3/2024 (no leading zeros)
    "dmy_pipe_time",      # 28/11/2023 | 08:15
    "nukeviet",           # Thứ ba - 28/11/2023 08:15
    "weekday_gmt",        # Thứ Ba, 28/11/2023, 08:15 (GMT+7)
    "weekday_long_vn",    # Thứ ba, ngày 28 tháng 11 năm 2023
    "dmy_dot",            # 28.11.2023
    "posted",             # Ngày đăng: 28/11/2023 lúc 08:15
    "updated",            # Cập nhật: 08:15 | 28/11/2023
    "dang_luc",           # Đăng lúc: 08:15 28/11/2023
    "paren",              # (28/11/2023 08:15)
    "hour_h",             # 08h15 ngày 28/11/2023
    "iso_text",           # 2023-11-28 08:15
    "ngay_dmy",           # Ngày 28/11/2023
)
_WITH_TIME = {"dmy_time", "weekday_dash_time", "time_dmy", "dmy_pipe_time", "nukeviet", "weekday_gmt",
              "posted", "updated", "dang_luc", "paren", "hour_h", "iso_text"}
#: Formats that carry their own label: a table row's label cell would say it twice.
LABELLED = {"posted", "updated", "dang_luc"}


def shows_time(fmt: str, time: tuple[int, int] | None) -> bool:
    return time is not None and fmt in _WITH_TIME


def weekday(day: date, capital: bool = False) -> str:
    w = WEEKDAYS[day.weekday()]
    return w.title() if capital and w != "Chủ nhật" else w


def date_text(fmt: str, day: date, time: tuple[int, int] | None, capital: bool = False) -> str:
    d = day.strftime("%d/%m/%Y")
    hm = f"{time[0]:02d}:{time[1]:02d}" if time else ""
    wd = weekday(day, capital)
    if fmt == "dmy":
        return d
    if fmt == "dmy_time":
        return f"{d} {hm}".strip()
    if fmt == "weekday_dash_time":
        return f"{wd}, {d}" + (f" - {hm}" if hm else "")
    if fmt == "dmy_dash":
        return day.strftime("%d-%m-%Y")
    if fmt == "long_vn":
        return f"Ngày {day.day} tháng {day.month} năm {day.year}"
    if fmt == "time_dmy":
        return f"{hm} {d}".strip()
    if fmt == "dmy_short":
        return f"{day.day}/{day.month}/{day.year}"
    if fmt == "dmy_pipe_time":
        return f"{d} | {hm}" if hm else d
    if fmt == "nukeviet":
        return f"{wd} - {d} {hm}".strip()
    if fmt == "weekday_gmt":
        return f"{wd}, {d}" + (f", {hm} (GMT+7)" if hm else "")
    if fmt == "weekday_long_vn":
        return f"{wd}, ngày {day.day} tháng {day.month} năm {day.year}"
    if fmt == "dmy_dot":
        return day.strftime("%d.%m.%Y")
    if fmt == "posted":
        return f"Ngày đăng: {d}" + (f" lúc {hm}" if hm else "")
    if fmt == "updated":
        return f"Cập nhật: {hm} | {d}" if hm else f"Cập nhật: {d}"
    if fmt == "dang_luc":
        return f"Đăng lúc: {hm} {d}" if hm else f"Đăng ngày: {d}"
    if fmt == "paren":
        return f"({d} {hm})" if hm else f"({d})"
    if fmt == "hour_h":
        return f"{time[0]:02d}h{time[1]:02d} ngày {d}" if time else f"Ngày {d}"
    if fmt == "iso_text":
        return f"{day.isoformat()} {hm}".strip()
    if fmt == "ngay_dmy":
        return f"Ngày {d}"
    raise ValueError(fmt)


def iso(day: date, time: tuple[int, int] | None, utc: bool = False) -> str:
    """The ISO 8601 value a meta tag states: Viet Nam time with its offset, or the same instant
    in UTC (``Z``) as some CMSs write it; a bare date when the site keeps no time."""
    if time is None:
        return day.isoformat()
    local = datetime(day.year, day.month, day.day, time[0], time[1], tzinfo=timezone(timedelta(hours=7)))
    if utc:
        return local.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return local.isoformat()


def other_day(day: date, back: int) -> date:
    """A sidebar teaser's or a comment's date: never the article's own day."""
    return day - timedelta(days=1 + back)
