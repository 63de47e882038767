#!/bin/sh
# size.sh prints the size of the relay bundle as Cloudflare would receive it,
# from an offline `wrangler deploy --dry-run` (no account, no network).
# Needs worker/build/ (make worker/build/app.wasm) and dev/node_modules.
# WRANGLER_CONFIG picks another configuration, relative to worker/ (e.g.
# ../dev/bench/relay/stock/wrangler.toml after dev/scripts/build-stock.sh).
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/worker"
[ -f build/app.wasm ] || { echo "size: worker/build/app.wasm is missing; run: make worker/build/app.wasm" >&2; exit 1; }
mkdir -p .state/config .state/logs
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT INT TERM
log=$(WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true \
	XDG_CONFIG_HOME="$PWD/.state/config" WRANGLER_LOG_PATH="$PWD/.state/logs" \
	node "$root/dev/node_modules/wrangler/bin/wrangler.js" deploy --dry-run --outdir "$out" --config "${WRANGLER_CONFIG:-wrangler.toml}" 2>&1) || {
	echo "$log" >&2
	echo "size: wrangler deploy --dry-run failed" >&2
	exit 1
}
line=$(echo "$log" | grep -E 'Total Upload' || true)
[ -n "$line" ] || { echo "$log" >&2; echo "size: no 'Total Upload' line from wrangler" >&2; exit 1; }
echo "relay bundle (wrangler deploy --dry-run): ${line#*Total Upload: }"
gz=$(echo "$line" | sed -n 's/.*gzip: *\([0-9.]*\) *KiB.*/\1/p')
if [ -n "$gz" ]; then
	awk -v gz="$gz" 'BEGIN { lim = 2048; printf "gzip %.2f MiB, budget 2 MiB: %s\n", gz/1024, (gz <= lim ? "within" : "OVER") }'
fi
echo "files:"
ls -l "$out" | awk 'NR > 1 { printf "  %10d  %s\n", $5, $NF }'
