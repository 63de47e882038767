package discover

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// none marks a kind that must have no candidate at all.
const none = "-"

// patternCases are pages in testdata/patterns, each showing one failure
// pattern seen on real sites (issue 10). For each kind listed, the best
// candidate must be the URL given, or there must be none (none).
var patternCases = []struct {
	file, base string
	want       map[Kind]string
}{
	// A sign-in form hidden in a modal or a dropdown does not make the
	// page itself beat the real "Log in" link.
	{"hidden-modal-login.html", "https://shop.northwind.example/", map[Kind]string{
		KindLogin:    "https://shop.northwind.example/customer/account/login/",
		KindRegister: "https://shop.northwind.example/customer/account/create/",
		KindReset:    "https://shop.northwind.example/customer/account/forgotpassword/",
	}},
	{"hidden-dropdown-login.html", "https://www.bergverein-talheim.example/", map[Kind]string{
		KindLogin:    "https://www.bergverein-talheim.example/mitglieder/anmelden",
		KindRegister: "https://www.bergverein-talheim.example/mitglieder/registrieren",
	}},
	// A page whose main content is a visible sign-in form still counts.
	{"visible-login-page.html", "https://app.ledgerly.example/auth/sign-in", map[Kind]string{
		KindLogin:    "https://app.ledgerly.example/auth/sign-in",
		KindRegister: "https://app.ledgerly.example/auth/sign-up",
		KindReset:    "https://app.ledgerly.example/auth/forgot-password",
	}},
	// Buttons opened by script ("#", "#signin", "", javascript:) have no
	// target of their own.
	{"script-opened.html", "https://www.harbourgazette.example/news/local/harbour-works", map[Kind]string{
		KindLogin: none, KindRegister: none,
	}},
	// Share and feed dialogs, like buttons and relay iframes on sign-on
	// providers' hosts are not single sign-on.
	{"share-dialogs.html", "https://trails.example/walks", map[Kind]string{
		KindLogin: none, KindRegister: none, KindContact: "https://trails.example/contact",
	}},
	// "My account" is a weak hint; an explicit "Log in" wins.
	{"my-account.html", "https://www.pembertonbooks.example/", map[Kind]string{
		KindLogin: "https://www.pembertonbooks.example/customer/session?return=%2F",
	}},
	{"mein-konto.html", "https://www.weinhaus-keller.example/", map[Kind]string{
		KindLogin:   "https://www.weinhaus-keller.example/kundenbereich/?anmeldung=1",
		KindContact: "https://www.weinhaus-keller.example/kontakt/",
	}},
	// Newsletters, mailing lists and paid subscriptions are not
	// accounts; changing a password is not resetting it.
	{"newsletter.html", "https://www.greenfield.example/", map[Kind]string{
		KindLogin: none, KindRegister: none, KindReset: none,
		KindContact: "https://www.greenfield.example/contact-us",
	}},
	{"newsletter-fr.html", "https://www.petit-jardinier.example/", map[Kind]string{
		KindLogin: none, KindRegister: none, KindReset: none,
		KindContact: "https://www.petit-jardinier.example/nous-contacter",
	}},
	// About pages, author links and feedback are not contact; humans.txt
	// comes after a visible "Contact" link.
	{"contact-not-about.html", "https://workbench.example/2024/radio", map[Kind]string{
		KindLogin: none, KindContact: "https://workbench.example/help/write-to-us",
	}},
}

// patternAbsent are URL parts no candidate of the kind may contain.
var patternAbsent = map[Kind][]string{
	KindLogin:    {"sharer", "dialog/feed", "dialog/share", "postmessageRelay", "intent/", "shareArticle", "share-offsite", "plugins/like", "gsi/iframe", "#"},
	KindRegister: {"newsletter", "list-manage", "subscribe", "abonnement", "lettre-information"},
	KindReset:    {"change-password", "modifier-mot-de-passe"},
	KindContact:  {"about", "author", "feedback", "survey"},
}

