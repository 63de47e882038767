package demosite

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

// waysTested names the cases TestWays covers (TestCases checks that every
// case is covered somewhere).
var waysTested = map[string]bool{
	"login-home": true, "login-probed": true, "login-sso": true, "parent-works": true,
	"typo": true, "typo-none": true, "contact-de": true, "report-ids": true, "flip": true,
	"hostile-many-links": true, "hostile-huge": true, "hostile-frames": true, "hostile-site": true,
}

// TestWays checks the pages behind each way forward, on the demo's own
// host and on its made-up hosts (requested through the demo as proxy).
func TestWays(t *testing.T) {
	srv, client := newServer(t)
	proxied := proxyClient(srv)
	proxied.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	tests := []struct {
		url      string // path on the demo, or an absolute URL on a made-up host
		status   int
		header   [2]string // name, substring of a value
		contains []string
		lacks    []string
	}{
		// Login on the home page; the error page names none.
		{Lookup("login-home").Path, 401, [2]string{"Server", "nginx"}, []string{"401 Authorization Required"}, []string{"href"}},
		{"/", 200, [2]string{}, []string{`<a href="/login">Log in</a>`}, nil},
		// A login page found only by checking common paths.
		{"http://" + ShopHost + "/account/orders/77", 401, [2]string{}, []string{"401 Authorization Required"}, []string{"WWW-Authenticate"}},
		{"http://" + ShopHost + "/", 200, [2]string{}, []string{"Sesame Demo Shop"}, []string{"login", "signin", "Log in", "Sign in"}},
		{"http://" + ShopHost + "/signin", 200, [2]string{}, []string{`type="password"`}, nil},
		{"http://" + ShopHost + "/login", 404, [2]string{}, nil, nil},
		{"http://" + ShopHost + "/account/orders/", 401, [2]string{}, nil, nil},
		// Login links to other sites: single sign-on and a look-alike.
		{"http://" + PortalHost + "/workspace/board", 401, [2]string{}, []string{`href="http://id.accounts-hub.example/authorize?client_id=portal&amp;redirect_uri=http%3A%2F%2Fportal.sesame.test%2Fworkspace%2Fboard"`, `href="http://sesame.test.account-verify.example/login"`}, nil},
		{"http://" + PortalHost + "/workspace/", 200, [2]string{}, []string{"Team portal"}, nil},
		// The nearest folder that works is /vault/team/.
		{Lookup("parent-works").Path, 403, [2]string{}, nil, nil},
		{"/vault/team/secret/plans/", 403, [2]string{}, nil, nil},
		{"/vault/team/secret/", 401, [2]string{}, nil, []string{"WWW-Authenticate"}},
		{"/vault/team/", 200, [2]string{}, []string{`href="/vault/team/secret/"`}, nil},
		{"/vault/", 403, [2]string{}, nil, nil},
		// Typos: the mistyped folder is refused and never linked.
		{Lookup("typo").Path, 403, [2]string{}, nil, nil},
		{"/docs/getting-started/", 200, [2]string{}, []string{`href="/docs/getting-started/first-steps"`}, nil},
		{"/docs/", 200, [2]string{}, []string{`href="/docs/getting-started/"`}, []string{"getting-startd", "quantum"}},
		{"/docs/any/unknown/path", 403, [2]string{}, nil, nil},
		{"/sitemap.xml", 200, [2]string{}, []string{"/docs/getting-started/first-steps</loc>"}, []string{"getting-startd", "quantum", "_demo"}},
		{Lookup("typo-none").Path, 403, [2]string{}, nil, nil},
		// Contact pages in German and an expired security.txt.
		{"http://" + AltHost + "/intern/berichte/2026.pdf", 403, [2]string{}, []string{`href="/impressum"`, `href="/kontakt"`}, nil},
		{"http://" + AltHost + "/", 200, [2]string{}, []string{`lang="de"`, `href="mailto:webmaster@alt.sesame.test"`, ">Impressum</a>", ">Kontakt</a>"}, nil},
		{"http://" + AltHost + "/impressum", 200, [2]string{}, []string{"vorstand@alt.sesame.test"}, nil},
		{"http://" + AltHost + "/.well-known/security.txt", 200, [2]string{}, []string{"Contact: mailto:security@alt.sesame.test", "Expires: 2021-03-31T22:00:00.000Z"}, nil},
		// Request ids.
		{Lookup("report-ids").Path, 403, [2]string{"X-Request-Id", "req-5f0c6a2e"}, nil, nil},
		// Hostile pages.
		{Lookup("hostile-frames").Path, 401, [2]string{}, []string{"<iframe", `href="javascript:`, `href="data:text/html`}, nil},
		{"http://" + HostileHost + "/trap/frames/door", 401, [2]string{}, []string{"&lt;script&gt;", "sesame.test.secure-login.example"}, nil},
		{"http://" + HostileHost + "/sitemap.xml", 200, [2]string{}, []string{"<loc>http://" + HostileHost + "/sitemap.xml</loc>", "sitemap-huge.xml"}, nil},
		{"http://" + HostileHost + "/trap/frames/", 200, [2]string{}, []string{"<iframe"}, nil},
		{"http://" + HostileHost + "/login", 302, [2]string{"Location", "/login?again="}, nil, nil},
		// Other hosts are refused, and nothing is forwarded.
		{"http://elsewhere.sesame.test/", 502, [2]string{}, nil, nil},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, u := client, srv.URL+tt.url
			if strings.HasPrefix(tt.url, "http://") {
				c, u = proxied, tt.url
			}
			resp, body := get(t, c, http.MethodGet, u, nil, nil)
			if resp.StatusCode != tt.status {
				t.Errorf("status %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.header[0] != "" && !containsValue(resp.Header.Values(tt.header[0]), tt.header[1]) {
				t.Errorf("header %s = %q, want %q", tt.header[0], resp.Header.Values(tt.header[0]), tt.header[1])
			}
			if resp.Header.Get("WWW-Authenticate") != "" && strings.Contains(tt.url, "sesame.test") {
				t.Errorf("made-up hosts never challenge (the browser would open a login box for probes)")
			}
			for _, want := range tt.contains {
				if !strings.Contains(body, want) {
					t.Errorf("body lacks %q", want)
				}
			}
			for _, bad := range tt.lacks {
				if strings.Contains(body, bad) || resp.Header.Get(bad) != "" {
					t.Errorf("has %q", bad)
				}
			}
		})
	}
}

