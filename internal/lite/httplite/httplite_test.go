package httplite

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
)

// These tests compare this package with net/http. Natively every name is
// net/http's own and they pass trivially; dev/scripts/test-wasm.sh runs them
// under GOOS=js GOARCH=wasm, where the package's own types are the ones
// tested.

func TestCanonicalHeaderKey(t *testing.T) {
	keys := []string{"", "a", "A", "content-type", "CONTENT-TYPE", "Content-Type", "x-sesame-cache",
		"cf-connecting-ip", "WWW-Authenticate", "www-authenticate", "-a", "a-", "a--b", "x_y", "1a-b2",
		"content type", "é-tag", "link\x00", "Accept-Datetime", "memento-datetime", "ÿ", "a:b", "a.b-c~d"}
	for _, k := range keys {
		h := Header{}
		h.Set(k, "v")
		want := http.Header{}
		want.Set(k, "v")
		for name := range want {
			if h.Get(k) != "v" || len(h.Values(k)) != 1 {
				t.Errorf("Set/Get(%q): got %q", k, h.Get(k))
			}
			if _, ok := h[name]; !ok {
				t.Errorf("Set(%q) stored %v, net/http stores under %q", k, h, name)
			}
		}
	}
}

func TestHeaderMethods(t *testing.T) {
	h := Header{}
	h.Add("link", "<a>")
	h.Add("Link", "<b>")
	if got := h.Values("LINK"); len(got) != 2 || got[0] != "<a>" || got[1] != "<b>" {
		t.Errorf("Values: %q", got)
	}
	c := h.Clone()
	c.Set("link", "<c>")
	if h.Get("link") != "<a>" || c.Get("link") != "<c>" {
		t.Errorf("Clone shares values: %q %q", h.Get("link"), c.Get("link"))
	}
	h.Del("LiNk")
	if len(h) != 0 {
		t.Errorf("Del left %v", h)
	}
	var nilHeader Header
	if nilHeader.Clone() != nil || nilHeader.Get("x") != "" {
		t.Error("nil header")
	}
}

func TestStatusText(t *testing.T) {
	for code := 100; code < 600; code++ {
		if got, want := StatusText(code), http.StatusText(code); got != want && !(want != "" && got == "") {
			t.Errorf("StatusText(%d) = %q, net/http %q", code, got, want)
		}
	}
	for _, code := range []int{StatusOK, StatusFound, StatusForbidden, StatusTooManyRequests, StatusServiceUnavailable} {
		if StatusText(code) != http.StatusText(code) {
			t.Errorf("StatusText(%d) = %q, net/http %q", code, StatusText(code), http.StatusText(code))
		}
	}
}

func TestParseTime(t *testing.T) {
	for _, s := range []string{"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT", "Sun Nov  6 08:49:37 1994",
		"", "yesterday", "Sun, 06 Nov 1994 08:49:37 PST", "Sun, 31 Feb 2021 08:49:37 GMT"} {
		got, err := ParseTime(s)
		want, werr := http.ParseTime(s)
		if (err == nil) != (werr == nil) || !got.Equal(want) {
			t.Errorf("ParseTime(%q) = %v, %v; net/http %v, %v", s, got, err, want, werr)
		}
	}
}

func TestNewRequestWithContext(t *testing.T) {
	type ctxKey struct{}
	ctx := context.WithValue(context.Background(), ctxKey{}, 1)
	for _, tc := range []struct {
		method, url string
		body        io.Reader
	}{
		{"GET", "https://web.archive.org/cdx/search/cdx?url=example.com", nil},
		{"", "http://a.example:8080/p?q#f", nil},
		{"HEAD", "https://a.example:/x", strings.NewReader("b")},
		{"BAD METHOD", "https://a.example/", nil},
		{"GET", "%zz", nil},
	} {
		got, err := NewRequestWithContext(ctx, tc.method, tc.url, tc.body)
		want, werr := http.NewRequestWithContext(ctx, tc.method, tc.url, tc.body)
		if (err == nil) != (werr == nil) {
			t.Errorf("NewRequestWithContext(%q, %q): error %v, net/http %v", tc.method, tc.url, err, werr)
			continue
		}
		if err != nil {
			continue
		}
		if got.Method != want.Method || got.URL.String() != want.URL.String() || got.Host != want.Host ||
			got.Context().Value(ctxKey{}) != 1 || (got.Body == nil) != (want.Body == nil) || got.Header == nil {
			t.Errorf("NewRequestWithContext(%q, %q) = %+v, net/http %+v", tc.method, tc.url, got, want)
		}
		if r2 := got.WithContext(context.Background()); r2 == got || r2.Context().Value(ctxKey{}) != nil || r2.URL != got.URL {
			t.Error("WithContext did not copy with the new context")
		}
	}
}

func TestNoBody(t *testing.T) {
	if n, err := NoBody.Read(make([]byte, 4)); n != 0 || err != io.EOF {
		t.Errorf("NoBody.Read = %d, %v", n, err)
	}
	if NoBody.Close() != nil {
		t.Error("NoBody.Close")
	}
}

func TestHandlerFunc(t *testing.T) {
	called := false
	var h Handler = HandlerFunc(func(ResponseWriter, *Request) { called = true })
	h.ServeHTTP(nil, nil)
	if !called {
		t.Error("HandlerFunc did not call its function")
	}
}
