package messages

import (
	"regexp"
	"testing"
)

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func TestCatalogs(t *testing.T) {
	langs := Languages()
	if len(langs) != 3 || langs[0] != "de" || langs[1] != "en" || langs[2] != "fr" {
		t.Fatalf("languages %v", langs)
	}
	en, err := Catalog("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range langs {
		m, err := Catalog(lang)
		if err != nil {
			t.Fatal(err)
		}
		if len(m) != len(en) {
			t.Errorf("%s has %d keys, en has %d", lang, len(m), len(en))
		}
		for k, e := range m {
			if !keyRE.MatchString(k) {
				t.Errorf("%s: bad key %q", lang, k)
			}
			if e.Message == "" || e.Description == "" {
				t.Errorf("%s: %s lacks message or description", lang, k)
			}
			ref, ok := en[k]
			if !ok {
				t.Errorf("%s: key %s not in en", lang, k)
				continue
			}
			if Params(e.Message) != Params(ref.Message) {
				t.Errorf("%s: %s uses %d parameters, en %d", lang, k, Params(e.Message), Params(ref.Message))
			}
		}
	}
	if _, err := Catalog("xx"); err == nil {
		t.Error("Catalog(xx) did not fail")
	}
}

func TestText(t *testing.T) {
	if got := Text("en", "kind_other", "418"); got != "The server answered with error 418." {
		t.Errorf("got %q", got)
	}
	if got := Text("xx", "kind_other", "418"); got != "The server answered with error 418." {
		t.Errorf("fallback: %q", got)
	}
	if got := Text("de", "no_such_key"); got != "no_such_key" {
		t.Errorf("missing key: %q", got)
	}
}

// substituteCases are the cases of TestSubstitute and the seeds of
// FuzzSubstitute.
var substituteCases = []struct {
	msg    string
	params []string
	want   string
}{
	{"a $1 b $2", []string{"x", "y"}, "a x b y"},
	{"$2$1", []string{"x", "y"}, "yx"},
	{"cost $$5 $1", []string{"now"}, "cost $5 now"},
	{"missing $3.", []string{"x"}, "missing ."},
	{"end $", nil, "end $"},
	{"$a $0", nil, "$a $0"},
}

func TestSubstitute(t *testing.T) {
	for _, c := range substituteCases {
		if got := Substitute(c.msg, c.params...); got != c.want {
			t.Errorf("Substitute(%q) = %q, want %q", c.msg, got, c.want)
		}
	}
	if Params("a $1 $$2 $3") != 3 || Params("$$1") != 0 {
		t.Error("Params")
	}
}
