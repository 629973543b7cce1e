"""The event rules (vkscrawl/digest/) one decision at a time, on sentences written the way the
portal's digests write them, and on every fixture item: ids, fields, schema, content hash.

The rules' quality on whole labelled sections is tests/test_events_quality.py."""

from __future__ import annotations

import copy
import json
import unicodedata
from datetime import date, timedelta

import pytest
from hypothesis import given, settings, strategies as st
from jsonschema import Draft202012Validator

from tests.support.events_quality import fixture_items
from vkscrawl.digest import event_content_hash, event_deletion, event_ids, events_of
from vkscrawl.digest.dates import activity_date
from vkscrawl.digest.events import schema_text
from vkscrawl.digest.kinds import KINDS, PHRASES, kinds_of
from vkscrawl.digest.people import people_in
from vkscrawl.digest.text import normal, phrases_pattern
from vkscrawl.digest.units import _name_pattern, normalise_unit, unit_in, unit_level


# --- dates ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, published, expected", [
    ("Ngày 08/8/2025, VKSND tỉnh X tổ chức Hội nghị.", "2025-08-12", ("2025-08-08", "text")),
    ("Sáng 12/3, VKSND tỉnh X tổ chức Hội nghị.", "2025-04-01", ("2025-03-12", "text")),
    ("Chiều ngày 2/4, Đoàn công tác đến làm việc.", "2024-04-09", ("2024-04-02", "text")),
    ("Trong hai ngày 5 và 6/3, VKSND tỉnh X tập huấn.", "2025-03-10", ("2025-03-05", "text")),
    ("Từ ngày 28/2 đến ngày 2/3/2024, Đoàn kiểm sát làm việc.", "2024-03-05", ("2024-02-28", "text")),
    ("Từ ngày 11 đến ngày 13/3/2024, VKSND tổ chức lớp học.", "2024-03-14", ("2024-03-11", "text")),
    ("Ngày 14-15/02/2025, VKSND tỉnh X tập huấn.", "2025-02-18", ("2025-02-14", "text")),
    ("Ngày 10 tháng 3 năm 2025, VKSND tỉnh X ký kết Quy chế.", "2025-03-12", ("2025-03-10", "text")),
    # a day without a year takes the year that puts it on or before the digest's date
    ("Ngày 30/12, VKSND tỉnh X tổng kết công tác năm.", "2026-01-06", ("2025-12-30", "text")),
    ("Sáng 2/01, VKSND tỉnh X tổng kết công tác năm.", "2026-01-06", ("2026-01-02", "text")),
    # no day: the digest's day
    ("Vừa qua, VKSND tỉnh X tổ chức Hội nghị.", "2024-12-06", ("2024-12-06", "digest")),
    ("Trong tháng 5/2024, VKSND tỉnh X hưởng ứng Tháng hành động.", "2024-05-21",
     ("2024-05-21", "digest")),
    ("Năm 2023 hoàn thành 125/125 chỉ tiêu, 9/10 chỉ tiêu vượt.", "2024-01-05",
     ("2024-01-05", "digest")),
    ("", "2024-01-05T16:20:00+07:00", ("2024-01-05", "digest")),
])
def test_activity_date(text, published, expected):
    assert activity_date(text, published) == expected


@pytest.mark.parametrize("text", [
    # an anniversary's dates in parentheses, then the day of the activity
    "Nhân kỷ niệm 80 năm Ngày thành lập (19/8/1945 - 19/8/2025), ngày 15/8/2025, VKSND tổ chức.",
    # a document's date, then the day of the activity
    "Thực hiện Quyết định số 123/QĐ-VKSTC ngày 01/02/2025 của Viện trưởng, ngày 15/8/2025, VKSND.",
    "Thực hiện Chỉ thị 05-CT/TW ngày 15/5/2016, ngày 15/8/2025, Chi bộ tổ chức sinh hoạt.",
    # a deadline after the digest, then the day of the activity
    "Phải hoàn thành trước ngày 30/9/2025. Ngày 15/8/2025, VKSND tổ chức Hội nghị.",
    # a date more than a year before the digest (the history of a case)
    "Khoảng 21 giờ ngày 14/01/2022, bị cáo thực hiện hành vi; ngày 15/8/2025 xét xử.",
    # an impossible day is no day
    "Ngày 31/02/2025 (sai), ngày 15/8/2025, VKSND tổ chức Hội nghị.",
])
def test_what_is_not_the_activity_day_is_skipped(text):
    assert activity_date(text, "2025-08-20") == ("2025-08-15", "text")


