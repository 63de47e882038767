#!/usr/bin/env bash
# bench-browser.sh prints the extension's figures in headless Chromium and
# Firefox ESR: 401 → badge (background running / just restarted, and the
# same without WebAssembly), popup → diagnosis (first / later), the wasm
# gzip size and (Chromium) the memory a Go instance adds
# (e2e/bench/browser-bench.mjs); then the issue-4 figures: popup fully
# ready with every probe done on the local demo site, and login / contact /
# typo discovery (sesame.decide) on a 1 MB page in the browser
# (e2e/bench/ways-bench.mjs). Medians of BENCH_RUNS runs (default 7).
# Arguments (chromium, firefox) limit the browsers. Needs make build
# (dist/extension).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/need.sh
[ -f dist/extension/sesame.wasm ] || { echo "bench-browser: run make dist/extension/.stamp first" >&2; exit 1; }
status=0
node e2e/bench/browser-bench.mjs "$@" || status=1
node e2e/bench/ways-bench.mjs "$@" || status=1
exit $status
