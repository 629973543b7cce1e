"""Officials an event's text names with their titles, the way Vietnamese press writes them.

- the name, then the title after a comma or a dash: ``đồng chí Nguyễn Văn A, Phó Viện trưởng
  VKSND tỉnh X``, ``ông Trần Văn B - Viện trưởng``; several titles joined by commas (``Bí thư
  Ban cán sự đảng, Viện trưởng VKSND tỉnh X``);
- the title, then the name: ``Viện trưởng VKSND tỉnh X Nguyễn Văn A``, ``Kiểm sát viên Nguyễn
  Thị B``, ``Chủ tịch Ủy ban nhân dân tỉnh X, ông Nguyễn Văn C``.

A name is a Vietnamese family name followed by one to three capitalised syllables; a title opens
with a title word (``Viện trưởng``, ``Phó Vụ trưởng``, ``Trưởng phòng``, ``Bí thư``, ``Chủ
tịch``, ``Kiểm sát viên`` ...) and runs to the end of its clause: a punctuation mark, a verb or
function word (``chủ trì``, ``đề nghị``, ``được``, ``đã`` ...), or a lower-case word after a
complete province name (``Viện trưởng VKSND tỉnh Lạng Sơn trao ...``). Honorifics (``đồng chí``,
``ông``, ``bà``) and ranks (``Đại tá``) belong to neither. Not people: a title without a name, a
name without a title, an abbreviated name (``Nguyễn Văn H.``: the accused), a place named after a
person (``đường Lê Lợi``, ``Hồ Chí Minh``).
"""

from __future__ import annotations

import re

from functools import lru_cache

from vkscrawl.parsing.gazetteer import canonical_province as _canonical_province

from .text import SENTENCE_END, normal, phrases_pattern

__all__ = ["people_in", "SURNAMES", "TITLE_WORDS"]

#: Family names (the first syllable of a name). Words that are as often something else (``Phó``,
#: ``Văn``, ``Quang``) are left out; place names starting with one (``Lâm Đồng``, ``Hà Nội``) are
#: told apart by the gazetteer.
SURNAMES = frozenset("""
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Lương Đào Đinh Lâm Mai
    Trương Tạ Hà Kiều Thạch Lò Sùng Giàng Ma Tẩn Bế Nông Triệu Quách Cao Chu Châu Lưu Tô Tôn Thái
    Vương La Lại Khổng Khúc Doãn Diệp Đoàn Đàm Đồng Hứa Lục Mạc Nghiêm Ninh Phùng Phí Sầm Tăng
    Thân Tiêu Trịnh Âu Bạch Cù Cung Giáp Hầu Kha Khuất Lạc Lữ Mông Nhữ Ôn Thiều Tống Từ Ứng Vi Lã
    Lăng Lộc Mẫn Bàn Chảo Lù Mùa Thào Vàng Chẩu Cầm Điêu Lường Quàng Tòng Bạc Khà Vì Đèo Ksor Siu
    Rơ Rah Kpă Hờ Y
""".split())

