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
