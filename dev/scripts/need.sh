#!/usr/bin/env bash
# need.sh checks that the programs the browser, relay and real-server tests
# use are installed and says exactly how to install what is missing.
set -u
chromium=${CHROMIUM:-/usr/lib/chromium/chromium}
firefox=${FIREFOX:-/usr/lib/firefox-esr/firefox-esr}
missing=()
[ -x "$chromium" ] || missing+=(chromium)
[ -x "$firefox" ] || missing+=(firefox-esr)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
# The real servers of dev/e2e/servers.
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
[ -x /usr/bin/htpasswd ] || missing+=(apache2-utils)
[ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/sbin/lighttpd ] || missing+=(lighttpd)
[ -x /usr/sbin/squid ] || missing+=(squid)
[ -x /usr/bin/python3 ] || missing+=(python3)
[ -x /usr/bin/tinyproxy ] || missing+=(tinyproxy-bin)
if [ ${#missing[@]} -gt 0 ]; then
	echo "missing: ${missing[*]}" >&2
	echo "install them with:  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
	exit 1
fi
