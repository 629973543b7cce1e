"""WARC records of one HTTP exchange, as the crawl received it (warcio builds and serialises them).

A response record holds the real status line, every header (repeated ones included, byte for byte)
and the body as received; its request record points at it with ``WARC-Concurrent-To``.

A 304 answer to a conditional request is a ``revisit`` record of the server-not-modified profile
(WARC 1.1, 6.7.3) naming the capture whose validators were sent (``WARC-Refers-To-Target-URI``,
``WARC-Refers-To-Date``) and carrying that capture's ``WARC-Payload-Digest``. Its block is the
304 as received: the status line and every header (the server's ``Date``, the ``ETag`` it
confirmed), with no payload (a 304 has none: the capture it names holds it). Index tools
(cdxj-indexer) then see its status, 304, and readers what the server said.
"""

from __future__ import annotations

import re
import sys
from http import HTTPStatus
from io import BytesIO
from urllib.parse import urlsplit, urlunsplit

from warcio.recordbuilder import RecordBuilder
from warcio.statusandheaders import StatusAndHeaders

from vkscrawl import __version__

#: Request headers whose values are credentials: archived as this placeholder.
REDACTED_HEADERS = (b"authorization", b"proxy-authorization")
REDACTED = "[redacted by vkscrawl]"


def _version(dist: str) -> str:
    from importlib import metadata  # imported when first asked: a reparse never asks

    try:
        return metadata.version(dist)
    except metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


def software() -> str:
    return (f"vkscrawl/{__version__} (Scrapy/{_version('scrapy')}; warcio/{_version('warcio')}; "
            f"Python/{sys.version.split()[0]})")


def warc_date_to_z(value: str) -> str:
    """``2024-03-05T01:15:00.123456Z`` -> ``2024-03-05T01:15:00Z`` (the feed's fetched_at form)."""
    match = re.match(r"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})", value or "")
    if not match:
        raise ValueError(f"not a WARC-Date: {value!r}")
    return match.group(1) + "Z"



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


#: WARC-Profile of a revisit record that stands for a 304 answer.
SERVER_NOT_MODIFIED = "http://netpreserve.org/warc/1.1/revisit/server-not-modified"


def build_exchange(builder: RecordBuilder, request, response):
    """The (request, response) warcio records of one Scrapy exchange."""
    uri = target_uri(response.url)
    protocol = http_protocol(getattr(response, "protocol", None))

    http_headers = RawHeaders(status_line(response.status), header_list(response.headers),
                              protocol=protocol)
    body = response.body or b""
    resp_record = builder.create_warc_record(uri, "response", payload=BytesIO(body),
                                            length=len(body), http_headers=http_headers)
    _received(resp_record, response)
    return build_request(builder, request, protocol), resp_record


def build_revisit(builder: RecordBuilder, request, response, refers_to: dict):
    """The (request, revisit) records of a 304 answer to a conditional request.

    ``refers_to``: the capture whose validators the request sent: ``uri`` and ``date`` (its
    WARC-Target-URI and WARC-Date) and ``digest`` (its WARC-Payload-Digest)."""
    uri = target_uri(response.url)
    protocol = http_protocol(getattr(response, "protocol", None))
    http_headers = RawHeaders(status_line(response.status), header_list(response.headers),
                              protocol=protocol)
    revisit = builder.create_warc_record(uri, "revisit", http_headers=http_headers)
    headers = revisit.rec_headers
    headers.add_header("WARC-Profile", SERVER_NOT_MODIFIED)
    headers.add_header("WARC-Refers-To-Target-URI", refers_to["uri"])
    headers.add_header("WARC-Refers-To-Date", refers_to["date"])
    headers.add_header("WARC-Payload-Digest", refers_to["digest"])
    _received(revisit, response)
    return build_request(builder, request, protocol), revisit


def _received(record, response) -> None:
    """What the connection said about a response: the server's address, a cut-short body."""
    ip_address = getattr(response, "ip_address", None)
    if ip_address is not None:
        record.rec_headers.add_header("WARC-IP-Address", str(ip_address))
    if "dataloss" in (response.flags or []):
        record.rec_headers.add_header("WARC-Truncated", "disconnect")


def build_request(builder: RecordBuilder, request, protocol: str):
    """The request record of an exchange, as the client sent it (credentials redacted)."""

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
    return builder.create_warc_record(req_uri, "request", payload=BytesIO(req_body),
                                      length=len(req_body), http_headers=req_http)
