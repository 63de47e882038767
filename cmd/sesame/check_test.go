package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sesame-help/sesame/internal/diagnose"
)

// runArgs runs the sesame command line and returns exit status and output.
func runArgs(args ...string) (int, string, string) {
	var out, errOut bytes.Buffer
	code := run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// site is a test web site with one page per kind of answer.
func site(t *testing.T) *httptest.Server {
	mux := http.NewServeMux()
	mux.HandleFunc("/basic/docs/report.html", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "" {
			t.Errorf("credentials were sent: %q", r.Header.Get("Authorization"))
		}
		w.Header().Set("WWW-Authenticate", `Basic realm="Staff only", charset="UTF-8"`)
		w.WriteHeader(401)
		fmt.Fprint(w, "<h1>401 Unauthorized</h1>")
	})
	mux.HandleFunc("/api/v1/me", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", error_description="The access token expired"`)
		w.WriteHeader(401)
	})
	mux.HandleFunc("/app/settings", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(401)
		fmt.Fprint(w, `<html><body><p>Please <a href="/account/login">sign in</a> first.</p></body></html>`)
	})
	mux.HandleFunc("/files/", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Server", "nginx/1.24.0")
		w.WriteHeader(403)
		fmt.Fprint(w, "<html>\n<head><title>403 Forbidden</title></head>\n<body>\n<center><h1>403 Forbidden</h1></center>\n<hr><center>nginx/1.24.0</center>\n</body>\n</html>\n")
	})
	mux.HandleFunc("/busy", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(429)
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "hello")
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(403)
		chunk := strings.Repeat("x", 1<<20)
		for i := 0; i < 10; i++ {
			fmt.Fprint(w, chunk)
		}
	})
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(403)
		w.Write([]byte{0xff, 0xfe, 0x00, 0x81, 'a', 0xc3})
	})
	// /hop/N redirects to /hop/N-1, /hop/0 to the Basic page; a cookie is
	// set on the way and must not come back.
	mux.HandleFunc("/hop/", func(w http.ResponseWriter, r *http.Request) {
		if _, err := r.Cookie("session"); err == nil {
			t.Errorf("a cookie was sent back")
		}
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/hop/"), "%d", &n)
		http.SetCookie(w, &http.Cookie{Name: "session", Value: "x", Path: "/"})
		if n == 0 {
			http.Redirect(w, r, "/basic/docs/report.html", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n-1), http.StatusFound)
	})
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	mux.HandleFunc("/cred-redirect", func(w http.ResponseWriter, r *http.Request) {
		u := "http://bob:hunter2@" + r.Host + "/basic/docs/report.html"
		http.Redirect(w, r, u, http.StatusFound)
	})
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "ftp://example.com/", http.StatusFound)
	})
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func checkJSON(t *testing.T, args ...string) diagnose.Report {
	t.Helper()
	code, out, errOut := runArgs(append([]string{"check", "--json"}, args...)...)
	if code != 0 {
		t.Fatalf("check %v: exit %d, stderr %q", args, code, errOut)
	}
	var r diagnose.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		t.Fatalf("check %v: bad JSON %v: %s", args, err, out)
	}
	return r
}

func TestCheckJSON(t *testing.T) {
	srv := site(t)
	for _, c := range []struct {
		path, kind, firstAdvice, firstAction string
		status                               int
	}{
		{"/basic/docs/report.html", "basic", "kind_basic", "login", 401},
		{"/api/v1/me", "bearer", "kind_bearer", "parent", 401},
		{"/app/settings", "login-required", "kind_login_required", "login", 401},
		{"/files/", "directory-listing", "kind_directory_listing", "home", 403},
		{"/busy", "rate-limited", "kind_rate_limited", "reload", 429},
		{"/ok", "ok", "kind_ok", "", 200},
	} {
		r := checkJSON(t, srv.URL+c.path)
		first := ""
		if len(r.Actions) > 0 {
			first = r.Actions[0].Kind
		}
		if r.Kind != c.kind || r.Status != c.status || r.Advice[0].Key != c.firstAdvice || first != c.firstAction {
			t.Errorf("%s: kind %s status %d advice %v first action %q", c.path, r.Kind, r.Status, r.Advice[0], first)
		}
	}
	r := checkJSON(t, srv.URL+"/app/settings")
	if r.Actions[0].URL != srv.URL+"/account/login" {
		t.Errorf("login link %q", r.Actions[0].URL)
	}
	r = checkJSON(t, srv.URL+"/busy")
	if r.RetryAfter == "" {
		t.Errorf("no retryAfter")
	}
}

