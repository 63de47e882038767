package parents

import (
	"errors"
	"strings"
	"unicode/utf8"
)

// This file converts host names between Unicode and their ASCII form
// (IDNA "xn--" labels, Punycode per RFC 3492). It lower-cases labels but
// does not apply the full UTS #46 mapping: browsers hand URLs over with
// hosts already in ASCII, so the Unicode path only serves people typing a
// URL on the command line. Keeping it small keeps the Unicode tables of
// golang.org/x/text out of the WebAssembly build.

const (
	pcBase        = 36
	pcTMin        = 1
	pcTMax        = 26
	pcSkew        = 38
	pcDamp        = 700
	pcInitialBias = 72
	pcInitialN    = 128
	maxLabel      = 63
)

var errPunycode = errors.New("parents: bad punycode")

// toASCII converts every non-ASCII label of host to "xn--" form.
func toASCII(host string) (string, error) {
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if isASCII(l) {
			labels[i] = strings.ToLower(l)
			continue
		}
		if !utf8.ValidString(l) {
			return "", ErrBadHost
		}
		enc, err := encode(strings.ToLower(l))
		if err != nil {
			return "", err
		}
		labels[i] = "xn--" + enc
	}
	return strings.Join(labels, "."), nil
}

// toUnicode converts every "xn--" label of an ASCII host to Unicode; a
// label that does not decode stays as it is.
func toUnicode(host string) string {
	labels := strings.Split(host, ".")
	for i, l := range labels {
		if len(l) > 4 && strings.EqualFold(l[:4], "xn--") {
			if d, err := decode(l[4:]); err == nil && d != "" {
				labels[i] = d
			}
		}
	}
	return strings.Join(labels, ".")
}

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

// encode returns the Punycode of a Unicode label (RFC 3492 section 6.3).
func encode(s string) (string, error) {
	runes := []rune(s)
	if len(runes) > maxLabel {
		return "", ErrBadHost
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
			return "", errPunycode
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

// decode returns the Unicode label of a Punycode string (RFC 3492
// section 6.2).
func decode(s string) (string, error) {
	if len(s) > maxLabel {
		return "", errPunycode
	}
	var out []rune
	pos := 0
	if i := strings.LastIndexByte(s, '-'); i >= 0 {
		for _, c := range s[:i] {
			if c >= 0x80 {
				return "", errPunycode
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
				return "", errPunycode
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
				return "", errPunycode
			}
			if d > (0x7fffffff-i)/w {
				return "", errPunycode
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
				return "", errPunycode
			}
			w *= pcBase - t
		}
		x := int32(len(out) + 1)
		bias = adapt(i-oldi, x, oldi == 0)
		if i/x > 0x10ffff-n {
			return "", errPunycode
		}
		n += i / x
		i %= x
		if n > utf8.MaxRune || (n >= 0xd800 && n <= 0xdfff) {
			return "", errPunycode
		}
		out = append(out, 0)
		copy(out[i+1:], out[i:])
		out[i] = n
		i++
	}
	return string(out), nil
}
