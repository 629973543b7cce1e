"""Parse throughput: `vkscrawl reparse` versus trafilatura over the same WARC of article pages.

1. Builds (once, cached in the work folder) a WARC of N distinct article responses made from the
   fixture pages by ``bench.bigportal`` (own number, headline and date each), written the way
   the crawl writes them: ``vkscrawl.archive.writer.SnapshotWriter.write_exchange`` on Scrapy
   request/response objects (a ``response`` record with the HTTP status line and headers, then
   its ``request`` record), plus the robots.txt and listing-page responses a crawl of those
   articles would also have archived.
2. Times whole processes, alternating the two sides, ``--runs`` times each (default 5), and takes
   the median (also of the ratio within each pair of consecutive runs):
   - ours: ``vkscrawl reparse --quiet WARC > /dev/null`` (JSON lines on standard output)
   - trafilatura: ``python bench/trafilatura_warc.py WARC > /dev/null`` (``bare_extraction(body,
     url=URI, with_metadata=True)``, one JSON line per page)
   both read the records with warcio. Also timed, for the record: ``vkscrawl reparse -o FILE``
   (the archivist's command: a temporary feed file, fsync'ed once, then renamed over OUT) and each side's fixed cost
   (the same commands over a WARC of 15 pages).
3. Checks that the reparse output equals the expected item of every page, and measures the two
   extractors in-process (parse only, no WARC, no process start) for the per-page cost.

``--off-layout-every K`` makes a mixed archive: every K-th article response is one of the layout
families of ``tests/support/families`` instead (the same articles printed by eleven other CMSs,
portal layout absent), cycling through them; those pages are checked for a title, a date and a
body rather than against an expected item.

    .venv/bin/python bench/parse_speed.py [--pages 2000] [--runs 5] [--off-layout-every 5]

Prints the figures; writes bench/results/parse_speed.json (``parse_speed_mixed.json`` for a
mixed archive; ``..._quick.json`` with ``--quick``; ``..._S.json`` with ``--suffix S``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path

from common import PYTHON, ROOT, VENV_BIN, median, run_timed, work_dir, write_results

ORIGIN = "https://vksndtc.gov.vn"
LISTING = "/tin-tuc/tin-hoat-dong-vksnd-dia-phuong"
IGNORED = ("fetched_at", "snapshot", "source_url")


def off_layout_bodies() -> list[tuple[bytes, str, str]]:
    """The layout-family pages (body, the path and the headline of the article they print), in a
    fixed order."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from tests.support.families import corpus

    return [(page.body, page.article.path, page.article.title) for page in corpus()]


