"""An independent corpus, scored the way trafilatura's evaluation scores extractors: per page, text
snippets that must appear in the extracted text (``with``) and snippets that must not
(``without``); over the corpus, precision = TP / (TP + FP), recall = TP / (TP + FN) and F1, where a
``with`` snippet found is a true positive, one missing a false negative, a ``without`` snippet
found a false positive.  A page for which an extractor returns nothing counts all its ``with``
snippets as false negatives ("empty").

The pages are third-party pages and stay OUT of the repository: a corpus folder
(``$VKSCRAWL_EVALCORPUS``, default ``<tmp>/vkscrawl-bench/evalcorpus``) holds ``<name>.html`` and ``<name>.json``
(``{"url": ..., "with": [...], "without": [...], "source": ...}``) per page, in subfolders.
BENCHMARKS.md, "Independent corpus", says which pages were used and how they were obtained.

Candidates: this parser's item ``text`` (``parse_article(bytes, url)``, portal selectors on, as
``vkscrawl parse`` runs) and, separately, its ``body``; trafilatura's ``extract(html, url=url)``
(its defaults).  Writes bench/results/independent.json.

    .venv/bin/python bench/independent.py                 # score the corpus
    .venv/bin/python bench/independent.py --diff          # ... and name the pages that moved
    .venv/bin/python bench/independent.py --build-docs    # (re)build the docs/ part (see below)
    .venv/bin/python bench/independent.py --build-trafilatura SDIST EVALDATA...   # see below

``--build-trafilatura`` makes the corpus part ``trafilatura-cache/`` from trafilatura's own
evaluation pages: the ``tests/cache/*.html`` pages shipped in its old source distributions
(``pip download trafilatura==1.0.0 --no-deps --no-binary :all:``, 110 pages; 0.8.2 and 0.9.3
ship the same set) and their annotations, matched by file name: the ``EVAL_PAGES`` dict of
``tests/evaldata.py`` in trafilatura's repository (``{url: {"file", "with", "without"}}``, read
with ``ast``, never executed; several files in that format may be given and are merged), else the
``'...' in result`` / ``'...' not in result`` assertions the sdist's own
``tests/realworld_tests.py`` makes about the page.  A page with neither is left out.

``--build-docs`` makes a corpus part from documentation sites installed on this machine, each
page annotated from its generator's own markup (the main container it names, the navigation it
names), not from either extractor: up to three sentences of the main text as ``with``, up to
three link texts of the navigation that the main text does not contain as ``without``.
"""

from __future__ import annotations

import argparse
import ast
import json
import logging
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import work_dir, write_results  # noqa: E402

#: Third-party pages, kept out of the repository: $VKSCRAWL_EVALCORPUS, else beside the other
#: work files of the benchmarks.
CORPUS = Path(os.environ.get("VKSCRAWL_EVALCORPUS") or work_dir() / "evalcorpus")

#: Documentation generators installed on this machine: (name, glob, URL prefix, main container
#: XPath, navigation XPath).
DOC_SITES = (
    ("nodejs", "/usr/share/doc/nodejs/api/*.html", "https://nodejs.org/api/",
     "//*[@id='apicontent']", "//*[@id='column2'] | //*[@id='toc'] | //*[@id='gtoc']"),
    ("mdbook", "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/share/doc/rust/html/book/ch*.html",
     "https://doc.rust-lang.org/book/", "//main", "//h1[contains(@class, 'menu-title')] | //nav"),
    ("docbook", "/usr/share/doc/valgrind/html/*.html", "https://valgrind.org/docs/manual/",
     "(//*[contains(concat(' ', @class, ' '), ' chapter ') or contains(concat(' ', @class, ' '), ' sect1 ')])[1]",
     "//table[contains(@class, 'nav')]"),
)


# -- scoring ------------------------------------------------------------------------------------


def _spaced(text: str) -> str:
    return " ".join(text.split())


def score(text: str | None, page: dict) -> tuple[int, int, int, int]:
    """(TP, FN, FP, TN) of one page: trafilatura's evaluation rule, substring tests with white
    space normalised on both sides (runs of white space, line breaks included, as one space)."""
    if not text:
        return 0, len(page["with"]), 0, len(page["without"])
    text = _spaced(text)
    tp = sum(1 for s in page["with"] if _spaced(s) in text)
    fp = sum(1 for s in page["without"] if _spaced(s) in text)
    return tp, len(page["with"]) - tp, fp, len(page["without"]) - fp


