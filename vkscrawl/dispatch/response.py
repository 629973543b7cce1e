"""A response as the one path reads it, built in one place whichever way it arrived.

The crawl hands over Scrapy's response, ``vkscrawl reparse`` and the start-up rebuild a WARC
record, ``vkscrawl fixture`` a record or one fetched page: each passes what it has (URL, status,
headers, the body as the parsers will read it) to ``stored_response``, which classifies the body
as text or not exactly as Scrapy classified the response the crawl received (Scrapy's
``responsetypes``, from the headers, the URL and the body). The same bytes therefore meet the same
gate whichever way they come.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from scrapy.http import Headers

from vkscrawl.archive.reader import SnapshotResponse, read_response_at
from vkscrawl.archive.records import warc_date_to_z

#: Headers that describe the bytes on the wire, not a body already decoded (a WARC reader undoes
#: the content and transfer encodings, as Scrapy's HttpCompression middleware does in the crawl).
WIRE_ENCODINGS = (b"content-encoding", b"transfer-encoding")

#: The media types Scrapy's ``responsetypes`` maps to a text response class (its ``CLASSES``,
#: every one a ``TextResponse``), besides any ``text/...`` type. A response whose Content-Type
#: is one of them (and that names no content encoding) is text whatever its URL and body, so it
#: is classified without importing Scrapy (``vkscrawl reparse`` of plain HTML never needs it);
#: any other response goes through ``responsetypes`` itself.
TEXT_MEDIA_TYPES = frozenset((
    "text/html", "application/atom+xml", "application/rdf+xml", "application/rss+xml",
    "application/xhtml+xml", "application/vnd.wap.xhtml+xml", "application/xml",
    "application/json", "application/x-json", "application/json-amazonui-streaming",
    "application/javascript", "application/x-javascript", "text/xml"))


def _name(name: str | bytes) -> bytes:
    return (name if isinstance(name, bytes) else str(name).encode("utf-8")).lower()


def _value(value) -> bytes:
    return value if isinstance(value, bytes) else str(value).encode("latin-1", "replace")


def _text_content_type(pairs: list[tuple], decoded: bool) -> bytes | None:
    """The Content-Type of these (name, value) pairs (its last value, as Scrapy's ``Headers``
    reads it) when ``responsetypes.from_headers`` picks a text class by it alone, with no
    Content-Encoding left; None when Scrapy would have to look further (then it does)."""
    content_type = encoding = None
    for name, value in pairs:
        key = _name(name)
        if key == b"content-type":
            content_type = _value(value)
        elif key == b"content-encoding" and not decoded:
            encoding = _value(value)
    if content_type is None or encoding:
        return None
    mimetype = content_type.decode("latin-1").split(";")[0].strip().lower()
    return content_type if mimetype in TEXT_MEDIA_TYPES or mimetype.split("/", 1)[0] == "text" else None


@dataclass(frozen=True)
class StoredResponse:
    """An article response as the crawl received it (or as a snapshot holds it)."""

    url: str
    status: int
    content_type: str
    body: bytes
    #: Whether Scrapy classifies the response as text (``TextResponse``): the parsers read only
    #: text.
    is_text: bool
    fetched_at: str
    snapshot: dict | None = None


def stored_response(url: str, status: int, headers: Headers | Iterable[tuple], body: bytes,
                    fetched_at: str, snapshot: dict | None = None, *,
                    decoded: bool = False) -> StoredResponse:
    """The one way to make a ``StoredResponse``. ``headers``: Scrapy's ``Headers`` or (name,
    value) pairs, text or bytes. ``decoded``: the body's content encoding was undone by the
    caller (a WARC record), so the headers naming it no longer describe it."""
    body = body or b""
    if not _is_scrapy_headers(headers):
        headers = pairs = list(headers)  # read once: an iterator given is not read twice
        content_type = _text_content_type(pairs, decoded)
        if content_type is not None:
            return StoredResponse(url=url, status=status,
                                  content_type=content_type.decode("latin-1"), body=body,
                                  is_text=True, fetched_at=fetched_at, snapshot=snapshot)
    from scrapy.http import Headers, TextResponse
    from scrapy.responsetypes import responsetypes

    if not isinstance(headers, Headers):
        pairs, headers = headers, Headers()
        for name, value in pairs:
            headers.appendlist(name, _value(value))
    if decoded:
        headers = Headers({name: values for name, values in headers.items()
                           if name.lower() not in WIRE_ENCODINGS})
    kind = responsetypes.from_args(headers=headers, url=url, body=body)
    return StoredResponse(url=url, status=status,
                          content_type=(headers.get(b"Content-Type") or b"").decode("latin-1"),
                          body=body, is_text=issubclass(kind, TextResponse),
                          fetched_at=fetched_at, snapshot=snapshot)


def _is_scrapy_headers(headers) -> bool:
    """Scrapy's ``Headers`` (only ever given when Scrapy is loaded: the crawl's own response)."""
    import sys

    http = sys.modules.get("scrapy.http")
    return http is not None and isinstance(headers, http.Headers)


def from_record(record: SnapshotResponse, file_name: str) -> StoredResponse:
    """A response record read back from a snapshot: ``fetched_at`` is its WARC-Date, and
    ``snapshot`` names the record (``file_name`` as an item's ``snapshot.file`` says it)."""
    return stored_response(record.target_uri or "", record.status, record.headers,
                           record.body or b"", warc_date_to_z(record.date),
                           {"file": file_name, "offset": record.offset}, decoded=True)


def at_snapshot(output_dir: str | Path, snapshot: dict) -> StoredResponse:
    """The response an item's ``snapshot`` points at, relative to the output folder; raises
    OSError, ValueError or EOFError when it cannot be read."""
    record = read_response_at(Path(output_dir) / snapshot["file"], int(snapshot["offset"]))
    if record.body is None:
        raise ValueError("its body cannot be decoded")
    return from_record(record, snapshot["file"])
