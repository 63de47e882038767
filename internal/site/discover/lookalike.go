package discover

import (
	"strings"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/site/typo"
)

// lookAlike reports whether the host of a link resembles the page's site
// while belonging to another one. pageSite and linkSite are the registrable
// domains (see site); linkHost is the full host of the link. The page's
// brand is the label of its registrable domain without the public suffix
// ("paypal" for www.paypal.co.uk), compared by skeleton (see skeleton)
// after punycode is decoded.
//
// Flagged are:
//
//   - a registrable label that reads like the brand (рaypal with a
//     Cyrillic р, paypa1, rnicrosoft, xn--pple-43d), or is one edit away
//     from a brand of at least five characters (paypai, paypall);
//   - hosts that carry the page's whole registrable domain as labels of
//     another site (paypal.com.evil.example, paypal-com.example);
//   - the brand as a label, or a word between hyphens, of a subdomain of
//     another site (paypal.evil.example, paypal.security-check.example,
//     login-paypal.accounts.example);
//   - the brand combined with lure words (see lureWords: login, secure,
//     account, verify, security, check, …) in the registrable label,
//     between hyphens or glued (paypal-login.com, secure-paypal.com,
//     paypal-account-verify.example, paypallogin.com, paypa1-secure.com).
//
// Not flagged: the same label under another suffix (example.de for
// example.com: sites often own several), the brand combined with other
// words in the registrable label (paypal-community.com,
// google-analytics.com, microsoftonline.com), and names under a listed
// hosting suffix (acme.okta.com is its own site, see publicSuffixes).
// Names alone cannot tell a company's own sign-in hosts from an
// imitation, so the rule errs this way: a company's sign-in host named
// brand-login.example is flagged, and the link is then still listed with a
// warning but never used as an action. The brand-as-word rules are skipped
// for brands that are themselves common words of host names (login.gov,
// secure.example, mail.example: see genericBrand).
func lookAlike(pageSite, linkSite, linkHost string) bool {
	if pageSite == "" || linkSite == "" || pageSite == linkSite {
		return false
	}
	if isIP(pageSite) || isIP(linkSite) {
		return false
	}
	pl := siteLabel(pageSite)
	ll := siteLabel(linkSite)
	if len(pl) < 3 {
		return false
	}
	host := strings.TrimSuffix(strings.ToLower(linkHost), ".")
	if embedsSite(host, pageSite) {
		return true
	}
	pd, dl := decodeLabel(pl), decodeLabel(ll)
	ps, ls := skeleton(pd), skeleton(dl)
	if ps == ls {
		return pd != dl || (ll != pl && strings.HasPrefix(ll, "xn--"))
	}
	if utf8.RuneCountInString(pd) >= 5 && typo.Distance(ps, ls, 1) <= 1 {
		return true
	}
	if genericBrand(ps) {
		return false
	}
	// The brand among the words of the registrable label.
	if brandWithLure(dl, ps, utf8.RuneCountInString(pd) >= 5) {
		return true
	}
	// The brand as a word of a subdomain label of the other site.
	sub := strings.TrimSuffix(strings.TrimSuffix(host, linkSite), ".")
	if sub == host {
		return false
	}
	for sub != "" {
		var label string
		if i := strings.LastIndexByte(sub, '.'); i >= 0 {
			label, sub = sub[i+1:], sub[:i]
		} else {
			label, sub = sub, ""
		}
		d := decodeLabel(label)
		for _, w := range words(d) {
			if sw := skeleton(w); sw == ps || glued(sw, ps) {
				return true
			}
		}
	}
	return false
}

// embedsSite reports whether host carries site whole, as labels of its own
// (paypal.com.evil.example) or with its dots turned into hyphens
// (paypal-com.example, www.paypal-com-login.example).
func embedsSite(host, site string) bool {
	if strings.HasPrefix(host, site+".") || strings.Contains(host, "."+site+".") {
		return true
	}
	dashed := strings.ReplaceAll(site, ".", "-")
	for i := 0; i+len(dashed) <= len(host); {
		j := strings.Index(host[i:], dashed)
		if j < 0 {
			return false
		}
		j += i
		before := j == 0 || host[j-1] == '.' || host[j-1] == '-'
		k := j + len(dashed)
		after := k == len(host) || host[k] == '.' || host[k] == '-'
		if before && after {
			return true
		}
		i = j + 1
	}
	return false
}

