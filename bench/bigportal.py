"""Large offline portals for benchmarks, generated from the fixture pages.

The bundled offline portal (``fixtures/``) holds 15 article pages. Benchmarks need thousands:
this module makes them from those pages, used as templates. Article *k* of a generated portal is
template ``k mod 15`` with its own article number, its own headline (the template's headline
plus `` (số k)``) and its own date, everything else (chrome, content markup, images, captions,
sections) byte for byte the template's. So every generated page is a distinct article
(distinct ``article_id`` and ``content_hash``) of a shape the parser is known to handle, and
its expected item is the template's ``expected.json`` with those four fields changed
(``Variant.expected``).

``generate(root, n)`` writes a fixtures-shaped folder (``portal/robots.txt``,
``portal/listing/page-N.html`` + ``empty.html``, ``articles/<id>/page.html`` + ``fixture.json``)
that ``vkscrawl.offline.server.Portal`` can serve as it is, plus ``bigportal.json``, an index of the
articles. ``IndexedPortal`` / ``serve()`` serve it like ``vkscrawl.offline.server`` does, with the same
request handler, but look articles up in that index instead of re-reading every
``fixture.json`` on every request (what the plain portal does, which is right for 15 fixtures
that tests edit between crawls, and far too slow for 10,000). ``add_article(root)`` publishes
one more article at the top of the listing, as the live portal does every day.

Command line::

    python -m bench.bigportal generate DIR -n 10000 [--per-page 18]
    python -m bench.bigportal serve DIR [--port 0]      # prints the listing URL
    python -m bench.bigportal add DIR                    # one new article, dated today

Dates: the newest generated article is dated ``END_DATE`` (the newest fixture's date) and
``PER_DAY`` articles share each day going back, so none of them falls in the crawl's re-fetch
window (``VKSCRAWL_REFETCH_DAYS``) and a run's cost does not depend on the day it runs.
``add_article`` dates its article today (Viet Nam time).
"""

from __future__ import annotations

import argparse
import copy
import html
import json
import os
import re
import shutil
import sys
import threading
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from vkscrawl.parsing.dates import VN_TZ
from vkscrawl.parsing.text import content_hash
from vkscrawl.offline import server as offline
from vkscrawl.offline.server import (DEFAULT_CONTENT_TYPE, LEGACY_PATH, Portal, PortalServer,
                                     default_fixtures_dir, listing_url, serve_until_interrupted)

INDEX_FILE = "bigportal.json"
#: The newest fixture's date: the newest generated article is dated this day.
END_DATE = date(2025, 9, 16)
PER_DAY = 5
#: 10 to 20 teasers a listing page on the live portal (docs/PORTAL.md); 18 gives 556 pages for 10,000.
PER_PAGE = 18
FIRST_ID = 20001
VIETNAM = VN_TZ  # the portal shows Viet Nam time
WEEKDAYS = ("Thứ hai", "Thứ ba", "Thứ tư", "Thứ năm", "Thứ sáu", "Thứ bảy", "Chủ nhật")

_H1 = re.compile(r'(<h1 class="title-detail">)(.*?)(</h1>)', re.S)
_DATE_DETAIL = re.compile(r'(class="date-detail"[^>]*>)([^<]*)(<)')
_DMY = re.compile(r"\d{1,2}/\d{1,2}/\d{4}")
_HM = re.compile(r"\b(\d{1,2}):(\d{2})\b")
_WEEKDAY = re.compile(r"^\s*(?:Thứ\s+\w+|Chủ\s+nhật)", re.I)
_PUBLISHED_META = re.compile(r'(article:published_time"\s+content=")(\d{4}-\d{2}-\d{2})')
_ITEM = re.compile(r'<div class="item-news">.*?</div>', re.S)
_LIST_OPEN = '<div class="list-news">'
_PAGINATION = re.compile(r'<div class="pagination">.*?</div>', re.S)


# --- templates and variants -------------------------------------------------------------------


@dataclass
class Template:
    name: str
    article_id: int
    path: str
    content_type: str
    html: str
    title_raw: str
    expected: dict | None

    @property
    def summary(self) -> str:
        return (self.expected or {}).get("summary") or ""

    @property
    def thumb(self) -> str:
        images = (self.expected or {}).get("images") or []
        url = images[0]["url"] if images else "/Uploads/no-image.jpg"
        return url.replace("{origin}", "")


