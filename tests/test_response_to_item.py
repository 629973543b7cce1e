"""The one dispatcher, rule by rule, on real pages: a fixture article's bytes, a real ledger and a
real feed file, as the crawl, ``vkscrawl reparse``, the start-up rebuild and ``vkscrawl fixture``
apply it. A response that gives no item must leave its article owed (failed, with its reason,
retried by the next run), never silently settled; each rule below fails when its branch of
``dispatch`` is changed."""

from __future__ import annotations

import gzip
import io
import json
import re
from datetime import date

import pytest
from scrapy.http import TextResponse
from scrapy.responsetypes import responsetypes
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tests.support.crawl import FIXTURES
from vkscrawl.archive.reader import iter_responses
from vkscrawl.dispatch.response import from_record, stored_response
from vkscrawl.dispatch.response_to_item import (PARSER_ERROR, ArticleOutcomes, Reading,
                                                dispatch, read_article)
from vkscrawl.ledger.feed import FeedWriter
from vkscrawl.ledger.state import Ledger

FOLDER = sorted((FIXTURES / "articles").glob("01-*"))[0]
FIXTURE = json.loads((FOLDER / "fixture.json").read_text("utf-8"))
URL = "https://vksndtc.gov.vn" + FIXTURE["path"]
ARTICLE_ID = FIXTURE["article_id"]
PAGE = (FOLDER / "page.html").read_bytes()
PUBLISHED = json.loads((FOLDER / "expected.json").read_text("utf-8"))["published"]
HTML = [("Content-Type", "text/html; charset=utf-8")]


def stored(status: int = 200, body: bytes = PAGE, headers=HTML, url: str = URL):
    return stored_response(url, status, headers, body, "2025-01-01T00:00:00Z",
                           {"file": "snapshots/x.warc.gz", "offset": 0})


@pytest.fixture
def outcomes(tmp_path):
    ledger = Ledger(tmp_path / "state.sqlite3")
    feed = FeedWriter(tmp_path / "local_news.jsonl", ledger)
    counts: dict[str, int] = {}

    def count(key, n=1):
        counts[key] = counts.get(key, 0) + n

    outcomes = ArticleOutcomes(ledger, feed, count)
    outcomes.counts = counts
    yield outcomes
    feed.close()
    ledger.close()


def feed_lines(outcomes) -> list[dict]:
    outcomes.feed.file.flush()
    return [json.loads(line) for line in outcomes.feed.path.read_text("utf-8").splitlines()]


def listed(outcomes, article_id: int = ARTICLE_ID) -> None:
    outcomes.ledger.saw_on_listing(article_id, URL, "2025-01-01", "run-1")


# --- an item --------------------------------------------------------------------------------------

def test_an_item_goes_through_the_stages_and_is_written_once(outcomes):
    first = dispatch(stored(), outcomes)
    [item] = feed_lines(outcomes)
    assert (first.verdict, first.result, first.article_id) == ("item", "written", ARTICLE_ID)
    assert first.reading.item == item
    assert item["article_id"] == ARTICLE_ID and item["snapshot"]["file"] == "snapshots/x.warc.gz"
    assert outcomes.ledger.article(ARTICLE_ID)["state"] == "written"
    assert outcomes.counts["vkscrawl/layer/title/portal"] == 1
    assert dispatch(stored(), outcomes).result == "duplicate"
    assert len(feed_lines(outcomes)) == 1


def test_the_crawl_takes_the_item_to_its_own_pipelines(outcomes):
    outcome = dispatch(stored(), outcomes, listed_id=ARTICLE_ID, item_stages=False)
    assert (outcome.verdict, outcome.result, outcome.article_id) == ("item", "handed_on",
                                                                      ARTICLE_ID)
    assert outcome.item["article_id"] == ARTICLE_ID and outcome.reading.layers
    assert feed_lines(outcomes) == []
    assert outcomes.ledger.article(ARTICLE_ID) is None
    assert outcomes.counts["vkscrawl/articles_parsed"] == 1


def test_an_item_that_fails_validation_leaves_its_article_failed(outcomes):
    # The page without a year anywhere (its date line, published_time, the dated paths of its
    # images, which the last-resort date layer reads): the item has no date.
    body = re.sub(rb"(?:19|20)\d\d", b"", PAGE)
    listed(outcomes)
    outcome = dispatch(stored(body=body), outcomes, listed_id=ARTICLE_ID)
    assert outcome.result == "rejected", outcome
    row = outcomes.ledger.article(ARTICLE_ID)
    assert row["state"] == "failed" and "no publication date" in row["last_reason"]
    assert feed_lines(outcomes) == []


