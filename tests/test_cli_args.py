"""Every bad argument of ``vkscrawl``: exit status 2, one line on stderr naming the argument and
what is expected, no traceback, nothing written (no output on stdout, no file created).

(``scrapy crawl local_news`` argument errors are covered in test_crawl.py.)
"""

from __future__ import annotations

import gzip
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.crawl import FIXTURES, ROOT

AS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
ARTICLE_URL = ("https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/"
               "tin-hoat-dong-vksnd-dia-phuong-cao-bang--ha-tinh-d8-t11418.html")


def vkscrawl(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "vkscrawl.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


def files_under(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size if p.is_file() else -1)
                  for p in folder.rglob("*"))


def assert_one_line_error(proc, *names: str, expected: bool = True) -> str:
    assert proc.returncode == 2, (proc.returncode, proc.stderr)
    assert "Traceback" not in proc.stderr, proc.stderr
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, proc.stderr
    assert proc.stdout == "", proc.stdout
    line = lines[0]
    for name in names:
        assert name in line, (name, line)
    if expected:
        assert "expected" in line, line
    return line


@pytest.fixture
def work(tmp_path) -> Path:
    """An empty working folder holding a page and a text file; checked unchanged after."""
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "page.html").write_text("<html><body><h1>x</h1></body></html>", "utf-8")
    (folder / "notes.txt").write_text("not a WARC\n", "utf-8")
    return folder


def unchanged(work: Path, before):
    assert files_under(work) == before, "the command wrote something"


# --- vkscrawl parse ------------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, names", [
    (["parse", "--url", ARTICLE_URL, "missing.html"], ["missing.html"]),
    (["parse", "--url", ARTICLE_URL, "."], ["FILE"]),
    (["parse", "--url", "ftp://vksndtc.gov.vn/x-t1.html", "page.html"], ["--url", "ftp://"]),
    (["parse", "--url", "not a url", "page.html"], ["--url", "not a url"]),
    (["parse", "--url", "http://", "page.html"], ["--url"]),
    (["parse", "page.html"], ["--url"]),
    (["parse", "--url", ARTICLE_URL], ["FILE"]),
])
def test_parse_bad_arguments(work, argv, names):
    before = files_under(work)
    assert_one_line_error(vkscrawl(*argv, cwd=work), *names,
                          expected=argv[-1] != ARTICLE_URL and argv != ["parse", "page.html"])
    unchanged(work, before)


@pytest.mark.skipif(AS_ROOT, reason="root reads files whatever their mode")
def test_parse_unreadable_file(work):
    page = work / "page.html"
    page.chmod(0)
    try:
        before = files_under(work)
        assert_one_line_error(vkscrawl("parse", "--url", ARTICLE_URL, "page.html", cwd=work),
                              "page.html")
        unchanged(work, before)
    finally:
        page.chmod(0o644)


def test_parse_unreadable_file_any_user(work):
    """A path that exists but cannot be read as a file by anyone (a FIFO would block, a folder
    is not a page): refused before reading."""
    (work / "folder.html").mkdir()
    before = files_under(work)
    line = assert_one_line_error(vkscrawl("parse", "--url", ARTICLE_URL, "folder.html",
                                          cwd=work), "folder.html")
    assert "is a folder" in line and "no such file" not in line, line
    unchanged(work, before)


def _zip_of_a_page() -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("page.html", (FIXTURES / "articles").joinpath(
            sorted(p.name for p in (FIXTURES / "articles").iterdir())[0], "page.html").read_bytes())
    return buffer.getvalue()


@pytest.mark.parametrize("name, content", [
    ("item.json", lambda: (sorted((FIXTURES / "articles").glob("*/expected.json"))[0]
                           .read_bytes())),
    ("page.html", lambda: b'{"title": "not a page", "body": "<p>x</p>"}\n'),
    ("page.zip", _zip_of_a_page),
    ("page.html.gz", lambda: gzip.compress(b"<html><body><p>x</p></body></html>")),
    ("image.jpg", lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(256)) * 4),
], ids=["json", "json-named-html", "zip", "gzip", "jpeg"])
def test_parse_of_a_file_that_is_not_html_prints_no_item(work, name, content):
    """Not an HTML page (a JSON file, a zip, an image), whatever its name says: no item on
    standard output, one line saying so, the documented status for a bad file."""
    (work / name).write_bytes(content())
    before = files_under(work)
    line = assert_one_line_error(vkscrawl("parse", "--url", ARTICLE_URL, name, cwd=work), name)
    assert "not an HTML article page" in line, line
    unchanged(work, before)


# --- vkscrawl reparse ----------------------------------------------------------------------------------

def test_reparse_missing_file(work):
    before = files_under(work)
    assert_one_line_error(vkscrawl("reparse", "missing.warc.gz", cwd=work), "missing.warc.gz")
    unchanged(work, before)


