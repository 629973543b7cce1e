"""What each rule of the generic layers is worth: every rule group switched off in turn, in one
process, and both development corpora scored (the article extraction benchmark's body F1,
``bench/aeb.py``; the 84-page set's snippet F1 of ``text``, ``bench/independent.py``).

A rule fitted to the pages of one corpus stays only when it shows a gain on a corpus it was not
fitted to (BENCHMARKS.md, section 6, lists the groups removed that way and their gains).  This
script measures the groups that stayed, so that the figure can be checked again after a change.

    VKSCRAWL_AEB=DIR VKSCRAWL_EVALCORPUS=DIR .venv/bin/python bench/ablation.py

Writes bench/results/ablation.json.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import aeb  # noqa: E402
import independent  # noqa: E402
from common import write_results  # noqa: E402


def _groups():
    from vkscrawl.parsing import article as A
    from vkscrawl.parsing.generic import chrome as C

    return {
        "baseline": [],
        "chrome: a chrome-named element holding half the page is its wrapper": [(C, "_WRAPPER_SHARE", 10.0)],
        "opening date/byline/separator/headline lines not body": [
            (A.ArticlePage, "drop_opening_lines", staticmethod(lambda blocks, title="": blocks))],
        "rows of links and taxonomy lines not body": [
            (A.ArticlePage, "drop_link_runs", staticmethod(lambda blocks: blocks))],
        "paragraph agreement with the generic extractor": [(A, "agreed", lambda blocks, generic: blocks)],
    }


def _clear_caches() -> None:
    from vkscrawl.parsing.generic import chrome as C
    from vkscrawl.parsing.generic import structure as S

    for cache in (C._chrome_attrs, C._layout_attrs, C._body_attrs, S._summary_hints, S._title_hints,
                  S._breadcrumb_hints, S._body_classes):
        cache.clear()


@contextlib.contextmanager
def _patched(obj, name, value):
    old = obj.__dict__[name] if isinstance(obj, type) else getattr(obj, name)
    setattr(obj, name, value)
    try:
        yield
    finally:
        setattr(obj, name, old)


def main() -> int:
    from vkscrawl.parsing import parse_article

    aeb_dir, eval_dir = os.environ.get("VKSCRAWL_AEB"), os.environ.get("VKSCRAWL_EVALCORPUS")
    if not aeb_dir or not eval_dir:
        print("ablation: set VKSCRAWL_AEB and VKSCRAWL_EVALCORPUS (see bench/aeb.py, bench/independent.py)",
              file=sys.stderr)
        return 2
    logging.disable(logging.WARNING)
    aeb_pages, eval_pages = aeb.load(Path(aeb_dir)), independent.load(Path(eval_dir) / "trafilatura-cache")
    results = {}
    for name, patches in _groups().items():
        with contextlib.ExitStack() as stack:
            for obj, attr, value in patches:
                stack.enter_context(_patched(obj, attr, value))
            _clear_caches()
            a = aeb.summarise([aeb.page_counts(parse_article(p["body"], p["url"]).item["body"], p["truth"])
                               for p in aeb_pages])
            i = independent.prf([independent.score(parse_article(p["body"], p["url"]).item["text"], p)
                                 for p in eval_pages])
        results[name] = {"aeb_f1": a["f1"], "set84_f1": i["f1"]}
        print(f"{name:70s} AEB {a['f1']:.4f}  84-set {i['f1']:.4f}", flush=True)
    _clear_caches()
    base = results["baseline"]
    for name, r in results.items():
        r["gain_aeb"] = round(base["aeb_f1"] - r["aeb_f1"], 4)
        r["gain_84"] = round(base["set84_f1"] - r["set84_f1"], 4)
    print(f"results: {write_results('ablation', {'groups': results})}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