func TestPatterns(t *testing.T) {
	for _, tc := range patternCases {
		t.Run(tc.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", "patterns", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			p := HTML(string(data), mustURL(t, tc.base))
			lists := map[Kind][]Link{KindLogin: p.Login, KindRegister: p.Register, KindReset: p.Reset, KindContact: p.Contact}
			for k, want := range tc.want {
				l := lists[k]
				switch {
				case want == none && len(l) > 0:
					t.Errorf("%s: got %+v, want none", k, l)
				case want != none && (len(l) == 0 || l[0].URL != want):
					t.Errorf("%s: got %+v, want %s first", k, l, want)
				}
			}
			for k, parts := range patternAbsent {
				for _, l := range lists[k] {
					for _, a := range parts {
						if strings.Contains(l.URL, a) {
							t.Errorf("%s candidate %s contains %q", k, l.URL, a)
						}
					}
				}
			}
			checkSorted(t, p)
		})
	}
}

// phraseCases are link labels seen on real sites, in many languages: each
// must make its link the best candidate of kind (or, with want false, no
// candidate of kind). The link's path says nothing.
var phraseCases = []struct {
	label string
	kind  Kind
	want  bool
}{
	// Spanish.
	{"Conéctate", KindLogin, true},
	{"Conectar", KindLogin, true},
	{"Conectar el televisor", KindLogin, false},
	{"Inicia sesión", KindLogin, true},
	{"Ingresá", KindLogin, true},
	{"Crea tu cuenta", KindRegister, true},
	{"Regístrese", KindRegister, true},
	{"crea una cuenta nueva", KindRegister, true},
	{"Atención al cliente", KindContact, true},
	// French.
	{"Connectez-vous", KindLogin, true},
	{"Créez un compte", KindRegister, true},
	{"Créez votre compte", KindRegister, true},
	{"Ouvrir un compte", KindRegister, true},
	// Catalan.
	{"Inicia la sessió", KindLogin, true},
	{"Registra't", KindRegister, true},
	{"Contacte", KindContact, true},
	// Portuguese.
	{"Fale com a gente", KindContact, true},
	{"Fale conosco", KindContact, true},
	{"Fale com o SAC", KindContact, true},
	{"Central de atendimento", KindContact, true},
	{"Registre-se", KindRegister, true},
	// Italian, Dutch, Polish.
	{"Accedi", KindLogin, true},
	{"Registrati", KindRegister, true},
	{"Contatti", KindContact, true},
	{"Crea il tuo account", KindRegister, true},
	{"Inloggen", KindLogin, true},
	{"Registreren", KindRegister, true},
	{"Klantenservice", KindContact, true},
	{"Zaloguj", KindLogin, true},
	{"Załóż konto", KindRegister, true},
	// Turkish.
	{"Giriş yap", KindLogin, true},
	{"Üye ol", KindRegister, true},
	{"Hesap oluştur", KindRegister, true},
	{"İletişim", KindContact, true},
	{"Bize ulaşın", KindContact, true},
	// Russian, Ukrainian, Czech, Croatian.
	{"Войти", KindLogin, true},
	{"Регистрация", KindRegister, true},
	{"Зарегистрируйтесь", KindRegister, true},
	{"Контакты", KindContact, true},
	{"Zaregistrovat se", KindRegister, true},
	{"Přihlaste se", KindLogin, true},
	{"Registracija", KindRegister, true},
	// Chinese.
	{"登录", KindLogin, true},
	{"登入", KindLogin, true},
	{"登陆", KindLogin, true},
	{"注册", KindRegister, true},
	{"免费注册", KindRegister, true},
	{"联系我们", KindContact, true},
	{"联系方式", KindContact, true},
	{"客服", KindContact, true},
	{"在线客服", KindContact, true},
	// Japanese.
	{"ログイン", KindLogin, true},
	{"新規登録", KindRegister, true},
	{"お問い合わせ", KindContact, true},
	{"お問い合せ", KindContact, true},
	// Korean.
	{"로그인", KindLogin, true},
	{"회원가입", KindRegister, true},
	{"고객센터", KindContact, true},
	// Thai, Persian, Arabic, Hindi.
	{"สมัครสมาชิก", KindRegister, true},
	{"ติดต่อเรา", KindContact, true},
	{"ثبت نام", KindRegister, true},
	{"تماس با ما", KindContact, true},
	{"تواصل معنا", KindContact, true},
	{"संपर्क करें", KindContact, true},
	// English and German.
	{"Create a free account", KindRegister, true},
	{"Customer service", KindContact, true},
	{"Kontaktformular", KindContact, true},
	// Not what they seem.
	{"Sign up for our newsletter", KindRegister, false},
	{"Newsletter abonnieren", KindRegister, false},
	{"Iscriviti alla newsletter", KindRegister, false},
	{"Subscribe", KindRegister, false},
	{"Subscribe now", KindRegister, false},
	{"Abonnieren", KindRegister, false},
	{"S'abonner", KindRegister, false},
	{"Suscríbete", KindRegister, false},
	{"Change password", KindReset, false},
	{"Passwort ändern", KindReset, false},
	{"Modifier le mot de passe", KindReset, false},
	// Reset, as written on real sign-in pages.
	{"Retrieve password", KindReset, true},
	{"Set new password", KindReset, true},
	{"Lost Login?", KindReset, true},
	{"Request new password", KindReset, true},
	{"J'ai oublié mon mot de passe", KindReset, true},
	{"Esqueceu-se da palavra passe?", KindReset, true},
	{"Glemt kodeord?", KindReset, true},
	{"Glömt ditt lösenord?", KindReset, true},
	{"Выслать пароль?", KindReset, true},
	{"Забравена парола", KindReset, true},
	{"نسيت كلمة المرور", KindReset, true},
	{"دریافت رمز جدید", KindReset, true},
	{"Can't sign in?", KindLogin, false},
	{"Sign-in problems", KindLogin, false},
	{"Sign-in problems", KindReset, false},
	{"Forgot my password", KindReset, true},
	{"Влез", KindLogin, true},
	{"zalogować", KindLogin, true},
	{"Entra", KindLogin, true},
	{"Registrati ed entra nel mondo", KindLogin, false},
	{"Área cliente", KindLogin, true},
	{"Espace client", KindLogin, true},
	{"Opret bruger", KindRegister, true},
	{"Utwórz konto", KindRegister, true},
	{"Ügyfélszolgálat", KindContact, true},
	{"Kontaktinė informacija", KindContact, true},
	{"Servizio clienti", KindContact, true},
	{"ارتباط با ما", KindContact, true},
	{"Feedback", KindContact, false},
	{"Send feedback", KindContact, false},
	{"About us", KindContact, false},
	{"Über uns", KindContact, false},
	// "Account" alone is a weak sign-in hint (see TestHTMLSnippets); in
	// a longer label it is not one at all.
	{"Savings account", KindLogin, false},
}