@pytest.mark.parametrize("since, written", [
    (date.fromisoformat(PUBLISHED[:10]), True),           # published that very day: kept
    (date.fromisoformat(PUBLISHED[:10]).replace(day=29), False),   # the day after: skipped
])
def test_since_skips_an_article_published_before_it_and_leaves_it_pending(outcomes, since,
                                                                            written):
    listed(outcomes)
    outcome = dispatch(stored(), outcomes, listed_id=ARTICLE_ID, since=since)
    row = outcomes.ledger.article(ARTICLE_ID)
    if written:
        assert outcome.result == "written" and row["state"] == "written"
    else:
        assert (outcome.verdict, outcome.result, outcome.article_id) == ("item", "before_since",
                                                                          ARTICLE_ID)
        assert outcome.item is None and outcome.reading.item["published"] == PUBLISHED
        assert row["state"] == "pending"
        assert row["last_reason"] == (f"published {PUBLISHED[:10]}, before the since= of an "
                                      f"earlier run")
        assert feed_lines(outcomes) == []
        assert outcomes.counts["vkscrawl/articles_before_since"] == 1


def test_without_since_nothing_is_skipped_for_its_date(outcomes):
    assert dispatch(stored(), outcomes, listed_id=ARTICLE_ID).result == "written"


def test_a_listed_number_that_is_another_article_becomes_its_duplicate(outcomes):
    """The listing named 99999 for the page whose canonical URL names 11418: the item is written
    under 11418, and 99999 is recorded as that article (not failed, not pending)."""
    listed(outcomes, 99999)
    outcome = dispatch(stored(), outcomes, listed_id=99999)
    assert outcome.result == "written" and outcome.article_id == ARTICLE_ID
    [item] = feed_lines(outcomes)
    assert item["article_id"] == ARTICLE_ID
    row = outcomes.ledger.article(99999)
    assert row["state"] == "duplicate" and row["duplicate_of"] == ARTICLE_ID
    assert row["content_hash"] == item["content_hash"]
    # The crawl's own pipelines get the item of the page's number.
    handed = dispatch(stored(), outcomes, listed_id=99999, item_stages=False)
    assert handed.article_id == ARTICLE_ID and handed.item["article_id"] == ARTICLE_ID


def test_the_listed_number_names_the_article_when_the_page_gives_no_item(outcomes):
    """A listed number wins over the URL's for a page without an item (a 503 at a URL whose
    number differs)."""
    listed(outcomes, 99999)
    outcome = dispatch(stored(status=503), outcomes, listed_id=99999)
    assert outcome.article_id == 99999
    assert outcomes.ledger.article(99999)["state"] == "failed"
    assert outcomes.ledger.article(ARTICLE_ID) is None


