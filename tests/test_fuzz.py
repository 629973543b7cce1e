"""Property-based fuzzing of the parsers: mutated fixture pages never break them.

Each example takes a fixture page (an article page, or a listing page) and applies a few random
mutations with lxml: drop, duplicate, reorder and rename elements, rename or drop class
attributes, inject scripts, styles, comments and templates, cut the page, mix encodings. Then:

- ``parse_article`` returns (never raises, and reports no internal "parser error");
- its item either passes the validate stage (``response_to_item.validation_problem``, the JSON
  Schema included) or gets a clear rejection reason;
- no text field holds an HTML tag, nor anything the mutations hid in scripts, styles, comments
  or templates;
- ``parse_listing`` returns teasers with article numbers and absolute http(s) URLs.

The seed is fixed (``derandomize=True``) and the examples bounded: the file runs in seconds, and a
failure reproduces on every machine.
"""

from __future__ import annotations

import copy
import json
import re
import unicodedata
from functools import cache

import lxml.html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.crawl import FIXTURES
from vkscrawl.parsing import parse_article, parse_listing
from vkscrawl.offline.server import LISTING_PATH
from vkscrawl.dispatch.response_to_item import validation_problem

ORIGIN = "http://127.0.0.1:8000"
#: What the mutations hide where no reader sees it; it must never reach an item.
SECRET = "FUZZSECRET"
TAG = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
CLEAR_REASONS = ("no article id", "no title", "no publication date", "no body text", "schema: ")
TEXT_FIELDS = ("title", "summary", "body", "text", "author", "category")
RENAMES = ["div", "span", "p", "section", "article", "font", "b", "i", "h1", "h2", "h3", "td",
          "li", "ul", "table", "center", "blockquote", "a", "em", "strong", "header", "footer"]
HIDING_PLACES = [
    f"<script>document.write('<p>{SECRET} script</p>');var x = '<h1>{SECRET}</h1>';</script>",
    f"<script type='application/ld+json'>{{\"headline\": \"{SECRET}\"}}</script>",
    f"<style>.{SECRET} {{ content: '<b>{SECRET}</b>' }}</style>",
    f"<!-- <p class='sapo'>{SECRET} comment</p> -->",
    f"<noscript><p>{SECRET} noscript</p></noscript>",
    f"<template><p>{SECRET} template</p></template>",
    f"<p><script>/*{SECRET}*/</script>văn bản</p>",
    f"<iframe src='javascript:alert(1)'>{SECRET}</iframe>",
]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1258", "windows-1252", "latin-1"]

