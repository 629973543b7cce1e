"""Fault injection for the offline portal: chosen URLs misbehave the way a government site on slow
links does (500s, timeouts, dropped connections, truncated or huge pages, wrong charsets, redirect
loops and offsite redirects, listing traps, maintenance pages). Test machinery, not a product
feature: the product's server is ``vkscrawl.offline.server``; this module subclasses its handler.

``make_server(..., faults={path: mode})`` or ``ServerThread(..., faults=...)``; every URL that
matches no fault is served exactly as the plain portal serves it. ``server.faults`` is the live
``FaultTable``: tests may change it while the server runs (``reset`` between two crawls), read its
hit counts and request log, and set a ``Tripwire`` on the Nth request (a crawl to kill at a chosen
moment, without sleeping).
"""

from __future__ import annotations

import re
import select
import socket
import struct
import threading
import time
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, parse_qsl, unquote, urlencode, urlsplit

from vkscrawl.offline import server as offline
from vkscrawl.offline.server import DEFAULT_CONTENT_TYPE, LISTING_PATH, Portal, PortalHandler

# --- fault modes ----------------------------------------------------------------------------------
#
# A fault table maps request paths to fault modes. A key is a path with its query string, exactly
# as a crawler requests it (``/tin-tuc/tin-hoat-dong-vksnd-dia-phuong?Page=2``); a key ending in
# ``*`` matches every request whose path and query start with the rest. Two keys name a page
# whatever URL the crawler uses for it: ``article:ID`` (the article's current-scheme path with any
# query, and its legacy ``lists.aspx?...ItemID=ID`` URL) and ``listing:N`` (listing page N: the
# listing path with ``?Page=N``, and without a page number for N = 1). A mode is ``NAME`` or
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
    "maintenance": "listing page: 200 text/html, the portal's template with a maintenance notice "
                   "where the list was, no teaser, no pagination; maintenance:bare is a bare "
                   "notice page without the template [maintenance:bare]",
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
        if name == "maintenance" and arg not in (None, "bare"):
            raise FaultError(f"fault maintenance:{arg}: expected maintenance or maintenance:bare")
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


ARTICLE_KEY, LISTING_KEY = "article:", "listing:"
_ARTICLE_PATH = re.compile(r"-t(\d+)\.html$")


def page_keys(wanted: str) -> list[str]:
    """The ``article:ID`` / ``listing:N`` keys a request path (without hop) answers to."""
    parts = urlsplit(wanted)
    query = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=True)}
    if parts.path.rstrip("/") == LISTING_PATH:
        page = query.get("page", "1")
        return [f"{LISTING_KEY}{int(page)}"] if page.isdigit() else []
    if parts.path.lower() == offline.LEGACY_PATH and query.get("itemid", "").isdigit():
        return [f"{ARTICLE_KEY}{int(query['itemid'])}"]
    found = _ARTICLE_PATH.search(parts.path)
    return [f"{ARTICLE_KEY}{int(found.group(1))}"] if found else []


