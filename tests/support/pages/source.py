"""The source article a generated page prints: title, date, summary, paragraphs, pictures with
their captions, author line.

The text is Vietnamese procuracy news as the portal and the provincial sites write it, drawn from
the fixture articles' expected items (``fixtures/articles/*/expected.json``: paragraphs, captions,
authors, titles) and from the two seed texts (``tests/data/seeds``), recombined: a single story
takes running paragraphs, a digest ("Tin hoạt động VKSND địa phương A – B – C") takes sections
that open with a procuracy unit and a colon (``VKSND tỉnh X: ...``). Titles, summaries and
authors of stories are also composed from the short lists below (units, events, names).

Nothing here knows how a page will print the article: :mod:`.page` does that.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path

from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[3]
ARTICLES = ROOT / "fixtures" / "articles"
SEEDS = ROOT / "tests" / "data" / "seeds"

_UNIT = re.compile(r"^((?:VKSND|Viện kiểm sát nhân dân)[^:\n]{0,100}):\s+")

PROVINCES = (
    "Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "An Giang", "Bắc Giang", "Bắc Ninh", "Bến Tre",
    "Bình Định", "Bình Dương", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Điện Biên", "Đồng Nai",
    "Đồng Tháp", "Gia Lai", "Hà Giang", "Hà Nam", "Hà Tĩnh", "Hải Dương", "Hòa Bình", "Hưng Yên",
    "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu", "Lâm Đồng", "Lạng Sơn", "Lào Cai",
    "Long An", "Nam Định", "Nghệ An", "Ninh Bình", "Phú Thọ", "Phú Yên", "Quảng Bình",
    "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị", "Sóc Trăng", "Sơn La", "Tây Ninh",
    "Thái Bình", "Thái Nguyên", "Thanh Hóa", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
    "Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
)
CITIES = ("Hà Nội", "Hải Phòng", "Đà Nẵng", "Cần Thơ")

#: What a unit did: a story's title (after the unit) and a digest summary's clause.
EVENTS = (
    "tổ chức Hội nghị tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024",
    "phối hợp tổ chức phiên tòa rút kinh nghiệm vụ án cố ý gây thương tích",
    "trực tiếp kiểm sát tại Trại tạm giam Công an tỉnh",
    "ký kết Quy chế phối hợp với Cục Thi hành án dân sự",
    "tổ chức Hội thi Kiểm sát viên giỏi cấp huyện",
    "tập huấn kỹ năng xét hỏi, tranh luận tại phiên tòa hình sự",
    "sơ kết 6 tháng đầu năm công tác kiểm sát tạm giữ, tạm giam",
    "tuyên truyền pháp luật về phòng, chống ma túy tại trường học",
    "kiểm sát việc tiếp công dân, giải quyết khiếu nại, tố cáo",
    "tổ chức Lễ công bố quyết định bổ nhiệm Phó Viện trưởng",
    "phát động phong trào thi đua chào mừng ngày thành lập ngành",
    "kiểm sát trực tiếp việc thi hành án hình sự tại Ủy ban nhân dân cấp xã",
    "hưởng ứng Tháng hành động vì trẻ em",
    "đối thoại với công chức, người lao động về cải cách tư pháp",
)
AUTHORS = (
    "TL (tổng hợp)", "Hải - Huê", "Minh Tuấn (tổng hợp)", "Hồng Nhung", "Quốc Bảo",
    "Phương Thảo (tổng hợp)", "Thu Hà", "Lan Anh (tổng hợp)", "Trung Kiên", "Ngọc Hân",
    "Nguyễn Văn Hùng", "Trần Thị Mai", "Lê Minh - Thu Trang", "Văn phòng tổng hợp",
    "Phòng 15", "Đức Anh (VKSND huyện Krông Pắc)",
)
#: An author written under a label (``Tác giả: Lê Thị Hoa``): a person's name.
LABELLED_AUTHORS = ("Lê Thị Hoa", "Nguyễn Văn Hùng", "Trần Quốc Toản", "Phạm Thu Hương", "Đỗ Minh Châu")

START, END = date(2019, 1, 1), date(2025, 12, 31)


@dataclass(frozen=True)
class Picture:
    """An image of the article: its file name and caption (``None``: printed without one)."""

    file: str
    caption: str | None


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``unit`` is the digest section's unit it opens with (``VKSND tỉnh X``:
    the page may print it in bold), else ``None``."""

    text: str
    unit: str | None = None

    @property
    def rest(self) -> str:
        """The paragraph after ``unit:``."""
        return self.text[len(self.unit) + 1:].lstrip() if self.unit else self.text


@dataclass(frozen=True)
class SourceArticle:
    kind: str  # "story" | "digest"
    title: str
    day: date
    time: tuple[int, int] | None  # hour, minute in Viet Nam time; None: the site keeps no time
    summary: str | None
    paragraphs: tuple[Paragraph, ...]
    pictures: tuple[tuple[int, Picture], ...]  # (number of paragraphs before it, picture)
    author: str | None
    author_label: bool = False  # written "Tác giả: X" (the author is X)

    def iso(self) -> str:
        if self.time is None:
            return self.day.isoformat()
        return f"{self.day.isoformat()}T{self.time[0]:02d}:{self.time[1]:02d}:00+07:00"


def _running(block: str) -> bool:
    """A paragraph of running text: long, ending a sentence (not a list item, caption or label)."""
    return len(block) >= 100 and block.rstrip()[-1:] in ".!?”\")" and "leftcenter" not in block


