#!/bin/sh
# bench-archive.sh: the archive lookup's performance figures (issue 3).
#
#  1. Lookup with fake archives answering in 50, 100, 300 and 1000 ms and one
#     that hangs, 1500 ms deadline: time to answer (target <= 1050 ms), and
#     the ratio against asking the same archives one after another.
#  2. TimeMap parsing: MB/s and bytes allocated for 20,000 and 200,000
#     mementos (memory must not depend on the TimeMap's size).
#
# Each figure is the median of RUNS runs (default 5). Usage:
#   dev/scripts/bench-archive.sh [RUNS]
set -eu
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
GO=${GO:-go}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "archive lookup benchmarks (median of $RUNS runs)"
$GO test -run '^$' -bench 'BenchmarkLookup(Parallel|Sequential)$' -benchtime 1x -count "$RUNS" \
	./internal/archive/lookup/ >"$tmp/lookup.txt"
$GO test -run '^$' -bench 'BenchmarkParseTimeMap' -count "$RUNS" \
	./internal/archive/memento/ >"$tmp/timemap.txt"

# median FILE BENCHNAME UNIT: median of the value preceding UNIT on the
# benchmark's lines.
median() {
	awk -v name="$2" -v unit="$3" '
		$1 ~ "^"name"(-[0-9]+)?$" { for (i = 2; i <= NF; i++) if ($i == unit) v[n++] = $(i-1) }
		END {
			if (n == 0) { print "NaN"; exit }
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			print (n % 2) ? v[int(n/2)] : (v[n/2-1] + v[n/2]) / 2
		}' "$1"
}

par=$(median "$tmp/lookup.txt" BenchmarkLookupParallel ms/lookup)
seq=$(median "$tmp/lookup.txt" BenchmarkLookupSequential ms/lookup)
found=$(median "$tmp/lookup.txt" BenchmarkLookupParallel found | cut -d. -f1)
verdict=$(awk -v p="$par" 'BEGIN { print (p <= 1050) ? "ok" : "OVER TARGET" }')
printf '  lookup, 50/100/300/1000 ms + hang, 1500 ms deadline: %s ms (target <= 1050: %s), %s of 4 answering archives found\n' "$par" "$verdict" "$found"
printf '  same archives one after another:                     %s ms\n' "$seq"
awk -v p="$par" -v s="$seq" 'BEGIN { printf "  sequential / parallel:                                %.2fx\n", s / p }'

for n in 20k 200k; do
	mbs=$(median "$tmp/timemap.txt" "BenchmarkParseTimeMap$n" MB/s)
	bop=$(median "$tmp/timemap.txt" "BenchmarkParseTimeMap$n" B/op)
	aop=$(median "$tmp/timemap.txt" "BenchmarkParseTimeMap$n" allocs/op)
	printf '  TimeMap parse, %4s mementos: %s MB/s (target >= 100), %s B/op, %s allocs/op\n' "$n" "$mbs" "$bop" "$aop"
done
