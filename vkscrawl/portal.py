"""The offline portal: serves ``fixtures/`` over real HTTP on 127.0.0.1 under the portal's URLs.

Routes (PORTAL.md's URL scheme):
- ``/tin-tuc/tin-hoat-dong-vksnd-dia-phuong[?Page=N]``: listing page N (``listing/page-N.html``),
  an empty list past the end (200, as the portal does);
- each article's current-scheme path from its ``fixture.json`` (any query string), and the legacy
  ``/tintuc/Pages/lists.aspx?Cat=3&ItemID=<id>`` for the same article;
- ``/robots.txt``; ``/Uploads/...`` (a placeholder JPEG); other pages under ``portal/pages/``.

Files are read on every request, so a test can change a copy of the fixtures between two crawls
(a new article appears, an article is edited). Article pages carry an ``ETag`` and answer
``If-None-Match`` with 304, like a server that supports conditional requests.

Fault modes (``FAULT_MODES``): ``make_server(..., faults={path: mode})`` or
``ServerThread(..., faults=...)`` make chosen URLs misbehave the way a government site on slow
links does (500s, timeouts, dropped connections, truncated or huge pages, wrong charsets, redirect
loops and offsite redirects, listing traps); ``vkscrawl serve --fault PATH=MODE`` does it by hand.
Every other URL is served exactly as without faults.
"""

from __future__ import annotations

import hashlib
import json
import re
import select
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit

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


def default_fixtures_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "fixtures"


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
            return 200, {"Content-Type": "image/jpeg"}, PLACEHOLDER_JPEG
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


# --- fault modes ----------------------------------------------------------------------------------
#
# A fault table maps request paths to fault modes. A key is a path with its query string, exactly
# as a crawler requests it (``/tin-tuc/tin-hoat-dong-vksnd-dia-phuong?Page=2``); a key ending in
# ``*`` matches every request whose path and query start with the rest. A mode is ``NAME`` or
# ``NAME:ARGUMENT``. Requests that match no key are served exactly as the plain portal serves them.

#: Mode name -> what it does. ``vkscrawl serve --fault PATH=MODE`` switches one on by hand; an
#: unknown mode name is answered with the list of these.
FAULT_MODES: dict[str, str] = {
    "500-then-200": "the first N requests (default 1) answer 500, later ones the page [500-then-200:N]",
    "always-500": "every request answers 500",
    "404": "answers 404 Not Found",
    "410": "answers 410 Gone",
    "status": "answers the given status with a small HTML page [status:503]",
    "timeout": "reads the request, never answers; holds the connection until the client gives up "
               "(at most S seconds, default 60) [timeout:S]",
    "stall": "sends the headers and half the page, then holds like timeout [stall:S]",
    "drop": "reads the request and closes the connection without a response (only the first N "
            "requests, then the page, with drop:N)",
    "reset": "reads the request and resets the connection (TCP RST) without a response "
             "[reset:N as drop:N]",
    "empty-200": "200 text/html with an empty body [empty-200:N as drop:N]",
    "truncated": "the first half of the page's bytes, with a Content-Length true to what is sent "
                 "[truncated:N as drop:N]",
    "truncated-lying": "the first half of the page's bytes, announced with the Content-Length of the "
                       "whole page, then the connection closes",
    "non-html": "a PDF document (application/pdf) instead of the page",
    "wrong-charset": "the page's UTF-8 bytes, declared Content-Type: text/html; charset=iso-8859-1",
    "huge": "the page padded to BYTES (default 9 MiB) with a Content-Length [huge:BYTES]",
    "huge-chunked": "the page padded to BYTES (default 9 MiB), chunked, no Content-Length "
                    "[huge-chunked:BYTES]",
    "redirect": "302 to TARGET, a path on this server or a URL [redirect:TARGET]",
    "redirect-loop": "302 to the same path with ?_hop=1, which redirects back: A -> B -> A -> ...",
    "redirect-chain": "302 to ?_hop=N+1, endlessly: every hop is a new URL",
    "redirect-offsite": "302 to the same path and query on ORIGIN (default http://offsite.invalid) "
                        "[redirect-offsite:ORIGIN]",
    "alias": "serves what PATH serves, under this URL [alias:PATH]",
    "next": "listing page: its next link points to TARGET ('self': this very URL) [next:TARGET]",
    "endless-listing": "listing pages: the last page and every page number past it answer the last "
                       "page with a next link to the page after (a portal that clamps page "
                       "numbers); use it on the key LISTING_PATH?*",
    "no-next": "listing page: without its next link",
    "duplicate-teasers": "listing page: every teaser twice",
    "teaser-dates": "listing page: every teaser's date reads TEXT (default 31/02/2024) "
                    "[teaser-dates:TEXT]",
    "bad-date": "article page: its date and its article:published_time read TEXT "
                "(default 31/02/2024) [bad-date:TEXT]",
}
#: Modes whose number argument is how many requests misbehave before the page is served.
COUNTED = ("500-then-200", "drop", "reset", "empty-200", "truncated")
#: Query parameter the redirect faults add; stripped before a request is matched.
HOP_PARAM = "_hop"
DEFAULT_HOLD = 60.0
DEFAULT_HUGE = 9 * 1024 * 1024
DEFAULT_BAD_DATE = "31/02/2024"
#: A tiny PDF: what a portal serves when an article link points to an attachment.
PDF_BODY = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
            b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
