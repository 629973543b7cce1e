"""Where a crawl's time goes: one crawl of the generated 1,000-article portal under cProfile
(``scrapy crawl --profile``), same settings as bench/crawl_scale.py, summarised by component.

    .venv/bin/python bench/profile_crawl.py [--size 1000]

Prints each component's cumulative time and share of the profiled run; writes
bench/results/profile_crawl.json. (cProfile slows everything down; the shares are what count.)
"""

from __future__ import annotations

import argparse
import inspect
import os
import pstats
import shutil
import sys

from common import PYTHON, ROOT, run_timed, start_portal, stop, work_dir, write_results
from crawl_scale import CRAWL_SETTINGS, ensure_portal


def class_methods(module, method: str) -> dict[tuple[str, int], str]:
    """(file, first line) of ``method`` of every class in ``module`` -> class name."""
    out = {}
    for name, cls in inspect.getmembers(module, inspect.isclass):
        fn = cls.__dict__.get(method)
        if fn is not None and cls.__module__ == module.__name__:
            code = fn.__code__
            out[(os.path.normpath(code.co_filename), code.co_firstlineno)] = name
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", type=int, default=1000)
    args = parser.parse_args()
    work = work_dir()
    root, _ = ensure_portal(work, args.size)
    output = work / f"out-profile-{args.size}"
    if output.exists():
        shutil.rmtree(output)
    prof = work / f"crawl-{args.size}.prof"
    server, url = start_portal(root)
    try:
        command = [PYTHON, "-m", "scrapy", "crawl", "local_news", "--profile", str(prof),
                   "-a", f"start_url={url}", "-s", f"VKSCRAWL_OUTPUT_DIR={output}"]
        for name, value in CRAWL_SETTINGS.items():
            command += ["-s", f"{name}={value}"]
        run = run_timed(command, cwd=ROOT)
    finally:
        stop(server)
    if run.returncode != 0:
        print(run.stderr[-2000:], file=sys.stderr)
    stats = pstats.Stats(str(prof))
    total = stats.total_tt

    import vkscrawl.scrapy_ext.middlewares
    import vkscrawl.scrapy_ext.pipelines

    labels = {}
    for key, name in class_methods(vkscrawl.scrapy_ext.pipelines, "process_item").items():
        labels[key] = f"pipeline {name}"
    for key, name in class_methods(vkscrawl.scrapy_ext.middlewares, "process_response").items():
        labels[key] = f"downloader middleware {name}.process_response"
    wanted = {
        ("spiders/local_news.py", "parse_article"): "spider parse_article (parser, stats, item)",
        ("parsing/__init__.py", "parse_article"): "  of which the parser (parsing.parse_article)",
        ("spiders/local_news.py", "parse_listing"): "spider parse_listing (listing parser, state)",
        ("spidermon/contrib/scrapy/pipelines.py", "process_item"):
            "pipeline spidermon ItemValidationPipeline (jsonschema)",
        ("vkscrawl/snapshots.py", "process_response"): "SnapshotMiddleware (WARC gzip + fsync)",
        ("vkscrawl/stages.py", "clean_item"): "  clean_item",
        ("vkscrawl/stages.py", "validate_item"): "  validate_item (jsonschema)",
        ("vkscrawl/feed.py", "write"): "  FeedWriter.write (JSON line, fsync, state commit)",
    }
    rows: dict[str, float] = {}
    fsync = commit = 0.0
    for (filename, line, name), (_, _, tt, ct, _) in stats.stats.items():
        path = os.path.normpath(filename)
        label = labels.get((path, line))
        if label is None:
            for (suffix, func), text in wanted.items():
                if name == func and path.replace(os.sep, "/").endswith(suffix):
                    label = text
                    break
        if label is not None:
            rows[label] = max(rows.get(label, 0.0), ct)
        if name in ("<built-in method posix.fsync>", "<built-in method posix.fdatasync>"):
            fsync += tt
        if name == "<method 'commit' of 'sqlite3.Connection' objects>":
            commit += tt
    rows["fsync (all callers)"] = fsync
    rows["SQLite commits (all callers; WAL fsync)"] = commit
    print(f"profiled crawl of {args.size} articles: {total:.1f} s (exit {run.returncode})")
    for label, seconds in sorted(rows.items(), key=lambda kv: -kv[1]):
        print(f"  {label:62s} {seconds:7.2f} s  {100 * seconds / total:5.1f} %")
    path = write_results("profile_crawl", {
        "articles": args.size, "exit_status": run.returncode,
        "profiled_s": round(total, 2),
        "components_s": {k: round(v, 3) for k, v in rows.items()},
        "shares": {k: round(v / total, 3) for k, v in rows.items()},
    })
    print(f"results: {path}")
    shutil.rmtree(output, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
