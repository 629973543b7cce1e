"""A whole digest drawn from the parts (``parts.py``): its sections' truth, and its HTML page.

``draw_digest(rng)`` draws a digest from a ``random.Random``: its day (2023 to 2026, both sides
of the 2025 merger), one to six sections, each with a unit, the activity's day, one to three
activities, officials, sentences that name no activity, the heading printed in one of the ways
the portal's editors print it (bold with the colon inside or outside, ``<b>``, a ``<div>``, the
heading alone in its paragraph, a leading dash, no space after the colon). ``digest_html`` puts
it in a portal page; ``digests(seed, n)`` is the reproducible batch the CI test and the soak use.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

from tests.parsing.htmlpages import make_page

from .parts import (ACTIVITIES, COMPOUND, NAMES, NEUTRAL, PREAMBLES, SUBJECTS, Person, Unit, When, draw_titles,
                    draw_unit, draw_when, old_tone, people_list, person_sentence)

ORIGIN = "http://127.0.0.1:8000"
FIRST_DAY = date(2023, 1, 2)
LAST_DAY = date(2026, 6, 30)

#: How a section's heading is printed: ``{u}`` the unit, ``{t}`` the first paragraph's text.
HEADINGS: dict[str, str] = {
    "strong_in": "<p><strong>{u}:</strong> {t}</p>",
    "strong_out": "<p><strong>{u}</strong>: {t}</p>",
    "b_in": "<p><b>{u}:</b> {t}</p>",
    "plain": "<p>{u}: {t}</p>",
    "glued": "<p><strong>{u}:</strong>{t}</p>",
    "div": "<div><strong>{u}:</strong> {t}</div>",
    "own_paragraph": "<p><strong>{u}:</strong></p><p>{t}</p>",
    "dash": "<p>- <strong>{u}</strong>: {t}</p>",
    "span_bold": '<p><span style="font-weight:bold">{u}:</span> {t}</p>',
    "strong_space_colon": "<p><strong>{u} :</strong> {t}</p>",
    "em_strong": "<p><em><strong>{u}:</strong></em> {t}</p>",
    "colon_apart": "<p><strong>{u}</strong><strong>:</strong> {t}</p>",
    "nbsp": "<p><strong>{u}:&nbsp;</strong>{t}</p>",
}
#: How a later paragraph of a section is printed.
PARAGRAPHS = ("<p>{t}</p>", "<div>{t}</div>", '<p style="text-align:justify">{t}</p>')

LINKS = ("Cũng trong ngày, đơn vị", "Dịp này, đơn vị", "Ngoài ra, đơn vị", "Bên cạnh đó, đơn vị",
         "Trong khuôn khổ chương trình, đơn vị")


@dataclass
class Section:
    unit: Unit
    when: When
    kinds: list[str]
    people: list[Person]
    paragraphs: list[str]
    heading: str
    parts: dict = field(default_factory=dict)
    later_day: date | None = None  # the day a later activity of the section gives

    def truth(self, published: date) -> dict:
        day = self.when.day or self.later_day
        return {"unit": self.unit.unit, "unit_level": self.unit.level,
                "provinces_2025": self.unit.provinces_2025,
                "date": (day or published).isoformat(),
                "date_source": "text" if day else "digest",
                "kinds": sorted(self.kinds) or ["other"],
                "people": sorted((p.name, p.title) for p in self.people)}


@dataclass
class Digest:
    article_id: int
    published: date
    sections: list[Section]

    @property
    def url(self) -> str:
        return (f"{ORIGIN}/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/"
                f"tin-hoat-dong-vksnd-dia-phuong-d8-t{self.article_id}.html")

    def truths(self) -> list[dict]:
        return [s.truth(self.published) for s in self.sections]


def _activities(rng: random.Random) -> tuple[list[str], list[str]]:
    """Clauses and their kinds: one to three activities of different kinds (none, rarely)."""
    if rng.random() < 0.04:
        return [], []
    if rng.random() < 0.15:
        clause, kinds = rng.choice(COMPOUND)
        return [clause], list(kinds)
    count = rng.choice((1, 1, 1, 2, 2, 3))
    kinds = rng.sample(sorted(ACTIVITIES), count)
    return [rng.choice(ACTIVITIES[k]) for k in kinds], kinds


def _after_clause(when: When) -> str:
    """The day written after the activity: ``... tổ chức Hội nghị vào sáng ngày 12/3.``"""
    words = when.text.strip(", ")
    words = words[0].lower() + words[1:]
    return (" vào " if words.split()[0] in ("ngày", "sáng", "chiều", "tối", "trưa") else " ") + words


def draw_section(rng: random.Random, published: date, used_names: set[str]) -> Section:
    unit = draw_unit(rng, published)
    when = draw_when(rng, published)
    clauses, kinds = _activities(rng)
    sentences: list[list[str]] = [[]]  # paragraphs of sentences
    first = clauses[0] if clauses else "tổ chức các hoạt động chuyên môn theo kế hoạch"
    people: list[Person] = []
    subject, head = "", ""
    if rng.random() < 0.12:  # a body of the unit or a delegation holds it
        subject, subject_kinds = rng.choice(SUBJECTS)
        kinds = sorted({*kinds, *subject_kinds})
        if subject.startswith("Đoàn") and rng.random() < 0.6:
            name = rng.choice([n for n in NAMES if n not in used_names])
            used_names.add(name)
            people.append(Person(name, draw_titles(rng, unit, published)))
            head = f" do đồng chí {name}, {people[0].title} làm Trưởng đoàn"
        subject += " "
    mention = f"{subject}{unit.mention}{head}"
    if when.day and rng.random() < 0.2:  # the day after the activity
        opening = f"{mention} {first}{_after_clause(when)}."
        place = "after"
    elif when.day is None and rng.random() < 0.3:  # "VKSND quận X vừa tổ chức ..."
        opening = f"{mention} vừa {first}."
        place = "vừa"
    else:
        opening = f"{when.text}{mention} {first}."
        place = "lead"
    preamble = ""
    if rng.random() < 0.2:  # a purpose or the plan carried out, before the day
        doc = published - timedelta(days=rng.randint(15, 200))
        preamble = rng.choice(PREAMBLES).format(doc=f"{doc.day:02d}/{doc.month}/{doc.year}",
                                                n=published.year - 1944, y=published.year)
        opening = preamble + opening[0].lower() + opening[1:] if not opening.startswith(
            ("VKSND", "Viện")) else preamble + opening
    sentences[0].append(opening[0].upper() + opening[1:])
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        name = rng.choice([n for n in NAMES if n not in used_names])
        used_names.add(name)
        people.append(Person(name, draw_titles(rng, unit, published)))
    named = people[1:] if head else people  # the delegation's head is named already
    if len(named) == 2 and rng.random() < 0.3:
        sentences[-1].append(people_list(named))
    else:
        sentences[-1].extend(person_sentence(rng, p) for p in named)
    later_day = None
    for clause in clauses[1:]:
        if rng.random() < 0.5:
            sentences.append([])
        if later_day is None and rng.random() < 0.2:  # a later activity with its own day
            start = when.day or published - timedelta(days=20)
            later_day = start + timedelta(days=rng.randint(0, (published - start).days))
            sentences[-1].append(f"Ngày {later_day.day}/{later_day.month}, đơn vị {clause}.")
        else:
            sentences[-1].append(f"{rng.choice(LINKS)} {clause}.")
    for _ in range(rng.choice((0, 0, 1, 1, 2))):
        if rng.random() < 0.4:
            sentences.append([])
        sentences[-1].append(rng.choice(NEUTRAL))
    paragraphs = [" ".join(p) for p in sentences if p]
    tone = rng.random() < 0.15
    if tone:
        paragraphs = [old_tone(p) for p in paragraphs]
    heading = rng.choice(sorted(HEADINGS))
    return Section(unit, when, kinds, people, paragraphs, heading,
                   {"heading": heading, "when": (when.text.strip(", ") or "-") + f" ({place})",
                    "preamble": preamble.split(" ")[0] if preamble else "",
                    "subject": subject.strip(),
                    "old_tone": tone}, later_day)


def draw_digest(rng: random.Random, article_id: int) -> Digest:
    span = (LAST_DAY - FIRST_DAY).days
    published = FIRST_DAY + timedelta(days=rng.randrange(span))
    used: set[str] = set()
    sections = [draw_section(rng, published, used) for _ in range(rng.choice((1, 2, 3, 3, 4, 5, 6)))]
    return Digest(article_id, published, sections)


#: An image of a section with its caption (captions are not section text).
IMAGE = ('<p style="text-align:center"><img src="/uploads/{n}.jpg" alt=""></p>'
         '<p style="text-align:center"><em>{c}</em></p>')
CAPTIONS = ("Quang cảnh Hội nghị", "Các đại biểu chụp ảnh lưu niệm", "Toàn cảnh buổi lễ")


#: How the sections sit in the content: one paragraph per paragraph, a section's paragraphs
#: joined by ``<br>`` in one paragraph, or the whole digest in one ``<div>``, sections apart by
#: ``<br><br>`` (older CMS output).
LAYOUTS = ("paragraphs", "paragraphs", "paragraphs", "br_in_section", "one_div")


def digest_html(digest: Digest, rng: random.Random) -> str:
    day = digest.published.strftime("%d/%m/%Y")
    layout = rng.choice(LAYOUTS)
    body = []
    if rng.random() < 0.2:  # a lead paragraph in the body, before the first section
        body.append(f"<p>Tin hoạt động VKSND địa phương ngày {day} gồm những nội dung chính "
                    "sau:</p>")
    for s in digest.sections:
        unit = escape(s.unit.written)
        if s.heading == "nbsp":
            unit = unit.replace(" ", "&nbsp;", 1)
        texts = [escape(p, quote=False) for p in s.paragraphs]
        if layout == "one_div":
            body.append(f"<strong>{unit}:</strong> " + "<br>".join(texts))
            continue
        if layout == "br_in_section":
            texts = ["<br>".join(texts)]
        body.append(HEADINGS[s.heading].format(u=unit, t=texts[0]))
        for p in texts[1:]:
            body.append(rng.choice(PARAGRAPHS).format(t=p))
        if rng.random() < 0.2:
            body.append(IMAGE.format(n=rng.randrange(10**6), c=rng.choice(CAPTIONS)))
    content = "<div>" + "<br><br>".join(body) + "</div>" if layout == "one_div" else "\n".join(body)
    names = " – ".join(s.unit.unit.split()[-1] for s in digest.sections)
    return make_page(
        content=content,
        title=f"Tin hoạt động VKSND địa phương {names}",
        date=day,
        sapo=f"Tin hoạt động VKSND địa phương ngày {day} gồm những nội dung chính sau: "
             + "; ".join(f"hoạt động của {s.unit.unit}" for s in digest.sections) + ".",
    )


def digests(seed: int, count: int, first_id: int = 900000):
    """``count`` digests, the same for the same seed: ``(digest, html)``."""
    rng = random.Random(seed)
    for n in range(count):
        digest = draw_digest(rng, first_id + n)
        yield digest, digest_html(digest, rng)