def prf(counts) -> dict:
    tp, fn, fp, tn = (sum(c[i] for c in counts) for i in range(4))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4),
            "tp": tp, "fn": fn, "fp": fp, "tn": tn}


def load(corpus: Path = CORPUS) -> list[dict]:
    pages = []
    for meta in sorted(corpus.rglob("*.json")):
        html = meta.with_suffix(".html")
        if not html.is_file():
            continue
        page = json.loads(meta.read_text("utf-8"))
        page["name"] = str(meta.relative_to(corpus).with_suffix(""))
        page["body"] = html.read_bytes()
        pages.append(page)
    return pages


def _best_cpu(call, repeat: int) -> float:
    """The least CPU time of ``repeat`` calls (``time.process_time``: steadier than wall time on
    a shared machine)."""
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        call()
        best = min(best, time.process_time() - start)
    return best


def evaluate(pages: list[dict], repeat: int = 3) -> dict:
    import trafilatura

    from vkscrawl.parsing import parse_article

    rows = []
    for page in pages:
        # the first call of each is the scored one and warms both up; the times are the best of
        # ``repeat`` calls after it, in process, on the same bytes
        parsed = parse_article(page["body"], page["url"])
        theirs = trafilatura.extract(page["body"], url=page["url"])
        ours_s = _best_cpu(lambda: parse_article(page["body"], page["url"]), repeat)
        theirs_s = _best_cpu(lambda: trafilatura.extract(page["body"], url=page["url"]), repeat)
        recall = trafilatura.extract(page["body"], url=page["url"], favor_recall=True)
        # the setting of trafilatura's own evaluation (its tests/evaluate.py): comments left out
        no_comments = trafilatura.extract(page["body"], url=page["url"], include_comments=False)
        rows.append({
            "name": page["name"],
            "part": "/".join(page["name"].split("/")[:-1]),
            "text": score(parsed.item["text"], page),
            "body": score(parsed.item["body"], page),
            "trafilatura": score(theirs, page),
            "trafilatura_recall": score(recall, page),
            "trafilatura_no_comments": score(no_comments, page),
            "ours_empty": not (parsed.item["body"] or parsed.item["summary"]),
            "theirs_empty": not theirs,
            "body_layer": parsed.layers["body"],
            "ours_ms": round(1000 * ours_s, 2),
            "theirs_ms": round(1000 * theirs_s, 2),
        })
    out = {}
    for part in sorted({r["part"] for r in rows}) + ["all"]:
        sel = [r for r in rows if part == "all" or r["part"] == part]
        layers: dict[str, int] = {}
        for r in sel:
            layers[r["body_layer"]] = layers.get(r["body_layer"], 0) + 1
        out[part] = {
            "pages": len(sel),
            "vkscrawl_text": prf([r["text"] for r in sel]),
            "vkscrawl_body": prf([r["body"] for r in sel]),
            "trafilatura": prf([r["trafilatura"] for r in sel]),
            "trafilatura_favor_recall": prf([r["trafilatura_recall"] for r in sel]),
            "trafilatura_no_comments": prf([r["trafilatura_no_comments"] for r in sel]),
            "vkscrawl_empty": sum(r["ours_empty"] for r in sel),
            "trafilatura_empty": sum(r["theirs_empty"] for r in sel),
            "empty_where_trafilatura_is_not": [r["name"] for r in sel if r["ours_empty"] and not r["theirs_empty"]],
            "body_layers": layers,
            "vkscrawl_ms_per_page": round(statistics.fmean(r["ours_ms"] for r in sel), 2),
            "vkscrawl_ms_per_page_by_body_layer": {
                layer: round(statistics.fmean(r["ours_ms"] for r in sel if r["body_layer"] == layer), 2)
                for layer in layers},
            "trafilatura_ms_per_page": round(statistics.fmean(r["theirs_ms"] for r in sel), 2),
            "cost_ratio_of_totals": round(sum(r["ours_ms"] for r in sel) / max(sum(r["theirs_ms"] for r in sel), 1e-9), 3),
        }
    return {"parts": out, "pages": rows, "timing": f"CPU time in process, best of {repeat} calls after a first one"}


# -- the docs part ------------------------------------------------------------------------------


_SENTENCE = re.compile(r"[A-Z][^.!?]{40,160}[.!?]")


