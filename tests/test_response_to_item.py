"""The one path's verdicts without Scrapy, as ``vkscrawl reparse`` and the start-up rebuild of
missing feed lines apply them: a real fixture page, a real ledger and a real feed file. A response
that gives no item must leave its article owed (failed, with its reason, retried by the next run),
never silently settled."""

from __future__ import annotations

import json

import pytest

from tests.support.crawl import FIXTURES
from vkscrawl.ledger.feed import FeedWriter
from vkscrawl.ledger.response_to_item import ArticleOutcomes, StoredResponse
from vkscrawl.ledger.state import Ledger

FOLDER = sorted((FIXTURES / "articles").glob("01-*"))[0]
FIXTURE = json.loads((FOLDER / "fixture.json").read_text("utf-8"))
URL = "https://vksndtc.gov.vn" + FIXTURE["path"]
ARTICLE_ID = FIXTURE["article_id"]
PAGE = (FOLDER / "page.html").read_bytes()


def stored(status: int = 200, body: bytes = PAGE, content_type: str = "text/html; charset=utf-8"):
    return StoredResponse(url=URL, status=status, content_type=content_type, body=body,
                          is_text=True, fetched_at="2025-01-01T00:00:00Z",
                          snapshot={"file": "snapshots/x.warc.gz", "offset": 0})


@pytest.fixture
def outcomes(tmp_path):
    ledger = Ledger(tmp_path / "state.sqlite3")
    feed = FeedWriter(tmp_path / "local_news.jsonl", ledger)
    yield ArticleOutcomes(ledger, feed)
    feed.close()
    ledger.close()


def feed_lines(outcomes) -> list[dict]:
    outcomes.feed.file.flush()
    return [json.loads(line) for line in outcomes.feed.path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("response, verdict, reason", [
    (stored(body=PAGE[: len(PAGE) // 2]), "cut_short", "empty or cut short"),
    (stored(content_type="application/pdf"), "not_html", "not HTML"),
    (stored(status=503), "not_ok", "HTTP 503"),
    (stored(status=304), "not_modified", "HTTP 304"),
])
def test_a_response_without_an_item_leaves_its_article_failed_and_owed(outcomes, response,
                                                                       verdict, reason):
    article_id = ARTICLE_ID
    outcomes.ledger.saw_on_listing(article_id, URL, "2025-01-01", "run-1")  # as a listing names it
    assert outcomes.process(response, article_id) == verdict
    row = outcomes.ledger.article(article_id)
    assert row["state"] == "failed" and row["attempts"] == 1, row
    assert reason in row["last_reason"]
    assert [r["article_id"] for r in outcomes.ledger.due()] == [article_id]
    assert feed_lines(outcomes) == []


def test_the_page_is_written_once_and_gone_gets_one_marker(outcomes):
    first = outcomes.process(stored())
    [item] = feed_lines(outcomes)
    assert first == "written" and item["article_id"] == ARTICLE_ID
    assert outcomes.process(stored()) == "duplicate"
    assert outcomes.process(stored(status=304)) == "not_modified"
    assert outcomes.ledger.article(item["article_id"])["state"] == "written"
    assert outcomes.process(stored(status=410)) == "gone"
    assert outcomes.process(stored(status=410)) == "gone"
    lines = feed_lines(outcomes)
    assert len(lines) == 2 and lines[0] == item
    assert lines[1]["deleted"] is True and lines[1]["article_id"] == item["article_id"]
