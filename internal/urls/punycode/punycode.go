// Package punycode converts a host-name label between Unicode and Punycode
// (RFC 3492), the encoding behind IDNA's "xn--" labels. It does no IDNA
// mapping of its own: callers lower-case and check labels. It exists so
// that the WebAssembly helper need not carry golang.org/x/text's Unicode
// tables.
package punycode

import (
	"errors"
	"strings"
	"unicode/utf8"
)

const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
	maxLabel      = 63 // the longest label DNS allows
)

// ErrBad is returned for input that is not valid Punycode, or a label too
// long to be one.
var ErrBad = errors.New("punycode: bad input")

func adapt(delta, numPoints int32, first bool) int32 {
	if first {
		delta /= pcDamp
	} else {
		delta /= 2
	}
	delta += delta / numPoints
	k := int32(0)
	for delta > ((pcBase-pcTMin)*pcTMax)/2 {
		delta /= pcBase - pcTMin
		k += pcBase
	}
	return k + (pcBase-pcTMin+1)*delta/(delta+pcSkew)
}

func digit(d int32) byte {
	if d < 26 {
		return byte('a' + d)
	}
	return byte('0' + d - 26)
}

// Encode returns the Punycode of a Unicode label (RFC 3492 section 6.3),
// without the "xn--" prefix. Labels longer than 63 runes are refused.
func Encode(label string) (string, error) {
	runes := []rune(label)
	if len(runes) > maxLabel {
		return "", ErrBad
	}
	var out []byte
	for _, r := range runes {
		if r < 0x80 {
			out = append(out, byte(r))
		}
	}
	b := int32(len(out))
	h := b
	if b > 0 {
		out = append(out, '-')
	}
	n, delta, bias := int32(pcInitialN), int32(0), int32(pcInitialBias)
	for h < int32(len(runes)) {
		m := int32(0x7fffffff)
		for _, r := range runes {
			if r >= n && r < m {
				m = r
			}
		}
		if (m - n) > (0x7fffffff-delta)/(h+1) {
			return "", ErrBad
		}
		delta += (m - n) * (h + 1)
		n = m
		for _, r := range runes {
			if r < n {
				delta++
			}
			if r == n {
				q := delta
				for k := int32(pcBase); ; k += pcBase {
					t := k - bias
					if t < pcTMin {
						t = pcTMin
					} else if t > pcTMax {
						t = pcTMax
					}
					if q < t {
						break
					}
					out = append(out, digit(t+(q-t)%(pcBase-t)))
					q = (q - t) / (pcBase - t)
				}
				out = append(out, digit(q))
				bias = adapt(delta, h+1, h == b)
				delta = 0
				h++
			}
		}
		delta++
		n++
	}
	return string(out), nil
}

// Decode returns the Unicode label of a Punycode string (RFC 3492
// section 6.2), given without the "xn--" prefix.
func Decode(s string) (string, error) {
	if len(s) > maxLabel {
		return "", ErrBad
	}
	var out []rune
	pos := 0
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		for _, c := range s[:i] {
			if c >= 0x80 {
				return "", ErrBad
			}
			out = append(out, c)
		}
		pos = i + 1
	}
	n, i, bias := int32(pcInitialN), int32(0), int32(pcInitialBias)
	for pos < len(s) {
		oldi, w := i, int32(1)
		for k := int32(pcBase); ; k += pcBase {
			if pos >= len(s) {
				return "", ErrBad
			}
			c := s[pos]
			pos++
			var d int32
			switch {
			case 'a' <= c && c <= 'z':
				d = int32(c - 'a')
			case 'A' <= c && c <= 'Z':
				d = int32(c - 'A')
			case '0' <= c && c <= '9':
				d = int32(c-'0') + 26
			default:
				return "", ErrBad
			}
			if d > (0x7fffffff-i)/w {
				return "", ErrBad
			}
			i += d * w
			t := k - bias
			if t < pcTMin {
				t = pcTMin
			} else if t > pcTMax {
				t = pcTMax
			}
			if d < t {
				break
			}
			if w > 0x7fffffff/(pcBase-t) {
				return "", ErrBad
			}
			w *= pcBase - t
		}
		x := int32(len(out) + 1)
		bias = adapt(i-oldi, x, oldi == 0)
		if i/x > 0x10ffff-n {
			return "", ErrBad
		}
		n += i / x
		i %= x
		if n > utf8.MaxRune || (n >= 0xd800 && n <= 0xdfff) {
			return "", ErrBad
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = n
		i++
	}
	return string(out), nil
}