NEXT_LINK_TEXTS = {"»", "›", ">", ">>", "trang sau", "sau", "tiếp", "next"}


class FaultError(ValueError):
    """A fault specification that names no known mode or carries a bad argument."""


@dataclass(frozen=True)
class Fault:
    name: str
    arg: str | None = None

    @classmethod
    def parse(cls, spec: "str | Fault") -> "Fault":
        if isinstance(spec, Fault):
            return spec
        name, _, arg = str(spec).strip().partition(":")
        if name not in FAULT_MODES:
            raise FaultError(f"unknown fault mode {name!r}: expected one of "
                             f"{', '.join(FAULT_MODES)}")
        arg = arg or None
        if name in COUNTED + ("huge", "huge-chunked") and arg is not None:
            if not arg.isdigit() or int(arg) < 1:
                raise FaultError(f"fault {name}:{arg}: expected a whole number after the colon")
        if name in ("timeout", "stall") and arg is not None:
            try:
                if float(arg) <= 0:
                    raise ValueError
            except ValueError:
                raise FaultError(f"fault {name}:{arg}: expected seconds after the colon") from None
        if name == "status" and (arg is None or not re.fullmatch(r"[1-5]\d\d", arg)):
            raise FaultError(f"fault status:{arg}: expected an HTTP status code, e.g. status:503")
        if name in ("redirect", "alias", "next") and not arg:
            raise FaultError(f"fault {name}: expected a target after the colon ({name}:TARGET)")
        return cls(name, arg)

    def __str__(self) -> str:
        return self.name if self.arg is None else f"{self.name}:{self.arg}"


def parse_fault_option(option: str) -> tuple[str, Fault]:
    """``PATH=MODE`` (the ``--fault`` option) -> (key, fault). Raises FaultError."""
    # Both sides may hold '=' (a query string, next:?Page=4): split before the first mode name.
    problem = None
    for match in re.finditer("=", option):
        key, spec = option[:match.start()], option[match.end():]
        if spec.partition(":")[0] in FAULT_MODES and key.startswith("/"):
            return key, Fault.parse(spec)
        if key.startswith("/") and problem is None and spec and "=" not in spec:
            problem = spec
    if problem is not None:
        Fault.parse(problem)  # raises: names the unknown mode
    raise FaultError(f"{option!r}: expected PATH=MODE, e.g. {LISTING_PATH}?Page=2=500-then-200")


