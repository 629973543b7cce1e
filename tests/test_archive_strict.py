"""Strict reading: a WARC cut anywhere (inside a header, a body, a gzip trailer) is never read
silently. The cut points are generated from the file's own record boundaries, not hand-picked."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, Response
from warcio.archiveiterator import ArchiveIterator

from tests.support.crawl import FIXTURES
from vkscrawl.archive.writer import SnapshotWriter

BIN = Path(sys.executable).parent
ORIGIN = "https://vksndtc.gov.vn"


@pytest.fixture(scope="module")
def warc(tmp_path_factory) -> Path:
    """Three article captures, a 304 revisit of the first, a 404: as the crawl writes them."""
    folder = tmp_path_factory.mktemp("strict") / "snapshots"
    writer = SnapshotWriter(folder, info={"software": "test"})
    pages = sorted(FIXTURES.glob("articles/0[1-3]-*/page.html"))
    captures = []
    for page in pages:
        import json

        meta = json.loads((page.parent / "fixture.json").read_text("utf-8"))
        url = ORIGIN + meta["path"]
        request = Request(url)
        response = HtmlResponse(url, status=200, body=page.read_bytes(), request=request,
                                headers={"Content-Type": "text/html; charset=utf-8",
                                         "ETag": '"x"'})
        captures.append((url, writer.write_capture(request, response)))
    url, first = captures[0]
    request = Request(url, headers={"If-None-Match": '"x"'})
    writer.write_capture(request, Response(url, status=304, request=request),
                         refers_to={"uri": url, "date": first.date,
                                    "digest": first.payload_digest})
    gone = ORIGIN + "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/x-d8-t1.html"
    writer.write_exchange(Request(gone), Response(gone, status=404, body=b"<html></html>"))
    writer.close()
    [path] = writer.files
    return path


def boundaries(path: Path) -> list[int]:
    out = []
    with open(path, "rb") as f:
        it = ArchiveIterator(f)
        for record in it:
            out.append(it.offset)
            record.raw_stream.read()
    return out


def reparse(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "vkscrawl"), "reparse", *args], capture_output=True,
                          text=True, timeout=120)


def test_a_whole_file_reads_clean(warc):
    result = reparse("--strict", str(warc))
    assert result.returncode == 0, result.stderr
    assert "1 revisits), 0 skipped, 0 torn" in result.stderr
    assert len(result.stdout.splitlines()) == 3


def reparse_here(capfd, *args: str) -> subprocess.CompletedProcess:
    """The same command in this process (the loop below runs it a hundred times)."""
    from vkscrawl.cli import main

    capfd.readouterr()
    status = main(["reparse", *args])
    out, err = capfd.readouterr()
    return subprocess.CompletedProcess(args, status, out, err)


def test_every_cut_is_a_warning_naming_file_and_offset(warc, tmp_path, capfd):
    data = warc.read_bytes()
    starts = boundaries(warc)
    ends = starts[1:] + [len(data)]
    cuts = []
    for start, end in zip(starts[1:], ends[1:]):  # the warcinfo record stays whole
        cuts += sorted({start + 3, start + 12, start + 40, (start + end) // 2, end - 9, end - 3,
                        end - 1})
    assert len(cuts) > 60
    cut_file = tmp_path / "cut.warc.gz"
    for cut in cuts:
        cut_file.write_bytes(data[:cut])
        torn_at = max(s for s in starts if s < cut)
        lenient = reparse_here(capfd, str(cut_file))
        strict = reparse_here(capfd, "--strict", str(cut_file))
        warning = f"{cut_file}: torn record at offset {torn_at}"
        for result in (lenient, strict):
            assert warning in result.stderr, (cut, torn_at, result.stderr)
            assert re.search(rf"{re.escape(str(cut_file))}: \d+ records read .*, 1 torn "
                             rf"\(at offset {torn_at}\)", result.stderr), result.stderr
        assert lenient.returncode == 0, (cut, lenient.stderr)
        assert strict.returncode == 1, (cut, strict.stderr)
        # Whatever was whole before the cut was still rebuilt, and nothing after it.
        assert lenient.stdout == strict.stdout


def test_jobs_must_be_a_number_of_processes(warc):
    for value in ("0", "x", "-1"):
        result = reparse("--jobs", value, str(warc))
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
        assert "--jobs" in result.stderr


@pytest.fixture(scope="module")
def big_warc(tmp_path_factory) -> Path:
    """Enough records (over 2 * SEGMENT_MEMBERS gzip members) for --jobs to cut the file."""
    import json

    from vkscrawl.dispatch.reparse import SEGMENT_MEMBERS

    folder = tmp_path_factory.mktemp("big") / "snapshots"
    writer = SnapshotWriter(folder, info={"software": "test"})
    pages = [(json.loads((p.parent / "fixture.json").read_text("utf-8")), p.read_bytes())
             for p in sorted(FIXTURES.glob("articles/*/page.html"))]
    n = 0
    while n * 2 < 2.5 * SEGMENT_MEMBERS:
        meta, body = pages[n % len(pages)]
        # Own number and headline per copy, so each is an item of its own.
        url = ORIGIN + meta["path"].replace(f"-t{meta['article_id']}.", f"-t{900000 + n}.")
        body = body.replace(b"</h1>", f" ({n})</h1>".encode(), 1)
        request = Request(url)
        writer.write_capture(request, HtmlResponse(
            url, status=200, body=body, request=request,
            headers={"Content-Type": "text/html; charset=utf-8"}))
        n += 1
    writer.close()
    return writer.files[0]


@pytest.mark.parametrize("damage", ["none", "digest", "torn"])
def test_jobs_give_the_same_output_status_and_warnings(big_warc, tmp_path, damage):
    data = bytearray(big_warc.read_bytes())
    starts = boundaries(big_warc)
    if damage == "digest":
        # One record's payload changed in the middle of the file: its digest no longer matches.
        import gzip

        for i in range(len(starts) // 2, len(starts) - 1):
            raw = gzip.decompress(bytes(data[starts[i]:starts[i + 1]]))
            if b"<title>" in raw:
                data[starts[i]:starts[i + 1]] = gzip.compress(raw.replace(b"<title>",
                                                                          b"<title>X", 1))
                break
    elif damage == "torn":
        data = data[:starts[-2] + 50]
    target = tmp_path / "input.warc.gz"
    target.write_bytes(bytes(data))
    runs = {}
    for jobs in ("1", "3"):
        result = reparse("--jobs", jobs, "--strict", str(target))
        warnings = sorted(line for line in result.stderr.splitlines() if "warning" in line)
        runs[jobs] = (result.returncode, result.stdout, warnings)
    assert runs["1"] == runs["3"]
    status, stdout, warnings = runs["1"]
    assert len(stdout.splitlines()) >= 400
    assert status == (0 if damage == "none" else 1)
    assert bool(warnings) == (damage != "none")
