"""``vkscrawl fixture``: a new test fixture from an archived page, or from one live page.

    vkscrawl fixture --warc FILE --offset N [--fixtures DIR]
    vkscrawl fixture --url URL [--fixtures DIR]

writes ``DIR/articles/NN-slug/`` (DIR defaults to ``fixtures``; NN is the next free number):

- ``page.html``: the page as served (the record's body, transfer and content encodings undone);
- ``fixture.json``: where the offline portal serves it (``path``), its status and content type,
  ``covers`` for a person to fill in, and ``source`` (the URL, and the WARC record or fetch time);
- ``expected.json``: the item the crawl would write of it, drafted in the fixtures' convention
  (``README`` of the fixtures folder): without ``source_url``, ``fetched_at`` and ``snapshot``;
  URLs the page names relative to its own host written ``{origin}``. It is a draft: the parser
  layer that served each field is printed, and a person checks every field against the page
  before committing (as web-poet's ``scrapy savefixture`` leaves expected output to review).

The page goes through the crawl's one dispatcher (``dispatch.response_to_item.dispatch``, over an
in-memory ledger and feed), as the offline portal will serve it (from an origin of its own), so
links the page makes absolute to the live host stay as they are and relative ones become
``{origin}``. ``in_feed`` says whether the crawl would write it; a page the crawl would not write
(rejected, the parser failing on it) still makes a fixture, without ``expected.json``.

``--url`` fetches one page with Scrapy and the project's politeness (robots.txt obeyed, the
crawler's User-Agent with ``VKSCRAWL_CONTACT``, its timeouts and retries). Bad arguments (a
missing file, not a WARC, an offset that is not the start of a response record, no such
fixtures folder) are one line on stderr and exit status 2, and write nothing; so is a page that
is no article (not HTML, not answered 200, or without an article number in its URL or its
canonical link: a listing page). With ``--url``, a page that cannot be fetched or is no article
is exit status 1.
"""

from __future__ import annotations

import dataclasses
import io
import json
import re
import sys
import unicodedata
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import unquote, urlsplit

from vkscrawl.archive.reader import check_warc, read_response_at
from vkscrawl.config import Config
from vkscrawl.dispatch.response import StoredResponse, from_record, stored_response
from vkscrawl.dispatch.response_to_item import (GONE, ITEM, NOT_HTML, NOT_OK, UNCHANGED,
                                                ArticleOutcomes, Outcome, dispatch,
                                                validation_problem)
from vkscrawl.exit_status import EXIT_FAILED, EXIT_OK, EXIT_USAGE
from vkscrawl.ledger.feed import FeedWriter
from vkscrawl.ledger.state import Ledger

#: The origin a page is parsed under to draft its expected item (written ``{origin}``).
DRAFT_ORIGIN = "http://fixture-origin.invalid"
#: Item fields that depend on the fetch, not on the page (left out of expected.json).
FETCH_FIELDS = ("source_url", "fetched_at", "snapshot")
#: Settings of the crawl that fetching one page with ``--url`` keeps (its politeness).
POLITENESS = ("ROBOTSTXT_OBEY", "DOWNLOAD_TIMEOUT", "RETRY_ENABLED", "RETRY_TIMES",
              "DOWNLOAD_MAXSIZE", "COOKIES_ENABLED", "TELNETCONSOLE_ENABLED")


@dataclass
class Page:
    stored: StoredResponse
    source: dict


