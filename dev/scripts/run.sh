#!/usr/bin/env bash
# run.sh is `make run`: it starts the demo site and the relay, then opens
# Chromium with the Sesame extension loaded on the demo site's index. Ctrl-C
# stops everything it started.
#
#   DEMO_ADDR  where the demo site listens (default 127.0.0.1:8080)
#   CHROMIUM   the browser (default /usr/lib/chromium/chromium)
#   NO_RELAY=1 do not start the relay
#
# Needs `make build` first (bin/sesame-demo, dist/extension). Without a
# display it keeps the servers running and explains how to load the
# extension by hand.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"

demo_addr=${DEMO_ADDR:-127.0.0.1:8080}
chromium=${CHROMIUM:-/usr/lib/chromium/chromium}
ext="$root/dist/extension"
base="http://$demo_addr"

say() { printf 'run: %s\n' "$*"; }
die() { printf 'run: %s\n' "$*" >&2; exit 1; }

[ -x bin/sesame-demo ] || die "bin/sesame-demo is missing: run make build (make run does it for you)"
[ -f "$ext/manifest.json" ] && [ -f "$ext/sesame.wasm" ] || die "dist/extension is not built: run make build"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/sesame-run.XXXXXX")
demo_pid="" relay_pid="" browser_pid=""

cleanup() {
	trap - INT TERM EXIT
	[ -n "$browser_pid" ] && kill "$browser_pid" 2>/dev/null || true
	# The relay runs in its own process group (wrangler starts workerd).
	[ -n "$relay_pid" ] && kill -- "-$relay_pid" 2>/dev/null || true
	[ -n "$demo_pid" ] && kill "$demo_pid" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$tmp"
	say "stopped"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The demo site prints its address on its first line, or fails (port taken).
bin/sesame-demo -addr "$demo_addr" >"$tmp/demo.out" 2>"$tmp/demo.err" &
demo_pid=$!
for _ in $(seq 1 50); do
	[ -s "$tmp/demo.out" ] && break
	kill -0 "$demo_pid" 2>/dev/null || die "the demo site did not start: $(cat "$tmp/demo.err") (is $demo_addr taken? set DEMO_ADDR=127.0.0.1:8081)"
	sleep 0.1
done
[ -s "$tmp/demo.out" ] || die "the demo site did not print its address"
say "demo site: $base/   (every 401/403/407 case is linked from there)"

if [ "${NO_RELAY:-}" != 1 ] && [ -x dev/scripts/relay.sh ]; then
	setsid dev/scripts/relay.sh >"$tmp/relay.log" 2>&1 &
	relay_pid=$!
	say "relay: starting on http://127.0.0.1:${RELAY_PORT:-8787} (log: $tmp/relay.log)"
fi

by_hand() {
	cat <<EOF
run: to try Sesame by hand:
  Chromium: open chrome://extensions, switch on "Developer mode", "Load unpacked",
            choose $ext
  Firefox:  open about:debugging#/runtime/this-firefox, "Load Temporary Add-on…",
            choose $ext/manifest.json
  then open $base/ and click the Sesame button on any page there.
  For the 407 page, set the browser's automatic proxy configuration URL to
  $base/proxy.pac (it sends only proxy.sesame.test through the demo).
EOF
}

if [ ! -x "$chromium" ]; then
	printf 'run: Chromium is not installed (looked for %s).\n' "$chromium" >&2
	printf 'run: install it with:  sudo apt-get update && sudo apt-get install -y chromium\n' >&2
	printf 'run: or point CHROMIUM at another Chromium or Chrome binary.\n' >&2
	exit 1
fi

if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
	say "no display (\$DISPLAY and \$WAYLAND_DISPLAY are unset), so no browser window can open."
	say "the servers keep running: demo site $base/${relay_pid:+, relay http://127.0.0.1:${RELAY_PORT:-8787}/healthz}"
	by_hand
	say "press Ctrl-C to stop."
	wait "$demo_pid"
	exit 0
fi

flags=(
	"--user-data-dir=$tmp/profile"
	--no-first-run
	--no-default-browser-check
	"--disable-extensions-except=$ext"
	"--load-extension=$ext"
	"--proxy-pac-url=$base/proxy.pac"
)
# Chromium refuses to run as root without this.
[ "$(id -u)" = 0 ] && flags+=(--no-sandbox)
say "opening Chromium with the extension from $ext (close the window or press Ctrl-C to stop)"
"$chromium" "${flags[@]}" "$base/" >"$tmp/chromium.log" 2>&1 &
browser_pid=$!
wait "$browser_pid" || true
browser_pid=""