def load_templates(fixtures: str | Path | None = None) -> list[Template]:
    """The fixture articles that are served as pages (200, in the feed), in folder order."""
    root = Path(fixtures or default_fixtures_dir())
    out = []
    for meta_file in sorted(root.glob("articles/*/fixture.json")):
        meta = json.loads(meta_file.read_text("utf-8"))
        page = meta_file.parent / "page.html"
        if int(meta.get("status", 200)) != 200 or not page.is_file() or meta.get("in_feed") is False:
            continue
        text = page.read_bytes().decode("utf-8")
        match = _H1.search(text)
        if not match:
            continue
        expected_file = meta_file.parent / "expected.json"
        expected = json.loads(expected_file.read_text("utf-8")) if expected_file.is_file() else None
        out.append(Template(meta_file.parent.name, int(meta["article_id"]), meta["path"],
                            meta.get("content_type", DEFAULT_CONTENT_TYPE), text,
                            match.group(2), expected))
    if not out:
        raise FileNotFoundError(f"{root} holds no article fixture to use as a template")
    return out


@dataclass
class Variant:
    """One generated article: template + number, headline and date of its own."""

    template: Template
    serial: int
    article_id: int
    day: date
    #: Viet Nam local time of publication when the template shows one (else None)
    time: str | None = None

    @property
    def suffix(self) -> str:
        return f" (số {self.serial})"

    @property
    def title(self) -> str:
        return unicodedata.normalize("NFC", html.unescape(self.template.title_raw)) + self.suffix

    @property
    def path(self) -> str:
        return re.sub(r"-t\d+\.html$", f"-t{self.article_id}.html", self.template.path)

    @property
    def dmy(self) -> str:
        return self.day.strftime("%d/%m/%Y")

    @property
    def published(self) -> str:
        if self.time:
            return f"{self.day.isoformat()}T{self.time}:00+07:00"
        return self.day.isoformat()

    def page(self) -> str:
        """The article page, as text (UTF-8 when served)."""
        t = self.template
        text = t.html
        text = re.sub(rf"-t{t.article_id}\.html", f"-t{self.article_id}.html", text)
        text = re.sub(rf"(ItemID=){t.article_id}\b", rf"\g<1>{self.article_id}", text, flags=re.I)
        text = text.replace(t.title_raw, t.title_raw + html.escape(self.suffix, quote=False))

        def new_date(m: re.Match) -> str:
            shown = unicodedata.normalize("NFC", m.group(2))
            shown = _DMY.sub(self.dmy, shown, count=1)
            if _WEEKDAY.match(shown):
                shown = _WEEKDAY.sub(WEEKDAYS[self.day.weekday()], shown, count=1)
            return m.group(1) + shown + m.group(3)

        text = _DATE_DETAIL.sub(new_date, text, count=1)
        text = _PUBLISHED_META.sub(lambda m: m.group(1) + self.day.isoformat(), text)
        return text

    def body(self) -> bytes:
        return self.page().encode("utf-8")

    def expected(self, origin: str | None = None) -> dict | None:
        """The item the parser must produce for this page (the template's, four fields changed);
        ``origin`` replaces ``{origin}`` (None: left as is)."""
        if self.template.expected is None:
            return None
        item = copy.deepcopy(self.template.expected)
        old = self.template.article_id
        item["article_id"] = self.article_id
        item["url"] = re.sub(rf"-t{old}\.html", f"-t{self.article_id}.html", item["url"])
        item["title"] = self.title
        item["published"] = self.published
        blocks = item["text"].split("\n\n")
        blocks[0] = self.title
        if len(blocks) > 1 and _DMY.fullmatch(blocks[1]):
            blocks[1] = self.dmy
        item["text"] = "\n\n".join(blocks)
        item["content_hash"] = content_hash(item["title"], item.get("summary"), item["body"])
        if origin is not None:
            item = json.loads(json.dumps(item).replace("{origin}", origin))
        return item