SETTINGS = dict(derandomize=True, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@cache
def article_pages() -> list[tuple[str, bytes]]:
    """(URL, page bytes) of every article fixture that has a page."""
    out = []
    for meta_file in sorted(FIXTURES.glob("articles/*/fixture.json")):
        page = meta_file.parent / "page.html"
        if page.is_file():
            meta = json.loads(meta_file.read_text("utf-8"))
            out.append((ORIGIN + meta["path"], page.read_bytes()))
    assert out, "no article fixtures"
    return out


@cache
def listing_pages_bytes() -> list[bytes]:
    return [p.read_bytes() for p in sorted(FIXTURES.glob("portal/listing/*.html"))]


# --- mutations ---------------------------------------------------------------------------------------

def elements(doc) -> list:
    return [el for el in doc.iter() if isinstance(el.tag, str) and el.getparent() is not None]


def mutate_tree(doc, data) -> list[str]:
    """Apply 1-6 random structural mutations to ``doc`` in place; return what was done."""
    done = []
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        found = elements(doc)
        if not found:
            break
        op = data.draw(st.sampled_from(["drop", "duplicate", "reorder", "rename", "declass",
                                        "reclass", "hide", "unwrap", "empty"]), label="op")
        el = found[data.draw(st.integers(0, len(found) - 1), label="element")]
        if op == "drop" and el.tag not in ("body", "head"):
            el.drop_tree()
        elif op == "duplicate":
            el.addnext(copy.deepcopy(el))
        elif op == "reorder" and len(el) > 1:
            children = list(el)
            order = data.draw(st.permutations(range(len(children))), label="order")
            for child in children:
                el.remove(child)
            for index in order:
                el.append(children[index])
        elif op == "rename" and el.tag not in ("body", "head"):
            el.tag = data.draw(st.sampled_from(RENAMES), label="tag")
        elif op == "declass":
            for attribute in ("class", "id", "style", "property", "name", "rel"):
                el.attrib.pop(attribute, None)
        elif op == "reclass":
            el.set("class", data.draw(st.sampled_from(
                ["sapo", "content-detail", "title-detail", "date-detail", "breadcrumb", "author",
                 "caption", "image", "item-news", "pagination", "x", ""]), label="class"))
        elif op == "hide":
            snippet = data.draw(st.sampled_from(HIDING_PLACES), label="snippet")
            for node in lxml.html.fragments_fromstring(snippet):
                if isinstance(node, str):
                    continue
                position = data.draw(st.integers(0, len(el)), label="position")
                el.insert(position, node)
        elif op == "unwrap" and el.tag not in ("body", "head", "html"):
            el.drop_tag()
        elif op == "empty":
            for child in list(el):
                el.remove(child)
            el.text = None
        else:
            continue
        done.append(op)
    return done


def serialise(doc) -> bytes:
    return lxml.html.tostring(doc, encoding="utf-8", doctype="<!DOCTYPE html>")


def encode(text: str, encoding: str, data) -> tuple[bytes, str | None]:
    """The page in ``encoding``, declared rightly, wrongly or not at all."""
    raw = text.encode(encoding, errors="xmlcharrefreplace") if encoding not in ("utf-16",) \
        else text.encode(encoding)
    declared = data.draw(st.sampled_from([encoding, "utf-8", "iso-8859-1", "windows-1258", None]),
                         label="declared")
    return raw, (f"text/html; charset={declared}" if declared else "text/html")


def mutate_bytes(body: bytes, data) -> bytes:
    op = data.draw(st.sampled_from(["none", "cut", "splice-latin1", "bad-utf8", "nul", "bom",
                                    "nfd"]), label="bytes op")
    if op == "cut":
        return body[: data.draw(st.integers(0, len(body)), label="cut at")]
    if op == "splice-latin1":
        at = data.draw(st.integers(0, len(body)), label="at")
        return body[:at] + "Viện kiểm sát – đã".encode("latin-1", "replace") + body[at:]
    if op == "bad-utf8":
        at = data.draw(st.integers(0, len(body)), label="at")
        return body[:at] + b"\xc3\x28\xa0\xa1\xe2\x82\xff\xfe" + body[at:]
    if op == "nul":
        at = data.draw(st.integers(0, len(body)), label="at")
        return body[:at] + b"\x00\x00" + body[at:]
    if op == "bom":
        return b"\xef\xbb\xbf" + body
    if op == "nfd":
        return unicodedata.normalize("NFD", body.decode("utf-8", "replace")).encode("utf-8")
    return body


# --- the properties --------------------------------------------------------------------------------------

def check_article(body: bytes, url: str, content_type: str | None):
    parsed = parse_article(body, url, content_type)
    assert not [p for p in parsed.problems if p.startswith("parser error")], parsed.problems
    item = {**parsed.item, "fetched_at": "2025-01-01T00:00:00Z", "snapshot": None,
            "source_url": url}
    problem = validation_problem(item)
    if problem is not None:
        assert isinstance(problem[0], str) and problem[0].startswith(CLEAR_REASONS), problem
    strings = [item.get(f) or "" for f in TEXT_FIELDS]
    strings += [image.get("caption") or "" for image in item.get("images") or []]
    strings += [s.get("unit") or "" for s in item.get("sections") or []]
    strings += [s.get("text") or "" for s in item.get("sections") or []]
    strings += [p for s in item.get("sections") or [] for p in s.get("provinces") or []]
    for value in strings:
        assert SECRET not in value, value[:300]
        assert not TAG.search(value), TAG.search(value).group(0)
        assert "\x00" not in value
    for image in item.get("images") or []:
        assert re.match(r"^https?://\S+$", image["url"]), image["url"]
        assert SECRET not in image["url"]
    return item, problem[0] if problem else None


@settings(max_examples=120, **SETTINGS)
@given(st.data())
def test_mutated_article_pages(data):
    url, page = data.draw(st.sampled_from(article_pages()), label="fixture")
    doc = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(encoding="utf-8"))
    mutate_tree(doc, data)
    body = mutate_bytes(serialise(doc), data)
    check_article(body, url, "text/html; charset=utf-8")


@settings(max_examples=40, **SETTINGS)
@given(st.data())
def test_article_pages_in_mixed_encodings(data):
    url, page = data.draw(st.sampled_from(article_pages()), label="fixture")
    text = page.decode("utf-8")
    encoding = data.draw(st.sampled_from(ENCODINGS), label="encoding")
    body, content_type = encode(text, encoding, data)
    item, reason = check_article(body, url, content_type)
    if reason is None and encoding.startswith("utf-8"):
        # Correctly encoded (and at worst wrongly declared): the title is the page's own.
        unmutated, _ = check_article(page, url, "text/html; charset=utf-8")
        assert item["title"] == unmutated["title"]


def test_unmutated_fixture_pages_give_valid_items():
    """The properties' baseline: every fixture page parses into a valid item as it is."""
    for url, page in article_pages():
        _, reason = check_article(page, url, "text/html; charset=utf-8")
        assert reason is None, (url, reason)


@settings(max_examples=40, **SETTINGS)
@given(st.data())
def test_arbitrary_bytes_never_break_the_article_parser(data):
    body = data.draw(st.binary(max_size=2000), label="body")
    content_type = data.draw(st.sampled_from([None, "text/html", "text/html; charset=utf-16",
                                              "application/pdf", "text/html; charset=bogus"]),
                             label="content type")
    _, reason = check_article(body, ORIGIN + "/tin-tuc/x-d8-t1.html", content_type)
    if body.strip() == b"":
        assert reason is not None


@settings(max_examples=50, **SETTINGS)
@given(st.data())
def test_mutated_listing_pages(data):
    page = data.draw(st.sampled_from(listing_pages_bytes()), label="listing")
    doc = lxml.html.document_fromstring(page, parser=lxml.html.HTMLParser(encoding="utf-8"))
    mutate_tree(doc, data)
    body = mutate_bytes(serialise(doc), data)
    url = ORIGIN + LISTING_PATH
    listing = parse_listing(body, url, "text/html; charset=utf-8")
    for teaser in listing.teasers:
        assert re.match(r"^https?://[^\s<>\"]+$", teaser.url), teaser.url
        assert teaser.article_id is None or (isinstance(teaser.article_id, int)
                                             and teaser.article_id > 0)
        assert SECRET not in teaser.url
        if teaser.date is not None:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", teaser.date), teaser.date
    if listing.next_url is not None:
        assert re.match(r"^https?://\S+$", listing.next_url), listing.next_url