@pytest.mark.parametrize("make", ["text", "empty", "gzip-text", "folder", "html"])
def test_reparse_not_a_warc(work, make):
    path = work / f"bad-{make}.warc.gz"
    if make == "text":
        path.write_text("WARC? no.\n", "utf-8")
    elif make == "empty":
        path.write_bytes(b"")
    elif make == "gzip-text":
        path.write_bytes(gzip.compress(b"HTTP/1.1 200 OK\r\n\r\nnot a warc record\n"))
    elif make == "folder":
        path.mkdir()
    else:
        path.write_bytes((work / "page.html").read_bytes())
    before = files_under(work)
    line = assert_one_line_error(vkscrawl("reparse", path.name, cwd=work), path.name)
    assert "WARC" in line
    unchanged(work, before)


@pytest.fixture(scope="module")
def warc_file(tmp_path_factory) -> Path:
    """A real snapshot file, written by a short crawl of the offline portal."""
    from tests.support.crawl import FIXTURES, run_crawl
    from tests.support.faults import ServerThread

    output = tmp_path_factory.mktemp("crawl")
    with ServerThread(FIXTURES) as url:
        result = run_crawl(url, output, "-a", "max_pages=1")
    files = sorted((output / "snapshots").glob("*.warc.gz"))
    assert files, f"the crawl wrote no snapshot (exit {result.returncode}): {result.stderr[-2000:]}"
    return files[0]


@pytest.mark.parametrize("target", ["missing-folder/out.jsonl", "notes.txt/out.jsonl", "."])
def test_reparse_unwritable_output(work, warc_file, target):
    import shutil

    shutil.copy(warc_file, work / "s.warc.gz")
    before = files_under(work)
    assert_one_line_error(vkscrawl("reparse", "-o", target, "s.warc.gz", cwd=work), "-o")
    unchanged(work, before)


@pytest.mark.skipif(AS_ROOT, reason="root writes into folders whatever their mode")
def test_reparse_output_in_a_read_only_folder(work, warc_file):
    import shutil

    shutil.copy(warc_file, work / "s.warc.gz")
    locked = work / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        before = files_under(work)
        assert_one_line_error(vkscrawl("reparse", "-o", "locked/out.jsonl", "s.warc.gz",
                                       cwd=work), "-o")
        unchanged(work, before)
    finally:
        locked.chmod(0o755)


def test_reparse_refuses_to_overwrite_its_input(work, warc_file):
    import shutil

    shutil.copy(warc_file, work / "s.warc.gz")
    before = files_under(work)
    assert_one_line_error(vkscrawl("reparse", "-o", "s.warc.gz", "s.warc.gz", cwd=work), "-o",
                          expected=False)
    unchanged(work, before)


def test_reparse_without_snapshots(work):
    before = files_under(work)
    assert_one_line_error(vkscrawl("reparse", cwd=work), "snapshots", expected=False)
    unchanged(work, before)


# --- vkscrawl serve ------------------------------------------------------------------------------------

@pytest.mark.parametrize("port", ["abc", "70000", "-1", "", "8o8o", "1.5"])
def test_serve_bad_port(work, port):
    before = files_under(work)
    assert_one_line_error(vkscrawl("serve", "--port", port, cwd=work), "--port")
    unchanged(work, before)


def test_serve_port_in_use(work):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        before = files_under(work)
        assert_one_line_error(vkscrawl("serve", "--port", str(port), cwd=work), "--port",
                              str(port))
    unchanged(work, before)


@pytest.mark.parametrize("fixtures", ["missing-folder", "notes.txt", "."])
def test_serve_missing_fixtures(work, fixtures):
    before = files_under(work)
    assert_one_line_error(vkscrawl("serve", "--port", "0", "--fixtures", fixtures, cwd=work),
                          "--fixtures")
    unchanged(work, before)


# --- the command itself ---------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, names", [
    ([], ["command"]),
    (["crawl"], ["crawl"]),
    (["parse", "--url", ARTICLE_URL, "page.html", "--colour=blue"], ["--colour"]),
])
def test_unknown_or_missing_command(work, argv, names):
    before = files_under(work)
    assert_one_line_error(vkscrawl(*argv, cwd=work), *names, expected=False)
    unchanged(work, before)


def _first_fixture_page() -> tuple[str, str]:
    page = sorted((FIXTURES / "articles").glob("*/page.html"))[0]
    return "https://vksndtc.gov.vn/tin-tuc/tin-hoat-dong-vksnd-dia-phuong/x-t1.html", str(page)


@pytest.mark.parametrize("args", [("schema",), ("parse", "--url", *_first_fixture_page())])
def test_a_reader_that_goes_away_is_no_traceback(tmp_path, args):
    """`vkscrawl schema | head`: the pipe closes before the command writes. A read end closed
    before the command starts makes every write fail, whatever the output's size."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "vkscrawl.cli", *args], cwd=tmp_path,
                              stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=120)
    finally:
        os.close(write_end)
    assert proc.returncode == 141, proc.stderr
    assert proc.stderr == ""
