"""The item of the feed: its field names and the JSON Schema that validates it.

Items travel as plain dicts (itemadapter handles them); the schema in ``item.schema.json`` is the
single definition of their shape, used by the validate stage, the monitors and the tests.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

SCHEMA_VERSION = 1

#: Field order of a feed line, as CONTRACT.md lists them.
ITEM_FIELDS = (
    "schema_version", "article_id", "url", "source_url", "category", "title", "published",
    "summary", "body", "images", "author", "sections", "text", "content_hash", "fetched_at",
    "snapshot",
)


@cache
def item_schema() -> dict:
    """The item's JSON Schema (draft 2020-12), loaded once."""
    return json.loads(resources.files("vkscrawl").joinpath("item.schema.json").read_text("utf-8"))


@cache
def item_validator():
    from jsonschema import Draft202012Validator

    return Draft202012Validator(item_schema())


def ordered(item: dict) -> dict:
    """The item with its fields in contract order (extra keys, if any, last)."""
    out = {k: item[k] for k in ITEM_FIELDS if k in item}
    out.update((k, v) for k, v in item.items() if k not in out)
    return out
