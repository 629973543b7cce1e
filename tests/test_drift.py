"""Markup drift: the portal renames its classes; the crawl still writes correct items from the
fallback layers, reports which layer served each field, and exits 3."""

from __future__ import annotations

import json

from tests.support.crawl import expected_items, run_crawl, with_origin
from vkscrawl.offline.server import ServerThread

# The portal's own class names, renamed as a template change would.
RENAMED = {
    'class="title-detail"': 'class="article-headline"',
    'class="date-detail"': 'class="article-meta-time"',
    'class="content-detail"': 'class="article-body-main"',
    'class="sapo"': 'class="lead-text"',
}
CHECKED = ("article_id", "title", "published", "body", "author")


def test_renamed_templates_are_reported_as_drift(fixtures_copy, tmp_path):
    for page in fixtures_copy.glob("articles/*/page.html"):
        html = page.read_text("utf-8")
        for old, new in RENAMED.items():
            html = html.replace(old, new)
        page.write_text(html, "utf-8")
    with ServerThread(fixtures_copy) as url:
        origin = url.split("/tin-tuc/")[0]
        result = run_crawl(url, tmp_path / "out")
    assert result.returncode == 3, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("vkscrawl: markup drift:") and "title" in last
    assert "MARKUP DRIFT" in result.stderr
    assert "Drift report" in result.stderr
    stats = result.stats
    assert stats.get("vkscrawl/layer/title/portal", 0) == 0
    assert stats["vkscrawl/drift"]
    served = sum(v for k, v in stats.items() if k.startswith("vkscrawl/layer/title/"))
    assert served == stats["vkscrawl/articles_parsed"]
    # The data is still written, and still right for the fields the fallbacks must serve.
    feed = {item["article_id"]: item for item in result.feed}
    assert feed
    for name, fx in expected_items().items():
        expected = fx["expected"]
        if expected is None or expected["article_id"] not in feed:
            continue
        want = with_origin(expected, origin)
        for field in CHECKED:
            assert feed[want["article_id"]][field] == want[field], (name, field)


def test_clean_crawl_reports_no_drift(portal, tmp_path):
    result = run_crawl(portal, tmp_path / "out")
    assert result.returncode == 0
    assert "MARKUP DRIFT" not in result.stderr
    stats = result.stats
    assert "vkscrawl/drift" not in stats
    assert stats["vkscrawl/layer/title/portal"] == stats["vkscrawl/articles_parsed"]
    json.dumps(stats, default=str)
