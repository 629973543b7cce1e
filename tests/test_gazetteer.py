import unicodedata

import pytest

from vkscrawl.parsing import gazetteer
from vkscrawl.parsing.gazetteer import (
    MERGER_2025,
    PROVINCES_AFTER_2025,
    PROVINCES_BEFORE_2025,
    canonical_province,
    province_after_2025,
    provinces_in,
)

ALL_CANONICAL = sorted(set(PROVINCES_BEFORE_2025) | set(PROVINCES_AFTER_2025))


def nfd(s: str) -> str:
    return unicodedata.normalize("NFD", s)


# --- lists ----------------------------------------------------------------------------------------


def test_counts():
    assert len(PROVINCES_BEFORE_2025) == 63
    assert len(set(PROVINCES_BEFORE_2025)) == 63
    assert len(PROVINCES_AFTER_2025) == 34
    assert len(set(PROVINCES_AFTER_2025)) == 34
    # Huế is the only post-merger name that is not also a pre-merger name.
    assert set(PROVINCES_AFTER_2025) - set(PROVINCES_BEFORE_2025) == {"Huế"}


def test_after_2025_members():
    unchanged = {"Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh",
                 "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng"}
    merged = {"Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ", "Bắc Ninh", "Hưng Yên",
              "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi", "Gia Lai",
              "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh", "Cần Thơ",
              "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang"}
    assert len(unchanged) == 11 and len(merged) == 23
    assert set(PROVINCES_AFTER_2025) == unchanged | merged
    assert all(len(MERGER_2025[p]) == 1 for p in unchanged)
    assert all(len(MERGER_2025[p]) >= 2 for p in merged)


def test_merger_partitions_the_63():
    olds = [old for group in MERGER_2025.values() for old in group]
    assert len(olds) == 63
    assert sorted(olds) == sorted(PROVINCES_BEFORE_2025)


def test_canonical_names_are_nfc_and_modern_tone():
    for name in ALL_CANONICAL:
        assert unicodedata.is_normalized("NFC", name)
        assert name == name.strip() and "  " not in name
        assert "Hoá" not in name and "Hoà" not in name and "Thuỷ" not in name
    for name in ("Thừa Thiên Huế", "Hồ Chí Minh", "Bà Rịa - Vũng Tàu", "Đắk Lắk", "Đắk Nông",
                 "Khánh Hòa", "Hòa Bình", "Thanh Hóa"):
        assert name in PROVINCES_BEFORE_2025


# --- canonical_province ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ALL_CANONICAL)
def test_canonical_maps_to_itself(name):
    assert canonical_province(name) == name
    assert canonical_province(nfd(name)) == name
    assert canonical_province(name.upper()) == name
    assert canonical_province(name.lower()) == name