func TestPhrases(t *testing.T) {
	base := mustURL(t, "https://www.example.com/x/y")
	for _, tc := range phraseCases {
		t.Run(string(tc.kind)+"/"+tc.label, func(t *testing.T) {
			p := HTML(`<a href="/p/17">`+tc.label+`</a>`, base)
			var l []Link
			switch tc.kind {
			case KindLogin:
				l = p.Login
			case KindRegister:
				l = p.Register
			case KindReset:
				l = p.Reset
			case KindContact:
				l = p.Contact
			}
			if got := len(l) > 0; got != tc.want {
				t.Errorf("%q as %s: %+v, want candidate %v", tc.label, tc.kind, l, tc.want)
			}
		})
	}
}

// TestHiddenForms checks the hints that a sign-in form is hidden until a
// script shows it, and that the hiding ends where its element ends: the
// page holding the form scores less when the form is hidden, and neither
// beats a link labelled "Sign in" unless the page's title says it is the
// sign-in page.
func TestHiddenForms(t *testing.T) {
	const (
		page = "https://www.example.com/"
		link = "https://www.example.com/signin"
	)
	form := `<form action="/session" method="post"><input name=u><input type=password name=p><button>Log in</button></form>`
	tests := []struct {
		name, html string
		hidden     bool
	}{
		{"visible", form, false},
		{"hidden attribute", `<div hidden>` + form + `</div>`, true},
		{"hidden on the form", `<form hidden method=post action="/s"><input type=password><button>Log in</button></form>`, true},
		{"display none", `<div style="color: red; display : none !important">` + form + `</div>`, true},
		{"visibility hidden", `<section style="visibility:hidden">` + form + `</section>`, true},
		{"aria-hidden", `<div aria-hidden="true">` + form + `</div>`, true},
		{"dialog", `<dialog id=login>` + form + `</dialog>`, true},
		{"open dialog", `<dialog open>` + form + `</dialog>`, false},
		{"details", `<details><summary>Log in</summary>` + form + `</details>`, true},
		{"role dialog", `<div role="dialog">` + form + `</div>`, true},
		{"modal class", `<div class="c-Modal is-active">` + form + `</div>`, true},
		{"dropdown class", `<ul><li><div class="dropdown-menu">` + form + `</div></li></ul>`, true},
		{"popup id", `<div id="loginPopup">` + form + `</div>`, true},
		{"d-none class", `<div class="card d-none">` + form + `</div>`, true},
		{"hidden word only whole", `<div class="overflow-hidden-x">` + form + `</div>`, false},
		// The hiding element ends with its own end tag, counting
		// nested elements of the same name.
		{"after a closed modal", `<div class="modal"><div><div></div></div></div><div>` + form + `</div>`, false},
		{"inside nested modal", `<div class="modal"><div></div><div>` + form + `</div></div>`, true},
		{"after a hidden form with a nested form tag", `<form hidden action="/a"><form action="/b"></form>` + form, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := HTML(`<a href="/signin">Sign in</a>`+tc.html, mustURL(t, page))
			if len(p.Login) != 2 || p.Login[0].URL != link || p.Login[1].URL != page {
				t.Fatalf("got %+v, want %s, then %s", p.Login, link, page)
			}
			want := scoreForm
			if tc.hidden {
				want = scoreFormHidden
			}
			if p.Login[1].Score != want {
				t.Errorf("page scores %d, want %d", p.Login[1].Score, want)
			}
			if !p.PasswordForm {
				t.Error("PasswordForm not set")
			}
		})
	}
}