def _strip_hop(raw_path: str) -> tuple[str, int]:
    """(request path and query without the redirect faults' parameter, its hop number)."""
    parts = urlsplit(raw_path)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    hop = next((int(v) for k, v in pairs if k == HOP_PARAM and v.isdigit()), 0)
    query = urlencode([(k, v) for k, v in pairs if k != HOP_PARAM]) if hop else parts.query
    return unquote(parts.path) + (f"?{query}" if query else ""), hop


def _with_hop(raw_path: str, hop: int | None) -> str:
    parts = urlsplit(raw_path)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != HOP_PARAM]
    if hop:
        pairs.append((HOP_PARAM, str(hop)))
    return parts.path + (f"?{urlencode(pairs)}" if pairs else "")


class FaultTable:
    """Request path -> fault mode, with per-key hit counts and a log of every request served.

    Thread-safe: the server answers each connection in its own thread.
    """

    def __init__(self, faults: Mapping[str, "str | Fault"] | None = None):
        self._lock = threading.Lock()
        self._faults: dict[str, Fault] = {}
        self._hits: Counter[str] = Counter()
        self.log: list[tuple[str, str | None]] = []
        self._holding = 0
        self._released = threading.Condition(self._lock)
        for key, spec in (faults or {}).items():
            self.set(key, spec)

    def set(self, key: str, spec: "str | Fault | None") -> None:
        """Add, change (``spec``) or remove (``None``) the fault of one key."""
        with self._lock:
            if spec is None:
                self._faults.pop(key, None)
            else:
                self._faults[key] = Fault.parse(spec)

    def match(self, raw_path: str) -> tuple[str | None, Fault | None, int, int]:
        """(key, fault, this request's hit number for the key, redirect hop) of one request."""
        wanted, hop = _strip_hop(raw_path)
        with self._lock:
            key = wanted if wanted in self._faults else next(
                (k for k in self._faults if k.endswith("*") and wanted.startswith(k[:-1])), None)
            fault = self._faults.get(key) if key is not None else None
            hit = 0
            if key is not None:
                self._hits[key] += 1
                hit = self._hits[key]
            self.log.append((raw_path, str(fault) if fault else None))
            return key, fault, hit, hop

    def hold_started(self) -> None:
        with self._lock:
            self._holding += 1

    def hold_ended(self) -> None:
        with self._lock:
            self._holding -= 1
            self._released.notify_all()

    def holding(self) -> int:
        """How many connections a timeout or stall fault holds right now."""
        with self._lock:
            return self._holding

    def wait_released(self, timeout: float) -> bool:
        """Wait until no connection is held (True), or ``timeout`` seconds pass (False)."""
        with self._released:
            return self._released.wait_for(lambda: self._holding == 0, timeout)

    def hits(self, key: str) -> int:
        """How many requests the fault of ``key`` answered."""
        with self._lock:
            return self._hits[key]

    def requests(self, fragment: str = "") -> list[str]:
        """Every request path served (any fault or none), in order, that contains ``fragment``."""
        with self._lock:
            return [path for path, _ in self.log if fragment in path]


def _error_page(status: int) -> tuple[int, dict[str, str], bytes]:
    return Portal._not_found(status)


def _charset(content_type: str) -> str:
    match = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    return match.group(1) if match else "utf-8"


def _edit_html(body: bytes, content_type: str, edit) -> bytes:
    """Parse a page with lxml, let ``edit(doc)`` change it, serialise it in its own charset."""
    import lxml.html

    charset = _charset(content_type)
    parser = lxml.html.HTMLParser(encoding=charset)
    doc = lxml.html.document_fromstring(body, parser=parser)
    edit(doc)
    return lxml.html.tostring(doc, encoding=charset, doctype="<!DOCTYPE html>")


def _has_class(name: str) -> str:
    return f"contains(concat(' ', normalize-space(@class), ' '), ' {name} ')"


def next_links(doc) -> list:
    """The listing's next-page links: ``rel=next``, or a pagination link reading » / Trang sau."""
    links = doc.xpath("//a[@rel='next'] | //*[contains(@class, 'pagination')]"
                      f"//a[{_has_class('next')}]")
    if not links:
        links = [a for a in doc.xpath("//*[contains(@class, 'pagination')]//a")
                 if " ".join(a.text_content().split()).lower() in NEXT_LINK_TEXTS]
    return links


