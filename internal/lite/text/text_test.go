package text

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestClip(t *testing.T) {
	for _, c := range []struct {
		s    string
		n    int
		want string
	}{
		// Short enough: unchanged, white space and all (cleaning is the
		// caller's).
		{"", 0, ""},
		{"", 5, ""},
		{"abc", 3, "abc"},
		{"abc", 100, "abc"},
		{"  a b  ", 7, "  a b  "},
		// ASCII is cut at n bytes.
		{"abcdef", 3, "abc…"},
		{"abcdef", 0, "…"},
		{"abcdef", -1, "…"},
		// A character that would straddle the cut is left out whole: é
		// is 2 bytes, 日 3 and 😀 4.
		{"aé", 2, "a…"},
		{"aébc", 3, "aé…"},
		{"日本語", 4, "日…"},
		{"日本語", 5, "日…"},
		{"日本語", 6, "日本…"},
		{"😀😀", 3, "…"},
		{"😀😀", 4, "😀…"},
		{"x😀", 4, "x…"},
		{"2024-01-01T00:00:00é", 20, "2024-01-01T00:00:00…"},
		// Invalid UTF-8: the cut backs up to a byte that can start a
		// character.
		{"ab\xffcd", 3, "ab\xff…"},
		{"\x80\x80\x80\x80", 2, "…"},
		{"a\x80\x80\x80", 3, "…"}, // s[1] cannot start one either
	} {
		if got := Clip(c.s, c.n); got != c.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
		if want := strings.TrimSuffix(c.want, Ellipsis); len(c.s) > c.n && Prefix(c.s, c.n) != want {
			t.Errorf("Prefix(%q, %d) = %q, want %q", c.s, c.n, Prefix(c.s, c.n), want)
		}
	}
}

// FuzzClip checks Clip's promises on any string and length: a prefix of
// s, at most n bytes of it plus the ellipsis, valid UTF-8 whenever s is,
// and s unchanged when it fits.
func FuzzClip(f *testing.F) {
	for _, s := range []string{"", "abc", "aé", "日本語", "😀😀", "a\x80\x80\x80", "\xff\xfe", strings.Repeat("é", 50)} {
		for _, n := range []int{-1, 0, 1, 2, 3, 4, 5, 40} {
			f.Add(s, n)
		}
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		got := Clip(s, n)
		if len(s) <= n {
			if got != s {
				t.Fatalf("Clip(%q, %d) = %q, want it unchanged", s, n, got)
			}
			return
		}
		p, ok := strings.CutSuffix(got, Ellipsis)
		if !ok {
			t.Fatalf("Clip(%q, %d) = %q lacks the ellipsis", s, n, got)
		}
		if !strings.HasPrefix(s, p) {
			t.Fatalf("Clip(%q, %d) = %q is not a prefix", s, n, got)
		}
		if len(p) > max(n, 0) {
			t.Fatalf("Clip(%q, %d) = %q keeps %d bytes", s, n, got, len(p))
		}
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Clip(%q, %d) = %q is not valid UTF-8", s, n, got)
		}
		if p != Prefix(s, n) {
			t.Fatalf("Clip(%q, %d) = %q, Prefix %q", s, n, got, Prefix(s, n))
		}
		// Nothing more fits: the next character would pass n.
		if utf8.ValidString(s) && len(p) < len(s) {
			_, size := utf8.DecodeRuneInString(s[len(p):])
			if len(p)+size <= n {
				t.Fatalf("Clip(%q, %d) = %q cut too early", s, n, got)
			}
		}
	})
}
