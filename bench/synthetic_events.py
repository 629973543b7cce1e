"""SYNTHETIC EVENTS, FOR BENCHMARKS ONLY: not event extraction, and no measure of it.

The export benchmark (bench/explore_scale.py) needs an ``events.jsonl`` beside the feed of the
generated 10,000-article portal, of the size and shape the crawl's own events will have: one
event per digest section (one per single-story article), in the contract of ``events.jsonl``.
Until the crawl writes events, this makes them from the feed's sections with every judgement
(kinds, the activity's date, people) drawn from a hash of the event id: stable from run to run,
and meaningless. Never use its output as data.

    python bench/synthetic_events.py OUTPUT_DIR     # writes OUTPUT_DIR/events.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from datetime import date, timedelta
from pathlib import Path

KINDS = ["conference", "training", "seminar", "model_trial", "inspection", "agreement",
         "appointment", "emulation", "digital", "legal_outreach", "visit", "party_union", "other"]
PEOPLE = [("Lương Minh Thống", "Vụ trưởng Vụ 8 VKSND tối cao"),
          ("Lê Văn Đông", "Viện trưởng VKSND tỉnh Thanh Hóa"),
          ("Nguyễn Văn A", "Phó Viện trưởng")]


def _draw(event_id: str) -> int:
    return int.from_bytes(hashlib.sha256(event_id.encode()).digest()[:8], "big")


def events_of(item: dict) -> list[dict]:
    sections = item.get("sections") or [{"unit": None, "provinces": [], "text": item["body"]}]
    out = []
    for position, section in enumerate(sections, 1):
        event_id = f"{item['article_id']}-{position}"
        h = _draw(event_id)
        published = date.fromisoformat(item["published"][:10])
        from_text = h % 3 != 0
        day = published - timedelta(days=h % 6) if from_text else published
        kinds = [KINDS[h % len(KINDS)]] + ([KINDS[(h >> 8) % len(KINDS)]] if h % 4 == 0 else [])
        unit = section.get("unit")
        out.append({
            "schema_version": 1, "event_id": event_id, "article_id": item["article_id"],
            "url": item["url"], "published": item["published"], "date": day.isoformat(),
            "date_source": "text" if from_text else "digest", "unit": unit,
            "unit_level": "khu_vuc" if unit and "khu vực" in unit else ("tinh" if unit else None),
            "provinces": section.get("provinces") or [],
            "provinces_2025": section.get("provinces") or [],
            "kinds": list(dict.fromkeys(kinds)),
            "people": [dict(zip(("name", "title"), PEOPLE[h % len(PEOPLE)]))] if h % 7 == 0
            else [],
            "text": section["text"],
            "content_hash": "sha256:" + hashlib.sha256(section["text"].encode()).hexdigest(),
        })
    return out


def append_events(feed: Path, events: Path, offset: int = 0) -> int:
    """Append the events of the feed's complete lines from ``offset``; the new offset."""
    with open(feed, "rb") as f, open(events, "a", encoding="utf-8") as out:
        f.seek(offset)
        for raw in f:
            if not raw.endswith(b"\n"):
                break
            offset += len(raw)
            item = json.loads(raw)
            if item.get("deleted"):
                continue
            for event in events_of(item):
                out.write(json.dumps(event, ensure_ascii=False) + "\n")
    return offset


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("output_dir", type=Path)
    args = parser.parse_args()
    target = args.output_dir / "events.jsonl"
    target.unlink(missing_ok=True)
    append_events(args.output_dir / "local_news.jsonl", target)
    print(f"{target}: {sum(1 for _ in open(target, encoding='utf-8'))} synthetic events")
    return 0


if __name__ == "__main__":
    sys.exit(main())