// TestHostileSizes checks that the hostile pages are as big as they claim.
func TestHostileSizes(t *testing.T) {
	if testing.Short() {
		t.Skip("large responses")
	}
	srv, client := newServer(t)
	proxied := proxyClient(srv)
	_, body := get(t, client, http.MethodGet, srv.URL+Lookup("hostile-many-links").Path, nil, nil)
	if n := strings.Count(body, "<a href="); n < ManyLinks {
		t.Errorf("many-links page has %d links", n)
	}
	_, body = get(t, client, http.MethodGet, srv.URL+Lookup("hostile-huge").Path, nil, nil)
	if len(body) < HugeBytes {
		t.Errorf("huge page has %d bytes", len(body))
	}
	_, body = get(t, proxied, http.MethodGet, "http://"+HostileHost+"/.well-known/security.txt", nil, nil)
	if len(body) < GarbageBytes || !strings.Contains(body, "\x00") {
		t.Errorf("garbage security.txt: %d bytes", len(body))
	}
	_, body = get(t, proxied, http.MethodGet, "http://"+HostileHost+"/sitemap-huge.xml", nil, nil)
	if len(body) < HugeSitemapBytes || !strings.HasSuffix(body, "</urlset>\n") {
		t.Errorf("huge sitemap: %d bytes", len(body))
	}
}