class Tripwire:
    """Trips on the Nth request a server receives (counted from the table's last reset), or the
    Nth request for one page (``key``: a path, ``article:ID`` or ``listing:N``): sets
    ``reached`` and holds that request, unanswered, until ``release()`` or the server stops.

    A harness waits on ``reached`` and kills the crawl there: the crawl has sent exactly N
    requests and none after, a moment chosen at random yet reproducible, with no sleep.
    """

    def __init__(self, number: int, reached: threading.Event | None = None,
                 key: str | None = None):
        if number < 1:
            raise ValueError("a tripwire trips on request 1 or later")
        self.number = number
        self.key = key
        self.counted = 0
        #: Set when the request arrives; pass your own event to wait on it and on something else
        #: (the crawl ending first) at once.
        self.reached = reached or threading.Event()
        self.released = threading.Event()
        self.path: str | None = None

    def release(self) -> None:
        self.released.set()


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
        self._tripwire: Tripwire | None = None
        for key, spec in (faults or {}).items():
            self.set(key, spec)

    def reset(self, faults: Mapping[str, "str | Fault"] | None = None) -> None:
        """Start afresh between two crawls: these faults only, no hits, an empty log, no
        tripwire (a tripwire still holding a request is released)."""
        parsed = {key: Fault.parse(spec) for key, spec in (faults or {}).items()}
        with self._lock:
            if self._tripwire is not None:
                self._tripwire.release()
            self._faults = parsed
            self._hits.clear()
            self.log = []
            self._tripwire = None

    def trip_at(self, number: int, reached: threading.Event | None = None,
                key: str | None = None) -> Tripwire:
        """A tripwire on the ``number``-th request since the last reset, or on the
        ``number``-th request for ``key`` from now on (see ``Tripwire``)."""
        tripwire = Tripwire(number, reached, key)
        with self._lock:
            # Counted from the last reset: requests already served count.
            if key is None and len(self.log) >= number:
                raise ValueError(f"request {number} has already been served")
            if self._tripwire is not None:
                self._tripwire.release()
            self._tripwire = tripwire
        return tripwire

    def set(self, key: str, spec: "str | Fault | None") -> None:
        """Add, change (``spec``) or remove (``None``) the fault of one key."""
        with self._lock:
            if spec is None:
                self._faults.pop(key, None)
            else:
                self._faults[key] = Fault.parse(spec)

    def match(self, raw_path: str) -> tuple[str | None, Fault | None, int, int]:
        """(key, fault, this request's hit number for the key, redirect hop) of one request.

        An exact key wins over an ``article:``/``listing:`` key, which wins over a ``*`` key."""
        return self.arrive(raw_path)[:4]

    def arrive(self, raw_path: str) -> tuple[str | None, Fault | None, int, int, Tripwire | None]:
        """``match``, plus the tripwire when this request is the one it waits for."""
        wanted, hop = _strip_hop(raw_path)
        with self._lock:
            key = wanted if wanted in self._faults else next(
                (k for k in page_keys(wanted) if k in self._faults), None)
            if key is None:
                key = next((k for k in self._faults
                            if k.endswith("*") and wanted.startswith(k[:-1])), None)
            fault = self._faults.get(key) if key is not None else None
            hit = 0
            if key is not None:
                self._hits[key] += 1
                hit = self._hits[key]
            self.log.append((raw_path, str(fault) if fault else None))
            tripwire = self._tripwire
            if tripwire is not None and tripwire.key is not None:
                if tripwire.key == wanted or tripwire.key in page_keys(wanted):
                    tripwire.counted += 1
                count = tripwire.counted if tripwire.key in (wanted, *page_keys(wanted)) else 0
            else:
                count = len(self.log)
            if tripwire is not None and count == tripwire.number:
                tripwire.path = raw_path
                tripwire.reached.set()
            else:
                tripwire = None
            return key, fault, hit, hop, tripwire

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


#: What a CMS under maintenance says where its content was.
MAINTENANCE_NOTICE = ("Hệ thống đang được bảo trì để nâng cấp. "
                      "Quý độc giả vui lòng quay lại sau.")


def maintenance_page(body: bytes, content_type: str, bare: bool = False) -> bytes:
    """The listing page under maintenance: its template, with a notice where the list was and
    neither teaser nor pagination; ``bare``: a notice page of its own, no template at all."""
    if bare:
        return ('<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">'
                "<title>Bảo trì hệ thống</title></head><body><h1>Bảo trì hệ thống</h1>"
                f"<p>{MAINTENANCE_NOTICE}</p></body></html>").encode(_charset(content_type))

    def edit(doc):
        import lxml.html

        boxes = doc.xpath(f"//*[{_has_class('list-news')}]")
        if not boxes:
            raise FaultError("the listing page has no list to put the notice in")
        for box in boxes:
            for child in list(box):
                box.remove(child)
            box.text = None
            box.append(lxml.html.fragment_fromstring(
                f'<p class="maintenance">{MAINTENANCE_NOTICE}</p>'))
        for pagination in doc.xpath("//*[contains(@class, 'pagination')]"):
            pagination.drop_tree()
    return _edit_html(body, content_type, edit)


