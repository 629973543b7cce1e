"""Reading snapshots back: the response records of a WARC file, with their offsets.

``iter_responses`` / ``read_response_at`` yield ``SnapshotResponse`` objects (file, offset, target
URI, status, headers, decoded body, WARC-Date), read with warcio's ``ArchiveIterator``. A revisit
record of the server-not-modified profile (how the crawl archives a 304) is read as what it
stands for: a 304 answer (``revisit`` True, the 304's headers when the record keeps them, no
body), which the one path reads as "not modified".
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path
from typing import Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders


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
    #: A revisit record standing for a 304 (server-not-modified profile).
    revisit: bool = False

    @property
    def headers(self) -> list[tuple[str, str]]:
        return list(self.http_headers.headers)

    def header(self, name: str, default: str | None = None) -> str | None:
        return self.http_headers.get_header(name, default)

    @property
    def content_type(self) -> str | None:
        return self.header("Content-Type")


def is_not_modified(record) -> bool:
    """A revisit record that stands for a 304 answer (WARC 1.1 server-not-modified profile)."""
    if record.rec_type != "revisit":
        return False  # (asked of every request record: its headers are not searched)
    profile = record.rec_headers.get_header("WARC-Profile") or ""
    # Any WARC version's URI of the profile (1.0 and 1.1 name it alike).
    return profile.rstrip("/").endswith("/revisit/server-not-modified")


def _response(path: Path, offset: int, record, body: bool) -> SnapshotResponse:
    status = 0
    if record.rec_type == "revisit":
        status = 304  # what the server-not-modified profile says the server answered
    elif record.http_headers is not None:
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
    if record.rec_type == "revisit":
        data = b"" if body else None
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
        revisit=record.rec_type == "revisit",
    )


class ResponseReader:
    """Reads one WARC file front to back: yields a ``SnapshotResponse`` for each ``response``
    record (and each revisit record standing for a 304) and None for every other record, and
    remembers where reading got to.

    When the file stops being readable (a torn last record, damage), iteration raises what
    warcio raised (``ArchiveLoadFailed``, ``EOFError``, ``zlib.error``, ...) and ``position`` is
    the offset of the record it could not read; everything before it has been yielded. warcio
    also ends quietly when the file is cut inside a record's header (it takes the cut for the
    end of the file): after a quiet end, ``position`` is where the records read end, and any
    bytes of the file past it (``size``) are a record that could not be read.
    """

    def __init__(self, path: str | Path, body: bool = True, start: int = 0,
                 end: int | None = None):
        self.path = Path(path)
        self.body = body
        #: Read only the records in [start, end) (both record boundaries; ``end`` None: to the
        #: end of the file): how ``reparse --jobs`` splits a file. Offsets stay the file's.
        self.start = start
        self.end = end
        self._it: ArchiveIterator | None = None
        #: Offset of the last record read (its start).
        self.last_offset: int | None = None
        #: Offsets of records of other types that the end of the file cut short.
        self.torn_others: list[int] = []

    @property
    def position(self) -> int:
        return self.start + (self._it.offset if self._it is not None else 0)

    @property
    def size(self) -> int:
        return self.end if self.end is not None else self.path.stat().st_size

    def torn_tail(self) -> int | None:
        """After a quiet end: the offset of a record the end of the file cut short, or None.

        warcio takes a cut inside a record's header for the end of the file, and reads a record
        whose gzip member lost only its trailer (CRC and length) as whole; both are a torn write.
        Only the last member is decompressed again (cheap, unlike checking the whole file)."""
        end, size = self.position, self.size
        if end < size:
            return end
        last = self.last_offset
        if last is None or not _is_gzip(self.path):
            return None
        with open(self.path, "rb") as f:
            f.seek(last)
            decomp = zlib.decompressobj(zlib.MAX_WBITS | 16)
            while chunk := f.read(1 << 16):
                try:
                    decomp.decompress(chunk)
                except zlib.error:
                    return last
                if decomp.eof:
                    return None
        return last

    def __iter__(self) -> Iterator[SnapshotResponse | None]:
        with open(self.path, "rb") as f:
            f.seek(self.start)
            # warcio counts offsets from where its stream starts: a piece is read from a copy
            # of its bytes, and its offsets made the file's again below.
            stream = f if self.start == 0 and self.end is None else BytesIO(
                f.read(-1 if self.end is None else self.end - self.start))
            self._it = it = ArchiveIterator(stream, check_digests=True)
            for record in it:
                # it.offset is the current record's start until the record has been read.
                self.last_offset = offset = self.start + it.offset
                if record.rec_type == "response" or is_not_modified(record):
                    yield _response(self.path, offset, record, self.body)
                else:
                    while record.raw_stream.read(1 << 16):
                        pass
                    if getattr(record.raw_stream, "limit", 0) > 0:
                        self.torn_others.append(offset)
                    yield None


def _is_gzip(path: Path) -> bool:
    with open(path, "rb") as f:
        return f.read(2) == b"\x1f\x8b"


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
        if record.format != "warc":
            # warcio reads any line of five words as an ARC header: bytes inside a record
            # that happen to look like one are no record of ours
            raise ValueError(f"{path} at {offset}: not the start of a WARC record")
        if record.rec_type != "response":
            refers = ""
            if is_not_modified(record):
                refers = (f" (a 304 referring to the capture of "
                          f"{record.rec_headers.get_header('WARC-Refers-To-Target-URI')} at "
                          f"{record.rec_headers.get_header('WARC-Refers-To-Date')})")
            raise ValueError(f"{path} at {offset} is a {record.rec_type} record{refers}, "
                             f"not a response")
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
                return None if _cut_in_first_record(path) else "not a WARC file"
    except PermissionError:
        return "cannot be read (permission denied)"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, UnicodeDecodeError,
            AttributeError, TypeError, IndexError, KeyError):  # warcio's ways of failing on junk
        return None if _cut_in_first_record(path) else "not a WARC file"
    return None


def _cut_in_first_record(path: Path) -> bool:
    """A gzipped WARC file that ends inside its first record (a crawl killed as it created the
    file): readable, with one torn record at offset 0, rather than "not a WARC file"."""
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
        text = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head)
    except (OSError, zlib.error):
        return False
    return bool(text) and (text.startswith(b"WARC/1.") or b"WARC/1.".startswith(text))
