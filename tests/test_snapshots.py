"""WARC snapshots: the writer, crash safety, real crawls of the offline portal, and reparse.

Every check reads the WARC files back with warcio's ArchiveIterator (never by string matching),
and runs the standard tools (`warcio check`, `cdxj-indexer`) as an archivist would.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import textwrap
from ipaddress import ip_address
from pathlib import Path

import pytest
from scrapy.http import Headers, Request, Response
from warcio.archiveiterator import ArchiveIterator

from tests.support.crawl import FIXTURES, ROOT, run_crawl
from tests.support.faults import ServerThread
from vkscrawl.archive.reader import check_warc, iter_responses, read_response_at
from vkscrawl.archive.writer import (LOCK_SUFFIX, TORN_SUFFIX, SnapshotWriter, complete_prefix,
                                     repair_warc)

BIN = Path(sys.executable).parent
NAME = re.compile(r"^[A-Za-z0-9._-]+-\d{17}-\d{5}\.warc\.gz$")
ORIGIN = "http://127.0.0.1:8000"


# --- helpers --------------------------------------------------------------------------------------


def records(path: Path) -> list[dict]:
    """Every record of a WARC file: type, offset, headers, raw payload, decoded payload."""
    out = []
    with open(path, "rb") as f:
        it = ArchiveIterator(f, check_digests=True)
        for record in it:
            offset = it.offset
            raw = record.raw_stream.read()
            out.append({
                "type": record.rec_type, "offset": offset, "warc": record.rec_headers,
                "http": record.http_headers, "raw": raw,
                "complete": record.raw_stream.limit == 0,
                "digest_ok": record.digest_checker.passed is not False,
                "uri": record.rec_headers.get_header("WARC-Target-URI"),
                "id": record.rec_headers.get_header("WARC-Record-ID"),
                "status": int(record.http_headers.get_statuscode())
                if record.rec_type == "response" else None,
            })
    return out


def readable_records(path: Path) -> list[dict]:
    """The records warcio reads before the file stops being readable (a torn tail)."""
    out = []
    try:
        with open(path, "rb") as f:
            it = ArchiveIterator(f, check_digests=True)
            for record in it:
                offset = it.offset
                record.raw_stream.read()
                out.append({"type": record.rec_type, "offset": offset,
                            "complete": record.raw_stream.limit == 0})
    except Exception:  # noqa: BLE001 - warcio's reaction to a torn record varies with the cut
        pass
    return out


def warcio_check(*paths: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "warcio"), "check", "-v", *map(str, paths)],
                          capture_output=True, text=True, timeout=120)


def cdxj_index(*paths: Path) -> list[dict]:
    tool = BIN / "cdxj-indexer"  # a dependency of the package: missing is a broken install
    proc = subprocess.run([str(tool), *map(str, paths)], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0, proc.stderr
    lines = [line for line in proc.stdout.splitlines() if line.strip()]
    return [json.loads(line.split(" ", 2)[2]) for line in lines]


def reparse(*args: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "vkscrawl"), "reparse", *args], capture_output=True,
                          cwd=cwd, timeout=300, env={**os.environ, **(env or {})})


def exchange(url: str, status: int = 200, body: bytes = b"", headers=None,
             request_headers=None, protocol: str = "HTTP/1.1"):
    request = Request(url, headers=request_headers or {"User-Agent": "vkscrawl-test"})
    response = Response(url, status=status, headers=headers, body=body, request=request,
                        protocol=protocol, ip_address=ip_address("127.0.0.1"))
    return request, response


# --- the writer -----------------------------------------------------------------------------------


def test_records_keep_what_was_received(tmp_path):
    out = tmp_path / "out"
    writer = SnapshotWriter(out / "snapshots", info={"software": "vkscrawl/test",
                                                     "description": "tệp thử"})
    html = "<html><body>Viện kiểm sát</body></html>".encode()
    headers = Headers({"Content-Type": "text/html; charset=utf-8", "Content-Encoding": "gzip"})
    headers.appendlist("Set-Cookie", "a=1")
    headers.appendlist("Set-Cookie", "b=2")
    headers["X-Raw"] = b"caf\xe9"
    compressed = gzip.compress(html)
    request, response = exchange(f"{ORIGIN}/a-d8-t1.html?x=1#top", body=compressed,
                                 headers=headers,
                                 request_headers={"User-Agent": "ua", "Authorization": "secret",
                                                  "Accept-Encoding": "gzip, deflate"})
    first = writer.write_exchange(request, response)
    second = writer.write_exchange(*exchange(f"{ORIGIN}/gone", status=404, body=b"nf"))
    third = writer.write_exchange(*exchange(f"{ORIGIN}/odd", status=599, protocol="HTTP/1.0"))
    writer.close()

    files = list((out / "snapshots").iterdir())
    assert [f.name for f in files if NAME.match(f.name)] == [f.name for f in files]
    assert len(files) == 1  # no lock file left after a clean close
    path = files[0]
    assert first[0] == second[0] == f"snapshots/{path.name}"
    recs = records(path)
    assert [r["type"] for r in recs] == ["warcinfo"] + ["response", "request"] * 3
    assert all(r["complete"] and r["digest_ok"] for r in recs)
    assert recs[0]["warc"].protocol == "WARC/1.1"
    assert recs[0]["warc"].get_header("WARC-Filename") == path.name
    info = dict(line.split(": ", 1) for line in recs[0]["raw"].decode().splitlines())
    assert info == {"software": "vkscrawl/test", "description": "tệp thử"}

    by_offset = {r["offset"]: r for r in recs}
    resp = by_offset[first[1]]
    assert resp["type"] == "response"
    assert resp["uri"] == f"{ORIGIN}/a-d8-t1.html?x=1"  # no fragment: never sent
    assert resp["http"].protocol == "HTTP/1.1" and resp["http"].statusline == "200 OK"
    assert [v for k, v in resp["http"].headers if k == "Set-Cookie"] == ["a=1", "b=2"]
    assert resp["http"].get_header("X-Raw") == "café"
    assert resp["raw"] == compressed  # the body as received, still compressed
    assert resp["warc"].get_header("WARC-IP-Address") == "127.0.0.1"
    assert resp["warc"].get_header("WARC-Date") == first[2]
    req = recs[recs.index(resp) + 1]
    assert req["type"] == "request" and req["uri"] == resp["uri"]
    assert req["warc"].get_header("WARC-Concurrent-To") == resp["id"]
    assert req["http"].protocol == "GET" and req["http"].statusline == "/a-d8-t1.html?x=1 HTTP/1.1"
    assert req["http"].get_header("Host") == "127.0.0.1:8000"
    assert req["http"].get_header("Authorization") == "[redacted by vkscrawl]"
    assert req["http"].get_header("Accept-Encoding") == "gzip, deflate"

    gone = by_offset[second[1]]
    assert (gone["status"], gone["http"].statusline, gone["raw"]) == (404, "404 Not Found", b"nf")
    odd = by_offset[third[1]]
    assert (odd["status"], odd["http"].protocol) == (599, "HTTP/1.0")

    # The reading helpers: decoded bodies, offsets that open on the record.
    responses = list(iter_responses(path))
    assert [(r.offset, r.status) for r in responses] == [(first[1], 200), (second[1], 404),
                                                        (third[1], 599)]
    assert responses[0].body == html and responses[0].content_type.startswith("text/html")
    assert responses[0].date == first[2] and not responses[0].truncated
    again = read_response_at(path, first[1])
    assert (again.target_uri, again.body) == (resp["uri"], html)
    with pytest.raises(ValueError):
        read_response_at(path, recs[2]["offset"])  # a request record

    check = warcio_check(path)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.count("digest pass") == len(recs)
    index = cdxj_index(path)
    assert sorted((e["url"], e["status"], int(e["offset"])) for e in index) == sorted(
        [(resp["uri"], "200", first[1]), (f"{ORIGIN}/gone", "404", second[1]),
         (f"{ORIGIN}/odd", "599", third[1])])


def test_files_rotate_by_size_and_per_run(tmp_path):
    snapshots = tmp_path / "snapshots"
    writer = SnapshotWriter(snapshots, prefix="../evil/name", max_size=6000,
                            info={"software": "t"})
    written = [writer.write_exchange(*exchange(f"{ORIGIN}/p{i}", body=os.urandom(1500)))
               for i in range(8)]
    writer.close()
    files = sorted(snapshots.iterdir())
    assert len(files) > 2 and all(NAME.match(f.name) for f in files)
    assert all(f.name.startswith("evil-name-") for f in files)  # no path, no traversal
    assert [f.name[-13:-8] for f in files] == [f"{i:05d}" for i in range(len(files))]
    for file in files:
        recs = records(file)
        assert recs[0]["type"] == "warcinfo"
        assert file.stat().st_size <= 6000 or len(recs) == 3  # one big pair may exceed it
    for i, (file, offset, _) in enumerate(written):
        assert read_response_at(tmp_path / file, offset).target_uri == f"{ORIGIN}/p{i}"
    assert warcio_check(*files).returncode == 0

    # A new writer (a new run) never appends to an older file.
    before = {f: f.read_bytes() for f in files}
    second = SnapshotWriter(snapshots, info={"software": "t"})
    second.write_exchange(*exchange(f"{ORIGIN}/next-run"))
    second.close()
    assert {f: f.read_bytes() for f in files} == before
    assert len(list(snapshots.iterdir())) == len(files) + 1


def test_repair_cuts_a_torn_tail_and_keeps_damage_aside(tmp_path):
    snapshots = tmp_path / "snapshots"
    writer = SnapshotWriter(snapshots, info={"software": "t"})
    for i in range(3):
        writer.write_exchange(*exchange(f"{ORIGIN}/p{i}", body=os.urandom(3000)))
    writer.close()
    path = next(snapshots.iterdir())
    whole = path.read_bytes()
    complete = len(whole)
    extra = SnapshotWriter(tmp_path / "other", info={"software": "t"})
    _, start, _ = extra.write_exchange(*exchange(f"{ORIGIN}/torn", body=os.urandom(3000)))
    extra.close()
    member = next((tmp_path / "other").iterdir()).read_bytes()[start:]  # response + request

    # A torn write: half of a gzip member at the end, and the lock a crash leaves.
    path.write_bytes(whole + member[: len(member) // 2])
    path.with_name(path.name + LOCK_SUFFIX).write_text("pid 1\n")
    assert complete_prefix(path) == (complete, True)
    assert [r["complete"] for r in readable_records(path)][:7] == [True] * 7
    SnapshotWriter(snapshots)  # the next start
    assert path.read_bytes() == whole
    assert not path.with_name(path.name + LOCK_SUFFIX).exists()
    assert warcio_check(path).returncode == 0

    # Damage that is not a torn gzip member is cut too, but kept aside, never thrown away.
    path.write_bytes(whole + b"\0" * 100)
    report = repair_warc(path)
    assert (report.kept, report.cut) == (complete, 100)
    assert path.read_bytes() == whole
    assert path.with_name(path.name + TORN_SUFFIX).read_bytes() == b"\0" * 100

    # A file that is complete is left alone; a lock-free file is never examined.
    assert repair_warc(path).cut == 0
    path.write_bytes(whole + member[:10])
    SnapshotWriter(snapshots)
    assert path.stat().st_size == complete + 10


def test_a_live_writer_is_not_repaired_under_its_feet(tmp_path):
    snapshots = tmp_path / "snapshots"
    live = SnapshotWriter(snapshots, info={"software": "t"})
    live.write_exchange(*exchange(f"{ORIGIN}/a"))
    size = live.path.stat().st_size
    with open(live.path, "ab") as f:  # looks torn, but its writer holds the lock
        f.write(b"\x1f\x8b\x08")
    other = SnapshotWriter(snapshots)
    assert other.repaired == [] and live.path.stat().st_size == size + 3
    with open(live.path, "rb+") as f:
        f.truncate(size)
    live.size = size
    live.write_exchange(*exchange(f"{ORIGIN}/b"))
    live.close()
    assert warcio_check(live.path).returncode == 0


# --- crash safety: a writer killed with SIGKILL ---------------------------------------------------

WRITER_LOOP = textwrap.dedent("""
    import os, sys
    from scrapy.http import Request, Response
    from vkscrawl.archive.writer import SnapshotWriter

    writer = SnapshotWriter(sys.argv[1], info={"software": "killed-writer"})
    i = 0
    while True:
        url = f"http://127.0.0.1:8000/page-{i}"
        file, offset, _ = writer.write_exchange(Request(url),
                                                Response(url, body=os.urandom(200_000)))
        print("written", file, offset, writer.size, flush=True)
        i += 1