@pytest.mark.parametrize("text, published, expected", [
    # a span over the year's end, its year written once at its end (found by the section
    # generator, tests/support/sections)
    ("Từ ngày 31/12 đến ngày 01/01/2025, VKSND tỉnh X tổ chức.", "2025-01-03", "2024-12-31"),
    ("Từ ngày 30/12 - 02/01/2026, VKSND tỉnh X tổ chức.", "2026-01-05", "2025-12-30"),
    ("Từ ngày 06/10 đến ngày 10/10/2025, VKSND tỉnh X tổ chức.", "2025-10-12", "2025-10-06"),
])
def test_a_span_over_the_year_end(text, published, expected):
    assert activity_date(text, published) == (expected, "text")


@pytest.mark.parametrize("text, published, expected", [
    # a number that ends a sentence or an aside is no document's (found by the section generator)
    ("Dự có đồng chí A (phụ trách Cụm thi đua số 3).\n\nNgày 9/10, đơn vị tổ chức.", "2025-10-13",
     "2025-10-09"),
    ("Thực hiện Kế hoạch số 45/KH-VKS. Ngày 9/10, đơn vị tổ chức.", "2025-10-13", "2025-10-09"),
    ("Đây là lần thứ 2 trong năm, số 12. Ngày 9/10, đơn vị tổ chức.", "2025-10-13", "2025-10-09"),
])
def test_a_number_ending_a_sentence_is_no_document(text, published, expected):
    assert activity_date(text, published) == (expected, "text")


@pytest.mark.parametrize("text, published, expected", [
    # the day in parentheses after "sáng nay", "chiều qua" (found by the section generator)
    ("Sáng nay (12/3), VKSND tỉnh X tổ chức Hội nghị.", "2025-03-12", "2025-03-12"),
    ("Chiều qua (11/04), VKSND tỉnh X tổ chức Hội nghị.", "2025-04-12", "2025-04-11"),
    ("VKSND tỉnh X tổ chức Hội nghị vào tối qua (31/12).", "2026-01-01", "2025-12-31"),
])
def test_the_day_in_parentheses_after_today_or_yesterday(text, published, expected):
    assert activity_date(text, published) == (expected, "text")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(
    st.sampled_from(["Ngày", "ngày", "Sáng", "Chiều", "từ ngày", "đến ngày", "và", "(", ")", ",",
                     "số 12/KH-VKS", "tháng", "năm", "VKSND tỉnh Lâm Đồng", "tổ chức", "-", "/"]),
    st.integers(0, 40).map(str),
    st.builds(lambda d, m, y: f"{d}/{m}/{y}", st.integers(0, 35), st.integers(0, 14),
              st.integers(1990, 2030)),
    st.builds(lambda d, m: f"{d}/{m}", st.integers(0, 35), st.integers(0, 14)),
), max_size=25).map(" ".join), st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_an_activity_date_is_never_after_the_digest_nor_a_year_before_it(text, published):
    day, source = activity_date(text, published.isoformat())
    found = date.fromisoformat(day)
    assert source in ("text", "digest")
    if source == "digest":
        assert found == published
    else:
        assert published - timedelta(days=366) <= found <= published


# --- the normal form and phrase patterns -----------------------------------------------------------

@pytest.mark.parametrize("written, modern", [
    ("Thanh Hoá", "Thanh Hóa"), ("Khánh Hoà", "Khánh Hòa"), ("THANH HOÁ", "THANH HÓA"),
    ("Thuỷ", "Thủy"), ("toạ đàm", "tọa đàm"), ("khoẻ", "khỏe"), ("hoạ", "họa"),
    ("quý", "quý"), ("Hoàng", "Hoàng"), ("hoá đơn", "hóa đơn"),
    ("a\u00a0b\u200bc  d", "a bc d"), ("  x \n  y  ", "x\ny"),
])
def test_normal_form(written, modern):
    assert normal(written) == modern
    assert normal(unicodedata.normalize("NFD", written)) == modern


def test_phrases_are_whole_words_with_any_spacing_and_an_optional_comma():
    pattern = phrases_pattern(("tuyên truyền, phổ biến", "Toạ đàm"))
    for text in ("tuyên truyền, phổ biến", "tuyên truyền phổ biến", "tuyên  truyền ,phổ biến",
                 "tọa đàm"):
        assert pattern.search(text), text
    for text in ("tuyên truyềnphổ biến", "tuyên truyền x phổ biến", "tọa đàmx", "xtọa đàm", "TỌA ĐÀM"):
        assert not pattern.search(text), text


def test_province_names_in_a_unit_are_found_in_any_spelling():
    names = _name_pattern()
    for text in ("thanh hóa", "Thừa Thiên-Huế", "Thừa Thiên - Huế", "HCM", "Bà Rịa Vũng Tàu"):
        assert names.fullmatch(normal(text)), text
    assert not names.search("Thanh Hóax")


