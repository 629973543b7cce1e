"""Server faults, hostile pages and listing traps: the real spider over loopback HTTP.

Every crawl here runs ``scrapy crawl local_news`` against the offline portal with fault modes
(``vkscrawl.offline.server.FAULT_MODES``) switched on for chosen URLs, and checks three things:

- the feed: every item it holds is exactly the item a plain crawl writes for that article (never a
  wrong item), and the items that must be there are there;
- the stats (Scrapy's dump at the end of the log): the fault was met, retried, counted;
- the exit status and the log: 0 when nothing was lost, 1 with a one-line reason when an article
  or a listing page could not be read; never a traceback.

The first tests check the fault modes themselves on the wire, with a plain HTTP client.
Nothing here sleeps to synchronise: crawls are subprocesses that end, and the server's fault
table counts requests and held connections under a lock.
"""

from __future__ import annotations

import http.client
import json
import re
import socket
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.support.crawl import FIXTURES, run_crawl, stats_file
from vkscrawl.parsing import parse_listing
from tests.support.faults import (
    FAULT_MODES,
    LISTING_PATH,
    PDF_BODY,
    Fault,
    FaultError,
    ServerThread,
    parse_fault_option,
)

FETCH_FIELDS = ("source_url", "fetched_at", "snapshot")
#: One retry, short timeouts: a fault costs seconds, not minutes.
QUICK = ("-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_TIMEOUT=2")
TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


# --- the fixtures, read once ---------------------------------------------------------------------

@cache
def articles() -> dict[int, dict]:
    """article_id -> fixture.json of every article fixture."""
    out = {}
    for meta_file in sorted(FIXTURES.glob("articles/*/fixture.json")):
        meta = json.loads(meta_file.read_text("utf-8"))
        out[meta["article_id"]] = meta
    return out


@cache
def listing_pages() -> dict[int, list[tuple[int, str]]]:
    """Listing page number -> [(article_id, path) of each teaser], as the parser reads them."""
    out = {}
    for page_file in sorted(FIXTURES.glob("portal/listing/page-*.html")):
        number = int(page_file.stem.split("-")[1])
        parsed = parse_listing(page_file.read_bytes(), f"http://127.0.0.1{LISTING_PATH}",
                               "text/html; charset=utf-8")
        out[number] = [(t.article_id, re.sub(r"^https?://[^/]+", "", t.url))
                       for t in parsed.teasers if t.article_id is not None]
    return out


def page_ids(*numbers: int) -> set[int]:
    return {aid for n in numbers for aid, _ in listing_pages()[n]}


@cache
def victims() -> list[tuple[int, str]]:
    """Articles a fault may break without side effects: plain 200 pages, in the feed on their own
    (no republished twin), linked from page 1 under their current-scheme path. (id, path)."""
    metas = articles()
    twins = {m.get("same_content_as") for m in metas.values()} - {None}
    out = []
    for article_id, path in listing_pages()[1]:
        meta = metas.get(article_id)
        if (meta and meta.get("in_feed", True) and int(meta.get("status", 200)) == 200
                and not meta.get("same_content_as") and article_id not in twins
                and meta["path"] == path and "content_type" not in meta):
            out.append((article_id, path))
    assert len(out) >= 2, "the fixtures need two plain articles on listing page 1"
    return out


def victim() -> tuple[int, str]:
    return victims()[0]


def article_page(path: str) -> bytes:
    folder = next(f.parent for f in FIXTURES.glob("articles/*/fixture.json")
                  if json.loads(f.read_text("utf-8"))["path"] == path)
    return (folder / "page.html").read_bytes()


# --- crawling ---------------------------------------------------------------------------------------

def normalised(item: dict, origin: str) -> dict:
    """An item without what depends on the fetch, with the server's origin as {origin}."""
    text = json.dumps({k: v for k, v in item.items() if k not in FETCH_FIELDS}, ensure_ascii=False)
    return json.loads(text.replace(origin, "{origin}"))


