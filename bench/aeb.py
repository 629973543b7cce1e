"""The article extraction benchmark (AEB): 181 real news and blog pages with a hand-checked article
body, scored by the benchmark's own rule, for this parser's ``body`` and for well-kept generic
extractors side by side, with the oracle "best extractor per page" as the ceiling.

The corpus is third-party data and stays OUT of the repository.  It is the public benchmark
published by Scrapinghub (now Zyte) as ``article-extraction-benchmark`` (MIT licence): its
``html/<id>.html.gz`` pages and its ``ground-truth.json`` (``{id: {"url", "articleBody"}}``).
Get a copy of that repository's data and point the script at the folder holding those two:
``--corpus DIR`` or ``$VKSCRAWL_AEB``.

Scoring rule (the benchmark's): words are ``\\w+`` runs; each text becomes its word 4-gram
shingles, counted with multiplicity (a text of fewer than 4 words is one shingle); per page TP
(shared shingles), FP (predicted extra) and FN (true missing) are divided by their sum, so every
page weighs the same; precision and recall are the means over pages of TP/(TP+FP) and
TP/(TP+FN) (a page with TP+FP = 0 is left out of precision, one with TP+FN = 0 out of recall; a
page where nothing was expected and nothing predicted counts 1); F1 = 2PR/(P+R) of the means.

Candidates:

- ``vkscrawl``: the item's ``body`` (``parse_article(bytes, url)``, as ``vkscrawl parse`` runs,
  portal selectors on; none of these pages is in the portal's layout);
- ``vkscrawl_summary_body``: its ``summary`` and ``body`` together (a lead the item keeps apart
  is article text to the benchmark);
- ``trafilatura``: ``trafilatura.extract(bytes, url=URL)``, its defaults; also
  ``favor_precision=True`` and ``favor_recall=True``;
- ``justext`` (bundled with trafilatura), ``readability`` (readability-lxml) and ``resiliparse``
  when installed (``pip install -e '.[bench]'``); each is skipped when missing;
- ``oracle``: per page the extractor (ours left out) with the best page F1; ``oracle_all``: the
  same with ours among them.

Speed (on by default, ``--no-timing`` to skip): per page, in one process, ``parse_article(bytes,
url)`` against ``trafilatura.extract(bytes, url=URL)`` on the same bytes, each including its own
decoding and HTML parsing, interleaved, CPU time of the process, best of ``--repeat`` runs.

    .venv/bin/python bench/aeb.py --corpus DIR            # or VKSCRAWL_AEB=DIR
    .venv/bin/python bench/aeb.py --only vkscrawl,trafilatura --no-timing   # quick look
    .venv/bin/python bench/aeb.py --only vkscrawl --no-timing --no-write --diff   # pages that moved

Writes bench/results/aeb.json (summary, and every page's P/R per extractor); ``--results NAME``
writes bench/results/NAME.json instead (``--only vkscrawl,trafilatura --results aeb_timing``:
a timing run that leaves aeb.json's other extractors alone).
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import loadavg, write_results  # noqa: E402

_TOKEN = re.compile(r"\w+", re.UNICODE)


# -- the benchmark's scoring rule --------------------------------------------------------------


def shingles(text: str | None, n: int = 4) -> Counter:
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(" ".join(tokens[i:i + n]) for i in range(max(1, len(tokens) - n + 1)))


def page_counts(predicted: str | None, truth: str) -> tuple[float, float, float]:
    """(TP, FP, FN) of one page, normalised to sum 1 (all zero when both texts are empty)."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def page_pr(counts) -> tuple[float | None, float | None]:
    tp, fp, fn = counts
    if tp == fp == fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def page_f1(counts) -> float:
    p, r = page_pr(counts)
    p, r = p or 0.0, r or 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def summarise(counts_list) -> dict:
    ps, rs = [], []
    for c in counts_list:
        p, r = page_pr(c)
        if p is not None:
            ps.append(p)
        if r is not None:
            rs.append(r)
    precision = statistics.fmean(ps) if ps else 0.0
    recall = statistics.fmean(rs) if rs else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "empty": sum(1 for c in counts_list if c[0] == 0 and c[1] == 0)}


# -- the extractors ----------------------------------------------------------------------------


