package discover

import (
	"strings"

	"github.com/sesame-help/sesame/internal/urls/punycode"
	"github.com/sesame-help/sesame/internal/urls/weburl"
)

// secondLevel lists second-level labels that, under a two-letter country
// code, form a public suffix ("co.uk", "com.au", "ne.jp"). Sesame does not
// carry the whole Public Suffix List (its Go package pulls in net/http), so
// site uses this rule plus publicSuffixes below.
var secondLevel = map[string]bool{
	"co": true, "com": true, "net": true, "org": true, "gov": true, "edu": true, "ac": true,
	"or": true, "ne": true, "go": true, "gob": true, "gv": true, "mil": true, "nic": true,
	"ltd": true, "plc": true, "sch": true, "nhs": true, "police": true, "gouv": true,
	"asso": true, "nom": true, "web": true, "info": true, "biz": true, "res": true, "lg": true,
	"ed": true, "ad": true, "gr": true,
}

// publicSuffixes lists multi-label suffixes under which every name belongs to
// someone else: hosting platforms and a few well-known exceptions.
var publicSuffixes = map[string]bool{
	"github.io": true, "gitlab.io": true, "herokuapp.com": true, "blogspot.com": true,
	"appspot.com": true, "pages.dev": true, "workers.dev": true, "netlify.app": true,
	"vercel.app": true, "cloudfront.net": true, "azurewebsites.net": true,
	"web.app": true, "firebaseapp.com": true, "wordpress.com": true, "wixsite.com": true,
	"s3.amazonaws.com": true, "onrender.com": true, "fly.dev": true, "glitch.me": true,
	"sharepoint.com": true, "myshopify.com": true, "squarespace.com": true,
	"okta.com": true, "oktapreview.com": true, "auth0.com": true,
}

// site returns the registrable domain of host: the public suffix and one
// more label, or host itself for IP addresses and single labels. The
// answer is lower case without a trailing dot.
func site(host string) string {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "" || isIP(h) {
		return h
	}
	labels := strings.Split(h, ".")
	n := len(labels)
	if n <= 2 {
		return h
	}
	// The longest listed suffix wins.
	for i := 1; i < n-1; i++ {
		if publicSuffixes[strings.Join(labels[i:], ".")] {
			return strings.Join(labels[i-1:], ".")
		}
	}
	if len(labels[n-1]) == 2 && secondLevel[labels[n-2]] {
		return strings.Join(labels[n-3:], ".")
	}
	return strings.Join(labels[n-2:], ".")
}

// siteLabel returns the label of a registrable domain without its public
// suffix: "paypal" for "paypal.co.uk".
func siteLabel(s string) string {
	if i := strings.IndexByte(s, '.'); i >= 0 {
		return s[:i]
	}
	return s
}

// decodeLabel decodes a punycode ("xn--") label; any other label, or a
// label that does not decode, is returned unchanged.
func decodeLabel(l string) string {
	if !strings.HasPrefix(l, "xn--") {
		return l
	}
	if s, err := punycode.Decode(l[4:]); err == nil {
		return s
	}
	return l
}

// confusables maps characters that look like Latin letters or digits to
// the letter they imitate.
var confusables = map[rune]string{
	'0': "o", '1': "l", '3': "e", '4': "a", '5': "s", '7': "t", '8': "b", '9': "g", 'i': "l",
	'|': "l", 'ı': "l", 'í': "l", 'ì': "l", 'ï': "l", 'î': "l",
	// Cyrillic
	'а': "a", 'в': "b", 'е': "e", 'ё': "e", 'к': "k", 'м': "m", 'н': "h", 'о': "o", 'р': "p",
	'с': "c", 'т': "t", 'у': "y", 'х': "x", 'ѕ': "s", 'і': "l", 'ј': "j", 'һ': "h", 'ԁ': "d",
	'ԛ': "q", 'ԝ': "w", 'ӏ': "l", 'ɡ': "g",
	// Greek
	'α': "a", 'β': "b", 'ε': "e", 'η': "n", 'ι': "l", 'κ': "k", 'ν': "v", 'ο': "o", 'ρ': "p",
	'τ': "t", 'υ': "u", 'χ': "x", 'ω': "w",
	// Latin with marks
	'à': "a", 'á': "a", 'â': "a", 'ã': "a", 'ä': "a", 'å': "a", 'ā': "a", 'ç': "c", 'è': "e",
	'é': "e", 'ê': "e", 'ë': "e", 'ē': "e", 'ñ': "n", 'ò': "o", 'ó': "o", 'ô': "o", 'õ': "o",
	'ö': "o", 'ø': "o", 'ō': "o", 'ù': "u", 'ú': "u", 'û': "u", 'ü': "u", 'ū': "u", 'ý': "y",
	'ÿ': "y", 'ś': "s", 'š': "s", 'ž': "z", 'ź': "z", 'ż': "z", 'ł': "l", 'ć': "c", 'č': "c",
	'ń': "n", 'ğ': "g", 'ş': "s", 'ß': "ss", 'ɑ': "a", 'ℓ': "l",
	'-': "", '_': "",
}

// skeleton maps a label to the letters it looks like, so that two labels a
// reader would confuse get the same skeleton.
func skeleton(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if m, ok := confusables[r]; ok {
			b.WriteString(m)
		} else {
			b.WriteRune(r)
		}
	}
	t := b.String()
	// Letter pairs that read as one letter.
	t = strings.ReplaceAll(t, "rn", "m")
	t = strings.ReplaceAll(t, "vv", "w")
	t = strings.ReplaceAll(t, "cl", "d")
	return t
}

// isIP reports whether host is an IPv4 or IPv6 address.
func isIP(host string) bool {
	return weburl.IsIP(strings.Trim(host, "[]"))
}

// Site returns the registrable domain of host as the package judges same
// and other sites (see the package documentation): "example.co.uk" for
// "www.shop.example.co.uk", the host itself for an IP address or a single
// label, in lower case without a trailing dot. Chrome removes a site's
// cookies for this whole domain, which is why the extension names it.
func Site(host string) string {
	return site(host)
}

// IsAddress reports whether host is an IPv4 or IPv6 address (with or
// without brackets) rather than a name: an address has no subdomains.
func IsAddress(host string) bool {
	return isIP(host)
}
