package redact

import (
	"reflect"
	"testing"
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
		// White space left raw in the query is percent-encoded, so that the
		// result reads back as itself (a fuzz crasher: "A://0? #").
		{in: "https://e.com/?q= #f", want: "https://e.com/?q=%20"},
		{in: "https://e.com/?q=a b\u00a0#f", want: "https://e.com/?q=a%20b%C2%A0"},
		{in: "https://e.com/? ", want: "https://e.com/?"},
		{in: "https://e.com/?token=1&q= #f", opt: Options{KeepSecrets: true}, want: "https://e.com/?token=1&q=%20"},
		// Options.
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

func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://u:p@e.com/a?token=1&b=2#f", "http://[::1]:80/?%zz=1", "mailto:x@y"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out, _, err := URL(s, Options{})
		if err != nil {
			return
		}
		again, removed, err := URL(out, Options{})
		if err != nil || again != out || len(removed) != 0 {
			t.Fatalf("not idempotent: %q -> %q -> %q %v %v", s, out, again, removed, err)
		}
	})
}
