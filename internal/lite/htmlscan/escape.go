package htmlscan

import (
	"strings"
	"unicode/utf8"
)

// windows1252 maps the numeric references &#x80; to &#x9F; to the
// characters Windows-1252 gives those bytes, as browsers do.
var windows1252 = [32]rune{
	'\u20AC', '\u0081', '\u201A', '\u0192', '\u201E', '\u2026', '\u2020', '\u2021',
	'\u02C6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008D', '\u017D', '\u008F',
	'\u0090', '\u2018', '\u2019', '\u201C', '\u201D', '\u2022', '\u2013', '\u2014',
	'\u02DC', '\u2122', '\u0161', '\u203A', '\u0153', '\u009D', '\u017E', '\u0178',
}

// longestLegacy is the length of the longest name recognised without ';'.
const longestLegacy = 6

// UnescapeString decodes the character references in s as in HTML text:
// numeric ones, and the named ones of the package's short list.
func UnescapeString(s string) string {
	return unescape(s, false)
}

// unescape decodes the character references in s. In an attribute value
// (attr) a name without ';' followed by '=' or by more letters or digits
// is left alone, as browsers do.
func unescape(s string, attr bool) string {
	i := strings.IndexByte(s, '&')
	if i < 0 {
		return s
	}
	b := make([]byte, 0, len(s))
	for i >= 0 {
		b = append(b, s[:i]...)
		s = s[i:]
		r, n := reference(s, attr)
		if r < 0 {
			b = append(b, s[:n]...)
		} else {
			b = utf8.AppendRune(b, r)
		}
		s = s[n:]
		i = strings.IndexByte(s, '&')
	}
	return string(append(b, s...))
}

// reference decodes the character reference at the start of s, which
// begins with '&'. It returns the character and the length of the
// reference, or -1 and the length of text to keep as it is.
func reference(s string, attr bool) (rune, int) {
	if len(s) <= 1 {
		return -1, len(s)
	}
	if s[1] == '#' {
		return numeric(s)
	}
	// The longest run of letters and digits, and a ';' after it.
	i := 1
	for i < len(s) && isAlnum(s[i]) {
		i++
	}
	name := s[1:i]
	semicolon := i < len(s) && s[i] == ';'
	switch {
	case name == "":
		return -1, 1
	case semicolon:
		if e, ok := lookup(name); ok {
			return e.r, i + 1
		}
		i++
	case attr && i < len(s) && s[i] == '=':
		return -1, i
	default:
		if e, ok := lookup(name); ok && e.legacy {
			return e.r, i
		}
	}
	if !attr {
		// In text, a legacy name ends where it ends: "&notit;" is "¬it;".
		for j := min(len(s[1:i])-1, longestLegacy); j > 1; j-- {
			if e, ok := lookup(s[1 : 1+j]); ok && e.legacy {
				return e.r, 1 + j
			}
		}
	}
	return -1, i
}

// numeric decodes "&#123;" or "&#x7B;" (the ';' is optional) at the start
// of s.
func numeric(s string) (rune, int) {
	if len(s) <= 3 {
		return -1, 1
	}
	i := 2
	hex := s[i] == 'x' || s[i] == 'X'
	if hex {
		i++
	}
	// The arithmetic wraps as it does in golang.org/x/net/html; an
	// overflowing number comes out as U+FFFD or as some other character,
	// never as an error.
	var x rune
	for i < len(s) {
		c := s[i]
		i++
		switch {
		case '0' <= c && c <= '9':
			if hex {
				x = 16*x + rune(c) - '0'
			} else {
				x = 10*x + rune(c) - '0'
			}
			continue
		case hex && 'a' <= c && c <= 'f':
			x = 16*x + rune(c) - 'a' + 10
			continue
		case hex && 'A' <= c && c <= 'F':
			x = 16*x + rune(c) - 'A' + 10
			continue
		}
		if c != ';' {
			i--
		}
		break
	}
	if i <= 3 {
		return -1, 1
	}
	switch {
	case 0x80 <= x && x <= 0x9F:
		x = windows1252[x-0x80]
	case x == 0 || 0xD800 <= x && x <= 0xDFFF || x > utf8.MaxRune || x < 0:
		x = utf8.RuneError
	}
	return x, i
}

// lookup finds a name in the short list.
func lookup(name string) (entity, bool) {
	lo, hi := 0, len(entities)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if entities[m].name < name {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(entities) && entities[lo].name == name {
		return entities[lo], true
	}
	return entity{}, false
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}
