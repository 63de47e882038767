package discover

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/sesame-help/sesame/internal/lite/htmlscan"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

func mustURL(t testing.TB, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// pageCases are real-looking pages in testdata/ with the page URL they were
// served at and what HTML must find in them.
var pageCases = []struct {
	file, base   string
	login        string   // best login candidate
	register     string   // best register candidate ("" = none)
	reset        string   // best reset candidate ("" = none)
	contact      []string // contact candidates that must be present
	mailto       []string
	passwordForm bool
	lookAlike    []string // hosts that must be flagged
	absent       []string // substrings no candidate URL may contain
}{
	// CMSs and a GitHub-like login page.
	{
		// The page's sign-in form is beside its content (its title
		// does not say sign-in): the "log in" link ranks first.
		file: "wordpress.html", base: "https://rowing.example.org/members/crew-lists/",
		login:        "https://rowing.example.org/wp-login.php?redirect_to=https%3A%2F%2Frowing.example.org%2Fmembers%2Fcrew-lists%2F",
		register:     "https://rowing.example.org/wp-login.php?action=register",
		reset:        "https://rowing.example.org/wp-login.php?action=lostpassword",
		contact:      []string{"https://rowing.example.org/contact-us/"},
		mailto:       []string{"secretary@rowing.example.org"},
		passwordForm: true,
		absent:       []string{"action=logout", "/evil"},
	},
	{
		file: "drupal.html", base: "https://www.fairhaven.example.gov/council/minutes/2023",
		login:    "https://www.fairhaven.example.gov/user/login?destination=/council/minutes/2023",
		register: "https://www.fairhaven.example.gov/user/register",
		reset:    "https://www.fairhaven.example.gov/user/password",
		contact:  []string{"https://www.fairhaven.example.gov/contact"},
		mailto:   []string{},
	},
	{
		file: "github-like.html", base: "https://codehub.example/login",
		login:        "https://codehub.example/login",
		register:     "https://codehub.example/signup?ref_cta=Sign+up&source=login",
		reset:        "https://codehub.example/password_reset",
		contact:      []string{"https://support.codehub.example/?tags=dotcom-footer"},
		mailto:       []string{},
		passwordForm: true,
	},
	// Languages.
	{
		file: "german.html", base: "https://www.stadtwerke-musterstadt.example/portal/kunden/rechnung.pdf",
		login:    "https://www.stadtwerke-musterstadt.example/portal/kundenportal/anmelden",
		register: "https://www.stadtwerke-musterstadt.example/portal/kundenportal/registrierung",
		reset:    "https://www.stadtwerke-musterstadt.example/portal/kundenportal/passwort-vergessen",
		contact: []string{"https://www.stadtwerke-musterstadt.example/impressum",
			"https://www.stadtwerke-musterstadt.example/kontakt"},
		mailto: []string{"kundenservice@stadtwerke-musterstadt.example"},
		absent: []string{"abmelden", "datenschutz"},
	},
	{
		file: "french.html", base: "https://mediatheque.example.fr/ressources/presse",
		// "Se connecter" beats "Mon compte" (a weak hint) to the same
		// page.
		login:    "https://mediatheque.example.fr/compte/connexion?retour=%2Fressources%2Fpresse",
		register: "https://mediatheque.example.fr/compte/inscription",
		reset:    "https://mediatheque.example.fr/compte/mot-de-passe-oublie",
		contact: []string{"https://mediatheque.example.fr/mentions-legales",
			"https://mediatheque.example.fr/nous-contacter"},
		mailto: []string{},
		absent: []string{"deconnexion"},
	},
	{
		file: "japanese.html", base: "https://www.sakura-shoten.example.jp/member/sale/",
		login:    "https://www.sakura-shoten.example.jp/mypage/login.php",
		register: "https://www.sakura-shoten.example.jp/entry/kiyaku.php",
		reset:    "https://www.sakura-shoten.example.jp/forgot/",
		contact:  []string{"https://www.sakura-shoten.example.jp/contact/"},
		mailto:   []string{},
		absent:   []string{"privacy"},
	},
	// Script in link text, javascript: and data: links, a javascript:
	// <base>, look-alike domains, credentials, frames.
	{
		file: "hostile.html", base: "https://www.example.com/private/",
		login:     "https://www.example.com/account/login",
		contact:   []string{"https://www.example.com/contact-frame.html"},
		mailto:    []string{"a@b.example", "c@d.example"},
		lookAlike: []string{"www.examp1e.com", "xn--exmple-cua.com", "example.com.account-verify.example"},
		absent:    []string{"javascript", "data:", "vbscript", "hunter2", "#top", "/logout", "alert"},
	},
}

func TestHTMLPages(t *testing.T) {
	for _, tc := range pageCases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			p := HTML(string(data), mustURL(t, tc.base))
			first := func(l []Link) string {
				if len(l) == 0 {
					return ""
				}
				return l[0].URL
			}
			if got := first(p.Login); got != tc.login {
				t.Errorf("login = %q, want %q\n%v", got, tc.login, p.Login)
			}
			if got := first(p.Register); got != tc.register {
				t.Errorf("register = %q, want %q\n%v", got, tc.register, p.Register)
			}
			if got := first(p.Reset); got != tc.reset {
				t.Errorf("reset = %q, want %q\n%v", got, tc.reset, p.Reset)
			}
			for _, c := range tc.contact {
				if !hasURL(p.Contact, c) {
					t.Errorf("contact lacks %q: %v", c, p.Contact)
				}
			}
			if fmt.Sprint(p.Mailto) != fmt.Sprint(tc.mailto) {
				t.Errorf("mailto = %q, want %q", p.Mailto, tc.mailto)
			}
			if p.PasswordForm != tc.passwordForm {
				t.Errorf("passwordForm = %v", p.PasswordForm)
			}
			all := append(append(append(append([]Link{}, p.Login...), p.Register...), p.Reset...), p.Contact...)
			flagged := map[string]bool{}
			for _, l := range all {
				if l.LookAlike {
					flagged[l.Host] = true
					if !l.CrossSite {
						t.Errorf("%s: look-alike but not cross-site", l.URL)
					}
				}
				for _, a := range tc.absent {
					if strings.Contains(l.URL, a) {
						t.Errorf("candidate %q contains %q", l.URL, a)
					}
				}
				if strings.ContainsAny(l.Text, "\n\t") || len([]rune(l.Text)) > MaxTextRunes {
					t.Errorf("text not clipped: %q", l.Text)
				}
			}
			for _, h := range tc.lookAlike {
				if !flagged[h] {
					t.Errorf("%s not flagged as look-alike", h)
				}
			}
			if len(flagged) != len(tc.lookAlike) {
				t.Errorf("flagged %v, want %v", flagged, tc.lookAlike)
			}
			checkSorted(t, p)
		})
	}
}