@pytest.fixture(scope="module")
def baseline(healthy_crawl, portal) -> dict[int, dict]:
    """What a plain crawl of the bundled portal writes (the session's shared one): article_id ->
    normalised item."""
    server_origin = portal.split(LISTING_PATH)[0]
    items = {item["article_id"]: normalised(item, server_origin) for item in healthy_crawl.feed}
    assert victim()[0] in items
    return items


def crawl(tmp_path: Path, faults: dict, *args: str, fixtures: Path = FIXTURES,
          start_path: str = LISTING_PATH):
    """Crawl a portal with ``faults``; (result, server thread, origin)."""
    server = ServerThread(fixtures, faults=faults)
    with server:
        result = run_crawl(server.origin + start_path, tmp_path / "out", *QUICK, *args)
        # The crawl has ended; connections a fault held must be let go, and soon.
        assert server.faults.wait_released(timeout=10), "a held connection outlived the crawl"
    return result, server, server.origin


def check_items(result, origin: str | None, baseline: dict[int, dict], *, present=(), absent=()):
    """Every item is the plain crawl's item for its article; ``present`` ids are there, ``absent``
    ones are not; no text field holds markup. ``origin=None``: a feed written by runs against
    servers on different ports, each item fetched from its own."""
    feed = result.feed
    ids = [item["article_id"] for item in feed]
    assert len(ids) == len(set(ids)), f"an article was written twice: {ids}"
    for item in feed:
        twin = articles().get(item["article_id"], {}).get("same_content_as")
        if item["article_id"] not in baseline and twin in baseline:
            # A republished pair is one article: which number is written first depends on the
            # order the two pages arrive in; the other is then a duplicate. Same content either way.
            assert twin not in ids, f"both {item['article_id']} and {twin} written"
            assert item["content_hash"] == baseline[twin]["content_hash"]
            ids[ids.index(item["article_id"])] = twin
            continue
        assert item["article_id"] in baseline, f"article {item['article_id']} is not in the category"
        own = origin or "http://" + urlsplit(item["source_url"]).netloc
        assert normalised(item, own) == baseline[item["article_id"]], \
            f"article {item['article_id']}: the item differs from the plain crawl's"
        assert item["source_url"].startswith(own + "/")
        for field in ("title", "summary", "body", "text", "author", "category"):
            value = item.get(field) or ""
            assert not TAG.search(value) and "<script" not in value.lower(), (field, value[:200])
    missing = set(present) - set(ids)
    assert not missing, f"articles missing from the feed: {sorted(missing)}"
    wrong = set(absent) & set(ids)
    assert not wrong, f"articles that must not be in the feed: {sorted(wrong)}"
    return set(ids)


def crashes(log: str) -> list[str]:
    """Tracebacks and error reports of crashed code in a crawl's log. (A failed monitor's report
    quotes its assertion's traceback: that one is the verdict, not a crash.)"""
    found = [line for line in log.splitlines()
             if any(m in line for m in ("Spider error processing", "Error processing",
                                        "Unhandled error in Deferred", "Error caught on signal"))]
    for block in log.split("Traceback (most recent call last):")[1:]:
        frames = block.split("\n\n")[0]
        if "monitors.py" not in frames and "spidermon" not in frames:
            found.append("Traceback" + frames[:1500])
    return found


def no_crash(result):
    assert crashes(result.stderr) == [], result.stderr[-3000:]
    stats = result.stats
    assert stats, "no stats dump: the crawl did not end normally\n" + result.stderr[-3000:]
    assert not [k for k in stats if k.startswith("spider_exceptions")], stats
    assert stats.get("finish_reason") == "finished"
    assert "log_count/CRITICAL" not in stats
    return stats


def clean_run(result):
    """Nothing lost: exit 0, no error in the log."""
    stats = no_crash(result)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "log_count/ERROR" not in stats, [l for l in result.stderr.splitlines() if "ERROR" in l]
    return stats


def failed_run(result, *words: str):
    """Something could not be read: exit 1, the last line says the crawl failed; the log names
    what failed (``words``)."""
    stats = no_crash(result)
    assert result.returncode == 1, result.stderr[-3000:]
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("vkscrawl: crawl failed:"), last
    for word in words:
        assert word in result.stderr, word
    return stats


