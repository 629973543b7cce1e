"""Writing snapshots: WARC/1.1 files, one gzip member per record, appended crash-safely.

A record group (a response and its request) is built in memory, then appended with one ``write``
and ``fsync``'ed before the response goes on to the spider, so an item never points at a record
that is not on disk. While a file is being written, a lock file ``<name>.warc.gz.lock`` sits beside
it (holding an advisory ``flock`` while its writer lives); a clean close removes it. A kill -9
therefore leaves at most one torn gzip member at the end of one file, which WARC readers stop at.
The next writer that opens the same folder finds lock files that no live process holds, cuts each
such file back to its last complete gzip member (whole records are never touched), and removes the
lock. ``repair_snapshots`` does the same on demand.

Every file starts with a ``warcinfo`` record. A run writes new files (never appends to an older
one) and starts another file when the next record group would push the current one past
``max_size``.
"""

from __future__ import annotations

import logging
import os
import re
import socket
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from io import BytesIO
from pathlib import Path

from warcio.recordbuilder import RecordBuilder
from warcio.warcwriter import WARCWriter

try:  # POSIX advisory locks; without them (Windows) every lock file found at start counts as stale.
    import fcntl
except ImportError:  # pragma: no cover
    fcntl = None

from vkscrawl.archive.records import build_exchange, build_revisit
from vkscrawl.config import DEFAULTS

logger = logging.getLogger(__name__)

WARC_SUFFIX = ".warc.gz"
LOCK_SUFFIX = ".lock"
#: Where the bytes cut from a damaged (not merely torn) tail are kept, never thrown away.
TORN_SUFFIX = ".torn"

def safe_prefix(prefix: str | None) -> str:
    """A file-name prefix made of ``[A-Za-z0-9._-]`` only (never a path, never a URL)."""
    cleaned = re.sub(r"[^A-Za-z0-9._-]+", "-", prefix or "").strip(".-")
    return cleaned or DEFAULTS.warc_prefix



@dataclass
class Capture:
    """Where a response (or the revisit record of a 304) was written."""

    file: str  #: relative to the writer's ``relative_to`` (POSIX form)
    offset: int  #: of the response or revisit record
    date: str  #: its WARC-Date
    #: WARC-Payload-Digest of the response record (for a revisit: that of the capture it names)
    payload_digest: str | None
    revisit: bool = False


@dataclass
class RepairReport:
    path: Path
    kept: int
    cut: int
    removed: bool = False
    saved_to: Path | None = None


def complete_prefix(path: Path, members: list[int] | None = None) -> tuple[int, bool]:
    """(end of the last complete gzip member, whether what follows is just a torn member).

    Reads the file front to back with zlib (which checks each member's CRC and length); never
    holds more than a block of input or output in memory. ``members``, when given, receives the
    start offset of every complete member (where ``reparse --jobs`` may split the file).
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
                    if members is not None:
                        members.append(good)
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

    def __init__(self, directory: str | Path, *, prefix: str = DEFAULTS.warc_prefix,
                 max_size: int = DEFAULTS.warc_max_size, info: dict | None = None,
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
        capture = self.write_capture(request, response)
        return capture.file, capture.offset, capture.date

    def write_capture(self, request, response, refers_to: dict | None = None) -> Capture:
        """Write a Scrapy response and its request; a 304 answer to a request whose validators
        came from a known capture (``refers_to``: its ``uri``, ``date`` and ``digest``) is
        written as a revisit record referring to it (``records.build_revisit``)."""
        if response.status == 304 and refers_to and all(
                refers_to.get(key) for key in ("uri", "date", "digest")):
            req_record, main = build_revisit(self.records, request, response, refers_to)
        else:
            req_record, main = build_exchange(self.records, request, response)
        records = [main, req_record]
        # What warcio's write_request_response_pair does: the response first, then its request,
        # sharing the response's URI and date, pointing at it with WARC-Concurrent-To.
        date = main.rec_headers.get_header("WARC-Date")
        req_record.rec_headers.replace_header("WARC-Date", date)
        req_record.rec_headers.add_header(
            "WARC-Concurrent-To", main.rec_headers.get_header("WARC-Record-ID"))
        file, offsets = self.write(records)
        return Capture(file, offsets[0], date, main.rec_headers.get_header("WARC-Payload-Digest"),
                       revisit=main.rec_type == "revisit")

    def relative_path(self, path: Path) -> str:
        try:
            return path.relative_to(self.relative_to).as_posix()
        except ValueError:
            return str(path)

    def close(self) -> None:
        self._close_current()