# --- units ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("written, normalised, published, level", [
    ("VKSND tỉnh Cao Bằng", "VKSND tỉnh Cao Bằng", "2023-11-28", "tinh"),
    ("VKSND Tp Cần Thơ", "VKSND thành phố Cần Thơ", "2024-05-21", "tinh"),
    ("VKSND TP. Hồ Chí Minh", "VKSND thành phố Hồ Chí Minh", "2024-03-14", "tinh"),
    # "TP." glued to the name, the city's abbreviation (found by the section generator)
    ("Viện KSND TP.Cần Thơ", "VKSND thành phố Cần Thơ", "2024-03-14", "tinh"),
    ("VKSND TP.HCM", "VKSND thành phố Hồ Chí Minh", "2024-03-14", "tinh"),
    ("VKSND TPHCM", "VKSND thành phố Hồ Chí Minh", "2024-03-14", "tinh"),
    ("VKSND khu vực 7 - TP.HCM", "VKSND khu vực 7 - thành phố Hồ Chí Minh", "2025-11-25",
     "khu_vuc"),
    ("Viện kiểm sát nhân dân Thành phố Hà Nội", "VKSND thành phố Hà Nội", "2024-03-14", "tinh"),
    ("VKSND tỉnh Thừa Thiên - Huế", "VKSND tỉnh Thừa Thiên Huế", "2024-03-14", "tinh"),
    ("Viện KSND tỉnh Thanh Hoá", "VKSND tỉnh Thanh Hóa", "2024-05-21", "tinh"),
    ("VKSND các tỉnh Phú Yên, Sóc Trăng", "VKSND các tỉnh Phú Yên, Sóc Trăng", "2024-05-21", "tinh"),
    ("VKSND khu vực 3 – Lâm Đồng", "VKSND khu vực 3 - Lâm Đồng", "2025-08-12", "khu_vuc"),
    ("VKSND khu vực 7 - Thành phố Hồ Chí Minh", "VKSND khu vực 7 - thành phố Hồ Chí Minh",
     "2025-11-25", "khu_vuc"),
    ("VKSND cấp cao tại Đà Nẵng", "VKSND cấp cao tại Đà Nẵng", "2025-11-11", "cap_cao"),
    ("VKSND tối cao", "VKSND tối cao", "2026-02-03", "toi_cao"),
    ("VKSND huyện Điện Biên Đông", "VKSND huyện Điện Biên Đông", "2024-05-21", "huyen"),
    ("VKSND quận Ba Đình", "VKSND quận Ba Đình", "2024-05-21", "huyen"),
    ("VKSND thị xã Sơn Tây", "VKSND thị xã Sơn Tây", "2024-05-21", "huyen"),
    ("VKSND thành phố Vinh", "VKSND thành phố Vinh", "2024-06-26", "huyen"),
    ("VKSND thành phố Thủ Đức", "VKSND thành phố Thủ Đức", "2024-06-26", "huyen"),
    ("VKSND thành phố Cần Thơ (cũ)", "VKSND thành phố Cần Thơ (cũ)", "2024-06-26", "tinh"),
    # Huế: a city of Thừa Thiên Huế until 1 January 2025, centrally run since
    ("VKSND thành phố Huế", "VKSND thành phố Huế", "2024-12-31", "huyen"),
    ("VKSND thành phố Huế", "VKSND thành phố Huế", "2025-01-01", "tinh"),
])
def test_unit_normal_form_and_level(written, normalised, published, level):
    assert normalise_unit(written) == normalised
    assert unit_level(normalised, published) == level


@pytest.mark.parametrize("unit", ["Viện kiểm sát quân sự Quân khu 4", "Tòa án nhân dân tỉnh X",
                                  "VKSND", "", None])
def test_a_unit_without_a_level(unit):
    assert unit_level(normalise_unit(unit) if unit else unit, "2025-01-01") is None


@pytest.mark.parametrize("text, unit", [
    ("VKSND tỉnh Thanh Hóa tổng kết công tác năm 2023", "VKSND tỉnh Thanh Hóa"),
    ("Phó Viện trưởng VKSND tối cao Nguyễn Văn A làm việc tại Quảng Trị", "VKSND tối cao"),
    ("Viện trưởng VKSND tỉnh Khánh Hòa Lê Thị B trao quyết định", "VKSND tỉnh Khánh Hòa"),
    ("Đoàn công tác làm việc với VKSND khu vực 9 - Nghệ An.", "VKSND khu vực 9 - Nghệ An"),
    ("Kiểm sát viên xét hỏi tại phiên tòa", None),
    ("Đoàn công tác của VKSND TP. Hồ Chí Minh tổ chức", "VKSND TP. Hồ Chí Minh"),
    ("Tại VKSND tỉnh Lâm Đồng, các đại biểu thảo luận", "VKSND tỉnh Lâm Đồng"),
    ("Thẩm phán và VKSND cấp cao tại phiên tòa", "VKSND cấp cao"),
    ("Thư của VKSND khu vực 2 - gửi các đơn vị", "VKSND khu vực 2"),
    ("Lãnh đạo VKSND các đơn vị dự", None),
    ("Phó Viện trưởng VKSND thành phố Huế Lê Văn Hòa phát biểu", "VKSND thành phố Huế"),
])
def test_the_first_unit_a_text_names(text, unit):
    assert unit_in(text) == unit