func TestCheckText(t *testing.T) {
	srv := site(t)
	// Without checks the parents stay, unchecked (way_test.go checks them).
	code, out, errOut := runArgs("check", "--no-probe", srv.URL+"/basic/docs/report.html")
	if code != 0 || errOut != "" {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	for _, want := range []string{
		"answered 401 Unauthorized (basic)",
		"This page is protected by a password the server asks for itself.",
		"• The server calls this protected area “Staff only”.",
		`Sign-in: Basic realm="Staff only" charset="UTF-8"`,
		"What you can do:",
		"1. Reload and sign in",
		"Up one folder: /basic/docs/",
		srv.URL + "/basic/docs/",
		"Home page of 127.0.0.1:",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if n := len([]rune(line)); n > 78 && !strings.Contains(line, "http") {
			t.Errorf("line of %d columns: %q", n, line)
		}
	}
	// German words with the same diagnosis.
	_, out, _ = runArgs("check", "--lang", "de", srv.URL+"/basic/docs/report.html")
	if !strings.Contains(out, "Neu laden und anmelden") {
		t.Errorf("German output:\n%s", out)
	}
}

func TestCheckRedirects(t *testing.T) {
	srv := site(t)
	r := checkJSON(t, srv.URL+"/hop/3")
	if r.Kind != diagnose.KindBasic || len(r.Redirects) != 4 || r.Redirects[0] != srv.URL+"/hop/3" {
		t.Errorf("kind %s redirects %v", r.Kind, r.Redirects)
	}
	r = checkJSON(t, srv.URL+"/loop")
	if r.Status != 302 || len(r.Redirects) != maxRedirects {
		t.Errorf("loop: status %d, %d redirects", r.Status, len(r.Redirects))
	}
	code, out, _ := runArgs("check", srv.URL+"/loop")
	if code != 0 || !strings.Contains(out, "stopped following redirects after 10") {
		t.Errorf("loop text: %d\n%s", code, out)
	}
	// Credentials in a Location header are not used (the handler fails
	// the test if an Authorization header arrives).
	r = checkJSON(t, srv.URL+"/cred-redirect")
	if r.Kind != diagnose.KindBasic {
		t.Errorf("cred-redirect: %s", r.Kind)
	}
	code, _, errOut := runArgs("check", srv.URL+"/to-ftp")
	if code != 1 || !strings.Contains(errOut, "unsupported scheme") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("to-ftp: %d %q", code, errOut)
	}
}

