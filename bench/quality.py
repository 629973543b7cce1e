"""Extraction quality over the fixture articles: token-level F1 of the article text and chrome
leaks, for vkscrawl's parser and for trafilatura.

The metric (article text, tokens, F1, leaks) is defined in ``tests/support/quality.py`` (the CI
gate uses the same functions); BENCHMARKS.md, "Extraction quality", says the same in words:

- **Article text** of an item: its ``text`` field (title, date, summary, paragraphs and captions
  in page order, author; blocks separated by a blank line) without the title block and without
  the ``dd/mm/yyyy`` date block: that is, the summary, the body paragraphs, the captions and the
  author line. ``reference_text(expected)`` is that of the fixture's ``expected.json``;
  ``article_text(item)`` that of the item the parser produced (same rule, its own title/date).
- For trafilatura the candidate is the ``text`` of ``bare_extraction(html, url=URL,
  with_metadata=True)``, without a first line equal to trafilatura's own ``title`` (it puts the
  headline there when the ``h1`` is inside the article; the reference has no title either).
- **Tokens**: the text in Unicode NFC, case-folded, split into maximal runs of word characters
  (``\\w+``: letters with their diacritics, digits, underscore); punctuation and white space are
  separators. **Token F1** compares the two bags (multisets) of tokens: precision =
  |candidate ∩ reference| / |candidate|, recall = |candidate ∩ reference| / |reference|,
  F1 = 2PR / (P + R); 1.0 when both are empty, 0.0 when only one is.
- **Leak**: a chrome or toolbar string that occurs more often in the extractor's output than in
  the reference (so a word the article itself uses never counts). Checked: the banner and tool
  strings of ``CHROME_PHRASES`` (case-sensitive substrings), the image-box toolbar words
  (``leftcenterrightdel``, a standalone ``left center right del``, a line holding only one of
  those words), and whole lines equal to a line of the portal's chrome (every text line of the
  empty listing page ``fixtures/portal/listing/empty.html``: banner, menus, boxes, footer).
  For vkscrawl the output checked is every text field of the item (``text``, ``summary``,
  ``body``, ``author``, captions, section texts) against the same fields of the expected item;
  for trafilatura its ``text``.

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

from tests.support.quality import (  # noqa: E402,F401  (the metric lives with the tests that gate on it)
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
        print("trafilatura is not installed (pip install -e '.[bench]'): vkscrawl only",
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
