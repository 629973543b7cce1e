"""Raw snapshots: every HTTP response of a crawl, as WARC/1.1 files, and reading them back.

Writing
    ``SnapshotMiddleware`` (a downloader middleware placed next to the downloader, above
    HttpCompression, Redirect and Retry) sees every response as received: robots.txt, listing
    pages, articles, redirects, 404s and 500s, the body still compressed if the server compressed
    it. For each it writes a ``response`` record (real status line, every header including repeated
    ones, the body bytes) and the ``request`` record that asked for it (linked by
    ``WARC-Concurrent-To``), each record its own gzip member, into
    ``<VKSCRAWL_OUTPUT_DIR>/snapshots/<prefix>-<UTC timestamp>-<serial>.warc.gz``, and tells the
    spider where the response record is (``request.meta["vkscrawl_snapshot"]``) and when it was
    received (``request.meta["vkscrawl_fetched_at"]``, the record's WARC-Date to the second).

    Every file starts with a ``warcinfo`` record. A run writes new files (never appends to an older
    one) and starts another file when the next record would push the current one past
    ``VKSCRAWL_WARC_MAX_SIZE``.

Crash safety
    A record pair is built in memory, then appended with one ``write`` and ``fsync``'ed before the
    response goes on to the spider, so an item never points at a record that is not on disk.
    While a file is being written, a lock file ``<name>.warc.gz.lock`` sits beside it (holding an
    advisory ``flock`` while its writer lives); a clean close removes it. A kill -9 therefore
    leaves at most one torn gzip member at the end of one file, which WARC readers stop at. The
    next crawl that starts on the same output folder finds lock files that no live process holds,
    cuts each such file back to its last complete gzip member (whole records are never touched),
    and removes the lock. ``repair_snapshots`` does the same on demand.

Reading
    ``iter_responses`` / ``read_response_at`` yield ``SnapshotResponse`` objects (file, offset,
    target URI, status, headers, decoded body, WARC-Date), read with warcio's ``ArchiveIterator``.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import sys
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from importlib import metadata
from io import BytesIO
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit, urlunsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

try:  # POSIX advisory locks; without them (Windows) every lock file found at start counts as stale.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

from vkscrawl import __version__

logger = logging.getLogger(__name__)

SNAPSHOT_DIR = "snapshots"
WARC_SUFFIX = ".warc.gz"
LOCK_SUFFIX = ".lock"
#: Where the bytes cut from a damaged (not merely torn) tail are kept, never thrown away.
TORN_SUFFIX = ".torn"
META_KEY = "vkscrawl_snapshot"
FETCHED_AT_KEY = "vkscrawl_fetched_at"
DEFAULT_MAX_SIZE = 1024 ** 3
DEFAULT_PREFIX = "vkscrawl"
DEFAULT_DESCRIPTION = ("Raw HTTP traffic of vkscrawl, a crawler of the category "
                       "'Tin hoạt động VKSND địa phương' of vksndtc.gov.vn")
WARC_1_1_SPEC = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
#: Request headers whose values are credentials: archived as this placeholder.
REDACTED_HEADERS = (b"authorization", b"proxy-authorization")
REDACTED = "[redacted by vkscrawl]"


def _version(dist: str) -> str:
    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def software() -> str:
    return (f"vkscrawl/{__version__} (Scrapy/{_version('scrapy')}; warcio/{_version('warcio')}; "
            f"Python/{sys.version.split()[0]})")


def safe_prefix(prefix: str | None) -> str:
    """A file-name prefix made of ``[A-Za-z0-9._-]`` only (never a path, never a URL)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", prefix or "").strip(".-")
    return cleaned or DEFAULT_PREFIX


def warc_date_to_z(value: str) -> str:
    """``2024-03-05T01:15:00.123456Z`` -> ``2024-03-05T01:15:00Z`` (the feed's fetched_at form)."""
    match = re.match(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})", value or "")
    if not match:
        raise ValueError(f"not a WARC-Date: {value!r}")
    return match.group(1) + "Z"


# --- records ----------------------------------------------------------------------------------


class RawHeaders(StatusAndHeaders):
    """HTTP headers written byte for byte as received.

    warcio would %-encode header values that are not ASCII; these are kept as the server sent
    them (held as latin-1 text, which maps every byte to one character and back).
    """

    def compute_headers_buffer(self, header_filter=None):
        self.headers_buff = self.to_str(header_filter).encode("latin-1", "replace") + b"\r\n"