# --- people --------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, people", [
    ("Dự Hội nghị có đồng chí Nguyễn Văn An, Phó Viện trưởng VKSND tỉnh Bình Dương.",
     [("Nguyễn Văn An", "Phó Viện trưởng VKSND tỉnh Bình Dương")]),
    ("Đoàn do ông Trần Quốc Bảo - Viện trưởng làm Trưởng đoàn.", [("Trần Quốc Bảo", "Viện trưởng")]),
    ("Đồng chí Lê Thị Cúc, Bí thư Ban cán sự đảng, Viện trưởng VKSND tỉnh Hà Nam chủ trì.",
     [("Lê Thị Cúc", "Bí thư Ban cán sự đảng, Viện trưởng VKSND tỉnh Hà Nam")]),
    ("Phát biểu, Viện trưởng VKSND tỉnh Hà Giang Phạm Minh Đức nhấn mạnh yêu cầu.",
     [("Phạm Minh Đức", "Viện trưởng VKSND tỉnh Hà Giang")]),
    ("Kiểm sát viên Đỗ Thị Hạnh thực hành quyền công tố tại phiên tòa.",
     [("Đỗ Thị Hạnh", "Kiểm sát viên")]),
    ("bà Hoàng Thị Lan, Chủ tịch Ủy ban nhân dân xã Tân Lập cảm ơn Đoàn.",
     [("Hoàng Thị Lan", "Chủ tịch Ủy ban nhân dân xã Tân Lập")]),
    ("Đại tá Vũ Văn Hải, Chỉ huy trưởng Bộ đội Biên phòng tỉnh đề nghị phối hợp.",
     [("Vũ Văn Hải", "Chỉ huy trưởng Bộ đội Biên phòng tỉnh")]),
    # the first mention with a title wins; a later bare mention adds nothing
    ("Đồng chí Ngô Văn Sơn, Phó Vụ trưởng Vụ 7 VKSND tối cao dự. Đồng chí Ngô Văn Sơn phát biểu.",
     [("Ngô Văn Sơn", "Phó Vụ trưởng Vụ 7 VKSND tối cao")]),
    # a title before the name, with a comma or an honorific between them
    ("Phát biểu, Chủ tịch Ủy ban nhân dân tỉnh Hà Nam, ông Trần Văn Dũng cho biết.",
     [("Trần Văn Dũng", "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam")]),
    ("Viện trưởng VKSND tỉnh Hà Nam đồng chí Trần Văn Dũng phát biểu.",
     [("Trần Văn Dũng", "Viện trưởng VKSND tỉnh Hà Nam")]),
    # where a title ends: "và" another official, parentheses, a comma then no title, a sentence
    ("đồng chí Lê Văn Em, Phó Viện trưởng và đồng chí Lê Thị Phương, Chánh Văn phòng dự.",
     [("Lê Văn Em", "Phó Viện trưởng"), ("Lê Thị Phương", "Chánh Văn phòng")]),
    ("ông Lê Văn An, Giám đốc Sở Tư pháp (tỉnh Hà Nam) phát biểu.",
     [("Lê Văn An", "Giám đốc Sở Tư pháp")]),
    ("bà Lê Thị Thu, Chủ nhiệm Câu lạc bộ “Pháp luật với cuộc sống” phát biểu.",
     [("Lê Thị Thu", "Chủ nhiệm Câu lạc bộ")]),
    ("ông Đặng Văn Tú, Phó Viện trưởng, người phụ trách khối nghiệp vụ.",
     [("Đặng Văn Tú", "Phó Viện trưởng")]),
    ("Dự có ông Lê Văn An, Viện trưởng VKSND tỉnh Hà Nam. Phó Viện trưởng Trần Văn Bình "
     "phát biểu.", [("Lê Văn An", "Viện trưởng VKSND tỉnh Hà Nam"),
                   ("Trần Văn Bình", "Phó Viện trưởng")]),
    ("ông Lê Văn Cường, Kiểm tra viên Phòng 7 cho biết.", [("Lê Văn Cường", "Kiểm tra viên Phòng 7")]),
    # a title ends after a complete place, whatever verb follows (one, two, three, five words)
    ("đồng chí Hà Văn Sơn, Giám đốc Sở Tư pháp thành phố Huế nhắc lại yêu cầu.",
     [("Hà Văn Sơn", "Giám đốc Sở Tư pháp thành phố Huế")]),
    ("đồng chí Hà Văn Sơn, Viện trưởng VKSND tỉnh Lạng Sơn nhắc lại yêu cầu.",
     [("Hà Văn Sơn", "Viện trưởng VKSND tỉnh Lạng Sơn")]),
    ("đồng chí Hà Văn Sơn, Giám đốc Sở Tư pháp Thành phố Hồ Chí Minh nhắc lại yêu cầu.",
     [("Hà Văn Sơn", "Giám đốc Sở Tư pháp Thành phố Hồ Chí Minh")]),
    ("đồng chí Hà Văn Sơn, Giám đốc Sở Tư pháp tỉnh Bà Rịa - Vũng Tàu nhắc lại yêu cầu.",
     [("Hà Văn Sơn", "Giám đốc Sở Tư pháp tỉnh Bà Rịa - Vũng Tàu")]),
    ("đồng chí Hà Văn Sơn, Phó Viện trưởng VKSND tối cao nhắc lại yêu cầu.",
     [("Hà Văn Sơn", "Phó Viện trưởng VKSND tối cao")]),
    # capitalised, a stop word is part of a name
    ("đồng chí Hà Văn Sơn, Phó Trưởng Ban Chỉ đạo 35 tỉnh Hà Nam phát biểu.",
     [("Hà Văn Sơn", "Phó Trưởng Ban Chỉ đạo 35 tỉnh Hà Nam")]),
    # a name after a province name
    ("Giám đốc Sở Tư pháp thành phố Huế Lê Văn Hòa phát biểu.",
     [("Lê Văn Hòa", "Giám đốc Sở Tư pháp thành phố Huế")]),
    # a district's name then the name, its last syllable or the next a family name (found by the
    # section generator, tests/support/sections)
    ("Bí thư Chi bộ VKSND thành phố Buôn Ma Thuột Hà Thị Ngọc phát biểu khai mạc.",
     [("Hà Thị Ngọc", "Bí thư Chi bộ VKSND thành phố Buôn Ma Thuột")]),
    ("Viện trưởng Viện KSND huyện Bảo Lâm Đào Thị Minh Nguyệt phát biểu khai mạc.",
     [("Đào Thị Minh Nguyệt", "Viện trưởng Viện KSND huyện Bảo Lâm")]),
    # a place of three syllables and a name of four: seven in one run (MAX_PLACE_AND_NAME)
    ("Viện trưởng VKSND thành phố Buôn Ma Thuột Đào Thị Minh Nguyệt phát biểu.",
     [("Đào Thị Minh Nguyệt", "Viện trưởng VKSND thành phố Buôn Ma Thuột")]),
    ("Viện trưởng VKSND thành phố Vinh Nguyễn Văn An phát biểu.",
     [("Nguyễn Văn An", "Viện trưởng VKSND thành phố Vinh")]),
    ("Đồng chí Hà Thị Ngọc, Viện trưởng VKSND thành phố Buôn Ma Thuột chủ trì.",
     [("Hà Thị Ngọc", "Viện trưởng VKSND thành phố Buôn Ma Thuột")]),
    # "VKSND tỉnh" (the province's own procuracy) right before the name
    ("Viện trưởng VKSND tỉnh Lê Minh Tuấn phát biểu khai mạc.",
     [("Lê Minh Tuấn", "Viện trưởng VKSND tỉnh")]),
    ("Bí thư Chi đoàn VKSND tỉnh Đào Thị Minh Nguyệt phát biểu.",
     [("Đào Thị Minh Nguyệt", "Bí thư Chi đoàn VKSND tỉnh")]),
    # two officials in one sentence
    ("Dự có đồng chí Lý Văn Tài, Phó Viện trưởng VKSND tối cao; đồng chí Mai Thị Hoa, Phó Chủ "
     "tịch Ủy ban nhân dân tỉnh Nam Định.",
     [("Lý Văn Tài", "Phó Viện trưởng VKSND tối cao"),
      ("Mai Thị Hoa", "Phó Chủ tịch Ủy ban nhân dân tỉnh Nam Định")]),
])
def test_people_with_their_titles(text, people):
    assert [(p["name"], p["title"]) for p in people_in(text)] == people


