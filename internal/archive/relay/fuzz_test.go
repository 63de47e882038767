package relay

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/archive/registry"
)

// noNetwork is a client that refuses every request: the fuzz target never
// reaches an archive.
type noNetwork struct{}

func (noNetwork) Do(*http.Request) (*http.Response, error) {
	return nil, errors.New("no network in fuzzing")
}

// FuzzRequest sends arbitrary methods and request targets to the relay (the
// query parser of /v1/lookup above all), seeded with the requests of
// TestProblems. Every answer must be a known status; an error must be a
// problem+json document with that status that does not repeat the page's
// URL.
func FuzzRequest(f *testing.F) {
	for _, s := range []struct{ method, target string }{
		{"GET", "/v1/lookup"}, {"GET", "/v1/lookup?url="}, {"GET", lookupURL("/relative/page")},
		{"GET", lookupURL("example.com/page")}, {"GET", lookupURL("ftp://example.com/file")},
		{"GET", lookupURL("javascript:alert(1)")}, {"GET", lookupURL("http://example.com/%zz")},
		{"GET", lookupURL("http://example.com/", "at=202413")}, {"GET", lookupURL("http://example.com/", "at=yesterday")},
		{"GET", lookupURL("http://example.com/", "timeout=-5")}, {"GET", lookupURL("http://example.com/", "timeout=1.5")},
		{"GET", lookupURL("http://u:p@example.com/a?token=1#f", "at=20240101", "archives=a,b")},
		{"GET", "/"}, {"POST", lookupURL("http://example.com/")}, {"HEAD", lookupURL("http://example.com/")},
		{"DELETE", "/v1/archives"}, {"PUT", "/healthz"}, {"OPTIONS", "/v1/lookup"}, {"GET", "/v1/archives"},
		{"GET", "/healthz"}, {"GET", "/v1/lookup?url=http%3A%2F%2Fexample.com%2F&url=http%3A%2F%2Fother.example%2F"},
	} {
		f.Add(s.method, s.target)
	}
	h := New(Options{Archives: []registry.Archive{}, Client: noNetwork{}})
	f.Fuzz(func(t *testing.T, method, target string) {
		if method == "" || strings.ContainsAny(method, " \t\r\n()<>@,;:\\\"/[]?={}") || !strings.HasPrefix(target, "/") {
			return // not a request line Go's server would pass on
		}
		u, err := url.ParseRequestURI(target)
		if err != nil {
			return
		}
		req := &http.Request{Method: method, URL: u, RequestURI: target, Header: http.Header{}, Host: "relay.example", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		switch w.Code {
		case 200, 204, 400, 404, 405:
		default:
			t.Fatalf("%s %q: status %d", method, target, w.Code)
		}
		if w.Code < 400 || method == "HEAD" {
			return
		}
		var p Problem
		if err := json.Unmarshal(w.Body.Bytes(), &p); err != nil {
			t.Fatalf("%s %q: %d with body %q: %v", method, target, w.Code, w.Body.String(), err)
		}
		if p.Status != w.Code || p.Code == "" {
			t.Fatalf("%s %q: problem %+v for status %d", method, target, p, w.Code)
		}
		if page := u.Query().Get("url"); len(page) >= 8 && strings.Contains(p.Detail, page) {
			t.Fatalf("%s %q: detail repeats the URL: %q", method, target, p.Detail)
		}
	})
}