def hits(server, path: str) -> int:
    """Requests the server answered for ``path``, whatever their query string."""
    return sum(1 for p in server.faults.requests() if p.split("?")[0] == path)


# --- the fault modes on the wire ---------------------------------------------------------------------

def get(server, path: str, timeout: float = 10):
    """(status, headers, body) of one GET, or the exception the client met."""
    conn = http.client.HTTPConnection("127.0.0.1", server.server.server_address[1], timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    except (OSError, http.client.HTTPException) as error:
        return error
    finally:
        conn.close()


def test_plain_portal_is_unchanged_by_faults_elsewhere():
    """Faults on one URL change nothing else: every listing page and article is the same bytes."""
    _, path = victim()
    paths = [LISTING_PATH, *(f"{LISTING_PATH}?Page={n}" for n in listing_pages()),
             *(m["path"] for m in articles().values()), "/robots.txt"]
    plain, faulty = ServerThread(FIXTURES), ServerThread(FIXTURES, faults={path: "always-500"})
    with plain, faulty:
        for p in paths:
            if p == path:
                continue
            a, b = get(plain, p), get(faulty, p)
            assert a[0] == b[0] and a[2] == b[2], p
            assert a[1].get("Content-Type") == b[1].get("Content-Type"), p
        assert get(faulty, path)[0] == 500
        assert faulty.faults.hits(path) == 1


@pytest.mark.parametrize("mode, expect", [
    ("always-500", 500), ("404", 404), ("410", 410), ("status:503", 503),
    ("empty-200", "empty"), ("non-html", "pdf"), ("wrong-charset", "latin1"),
    ("truncated", "half"), ("truncated-lying", "data loss"), ("drop", "no response"),
    ("reset", "no response"), ("huge:300000", "huge"), ("huge-chunked:300000", "huge"),
    ("redirect-loop", 302), ("redirect-chain", 302), ("redirect-offsite:http://example.invalid", 302),
    ("bad-date", "bad date"),
])
def test_fault_mode_on_the_wire(mode, expect):
    _, path = victim()
    server = ServerThread(FIXTURES, faults={path: mode})
    with server:
        page = get(server, path)
    original = article_page(path)
    if isinstance(expect, int):
        assert page[0] == expect
        if expect == 302:
            location = page[1]["Location"]
            if mode.startswith("redirect-offsite"):
                assert location == "http://example.invalid" + path
            else:
                assert location.startswith(path + "?_hop=1")
        return
    if expect == "no response" or expect == "data loss":
        assert isinstance(page, (OSError, http.client.HTTPException)), page
        return
    status, headers, body = page
    assert status == 200
    if expect == "empty":
        assert body == b"" and headers["Content-Length"] == "0"
    elif expect == "pdf":
        assert headers["Content-Type"] == "application/pdf" and body == PDF_BODY
    elif expect == "latin1":
        assert headers["Content-Type"] == "text/html; charset=iso-8859-1" and body == original
    elif expect == "half":
        assert body == original[: len(original) // 2]
        assert headers["Content-Length"] == str(len(body))
    elif expect == "huge":
        assert len(body) >= 300000 and body.startswith(original)
    elif expect == "bad date":
        assert b"31/02/2024" in body


def test_500_then_200_counts_each_request_once_under_concurrency():
    """Exactly N of many simultaneous first requests get the 500."""
    _, path = victim()
    server = ServerThread(FIXTURES, faults={path: "500-then-200:3"})
    with server:
        with ThreadPoolExecutor(8) as pool:
            statuses = list(pool.map(lambda _: get(server, path)[0], range(24)))
    assert statuses.count(500) == 3 and statuses.count(200) == 21
    assert server.faults.hits(path) == 24


def test_timeout_holds_until_the_client_gives_up():
    """A held connection ends when the client closes it, long before the hold's own limit."""
    _, path = victim()
    server = ServerThread(FIXTURES, faults={path: "timeout:120"})
    with server:
        outcome = get(server, path, timeout=0.5)
        assert isinstance(outcome, (TimeoutError, socket.timeout, OSError))
        assert server.faults.wait_released(timeout=5), "the handler kept holding"
        assert server.faults.holding() == 0


def test_timeout_hold_is_bounded_without_the_client():
    """A client that never gives up is let go after the hold's limit."""
    _, path = victim()
    server = ServerThread(FIXTURES, faults={path: "timeout:0.5"})
    with server:
        outcome = get(server, path, timeout=30)
        assert isinstance(outcome, (OSError, http.client.HTTPException))
        assert server.faults.wait_released(timeout=5)


def test_listing_fault_modes_edit_the_listing():
    key = f"{LISTING_PATH}?Page=2"
    server = ServerThread(FIXTURES, faults={
        key: "next:self", f"{LISTING_PATH}?Page=1": "duplicate-teasers",
        LISTING_PATH: "teaser-dates:32/13/2024", f"{LISTING_PATH}?*": "endless-listing"})
    with server:
        page2 = get(server, key)[2].decode()
        doubled = get(server, f"{LISTING_PATH}?Page=1")[2].decode()
        dated = get(server, LISTING_PATH)[2].decode()
        past = get(server, f"{LISTING_PATH}?Page=40")[2].decode()
    assert re.search(r'href="%s"[^>]*class="next"' % re.escape(key), page2)
    assert doubled.count('class="item-news"') == 2 * len(listing_pages()[1]) or \
        doubled.count("item-news") >= 2 * len(listing_pages()[1])
    assert "32/13/2024" in dated
    last = max(listing_pages())
    assert f"{LISTING_PATH}?Page=41" in past
    assert {aid for aid, _ in listing_pages()[last]} <= {
        t.article_id for t in parse_listing(past.encode(), "http://127.0.0.1" + LISTING_PATH,
                                            "text/html; charset=utf-8").teasers}


@pytest.mark.parametrize("spec", ["nope", "status", "status:99", "timeout:x", "huge:-1",
                                  "redirect", "next"])
def test_bad_fault_specs_are_refused(spec):
    with pytest.raises(FaultError):
        Fault.parse(spec)


def test_fault_option_splits_at_the_mode():
    assert parse_fault_option(f"{LISTING_PATH}?Page=3=next:{LISTING_PATH}?Page=1") == (
        f"{LISTING_PATH}?Page=3", Fault("next", f"{LISTING_PATH}?Page=1"))
    with pytest.raises(FaultError):
        parse_fault_option("no-slash=drop")
    assert set(FAULT_MODES) >= {"500-then-200", "always-500", "timeout", "drop", "404", "410",
                                "empty-200", "truncated", "non-html", "wrong-charset", "huge",
                                "redirect-loop", "redirect-offsite", "next", "duplicate-teasers",
                                "teaser-dates", "bad-date", "endless-listing"}


# --- server errors, timeouts, lost connections ----------------------------------------------------------

def test_500_then_200_article_is_retried_and_written(tmp_path, baseline):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: "500-then-200"})
    stats = clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    assert server.faults.hits(path) == 2
    assert stats["retry/count"] >= 1
    assert stats["downloader/response_status_count/500"] == 1


