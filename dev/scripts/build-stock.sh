#!/bin/sh
# build-stock.sh builds the relay bench's baseline: the relay with the stock
# github.com/syumai/workers glue (a fresh Go instance per request), into
# dev/bench/relay/stock/build/ — worker.mjs, runtime.mjs and wasm_exec.js from
# workers-assets-gen, and app.wasm built with -tags stockglue. The deployed
# Worker (worker/, make worker/build/app.wasm) never contains this glue.
# dev/bench/relay/stock/wrangler.toml runs it; the relay bench and
# dev/e2e/relay/stock.test.mjs call this script themselves.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
stock="$root/dev/bench/relay/stock"
GO=${GO:-go}
# The generator deletes and rewrites build/ in its working directory.
(cd "$stock" && "$GO" run github.com/syumai/workers/cmd/workers-assets-gen -mode=go)
cd "$root"
GOOS=js GOARCH=wasm "$GO" build -tags stockglue -trimpath -ldflags='-s -w' -o "$stock/build/app.wasm" ./worker