// TestOwnPage checks when the page holding a sign-in form is the best
// sign-in candidate: when its title says so, or when nothing better is
// there; and that a sign-up page asking for one password is a
// registration page.
func TestOwnPage(t *testing.T) {
	const page = "https://www.example.com/members"
	form := `<form action="/session" method="post"><input name=u><input type=password name=p><button>Log in</button></form>`
	tests := []struct {
		name, html string
		kind       Kind
		want       string
	}{
		{"titled sign-in page", `<title>Sign in to Example</title><a href="/signin">Sign in</a>` + form, KindLogin, page},
		{"untitled page, explicit link", `<title>Our products</title><a href="/signin">Sign in</a>` + form, KindLogin, "https://www.example.com/signin"},
		{"nothing better", `<title>Our products</title>` + form, KindLogin, page},
		{"only a hidden form and a script button", `<a href="#" class="open-login">Log in</a><div class="modal">` + form + `</div>`, KindLogin, page},
		{"hidden form above a sign-on button", `<a href="/login/facebook">Log in with Facebook</a><div class="modal">` + form + `</div>`, KindLogin, page},
		{"svg title ignored", `<svg><title>Log in</title></svg><title>Shop</title><a href="/signin">Sign in</a>` + form, KindLogin, "https://www.example.com/signin"},
		{"two password fields, a sign-in button", `<form method=post action="/s"><input type=password name=a><input type=password name=b><button>Log in</button></form>`, KindLogin, page},
		{"sign-up page, one password", `<title>Create your account</title><form method=post action="/users"><input name=email><input type=password name=pw><button>Continue</button></form>`, KindRegister, page},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := HTML(tc.html, mustURL(t, page))
			l := map[Kind][]Link{KindLogin: p.Login, KindRegister: p.Register}[tc.kind]
			if len(l) == 0 || l[0].URL != tc.want {
				t.Errorf("%s: got %+v, want %s first", tc.kind, l, tc.want)
			}
		})
	}
}

// TestNoTarget checks that links and buttons opened by a script, whose
// href leads nowhere but to the page itself, are no candidates.
func TestNoTarget(t *testing.T) {
	page := mustURL(t, "https://www.example.com/news/story?id=4")
	for _, h := range []string{
		`<a href="#">Log in</a>`,
		`<a href="#signin">Sign in</a>`,
		`<a href=" #login ">Log in</a>`,
		`<a href="">Log in</a>`,
		`<a href>Log in</a>`,
		`<a>Log in</a>`,
		`<a href="javascript:void(0)">Log in</a>`,
		`<a href="JavaScript:openLogin()">Log in</a>`,
		`<a href="/news/story?id=4#login">Log in</a>`,
		`<a href="https://www.example.com/news/story?id=4#login">Log in</a>`,
		`<a href="?id=4#login">Log in</a>`,
		`<button type="button" onclick="login()">Log in</button>`,
		`<form><button formaction="#">Log in</button></form>`,
	} {
		if p := HTML(h, page); len(p.Login) != 0 {
			t.Errorf("%s: %+v", h, p.Login)
		}
	}
	// A fragment on another page is a target.
	p := HTML(`<a href="/login#form">Log in</a>`, page)
	if len(p.Login) != 1 || p.Login[0].URL != "https://www.example.com/login" {
		t.Errorf("link with fragment to another page: %+v", p.Login)
	}
}