def test_500_then_200_listing_page_is_retried(tmp_path, baseline):
    key = f"{LISTING_PATH}?Page=2"
    result, server, origin = crawl(tmp_path, {key: "500-then-200"})
    stats = clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    assert server.faults.hits(key) == 2
    assert stats["vkscrawl/listing_pages"] == len(listing_pages())


@pytest.mark.parametrize("mode", ["drop:1", "reset:1", "truncated:1", "empty-200:1"])
def test_one_bad_answer_then_the_page_is_retried_and_written(tmp_path, baseline, mode):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: mode})
    stats = clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    assert server.faults.hits(path) == 2
    if mode.startswith(("truncated", "empty")):
        assert stats["retry/reason_count/page cut short"] == 1
    # (A connection dropped on reuse may be retried by the HTTP client itself, below Scrapy's
    # retry middleware: the second request is the proof.)


def test_always_500_article_is_counted_logged_and_the_crawl_goes_on(tmp_path, baseline):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: "always-500"})
    stats = failed_run(result, f"Article {article_id} failed: HTTP 500 ({origin}{path}; "
                               "tried again from ")
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert server.faults.hits(path) == 2  # RETRY_TIMES=1: one try, one retry
    assert stats["retry/max_reached"] >= 1
    assert stats["vkscrawl/article_errors/http_500"] == 1