#: Words that open a title.
TITLE_WORDS = (
    "Viện trưởng", "Vụ trưởng", "Cục trưởng", "Tổng cục trưởng", "Chánh Văn phòng", "Chánh án",
    "Chánh Thanh tra", "Trưởng phòng", "Trưởng ban", "Trưởng Công an", "Trưởng đoàn",
    "Kiểm sát viên", "Kiểm tra viên", "Điều tra viên", "Thẩm phán", "Thẩm tra viên", "Bí thư",
    "Chủ tịch", "Giám đốc", "Chỉ huy trưởng", "Thủ trưởng", "Hiệu trưởng", "Ủy viên",
    "Tổng Biên tập", "Trợ lý", "Chuyên viên", "Kế toán trưởng", "Đại biểu Quốc hội",
    "Chủ nhiệm", "Tư lệnh", "Chính ủy", "Trưởng khoa",
)
_HEAD = re.compile(
    r"(?<!\w)(?:Phó\s+)?(?:" + "|".join(w.replace(" ", r"\s+") for w in TITLE_WORDS) + r")(?!\w)",
    re.IGNORECASE,
)
# Words after which a title has ended: the clause's verb, or a function word.
_STOPS = phrases_pattern((
    "được", "đã", "đang", "sẽ", "vừa", "cũng", "đều", "là", "có", "dự", "tham dự", "chủ trì",
    "phát biểu", "đề nghị", "yêu cầu", "cho biết", "nhấn mạnh", "khẳng định", "trao", "tặng",
    "chúc mừng", "làm", "cảm ơn", "báo cáo", "trình bày", "quán triệt", "lưu ý", "giao",
    "kết luận", "hứa", "ghi nhận", "đánh giá", "thay mặt", "cùng", "với", "tới", "đến", "thăm",
    "động viên", "giữ", "nhận", "bày tỏ", "đọc", "công bố", "tuyên bố", "khai mạc", "bế mạc",
    "trả lời", "giải đáp", "thực hiện", "tiếp", "ký", "đại diện", "gửi", "nêu", "mong",
    "tin tưởng", "đồng thời", "khi", "trong", "sau", "trước", "ôn", "chia sẻ", "trao đổi",
    "chỉ ra", "phân tích", "giới thiệu", "kiểm tra", "chỉ đạo", "điều hành", "biểu dương",
    "khen ngợi", "chứng kiến",
))
_HONORIFIC = phrases_pattern(("đồng chí", "ông", "bà", "anh", "chị"))
_WORD = re.compile(r"\S+")
_TRAIL = ",.;:!?)\"”’"
# A place whose next word is a name is not a person (``đường Lê Lợi``, ``trường Lê Quý Đôn``).
_PLACE_BEFORE = re.compile(r"(?<!\w)(?:đường|phố|phường|xã|huyện|quận|tỉnh|thành phố|thị xã|"
                           r"thôn|ấp|bản|trường|cầu|chợ|khu|số)\s+$", re.IGNORECASE)
_NOT_PEOPLE = frozenset({"Hồ Chí Minh"})
#: Capitalised runs are looked up many times over (every word of every event).
canonical_province = lru_cache(maxsize=8192)(_canonical_province)


def _syllable(word: str) -> bool:
    return word[:1].isupper() and word.isalpha() and (len(word) == 1 or word[1:].islower())


def _names(text: str):
    """``(start, end, name)`` of each name in the text."""
    words = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text)]
    i = 0
    while i < len(words):
        start, _, word = words[i]
        if not word[:1].isupper():
            i += 1
            continue
        # a province first (``Cao Bằng``, ``Hà Nội``, ``Bà Rịa - Vũng Tàu``: five tokens): skip
        # it, a name may follow it
        place = next((k for k in (5, 4, 3, 2) if i + k <= len(words)
                      and canonical_province(" ".join(w.rstrip(_TRAIL) for _, _, w
                                                      in words[i:i + k]))), 0)
        if place:
            i += place
            continue
        after_place = bool(_PLACE_BEFORE.search(text[max(0, start - 12):start]))
        if word not in SURNAMES and not after_place:
            i += 1
            continue
        run = _run(words, i, MAX_PLACE_AND_NAME if after_place else 5)
        i += len(run)
        if after_place and not _PROVINCE_WORD.search(text[max(0, start - 6):start]):
            # a place's name, maybe with a name right after it ("thành phố Buôn Ma Thuột Hà Thị
            # Ngọc", "huyện Bảo Lâm Đào Thị Minh Nguyệt"): a name ends the run, if any. After
            # "tỉnh" a province would have been skipped above: "VKSND tỉnh Lê Minh Tuấn" is the
            # province's procuracy, then a name
            run = _name_after_place(run)
        if not 2 <= len(run) <= 4:
            continue
        last_start, last_end, last = run[-1]
        if len(last) == 1 and text[last_end:last_end + 1] == ".":
            continue  # "Nguyễn Văn H." names the accused, not an official
        name = " ".join(w for _, _, w in run)
        if name not in _NOT_PEOPLE:
            yield run[0][0], last_end, name


_PROVINCE_WORD = re.compile(r"(?<!\w)tỉnh\s+$", re.IGNORECASE)
#: The longest run of capitalised syllables read after a place word (``huyện``, ``thành phố``
#: ...): a place's name of up to four syllables and a name of up to four.
MAX_PLACE_AND_NAME = 8