# -- pools read from the fixtures ----------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    running: tuple[str, ...]  # paragraphs of running text (no unit, no line break, no table)
    sections: tuple[str, ...]  # a section's opening text, the unit taken off
    captions: tuple[str, ...]
    story_titles: tuple[str, ...]
    story_summaries: tuple[str, ...]
    digest_titles: tuple[str, ...]  # used for sidebars: other days' digests


@cache
def pools() -> Pools:
    running, sections, captions = [], [], []
    story_titles, story_summaries, digest_titles = [], [], []
    for path in sorted(ARTICLES.glob("*/expected.json")):
        e = json.loads(path.read_text("utf-8"))
        for block in (e["body"] or "").split("\n\n"):
            if "\n" in block or " | " in block or not _running(block):
                continue
            m = _UNIT.match(block)
            (sections if m else running).append(block[m.end():] if m else block)
        captions += [im["caption"] for im in e["images"] if im["caption"]]
        if e["title"].startswith("Tin hoạt động"):
            digest_titles.append(e["title"])
        else:
            story_titles.append(e["title"])
            if e["summary"]:
                story_summaries.append(e["summary"])
    for path in sorted(SEEDS.glob("*.txt")):
        for block in path.read_text("utf-8").split("\n\n"):
            block = " ".join(block.split())
            if _running(block) and block not in captions and not _UNIT.match(block):
                running.append(block)

    def unique(xs):  # shortest first: a shrunk page keeps the shortest texts that still fail
        return tuple(sorted(dict.fromkeys(xs), key=lambda x: (len(x), x)))

    return Pools(unique(running), unique(sections), unique(captions), unique(story_titles),
                 unique(story_summaries), unique(digest_titles))


# -- strategies -----------------------------------------------------------------------------------

def unit_name(province: str, style: int) -> str:
    if province in CITIES:
        return ("VKSND thành phố ", "VKSND TP. ", "Viện kiểm sát nhân dân thành phố ")[style % 3] + province
    return ("VKSND tỉnh ", "VKSND tỉnh ", "Viện kiểm sát nhân dân tỉnh ")[style % 3] + province


@st.composite
def days(draw) -> date:
    return START + timedelta(days=draw(st.integers(0, (END - START).days)))


@st.composite
def times(draw) -> tuple[int, int] | None:
    return draw(st.none() | st.tuples(st.integers(6, 21), st.integers(0, 59)))


@st.composite
def pictures(draw, n_paragraphs: int) -> tuple[tuple[int, Picture], ...]:
    p = pools()
    count = draw(st.integers(0, 3))
    caps = draw(st.lists(st.sampled_from(p.captions), min_size=count, max_size=count, unique=True))
    out = []
    for i, cap in enumerate(caps):
        where = draw(st.integers(0, n_paragraphs))
        shown = draw(st.integers(0, 5)) != 5  # most images carry a caption
        out.append((where, Picture(f"anh-{i + 1}.jpg", cap if shown else None)))
    out.sort(key=lambda x: x[0])
    return tuple(out)


@st.composite
def stories(draw, day: date) -> SourceArticle:
    p = pools()
    province = draw(st.sampled_from(PROVINCES))
    unit = unit_name(province, draw(st.integers(0, 2)))
    title = draw(st.sampled_from(p.story_titles) | st.sampled_from(EVENTS).map(lambda e: f"{unit} {e}"))
    paragraphs = draw(st.lists(st.sampled_from(p.running + p.sections), min_size=2, max_size=7, unique=True))
    summary = draw(st.none() | st.sampled_from(p.story_summaries)
                   | st.sampled_from(EVENTS).map(lambda e: f"Ngày {day.day}/{day.month}/{day.year}, {unit} {e}."))
    if summary in paragraphs:
        summary = None
    return SourceArticle("story", title, day, draw(times()), summary, tuple(Paragraph(t) for t in paragraphs),
                         draw(pictures(len(paragraphs))), None)


@st.composite
def digests(draw, day: date) -> SourceArticle:
    p = pools()
    provinces = draw(st.lists(st.sampled_from(PROVINCES), min_size=2, max_size=4, unique=True))
    style = draw(st.integers(0, 2))
    units = [unit_name(pr, style) for pr in provinces]
    openings = draw(st.lists(st.sampled_from(p.sections), min_size=len(units), max_size=len(units), unique=True))
    follow = draw(st.lists(st.sampled_from(p.running), max_size=len(units), unique=True))
    paragraphs: list[Paragraph] = []
    for i, (unit, text) in enumerate(zip(units, openings)):
        paragraphs.append(Paragraph(f"{unit}: {text}", unit))
        if i < len(follow):
            paragraphs.append(Paragraph(follow[i]))
    events = draw(st.lists(st.sampled_from(EVENTS), min_size=len(units), max_size=len(units)))
    summary = None
    if draw(st.integers(0, 4)):
        clauses = "; ".join(f"{u} {e}" for u, e in zip(units, events))
        summary = f"Tin hoạt động VKSND địa phương ngày {day.day}/{day.month}/{day.year} gồm những nội dung chính sau: {clauses}."
    title = "Tin hoạt động VKSND địa phương " + " – ".join(provinces)
    return SourceArticle("digest", title, day, draw(times()), summary, tuple(paragraphs),
                         draw(pictures(len(paragraphs))), None)


@st.composite
def articles(draw) -> SourceArticle:
    day = draw(days())
    a = draw(st.sampled_from(("story", "digest")).flatmap(lambda k: stories(day) if k == "story" else digests(day)))
    labelled = draw(st.booleans()) and draw(st.booleans())
    author = draw(st.none() | st.sampled_from(LABELLED_AUTHORS if labelled else AUTHORS))
    return SourceArticle(a.kind, a.title, a.day, a.time, a.summary, a.paragraphs, a.pictures, author,
                         author_label=labelled and author is not None)
