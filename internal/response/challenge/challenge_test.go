package challenge

import (
	"path"
	"strings"
	"testing"

	fixture "github.com/sesame-help/sesame/internal/sample"
)

// sample is one test case from testdata: header lines as received, the
// challenges expected in String form, and a fragment of the expected error.
type sample struct {
	name    string
	values  []string
	want    []string
	wantErr string
}

// loadSamples reads testdata/*.txt. A file holds comment and header lines
// in the form package sample reads (continuation lines start with white
// space), then "== want" and one challenge per line, then optionally
// "== error" and a fragment of the error message.
func loadSamples(t testing.TB) []sample {
	t.Helper()
	var out []sample
	for _, name := range fixture.Glob(t, "internal/response/challenge/testdata/*.txt") {
		s := sample{name: strings.TrimSuffix(path.Base(name), ".txt")}
		head, sections, ok := strings.Cut(fixture.Read(t, name), "\n== ")
		if !ok {
			t.Fatalf("%s: no == want section", name)
		}
		r, err := fixture.Parse([]byte(head))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if r.Method != "" || r.Proto != "" || r.Body != "" {
			t.Fatalf("%s: only header lines may come before == want", name)
		}
		for _, f := range r.Header {
			s.values = append(s.values, f.Value)
		}
		section := ""
		for _, line := range strings.Split("== "+sections, "\n") {
			switch {
			case line == "== want":
				section = "want"
				s.want = []string{}
			case line == "== error":
				section = "error"
			case line == "":
			case section == "want":
				s.want = append(s.want, line)
			case section == "error":
				s.wantErr = line
			default:
				t.Fatalf("%s: %q outside a section", name, line)
			}
		}
		if s.want == nil {
			t.Fatalf("%s: no == want section", name)
		}
		out = append(out, s)
	}
	return out
}

func TestParseSamples(t *testing.T) {
	for _, s := range loadSamples(t) {
		t.Run(s.name, func(t *testing.T) {
			got, err := Parse(s.values...)
			var strs []string
			for _, c := range got {
				strs = append(strs, c.String())
			}
			if strings.Join(strs, "\n") != strings.Join(s.want, "\n") {
				t.Errorf("Parse(%q)\n got: %s\nwant: %s", s.values, strings.Join(strs, "\n      "), strings.Join(s.want, "\n      "))
			}
			switch {
			case s.wantErr == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case s.wantErr != "" && err == nil:
				t.Errorf("no error, want one containing %q", s.wantErr)
			case s.wantErr != "" && !strings.Contains(err.Error(), s.wantErr):
				t.Errorf("error %q does not contain %q", err, s.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "challenge: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestAccessors(t *testing.T) {
	cs, err := Parse(`Bearer REALM="api", Error="invalid_token", scope="read write"`)
	if err != nil || len(cs) != 1 {
		t.Fatalf("Parse: %v %v", cs, err)
	}
	c := cs[0]
	if !c.Is("bearer") || c.Is("basic") {
		t.Errorf("Is: wrong for %q", c.Scheme)
	}
	if c.Realm() != "api" {
		t.Errorf("Realm = %q", c.Realm())
	}
	if v, ok := c.Get("ERROR"); !ok || v != "invalid_token" {
		t.Errorf("Get(ERROR) = %q, %v", v, ok)
	}
	if _, ok := c.Get("missing"); ok {
		t.Errorf("Get(missing) found")
	}
	for in, want := range map[string]string{"ntlm": "NTLM", "NEGOTIATE": "Negotiate", "digest": "Digest", "Foo": "Foo"} {
		if got := Canonical(in); got != want {
			t.Errorf("Canonical(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLimits(t *testing.T) {
	many := strings.Repeat("Basic realm=\"x\", ", MaxChallenges+10)
	cs, err := Parse(many)
	if len(cs) != MaxChallenges || err != ErrTooMany {
		t.Errorf("%d challenges, err %v; want %d and ErrTooMany", len(cs), err, MaxChallenges)
	}
	params := "Digest " + strings.Repeat("a=b, ", MaxParams+5)
	cs, err = Parse(params)
	if len(cs) != 1 || len(cs[0].Params) != MaxParams || err != ErrTooMany {
		t.Errorf("params: %v, %v", len(cs), err)
	}
}

// TestLargeInputs feeds 64 KiB values of several shapes: none may panic and
// each must come back with a bounded result.
func TestLargeInputs(t *testing.T) {
	const n = 64 << 10
	inputs := []string{
		strings.Repeat("a", n),
		strings.Repeat(",", n),
		strings.Repeat("\"", n),
		strings.Repeat("\\", n),
		"Basic realm=\"" + strings.Repeat("x", n),
		"Basic realm=\"" + strings.Repeat("\\\"", n/2),
		strings.Repeat("a=", n/2),
		strings.Repeat("B ", n/2),
		strings.Repeat("Basic a=\"b\" ", n/12),
		strings.Repeat("\xff\x00", n/2),
	}
	for i, in := range inputs {
		cs, _ := Parse(in)
		if len(cs) > MaxChallenges {
			t.Errorf("input %d: %d challenges", i, len(cs))
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range loadSamples(f) {
		f.Add(strings.Join(s.values, "\n"))
	}
	f.Fuzz(func(t *testing.T, in string) {
		cs, err := Parse(strings.Split(in, "\n")...)
		if len(cs) > MaxChallenges {
			t.Fatalf("%d challenges", len(cs))
		}
		for _, c := range cs {
			if c.Scheme == "" {
				t.Fatalf("empty scheme in %q", in)
			}
			if len(c.Params) > MaxParams {
				t.Fatalf("%d params", len(c.Params))
			}
			for _, p := range c.Params {
				if p.Name == "" || p.Name != strings.ToLower(p.Name) {
					t.Fatalf("bad param name %q", p.Name)
				}
			}
		}
		if err != nil && !strings.HasPrefix(err.Error(), "challenge: ") {
			t.Fatalf("error without prefix: %v", err)
		}
		// The normal form parses back to the same challenges, unless the
		// challenge used a token68 or was malformed.
		if err == nil {
			var parts []string
			for _, c := range cs {
				parts = append(parts, c.String())
			}
			again, err2 := Parse(strings.Join(parts, ", "))
			if err2 != nil || len(again) != len(cs) {
				t.Fatalf("round trip of %q: %v %d/%d", in, err2, len(again), len(cs))
			}
			for i := range cs {
				if again[i].String() != cs[i].String() {
					t.Fatalf("round trip of %q: %q != %q", in, again[i], cs[i])
				}
			}
		}
	})
}