@pytest.mark.parametrize("mode, error", [
    ("timeout", "DownloadTimeoutError"),
    ("stall", "DownloadTimeoutError"),
    ("drop", "ConnectionDone"),
    ("reset", "ConnectionLost"),
    ("truncated-lying", "ResponseDataLossError"),
])
def test_timeouts_and_lost_connections_are_retried_then_counted(tmp_path, baseline, mode, error):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: mode}, "-s", "DOWNLOAD_TIMEOUT=1")
    stats = failed_run(result, f"Article {article_id} failed: ", error,
                       f"({server.origin}{path}; tried again from ")
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert stats["retry/count"] == 1 and stats["retry/max_reached"] == 1
    assert stats["vkscrawl/article_errors"] == 1
    assert stats["downloader/exception_count"] == 2
    # One try and one retry; a connection closed on reuse is tried once more by the HTTP client.
    assert 2 <= server.faults.hits(path) <= (4 if mode in ("drop", "reset") else 2)


@pytest.mark.parametrize("mode", ["always-500", "timeout", "drop"])
def test_listing_page_that_fails_loses_nothing_for_the_next_run(tmp_path, baseline, mode):
    """Page 2 cannot be read: page 1's articles are written, the run fails, and the next run
    (the portal healthy again) walks past page 1 and writes the rest."""
    key = f"{LISTING_PATH}?Page=2"
    result, server, origin = crawl(tmp_path, {key: mode}, "-s", "DOWNLOAD_TIMEOUT=1")
    stats = failed_run(result, f"Listing page {server.origin}{key} failed")
    first = check_items(result, origin, baseline, present=page_ids(1) & set(baseline))
    assert 2 <= server.faults.hits(key) <= (4 if mode == "drop" else 2)
    assert stats["vkscrawl/listing_errors"] == 1
    assert "Walk not complete" in result.stderr
    assert not first & (page_ids(2, 3) - page_ids(1))

    with ServerThread(FIXTURES) as url:
        again = run_crawl(url, tmp_path / "out", *QUICK)
    clean_run(again)
    # Every article once, each the plain crawl's item (a republished pair counted as one).
    assert check_items(again, None, baseline, present=baseline) == set(baseline)


def test_listing_unreachable_fails_the_run(tmp_path):
    result, server, _ = crawl(tmp_path, {LISTING_PATH: "always-500"})
    failed_run(result, "listing unreachable")
    assert result.feed == []
    assert server.faults.hits(LISTING_PATH) == 2


# --- 404, 410 ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("mode", ["404", "410"])
def test_gone_article_is_logged_no_item_and_the_crawl_goes_on(tmp_path, baseline, mode):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: mode})
    stats = clean_run(result)
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert f"Article {article_id} is gone (HTTP {mode})" in result.stderr
    gone_in_fixtures = sum(1 for m in articles().values() if int(m.get("status", 200)) in (404, 410))
    assert stats["vkscrawl/articles_gone"] == 1 + gone_in_fixtures
    assert server.faults.hits(path) == 1  # not retried


# --- bodies: empty, cut short, not HTML, wrong charset, too large -------------------------------------

@pytest.mark.parametrize("mode", ["empty-200", "truncated"])
def test_empty_or_cut_page_is_retried_then_counted_never_a_partial_item(tmp_path, baseline, mode):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: mode})
    stats = failed_run(result, f"Article {article_id} failed: empty or cut short")
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert server.faults.hits(path) == 2
    assert stats["vkscrawl/article_errors/cut_short"] == 1
    assert stats["retry/reason_count/page cut short"] == 1


