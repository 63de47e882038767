#!/bin/sh
# relay.sh starts the Sesame relay in the real workerd runtime (wrangler dev,
# local mode, no network needed) and serves until interrupted.
#
#   RELAY_PORT     port on 127.0.0.1 (default 8787)
#   ARCHIVES_JSON  archive registry as JSON (default: the built-in list), e.g.
#                  the first line printed by
#                  go run ./dev/fakearchive/cmd/fakearchive
#   RELAY_CONFIG   wrangler configuration, relative to worker/ (default
#                  wrangler.toml; ../dev/bench/relay/stock/wrangler.toml runs
#                  the per-request stock glue after dev/scripts/build-stock.sh)
#   RELAY_STATE    where the Cache API keeps its data (default worker/.state/persist)
#
# Needs worker/build/ (make worker/build/app.wasm) and dev/node_modules.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/worker"
port=${RELAY_PORT:-8787}
[ -f build/app.wasm ] && [ -f build/wasm_exec.js ] || {
	echo "relay: worker/build/ is missing; run: make worker/build/app.wasm" >&2
	exit 1
}
[ -f ../dev/node_modules/wrangler/bin/wrangler.js ] || {
	echo "relay: wrangler is not installed; run: make deps" >&2
	exit 1
}
mkdir -p .state/config .state/logs
# Keep wrangler offline and its files inside the project. wrangler appends
# every message, debug level included (each subrequest's URL, so each
# looked-up URL), to its log file whatever the log level: make that file a
# symbolic link to /dev/null.
ln -sfn /dev/null .state/logs/wrangler.log
export WRANGLER_SEND_METRICS=false CLOUDFLARE_CF_FETCH_ENABLED=false WRANGLER_HIDE_BANNER=true
export XDG_CONFIG_HOME="$PWD/.state/config" WRANGLER_LOG_PATH="$PWD/.state/logs/wrangler.log"
set -- dev --local --ip 127.0.0.1 --port "$port" \
	--config "${RELAY_CONFIG:-wrangler.toml}" \
	--persist-to "${RELAY_STATE:-$PWD/.state/persist}" \
	--show-interactive-dev-session=false \
	--log-level warn
# --log-level warn: no request lines (they show each request's path).
if [ -n "${ARCHIVES_JSON:-}" ]; then
	set -- "$@" --var "ARCHIVES_JSON:$ARCHIVES_JSON"
	echo "relay: using the archive registry from ARCHIVES_JSON"
fi
echo "relay: starting workerd through wrangler dev; it will listen on http://127.0.0.1:$port"
echo "relay: try  curl 'http://127.0.0.1:$port/v1/lookup?url=https://example.com/'   (Ctrl-C stops)"
exec node ../dev/node_modules/wrangler/bin/wrangler.js "$@"
