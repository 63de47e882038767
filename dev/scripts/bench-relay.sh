#!/bin/sh
# bench-relay.sh prints the relay's performance figures in workerd (through
# wrangler dev, loopback only): cached lookup latency, CPU per request for
# the reuse glue and the stock glue, a 50,000-request memory soak, the
# first request of a fresh isolate (fresh.mjs), and the bundle size.
# Knobs: RUNS (5), N (500), UNCACHED (100), SOAK (50000; 0 skips),
# FRESH_RUNS (7), GLUES (reuse,stock).
# Needs worker/build/ (make worker/build/app.wasm) and dev/node_modules; the
# bench builds the stock-glue baseline itself (dev/scripts/build-stock.sh).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
[ -f "$root/worker/build/app.wasm" ] || { echo "bench-relay: run make worker/build/app.wasm first" >&2; exit 1; }
node "$root/dev/bench/relay/bench.mjs"
echo
node "$root/dev/bench/relay/fresh.mjs" --runs "${FRESH_RUNS:-7}"
echo
"$root/dev/scripts/size.sh"