def test_cut_listing_page_is_not_taken_for_the_end_of_the_listing(tmp_path, baseline):
    key = f"{LISTING_PATH}?Page=2"
    result, server, origin = crawl(tmp_path, {key: "truncated"})
    stats = failed_run(result, f"Listing page {server.origin}{key} is empty or cut short")
    check_items(result, origin, baseline, present=page_ids(1) & set(baseline))
    assert "Walk not complete" in result.stderr
    assert stats["vkscrawl/listing_errors"] == 1


def test_non_html_article_is_a_failed_attempt_no_item(tmp_path, baseline):
    """A PDF where the article should be: no item, and not silently: the article is failed in the
    ledger (tried again by later runs) and the run says so."""
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: "non-html"})
    stats = failed_run(result, f"Article {article_id} failed: not HTML (application/pdf)")
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert stats["vkscrawl/article_errors"] == 1


def test_wrong_declared_charset_gives_the_right_item(tmp_path, baseline):
    """UTF-8 bytes declared iso-8859-1: the item is the correct one, never mojibake."""
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: "wrong-charset"})
    clean_run(result)
    check_items(result, origin, baseline, present=baseline)


@pytest.mark.parametrize("mode", ["huge:400000", "huge-chunked:400000"])
def test_page_over_the_size_limit_is_not_downloaded(tmp_path, baseline, mode):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: mode}, "-s", "DOWNLOAD_MAXSIZE=200000",
                                   "-s", "DOWNLOAD_WARNSIZE=100000")
    stats = failed_run(result, "larger than download max size")
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert stats["vkscrawl/article_errors"] == 1
    assert stats["downloader/exception_type_count/scrapy.exceptions.DownloadCancelledError"] >= 1
    assert not any(p.stat().st_size > 400000 for p in (tmp_path / "out").rglob("*.warc.gz")), \
        "the oversized page reached the snapshots"


# --- redirects --------------------------------------------------------------------------------------

def test_redirect_on_the_same_host_is_followed(tmp_path, baseline):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: f"redirect:{path}?moved=1"})
    clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    item = next(i for i in result.feed if i["article_id"] == article_id)
    assert item["source_url"] == f"{origin}{path}?moved=1"


@pytest.mark.parametrize("mode", ["redirect-loop", "redirect-chain"])
def test_redirect_loop_ends_counted_and_logged(tmp_path, baseline, mode):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: mode}, "-s", "REDIRECT_MAX_TIMES=5")
    stats = failed_run(result, "redirect loop" if mode == "redirect-loop"
                       else "max redirections reached")
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert stats["vkscrawl/article_errors"] == 1
    assert 2 <= hits(server, path) <= 6


def test_article_redirect_to_another_host_is_not_followed(tmp_path, baseline):
    article_id, path = victim()
    other = ServerThread(FIXTURES)
    with other:
        result, server, origin = crawl(tmp_path, {path: f"redirect-offsite:{other.origin}"})
    assert other.faults.requests() == [], "a request left the start URL's host"
    stats = no_crash(result)
    check_items(result, origin, baseline, present=set(baseline) - {article_id},
                absent=[article_id])
    assert stats["vkscrawl/redirects_offsite"] == 1
    assert f"Not following a redirect off the start URL's host: {origin}{path} -> " \
           f"{other.origin}{path}" in result.stderr
    assert all(u.startswith(origin + "/") for u in result.requested())


def test_listing_redirect_to_another_host_is_not_followed(tmp_path, baseline):
    """Listing requests skip Scrapy's duplicate filter; they must not skip the host check."""
    key = f"{LISTING_PATH}?Page=2"
    other = ServerThread(FIXTURES)
    with other:
        result, server, origin = crawl(tmp_path, {key: f"redirect-offsite:{other.origin}"})
    assert other.faults.requests() == [], "a request left the start URL's host"
    stats = no_crash(result)
    check_items(result, origin, baseline, present=page_ids(1) & set(baseline))
    assert stats["vkscrawl/redirects_offsite"] == 1
    assert "Walk not complete" in result.stderr
    assert all(u.startswith(origin + "/") for u in result.requested())