def _error(message: str) -> int:
    print(f"vkscrawl: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def _fail(message: str) -> int:
    print(f"vkscrawl fixture: {message}", file=sys.stderr)
    return EXIT_FAILED


def fixtures_problem(fixtures: Path) -> str | None:
    if not (fixtures / "articles").is_dir():
        return (f"no {fixtures / 'articles'} folder; expected the project's fixtures folder "
                f"(--fixtures DIR)")
    return None


def page_from_warc(warc: Path, offset: int) -> tuple[Page | None, str | None]:
    """The response record at ``offset``, or (None, why not: one line)."""
    problem = check_warc(warc)
    if problem:
        return None, f"--warc {str(warc)!r}: {problem}; expected a WARC file (*.warc.gz)"
    if offset >= warc.stat().st_size:
        return None, f"--offset {offset}: past the end of {warc} ({warc.stat().st_size} bytes)"
    try:
        record = read_response_at(warc, offset)
    except ValueError as error:
        return None, f"--offset {offset}: {error}; expected the offset of a response record"
    except Exception:  # noqa: BLE001 - warcio's ways of failing on bytes that are no record
        return None, (f"--offset {offset}: not the start of a WARC record in {warc}; expected "
                      f"the offset of a response record (an item's snapshot.offset, or "
                      f"`cdxj-indexer` / `warcio index` lists them)")
    if record.body is None:
        return None, f"--offset {offset}: the record's body cannot be decoded"
    return Page(from_record(record, warc.name),
                {"url": record.target_uri, "warc": warc.name, "offset": offset,
                 "warc_date": record.date}), None


def page_from_url(url: str) -> tuple[Page | None, str | None]:
    """Fetch one page with Scrapy and the crawler's politeness; (None, why not) on failure."""
    from scrapy import Request, Spider
    from scrapy.crawler import CrawlerProcess
    from scrapy.exceptions import IgnoreRequest
    from scrapy.settings import Settings

    from vkscrawl import settings as project_settings

    got: dict = {}

    class FixtureFetch(Spider):
        name = "fixture_fetch"

        async def start(self):
            yield Request(url, callback=self.keep, errback=self.failed, dont_filter=True,
                          meta={"handle_httpstatus_all": True})

        def keep(self, response):
            fetched_at = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            got["page"] = Page(stored_response(response.url, response.status, response.headers,
                                               response.body, fetched_at),
                               {"url": response.url, "fetched_at": fetched_at})

        def failed(self, failure):
            got["error"] = failure.getErrorMessage() if failure.check(IgnoreRequest) else \
                f"{failure.type.__name__}: {failure.getErrorMessage()}"

    settings = Settings()
    for name in POLITENESS:
        if hasattr(project_settings, name):
            settings.set(name, getattr(project_settings, name))
    settings.set("LOG_LEVEL", "WARNING")
    settings.set("LOG_INSTALL_ROOT_HANDLER", False)
    # The crawler's own User-Agent, with the operator's contact (VKSCRAWL_CONTACT).
    settings.set("USER_AGENT", Config.from_settings(settings).user_agent)
    process = CrawlerProcess(settings)
    process.crawl(FixtureFetch)
    process.start()
    if "page" in got:
        return got["page"], None
    return None, f"{url} was not fetched: {got.get('error', 'no response')}"


def slug_of(url: str, article_id: int | None) -> str:
    """The folder name's slug: the URL's slug without its ``-d8-t<id>.html`` tail, else
    ``article-<id>``; ASCII letters, digits and dashes, at most 50 characters."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    name = re.sub(r"-d\d+-t\d+\.html?$|\.aspx?$|\.html?$", "", name, flags=re.I)
    name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    name = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:50].strip("-")
    if not name or name == "lists":
        name = f"article-{article_id}" if article_id else "article"
    return name


def next_number(articles: Path) -> int:
    numbers = [int(m.group(1)) for p in articles.iterdir()
               if (m := re.match(r"(\d+)-", p.name)) and p.is_dir()]
    return max(numbers, default=0) + 1


def draft(page: Page) -> Outcome:
    """What the crawl's one dispatcher makes of the page served from an origin of its own, over
    an in-memory ledger and feed (see the module's docstring)."""
    parts = urlsplit(page.stored.url)
    served_at = DRAFT_ORIGIN + (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    stored = dataclasses.replace(page.stored, url=served_at, fetched_at="1970-01-01T00:00:00Z",
                                 snapshot=None)
    ledger = Ledger(None)
    try:
        return dispatch(stored, ArticleOutcomes(ledger, FeedWriter(io.BytesIO(), ledger)),
                        whole_page_required=False)
    finally:
        ledger.close()


def expected_item(item: dict) -> dict:
    """The item in the fixtures' convention: no fetch fields, its own origin written
    ``{origin}``."""
    item = {k: v for k, v in item.items() if k not in FETCH_FIELDS}
    return json.loads(json.dumps(item, ensure_ascii=False).replace(DRAFT_ORIGIN, "{origin}"))


def not_an_article(page: Page, outcome: Outcome) -> str | None:
    """Why the page makes no fixture of an article page, or None."""
    stored = page.stored
    if outcome.verdict in (GONE, NOT_OK, UNCHANGED):
        return f"{stored.url} answered HTTP {stored.status}, not an article page"
    if outcome.verdict == NOT_HTML:
        return f"{stored.url} is not an article page: {outcome.reading.reason}"
    if outcome.article_id is None:
        return (f"{stored.url} is not an article page: no article number in its URL or its "
                f"canonical link (a listing or another page of the site?)")
    return None


def run_fixture(warc: Path | None, offset: int | None, url: str | None,
                fixtures: Path) -> int:
    fixtures = Path(fixtures)
    problem = fixtures_problem(fixtures)
    if problem:
        return _error(f"--fixtures {str(fixtures)!r}: {problem}")
    if warc is not None:
        page, problem = page_from_warc(Path(warc), offset)
        if problem:
            return _error(problem)
    else:
        page, problem = page_from_url(url)
        if problem:
            return _fail(problem)
    outcome = draft(page)
    problem = not_an_article(page, outcome)
    if problem:
        return _error(problem) if warc is not None else _fail(problem)
    reading, article_id = outcome.reading, outcome.article_id
    expected = expected_item(reading.item) if outcome.result == "written" else None
    item_url = (reading.item or {}).get("url") or ""
    # Where the offline portal serves it: the page's current-scheme path (the canonical one when
    # the page was reached by a legacy URL).
    path = urlsplit(page.stored.url).path
    if not re.search(r"-t\d+\.html?$", path) and re.search(r"-t\d+\.html?$", item_url):
        path = urlsplit(item_url).path
    articles = fixtures / "articles"
    existing = [p.name for p in articles.iterdir() if (p / "fixture.json").is_file()
                and json.loads((p / "fixture.json").read_text("utf-8")).get("article_id")
                == article_id]
    folder = articles / f"{next_number(articles):02d}-{slug_of(path, article_id)}"
    folder.mkdir()
    (folder / "page.html").write_bytes(page.stored.body)
    meta = {"article_id": article_id, "path": path, "status": 200}
    content_type = page.stored.content_type
    if content_type and content_type.lower() != "text/html; charset=utf-8":
        meta["content_type"] = content_type
    meta.update({"in_feed": expected is not None,
                 "covers": "TODO: what this page is here to exercise (review expected.json "
                           "field by field first)",
                 "source": page.source})
    (folder / "fixture.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n",
                                         "utf-8")
    if expected is not None:
        (folder / "expected.json").write_text(
            json.dumps(expected, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(f"Wrote {folder}/ (page.html, fixture.json"
          + (", expected.json)" if expected is not None else ")"))
    if existing:
        print(f"  note: article {article_id} already has a fixture: {', '.join(existing)}")
    if expected is None:
        why = (reading.reason if reading.verdict != ITEM
               else f"{outcome.result}: {(validation_problem(reading.item) or ('',))[0]}")
        print(f"  the crawl would not write it ({why.splitlines()[0]}): write expected.json by "
              f"hand")
        return EXIT_OK
    print("  DRAFT: check every field of expected.json against the page before committing.")
    print("  Parser layer that served each field:")
    for field in sorted(reading.layers or {}):
        print(f"    {field:<10} {reading.layers[field]}")
    return EXIT_OK