def teasers(doc) -> list:
    """The listing's teasers (``div.item-news``)."""
    return doc.xpath(f"//*[{_has_class('item-news')}]")


def set_next_link(body: bytes, content_type: str, target: str | None) -> bytes:
    """The listing page with its next link(s) pointing to ``target`` (None: removed); a page
    without a next link (the last page) gets one."""
    def edit(doc):
        import lxml.html

        links = next_links(doc)
        if not links and target is not None:
            boxes = doc.xpath("//*[contains(@class, 'pagination')]")
            if not boxes:
                raise FaultError("the listing page has no pagination to add a next link to")
            link = lxml.html.fragment_fromstring(
                '<a class="next" title="Trang sau">Trang sau</a>')
            boxes[0].append(link)
            links = [link]
        for link in links:
            if target is None:
                link.drop_tree()
            else:
                link.set("href", target)
    return _edit_html(body, content_type, edit)


def duplicate_teasers(body: bytes, content_type: str) -> bytes:
    def edit(doc):
        import copy

        found = teasers(doc)
        if not found:
            raise FaultError("the listing page has no teaser to duplicate")
        for teaser in found:
            teaser.addnext(copy.deepcopy(teaser))
    return _edit_html(body, content_type, edit)


def set_teaser_dates(body: bytes, content_type: str, text: str) -> bytes:
    def edit(doc):
        dates = [d for t in teasers(doc) for d in t.xpath(f".//*[{_has_class('date')}]")]
        if not dates:
            raise FaultError("the listing page has no teaser date to change")
        for date in dates:
            for child in list(date):
                date.remove(child)
            date.text = text
    return _edit_html(body, content_type, edit)


def set_article_date(body: bytes, content_type: str, text: str) -> bytes:
    def edit(doc):
        found = doc.xpath(f"//*[{_has_class('date-detail')}]")
        metas = doc.xpath("//meta[@property='article:published_time' or "
                          "@name='article:published_time' or @itemprop='datePublished']")
        if not found and not metas:
            raise FaultError("the article page has no date to change")
        for date in found:
            for child in list(date):
                date.remove(child)
            date.text = text
        for meta in metas:
            meta.set("content", text)
    return _edit_html(body, content_type, edit)


