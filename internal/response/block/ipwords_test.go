package block

import (
	"strings"
	"testing"
)

// ipWordsCases are 403 pages (their text, as small servers, appliances and
// sites write it) that say the visitor's address is refused, and pages that
// mention an address or a refusal without saying that.
var ipWordsCases = []struct {
	page string
	ip   bool
}{
	// English: servers, routers, NAS boxes, cameras, printers.
	{"<h1>Forbidden</h1><p>Your IP address is not allowed to access this page.</p>", true},
	{"<p>AH01630: client denied by server configuration: /var/www/html/admin</p>", true},
	{"<h2>Access denied for your IP</h2>", true},
	{"<p>Access denied: your IP address <b>203.0.113.7</b> is not in the whitelist.</p>", true},
	{"<p>Your address is not on the allowlist of this server.</p>", true},
	{"<title>403</title><p>The IP address 198.51.100.4 has been rejected by the administrator.</p>", true},
	{"<p>Login is restricted. Your IP (198.51.100.4) is not authorized to access the management interface.</p>", true},
	{"<div>Remote management is disabled. Connect from the local network.</div>", true},
	{"<p>Client IP 203.0.113.9 not allowed by access list</p>", true},
	{"<p>Sorry, your IP has been blocked by the administrator.</p>", true},
	{"<p>This printer only accepts connections from allowed addresses. Your address was refused.</p>", true},
	// German.
	{"<p>Ihre IP-Adresse ist für diesen Dienst nicht zugelassen.</p>", true},
	{"<p>Zugriff verweigert: Ihre IP-Adresse 203.0.113.7 steht nicht auf der Whitelist.</p>", true},
	{"<p>Der Zugriff von Ihrer IP-Adresse wurde gesperrt.</p>", true},
	// French.
	{"<p>Votre adresse IP n'est pas autorisée à accéder à cette page.</p>", true},
	{"<p>Accès refusé : l&#39;adresse IP 203.0.113.7 ne figure pas dans la liste blanche.</p>", true},
	// Spanish.
	{"<p>Su dirección IP no está permitida.</p>", true},
	{"<p>Acceso denegado para tu IP.</p>", true},
	// Portuguese.
	{"<p>Seu endereço IP não está autorizado a acessar este servidor.</p>", true},
	{"<p>O seu IP foi bloqueado.</p>", true},
	// Italian.
	{"<p>Il tuo indirizzo IP non è autorizzato ad accedere a questa risorsa.</p>", true},
	{"<p>Accesso negato: indirizzo IP bloccato.</p>", true},
	// Russian.
	{"<p>Доступ запрещён: ваш IP-адрес не входит в белый список.</p>", true},
	{"<p>Ваш IP-адрес заблокирован администратором.</p>", true},
	// Chinese.
	{"<p>您的IP地址不在白名单中，禁止访问。</p>", true},
	{"<p>403 Forbidden：你的IP已被封禁</p>", true},
	// Japanese.
	{"<p>お使いのIPアドレスからのアクセスは許可されていません。</p>", true},
	{"<p>このIPアドレスはブロックされています。</p>", true},

	// Not about the visitor's address.
	{"<h1>403 Forbidden</h1><p>You don't have permission to access this resource.</p>", false},
	{"<p>Please enter your e-mail address. Attachments in zip format are not allowed.</p>", false},
	{"<p>Membership required: this page is not allowed for guests.</p>", false},
	{"<p>Configure the IP address of the printer in the network settings.</p><p>Help</p>", false},
	{"<h1>Access denied</h1><p>You need to sign in to see this page.</p><p>Reference 12345.</p><p>Contact support for help with your account and your settings.</p><footer>Your IP: 203.0.113.7</footer>", false},
	{"<p>Zugriff verweigert. Bitte melden Sie sich an.</p>", false},
	{"<script>var msg = 'your ip address is not allowed';</script><p>Loading…</p>", false},
	{"<!-- your ip address is blocked --><p>Forbidden</p>", false},
}

// TestIPWords checks the words that make a page an IP block.
func TestIPWords(t *testing.T) {
	for _, c := range ipWordsCases {
		p := page{raw: c.page, low: asciiLower(c.page)}
		if got := ipWords(&p); got != c.ip {
			t.Errorf("ipWords(%q) = %v, want %v", c.page, got, c.ip)
		}
		r, ok := Detect(Input{URL: "https://device.example/admin/", Status: 403, Body: c.page})
		if c.ip && (!ok || r.Kind != KindIP) {
			t.Errorf("Detect(%q) = %+v, %v, want an IP block", c.page, r, ok)
		}
	}
}

// TestPlain checks the page text ipWords reads.
func TestPlain(t *testing.T) {
	for in, want := range map[string]string{
		"<p>Your <b>IP</b>\n\t address</p>":           "your ip address ",
		"a<script>x<y</script>b<style>c</style>d":     "a b d",
		"a<!-- c -->b<!-- unterminated":               "ab",
		"l&#39;adresse&nbsp;IP <br/>X":                "l'adresse ip x",
		"1 < 2 and 3 > 2":                             "1 < 2 and 3 > 2",
		"<SCRIPT>x</SCRIPT>Ihre IP-Adresse":           "ihre ip-adresse",
		"<a href='x'>ВАШ IP-АДРЕС</a>":                "ваш ip-адрес ",
		"":                                            "",
		"<p>":                                         " ",
		"<script>never closed your ip is not allowed": " ",
	} {
		p := page{raw: in, low: asciiLower(in)}
		if got := p.plain(); got != want {
			t.Errorf("plain(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzIPWords(f *testing.F) {
	for _, c := range ipWordsCases {
		f.Add(c.page)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > MaxScan {
			s = s[:MaxScan]
		}
		p := page{raw: s, low: asciiLower(s)}
		ipWords(&p)
		if len(p.plainText) > 3*len(s)+1 {
			t.Fatalf("plain text of %d bytes from %d", len(p.plainText), len(s))
		}
		if strings.Contains(p.plainText, "<script") {
			t.Fatalf("script kept: %q", p.plainText)
		}
	})
}
