"""The lines of the feed: an article's item, or a deletion marker. Field names and the JSON Schema.

Items travel as plain dicts (itemadapter handles them); ``item.schema.json`` is the single
definition of a line's shape (``vkscrawl schema`` prints it), used by the validate stage and the
tests. docs/FEED.md says the same in words.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

#: The ``schema_version`` of every line.
SCHEMA_VERSION = 1

#: Field order of an item line.
ITEM_FIELDS = (
    "schema_version", "article_id", "url", "source_url", "category", "title", "published",
    "summary", "body", "images", "author", "sections", "text", "content_hash", "fetched_at",
    "snapshot",
)
#: Field order of a deletion marker line.
DELETION_FIELDS = ("schema_version", "article_id", "url", "deleted", "status", "fetched_at")
#: The fields every article must have from the parser; which parser layer served them decides
#: whether the portal's markup drifted.
CORE_FIELDS = ("title", "published", "body")


def schema_text() -> str:
    return resources.files("vkscrawl").joinpath("item.schema.json").read_text("utf-8")


@cache
def line_schema() -> dict:
    """The feed line's JSON Schema (draft 2020-12): an item or a deletion marker."""
    return json.loads(schema_text())


def closed(schema):
    """The schema with every object it describes closed to fields it does not name.

    The published schema is open (a consumer ignores fields added later, docs/FEED.md); the
    crawl checks its own items against this closed reading of it, so that a misspelt or stray
    field of ours is refused instead of written."""
    if isinstance(schema, list):
        return [closed(node) for node in schema]
    if not isinstance(schema, dict):
        return schema
    out = {key: closed(value) for key, value in schema.items()}
    if "properties" in out:
        out["additionalProperties"] = False
    return out


@cache
def item_schema() -> dict:
    """The item as the crawl writes it: the published item schema, closed."""
    return closed({"$ref": "#/$defs/item", "$defs": line_schema()["$defs"]})


@cache
def item_validator():
    """Validates an item the crawl wrote (not a deletion marker), closed (see ``closed``)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(item_schema())


def item_schema_digest() -> str:
    """A digest of :func:`item_schema` (its JSON with sorted keys): the compiled check records
    the one it was made from, and a test compares it with the schema's now."""
    import hashlib
    import json

    return hashlib.sha256(json.dumps(item_schema(), sort_keys=True).encode("utf-8")).hexdigest()


@cache
def item_check():
    """The same item schema compiled to Python by fastjsonschema: a yes/no check about twenty
    times faster than jsonschema's validator (it was a fifth of a reparse's time). jsonschema
    stays the judge: ``validation_problem`` asks it whenever this check finds a fault, and it says
    which. The schema uses only keywords both implement alike (type, const, enum, pattern,
    minLength, minimum, required, properties, additionalProperties, items, oneOf, $ref); a test
    holds the two to the same verdict on generated items.

    Compiled ahead of time (``vkscrawl/_item_check.py``, written by
    ``scripts/regen_item_check.py``): generating and compiling the code in every process was most
    of a reparse's start-up after the imports."""
    import fastjsonschema

    from vkscrawl._item_check import validate as check

    def is_valid(item: dict) -> bool:
        try:
            check(item)
        except fastjsonschema.JsonSchemaException:
            return False
        return True

    return is_valid


def is_deletion(line: dict) -> bool:
    return line.get("deleted") is True


def deletion_marker(article_id: int, url: str, status: int, fetched_at: str) -> dict:
    return {"schema_version": SCHEMA_VERSION, "article_id": article_id, "url": url,
            "deleted": True, "status": status, "fetched_at": fetched_at}


def ordered(line: dict) -> dict:
    """The line with its fields in contract order (extra keys, if any, last)."""
    fields = DELETION_FIELDS if is_deletion(line) else ITEM_FIELDS
    out = {k: line[k] for k in fields if k in line}
    out.update((k, v) for k, v in line.items() if k not in out)
    return out