""")

# Tears a write deterministically: the 4th write puts half its bytes on disk, says so, and waits
# to be killed.
WRITER_TORN = textwrap.dedent("""
    import os, sys
    import vkscrawl.archive.writer as snapshots
    from scrapy.http import Request, Response

    real_write, calls = os.write, []

    def torn_write(fd, data):
        if fd == writer.fd:
            calls.append(len(data))
            if len(calls) == 4:
                real_write(fd, bytes(data[: len(data) // 2]))
                os.fsync(fd)
                print("torn", flush=True)
                sys.stdin.read()
        return real_write(fd, data)

    snapshots.os.write = torn_write
    writer = snapshots.SnapshotWriter(sys.argv[1], info={"software": "torn-writer"})
    for i in range(10):
        url = f"http://127.0.0.1:8000/tin-tuc/x-d8-t{1000 + i}.html"
        file, offset, _ = writer.write_exchange(Request(url),
                                                Response(url, body=os.urandom(50_000)))
        print("written", file, offset, writer.size, flush=True)
""")


@pytest.fixture
def spawn_writer():
    """Starts a writer subprocess; never leaves one behind, whatever the test does."""
    started = []

    def spawn(script: str, snapshots: Path) -> subprocess.Popen:
        proc = subprocess.Popen([sys.executable, "-c", script, str(snapshots)], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        started.append(proc)
        return proc

    yield spawn
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        for stream in (proc.stdin, proc.stdout):
            stream.close()


def _kill(proc: subprocess.Popen) -> None:
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def _check_survivors(path: Path, written: list[tuple[int, int]]) -> None:
    """Every record pair reported written is read back whole by warcio."""
    readable = {r["offset"]: r for r in readable_records(path)}
    for offset, _ in written:
        assert offset in readable and readable[offset]["type"] == "response"
        assert readable[offset]["complete"]


def test_killed_writer_leaves_a_readable_file_and_the_next_start_repairs_it(tmp_path,
                                                                          spawn_writer):
    snapshots = tmp_path / "snapshots"
    proc = spawn_writer(WRITER_LOOP, snapshots)
    written = []
    for line in proc.stdout:  # synchronise on what the writer says it has made durable
        _, file, offset, size = line.split()
        written.append((int(offset), int(size)))
        if len(written) == 8:
            break
    _kill(proc)  # most likely in the middle of the next write
    path = tmp_path / file
    lock = path.with_name(path.name + LOCK_SUFFIX)
    assert lock.exists()
    assert path.stat().st_size >= written[-1][1]
    _check_survivors(path, written)

    writer = SnapshotWriter(snapshots, info={"software": "next-run"})
    assert not lock.exists()
    complete_end = path.stat().st_size
    assert complete_end >= written[-1][1]
    assert complete_prefix(path) == (complete_end, True)
    _check_survivors(path, written)
    check = warcio_check(path)
    assert check.returncode == 0, check.stdout + check.stderr
    # It continues in a new file, leaving the repaired one as it is.
    writer.write_exchange(*exchange(f"{ORIGIN}/after-the-crash"))
    writer.close()
    assert path.stat().st_size == complete_end
    assert len([f for f in snapshots.iterdir() if NAME.match(f.name)]) == 2


def test_killed_in_the_middle_of_a_write(tmp_path, spawn_writer):
    snapshots = tmp_path / "snapshots"
    proc = spawn_writer(WRITER_TORN, snapshots)
    written = []
    for line in proc.stdout:
        if line.strip() == "torn":
            break
        _, file, offset, size = line.split()
        written.append((int(offset), int(size)))
    _kill(proc)
    path = tmp_path / file
    assert len(written) == 2  # warcinfo, two pairs, then the torn third pair
    end_of_complete = written[-1][1]
    assert path.stat().st_size > end_of_complete
    assert complete_prefix(path) == (end_of_complete, True)
    _check_survivors(path, written)

    # A reader of the torn file: reparse reads what is whole, warns about the tail, exit 0.
    copy = tmp_path / "torn.warc.gz"
    shutil.copy(path, copy)
    result = reparse(str(copy))
    assert result.returncode == 0, result.stderr
    assert b"torn record" in result.stderr

    writer = SnapshotWriter(snapshots)
    assert [(r.kept, r.cut) for r in writer.repaired] == [
        (end_of_complete, copy.stat().st_size - end_of_complete)]
    assert path.stat().st_size == end_of_complete
    assert warcio_check(path).returncode == 0
    assert [r["offset"] for r in records(path) if r["type"] == "response"] == [
        offset for offset, _ in written]


# --- real crawls of the offline portal ------------------------------------------------------------


def _fixture(article_id: int) -> dict:
    for meta_file in FIXTURES.glob("articles/*/fixture.json"):
        meta = json.loads(meta_file.read_text("utf-8"))
        if meta["article_id"] == article_id:
            return meta
    raise LookupError(article_id)



#: One article answers 500 once (retried), one redirects to its legacy URL.
RETRIED, REDIRECTED = 11418, 11702


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    output = tmp_path_factory.mktemp("crawl") / "output"
    retried, redirected = _fixture(RETRIED)["path"], _fixture(REDIRECTED)["path"]
    faults = {retried: "500-then-200",
              redirected: f"redirect:/tintuc/Pages/lists.aspx?Cat=3&ItemID={REDIRECTED}"}
    with ServerThread(FIXTURES, faults=faults) as url:
        result = run_crawl(url, output)
    assert result.returncode == 0, result.stderr[-3000:]
    result.start_url = url
    result.files = sorted((output / "snapshots").glob("*.warc.gz"))
    return result


def _fetched(log: str) -> set[tuple[str, int]]:
    """(URL, status) of every response the crawl's log mentions (also redirects and retries)."""
    seen = set()
    for match in re.finditer(r"Crawled \((\d{3})\) <GET (\S+)>", log):
        seen.add((match.group(2), int(match.group(1))))
    for match in re.finditer(r"Redirecting \((\d{3})\) to <GET \S+> from <GET (\S+)>", log):
        seen.add((match.group(2), int(match.group(1))))
    for match in re.finditer(r"Retrying <GET (\S+)> \(failed \d+ times\): (\d{3})", log):
        seen.add((match.group(1), int(match.group(2))))
    return seen


def test_crawl_archives_every_response(crawl):
    files = crawl.files
    assert files and all(NAME.match(f.name) for f in files)
    assert not list((crawl.output / "snapshots").glob("*" + LOCK_SUFFIX))
    check = warcio_check(*files)
    assert check.returncode == 0, check.stdout + check.stderr

    responses, requests = [], {}
    for file in files:
        recs = records(file)
        assert recs[0]["type"] == "warcinfo"
        info = dict(line.split(": ", 1) for line in recs[0]["raw"].decode().splitlines())
        assert info["software"].startswith("vkscrawl/") and "warcio/" in info["software"]
        assert info["start-url"] == crawl.start_url and info["robots"] == "obey"
        assert info["format"] == "WARC File Format 1.1" and info["description"]
        for r in recs[1:]:
            assert r["complete"] and r["digest_ok"]
            if r["type"] == "response":
                responses.append(r)
            else:
                assert r["type"] == "request"
                requests[r["warc"].get_header("WARC-Concurrent-To")] = r
    for r in responses:  # every response has its request
        assert requests[r["id"]]["uri"] == r["uri"]

    archived = {(r["uri"], r["status"]) for r in responses}
    fetched = _fetched(crawl.stderr)
    origin = crawl.start_url.split("/tin-tuc")[0]
    assert fetched <= archived
    assert (f"{origin}/robots.txt", 200) in archived
    assert (f"{origin}{_fixture(12950)['path']}", 404) in archived
    assert (f"{origin}{_fixture(RETRIED)['path']}", 500) in archived
    assert (f"{origin}{_fixture(RETRIED)['path']}", 200) in archived
    assert (f"{origin}{_fixture(REDIRECTED)['path']}", 302) in archived
    assert len([s for _, s in archived if s == 200]) >= 3 + 14  # listing pages, articles

    index = cdxj_index(*files)
    assert sorted((e["url"], int(e["status"])) for e in index) == sorted(
        (r["uri"], r["status"]) for r in responses)


def test_each_item_points_at_its_response(crawl):
    feed = crawl.feed
    assert len(feed) >= 10
    for item in feed:
        snapshot = item["snapshot"]
        assert re.fullmatch(r"snapshots/[^/]+\.warc\.gz", snapshot["file"])
        with open(crawl.output / snapshot["file"], "rb") as f:
            f.seek(snapshot["offset"])
            record = next(iter(ArchiveIterator(f)))
            assert record.rec_type == "response"
            assert record.rec_headers.get_header("WARC-Target-URI") == item["source_url"]
            assert record.http_headers.get_statuscode() == "200"
    redirected = next(i for i in feed if i["article_id"] == REDIRECTED)
    assert "ItemID=" in redirected["source_url"]


def test_reparse_rebuilds_the_crawls_items(crawl, tmp_path):
    out = tmp_path / "rebuilt.jsonl"
    result = reparse("-o", str(out), *map(str, crawl.files))
    assert result.returncode == 0, result.stderr
    assert b"items written" in result.stderr  # progress and the final counts
    rebuilt = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    feed = crawl.feed
    assert {(i["article_id"], i["content_hash"]) for i in rebuilt} == {
        (i["article_id"], i["content_hash"]) for i in feed}
    # The same bytes give the same item: all but fetched_at (which is the record's WARC-Date).
    strip = lambda i: {k: v for k, v in i.items() if k != "fetched_at"}  # noqa: E731
    assert sorted(map(strip, rebuilt), key=lambda i: i["article_id"]) == sorted(
        map(strip, feed), key=lambda i: i["article_id"])
    for item in rebuilt:
        date = read_response_at(crawl.output / item["snapshot"]["file"],
                                item["snapshot"]["offset"], body=False).date
        assert item["fetched_at"] == date[:19] + "Z"

    # Standard output gives the same lines; a WARC outside a snapshots/ folder is named as given.
    copy = tmp_path / "copy.warc.gz"
    shutil.copy(crawl.files[0], copy)
    stdout = reparse("--quiet", str(copy), *map(str, crawl.files[1:]))
    assert stdout.returncode == 0 and stdout.stderr == b""
    lines = [json.loads(line) for line in stdout.stdout.decode("utf-8").splitlines()]
    assert [strip(i) | {"snapshot": None} for i in lines] == [
        strip(i) | {"snapshot": None} for i in rebuilt]
    assert {i["snapshot"]["file"] for i in lines if i["snapshot"]["offset"]} <= {
        str(copy), *(f"snapshots/{f.name}" for f in crawl.files[1:])}


def test_reparse_writes_into_a_pipe_without_replacing_it(crawl, tmp_path):
    """-o naming a device or a pipe (/dev/null, a FIFO) writes to it; it is never replaced."""
    import stat
    import threading

    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    received = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()))
    reader.start()
    result = reparse("-o", str(pipe), "--quiet", *map(str, crawl.files))
    reader.join(timeout=60)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    rebuilt = [json.loads(line) for line in received[0].decode("utf-8").splitlines()]
    assert {(i["article_id"], i["content_hash"]) for i in rebuilt} == {
        (i["article_id"], i["content_hash"]) for i in crawl.feed}
    assert not list(tmp_path.glob(".pipe.*"))


def test_crawl_rotates_files_and_repairs_a_crashed_run(tmp_path):
    output = tmp_path / "output"
    snapshots = output / "snapshots"
    # What a crawl killed mid-write leaves: a file with a torn tail and its lock.
    crashed = SnapshotWriter(snapshots, info={"software": "crashed-run"})
    crashed.write_exchange(*exchange(f"{ORIGIN}/before-the-crash", body=b"x" * 1000))
    old = crashed.path
    complete = old.stat().st_size
    os.close(crashed.fd)
    os.close(crashed.lock_fd)
    with open(old, "ab") as f:
        f.write(gzip.compress(b"WARC/1.1\r\n" + os.urandom(4000))[:1500])

    with ServerThread(FIXTURES) as url:
        result = run_crawl(url, output, "-s", "VKSCRAWL_WARC_MAX_SIZE=30000")
    assert result.returncode == 0, result.stderr[-3000:]
    assert old.stat().st_size == complete
    assert "left open by an interrupted run" in result.stderr
    assert result.stats.get("vkscrawl/snapshots/repaired_files") == 1
    files = sorted(f for f in snapshots.glob("*.warc.gz") if f != old)
    assert len(files) > 2
    assert not list(snapshots.glob("*" + LOCK_SUFFIX))
    assert warcio_check(old, *files).returncode == 0
    for item in result.feed:
        record = read_response_at(output / item["snapshot"]["file"], item["snapshot"]["offset"])
        assert record.target_uri == item["source_url"]


def test_snapshots_can_be_switched_off(tmp_path):
    output = tmp_path / "output"
    with ServerThread(FIXTURES) as url:
        result = run_crawl(url, output, "-s", "VKSCRAWL_SNAPSHOTS_ENABLED=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (output / "snapshots").exists()
    assert result.feed and all(item["snapshot"] is None for item in result.feed)


# --- reparse: bad input ---------------------------------------------------------------------------


@pytest.fixture
def good_warc(tmp_path) -> Path:
    writer = SnapshotWriter(tmp_path / "snapshots", info={"software": "t"})
    writer.write_exchange(*exchange(f"{ORIGIN}/robots.txt", body=b"User-agent: *\n"))
    writer.close()
    return writer.files[0]


def _one_line_error(result, *words: str) -> None:
    assert result.returncode == 2
    assert result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vkscrawl: error: "), lines
    for word in words:
        assert word in lines[0]


def test_reparse_bad_input_writes_nothing(tmp_path, good_warc):
    out = tmp_path / "out.jsonl"
    text = tmp_path / "notes.txt"
    text.write_text("not a warc\n")
    empty = tmp_path / "empty.warc.gz"
    empty.write_bytes(b"")
    gz_text = tmp_path / "text.warc.gz"
    gz_text.write_bytes(gzip.compress(b"hello\n" * 100))

    _one_line_error(reparse("-o", str(out), str(good_warc), str(tmp_path / "missing.warc.gz")),
                    "missing.warc.gz", "no such file")
    _one_line_error(reparse("-o", str(out), str(text)), "notes.txt", "not a WARC")
    _one_line_error(reparse("-o", str(out), str(empty)), "empty")
    _one_line_error(reparse("-o", str(out), str(gz_text)), "not a WARC")
    _one_line_error(reparse("-o", str(out), str(tmp_path)), "folder")
    _one_line_error(reparse("-o", str(tmp_path / "no-such-dir" / "out.jsonl"), str(good_warc)),
                    "-o", "does not exist")
    _one_line_error(reparse("-o", str(tmp_path), str(good_warc)), "-o", "folder")
    _one_line_error(reparse("-o", str(good_warc), str(good_warc)), "-o", "SNAPSHOT")
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["snapshots", "notes.txt", "empty.warc.gz", "text.warc.gz"])
    assert check_warc(good_warc) is None

    if os.geteuid() != 0:  # root writes anywhere
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        _one_line_error(reparse("-o", str(locked / "out.jsonl"), str(good_warc)),
                        "not writable")
        unreadable = tmp_path / "unreadable.warc.gz"
        shutil.copy(good_warc, unreadable)
        unreadable.chmod(0)
        _one_line_error(reparse(str(unreadable)), "cannot be read")

    # A good file without articles: an empty feed, exit 0; an existing -o is replaced whole.
    out.write_text("old line\n")
    result = reparse("-o", str(out), str(good_warc))
    assert result.returncode == 0, result.stderr
    assert out.read_text() == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_reparse_progress_and_damage(tmp_path):
    snapshots = tmp_path / "snapshots"
    writer = SnapshotWriter(snapshots, info={"software": "t"})
    offsets = [writer.write_exchange(*exchange(f"{ORIGIN}/p{i}", body=os.urandom(200)))[1]
               for i in range(300)]
    writer.close()
    path = writer.files[0]
    # A line every 100 records (instead of every few seconds): at fixed points, so that what
    # each says can be checked: the counts, the rate, and the bytes still to read.
    result = reparse(str(path), env={"VKSCRAWL_PROGRESS_EVERY": "100"})
    assert result.returncode == 0, result.stderr
    progress = result.stderr.decode().splitlines()
    with open(path, "rb") as f:
        starts = [it.offset for it in [ArchiveIterator(f)] for _ in it]  # each record's offset
    lines = progress[:-2]
    assert len(lines) == 6, progress
    for number, line in enumerate(lines, 1):
        match = re.fullmatch(r"vkscrawl reparse: (\d+) records read \((\d+) responses.*; "
                             r"(\d+) records/s, ([\d.]+) MB of ([\d.]+) MB left", line)
        assert match, line
        assert int(match.group(1)) == 100 * number
        assert int(match.group(2)) == 50 * number
        assert int(match.group(3)) > 0
        left = path.stat().st_size - starts[100 * number - 1]  # from the record just read on
        assert match.group(4) == f"{left / 1e6:.2f}", (line, left)
        assert match.group(5) == f"{path.stat().st_size / 1e6:.2f}"
    assert progress[-2].startswith(f"vkscrawl reparse: {path}: 601 records read")
    assert re.fullmatch(r"vkscrawl reparse: done: 601 records read \(300 responses.* in "
                        r"[\d.]+ s \(\d+ records/s\)", progress[-1]), progress[-1]
    # By default a line at most every few seconds: a small archive reads with none.
    quick = reparse(str(path)).stderr.decode().splitlines()
    assert [line for line in quick if "records/s, " in line] == []
    assert quick[-1].startswith("vkscrawl reparse: done: 601 records read")
    bad = reparse(str(path), env={"VKSCRAWL_PROGRESS_EVERY": "often"})
    assert bad.returncode == 2 and bad.stderr.decode().count("\n") == 1
    assert b"VKSCRAWL_PROGRESS_EVERY" in bad.stderr and bad.stdout == b""

    # Damage in the middle (not a torn tail): what precedes is read, the status says it.
    data = bytearray(path.read_bytes())
    middle = offsets[150] + 40
    data[middle:middle + 20] = b"\xff" * 20
    damaged = tmp_path / "damaged.warc.gz"
    damaged.write_bytes(bytes(data))
    result = reparse(str(damaged))
    assert result.returncode == 1
    assert b"damaged" in result.stderr and b"torn record" not in result.stderr


def test_size_setting():
    from scrapy.settings import Settings

    from vkscrawl.config import Config, ConfigError, parse_size

    assert [parse_size(v) for v in (30000, "30000", "500M", "1GiB", "2g", "10kb")] == [
        30000, 30000, 500 * 2 ** 20, 2 ** 30, 2 * 2 ** 30, 10 * 2 ** 10]
    for bad in ("0", "-1", "lots", "1.5G", ""):
        with pytest.raises(ValueError):
            parse_size(bad)
    assert Config.from_settings(Settings({"VKSCRAWL_WARC_MAX_SIZE": "1G"})).warc_max_size == 2 ** 30
    with pytest.raises(ConfigError, match="VKSCRAWL_WARC_MAX_SIZE"):
        Config.from_settings(Settings({"VKSCRAWL_WARC_MAX_SIZE": "x"}))


def test_a_crawl_that_cannot_archive_stops(tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "snapshots").write_text("a file where the snapshots folder should be\n")
    with ServerThread(FIXTURES) as url:
        result = run_crawl(url, output)
    assert result.returncode != 0
    assert "Snapshots: cannot write" in result.stderr
    assert result.stats.get("finish_reason") == "snapshot_write_failed"