# --- listing traps ----------------------------------------------------------------------------------

def listing_requests(result) -> list[str]:
    return [u for u in result.requested() if LISTING_PATH in u and not u.endswith(".html")]


def test_next_link_to_the_same_page_is_no_end_of_the_listing(tmp_path, baseline):
    """Page 2 links to itself while its pagination names page 3: paging stops, loudly, and the
    next run (the portal healthy) walks on and writes page 3's articles."""
    key = f"{LISTING_PATH}?Page=2"
    result, server, origin = crawl(tmp_path, {key: "next:self"})
    failed_run(result, "the listing was not walked to its end", "names page 3")
    check_items(result, origin, baseline, present=page_ids(1, 2) & set(baseline),
                absent=page_ids(3) - page_ids(1, 2))
    assert server.faults.hits(key) == 1
    assert len(listing_requests(result)) == 2
    with ServerThread(FIXTURES) as url:
        again = run_crawl(url, tmp_path / "out", *QUICK)
    clean_run(again)
    assert check_items(again, None, baseline, present=baseline) == set(baseline)


def test_cycle_of_pages_stops_paging(tmp_path, baseline):
    last = max(listing_pages())
    key = f"{LISTING_PATH}?Page={last}"
    result, server, origin = crawl(tmp_path, {key: f"next:{LISTING_PATH}?Page=1"})
    clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    assert "listing loop" in result.stderr
    assert len(listing_requests(result)) <= last + 1


def test_endless_listing_past_the_last_page_stops_paging(tmp_path, baseline):
    """Page numbers past the end answer the last page again, each with a next link."""
    result, server, origin = crawl(tmp_path, {f"{LISTING_PATH}?*": "endless-listing"})
    clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    assert "listing loop" in result.stderr
    assert len(listing_requests(result)) <= max(listing_pages()) + 1


def test_next_link_skipping_pages_is_no_end_of_the_listing(tmp_path, baseline):
    """Page 1's next link jumps to page 999999 although its pagination names page 2: the walk is
    not contiguous, so it stops loudly instead of taking the empty page there for the end."""
    result, server, origin = crawl(tmp_path, {LISTING_PATH: f"next:{LISTING_PATH}?Page=999999"})
    failed_run(result, "the listing was not walked to its end", "skipping page 2")
    check_items(result, origin, baseline, present=page_ids(1) & set(baseline))
    assert listing_requests(result) == [origin + LISTING_PATH]


def test_start_url_past_the_end_writes_nothing_and_does_not_hang(tmp_path):
    result, server, origin = crawl(tmp_path, {}, start_path=f"{LISTING_PATH}?Page=999999")
    no_crash(result)
    assert result.feed == []
    assert len(listing_requests(result)) == 1
    assert "empty page" in result.stderr


def test_duplicate_teasers_fetch_each_article_once(tmp_path, baseline):
    faults = {LISTING_PATH: "duplicate-teasers",
              **{f"{LISTING_PATH}?Page={n}": "duplicate-teasers" for n in listing_pages()}}
    result, server, origin = crawl(tmp_path, faults)
    clean_run(result)
    check_items(result, origin, baseline, present=baseline)
    articles_requested = [u for u in result.requested() if u.endswith(".html") or "ItemID" in u]
    assert len(articles_requested) == len(set(articles_requested))
    assert len({u.split("-t")[-1] for u in articles_requested}) == len(articles_requested)


def test_malformed_teaser_dates_change_no_item(tmp_path, baseline):
    faults = {LISTING_PATH: "teaser-dates:32/13/2024",
              **{f"{LISTING_PATH}?Page={n}": "teaser-dates:hôm qua" for n in listing_pages()}}
    result, server, origin = crawl(tmp_path, faults)
    clean_run(result)
    check_items(result, origin, baseline, present=baseline)


