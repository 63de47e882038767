package lookup

import (
	"errors"
	"github.com/sesame-help/sesame/internal/archive/registry"
	"net"
	"net/url"
	"strings"
)

// MaxURL is the longest URL a lookup accepts, in bytes.
const MaxURL = 8 << 10

// Errors for URLs a lookup refuses.
var (
	ErrNoURL       = errors.New("lookup: no URL")
	ErrURLTooLong  = errors.New("lookup: URL longer than 8 KiB")
	ErrNotAbsolute = errors.New("lookup: URL is not absolute (scheme and host needed)")
	ErrScheme      = errors.New("lookup: only http and https URLs can be looked up")
	ErrBadURL      = errors.New("lookup: malformed URL")
	// ErrDotSegment reports a path that would still reach another path on
	// an archive's host once a server decodes it ("..%2f..", "%2e%2e%5c").
	ErrDotSegment = errors.New("lookup: URL path has an encoded dot segment")
)

// CleanURL checks that raw is an absolute http or https URL of at most
// MaxURL bytes and returns it without user-info and fragment
// (as redact.Credentials does), its dot segments resolved as a browser resolves
// them (registry.PathSafe), so that the URL put in an archive endpoint's
// path cannot reach another path on the archive's host. Nothing else about
// the URL is changed: archives are asked for the URL as given.
func CleanURL(raw string) (*url.URL, error) {
	raw = strings.TrimSpace(raw)
	switch {
	case raw == "":
		return nil, ErrNoURL
	case len(raw) > MaxURL:
		return nil, ErrURLTooLong
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, ErrBadURL
	}
	// What redact.Credentials does, on net/url's type (redact works on
	// weburl's, the WebAssembly helper's): u is ours, change it in place.
	u.User, u.Fragment, u.RawFragment = nil, "", ""
	if !u.IsAbs() || u.Host == "" {
		if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
			return nil, ErrScheme
		}
		return nil, ErrNotAbsolute
	}
	u.Scheme = strings.ToLower(u.Scheme)
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, ErrScheme
	}
	if u.Hostname() == "" {
		return nil, ErrNotAbsolute
	}
	safe, err := registry.PathSafe(u)
	if err != nil {
		if errors.Is(err, registry.ErrNotAbsoluteURL) {
			return nil, ErrNotAbsolute
		}
		return nil, ErrDotSegment
	}
	if u, err = url.Parse(safe); err != nil {
		return nil, ErrBadURL
	}
	return u, nil
}

// Normalize returns the form of u under which lookups recognise the same
// page (used for cache keys). It treats as equal:
//
//   - http and https (the scheme is dropped);
//   - upper and lower case in the host, and trailing dots after it;
//   - a host with and without a leading "www.";
//   - the default ports 80 and 443 and no port;
//   - an empty path and "/", and a path with and without trailing slashes;
//   - an empty query ("?") and no query.
//
// User-info and the fragment are dropped. The path's and query's case and
// encoding are kept, since servers may tell them apart.
func Normalize(u *url.URL) string {
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	host = strings.TrimPrefix(host, "www.")
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6 literal
	}
	// All trailing slashes go: trimming only one would make "/a//" and
	// "/a/" differ, and normalising twice change the answer (a fuzz
	// crasher: "http://0///").
	path := strings.TrimRight(u.EscapedPath(), "/")
	if path == "" {
		path = "/"
	}
	s := host + path
	if u.RawQuery != "" {
		s += "?" + u.RawQuery
	}
	return s
}
