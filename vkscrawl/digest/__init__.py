"""The digest as data: feed items become dated events (docs/FEED.md, "Events").

Pure Python over items, never HTML, no Scrapy: ``events_of(item)`` gives an item's events;
``events_file.update_events`` keeps ``events.jsonl`` current from the feed.
"""

from .events import (DELETION_FIELDS, EVENT_FIELDS, EVENT_SCHEMA_VERSION, event_content_hash,
                     event_deletion, event_ids, events_of)

__all__ = ["DELETION_FIELDS", "EVENT_FIELDS", "EVENT_SCHEMA_VERSION", "event_content_hash",
           "event_deletion", "event_ids", "events_of"]
