// Package text cuts strings to a length in bytes without splitting a
// UTF-8 character, for page-, server- and user-derived text that is shown
// or written down with a bound.
//
// It only cuts. Cleaning (trimming white space, replacing control
// characters or invalid UTF-8) differs from one caller to the next and
// stays with the caller, which cleans first and cuts last.
package text

import "unicode/utf8"

// Ellipsis is what Clip appends to a string it cut.
const Ellipsis = "…"

// Prefix returns the longest prefix of s that is at most n bytes long and
// does not end inside a UTF-8 character: s itself when it is short
// enough. A negative n counts as 0.
//
// The cut backs up to the start of a character, so the prefix of valid
// UTF-8 is valid UTF-8. In invalid UTF-8 it backs up over stray
// continuation bytes too, to a byte that can start a character.
func Prefix(s string, n int) string {
	if len(s) <= n {
		return s
	}
	// Back up to the start of the character at n, at most UTFMax-1 bytes:
	// a longer run of continuation bytes is not one character, and the
	// cut may fall anywhere in it.
	cut := max(n, 0)
	for stop := max(cut-utf8.UTFMax+1, 0); cut > stop && !utf8.RuneStart(s[cut]); {
		cut--
	}
	return s[:cut]
}

// Clip returns s when it is at most n bytes long, and otherwise
// Prefix(s, n) followed by Ellipsis: at most n bytes of s plus the three
// bytes of the ellipsis, ending on a character boundary.
func Clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return Prefix(s, n) + Ellipsis
}
