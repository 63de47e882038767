package registry

import (
	"net/url"
	"strings"
	"testing"
)

var pathSafeTests = []struct {
	in   string
	want string // "" for refused
	err  error
}{
	// Unchanged.
	{"http://example.com/", "http://example.com/", nil},
	{"http://example.com", "http://example.com", nil},
	{"https://example.com/a/b.html?x=1&y=../..", "https://example.com/a/b.html?x=1&y=../..", nil},
	{"https://example.com:8443/a/", "https://example.com:8443/a/", nil},
	{"https://example.com/a..b/.c/d./...", "https://example.com/a..b/.c/d./...", nil},
	{"https://example.com/%252e%252e/x", "https://example.com/%252e%252e/x", nil}, // decoded once: "%2e%2e", not a dot segment
	{"https://example.com/a?", "https://example.com/a?", nil},
	// Dot segments resolved as a browser does.
	{"http://example.com/a/../../../../wayback/timemap/x", "http://example.com/wayback/timemap/x", nil},
	{"http://example.com/a/./b/../c", "http://example.com/a/c", nil},
	{"http://example.com/a/..", "http://example.com/", nil},
	{"http://example.com/a/b/.", "http://example.com/a/b/", nil},
	{"http://example.com/..", "http://example.com/", nil},
	{"http://example.com/%2e%2e/%2E%2e/admin", "http://example.com/admin", nil},
	{"http://example.com/a/.%2e/b", "http://example.com/b", nil},
	{"http://example.com/a/%2e./b", "http://example.com/b", nil},
	{"http://example.com/a/%2e/b", "http://example.com/a/b", nil},
	{`http://example.com/a\..\..\b`, "http://example.com/b", nil},
	{"http://example.com/a%5c..%5Cb", "http://example.com/b", nil},
	{"http://user:pw@example.com/a/../b#frag", "http://example.com/b", nil},
	// Dot segments hidden from a parser but not from a server decoding once.
	{"http://example.com/a/..%2f..%2fadmin", "", ErrDotSegment},
	{"http://example.com/a/%2e%2e%2fadmin", "", ErrDotSegment},
	{"http://example.com/x%2f.%2fy", "", ErrDotSegment},
	// Hosts that are dot segments themselves.
	{"http://../x", "", ErrDotHost},
	{"http://./x", "", ErrDotHost},
	{"http://.../", "", ErrDotHost},
	{"/relative/path", "", ErrNotAbsoluteURL},
	{"mailto:a@example.com", "", ErrNotAbsoluteURL},
}

func TestPathSafe(t *testing.T) {
	for _, tt := range pathSafeTests {
		u, err := url.Parse(tt.in)
		if err != nil {
			t.Fatalf("%q: %v", tt.in, err)
		}
		got, err := PathSafe(u)
		if err != tt.err || got != tt.want {
			t.Errorf("PathSafe(%q) = %q, %v; want %q, %v", tt.in, got, err, tt.want, tt.err)
		}
	}
	if _, err := PathSafe(nil); err != ErrNotAbsoluteURL {
		t.Errorf("PathSafe(nil) error %v", err)
	}
}

// FuzzPathSafe checks that what PathSafe returns has no dot segment, raw
// or decoded once, and names the same host.
func FuzzPathSafe(f *testing.F) {
	for _, tt := range pathSafeTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, in string) {
		u, err := url.Parse(in)
		if err != nil {
			return
		}
		s, err := PathSafe(u)
		if err != nil {
			return
		}
		v, err := url.Parse(s)
		if err != nil {
			t.Fatalf("PathSafe(%q) = %q, which does not parse: %v", in, s, err)
		}
		if v.Host != u.Host {
			t.Fatalf("PathSafe(%q) = %q: host %q, want %q", in, s, v.Host, u.Host)
		}
		p := v.EscapedPath()
		for _, seg := range strings.Split(p, "/") {
			if dotKind(seg) != 0 || hidesDot(seg) {
				t.Fatalf("PathSafe(%q) = %q keeps dot segment %q", in, s, seg)
			}
			if d, err := url.PathUnescape(seg); err == nil {
				for _, part := range strings.FieldsFunc(d, func(r rune) bool { return r == '/' || r == '\\' }) {
					if part == "." || part == ".." {
						t.Fatalf("PathSafe(%q) = %q: segment %q decodes to a dot segment", in, s, seg)
					}
				}
			}
		}
	})
}
