package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/sesame-help/sesame/dev/demosite"
	"github.com/sesame-help/sesame/internal/diagnose"
)

// wayJSON runs "sesame check --json" and decodes the report with its plan
// and checks.
func wayJSON(t *testing.T, args ...string) checkOutput {
	t.Helper()
	code, out, errOut := runArgs(append([]string{"check", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("check %v: exit %d, stderr %q", args, code, errOut)
	}
	var o checkOutput
	if err := json.Unmarshal([]byte(out), &o); err != nil {
		t.Fatalf("check %v: bad JSON %v: %s", args, err, out)
	}
	return o
}

// kinds lists the kinds of the plan's actions.
func kinds(o checkOutput) string {
	var k []string
	for _, a := range o.Plan.Actions {
		k = append(k, a.Kind)
	}
	return strings.Join(k, " ")
}

// log records the requests a test server receives.
type log struct {
	mu   sync.Mutex
	reqs []string
}

func (l *log) add(t *testing.T, r *http.Request) {
	if r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" {
		t.Errorf("%s %s: credentials sent: %q %q", r.Method, r.URL, r.Header.Get("Authorization"), r.Header.Get("Cookie"))
	}
	if r.Method != http.MethodGet {
		t.Errorf("%s %s: not a GET", r.Method, r.URL)
	}
	l.mu.Lock()
	l.reqs = append(l.reqs, r.URL.RequestURI())
	l.mu.Unlock()
}

func (l *log) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.reqs...)
}

// docsSite is a documentation site: the docs answer 403 for unknown
// folders (as storage buckets do), /docs/ lists them, /app/ asks for a
// sign-in whose page is only at a common path, and every answer sets a
// cookie that must never come back.
func docsSite(t *testing.T) (*httptest.Server, *log) {
	l := &log{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.add(t, r)
		http.SetCookie(w, &http.Cookie{Name: "sid", Value: "x", Path: "/"})
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		switch p := r.URL.Path; {
		case p == "/":
			fmt.Fprint(w, `<html><body><a href="/docs/">Docs</a> <a href="/contact">Contact us</a></body></html>`)
		case p == "/docs/":
			fmt.Fprint(w, `<html><body><a href="/docs/getting-started/">Getting started</a> <a href="/docs/faq/">FAQ</a></body></html>`)
		case p == "/docs/getting-started/", p == "/docs/faq/", p == "/contact":
			fmt.Fprint(w, `<html><body>ok</body></html>`)
		case strings.HasPrefix(p, "/docs/"):
			w.Header().Set("Server", "nginx/1.24.0")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, "<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx/1.24.0</center>\n</body>\n</html>\n")
		case p == "/app/settings":
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, `<html><body><h1>Please sign in</h1></body></html>`)
		case p == "/login":
			fmt.Fprint(w, `<html><body><form method="post" action="/session"><input name="user"><input type="password" name="pw"><button>Sign in</button></form></body></html>`)
		case p == "/.well-known/security.txt":
			w.Header().Set("Content-Type", "text/plain")
			fmt.Fprint(w, "Contact: mailto:security@docs.example\nExpires: 2099-01-01T00:00:00Z\n")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv, l
}

