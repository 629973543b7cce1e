"""Layout families: this parser (portal selectors off) against trafilatura on the same pages.

Every fixture article printed by each CMS family of ``tests/support/families`` (WebForms,
SharePoint, DotNetNuke, NukeViet, Joomla, WordPress, Drupal, Liferay, early-2000s tables, print
view, AMP).  Per family: mean and minimum token F1 of the article text (the metric of
``tests/support/quality.py``), the share of titles and of publication dates exactly right (the
date compared as ``YYYY-MM-DD``), the pages whose text carries the family's chrome, and the
parse time per page.  For trafilatura: ``bare_extraction(html, url=URL, with_metadata=True)``,
its ``text`` (headline line removed), ``title`` and ``date``.  Writes bench/results/families.json.

    .venv/bin/python bench/families.py
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from common import write_results  # noqa: E402
from tests.support import quality  # noqa: E402
from tests.support.families import FAMILIES, corpus  # noqa: E402

ORIGIN = "http://127.0.0.1:8000"


def expected_of(page) -> dict:
    folder = ROOT / "fixtures" / "articles" / page.article.name
    text = (folder / "expected.json").read_text("utf-8").replace("{origin}", ORIGIN)
    return json.loads(text)


def ours(page, expected) -> dict:
    from vkscrawl.parsing import parse_article

    start = time.perf_counter()
    parsed = parse_article(page.body, ORIGIN + page.article.path, portal=False)
    elapsed = time.perf_counter() - start
    item = parsed.item
    text = quality.fields_text(item)
    return {
        "f1": quality.token_f1(quality.article_text(item), quality.reference_text(expected)),
        "title": item["title"] == expected["title"],
        "date": (item["published"] or "")[:10] == expected["published"][:10],
        "leaks": quality.family_leaks(text, quality.fields_text(expected), page.chrome)
        + quality.leaks(text, quality.fields_text(expected)),
        "seconds": elapsed,
        "body_layer": parsed.layers["body"],
    }


def theirs(page, expected) -> dict:
    import trafilatura

    start = time.perf_counter()
    doc = trafilatura.bare_extraction(page.html, url=ORIGIN + page.article.path, with_metadata=True)
    elapsed = time.perf_counter() - start
    text = quality.trafilatura_text(doc)
    data = doc.as_dict() if doc is not None else {}
    return {
        "f1": quality.token_f1(text, quality.reference_text(expected)),
        "title": quality.nfc(data.get("title")).strip() == expected["title"],
        "date": (data.get("date") or "")[:10] == expected["published"][:10],
        "leaks": quality.family_leaks(text, quality.reference_text(expected), page.chrome),
        "seconds": elapsed,
    }


def summarise(rows: list[dict]) -> dict:
    return {
        "pages": len(rows),
        "mean_f1": round(statistics.fmean(r["f1"] for r in rows), 4),
        "min_f1": round(min(r["f1"] for r in rows), 4),
        "titles_right": round(sum(r["title"] for r in rows) / len(rows), 4),
        "dates_right": round(sum(r["date"] for r in rows) / len(rows), 4),
        "pages_with_leaks": sum(1 for r in rows if r["leaks"]),
        "ms_per_page": round(1000 * statistics.fmean(r["seconds"] for r in rows), 2),
    }


def speed(repeat: int = 20) -> dict:
    """CPU ms per page, in-process, parse only: the fixture pages read by the portal's page class
    (the fast path: no generic extractor), the same pages with the portal's selectors off (every
    field from the lower layers, the generic extractor consulted on the content), and family
    pages (WordPress, early-2000s tables)."""
    from vkscrawl.parsing import parse_article

    fixtures = []
    for folder in sorted((ROOT / "fixtures" / "articles").iterdir()):
        if (folder / "page.html").is_file():
            meta = json.loads((folder / "fixture.json").read_text("utf-8"))
            fixtures.append(((folder / "page.html").read_bytes(), ORIGIN + meta["path"]))

    def timed(pages, **kw) -> float:
        # CPU time of this process: other work on the machine does not count
        start = time.process_time()
        for _ in range(repeat):
            for body, url in pages:
                parse_article(body, url, **kw)
        return round(1000 * (time.process_time() - start) / (repeat * len(pages)), 3)

    on = timed(fixtures)
    off = timed(fixtures, portal=False)
    fam = [(p.body, ORIGIN + p.article.path) for p in corpus(["wordpress", "tables2000"])]
    family = timed(fam, portal=False)
    return {"portal_fast_path_ms": on, "portal_off_ms": off, "family_pages_ms": family,
            "pages": {"fixtures": len(fixtures), "family": len(fam)}, "repeat": repeat}


def main() -> int:
    import logging

    logging.disable(logging.WARNING)  # trafilatura's per-page notes
    table: dict[str, dict] = {}
    all_ours, all_theirs = [], []
    pages = corpus()
    for family in FAMILIES:
        mine, other = [], []
        for page in (p for p in pages if p.family == family):
            expected = expected_of(page)
            mine.append(ours(page, expected))
            other.append(theirs(page, expected))
        layers = {}
        for r in mine:
            layers[r["body_layer"]] = layers.get(r["body_layer"], 0) + 1
        table[family] = {"vkscrawl": {**summarise(mine), "body_layers": layers},
                         "trafilatura": summarise(other)}
        all_ours += mine
        all_theirs += other
    table["all"] = {"vkscrawl": summarise(all_ours), "trafilatura": summarise(all_theirs)}
    print(f"{'family':12s} | {'vkscrawl F1 mean/min':>20s} {'title':>6s} {'date':>6s} {'leaks':>5s} {'ms':>6s} | "
          f"{'trafilatura F1 mean/min':>23s} {'title':>6s} {'date':>6s} {'leaks':>5s} {'ms':>6s}")
    for family, row in table.items():
        o, t = row["vkscrawl"], row["trafilatura"]
        print(f"{family:12s} | {o['mean_f1']:9.4f} / {o['min_f1']:.4f} {o['titles_right']:6.0%} {o['dates_right']:6.0%} "
              f"{o['pages_with_leaks']:5d} {o['ms_per_page']:6.1f} | {t['mean_f1']:12.4f} / {t['min_f1']:.4f} "
              f"{t['titles_right']:6.0%} {t['dates_right']:6.0%} {t['pages_with_leaks']:5d} {t['ms_per_page']:6.1f}")
    timing = speed()
    print(f"parse only, ms/page: portal fast path {timing['portal_fast_path_ms']}, same pages with the "
          f"portal's selectors off {timing['portal_off_ms']}, family pages {timing['family_pages_ms']}")
    path = write_results("families", {
        "speed": timing,
        "definition": "see bench/families.py docstring and BENCHMARKS.md, 'Layout families'",
        "families": table,
        "floors": {"mean_f1_min": 0.99, "page_f1_min": 0.97, "titles": 1.0, "dates": 1.0, "leaks_max": 0},
    })
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
