#!/bin/sh
# deploy.sh deploys the relay to Cloudflare: wrangler deploy --env production
# (worker/wrangler.toml, section [env.production]) with the wrangler of
# dev/node_modules. `make deploy` runs it twice: first with --check, which
# only looks at the environment (no build, no network), then for real
# after building worker/build/app.wasm.
#
# Needs, in the environment:
#   CLOUDFLARE_API_TOKEN   an API token with "Workers Scripts: Edit" on the
#                          account (and "Workers Routes: Edit" plus "DNS:
#                          Edit" on the zone for a custom domain): the
#                          dashboard's "Edit Cloudflare Workers" template
#   CLOUDFLARE_ACCOUNT_ID  the account's id (dashboard, Workers overview)
# Optional:
#   RELAY_DOMAIN   the relay's own host on a zone of that account, e.g.
#                  relay.example.org (wrangler --domain; the Cache API only
#                  works on a custom domain, not on *.workers.dev)
#   ARCHIVES_JSON  the archive registry as JSON, replacing the built-in list
#                  for this deployment (wrangler --var)
#   SESAME_SALT    the salt for cache keys and rate-limit keys, stored as a
#                  secret (wrangler secret put); given once, it stays
#   WRANGLER       the wrangler command (default dev/node_modules/.bin/wrangler)
#   DRY_RUN=1      wrangler deploy --dry-run: build the upload, send nothing
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)

missing=""
[ -n "${CLOUDFLARE_API_TOKEN:-}" ] || missing="$missing CLOUDFLARE_API_TOKEN"
[ -n "${CLOUDFLARE_ACCOUNT_ID:-}" ] || missing="$missing CLOUDFLARE_ACCOUNT_ID"
if [ -n "$missing" ] && [ "${DRY_RUN:-}" != 1 ]; then
	cat >&2 <<EOF
deploy: missing:$missing
deploy: make deploy needs two environment variables and contacted nothing without them:
  CLOUDFLARE_API_TOKEN   an API token (Cloudflare dashboard > My Profile > API Tokens >
                         Create Token > "Edit Cloudflare Workers"); for a custom domain
                         it also needs "Workers Routes: Edit" and "DNS: Edit" on that zone
  CLOUDFLARE_ACCOUNT_ID  your account's id (dashboard > Workers & Pages, right column)
then, for example:
  CLOUDFLARE_API_TOKEN=… CLOUDFLARE_ACCOUNT_ID=… make deploy RELAY_DOMAIN=relay.example.org SESAME_SALT=\$(openssl rand -hex 32)
EOF
	exit 2
fi
[ "${1:-}" = --check ] && exit 0

cd "$root/worker"
[ -f build/app.wasm ] && [ -f build/wasm_exec.js ] || {
	echo "deploy: worker/build/ is missing; run: make worker/build/app.wasm" >&2
	exit 1
}
wrangler=${WRANGLER:-$root/dev/node_modules/.bin/wrangler}
[ -x "$wrangler" ] || command -v "$wrangler" >/dev/null 2>&1 || {
	echo "deploy: $wrangler is not installed; run: make deps" >&2
	exit 1
}
mkdir -p .state/config .state/logs
# No metrics to Cloudflare and wrangler's files inside the project.
export WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true
export XDG_CONFIG_HOME="$PWD/.state/config" WRANGLER_LOG_PATH="$PWD/.state/logs"

set -- deploy --env production --config wrangler.toml
if [ -n "${RELAY_DOMAIN:-}" ]; then
	case $RELAY_DOMAIN in
	*/* | *:* | *" "*) echo "deploy: RELAY_DOMAIN is a host name (relay.example.org), not $RELAY_DOMAIN" >&2; exit 2 ;;
	esac
	set -- "$@" --domain "$RELAY_DOMAIN"
else
	echo "deploy: warning: no RELAY_DOMAIN; on *.workers.dev the relay's cache does nothing (Cloudflare's Cache API needs a custom domain)" >&2
fi
[ -z "${ARCHIVES_JSON:-}" ] || set -- "$@" --var "ARCHIVES_JSON:$ARCHIVES_JSON"
if [ "${DRY_RUN:-}" = 1 ]; then
	out=$(mktemp -d)
	trap 'rm -rf "$out"' EXIT INT TERM
	set -- "$@" --dry-run --outdir "$out"
	export CLOUDFLARE_CF_FETCH_ENABLED=false
fi

echo "deploy: wrangler $*" | sed 's/ARCHIVES_JSON:.*/ARCHIVES_JSON:…/'
"$wrangler" "$@"
[ "${DRY_RUN:-}" = 1 ] && exit 0

if [ -n "${SESAME_SALT:-}" ]; then
	printf '%s' "$SESAME_SALT" | "$wrangler" secret put SESAME_SALT --env production --config wrangler.toml
else
	echo "deploy: reminder: the secret SESAME_SALT must be set once (make deploy SESAME_SALT=\$(openssl rand -hex 32), or wrangler secret put SESAME_SALT --env production); unset, each instance salts at random"
fi
echo "deploy: done. Build the extension for this relay: make package RELAY_URL=https://${RELAY_DOMAIN:-sesame-relay.<your-subdomain>.workers.dev}"
