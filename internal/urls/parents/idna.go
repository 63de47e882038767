package parents

import (
	"strings"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/urls/punycode"
)

// This file converts host names between Unicode and their ASCII form
// (IDNA "xn--" labels). It lower-cases labels but does not apply the full
// UTS #46 mapping: browsers hand URLs over with hosts already in ASCII, so
// the Unicode path only serves people typing a URL on the command line.

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
		enc, err := punycode.Encode(strings.ToLower(l))
		if err != nil {
			return "", ErrBadHost
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
			if d, err := punycode.Decode(l[4:]); err == nil && d != "" {
				labels[i] = d
			}
		}
	}
	return strings.Join(labels, ".")
}
