"""Archives that replay: a crawl of the offline portal, then a ``full=1`` re-run (its 304s), read
back with warcio, indexed, packed as a WACZ that ``wacz validate`` accepts, and replayed by pywb
on loopback, from the folder and from the WACZ: every article of the feed, latest capture, 200
with its title and its images.

pywb runs from its own environment (``VKSCRAWL_PYWB_BIN``, or one the first test that needs it
makes under ``${XDG_CACHE_HOME:-~/.cache}/vkscrawl-tests/`` and later runs reuse): its pins would
downgrade the crawler's TLS stack if installed beside it. The tests never skip: without pywb they
cannot prove anything.
"""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import unicodedata
from functools import cache
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen
from urllib.error import HTTPError

import pytest
from warcio.archiveiterator import ArchiveIterator

from tests.support.crawl import FIXTURES, ROOT, fixture_counts, run_crawl
from tests.support.environments import ready_environment
from tests.support.faults import ServerThread
from vkscrawl.archive.index import index_lines, index_path
from vkscrawl.offline.server import upload_jpeg
from vkscrawl.spiders.local_news import PORTAL_HOSTS

BIN = Path(sys.executable).parent
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


# --- the archive under test: a crawl and a full=1 re-run -------------------------------------------


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    out = tmp_path_factory.mktemp("replay") / "out"
    with ServerThread(FIXTURES) as url:
        first = run_crawl(url, out)
        assert first.returncode == 0, first.stderr[-3000:]
        first_stats = first.stats  # the stats file is the last run's
        second = run_crawl(url, out, "-a", "full=1")
        assert second.returncode == 0, second.stderr[-3000:]
    return {"out": out, "first": first, "second": second, "first_stats": first_stats,
            "second_stats": second.stats,
            "origin": "{0.scheme}://{0.netloc}".format(urlsplit(url))}


def warc_records(out: Path) -> list[dict]:
    """Every record of every snapshot, in crawl order (file names sort by time)."""
    records = []
    for path in sorted((out / "snapshots").glob("*.warc.gz")):
        with open(path, "rb") as f:
            it = ArchiveIterator(f, check_digests=True)
            for record in it:
                offset = it.offset
                body = record.content_stream().read()
                records.append({
                    "file": path.name, "offset": offset, "type": record.rec_type,
                    "uri": record.rec_headers.get_header("WARC-Target-URI"),
                    "date": record.rec_headers.get_header("WARC-Date"),
                    "id": record.rec_headers.get_header("WARC-Record-ID"),
                    "warc": record.rec_headers, "http": record.http_headers, "body": body,
                    "status": (record.http_headers.get_statuscode()
                               if record.http_headers else None)})
    return records