// TestSignOnNotShare checks which URLs on sign-on providers' and social
// sites' hosts are single sign-on.
func TestSignOnNotShare(t *testing.T) {
	page := mustURL(t, "https://shop.example.com/")
	tests := []struct {
		href, label, sso string // sso "" = no login candidate
	}{
		{"https://www.facebook.com/v19.0/dialog/oauth?client_id=1", "Continue with Facebook", "facebook"},
		{"https://www.facebook.com/dialog/feed?app_id=1", "Log in with Facebook", ""},
		{"https://www.facebook.com/dialog/share?app_id=1", "Share", ""},
		{"https://www.facebook.com/sharer.php?u=x", "Sign in with Facebook", ""},
		{"https://www.facebook.com/plugins/like.php?href=x", "Like", ""},
		{"https://accounts.google.com/o/oauth2/auth?client_id=1", "Sign in with Google", "google"},
		{"https://accounts.google.com/o/oauth2/postmessageRelay?parent=x", "", ""},
		{"https://accounts.google.com/o/oauth2/iframerpc?action=x", "", ""},
		{"https://twitter.com/intent/tweet?text=Log+in", "Tweet", ""},
		{"https://x.com/intent/post?text=x", "Post", ""},
		{"https://www.linkedin.com/shareArticle?mini=true&url=x", "Share", ""},
		{"https://www.linkedin.com/sharing/share-offsite/?url=x", "Sign in with LinkedIn to share", ""},
		{"https://www.linkedin.com/oauth/v2/authorization?client_id=1", "Sign in with LinkedIn", "linkedin"},
	}
	for _, tc := range tests {
		for _, h := range []string{
			`<a href="` + tc.href + `">` + tc.label + `</a>`,
			`<iframe src="` + tc.href + `" title="` + tc.label + `"></iframe>`,
		} {
			p := HTML(h, page)
			switch {
			case tc.sso == "" && len(p.Login) > 0:
				t.Errorf("%s: %+v, want none", h, p.Login)
			case tc.sso != "" && strings.HasPrefix(h, "<a") && (len(p.Login) == 0 || p.Login[0].SSO != tc.sso):
				t.Errorf("%s: %+v, want sign-on %s", h, p.Login, tc.sso)
			}
		}
	}
	// Invisible frames are nothing a person can click.
	for _, h := range []string{
		`<iframe src="/login" style="width:1px;height:1px"></iframe>`,
		`<iframe src="/login" width="0" height="0"></iframe>`,
		`<iframe src="/login" hidden></iframe>`,
		`<iframe src="/login" aria-hidden="true"></iframe>`,
		`<div style="display:none"><iframe src="/login"></iframe></div>`,
	} {
		if p := HTML(h, page); len(p.Login) != 0 {
			t.Errorf("%s: %+v", h, p.Login)
		}
	}
	if p := HTML(`<iframe src="/login" title="Sign in" width="400" height="300"></iframe>`, page); len(p.Login) != 1 {
		t.Errorf("visible frame: %+v", p.Login)
	}
}

// TestPostHandler checks that the action of a sign-in form sent by POST,
// which takes the password and often refuses GET, is no candidate, while
// the page holding the form is.
func TestPostHandler(t *testing.T) {
	page := mustURL(t, "https://intranet.example.org/login.html")
	p := HTML(`<form method="POST" action="/dologin.html"><input name="httpd_username"><input type="password" name="httpd_password"><input type="submit" value="Login"></form>`, page)
	if len(p.Login) != 1 || p.Login[0].URL != "https://intranet.example.org/login.html" {
		t.Errorf("login = %+v, want the page only", p.Login)
	}
	// A search form's action is no login either; a GET sign-in form's
	// action may be opened.
	p = HTML(`<form action="/signin"><input name=user><input type=password name=pw><button>Sign in</button></form>`, mustURL(t, "https://intranet.example.org/"))
	if !hasURL(p.Login, "https://intranet.example.org/signin") {
		t.Errorf("GET form action missing: %+v", p.Login)
	}
}

