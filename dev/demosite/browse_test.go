package demosite

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
)

// TestBrowse checks the browsing test's pages: status, the header that
// matters and the markup that sets each trap.
func TestBrowse(t *testing.T) {
	srv, client := newServer(t)
	tests := []struct {
		path     string
		status   int
		header   [2]string // name, substring of its value
		contains []string
	}{
		// Ordinary and refused pages.
		{"/browse/ok/a1", 200, [2]string{"Content-Type", "text/html"}, []string{"Ordinary page a1"}},
		{"/browse/401/a1", 401, [2]string{"WWW-Authenticate", `Bearer realm="browse"`}, []string{"401 Unauthorized"}},
		{"/browse/403/a1", 403, [2]string{}, []string{"403 Forbidden"}},
		{"/browse/basic/a1", 401, [2]string{"WWW-Authenticate", `Basic realm="browse"`}, nil},
		// Refused parts of a page that works.
		{"/browse/sub/a1", 200, [2]string{}, []string{`<img src="/browse/401/img-a1"`, `<img src="/browse/403/img-a1"`, `<script src="/browse/403/js-a1">`, `<link rel="stylesheet" href="/browse/403/css-a1">`, `data-url="/browse/401/fetch-a1"`}},
		{"/browse/fetch.js", 200, [2]string{"Content-Type", "javascript"}, []string{"fetch(document.currentScript.dataset.url)"}},
		{"/browse/frame/a1", 200, [2]string{}, []string{`<iframe src="/browse/401/frame-a1"`, `<iframe src="/browse/403/frame-a1"`}},
		// Redirect chains.
		{"/browse/redirect/3/401/a1", 302, [2]string{"Location", "/browse/redirect/2/401/a1"}, nil},
		{"/browse/redirect/1/403/a1", 302, [2]string{"Location", "/browse/403/a1"}, nil},
		{"/browse/redirect/6/403/a1", 404, [2]string{}, nil},
		{"/browse/redirect/1/200/a1", 404, [2]string{}, nil},
		// Speculation rules: the JSON is written as it is, not escaped.
		{"/browse/prerender/401/a1", 200, [2]string{}, []string{`<script type="speculationrules">{"prerender": [{"source": "list", "urls": ["/browse/401/pr-a1"], "eagerness": "immediate"}]}</script>`, `<a id="go" href="/browse/401/pr-a1">`}},
		{"/browse/prefetch/403/a1", 200, [2]string{}, []string{`{"prefetch": [{"source": "list", "urls": ["/browse/403/pf-a1"]`, `<a id="go" href="/browse/403/pf-a1">`}},
		{"/browse/prefetch/200/a1", 404, [2]string{}, nil},
		{"/browse/refused-spec/a1", 401, [2]string{"WWW-Authenticate", "Bearer"}, []string{`"prerender": [{"source": "list", "urls": ["/browse/ok/pr-a1"]`, `"prefetch": [{"source": "list", "urls": ["/browse/ok/pf-a1"]`}},
		// A download answered 403.
		{"/browse/download/a1", 200, [2]string{}, []string{`<a id="go" href="/browse/dl/a1">`}},
		{"/browse/dl/a1", 403, [2]string{"Content-Disposition", `attachment; filename="report-a1.csv"`}, []string{"forbidden"}},
		// Bad paths and ids.
		{"/browse/ok/a%20b", 404, [2]string{}, nil},
		{"/browse/ok/" + strings.Repeat("x", 65), 404, [2]string{}, nil},
		{"/browse/nothing/a1", 404, [2]string{}, nil},
		{"/browse/ok/a1/extra", 404, [2]string{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			res, err := client.Get(srv.URL + tt.path)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode != tt.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tt.status)
			}
			if tt.header[0] != "" && !strings.Contains(res.Header.Get(tt.header[0]), tt.header[1]) {
				t.Errorf("%s: %q, want it to contain %q", tt.header[0], res.Header.Get(tt.header[0]), tt.header[1])
			}
			for _, c := range tt.contains {
				if !strings.Contains(string(body), c) {
					t.Errorf("body lacks %q:\n%s", c, body)
				}
			}
		})
	}
}

// TestBrowseSeen checks that /browse/seen lists the requests a page
// caused, under the page's id, with their query and Sec-Purpose.
func TestBrowseSeen(t *testing.T) {
	srv, client := newServer(t)
	send := func(path, purpose string) {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		if purpose != "" {
			req.Header.Set("Sec-Purpose", purpose)
		}
		res, err := client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
	}
	send("/browse/prerender/401/s1", "")
	send("/browse/401/pr-s1", "prefetch;prerender")
	send("/browse/ok/s1?token=x", "")
	send("/browse/ok/other", "")
	res, err := client.Get(srv.URL + "/browse/seen?id=s1")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var got []seenRequest
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	want := []seenRequest{
		{Path: "/browse/prerender/401/s1"},
		{Path: "/browse/401/pr-s1", Purpose: "prefetch;prerender"},
		{Path: "/browse/ok/s1", Query: "token=x"},
	}
	if len(got) != len(want) {
		t.Fatalf("seen %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("seen[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
}
