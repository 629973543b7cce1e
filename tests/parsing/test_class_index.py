"""The class index the portal selectors use finds exactly what Scrapy's ``response.css(query)``
finds first (parsel's translation evaluated by lxml), on every page the tests know: the fixture
pages, every layout family's, and tag soup."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.crawl import FIXTURES
from tests.support.families import corpus
from vkscrawl.parsing.html import ClassIndex, compiled_css, decode_body, parse_html
from vkscrawl.parsing.sites.portal import ArticlePage2023, ListingPage2023

QUERIES = sorted({ArticlePage2023.TITLE, ArticlePage2023.DATE, ArticlePage2023.BREADCRUMB,
                  ArticlePage2023.SUMMARY, ArticlePage2023.CONTENT, ListingPage2023.LIST,
                  ListingPage2023.ITEM, "span.date", "p.sapo", ".content", "div.item", "a.next"})


def pages() -> list[bytes]:
    found = [p.read_bytes() for p in sorted(FIXTURES.glob("articles/*/page.html"))]
    found += [p.read_bytes() for p in sorted(FIXTURES.glob("portal/listing/*.html"))]
    found += [rendered.body for rendered in corpus()]
    return found


def same_as_scrapy(root, query: str) -> None:
    found = compiled_css(query)(root)
    assert ClassIndex(root).first(query) is (found[0] if found else None), query


@pytest.mark.parametrize("query", QUERIES)
def test_known_pages(query):
    for body in pages():
        same_as_scrapy(parse_html(decode_body(body, None)), query)


CLASSES = st.lists(st.sampled_from(["title-detail", "sapo", "date-detail", "content-detail",
                                    "x", "Sapo", "item-news", "date"]), max_size=3)
TAGS = st.sampled_from(["div", "h1", "span", "p", "section", "DIV"])


@settings(max_examples=200, derandomize=True, deadline=None)
@given(st.lists(st.tuples(TAGS, CLASSES, st.sampled_from([" ", "\t", "  "])), max_size=12),
       st.sampled_from(QUERIES))
def test_tag_soup(elements, query):
    html = "".join(f'<{tag} class="{sep.join(classes)}">x' for tag, classes, sep in elements)
    same_as_scrapy(parse_html(f"<html><body>{html}</body></html>"), query)
