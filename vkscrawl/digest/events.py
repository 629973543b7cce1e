"""An item of the feed becomes its events: one per procuracy section of a digest, one for a
single-story article. Pure: the same item always gives the same events (docs/FEED.md, "Events").

``event_id`` is ``<article_id>-<n>``: ``n`` the section's position in the digest, from 1; ``0``
for an article without sections. An edited digest keeps the ids of the positions it still has.
"""

from __future__ import annotations

import hashlib
import json

from vkscrawl.parsing.gazetteer import provinces_in

from .dates import activity_date
from .kinds import kinds_of
from .people import people_in
from .units import district_province, normalise_unit, provinces_2025, unit_in, unit_level

__all__ = ["EVENT_SCHEMA_VERSION", "EVENT_FIELDS", "DELETION_FIELDS", "events_of", "event_ids",
           "event_deletion", "event_content_hash"]

#: The ``schema_version`` of every line of events.jsonl.
EVENT_SCHEMA_VERSION = 1

#: Field order of an event line.
EVENT_FIELDS = ("schema_version", "event_id", "article_id", "url", "published", "date",
                "date_source", "unit", "unit_level", "provinces", "provinces_2025", "kinds",
                "people", "text", "content_hash")
#: Field order of an event's deletion marker.
DELETION_FIELDS = ("schema_version", "event_id", "article_id", "url", "deleted", "status",
                   "fetched_at")


def event_ids(item: dict) -> list[str]:
    """The ids of the events an item yields, in order."""
    count = len(item.get("sections") or [])
    positions = range(1, count + 1) if count else [0]
    return [f"{item['article_id']}-{n}" for n in positions]


def event_content_hash(event: dict) -> str:
    """``sha256:`` + hex SHA-256 of the event's other fields as canonical JSON (sorted keys,
    UTF-8): it changes whenever anything a reader sees of the event changes."""
    fields = {k: v for k, v in event.items() if k != "content_hash"}
    raw = json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(raw.encode("utf-8")).hexdigest()


def _event(item: dict, event_id: str, unit_written: str | None, provinces: list[str],
           text: str) -> dict:
    published = item["published"]
    unit = normalise_unit(unit_written) if unit_written else None
    level = unit_level(unit, published)
    if not provinces and level == "huyen":
        provinces = district_province(text)
    day, source = activity_date(text, published)
    people = people_in(text)
    event = {
        "schema_version": EVENT_SCHEMA_VERSION,
        "event_id": event_id,
        "article_id": item["article_id"],
        "url": item["url"],
        "published": published,
        "date": day,
        "date_source": source,
        "unit": unit,
        "unit_level": level,
        "provinces": list(provinces),
        "provinces_2025": provinces_2025(provinces),
        "kinds": kinds_of(text, [p["title"] for p in people]),
        "people": people,
        "text": text,
    }
    event["content_hash"] = event_content_hash(event)
    return event


def events_of(item: dict) -> list[dict]:
    """The events of one feed item (not a deletion marker)."""
    sections = item.get("sections") or []
    ids = event_ids(item)
    if sections:
        return [_event(item, event_id, section["unit"], section.get("provinces") or [],
                       section.get("text") or "")
                for event_id, section in zip(ids, sections)]
    parts = [item.get("title"), item.get("summary"), item.get("body")]
    text = "\n\n".join(p for p in parts if p)
    written = next((u for part in parts if part for u in [unit_in(part)] if u), None)
    provinces = provinces_in(written) if written else []
    return [_event(item, ids[0], written, provinces, text)]


def event_deletion(event_id: str, article_id: int, url: str | None, status: int | None,
                   fetched_at: str | None) -> dict:
    """The line that takes an event back: its article was taken down (``status`` 404 or 410),
    or an edit left the digest without the event's position (``status`` null)."""
    return {"schema_version": EVENT_SCHEMA_VERSION, "event_id": event_id,
            "article_id": article_id, "url": url, "deleted": True, "status": status,
            "fetched_at": fetched_at}


def schema_text() -> str:
    """The events' JSON Schema (``vkscrawl schema --events``)."""
    from importlib import resources

    return resources.files("vkscrawl").joinpath("event.schema.json").read_text("utf-8")