@pytest.mark.parametrize("text", [
    "Bị cáo Nguyễn Văn H. (sinh năm 1990) bị tuyên phạt 8 năm tù.",         # the accused
    "Đồng chí Viện trưởng VKSND tỉnh Đắk Lắk đề nghị công chức đoàn kết.",   # a title, no name
    "Đồng chí Nguyễn Văn Thành phát biểu tại Hội nghị.",                     # a name, no title
    "Thi đua theo lời dạy của Chủ tịch Hồ Chí Minh.",                       # the city's eponym
    "Bắt quả tang tại đường Lê Lợi, thành phố Vinh.",                       # a street
    "Viện trưởng VKSND thành phố Buôn Ma Thuột chủ trì.",                   # a city, not "Ma Thuột"
    "VKSND tỉnh Hà Nam, Viện trưởng đã ký.",                                # a province
])
def test_not_people(text):
    assert people_in(text) == []


# --- kinds ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, kinds", [
    ("VKSND tỉnh X tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm.", ["conference"]),
    ("VKSND tỉnh X tổ chức Hội nghị giao ban công tác tháng 3.", ["conference"]),
    ("VKSND tỉnh X tổ chức Hội nghị nhận xét, đánh giá cán bộ.", ["conference"]),
    ("VKSND tỉnh X tổ chức Hội nghị trực tuyến tập huấn nghiệp vụ.", ["training"]),
    ("VKSND tỉnh X tổ chức Hội nghị trực tuyến nhận xét cán bộ.", ["conference"]),
    # a meeting held to do something else is that kind only
    ("VKSND tỉnh X tổ chức Hội nghị tập huấn trực tuyến. Tại Hội nghị, các báo cáo viên trao đổi.",
     ["training"]),
    ("VKSND tỉnh X và Công an tỉnh tổ chức Hội nghị ký kết Quy chế phối hợp.", ["agreement"]),
    ("VKSND tỉnh X tổ chức Hội nghị trao quyết định bổ nhiệm Phó Viện trưởng.", ["appointment"]),
    ("VKSND tỉnh X tổ chức Hội thảo khoa học về án hành chính.", ["seminar"]),
    ("VKSND tỉnh X tổ chức Tọa đàm kỷ niệm ngày thành lập.", ["seminar"]),
    ("VKSND tỉnh X tổ chức Toạ đàm về án ma túy.", ["seminar"]),   # old tone placement
    ("VKSND phối hợp tổ chức phiên tòa hình sự sơ thẩm rút kinh nghiệm.", ["model_trial"]),
    ("Phiên tòa được tổ chức theo hình thức trực tuyến đến các điểm cầu.", ["model_trial"]),
    ("VKSND tỉnh X trực tiếp kiểm sát việc tạm giữ, tạm giam tại Nhà tạm giữ.", ["inspection"]),
    ("Đoàn kiểm tra của VKSND tỉnh kiểm tra toàn diện công tác nghiệp vụ.", ["inspection"]),
    ("VKSND tỉnh X và Sở Tư pháp ký Quy chế phối hợp trong công tác thi hành án.", ["agreement"]),
    ("Cụm thi đua số 5 tổng kết công tác thi đua, khen thưởng năm 2024.",
     ["conference", "emulation"]),
    ("VKSND tỉnh X đưa vào sử dụng phần mềm quản lý án và hệ thống chữ ký số.", ["digital"]),
    ("VKSND tỉnh X tuyên truyền, phổ biến pháp luật cho người dân xã Y.", ["legal_outreach"]),
    ("Đoàn công tác VKSND tỉnh X đến thăm, tặng quà gia đình chính sách.", ["visit", "charity"]),
    ("Chi bộ Phòng 1 tổ chức Đại hội Chi bộ nhiệm kỳ 2025 - 2027.", ["party_union"]),
    ("VKSND tỉnh X trao 2 nhà đại đoàn kết cho hộ nghèo.", ["charity"]),
    ("VKSND tỉnh X tổ chức Hội thi Kiểm sát viên giỏi.", ["contest"]),
    ("VKSND tỉnh X triển khai phương án sắp xếp tổ chức bộ máy.", ["reorganisation"]),
    ("VKSND tỉnh X tổ chức Lễ kỷ niệm 65 năm Ngày thành lập ngành.", ["ceremony"]),
    ("VKSND tỉnh X phối hợp tiêu hủy vật chứng của các vụ án.", ["other"]),
])
def test_kinds(text, kinds):
    assert kinds_of(text) == kinds


