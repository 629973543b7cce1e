"""What each verdict of the one dispatcher leaves behind, on a fixture article's real bytes, a real
ledger and a real feed file: the rules of ``dispatch/`` that mutation testing found no fast test
holding (scripts/mutation.py dispatch; RELIABILITY.md). The counters are the crawl's stats keys:
the run's line in runs.jsonl and the monitors read them."""

from __future__ import annotations

import gzip
import io

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.test_response_to_item import (ARTICLE_ID, HTML, PAGE, URL, feed_lines, listed,
                                         outcomes, stored)
from vkscrawl.archive.reader import iter_responses
from vkscrawl.dispatch.response import at_snapshot, from_record
from vkscrawl.dispatch.response_to_item import dispatch, read_article

__all__ = ["outcomes"]  # the fixture, shared with test_response_to_item

OTHER_ID = 12345
#: The same article under another number (a republished copy): its canonical URL names the other
#: number, its text is the same.
COPY = PAGE.replace(str(ARTICLE_ID).encode(), str(OTHER_ID).encode())
COPY_URL = URL.replace(str(ARTICLE_ID), str(OTHER_ID))
#: The article edited: another phrase in its text (another ``content_hash``).
EDITED = PAGE.replace("Cụm thi đua số 3".encode(), "Cụm thi đua số 4".encode())


def test_the_same_content_under_another_number_is_a_duplicate_not_a_second_item(outcomes):
    assert dispatch(stored(), outcomes).result == "written"
    copy = dispatch(stored(body=COPY, url=COPY_URL), outcomes)
    assert (copy.result, copy.article_id) == ("duplicate", OTHER_ID)
    assert [line["article_id"] for line in feed_lines(outcomes)] == [ARTICLE_ID]
    row = outcomes.ledger.article(OTHER_ID)
    assert (row["state"], row["duplicate_of"]) == ("duplicate", ARTICLE_ID)
    assert outcomes.counts["vkscrawl/dedupe/duplicate"] == 1
    assert outcomes.counts["vkscrawl/dedupe/new"] == 1


def test_a_written_article_whose_recheck_failed_is_not_written_again_unchanged(outcomes):
    """FEED.md: an article whose content did not change is never written twice, whatever the
    runs do (re-checks, retries). A re-check that fails (HTTP 500) makes the row ``failed``, but
    the ledger still knows the feed holds it (``in_feed``): the next good answer, unchanged, is
    not written a second time, and the article is written (settled) again."""
    dispatch(stored(), outcomes)
    assert dispatch(stored(status=500), outcomes).result == "failed"
    assert outcomes.ledger.article(ARTICLE_ID)["state"] == "failed"
    assert dispatch(stored(), outcomes).result == "duplicate"
    assert len(feed_lines(outcomes)) == 1
    row = outcomes.ledger.article(ARTICLE_ID)
    assert (row["state"], row["attempts"], row["next_attempt"], row["in_feed"]) == (
        "written", 0, None, 1)
    assert outcomes.counts["vkscrawl/dedupe/duplicate"] == 1


def test_a_304_after_a_failed_recheck_settles_the_article_without_an_error(outcomes):
    dispatch(stored(), outcomes)
    dispatch(stored(status=503), outcomes)
    dispatch(stored(status=503), outcomes)
    assert outcomes.counts["vkscrawl/article_errors"] == 2
    assert dispatch(stored(status=304), outcomes).settled
    assert outcomes.counts["vkscrawl/article_errors"] == 2
    row = outcomes.ledger.article(ARTICLE_ID)
    assert (row["state"], row["attempts"], row["last_reason"]) == ("written", 0, None)


def test_a_changed_answer_after_a_failed_recheck_is_an_edit_not_a_new_article(outcomes):
    dispatch(stored(), outcomes)
    dispatch(stored(status=500), outcomes)
    assert dispatch(stored(body=EDITED), outcomes).result == "written"
    assert outcomes.counts["vkscrawl/dedupe/changed"] == 1
    assert outcomes.counts["vkscrawl/dedupe/new"] == 1  # the first answer only
    assert len(feed_lines(outcomes)) == 2