def build_docs(corpus: Path = CORPUS, per_site: int = 25, seed: int = 7) -> int:
    import glob

    from lxml import html as lhtml

    rng = random.Random(seed)
    written = 0
    for name, pattern, prefix, main_xpath, nav_xpath in DOC_SITES:
        files = sorted(glob.glob(pattern))
        rng.shuffle(files)
        count = 0
        for path in files:
            if count >= per_site:
                break
            raw = Path(path).read_bytes()
            doc = lhtml.fromstring(raw)
            for bad in doc.xpath("//script | //style"):
                bad.drop_tree()
            main = doc.xpath(main_xpath)
            if not main:
                continue
            main_text = " ".join(main[0].text_content().split())
            paragraphs = [" ".join(p.text_content().split()) for p in main[0].xpath(".//p")]
            sentences = [m.group(0) for p in paragraphs for m in _SENTENCE.finditer(p)]
            with_ = rng.sample(sentences, min(3, len(sentences)))
            nav_links = []
            for nav in doc.xpath(nav_xpath):
                for a in nav.xpath("self::h1 | .//a | .//th"):
                    t = " ".join(a.text_content().split())
                    if len(t) >= 8 and t not in main_text and t not in nav_links:
                        nav_links.append(t)
            without = rng.sample(nav_links, min(3, len(nav_links)))
            if len(with_) < 2 or not without:
                continue
            out = corpus / "docs" / name
            out.mkdir(parents=True, exist_ok=True)
            stem = Path(path).stem
            (out / f"{stem}.html").write_bytes(raw)
            (out / f"{stem}.json").write_text(json.dumps({
                "url": prefix + Path(path).name, "with": with_, "without": without,
                "source": f"{path} (annotated from {main_xpath} / {nav_xpath})"},
                ensure_ascii=False, indent=1), "utf-8")
            count += 1
            written += 1
    return written


# -- the trafilatura-cache part ------------------------------------------------------------------