def _run(words: list, i: int, limit: int) -> list:
    """The capitalised syllables from word ``i`` on, one space apart, none but the last followed
    by punctuation, at most ``limit``."""
    run = [words[i]]
    j = i + 1
    while j < len(words) and len(run) < limit:
        s, e, w = words[j]
        bare = w.rstrip(_TRAIL)
        if s != run[-1][1] + 1 or run[-1][2] != run[-1][2].rstrip(_TRAIL) or not _syllable(bare):
            break
        run.append((s, s + len(bare), bare))
        j += 1
    return run


def _name_after_place(run: list) -> list:
    """The name a place's capitalised run ends with: two to four syllables from a family name,
    the place keeping at least two syllables when it can (most district names have two: ``Bảo
    Lâm``; ``Ma`` of ``Buôn Ma Thuột`` is no family name here), else one (``Vinh``) before a name
    of three or four (``thành phố Buôn Ma Thuột`` alone names no ``Ma Thuột``); ``[]`` when no
    such name ends it (``Lê Quý Đôn`` after ``trường`` is the school's name)."""
    for k in range(2, len(run) - 1):
        if len(run) - k <= 4 and run[k][2] in SURNAMES:
            return run[k:]
    if 3 <= len(run) - 1 <= 4 and run[1][2] in SURNAMES:
        return run[1:]
    return []


def _title_end(text: str, start: int) -> int:
    """Where the title opening at ``start`` ends (see the module's docstring)."""
    end = start
    pos = start
    while True:
        m = _WORD.match(text, pos) if pos < len(text) and not text[pos].isspace() else \
            _WORD.search(text, pos)
        if m is None:
            return end
        word = m.group(0)
        if word.startswith(("(", "\"", "“")):
            return end
        if m.start() > start:
            # as written: capitalised, they are names (``Ban Chỉ đạo``, ``Bà Rịa``)
            if _STOPS.match(text, m.start()) or _HONORIFIC.match(text, m.start()):
                return end
            bare = word.rstrip(_TRAIL)
            if bare and bare[0].islower() and _after_place(text[start:end]):
                return end
        bare = word.rstrip(_TRAIL)
        end = m.start() + len(bare)
        tail = word[len(bare):]
        if tail:
            after = re.match(r"\s*", text[m.end():]).end() + m.end()
            if tail == "," and _HEAD.match(text, after):
                pos = after
                continue
            return end
        pos = m.end()


def _after_place(title: str) -> bool:
    """The title ends with a complete province name, or with the Supreme Procuracy."""
    words = title.split()
    if words[-2:] == ["tối", "cao"]:
        return True
    # up to five words: "Bà Rịa - Vũng Tàu"
    return any(canonical_province(" ".join(words[-k:])) for k in (1, 2, 3, 4, 5)
               if len(words) >= k and words[-k][:1].isupper())


def _clean(title: str) -> str | None:
    """Without a trailing separator, ``và`` or honorific (``Phó Viện trưởng và``)."""
    title = re.sub(r"(?:\s+(?:và|đồng chí|ông|bà))+\s*$", "", title.strip(" ,-–"))
    return title.strip(" ,-–") or None


# Between a title and the name it comes before: a comma, an honorific.
_BEFORE_NAME = re.compile(r"\s*,?\s*(?:(?:đồng chí|ông|bà)\s+)?")
_SEPARATOR = re.compile(r"\s*(?:,|-|–)\s*")


def _title_after(text: str, name_end: int) -> str | None:
    m = _SEPARATOR.match(text, name_end)
    if not m or not _HEAD.match(text, m.end()):
        return None
    return _clean(text[m.end():_title_end(text, m.end())])


def _title_before(text: str, name_start: int, name_end: int) -> str | None:
    sentence = 0
    for s in SENTENCE_END.finditer(text, 0, name_start):
        sentence = s.end()
    for head in _HEAD.finditer(text, sentence, name_start):
        end = _title_end(text, head.start())
        if end >= name_end:  # the title runs into the name
            return _clean(text[head.start():name_start])
        if _BEFORE_NAME.fullmatch(text, end, name_start):  # "Chủ tịch ..., ông Nguyễn Văn A"
            return _clean(text[head.start():end])
    return None


def people_in(text: str) -> list[dict]:
    """``{"name", "title"}`` of each official named with a title, in order of first mention."""
    text = normal(text)
    found: dict[str, str] = {}
    for start, end, name in _names(text):
        if name in found:
            continue
        title = _title_after(text, end) or _title_before(text, start, end)
        if title:
            found[name] = title
    return [{"name": name, "title": title} for name, title in found.items()]
