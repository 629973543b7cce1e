"""The invariant a generated page must satisfy, as data: each way an item differs from the source
article is a :class:`Mismatch` with a field and a kind, so the CI test can name what failed and the
soak can count failures by class (``field/kind``).

Fields checked (``expected`` of a :class:`~.page.GeneratedPage`):

``title``      equal to the source's title
``published``  the day; and the time (as ISO 8601 in Viet Nam time) when the page gives one, none
               invented when it gives none
``summary``    equal to the source's summary, ``None`` when the page prints none
``body``       the paragraphs, in order (the item's ``body`` split at blank lines)
``captions``   one entry per image of the article, in order: its caption or ``None``
``author``     equal to the source's author line (for ``Tác giả: X``: ``X``)

The "never empty" property (:func:`never_empty`): whenever trafilatura extracts text from the page,
the item has a body; whenever htmldate finds a date, the item has a date.
"""

from __future__ import annotations

from dataclasses import dataclass

FIELDS = ("title", "published", "summary", "body", "captions", "author")
NEVER_EMPTY = ("never_empty_body", "never_empty_date")


@dataclass(frozen=True)
class Mismatch:
    field: str
    kind: str
    got: object
    expected: object

    @property
    def cls(self) -> str:
        return f"{self.field}/{self.kind}"

    def describe(self) -> str:
        return f"{self.cls}: got {self.got!r:.300}, expected {self.expected!r:.300}"


def item_fields(item: dict) -> dict:
    """The item's values in the shape of ``expected``."""
    return {
        "title": item.get("title") or "",
        "published": item.get("published"),
        "summary": item.get("summary"),
        "body": item["body"].split("\n\n") if item.get("body") else [],
        "captions": [im.get("caption") for im in item.get("images") or []],
        "author": item.get("author"),
    }


def _title(got: str, exp: str) -> str | None:
    if got == exp:
        return None
    if not got:
        return "empty"
    if exp in got:
        return "extra_text"
    if got in exp:
        return "partial"
    return "wrong"


def _published(got: str | None, exp: str) -> str | None:
    if got == exp:
        return None
    if not got:
        return "missing"
    if got[:10] != exp[:10]:
        return "wrong_day"
    if len(exp) > 10 and len(got) == 10:
        return "missing_time"
    if len(exp) == 10:
        return "invented_time"
    return "wrong_time"


def _optional_text(got: str | None, exp: str | None) -> str | None:
    if got == exp:
        return None
    if exp is None:
        return "spurious"
    if got is None:
        return "missing"
    return "wrong"


def _body(got: list[str], exp: list[str]) -> str | None:
    if got == exp:
        return None
    if not got:
        return "empty"
    missing = [p for p in exp if p not in got]
    extra = [p for p in got if p not in exp]
    if missing and extra:
        return "missing_and_extra"
    if missing:
        return "missing_paragraphs"
    if extra:
        return "extra_blocks"
    return "order"


def _captions(got: list, exp: list) -> str | None:
    if got == exp:
        return None
    if len(got) < len(exp):
        return "missing_images"
    if len(got) > len(exp):
        return "extra_images"
    kinds = {"missing" if g is None else ("spurious" if e is None else "wrong") for g, e in zip(got, exp) if g != e}
    return "caption_" + "_".join(sorted(kinds))


CHECKS = {"title": _title, "published": _published, "summary": _optional_text, "body": _body,
          "captions": _captions, "author": _optional_text}


def check(expected: dict, item: dict, fields=FIELDS) -> list[Mismatch]:
    got = item_fields(item)
    out = []
    for f in fields:
        kind = CHECKS[f](got[f], expected[f])
        if kind:
            out.append(Mismatch(f, kind, got[f], expected[f]))
    return out


# -- never empty where a peer finds something ------------------------------------------------------


def peer_text(html: str, url: str) -> str:
    """trafilatura's main text of the page ("" when it finds none)."""
    import logging

    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    return trafilatura.extract(html, url=url, include_comments=False, include_tables=True) or ""


def peer_date(html: str, url: str) -> str | None:
    """htmldate's date of the page (its defaults: original date first, extensive search)."""
    import logging

    from htmldate import find_date

    logging.getLogger("htmldate").setLevel(logging.ERROR)
    return find_date(html, url=url, original_date=True) or None


def never_empty(html: str, url: str, item: dict, which=NEVER_EMPTY) -> list[Mismatch]:
    out = []
    if "never_empty_body" in which and not item.get("body"):
        text = peer_text(html, url)
        if text.strip():
            out.append(Mismatch("never_empty_body", "trafilatura_finds_text", "", text[:200]))
    if "never_empty_date" in which and not item.get("published"):
        d = peer_date(html, url)
        if d:
            out.append(Mismatch("never_empty_date", "htmldate_finds_a_date", None, d))
    return out