def _text(value: bytes | str) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)


def header_list(headers, redact: tuple[bytes, ...] = ()) -> list[tuple[str, str]]:
    """Scrapy ``Headers`` -> [(name, value)], every value of a repeated header kept, in order."""
    out = []
    for name in headers.keys():
        redacted = name.lower() in redact
        for value in headers.getlist(name):
            out.append((_text(name), REDACTED if redacted else _text(value)))
    return out


def status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return str(status)


def http_protocol(protocol: str | None) -> str:
    if not protocol:
        return "HTTP/1.1"
    if protocol.lower() in ("h2", "http/2", "http/2.0"):
        return "HTTP/2"
    return protocol if protocol.upper().startswith("HTTP/") else "HTTP/1.1"


def target_uri(url: str) -> str:
    """The URL as fetched, without its fragment (never sent to the server)."""
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ""))


def build_exchange(builder: RecordBuilder, request, response):
    """The (request, response) warcio records of one Scrapy exchange."""
    uri = target_uri(response.url)
    protocol = http_protocol(getattr(response, "protocol", None))

    http_headers = RawHeaders(status_line(response.status), header_list(response.headers),
                              protocol=protocol)
    body = response.body or b""
    resp_record = builder.create_warc_record(uri, "response", payload=BytesIO(body),
                                            length=len(body), http_headers=http_headers)
    ip_address = getattr(response, "ip_address", None)
    if ip_address is not None:
        resp_record.rec_headers.add_header("WARC-IP-Address", str(ip_address))
    if "dataloss" in (response.flags or []):
        resp_record.rec_headers.add_header("WARC-Truncated", "disconnect")

    req_uri = target_uri(request.url)
    parts = urlsplit(req_uri)
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    req_headers = header_list(request.headers, redact=REDACTED_HEADERS)
    if not any(name.lower() == "host" for name, _ in req_headers):
        # Sent by the download handler from the URL, not carried by the Scrapy request.
        req_headers.insert(0, ("Host", parts.netloc.rsplit("@", 1)[-1]))
    # Twisted's HTTP/1.1 client always asks in HTTP/1.1, whatever version the server answers.
    req_protocol = "HTTP/2" if protocol == "HTTP/2" else "HTTP/1.1"
    req_http = RawHeaders(f"{request.method} {path} {req_protocol}", req_headers,
                          is_http_request=True)
    req_body = request.body or b""
    req_record = builder.create_warc_record(req_uri, "request", payload=BytesIO(req_body),
                                           length=len(req_body), http_headers=req_http)
    return req_record, resp_record


# --- the writer -------------------------------------------------------------------------------


@dataclass
class RepairReport:
    path: Path
    kept: int
    cut: int
    removed: bool = False
    saved_to: Path | None = None


def complete_prefix(path: Path) -> tuple[int, bool]:
    """(end of the last complete gzip member, whether what follows is just a torn member).

    Reads the file front to back with zlib (which checks each member's CRC and length); never
    holds more than a block of input or output in memory.
    """
    good = 0
    pos = 0
    decomp = None
    block = 1 << 20
    with open(path, "rb") as f:
        while True:
            data = f.read(block)
            if not data:
                # EOF: a member still open means a torn tail; nothing pending means a clean end.
                return good, True
            while data:
                if decomp is None:
                    decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
                try:
                    decomp.decompress(data, block)
                    while decomp.unconsumed_tail and not decomp.eof:
                        decomp.decompress(decomp.unconsumed_tail, block)
                except zlib.error:
                    return good, False
                if decomp.eof:
                    used = len(data) - len(decomp.unused_data)
                    pos += used
                    good = pos
                    data = decomp.unused_data
                    decomp = None
                else:
                    pos += len(data)
                    data = b""


def repair_warc(path: str | Path) -> RepairReport:
    """Cut a WARC file back to its last complete gzip member (the tail a crash can tear).

    Complete records are never touched. If the bytes past the last complete member are not the
    beginning of a gzip member (damage, not a torn write), they are moved to ``<file>.torn``
    instead of being dropped. A file left with no complete member at all is removed.
    """
    path = Path(path)
    size = path.stat().st_size
    good, torn = complete_prefix(path)
    report = RepairReport(path, kept=good, cut=size - good)
    if good == size:
        return report
    if not torn:
        saved = path.with_name(path.name + TORN_SUFFIX)
        with open(path, "rb") as src, open(saved, "wb") as dst:
            src.seek(good)
            while chunk := src.read(1 << 20):
                dst.write(chunk)
            dst.flush()
            os.fsync(dst.fileno())
        report.saved_to = saved
    if good == 0:
        path.unlink()
        report.removed = True
    else:
        with open(path, "rb+") as f:
            f.truncate(good)
            f.flush()
            os.fsync(f.fileno())
    _fsync_dir(path.parent)
    return report