def build_warc(path: Path, pages: int, off_layout_every: int = 0) -> dict:
    """A WARC of ``pages`` article responses (+ robots.txt and listing pages), as the crawl
    writes them. Returns {"articles": n, "records": ..., "bytes": ...}."""
    from scrapy import Request
    from scrapy.http import HtmlResponse, TextResponse

    from bench.bigportal import PER_PAGE, ListingTemplate, variants
    from vkscrawl.archive.records import software
    from vkscrawl.archive.writer import SnapshotWriter

    items = variants(pages)
    newest_first = items[::-1]
    others = off_layout_bodies() if off_layout_every else []
    swapped = 0
    listing = ListingTemplate()
    last = -(-len(items) // PER_PAGE)
    folder = path.parent / (path.name + ".building")
    if folder.exists():
        for f in folder.iterdir():
            f.unlink()
    writer = SnapshotWriter(folder, prefix="bench", repair=False, info={
        "software": software(), "format": "WARC File Format 1.1",
        "description": f"vkscrawl benchmark: {len(items)} generated article pages "
                       f"(bench.bigportal) as a crawl of {ORIGIN} would archive them"})
    when = formatdate(usegmt=True)

    def exchange(url: str, body: bytes, content_type: str, cls=HtmlResponse) -> None:
        headers = {"Server": "vkscrawl-offline-portal", "Date": when,
                   "Content-Type": content_type,
                   "ETag": '"%s"' % hashlib.sha1(body).hexdigest()[:16],
                   "Content-Length": str(len(body))}
        request = Request(url, headers={"User-Agent": "vkscrawl-bench"})
        response = cls(url, status=200, headers=headers, body=body, request=request)
        writer.write_exchange(request, response)

    exchange(ORIGIN + "/robots.txt",
             (ROOT / "fixtures" / "portal" / "robots.txt").read_bytes(),
             "text/plain; charset=utf-8", TextResponse)
    records = 1
    for page in range(1, last + 1):
        chunk = newest_first[(page - 1) * PER_PAGE: page * PER_PAGE]
        url = ORIGIN + LISTING + ("" if page == 1 else f"?Page={page}")
        exchange(url, listing.page(chunk, page, last).encode("utf-8"), "text/html; charset=utf-8")
        records += 1
        for v in chunk:
            if off_layout_every and records % off_layout_every == 0:
                body, printed, headline = others[swapped % len(others)]
                swapped += 1
                # the page names itself by the variant's URL (its canonical link, og:url) and gets
                # a headline of its own, so that each is an article of its own, not a duplicate
                # the reparse would drop
                body = (body.decode("utf-8").replace(printed, v.path)
                        .replace(headline, f"{headline} (bản {swapped})").encode("utf-8"))
                exchange(ORIGIN + v.path, body, "text/html; charset=utf-8")
            else:
                exchange(ORIGIN + v.path, v.body(), v.template.content_type)
            records += 1
    writer.close()
    [written] = writer.files
    os.replace(written, path)
    folder.rmdir()
    return {"articles": len(items), "responses": records, "bytes": path.stat().st_size,
            "off_layout": swapped}


def templates_digest() -> str:
    """Changes when a template page (or the generator) changes: the cached WARC is then rebuilt."""
    digest = hashlib.sha1()
    for f in sorted((ROOT / "fixtures").glob("articles/*/*")) + [
            ROOT / "fixtures" / "portal" / "listing" / "page-1.html",
            ROOT / "bench" / "bigportal.py"]:
        digest.update(f.name.encode() + f.read_bytes())
    return digest.hexdigest()[:16]


def ensure_warc(work: Path, pages: int, off_layout_every: int = 0) -> tuple[Path, dict]:
    path = work / (f"articles-{pages}.warc.gz" if not off_layout_every
                   else f"articles-{pages}-mixed{off_layout_every}.warc.gz")
    meta_path = path.with_suffix(".json")
    templates = templates_digest() + (f"-mixed{off_layout_every}-3" if off_layout_every else "")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        if (meta.get("articles") == pages and meta.get("bytes") == path.stat().st_size
                and meta.get("templates") == templates):
            return path, meta
    start = time.perf_counter()
    meta = build_warc(path, pages, off_layout_every)
    meta["build_s"] = round(time.perf_counter() - start, 1)
    meta["templates"] = templates
    meta_path.write_text(json.dumps(meta))
    return path, meta


def check_output(warc: Path, pages: int) -> dict:
    """Run reparse once with its output kept, and compare every item with its expected item (a
    page of a mixed archive off the portal layout: that it has a title, a date and a body)."""
    from bench.bigportal import variants

    proc = subprocess.run([str(VENV_BIN / "vkscrawl"), "reparse", "--quiet", str(warc)],
                          cwd=ROOT, capture_output=True, text=True)
    items = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    expected = {v.article_id: v.expected(ORIGIN) for v in variants(pages)}
    mismatched = []
    off_layout = incomplete = 0
    for item in items:
        want = expected.get(item["article_id"])
        got = {k: v for k, v in item.items() if k not in IGNORED}
        if want is None or (want != got and got.get("title") != want.get("title")):
            off_layout += 1  # a family's page: its own article (and canonical URL), not the variant's
            if not (item.get("title") and item.get("published") and item.get("body")):
                incomplete += 1
                mismatched.append(item["article_id"])
        elif want != got:
            mismatched.append(item["article_id"])
    return {"exit_status": proc.returncode, "items": len(items),
            "items_equal_to_expected": len(items) - len(mismatched) - (off_layout - incomplete),
            "off_layout_items": off_layout,
            "off_layout_items_complete": off_layout - incomplete,
            "mismatched_ids": mismatched[:20],
            "missing": len(items) < pages and len(set(expected) - {i["article_id"] for i in items}) or 0}


def jobs_identical(warc: Path, work: Path) -> dict:
    """``reparse --jobs 1`` and ``--jobs 2`` with -o: the same bytes?"""
    outputs = {}
    for jobs in ("1", "2"):
        target = work / f"reparse-jobs{jobs}.jsonl"
        proc = subprocess.run([str(VENV_BIN / "vkscrawl"), "reparse", "--quiet", "--jobs", jobs,
                               "-o", str(target), str(warc)], cwd=ROOT, capture_output=True)
        outputs[jobs] = (proc.returncode, target.read_bytes())
        target.unlink()
    return {"identical": outputs["1"] == outputs["2"],
            "bytes": len(outputs["1"][1]),
            "sha1": hashlib.sha1(outputs["1"][1]).hexdigest()}


def in_process(pages: int) -> dict:
    """Parse-only cost per page, both extractors, same bodies, no process start, no WARC."""
    import trafilatura

    from bench.bigportal import variants
    from vkscrawl.parsing import parse_article

    bodies = [(v.body(), ORIGIN + v.path, v.template.content_type) for v in variants(pages)]
    out = {}
    for name, fn in (("vkscrawl_parse_article",
                      lambda b, u, c: parse_article(b, u, c)),
                     ("trafilatura_bare_extraction",
                      lambda b, u, c: trafilatura.bare_extraction(b, url=u, with_metadata=True))):
        for b, u, c in bodies[:15]:  # warm-up: imports, compiled patterns, caches
            fn(b, u, c)
        start = time.perf_counter()
        for b, u, c in bodies:
            fn(b, u, c)
        elapsed = time.perf_counter() - start
        out[name] = {"pages": len(bodies), "seconds": round(elapsed, 3),
                     "pages_per_s": round(len(bodies) / elapsed, 1),
                     "ms_per_page": round(1000 * elapsed / len(bodies), 3)}
    out["ratio"] = round(out["vkscrawl_parse_article"]["pages_per_s"]
                         / out["trafilatura_bare_extraction"]["pages_per_s"], 2)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--off-layout-every", type=int, default=0, metavar="K",
                        help="a mixed archive: every K-th article page off the portal layout")
    parser.add_argument("--quick", action="store_true", help="only the reparse and trafilatura runs")
    parser.add_argument("--suffix", default="", metavar="S",
                        help="results file name ends in _S (a re-measurement beside the others)")
    args = parser.parse_args()
    work = work_dir()
    warc, meta = ensure_warc(work, args.pages, args.off_layout_every)
    small, _ = ensure_warc(work, 15)
    print(f"WARC: {warc} ({meta['articles']} article responses, {meta['responses']} responses "
          f"in all, {meta['bytes'] / 1e6:.1f} MB)", flush=True)

    ours = [str(VENV_BIN / "vkscrawl"), "reparse", "--quiet"]
    traf = [PYTHON, str(ROOT / "bench" / "trafilatura_warc.py")]
    out_file = work / "reparse-out.jsonl"
    ours_file = [str(VENV_BIN / "vkscrawl"), "reparse", "-o", str(out_file), "--quiet"]
    ours_jobs = [str(VENV_BIN / "vkscrawl"), "reparse", "--quiet", "--jobs", "2"]
    runs: dict[str, list] = {"ours": [], "trafilatura": [], "ours_o_file": [], "ours_jobs2": [],
                             "ours_startup": [], "trafilatura_startup": []}
    sides = (("ours", ours, warc), ("trafilatura", traf, warc), ("ours_o_file", ours_file, warc),
             ("ours_jobs2", ours_jobs, warc), ("ours_startup", ours, small),
             ("trafilatura_startup", traf, small))
    if args.quick:
        sides = sides[:2]
    with open(os.devnull, "w") as devnull:
        for i in range(args.runs):
            for key, command, target in sides:
                run = run_timed([*command, str(target)], stdout=devnull)
                if run.returncode != 0:
                    print(run.stderr[-2000:], file=sys.stderr)
                    raise SystemExit(f"{key} failed with exit status {run.returncode}")
                runs[key].append(run.summary())
                print(f"run {i + 1}/{args.runs} {key:20s} wall {run.wall_s:7.2f} s  "
                      f"user {run.user_s:6.2f} s  peak RSS {run.max_rss_mib:6.1f} MiB", flush=True)
    out_file.unlink(missing_ok=True)

    pages = meta["articles"]
    figures = {}
    for key in [k for k in runs if runs[k]]:
        walls = [r["wall_s"] for r in runs[key]]
        n = 15 if key.endswith("startup") else pages
        cpus = [round(r["user_s"] + r["sys_s"], 2) for r in runs[key]]
        figures[key] = {"median_wall_s": median(walls), "walls_s": walls,
                        "pages": n, "pages_per_s": round(n / median(walls), 1),
                        "median_cpu_s": median(cpus), "cpu_s": cpus,
                        "pages_per_cpu_s": round(n / median(cpus), 1),
                        "median_peak_rss_mib": median([r["max_rss_mib"] for r in runs[key]])}
    ratio = round(figures["ours"]["pages_per_s"] / figures["trafilatura"]["pages_per_s"], 2)
    # Each run of ours next to the trafilatura run right after it: the machine's speed drifts
    # (a shared VM), and a pair sees about the same machine.
    paired = sorted(round(t["wall_s"] / o["wall_s"], 2)
                    for o, t in zip(runs["ours"], runs["trafilatura"]))
    ratio_cpu = round(figures["ours"]["pages_per_cpu_s"]
                      / figures["trafilatura"]["pages_per_cpu_s"], 2)
    name = (("parse_speed" if not args.off_layout_every else "parse_speed_mixed")
            + ("_quick" if args.quick else "") + (f"_{args.suffix}" if args.suffix else ""))
    if args.quick:
        check = check_output(warc, pages)
        print(f"pages: {pages} ({meta.get('off_layout', 0)} off the portal layout), median of {args.runs} runs: "
              f"ours {figures['ours']['median_wall_s']} s, trafilatura {figures['trafilatura']['median_wall_s']} s;"
              f" ratio {ratio}x by wall (pairs {paired}), {ratio_cpu}x by CPU; output {check}")
        print(f"results: {write_results(name, {'warc': {**meta, 'path': str(warc)}, 'runs': args.runs, 'figures': figures, 'ratio': ratio, 'ratio_cpu': ratio_cpu, 'ratio_pairs': paired, 'output_check': check, 'raw_runs': runs})}")
        return 0
    ratio_file = round(figures["ours_o_file"]["pages_per_s"]
                       / figures["trafilatura"]["pages_per_s"], 2)
    print("checking the reparse output against the expected items ...", flush=True)
    check = check_output(warc, pages)
    print("checking that --jobs 2 writes the same bytes as one process ...", flush=True)
    jobs_check = jobs_identical(warc, work)
    print("in-process parse cost ...", flush=True)
    inproc = in_process(min(pages, 600))

    print()
    print(f"pages: {pages} article responses, median of {args.runs} whole-process runs")
    print(f"  vkscrawl reparse > /dev/null   {figures['ours']['median_wall_s']:7.2f} s  "
          f"{figures['ours']['pages_per_s']:7.1f} pages/s")
    print(f"  trafilatura bare_extraction    {figures['trafilatura']['median_wall_s']:7.2f} s  "
          f"{figures['trafilatura']['pages_per_s']:7.1f} pages/s")
    print(f"  ratio                          {ratio:.2f}x   (target >= 4x: "
          f"{'met' if ratio >= 4 else 'NOT met'})")
    print(f"  ratio of each run pair (wall): {', '.join(f'{r:.2f}' for r in paired)} "
          f"(median {median(paired):.2f}x)")
    print(f"  per CPU-second (user+sys): ours {figures['ours']['pages_per_cpu_s']}, trafilatura "
          f"{figures['trafilatura']['pages_per_cpu_s']} pages = {ratio_cpu:.2f}x")
    print(f"  vkscrawl reparse -o FILE       {figures['ours_o_file']['median_wall_s']:7.2f} s  "
          f"{figures['ours_o_file']['pages_per_s']:7.1f} pages/s  ({ratio_file:.2f}x)")
    jobs_speedup = round(figures["ours"]["median_wall_s"] / figures["ours_jobs2"]["median_wall_s"],
                         2)
    print(f"  vkscrawl reparse --jobs 2       {figures['ours_jobs2']['median_wall_s']:7.2f} s  "
          f"{figures['ours_jobs2']['pages_per_s']:7.1f} pages/s  ({jobs_speedup:.2f}x one "
          f"process; output identical: {jobs_check['identical']})")
    print(f"  fixed cost (15 pages): ours {figures['ours_startup']['median_wall_s']:.2f} s, "
          f"trafilatura {figures['trafilatura_startup']['median_wall_s']:.2f} s")
    print(f"  in-process parse only: ours {inproc['vkscrawl_parse_article']['ms_per_page']} ms/page,"
          f" trafilatura {inproc['trafilatura_bare_extraction']['ms_per_page']} ms/page "
          f"({inproc['ratio']}x)")
    print(f"  reparse output: {check['items']} items, {check['items_equal_to_expected']} equal to "
          f"their expected item, {check['missing']} missing")
    path = write_results(name, {
        "warc": {**meta, "path": str(warc)},
        "runs": args.runs,
        "commands": {"ours": " ".join(ours) + " WARC > /dev/null",
                     "trafilatura": "python bench/trafilatura_warc.py WARC > /dev/null",
                     "ours_o_file": " ".join(ours_file[:-1]) + " OUT.jsonl --quiet WARC"},
        "figures": figures,
        "ratio": ratio,
        "ratio_o_file": ratio_file,
        "ratio_cpu": ratio_cpu,
        "ratio_pairs": paired,
        "ratio_pairs_median": median(paired),
        "target_ratio": 4.0,
        "target_met": ratio >= 4.0,
        "jobs2_speedup": jobs_speedup,
        "jobs_check": jobs_check,
        "in_process": inproc,
        "output_check": check,
        "raw_runs": runs,
    })
    print(f"results: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