class PortalHandler(BaseHTTPRequestHandler):
    server_version = "vkscrawl-offline-portal"
    protocol_version = "HTTP/1.1"
    # Headers and body go out in two writes: without TCP_NODELAY every keep-alive response waits
    # for the client's delayed ACK (~40 ms), which made every test crawl crawl.
    disable_nagle_algorithm = True
    portal: Portal  # set on the subclass made by make_server
    quiet = False

    def do_GET(self):
        self._respond(send_body=True)

    def do_HEAD(self):
        self._respond(send_body=False)

    def _respond(self, send_body: bool):
        try:
            faults: FaultTable | None = getattr(self.server, "faults", None)
            if faults is None:
                return self._plain(send_body)
            key, fault, hit, hop = faults.match(self.path)
            if fault is None:
                return self._plain(send_body)
            return self._fault(fault, hit, hop, send_body)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError):
            # The client gave up (a size limit, a timeout): nothing left to say to it.
            self.close_connection = True

    # --- the plain portal -------------------------------------------------------------------

    def _plain(self, send_body: bool, path: str | None = None):
        status, headers, body = self.portal.resolve(path or self.path)
        etag = headers.get("ETag")
        if etag and self.headers.get("If-None-Match") == etag:
            status, body = 304, b""
        self._send(status, headers, body, send_body)

    def _send(self, status: int, headers: Mapping[str, str], body: bytes, send_body: bool,
              content_length: int | None = None):
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body) if content_length is None
                                               else content_length))
        self.end_headers()
        if send_body:
            self.wfile.write(body)

    # --- faults -----------------------------------------------------------------------------

    def _fault(self, fault: Fault, hit: int, hop: int, send_body: bool):
        name, arg = fault.name, fault.arg
        if name in COUNTED and (arg is not None or name == "500-then-200"):
            if hit > int(arg or 1):
                return self._plain(send_body)
        if name == "500-then-200":
            return self._send(*_error_page(500), send_body)
        if name in ("always-500", "404", "410", "status"):
            code = {"always-500": 500}.get(name) or int(arg if name == "status" else name)
            return self._send(*_error_page(code), send_body)
        if name == "timeout":
            self._hold(float(arg or DEFAULT_HOLD))
            self.close_connection = True
            return
        if name in ("drop", "reset"):
            self.close_connection = True
            if name == "reset":
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                           struct.pack("ii", 1, 0))
                self.connection.close()
            return
        if name == "redirect-offsite":
            origin = (arg or "http://offsite.invalid").rstrip("/")
            return self._redirect(origin + _with_hop(self.path, None), send_body)
        if name == "redirect-loop":
            return self._redirect(_with_hop(self.path, 0 if hop else 1), send_body)
        if name == "redirect-chain":
            return self._redirect(_with_hop(self.path, hop + 1), send_body)
        if name == "redirect":
            return self._redirect(arg, send_body)
        if name == "alias":
            return self._plain(send_body, path=arg)

        status, headers, body = self.portal.resolve(_with_hop(self.path, None))
        headers = {k: v for k, v in headers.items() if k != "ETag"}
        content_type = headers.get("Content-Type", DEFAULT_CONTENT_TYPE)
        if name == "empty-200":
            return self._send(200, {"Content-Type": DEFAULT_CONTENT_TYPE}, b"", send_body)
        if name == "non-html":
            return self._send(200, {"Content-Type": "application/pdf"}, PDF_BODY, send_body)
        if status != 200:
            # The page itself is missing: a body-changing fault has nothing to change.
            return self._send(status, headers, body, send_body)
        if name == "wrong-charset":
            headers["Content-Type"] = "text/html; charset=iso-8859-1"
            return self._send(status, headers, body, send_body)
        if name == "truncated":
            return self._send(status, headers, body[: len(body) // 2], send_body)
        if name in ("truncated-lying", "stall"):
            self._send(status, headers, body[: len(body) // 2], send_body, len(body))
            self.wfile.flush()
            if name == "stall":
                self._hold(float(arg or DEFAULT_HOLD))
            self.close_connection = True
            return
        if name in ("huge", "huge-chunked"):
            return self._huge(status, headers, body, int(arg or DEFAULT_HUGE),
                              chunked=name == "huge-chunked", send_body=send_body)
        if name == "endless-listing":
            return self._endless_listing(send_body)
        if name == "next":
            target = _with_hop(self.path, None) if arg == "self" else arg
            body = set_next_link(body, content_type, target)
        elif name == "no-next":
            body = set_next_link(body, content_type, None)
        elif name == "duplicate-teasers":
            body = duplicate_teasers(body, content_type)
        elif name == "teaser-dates":
            body = set_teaser_dates(body, content_type, arg or DEFAULT_BAD_DATE)
        elif name == "bad-date":
            body = set_article_date(body, content_type, arg or DEFAULT_BAD_DATE)
        return self._send(status, headers, body, send_body)

    def _endless_listing(self, send_body: bool):
        query = {k.lower(): v for k, v in parse_qs(urlsplit(self.path).query).items()}
        page = query.get("page", ["1"])[0]
        number = int(page) if re.fullmatch(r"\d{1,6}", page) else 1
        pages = [int(m.group(1)) for f in (self.portal.root / "portal" / "listing").glob("page-*.html")
                 if (m := re.fullmatch(r"page-(\d+)\.html", f.name))]
        last = max(pages)
        if number < last:
            return self._plain(send_body)
        status, headers, body = self.portal.resolve(f"{LISTING_PATH}?Page={last}")
        headers = {k: v for k, v in headers.items() if k != "ETag"}
        body = set_next_link(body, headers["Content-Type"], f"{LISTING_PATH}?Page={number + 1}")
        return self._send(status, headers, body, send_body)

    def _redirect(self, location: str, send_body: bool):
        body = f'<!DOCTYPE html><html><body><a href="{location}">moved</a></body></html>'.encode()
        self._send(302, {"Location": location, "Content-Type": DEFAULT_CONTENT_TYPE}, body,
                   send_body)

    def _huge(self, status, headers, body, size: int, chunked: bool, send_body: bool):
        filler = b"<!-- " + b"x" * 1019 + b" -->\n"  # 1 KiB of comment per line
        need = max(0, size - len(body))
        padding = filler * (need // len(filler) + 1)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
        else:
            self.send_header("Content-Length", str(len(body) + len(padding)))
        self.end_headers()
        if not send_body:
            return
        data = memoryview(body + padding)
        for start in range(0, len(data), 65536):
            chunk = data[start:start + 65536]
            if chunked:
                self.wfile.write(b"%x\r\n" % len(chunk))
            self.wfile.write(chunk)
            if chunked:
                self.wfile.write(b"\r\n")
        if chunked:
            self.wfile.write(b"0\r\n\r\n")

    def _hold(self, seconds: float) -> None:
        """Keep the connection open, answering nothing, until the client closes it, the server
        stops, or ``seconds`` pass: whichever comes first. Never longer."""
        faults: FaultTable = self.server.faults
        faults.hold_started()
        try:
            self._wait_for_client(seconds)
        finally:
            faults.hold_ended()

    def _wait_for_client(self, seconds: float) -> None:
        stopping: threading.Event | None = getattr(self.server, "stopping", None)
        deadline = time.monotonic() + seconds
        while stopping is None or not stopping.is_set():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return
            readable, _, _ = select.select([self.connection], [], [], min(remaining, 0.1))
            if readable:
                try:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        return  # the client closed the connection: it gave up
                except OSError:
                    return
                return  # the client sent something else: stop holding, close

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


class PortalServer(ThreadingHTTPServer):
    daemon_threads = True
    #: Where the fault modes live; ``faults.set(...)`` changes them while the server runs.
    faults: FaultTable
    stopping: threading.Event

    def handle_error(self, request, client_address):
        # A client that hung up mid-answer is part of the faults under test, not a server error.
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


def make_server(fixtures: str | Path | None = None, port: int = 0, quiet: bool = False,
                faults: Mapping[str, "str | Fault"] | None = None):
    """A threading HTTP server on 127.0.0.1 serving the portal (``port=0``: any free port).

    ``faults`` maps request paths (with their query string) to fault modes (``FAULT_MODES``);
    without it the server answers exactly as the plain portal does. ``server.faults`` is the
    live ``FaultTable``: tests may change it, and read its hit counts and request log.
    """
    portal = Portal(fixtures or default_fixtures_dir())
    table = FaultTable(faults)
    handler = type("Handler", (PortalHandler,), {"portal": portal, "quiet": quiet})
    server = PortalServer(("127.0.0.1", port), handler)
    server.faults = table
    server.stopping = threading.Event()
    return server


def listing_url(server) -> str:
    host, port = server.server_address[:2]
    return f"http://{host}:{port}{LISTING_PATH}"


class ServerThread:
    """Runs the portal in a background thread: ``with ServerThread(...) as url: ...``.

    ``faults`` as for ``make_server``; ``self.faults`` is the live table.
    """

    def __init__(self, fixtures: str | Path | None = None, port: int = 0, quiet: bool = True,
                 faults: Mapping[str, "str | Fault"] | None = None):
        self.server = make_server(fixtures, port, quiet, faults)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def url(self) -> str:
        return listing_url(self.server)

    @property
    def faults(self) -> FaultTable:
        return self.server.faults

    def __enter__(self) -> str:
        self.thread.start()
        return listing_url(self.server)

    def __exit__(self, *exc):
        self.server.stopping.set()  # held connections (timeout, stall) end now
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
