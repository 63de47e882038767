package archive

import (
	"testing"
	"time"
)

func TestParseTimestamp(t *testing.T) {
	for _, tt := range []struct {
		in, want string // want RFC 3339, "" for an error
	}{
		{"20020911073933", "2002-09-11T07:39:33Z"},
		{"2014", "2014-01-01T00:00:00Z"},
		{"201402", "2014-02-01T00:00:00Z"},
		{"20240229", "2024-02-29T00:00:00Z"},
		{"20230229", ""},
		{"20021311000000", ""},
		{"20020911240000", ""},
		{"200209110739331", ""},
		{"2002091107393", ""},
		{"20O2", ""},
		{"", ""},
		{"-2002", ""},
	} {
		got, err := ParseTimestamp(tt.in)
		if tt.want == "" {
			if err == nil {
				t.Errorf("ParseTimestamp(%q) = %v, want error", tt.in, got)
			}
			continue
		}
		want, _ := time.Parse(time.RFC3339, tt.want)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v", tt.in, got, err, want)
		}
		if len(tt.in) == 14 && FormatTimestamp(got) != tt.in {
			t.Errorf("FormatTimestamp round trip: %s", FormatTimestamp(got))
		}
	}
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"20020911073933", "2014", "20230229", "99991231235959"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := ParseTimestamp(s)
		if err != nil {
			return
		}
		if len(s) == 14 && FormatTimestamp(ts) != s {
			t.Fatalf("%q round-trips to %q", s, FormatTimestamp(ts))
		}
	})
}

func TestSummary(t *testing.T) {
	at := time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)
	s := NewSummary(at)
	for _, m := range []Memento{
		{"c", time.Date(2012, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"a", time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"b", time.Date(2009, 12, 1, 0, 0, 0, 0, time.UTC)},
		{"d", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)},
	} {
		s.Add(m)
	}
	s.Finish()
	if s.Count != 4 || s.First.URI != "a" || s.Last.URI != "d" || s.Closest.URI != "b" {
		t.Errorf("summary %d %s %s %s", s.Count, s.First.URI, s.Last.URI, s.Closest.URI)
	}
	newest := NewSummary(time.Time{})
	newest.Add(Memento{"x", at})
	newest.Add(Memento{"y", at.Add(time.Hour)})
	newest.Finish()
	if newest.Closest.URI != "y" {
		t.Errorf("newest %s", newest.Closest.URI)
	}
}
