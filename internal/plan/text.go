package plan

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/text"
)

func itoa(n int) string { return strconv.Itoa(n) }

// clip cleans a server- or page-derived string and shortens it to at most
// n bytes with text.Clip: control characters become spaces, invalid UTF-8
// is replaced and surrounding white space trimmed.
func clip(s string, n int) string {
	if len(s) > 4*n {
		s = s[:4*n]
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if !printable(s) {
		s = strings.Map(func(r rune) rune {
			if unicode.IsControl(r) {
				return ' '
			}
			return r
		}, s)
	}
	return text.Clip(strings.TrimSpace(s), n)
}

// printable reports text that is valid UTF-8 without control characters.
func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}
