"""The result tables of BENCHMARKS.md, as Markdown, from bench/results/*.json.

    .venv/bin/python bench/report.py > /tmp/tables.md

(BENCHMARKS.md is written by hand around these tables; paste them in after a run.)
"""

from __future__ import annotations

import json
import sys

from common import RESULTS


def load(name: str) -> dict | None:
    path = RESULTS / f"{name}.json"
    return json.loads(path.read_text("utf-8")) if path.exists() else None


def met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def summary_table(parse, quality, crawl, state, incr) -> None:
    print("| # | what | target | result | |")
    print("| --- | --- | --- | --- | --- |")
    if parse:
        f = parse["figures"]
        print(f"| 1 | parse throughput, `vkscrawl reparse` vs trafilatura `bare_extraction`, "
              f"{parse['warc']['articles']:,} pages from one WARC, whole processes | ≥ 2× "
              f"trafilatura's pages/s | **{parse['ratio']:.2f}×** ({f['ours']['pages_per_s']} vs "
              f"{f['trafilatura']['pages_per_s']} pages/s); {parse['ratio_cpu']:.2f}× per "
              f"CPU-second; {parse['ratio_o_file']:.2f}× with `-o FILE` | "
              f"{met(parse['ratio'] >= 2)}"
              + (", with and without `-o FILE`" if parse["ratio_o_file"] >= 2
                 else "; not with `-o FILE`")
              + " (see 1) |")
    if quality:
        o, t = quality["vkscrawl"], quality["trafilatura"]
        print(f"| 2 | extraction quality over the {o['pages']} fixture articles: token F1 of the "
              f"article text, chrome/toolbar leaks | F1 1.00, zero leaks | **F1 {o['mean_f1']:.4f}** "
              f"mean, {o['min_f1']:.4f} min, **{o['pages_with_leaks']}** pages with leaks "
              f"(trafilatura: F1 {t['mean_f1']:.3f}, {t['pages_with_leaks']} pages leak) | "
              f"{met(o['mean_f1'] >= 0.9999 and not o['pages_with_leaks'])}; floor pinned in CI |")
    if crawl:
        fig = crawl["figures"]
        sizes = sorted(int(n) for n in crawl["crawls"])
        small, large = str(sizes[0]), str(sizes[-1])
        c = crawl["crawls"]
        print(f"| 3a | crawl throughput, {sizes[-1]:,}-article offline portal, delays off | "
              f"≥ 0.5× `scrapy bench` | **{c[large]['pages_per_s']} pages/s = "
              f"{fig['throughput_ratio_vs_scrapy_bench']}×** `scrapy bench` "
              f"({fig['scrapy_bench_pages_per_s']} pages/s) | "
              f"{met(fig['throughput_ratio_vs_scrapy_bench'] >= 0.5)} |")
        print(f"| 3b | peak RSS of the crawl at {sizes[-1]:,} vs {sizes[0]:,} articles | ≤ 1.5× | "
              f"**{c[large]['max_rss_mib']} / {c[small]['max_rss_mib']} MiB = "
              f"{fig['rss_ratio_large_over_small']}×** | "
              f"{met(fig['rss_ratio_large_over_small'] <= 1.5)} |")
    if state:
        rows = state["sizes"]
        values = [v for n in rows for k, v in rows[n].items()
                  if k.startswith(("article", "is_covered", "owner"))]
        print(f"| 3c | dedupe-state lookups as the archive grows | flat | "
              f"{min(values):.0f}-{max(values):.0f} µs per lookup at "
              + ", ".join(f"{int(n):,}" for n in rows)
              + " rows (primary-key / unique-index searches) | met |")
    if incr:
        r = incr["runs"]
        third = r.get("no_change_new_article_in_refetch_window", {})
        print(f"| 4 | requests of an incremental run against the same "
              f"{incr['portal_articles']:,}-article portal | (report) | no change: "
              f"**{r['no_change']['requests']}** requests; one new article: "
              f"**{r['one_new_article']['requests']}**; next no-change run with the new article "
              f"in the re-fetch window: **{third.get('requests')}** "
              f"({third.get('articles_not_modified')} answered 304) | |")
    print()


