#!/bin/sh
# bench-core.sh: the Go core's discovery figures (issue 4, "Performance").
#
#   - Login / register / reset / contact / links discovery on a realistic
#     1 MB page (discover.BenchmarkHTML1MB, target <= 20 ms natively), with
#     the bare x/net/html tokenizer over the same page as the floor.
#   - A hostile 10 MB page with 50,000 links (bounded work).
#   - Typo suggestions: 5,000 and 50,000 candidates, and the whole typo
#     check (discovery of a 1 MB parent page's links, then Suggest).
#   - One phase of the popup on a 1 MB error page: the separate calls the
#     popup made before (Diagnose, Probes, Decide, each reading the page)
#     against plan.Analyze (the page read once), and their ratio.
#
# Each figure is the median of RUNS runs (default 5) of `go test -bench`.
# Usage:
#   dev/scripts/bench-core.sh [RUNS]
set -eu
cd "$(dirname "$0")/../.."
RUNS=${1:-5}
GO=${GO:-go}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "core discovery benchmarks (median of $RUNS runs, one CPU)"
# Wall-clock figures mean little on a busy machine: say how busy it was.
if [ -r /proc/loadavg ]; then
	echo "  load average before: $(cut -d' ' -f1-3 /proc/loadavg) on $(getconf _NPROCESSORS_ONLN 2>/dev/null || echo '?') CPUs"
fi
$GO test -run '^$' -bench . -cpu 1 -count "$RUNS" ./internal/site/discover/ >"$tmp/discover.txt"
$GO test -run '^$' -bench . -cpu 1 -count "$RUNS" ./internal/site/typo/ >"$tmp/typo.txt"
$GO test -run '^$' -bench . -cpu 1 -count "$RUNS" ./internal/plan/ >"$tmp/plan.txt"

# report FILE BENCHNAME TARGET_MS LABEL: prints the median ns/op in ms and,
# when TARGET_MS is not "-", whether it is within target.
report() {
	awk -v name="$2" -v target="$3" -v label="$4" '
		$1 ~ "^"name"(-[0-9]+)?$" { for (i = 2; i <= NF; i++) if ($i == "ns/op") v[n++] = $(i-1) + 0 }
		END {
			if (n == 0) { printf "  %-44s no result\n", label; exit 1 }
			for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (v[j] < v[i]) { t = v[i]; v[i] = v[j]; v[j] = t }
			m = (n % 2) ? v[int(n/2)] : (v[n/2-1] + v[n/2]) / 2
			m /= 1e6
			verdict = ""
			if (target != "-") verdict = (m <= target) ? sprintf("(target <= %s ms: ok)", target) : sprintf("(target <= %s ms: OVER TARGET)", target)
			printf "  %-44s %8.2f ms  min %.2f  max %.2f  n=%d %s\n", label, m, v[0]/1e6, v[n-1]/1e6, n, verdict
		}' "$1"
}

status=0
report "$tmp/discover.txt" BenchmarkHTML1MB 20 "discover.HTML, realistic 1 MB page" || status=1
report "$tmp/discover.txt" BenchmarkTokenizer1MB - "  floor: bare tokenizer, same page" || status=1
report "$tmp/discover.txt" BenchmarkHTML10MBHostile - "discover.HTML, 10 MB / 50,000 links" || status=1
report "$tmp/typo.txt" BenchmarkDiscoverAndSuggest1MB 20 "typo check: 1 MB page links + Suggest" || status=1
report "$tmp/typo.txt" BenchmarkSuggest5000 - "typo.Suggest, 5,000 candidates" || status=1
report "$tmp/typo.txt" BenchmarkSuggest50000 - "typo.Suggest, 50,000 candidates" || status=1
report "$tmp/plan.txt" BenchmarkDecide1MB 20 "plan.Decide, 1 MB parent page (discovery + typo)" || status=1
report "$tmp/plan.txt" BenchmarkPhaseSeparate1MB - "popup phase, 1 MB error page, Diagnose+Probes+Decide" || status=1
report "$tmp/plan.txt" BenchmarkPhaseAnalyze1MB - "popup phase, 1 MB error page, plan.Analyze" || status=1
awk '$1 ~ /^BenchmarkPhase(Separate|Analyze)1MB/ { for (i = 2; i <= NF; i++) if ($i == "ns/op") v[$1 ~ /Separate/ ? "s" : "a", n[$1 ~ /Separate/ ? "s" : "a"]++] = $(i-1) }
	function med(k,   i, j, t, m, a) { m = n[k]; for (i = 0; i < m; i++) a[i] = v[k, i]; for (i = 0; i < m; i++) for (j = i + 1; j < m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t } return (m % 2) ? a[int(m/2)] : (a[m/2-1] + a[m/2]) / 2 }
	END { if (n["s"] && n["a"]) printf "  %-44s %8.2fx\n", "  separate calls / Analyze", med("s") / med("a") }' "$tmp/plan.txt"
exit $status
