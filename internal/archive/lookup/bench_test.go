package lookup

import (
	"context"
	"testing"
	"time"

	"github.com/sesame-help/sesame/dev/fakearchive"
	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// benchArchives starts fake archives answering in 50, 100, 300 and
// 1000 ms and one that hangs.
func benchArchives(b *testing.B) []registry.Archive {
	var list []registry.Archive
	for i, spec := range []string{"slow:50ms", "slow:100ms", "slow:300ms", "slow:1000ms", "hang"} {
		beh, err := fakearchive.ParseBehavior(spec)
		if err != nil {
			b.Fatal(err)
		}
		s := fakearchive.New(registry.TimeMap, beh)
		b.Cleanup(s.Close)
		a := s.Archive(spec)
		a.ID = "fake" + string(rune('a'+i))
		a.Priority = i
		list = append(list, a)
	}
	return list
}

func benchLookup(b *testing.B, o Options) {
	o.Archives = benchArchives(b)
	var total time.Duration
	for b.Loop() {
		t0 := time.Now()
		res, err := Lookup(context.Background(), "http://example.com/", o)
		total += time.Since(t0)
		if err != nil || res.Closest == nil {
			b.Fatalf("lookup: %v %+v", err, res)
		}
		found := 0
		for _, a := range res.Archives {
			if a.Outcome == archive.Found {
				found++
			}
		}
		b.ReportMetric(float64(found), "found")
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(b.N), "ms/lookup")
}

// BenchmarkLookupParallel is the aggregator with a 1500 ms deadline: it
// should answer once the 1000 ms archive has answered and the hanging one
// has used its per-archive timeout (68 % of the deadline, 1020 ms).
func BenchmarkLookupParallel(b *testing.B) {
	benchLookup(b, Options{Deadline: 1500 * time.Millisecond})
}

// BenchmarkLookupSequential asks the same archives one after another, each
// with the same per-archive timeout: the baseline of the parallel lookup.
func BenchmarkLookupSequential(b *testing.B) {
	benchLookup(b, Options{Deadline: time.Minute, ArchiveTimeout: 1020 * time.Millisecond, MaxInFlight: 1})
}