func hasURL(l []Link, u string) bool {
	for _, x := range l {
		if x.URL == u {
			return true
		}
	}
	return false
}

func checkSorted(t *testing.T, p Page) {
	t.Helper()
	for _, l := range [][]Link{p.Login, p.Register, p.Reset, p.Contact} {
		seen := map[string]bool{}
		for i, x := range l {
			if i > 0 && x.Score > l[i-1].Score {
				t.Errorf("not sorted: %v", l)
			}
			if seen[x.URL] {
				t.Errorf("duplicate %s", x.URL)
			}
			seen[x.URL] = true
		}
	}
}

// TestManyAttributes pins how many attributes of a tag are read: the
// first maxAttrs of those the tokenizer keeps (one per name), so padding
// with repeated or empty attributes does not hide an href, while
// maxAttrs distinct ones before it do.
func TestManyAttributes(t *testing.T) {
	base := mustURL(t, "https://www.example.com/private/")
	var distinct strings.Builder
	for i := 0; i < maxAttrs; i++ {
		fmt.Fprintf(&distinct, "data-%d=x ", i)
	}
	for _, c := range []struct {
		pad  string
		want int
	}{
		{strings.Repeat("x=1 ", 100), 1},
		{strings.Repeat("/ ", 100), 1},
		{distinct.String(), 0},
	} {
		p := HTML(`<a `+c.pad+`href="/login">Log in</a>`, base)
		if len(p.Login) != c.want {
			t.Errorf("padding %.20q…: %d login links, want %d", c.pad, len(p.Login), c.want)
		}
	}
}

// Look-alike links sort after every honest login link.
func TestLookAlikeLast(t *testing.T) {
	data, err := os.ReadFile("testdata/hostile.html")
	if err != nil {
		t.Fatal(err)
	}
	p := HTML(string(data), mustURL(t, "https://www.example.com/private/"))
	sawLookAlike := false
	for _, l := range p.Login {
		if l.LookAlike {
			sawLookAlike = true
		} else if sawLookAlike {
			t.Errorf("honest link %s after a look-alike", l.URL)
		}
	}
	var sso *Link
	for i := range p.Login {
		if p.Login[i].SSO == "google" {
			sso = &p.Login[i]
		}
	}
	if sso == nil || !sso.CrossSite || sso.Host != "accounts.google.com" {
		t.Errorf("google sign-in not found as a cross-site SSO link: %+v", p.Login)
	}
}

