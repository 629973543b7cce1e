"""A mirror of the portal whose article pages another CMS family prints (the listing stays the
portal's): the real crawl over loopback writes every item right from the lower layers, counts
which layer served each field, reports the markup drift and exits 3."""

from __future__ import annotations

import pytest

from tests.support.crawl import expected_items, run_crawl, with_origin
from tests.support.families import FAMILIES, load_articles
from vkscrawl.offline.server import ServerThread

#: Every field of the item but what depends on the fetch.
CHECKED = ("article_id", "url", "category", "title", "published", "summary", "body", "images",
           "author", "sections", "text", "content_hash")


@pytest.mark.parametrize("family", ["nukeviet", "webforms"])
def test_mirror_in_a_foreign_family_writes_right_items_and_reports_drift(family, fixtures_copy, tmp_path):
    for article in load_articles(fixtures_copy / "articles"):
        page = FAMILIES[family](article)
        assert page.names_url and page.shows_time == (len(article.published) > 10)
        (fixtures_copy / "articles" / article.name / "page.html").write_bytes(page.body)
    with ServerThread(fixtures_copy) as url:
        origin = url.split("/tin-tuc/")[0]
        result = run_crawl(url, tmp_path / "out")
    assert result.returncode == 3, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("vkscrawl: markup drift:"), last
    stats = result.stats
    parsed = stats["vkscrawl/articles_parsed"]
    for field in ("title", "published", "body"):
        assert stats.get(f"vkscrawl/layer/{field}/portal", 0) == 0, field
        assert sum(v for k, v in stats.items() if k.startswith(f"vkscrawl/layer/{field}/")) == parsed
    feed = {item["article_id"]: item for item in result.feed}
    written = 0
    for name, fx in expected_items().items():
        expected = fx["expected"]
        if expected is None or not fx["meta"].get("in_feed", True):
            continue
        if expected["article_id"] not in feed:
            continue  # the republished pair: one of the two numbers is written
        want = with_origin(expected, origin)
        got = feed[want["article_id"]]
        wrong = {f: (got[f], want[f]) for f in CHECKED if got[f] != want[f]}
        assert not wrong, (name, wrong)
        written += 1
    assert written == len(feed) >= 13