@pytest.mark.parametrize("text", [
    # what a speaker urged or planned
    "Viện trưởng yêu cầu các đơn vị tăng cường ứng dụng công nghệ thông tin, chuyển đổi số.",
    "Năm 2025, đơn vị xác định phải đẩy mạnh số hóa hồ sơ vụ án.",
    "Kết thúc đợt này, đơn vị sẽ tổ chức sơ kết rút kinh nghiệm.",
    # background
    "Các đơn vị đã ổn định tổ chức sau sắp xếp, sau khi hợp nhất ba tỉnh.",
    # names in quotes: a campaign, a case
    "Đơn vị hưởng ứng phong trào “Cả nước chung tay vì người nghèo”.",
    # a job title, a prison's family visits, a colleague's congratulations, a title's words
    "Kiểm tra viên nghiên cứu hồ sơ; bảo đảm chế độ thăm gặp cho người bị tạm giam.",
    "Đồng chí Viện trưởng chúc mừng đồng chí Lê Văn A được bổ sung vào hồ sơ.",
    # a meeting mentioned, not held; a named meeting of the Party
    "Tại Hội nghị, các đại biểu thảo luận. Hội nghị đã thông qua Nghị quyết Hội nghị Trung ương.",
    # a row of a data table
    "Cuộc kiểm sát trực tiếp | 38 | tăng 4 cuộc",
])
def test_phrases_that_name_no_activity(text):
    assert kinds_of(text) == ["other"]