def latest_items(out: Path) -> dict[int, dict]:
    latest = {}
    for line in (out / "local_news.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        latest[item["article_id"]] = item
    return {k: v for k, v in latest.items() if not v.get("deleted")}


def on_host(url: str, origin: str) -> str:
    """What the spider fetches for an image URL (the live host's links map to the mirror)."""
    parts = urlsplit(url)
    if parts.hostname in PORTAL_HOSTS:
        return origin + parts.path + (f"?{parts.query}" if parts.query else "")
    return url


# --- revisits ---------------------------------------------------------------------------------------


def test_every_304_is_a_revisit_naming_its_capture(archive):
    records = warc_records(archive["out"])
    responses = {(r["uri"], r["date"]): r for r in records if r["type"] == "response"}
    revisits = [r for r in records if r["type"] == "revisit"]
    not_modified = archive["second_stats"]["vkscrawl/articles_not_modified"]
    assert not_modified >= fixture_counts().items and len(revisits) == not_modified
    assert not any(r["type"] == "response" and r["status"] == "304" for r in records)
    for revisit in revisits:
        warc = revisit["warc"]
        assert warc.get_header("WARC-Profile") == SERVER_NOT_MODIFIED
        refers = (warc.get_header("WARC-Refers-To-Target-URI"),
                  warc.get_header("WARC-Refers-To-Date"))
        original = responses[refers]  # the capture it names exists, as named
        assert original["status"] == "200" and refers[0] == revisit["uri"]
        assert original["date"] < revisit["date"]
        assert warc.get_header("WARC-Payload-Digest") == \
            original["warc"].get_header("WARC-Payload-Digest")
        assert revisit["body"] == b""  # a 304 has no payload: the original's stands
        # The 304 as received is the record's block: its status line and the server's headers
        # (its Date, the ETag it confirmed), as the Content-Type application/http says.
        assert warc.get_header("Content-Type") == "application/http; msgtype=response"
        http = revisit["http"]
        assert http is not None and http.get_statuscode() == "304", revisit["uri"]
        assert http.protocol.startswith("HTTP/1.") and http.statusline == "304 Not Modified"
        assert http.get_header("ETag") == original["http"].get_header("ETag") != None
        assert http.get_header("Date") and http.get_header("Server")
        assert int(warc.get_header("Content-Length")) == len(http.to_bytes())
        # And the conditional request that got it.
        [request] = [r for r in records if r["type"] == "request"
                     and r["warc"].get_header("WARC-Concurrent-To") == revisit["id"]]
        assert request["http"].get_header("If-None-Match")


def test_warcio_check_accepts_the_snapshots(archive):
    files = sorted((archive["out"] / "snapshots").glob("*.warc.gz"))
    proc = subprocess.run([str(BIN / "warcio"), "check", "-v", *map(str, files)],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout[-2000:]
    assert "digest present but not checked (revisit)" in proc.stdout


def test_reparse_reads_revisits_as_not_modified_and_jobs_agree(archive, tmp_path):
    files = sorted((archive["out"] / "snapshots").glob("*.warc.gz"))
    outputs = []
    for jobs in ("1", "2"):
        target = tmp_path / f"jobs{jobs}.jsonl"
        proc = subprocess.run([str(BIN / "vkscrawl"), "reparse", "--strict", "--jobs", jobs,
                               "-o", str(target), *map(str, files)],
                              capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        outputs.append(target.read_bytes())
        revisits = sum(int(n) for n in re.findall(r"(\d+) revisits\)", proc.stderr))
        assert revisits == archive["second_stats"]["vkscrawl/articles_not_modified"]
        assert re.findall(r", (\d+) torn", proc.stderr) == ["0"] * len(files)
    assert outputs[0] == outputs[1]
    rebuilt = {item["article_id"]: item for item in map(json.loads, outputs[0].splitlines())}
    feed = latest_items(archive["out"])
    # A revisit writes nothing and rejects nothing: the rebuild is the crawl's feed.
    assert rebuilt == feed


# --- page requisites --------------------------------------------------------------------------------


def test_images_of_every_written_article_are_archived_once(archive):
    records = warc_records(archive["out"])
    origin = archive["origin"]
    wanted = {on_host(image["url"], origin) for item in latest_items(archive["out"]).values()
              for image in item["images"]}
    assert len(wanted) >= 20
    image_responses = [r for r in records if r["type"] == "response"
                       and "/Uploads/" in (r["uri"] or "")]
    fetched = [r["uri"] for r in image_responses]
    assert sorted(fetched) == sorted(wanted)  # each once, over both runs
    for record in image_responses:
        assert record["status"] == "200"
        assert record["body"] == upload_jpeg(unquote(urlsplit(record["uri"]).path))
    first, second = archive["first_stats"], archive["second_stats"]
    assert first["vkscrawl/images/archived"] == len(wanted)
    assert "vkscrawl/images/requested" not in second  # nothing left to fetch
    status = subprocess.run([str(BIN / "vkscrawl"), "status", "--json", str(archive["out"])],
                            capture_output=True, text=True, timeout=60)
    images = json.loads(status.stdout)["images"]
    assert images["archived"] == len(wanted) and images["pending"] == images["failed"] == 0


def test_image_failures_are_counted_retried_and_never_fail_the_run(tmp_path, fixtures_copy):
    """Images that fail (500) are warnings and ledger entries; the next run fetches them."""
    import threading

    from vkscrawl.offline.server import PortalHandler, ServerThread as PortalThread, make_server

    class FailingUploads(PortalHandler):
        def respond(self, send_body):
            if self.path.startswith("/Uploads/") and self.server.failing.is_set():
                self.send(500, {"Content-Type": "text/plain"}, b"down", send_body)
            else:
                self.send_page(send_body)

    failing = threading.Event()
    failing.set()
    server = make_server(fixtures_copy, handler=FailingUploads, quiet=True, failing=failing)
    out = tmp_path / "out"
    with PortalThread(server=server) as url:
        first = run_crawl(url, out, "-s", 'SPIDERMON_UNWANTED_HTTP_CODES={"500": 1000}')
        assert first.returncode == 0, first.stderr[-3000:]
        stats = first.stats
        failed = stats["vkscrawl/images/failed"]
        assert failed >= 20 and "vkscrawl/images/archived" not in stats
        assert stats["vkscrawl/items_written"] == fixture_counts().items
        image_lines = [line for line in first.stderr.splitlines() if "Image http" in line]
        assert len(image_lines) == failed and all("WARNING" in line for line in image_lines)
        run = json.loads((out / "runs.jsonl").read_text().splitlines()[-1])
        assert run["exit_status"] == 0 and run["counts"]["images_failed"] == failed
        assert run["images"]["failed"] == failed and run["images"]["given_up"] == 0
        # The next run tries them again (the articles' backoff); a second failure with
        # VKSCRAWL_MAX_ATTEMPTS=2 gives them up.
        second = run_crawl(url, out, "-s", 'SPIDERMON_UNWANTED_HTTP_CODES={"500": 1000}',
                           "-s", "VKSCRAWL_MAX_ATTEMPTS=2")
        assert second.returncode == 0, second.stderr[-3000:]
        stats = second.stats
        assert stats["vkscrawl/images/requeued"] == stats["vkscrawl/images/failed"] == failed
        status = subprocess.run([str(BIN / "vkscrawl"), "status", "--json", str(out)],
                                capture_output=True, text=True, timeout=60)
        assert json.loads(status.stdout)["images"]["given_up"] == failed
    # The portal comes back, on another port: the ledger's images are fetched from this run's
    # start host, and their ledger entries (under the URLs first fetched) are the ones settled.
    with PortalThread(fixtures_copy) as url:
        third = run_crawl(url, out)
        assert third.returncode == 0, third.stderr[-3000:]
        assert "vkscrawl/images/requeued" not in third.stats  # given up: left alone
        # full=1 gives given-up images one more chance, as it does articles.
        fourth = run_crawl(url, out, "-a", "full=1")
        assert fourth.returncode == 0, fourth.stderr[-3000:]
        assert fourth.stats["vkscrawl/images/requeued"] == failed
        assert fourth.stats["vkscrawl/images/archived"] == failed
    status = subprocess.run([str(BIN / "vkscrawl"), "status", "--json", str(out)],
                            capture_output=True, text=True, timeout=60)
    images = json.loads(status.stdout)["images"]
    assert images["archived"] == failed and images["failed"] == images["pending"] == 0


def test_images_can_be_switched_off(tmp_path, portal):
    out = tmp_path / "out"
    result = run_crawl(portal, out, "-s", "VKSCRAWL_ARCHIVE_IMAGES=0")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not any("/Uploads/" in (r["uri"] or "") for r in warc_records(out))


# --- the index --------------------------------------------------------------------------------------


def test_index_beside_the_warcs_is_what_cdxj_indexer_makes(archive):
    snapshots = archive["out"] / "snapshots"
    files = sorted(snapshots.glob("*.warc.gz"))
    proc = subprocess.run([str(BIN / "cdxj-indexer"), "--sort", "--records",
                           "response,revisit,resource", *map(str, files)],
                          capture_output=True, text=True, timeout=120, cwd=snapshots)
    assert proc.returncode == 0, proc.stderr
    ours = index_path(snapshots).read_text("utf-8").splitlines()
    assert ours == [line for line in proc.stdout.splitlines() if line]
    assert ours == [line.rstrip("\n") for line in index_lines(files, snapshots)]
    revisits = [json.loads(line.split(" ", 2)[2]) for line in ours
                if '"mime": "warc/revisit"' in line]
    assert len(revisits) == archive["second_stats"]["vkscrawl/articles_not_modified"]
    assert {entry.get("status") for entry in revisits} == {"304"}  # index tools see the 304


# --- WACZ -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def wacz_file(archive, tmp_path_factory):
    target = tmp_path_factory.mktemp("wacz") / "collection.wacz"
    proc = subprocess.run([str(BIN / "vkscrawl"), "wacz", "-o", str(target),
                           str(archive["out"])], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return target


def test_wacz_validates_and_lists_every_article(archive, wacz_file):
    proc = subprocess.run([str(BIN / "wacz"), "validate", "-f", str(wacz_file)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0 and "is valid" in proc.stdout, proc.stdout + proc.stderr
    with zipfile.ZipFile(wacz_file) as wacz:
        names = set(wacz.namelist())
        pages = [json.loads(line) for line in
                 wacz.read("pages/pages.jsonl").decode().splitlines()[1:]]
    warcs = sorted(p.name for p in (archive["out"] / "snapshots").glob("*.warc.gz"))
    assert {f"archive/{name}" for name in warcs} <= names
    assert {"indexes/index.cdx.gz", "datapackage.json", "datapackage-digest.json"} <= names
    feed = latest_items(archive["out"])
    assert {p["title"] for p in pages} == {item["title"] for item in feed.values()}
    assert len(pages) == len(feed)


def test_wacz_says_how_far_it_got_how_fast_and_what_is_left(archive, tmp_path):
    """Progress on stderr: the article pages read (a line every N with VKSCRAWL_PROGRESS_EVERY,
    else at most every few seconds), with their rate and the pages left; then the packing, with
    the files and bytes it has to do, and its rate."""
    target = tmp_path / "progress.wacz"
    pages = len(latest_items(archive["out"]))
    warcs = sorted((archive["out"] / "snapshots").glob("*.warc.gz"))
    size = sum(w.stat().st_size for w in warcs)
    proc = subprocess.run([str(BIN / "vkscrawl"), "wacz", "-o", str(target), str(archive["out"])],
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "VKSCRAWL_PROGRESS_EVERY": "5"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stderr.splitlines()
    steps = [re.fullmatch(r"vkscrawl wacz: (\d+) article pages read; (\d+) pages/s, "
                          r"(\d+) of (\d+) pages left", line) for line in lines]
    steps = [m for m in steps if m]
    assert [int(m.group(1)) for m in steps] == list(range(5, pages + 1, 5)), lines
    assert [int(m.group(3)) for m in steps] == [pages - n for n in range(5, pages + 1, 5)]
    assert all(int(m.group(2)) > 0 and int(m.group(4)) == pages for m in steps)
    assert f"vkscrawl wacz: packing {len(warcs)} WARC file(s), {size / 1e6:.2f} MB: indexing " \
           f"and zipping" in lines, lines
    assert any(re.fullmatch(r"vkscrawl wacz: packed in [\d.]+ s \([\d.]+ MB/s\); checking the "
                            r"WACZ \([\d.]+ MB\)", line) for line in lines), lines
    assert lines[-1].startswith(f"vkscrawl wacz: wrote {target}")
    bad = subprocess.run([str(BIN / "vkscrawl"), "wacz", "-o", str(tmp_path / "bad.wacz"),
                          str(archive["out"])], capture_output=True, text=True, timeout=300,
                         env={**os.environ, "VKSCRAWL_PROGRESS_EVERY": "0"})
    assert bad.returncode == 2 and len(bad.stderr.splitlines()) == 1, bad.stderr
    assert "VKSCRAWL_PROGRESS_EVERY" in bad.stderr and not (tmp_path / "bad.wacz").exists()


def test_wacz_packs_a_folder_whose_feed_has_a_torn_last_line(archive, tmp_path):
    """FEED.md: a reader skips a partial last line (a crash's); `status` and the next crawl
    accept such a folder, and so does `wacz`: the complete lines give the pages, the torn one is
    named in a warning, and the feed is left as it was (the next crawl cuts it off)."""
    import shutil

    out = tmp_path / "out"
    shutil.copytree(archive["out"], out)
    feed = out / "local_news.jsonl"
    whole = feed.read_bytes()
    torn = whole + whole[:57]  # the start of a line, no newline: what a crash mid-write leaves
    feed.write_bytes(torn)
    target = tmp_path / "torn.wacz"
    proc = subprocess.run([str(BIN / "vkscrawl"), "wacz", "-o", str(target), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "partial last line" in proc.stderr and "57 bytes" in proc.stderr, proc.stderr
    assert feed.read_bytes() == torn
    with zipfile.ZipFile(target) as wacz:
        pages = [json.loads(line) for line in
                 wacz.read("pages/pages.jsonl").decode().splitlines()[1:]]
    assert {p["title"] for p in pages} == {i["title"] for i in latest_items(archive["out"]).values()}
    # A broken line that is not the last one is no crash's doing: refused, naming it.
    lines = whole.splitlines(keepends=True)
    feed.write_bytes(lines[0] + b'{"article_id": 1, "tit\n' + b"".join(lines[1:]))
    proc = subprocess.run([str(BIN / "vkscrawl"), "wacz", "-o", str(target), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "line 2" in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr


def test_wacz_bad_input_changes_nothing(archive, tmp_path):
    vkscrawl = str(BIN / "vkscrawl")
    existing = tmp_path / "kept.wacz"
    existing.write_bytes(b"old")
    for argv, names in (
            (["-o", str(tmp_path / "a.wacz"), str(tmp_path / "nowhere")], "OUTPUT_DIR"),
            (["-o", str(tmp_path / "a.wacz"), str(tmp_path)], "no snapshots"),
            (["-o", str(tmp_path / "no" / "a.wacz"), str(archive["out"])], "-o"),
            (["-o", str(tmp_path), str(archive["out"])], "folder"),
    ):
        proc = subprocess.run([vkscrawl, "wacz", *argv], capture_output=True, text=True,
                              timeout=60)
        assert proc.returncode == 2, proc.stderr
        assert len(proc.stderr.strip().splitlines()) == 1 and names in proc.stderr
    # A file a crawl is writing (or a killed crawl left) is not packed.
    warc = sorted((archive["out"] / "snapshots").glob("*.warc.gz"))[-1]
    lock = warc.with_name(warc.name + ".lock")
    lock.write_text("pid 1")
    try:
        proc = subprocess.run([vkscrawl, "wacz", "-o", str(existing), str(archive["out"])],
                              capture_output=True, text=True, timeout=60)
    finally:
        lock.unlink()
    assert proc.returncode == 2 and "being written" in proc.stderr, proc.stderr
    assert existing.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.wacz"]


# --- replay in pywb ---------------------------------------------------------------------------------


#: pywb, in an environment of its own (its pins would downgrade the crawler's TLS stack).
PYWB = "pywb>=2.10"


@cache
def pywb_bin() -> Path:
    """pywb's scripts folder: ``VKSCRAWL_PYWB_BIN``, this environment's own, or an environment
    made on first use outside the checkout and reused by later runs (``support.environments``)."""
    for folder in (os.environ.get("VKSCRAWL_PYWB_BIN"), BIN):
        if folder and (Path(folder) / "wayback").exists():
            return Path(folder)
    try:
        return ready_environment("pywb", [PYWB]) / "bin"
    except RuntimeError as error:
        pytest.fail(f"cannot install {PYWB}: {error}")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Wayback:
    """pywb's ``wayback`` on 127.0.0.1, run in ``root`` (its config.yaml or collections/)."""

    def __init__(self, root: Path):
        self.port = free_port()
        self.proc = subprocess.Popen([str(pywb_bin() / "wayback"), "-b", "127.0.0.1", "-p",
                                      str(self.port)], cwd=root, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while True:  # until it accepts connections (or dies)
            if self.proc.poll() is not None:
                raise AssertionError(f"wayback exited: {self.proc.stderr.read()[-2000:]}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)

    def get(self, path: str) -> tuple[int, dict, bytes]:
        try:
            with urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


class Images(HTMLParser):
    def __init__(self):
        super().__init__()
        self.srcs = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.srcs.extend(value for name, value in attrs if name == "src" and value)


def timestamp14(warc_date: str) -> str:
    return re.sub(r"\D", "", warc_date)[:14]


def check_replay(wayback: Wayback, collection: str, archive: dict) -> int:
    """Every article of the feed, at the capture its item was written from (the ``response``
    record its ``snapshot`` names): 200, its title, each of its images 200 with the bytes the
    portal served. Returns how many images were checked."""
    records = warc_records(archive["out"])
    captured = {(r["file"], r["offset"]): r["date"] for r in records if r["type"] == "response"}
    checked = 0
    origin = archive["origin"]
    for item in latest_items(archive["out"]).values():
        snapshot = item["snapshot"]
        when = timestamp14(captured[(Path(snapshot["file"]).name, snapshot["offset"])])
        status, headers, body = wayback.get(f"/{collection}/{when}mp_/{item['source_url']}")
        assert status == 200, (item["source_url"], status)
        memento = headers.get("Memento-Datetime")
        assert memento, headers
        # NFC: one fixture page is stored decomposed (NFD); its item is composed.
        html = unicodedata.normalize("NFC", body.decode("utf-8"))
        assert re.search(r"<title>\s*" + re.escape(item["title"]), html), item["source_url"]
        parser = Images()
        parser.feed(html)
        wanted = {on_host(image["url"], origin) for image in item["images"]}
        replayed = set()
        for src in parser.srcs:
            match = re.search(r"/\d*im_/(https?://.+)$", src)
            if not match or "/Uploads/" not in match.group(1):
                continue
            original = match.group(1)
            # The page of fixture 03 names the live host; the mirror crawl fetched those images
            # from the mirror (the spider maps the live host to the start host), so they are
            # replayed under the URL fetched.
            fetched = on_host(original, origin)
            prefix = src[:match.start(1)]
            if prefix.startswith(("http://", "https://")):  # pywb wrote it absolute
                prefix = prefix.split("/", 3)[3] if prefix.count("/") >= 3 else prefix
                prefix = "/" + prefix.lstrip("/")
            path = prefix + fetched
            status, headers, data = wayback.get(path)
            assert status == 200, (src, status)
            assert data == upload_jpeg(unquote(urlsplit(fetched).path)), src
            replayed.add(fetched)
            checked += 1
        assert replayed == wanted, (item["article_id"], wanted - replayed)
    return checked


@pytest.mark.install
def test_pywb_replays_every_article_with_its_images_from_the_folder(archive, tmp_path):
    """The folder as the crawl left it: its WARCs and the index beside them, no re-index."""
    snapshots = archive["out"] / "snapshots"
    (tmp_path / "config.yaml").write_text(
        f"collections:\n  vks:\n    index_paths: {snapshots / 'index.cdxj'}\n"
        f"    archive_paths: {snapshots}/\n", "utf-8")
    wayback = Wayback(tmp_path)
    try:
        assert check_replay(wayback, "vks", archive) >= 20
        # The latest capture of an unchanged article is its revisit: pywb (2.10) replays a
        # revisit whose own status is a 3xx as that status, so it serves the 304 as archived,
        # with the revisit's date; the page is at the capture the revisit names (above).
        item = next(iter(latest_items(archive["out"]).values()))
        status, headers, body = wayback.get(f"/vks/mp_/{item['source_url']}")
        revisit_dates = sorted(r["date"] for r in warc_records(archive["out"])
                               if r["type"] == "revisit" and r["uri"] == item["source_url"])
        assert revisit_dates, item["source_url"]
        from email.utils import format_datetime
        from datetime import datetime

        latest = datetime.fromisoformat(revisit_dates[-1].replace("Z", "+00:00"))
        assert headers["Memento-Datetime"] == format_datetime(latest.replace(microsecond=0),
                                                              usegmt=True)
        assert status == 304 and body == b"", (status, body[:200])
    finally:
        wayback.stop()


@pytest.mark.install
def test_pywb_replays_every_article_with_its_images_from_the_wacz(archive, wacz_file, tmp_path):
    manager = pywb_bin() / "wb-manager"
    for argv in (["init", "vksz"], ["add", "--unpack-wacz", "vksz", str(wacz_file)]):
        proc = subprocess.run([str(manager), *argv], cwd=tmp_path, capture_output=True,
                              text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
    wayback = Wayback(tmp_path)
    try:
        assert check_replay(wayback, "vksz", archive) >= 20
    finally:
        wayback.stop()
