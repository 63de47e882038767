package redact

import (
	"reflect"
	"strings"
	"testing"

	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

func TestURL(t *testing.T) {
	tests := []struct {
		in      string
		opt     Options
		want    string
		removed []string
		err     bool
	}{
		// Credentials and fragments always go.
		{in: "https://user:pw@example.com/a#frag", want: "https://example.com/a"},
		{in: "https://user@example.com/", want: "https://example.com/"},
		// Secret parameters go, others keep order and encoding.
		{in: "https://e.com/p?a=1&token=x&b=%20&Session_ID=9", want: "https://e.com/p?a=1&b=%20", removed: []string{"Session_ID", "token"}},
		{in: "https://e.com/s3?X-Amz-Signature=abc&X-Amz-Credential=c&v=2", want: "https://e.com/s3?v=2", removed: []string{"X-Amz-Credential", "X-Amz-Signature"}},
		{in: "https://e.com/cb?code=1&state=2&id_token=3", want: "https://e.com/cb", removed: []string{"code", "id_token", "state"}},
		{in: "https://e.com/?q=keyboard&page=2", want: "https://e.com/?q=keyboard&page=2"},
		// Path tokens, path parameters, companions and nested addresses, with the names removed.
		{in: "https://e.com/reset/5f4dcc3b5aa765d61d8327deb882cf99;jsessionid=1?next=%2Fx%3Ftoken%3D1&sig=2&sv=3", want: "https://e.com/reset/redacted?next=%2Fx", removed: []string{"/", "jsessionid", "sig", "sv", "token"}},
		// White space left at the end once the fragment goes is kept (encoded).
		{in: "https://e.com/?a #frag", want: "https://e.com/?a%20"},
		{in: "https://e.com/?a &token=1", want: "https://e.com/?a%20", removed: []string{"token"}},
		// White space left raw in the query is percent-encoded, so that the
		// result reads back as itself (a fuzz crasher: "A://0? #").
		{in: "https://e.com/?q= #f", want: "https://e.com/?q=%20"},
		{in: "https://e.com/? ", want: "https://e.com/?"},
		{in: "https://e.com/?token=1&q= #f", opt: Options{KeepSecrets: true}, want: "https://e.com/?token=1&q=%20"},
		// Options.
		{in: "https://e.com/reset/5f4dcc3b5aa765d61d8327deb882cf99?token=1", opt: Options{KeepSecrets: true}, want: "https://e.com/reset/5f4dcc3b5aa765d61d8327deb882cf99?token=1"},
		{in: "https://e.com/reset/5f4dcc3b5aa765d61d8327deb882cf99?q=1", opt: Options{DropQuery: true}, want: "https://e.com/reset/redacted", removed: []string{"/", "?"}},
		{in: "https://e.com/?q=1&token=2", opt: Options{DropQuery: true}, want: "https://e.com/", removed: []string{"?"}},
		{in: "https://e.com/?token=2", opt: Options{KeepSecrets: true}, want: "https://e.com/?token=2"},
		// Bad input.
		{in: "/relative", err: true},
		{in: "http://[::1", err: true},
		{in: "", err: true},
	}
	for _, tt := range tests {
		got, removed, err := URL(tt.in, tt.opt)
		if (err != nil) != tt.err {
			t.Errorf("URL(%q) error = %v, want error %v", tt.in, err, tt.err)
			continue
		}
		if got != tt.want || !reflect.DeepEqual(removed, tt.removed) {
			t.Errorf("URL(%q) = %q, %q; want %q, %q", tt.in, got, removed, tt.want, tt.removed)
		}
	}
}

// FuzzURL checks, for any input, that URL does not panic, that its
// output is clean (no user-info, no fragment, no query or path parameter
// with a secret name or a JWT or known key in its value, no JWT in the
// path) and that cleaning it again changes nothing. It is seeded from both
// tables.
func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://u:p@e.com/a?token=1&b=2#f", "http://[::1]:80/?%zz=1", "mailto:x@y"} {
		f.Add(s)
	}
	for _, name := range []string{"secrets.tsv", "ordinary.tsv"} {
		cols := 3
		if name == "secrets.tsv" {
			cols = 4
		}
		for _, r := range readTable(f, name, cols) {
			f.Add(r.in)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _, err := URL(s, Options{})
		if err != nil {
			return
		}
		u, err := url.Parse(out)
		if err != nil {
			t.Fatalf("URL(%q) = %q, which does not parse: %v", s, out, err)
		}
		if u.User != nil || u.Fragment != "" || strings.Contains(out, "#") {
			t.Fatalf("URL(%q) = %q keeps user-info or a fragment", s, out)
		}
		for _, p := range strings.FieldsFunc(u.RawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
			name, value, _ := strings.Cut(p, "=")
			if n, v := unescape(name), unescape(value); IsSecretParam(n) || isSecretValue(v) || isSecretValue(n) {
				t.Fatalf("URL(%q) = %q keeps the secret parameter %q", s, out, p)
			}
		}
		for _, seg := range strings.Split(u.EscapedPath(), "/") {
			_, params, _ := strings.Cut(seg, ";")
			for _, p := range strings.Split(params, ";") {
				if name, _, _ := strings.Cut(p, "="); p != "" && IsSecretParam(unescape(name)) {
					t.Fatalf("URL(%q) = %q keeps the secret path parameter %q", s, out, p)
				}
			}
		}
		if hasJWT(u.Path) {
			t.Fatalf("URL(%q) = %q keeps a JWT in the path", s, out)
		}
		// A value the input had once, under a secret name, is gone.
		if in, err := url.Parse(strings.TrimSpace(s)); err == nil {
			for _, p := range strings.FieldsFunc(in.RawQuery, func(r rune) bool { return r == '&' || r == ';' }) {
				name, value, _ := strings.Cut(p, "=")
				if len(value) >= 16 && tokenRun(value) == len(value) && IsSecretParam(unescape(name)) &&
					strings.Count(s, value) == 1 && strings.Contains(out, value) {
					t.Fatalf("URL(%q) = %q keeps the value of %q", s, out, name)
				}
			}
		}
		again, removed, err := URL(out, Options{})
		if err != nil || again != out || len(removed) != 0 {
			t.Fatalf("not idempotent: %q -> %q -> %q %v %v", s, out, again, removed, err)
		}
	})
}
