package messages

import (
	"strings"
	"testing"
)

// FuzzSubstitute checks the two readers of placeholders against each
// other: Substitute uses no parameter beyond Params, a message without
// "$" comes back unchanged, and empty parameters never make it longer.
func FuzzSubstitute(f *testing.F) {
	for _, c := range substituteCases {
		f.Add(c.msg, strings.Join(c.params, "\x00"))
	}
	f.Fuzz(func(t *testing.T, msg, joined string) {
		params := strings.Split(joined, "\x00")
		n := Params(msg)
		if n < 0 || n > 9 {
			t.Fatalf("Params(%q) = %d", msg, n)
		}
		all := Substitute(msg, params...)
		// The first n parameters, missing ones as "" (as Substitute reads them).
		first := make([]string, n)
		copy(first, params)
		if used := Substitute(msg, first...); used != all {
			t.Fatalf("Substitute(%q) uses parameters beyond Params = %d: %q vs %q", msg, n, all, used)
		}
		if !strings.Contains(msg, "$") && all != msg {
			t.Fatalf("Substitute(%q) = %q, want it unchanged", msg, all)
		}
		if empty := Substitute(msg); len(empty) > len(msg) {
			t.Fatalf("Substitute(%q) = %q: longer without parameters", msg, empty)
		}
	})
}

// FuzzCanonical checks that Canonical is idempotent, never grows a name
// but by nothing, and that Catalog and Text accept any name without
// panicking, agreeing on whether the language exists.
func FuzzCanonical(f *testing.F) {
	for _, c := range languageNameCases {
		f.Add(c.in)
	}
	f.Fuzz(func(t *testing.T, lang string) {
		c := Canonical(lang)
		if again := Canonical(c); again != c {
			t.Fatalf("Canonical(%q) = %q, but Canonical(%q) = %q", lang, c, c, again)
		}
		if len(c) > len(lang) {
			t.Fatalf("Canonical(%q) = %q is longer", lang, c)
		}
		_, err := Catalog(lang)
		text := Text(lang, "kind_other", "418")
		if err != nil && text != Text(Fallback, "kind_other", "418") {
			t.Fatalf("Text(%q) = %q although Catalog fails: want the fallback", lang, text)
		}
	})
}
