package main

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// escapeRune reports whether r would change how a terminal shows text
// rather than show as itself: C0 controls, DEL, C1 controls (U+0080 to
// U+009F, which some terminals take as CSI and other sequences), the
// bidirectional marks, embeddings, overrides and isolates (U+061C,
// U+200E, U+200F, U+202A to U+202E, U+2066 to U+2069), the line and
// paragraph separators (U+2028, U+2029) and the byte order mark (U+FEFF).
func escapeRune(r rune) bool {
	switch {
	case r < 0x20, r >= 0x7f && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e,
		r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029, r == 0xfeff:
		return true
	}
	return false
}

// appendEscaped appends the visible form of r: \n, \r and \t by name,
// other C0 controls as \xHH, anything else as \uXXXX.
func appendEscaped(b []byte, r rune) []byte {
	switch {
	case r == '\n':
		return append(b, `\n`...)
	case r == '\r':
		return append(b, `\r`...)
	case r == '\t':
		return append(b, `\t`...)
	case r < 0x20:
		return fmt.Appendf(b, `\x%02x`, r)
	}
	return fmt.Appendf(b, `\u%04x`, r)
}

// visible returns s, text chosen by a server (reason phrase, header
// values, references, page text), with every character that escapeRune
// names, newlines and tabs included, written as a visible escape, and each
// byte that is not UTF-8 as \xHH; everything else, backslashes included,
// is kept as it is.
func visible(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || escapeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	b := make([]byte, 0, len(s)+16)
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b = fmt.Appendf(b, `\x%02x`, s[i])
		case escapeRune(r):
			b = appendEscaped(b, r)
		default:
			b = append(b, s[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// terminalWriter passes output on to a terminal with the characters that
// escapeRune names escaped, except the newlines and tabs of the output's
// own layout, and bytes that are not UTF-8 as \xHH. It is the last guard
// behind visible: whatever a command prints, no escape sequence, bell,
// carriage return or bidirectional override reaches the terminal. JSON
// output stays valid JSON: encoding/json already escapes C0 controls, and
// the rest is written as \uXXXX, which JSON reads as the same character.
// Call Flush at the end for a character cut by the last Write.
type terminalWriter struct {
	w    io.Writer
	tail []byte // the start of a character cut by the last Write
	buf  []byte
}

func (t *terminalWriter) Write(p []byte) (int, error) {
	in := p
	if len(t.tail) > 0 {
		in = append(t.tail, p...)
		t.tail = nil
	}
	b := t.buf[:0]
	for i := 0; i < len(in); {
		c := in[i]
		if c >= 0x20 && c < 0x7f || c == '\n' || c == '\t' {
			b = append(b, c)
			i++
			continue
		}
		if c >= utf8.RuneSelf && !utf8.FullRune(in[i:]) {
			t.tail = append([]byte(nil), in[i:]...)
			break
		}
		r, n := utf8.DecodeRune(in[i:])
		switch {
		case r == utf8.RuneError && n <= 1:
			b = fmt.Appendf(b, `\x%02x`, c)
		case escapeRune(r):
			b = appendEscaped(b, r)
		default:
			b = append(b, in[i:i+n]...)
		}
		i += n
	}
	t.buf = b
	if _, err := t.w.Write(b); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a character cut by the last Write, escaped byte by byte.
func (t *terminalWriter) Flush() error {
	if len(t.tail) == 0 {
		return nil
	}
	var b strings.Builder
	for _, c := range t.tail {
		fmt.Fprintf(&b, `\x%02x`, c)
	}
	t.tail = nil
	_, err := io.WriteString(t.w, b.String())
	return err
}
