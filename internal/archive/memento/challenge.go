package memento

import (
	"bytes"
	"strings"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

// challengeMarkers are byte strings found in anti-bot challenge pages,
// compared case-insensitively: Cloudflare's "Just a moment..."
// interstitial (the managed challenge, served with 403 or 200, and the
// older JavaScript challenge, served with 503), its branded variants
// (class "cf_challenge_…"), Anubis proof-of-work pages and Archive-It's
// "Session Verification" page (its form posts to /_challenge). They are
// names of scripts, forms and classes that an archived page would not
// show in its first kilobytes.
var challengeMarkers = [][]byte{
	[]byte("/cdn-cgi/challenge-platform/"),
	[]byte("_cf_chl_opt"),
	[]byte("__cf_chl_"),
	[]byte("cf-browser-verification"),
	[]byte("cf_challenge"),
	[]byte("challenge-error-text"),
	[]byte("challenges.cloudflare.com"),
	[]byte("enable javascript and cookies to continue"),
	[]byte("anubis_challenge"),
	[]byte("archive-it.org/_challenge"),
}

// challengeTitles are the titles of challenge pages (compared
// case-insensitively, after white space is trimmed): Cloudflare's, with
// three dots or an ellipsis, Archive-It's proof-of-work "Session
// Verification" page, and Anubis's.
var challengeTitles = []string{
	"just a moment...",
	"just a moment…",
	"attention required! | cloudflare",
	"session verification",
	"making sure you're not a bot!",
	"making sure you&#39;re not a bot!",
}

// IsChallenge reports whether an answer is an anti-bot challenge page
// rather than the archive's answer, whatever its status (challenge pages
// come with 200, 403, 429 or 503): Cloudflare marks it with the header
// "cf-mitigated: challenge"; otherwise the start of the body (a few KiB are
// enough) is searched for the title and the markers of known challenge
// pages.
func IsChallenge(h httplite.Header, head []byte) bool {
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
	title := pageTitle(lower)
	for _, t := range challengeTitles {
		if title == t {
			return true
		}
	}
	return false
}

// pageTitle returns the text of the first <title> element of a lower-case
// page head, with white space runs made single spaces and trimmed, or "".
func pageTitle(lower []byte) string {
	i := bytes.Index(lower, []byte("<title"))
	if i < 0 {
		return ""
	}
	rest := lower[i+len("<title"):]
	gt := bytes.IndexByte(rest, '>')
	if gt < 0 {
		return ""
	}
	rest = rest[gt+1:]
	end := bytes.Index(rest, []byte("</title"))
	if end < 0 || end > 200 {
		return ""
	}
	return strings.Join(strings.Fields(string(rest[:end])), " ")
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