// The case: a folder-listing 403 on a mistyped folder whose
// sibling exists. The checks find /docs/ working and its link, and the
// sure fix leads.
func TestWayTypo(t *testing.T) {
	srv, l := docsSite(t)
	o := wayJSON(t, srv.URL+"/docs/getting-startd/")
	if o.Status != 403 || len(o.Plan.Actions) == 0 {
		t.Fatalf("status %d, actions %s", o.Status, kinds(o))
	}
	if a := o.Plan.Actions[0]; a.Kind != diagnose.ActionTypo || a.URL != srv.URL+"/docs/getting-started/" {
		t.Errorf("first action %s %s; actions %s", a.Kind, a.URL, kinds(o))
	}
	if a := o.Plan.Actions[1]; a.Kind != diagnose.ActionParent || !a.Checked || !a.Working {
		t.Errorf("second action %+v", a)
	}
	if len(o.Checks) == 0 || o.Plan.SecurityTxt == nil || o.Plan.SecurityTxt.Contacts[0] != "mailto:security@docs.example" {
		t.Errorf("checks %d, security.txt %+v", len(o.Checks), o.Plan.SecurityTxt)
	}
	// Every check was one the plan asked for, and answered.
	reqs := l.list()
	if len(reqs) != 1+len(o.Checks) {
		t.Errorf("%d requests for %d checks: %v", len(reqs), len(o.Checks), reqs)
	}
	// The text says the same, in order, with the URLs.
	code, out, _ := runArgs("check", srv.URL+"/docs/getting-startd/")
	want := []string{
		"What you can do:",
		" 1. Did you mean /docs/getting-started/?\n      " + srv.URL + "/docs/getting-started/",
		" 2. Up one folder: /docs/ ✓\n      " + srv.URL + "/docs/",
		"Security contact: security@docs.example",
		"Checked on the same site",
		"200 " + srv.URL + "/docs/",
		"404 " + srv.URL + "/sitemap.xml",
	}
	for _, w := range want {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
	// In German.
	_, out, _ = runArgs("check", "--lang", "de", srv.URL+"/docs/getting-startd/")
	if !strings.Contains(out, "1. Meinten Sie /docs/getting-started/?") {
		t.Errorf("German output:\n%s", out)
	}
}

// A 401 whose page names no sign-in page: the plan's second phase tries
// the common sign-in paths, and /login (with a password field) becomes
// the sign-in action.
func TestWayLogin(t *testing.T) {
	srv, _ := docsSite(t)
	o := wayJSON(t, srv.URL+"/app/settings")
	if len(o.Plan.Actions) == 0 || o.Plan.Actions[0].Kind != diagnose.ActionLogin || o.Plan.Actions[0].URL != srv.URL+"/login" {
		t.Errorf("actions %s, first %+v", kinds(o), o.Plan.Actions)
	}
	probed := map[string]bool{}
	for _, c := range o.Checks {
		probed[c.Purpose] = true
	}
	for _, p := range []string{"parent", "home", "security-txt", "sitemap", "login", "change-password"} {
		if !probed[p] {
			t.Errorf("no %s check: %+v", p, o.Checks)
		}
	}
}

// --no-probe: one request, the refused page; the plan is the first draft.
func TestWayNoProbe(t *testing.T) {
	srv, l := docsSite(t)
	o := wayJSON(t, "--no-probe", srv.URL+"/docs/getting-startd/")
	if got := l.list(); len(got) != 1 || len(o.Checks) != 0 {
		t.Errorf("requests %v, checks %v", got, o.Checks)
	}
	if kinds(o) == "" || o.Checks == nil {
		t.Errorf("no plan without checks: %s, checks %v", kinds(o), o.Checks)
	}
	_, out, _ := runArgs("check", "--no-probe", srv.URL+"/docs/getting-startd/")
	if !strings.Contains(out, "No checks made (--no-probe).") || strings.Contains(out, "Checked on the same site") {
		t.Errorf("text:\n%s", out)
	}
}

// A hostile site redirects every check to another host: no request
// reaches it, nothing it would answer is used, and the plan stays sane.
func TestWayHostileRedirects(t *testing.T) {
	var other atomic.Int64
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		other.Add(1)
		fmt.Fprint(w, `<html><body><a href="/login">Log in</a><form><input type="password"></form></body></html>`)
	}))
	defer evil.Close()
	l := &log{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.add(t, r)
		if r.URL.Path == "/members/area" {
			w.WriteHeader(http.StatusUnauthorized)
			fmt.Fprint(w, "<html><body>Members only</body></html>")
			return
		}
		// Every check: off to the other host, with credentials in the
		// address for good measure.
		http.Redirect(w, r, strings.Replace(evil.URL, "://", "://admin:pw@", 1)+r.URL.Path, http.StatusFound)
	}))
	defer srv.Close()
	o := wayJSON(t, srv.URL+"/members/area")
	if n := other.Load(); n != 0 {
		t.Errorf("%d requests reached the other host", n)
	}
	if len(o.Checks) == 0 {
		t.Fatalf("no checks made")
	}
	for _, c := range o.Checks {
		if c.Status != 0 || c.Error == "" || strings.Contains(c.FinalURL, "pw@") {
			t.Errorf("check %+v", c)
		}
	}
	for _, a := range o.Plan.Actions {
		if strings.HasPrefix(a.URL, evil.URL) {
			t.Errorf("action leads to the other host: %+v", a)
		}
	}
	if len(o.Plan.Login) != 0 {
		t.Errorf("login found on the other host: %+v", o.Plan.Login)
	}
}

// The demo site's Basic 401: sign in with the browser's box first, the
// checks mark the parents, and the demo's security.txt and contact page
// give the contacts.
func TestWayDemoBasic(t *testing.T) {
	srv := httptest.NewServer(demosite.New())
	defer srv.Close()
	c := demosite.Lookup("basic")
	o := wayJSON(t, srv.URL+c.Path)
	if o.Kind != diagnose.KindBasic || o.Status != 401 {
		t.Fatalf("kind %s status %d", o.Kind, o.Status)
	}
	if len(o.Plan.Actions) < 3 || o.Plan.Actions[0].Kind != diagnose.ActionLogin || o.Plan.Actions[0].URL != "" {
		t.Fatalf("actions %s", kinds(o))
	}
	checked := 0
	for _, a := range o.Plan.Actions {
		if a.Kind == diagnose.ActionParent || a.Kind == diagnose.ActionHome {
			if a.Checked {
				checked++
			}
		}
	}
	if checked == 0 || len(o.Checks) == 0 {
		t.Errorf("no parent or home checked: %s, %d checks", kinds(o), len(o.Checks))
	}
	code, out, _ := runArgs("check", srv.URL+c.Path)
	for _, w := range []string{"answered 401 Unauthorized (basic)", " 1. Reload and sign in", "Checked on the same site"} {
		if code != 0 || !strings.Contains(out, w) {
			t.Errorf("output lacks %q:\n%s", w, out)
		}
	}
}
