package discover

import (
	"cmp"

	"github.com/sesame-help/sesame/internal/lite/stable"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// Limits that bound the work of HTML on any input.
const (
	// MaxBytes is how much of a page HTML reads; the rest is ignored.
	MaxBytes = 2 << 20
	// MaxConsidered is how many link-like elements HTML looks at.
	MaxConsidered = 50000
	// MaxTextRunes caps the text kept for one link.
	MaxTextRunes = 200
	// MaxCandidates caps each candidate list of a Page and the result of
	// Merge.
	MaxCandidates = 20
	// MaxLinks caps Page.Links.
	MaxLinks = 5000
	// MaxMailto caps Page.Mailto.
	MaxMailto = 20
	// MaxURLBytes drops longer URLs.
	MaxURLBytes = 2048
	// MinScore is the score a link needs to become a candidate.
	MinScore = 30
)

// Kind names one of the candidate lists of a Page.
type Kind string

// The kinds of candidate links HTML looks for.
const (
	KindLogin    Kind = "login"
	KindRegister Kind = "register"
	KindReset    Kind = "reset"
	KindContact  Kind = "contact"
)

var kinds = [...]Kind{KindLogin, KindRegister, KindReset, KindContact}

// Link is one candidate link, already resolved to an absolute http(s) URL
// without user-info or fragment.
type Link struct {
	// URL is the absolute URL of the candidate.
	URL string `json:"url"`
	// Text is the plain text that labels the link (visible text, or else
	// aria-label, title or the alt text of an image), at most MaxTextRunes
	// runes. It is text, never HTML.
	Text string `json:"text"`
	// Score ranks candidates of one kind; higher is better.
	Score int `json:"score"`
	// CrossSite reports that the link leads to another registrable domain
	// than the page it was found on.
	CrossSite bool `json:"crossSite"`
	// Host is the host name of URL, without port, as written (punycode
	// stays punycode), so that a link to another site can be labelled with
	// that site's name.
	Host string `json:"host"`
	// SSO names the single-sign-on provider of the link ("google",
	// "microsoft", "apple", "github", "gitlab", "okta", "facebook",
	// "linkedin") or is empty.
	SSO string `json:"sso"`
	// LookAlike reports a cross-site link whose host resembles the page's
	// host without being the same site (paypa1.com for paypal.com,
	// confusable Unicode or punycode labels, paypal.com.evil.example).
	LookAlike bool `json:"lookAlike"`

	order int // document order, for stable ties
}

// Page holds what HTML found in one page. Every list is sorted best-first
// and is never nil.
type Page struct {
	Login    []Link `json:"login"`
	Register []Link `json:"register"`
	Reset    []Link `json:"reset"`
	Contact  []Link `json:"contact"`
	// Mailto holds the addresses of mailto: links, without duplicates, at
	// most MaxMailto.
	Mailto []string `json:"mailto"`
	// PasswordForm reports that the page has a form with a password field.
	PasswordForm bool `json:"passwordForm"`
	// Links holds the same-origin http(s) URLs linked from the page by <a>
	// and <area>, without duplicates or fragments, at most MaxLinks, for
	// typo suggestions.
	Links []string `json:"links"`
}

// HTML finds candidate links in page, the HTML of the document at base.
// Relative links are resolved against the document's first <base href>
// (when it is http or https) and then against base; with a nil base only
// absolute links are kept and no link is same-origin or cross-site.
//
// HTML reads at most MaxBytes of page and looks at most at MaxConsidered
// link-like elements, so its time and memory are bounded whatever the
// input. Forms are never submitted and nothing is fetched.
func HTML(page string, base *url.URL) Page {
	if len(page) > MaxBytes {
		page = page[:MaxBytes]
	}
	c := newCollector(base)
	c.run(page)
	return c.result()
}

// Merge joins candidate lists of one kind, found on several pages (the
// error page, the home page, probes of CommonLoginPaths), into one list
// sorted best-first: for each URL it keeps the entry with the best score
// (on a tie, the one from the earlier list). The result holds at most
// MaxCandidates links and is never nil.
func Merge(lists ...[]Link) []Link {
	best := map[string]int{}
	var out []Link
	n := 0
	for _, list := range lists {
		for _, l := range list {
			l.order = n
			n++
			if i, ok := best[l.URL]; ok {
				if l.Score > out[i].Score {
					l.order = out[i].order
					out[i] = l
				}
				continue
			}
			best[l.URL] = len(out)
			out = append(out, l)
		}
	}
	return rank(out)
}

// rank sorts links best-first: higher score, then same-site before
// cross-site, then earlier. It caps the list at MaxCandidates.
func rank(links []Link) []Link {
	// Package stable rather than sort.SliceStable (reflection) or
	// slices.SortStableFunc (10 KB of WebAssembly per element type).
	stable.Sort(links, func(a, b Link) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		if a.CrossSite != b.CrossSite {
			if a.CrossSite {
				return 1
			}
			return -1
		}
		return a.order - b.order
	})
	if len(links) > MaxCandidates {
		links = links[:MaxCandidates]
	}
	if links == nil {
		links = []Link{}
	}
	return links
}

// CommonLoginPaths lists the few same-origin paths the extension may probe
// (GET or HEAD, never POST, only while the popup is open) when no page
// names a login page. Feed the ones that answer 2xx to Score with
// KindLogin.
var CommonLoginPaths = []string{"/login", "/signin", "/user/login", "/users/sign_in", "/account/login", "/wp-login.php"}

// ChangePasswordPath is the well-known URL of a site's change-password page
// (W3C "A Well-Known URL for Changing Passwords").
const ChangePasswordPath = "/.well-known/change-password"

// NonexistentPath must not answer 2xx; if it does, the site answers 2xx to
// everything and ChangePasswordPath proves nothing.
const NonexistentPath = "/.well-known/resource-that-should-not-exist-whose-status-code-should-not-be-200"

// Score rates one URL as a candidate of kind, as HTML would rate a link to
// rawURL labelled text on the page at page. It reports false when rawURL is
// not an http(s) URL or the link does not reach MinScore. Use it for URLs
// found outside a page, such as probed CommonLoginPaths or
// ChangePasswordPath (which scores as a reset candidate).
func Score(kind Kind, rawURL, text string, page *url.URL) (Link, bool) {
	c := newCollector(page)
	u, ok := c.resolve(rawURL)
	if !ok {
		return Link{}, false
	}
	s := &signals{text: displayText(text)}
	s.addLabel(text)
	var f features
	c.features(u, s, &f)
	return c.score(kind, u, s, &f)
}