def test_malformed_teaser_dates_with_since_still_skip_older_articles(tmp_path, baseline,
                                                                    fixtures_copy):
    """No teaser date can be read (malformed, and no date in the excerpt either): the articles
    are fetched, and the ones published before ``since`` are skipped after all."""
    for page in (fixtures_copy / "portal" / "listing").glob("page-*.html"):
        html = re.sub(r'<p class="sapo">.*?</p>', "", page.read_text("utf-8"), flags=re.S)
        page.write_text(html, "utf-8")
    faults = {LISTING_PATH: "teaser-dates:32/13/2024",
              **{f"{LISTING_PATH}?Page={n}": "teaser-dates" for n in listing_pages()}}
    result, server, origin = crawl(tmp_path, faults, "-a", "since=2024-06-01",
                                   fixtures=fixtures_copy)
    stats = clean_run(result)
    newer = {aid for aid, item in baseline.items() if item["published"][:10] >= "2024-06-01"}
    assert newer and newer != set(baseline), "fixtures should have articles on both sides"
    check_items(result, origin, baseline, present=newer, absent=set(baseline) - newer)
    assert stats["vkscrawl/articles_before_since"] >= 1


def test_malformed_article_date_is_rejected_never_a_wrong_date(tmp_path, baseline):
    article_id, path = victim()
    result, server, origin = crawl(tmp_path, {path: "bad-date:31/02/2024"})
    no_crash(result)
    check_items(result, origin, baseline, present=set(baseline) - {article_id})
    if article_id not in {i["article_id"] for i in result.feed}:
        assert f"Dropped: article {article_id} ({origin}{path}) rejected: no publication date" \
            in result.stderr
        assert result.stats["vkscrawl/items_rejected"] == 1
        assert result.returncode == 1


# --- safety: file names, the output folder -----------------------------------------------------------

HOSTILE_HREFS = [
    "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/../../../../etc/passwd-d8-t990001.html",
    "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/%2e%2e%2f%2e%2e%2fescape-d8-t990002.html",
    "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/a%00b%0d%0aSet-Cookie:x-d8-t990003.html",
    "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/" + "x" * 3000 + "-d8-t990004.html",
    "javascript:alert(1)//-d8-t990005.html",
    "//evil.example/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/x-d8-t990006.html",
]


def test_hostile_links_write_no_file_outside_the_output_layout(tmp_path, fixtures_copy, baseline):
    listing = fixtures_copy / "portal" / "listing" / "page-1.html"
    html = listing.read_text("utf-8")
    teasers = "".join(
        f'<div class="item-news"><h3><a href="{href}">Tin hoạt động VKSND địa phương '
        f'<script>alert(1)</script></a></h3><span class="date">01/01/2026</span>'
        f'<p class="sapo">x</p></div>' for href in HOSTILE_HREFS)
    html, count = re.subn(r'(<div class="list-news"[^>]*>)', lambda m: m.group(1) + teasers,
                          html, count=1)
    assert count == 1
    listing.write_text(html, "utf-8")
    before = sorted(p for p in tmp_path.rglob("*") if "out" not in p.parts)
    result, server, origin = crawl(tmp_path, {}, fixtures=fixtures_copy)
    no_crash(result)
    check_items(result, origin, baseline, present=baseline)
    out = tmp_path / "out"
    allowed = re.compile(r"(local_news\.jsonl|state\.sqlite3(-wal|-shm|-journal)?|"
                         r"snapshots|snapshots/[A-Za-z0-9._-]+\.warc\.gz(\.open)?|snapshots/index\.cdxj|"
                         r"[A-Za-z0-9._-]+)$")
    for p in out.rglob("*"):
        rel = p.relative_to(out).as_posix()
        assert allowed.fullmatch(rel), f"unexpected file in the output folder: {rel}"
        assert len(p.name) < 200
    assert sorted(p for p in tmp_path.rglob("*")
                  if "out" not in p.parts and p != stats_file(out)) == before
    assert all(u.startswith(origin + "/") for u in result.requested())