def _quiet() -> None:
    logging.disable(logging.WARNING)


def extractors(only: set[str] | None = None) -> dict:
    """name -> function(bytes, url) -> text; the optional ones only when installed."""
    import trafilatura

    from vkscrawl.parsing import parse_article

    found = {}

    def ours(body, url):
        return parse_article(body, url).item["body"]

    def ours_summary_body(body, url):
        item = parse_article(body, url).item
        return "\n\n".join(t for t in (item["summary"], item["body"]) if t)

    found["vkscrawl"] = ours
    found["vkscrawl_summary_body"] = ours_summary_body
    found["trafilatura"] = lambda body, url: trafilatura.extract(body, url=url)
    found["trafilatura_precision"] = lambda body, url: trafilatura.extract(body, url=url, favor_precision=True)
    found["trafilatura_recall"] = lambda body, url: trafilatura.extract(body, url=url, favor_recall=True)

    try:
        import justext

        stoplist = justext.get_stoplist("English")

        def jt(body, url):
            paragraphs = justext.justext(body, stoplist)
            return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)

        found["justext"] = jt
    except ImportError:
        pass
    try:
        from lxml import html as lhtml
        from readability import Document

        def rd(body, url):
            from vkscrawl.parsing import decode_body

            summary = Document(decode_body(body), url=url).summary(html_partial=True)
            return lhtml.fromstring(summary).text_content() if summary.strip() else ""

        found["readability"] = rd
    except ImportError:
        pass
    try:
        from resiliparse.extract.html2text import extract_plain_text
        from resiliparse.parse.encoding import bytes_to_str, detect_encoding

        def rp(body, url):
            return extract_plain_text(bytes_to_str(body, detect_encoding(body)), main_content=True)

        found["resiliparse"] = rp
    except ImportError:
        pass
    if only:
        found = {k: v for k, v in found.items() if k in only}
    return found


# -- the run ------------------------------------------------------------------------------------


