"""The item stages, as plain functions over dicts: clean, validate, dedupe.

The Scrapy pipelines (``pipelines.py``) and ``vkscrawl reparse`` run these same functions, so a
crawl and a rebuild from snapshots treat every item alike. Writing is ``feed.FeedWriter``.
"""

from __future__ import annotations

from vkscrawl.items import ITEM_FIELDS, item_validator
from vkscrawl.parsing import content_hash, normalize_line, normalize_text
from vkscrawl.ledger.state import CrawlState

#: Fields that hold one line; the others keep their paragraph breaks.
SINGLE_LINE = ("title", "category", "author", "url", "source_url")
MULTI_LINE = ("summary", "body", "text")
NULLABLE = ("category", "summary", "author")


def clean_item(item: dict) -> dict:
    """Normalise every text field (NFC, spaces, line breaks); empty optional fields become null.

    It applies the parser's own normalisers (EXTRACTION.md) again: text the parser emitted comes
    out unchanged, and anything else that reaches the feed is held to the same rules.
    ``content_hash`` stays true to the cleaned title, summary and body.
    """
    out = dict(item)
    for key in SINGLE_LINE:
        if isinstance(out.get(key), str):
            out[key] = normalize_line(out[key])
    for key in MULTI_LINE:
        if isinstance(out.get(key), str):
            out[key] = normalize_text(out[key])
    for key in NULLABLE:
        if out.get(key) == "":
            out[key] = None
    out["images"] = [
        {"url": image.get("url"),
         "caption": (normalize_line(image["caption"]) or None) if image.get("caption") else None}
        for image in out.get("images") or []
    ]
    out["sections"] = [
        {"unit": normalize_line(section.get("unit") or ""),
         "provinces": [normalize_line(p) for p in section.get("provinces") or []],
         "text": normalize_text(section.get("text") or "")}
        for section in out.get("sections") or []
    ]
    if out.get("title") and isinstance(out.get("body"), str):
        out["content_hash"] = content_hash(out["title"], out.get("summary"), out["body"])
    return {k: out[k] for k in ITEM_FIELDS if k in out}


def validate_item(item: dict) -> str | None:
    """Why the item must not be written, or None when it is a valid item of the schema."""
    if not item.get("article_id"):
        return "no article id in the page's canonical or fetched URL"
    if not item.get("title"):
        return "no title"
    if not item.get("published"):
        return "no publication date"
    if not item.get("body"):
        return "no body text"
    error = next(iter(sorted(item_validator().iter_errors(item), key=lambda e: e.path)), None)
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path) or "item"
        return f"schema: {where}: {error.message}"
    return None


class Deduper:
    """One article is one item: by article number, and by content across numbers.

    Verdicts: ``new`` (never written), ``changed`` (written before with another content hash: a
    consumer keeps the last line per article_id), ``duplicate`` (same article and content as
    before, or the same content already written under another number).
    """

    def __init__(self, state: CrawlState):
        self.state = state

    def check(self, item: dict) -> tuple[str, str]:
        article_id, digest = item["article_id"], item["content_hash"]
        known = self.state.article(article_id)
        if known and known["status"] == "written" and known["content_hash"] == digest:
            return "duplicate", f"article {article_id} unchanged"
        owner = self.state.owner_of_hash(digest)
        if owner is not None and owner != article_id:
            return "duplicate", f"same content as article {owner}"
        if known and known["status"] == "written":
            return "changed", f"article {article_id} changed since it was last written"
        return "new", f"article {article_id} is new"

    def remember_duplicate(self, item: dict) -> None:
        """Note that this number was seen as a duplicate (unless it was written itself), so an
        incremental crawl need not fetch it again."""
        known = self.state.article(item["article_id"])
        if known is None or known["status"] != "written":
            self.state.record(item["article_id"], "duplicate", content_hash=item["content_hash"],
                              published=item.get("published"), url=item.get("url"))
