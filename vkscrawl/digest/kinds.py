"""What kind of activity an event reports: phrase lists over the event's text.

Each kind is a list of phrases (lower case, whole words, docs/FEED.md lists them) matched in the
NFC, modern-tone, lower-cased text with the officials' titles taken out (a title is not an
activity: ``Bí thư Đảng ủy`` is no party meeting). Three rules keep a phrase from counting when it
names no activity of the unit:

- **what someone urged or plans**: a phrase after a directive or future word of its sentence
  (``yêu cầu``, ``đề nghị``, ``tăng cường``, ``đẩy mạnh``, ``phải``, ``sẽ`` ...): ``Lãnh đạo yêu
  cầu tăng cường ứng dụng công nghệ thông tin`` is no digital project; a directive word inside a
  purpose clause reaches only to the comma that closes it (``Nhằm tăng cường phối hợp, VKSND tỉnh
  X ký kết Quy chế``: an agreement);
- **papers, not people**: ``luân chuyển`` moves staff (appointment) unless papers follow it
  (``luân chuyển văn bản``, ``hồ sơ``: document routing);
- **names**: quoted names (of campaigns, cases, contests) and ``Cụm thi đua`` (a group of units
  that compete together, named as a partner or in a title: ``(phụ trách Cụm thi đua số 3)``);
- **background**: ``sau sắp xếp``, ``sau khi hợp nhất`` (the state of things, not a
  reorganisation);
- **the form of a meeting**: ``hội nghị`` is a ``conference`` unless what follows names another
  kind (``Hội nghị tập huấn``: training; ``Hội nghị ký kết``: agreement; ``Hội nghị trao quyết
  định``: appointment), a named meeting (``Hội nghị Trung ương``) or a mention of a meeting
  already named (``Tại Hội nghị,``, ``Hội nghị đã thông qua``).

An event matching no phrase is ``other``.
"""

from __future__ import annotations

import re

from .text import normal, phrases_pattern

__all__ = ["KINDS", "PHRASES", "kinds_of"]

#: The taxonomy, in the order events list their kinds.
KINDS = ("conference", "training", "seminar", "model_trial", "inspection", "agreement",
         "appointment", "emulation", "digital", "legal_outreach", "visit", "party_union",
         "charity", "contest", "reorganisation", "ceremony", "other")

#: Plain phrases of each kind (patterns that need more than a phrase are in _PATTERNS).
PHRASES: dict[str, tuple[str, ...]] = {
    "conference": ("sơ kết", "tổng kết", "giao ban", "đối thoại"),
    "training": ("tập huấn", "lớp bồi dưỡng", "bồi dưỡng nghiệp vụ", "bồi dưỡng kỹ năng",
                 "bồi dưỡng kiến thức", "bồi dưỡng chuyên sâu", "lớp đào tạo", "mở lớp",
                 "khai giảng", "bế giảng", "lớp học"),
    "seminar": ("hội thảo", "tọa đàm"),
    "model_trial": ("phiên tòa mẫu",),
    "inspection": ("trực tiếp kiểm sát", "kiểm sát trực tiếp", "đoàn kiểm tra", "đoàn kiểm sát",
                   "tiến hành kiểm tra", "kiểm tra toàn diện", "kiểm tra chuyên đề",
                   "kiểm tra công tác", "kiểm tra việc", "phúc tra"),
    "agreement": ("quy chế phối hợp liên ngành",),
    "appointment": ("bổ nhiệm", "điều động", "biệt phái", "trao quyết định",
                    "công bố quyết định", "nghỉ hưu"),
    "emulation": ("thi đua", "khen thưởng", "bằng khen", "giấy khen", "huân chương",
                  "huy chương", "biểu dương", "tuyên dương", "kỷ niệm chương"),
    "digital": ("chuyển đổi số", "công nghệ thông tin", "số hóa", "phần mềm", "trợ lý ảo",
                "chữ ký số", "ký số", "hồ sơ điện tử", "phòng họp trực tuyến",
                "trí tuệ nhân tạo", "cơ sở dữ liệu", "môi trường điện tử"),
    "legal_outreach": ("tuyên truyền, phổ biến", "phổ biến pháp luật",
                       "phổ biến, giáo dục pháp luật", "giáo dục pháp luật", "tìm hiểu pháp luật",
                       "ngày pháp luật", "xét xử lưu động"),
    "visit": ("làm việc với", "làm việc tại", "buổi làm việc", "đoàn công tác", "chúc tết"),
    "party_union": ("chi bộ", "đảng bộ", "đảng ủy", "đoàn thanh niên", "chi đoàn", "công đoàn",
                    "nữ công", "đoàn viên", "đảng viên"),
    "charity": ("tặng quà", "trao quà", "suất quà", "ủng hộ", "nhà đại đoàn kết",
                "nhà tình nghĩa", "nhà tình thương", "học bổng", "từ thiện", "thiện nguyện",
                "vì người nghèo", "an sinh xã hội", "tình nguyện", "hiến máu"),
    "contest": ("hội thi", "cuộc thi"),
    "reorganisation": ("sắp xếp tổ chức bộ máy", "kiện toàn tổ chức bộ máy", "sắp xếp tổ chức",
                       "tổ chức bộ máy", "hợp nhất", "sáp nhập", "mô hình tổ chức mới",
                       "thành lập các vksnd khu vực", "kết thúc hoạt động",
                       "chấm dứt hoạt động"),
    "ceremony": ("lễ kỷ niệm", "mít tinh", "tổ chức kỷ niệm", "lễ tưởng niệm"),
}