// TestContactRanking checks contact ranking beyond phrases: humans.txt
// after a visible contact link, about and feedback pages and authors'
// pages never.
func TestContactRanking(t *testing.T) {
	page := mustURL(t, "https://blog.example.net/2024/05/post")
	tests := []struct {
		html, want string // want "" = no contact
	}{
		{`<link rel="author" href="/humans.txt"><a href="/write-to-us">Contact</a>`, "https://blog.example.net/write-to-us"},
		{`<a href="/humans.txt">humans.txt</a><a href="/c">Contact us</a>`, "https://blog.example.net/c"},
		{`<link rel="author" href="/humans.txt">`, "https://blog.example.net/humans.txt"},
		{`<link rel="author" href="/author/jo/">`, ""},
		{`<link rel="author" href="https://social.example/@jo">`, ""},
		{`<a rel="author" href="/authors/jo">Jo</a>`, ""},
		{`<a href="/author/jo#contact">Contact the author</a>`, ""},
		{`<a href="/jo/a/mail">Contact the author</a>`, ""},
		{`<a href="/service/contact">Связаться с администрацией</a><a href="https://m.blog.example.net/service/contact">Mobile</a>`, "https://blog.example.net/service/contact"},
		{`<a href="/about/">About</a>`, ""},
		{`<a href="/about-us">About us</a>`, ""},
		{`<a href="/ueber-uns">Über uns</a>`, ""},
		{`<a href="/feedback">Feedback</a>`, ""},
		{`<a href="/team">Our team</a>`, ""},
		{`<a href="/about/contact">Contact</a>`, "https://blog.example.net/about/contact"},
		{`<a href="/about">About &amp; contact</a>`, "https://blog.example.net/about"},
		{`<a href="/support">Help</a><a href="/kontakt">Kontakt</a>`, "https://blog.example.net/kontakt"},
	}
	for _, tc := range tests {
		p := HTML(tc.html, page)
		switch {
		case tc.want == "" && len(p.Contact) > 0:
			t.Errorf("%s: %+v, want none", tc.html, p.Contact)
		case tc.want != "" && (len(p.Contact) == 0 || p.Contact[0].URL != tc.want):
			t.Errorf("%s: %+v, want %s first", tc.html, p.Contact, tc.want)
		}
	}
}

// FuzzStyleHidden checks the readers of inline styles and class names on
// any input: no panic, the same answer twice, and a declaration that
// hides, added at the end, always hides.
func FuzzStyleHidden(f *testing.F) {
	for _, s := range []string{"display:none", "color: red; display : none !important", "visibility:hidden",
		"width:1px;height:1px;position:absolute;top:-100px", "display:block", "", ";;:", "WIDTH: 0PX"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if styleHidden(s) != styleHidden(s) || hidingName(s) != hidingName(s) {
			t.Fatal("not deterministic")
		}
		if !styleHidden(s + ";display:none") {
			t.Fatalf("%q;display:none not hidden", s)
		}
		if !hidingName(s + " modal") {
			t.Fatalf("%q modal not hiding", s)
		}
	})
}

// TestEmailOnlyForm checks that a form asking only for an e-mail address
// is no registration by its buttons' labels, while its path still counts.
func TestEmailOnlyForm(t *testing.T) {
	page := mustURL(t, "https://www.example.fr/")
	tests := []struct {
		html, want string // best register candidate, "" for none
	}{
		{`<form action="/fr/inscription" method="post"><input type="email" name="courriel"><button>S'inscrire</button></form>`, ""},
		{`<form action="/join" method="post"><input type="text" name="email_address"><input type="submit" value="Sign up"></form>`, ""},
		{`<form action="/signup"><input type="email" name="user_email"><button>Sign up for free</button></form>`, "https://www.example.fr/signup"},
		{`<form action="/compte/creer" method="post"><input type="email" name="email"><input name="nom"><button>Créer un compte</button></form>`, "https://www.example.fr/compte/creer"},
	}
	for _, tc := range tests {
		p := HTML(tc.html, page)
		switch {
		case tc.want == "" && len(p.Register) > 0:
			t.Errorf("%s: %+v, want none", tc.html, p.Register)
		case tc.want != "" && (len(p.Register) == 0 || p.Register[0].URL != tc.want):
			t.Errorf("%s: %+v, want %s", tc.html, p.Register, tc.want)
		}
	}
}