class FaultyPortalHandler(PortalHandler):
    """The portal's handler, with the faults of ``server.faults`` applied first."""

    def respond(self, send_body: bool):
        faults: FaultTable = self.server.faults
        key, fault, hit, hop, tripwire = faults.arrive(self.path)
        if tripwire is not None:
            self._hold_for(tripwire)
        if fault is None:
            return self.send_page(send_body)
        return self._fault(fault, hit, hop, send_body)

    def _hold_for(self, tripwire: Tripwire) -> None:
        """Answer nothing until the tripwire is released or the server stops (bounded)."""
        stopping: threading.Event | None = getattr(self.server, "stopping", None)
        deadline = time.monotonic() + DEFAULT_HOLD
        while not tripwire.released.wait(0.05):
            if (stopping is not None and stopping.is_set()) or time.monotonic() > deadline:
                return

    # --- faults -----------------------------------------------------------------------------

    def _fault(self, fault: Fault, hit: int, hop: int, send_body: bool):
        name, arg = fault.name, fault.arg
        if name in COUNTED and (arg is not None or name == "500-then-200"):
            if hit > int(arg or 1):
                return self.send_page(send_body)
        if name == "500-then-200":
            return self.send(*_error_page(500), send_body)
        if name in ("always-500", "404", "410", "status"):
            code = {"always-500": 500}.get(name) or int(arg if name == "status" else name)
            return self.send(*_error_page(code), send_body)
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
            return self.send_page(send_body, path=arg)

        status, headers, body = self.portal.resolve(_with_hop(self.path, None))
        headers = {k: v for k, v in headers.items() if k != "ETag"}
        content_type = headers.get("Content-Type", DEFAULT_CONTENT_TYPE)
        if name == "empty-200":
            return self.send(200, {"Content-Type": DEFAULT_CONTENT_TYPE}, b"", send_body)
        if name == "non-html":
            return self.send(200, {"Content-Type": "application/pdf"}, PDF_BODY, send_body)
        if status != 200:
            # The page itself is missing: a body-changing fault has nothing to change.
            return self.send(status, headers, body, send_body)
        if name == "wrong-charset":
            headers["Content-Type"] = "text/html; charset=iso-8859-1"
            return self.send(status, headers, body, send_body)
        if name == "truncated":
            return self.send(status, headers, body[: len(body) // 2], send_body)
        if name in ("truncated-lying", "stall"):
            self.send(status, headers, body[: len(body) // 2], send_body, len(body))
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
        if name == "maintenance":
            body = maintenance_page(body, content_type, bare=arg == "bare")
            return self.send(status, headers, body, send_body)
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
        return self.send(status, headers, body, send_body)

    def _endless_listing(self, send_body: bool):
        query = {k.lower(): v for k, v in parse_qs(urlsplit(self.path).query).items()}
        page = query.get("page", ["1"])[0]
        number = int(page) if re.fullmatch(r"\d{1,6}", page) else 1
        pages = [int(m.group(1)) for f in (self.portal.root / "portal" / "listing").glob("page-*.html")
                 if (m := re.fullmatch(r"page-(\d+)\.html", f.name))]
        last = max(pages)
        if number < last:
            return self.send_page(send_body)
        status, headers, body = self.portal.resolve(f"{LISTING_PATH}?Page={last}")
        headers = {k: v for k, v in headers.items() if k != "ETag"}
        body = set_next_link(body, headers["Content-Type"], f"{LISTING_PATH}?Page={number + 1}")
        return self.send(status, headers, body, send_body)

    def _redirect(self, location: str, send_body: bool):
        body = f'<!DOCTYPE html><html><body><a href="{location}">moved</a></body></html>'.encode()
        self.send(302, {"Location": location, "Content-Type": DEFAULT_CONTENT_TYPE}, body,
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



def make_server(fixtures: str | Path | None = None, port: int = 0, quiet: bool = True,
                faults: Mapping[str, "str | Fault"] | None = None, **kwargs):
    """The offline portal's server with a live fault table (``server.faults``)."""
    return offline.make_server(fixtures, port, quiet, handler=FaultyPortalHandler,
                               faults=FaultTable(faults), **kwargs)


class ServerThread(offline.ServerThread):
    """``vkscrawl.offline.server.ServerThread`` with faults: ``self.faults`` is the live table."""

    def __init__(self, fixtures: str | Path | None = None, port: int = 0, quiet: bool = True,
                 faults: Mapping[str, "str | Fault"] | None = None):
        super().__init__(server=make_server(fixtures, port, quiet, faults))

    @property
    def faults(self) -> FaultTable:
        return self.server.faults
