package main

import (
	"reflect"
	"testing"

	"github.com/sesame-help/sesame/internal/lite/httplite"
)

func TestHeaderFromJoined(t *testing.T) {
	for _, tc := range []struct {
		joined string
		want   httplite.Header
	}{
		{"", httplite.Header{}},
		{"content-type\napplication/json", httplite.Header{"Content-Type": {"application/json"}}},
		{"link\n<a>; rel=\"memento\", <b>; rel=\"memento\"\nlink\n<c>", httplite.Header{"Link": {`<a>; rel="memento", <b>; rel="memento"`, "<c>"}}},
		{"x-empty\n\ncf-connecting-ip\n10.0.0.1", httplite.Header{"X-Empty": {""}, "Cf-Connecting-Ip": {"10.0.0.1"}}},
		{"dangling", httplite.Header{}},
		{"a\n1\ndangling", httplite.Header{"A": {"1"}}},
		{"\nvalue-without-name\nb\n2", httplite.Header{"B": {"2"}}},
	} {
		if got := headerFromJoined(tc.joined); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("headerFromJoined(%q) = %v, want %v", tc.joined, got, tc.want)
		}
	}
}

// FuzzHeaderFromJoined checks that any joined string reads without a panic
// into names without a line feed.
func FuzzHeaderFromJoined(f *testing.F) {
	f.Add("")
	f.Add("content-type\napplication/json")
	f.Add("link\n<a>\nlink\n<c>")
	f.Add("a\n1\ndangling")
	f.Fuzz(func(t *testing.T, joined string) {
		for k, vs := range headerFromJoined(joined) {
			if k == "" {
				t.Errorf("empty name from %q", joined)
			}
			for _, v := range vs {
				for i := 0; i < len(v); i++ {
					if v[i] == '\n' {
						t.Errorf("value %q with a line feed from %q", v, joined)
					}
				}
			}
		}
	})
}
