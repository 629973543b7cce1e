"""Structured metadata: ``<meta>`` tags (Open Graph, Dublin Core, ...), JSON-LD read with a JSON
parser, and schema.org microdata (``itemprop``).

Each accessor answers one question (the headline, the publication date, the section, the author,
the canonical URL, the element holding the article body) from whichever of the three a page
carries, first hit in that order of trust.  Nothing here looks at the visible layout.
"""

from __future__ import annotations

import html
import json
import re

from lxml import etree

from ..html import marked_elements, xpath

__all__ = ["Metadata", "META_DATE_KEYS"]

META_DATE_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "published_time",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date.created",
    "dcterms.created",
    "dc.date",
    "date",
)
_TITLE_KEYS = ("og:title", "twitter:title", "dc.title", "title")
_SECTION_KEYS = ("article:section", "og:article:section")
_ARTICLE_TYPES = re.compile(r"(?:News|Blog|Report|Scholarly|Tech)?Article$|^(?:Posting|WebPage|Report)$", re.I)
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")

_META = xpath("//meta[@content]")
_JSONLD = xpath("//script[@type][contains(translate(@type, 'LDJSON', 'ldjson'), 'ld+json')]/text()")


def _walk_jsonld(node, out: list) -> None:
    """Every object of a JSON-LD document (``@graph`` lists and nested objects included)."""
    if isinstance(node, list):
        for x in node:
            _walk_jsonld(x, out)
    elif isinstance(node, dict):
        out.append(node)
        for key in ("@graph", "mainEntity", "itemListElement"):
            if key in node:
                _walk_jsonld(node[key], out)


def _types(obj: dict) -> list[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return [t]
    if isinstance(t, list):
        return [x for x in t if isinstance(x, str)]
    return []


def _text(v) -> str | None:
    """A JSON-LD value as one string: a string, the first of a list, a ``name`` of an object."""
    if isinstance(v, str):
        return v.strip() or None
    if isinstance(v, list) and v:
        return _text(v[0])
    if isinstance(v, dict):
        return _text(v.get("name") or v.get("@value"))
    return None


class Metadata:
    """The structured metadata of one page, read once."""

    def __init__(self, root: etree._Element, marked=None):
        """``marked``: a function giving the page's elements with a class, an id or an
        ``itemprop`` (:func:`~vkscrawl.parsing.html.marked_elements`), when the caller reads them
        anyway: the microdata is read from them, not by a scan of its own."""
        self.root = root
        self._marked = marked if marked is not None else (lambda: marked_elements(root))
        tags: dict[str, str] = {}
        for m in _META(root):
            key = m.get("property") or m.get("name") or m.get("itemprop")
            if not key:
                continue
            key = key.strip().lower()
            if key not in tags:
                tags[key] = m.get("content") or ""
        self.tags = tags
        self.objects: list[dict] = []
        for raw in _JSONLD(root):
            raw = _CDATA.sub("", raw).strip()
            if not raw:
                continue
            try:
                doc = json.loads(raw)
            except ValueError:  # broken JSON-LD is common: the other sources still count
                continue
            _walk_jsonld(doc, self.objects)
        self.articles = [o for o in self.objects if any(_ARTICLE_TYPES.search(t) for t in _types(o))]
        self._itemprops: dict[str, list] | None = None

    # -- microdata ------------------------------------------------------------------------------

    @property
    def itemprops(self) -> dict[str, list]:
        if self._itemprops is None:
            props: dict[str, list] = {}
            for m in self._marked():
                for name in (m.itemprop or "").split():
                    props.setdefault(name.lower(), []).append(m.el)
            self._itemprops = props
        return self._itemprops

    def itemprop(self, name: str):
        found = self.itemprops.get(name.lower())
        return found[0] if found else None

    # -- the questions --------------------------------------------------------------------------

    def _article_value(self, key: str) -> str | None:
        for obj in self.articles:
            v = _text(obj.get(key))
            if v:
                return v
        return None

    def titles(self) -> list[str]:
        """Headline candidates in order of trust: JSON-LD ``headline``, ``og:title``,
        ``twitter:title``, Dublin Core."""
        out = []
        v = self._article_value("headline") or self._article_value("name")
        if v:
            out.append(v)
        out.extend(self.tags[k] for k in _TITLE_KEYS if self.tags.get(k))
        # entities escaped twice (``&amp;#8216;``) survive the parser as ``&#8216;``
        return [html.unescape(t) if "&" in t else t for t in out]

    def site_names(self) -> list[str]:
        out = [self.tags.get(k) for k in ("og:site_name", "application-name", "apple-mobile-web-app-title")]
        for obj in self.objects:
            if any(t in ("WebSite", "Organization", "NewsMediaOrganization") for t in _types(obj)):
                out.append(_text(obj.get("name")))
        return [x.strip() for x in out if x and x.strip()]

    def dates(self) -> list[str]:
        """Publication-date strings: meta tags, JSON-LD ``datePublished``, microdata
        ``datePublished`` (its ``datetime``/``content`` attribute, else its text)."""
        out = [self.tags[k] for k in META_DATE_KEYS if self.tags.get(k)]
        v = self._article_value("datePublished") or self._article_value("dateCreated")
        if v:
            out.append(v)
        el = self.itemprop("datePublished")
        if el is not None:
            out.append(el.get("datetime") or el.get("content") or "".join(el.itertext()))
        return [x.strip() for x in out if x and x.strip()]

    def section(self) -> str | None:
        for k in _SECTION_KEYS:
            if self.tags.get(k):
                return self.tags[k]
        return self._article_value("articleSection")

    def author(self) -> str | None:
        return self._article_value("author")

    def description(self) -> str | None:
        for k in ("og:description", "description", "twitter:description"):
            if self.tags.get(k):
                return self.tags[k]
        return self._article_value("description")

    def descriptions(self) -> list[str]:
        """Every distinct description the metadata gives (Open Graph, ``<meta name=description>``,
        Twitter, JSON-LD), in that order: sites write a different one for each audience."""
        out: list[str] = []
        for d in [self.tags.get(k) for k in ("og:description", "description", "twitter:description")] + [
                _text(self._article_value("description"))]:
            d = " ".join(d.split()) if isinstance(d, str) else ""
            if d and d not in out:
                out.append(d)
        return out

    def urls(self) -> list[str]:
        out = [self.tags.get("og:url")]
        out.append(_text(self._article_value("url")) if self.articles else None)
        return [u for u in out if u]

    def body_element(self):
        """The element microdata marks as the article's body (``itemprop=articleBody``)."""
        return self.itemprop("articleBody")

    def body_text(self) -> str | None:
        """JSON-LD ``articleBody`` (plain text, no markup)."""
        return self._article_value("articleBody")
