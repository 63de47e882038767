package lookup

import (
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
)

// TestHealth plays sequences of events on one archive and checks, after the
// last one and a given pause, whether each caller skips the archive.
func TestHealth(t *testing.T) {
	const sec = time.Second
	ev := func(o archive.Outcome, blame bool, caller string) Event {
		return Event{Outcome: o, Blame: blame, Waited: 2 * sec, Caller: caller}
	}
	rate := func(retry time.Duration, caller string) Event {
		return Event{Outcome: archive.RateLimited, Blame: true, Waited: 10 * time.Millisecond, RetryAfter: retry, Caller: caller}
	}
	type check struct {
		after  time.Duration // since the last event
		caller string
		cool   bool
	}
	for _, tt := range []struct {
		name   string
		events []Event
		checks []check
	}{
		// Failures the archive is not blamed for never start a cool-down.
		{"url errors", []Event{ev(archive.Error, false, "a"), ev(archive.Error, false, "b"), ev(archive.Error, false, "c"), ev(archive.Error, false, "d")},
			[]check{{0, "a", false}, {0, "z", false}}},
		{"our timeouts", []Event{ev(archive.Timeout, false, "a"), ev(archive.Timeout, false, "b"), ev(archive.Timeout, false, "c")},
			[]check{{0, "a", false}}},
		{"short waits", []Event{{Outcome: archive.Timeout, Blame: true, Waited: 200 * time.Millisecond}, {Outcome: archive.Timeout, Blame: true, Waited: 200 * time.Millisecond}, {Outcome: archive.Timeout, Blame: true, Waited: 200 * time.Millisecond}},
			[]check{{0, "", false}}},
		// The archive's own failures: three in a row.
		{"two errors", []Event{ev(archive.Error, true, "a"), ev(archive.Error, true, "b")},
			[]check{{0, "a", false}, {0, "b", false}}},
		{"three errors, two callers", []Event{ev(archive.Error, true, "a"), ev(archive.Error, true, "b"), ev(archive.Timeout, true, "a")},
			[]check{{0, "a", true}, {0, "b", true}, {0, "c", true}, {299 * sec, "c", true}, {300 * sec, "c", false}}},
		{"success resets", []Event{ev(archive.Error, true, "a"), ev(archive.Error, true, "b"), ev(archive.None, false, "c"), ev(archive.Error, true, "a")},
			[]check{{0, "a", false}}},
		// One caller's failures skip the archive for that caller only.
		{"three errors, one caller", []Event{ev(archive.Error, true, "a"), ev(archive.Error, true, "a"), ev(archive.Error, true, "a")},
			[]check{{0, "a", true}, {0, "b", false}, {0, "", false}}},
		{"unknown callers are one", []Event{ev(archive.Error, true, ""), ev(archive.Error, true, ""), ev(archive.Error, true, "")},
			[]check{{0, "", true}, {0, "a", false}}},
		{"second caller widens", []Event{ev(archive.Error, true, "a"), ev(archive.Error, true, "a"), ev(archive.Error, true, "a"), ev(archive.Error, true, "b")},
			[]check{{0, "a", true}, {0, "c", true}}},
		// Rate limits: at once, Retry-After honoured up to five minutes.
		{"429", []Event{rate(0, "a"), rate(0, "b")},
			[]check{{0, "c", true}, {299 * sec, "c", true}, {300 * sec, "c", false}}},
		{"429 retry-after short", []Event{rate(30*sec, "a"), rate(30*sec, "b")},
			[]check{{29 * sec, "c", true}, {30 * sec, "c", false}}},
		{"429 retry-after capped", []Event{rate(24*time.Hour, "a"), rate(24*time.Hour, "b")},
			[]check{{299 * sec, "c", true}, {300 * sec, "c", false}}},
		{"429 one caller", []Event{rate(time.Hour, "a")},
			[]check{{0, "a", true}, {0, "b", false}, {300 * sec, "a", false}}},
		{"429 not blamed", []Event{{Outcome: archive.RateLimited, Blame: false, Caller: "a"}, {Outcome: archive.RateLimited, Blame: false, Caller: "b"}},
			[]check{{0, "a", false}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := NewHealth()
			now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
			for _, e := range tt.events {
				h.Record("x", e, now)
				now = now.Add(time.Millisecond)
			}
			now = now.Add(-time.Millisecond)
			for _, c := range tt.checks {
				got, _ := h.CoolingDown("x", c.caller, now.Add(c.after))
				if got != c.cool {
					t.Errorf("caller %q %v after the last event: cooling %v, want %v", c.caller, c.after, got, c.cool)
				}
			}
		})
	}
}

// TestHealthNoExtension: one caller that keeps failing while its
// cool-down runs (requests already in flight) does not lengthen it.
func TestHealthNoExtension(t *testing.T) {
	h := NewHealth()
	start := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	h.Record("x", Event{Outcome: archive.RateLimited, Blame: true, RetryAfter: time.Minute, Caller: "a"}, start)
	for i := 1; i <= 50; i++ {
		h.Record("x", Event{Outcome: archive.RateLimited, Blame: true, RetryAfter: 5 * time.Minute, Caller: "a"}, start.Add(time.Duration(i)*time.Second))
	}
	if cool, _ := h.CoolingDown("x", "a", start.Add(time.Minute)); cool {
		t.Error("the cool-down was lengthened by failures during it")
	}
	if cool, last := h.CoolingDown("x", "a", start.Add(59*time.Second)); !cool || last != archive.RateLimited {
		t.Errorf("cooling %v (%s) before the minute is over", cool, last)
	}
}