def load(corpus: Path) -> list[dict]:
    truth = json.loads((corpus / "ground-truth.json").read_text("utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        path = corpus / "html" / f"{page_id}.html.gz"
        pages.append({"id": page_id, "url": entry["url"], "truth": entry["articleBody"],
                      "body": gzip.decompress(path.read_bytes())})
    return pages


def score(pages: list[dict], names: dict) -> dict:
    rows = []
    for page in pages:
        row = {"id": page["id"], "url": page["url"]}
        for name, fn in names.items():
            try:
                text = fn(page["body"], page["url"])
            except Exception as error:  # noqa: BLE001 - a library's failure on one page is its empty answer
                text = None
                row.setdefault("errors", {})[name] = f"{type(error).__name__}: {error}"[:200]
            row[name] = page_counts(text, page["truth"])
        rows.append(row)
    others = [n for n in names if not n.startswith("vkscrawl")]
    for row in rows:
        if others:
            best = max(others, key=lambda n: page_f1(row[n]))
            row["oracle"] = row[best]
            row["oracle_pick"] = best
        everyone = list(names)
        best = max(everyone, key=lambda n: page_f1(row[n]))
        row["oracle_all"] = row[best]
    columns = list(names) + (["oracle"] if others else []) + ["oracle_all"]
    return {"summary": {n: summarise([r[n] for r in rows]) for n in columns}, "pages": rows}


def timing(pages: list[dict], repeat: int) -> dict:
    """Per page, in-process: our whole parse against trafilatura's extraction, same bytes, each
    side's CPU time (``time.process_time``: less sensitive than wall time to other work on a
    shared machine), best of ``repeat`` interleaved runs."""
    import trafilatura

    from vkscrawl.parsing import parse_article

    clock = time.process_time
    ours, theirs, layers = [], [], Counter()
    for page in pages:
        body, url = page["body"], page["url"]
        best_o = best_t = float("inf")
        for _ in range(repeat):
            start = clock()
            parsed = parse_article(body, url)
            best_o = min(best_o, clock() - start)
            start = clock()
            trafilatura.extract(body, url=url)
            best_t = min(best_t, clock() - start)
        ours.append(best_o)
        theirs.append(best_t)
        layers[parsed.layers["body"]] += 1
    ratios = [o / t for o, t in zip(ours, theirs) if t > 0]
    return {
        "clock": "process_time (CPU seconds of this process)",
        "repeat": repeat,
        "vkscrawl_ms_total": round(1000 * sum(ours), 1),
        "trafilatura_ms_total": round(1000 * sum(theirs), 1),
        "ratio_of_totals": round(sum(ours) / sum(theirs), 3),
        "ratio_median_per_page": round(statistics.median(ratios), 3),
        "ratio_p90_per_page": round(sorted(ratios)[int(0.9 * (len(ratios) - 1))], 3),
        "vkscrawl_ms_median": round(1000 * statistics.median(ours), 2),
        "trafilatura_ms_median": round(1000 * statistics.median(theirs), 2),
        "body_layers": dict(layers),
        "loadavg_at_end": loadavg(),
    }


def print_diff(rows: list[dict], name: str = "vkscrawl") -> int:
    """Per page, ``name``'s F1 against the last recorded ``bench/results/aeb.json``: the pages
    that moved, worst loss first; returns how many moved."""
    recorded = Path(__file__).resolve().parent / "results" / "aeb.json"
    if not recorded.is_file():
        print(f"--diff: no recorded result at {recorded}")
        return 0
    before = {r["id"]: r.get(name) for r in json.loads(recorded.read_text("utf-8")).get("per_page", [])}
    moved = []
    for r in rows:
        old = before.get(r["id"])
        if old is None or r.get(name) is None:
            continue
        was, now = page_f1(old), page_f1(r[name])
        if abs(now - was) >= 1e-4:
            moved.append((now - was, r["id"], was, now, r["url"]))
    for delta, page_id, was, now, url in sorted(moved):
        print(f"  {delta:+.4f}  {was:.4f} -> {now:.4f}  {page_id[:12]}  {url}")
    print(f"--diff: {len(moved)} page(s) moved against {recorded.name}")
    return len(moved)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=os.environ.get("VKSCRAWL_AEB"),
                        help="folder with ground-truth.json and html/ (default: $VKSCRAWL_AEB)")
    parser.add_argument("--only", help="comma-separated extractor names")
    parser.add_argument("--no-timing", dest="timing", action="store_false")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", dest="write", action="store_false")
    parser.add_argument("--diff", action="store_true",
                        help="print every page whose vkscrawl F1 moved against the last recorded "
                             "bench/results/aeb.json (before this run overwrites it)")
    parser.add_argument("--results", default="aeb", metavar="NAME",
                        help="write bench/results/NAME.json (default aeb; e.g. aeb_timing for a "
                             "timing run that must not replace aeb.json's other extractors)")
    args = parser.parse_args()
    if args.corpus is None or not (Path(args.corpus) / "ground-truth.json").is_file():
        print("aeb: no corpus: give --corpus DIR or set VKSCRAWL_AEB (a folder holding "
              "ground-truth.json and html/)", file=sys.stderr)
        return 2
    _quiet()
    pages = load(Path(args.corpus))
    names = extractors(set(args.only.split(",")) if args.only else None)
    result = score(pages, names)
    print(f"{'extractor':24s} {'P':>6s} {'R':>6s} {'F1':>6s} empty")
    for name, s in result["summary"].items():
        print(f"{name:24s} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} {s['empty']:5d}")
    out = {"definition": "see bench/aeb.py docstring and BENCHMARKS.md, 'Article extraction benchmark'",
           "pages": len(pages), "summary": result["summary"]}
    if args.timing:
        out["timing"] = timing(pages, args.repeat)
        t = out["timing"]
        print(f"per page, in-process: vkscrawl {t['vkscrawl_ms_median']} ms vs trafilatura "
              f"{t['trafilatura_ms_median']} ms (median); totals ratio {t['ratio_of_totals']}x, "
              f"median page ratio {t['ratio_median_per_page']}x; load {t['loadavg_at_end']}")
    out["per_page"] = [{k: (v if not isinstance(v, tuple) else [round(x, 4) for x in v])
                        for k, v in r.items()} for r in result["pages"]]
    if args.diff:
        print_diff(out["per_page"])
    if args.write:
        print(f"results: {write_results(args.results, out)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
