#!/usr/bin/env bash
# Every benchmark of BENCHMARKS.md, in order; each prints its figures and writes
# bench/results/<name>.json. About 8-10 minutes on the 2-core machine of BENCHMARKS.md.
#
#   bench/run_all.sh                       # from the project root, venv in .venv
#   VKSCRAWL_BENCH_WORK=/big/disk bench/run_all.sh
#
# trafilatura, the comparison extractor, is a dependency of the package itself.
# Work files (generated portals, ~250 MB for 10,000 articles, WARCs, crawl outputs) go to
# $VKSCRAWL_BENCH_WORK (default: <tmp>/vkscrawl-bench); delete that folder when done.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
# The scripts import their shared machinery as the package bench (and tests.support).
export PYTHONPATH=.${PYTHONPATH:+:$PYTHONPATH}
start=$(date +%s)
step() { echo; echo "=== $* ($(( $(date +%s) - start )) s)"; }

step "machine"
nproc; lscpu | grep -E "Model name|^CPU\(s\)|Hypervisor" || true; free -g
step "1. parse throughput: vkscrawl reparse vs trafilatura"
$PY bench/parse_speed.py --pages 2000 --runs 5
step "1a. reparse --jobs N: scaling over the cores, same output for every N"
$PY bench/reparse_scaling.py --pages 2000 --runs 5 --jobs 1,2,3
step "1b. profile of the parse path"
$PY bench/profile_parse.py --pages 2000
step "2. extraction quality"
$PY bench/quality.py
step "3. crawl throughput and memory at scale (and scrapy bench)"
$PY bench/crawl_scale.py --sizes 1000 10000 --runs 3
step "3b. profile of a crawl (1,000 articles)"
$PY bench/profile_crawl.py --size 1000
step "3c. ledger costs at 1k / 10k / 100k, start-up with a 10k feed"
$PY bench/ledger_costs.py --sizes 1000 10000 100000
step "4. incremental cost on the 10,000-article portal"
$PY bench/incremental_cost.py --size 10000
step "6. export and explore on the 10,000-article portal (the crawl's own events)"
$PY bench/explore_scale.py --runs 3 --requests 20
step "done"
ls -l bench/results/
