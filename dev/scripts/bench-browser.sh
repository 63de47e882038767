#!/usr/bin/env bash
# bench-browser.sh prints the extension's figures in headless Chromium and
# Firefox ESR (dev/bench/browser/browser-bench.mjs): popup opened →
# diagnosis shown from the background's stored analysis, against a
# JavaScript-only baseline popup rendering a stored record and against the
# old path (Go first); the first popup after the browser starts; popup →
# every probe done; 401 → badge vs no WebAssembly (running, just
# restarted); background CPU and memory per recorded 401 and after idle.
# Then (ways-bench.mjs) the way forward on the demo site and discovery on a
# 1 MB page in the browser, and (startup-bench.mjs) Go's start-up against an
# empty Go program. Medians of BENCH_RUNS runs (default 7). Arguments
# (chromium, firefox) limit the browsers. Needs make build (dist/extension).
set -euo pipefail
cd "$(dirname "$0")/../.."
dev/scripts/need.sh
[ -f dist/extension/sesame.wasm ] || { echo "bench-browser: run make dist/extension/.stamp first" >&2; exit 1; }
status=0
node dev/bench/browser/browser-bench.mjs "$@" || status=1
node dev/bench/browser/ways-bench.mjs "$@" || status=1
node dev/bench/browser/startup-bench.mjs "$@" || status=1
exit $status
