package plan

import (
	"testing"

	"github.com/sesame-help/sesame/internal/diagnose"
	"github.com/sesame-help/sesame/internal/sample"
)

// TestSignInFormOnPage checks the way forward from Apache's mod_auth_form
// 401 (recorded from a real Apache, see dev/e2e/servers): the page is the
// sign-in form, posting to the handler /dologin.html, which answers 405 to
// GET; signing in must show this page's form, never open the handler.
func TestSignInFormOnPage(t *testing.T) {
	r := sample.Load(t, "internal/diagnose/testdata/servers/apache-auth-form.http")[0]
	in := diagnose.Input{URL: r.URL, Method: r.Method, Status: r.Status, Body: r.Body, Now: "2026-12-06T12:00:00Z"}
	for _, f := range r.Header {
		in.Headers = append(in.Headers, diagnose.Header{Name: f.Name, Value: f.Value})
	}
	a := Analyze(in, nil, Env{})
	var login []string
	for _, x := range a.Plan.Actions {
		if x.Kind == diagnose.ActionLogin {
			login = append(login, x.URL+" "+x.Key)
		}
		if x.URL == "http://127.0.0.1:8080/dologin.html" {
			t.Errorf("action %s leads to the POST-only handler", x.Kind)
		}
	}
	if len(login) != 1 || login[0] != r.URL+" action_login_form" {
		t.Errorf("login actions %q, want [%s action_login_form]", login, r.URL)
	}
}

// TestSignInNotPostOnly checks that a sign-in candidate that only a POST
// form of the error page leads to (an OmniAuth-style "Sign in with …"
// button) is not offered as a page to open, and that a linked one is.
func TestSignInNotPostOnly(t *testing.T) {
	const u = "https://www.example.com/admin/"
	for _, c := range []struct{ page, want string }{
		{`<p>Members only.</p><form method="post" action="/auth/sso"><button>Sign in with SSO</button></form>`, ""},
		{`<form method="post" action="/login"><button>Log in</button></form><p><a href="/login">Log in</a></p>`, "https://www.example.com/login"},
	} {
		a := Analyze(diagnose.Input{URL: u, Status: 401, Body: c.page, Now: "2026-12-06T12:00:00Z"}, nil, Env{})
		got := ""
		for _, x := range a.Plan.Actions {
			if x.Kind == diagnose.ActionLogin {
				got = x.URL
			}
		}
		if got != c.want {
			t.Errorf("%q: login %q, want %q", c.page, got, c.want)
		}
	}
}
