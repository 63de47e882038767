package memento

import (
	"bytes"
	"net/http"
	"strings"
)

// challengeMarkers are byte strings found in anti-bot challenge pages
// (Cloudflare's "Just a moment..." interstitial and managed challenge,
// Anubis proof-of-work pages), compared case-insensitively.
var challengeMarkers = [][]byte{
	[]byte("just a moment..."),
	[]byte("/cdn-cgi/challenge-platform/"),
	[]byte("_cf_chl_opt"),
	[]byte("cf-browser-verification"),
	[]byte("challenge-error-text"),
	[]byte("enable javascript and cookies to continue"),
	[]byte("attention required! | cloudflare"),
	[]byte("anubis_challenge"),
	[]byte("making sure you're not a bot"),
}

// IsChallenge reports whether an answer is an anti-bot challenge page
// rather than the archive's answer: Cloudflare marks it with the header
// "cf-mitigated: challenge"; otherwise the start of the body (a few KiB are
// enough) is searched for the markers of known challenge pages.
func IsChallenge(h http.Header, head []byte) bool {
	if h != nil && strings.EqualFold(strings.TrimSpace(h.Get("Cf-Mitigated")), "challenge") {
		return true
	}
	if !looksLikeHTML(head) {
		return false
	}
	lower := bytes.ToLower(head)
	for _, m := range challengeMarkers {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}

// looksLikeHTML reports whether a body starts like an HTML document rather
// than link-format (which starts with "<" and a URI).
func looksLikeHTML(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	head = trimLeft(head)
	if len(head) < 2 || head[0] != '<' {
		return false
	}
	if head[1] == '!' || head[1] == '?' {
		return true // <!DOCTYPE html>, <!-- -->, <?xml
	}
	for _, tag := range []string{"html", "head", "body", "title", "meta", "script", "div", "p"} {
		if len(head) < 1+len(tag) || !asciiEqualFold(head[1:1+len(tag)], tag) {
			continue
		}
		if len(head) == 1+len(tag) {
			return true
		}
		switch head[1+len(tag)] {
		case '>', ' ', '\t', '\r', '\n', '/':
			return true
		}
	}
	return false
}