// TestSentences checks that a long label (an article's title, an image's
// description) that happens to contain a phrase labels no candidate, while
// the longest real link labels still do.
func TestSentences(t *testing.T) {
	page := mustURL(t, "https://news.example.com/")
	tests := []struct {
		html string
		kind Kind
		want bool
	}{
		{`<a href="/2019/11/18/airline"><img alt="A Boeing 737-800 landing at Dusseldorf airport in Germany. The airplane has the registration D-ASXR and two engines."></a>`, KindRegister, false},
		{`<a href="/2024/05/tips">Ten things you should know before you sign in to your bank's website on a public computer</a>`, KindLogin, false},
		{`<a href="/2024/05/c">写给所有人的长篇文章标题里面偶然出现了联系我们这几个字但它只是一篇新闻报道而已真的</a>`, KindContact, false},
		{`<a href="/u/new">Don't have an account yet? Sign up for free today</a>`, KindRegister, true},
		{`<a href="/u/pw">Forgot your username or password? Reset it here</a>`, KindReset, true},
		{`<a href="/mypage/entry">会員登録がお済みでない方はこちら</a>`, KindRegister, true},
		// Logging out is recognised in any label.
		{`<a href="/x">You are signed in as Jane Doe from the accounts team of our company. Sign out</a>`, KindLogin, false},
	}
	for _, tc := range tests {
		p := HTML(tc.html, page)
		l := map[Kind][]Link{KindLogin: p.Login, KindRegister: p.Register, KindReset: p.Reset, KindContact: p.Contact}[tc.kind]
		if got := len(l) > 0; got != tc.want {
			t.Errorf("%s: %s %+v, want candidate %v", tc.html, tc.kind, l, tc.want)
		}
	}
}

// TestNotAccounts checks more newsletter and subscription shapes seen on
// real news sites: hosts, paths and labels, and forms sent to their own
// page.
func TestNotAccounts(t *testing.T) {
	page := mustURL(t, "https://www.daily.example.com/2019/11/18/story")
	for _, h := range []string{
		`<a href="https://email.daily.example.com/">Sign Up</a>`,
		`<a href="https://newsletters.daily.example.com/join">Join now</a>`,
		`<a href="https://subscriptions.daily.example.com/pubs/Register.jsp">Customer Care</a>`,
		`<a href="http://eepurl.com/dN2sAU">Sign up</a>`,
		`<a href="https://daily.us1.list-manage.com/subscribe?u=1">Sign up</a>`,
		`<a href="/sign-up-for-daily-newsletters/">Sign Up Now</a>`,
		`<a href="/profile/">Sign up for Email Alerts</a>`,
		`<a href="/push/">Signup for Safari Notifications</a>`,
		`<a href="/email/form/footer/today">Email sign-up form</a>`,
		`<a href="/conference/nyc/2019/registration">NYC Conference</a>`,
		`<form method="post" action="/2019/11/18/story"><input name="input_2" type="text"><button>Sign Up</button></form>`,
	} {
		if p := HTML(h, page); len(p.Register) != 0 {
			t.Errorf("%s: %+v", h, p.Register)
		}
	}
	// A site's own account host is still one.
	if p := HTML(`<a href="https://myaccount.daily.example.com/register">Register</a>`, page); len(p.Register) != 1 {
		t.Errorf("account host: %+v", p.Register)
	}
}

// TestResetPages checks reset paths seen on real sites and that a page
// whose form resets a forgotten password is itself the reset candidate.
func TestResetPages(t *testing.T) {
	home := mustURL(t, "https://www.example.com/")
	for _, p := range []string{"/index.php?app=core&section=lostpass", "/login.php?do=lostpw", "/lostpass",
		"/customer/password_forgotten", "/pl/passremind", "/remind_password/", "/envoi_motdepasse.php",
		"/fiok/elfelejtett_jelszo", "/portal/esqueceusenha.php", "/bruger/glemt-adgangskode", "/user/forgetpassword.aspx",
		"/doku.php?id=start&do=resendpwd"} {
		if _, ok := Score(KindReset, p, "", home); !ok {
			t.Errorf("%s: not a reset path", p)
		}
	}
	form := `<form method="post"><input type="email" name="email"><button>Send</button></form>`
	tests := []struct {
		name, page, html string
		want             bool
	}{
		{"reset address", "https://www.example.com/forgotpassword.php", `<title>Riemurasia</title>` + form, true},
		{"reset title", "https://www.example.com/account/x", `<title>Mot de passe oublié</title>` + form, true},
		{"reset query", "https://www.example.com/index.php?main_page=password_forgotten", `<title>Shop</title>` + form, true},
		{"reset button", "https://www.example.com/account/x", `<form method="post"><input name="user"><button>Reset password</button></form>`, true},
		{"reset form in a modal", "https://www.example.com/", `<title>Shop</title><div class="modal"><form method="post" action="/ajax/pw"><h3>Forgot your password?</h3><input type="email" name="e"><button>Send</button></form></div>`, true},
		{"newsletter form on a product page", "https://www.example.com/p/1", `<title>Shoes</title>` + form, false},
		{"no form", "https://www.example.com/forgotpassword.php", `<title>Forgot password</title>`, false},
	}
	for _, tc := range tests {
		p := HTML(tc.html, mustURL(t, tc.page))
		got := len(p.Reset) > 0 && p.Reset[0].URL == tc.page
		if got != tc.want {
			t.Errorf("%s: %+v, want the page %v", tc.name, p.Reset, tc.want)
		}
		if len(p.Register) > 0 || len(p.Login) > 0 {
			t.Errorf("%s: a reset page is no sign-in or sign-up: %+v %+v", tc.name, p.Login, p.Register)
		}
	}
}

