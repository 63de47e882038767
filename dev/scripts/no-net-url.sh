#!/usr/bin/env bash
# no-net-url.sh lists the packages linked into the WebAssembly helper
# (GOOS=js GOARCH=wasm go list -deps ./wasm) that still import net/url,
# and exits 1 if there is any: the helper uses
# internal/urls/weburl, a drop-in subset of net/url without fmt, reflect,
# os and net/netip. With --fix it also switches them: in every Go file
# of those packages (tests too, so that types still match) the import
# "net/url" becomes url "github.com/sesame-help/sesame/internal/urls/weburl",
# which leaves every url.X in the code as it was. Run it after merging a
# branch that added a net/url import, then go build ./... && go vet ./...
#
#	dev/scripts/no-net-url.sh [--fix]
set -euo pipefail
cd "$(dirname "$0")/../.."
fix=false
[ "${1:-}" = "--fix" ] && fix=true
weburl=github.com/sesame-help/sesame/internal/urls/weburl
found=0
for pkg in $(GOOS=js GOARCH=wasm go list -deps ./wasm | grep '^github.com/sesame-help/sesame/'); do
	[ "$pkg" = "$weburl" ] && continue
	imports=$(GOOS=js GOARCH=wasm go list -f '{{join .Imports " "}}' "$pkg")
	case " $imports " in
	*" net/url "*) ;;
	*) continue ;;
	esac
	found=$((found + 1))
	dir=$(GOOS=js GOARCH=wasm go list -f '{{.Dir}}' "$pkg")
	echo "$pkg imports net/url ($dir)"
	if $fix; then
		for f in "$dir"/*.go; do
			grep -q '"net/url"' "$f" || continue
			# In an import block the line moves to the module's own group.
			awk -v w="	url \"$weburl\"" '
				/^import \($/ { inblock = 1; print; next }
				inblock && $0 == "\t\"net/url\"" { moved = 1; next }
				inblock && /^\)$/ {
					if (moved) {
						if (prev !~ /github\.com\/sesame-help\/sesame\//) print ""
						print w
					}
					inblock = 0; moved = 0
				}
				{ print; prev = $0 }
			' "$f" | sed -E 's#^import "net/url"$#import url "'"$weburl"'"#' >"$f.tmp"
			mv "$f.tmp" "$f"
			gofmt -w "$f"
			echo "  switched $f"
		done
	fi
done
if [ "$found" -eq 0 ]; then
	echo "no-net-url: no package of the WebAssembly helper imports net/url"
	exit 0
fi
if $fix; then
	echo "no-net-url: switched $found packages; now run go build ./... && go vet ./..."
	exit 0
fi
echo "no-net-url: $found packages of the WebAssembly helper import net/url (dev/scripts/no-net-url.sh --fix)" >&2
exit 1