func TestHTMLSnippets(t *testing.T) {
	base := "https://shop.example.com/orders/42"
	tests := []struct {
		name, html string
		kind       Kind
		want       string // best candidate URL, "" for none
		text       string // its text, when not ""
		sso        string
	}{
		// Link labels.
		{"aria-label", `<a href="/x" aria-label="Sign in"><svg></svg></a>`, KindLogin, "https://shop.example.com/x", "Sign in", ""},
		{"title", `<a href="/y" title="Anmelden">→</a>`, KindLogin, "https://shop.example.com/y", "→", ""},
		{"img alt", `<a href="/z"><img src=i.png alt="Log in"></a>`, KindLogin, "https://shop.example.com/z", "Log in", ""},
		{"area", `<map><area href="/members/login" alt="Members"></map>`, KindLogin, "https://shop.example.com/members/login", "Members", ""},
		{"button formaction", `<form><button formaction="/signin">Continue</button></form>`, KindLogin, "https://shop.example.com/signin", "Continue", ""},
		{"rel login", `<link rel="login" href="/auth/start">`, KindLogin, "https://shop.example.com/auth/start", "", ""},
		{"rel author humans", `<link rel="author" href="/humans.txt">`, KindContact, "https://shop.example.com/humans.txt", "", ""},
		{"text only", `<a href="/p?id=7">Iniciar sesión</a>`, KindLogin, "https://shop.example.com/p?id=7", "Iniciar sesión", ""},
		{"text unaccented", `<a href="/p">INICIAR SESION</a>`, KindLogin, "https://shop.example.com/p", "", ""},
		{"turkish dotted", `<a href="/g">GİRİŞ YAP</a>`, KindLogin, "https://shop.example.com/g", "", ""},
		{"russian", `<a href="/vhod">Войти</a>`, KindLogin, "https://shop.example.com/vhod", "", ""},
		{"korean", `<a href="/member">로그인하기</a>`, KindLogin, "https://shop.example.com/member", "", ""},
		{"chinese", `<a href="/u">用户登录</a>`, KindLogin, "https://shop.example.com/u", "", ""},
		{"polish", `<a href="/konto">Zaloguj się</a>`, KindLogin, "https://shop.example.com/konto", "", ""},
		{"czech", `<a href="/ucet">Přihlásit se</a>`, KindLogin, "https://shop.example.com/ucet", "", ""},
		{"hungarian", `<a href="/fiok">Bejelentkezés</a>`, KindLogin, "https://shop.example.com/fiok", "", ""},
		{"finnish", `<a href="/tili">Kirjaudu sisään</a>`, KindLogin, "https://shop.example.com/tili", "", ""},
		{"swedish", `<a href="/konto">Logga in</a>`, KindLogin, "https://shop.example.com/konto", "", ""},
		{"greek", `<a href="/eisodos">Σύνδεση</a>`, KindLogin, "https://shop.example.com/eisodos", "", ""},
		{"dutch", `<a href="/mijn">Inloggen</a>`, KindLogin, "https://shop.example.com/mijn", "", ""},
		{"italian", `<a href="/area">Accedi</a>`, KindLogin, "https://shop.example.com/area", "", ""},
		{"portuguese", `<a href="/area">Entrar</a>`, KindLogin, "https://shop.example.com/area", "", ""},
		// Words must be whole.
		{"blogin is not login", `<a href="/blogindex">Blogindex</a>`, KindLogin, "", "", ""},
		{"unregistered", `<a href="/u">Unregistered users</a>`, KindRegister, "", "", ""},
		// URL paths alone.
		{"rails", `<a href="/users/sign_in">→</a>`, KindLogin, "https://shop.example.com/users/sign_in", "", ""},
		{"session new", `<a href="/session/new">→</a>`, KindLogin, "https://shop.example.com/session/new", "", ""},
		{"weak path only", `<a href="/account">→</a>`, KindLogin, "", "", ""},
		{"account label and path", `<a href="/account">Account</a>`, KindLogin, "https://shop.example.com/account", "", ""},
		{"account in a longer label", `<a href="/accounts/savings">Savings account</a>`, KindLogin, "", "", ""},
		{"my account beaten by log in", `<a href="/my-account">My account</a><a href="/p">Log in</a>`, KindLogin, "https://shop.example.com/p", "", ""},
		{"reset path", `<a href="/users/password/new">→</a>`, KindReset, "https://shop.example.com/users/password/new", "", ""},
		// Logout never counts as login.
		{"logout", `<a href="/logout">Log in as someone else</a>`, KindLogin, "", "", ""},
		{"sign out", `<a href="/x">Sign out</a>`, KindLogin, "", "", ""},
		// Single sign-on.
		{"sso path", `<a href="/users/auth/github">Continue with GitHub</a>`, KindLogin, "https://shop.example.com/users/auth/github", "", "github"},
		{"sso microsoft", `<a href="https://login.microsoftonline.com/common/oauth2/v2.0/authorize?x=1">Sign in with Microsoft</a>`, KindLogin,
			"https://login.microsoftonline.com/common/oauth2/v2.0/authorize?x=1", "", "microsoft"},
		{"sso okta", `<a href="https://acme.okta.com/app/x/sso/saml">Login with Okta</a>`, KindLogin, "https://acme.okta.com/app/x/sso/saml", "", "okta"},
		{"sso apple", `<a href="https://appleid.apple.com/auth/authorize?client_id=x">Continue with Apple</a>`, KindLogin, "https://appleid.apple.com/auth/authorize?client_id=x", "", "apple"},
		{"sso facebook", `<a href="https://www.facebook.com/v19.0/dialog/oauth?client_id=1">Log in with Facebook</a>`, KindLogin, "https://www.facebook.com/v19.0/dialog/oauth?client_id=1", "", "facebook"},
		{"own site preferred over sso", `<a href="/auth/google">Sign in with Google</a><a href="/login">Sign in</a>`, KindLogin, "https://shop.example.com/login", "", ""},
		{"github profile is not sso", `<a href="https://github.com/shop">Log in</a>`, KindLogin, "https://github.com/shop", "", ""},
		// Forms.
		{"password form", `<form action="/auth" method="post"><input type=password><input type=submit value="Go"></form>`, KindLogin, "https://shop.example.com/orders/42", "Go", ""},
		{"signup form", `<form action="/users" method="post"><input type=password autocomplete=new-password><button>Create account</button></form>`, KindRegister, "https://shop.example.com/orders/42", "Create account", ""},
		{"two passwords", `<form><input type=password><input type=password><button>Save</button></form>`, KindRegister, "https://shop.example.com/orders/42", "", ""},
		{"search form", `<form action="/search"><input name=q><button>Search</button></form>`, KindLogin, "", "", ""},
		// Resolution.
		{"base href", `<base href="https://shop.example.com/de/"><a href="login">Login</a>`, KindLogin, "https://shop.example.com/de/login", "", ""},
		{"base href ftp ignored", `<base href="ftp://x/"><a href="login">Login</a>`, KindLogin, "https://shop.example.com/orders/login", "", ""},
		{"only first base", `<base href="/a/"><base href="/b/"><a href="login">Login</a>`, KindLogin, "https://shop.example.com/a/login", "", ""},
		{"protocol relative", `<a href="//shop.example.com/signin">Sign in</a>`, KindLogin, "https://shop.example.com/signin", "", ""},
		{"whitespace in href", "<a href=\" \n/log\tin \">Login</a>", KindLogin, "https://shop.example.com/login", "", ""},
		{"ftp dropped", `<a href="ftp://shop.example.com/login">Login</a>`, KindLogin, "", "", ""},
		{"credentials stripped", `<a href="https://a:b@shop.example.com/login#x">Login</a>`, KindLogin, "https://shop.example.com/login", "", ""},
		// Text is text.
		{"script in text", `<a href="/login">Log<script>document.write("<b>x</b>")</script> in</a>`, KindLogin, "https://shop.example.com/login", "Log in", ""},
		{"entities", `<a href="/login">&lt;b&gt;Login&lt;/b&gt;</a>`, KindLogin, "https://shop.example.com/login", "<b>Login</b>", ""},
		{"unclosed link", `<a href="/login">Login<a href="/other">Other`, KindLogin, "https://shop.example.com/login", "Login", ""},
		// Contact.
		{"imprint", `<a href="/legal/imprint">Imprint</a>`, KindContact, "https://shop.example.com/legal/imprint", "", ""},
		{"aviso legal", `<a href="/aviso">Aviso legal</a>`, KindContact, "https://shop.example.com/aviso", "", ""},
		{"contatti", `<a href="/c">Contatti</a>`, KindContact, "https://shop.example.com/c", "", ""},
		{"kontakty ru", `<a href="/c">Контакты</a>`, KindContact, "https://shop.example.com/c", "", ""},
		{"legal notice", `<a href="/ln">Legal notice</a>`, KindContact, "https://shop.example.com/ln", "", ""},
		{"about alone is weak", `<a href="/x">About</a>`, KindContact, "", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := HTML(tc.html, mustURL(t, base))
			var list []Link
			switch tc.kind {
			case KindLogin:
				list = p.Login
			case KindRegister:
				list = p.Register
			case KindReset:
				list = p.Reset
			case KindContact:
				list = p.Contact
			}
			if tc.want == "" {
				if len(list) != 0 {
					t.Fatalf("got %+v, want none", list)
				}
				return
			}
			if len(list) == 0 || list[0].URL != tc.want {
				t.Fatalf("got %+v, want %s", list, tc.want)
			}
			if tc.text != "" && list[0].Text != tc.text {
				t.Errorf("text = %q, want %q", list[0].Text, tc.text)
			}
			if list[0].SSO != tc.sso {
				t.Errorf("sso = %q, want %q", list[0].SSO, tc.sso)
			}
		})
	}
}

