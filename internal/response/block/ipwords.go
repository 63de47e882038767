package block

import (
	"strings"
	"unicode/utf8"
)

// This file recognises a page that says in words that the visitor's
// address is not on the server's allow-list, or is blocked: the wording of
// small servers, admin pages of routers, NAS boxes, cameras and printers,
// and of sites' own error pages, in English, German, French, Spanish,
// Portuguese, Italian, Russian, Chinese and Japanese.
//
// A page says so when it mentions the address (ipMentions) and, close
// after it or just before it, a refusal (ipRefusals), or when it uses one of
// the fixed phrases of ipPhrases. Matching is on the page's text (tags
// removed, character references decoded, lower case), so markup between
// the words does not matter.

// ipPhrases say on their own that the address is refused.
var ipPhrases = []string{
	"client denied by server configuration", // Apache's log line, shown by some admin pages
	"not in the whitelist", "not on the whitelist", "not in the allowlist", "not on the allowlist",
	"not in the allow list", "not on the allow list", "not whitelisted", "not allowlisted",
	"not in the list of allowed", "not in the allowed ip", "not from an allowed network",
	"is not allowed to access this server", "is not allowed to access this device",
	"remote management is disabled", "remote access is not allowed", "remote administration is disabled",
	"nicht auf der whitelist", "nicht in der whitelist", "nicht in der liste der erlaubten",
	"pas dans la liste blanche", "ne figure pas dans la liste blanche",
	"no está en la lista blanca", "no esta en la lista blanca", "no está en la lista de permitidos",
	"não está na lista branca", "nao esta na lista branca", "não está na lista de permissões",
	"non è nella whitelist", "non è nella lista bianca", "non presente nella whitelist",
	"не входит в белый список", "нет в белом списке", "отсутствует в белом списке",
	"不在白名单", "不在白名單", "不在允许访问", "不在允許訪問",
	"ホワイトリストに登録されていません", "許可リストに含まれていません",
}

// ipMentions name the visitor's address.
var ipMentions = []string{
	"ip address", "ip-address", "your ip", "client ip", "remote ip", "source ip", "your address", "remote address",
	"ip-adresse", "ip adresse", "ihre ip",
	"adresse ip", "votre ip",
	"dirección ip", "direccion ip", "su ip", "tu ip",
	"endereço ip", "endereco ip", "seu ip",
	"indirizzo ip", "il tuo ip", "vostro ip",
	"ip-адрес", "ip адрес", "ваш ip", "вашего ip",
	"ip地址", "ip 地址", "ip位址", "您的ip", "你的ip",
	"ipアドレス", "ip アドレス",
}

// ipRefusals say that something is refused, blocked or not allowed.
var ipRefusals = []string{
	"not allowed", "not permitted", "not authorized", "not authorised", "denied", "rejected", "blocked",
	"banned", "blacklisted", "blocklisted", "restricted", "forbidden", "refused", "not accepted",
	"nicht zugelassen", "nicht erlaubt", "gesperrt", "nicht freigegeben", "nicht berechtigt", "blockiert",
	"verweigert", "abgelehnt", "keinen zugriff", "keine berechtigung",
	"n'est pas autoris", "non autoris", "bloqué", "refusé", "interdit", "pas autoris", "bannie",
	"no está permitid", "no esta permitid", "no está autorizad", "no esta autorizad", "no autorizad",
	"no permitid", "bloquead", "denegad", "prohibid", "rechazad",
	"não está autorizad", "nao esta autorizad", "não autorizad", "nao autorizad", "não permitid",
	"nao permitid", "negad", "recusad", "proibid",
	"non è autorizzat", "non e autorizzat", "non autorizzat", "non consentit", "bloccat", "negat",
	"non è permess", "vietat", "rifiutat",
	"запрещ", "заблокирован", "не разрешен", "не разрешён", "отказано", "отклонен", "забанен",
	"禁止", "拒绝", "拒絕", "封禁", "不允许", "不允許", "未授权", "未授權", "被阻止", "被屏蔽",
	"許可されていません", "拒否", "ブロック", "禁止されて", "制限されて",
}

// Window sizes, in bytes of page text: how far a refusal may stand after
// and before the mention of the address.
const (
	ipAfter  = 120
	ipBefore = 40
	// maxMentions caps the mentions of one kind looked at, so that a page
	// repeating one costs no more than a normal page.
	maxMentions = 16
)

// ipWords reports whether the page's text says the visitor's address is
// refused.
func ipWords(p *page) bool {
	t := p.plain()
	if t == "" {
		return false
	}
	for _, ph := range ipPhrases {
		if strings.Contains(t, ph) {
			return true
		}
	}
	for _, m := range ipMentions {
		for off, n := 0, 0; off < len(t) && n < maxMentions; n++ {
			i := strings.Index(t[off:], m)
			if i < 0 {
				break
			}
			at := off + i
			off = at + len(m)
			if !boundary(t, at) {
				continue
			}
			lo, hi := max(0, at-ipBefore), min(len(t), at+len(m)+ipAfter)
			window := t[lo:hi]
			for _, r := range ipRefusals {
				if strings.Contains(window, r) {
					return true
				}
			}
		}
	}
	return false
}

// boundary reports whether t[i:] starts a word: the rune before it is not
// a letter or a digit (so "zip address" is no mention of an address). Any
// rune beyond ASCII and below U+3000 counts as a letter (accented Latin,
// Cyrillic, …); CJK text, from U+3000 on, has no spaces between words.
func boundary(t string, i int) bool {
	if i == 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(t[:i])
	if r < utf8.RuneSelf {
		return !isLetter(byte(r)) && !isDigit(byte(r))
	}
	return r >= 0x3000
}

// plain returns the page's text: tags and comments removed, character
// references decoded, lower case, runs of white space as one space. It is
// computed once per page and is at most as long as the page.
func (p *page) plain() string {
	if p.plainText != "" || p.raw == "" {
		return p.plainText
	}
	var b strings.Builder
	b.Grow(len(p.raw))
	s := p.raw
	space := true
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], "<!--"):
			j := strings.Index(s[i+4:], "-->")
			if j < 0 {
				i = len(s)
			} else {
				i += 4 + j + 3
			}
			continue
		case s[i] == '<' && i+1 < len(s) && (isLetter(s[i+1]) || s[i+1] == '/' || s[i+1] == '!'):
			j := strings.IndexByte(s[i:], '>')
			if j < 0 {
				i = len(s)
				continue
			}
			// Script and style bodies are not text. p.low is s in lower
			// case with the same offsets.
			end := s[i+1] == '/'
			name := tagName(p.low[i+1 : i+j])
			i += j + 1
			if !end && (name == "script" || name == "style") {
				if k := strings.Index(p.low[i:], "</"+name); k >= 0 {
					i += k
				} else {
					i = len(s)
				}
			}
			if !space {
				b.WriteByte(' ')
				space = true
			}
			continue
		}
		c := s[i]
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' {
			if !space {
				b.WriteByte(' ')
				space = true
			}
			i++
			continue
		}
		b.WriteByte(c)
		space = false
		i++
	}
	p.plainText = strings.ToLower(unescape(b.String()))
	if p.plainText == "" {
		p.plainText = " "
	}
	return p.plainText
}

// tagName returns the name at the start of a tag's inside ("/a href" → "a").
func tagName(s string) string {
	s = strings.TrimLeft(s, "/!")
	i := 0
	for i < len(s) && (isLetter(s[i]) || isDigit(s[i])) {
		i++
	}
	return s[:i]
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
