"""Dates: the regular-expression fast path and the dateparser fallback."""

from __future__ import annotations

import pytest

from vkscrawl.parsing import parse_date
from vkscrawl.parsing.dates import iso_to_dmy, parse_dmy, parse_iso


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("28/11/2023", "2023-11-28"),
        ("1/3/2025", "2025-03-01"),
        ("Thứ ba, 28/11/2023 - 08:15", "2023-11-28T08:15:00+07:00"),
        ("Thứ Hai, 10/03/2025 - 16:05", "2025-03-10T16:05:00+07:00"),
        ("Chủ nhật, 02/02/2025", "2025-02-02"),
        ("28/11/2023 08:15", "2023-11-28T08:15:00+07:00"),
        ("28/11/2023 | 08:15:30", "2023-11-28T08:15:30+07:00"),
        ("08:15 28/11/2023", "2023-11-28T08:15:00+07:00"),
        ("Cập nhật lúc 08:15 ngày 28/11/2023", "2023-11-28T08:15:00+07:00"),
        ("Ngày đăng: 28/11/2023", "2023-11-28"),
        ("28-11-2023", "2023-11-28"),
        ("28.11.2023", "2023-11-28"),
        ("  28/11/2023  ", "2023-11-28"),
    ],
)
def test_fast_path(raw, iso):
    assert parse_date(raw) == iso


@pytest.mark.parametrize(
    "raw, iso",
    [
        ("2023-11-28", "2023-11-28"),
        ("2023-11-28T08:15:00+07:00", "2023-11-28T08:15:00+07:00"),
        ("2023-11-28T01:15:00Z", "2023-11-28T08:15:00+07:00"),
        ("2023-11-28T01:15:00+00:00", "2023-11-28T08:15:00+07:00"),
        ("2023-11-27T20:00:00-05:00", "2023-11-28T08:00:00+07:00"),
        ("2023-11-28T08:15:00", "2023-11-28T08:15:00+07:00"),
        ("2023-11-28 08:15", "2023-11-28T08:15:00+07:00"),
        ("2023-11-28T08:15:00.123+0700", "2023-11-28T08:15:00+07:00"),
    ],
)
def test_iso(raw, iso):
    assert parse_date(raw) == iso
    assert parse_iso(raw) == iso


@pytest.mark.parametrize(
    "raw",
    ["", None, "   ", "Vừa qua", "không có ngày", "31/02/2023", "28/13/2023", "12345", "hôm nay", "abc 2023"],
)
def test_no_date(raw):
    assert parse_date(raw) is None


def test_first_valid_date_wins():
    assert parse_date("31/02/2023 hoặc 01/03/2023") == "2023-03-01"


def test_fallback_dateparser_vietnamese_words():
    assert parse_date("ngày 28 tháng 11 năm 2023") == "2023-11-28"


def test_range_is_not_a_time():
    assert parse_date("28/11/2023 - 30/11/2023") == "2023-11-28"


def test_dmy_only_helper_does_not_use_dateparser():
    assert parse_dmy("ngày 28 tháng 11 năm 2023") is None
    assert parse_dmy("Đăng 28/11/2023") == "2023-11-28"


def test_iso_to_dmy():
    assert iso_to_dmy("2023-11-28") == "28/11/2023"
    assert iso_to_dmy("2023-11-28T08:15:00+07:00") == "28/11/2023"
    assert iso_to_dmy(None) is None


def test_dateparser_still_reads_what_the_regular_expressions_cannot():
    # dateparser is asked only when a string holds a Vietnamese date word or a year-first date;
    # these need it (a month written as a word, a short month, a year-first date)
    assert parse_date("Thứ Ba, 5 tháng Ba 2024") == "2024-03-05"
    assert parse_date("05 thg 3, 2024") == "2024-03-05"
    assert parse_date("2024/03/05 08:15") == "2024-03-05T08:15:00+07:00"
