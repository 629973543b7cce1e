"""Text normalisation and the content hash (EXTRACTION.md, "Text normalisation", content_hash)."""

from __future__ import annotations

import hashlib
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from vkscrawl.parsing import content_hash, normalize_line, normalize_text


def test_nfc():
    nfd = unicodedata.normalize("NFD", "Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế")
    assert nfd != "Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế"
    assert normalize_text(nfd) == "Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế"
    assert normalize_line(nfd) == "Viện kiểm sát nhân dân tỉnh Thừa Thiên Huế"


def test_no_break_spaces_become_spaces():
    assert normalize_text("VKSND\u00a0tỉnh\u202fCao Bằng") == "VKSND tỉnh Cao Bằng"


def test_zero_width_and_soft_hyphen_removed():
    s = "Kiểm\u200b sát\u200c nhân\u200d dân\u2060 tối\ufeff cao\u00ad"
    assert normalize_text(s) == "Kiểm sát nhân dân tối cao"


def test_zero_width_between_base_and_mark_still_composes():
    s = "Vie\u200b\u0302\u0323n"  # e + ZWSP + combining circumflex + dot below
    assert normalize_line(s) == "Việ" + "n"


def test_runs_of_white_space_in_a_line_collapse_and_lines_are_stripped():
    assert normalize_text("  a \t  b  \n   c  ") == "a b\nc"


def test_blank_lines_collapse_to_one_and_no_outer_white_space():
    assert normalize_text("\n\n a \n\n\n\n b \n\n") == "a\n\nb"


def test_crlf():
    assert normalize_text("a\r\nb") == "a\nb"


def test_single_line_fields_hold_no_line_break():
    assert normalize_line(" Đồng chí A,\n Vụ trưởng \n") == "Đồng chí A, Vụ trưởng"


def test_empty_inputs():
    assert normalize_text("") == ""
    assert normalize_text(None) == ""
    assert normalize_line(None) == ""
    assert normalize_text(" \u00a0\u200b ") == ""


def _reference_hash(title, summary, body):
    parts = [" ".join(unicodedata.normalize("NFC", p or "").split()) for p in (title, summary, body)]
    return "sha256:" + hashlib.sha256("\n".join(parts).encode("utf-8")).hexdigest()


def test_content_hash_spec():
    h = content_hash("Tiêu đề", "Tóm tắt", "Đoạn 1.\n\nĐoạn 2.")
    expected = hashlib.sha256("Tiêu đề\nTóm tắt\nĐoạn 1. Đoạn 2.".encode()).hexdigest()
    assert h == "sha256:" + expected


def test_content_hash_without_summary():
    h = content_hash("T", None, "B")
    assert h == "sha256:" + hashlib.sha256(b"T\n\nB").hexdigest()
    assert content_hash("T", "", "B") == h


def test_content_hash_ignores_nfd_and_white_space_layout():
    a = content_hash("Cần Thơ", "x  y", "a\nb\n\nc")
    b = content_hash(unicodedata.normalize("NFD", "Cần Thơ"), "x y", "a b c")
    assert a == b


@given(st.text(), st.one_of(st.none(), st.text()), st.text())
def test_content_hash_matches_reference(title, summary, body):
    assert content_hash(title, summary, body) == _reference_hash(title, summary, body)


@given(st.text())
def test_normalize_text_is_idempotent(s):
    once = normalize_text(s)
    assert normalize_text(once) == once
    assert once == once.strip()
    assert "\n\n\n" not in once
    assert "\u00a0" not in once and "\u200b" not in once


@given(st.text())
def test_normalize_line_has_no_line_break(s):
    out = normalize_line(s)
    assert "\n" not in out and "  " not in out
    assert normalize_line(out) == out
