package retryafter

import (
	"strings"
	"testing"
	"time"

	fixture "github.com/sesame-help/sesame/internal/sample"
)

var now = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

type sample struct{ value, want string }

// loadSamples reads testdata/values.tsv: "value<TAB>expected" lines.
func loadSamples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	for _, stanza := range fixture.Stanzas(fixture.Read(t, "internal/response/retryafter/testdata/values.tsv")) {
		for _, line := range stanza {
			v, w, ok := strings.Cut(line, "\t")
			if !ok {
				t.Fatalf("bad line %q", line)
			}
			out = append(out, sample{v, w})
		}
	}
	return out
}

func TestParse(t *testing.T) {
	for _, s := range loadSamples(t) {
		got, err := Parse(s.value, now)
		if s.want == "error" {
			if err == nil {
				t.Errorf("Parse(%q) = %v, want an error", s.value, got)
			} else if !strings.HasPrefix(err.Error(), "retryafter: ") {
				t.Errorf("Parse(%q): error %q lacks the prefix", s.value, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", s.value, err)
			continue
		}
		if g := got.UTC().Format(time.RFC3339); g != s.want {
			t.Errorf("Parse(%q) = %s, want %s", s.value, g, s.want)
		}
	}
}

func TestCenturyRule(t *testing.T) {
	// In 2026, "26" is this year, "76" is 2076 (50 years on), "77" is 1977.
	for yy, want := range map[string]int{"26": 2026, "76": 2076, "77": 1977, "99": 1999, "00": 2000} {
		got, ok := Date("Monday, 01-Jun-"+yy+" 00:00:00 GMT", now)
		if !ok || got.Year() != want {
			t.Errorf("year %s: got %v %v, want %d", yy, got, ok, want)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range loadSamples(f) {
		f.Add(s.value)
	}
	f.Fuzz(func(t *testing.T, v string) {
		got, err := Parse(v, now)
		if err != nil {
			return
		}
		if got.Year() < minYear || got.After(now.Add(MaxDelay)) {
			t.Fatalf("Parse(%q) = %v out of range", v, got)
		}
	})
}