def _template_time(t: Template) -> str | None:
    match = _DATE_DETAIL.search(t.html)
    if not match:
        return None
    hm = _HM.search(match.group(2))
    return f"{int(hm.group(1)):02d}:{hm.group(2)}" if hm else None


def variants(n: int, templates: list[Template] | None = None, *, first_id: int = FIRST_ID,
             end_date: date = END_DATE, per_day: int = PER_DAY) -> list[Variant]:
    """``n`` distinct articles, oldest first: numbers ``first_id ..``, dates going back from
    ``end_date``, ``per_day`` a day; templates taken in turn."""
    templates = templates or load_templates()
    times = {t.name: _template_time(t) for t in templates}
    out = []
    for k in range(n):
        t = templates[k % len(templates)]
        day = end_date - timedelta(days=(n - 1 - k) // per_day)
        out.append(Variant(t, k + 1, first_id + k, day, times[t.name]))
    return out


# --- the listing ----------------------------------------------------------------------------


class ListingTemplate:
    """The listing page of the fixtures, cut into the parts a generated page is made of."""

    def __init__(self, fixtures: str | Path | None = None):
        root = Path(fixtures or default_fixtures_dir())
        text = (root / "portal" / "listing" / "page-1.html").read_text("utf-8")
        start = text.index(_LIST_OPEN) + len(_LIST_OPEN)
        pagination = _PAGINATION.search(text, start)
        if pagination is None:
            raise ValueError("the fixture listing has no div.pagination")
        self.prefix = text[:start]
        self.suffix = text[pagination.end():]
        self.teaser = _ITEM.search(text, start).group(0)

    def teaser_html(self, v: Variant) -> str:
        title = html.escape(v.title, quote=False)
        title_attr = html.escape(v.title)
        sapo = html.escape(v.template.summary, quote=False)
        s = self.teaser
        s = re.sub(r'href="[^"]*"', lambda _: f'href="{v.path}"', s)
        s = re.sub(r'src="[^"]*"', lambda _: f'src="{html.escape(v.template.thumb)}"', s)
        s = re.sub(r'alt="[^"]*"', lambda _: f'alt="{title_attr}"', s)
        s = re.sub(r'(<h3><a [^>]*>).*?(</a></h3>)', lambda m: m.group(1) + title + m.group(2), s,
                   flags=re.S)
        s = re.sub(r'(<span class="date">).*?(</span>)', lambda m: m.group(1) + v.dmy + m.group(2), s)
        s = re.sub(r'(<p class="sapo">).*?(</p>)', lambda m: m.group(1) + sapo + m.group(2), s,
                   flags=re.S)
        return s

    @staticmethod
    def pagination(page: int, last: int) -> str:
        parts = ['<div class="pagination">']
        if page > 1:
            parts.append(f'<a href="?Page={page - 1}" class="prev" title="Trang trước">«</a>')
        for p in range(max(1, page - 2), min(last, page + 2) + 1):
            parts.append(f'<span class="current">{p}</span>' if p == page
                         else f'<a href="?Page={p}">{p}</a>')
        if page < last:
            parts.append(f'<a href="?Page={page + 1}" class="next" title="Trang sau">»</a>')
        return "\n            ".join(parts) + "\n          </div>"

    def page(self, teasers: list[Variant], page: int, last: int) -> str:
        items = "".join("\n            " + self.teaser_html(v) for v in teasers)
        return (self.prefix + items + "\n          </div>\n          "
                + self.pagination(page, last) + self.suffix)


# --- writing a portal -------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _write_listing(root: Path, newest_first: list[Variant], per_page: int,
                   listing: ListingTemplate) -> int:
    folder = root / "portal" / "listing"
    folder.mkdir(parents=True, exist_ok=True)
    last = max(1, -(-len(newest_first) // per_page))
    for page in range(1, last + 1):
        chunk = newest_first[(page - 1) * per_page: page * per_page]
        _write(folder / f"page-{page}.html", listing.page(chunk, page, last).encode("utf-8"))
    _write(folder / "empty.html", listing.page([], last + 1, last).encode("utf-8"))
    for stale in folder.glob("page-*.html"):  # a smaller portal written over a larger one
        m = re.fullmatch(r"page-(\d+)\.html", stale.name)
        if m and int(m.group(1)) > last:
            stale.unlink()
    return last


def _write_article(root: Path, v: Variant) -> tuple[str, dict]:
    folder = root / "articles" / str(v.article_id)
    folder.mkdir(parents=True, exist_ok=True)
    meta = {"article_id": v.article_id, "path": v.path, "status": 200,
            "content_type": v.template.content_type, "in_feed": True,
            "template": v.template.name, "published": v.published,
            "covers": f"generated from fixture {v.template.name}"}
    _write(folder / "page.html", v.body())
    _write(folder / "fixture.json", json.dumps(meta, ensure_ascii=False, indent=1).encode())
    return folder.name, meta


def _write_index(root: Path, info: dict, articles: dict[str, tuple[str, dict]]) -> None:
    data = {**info, "articles": {path: [folder, meta] for path, (folder, meta) in articles.items()}}
    _write(root / INDEX_FILE, json.dumps(data, ensure_ascii=False).encode("utf-8"))


def generate(root: str | Path, n: int, *, per_page: int = PER_PAGE,
             fixtures: str | Path | None = None, end_date: date = END_DATE,
             per_day: int = PER_DAY, first_id: int = FIRST_ID) -> dict:
    """Write a portal of ``n`` articles to ``root`` (replacing any portal there); return its
    summary (articles, listing pages, first and last article numbers)."""
    root = Path(root)
    if root.exists():
        # Only ever replace a portal this module wrote (or an empty folder): never delete a
        # folder someone pointed at by mistake.
        if not root.is_dir() or ((any(root.iterdir())) and not (root / INDEX_FILE).is_file()):
            raise FileExistsError(f"{root} exists and is not a generated portal "
                                  f"(no {INDEX_FILE}); choose a new or empty folder")
        shutil.rmtree(root)
    (root / "portal").mkdir(parents=True)
    fixtures = Path(fixtures or default_fixtures_dir())
    shutil.copy(fixtures / "portal" / "robots.txt", root / "portal" / "robots.txt")
    templates = load_templates(fixtures)
    items = variants(n, templates, first_id=first_id, end_date=end_date, per_day=per_day)
    articles = dict(_write_article(root, v) for v in items)
    articles = {meta["path"]: (folder, meta) for folder, meta in articles.items()}
    pages = _write_listing(root, items[::-1], per_page, ListingTemplate(fixtures))
    info = {"generator": "bench.bigportal", "articles_count": n, "per_page": per_page,
            "listing_pages": pages, "first_id": first_id, "last_id": first_id + n - 1,
            "end_date": end_date.isoformat(), "per_day": per_day,
            "fixtures": str(fixtures), "added": []}
    _write_index(root, info, articles)
    return {k: v for k, v in info.items() if k != "fixtures"}


def _read_index(root: Path) -> dict:
    return json.loads((root / INDEX_FILE).read_text("utf-8"))


def add_article(root: str | Path, day: date | None = None) -> dict:
    """Publish one more article at the top of the listing (every page shifts by one teaser, as
    on the live portal); dated ``day`` (default: today in Viet Nam). Returns its number, path
    and date."""
    root = Path(root)
    index = _read_index(root)
    fixtures = Path(index["fixtures"])
    templates = load_templates(fixtures)
    n = index["articles_count"]
    first_id = index["first_id"]
    old = variants(n, templates, first_id=first_id, end_date=date.fromisoformat(index["end_date"]),
                   per_day=index["per_day"])
    added = []
    for i, entry in enumerate(index.get("added", [])):
        t = next(t for t in templates if t.name == entry["template"])
        added.append(Variant(t, n + i + 1, entry["article_id"], date.fromisoformat(entry["day"]),
                             _template_time(t)))
    serial = n + len(added) + 1
    template = templates[(serial - 1) % len(templates)]
    new = Variant(template, serial, max([index["last_id"], *(a.article_id for a in added)]) + 1,
                  day or datetime.now(VIETNAM).date(), _template_time(template))
    folder, meta = _write_article(root, new)
    newest_first = [new, *added[::-1], *old[::-1]]
    pages = _write_listing(root, newest_first, index["per_page"], ListingTemplate(fixtures))
    articles = {path: tuple(entry) for path, entry in index["articles"].items()}
    articles[meta["path"]] = (folder, meta)
    info = {k: v for k, v in index.items() if k != "articles"}
    info["added"] = [*index.get("added", []),
                     {"article_id": new.article_id, "template": template.name,
                      "day": new.day.isoformat()}]
    info["listing_pages"] = pages
    _write_index(root, info, articles)
    return {"article_id": new.article_id, "path": new.path, "published": new.published,
            "listing_pages": pages}


# --- serving ----------------------------------------------------------------------------------


class IndexedPortal(Portal):
    """``Portal`` with the article table read from ``bigportal.json`` (again only when that
    file changes) instead of from every ``fixture.json`` on every request."""

    def __init__(self, root: str | Path):
        super().__init__(root)
        self._lock = threading.Lock()
        self._stamp: tuple[int, int] | None = None
        self._articles: dict[str, tuple[Path, dict]] = {}
        self._by_id: dict[str, tuple[Path, dict]] = {}

    def articles(self) -> dict[str, tuple[Path, dict]]:
        index = self.root / INDEX_FILE
        st = index.stat()
        stamp = (st.st_mtime_ns, st.st_size)
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    data = json.loads(index.read_text("utf-8"))
                    articles = {path: (self.root / "articles" / folder, meta)
                                for path, (folder, meta) in data["articles"].items()}
                    self._by_id = {str(meta["article_id"]): entry for entry in articles.values()
                                   for meta in [entry[1]]}
                    self._articles = articles
                    self._stamp = stamp
        return self._articles

    def resolve(self, raw_path: str):
        from urllib.parse import parse_qs, unquote, urlsplit

        parts = urlsplit(raw_path)
        if unquote(parts.path).lower() == LEGACY_PATH:
            query = {k.lower(): v for k, v in parse_qs(parts.query).items()}
            if "itemid" in query:
                self.articles()
                entry = self._by_id.get(query["itemid"][0])
                return self._article(*entry) if entry else self._not_found()
        return super().resolve(raw_path)


def make_server(root: str | Path, port: int = 0, quiet: bool = True) -> PortalServer:
    """A threading HTTP server on 127.0.0.1 serving a generated portal (the request handler of
    ``vkscrawl.offline.server``, no fault modes)."""
    return offline.make_server(port=port, quiet=quiet, portal=IndexedPortal(root))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.bigportal",
                                     description="large offline portals made from the fixtures")
    sub = parser.add_subparsers(dest="command", required=True)
    gen = sub.add_parser("generate", help="write a portal of N articles to DIR")
    gen.add_argument("dir", type=Path)
    gen.add_argument("-n", type=int, default=10000, help="articles (default 10000)")
    gen.add_argument("--per-page", type=int, default=PER_PAGE, help="teasers a listing page")
    gen.add_argument("--fixtures", type=Path, default=None, help="templates (default: fixtures/)")
    srv = sub.add_parser("serve", help="serve the portal in DIR on 127.0.0.1")
    srv.add_argument("dir", type=Path)
    srv.add_argument("--port", type=int, default=0)
    srv.add_argument("--log", action="store_true", help="log every request")
    add = sub.add_parser("add", help="publish one more article at the top of the listing")
    add.add_argument("dir", type=Path)
    args = parser.parse_args(argv)
    if args.command == "generate":
        if args.n < 1 or args.per_page < 1:
            print("bench.bigportal: error: -n and --per-page must be at least 1", file=sys.stderr)
            return 2
        try:
            info = generate(args.dir, args.n, per_page=args.per_page, fixtures=args.fixtures)
        except (FileExistsError, FileNotFoundError) as error:
            print(f"bench.bigportal: error: {error}", file=sys.stderr)
            return 2
        print(json.dumps(info), flush=True)
        return 0
    if args.command == "add":
        print(json.dumps(add_article(args.dir)), flush=True)
        return 0
    server = make_server(args.dir, args.port, quiet=not args.log)
    print(listing_url(server), flush=True)
    serve_until_interrupted(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