def _fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - not possible on every platform
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _try_lock(fd: int) -> bool:
    """Take the advisory lock without waiting; False when another live process holds it."""
    if fcntl is None:  # pragma: no cover
        return True
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except BlockingIOError:
        return False
    except OSError as error:  # e.g. a filesystem without flock: go on without the lock
        logger.warning("Snapshots: cannot lock files here (%s); do not run two crawls on the same "
                       "output folder at once", error)
        return True


def repair_snapshots(directory: str | Path) -> list[RepairReport]:
    """Repair the files that crashed writers left in ``directory`` (see ``repair_warc``)."""
    directory = Path(directory)
    reports = []
    if not directory.is_dir():
        return reports
    for lock in sorted(directory.glob("*" + WARC_SUFFIX + LOCK_SUFFIX)):
        try:
            fd = os.open(lock, os.O_RDWR)
        except FileNotFoundError:
            continue  # another process repaired it meanwhile
        try:
            if not _try_lock(fd):
                continue  # a live crawl is writing this file
            warc = lock.with_name(lock.name[: -len(LOCK_SUFFIX)])
            if warc.exists():
                report = repair_warc(warc)
                reports.append(report)
                if report.cut:
                    logger.warning(
                        "Snapshots: %s was left open by an interrupted run: cut %d torn byte(s) "
                        "after its last complete record%s%s", warc, report.cut,
                        f" (saved to {report.saved_to.name})" if report.saved_to else "",
                        "; it held no complete record and was removed" if report.removed else "")
                else:
                    logger.info("Snapshots: %s was left open by an interrupted run; all its "
                                "records are complete", warc)
            try:
                lock.unlink()
            except FileNotFoundError:
                pass
            _fsync_dir(directory)
        finally:
            os.close(fd)
    return reports