func TestCheckCredentialsStripped(t *testing.T) {
	srv := site(t)
	u, _ := url.Parse(srv.URL + "/basic/docs/report.html#frag")
	u.User = url.UserPassword("alice", "s3cret")
	code, out, errOut := runArgs("check", "--json", u.String())
	if code != 0 || !strings.Contains(errOut, "removed the user name and password") {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	if strings.Contains(out, "s3cret") || strings.Contains(out, "alice") {
		t.Errorf("credentials in the report: %s", out)
	}
}

func TestCheckBodies(t *testing.T) {
	srv := site(t)
	r := checkJSON(t, srv.URL+"/big")
	if len(r.Notes) == 0 || r.Notes[0].Key != "note_body_truncated" {
		t.Errorf("big: notes %v", r.Notes)
	}
	r = checkJSON(t, srv.URL+"/binary")
	if r.Kind != diagnose.KindForbidden {
		t.Errorf("binary: %s", r.Kind)
	}
}

func TestCheckBadInput(t *testing.T) {
	srv := site(t)
	for _, c := range []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{"check"}, 2, "give exactly one URL"},
		{[]string{"check", "a", "b"}, 2, "give exactly one URL"},
		{[]string{"check", "example.com/x"}, 2, `did you mean https://example.com/x`},
		{[]string{"check", "/relative"}, 2, "is not a URL"},
		{[]string{"check", "::::"}, 2, "is not a URL"},
		{[]string{"check", "ftp://example.com/"}, 2, `unsupported scheme "ftp"`},
		{[]string{"check", "file:///etc/passwd"}, 2, `unsupported scheme "file"`},
		{[]string{"check", "data:text/html,x"}, 2, `unsupported scheme "data"`},
		{[]string{"check", "about:blank"}, 2, `unsupported scheme "about"`},
		{[]string{"check", "chrome://settings"}, 2, `unsupported scheme "chrome"`},
		{[]string{"check", "http://"}, 2, "no host"},
		{[]string{"check", "--timeout", "0s", srv.URL}, 2, "--timeout must be positive"},
		{[]string{"check", "--lang", "xx", srv.URL}, 2, `no language "xx"`},
		{[]string{"check", "--nope", srv.URL}, 2, "flag provided but not defined"},
		{[]string{"check", "--timeout", "200ms", srv.URL + "/slow"}, 1, "no answer from 127.0.0.1 within 200ms"},
		{[]string{"nope"}, 2, `unknown command "nope"`},
		{[]string{}, 2, "usage: sesame COMMAND"},
	} {
		code, _, errOut := runArgs(c.args...)
		if code != c.code || !strings.Contains(errOut, c.msg) {
			t.Errorf("%v: exit %d stderr %q; want %d and %q", c.args, code, errOut, c.code, c.msg)
		}
	}
}

func TestCheckNetworkErrors(t *testing.T) {
	// A port nobody listens on.
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	code, _, errOut := runArgs("check", "http://"+addr+"/")
	if code != 1 || !strings.Contains(errOut, "refused the connection") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("refused: %d %q", code, errOut)
	}
	// DNS failure, without the network: a resolver that cannot reach any
	// server.
	checkResolver = &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, address string) (net.Conn, error) {
		return nil, errors.New("no DNS in tests")
	}}
	defer func() { checkResolver = nil }()
	code, _, errOut = runArgs("check", "https://no-such-host.example/")
	if code != 1 || !strings.Contains(errOut, `cannot find the host "no-such-host.example"`) {
		t.Errorf("dns: %d %q", code, errOut)
	}
	// TLS to a server whose certificate is not trusted.
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	defer tlsSrv.Close()
	code, _, errOut = runArgs("check", tlsSrv.URL+"/")
	if code != 1 || !strings.Contains(errOut, "certificate is not valid") {
		t.Errorf("tls: %d %q", code, errOut)
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runArgs("help")
	if code != 0 || !strings.Contains(out, "check ") || !strings.Contains(out, "help ") {
		t.Errorf("help: %d %q", code, out)
	}
	code, out, _ = runArgs("help", "check")
	if code != 0 || !strings.Contains(out, "usage: sesame check URL") || !strings.Contains(out, "-timeout") {
		t.Errorf("help check: %d %q", code, out)
	}
	code, _, _ = runArgs("check", "-h")
	if code != 0 {
		t.Errorf("check -h: %d", code)
	}
	code, _, errOut := runArgs("help", "nope")
	if code != 2 || !strings.Contains(errOut, "unknown command") {
		t.Errorf("help nope: %d %q", code, errOut)
	}
	for name, c := range commands {
		if c.summary == "" || c.run == nil || strings.Contains(c.summary, "\n") {
			t.Errorf("command %q: bad registration", name)
		}
	}
}
