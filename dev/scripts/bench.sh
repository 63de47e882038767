#!/usr/bin/env bash
# bench.sh prints every performance figure the issues ask for. Each part is
# a script of its own so it can be run alone; figures are medians of
# several runs, with baselines measured in the same run.
set -euo pipefail
cd "$(dirname "$0")/../.."
status=0
for part in core archive relay browser; do
	script=dev/scripts/bench-$part.sh
	echo
	echo "=== $part ($script)"
	if ! "$script"; then
		echo "bench: $part failed" >&2
		status=1
	fi
done
exit $status