@pytest.mark.parametrize(
    "variant, expected",
    [
        # prefixes
        ("tỉnh Cao Bằng", "Cao Bằng"),
        ("Tỉnh Cao Bằng", "Cao Bằng"),
        ("thành phố Cần Thơ", "Cần Thơ"),
        ("Thành phố Hà Nội", "Hà Nội"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP Hồ Chí Minh", "Hồ Chí Minh"),
        ("Tp. Đà Nẵng", "Đà Nẵng"),
        ("Tp Cần Thơ", "Cần Thơ"),
        ("T.P Hải Phòng", "Hải Phòng"),
        ("TP.Hồ Chí Minh", "Hồ Chí Minh"),
        ("thành phố Huế", "Huế"),
        # Hồ Chí Minh abbreviations
        ("HCM", "Hồ Chí Minh"),
        ("TPHCM", "Hồ Chí Minh"),
        ("TP.HCM", "Hồ Chí Minh"),
        ("TP. HCM", "Hồ Chí Minh"),
        ("Tp.HCM", "Hồ Chí Minh"),
        # dashes and spacing
        ("Thừa Thiên Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên - Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên-Huế", "Thừa Thiên Huế"),
        ("Thừa Thiên – Huế", "Thừa Thiên Huế"),
        ("tỉnh Thừa Thiên – Huế", "Thừa Thiên Huế"),
        ("Bà Rịa Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa-Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("Bà Rịa – Vũng Tàu", "Bà Rịa - Vũng Tàu"),
        ("  Hà   Nội  ", "Hà Nội"),
        ("Hà\u00a0Nội", "Hà Nội"),
        ("tỉnh   Quảng  Ngãi", "Quảng Ngãi"),
        # old tone placement
        ("Thanh Hoá", "Thanh Hóa"),
        ("tỉnh Thanh Hoá", "Thanh Hóa"),
        ("Khánh Hoà", "Khánh Hòa"),
        ("Hoà Bình", "Hòa Bình"),
        ("HOÀ BÌNH", "Hòa Bình"),
        # Đắk Lắk / Đắk Nông / Kon Tum / Bắc Kạn spellings
        ("Đắc Lắc", "Đắk Lắk"),
        ("Đăk Lăk", "Đắk Lắk"),
        ("Đắk Lăk", "Đắk Lắk"),
        ("Daklak", "Đắk Lắk"),
        ("Dak Lak", "Đắk Lắk"),
        ("Đăk Nông", "Đắk Nông"),
        ("Đắc Nông", "Đắk Nông"),
        ("Kontum", "Kon Tum"),
        ("Kon Tum", "Kon Tum"),
        ("Bắc Cạn", "Bắc Kạn"),
        # case
        ("hà nội", "Hà Nội"),
        ("ĐÀ NẴNG", "Đà Nẵng"),
        ("đắk lắk", "Đắk Lắk"),
    ],
)
def test_variants(variant, expected):
    assert canonical_province(variant) == expected
    assert canonical_province(nfd(variant)) == expected


@pytest.mark.parametrize(
    "not_a_province",
    ["", "   ", "tỉnh", "thành phố", "TP.", "Sài Gòn", "TP. Sài Gòn", "Hà Nam Ninh",
     "Điện Biên Đông", "VKSND tỉnh Cao Bằng", "Huế Huế", "Hà", "Nội"],
)
def test_not_a_province(not_a_province):
    assert canonical_province(not_a_province) is None


def test_province_after_2025():
    assert province_after_2025("Hà Giang") == "Tuyên Quang"
    assert province_after_2025("tỉnh Bà Rịa - Vũng Tàu") == "Hồ Chí Minh"
    assert province_after_2025("Thừa Thiên - Huế") == "Huế"
    assert province_after_2025("Huế") == "Huế"
    assert province_after_2025("Hà Nội") == "Hà Nội"
    assert province_after_2025("Sài Gòn") is None
    for new, olds in MERGER_2025.items():
        for old in olds:
            assert province_after_2025(old) == new


# --- provinces_in ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("VKSND tỉnh Cao Bằng", ["Cao Bằng"]),
        ("VKSND thành phố Cần Thơ", ["Cần Thơ"]),
        ("VKSND các tỉnh Phú Yên, Sóc Trăng", ["Phú Yên", "Sóc Trăng"]),
        ("VKSND các tỉnh Bắc Giang, Bắc Ninh và Lạng Sơn", ["Bắc Giang", "Bắc Ninh", "Lạng Sơn"]),
        ("VKSND TP. Hồ Chí Minh", ["Hồ Chí Minh"]),
        ("VKSND TP.HCM", ["Hồ Chí Minh"]),
        ("VKSND TPHCM", ["Hồ Chí Minh"]),
        ("VKSND Tp Cần Thơ", ["Cần Thơ"]),
        ("VKSND khu vực 1 - Hà Nội", ["Hà Nội"]),
        ("Viện kiểm sát nhân dân khu vực 3 - Lâm Đồng", ["Lâm Đồng"]),
        ("VKSND huyện Điện Biên Đông, tỉnh Điện Biên", ["Điện Biên"]),
        ("VKSND khu vực 3", []),
        ("Viện kiểm sát nhân dân tỉnh Gia Lai", ["Gia Lai"]),
        ("VKSND tỉnh Thừa Thiên - Huế", ["Thừa Thiên Huế"]),
        ("VKSND tỉnh Thừa Thiên-Huế", ["Thừa Thiên Huế"]),
        ("VKSND thành phố Huế", ["Huế"]),
        ("VKSND tỉnh Bà Rịa - Vũng Tàu", ["Bà Rịa - Vũng Tàu"]),
        ("VKSND tỉnh Thanh Hoá", ["Thanh Hóa"]),
        ("VKSND tỉnh Đăk Lăk", ["Đắk Lắk"]),
        ("VKSND tỉnh Hòa Bình", ["Hòa Bình"]),
        ("VKSND tỉnh Hoà Bình", ["Hòa Bình"]),
        # longest match and neighbours
        ("VKSND các tỉnh Quảng Nam, Quảng Ngãi", ["Quảng Nam", "Quảng Ngãi"]),
        ("VKSND các thành phố Hải Phòng, tỉnh Hải Dương", ["Hải Phòng", "Hải Dương"]),
        ("VKSND các tỉnh Long An, An Giang", ["Long An", "An Giang"]),
        ("VKSND các tỉnh Gia Lai và Lai Châu", ["Gia Lai", "Lai Châu"]),
        ("VKSND các tỉnh Vĩnh Long, Vĩnh Phúc", ["Vĩnh Long", "Vĩnh Phúc"]),
        ("VKSND các tỉnh Phú Thọ, Phú Yên", ["Phú Thọ", "Phú Yên"]),
        ("VKSND các tỉnh Hà Nam, Nam Định", ["Hà Nam", "Nam Định"]),
        ("VKSND tỉnh Bắc Cạn, tỉnh Bắc Kạn", ["Bắc Kạn"]),
        ("VKSND tỉnh Hà Nam Ninh", []),
        # lower-level units are not provinces
        ("VKSND huyện Hòa Bình, tỉnh Bạc Liêu", ["Bạc Liêu"]),
        ("VKSND huyện Quảng Ninh, tỉnh Quảng Bình", ["Quảng Bình"]),
        ("VKSND thành phố Huế, tỉnh Thừa Thiên Huế", ["Thừa Thiên Huế"]),
        # duplicates collapse, order of first appearance
        ("VKSND tỉnh Lạng Sơn và VKSND tỉnh Cao Bằng, tỉnh Lạng Sơn", ["Lạng Sơn", "Cao Bằng"]),
    ],
)
def test_unit_strings(unit, expected):
    assert provinces_in(unit) == expected


