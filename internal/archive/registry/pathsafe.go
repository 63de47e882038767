package registry

import (
	"errors"
	"net/url"
	"strings"
)

// Errors of PathSafe.
var (
	// ErrDotSegment reports a path segment that a server decoding it once
	// would read as "." or "..": "%2e%2e%2f", "..%2f..", "..%5c".
	ErrDotSegment = errors.New("registry: encoded dot segment in the URL's path")
	// ErrDotHost reports a host made only of dots ("http://../"), which
	// would be a dot segment of the archive's path.
	ErrDotHost = errors.New("registry: host made of dots")
	// ErrNotAbsoluteURL reports a URL that is not an absolute http(s) URL.
	ErrNotAbsoluteURL = errors.New("registry: URL is not an absolute http(s) URL")
)

// PathSafe returns target written so that it can be put in an archive
// endpoint's path (the {url} placeholder in a path, or the URL appended to
// a timemap or timegate endpoint) without reaching another path on the
// archive's host.
//
// The dot segments of target's path ("." and "..", also written %2e, with
// "\" or %5C taken as "/" as browsers do for http(s) URLs) are resolved the
// way a browser resolves them, which leaves the page the same. A segment
// that would still turn into a dot segment when a server decodes it once
// (such as "..%2f.." or "%2e%2e%5c") is refused with ErrDotSegment, and a
// host made only of dots with ErrDotHost. User-info and fragment are left
// out; the query is kept as it is.
func PathSafe(target *url.URL) (string, error) {
	if target == nil || target.Host == "" || target.Opaque != "" {
		return "", ErrNotAbsoluteURL
	}
	scheme := strings.ToLower(target.Scheme)
	if scheme != "http" && scheme != "https" {
		return "", ErrNotAbsoluteURL
	}
	if strings.Trim(target.Hostname(), ".") == "" {
		return "", ErrDotHost
	}
	p := target.EscapedPath()
	p = strings.ReplaceAll(p, `\`, "/")
	p = replaceFold(p, "%5c", "/")
	var out []string
	segs := strings.Split(p, "/")
	if len(segs) > 0 && segs[0] == "" {
		segs = segs[1:] // the path's leading "/"
	}
	trailing := false
	for i, s := range segs {
		last := i == len(segs)-1
		switch dotKind(s) {
		case 1:
			trailing = last
			continue
		case 2:
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
			trailing = last
			continue
		}
		trailing = false
		if hidesDot(s) {
			return "", ErrDotSegment
		}
		out = append(out, s)
	}
	var b strings.Builder
	b.WriteString(scheme)
	b.WriteString(":")
	b.WriteString((&url.URL{Host: target.Host}).String()) // "//host", escaped as it came
	if p != "" {
		b.WriteByte('/')
		b.WriteString(strings.Join(out, "/"))
		if trailing && len(out) > 0 {
			b.WriteByte('/')
		}
	}
	if target.ForceQuery || target.RawQuery != "" {
		b.WriteByte('?')
		b.WriteString(target.RawQuery)
	}
	return b.String(), nil
}

// dotKind tells whether a path segment is "." (1), ".." (2) or neither
// (0), with %2e read as a dot.
func dotKind(s string) int {
	switch strings.ToLower(s) {
	case ".", "%2e":
		return 1
	case "..", ".%2e", "%2e.", "%2e%2e":
		return 2
	}
	return 0
}

// hidesDot reports whether a segment, decoded once, holds a "." or ".."
// segment between slashes or backslashes.
func hidesDot(s string) bool {
	if !strings.Contains(s, "%") {
		return false
	}
	d, err := url.PathUnescape(s)
	if err != nil {
		return true // EscapedPath never gives this; refuse rather than guess
	}
	for _, part := range strings.FieldsFunc(d, func(r rune) bool { return r == '/' || r == '\\' }) {
		if part == "." || part == ".." {
			return true
		}
	}
	return d == "." || d == ".."
}

// replaceFold replaces every ASCII case-insensitive match of old (lower
// case) in s with repl.
func replaceFold(s, old, repl string) string {
	lower := strings.ToLower(s)
	if !strings.Contains(lower, old) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(lower, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(repl)
		s, lower = s[i+len(old):], lower[i+len(old):]
	}
}
