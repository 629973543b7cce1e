"""Extraction quality over the fixture articles: token-level F1 of the article text and chrome
leaks, for vkscrawl's parser and for trafilatura.

The metric (article text, tokens, F1, leaks) is defined, in words and in code, in
``tests/support/quality.py``: the CI gate (tests/test_quality_gate.py) uses the same functions.
BENCHMARKS.md, "Extraction quality", says the same in words.

Run as a script it evaluates both extractors and writes bench/results/quality.json:

    .venv/bin/python bench/quality.py
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/ is on the path, the project root is not
    sys.path.insert(0, str(ROOT))

#: re-exported for bench/test_bigportal.py, which scores generated pages with the same metric
__all__ = ["article_text", "reference_text", "token_f1", "evaluate_trafilatura", "main"]

from tests.support.quality import (  # noqa: E402  (the metric lives with the tests that gate on it)
    Page, article_text, evaluate_vkscrawl, fixture_pages, leaks, reference_text, summarise,
    token_f1, token_prf, trafilatura_text,
)


def evaluate_trafilatura(pages: list[dict] | None = None) -> list[Page]:
    import trafilatura

    results = []
    for p in pages or fixture_pages():
        doc = trafilatura.bare_extraction(p["body"], url=p["url"], with_metadata=True)
        candidate = trafilatura_text(doc)
        reference = reference_text(p["expected"])
        results.append(Page(p["fixture"], *token_prf(candidate, reference),
                            leaks=leaks(candidate, reference)))
    return results


def main() -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from common import write_results

    pages = fixture_pages()
    ours = evaluate_vkscrawl(pages)
    try:
        theirs = evaluate_trafilatura(pages)
    except ImportError:
        theirs = None
        print("trafilatura is not installed (pip install -e .): vkscrawl only",
              file=sys.stderr)
    print(f"{'fixture':52s} {'vkscrawl F1':>11s} {'leaks':>5s}  "
          f"{'trafilatura F1':>14s} {'P':>5s} {'R':>5s} {'leaks':>5s}")
    for i, r in enumerate(ours):
        t = theirs[i] if theirs else None
        print(f"{r.fixture:52s} {r.f1:11.4f} {len(r.leaks):5d}  "
              + (f"{t.f1:14.4f} {t.precision:5.2f} {t.recall:5.2f} {len(t.leaks):5d}" if t else ""))
    s_ours = summarise(ours)
    s_theirs = summarise(theirs) if theirs else None
    print()
    print(f"vkscrawl:    mean F1 {s_ours['mean_f1']:.4f}, min {s_ours['min_f1']:.4f}, "
          f"pages with leaks {s_ours['pages_with_leaks']}/{s_ours['pages']}, "
          f"text exactly as expected {s_ours['exact_text']}/{s_ours['pages']}")
    if s_theirs:
        print(f"trafilatura: mean F1 {s_theirs['mean_f1']:.4f}, min {s_theirs['min_f1']:.4f}, "
              f"P {s_theirs['mean_precision']:.3f}, R {s_theirs['mean_recall']:.3f}, "
              f"pages with leaks {s_theirs['pages_with_leaks']}/{s_theirs['pages']}")
        kinds = Counter(leak for r in theirs for leak in r.leaks)
        print("trafilatura leaks (pages):", ", ".join(f"{k} ({v})" for k, v in kinds.most_common()))
    met = s_ours["mean_f1"] >= 0.99 and s_ours["min_f1"] >= 0.98 and not s_ours["pages_with_leaks"]
    path = write_results("quality", {
        "definition": "see bench/quality.py docstring and BENCHMARKS.md",
        "vkscrawl": {**s_ours, "per_page": [asdict(r) for r in ours]},
        "trafilatura": ({**s_theirs, "per_page": [asdict(r) for r in theirs]}
                        if theirs else None),
        "gate": {"mean_f1_min": 0.99, "page_f1_min": 0.98, "leaks_max": 0, "met": met},
    })
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