def test_a_failed_recheck_of_a_written_article_whose_copy_comes_keeps_it(outcomes):
    """A written article's re-check failed, then its number answers another article's content
    (written first): the feed keeps its own line; it is not turned into a duplicate (whose
    ``content_hash`` would then no longer be the one its line holds)."""
    dispatch(stored(body=COPY, url=COPY_URL), outcomes)  # OTHER_ID holds the content first
    listed(outcomes)
    dispatch(stored(body=EDITED), outcomes)
    own_hash = outcomes.ledger.article(ARTICLE_ID)["content_hash"]
    dispatch(stored(status=500), outcomes)
    assert dispatch(stored(), outcomes).result == "duplicate"
    row = outcomes.ledger.article(ARTICLE_ID)
    assert (row["content_hash"], row["in_feed"], row["duplicate_of"]) == (own_hash, 1, None)
    assert [line["article_id"] for line in feed_lines(outcomes)] == [OTHER_ID, ARTICLE_ID]


def test_a_304_is_counted_and_fails_an_article_never_written(outcomes):
    dispatch(stored(), outcomes)
    assert dispatch(stored(status=304), outcomes).settled
    assert outcomes.counts["vkscrawl/articles_not_modified"] == 1
    listed(outcomes, OTHER_ID)
    dispatch(stored(status=304, url=COPY_URL), outcomes)  # never written: a failure
    assert outcomes.counts["vkscrawl/article_errors"] == 1
    assert outcomes.counts["vkscrawl/articles_not_modified"] == 2


def test_a_deletion_marker_names_the_url_of_the_item_and_the_time_of_the_answer(outcomes):
    listed(outcomes)
    dispatch(stored(), outcomes)
    item_url = feed_lines(outcomes)[0]["url"]
    gone = stored(status=410, url=URL + "?from=listing")
    gone = type(gone)(**{**gone.__dict__, "fetched_at": "2025-02-02T02:02:02Z"})
    assert dispatch(gone, outcomes).settled
    marker = feed_lines(outcomes)[1]
    assert (marker["url"], marker["status"], marker["fetched_at"]) == (
        item_url, 410, "2025-02-02T02:02:02Z")
    assert outcomes.ledger.article(ARTICLE_ID)["last_reason"] == "HTTP 410"
    assert outcomes.counts["vkscrawl/articles_gone"] == 1
    assert outcomes.counts["vkscrawl/deletions_written"] == 1


def test_a_gone_article_no_listing_named_is_recorded_with_the_url_asked(outcomes):
    assert not dispatch(stored(status=404), outcomes).settled
    row = outcomes.ledger.article(ARTICLE_ID)
    assert (row["state"], row["url"], row["last_reason"]) == ("gone", URL, "HTTP 404")


def test_a_failure_is_counted_with_the_first_line_of_its_reason(outcomes):
    listed(outcomes)
    dispatch(stored(status=503), outcomes)
    assert outcomes.counts["vkscrawl/article_errors"] == 1


def warc_of(tmp_path, body: bytes, url: str, headers) -> tuple:
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    writer.write_record(writer.create_warc_record(
        url, "response", payload=io.BytesIO(body),
        http_headers=StatusAndHeaders("200 OK", headers, protocol="HTTP/1.1"),
        warc_headers_dict={"WARC-Date": "2025-03-04T05:06:07Z"}))
    (tmp_path / "snapshots").mkdir(exist_ok=True)
    (tmp_path / "snapshots" / "a.warc.gz").write_bytes(buffer.getvalue())
    [record] = iter_responses(tmp_path / "snapshots" / "a.warc.gz")
    return record


