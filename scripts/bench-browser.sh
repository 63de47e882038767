#!/usr/bin/env bash
# bench-browser.sh prints the extension's figures in headless Chromium and
# Firefox ESR: 401 → badge (background running / just restarted, and the
# same without WebAssembly), popup → diagnosis (first / later), the wasm
# gzip size and (Chromium) the memory a Go instance adds. Medians of
# BENCH_RUNS runs (default 7). Needs make build (dist/extension).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/need.sh
[ -f dist/extension/sesame.wasm ] || { echo "bench-browser: run make dist/extension/.stamp first" >&2; exit 1; }
exec node e2e/bench/browser-bench.mjs "$@"
