"""The hand-written expected.json files obey docs/EXTRACTION.md on their own (independently of the
parser): a wrong expected item would otherwise make a wrong parser look right."""

from __future__ import annotations

import re
import unicodedata

import pytest

from vkscrawl.parsing import content_hash
from vkscrawl.parsing.text import is_chrome_line

from .fixturedata import expected, fill_origin, fixture_dirs, meta

DIRS = fixture_dirs()
IDS = [d.name for d in DIRS]


def _strings(v):
    if isinstance(v, str):
        yield v
    elif isinstance(v, list):
        for x in v:
            yield from _strings(x)
    elif isinstance(v, dict):
        for x in v.values():
            yield from _strings(x)


@pytest.fixture(params=DIRS or [None], ids=IDS or ["none"])
def exp(request):
    return request.param, fill_origin(expected(request.param))


def test_shape_and_normalisation(exp):
    d, it = exp
    assert it["schema_version"] == 1
    assert it["article_id"] == meta(d)["article_id"]
    for s in _strings(it):
        assert s == unicodedata.normalize("NFC", s)
        assert "\u00a0" not in s and "\u200b" not in s and "\u00ad" not in s
    for f in ("title", "category", "author"):
        assert it[f] is None or ("\n" not in it[f] and it[f] == it[f].strip() and "  " not in it[f])
    for im in it["images"]:
        assert im["caption"] is None or "\n" not in im["caption"]
        assert re.match(r"^https?://[^\s]+$", im["url"]) and im["url"].isascii()
    for f in ("summary", "body", "text"):
        v = it[f]
        if v:
            assert v == v.strip() and "\n\n\n" not in v


def test_content_hash(exp):
    _d, it = exp
    assert it["content_hash"] == content_hash(it["title"], it["summary"], it["body"])


def test_text_shape(exp):
    _d, it = exp
    p = it["published"]
    dmy = f"{p[8:10]}/{p[5:7]}/{p[0:4]}"
    head = [it["title"], dmy] + ([it["summary"]] if it["summary"] else [])
    assert it["text"].startswith("\n\n".join(head) + "\n\n")
    if it["author"]:
        assert it["text"].endswith("\n\n" + it["author"])
    # body paragraphs and captions, in some page order, are exactly the middle of text
    middle = it["text"][len("\n\n".join(head)) + 2:]
    if it["author"]:
        middle = middle[: -len(it["author"]) - 2]
    blocks = middle.split("\n\n")
    captions = [im["caption"] for im in it["images"] if im["caption"]]
    assert [b for b in blocks if b not in captions or b in it["body"].split("\n\n")] == it["body"].split("\n\n")
    assert sorted(b for b in blocks if b in captions) == sorted(captions)


def test_no_chrome(exp):
    _d, it = exp
    for line in it["text"].split("\n"):
        assert not is_chrome_line(line), line
    assert "leftcenterrightdel" not in it["text"]
    assert not re.search(r"\bleft\s*center\s*right\s*del\b", it["text"])


def test_sections_consistent_with_body(exp):
    _d, it = exp
    paras = it["body"].split("\n\n")
    for s in it["sections"]:
        first = next((p for p in paras if p.startswith(s["unit"]) and p[len(s["unit"]):].lstrip().startswith(":")), None)
        assert first is not None, s["unit"]
        assert p_in_body(s["text"], it["body"])
        assert all(isinstance(x, str) for x in s["provinces"])


def p_in_body(text: str, body: str) -> bool:
    return all(p in body for p in text.split("\n\n") if p)
