#!/usr/bin/env bash
# fuzz.sh runs every Go fuzz target in the module for the given time each
# (first argument, else $FUZZTIME, else 60s) and prints one line per target
# with its result. New crashers land in the package's testdata/fuzz folder:
# commit them as regression cases. $FUZZPARALLEL sets the fuzzing workers
# (default: go test's own, GOMAXPROCS). The script goes on after a failing
# target and exits 1 at the end if any target failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
t=${1:-${FUZZTIME:-60s}}
par=()
if [ -n "${FUZZPARALLEL:-}" ]; then par=(-parallel "$FUZZPARALLEL"); fi
summary=()
failed=0
for pkg in $(go list ./...); do
	# go test -list compiles the test binary, so build tags and files
	# that do not belong to this platform are handled as go test does.
	targets=$(go test "$pkg" -list '^Fuzz' 2>/dev/null | grep '^Fuzz' || true)
	for target in $targets; do
		echo "== $pkg $target ($t)"
		start=$(date +%s)
		if go test "$pkg" -run '^$' -fuzz "^${target}\$" -fuzztime "$t" -fuzzminimizetime 10s "${par[@]}"; then
			res=ok
		else
			res=FAIL
			failed=$((failed + 1))
		fi
		summary+=("$res $pkg $target $(($(date +%s) - start))s")
	done
done
echo "== summary: ${#summary[@]} targets, $failed failed"
printf '%s\n' "${summary[@]}"
[ "$failed" -eq 0 ]
