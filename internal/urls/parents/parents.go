// Package parents lists the places above a URL a person can try when the
// URL itself is refused: its parent folders up to the site root, and the
// home page.
//
// The URL is first normalised: user-info (credentials), the query and the
// fragment are dropped; the scheme and host are lower-cased; an
// internationalised host name is converted to its ASCII (punycode) form; the
// default port (80 for http, 443 for https) is removed; IPv6 literals keep
// their brackets; "." and ".." path segments are resolved; the path keeps
// its percent-encoding (an encoded slash, %2F, stays inside its segment).
//
// The parent of a path is the path without its last segment:
//
//	/a/b/c.html  →  /a/b/  →  /a/  →  /
//	/a/b/        →  /a/    →  /
//	/a/b         →  /a/    →  /
//
// A file-like last segment ("c.html") is therefore never a folder of its
// own, and a trailing slash marks the last segment as a folder.
package parents

import (
	"errors"
	"strings"

	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// MaxURL is the longest URL Of accepts, in bytes.
const MaxURL = 64 << 10

// MaxAncestors is the largest number of ancestors Of returns; for deeper
// paths the nearest ones and the root are kept.
const MaxAncestors = 32

// Result is where a person can go from a URL.
type Result struct {
	// URL is the normalised URL, without credentials, query or fragment.
	URL string
	// Ancestors are the parent folders, nearest first; the last one is the
	// site root, which equals Home. It is empty when URL is the root.
	Ancestors []string
	// Home is the site's home page: scheme, host and "/".
	Home string
	// Host is the host (and non-default port) in ASCII form, as used in
	// the URLs above.
	Host string
	// DisplayHost is Host with internationalised labels in Unicode, for
	// people to read.
	DisplayHost string
}

// SchemeError is returned for a URL whose scheme is not http or https.
type SchemeError struct {
	Scheme string // lower case, "" for a relative reference
}

func (e *SchemeError) Error() string {
	if e.Scheme == "" {
		return "parents: not an absolute URL"
	}
	return "parents: unsupported scheme " + `"` + e.Scheme + `"`
}

// Errors returned by Of besides *SchemeError.
var (
	ErrTooLong = errors.New("parents: URL too long")
	ErrNoHost  = errors.New("parents: URL has no host")
	ErrBadHost = errors.New("parents: invalid host name")
)

// Of normalises raw and lists its ancestors and home page.
func Of(raw string) (Result, error) {
	if len(raw) > MaxURL {
		return Result{}, ErrTooLong
	}
	raw = strings.TrimSpace(raw)
	scheme := ""
	if i := strings.IndexByte(raw, ':'); i > 0 && validScheme(raw[:i]) {
		scheme = strings.ToLower(raw[:i])
	}
	if scheme != "http" && scheme != "https" {
		return Result{}, &SchemeError{Scheme: scheme}
	}
	u, err := url.Parse(raw)
	if err != nil {
		return Result{}, errors.New("parents: " + strings.TrimPrefix(err.Error(), "parse "))
	}
	if u.Opaque != "" || u.Host == "" {
		return Result{}, ErrNoHost
	}
	host, display, err := normalHost(u.Hostname())
	if err != nil {
		return Result{}, err
	}
	if p := u.Port(); p != "" && !validPort(p) {
		return Result{}, errors.New("parents: invalid port " + `"` + p + `"`)
	}
	if p := u.Port(); p != "" && !(scheme == "http" && p == "80") && !(scheme == "https" && p == "443") {
		host += ":" + p
		display += ":" + p
	}
	origin := scheme + "://" + host
	path := cleanPath(u.EscapedPath())
	res := Result{
		URL:         origin + path,
		Ancestors:   []string{},
		Home:        origin + "/",
		Host:        host,
		DisplayHost: display,
	}
	for p := parent(path); p != ""; p = parent(p) {
		if len(res.Ancestors) == MaxAncestors-1 && p != "/" {
			p = "/"
		}
		res.Ancestors = append(res.Ancestors, origin+p)
		if p == "/" {
			break
		}
	}
	return res, nil
}

// validScheme reports whether s is a URI scheme: ALPHA *( ALPHA / DIGIT /
// "+" / "-" / "." ).
func validScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}
	return s != ""
}

// validPort reports whether p is a decimal number from 0 to 65535.
func validPort(p string) bool {
	if len(p) > 5 {
		return false
	}
	n := 0
	for i := 0; i < len(p); i++ {
		if p[i] < '0' || p[i] > '9' {
			return false
		}
		n = n*10 + int(p[i]-'0')
	}
	return n <= 65535
}

// normalHost returns the ASCII and the Unicode forms of a host name, or of
// an IP literal (IPv6 in brackets).
func normalHost(h string) (ascii, display string, err error) {
	if h == "" {
		return "", "", ErrNoHost
	}
	if strings.Contains(h, ":") { // IPv6, possibly with a zone
		h = strings.ToLower(h)
		h = "[" + strings.Replace(h, "%", "%25", 1) + "]"
		return h, h, nil
	}
	for i := 0; i < len(h); i++ {
		c := h[i]
		ok := c >= 0x80 || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
			c == '-' || c == '.' || c == '_' || c == '~'
		if !ok {
			return "", "", ErrBadHost
		}
	}
	a, err := toASCII(h)
	if err != nil {
		return "", "", err
	}
	d := toUnicode(a)
	return a, d, nil
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// cleanPath resolves "." and ".." segments (also percent-encoded ones) of
// an escaped path, keeping a trailing slash, and returns at least "/".
func cleanPath(p string) string {
	if p == "" {
		return "/"
	}
	segs := strings.Split(strings.TrimPrefix(p, "/"), "/")
	out := make([]string, 0, len(segs))
	for i, s := range segs {
		last := i == len(segs)-1
		switch strings.ToLower(s) {
		case ".", "%2e":
			if last {
				out = append(out, "")
			}
		case "..", ".%2e", "%2e.", "%2e%2e":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			if last {
				out = append(out, "")
			}
		default:
			out = append(out, s)
		}
	}
	return "/" + strings.Join(out, "/")
}

// parent returns the path without its last segment (a trailing slash
// counts as the end of the last segment), or "" for the root.
func parent(p string) string {
	if p == "/" || p == "" {
		return ""
	}
	q := strings.TrimSuffix(p, "/")
	i := strings.LastIndexByte(q, '/')
	if i < 0 {
		return "/"
	}
	return q[:i+1]
}
