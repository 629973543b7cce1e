"""A generated digest through the real parser and the event rules, against its truth.

``check(digest, html)`` parses the page (``parse_article``, the portal's page class), takes the
item's events (``events_of``) and lists every disagreement with the truth as a ``Failure``; its
``cls`` names the failure class (field and what differs, with the part of the section that
carries it), so that a soak can count classes rather than sections.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vkscrawl.digest import events_of
from vkscrawl.parsing import parse_article

from .compose import Digest
from .parts import PREFIXES

FIELDS = ("unit", "unit_level", "provinces_2025", "date", "date_source", "kinds", "people")


@dataclass
class Failure:
    article_id: int
    position: int        # the section's position, from 1 (0: the digest as a whole)
    field: str
    want: object
    got: object
    cls: str

    def as_dict(self) -> dict:
        return {"article_id": self.article_id, "position": self.position, "field": self.field,
                "want": self.want, "got": self.got, "class": self.cls}


def _people(event: dict) -> list:
    return sorted((p["name"], " ".join(p["title"].split())) for p in event["people"])


def _class(field: str, want, got, section) -> str:
    if field == "kinds":
        extra = sorted(set(got) - set(want))
        missing = sorted(set(want) - set(got))
        return "kinds " + " ".join([*("+" + k for k in extra), *("-" + k for k in missing)])
    if field in ("date", "date_source"):  # the form of the day, its digits left out
        return f"{field} [{re.sub(r'[0-9]+', '#', section.parts['when'])}]"
    if field == "people":
        return "people"
    return f"{field} [{_form(section.unit.written)}]"


def _form(unit: str) -> str:
    """A unit's written form, its names and numbers left out: ``Viện KSND TP.Hà Nội`` → ``Viện
    KSND TP.X``, ``VKSND khu vực 3 -Hà Tĩnh`` → ``VKSND khu vực X -X``."""
    prefix = next((p for p in PREFIXES if unit.startswith(p)), "")
    out: list[str] = []
    for token in unit[len(prefix):].split():
        head, dot, word = token.rpartition(".")
        lead = word[: len(word) - len(word.lstrip("-–"))]
        bare = word[len(lead):]
        if bare[:1].isupper() or bare[:1].isdigit():
            word = lead + "X"
        out.append(head + dot + word)
    return re.sub(r"X(?: X)+", "X", " ".join([prefix, *out]).strip())


def events_for(html: str, url: str) -> tuple[dict, list[dict]]:
    item = parse_article(html, url).item
    return item, events_of(item)


def check(digest: Digest, html: str) -> list[Failure]:
    item, events = events_for(html, digest.url)
    truths = digest.truths()
    if len(events) != len(truths) or not item.get("sections"):
        return [Failure(digest.article_id, 0, "sections", len(truths),
                        [s["unit"] for s in item.get("sections") or []],
                        f"sections {len(truths)} -> {len(item.get('sections') or [])}")]
    failures = []
    for n, (section, truth, event) in enumerate(zip(digest.sections, truths, events), 1):
        got = dict(event)
        got["kinds"] = sorted(event["kinds"])
        got["people"] = _people(event)
        want = dict(truth)
        want["people"] = sorted((a, " ".join(b.split())) for a, b in truth["people"])
        for field in FIELDS:
            if field == "people":
                same = [(a, b.casefold()) for a, b in want[field]] == \
                       [(a, b.casefold()) for a, b in got[field]]
            else:
                same = want[field] == got[field]
            if not same:
                failures.append(Failure(digest.article_id, n, field, want[field], got[field],
                                        _class(field, want[field], got[field], section)))
    return failures