// TestLabelOverPath checks that a label naming one kind outweighs a path
// naming another: "Sign in" on /users/new is no registration link, and
// "Register" on /login?action=register no sign-in link.
func TestLabelOverPath(t *testing.T) {
	page := mustURL(t, "https://www.example.org/talks/1")
	p := HTML(`<a href="https://auth.example.org/users/new">SIGN IN</a>`, page)
	if len(p.Register) != 0 {
		t.Errorf("register: %+v", p.Register)
	}
	p = HTML(`<a href="/login?action=register">Register</a>`, page)
	if len(p.Login) != 0 || len(p.Register) != 1 {
		t.Errorf("login %+v register %+v", p.Login, p.Register)
	}
	// Both in the label: both kinds.
	p = HTML(`<a href="/login">Log in / Register</a>`, page)
	if len(p.Login) != 1 || len(p.Register) != 1 {
		t.Errorf("combined: login %+v register %+v", p.Login, p.Register)
	}
	// A conference's registration is no account.
	if p := HTML(`<a href="/2016-pastors-conference-register">Register</a>`, page); len(p.Register) != 0 {
		t.Errorf("conference: %+v", p.Register)
	}
}

// TestLinkElements checks that only <link> relations naming a page count:
// style sheets, icons and feeds named after a kind do not.
func TestLinkElements(t *testing.T) {
	page := mustURL(t, "https://forum.example.net/register.php")
	p := HTML(`<link rel="stylesheet" href="/css/register.css"><link rel="icon" href="/login.ico">`+
		`<link rel="alternate" href="/contact.rss"><link rel="preload" href="/password_forgotten.css">`, page)
	if n := len(p.Login) + len(p.Register) + len(p.Reset) + len(p.Contact); n != 0 {
		t.Errorf("%d candidates from style sheets and icons: %+v", n, p)
	}
	p = HTML(`<link rel="Login" href="/auth/start"><link rel="author" href="/humans.txt">`, page)
	if len(p.Login) != 1 || len(p.Contact) != 1 {
		t.Errorf("rel login/author: %+v %+v", p.Login, p.Contact)
	}
}

// TestProtocolRoutes checks that a site's own sign-on routes rank after
// its sign-in page, whatever their label.
func TestProtocolRoutes(t *testing.T) {
	page := mustURL(t, "http://ask.example.net/")
	p := HTML(`<a href="/users/auth/open_id">Sign in</a><a href="/users/login">Sign in with your email</a>`, page)
	if len(p.Login) != 2 || p.Login[0].URL != "http://ask.example.net/users/login" {
		t.Errorf("%+v", p.Login)
	}
}

// TestAccountPaths checks account paths in several languages as weak
// sign-in paths: with a label containing a sign-in phrase they make a
// candidate; alone they do not.
func TestAccountPaths(t *testing.T) {
	page := mustURL(t, "http://obchod.example.cz/zbozi/1")
	for _, p := range []string{"/muj-ucet", "/mein-konto/", "/mon-compte", "/minha-conta", "/moje-konto"} {
		l, ok := Score(KindLogin, p, "Přihlášení zákazníka", page)
		if !ok || l.Score != scoreTextPart+scorePathWeak {
			t.Errorf("%s: %+v %v", p, l, ok)
		}
		if _, ok := Score(KindLogin, p, "", page); ok {
			t.Errorf("%s alone is a candidate", p)
		}
	}
}
