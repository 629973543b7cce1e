"""How well the event rules agree with the hand labels: precision and recall per kind and per
field. The CI floors (tests/test_events_quality.py) and the benchmark script
(bench/events_quality.py) use these functions; tests/data/events_gold.md says how the labels
were written.

Two corpora, never mixed in one figure:

- ``gold``: every event of the fixture articles (the rules were written looking at these texts);
- ``heldout``: feed items the rules were not written against (``events_heldout.jsonl``).

Per kind: an event is a true positive for a kind when both the rules and the label give it.
Fields: ``date`` (the day, exact), ``date_source``, ``unit`` (normalised, exact) and
``unit_level`` are scored per event (precision: right among the events the rules gave a value;
recall: right among the events the label gives a value); ``provinces_2025`` per (event,
province); ``people`` per (event, name), and per (event, name, title) with the title compared
after spaces and case are normalised.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from tests.support.crawl import FIXTURES, with_origin
from vkscrawl.digest import events_of
from vkscrawl.digest.kinds import KINDS

DATA = Path(__file__).resolve().parents[1] / "data"
GOLD = DATA / "events_gold.jsonl"
HELDOUT_ITEMS = DATA / "events_heldout.jsonl"
HELDOUT_GOLD = DATA / "events_heldout_gold.jsonl"
SCALAR_FIELDS = ("date", "date_source", "unit", "unit_level")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def fixture_items() -> list[dict]:
    """The expected items of the fixture articles that have a page (served at 127.0.0.1:8000)."""
    return [with_origin(json.loads(p.read_text("utf-8")), "http://127.0.0.1:8000")
            for p in sorted(FIXTURES.glob("articles/*/expected.json"))]


def predicted(items: list[dict]) -> dict[str, dict]:
    return {event["event_id"]: event for item in items for event in events_of(item)}


def corpus(name: str) -> tuple[dict[str, dict], dict[str, dict]]:
    """``(labels, events)`` by event_id for ``gold`` or ``heldout``."""
    if name == "gold":
        labels, items = read_jsonl(GOLD), fixture_items()
    elif name == "heldout":
        labels, items = read_jsonl(HELDOUT_GOLD), read_jsonl(HELDOUT_ITEMS)
    else:
        raise ValueError(name)
    return {label["event_id"]: label for label in labels}, predicted(items)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    errors: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def as_dict(self) -> dict:
        return {"precision": round(self.precision, 4), "recall": round(self.recall, 4),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


def _title_key(title: str | None) -> str:
    return " ".join((title or "").split()).casefold()


def _pairs(label: dict, event: dict, key: str) -> tuple[set, set]:
    if key == "provinces_2025":
        return set(label["provinces_2025"]), set(event["provinces_2025"])
    if key == "people_name":
        return ({p["name"] for p in label["people"]}, {p["name"] for p in event["people"]})
    return ({(p["name"], _title_key(p["title"])) for p in label["people"]},
            {(p["name"], _title_key(p["title"])) for p in event["people"]})


def score(labels: dict[str, dict], events: dict[str, dict]) -> dict[str, dict[str, Score]]:
    """Scores by kind and by field. Every labelled event must have been predicted and the other
    way round (a missing or extra event is a bug of its own, not a matter of quality)."""
    if set(labels) != set(events):
        raise AssertionError(f"events without labels: {sorted(set(events) - set(labels))}; "
                             f"labels without events: {sorted(set(labels) - set(events))}")
    kinds = {k: Score() for k in KINDS}
    fields = {f: Score() for f in (*SCALAR_FIELDS, "provinces_2025", "people_name",
                                   "people_name_title")}
    for event_id, label in sorted(labels.items()):
        event = events[event_id]
        want, got = set(label["kinds"]), set(event["kinds"])
        for kind in want | got:
            s = kinds[kind]
            if kind in want and kind in got:
                s.tp += 1
            elif kind in got:
                s.fp += 1
                s.errors.append(event_id)
            else:
                s.fn += 1
                s.errors.append(event_id)
        for name in SCALAR_FIELDS:
            s = fields[name]
            want_v, got_v = label[name], event[name]
            if want_v is not None and want_v == got_v:
                s.tp += 1
                continue
            if got_v is not None:
                s.fp += 1
            if want_v is not None:
                s.fn += 1
            s.errors.append((event_id, want_v, got_v))
        for name in ("provinces_2025", "people_name", "people_name_title"):
            s = fields[name]
            want_set, got_set = _pairs(label, event, name)
            s.tp += len(want_set & got_set)
            s.fp += len(got_set - want_set)
            s.fn += len(want_set - got_set)
            if want_set != got_set:
                s.errors.append((event_id, sorted(want_set - got_set), sorted(got_set - want_set)))
    return {"kinds": kinds, "fields": fields}


def summary(scores: dict[str, dict[str, Score]], labels: dict[str, dict]) -> dict:
    """JSON-ready figures: per kind (with its support in the labels) and per field."""
    support = Counter(k for label in labels.values() for k in label["kinds"])
    kinds = {k: {**s.as_dict(), "support": support.get(k, 0)}
             for k, s in scores["kinds"].items() if s.tp + s.fp + s.fn}
    micro = Score(sum(s.tp for s in scores["kinds"].values()),
                  sum(s.fp for s in scores["kinds"].values()),
                  sum(s.fn for s in scores["kinds"].values()))
    return {"events": len(labels),
            "sections": sum(1 for e in labels if not e.endswith("-0")),
            "kinds": kinds, "kinds_micro": micro.as_dict(),
            "fields": {f: s.as_dict() for f, s in scores["fields"].items()}}
