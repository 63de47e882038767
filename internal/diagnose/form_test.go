package diagnose

import (
	"slices"
	"strings"
	"testing"

	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// postTargetsCases are pages with forms and the targets of their POST
// forms, resolved against https://www.example.com/app/page.
var postTargetsCases = []struct {
	page string
	want []string
}{
	{`<form method="POST" action="/dologin.html"><input type=password></form>`, []string{"https://www.example.com/dologin.html"}},
	{`<form method=post action="session#x"></form>`, []string{"https://www.example.com/app/session"}},
	{`<form method="post"></form>`, []string{"https://www.example.com/app/page"}},
	{`<form method="post" action=""></form>`, []string{"https://www.example.com/app/page"}},
	{`<form action="/search"></form><form method="get" action="/find"></form>`, nil},
	{`<base href="https://other.example.net/x/"><form method="post" action="login"></form>`, []string{"https://other.example.net/x/login"}},
	{`<base href="javascript:alert(1)"><form method="post" action="login"></form>`, []string{"https://www.example.com/app/login"}},
	{`<form method="post" action="https://user:pw@www.example.com/s"></form>`, []string{"https://www.example.com/s"}},
	{`<form method="post" action="javascript:void(0)"></form><form method="post" action="mailto:a@b"></form>`, nil},
	{`<form method=" Post " action="/a"></form><FORM METHOD=POST ACTION="/b">`, []string{"https://www.example.com/a", "https://www.example.com/b"}},
	{`<!-- <form method="post" action="/hidden"> --><script>"<form method=post action=/js>"</script>`, nil},
}

func TestPostTargets(t *testing.T) {
	base, _ := url.Parse("https://www.example.com/app/page")
	for _, c := range postTargetsCases {
		got := postTargets(c.page, base)
		var keys []string
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		want := slices.Clone(c.want)
		slices.Sort(want)
		if strings.Join(keys, " ") != strings.Join(want, " ") {
			t.Errorf("postTargets(%q) = %q, want %q", c.page, keys, want)
		}
	}
	if got := postTargets(`<form method=post action=/a>`, nil); len(got) != 0 {
		t.Errorf("no base: %v", got)
	}
	many := ""
	for i := range 200 {
		many += `<form method=post action="/f` + strings.Repeat("a", i) + `">`
	}
	if got := postTargets(many, base); len(got) != maxForms {
		t.Errorf("%d targets, want at most %d", len(got), maxForms)
	}
}

// TestLoginNotPostOnly checks that a sign-in link is never the target of a
// POST form of the page, unless a link leads there too.
func TestLoginNotPostOnly(t *testing.T) {
	const u = "https://www.example.com/admin/"
	for _, c := range []struct {
		page, want string
	}{
		// A button that posts to the sign-in handler (OmniAuth-style).
		{`<p>Members only.</p><form method="post" action="/auth/sso"><button>Sign in with SSO</button></form>`, "(none)"},
		// The same handler also linked: a person can open it.
		{`<form method="post" action="/login"><button>Log in</button></form><a href="/login">Log in</a>`, "https://www.example.com/login"},
		// The page is the form: sign in here.
		{`<form method="post" action="/dologin"><input type="password" name="p"><button>Log in</button></form>`, u},
		// A password field without a form (a script signs in): here too.
		{`<p>Sign in</p><input type="password" id="pw"><button id="go">Continue</button>`, u},
		// A form in a menu of the page and a real sign-in link: the link.
		{`<header><a href="/account/login">Log in</a><div class="menu" hidden><form method="post" action="/session"><input name="q"><input type="password" name="p"><button>Go</button></form></div></header><p>Private.</p>`, "https://www.example.com/account/login"},
	} {
		r := Diagnose(Input{URL: u, Status: 401, Body: c.page})
		got := "(none)"
		for _, a := range r.Actions {
			if a.Kind == ActionLogin {
				got = a.URL
			}
		}
		if got != c.want {
			t.Errorf("%q: login %s, want %s", c.page, got, c.want)
		}
	}
}

func FuzzPostTargets(f *testing.F) {
	for _, c := range postTargetsCases {
		f.Add(c.page)
	}
	for _, s := range loadSamples(f, "testdata/servers/*.http") {
		f.Add(s.in.Body)
	}
	base, _ := url.Parse("https://www.example.com/app/page")
	f.Fuzz(func(t *testing.T, page string) {
		got := postTargets(page, base)
		if len(got) > maxForms {
			t.Fatalf("%d targets", len(got))
		}
		for k := range got {
			u, err := url.Parse(k)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Fragment != "" {
				t.Fatalf("target %q", k)
			}
		}
	})
}
