package timeparse

import (
	"testing"
	"time"
)

// TestFormat compares FormatRFC3339, FormatMinute and FormatSecond with time's Format.
func TestFormat(t *testing.T) {
	for _, s := range []int64{0, 1, -1, 1e9, 1764331200, -62135596800, -62135596801, 253402300799, 253402300800, 253718000000, -70000000000} {
		for _, zone := range []*time.Location{time.UTC, time.FixedZone("x", -5*3600-30*60)} {
			tm := time.Unix(s, 123456789).In(zone)
			if got, want := FormatRFC3339(tm), tm.UTC().Format(time.RFC3339); got != want {
				t.Errorf("FormatRFC3339(%v) = %q, want %q", tm, got, want)
			}
			if got, want := FormatMinute(tm), tm.UTC().Format("2006-01-02 15:04 UTC"); got != want {
				t.Errorf("FormatMinute(%v) = %q, want %q", tm, got, want)
			}
			if got, want := FormatSecond(tm), tm.UTC().Format("2006-01-02 15:04:05 UTC"); got != want {
				t.Errorf("FormatSecond(%v) = %q, want %q", tm, got, want)
			}
		}
	}
}
