package lookup

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/archive"
	"github.com/sesame-help/sesame/internal/archive/registry"
)

// TestUnsafeCopiesDropped: whatever an archive names as a copy, the lookup
// only answers http(s) URLs without user-info on a host the registry names
// for that archive, and says why it dropped one (issue 9, item 3).
func TestUnsafeCopiesDropped(t *testing.T) {
	const dt = `; rel="memento"; datetime="Wed, 11 Sep 2002 07:39:33 GMT"`
	answers := map[string]struct {
		status int
		header [2]string
		body   string
	}{
		"/tm/js":       {200, [2]string{}, `<javascript:alert(document.domain)//https://x/>` + dt + "\n"},
		"/tm/userinfo": {200, [2]string{}, `<http://HOST@evil.example/web/2002/x>` + dt + "\n"},
		"/tm/other":    {200, [2]string{}, `<https://evil.example/web/2002/x>` + dt + "\n"},
		"/tm/relative": {200, [2]string{}, `</web/20020911073933/http://example.com/page>` + dt + "\n"},
		"/tm/mixed": {200, [2]string{}, `<javascript:alert(1)>` + dt + ",\n" +
			`<//HOST/web/20030911073933/http://example.com/page>; rel="memento"; datetime="Thu, 11 Sep 2003 07:39:33 GMT"` + "\n"},
		"/tm/cf503":    {503, [2]string{"Content-Type", "text/html"}, "<!DOCTYPE html><html><head><title>Just a moment...</title></head><body><div id=\"challenge-body\"></div></body></html>"},
		"/tg/js":       {302, [2]string{"Location", "javascript:alert(1)"}, ""},
		"/tg/userinfo": {302, [2]string{"Location", "http://HOST@evil.example/web/2002/x"}, ""},
		"/av/other": {200, [2]string{"Content-Type", "application/json"},
			`{"archived_snapshots":{"closest":{"available":true,"url":"https://evil.example/web/20020911073933/x","timestamp":"20020911073933","status":"200"}}}`},
	}
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := strings.TrimPrefix(srv.URL, "http://")
		for prefix, a := range answers {
			if strings.HasPrefix(r.URL.Path, prefix+"/") {
				if a.header[0] != "" {
					w.Header().Set(a.header[0], strings.ReplaceAll(a.header[1], "HOST", host))
				}
				if strings.HasPrefix(prefix, "/tg/") {
					w.Header().Set("Memento-Datetime", "Wed, 11 Sep 2002 07:39:33 GMT")
				}
				w.WriteHeader(a.status)
				io.WriteString(w, strings.ReplaceAll(a.body, "HOST", host))
				return
			}
		}
		http.NotFound(w, r)
	}))
	defer srv.Close()

	arch := func(id string, kind registry.Kind, path string) registry.Archive {
		return registry.Archive{ID: id, Name: id, Enabled: true, Priority: 1,
			Endpoint: registry.Endpoint{Kind: kind, URL: srv.URL + path}}
	}
	cases := []struct {
		a       registry.Archive
		outcome archive.Outcome
		uri     string // the closest copy's URI, with HOST for the server's
		detail  string // a part of the detail
	}{
		{arch("tm-js", registry.TimeMap, "/tm/js/"), archive.None, "", "javascript"},
		{arch("tm-userinfo", registry.TimeMap, "/tm/userinfo/"), archive.None, "", "user"},
		{arch("tm-other", registry.TimeMap, "/tm/other/"), archive.None, "", "host"},
		{arch("tm-relative", registry.TimeMap, "/tm/relative/"), archive.Found, "http://HOST/web/20020911073933/http://example.com/page", ""},
		{arch("tm-mixed", registry.TimeMap, "/tm/mixed/"), archive.Found, "http://HOST/web/20030911073933/http://example.com/page", "javascript"},
		{arch("tm-cf503", registry.TimeMap, "/tm/cf503/"), archive.RateLimited, "", "challenge"},
		{arch("tg-js", registry.TimeGate, "/tg/js/"), archive.Error, "", "memento dropped"},
		{arch("tg-userinfo", registry.TimeGate, "/tg/userinfo/"), archive.Error, "", "memento dropped"},
		{arch("av-other", registry.Availability, "/av/other/"), archive.None, "", "host"},
	}
	var list []registry.Archive
	for _, c := range cases {
		list = append(list, c.a)
	}
	res, err := Lookup(context.Background(), page, Options{Client: NewHTTPClient(), Archives: list, Deadline: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	host := strings.TrimPrefix(srv.URL, "http://")
	got := outcomes(res)
	for _, c := range cases {
		r := got[c.a.ID]
		uri := ""
		if r.Closest != nil {
			uri = r.Closest.URI
		}
		if r.Outcome != c.outcome || uri != strings.ReplaceAll(c.uri, "HOST", host) || !strings.Contains(r.Detail, c.detail) {
			t.Errorf("%s: %s %q (%s), want %s %q (detail with %q)", c.a.ID, r.Outcome, uri, r.Detail, c.outcome, c.uri, c.detail)
		}
		if strings.Contains(r.Detail, "evil") || strings.Contains(r.Detail, "://") {
			t.Errorf("%s: the detail quotes a URL: %q", c.a.ID, r.Detail)
		}
	}
	if res.Closest != nil && (strings.Contains(res.Closest.URI, "evil") || !strings.HasPrefix(res.Closest.URI, "http://"+host+"/")) {
		t.Errorf("closest copy %q", res.Closest.URI)
	}
}

// TestDotSegmentsStayOnThePath: the looked-up URL cannot reach another path
// on an archive's host (issue 9, item 7).
func TestDotSegmentsStayOnThePath(t *testing.T) {
	for _, raw := range []string{
		"http://example.com/a/..%2f..%2fadmin",
		"http://example.com/%2e%2e%2f%2e%2e%2fadmin",
	} {
		if _, err := CleanURL(raw); err != ErrDotSegment {
			t.Errorf("CleanURL(%q): %v, want ErrDotSegment", raw, err)
		}
	}
	for raw, want := range map[string]string{
		"http://example.com/a/b/../../admin":   "http://example.com/admin",
		"http://example.com/a/./b/%2e%2e/c":    "http://example.com/a/c",
		"http://example.com/a/..%5c..%5cadmin": "http://example.com/admin",
		"http://example.com/docs/":             "http://example.com/docs/",
	} {
		u, err := CleanURL(raw)
		if err != nil || u.String() != want {
			t.Errorf("CleanURL(%q) = %v, %v; want %s", raw, u, err, want)
		}
	}
}