class SnapshotWriter:
    """Appends WARC record groups to ``<directory>/<prefix>-<timestamp>-<serial>.warc.gz`` files.

    Opening a writer repairs the files crashed writers left in the directory. Files are created
    on the first write and rotated when the next group would push one past ``max_size``.
    ``relative_to`` is the folder the reported file paths are relative to (the output folder).
    """

    def __init__(self, directory: str | Path, *, prefix: str = DEFAULT_PREFIX,
                 max_size: int = DEFAULT_MAX_SIZE, info: dict | None = None,
                 relative_to: str | Path | None = None, repair: bool = True):
        if not isinstance(max_size, int) or max_size <= 0:
            raise ValueError(f"max_size must be a positive number of bytes, got {max_size!r}")
        self.directory = Path(directory)
        self.prefix = safe_prefix(prefix)
        self.max_size = max_size
        self.info = dict(info or {})
        self.relative_to = Path(relative_to) if relative_to is not None else self.directory.parent
        self.records = RecordBuilder(warc_version="WARC/1.1")
        self.serial = 0
        self.path: Path | None = None
        self.fd: int | None = None
        self.lock_fd: int | None = None
        self.size = 0
        self.header_size = 0
        self.files: list[Path] = []
        self.repaired = repair_snapshots(self.directory) if repair else []

    # --- files ---

    def _open_next(self) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        while True:
            stamp = datetime.now(timezone.utc).strftime("%Y%m%d%H%M%S%f")[:17]
            name = f"{self.prefix}-{stamp}-{self.serial:05d}{WARC_SUFFIX}"
            self.serial += 1
            path = self.directory / name
            lock = path.with_name(name + LOCK_SUFFIX)
            try:
                lock_fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                continue
            try:
                fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o644)
            except FileExistsError:
                os.close(lock_fd)
                lock.unlink()
                continue
            break
        self.path, self.fd, self.lock_fd, self.size = path, fd, lock_fd, 0
        try:
            _try_lock(lock_fd)
            os.write(lock_fd, f"pid {os.getpid()} on {socket.gethostname()} writes {name}\n"
                     .encode())
            warcinfo = self.records.create_warcinfo_record(name, self.info)
            self._append(self._serialise([warcinfo]))
            _fsync_dir(self.directory)
        except OSError:
            # Not even the warcinfo record could be written: leave no file behind.
            for fd_ in (self.fd, self.lock_fd):
                if fd_ is not None:
                    os.close(fd_)
            self.fd = self.lock_fd = self.path = None
            path.unlink(missing_ok=True)
            lock.unlink(missing_ok=True)
            raise
        self.header_size = self.size
        self.files.append(path)
        logger.info("Snapshots: writing %s", path)

    def _close_current(self) -> None:
        if self.fd is None:
            return
        os.fsync(self.fd)
        os.close(self.fd)
        self.fd = None
        lock = self.path.with_name(self.path.name + LOCK_SUFFIX)
        try:
            lock.unlink()
        except FileNotFoundError:  # pragma: no cover
            pass
        os.close(self.lock_fd)
        self.lock_fd = None
        _fsync_dir(self.directory)

    def _serialise(self, records) -> tuple[bytes, list[int]]:
        """The records as gzip members in one buffer, and each record's offset in it."""
        out = BytesIO()
        writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
        offsets = []
        for record in records:
            offsets.append(out.tell())
            writer.write_record(record)
        return out.getvalue(), offsets

    def _append(self, serialised: tuple[bytes, list[int]]) -> list[int]:
        data, offsets = serialised
        start = self.size
        view = memoryview(data)
        try:
            while view:
                written = os.write(self.fd, view)
                view = view[written:]
            os.fsync(self.fd)
        except OSError:
            # Leave no partial group behind in the middle of the file: cut it, or if even that
            # fails, abandon the file (its lock stays, so the next start repairs it).
            try:
                os.ftruncate(self.fd, start)
                os.fsync(self.fd)
            except OSError:
                os.close(self.fd)
                os.close(self.lock_fd)
                self.fd = self.lock_fd = None
            raise
        self.size = start + len(data)
        return [start + offset for offset in offsets]

    # --- API ---

    def write(self, records) -> tuple[str, list[int]]:
        """Append records (e.g. a response and its request) together and durably.

        Returns the file's path relative to ``relative_to`` (POSIX form) and each record's offset.
        """
        serialised = self._serialise(records)
        if self.fd is not None and self.size > self.header_size \
                and self.size + len(serialised[0]) > self.max_size:
            self._close_current()
        if self.fd is None:
            self._open_next()
        offsets = self._append(serialised)
        return self.relative_path(self.path), offsets

    def write_exchange(self, request, response) -> tuple[str, int, str]:
        """Write a Scrapy response and its request.

        Returns (file relative to ``relative_to``, offset of the response record, its WARC-Date).
        """
        req_record, resp_record = build_exchange(self.records, request, response)
        # What warcio's write_request_response_pair does: the response first, then its request,
        # sharing the response's URI and date, pointing at it with WARC-Concurrent-To.
        req_record.rec_headers.replace_header(
            "WARC-Date", resp_record.rec_headers.get_header("WARC-Date"))
        req_record.rec_headers.add_header(
            "WARC-Concurrent-To", resp_record.rec_headers.get_header("WARC-Record-ID"))
        file, offsets = self.write([resp_record, req_record])
        return file, offsets[0], resp_record.rec_headers.get_header("WARC-Date")

    def relative_path(self, path: Path) -> str:
        try:
            return path.relative_to(self.relative_to).as_posix()
        except ValueError:
            return str(path)

    def close(self) -> None:
        self._close_current()


# --- the Scrapy downloader middleware ---------------------------------------------------------

_SIZE = re.compile(r"^\s*(\d+)\s*(?:([kmgt])(?:i?b)?|b)?\s*$", re.IGNORECASE)


def parse_size(value) -> int:
    """``1073741824``, ``"500M"``, ``"1GiB"``, ``"2g"`` -> bytes (binary units); else ValueError."""
    if isinstance(value, int) and not isinstance(value, bool):
        size = value
    else:
        match = _SIZE.match(str(value))
        if not match:
            raise ValueError(value)
        size = int(match.group(1)) * 1024 ** " kmgt".index((match.group(2) or " ").lower())
    if size <= 0:
        raise ValueError(value)
    return size