// brandWithLure reports whether a registrable label, split into words at
// hyphens and underscores, holds the brand (skeleton ps) beside lure
// words: a word that is the brand with lure words glued to it
// (securepaypal), or the brand as one word (one edit away when typos is
// set) and, among the other words, lure words alone or written in parts
// (paypal-login, paypai-secure-account, paypal-sign-in).
func brandWithLure(label, ps string, typos bool) bool {
	ws := words(label)
	if len(ws) > 32 {
		ws = ws[:32]
	}
	var rest []string
	brand := false
	for _, w := range ws {
		sw := skeleton(w)
		switch {
		case glued(sw, ps):
			return true
		case !brand && (sw == ps || (typos && len(ws) > 1 && typo.Distance(sw, ps, 1) <= 1)):
			brand = true
		default:
			rest = append(rest, sw)
		}
	}
	if !brand {
		return false
	}
	for i := range rest {
		joined := ""
		for _, w := range rest[i:] {
			if joined += w; lureRun(joined) {
				return true
			}
			if len(joined) > 64 {
				break
			}
		}
	}
	return false
}

// glued reports whether the skeleton w is the brand skeleton ps with lure
// words directly before or after it, and at least one of them.
func glued(w, ps string) bool {
	if len(w) <= len(ps) {
		return false
	}
	for i := 0; i+len(ps) <= len(w); i++ {
		j := strings.Index(w[i:], ps)
		if j < 0 {
			return false
		}
		i += j
		pre, post := w[:i], w[i+len(ps):]
		if (pre == "" || lureRun(pre)) && (post == "" || lureRun(post)) {
			return true
		}
	}
	return false
}

// words splits a label at hyphens and underscores, dropping empty words
// (the double hyphen of punycode included).
func words(label string) []string {
	return strings.FieldsFunc(label, func(r rune) bool { return r == '-' || r == '_' })
}

// lureWords are words that phishing hosts put beside a brand to make a
// sign-in page look official. Words that a company's own hosts commonly
// carry beside its name (online, community, cdn, static, app, mail) are
// left out on purpose.
var lureWords = []string{
	"login", "logon", "signin", "signon", "sso", "auth", "authenticate",
	"authentication", "secure", "security", "safe", "safety", "protect", "protection",
	"check", "checking", "account", "accounts", "acct", "verify", "verification",
	"verified", "validate", "validation", "confirm", "confirmation", "update", "updates",
	"password", "passwd", "recover", "recovery", "restore", "unlock", "locked", "alert",
	"alerts", "notice", "warning", "billing", "payment", "payments", "wallet", "support",
	"helpdesk", "service", "services", "customer", "client", "member", "members",
	"user", "users", "id", "identity", "access", "session", "official", "resolution",
	"center", "centre", "team", "review", "limited", "suspended", "mfa", "2fa", "otp",
}

// lureSkeletons holds the skeletons of lureWords, by skeleton.
var lureSkeletons = func() map[string]bool {
	m := make(map[string]bool, len(lureWords))
	for _, w := range lureWords {
		m[skeleton(w)] = true
	}
	return m
}()

// maxLureLen is the length of the longest lure skeleton.
var maxLureLen = func() int {
	n := 0
	for w := range lureSkeletons {
		n = max(n, len(w))
	}
	return n
}()

// lureRun reports whether the skeleton s is one or more lure words
// written together ("login", "securelogin", "securitycheck").
func lureRun(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	// ok[i]: s[:i] splits into lure words.
	var buf [65]bool
	ok := buf[:len(s)+1]
	ok[0] = true
	for i := 1; i <= len(s); i++ {
		for j := max(0, i-maxLureLen); j < i && !ok[i]; j++ {
			ok[i] = ok[j] && lureSkeletons[s[j:i]]
		}
	}
	return ok[len(s)]
}

// genericWords are common words of host names that are no brand of their
// own: a site named after one of them (login.gov, mail.example) would make
// every host carrying the word look like it.
var genericWords = map[string]bool{}

func init() {
	for _, w := range []string{
		"www", "web", "mail", "email", "app", "apps", "api", "cdn", "static", "cloud", "online",
		"shop", "store", "news", "blog", "home", "info", "portal", "admin", "dev",
	} {
		genericWords[skeleton(w)] = true
	}
}

// genericBrand reports whether the brand skeleton ps is a lure word or a
// common word of host names.
func genericBrand(ps string) bool {
	return genericWords[ps] || lureRun(ps)
}
