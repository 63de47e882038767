package parents

import (
	"strings"
	"testing"

	fixture "github.com/sesame-help/sesame/internal/sample"
)

type sample struct {
	in     string
	checks map[string]string // url, home, display, ancestors, error
}

// loadSamples reads testdata/urls.txt: one case per stanza, the input URL
// then "check value" lines.
func loadSamples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	for _, stanza := range fixture.Stanzas(fixture.Read(t, "internal/urls/parents/testdata/urls.txt")) {
		s := sample{in: stanza[0], checks: map[string]string{}}
		for _, line := range stanza[1:] {
			k, v, _ := strings.Cut(line, " ")
			s.checks[k] = v
		}
		out = append(out, s)
	}
	return out
}

func TestOf(t *testing.T) {
	samples := loadSamples(t)
	if len(samples) < 40 {
		t.Fatalf("only %d samples", len(samples))
	}
	for _, s := range samples {
		got, err := Of(s.in)
		if want, ok := s.checks["error"]; ok {
			if err == nil {
				t.Errorf("Of(%q) = %+v, want error %q", s.in, got, want)
			} else if !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), "parents: ") {
				t.Errorf("Of(%q) error %q, want %q", s.in, err, want)
			}
			continue
		}
		if err != nil {
			t.Errorf("Of(%q): %v", s.in, err)
			continue
		}
		for k, want := range s.checks {
			var g string
			switch k {
			case "url":
				g = got.URL
			case "home":
				g = got.Home
			case "display":
				g = got.DisplayHost
			case "ancestors":
				g = strings.Join(got.Ancestors, " ")
			default:
				t.Fatalf("unknown check %q", k)
			}
			if g != want {
				t.Errorf("Of(%q) %s = %q, want %q", s.in, k, g, want)
			}
		}
	}
}

func TestDeepPath(t *testing.T) {
	got, err := Of("https://example.com/" + strings.Repeat("a/", 1000) + "x")
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Ancestors) != MaxAncestors {
		t.Fatalf("%d ancestors", len(got.Ancestors))
	}
	if got.Ancestors[len(got.Ancestors)-1] != "https://example.com/" {
		t.Errorf("last ancestor %q", got.Ancestors[len(got.Ancestors)-1])
	}
	if _, err := Of("https://example.com/" + strings.Repeat("a", MaxURL)); err != ErrTooLong {
		t.Errorf("long URL: %v", err)
	}
}

func FuzzOf(f *testing.F) {
	for _, s := range loadSamples(f) {
		f.Add(s.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		got, err := Of(in)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "parents: ") {
				t.Fatalf("error %q lacks prefix", err)
			}
			return
		}
		if !strings.HasPrefix(got.Home, "http://") && !strings.HasPrefix(got.Home, "https://") || !strings.HasSuffix(got.Home, "/") {
			t.Fatalf("home %q", got.Home)
		}
		if len(got.Ancestors) > MaxAncestors {
			t.Fatalf("%d ancestors", len(got.Ancestors))
		}
		prev := got.URL
		for _, a := range got.Ancestors {
			if !strings.HasPrefix(a, got.Home) || !strings.HasSuffix(a, "/") || len(a) >= len(prev) || !strings.HasPrefix(prev, a) {
				t.Fatalf("Of(%q): ancestor %q after %q", in, a, prev)
			}
			prev = a
		}
		if n := len(got.Ancestors); n > 0 && got.Ancestors[n-1] != got.Home {
			t.Fatalf("last ancestor %q is not home %q", got.Ancestors[n-1], got.Home)
		}
		// Normalising again changes nothing.
		again, err := Of(got.URL)
		if err != nil || again.URL != got.URL {
			t.Fatalf("Of(%q).URL = %q, again %q %v", in, got.URL, again.URL, err)
		}
	})
}