def settings_problem(settings) -> str | None:
    """Why the snapshot settings cannot be used (one line), or None."""
    raw = settings.get("VKSCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE)
    try:
        parse_size(raw)
    except ValueError:
        return (f"VKSCRAWL_WARC_MAX_SIZE={raw!r}: expected a positive size in bytes "
                f"(1073741824, 500M, 1G)")
    return None


class SnapshotMiddleware:
    """Writes every response the downloader returns, with its request, as WARC records.

    Settings: ``VKSCRAWL_SNAPSHOTS_ENABLED`` (default True), ``VKSCRAWL_WARC_MAX_SIZE`` (bytes,
    default 1 GiB), ``VKSCRAWL_WARC_PREFIX``, ``VKSCRAWL_WARC_DESCRIPTION``,
    ``VKSCRAWL_WARC_OPERATOR``; files go to ``<VKSCRAWL_OUTPUT_DIR>/snapshots/``.

    If a record cannot be written (disk full, folder gone), the crawl is stopped with the finish
    reason ``snapshot_write_failed``: the contract is a snapshot of every page fetched.
    """

    def __init__(self, crawler):
        from scrapy.exceptions import NotConfigured

        settings = crawler.settings
        if not settings.getbool("VKSCRAWL_SNAPSHOTS_ENABLED", True):
            raise NotConfigured("VKSCRAWL_SNAPSHOTS_ENABLED is off")
        problem = settings_problem(settings)
        if problem:
            raise ValueError(problem)
        max_size = parse_size(settings.get("VKSCRAWL_WARC_MAX_SIZE", DEFAULT_MAX_SIZE))
        self.crawler = crawler
        self.output = Path(settings.get("VKSCRAWL_OUTPUT_DIR", "output"))
        self.settings = settings
        self.writer = SnapshotWriter(
            self.output / SNAPSHOT_DIR, prefix=settings.get("VKSCRAWL_WARC_PREFIX", DEFAULT_PREFIX),
            max_size=max_size, relative_to=self.output)
        for report in self.writer.repaired:
            crawler.stats.inc_value("vkscrawl/snapshots/repaired_files")
            crawler.stats.inc_value("vkscrawl/snapshots/repaired_bytes_cut", report.cut)
        self.failed = False

    @classmethod
    def from_crawler(cls, crawler):
        from scrapy import signals

        mw = cls(crawler)
        crawler.signals.connect(mw.close, signal=signals.engine_stopped)
        return mw

    def warcinfo(self) -> dict:
        spider = self.crawler.spider
        settings = self.settings
        return {
            "software": software(),
            "format": "WARC File Format 1.1",
            "conformsTo": WARC_1_1_SPEC,
            "isPartOf": getattr(spider, "name", None),
            "start-url": getattr(spider, "start_url", None),
            "robots": "obey" if settings.getbool("ROBOTSTXT_OBEY") else "ignore",
            "http-header-user-agent": settings.get("USER_AGENT"),
            "operator": settings.get("VKSCRAWL_WARC_OPERATOR") or None,
            "description": settings.get("VKSCRAWL_WARC_DESCRIPTION") or DEFAULT_DESCRIPTION,
        }

    def process_response(self, request, response):
        if self.failed or "cached" in (response.flags or []):
            return response  # a cached response was archived when it was fetched
        if urlsplit(response.url).scheme not in ("http", "https"):
            return response
        if not self.writer.info:
            self.writer.info = self.warcinfo()
        stats = self.crawler.stats
        try:
            file, offset, date = self.writer.write_exchange(request, response)
        except OSError as error:
            self.failed = True
            stats.inc_value("vkscrawl/snapshots/write_errors")
            logger.error("Snapshots: cannot write %s (%s); stopping the crawl, since every page "
                         "fetched must be archived", self.writer.directory, error)
            self._stop("snapshot_write_failed")
            return response
        request.meta[META_KEY] = {"file": file, "offset": offset}
        # The record's WARC-Date in the feed's form: what `vkscrawl reparse` gives as fetched_at.
        request.meta[FETCHED_AT_KEY] = warc_date_to_z(date)
        stats.inc_value("vkscrawl/snapshots/responses")
        stats.set_value("vkscrawl/snapshots/files", len(self.writer.files))
        return response

    def _stop(self, reason: str) -> None:
        from scrapy.utils.defer import deferred_from_coro

        engine = self.crawler.engine
        if engine is not None:
            deferred_from_coro(engine.close_spider_async(reason=reason))

    def close(self) -> None:
        self.writer.close()


# --- reading ----------------------------------------------------------------------------------


@dataclass
class SnapshotResponse:
    file: Path
    offset: int
    target_uri: str
    status: int
    http_headers: StatusAndHeaders
    body: bytes | None  # decoded (chunking and Content-Encoding undone); None if undecodable
    date: str  # WARC-Date as written
    record_id: str
    warc_headers: StatusAndHeaders = field(repr=False, default=None)
    #: The file ends inside this record (a torn write): its body is incomplete.
    truncated: bool = False
    #: False when the record's WARC-Block/Payload-Digest does not match its bytes.
    digest_ok: bool = True

    @property
    def headers(self) -> list[tuple[str, str]]:
        return list(self.http_headers.headers)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.http_headers.get_header(name, default)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")


def _response(path: Path, offset: int, record, body: bool) -> SnapshotResponse:
    status = 0
    if record.http_headers is not None:
        try:
            status = int(record.http_headers.get_statuscode())
        except ValueError:
            status = 0
    data = None
    if body:
        try:
            data = record.content_stream().read()
        except Exception:  # noqa: BLE001 - a body that claims an encoding it does not have
            data = None
    # Drain what decoding left, so the record's length and digests can be checked.
    while record.raw_stream.read(1 << 16):
        pass
    # warcio returns a record cut by the end of the file as a short record, without an error.
    truncated = getattr(record.raw_stream, "limit", 0) > 0
    checker = getattr(record, "digest_checker", None)
    digest_ok = checker is None or checker.passed is not False
    return SnapshotResponse(
        file=path, offset=offset,
        target_uri=record.rec_headers.get_header("WARC-Target-URI"),
        status=status, http_headers=record.http_headers or StatusAndHeaders("", []),
        body=data, date=record.rec_headers.get_header("WARC-Date"),
        record_id=record.rec_headers.get_header("WARC-Record-ID"),
        warc_headers=record.rec_headers, truncated=truncated, digest_ok=digest_ok,
    )


class ResponseReader:
    """Reads one WARC file front to back: yields a ``SnapshotResponse`` for each ``response``
    record and None for every other record, and remembers where reading got to.

    When the file stops being readable (a torn last record, damage), iteration raises what
    warcio raised (``ArchiveLoadFailed``, ``EOFError``, ``zlib.error``, ...) and ``position`` is
    the offset of the record it could not read; everything before it has been yielded.
    """

    def __init__(self, path: str | Path, body: bool = True):
        self.path = Path(path)
        self.body = body
        self._it: ArchiveIterator | None = None

    @property
    def position(self) -> int:
        return self._it.offset if self._it is not None else 0

    def __iter__(self) -> Iterator[SnapshotResponse | None]:
        with open(self.path, "rb") as f:
            self._it = it = ArchiveIterator(f, check_digests=True)
            for record in it:
                # it.offset is the current record's start until the record has been read.
                if record.rec_type == "response":
                    yield _response(self.path, it.offset, record, self.body)
                else:
                    yield None


def iter_responses(path: str | Path, body: bool = True) -> Iterator[SnapshotResponse]:
    """Every ``response`` record of a WARC file, in file order (see ``ResponseReader``)."""
    for response in ResponseReader(path, body):
        if response is not None:
            yield response


def read_response_at(path: str | Path, offset: int, body: bool = True) -> SnapshotResponse:
    """The record at ``offset`` of a WARC file (what an item's ``snapshot`` points at).

    Raises ``ValueError`` if the record there is not a ``response`` record.
    """
    path = Path(path)
    with open(path, "rb") as f:
        f.seek(offset)
        it = ArchiveIterator(f, check_digests=True)
        record = next(it)
        if record.rec_type != "response":
            raise ValueError(f"{path} at {offset} is a {record.rec_type} record, not a response")
        return _response(path, offset, record, body)


def check_warc(path: str | Path) -> str | None:
    """Why ``path`` cannot be read as a WARC file (a short phrase), or None.

    Reads the first record only.
    """
    path = Path(path)
    if not path.exists():
        return "no such file"
    if path.is_dir():
        return "a folder, not a WARC file"
    try:
        with open(path, "rb") as f:
            if not f.read(1):
                return "empty, not a WARC file"
            f.seek(0)
            it = ArchiveIterator(f)
            record = next(it, None)
            if record is None or record.format != "warc":
                return "not a WARC file"
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, UnicodeDecodeError,
            AttributeError, TypeError, IndexError, KeyError):  # warcio's ways of failing on junk
        return "not a WARC file"
    return None