@pytest.mark.parametrize("text, kinds", [
    # papers routed are no staff moved (found by the section generator, tests/support/sections)
    ("Năm qua, đơn vị tiếp nhận, luân chuyển văn bản qua hệ thống đúng quy định.", ["other"]),
    ("Đơn vị luân chuyển hồ sơ vụ án cho Tòa án đúng thời hạn.", ["other"]),
    ("VKSND tỉnh X công bố việc luân chuyển cán bộ lãnh đạo.", ["appointment"]),
    ("Đơn vị thực hiện luân chuyển 3 Kiểm sát viên về cấp huyện.", ["appointment"]),
])
def test_luan_chuyen_moves_staff_not_papers(text, kinds):
    assert kinds_of(text) == kinds


@pytest.mark.parametrize("text, kinds", [
    # the name of a group of units is no emulation (found by the section generator)
    ("Dự có đồng chí Lương Minh Thống (phụ trách Cụm thi đua số 3).", ["other"]),
    ("VKSND tỉnh X tổ chức Lễ tưởng niệm; dự có đại diện các đơn vị trong Cụm thi đua số 3.",
     ["ceremony"]),
    ("Cụm thi đua số 3 phát động phong trào thi đua năm 2025.", ["emulation"]),
])
def test_cum_thi_dua_is_a_name(text, kinds):
    assert kinds_of(text) == kinds


@pytest.mark.parametrize("text, kinds", [
    # a directive word in a purpose clause reaches only to its comma (found by the section
    # generator, tests/support/sections)
    ("Nhằm tăng cường công tác phối hợp, ngày 5/3, VKSND tỉnh X ký kết Quy chế phối hợp với "
     "Công an tỉnh.", ["agreement"]),
    ("Để đẩy mạnh hiệu quả công tác, VKSND tỉnh X tổ chức lớp tập huấn nghiệp vụ.", ["training"]),
    # outside a purpose clause, or with no comma closing it, it still reaches
    ("Viện trưởng yêu cầu các đơn vị tổ chức tập huấn để tăng cường kỹ năng, bảo đảm chất lượng.",
     ["other"]),
    ("Nhằm tăng cường ứng dụng công nghệ thông tin trong công tác.", ["other"]),
])
def test_a_purpose_clause_is_no_directive_beyond_its_comma(text, kinds):
    assert kinds_of(text) == kinds


def test_a_title_is_not_an_activity():
    text = "Đồng chí Phan Văn Tùng, Bí thư Đảng ủy cơ quan, dự buổi tiếp xúc."
    people = people_in(text)
    assert people == [{"name": "Phan Văn Tùng", "title": "Bí thư Đảng ủy cơ quan"}]
    assert kinds_of(text) == ["party_union"]
    assert kinds_of(text, [p["title"] for p in people]) == ["other"]


def test_every_kind_has_phrases_and_every_phrase_its_kind():
    assert set(PHRASES) <= set(KINDS) and KINDS[-1] == "other"
    for kind, phrases in PHRASES.items():
        for phrase in phrases:
            found = kinds_of(f"Đơn vị tổ chức {phrase} cho công chức.")
            assert kind in found, (kind, phrase, found)


# --- events of an item ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def items() -> list[dict]:
    return fixture_items()


@pytest.fixture(scope="module")
def validator():
    return Draft202012Validator(json.loads(schema_text()))