_CLAUSE = r"[^.;:!?\n]"
#: Kinds whose phrases need a pattern.
_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    "model_trial": (re.compile(rf"(?<!\w)phiên tòa{_CLAUSE}{{0,80}}?(?<!\w)(?:rút kinh nghiệm|trực tuyến)(?!\w)"),),
    "agreement": (re.compile(r"(?<!\w)ký(?:\s+kết)?(?:\s+\S+){0,3}?\s+(?:quy chế|chương trình"
                             r"|kế hoạch|thỏa thuận|bản ghi nhớ)(?!\w)"),),
    "legal_outreach": (re.compile(rf"(?<!\w)tuyên truyền{_CLAUSE}{{0,40}}?(?<!\w)pháp luật(?!\w)"),),
    # staff moved to another post, not papers routed ("luân chuyển văn bản, hồ sơ")
    "appointment": (re.compile(r"(?<!\w)luân chuyển(?!\s+(?:các\s+|những\s+)?(?:văn bản|hồ sơ"
                               r"|tài liệu|công văn|đơn|thư|chứng từ|dữ liệu|vật chứng)(?!\w))(?!\w)"),),
    # "thăm", not a prison's "thăm gặp", a doctor's "thăm khám"
    "visit": (re.compile(r"(?<!\w)thăm(?!\s+(?:gặp|nuôi|khám|dò))(?!\w)"),
              # congratulating a colleague on a new post is part of an appointment, not a visit
              re.compile(r"(?<!\w)chúc mừng(?!\s+(?:các\s+)?đồng chí)(?!\w)")),
    # giving money or goods to people, not "hỗ trợ" a prosecutor's work
    "charity": (re.compile(rf"(?<!\w)hỗ trợ(?={_CLAUSE}{{0,40}}?(?<!\w)(?:triệu đồng|nghìn đồng"
                           r"|đồng|suất|hộ|gia đình|công chức|người lao động|nhân dân|người dân"
                           r"|đồng bào|học sinh)(?!\w))"),),
}

#: A phrase after one of these in its sentence is what someone urged or plans, not what was done.
_DIRECTIVE = re.compile(phrases_pattern((
    "yêu cầu", "đề nghị", "tăng cường", "đẩy mạnh", "lưu ý", "nhấn mạnh", "phấn đấu",
    "xác định", "cần", "phải", "sẽ", "chú trọng", "quan tâm", "bối cảnh",
)).pattern)
_BACKGROUND = re.compile(r"(?<!\w)sau(?:\s+khi)?\s+$")

_MEETING = re.compile(r"(?<!\w)hội nghị(?!\w)")
# What follows "hội nghị" when the meeting is of another kind.
_MEETING_OF = (
    ("training", phrases_pattern(("tập huấn",))),
    ("agreement", phrases_pattern(("ký kết", "ký"))),
    ("appointment", phrases_pattern(("trao quyết định", "công bố quyết định", "công bố", "trao"))),
)
_MEETING_FORM = phrases_pattern(("trực tuyến", "trực tiếp"))
# "Hội nghị đã thông qua", "Tại Hội nghị, ...": a mention of a meeting already named.
_MENTION_WORDS = frozenset("""đã có cũng được là này và với thống thông ghi diễn sẽ đang vừa cho
    của tại do lần""".split())