@pytest.mark.parametrize(
    "unit, expected",
    [
        ("VKSND TỈNH CAO BẰNG", ["Cao Bằng"]),
        ("vksnd tỉnh cao bằng", ["Cao Bằng"]),
        ("VKSND KHU VỰC 1 - HÀ NỘI", ["Hà Nội"]),
        ("vksnd khu vực 1 - hà nội", ["Hà Nội"]),
        ("VKSND CÁC TỈNH BẮC GIANG, BẮC NINH VÀ LẠNG SƠN", ["Bắc Giang", "Bắc Ninh", "Lạng Sơn"]),
        ("VKSND tp. hồ chí minh", ["Hồ Chí Minh"]),
        ("VKSND TỈNH THỪA THIÊN - HUẾ", ["Thừa Thiên Huế"]),
        ("VKSND HUYỆN ĐIỆN BIÊN ĐÔNG, TỈNH ĐIỆN BIÊN", ["Điện Biên"]),
    ],
)
def test_case_insensitive(unit, expected):
    assert provinces_in(unit) == expected


@pytest.mark.parametrize(
    "unit",
    ["VKSND tỉnh Cao Bằng", "VKSND các tỉnh Bắc Giang, Bắc Ninh và Lạng Sơn",
     "VKSND tỉnh Thừa Thiên - Huế", "VKSND tỉnh Thanh Hoá", "VKSND khu vực 3 - Lâm Đồng",
     "VKSND huyện Điện Biên Đông, tỉnh Điện Biên"],
)
def test_nfd_input(unit):
    assert provinces_in(nfd(unit)) == provinces_in(unit)
    assert provinces_in(nfd(unit))  # not empty


def test_extra_spaces_and_invisible_characters():
    assert provinces_in("VKSND   tỉnh\u00a0 Cao   Bằng") == ["Cao Bằng"]
    assert provinces_in("VKSND tỉnh Cao\u200b Bằng") == ["Cao Bằng"]
    assert provinces_in("VKSND TP.\u202fHồ Chí Minh") == ["Hồ Chí Minh"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Hội nghị bàn về hòa bình và phát triển",
        "Hội nghị bàn về hoà bình và phát triển",
        "Thế giới thái bình, biển hải dương mênh mông",
        "Cây cao bằng ngôi nhà",
        "Hợp tác khu vực châu Á - Thái Bình Dương",
        "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        "Lăng Chủ tịch Hồ Chí Minh",
        "Đoàn TNCS Hồ Chí Minh",
        "Sài Gòn những ngày đầu xuân",
        "Viện kiểm sát nhân dân tối cao",
        "Hội nghị tổng kết công tác năm 2024",
        "",
    ],
)
def test_no_false_positives(sentence):
    assert provinces_in(sentence) == []


def test_common_word_names_match_when_capitalised():
    assert provinces_in("Công tác phối hợp tại Hòa Bình") == ["Hòa Bình"]
    assert provinces_in("VKSND khu vực 2 - Hải Dương") == ["Hải Dương"]


def test_every_canonical_name_found_in_a_unit_string():
    for name in ALL_CANONICAL:
        assert provinces_in(f"VKSND tỉnh {name}:") == [name]
        assert provinces_in(f"Viện kiểm sát nhân dân khu vực 1 - {name}") == [name]


def test_regex_compiled_once():
    # The pattern is a module-level compiled regex, reused by every call.
    assert isinstance(gazetteer._PATTERN.pattern, str)
    before = gazetteer._PATTERN
    provinces_in("VKSND tỉnh Cao Bằng")
    assert gazetteer._PATTERN is before


def test_tone_placement_helper():
    assert gazetteer._fix_tone_placement("Thuỷ") == "Thủy"
    assert gazetteer._fix_tone_placement("Thanh Hoá") == "Thanh Hóa"
    # Closed syllables and "qu" keep their tone where it is.
    assert gazetteer._fix_tone_placement("Hoàng Quý") == "Hoàng Quý"