def test_a_record_read_back_names_its_url_date_and_place(tmp_path):
    record = warc_of(tmp_path, PAGE, URL, HTML)
    response = from_record(record, "snapshots/a.warc.gz")
    assert (response.url, response.status, response.fetched_at) == (URL, 200,
                                                                    "2025-03-04T05:06:07Z")
    assert response.snapshot == {"file": "snapshots/a.warc.gz", "offset": record.offset}
    item = read_article(response).item
    assert item["fetched_at"] == "2025-03-04T05:06:07Z"
    assert item["snapshot"] == {"file": "snapshots/a.warc.gz", "offset": record.offset}
    again = at_snapshot(tmp_path, item["snapshot"])
    assert again == response
    assert read_article(again).item == item


def test_a_compressed_page_with_a_stray_control_byte_is_html_as_the_crawl_read_it(tmp_path):
    """Scrapy decompresses before it picks the response class, from the Content-Type: an HTML
    page with a stray control byte is HTML to the crawl. Read back from its record (body
    decoded, Content-Encoding still in the headers), the same page must be HTML too, even on a URL
    without an extension (where the class is guessed from the body, and a control byte looks
    binary)."""
    page = PAGE.replace(b"<body", b"<!-- \x01 --><body", 1)
    url = "https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&ItemID=11418"
    body = gzip.compress(page)
    record = warc_of(tmp_path, body, url, [*HTML, ("Content-Encoding", "gzip"),
                                           ("Content-Length", str(len(body)))])
    response = from_record(record, "snapshots/a.warc.gz")
    assert response.body == page and response.is_text


# --- what the run line and the monitors read (the survivors of scripts/mutation.py dispatch) --

def test_a_schema_error_is_counted_for_the_run_and_spidermon_and_leaves_the_url_asked(outcomes):
    item = read_article(stored()).item
    item["title"] = 5  # present, but not the string the contract says
    assert outcomes.stages(item) == "rejected"
    counts = outcomes.counts
    assert (counts["vkscrawl/items_rejected"], counts["vkscrawl/items_rejected/schema"]) == (1, 1)
    assert counts["spidermon/validation/fields/errors"] == 1
    assert counts["spidermon/validation/fields/errors/type/title"] == 1
    row = outcomes.ledger.article(ARTICLE_ID)  # no listing named it: the URL asked is kept
    assert (row["state"], row["url"]) == ("failed", item["source_url"])
    assert row["last_reason"].startswith("rejected: schema: title: ")


def test_a_written_item_is_counted_and_a_copy_keeps_the_content_it_repeats(outcomes):
    dispatch(stored(), outcomes)
    assert outcomes.counts["vkscrawl/items_written"] == 1
    dispatch(stored(body=COPY, url=COPY_URL), outcomes)
    copy = outcomes.ledger.article(OTHER_ID)
    assert copy["content_hash"] == outcomes.ledger.article(ARTICLE_ID)["content_hash"]


def test_a_304_to_an_article_never_written_says_why_it_failed(outcomes):
    listed(outcomes)
    assert not dispatch(stored(status=304), outcomes).settled
    assert outcomes.ledger.article(ARTICLE_ID)["last_reason"] == (
        "HTTP 304 (not modified) although the feed holds no item for it")


@pytest.mark.parametrize("item_url, listing_url, expected", [
    ("https://vksndtc.gov.vn/item", "https://vksndtc.gov.vn/listed", "https://vksndtc.gov.vn/item"),
    (None, "https://vksndtc.gov.vn/listed", "https://vksndtc.gov.vn/listed"),
    (None, None, URL + "?asked")])
def test_a_deletion_marker_names_the_items_url_else_the_listings_else_the_one_asked(
        outcomes, item_url, listing_url, expected):
    if listing_url:
        outcomes.ledger.saw_on_listing(ARTICLE_ID, listing_url, None, "run-1")
    outcomes.ledger.written(ARTICLE_ID, "sha256:x", item_url=item_url)
    if not listing_url and not item_url:
        outcomes.ledger.db.execute("UPDATE articles SET url = NULL")
    assert dispatch(stored(status=410, url=URL + "?asked"), outcomes, listed_id=ARTICLE_ID).settled
    assert feed_lines(outcomes)[-1]["url"] == expected