# --- no item ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("response, verdict, reason", [
    (stored(body=PAGE[: len(PAGE) // 2]), "cut_short", "empty or cut short"),
    (stored(headers=[("Content-Type", "application/pdf")]), "not_html", "not HTML"),
    (stored(status=503), "not_ok", "HTTP 503"),
    (stored(status=304), "not_modified", "HTTP 304"),
])
def test_a_response_without_an_item_leaves_its_article_failed_and_owed(outcomes, response,
                                                                       verdict, reason):
    listed(outcomes)
    outcome = dispatch(response, outcomes)
    assert outcome.verdict == verdict and outcome.article_id == ARTICLE_ID
    row = outcomes.ledger.article(ARTICLE_ID)
    assert row["state"] == "failed" and row["attempts"] == 1, row
    assert reason in row["last_reason"]
    assert [r["article_id"] for r in outcomes.ledger.due()] == [ARTICLE_ID]
    assert feed_lines(outcomes) == []


def test_a_cut_page_retried_within_the_run_records_nothing_yet(outcomes):
    listed(outcomes)
    asked = []
    outcome = dispatch(stored(body=PAGE[:100]), outcomes, retry=lambda: asked.append(1) or True)
    assert asked == [1]
    assert (outcome.verdict, outcome.result, outcome.article_id) == ("cut_short", "retried",
                                                                      ARTICLE_ID)
    assert outcome.reading.reason.startswith("empty or cut short")
    assert outcomes.ledger.article(ARTICLE_ID)["state"] == "pending"
    assert "vkscrawl/article_errors/cut_short" not in outcomes.counts


def test_a_cut_page_whose_retries_are_spent_fails(outcomes):
    listed(outcomes)
    outcome = dispatch(stored(body=PAGE[:100]), outcomes, retry=lambda: False)
    assert outcome.result == "failed" and outcome.row["attempts"] == 1
    assert outcomes.counts["vkscrawl/article_errors/cut_short"] == 1


def test_a_whole_page_is_not_asked_again(outcomes):
    asked = []
    dispatch(stored(), outcomes, retry=lambda: asked.append(1) or True)
    assert asked == []


def test_a_page_read_elsewhere_is_applied_as_read(outcomes, caplog):
    """``reparse --jobs`` parses in worker processes and hands the readings over: the reading is
    applied, the page not read again; a parser error is said at ERROR with its traceback."""
    listed(outcomes)
    reading = Reading(PARSER_ERROR, reason="parser error: ValueError: boom\nTraceback ...")
    with caplog.at_level("INFO"):
        outcome = dispatch(stored(), outcomes, reading=reading)
    assert (outcome.verdict, outcome.result, outcome.reading) == ("parser_error", "failed",
                                                                  reading)
    assert outcomes.ledger.article(ARTICLE_ID)["last_reason"] == "parser error: ValueError: boom"
    assert feed_lines(outcomes) == []
    [record] = caplog.records
    assert record.levelname == "ERROR" and record.getMessage() == (
        f"Article {ARTICLE_ID} ({URL}): parser error: ValueError: boom\nTraceback ...")


def test_only_a_parser_error_is_logged_by_the_dispatcher(outcomes, caplog):
    """The other verdicts are the caller's to say (the crawl's log lines, reparse's counts)."""
    listed(outcomes)
    with caplog.at_level("DEBUG", logger="vkscrawl.dispatch"):
        for response in (stored(status=503), stored(status=404), stored(body=PAGE[:100]),
                         stored()):
            dispatch(response, outcomes)
    assert caplog.records == []


def test_a_saved_page_without_its_closing_tags_is_read_when_asked(outcomes):
    """``vkscrawl fixture`` reads a saved page that lost its closing tags; the crawl does not."""
    cut = PAGE[: PAGE.rindex(b"</body>")]
    assert dispatch(stored(body=cut), outcomes).verdict == "cut_short"
    assert dispatch(stored(body=cut), outcomes, whole_page_required=False).result == "written"


def test_a_304_keeps_a_written_article_and_fails_an_unwritten_one(outcomes):
    listed(outcomes)
    refused = dispatch(stored(status=304), outcomes)
    assert refused.result == "not_modified" and not refused.settled
    assert outcomes.ledger.article(ARTICLE_ID)["state"] == "failed"
    dispatch(stored(), outcomes)
    kept = dispatch(stored(status=304), outcomes)
    assert kept.settled and outcomes.ledger.article(ARTICLE_ID)["state"] == "written"
    assert len(feed_lines(outcomes)) == 1


def test_gone_writes_one_deletion_marker_for_a_written_article_only(outcomes):
    listed(outcomes, 12950)
    never = dispatch(stored(status=404, url=URL.replace(str(ARTICLE_ID), "12950")), outcomes)
    assert never.result == "gone" and not never.settled
    assert outcomes.ledger.article(12950)["state"] == "gone" and feed_lines(outcomes) == []
    dispatch(stored(), outcomes)
    first = dispatch(stored(status=410), outcomes)
    again = dispatch(stored(status=410), outcomes)
    assert first.settled and not again.settled
    lines = feed_lines(outcomes)
    assert len(lines) == 2 and lines[1]["deleted"] is True and lines[1]["status"] == 410


def test_an_article_no_listing_named_is_recorded_with_its_url(outcomes):
    """reparse and the rebuild meet articles no listing named in this ledger: a failure records
    the URL it was fetched from, so the next run can fetch it again."""
    outcome = dispatch(stored(status=503), outcomes)
    assert (outcome.verdict, outcome.result, outcome.article_id) == ("not_ok", "failed",
                                                                      ARTICLE_ID)
    assert outcome.reading.reason == "HTTP 503"
    assert outcomes.ledger.article(ARTICLE_ID)["url"] == URL
    assert [row["url"] for row in outcomes.ledger.due()] == [URL]


@pytest.mark.parametrize("status, verdict", [(304, "not_modified"), (410, "gone")])
def test_the_outcome_names_the_article_and_the_reading(outcomes, status, verdict):
    listed(outcomes)
    outcome = dispatch(stored(status=status), outcomes)
    assert (outcome.verdict, outcome.result, outcome.article_id) == (verdict, verdict, ARTICLE_ID)
    assert outcome.reading.verdict == verdict


def test_a_response_naming_no_article_records_nothing(outcomes):
    outcome = dispatch(stored(status=503, url="https://vksndtc.gov.vn/tin-tuc/x.html"), outcomes)
    assert (outcome.verdict, outcome.result, outcome.article_id) == ("not_ok", "no_article", None)
    assert outcome.reading.reason == "HTTP 503"
    assert outcomes.ledger.counts() == dict.fromkeys(outcomes.ledger.counts(), 0)


# --- the one place a stored response is made ----------------------------------------------------------

@pytest.mark.parametrize("url, headers, body", [
    (URL, {"Content-Type": "text/html; charset=utf-8"}, PAGE),
    (URL, {}, PAGE),
    ("https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&ItemID=11418", {}, PAGE),
    ("https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&ItemID=11418", {}, b"\x89PNG\r\n\x00"),
    (URL, {"Content-Type": "application/pdf"}, b"%PDF-1.4"),
    (URL, {"Content-Type": "text/html", "Content-Disposition": "attachment; f.pdf"}, PAGE),
])
def test_text_or_not_as_scrapy_classified_the_response(url, headers, body):
    """The crawl's response class (what Scrapy's downloader builds) and the stored response of
    the same answer agree on whether the parsers may read it."""
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    response = cls(url=url, status=200, headers=headers, body=body)
    assert stored_response(url, 200, response.headers, body, "x").is_text == \
        isinstance(response, TextResponse)


#: (name, value) header sets, and the Content-Type the Scrapy-free fast path must classify each
#: by (None: Scrapy's own classifier decides, from the URL and body too).
HEADER_SETS = [
    ([("Content-Type", "text/html; charset=utf-8")], b"text/html; charset=utf-8"),
    ([("content-type", "TEXT/HTML")], b"TEXT/HTML"),
    ([("Content-Type", " application/xhtml+xml ;q=1")], b" application/xhtml+xml ;q=1"),
    ([("Content-Type", "text/plain")], b"text/plain"),
    ([("Content-Type", "text/x-anything")], b"text/x-anything"),
    ([("Content-Type", "application/json")], b"application/json"),
    ([("Content-Type", "application/rss+xml")], b"application/rss+xml"),
    ([("Content-Type", "application/pdf")], None),
    ([("Content-Type", "")], None),
    ([("Content-Type", "image/png"), ("Content-Type", "text/html")], b"text/html"),
    ([("Content-Type", "text/html"), ("Content-Type", "image/png")], None),
    ([("Content-Type", "image/png"), ("X-Note", "text/html")], None),
    ([("Content-Type", "text/html"), ("Content-Encoding", "gzip")], None),
    ([("Content-Type", "text/html"), ("Content-Encoding", "")], b"text/html"),
    ([("Content-Type", "text/html"), ("Transfer-Encoding", "chunked")], b"text/html"),
    ([(b"Content-Type", b"text/html; charset=utf-8")], b"text/html; charset=utf-8"),
    ([], None),
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
BARE_URL = "https://vksndtc.gov.vn/tintuc/Pages/lists.aspx?Cat=3&ItemID=11418"
SNAPSHOT = {"file": "vkscrawl-20261206000000000-00000.warc.gz", "offset": 7}


@pytest.mark.parametrize("pairs", [pairs for pairs, _fast in HEADER_SETS])
@pytest.mark.parametrize("decoded", [False, True])
@pytest.mark.parametrize("body", [PAGE, PNG, b""], ids=["html", "png", "empty"])
@pytest.mark.parametrize("url", [URL, BARE_URL], ids=["html-url", "bare-url"])
def test_pairs_classified_without_scrapy_as_scrapy_classifies_them(pairs, decoded, body, url):
    """A response given as (name, value) pairs whose Content-Type alone makes it text is
    classified without Scrapy (reparse of plain HTML never imports it): the same answer, and the
    same content type, as Scrapy's ``Headers`` and ``responsetypes`` give, whatever the URL and
    the body (an HTML body makes Scrapy call any response text; a PNG does not)."""
    from scrapy.http import Headers

    got = stored_response(url, 200, pairs, body, "x", SNAPSHOT, decoded=decoded)
    given = Headers()
    for name, value in pairs:
        given.appendlist(name, value)
    headers = given
    if decoded:
        headers = Headers({n: v for n, v in given.items()
                           if n.lower() not in (b"content-encoding", b"transfer-encoding")})
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    assert got.is_text == issubclass(cls, TextResponse)
    assert got.content_type == (headers.get(b"Content-Type") or b"").decode("latin-1")
    assert (got.url, got.status, got.body, got.fetched_at, got.snapshot) == (url, 200, body, "x", SNAPSHOT)
    # the pairs given once, as an iterator (the signature's Iterable): the same response
    assert stored_response(url, 200, iter(pairs), body, "x", SNAPSHOT, decoded=decoded) == got
    # the crawl's own Scrapy Headers: the same response
    assert stored_response(url, 200, given, body, "x", SNAPSHOT, decoded=decoded) == got
    if not decoded:
        assert stored_response(url, 200, pairs, body, "x", SNAPSHOT) == got  # the default: not decoded


@pytest.mark.parametrize("pairs, fast", HEADER_SETS)
@pytest.mark.parametrize("decoded", [False, True])
def test_the_fast_path_takes_every_response_its_content_type_makes_text(pairs, fast, decoded):
    """Which responses are classified without Scrapy (plain HTML always is: the reparse of an
    archive of article pages must not load it); a content encoding left on the body sends the
    response to Scrapy's classifier unless the caller decoded it."""
    from vkscrawl.dispatch.response import _text_content_type

    if decoded and any(name.lower() == "content-encoding" for name, _v in pairs):
        fast = dict(pairs)["Content-Type"].encode()
    assert _text_content_type(pairs, decoded) == fast


def test_reparse_of_plain_html_does_not_import_scrapy(tmp_path):
    """Importing Scrapy (Twisted, OpenSSL, ...) costs a reparse process about a fifth of a
    second; the reparse of an archive of HTML pages never needs it, nor parsel (the portal's
    selectors go through the class index) nor the WARC writer."""
    import subprocess
    import sys

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [*HTML, ("Content-Length", str(len(PAGE)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(URL, "response", payload=io.BytesIO(PAGE),
                                                  http_headers=headers))
    (tmp_path / "x.warc.gz").write_bytes(buffer.getvalue())
    code = ("import sys, pathlib\n"
            "from vkscrawl.dispatch.reparse import run_reparse\n"
            f"run_reparse([pathlib.Path({str(tmp_path / 'x.warc.gz')!r})],"
            f" pathlib.Path({str(tmp_path / 'out.jsonl')!r}), progress=False)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'twisted', 'parsel')"
            " or m in ('vkscrawl.archive.writer', 'importlib.metadata')))")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=tmp_path, env={**__import__("os").environ})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "[]"
    assert json.loads((tmp_path / "out.jsonl").read_text("utf-8"))["article_id"] == ARTICLE_ID


def test_a_compressed_answer_archived_as_received_reads_as_the_crawl_read_it(tmp_path):
    """A WARC record keeps the body as the server sent it (gzip); read back, its body is decoded
    and the Content-Encoding no longer describes it: the same item as the crawl's."""
    body = gzip.compress(PAGE)
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    headers = StatusAndHeaders("200 OK", [*HTML, ("Content-Encoding", "gzip"),
                                          ("Content-Length", str(len(body)))],
                               protocol="HTTP/1.1")
    writer.write_record(writer.create_warc_record(URL, "response", payload=io.BytesIO(body),
                                                  http_headers=headers))
    (tmp_path / "x.warc.gz").write_bytes(buffer.getvalue())
    [record] = iter_responses(tmp_path / "x.warc.gz")
    from_warc = from_record(record, "x.warc.gz")
    assert from_warc.is_text and from_warc.body == PAGE
    assert read_article(from_warc).item["content_hash"] == read_article(stored()).item[
        "content_hash"]
