package weburl

import "strconv"

// mode names one URL component for escaping: a byte is left as it is in
// that component when its bit is set in class.
type mode uint8

const (
	mPath mode = 1 << iota
	mSegment
	mHost
	mZone
	mUserinfo
	mQuery
	mFragment
	hex // not a component: the byte is a hexadecimal digit
)

// class holds, for each byte, the components in which it needs no
// escaping, and whether it is a hex digit. It is static data (written
// out by TestClassTable's rules), so nothing is built at start-up.
var class = [256]mode{
	'!':  mHost | mZone | mFragment,
	'"':  mHost | mZone,
	'$':  mPath | mSegment | mHost | mZone | mUserinfo | mFragment,
	'&':  mPath | mSegment | mHost | mZone | mUserinfo | mFragment,
	'\'': mHost | mZone,
	'(':  mHost | mZone | mFragment,
	')':  mHost | mZone | mFragment,
	'*':  mHost | mZone | mFragment,
	'+':  mPath | mSegment | mHost | mZone | mUserinfo | mFragment,
	',':  mPath | mHost | mZone | mUserinfo | mFragment,
	'-':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'.':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'/':  mPath | mFragment,
	'0':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'1':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'2':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'3':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'4':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'5':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'6':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'7':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'8':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'9':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	':':  mPath | mSegment | mHost | mZone | mFragment,
	';':  mPath | mHost | mZone | mUserinfo | mFragment,
	'<':  mHost | mZone,
	'=':  mPath | mSegment | mHost | mZone | mUserinfo | mFragment,
	'>':  mHost | mZone,
	'?':  mFragment,
	'@':  mPath | mSegment | mFragment,
	'A':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'B':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'C':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'D':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'E':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'F':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'G':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'H':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'I':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'J':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'K':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'L':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'M':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'N':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'O':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'P':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'Q':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'R':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'S':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'T':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'U':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'V':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'W':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'X':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'Y':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'Z':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'[':  mHost | mZone,
	']':  mHost | mZone,
	'_':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'a':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'b':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'c':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'd':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'e':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'f':  hex | mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'g':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'h':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'i':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'j':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'k':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'l':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'm':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'n':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'o':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'p':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'q':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'r':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	's':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	't':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'u':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'v':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'w':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'x':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'y':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'z':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
	'~':  mPath | mSegment | mHost | mZone | mUserinfo | mQuery | mFragment,
}

const upperHex = "0123456789ABCDEF"

// unhex returns the value of the hex digit c.
func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}

// EscapeError reports a malformed percent escape; its text is the
// offending escape (at most three bytes).
type EscapeError string

// Error returns "invalid URL escape" and the escape, quoted.
func (e EscapeError) Error() string {
	return "invalid URL escape " + strconv.Quote(string(e))
}

// InvalidHostError reports a byte that a host name cannot hold.
type InvalidHostError string

// Error returns "invalid character … in host name".
func (e InvalidHostError) Error() string {
	return "invalid character " + strconv.Quote(string(e)) + " in host name"
}

// QueryUnescape decodes a query component: "%XX" escapes and "+" as a
// space.
func QueryUnescape(s string) (string, error) { return unescape(s, mQuery) }

// PathUnescape decodes "%XX" escapes in a path segment; "+" stays.
func PathUnescape(s string) (string, error) { return unescape(s, mSegment) }

// QueryEscape escapes s for use as a query key or value: a space becomes
// "+", everything but unreserved bytes becomes "%XX".
func QueryEscape(s string) string { return escape(s, mQuery) }

// PathEscape escapes s for use as one path segment ("/" is escaped).
func PathEscape(s string) string { return escape(s, mSegment) }

// unescape decodes s for component m. It checks every escape first, so
// that an error leaves nothing half-done, and returns s itself when
// there is nothing to decode.
func unescape(s string, m mode) (string, error) {
	escapes, plus := 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '%':
			if i+2 >= len(s) || class[s[i+1]]&hex == 0 || class[s[i+2]]&hex == 0 {
				bad := s[i:]
				if len(bad) > 3 {
					bad = bad[:3]
				}
				return "", EscapeError(bad)
			}
			v := unhex(s[i+1])<<4 | unhex(s[i+2])
			// A host may only escape bytes from 0x80 on (and "%25",
			// the start of a zone); a zone may also escape a space and
			// what a host may hold.
			if s[i+1:i+3] != "25" {
				if m == mHost && v < 0x80 || m == mZone && v != ' ' && class[v]&mHost == 0 {
					return "", EscapeError(s[i : i+3])
				}
			}
			escapes++
			i += 2
		case c == '+':
			plus = plus || m == mQuery
		case (m == mHost || m == mZone) && c < 0x80 && class[c]&m == 0:
			return "", InvalidHostError(s[i : i+1])
		}
	}
	if escapes == 0 && !plus {
		return s, nil
	}
	b := make([]byte, 0, len(s)-2*escapes)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c == '%':
			b = append(b, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
		case c == '+' && m == mQuery:
			b = append(b, ' ')
		default:
			b = append(b, c)
		}
	}
	return string(b), nil
}

// escape encodes s for component m, returning s itself when every byte
// may stay.
func escape(s string, m mode) string {
	extra, change := 0, false
	for i := 0; i < len(s); i++ {
		if c := s[i]; class[c]&m == 0 {
			change = true
			if c != ' ' || m != mQuery {
				extra += 2
			}
		}
	}
	if !change {
		return s
	}
	b := make([]byte, 0, len(s)+extra)
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case class[c]&m != 0:
			b = append(b, c)
		case c == ' ' && m == mQuery:
			b = append(b, '+')
		default:
			b = append(b, '%', upperHex[c>>4], upperHex[c&15])
		}
	}
	return string(b)
}

// validEncoded reports whether s, a raw path or fragment, holds only
// bytes that may appear unescaped in component m (escapes and the
// sub-delimiters included).
func validEncoded(s string, m mode) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '!', '$', '&', '\'', '(', ')', '*', '+', ',', ';', '=', ':', '@', '[', ']', '%':
		default:
			if class[c]&m == 0 {
				return false
			}
		}
	}
	return true
}
