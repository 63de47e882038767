package demosite

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/site/discover"
)

// TestTrust checks the probe trust demo: TrustHost sends every path but
// its refused page to ElsewhereHost, ElsewhereHost records each request,
// and HopHost's redirects stay on HopHost.
func TestTrust(t *testing.T) {
	srv, client := newServer(t)
	proxied := proxyClient(srv)
	proxied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(t *testing.T, c *http.Client, u string) (*http.Response, string) {
		t.Helper()
		res, err := c.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res, string(b)
	}
	requests := func(t *testing.T, reset bool) []TrustRequest {
		t.Helper()
		u := srv.URL + trustRequestsPath
		if reset {
			u += "?reset=1"
		}
		_, body := get(t, client, u)
		var got struct {
			Requests []TrustRequest `json:"requests"`
		}
		if err := json.Unmarshal([]byte(body), &got); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		return got.Requests
	}
	requests(t, true)

	tests := []struct {
		url      string
		status   int
		location string // "" for none
		contains string
	}{
		// The refused page itself.
		{"http://" + TrustHost + TrustPath, 401, "", "Members only"},
		// Every page Sesame checks leads to the other site.
		{"http://" + TrustHost + "/vault/papers/", 0, "http://" + ElsewhereHost + "/vault/papers/", ""},
		{"http://" + TrustHost + "/vault/", 0, "http://" + ElsewhereHost + "/vault/", ""},
		{"http://" + TrustHost + "/", 0, "http://" + ElsewhereHost + "/", ""},
		{"http://" + TrustHost + "/.well-known/security.txt", 0, "http://" + ElsewhereHost + "/.well-known/security.txt", ""},
		{"http://" + TrustHost + "/sitemap.xml", 0, "http://" + ElsewhereHost + "/sitemap.xml", ""},
		{"http://" + TrustHost + "/security.txt?x=1", 0, "http://" + ElsewhereHost + "/security.txt?x=1", ""},
		{"http://" + TrustHost + discover.ChangePasswordPath, 0, "http://" + ElsewhereHost + discover.ChangePasswordPath, ""},
		// The other site answers everything Sesame looks for.
		{"http://" + ElsewhereHost + "/", 200, "", `type="password"`},
		{"http://" + ElsewhereHost + "/.well-known/security.txt", 200, "", "Contact: mailto:security@" + ElsewhereHost},
		{"http://" + ElsewhereHost + "/sitemap.xml", 200, "", "<urlset"},
		// Redirects that stay on the same site.
		{"http://" + HopHost + HopPath, 401, "", "401 Authorization Required"},
		{"http://" + HopHost + "/", 200, "", "Hop demo"},
		{"http://" + HopHost + "/login", 302, "/login/", ""},
		{"http://" + HopHost + "/login/", 200, "", `type="password"`},
		{"http://" + HopHost + "/.well-known/security.txt", 301, "/security/contact.txt", ""},
		{"http://" + HopHost + "/security/contact.txt", 200, "", "Contact: mailto:security@" + HopHost},
		{"http://" + HopHost + "/signin", 404, "", ""},
		// The browser's own request for the tab's icon stays.
		{"http://" + TrustHost + "/favicon.ico", 404, "", ""},
	}
	for _, login := range discover.CommonLoginPaths {
		tests = append(tests, struct {
			url      string
			status   int
			location string
			contains string
		}{"http://" + TrustHost + login, 0, "http://" + ElsewhereHost + login, ""})
	}
	statuses := map[int]bool{}
	for _, tt := range tests {
		res, body := get(t, proxied, tt.url)
		switch {
		case tt.status == 0 && (res.StatusCode < 300 || res.StatusCode > 399):
			t.Errorf("%s: status %d, want a redirect", tt.url, res.StatusCode)
		case tt.status != 0 && res.StatusCode != tt.status:
			t.Errorf("%s: status %d, want %d", tt.url, res.StatusCode, tt.status)
		}
		if tt.status == 0 {
			statuses[res.StatusCode] = true
		}
		if got := res.Header.Get("Location"); got != tt.location {
			t.Errorf("%s: Location %q, want %q", tt.url, got, tt.location)
		}
		if tt.location != "" {
			if u, err := url.Parse(tt.location); err == nil && u.Host == ElsewhereHost && strings.Contains(tt.url, u.Host) {
				t.Errorf("%s: redirect to itself", tt.url)
			}
		}
		if !strings.Contains(body, tt.contains) {
			t.Errorf("%s: body lacks %q:\n%s", tt.url, tt.contains, body)
		}
	}
	if len(statuses) < 4 {
		t.Errorf("redirects use only %v", statuses)
	}
	var trust, elsewhere []TrustRequest
	for _, r := range requests(t, false) {
		switch r.Host {
		case TrustHost:
			trust = append(trust, r)
		case ElsewhereHost:
			elsewhere = append(elsewhere, r)
		default:
			t.Errorf("recorded a request to %s", r.Host)
		}
	}
	if len(elsewhere) != 3 || elsewhere[0].Path != "/" || elsewhere[1].Path != "/.well-known/security.txt" {
		t.Errorf("recorded %+v, want the 3 requests made to %s", elsewhere, ElsewhereHost)
	}
	if want := 9 + len(discover.CommonLoginPaths); len(trust) != want {
		t.Errorf("recorded %d requests to %s, want %d", len(trust), TrustHost, want)
	}
	if got := requests(t, true); len(got) != len(trust)+len(elsewhere) {
		t.Errorf("reset returned %d requests, want the %d before it", len(got), len(trust)+len(elsewhere))
	}
	if got := requests(t, false); len(got) != 0 {
		t.Errorf("after reset: %+v", got)
	}
}