func TestFlip(t *testing.T) {
	srv, client := newServer(t)
	page := srv.URL + "/_demo/flip/watch-1"
	other := srv.URL + "/_demo/flip/watch-2"
	steps := []struct {
		url    string
		status int
	}{
		{page, 401},
		{other, 401},
		{page + "?open=1", 200},
		{page, 200},
		{other, 401},
		{page + "?close=1", 401},
		{page, 401},
		{srv.URL + "/_demo/flip/bad%20name", 404},
		{srv.URL + "/_demo/flip/", 404},
		{srv.URL + Lookup("flip").Path, 401},
	}
	for i, st := range steps {
		resp, _ := get(t, client, http.MethodGet, st.url, nil, nil)
		if resp.StatusCode != st.status {
			t.Errorf("step %d: %s → %d, want %d", i, st.url, resp.StatusCode, st.status)
		}
		if resp.StatusCode == 401 && resp.Header.Get("WWW-Authenticate") != "" {
			t.Errorf("step %d: flip pages must not challenge", i)
		}
	}
	// The names remembered stay bounded.
	s := New()
	for i := 0; i < maxFlips+50; i++ {
		s.setFlip(strings.Repeat("n", 1+i%60)+string(rune('a'+i%26))+string(rune('a'+i/26%26))+string(rune('a'+i/676)), true)
	}
	if len(s.flips) > maxFlips || len(s.flipsFIF) > maxFlips {
		t.Errorf("flips grew to %d/%d", len(s.flips), len(s.flipsFIF))
	}
}

func TestCookies(t *testing.T) {
	srv, client := newServer(t)
	resp, body := get(t, client, http.MethodGet, srv.URL+"/_demo/cookies?set=pref_1", nil, func(r *http.Request) {
		r.AddCookie(&http.Cookie{Name: "b", Value: "1"})
		r.AddCookie(&http.Cookie{Name: "a", Value: "2"})
	})
	var got struct {
		Host    string   `json:"host"`
		Cookies []string `json:"cookies"`
	}
	if err := json.Unmarshal([]byte(body), &got); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got.Cookies, ",") != "a,b" {
		t.Errorf("cookies = %q", got.Cookies)
	}
	if sc := resp.Header.Get("Set-Cookie"); !strings.HasPrefix(sc, "pref_1=1; Path=/; Max-Age=3600") {
		t.Errorf("Set-Cookie = %q", sc)
	}
	resp, _ = get(t, client, http.MethodGet, srv.URL+"/_demo/cookies?set=bad%20name", nil, nil)
	if resp.StatusCode != http.StatusBadRequest {
		t.Errorf("bad name → %d", resp.StatusCode)
	}
	// The same endpoint on a made-up host sees that host's cookies only.
	_, body = get(t, proxyClient(srv), http.MethodGet, "http://"+AltHost+"/_demo/cookies", nil, nil)
	if !strings.Contains(body, `"host":"`+AltHost+`"`) || !strings.Contains(body, `"cookies":[]`) {
		t.Errorf("alt cookies = %s", body)
	}
}

// FuzzServeVirtual sends arbitrary paths and queries to the made-up hosts:
// the site must answer without panicking and with a known status.
func FuzzServeVirtual(f *testing.F) {
	for _, c := range Cases() {
		if c.Host != "" {
			f.Add(uint8(0), c.Path, "")
		}
	}
	f.Add(uint8(1), "/", "")
	f.Add(uint8(2), "/.well-known/security.txt", "")
	f.Add(uint8(3), "/sitemap.xml", "")
	f.Add(uint8(4), "/_demo/cookies", "set=x")
	hosts := VirtualHosts()
	s := New()
	f.Fuzz(func(t *testing.T, hi uint8, p, q string) {
		host := hosts[int(hi)%len(hosts)]
		if p == "/" && host == HostileHost || strings.HasPrefix(p, "/trap/") && p != "/trap/frames/door" || p == "/sitemap-huge.xml" || strings.HasSuffix(p, ".txt") && host == HostileHost {
			return // large on purpose; TestHostileSizes reads them
		}
		u := &url.URL{Scheme: "http", Host: host, Path: p, RawQuery: q}
		req, err := http.NewRequest(http.MethodGet, u.String(), nil)
		if err != nil || req.URL.Host != host {
			return
		}
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, req)
		switch rec.Code {
		case 200, 301, 302, 400, 401, 403, 404, 407, 502:
		default:
			t.Errorf("%s → %d", u, rec.Code)
		}
	})
}