// A link whose host is written in Unicode look-alike letters is flagged.
func TestUnicodeHostLink(t *testing.T) {
	p := HTML(`<a href="https://www.pаypal.com/signin">Log in</a><a href="/login">Log in</a>`, mustURL(t, "https://www.paypal.com/x"))
	if len(p.Login) != 2 || p.Login[0].URL != "https://www.paypal.com/login" || !p.Login[1].LookAlike {
		t.Errorf("%+v", p.Login)
	}
}

func TestHTMLNilBaseAndEmpty(t *testing.T) {
	p := HTML(`<a href="/login">Login</a><a href="https://x.example/signin">Sign in</a><form><input type=password></form>`, nil)
	if len(p.Login) != 1 || p.Login[0].URL != "https://x.example/signin" || p.Login[0].CrossSite {
		t.Errorf("nil base: %+v", p.Login)
	}
	if !p.PasswordForm || len(p.Links) != 0 {
		t.Errorf("nil base: pw=%v links=%v", p.PasswordForm, p.Links)
	}
	for _, in := range []string{"", "\x00\xff<", "<a", "<a href='/login'", "<<<<>>>>"} {
		b, err := json.Marshal(HTML(in, mustURL(t, "http://h.example/")))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "null") {
			t.Errorf("%q: null in %s", in, b)
		}
	}
}

