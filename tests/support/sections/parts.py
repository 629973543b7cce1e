"""The parts a generated digest section is made of, each with the truth it carries.

Every part is written the way the portal's digests write it (docs/EXTRACTION.md, ``sections``;
docs/FEED.md, "Events"): unit names in their prefix, level and spelling variants (``VKSND``,
``Viện KSND``, ``Viện kiểm sát nhân dân``; ``TP.``, ``Tp``, ``thành phố``; ``Thanh Hoá``;
``Bà Rịa-Vũng Tàu`` with a glued dash), the regional units of 1 July 2025 (``VKSND khu vực 3 -
Lâm Đồng``) and the merged provinces' names; the activity's day in every form the press uses;
officials with their titles before or after the name; one or more activities, each of a known
kind; and sentences that name no activity of the unit (what a leader urged, a document's date,
an anniversary in parentheses, the state of things after the reorganisation).

Truth is written here by hand, never computed by the rules under test: the unit's normal form
and level are spelled out, the provinces after 2025 come from the gazetteer's merger table
(data, not a rule).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from datetime import date, timedelta

from vkscrawl.parsing.gazetteer import CENTRAL_CITIES, MERGER_2025, PROVINCES_BEFORE_2025

#: The day the 34 provinces and the regional procuracies start.
MERGER_DAY = date(2025, 7, 1)

AFTER_OF = {old: new for new, olds in MERGER_2025.items() for old in olds}

# How a province may be written besides its canonical name (old tone placement, glued dashes).
SPELLINGS: dict[str, tuple[str, ...]] = {
    "Thanh Hóa": ("Thanh Hoá",),
    "Khánh Hòa": ("Khánh Hoà",),
    "Hòa Bình": ("Hoà Bình",),
    "Bà Rịa - Vũng Tàu": ("Bà Rịa – Vũng Tàu", "Bà Rịa-Vũng Tàu"),
    "Thừa Thiên Huế": ("Thừa Thiên - Huế",),
    "Đắk Lắk": ("Đắc Lắc",),
}

PREFIXES = ("VKSND", "Viện KSND", "Viện kiểm sát nhân dân", "Viện Kiểm sát nhân dân")
CITY_WORDS = ("thành phố", "TP.", "Tp", "TP")

# District-level units with their province (the province is named in the section's text).
DISTRICTS: tuple[tuple[str, str], ...] = (
    ("huyện Mường Nhé", "Điện Biên"), ("huyện Bảo Lâm", "Cao Bằng"), ("quận Hoàn Kiếm", "Hà Nội"),
    ("quận Ninh Kiều", "Cần Thơ"), ("huyện Đông Anh", "Hà Nội"), ("thị xã Sơn Tây", "Hà Nội"),
    ("huyện Tuy Phước", "Bình Định"), ("huyện Krông Pắc", "Đắk Lắk"), ("thị xã Kỳ Anh", "Hà Tĩnh"),
    ("huyện Yên Thế", "Bắc Giang"), ("quận Hải Châu", "Đà Nẵng"), ("huyện Cần Giờ", "Hồ Chí Minh"),
    ("thành phố Vinh", "Nghệ An"), ("thành phố Buôn Ma Thuột", "Đắk Lắk"),
    ("thành phố Thủ Dầu Một", "Bình Dương"), ("thành phố Huế", "Thừa Thiên Huế"),
)


@dataclass
class Unit:
    written: str         # as the heading writes it (prefix included)
    unit: str            # normal form
    level: str
    provinces_2025: list[str]
    mention: str         # how the first sentence names it (district units add their province)
    title_unit: str = ""  # the unit as an official's title names it (default: ``unit``, no aside)


def _province_written(rng: random.Random, name: str) -> str:
    return rng.choice((name, name, *SPELLINGS.get(name, ())))


#: The high procuracies (``VKSND cấp cao tại ...``): as written, and the city.
HIGH = (("Hà Nội", "Hà Nội"), ("Đà Nẵng", "Đà Nẵng"), ("thành phố Hồ Chí Minh", "Hồ Chí Minh"),
        ("TP. Hồ Chí Minh", "Hồ Chí Minh"))


def _central_written(rng: random.Random, province: str) -> tuple[str, str]:
    """A centrally-run city as written (``TP. Hồ Chí Minh``, ``TP.Cần Thơ``, ``TP.HCM``) and in
    the normal form."""
    if province == "Hồ Chí Minh" and rng.random() < 0.3:
        return rng.choice(("TP.HCM", "TPHCM", "TP. HCM")), "thành phố Hồ Chí Minh"
    if rng.random() < 0.15:
        return f"TP.{province}", f"thành phố {province}"
    return f"{rng.choice(CITY_WORDS)} {_province_written(rng, province)}", f"thành phố {province}"


def draw_unit(rng: random.Random, published: date) -> Unit:
    prefix = rng.choice(PREFIXES)
    after = published >= MERGER_DAY
    choice = rng.random()
    if after and choice < 0.35:  # a regional procuracy of 1 July 2025
        number = rng.randint(1, 15)
        province = rng.choice(tuple(MERGER_2025))
        dash = rng.choice((" - ", " – ", "-", " -", "- ", "–"))
        kv = rng.choice(("khu vực", "khu vực", "Khu vực"))
        if province in CENTRAL_CITIES and rng.random() < 0.5:
            place, place_unit = _central_written(rng, province)
        else:
            place, place_unit = _province_written(rng, province), province
        written = f"{prefix} {kv} {number}{dash}{place}"
        unit = f"VKSND khu vực {number} - {place_unit}"
        return Unit(written, unit, "khu_vuc", [province], written)
    if choice < 0.04:  # a high procuracy
        place, city = rng.choice(HIGH)
        written = f"{prefix} cấp cao tại {place}"
        unit = "VKSND cấp cao tại " + place.replace("TP.", "thành phố")
        return Unit(written, unit, "cap_cao", [city], written)
    if choice < 0.55 and not after:  # a district-level unit
        district, province = rng.choice(DISTRICTS)
        if district == "thành phố Huế" and published >= date(2025, 1, 1):
            district, province = "thành phố Vinh", "Nghệ An"  # Huế is centrally run from 2025
        if rng.random() < 0.2:  # its province in parentheses in the heading
            written = f"{prefix} {district} ({province})"
            return Unit(written, f"VKSND {district} ({province})", "huyen",
                        [AFTER_OF[province]], written)
        written = f"{prefix} {district}"
        mention = f"{written}, {'thành phố' if province in CENTRAL_CITIES else 'tỉnh'} {province}"
        return Unit(written, f"VKSND {district}", "huyen", [AFTER_OF[province]], mention)
    if choice > 0.96:  # several provinces' procuracies in one section
        pool = tuple(MERGER_2025) if after else PROVINCES_BEFORE_2025
        names = rng.sample([p for p in pool if p not in CENTRAL_CITIES and p != "Huế"], 2)
        joined = f"{names[0]}{rng.choice((', ', ' và '))}{names[1]}"
        written = f"{prefix} các tỉnh {joined}"
        after_names = list(dict.fromkeys(AFTER_OF.get(n, n) for n in names))
        # an official heads one of them
        return Unit(written, f"VKSND các tỉnh {joined}", "tinh", after_names, written,
                    f"VKSND tỉnh {names[0]}")
    if after and choice < 0.45:  # a province of before the merger, "(cũ)"
        province = rng.choice([p for p in PROVINCES_BEFORE_2025
                               if p not in MERGER_2025 and p not in CENTRAL_CITIES])
        written = f"{prefix} tỉnh {_province_written(rng, province)} (cũ)"
        return Unit(written, f"VKSND tỉnh {province} (cũ)", "tinh", [AFTER_OF[province]], written)
    pool = tuple(MERGER_2025) if after else PROVINCES_BEFORE_2025
    province = rng.choice(pool)
    if rng.random() < 0.05:  # all in capitals
        word = "THÀNH PHỐ" if province in CENTRAL_CITIES else "TỈNH"
        prefix = rng.choice(("VIỆN KIỂM SÁT NHÂN DÂN", "VKSND"))
        if province == "Thừa Thiên Huế" and published >= date(2025, 1, 1):
            province = "Huế"
        if province == "Huế":
            word = "THÀNH PHỐ"
        written = f"{prefix} {word} {province.upper()}"
        unit = f"VKSND {word.lower()} {province}"
        return Unit(written, unit, "tinh", [AFTER_OF.get(province, province)], written)
    central = province in CENTRAL_CITIES or (province == "Huế")
    if province == "Thừa Thiên Huế" and published >= date(2025, 1, 1):
        province = "Huế"
        central = True
    if central:
        place, place_unit = _central_written(rng, province)
        written = f"{prefix} {place}"
        unit = f"VKSND {place_unit}"
    else:
        tinh = rng.choice(("tỉnh", "tỉnh", "tỉnh", "Tỉnh"))
        written = f"{prefix} {tinh} {_province_written(rng, province)}"
        unit = f"VKSND tỉnh {province}"
    return Unit(written, unit, "tinh", [AFTER_OF.get(province, province)], written)


# -- the activity's day ----------------------------------------------------------------------------


@dataclass
class When:
    text: str            # opens the first sentence ("Ngày 08/8/2025, ")
    day: date | None     # None: the digest's day (no day in the text)


def _dm(d: date, rng: random.Random, pad: bool | None = None) -> str:
    pad = rng.random() < 0.5 if pad is None else pad
    return f"{d.day:02d}/{d.month:02d}" if pad else f"{d.day}/{d.month}"


def draw_when(rng: random.Random, published: date) -> When:
    if rng.random() < 0.15:
        return When(rng.choice(("Vừa qua, ", "Mới đây, ", "Trong tháng qua, ", "")), None)
    back = rng.choice((0, 1, 1, 2, 3, 4, 5, 6, 7, 10, 14, 20))
    d = published - timedelta(days=back)
    lead = rng.choice(("Ngày", "Ngày", "Sáng", "Chiều", "Sáng ngày", "Chiều ngày", "Tối", "Trưa"))
    y = f"/{d.year}" if rng.random() < 0.5 else ""
    form = rng.randrange(7)
    nxt = d + timedelta(days=1)
    if form == 0 or d.month != nxt.month and form in (2, 3, 4):
        text = f"{lead} {_dm(d, rng)}{y}, "
    elif form == 1:
        text = f"{lead} {d.day} tháng {d.month}" + (f" năm {d.year}" if y else "") + ", "
    elif form == 2 and nxt <= published:
        text = f"Ngày {d.day} và {nxt.day}/{d.month}{y}, "
    elif form == 3 and nxt <= published:
        sep = rng.choice(("-", " - ", "–"))
        text = f"Ngày {d.day:02d}{sep}{nxt.day:02d}/{d.month:02d}{y}, "
    elif form == 4 and nxt <= published:
        if rng.random() < 0.5:
            text = f"Từ ngày {d.day} đến ngày {nxt.day}/{d.month}/{d.year}, "
        else:
            text = f"Từ ngày {_dm(d, rng)} đến ngày {_dm(nxt, rng)}/{d.year}, "
    elif form == 6 and rng.random() < 0.4:
        weekday = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")
        if back == 0 and rng.random() < 0.5:
            text = f"{rng.choice(('Sáng', 'Chiều', 'Tối'))} nay ({_dm(d, rng)}), "
        elif back == 1 and rng.random() < 0.5:
            text = f"{rng.choice(('Sáng', 'Chiều', 'Tối'))} qua ({_dm(d, rng)}), "
        else:
            text = f"{rng.choice(('Sáng', 'Chiều'))} {weekday[d.weekday()]}, ngày {_dm(d, rng)}{y}, "
    elif form == 5 and nxt <= published and rng.random() < 0.5:
        text = rng.choice((f"Trong hai ngày {d.day} và {nxt.day}/{d.month}{y}, ",
                           f"Trong các ngày {d.day:02d} và {nxt.day:02d}/{d.month:02d}{y}, ",
                           f"Từ ngày {d.day} đến {nxt.day}/{d.month}, ",
                           f"Từ ngày {d.day:02d} - {nxt.day:02d}/{d.month}/{d.year}, "))
        if d.month != nxt.month:
            text = f"Từ ngày {_dm(d, rng)} đến ngày {_dm(nxt, rng)}/{nxt.year}, "
    elif form == 5:
        text = f"{lead} {d.day:02d}/{d.month:02d}/{d.year}, "
    else:
        text = f"{lead} {d.day}/{d.month}, "
    return When(text, d)


# -- officials -------------------------------------------------------------------------------------

NAMES = ("Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Minh Tuấn", "Phạm Thị Hương", "Hoàng Văn Nam",
         "Vũ Đức Thắng", "Đặng Quốc Bảo", "Bùi Thị Lan", "Đỗ Mạnh Cường", "Ngô Thị Thu Hà",
         "Dương Văn Long", "Lý Thị Hoa", "Đinh Công Sơn", "Trương Minh Khoa", "Mai Văn Đức",
         "Hà Thị Ngọc", "Lương Minh Thống", "Đào Thị Minh Nguyệt", "Phan Anh Dũng", "Võ Thị Kim")


@dataclass
class Person:
    name: str
    title: str


def draw_titles(rng: random.Random, unit: Unit, published: date) -> str:
    # the unit as a title names it (an aside in parentheses is no part of a title)
    own = (unit.title_unit or unit.unit.split(" (")[0]).replace("VKSND", rng.choice(("VKSND", "VKSND", "Viện KSND")), 1)
    other = rng.choice(("Lạng Sơn", "Nghệ An", "Gia Lai", "Sơn La", "Quảng Ninh"))
    return rng.choice((
        f"Viện trưởng {own}", f"Phó Viện trưởng {own}", "Phó Viện trưởng", "Viện trưởng",
        "Kiểm sát viên", f"Phó Chủ tịch UBND tỉnh {other}", "Vụ trưởng Vụ 8 VKSND tối cao",
        "Phó Viện trưởng VKSND tối cao", "Trưởng phòng Tổ chức cán bộ",
        f"Bí thư Ban cán sự đảng, Viện trưởng {own}", "Chánh Văn phòng VKSND tối cao",
        f"Phó Viện trưởng, Bí thư Chi bộ {own}", "Chủ tịch Công đoàn cơ sở",
        "Bí thư Chi đoàn VKSND tỉnh", "Viện trưởng VKSND tỉnh",
        "Trưởng phòng Thực hành quyền công tố và kiểm sát điều tra án hình sự",
        f"Phó Chánh án Tòa án nhân dân tỉnh {other}", "Phó Trưởng phòng 2",
        f"Ủy viên Ban cán sự đảng, Phó Viện trưởng {own}", "Kiểm sát viên cao cấp",
    ))


def people_list(people: list[Person]) -> str:
    """Several officials in one sentence, after a colon, separated by semicolons."""
    return "Tham dự có các đồng chí: " + "; ".join(f"{p.name}, {p.title}" for p in people) + "."


#: Words written with the old tone placement (``hoá``, ``toạ``): both are NFC and in use.
OLD_TONE = {"hóa": "hoá", "Hóa": "Hoá", "tọa": "toạ", "Tọa": "Toạ", "tòa": "toà", "Tòa": "Toà",
            "hòa": "hoà", "Hòa": "Hoà", "Thủy": "Thuỷ", "khỏe": "khoẻ", "thúy": "thuý"}


def old_tone(text: str) -> str:
    return re.sub(r"\w+", lambda m: OLD_TONE.get(m.group(0), m.group(0)), text)


def person_sentence(rng: random.Random, person: Person) -> str:
    """A sentence naming the official with the title, in one of the usual forms."""
    name, title = person.name, person.title
    return rng.choice((
        f"Đồng chí {name}, {title} chủ trì và phát biểu chỉ đạo.",
        f"{title} {name} phát biểu khai mạc.",
        f"Đồng chí {name} - {title} dự và phát biểu.",
        f"Tham dự có đồng chí {name}, {title}.",
        f"Ông {name}, {title} đánh giá cao kết quả đạt được.",
        f"Phát biểu tại buổi lễ, {title} {name} ghi nhận những kết quả đã đạt được.",
        f"Bà {name} – {title} cho biết kết quả đạt được là rất đáng ghi nhận.",
        f"Dự và chỉ đạo có đồng chí {name}, {title} (phụ trách Cụm thi đua số 3).",
        f"Đồng chí {name}, {title} phát biểu tại Hội nghị.",
        f"Thượng tá {name}, {title} trình bày tham luận.",
    ))


# -- activities ------------------------------------------------------------------------------------

#: Per kind, clauses naming one activity of that kind and of no other (they follow the unit's
#: mention: "{when}{unit} {clause}.").
ACTIVITIES: dict[str, tuple[str, ...]] = {
    "conference": ("tổ chức Hội nghị sơ kết công tác 6 tháng đầu năm",
                   "tổ chức Hội nghị tổng kết công tác năm",
                   "tổ chức giao ban công tác tháng", "tổ chức Hội nghị trực tuyến sơ kết công tác quý III",
                   "tổ chức Hội nghị triển khai nhiệm vụ công tác năm"),
    "training": ("tổ chức lớp tập huấn nghiệp vụ kiểm sát án hình sự",
                 "tổ chức Hội nghị tập huấn kỹ năng xét hỏi tại phiên tòa",
                 "khai giảng lớp bồi dưỡng nghiệp vụ cho công chức"),
    "seminar": ("tổ chức Hội thảo khoa học về kỹ năng kiểm sát", "tổ chức tọa đàm chuyên đề"),
    "model_trial": ("phối hợp tổ chức phiên tòa rút kinh nghiệm vụ án giết người",
                    "phối hợp tổ chức phiên tòa mẫu xét xử vụ án trộm cắp tài sản",
                    "phối hợp tổ chức phiên tòa trực tuyến rút kinh nghiệm"),
    "inspection": ("tiến hành kiểm sát trực tiếp tại Trại tạm giam Công an tỉnh",
                   "thành lập Đoàn kiểm tra công tác nghiệp vụ tại đơn vị cấp dưới",
                   "tiến hành trực tiếp kiểm sát việc thi hành án dân sự"),
    "agreement": ("ký kết Quy chế phối hợp với Công an tỉnh",
                  "tổ chức Hội nghị ký kết chương trình phối hợp với Hội Luật gia"),
    "appointment": ("tổ chức Lễ trao quyết định bổ nhiệm Phó Viện trưởng",
                    "công bố quyết định điều động cán bộ lãnh đạo",
                    "trao quyết định nghỉ hưu cho công chức"),
    "emulation": ("tổ chức Lễ phát động phong trào thi đua đặc biệt",
                  "trao Bằng khen cho các tập thể có thành tích xuất sắc",
                  "trao Kỷ niệm chương Vì sự nghiệp Kiểm sát cho 5 đồng chí"),
    "digital": ("triển khai phần mềm quản lý án hình sự", "đưa vào sử dụng phòng họp trực tuyến",
                "triển khai chữ ký số trong toàn đơn vị"),
    "legal_outreach": ("phối hợp tổ chức tuyên truyền pháp luật tại xã biên giới",
                       "tổ chức phiên tòa xét xử lưu động vụ án ma túy",
                       "tổ chức Ngày Pháp luật cho công chức"),
    "visit": ("đến thăm và làm việc tại Đồn Biên phòng", "tiếp và làm việc với Đoàn công tác của Ban Nội chính Tỉnh ủy",
              "đến chúc Tết các gia đình chính sách"),
    "party_union": ("tổ chức Đại hội Chi bộ nhiệm kỳ mới", "tổ chức Đại hội Chi đoàn nhiệm kỳ mới",
                    "tổ chức kết nạp đảng viên mới"),
    "charity": ("trao quà cho các hộ nghèo", "tổ chức hiến máu tình nguyện",
                "trao học bổng cho học sinh nghèo vượt khó"),
    "contest": ("tổ chức Hội thi Kiểm sát viên giỏi", "tổ chức Cuộc thi tìm hiểu lịch sử ngành"),
    "reorganisation": ("triển khai sắp xếp tổ chức bộ máy theo mô hình tổ chức mới",
                       "triển khai sáp nhập các đơn vị trực thuộc"),
    "ceremony": ("tổ chức Lễ kỷ niệm 65 năm Ngày thành lập ngành Kiểm sát nhân dân",
                 "tổ chức Lễ tưởng niệm các anh hùng liệt sĩ"),
}
# An activity with more than one kind, and what it is.
COMPOUND: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("tổ chức Hội nghị tổng kết công tác thi đua, khen thưởng", ("conference", "emulation")),
    ("phối hợp tổ chức phiên tòa rút kinh nghiệm kết hợp tuyên truyền pháp luật",
     ("model_trial", "legal_outreach")),
    ("đến thăm và trao quà cho các gia đình chính sách", ("visit", "charity")),
    ("tổ chức Hội nghị triển khai sáp nhập các đơn vị trực thuộc", ("conference", "reorganisation")),
)

#: What may open the first sentence, before the day: a purpose, the plan carried out (a document
#: with its own date, ``{doc}``). None names an activity.
PREAMBLES = (
    "Nhằm tăng cường công tác phối hợp, ",
    "Nhằm nâng cao chất lượng công tác, ",
    "Để đẩy mạnh hiệu quả công tác chuyên môn, ",
    "Nhằm chú trọng nâng cao kỹ năng cho công chức, ",
    "Thực hiện Kế hoạch công tác năm, ",
    "Thực hiện Kế hoạch số 45/KH-VKS ngày {doc} của VKSND tỉnh, ",
    "Thực hiện Chỉ thị số 05/CT-VKSTC ngày {doc}, ",
    "Nhân dịp kỷ niệm {n} năm Ngày thành lập Quân đội nhân dân Việt Nam (22/12/1944 - 22/12/{y}), ",
    "Nhân dịp đầu Xuân, ",
)

#: Who in the unit held the activity, before the unit's name, and the kind that names
#: (``Chi bộ Văn phòng VKSND tỉnh X tổ chức Đại hội``); a delegation may name its head.
SUBJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Chi bộ Văn phòng", ("party_union",)), ("Công đoàn", ("party_union",)),
    ("Đoàn Thanh niên", ("party_union",)), ("Ban Nữ công", ("party_union",)),
    ("Đảng bộ", ("party_union",)), ("Đoàn kiểm tra của", ("inspection",)),
    ("Đoàn công tác của", ("visit",)),
)

#: Sentences that name no activity of the unit (what someone urged, background, a document, a
#: figure); each may follow any activity.
NEUTRAL = (
    "Hội nghị đã đánh giá kết quả đạt được và chỉ ra những hạn chế, tồn tại.",
    "Lãnh đạo đơn vị yêu cầu tăng cường ứng dụng công nghệ thông tin trong công tác.",
    "Đồng thời, toàn đơn vị đã giải quyết 125/125 vụ án, đạt 100% chỉ tiêu.",
    "Hoạt động được thực hiện theo Kế hoạch số 45/KH-VKS ngày 02/01/2025 của đơn vị.",
    "Sau sắp xếp, đơn vị đã ổn định tổ chức và hoạt động hiệu quả.",
    "Chương trình góp phần nâng cao chất lượng, hiệu quả công tác.",
    "Đơn vị đề nghị các cơ quan tiếp tục đẩy mạnh phổ biến pháp luật trong thời gian tới.",
    "Dịp này, đơn vị cũng thông qua chương trình công tác năm tới.",
    "Các đại biểu đã thảo luận, đóng góp nhiều ý kiến tâm huyết.",
    "Năm qua, đơn vị tiếp nhận, luân chuyển văn bản qua hệ thống đúng quy định.",
    "Kết quả này thể hiện sự cố gắng, nỗ lực của tập thể công chức, người lao động.",
    "Hoạt động nhằm chào mừng kỷ niệm Ngày Quốc tế Phụ nữ (08/3/1910 - 08/3/2025).",
    "Tại Hội nghị, các đại biểu đã tập trung thảo luận, làm rõ nguyên nhân của hạn chế.",
    "Viện trưởng lưu ý các đơn vị cần tổ chức tập huấn chuyên sâu trong thời gian tới.",
    "Tại buổi lễ, các đại biểu đã cùng ôn lại truyền thống vẻ vang của ngành.",
    "Tại buổi tuyên truyền, Kiểm sát viên đã giới thiệu các thủ đoạn lừa đảo qua mạng.",
)