def test_every_fixture_event_is_valid_and_its_id_names_its_position(items, validator):
    count = 0
    for item in items:
        events = events_of(item)
        assert [e["event_id"] for e in events] == event_ids(item)
        sections = item["sections"]
        assert len(events) == (len(sections) or 1)
        for n, event in enumerate(events, 1 if sections else 0):
            assert event["event_id"] == f"{item['article_id']}-{n}"
            assert not list(validator.iter_errors(event)), event["event_id"]
            assert event["content_hash"] == event_content_hash(event)
            assert event["published"] == item["published"] and event["url"] == item["url"]
            if sections:
                section = sections[n - 1]
                assert event["text"] == section["text"]
                assert event["provinces"] == section["provinces"] or (
                    not section["provinces"] and event["unit_level"] == "huyen")
            count += 1
    assert count >= 79


def test_a_single_story_is_one_event_with_title_summary_and_body(items):
    story = next(i for i in items if i["article_id"] == 11910)
    [event] = events_of(story)
    assert event["event_id"] == "11910-0"
    assert event["text"] == "\n\n".join([story["title"], story["body"]])  # no summary
    # a district-level unit naming no province: the province its text places it in
    assert (event["unit"], event["unit_level"]) == ("VKSND thành phố Vinh", "huyen")
    assert event["provinces"] == ["Nghệ An"] and event["provinces_2025"] == ["Nghệ An"]


def test_provinces_after_the_merger(items):
    digest = next(i for i in items if i["article_id"] == 11845)
    events = events_of(digest)
    assert events[0]["provinces"] == ["Phú Yên", "Sóc Trăng"]
    assert events[0]["provinces_2025"] == ["Đắk Lắk", "Cần Thơ"]
    assert events[1]["provinces_2025"] == ["Cần Thơ"]


def test_the_content_hash_follows_every_field(items):
    item = copy.deepcopy(next(i for i in items if i["sections"]))
    before = events_of(item)
    assert events_of(copy.deepcopy(item)) == before  # pure: same item, same events
    item["sections"][0]["text"] += " Dịp này, đơn vị trao 10 suất quà."
    after = events_of(item)
    assert after[0]["content_hash"] != before[0]["content_hash"]
    assert "charity" in after[0]["kinds"]
    assert after[1:] == before[1:]
    item["url"] += "?x"
    assert all(a["content_hash"] != b["content_hash"] for a, b in zip(events_of(item), after))


def test_a_deletion_marker_is_valid(validator):
    marker = event_deletion("11418-2", 11418, "https://vksndtc.gov.vn/x-t11418.html", 404,
                            "2025-03-10T02:15:00Z")
    assert not list(validator.iter_errors(marker))
    assert list(marker) == ["schema_version", "event_id", "article_id", "url", "deleted",
                            "status", "fetched_at"]
    assert not list(validator.iter_errors(event_deletion("11418-3", 11418, None, None, None)))


def test_unknown_fields_are_allowed_and_known_ones_checked(items, validator):
    event = events_of(items[0])[0]
    assert not list(validator.iter_errors({**event, "added_later": 1}))
    assert list(validator.iter_errors({**event, "unit_level": "xa"}))
    assert list(validator.iter_errors({**event, "kinds": ["meeting"]}))
    assert list(validator.iter_errors({**event, "date": "12/03/2025"}))
    broken = dict(event)
    del broken["people"]
    assert list(validator.iter_errors(broken))


_WORDS = ["VKSND", "tỉnh", "Lâm Đồng", "Hội nghị", "tập huấn", "đồng chí", "Nguyễn Văn A", ",",
          "Phó Viện trưởng", "Ngày", "12/3", "(", ")", "“", "”", "|", "\n\n", "thăm", "ký kết",
          "Quy chế", "số", "thi đua", "yêu cầu", ".", "Hoá", "toạ đàm", "Huế", "khu vực 2 -"]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join), max_size=4),
       st.text(max_size=60))
def test_any_text_gives_valid_events(section_texts, noise):
    validator = Draft202012Validator(json.loads(schema_text()))
    item = {"schema_version": 1, "article_id": 4242, "url": "https://vksndtc.gov.vn/x-t4242.html",
            "published": "2025-03-20", "title": "VKSND tỉnh Lâm Đồng " + noise, "summary": None,
            "body": "x", "sections": [{"unit": "VKSND tỉnh Lâm Đồng", "provinces": ["Lâm Đồng"],
                                       "text": t + noise} for t in section_texts]}
    events = events_of(item)
    assert [e["event_id"] for e in events] == event_ids(item)
    for event in events:
        assert not list(validator.iter_errors(event))
        assert event["kinds"] and set(event["kinds"]) <= set(KINDS)
        assert ("other" in event["kinds"]) == (event["kinds"] == ["other"])
        for person in event["people"]:
            assert person["name"] and person["title"] and "\n" not in person["title"]
