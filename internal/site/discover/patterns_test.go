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
	{"Inicia sesión", KindLogin, true},
	{"Ingresá", KindLogin, true},
	{"Crea tu cuenta", KindRegister, true},
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
	{"Feedback", KindContact, false},
	{"Send feedback", KindContact, false},
	{"About us", KindContact, false},
	{"Über uns", KindContact, false},
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
