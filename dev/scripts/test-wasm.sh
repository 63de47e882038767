#!/usr/bin/env bash
# test-wasm.sh tests the Go→WebAssembly bridge in two ways:
#  1. `go test ./wasm/` compiled with GOOS=js GOARCH=wasm and run under Node
#     by Go's own go_js_wasm_exec (from $(go env GOROOT)/lib/wasm);
#  2. wasm/dist_test.mjs, which loads the BUILT dist/extension/sesame.wasm
#     with the wasm_exec.js copied next to it (made up to date first with
#     `make dist/extension/.stamp`), calls globalThis.sesame and checks the
#     gzip size budget.
set -euo pipefail
cd "$(dirname "$0")/../.."
GO=${GO:-go}
goroot=$("$GO" env GOROOT)
if [ ! -x "$goroot/lib/wasm/go_js_wasm_exec" ]; then
	echo "test-wasm: $goroot/lib/wasm/go_js_wasm_exec not found (is Go 1.24+ installed?)" >&2
	exit 1
fi
command -v node >/dev/null || { echo "test-wasm: node is needed (apt-get install -y nodejs)" >&2; exit 1; }

echo "test-wasm: go test ./wasm/ ./internal/lite/httplite/ (GOOS=js GOARCH=wasm, under Node)"
PATH="$goroot/lib/wasm:$PATH" GOOS=js GOARCH=wasm "$GO" test -count=1 "$@" ./wasm/ ./internal/lite/httplite/

echo "test-wasm: the built dist/extension/sesame.wasm"
make -s dist/extension/.stamp GO="$GO"
node --test wasm/dist_test.mjs
