package messages

import (
	"regexp"
	"sort"
	"strings"
	"testing"
)

var keyRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

func TestCatalogs(t *testing.T) {
	langs := Languages()
	if got, want := strings.Join(langs, " "), "de en es fr ja pt-BR"; got != want {
		t.Fatalf("languages %q, want %q", got, want)
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

// languageNameCases are the cases of TestLanguageNames and the seeds of
// FuzzCanonical. catalog "" means no such language.
var languageNameCases = []struct {
	in, canonical, catalog string
}{
	{"en", "en", "en"},
	{"pt-BR", "pt-BR", "pt-BR"},
	{"pt_BR", "pt-BR", "pt-BR"}, // the extension's _locales spelling
	{"PT-br", "pt-BR", "pt-BR"},
	{" ja ", "ja", "ja"},
	{"es-MX", "es-MX", "es"}, // a region falls back to the language
	{"ja_JP", "ja-JP", "ja"},
	{"DE", "de", "de"},
	{"pt", "pt", ""},       // Portuguese only as spoken in Brazil
	{"pt-PT", "pt-PT", ""}, // no fallback from one region to another
	{"zh-Hant", "zh-hant", ""},
	{"", "", ""},
	{"-", "-", ""},
	{"\xa0", "\xa0", ""},             // not UTF-8: unchanged (a fuzzing find)
	{"pt\u00a0BR", "pt\u00a0BR", ""}, // not ASCII: unchanged
}

func TestLanguageNames(t *testing.T) {
	for _, c := range languageNameCases {
		if got := Canonical(c.in); got != c.canonical {
			t.Errorf("Canonical(%q) = %q, want %q", c.in, got, c.canonical)
		}
		m, err := Catalog(c.in)
		if c.catalog == "" {
			if err == nil {
				t.Errorf("Catalog(%q) did not fail", c.in)
			}
			continue
		}
		want, _ := Catalog(c.catalog)
		if err != nil || len(m) == 0 || m["kind_other"] != want["kind_other"] {
			t.Errorf("Catalog(%q): %v, not the catalog of %s", c.in, err, c.catalog)
		}
	}
	if got, want := Text("pt_BR", "kind_other", "418"), "O servidor respondeu com o erro 418."; got != want {
		t.Errorf("Text(pt_BR) = %q, want %q", got, want)
	}
	if got, want := Text("ja-JP", "kind_other", "418"), "サーバーはエラー 418 を返しました。"; got != want {
		t.Errorf("Text(ja-JP) = %q, want %q", got, want)
	}
}

// TestPlaceholdersInEveryLanguage checks that each translation uses exactly
// the parameters English uses (not just as many): a message that drops $1
// and repeats $2 would pass a count.
func TestPlaceholdersInEveryLanguage(t *testing.T) {
	used := regexp.MustCompile(`\$[1-9]`)
	set := func(s string) string {
		seen := map[string]bool{}
		for _, p := range used.FindAllString(strings.ReplaceAll(s, "$$", ""), -1) {
			seen[p] = true
		}
		var out []string
		for p := range seen {
			out = append(out, p)
		}
		sort.Strings(out)
		return strings.Join(out, ",")
	}
	en, _ := Catalog("en")
	for _, lang := range Languages() {
		m, _ := Catalog(lang)
		for k, e := range m {
			if got, want := set(e.Message), set(en[k].Message); got != want {
				t.Errorf("%s %s: parameters %q, English %q", lang, k, got, want)
			}
		}
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
