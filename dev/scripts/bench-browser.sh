#!/usr/bin/env bash
# bench-browser.sh prints the extension's figures in headless Chromium and
# Firefox ESR: 401 → badge (background running / just restarted, and the
# same without WebAssembly), popup → diagnosis (first / later), the wasm
# gzip size and (Chromium) the memory a Go instance adds
# (dev/bench/browser/browser-bench.mjs); then the issue-4 figures: popup fully
# ready with every probe done on the local demo site, and login / contact /
# typo discovery (sesame.analyze) on a 1 MB page in the browser
# (dev/bench/browser/ways-bench.mjs). Medians of BENCH_RUNS runs (default 7).
# Arguments (chromium, firefox) limit the browsers. Needs make build
# (dist/extension).
set -euo pipefail
cd "$(dirname "$0")/../.."
dev/scripts/need.sh
[ -f dist/extension/sesame.wasm ] || { echo "bench-browser: run make dist/extension/.stamp first" >&2; exit 1; }
status=0
node dev/bench/browser/browser-bench.mjs "$@" || status=1
node dev/bench/browser/ways-bench.mjs "$@" || status=1
exit $status