_PHRASE_PATTERNS = {kind: phrases_pattern(phrases) for kind, phrases in PHRASES.items()}


# A directive's reach: its whole sentence, the list after it included (written with semicolons),
# up to "đồng thời" (at the same time), which opens a clause of its own.
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n|(?<!\w)đồng thời(?!\w)")
# A row of a data table (cells joined by " | "): statistics, not an activity.
_TABLE_ROW = re.compile(r"^.*\|.*$", re.MULTILINE)
# Names: of campaigns, cases, titles of merit ("phong trào thi đua “Vì người nghèo”").
_QUOTED = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")
# The name of a group of units that compete together ("Cụm thi đua số 3"): no emulation by itself.
_GROUP_NAME = re.compile(r"(?<!\w)cụm\s+thi\s+đua(?!\w)", re.IGNORECASE)


def _sentence_start(text: str, pos: int) -> int:
    start = 0
    for m in _SENTENCE_END.finditer(text, 0, pos):
        start = m.end()
    return start


# A purpose clause: "Nhằm tăng cường công tác phối hợp, VKSND tỉnh X ký kết ...".
_PURPOSE = phrases_pattern(("nhằm", "để", "với mục đích", "hướng tới"))


def _urged(text: str, low: str, start: int, pos: int) -> bool:
    """A directive word between ``start`` and ``pos`` reaches ``pos``: not one inside a purpose
    clause that a comma closes before ``pos`` (``Nhằm tăng cường phối hợp, đơn vị ký kết``: the
    signing was done, the strengthening is its purpose)."""
    for d in _DIRECTIVE.finditer(text, start, pos):
        purpose = None
        for purpose in _PURPOSE.finditer(low, start, d.start()):
            pass
        if (purpose is not None and "," not in low[purpose.end():d.start()]
                and "," in low[d.end():pos]):
            continue
        return True
    return False


def _counts(text: str, low: str, m: re.Match[str]) -> bool:
    """A phrase match names an activity of the unit (not urged, planned or background).
    Directive words are read as written, in lower case: ``Cần Thơ`` is no ``cần``."""
    start = _sentence_start(low, m.start())
    return not (_urged(text, low, start, m.start())
                or _BACKGROUND.search(low[start:m.start()]))


def _meeting_kind(text: str, low: str, m: re.Match[str]) -> str | None:
    rest = m.end()
    form = _MEETING_FORM.match(low, rest + 1)
    if form:
        rest = form.end()
    for kind, pattern in _MEETING_OF:
        if pattern.match(low, rest + 1):
            return kind
    # "Hội nghị," "Hội nghị." (no word after it), "Hội nghị đã ...": a mention
    word = re.match(r"\S+", text[rest + 1:])
    if word is None or word.group(0)[0].isupper() or word.group(0).lower() in _MENTION_WORDS:
        return None
    return "conference"


def kinds_of(text: str, titles: tuple[str, ...] | list[str] = ()) -> list[str]:
    """The kinds the text reports, in taxonomy order; ``["other"]`` when none. ``titles``: the
    officials' titles found in the text, taken out before matching."""
    text = normal(text)
    for title in sorted(set(titles), key=len, reverse=True):
        if title:
            text = text.replace(normal(title), " " * len(normal(title)))
    text = _QUOTED.sub(lambda q: " " * len(q.group(0)), text)
    text = _GROUP_NAME.sub(lambda g: " " * len(g.group(0)), text)
    text = _TABLE_ROW.sub(lambda row: " " * len(row.group(0)), text)
    low = text.lower()
    found: set[str] = set()
    for kind, pattern in _PHRASE_PATTERNS.items():
        if any(_counts(text, low, m) for m in pattern.finditer(low)):
            found.add(kind)
    for kind, patterns in _PATTERNS.items():
        if any(_counts(text, low, m) for p in patterns for m in p.finditer(low)):
            found.add(kind)
    for m in _MEETING.finditer(low):
        kind = _meeting_kind(text, low, m)
        if kind and _counts(text, low, m):
            found.add(kind)
    return [k for k in KINDS if k in found] or ["other"]