def main() -> int:
    parse, quality = load("parse_speed"), load("quality")
    crawl, state, incr = load("crawl_scale"), load("state_lookups"), load("incremental")
    prof, pcrawl = load("profile_parse"), load("profile_crawl")
    summary_table(parse, quality, crawl, state, incr)
    any_result = next(r for r in (parse, quality, crawl, state, incr) if r)
    m = any_result["machine"]
    print("### Machine\n")
    print(f"- {m['nproc']} vCPU ({m['cpu']}, {m['hypervisor'] or 'bare metal'} VM), "
          f"{m['memory_gib']} GiB RAM, no swap; {m['os']}")
    print(f"- Python {m['python']}, " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    for name, r in (("parse_speed", parse), ("quality", quality), ("crawl_scale", crawl),
                    ("state_lookups", state), ("incremental", incr)):
        if r:
            print(f"- `{name}`: {r['date']}, load average at the end (1/5/15 min) "
                  f"{r['machine'].get('loadavg_at_end')}")
    print()

    if parse:
        f = parse["figures"]
        print("### 1. Parse throughput\n")
        print(f"WARC: {parse['warc']['articles']} article responses "
              f"({parse['warc']['responses']} responses with robots.txt and listing pages), "
              f"{parse['warc']['bytes'] / 1e6:.1f} MB; median of {parse['runs']} runs.\n")
        print("| side | wall (median) | pages/s | CPU s (median) | pages per CPU-s | peak RSS |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for key, label in (("ours", "`vkscrawl reparse --quiet WARC > /dev/null`"),
                           ("trafilatura", "`bench/trafilatura_warc.py WARC > /dev/null`"),
                           ("ours_o_file", "`vkscrawl reparse -o OUT.jsonl --quiet WARC`"),
                           ("ours_startup", "vkscrawl, WARC of 15 pages (fixed cost)"),
                           ("trafilatura_startup", "trafilatura, WARC of 15 pages (fixed cost)")):
            x = f[key]
            print(f"| {label} | {x['median_wall_s']:.2f} s | {x['pages_per_s']:.1f} | "
                  f"{x['median_cpu_s']:.2f} s | {x['pages_per_cpu_s']:.1f} | "
                  f"{x['median_peak_rss_mib']:.0f} MiB |")
        ip = parse["in_process"]
        pairs = parse.get("ratio_pairs") or []
        print(f"\nRatio vkscrawl / trafilatura: **{parse['ratio']:.2f}×** by wall time (each "
              f"pair of consecutive runs: {', '.join(f'{r:.2f}' for r in pairs)}), "
              f"{parse['ratio_cpu']:.2f}× by CPU time, {parse['ratio_o_file']:.2f}× with `-o FILE`"
              f" (target ≥ 2×: {met(parse['ratio'] >= 2)}). In-process, parse only: "
              f"{ip['vkscrawl_parse_article']['ms_per_page']} ms vs "
              f"{ip['trafilatura_bare_extraction']['ms_per_page']} ms a page "
              f"(**{ip['ratio']}×**). Output check: {parse['output_check']['items']} items, "
              f"{parse['output_check']['items_equal_to_expected']} equal to their expected item.\n")
    if prof:
        print("Profile of the reparse (cProfile, share of the profiled time):\n")
        print("| stage | share |")
        print("| --- | ---: |")
        total = prof["reparse_profiled_s"]
        for stage, seconds in prof["reparse_stages_s"].items():
            print(f"| {stage} | {100 * seconds / total:.0f} % |")
        print(f"| everything else (imports, loop, exporter) | "
              f"{100 * prof['reparse_other_s'] / total:.0f} % |\n")

    if quality:
        print("### 2. Extraction quality\n")
        o, t = quality["vkscrawl"], quality["trafilatura"]
        print("| fixture | vkscrawl F1 | leaks | trafilatura F1 | P | R | leaks |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
        for a, b in zip(o["per_page"], (t or {}).get("per_page", [{}] * len(o["per_page"]))):
            print(f"| {a['fixture']} | {a['f1']:.4f} | {len(a['leaks'])} | "
                  f"{b.get('f1', 0):.4f} | {b.get('precision', 0):.3f} | {b.get('recall', 0):.3f} | "
                  f"{', '.join(b.get('leaks', [])) or '0'} |")
        print(f"| **mean** | **{o['mean_f1']:.4f}** | **{o['pages_with_leaks']} pages** | "
              f"**{t['mean_f1']:.4f}** | {t['mean_precision']:.3f} | {t['mean_recall']:.3f} | "
              f"**{t['pages_with_leaks']} pages** |")
        print(f"| min | {o['min_f1']:.4f} | | {t['min_f1']:.4f} | | | |\n")

    if crawl:
        print("### 3. Crawl throughput and memory\n")
        b = crawl["scrapy_bench"]
        print("| run | responses | elapsed | pages/s | crawler CPU | pages per CPU-s | "
              "peak RSS | items |")
        print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
        if b:
            for i, r in enumerate(b["runs"], 1):
                print(f"| `scrapy bench` run {i} | {r['responses']} | {r['elapsed_s']} s | "
                      f"{r['pages_per_s']} | {r['crawler_cpu_s']} s | {r['pages_per_cpu_s']} | "
                      f"{r['max_rss_mib']} MiB | - |")
        for n, c in crawl["crawls"].items():
            print(f"| vkscrawl, {int(n):,} articles | {c['responses']} | {c['elapsed_s']} s | "
                  f"{c['pages_per_s']} | {c['cpu_s']} s ({c['cpu_share_of_one_core']} core) | "
                  f"{c['pages_per_cpu_s']} | {c['max_rss_mib']} MiB | {c['items_written']} |")
        fig = crawl["figures"]
        print(f"\n`scrapy bench` median {b['median_pages_per_s']} pages/s; vkscrawl at 10,000 "
              f"articles {fig['crawl_pages_per_s'][str(max(map(int, fig['crawl_pages_per_s'])))]}"
              f" pages/s = **{fig['throughput_ratio_vs_scrapy_bench']}×** (target ≥ 0.5×: "
              f"{met(fig['throughput_ratio_vs_scrapy_bench'] >= 0.5)}); per CPU-second "
              f"{fig['cpu_normalised_ratio_vs_scrapy_bench']}×. Peak RSS 10,000 / 1,000 = "
              f"**{fig['rss_ratio_large_over_small']}×** (target ≤ 1.5×: "
              f"{met(fig['rss_ratio_large_over_small'] <= 1.5)}).")
        cap = crawl["server_capacity"]
        print(f"Server alone: {cap['indexed_server']['requests_per_s']} requests/s "
              f"(generated portal's server); server CPU during the 10,000 crawl "
              f"{crawl['crawls'][str(max(map(int, crawl['crawls'])))]['server_cpu_share_of_one_core']}"
              f" core. Plain `vkscrawl.offline.server` on the same folder: "
              f"{cap['plain_portal_ms_per_request']} ms/request.\n")
    if pcrawl:
        print("Profile of a 1,000-article crawl (cProfile, share of the profiled time):\n")
        print("| component | share |")
        print("| --- | ---: |")
        shares = pcrawl["shares"]
        nested = {"spider parse_article": "  of which the parser",
                  "pipeline CleanPipeline": "  clean_item",
                  "pipeline ValidatePipeline": "  validate_item",
                  "pipeline WriteFeedPipeline": "  FeedWriter.write"}
        children = {}
        for parent, prefix in nested.items():
            for label in shares:
                if label.startswith(prefix):
                    children[label] = next((p for p in shares if p.startswith(parent)), None)
        cross = [k for k in shares if k.startswith(("fsync", "SQLite"))]
        top = [k for k in shares if k not in children and k not in cross]
        for label in sorted(top, key=lambda k: -shares[k]):
            print(f"| {label} | {100 * shares[label]:.1f} % |")
            for child, parent in children.items():
                if parent == label:
                    print(f"| &nbsp;&nbsp;↳ {child.strip()} | {100 * shares[child]:.1f} % |")
        for label in cross:
            print(f"| (across components) {label} | {100 * shares[label]:.1f} % |")
        rest = 1 - sum(shares[k] for k in top)
        print(f"| Scrapy, Twisted/asyncio, HTTP, logging, stats, spidermon signals (the rest) | "
              f"{100 * rest:.1f} % |")
        print()
    if state:
        print("Dedupe-state lookups (µs per call, median of 5 rounds of "
              f"{state['lookups_per_round']:,} random keys):\n")
        sizes = list(state["sizes"])
        print("| call | " + " | ".join(f"{int(n):,} rows" for n in sizes) + " |")
        print("| --- |" + " ---: |" * len(sizes))
        for key in state["sizes"][sizes[0]]:
            print(f"| {key} | " + " | ".join(str(state["sizes"][n][key]) for n in sizes) + " |")
        print()
        for name, plan in state["query_plans"].items():
            print(f"- `{name}`: {'; '.join(plan)}")
        print()
    if incr:
        print("### 4. Incremental cost\n")
        print("| run | requests | what | items written | wall | exit |")
        print("| --- | ---: | --- | ---: | ---: | ---: |")
        labels = {"no_change": "no change",
                  "one_new_article": "one new article",
                  "no_change_new_article_in_refetch_window":
                      "no change, the new article in the 2-day re-fetch window"}
        for key, r in incr["runs"].items():
            what = (f"robots.txt, {r['listing_pages']} listing page(s), "
                    f"{r['articles_parsed']} article(s) fetched"
                    + (f", {r['articles_not_modified']} answered 304"
                       if r["articles_not_modified"] else ""))
            print(f"| {labels.get(key, key)} | {r['requests']} | {what} | {r['items_written']} | "
                  f"{r['wall_s']} s | {r['exit_status']} |")
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
