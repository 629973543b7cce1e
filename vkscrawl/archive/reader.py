"""Reading snapshots back: the response records of a WARC file, with their offsets.

``iter_responses`` / ``read_response_at`` yield ``SnapshotResponse`` objects (file, offset, target
URI, status, headers, decoded body, WARC-Date), read with warcio's ``ArchiveIterator``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field
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


def stored_response(record: SnapshotResponse, file_name: str):
    """A response record as the one path reads it (``ledger.response_to_item.StoredResponse``):
    Scrapy's own classification of the response (text or not) from its headers, URL and body,
    ``fetched_at`` from its WARC-Date, and ``snapshot`` naming the record."""
    from scrapy.http import Headers, TextResponse
    from scrapy.responsetypes import responsetypes

    from vkscrawl.archive.records import warc_date_to_z
    from vkscrawl.ledger.response_to_item import StoredResponse

    headers = Headers()
    for name, value in record.headers:
        headers.appendlist(name, value.encode("latin-1", "replace"))
    uri = record.target_uri or ""
    body = record.body or b""
    is_text = issubclass(responsetypes.from_args(headers=headers, url=uri, body=body), TextResponse)
    return StoredResponse(url=uri, status=record.status, content_type=record.content_type or "",
                          body=body, is_text=is_text, fetched_at=warc_date_to_z(record.date),
                          snapshot={"file": file_name, "offset": record.offset})


def stored_response_at(output_dir: str | Path, snapshot: dict):
    """The response an item's ``snapshot`` points at, relative to the output folder."""
    record = read_response_at(Path(output_dir) / snapshot["file"], int(snapshot["offset"]))
    if record.body is None:
        raise ValueError("its body cannot be decoded")
    return stored_response(record, snapshot["file"])