func TestLinksAndMailto(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<a href="/a">a</a><a href="/a#x">a again</a><a href="http://h.example/b">other scheme</a>`)
	b.WriteString(`<a href="https://h.example:8443/c">other port</a><a href="https://other.example/d">other host</a>`)
	b.WriteString(`<a href="https://H.EXAMPLE/e?q=1">e</a><link rel="stylesheet" href="/style.css">`)
	b.WriteString(`<a href="mailto:Web%20Master%20<wm@h.example>">x</a><a href="mailto:wm@h.example?subject=hi">y</a>`)
	b.WriteString(`<a href="mailto:WM@h.example">z</a><a href="mailto:info@h.example;x@y.example">bad</a>`)
	for i := 0; i < 50; i++ {
		fmt.Fprintf(&b, `<a href="mailto:u%d@h.example">m</a>`, i)
	}
	p := HTML(b.String(), mustURL(t, "https://h.example/start"))
	want := []string{"https://h.example/a", "https://H.EXAMPLE/e?q=1"}
	if fmt.Sprint(p.Links) != fmt.Sprint(want) {
		t.Errorf("links = %q, want %q", p.Links, want)
	}
	if len(p.Mailto) != MaxMailto || p.Mailto[0] != "wm@h.example" || p.Mailto[1] != "u0@h.example" {
		t.Errorf("mailto = %q", p.Mailto)
	}
}

func TestMerge(t *testing.T) {
	errPage := []Link{{URL: "https://a.example/login", Score: 70, Text: "Log in"}, {URL: "https://a.example/sso", Score: 40}}
	home := []Link{{URL: "https://a.example/login", Score: 90, Text: "Sign in"}, {URL: "https://b.example/login", Score: 90, CrossSite: true}}
	probe, ok := Score(KindLogin, "/account/login", "", mustURL(t, "https://a.example/x"))
	if !ok {
		t.Fatal("probe not scored")
	}
	got := Merge(errPage, home, []Link{probe}, nil)
	var urls []string
	for _, l := range got {
		urls = append(urls, fmt.Sprint(l.URL, " ", l.Score))
	}
	want := []string{"https://a.example/login 90", "https://b.example/login 90", "https://a.example/sso 40", "https://a.example/account/login 30"}
	if fmt.Sprint(urls) != fmt.Sprint(want) {
		t.Errorf("Merge = %q, want %q", urls, want)
	}
	if got[0].Text != "Sign in" {
		t.Errorf("best entry not kept: %+v", got[0])
	}
	if m := Merge(); m == nil || len(m) != 0 {
		t.Errorf("Merge() = %#v", m)
	}
}

func TestScore(t *testing.T) {
	page := mustURL(t, "https://www.example.com/private/doc")
	for _, p := range CommonLoginPaths {
		if _, ok := Score(KindLogin, p, "", page); !ok {
			t.Errorf("common login path %s does not score as login", p)
		}
	}
	if len(CommonLoginPaths) > 6 {
		t.Errorf("too many probes: %d", len(CommonLoginPaths))
	}
	if l, ok := Score(KindReset, ChangePasswordPath, "", page); !ok || l.URL != "https://www.example.com/.well-known/change-password" {
		t.Errorf("change-password: %+v %v", l, ok)
	}
	if _, ok := Score(KindLogin, "/products", "", page); ok {
		t.Error("/products scored as login")
	}
	if _, ok := Score(KindLogin, "javascript:login()", "Log in", page); ok {
		t.Error("javascript: scored")
	}
}

func TestSite(t *testing.T) {
	for host, want := range map[string]string{
		"www.example.com": "example.com", "example.com": "example.com", "a.b.example.co.uk": "example.co.uk",
		"shop.example.com.au": "example.com.au", "foo.github.io": "foo.github.io", "x.y.foo.github.io": "foo.github.io",
		"127.0.0.1": "127.0.0.1", "[::1]": "[::1]", "localhost": "localhost", "WWW.Example.COM.": "example.com",
		"a.b.ne.jp": "b.ne.jp", "acme.okta.com": "acme.okta.com",
	} {
		if got := site(host); got != want {
			t.Errorf("site(%q) = %q, want %q", host, got, want)
		}
	}
}

func TestLookAlike(t *testing.T) {
	tests := []struct {
		page, link string
		want       bool
	}{
		{"www.paypal.com", "www.paypa1.com", true},
		{"www.paypal.com", "paypai.com", true},
		{"www.paypal.com", "paypall.com", true},
		{"www.paypal.com", "pay-pal.com", true},
		{"microsoft.com", "rnicrosoft.com", true},
		{"www.paypal.com", "xn--pypal-4ve.com", true}, // pаypal with a Cyrillic а
		{"www.paypal.com", "paypal.com.secure-login.example", true},
		{"www.paypal.com", "paypal-com.example", true},
		{"www.apple.com", "xn--pple-43d.com", true},
		{"www.paypal.com", "www.pаypal.com", true}, // Cyrillic а, not encoded
		// Not look-alikes.
		{"www.paypal.com", "www.paypal.com", false},
		{"www.paypal.com", "accounts.google.com", false},
		{"www.paypal.com", "paypal.de", false},
		{"www.example.com", "www.examples.org", true}, // one edit away
		{"www.example.com", "www.sample.org", false},
		{"bank.example", "bonk.example", false}, // short labels need an exact skeleton
		{"127.0.0.1", "127.0.0.2", false},
	}
	for _, tc := range tests {
		if got := lookAlike(site(tc.page), site(tc.link), tc.link); got != tc.want {
			t.Errorf("lookAlike(%s, %s) = %v, want %v", tc.page, tc.link, got, tc.want)
		}
	}
}

func TestFoldAndClip(t *testing.T) {
	for in, want := range map[string]string{
		"  Log-In!  ": "log in", "Mot de passe oublié ?": "mot de passe oublie", "S'INSCRIRE": "s inscrire",
		"ΕΊΣΟΔΟΣ": "εισοδοσ", "Войти": "войти", "ログイン": "ログイン", "GİRİŞ": "giris",
	} {
		if got := fold(in); got != want {
			t.Errorf("fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := displayText(" a\n\tb\u200b\x00c  "); got != "a bc" {
		t.Errorf("displayText = %q", got)
	}
	if got := displayText(strings.Repeat("é", 1000)); len([]rune(got)) != MaxTextRunes {
		t.Errorf("displayText length = %d", len([]rune(got)))
	}
}

// hugePage builds a page of about size bytes with n links, a login link
// near the start and another after MaxBytes.
func hugePage(size, n int) string {
	var b strings.Builder
	b.WriteString(`<html><body><a href="/login">Log in</a>`)
	per := size / max(n, 1)
	pad := strings.Repeat("x", max(per-60, 0))
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, `<p>%s<a href="/page/%d" title="t">Page %d</a></p>`, pad, i, i)
	}
	for b.Len() < size {
		b.WriteString("<div>filler text with a <b>bold</b> word</div>\n")
	}
	b.WriteString(`<a href="/late-login">Log in</a>`)
	return b.String()
}

func TestHTMLBounded(t *testing.T) {
	base := mustURL(t, "https://big.example/x")
	// 10 MB of HTML: only MaxBytes are read.
	p := HTML(hugePage(10<<20, 1000), base)
	if len(p.Login) != 1 || p.Login[0].URL != "https://big.example/login" {
		t.Errorf("10 MB page: %+v", p.Login)
	}
	// 60,000 links: Links capped, work stops after MaxConsidered.
	p = HTML(hugePage(0, 60000), base)
	if len(p.Links) != MaxLinks {
		t.Errorf("links = %d, want %d", len(p.Links), MaxLinks)
	}
	// 50,000 login links: candidate lists capped.
	var b strings.Builder
	for i := 0; i < 50000; i++ {
		fmt.Fprintf(&b, `<a href="/login/%d">Log in</a>`, i)
	}
	p = HTML(b.String(), base)
	if len(p.Login) != MaxCandidates {
		t.Errorf("login candidates = %d", len(p.Login))
	}
	// Huge link text and attribute.
	p = HTML(`<a href="/login" title="`+strings.Repeat("t", 1<<20)+`">`+strings.Repeat("Log in ", 200000)+`</a>`, base)
	if len(p.Login) != 1 || len([]rune(p.Login[0].Text)) != MaxTextRunes {
		t.Errorf("long text: %d candidates", len(p.Login))
	}
	// Deep nesting and frames.
	p = HTML(strings.Repeat("<div><frameset><frame src='/f'>", 100000)+`<a href="/signin">Sign in</a>`, base)
	_ = p
}

func ExampleHTML() {
	page := `<nav><a href="/account/login">Anmelden</a> <a href="/account/register">Registrieren</a>
		<a href="https://accounts.google.com/o/oauth2/auth?client_id=1">Mit Google anmelden</a></nav>
		<footer><a href="/impressum">Impressum</a> <a href="mailto:webmaster@example.de">E-Mail</a></footer>`
	base, _ := url.Parse("https://www.example.de/intern/bericht.pdf")
	p := HTML(page, base)
	for _, l := range p.Login {
		fmt.Println("login:", l.URL, l.Score, l.SSO, l.CrossSite)
	}
	fmt.Println("register:", p.Register[0].URL)
	fmt.Println("contact:", p.Contact[0].URL, p.Mailto)
	// Output:
	// login: https://www.example.de/account/login 90  false
	// login: https://accounts.google.com/o/oauth2/auth?client_id=1 30 google true
	// register: https://www.example.de/account/register
	// contact: https://www.example.de/impressum [webmaster@example.de]
}

func ExampleMerge() {
	fromErrorPage := []Link{{URL: "https://example.com/login", Score: 60}}
	fromHomePage := []Link{{URL: "https://example.com/login", Score: 90}, {URL: "https://example.com/sso", Score: 40}}
	for _, l := range Merge(fromErrorPage, fromHomePage) {
		fmt.Println(l.URL, l.Score)
	}
	// Output:
	// https://example.com/login 90
	// https://example.com/sso 40
}

func FuzzHTML(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.html")
	more, _ := filepath.Glob("testdata/patterns/*.html")
	for _, name := range append(files, more...) {
		data, _ := os.ReadFile(name)
		f.Add(string(data))
	}
	f.Add(`<a href="/login">Log in</a><form><input type=password></form><base href="/x/">`)
	f.Add(`<a href="https://xn--pypal-4ve.com/">Login</a><a href="mailto:a@b.c">m</a>`)
	base, _ := url.Parse("https://www.example.com/private/doc")
	f.Fuzz(func(t *testing.T, page string) {
		p := HTML(page, base)
		if p.Login == nil || p.Register == nil || p.Reset == nil || p.Contact == nil || p.Mailto == nil || p.Links == nil {
			t.Fatal("nil slice")
		}
		for _, list := range [][]Link{p.Login, p.Register, p.Reset, p.Contact} {
			if len(list) > MaxCandidates {
				t.Fatal("too many candidates")
			}
			for _, l := range list {
				u, err := url.Parse(l.URL)
				if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.User != nil || u.Fragment != "" {
					t.Fatalf("bad candidate URL %q", l.URL)
				}
				if len([]rune(l.Text)) > MaxTextRunes {
					t.Fatal("text too long")
				}
			}
		}
		if len(p.Links) > MaxLinks || len(p.Mailto) > MaxMailto {
			t.Fatal("unbounded lists")
		}
		// readAttrs, which decodes only the values it keeps, must read
		// what the tokenizer's TagAttr decodes.
		if len(page) > 1<<16 {
			return
		}
		z, ref := htmlscan.NewTokenizer(page), htmlscan.NewTokenizer(page)
		for tt := z.Next(); tt != htmlscan.ErrorToken; tt = z.Next() {
			ref.Next()
			if tt != htmlscan.StartTagToken && tt != htmlscan.SelfClosingTagToken {
				continue
			}
			if got, want := readAttrs(z), decodedAttrs(ref); got != want {
				t.Fatalf("readAttrs(%q) = %+v, TagAttr gives %+v", z.Raw(), got, want)
			}
		}
	})
}

// decodedAttrs is readAttrs done the simple way: every attribute decoded
// by the tokenizer's TagAttr.
func decodedAttrs(z *htmlscan.Tokenizer) attrs {
	var a attrs
	for n := 0; n < maxAttrs; n++ {
		k, v, more := z.TagAttr()
		if k == "" {
			break
		}
		a.set([]byte(k), v)
		if !more {
			break
		}
	}
	return a
}

// resolve's shortcut for absolute paths must agree with ResolveReference.
func FuzzResolve(f *testing.F) {
	for _, s := range []string{"/login", "/a//b", "/a/./b", "/%2Fx?q=1#f", "/?", "/a?b#c", "//host/x", "/caf%C3%A9", "/a b", "/\\evil"} {
		f.Add(s)
	}
	base, _ := url.Parse("https://user:pw@www.example.com:8443/dir/page?x=1#frag")
	f.Fuzz(func(t *testing.T, ref string) {
		c := newCollector(base)
		got, ok := c.resolve(ref)
		r, err := url.Parse(cleanHref(ref))
		if err != nil || badScheme(cleanHref(ref)) || cleanHref(ref) == "" || len(cleanHref(ref)) > MaxURLBytes {
			if ok {
				t.Fatalf("resolve(%q) accepted", ref)
			}
			return
		}
		want := c.base.ResolveReference(r)
		want.User, want.Fragment, want.RawFragment = nil, "", ""
		if want.Scheme != "http" && want.Scheme != "https" || want.Host == "" {
			if ok {
				t.Fatalf("resolve(%q) = %v", ref, got)
			}
			return
		}
		if !ok || got.String() != want.String() {
			t.Fatalf("resolve(%q) = %v, %v; want %v", ref, got, ok, want)
		}
	})
}

// lookAlikeCase is one line of testdata/lookalike.txt.
type lookAlikeCase struct {
	page, link string
	want       bool
}

func readLookAlikeCases(t testing.TB) []lookAlikeCase {
	data, err := os.ReadFile("testdata/lookalike.txt")
	if err != nil {
		t.Fatal(err)
	}
	var cases []lookAlikeCase
	for n, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "#")
		f := strings.Fields(line)
		if len(f) == 0 {
			continue
		}
		if len(f) != 3 || (f[2] != "yes" && f[2] != "no") {
			t.Fatalf("lookalike.txt:%d: want page, link, yes/no: %q", n+1, line)
		}
		cases = append(cases, lookAlikeCase{f[0], f[1], f[2] == "yes"})
	}
	return cases
}

// TestLookAlikeTable checks lookAlike on the hosts of testdata/lookalike.txt,
// and that a sign-in link on such a host found on the page is flagged and
// ranked after the site's own sign-in link.
func TestLookAlikeTable(t *testing.T) {
	cases := readLookAlikeCases(t)
	if len(cases) < 25 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, tc := range cases {
		t.Run(tc.page+"→"+tc.link, func(t *testing.T) {
			if got := lookAlike(site(tc.page), site(tc.link), tc.link); got != tc.want {
				t.Errorf("lookAlike(%s, %s) = %v, want %v", tc.page, tc.link, got, tc.want)
			}
			page := "https://" + tc.page + "/private"
			if strings.Contains(tc.page, ":") {
				page = "https://[" + tc.page + "]/private"
			}
			link := "https://" + tc.link + "/signin"
			p := HTML(`<a href="`+link+`">Sign in</a> <a href="/login">Log in</a>`, mustURL(t, page))
			var got *Link
			for i := range p.Login {
				if p.Login[i].Host == tc.link {
					got = &p.Login[i]
				}
			}
			if got == nil {
				t.Fatalf("%s not a login candidate: %+v", link, p.Login)
			}
			if got.LookAlike != tc.want {
				t.Errorf("LookAlike = %v, want %v", got.LookAlike, tc.want)
			}
			if tc.want && (len(p.Login) != 2 || p.Login[0].LookAlike) {
				t.Errorf("look-alike ranked first: %+v", p.Login)
			}
		})
	}
}

// FuzzLookAlike checks that lookAlike never flags a host of the page's own
// site, never panics, and answers the same for the same input.
func FuzzLookAlike(f *testing.F) {
	for _, tc := range readLookAlikeCases(f) {
		f.Add(tc.page, tc.link)
	}
	f.Fuzz(func(t *testing.T, page, link string) {
		ps, ls := site(page), site(link)
		got := lookAlike(ps, ls, link)
		if got && ps == ls {
			t.Fatalf("lookAlike(%q, %q): same site %q flagged", page, link, ps)
		}
		if got != lookAlike(ps, ls, link) {
			t.Fatalf("lookAlike(%q, %q) not deterministic", page, link)
		}
	})
}
