package timeparse

import (
	"testing"
	"time"
)

// layouts are the layouts Sesame parses (diagnose and retryafter).
var layouts = []string{
	time.RFC3339,
	"Mon, 02 Jan 2006 15:04:05 GMT",
	"Mon, 2 Jan 2006 15:04:05 GMT",
	"Mon, 02 Jan 2006 15:04:05 UTC",
	"Mon, 02 Jan 2006 15:04:05 -0700",
	"Mon Jan _2 15:04:05 2006",
	"Monday, 02-Jan-06 15:04:05 GMT",
	"Mon, 02-Jan-06 15:04:05 GMT",
}

var values = []string{
	"2026-11-28T12:00:00Z", "2026-11-28T12:00:00+01:00", "2026-11-28T12:00:00-23:59", "2026-11-28T12:00:00+24:00",
	"2026-11-28T12:00:00+24:60", "2026-11-28T12:00:00+25:00", "2026-11-28T12:00:00.123456789Z", "2026-11-28T12:00:00,5Z",
	"2026-11-28T12:00:00.1234567891234Z", "2026-11-28T1:00:00Z", "2026-11-28T24:00:00Z", "2026-11-28T12:60:00Z",
	"2026-11-28T12:00:60Z", "2026-02-29T12:00:00Z", "2024-02-29T12:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
	"0000-01-01T00:00:00Z", "9999-12-31T23:59:59-24:00", "2026-11-28t12:00:00z", "2026-11-28T12:00:00", "2026-11-28T12:00:00Zx",
	"2026-11-28 12:00:00Z", "yesterday", "", "2026-11-28T12:00:00*01:00", "2026-11-28T12:00:00+1:00",
	"Sun, 06 Nov 1994 08:49:37 GMT", "sun, 06 nov 1994 08:49:37 GMT", "Sun, 6 Nov 1994 08:49:37 GMT", "Sun,  06  Nov 1994 08:49:37 GMT",
	"Sun, 06 Nov 1994 8:49:37 GMT", "Sun, 06 Nov 1994 08:49:37.5 GMT", "Sun, 06 Nov 1994 08:49:37 gmt", "Sun, 31 Nov 1994 08:49:37 GMT",
	"Sun, 06 Nov 1994 08:49:37 +0130", "Sun, 06 Nov 1994 08:49:37 -2460", "Sun, 06 Nov 1994 08:49:37 UTC", "Xyz, 06 Nov 1994 08:49:37 GMT",
	"Sun Nov  6 08:49:37 1994", "Sun Nov 6 08:49:37 1994", "Sun Nov 16 08:49:37 1994", "Sun Nov   6 08:49:37 1994",
	"Sunday, 06-Nov-94 08:49:37 GMT", "Sun, 06-Nov-94 08:49:37 GMT", "Sunday, 06-Nov-+4 08:49:37 GMT", "Sunday, 06-Nov--1 08:49:37 GMT",
	"Sunday, 06-Nov-68 08:49:37 GMT", "Sunday, 06-Nov-69 08:49:37 GMT", "Wednesday, 29-Feb-00 00:00:00 GMT", "Sun, 06 Nov 1994 08:49:37 GMT ",
	"Sun, 06 Nov 1994 08:49:37 ", "Sun, 06 Nov 1994", "Sun, 06 Nov 0000 00:00:00 GMT",
}

func compare(t *testing.T, value string) {
	t.Helper()
	for _, l := range layouts {
		want, werr := time.Parse(l, value)
		got, ok := Parse(l, value)
		if (werr == nil) != ok {
			t.Fatalf("Parse(%q, %q): ok %v, time.Parse error %v", l, value, ok, werr)
		}
		if ok && (!got.Equal(want) || got.Location() != time.UTC) {
			t.Fatalf("Parse(%q, %q) = %v, time.Parse %v", l, value, got, want)
		}
	}
}

func TestLikeTimeParse(t *testing.T) {
	for _, v := range values {
		compare(t, v)
	}
}

func FuzzParse(f *testing.F) {
	for _, v := range values {
		f.Add(v)
	}
	f.Fuzz(compare)
}
