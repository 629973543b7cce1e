"""The offline portal: serves the bundled fixtures over real HTTP on 127.0.0.1 under the portal's URLs.

Routes (the portal's URL scheme, docs/PORTAL.md):
- ``/tin-tuc/tin-hoat-dong-vksnd-dia-phuong[?Page=N]``: listing page N (``listing/page-N.html``),
  an empty list past the end (200, as the portal does);
- each article's current-scheme path from its ``fixture.json`` (any query string), and the legacy
  ``/tintuc/Pages/lists.aspx?Cat=3&ItemID=<id>`` for the same article;
- ``/robots.txt``; ``/Uploads/...`` (a small JPEG of its own per path, see ``upload_jpeg``);
  other pages under ``portal/pages/``.

Files are read on every request, so a test can change a copy of the fixtures between two crawls
(a new article appears, an article is edited). Article pages carry an ``ETag`` and answer
``If-None-Match`` with 304, like a server that supports conditional requests.

The pages ship inside the package (``vkscrawl/offline/fixtures/``, read through
``importlib.resources``), so ``vkscrawl serve`` and ``vkscrawl demo`` work from any folder after a
plain ``pip install``; in a source checkout, ``fixtures/`` at the top is the same folder.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import threading
from collections.abc import Mapping
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

LISTING_PATH = "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"
LEGACY_PATH = "/tintuc/pages/lists.aspx"
DEFAULT_CONTENT_TYPE = "text/html; charset=utf-8"
#: A 1x1 JPEG: enough for anything that follows an image link.
PLACEHOLDER_JPEG = bytes.fromhex(
    "ffd8ffe000104a46494600010100000100010000ffdb004300080606070605080707070909080a0c140d0c0b0b0c19"
    "12130f141d1a1f1e1d1a1c1c20242e2720222c231c1c2837292c30313434341f27393d38323c2e333432ffc0000b08"
    "0001000101011100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc400b51000"
    "02010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c11552d1f0"
    "2433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768"
    "696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3"
    "c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f00fb"
    "d3ffd9"
)


def upload_jpeg(path: str) -> bytes:
    """The image served at ``path``: the placeholder JPEG with the path in a comment segment
    (COM), so that every image is a valid JPEG of its own bytes (an archive of images can be
    told apart, a replayed image checked against what was served)."""
    comment = path.encode("utf-8")[:65000]
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return PLACEHOLDER_JPEG[:2] + segment + PLACEHOLDER_JPEG[2:]


def default_fixtures_dir() -> Path:
    """The bundled offline portal: package data of ``vkscrawl.offline``."""
    return Path(str(resources.files("vkscrawl.offline").joinpath("fixtures")))


class Portal:
    """What the offline portal serves, read from a fixtures folder."""

    def __init__(self, root: str | Path):
        self.root = Path(root)
        if not (self.root / "portal" / "listing" / "page-1.html").is_file():
            raise FileNotFoundError(f"{self.root} holds no offline portal "
                                    f"(expected portal/listing/page-1.html)")

    def articles(self) -> dict[str, tuple[Path, dict]]:
        """Current-scheme path -> (folder, fixture.json), read afresh."""
        out = {}
        for meta_file in sorted(self.root.glob("articles/*/fixture.json")):
            meta = json.loads(meta_file.read_text("utf-8"))
            out[meta["path"]] = (meta_file.parent, meta)
        return out

    def resolve(self, raw_path: str) -> tuple[int, dict[str, str], bytes]:
        """(status, headers, body) for a request path with its query string."""
        parts = urlsplit(raw_path)
        path = unquote(parts.path)
        query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
        if path == "/robots.txt":
            return self._file(self.root / "portal" / "robots.txt", "text/plain; charset=utf-8")
        if path.rstrip("/") == LISTING_PATH:
            return self._listing(query.get("page", ["1"])[0])
        if path.lower() == LEGACY_PATH and "itemid" in query:
            wanted = query["itemid"][0]
            for folder, meta in self.articles().values():
                if str(meta["article_id"]) == wanted:
                    return self._article(folder, meta)
            return self._not_found()
        article = self.articles().get(path)
        if article is not None:
            return self._article(*article)
        if path.startswith("/Uploads/"):
            return 200, {"Content-Type": "image/jpeg"}, upload_jpeg(path)
        page = self.root / "portal" / "pages" / (path.strip("/") + ".html")
        if ".." not in path and page.is_file():
            return self._file(page, DEFAULT_CONTENT_TYPE)
        return self._not_found()

    def _listing(self, page: str):
        number = int(page) if re.fullmatch(r"\d{1,6}", page or "") else 1
        listing = self.root / "portal" / "listing"
        page_file = listing / f"page-{max(number, 1)}.html"
        return self._file(page_file if page_file.is_file() else listing / "empty.html",
                          DEFAULT_CONTENT_TYPE)

    def _article(self, folder: Path, meta: dict):
        status = int(meta.get("status", 200))
        page = folder / "page.html"
        if status != 200 or not page.is_file():
            return self._not_found(status if status != 200 else 404)
        return self._file(page, meta.get("content_type", DEFAULT_CONTENT_TYPE))

    @staticmethod
    def _file(path: Path, content_type: str):
        body = path.read_bytes()
        etag = '"%s"' % hashlib.sha1(body).hexdigest()[:16]
        return 200, {"Content-Type": content_type, "ETag": etag}, body

    @staticmethod
    def _not_found(status: int = 404):
        phrase = HTTPStatus(status).phrase
        body = (f"<!DOCTYPE html><html><head><title>{status} {phrase}</title></head>"
                f"<body><h1>{phrase}</h1></body></html>").encode()
        return status, {"Content-Type": DEFAULT_CONTENT_TYPE}, body


class PortalHandler(BaseHTTPRequestHandler):
    """Answers every request from the ``Portal``; conditional requests (``If-None-Match``) with
    304 when the page's ETag matches. Subclasses change the answer by overriding ``respond``."""

    server_version = "vkscrawl-offline-portal"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY every keep-alive response waits
    # for the client's delayed ACK (~40 ms), which made every test crawl crawl.
    disable_nagle_algorithm = True
    portal: Portal  # set on the subclass made by make_server
    quiet = False

    def do_GET(self):
        self._guarded(send_body=True)

    def do_HEAD(self):
        self._guarded(send_body=False)

    def _guarded(self, send_body: bool):
        try:
            self.respond(send_body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            # The client gave up (a size limit, a timeout): nothing left to say to it.
            self.close_connection = True

    def respond(self, send_body: bool):
        self.send_page(send_body)

    def send_page(self, send_body: bool, path: str | None = None):
        """The portal's answer for ``path`` (default: the request's path)."""
        status, headers, body = self.portal.resolve(path or self.path)
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self.send(status, headers, body, send_body)

    def send(self, status: int, headers: Mapping[str, str], body: bytes, send_body: bool,
             content_length: int | None = None):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if content_length is None
                                               else content_length))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    #: Set when the server stops: handlers holding a connection open let go.
    stopping: threading.Event

    def handle_error(self, request, client_address):
        # A client that hung up mid-answer is the client's business, not a server error.
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(fixtures: str | Path | None = None, port: int = 0, quiet: bool = False,
                handler: type[PortalHandler] = PortalHandler, portal: Portal | None = None,
                **attributes) -> PortalServer:
    """A threading HTTP server on 127.0.0.1 serving the portal (``port=0``: any free port).

    ``handler`` and ``portal`` let a caller serve something else the same way (a generated
    portal, a portal with faults); ``attributes`` are set on the server for its handler."""
    portal = portal or Portal(fixtures or default_fixtures_dir())
    handler_class = type("Handler", (handler,), {"portal": portal, "quiet": quiet})
    server = PortalServer(("127.0.0.1", port), handler_class)
    server.stopping = threading.Event()
    for name, value in attributes.items():
        setattr(server, name, value)
    return server


def listing_url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{LISTING_PATH}"


class ServerThread:
    """Runs a portal server in a background thread: ``with ServerThread() as url: ...``."""

    def __init__(self, fixtures: str | Path | None = None, port: int = 0, quiet: bool = True,
                 server: PortalServer | None = None):
        self.server = server or make_server(fixtures, port, quiet)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return listing_url(self.server)

    def __enter__(self) -> str:
        self.thread.start()
        return listing_url(self.server)

    def __exit__(self, *exc):
        self.server.stopping.set()  # held connections end now
        self.server.shutdown()
        self.server.server_close()


def serve_until_interrupted(server) -> None:
    """Serve until Ctrl-C, then release the port."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
