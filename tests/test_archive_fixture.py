"""``vkscrawl fixture``: a fixture folder from an archived page or one live page (over loopback),
whose drafted expected.json is the parser's item in the fixtures' convention: for the portal's own
fixture pages, exactly the hand-checked expected.json."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.crawl import FIXTURES, run_crawl

BIN = Path(sys.executable).parent
ARTICLE = "02-thanh-hoa-tong-ket-cong-tac-2023"
LEGACY = "09-ha-noi-hai-duong-ben-tre-legacy-url"


def fixture(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "vkscrawl"), "fixture", *args], capture_output=True,
                          text=True, timeout=120)


@pytest.fixture
def empty_fixtures(tmp_path) -> Path:
    folder = tmp_path / "fixtures"
    (folder / "articles").mkdir(parents=True)
    return folder


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    from tests.support.faults import ServerThread

    out = tmp_path_factory.mktemp("fixture") / "out"
    with ServerThread(FIXTURES) as url:
        result = run_crawl(url, out, "-s", "VKSCRAWL_ARCHIVE_IMAGES=0")
    assert result.returncode == 0, result.stderr[-2000:]
    return out


def record_offsets(out: Path) -> dict[str, tuple[Path, int, str]]:
    """Article number in the URL -> (WARC file, offset, record type) of every record."""
    found = {}
    for path in sorted((out / "snapshots").glob("*.warc.gz")):
        with open(path, "rb") as f:
            it = ArchiveIterator(f)
            for record in it:
                uri = record.rec_headers.get_header("WARC-Target-URI") or ""
                found.setdefault((uri, record.rec_type), (path, it.offset))
                record.raw_stream.read()
    return found


def test_fixture_from_a_warc_record_drafts_the_expected_item(crawled, empty_fixtures):
    meta = json.loads((FIXTURES / "articles" / ARTICLE / "fixture.json").read_text("utf-8"))
    records = record_offsets(crawled)
    [(uri, path, offset)] = [(uri, *where) for (uri, kind), where in records.items()
                             if kind == "response" and uri.endswith(meta["path"])]
    result = fixture("--warc", str(path), "--offset", str(offset), "--fixtures",
                     str(empty_fixtures))
    assert result.returncode == 0, result.stderr
    [folder] = (empty_fixtures / "articles").iterdir()
    assert folder.name.startswith("01-")
    assert (folder / "page.html").read_bytes() == \
        (FIXTURES / "articles" / ARTICLE / "page.html").read_bytes()
    assert json.loads((folder / "expected.json").read_text("utf-8")) == \
        json.loads((FIXTURES / "articles" / ARTICLE / "expected.json").read_text("utf-8"))
    written = json.loads((folder / "fixture.json").read_text("utf-8"))
    assert written["path"] == meta["path"] and written["article_id"] == meta["article_id"]
    assert written["source"] == {"url": uri, "warc": path.name, "offset": offset,
                                 "warc_date": written["source"]["warc_date"]}
    assert "title      portal" in result.stdout and "DRAFT" in result.stdout

    # The next one gets the next number; the offline portal serves the new folder.
    legacy = json.loads((FIXTURES / "articles" / LEGACY / "fixture.json").read_text("utf-8"))
    [(path, offset)] = [where for (uri, kind), where in records.items()
                        if kind == "response" and f"ItemID={legacy['article_id']}" in uri]
    result = fixture("--warc", str(path), "--offset", str(offset), "--fixtures",
                     str(empty_fixtures))
    assert result.returncode == 0, result.stderr
    second = sorted((empty_fixtures / "articles").iterdir())[1]
    assert second.name.startswith("02-")
    # Reached by its legacy URL: served at its current-scheme (canonical) path.
    assert json.loads((second / "fixture.json").read_text("utf-8"))["path"] == legacy["path"]
    assert json.loads((second / "expected.json").read_text("utf-8")) == \
        json.loads((FIXTURES / "articles" / LEGACY / "expected.json").read_text("utf-8"))


def test_fixture_from_a_live_page_politely(portal, empty_fixtures):
    meta = json.loads((FIXTURES / "articles" / ARTICLE / "fixture.json").read_text("utf-8"))
    origin = portal.split("/tin-tuc/")[0]
    result = fixture("--url", origin + meta["path"], "--fixtures", str(empty_fixtures))
    assert result.returncode == 0, result.stderr
    [folder] = (empty_fixtures / "articles").iterdir()
    assert json.loads((folder / "expected.json").read_text("utf-8")) == \
        json.loads((FIXTURES / "articles" / ARTICLE / "expected.json").read_text("utf-8"))
    # robots.txt of the offline portal forbids /admin/: refused, nothing written.
    refused = fixture("--url", origin + "/admin/x-d8-t1.html", "--fixtures",
                      str(empty_fixtures))
    assert refused.returncode == 1 and "robots.txt" in refused.stderr
    assert len(list((empty_fixtures / "articles").iterdir())) == 1


def test_fixture_bad_input_writes_nothing(crawled, empty_fixtures, tmp_path):
    records = record_offsets(crawled)
    [(request_file, request_offset)] = [where for (uri, kind), where in records.items()
                                        if kind == "request" and uri.endswith("robots.txt")]
    [(robots_file, robots_offset)] = [where for (uri, kind), where in records.items()
                                      if kind == "response" and uri.endswith("robots.txt")]
    not_warc = tmp_path / "x.warc.gz"
    not_warc.write_bytes(b"hello")
    target = str(empty_fixtures)
    for argv, names in (
            (["--warc", str(tmp_path / "none.warc.gz"), "--offset", "0"], "no such file"),
            (["--warc", str(not_warc), "--offset", "0"], "not a WARC"),
            (["--warc", str(request_file), "--offset", str(request_offset)], "request record"),
            (["--warc", str(request_file), "--offset", "1"], "not the start of a WARC record"),
            (["--warc", str(request_file), "--offset", "999999999"], "past the end"),
            (["--warc", str(robots_file), "--offset", str(robots_offset)], "not an article"),
            (["--warc", str(request_file)], "--offset"),
            (["--warc", str(request_file), "--offset", "-5"], "--offset"),
    ):
        result = fixture(*argv, "--fixtures", target)
        assert result.returncode == 2, (argv, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1 and names in result.stderr, \
            result.stderr
    result = fixture("--warc", str(robots_file), "--offset", str(robots_offset),
                     "--fixtures", str(tmp_path / "nowhere"))
    assert result.returncode == 2 and "--fixtures" in result.stderr
    assert list((empty_fixtures / "articles").iterdir()) == []


def test_bytes_inside_a_warc_that_look_like_an_arc_header_are_no_record(empty_fixtures, tmp_path):
    """warcio reads any line of five words as an ARC record's header: an offset landing on such
    bytes (inside a record's payload) is refused in one line like any other offset that is not
    a record's start, and nothing is written (it was a traceback and exit 1, depending on the
    bytes of the archive)."""
    import io

    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    writer.write_record(writer.create_warc_record(
        "http://127.0.0.1/a", "response", payload=io.BytesIO(b"<html></html>"),
        http_headers=StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")))
    offset = len(buf.getvalue())
    warc = tmp_path / "arcish.warc.gz"
    warc.write_bytes(buf.getvalue() + b"http://example.org/a 127.0.0.1 20200101000000 text/html 5\nhello\n")
    result = fixture("--warc", str(warc), "--offset", str(offset), "--fixtures", str(empty_fixtures))
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "not the start of a WARC record" in result.stderr
    assert list((empty_fixtures / "articles").iterdir()) == []


def test_fixture_of_a_listing_page_is_refused(crawled, portal, empty_fixtures):
    """A listing page (no article number in its URL nor in its canonical link) is no article:
    refused in one line, whether archived or fetched, and nothing is written."""
    records = record_offsets(crawled)
    [(path, offset)] = [where for (uri, kind), where in records.items()
                        if kind == "response" and uri.endswith("?Page=2")]
    archived = fixture("--warc", str(path), "--offset", str(offset), "--fixtures",
                       str(empty_fixtures))
    assert archived.returncode == 2, archived.stderr
    live = fixture("--url", portal, "--fixtures", str(empty_fixtures))
    assert live.returncode == 1, live.stderr
    for result in (archived, live):
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and "not an article page" in lines[0] \
            and "no article number" in lines[0], result.stderr
    assert list((empty_fixtures / "articles").iterdir()) == []
