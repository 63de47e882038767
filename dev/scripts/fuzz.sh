#!/usr/bin/env bash
# fuzz.sh runs every Go fuzz target in the module for the given time each
# (default 10s). New crashers land in the package's testdata/fuzz folder:
# commit them as regression cases.
set -euo pipefail
cd "$(dirname "$0")/../.."
t=${1:-10s}
for pkg in $(go list ./...); do
	dir=$(go list -f '{{.Dir}}' "$pkg")
	for target in $(grep -ho '^func Fuzz[A-Za-z0-9_]*' "$dir"/*_test.go 2>/dev/null | sed 's/^func //' | sort -u); do
		echo "== $pkg $target ($t)"
		go test "$pkg" -run "^$" -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 2s
	done
done