def _literal_dicts(source: str):
    """Every dict literal assigned at module level in ``source`` (evaldata.py's EVAL_PAGES)."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Dict):
            yield ast.literal_eval(node.value)


def _realworld_assertions(source: str) -> dict[str, dict]:
    """``{url: {"with": [...], "without": [...]}}`` from ``result = load_mock_page(URL, ...)``
    followed by ``assert 'a' in result and 'b' not in result ...`` in realworld_tests.py."""
    found: dict[str, dict] = {}
    url = None
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef):
            for stmt in node.body:
                if (isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.Call)
                        and getattr(stmt.value.func, "id", "") == "load_mock_page"
                        and isinstance(stmt.value.args[0], ast.Constant)):
                    url = stmt.value.args[0].value
                elif isinstance(stmt, ast.Assert) and url:
                    page = found.setdefault(url, {"with": [], "without": []})
                    test = stmt.test
                    for clause in (test.values if isinstance(test, ast.BoolOp) else [test]):
                        if (isinstance(clause, ast.Compare) and isinstance(clause.left, ast.Constant)
                                and isinstance(clause.left.value, str) and clause.left.value
                                and len(clause.ops) == 1
                                and getattr(clause.comparators[0], "id", "") == "result"):
                            if isinstance(clause.ops[0], ast.In):
                                page["with"].append(clause.left.value)
                            elif isinstance(clause.ops[0], ast.NotIn):
                                page["without"].append(clause.left.value)
                    url = None
    return found


def build_trafilatura(sdist: Path, evaldata: list[Path], corpus: Path = CORPUS) -> int:
    import tarfile

    annotations: dict[str, tuple[str, dict, str]] = {}   # file name -> (url, entry, source)
    with tarfile.open(sdist) as tar:
        members = {Path(m.name).name: m for m in tar.getmembers()
                   if "/tests/cache/" in m.name and m.name.endswith(".html")}
        realworld = next((m for m in tar.getmembers() if m.name.endswith("tests/realworld_tests.py")), None)
        mock_pages: dict[str, str] = {}
        if realworld is not None:
            source = tar.extractfile(realworld).read().decode("utf-8")
            for table in _literal_dicts(source):
                mock_pages.update({url: name for url, name in table.items() if isinstance(name, str)})
            for url, entry in _realworld_assertions(source).items():
                if url in mock_pages and entry["with"]:
                    annotations[mock_pages[url]] = (url, entry, f"{sdist.name} tests/realworld_tests.py")
        for path in evaldata:
            for table in _literal_dicts(path.read_text("utf-8")):
                for url, entry in table.items():
                    if isinstance(entry, dict) and entry.get("file") and entry.get("with"):
                        annotations[entry["file"]] = (url, entry, f"tests/evaldata.py ({path.name})")
        out = corpus / "trafilatura-cache"
        out.mkdir(parents=True, exist_ok=True)
        written = 0
        for name, member in sorted(members.items()):
            if name not in annotations:
                continue
            url, entry, source = annotations[name]
            stem = name[:-len(".html")]
            (out / name).write_bytes(tar.extractfile(member).read())
            (out / f"{stem}.json").write_text(json.dumps({
                "url": url, "with": list(entry["with"]), "without": list(entry.get("without", [])),
                "source": f"{sdist.name} tests/cache/{name}; snippets: {source}"},
                ensure_ascii=False, indent=1), "utf-8")
            written += 1
    return written


def print_diff(rows: list[dict]) -> int:
    """Per page, the (TP, FN, FP, TN) of the item's text against the last recorded
    ``bench/results/independent.json``: the pages that moved; returns how many."""
    recorded = Path(__file__).resolve().parent / "results" / "independent.json"
    if not recorded.is_file():
        print(f"--diff: no recorded result at {recorded}")
        return 0
    before = {r["name"]: list(r["text"]) for r in json.loads(recorded.read_text("utf-8")).get("pages", [])}
    moved = 0
    for r in rows:
        old, now = before.get(r["name"]), list(r["text"])
        if old is not None and old != now:
            moved += 1
            print(f"  {r['name']}: TP/FN/FP/TN {old} -> {now}")
    print(f"--diff: {moved} page(s) moved against {recorded.name}")
    return moved


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build-docs", action="store_true")
    parser.add_argument("--build-trafilatura", nargs="+", type=Path, metavar=("SDIST", "EVALDATA"),
                        help="trafilatura's sdist (.tar.gz), then evaldata.py-format files")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--diff", action="store_true",
                        help="print every page whose snippet counts for the item's text moved against "
                             "the last recorded bench/results/independent.json (before this run overwrites it)")
    args = parser.parse_args()
    if args.build_trafilatura:
        sdist, *evaldata = args.build_trafilatura
        print(f"trafilatura-cache pages written: {build_trafilatura(sdist, evaldata, args.corpus)}")
        return 0
    if args.build_docs:
        print(f"docs pages written: {build_docs(args.corpus)}")
        return 0
    logging.disable(logging.WARNING)
    pages = load(args.corpus)
    if not pages:
        print(f"no pages under {args.corpus}", file=sys.stderr)
        return 2
    result = evaluate(pages)
    print(f"{'part':24s} {'pages':>5s} | {'vkscrawl text P/R/F1':>22s} | {'body F1':>7s} | "
          f"{'trafilatura P/R/F1':>20s} | {'favor_recall':>12s} | {'no comments':>11s} | empty ours/theirs | ms ours/theirs (ratio)")
    for part, r in result["parts"].items():
        o, b, t, tr = r["vkscrawl_text"], r["vkscrawl_body"], r["trafilatura"], r["trafilatura_favor_recall"]
        nc = r["trafilatura_no_comments"]
        print(f"{part:24s} {r['pages']:5d} | {o['precision']:.3f} {o['recall']:.3f} {o['f1']:.3f} | "
              f"{b['f1']:7.3f} | {t['precision']:.3f} {t['recall']:.3f} {t['f1']:.3f} | {tr['f1']:12.3f} | {nc['f1']:11.3f} | "
              f"{r['vkscrawl_empty']:3d}/{r['trafilatura_empty']:<3d} | "
              f"{r['vkscrawl_ms_per_page']:.1f}/{r['trafilatura_ms_per_page']:.1f} ({r['cost_ratio_of_totals']:.2f}x)")
    lost = result["parts"]["all"]["empty_where_trafilatura_is_not"]
    print(f"empty where trafilatura finds text: {lost or 'none'}")
    if args.diff:
        print_diff(result["pages"])
    path = write_results("independent", {
        "definition": "see bench/independent.py docstring and BENCHMARKS.md, 'Independent corpus'",
        "corpus": str(args.corpus), **result})
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
