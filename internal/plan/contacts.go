package plan

import (
	"strings"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/timeparse"
	"github.com/sesame-help/sesame/internal/site/discover"
	"github.com/sesame-help/sesame/internal/site/securitytxt"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// contacts fills Plan.Contacts, Plan.SecurityTxt and Plan.Mail.To.
//
// Contacts are ordered: contact pages, imprints, mailto: addresses found on
// the pages, security.txt contacts, humans.txt, and last the contacts of
// an expired security.txt. The report is mailed to the first address a
// page names that looks like a webmaster's (webmaster@, support@, info@,
// contact@, …), else to the first security.txt address, else to the first
// address a page names, else to an expired security.txt's address.
func (d *decider) contacts() {
	var pages, imprints, mails, security, humans, expired []Contact
	seen := map[string]bool{}
	add := func(list *[]Contact, c Contact) {
		if seen[c.URL] || len(*list) >= MaxContacts {
			return
		}
		seen[c.URL] = true
		if c.Params == nil {
			c.Params = []string{}
		}
		*list = append(*list, c)
	}

	// Links on the pages.
	var lists [][]discover.Link
	var addrs []string
	for _, pg := range d.f.all() {
		lists = append(lists, pg.Contact)
		addrs = append(addrs, pg.Mailto...)
	}
	for _, l := range discover.Merge(lists...) {
		if l.LookAlike {
			continue
		}
		c := Contact{URL: l.URL, Label: clip(l.Text, 200)}
		switch contactKind(l) {
		case ContactHumans:
			c.Kind, c.Key = ContactHumans, kContactHumans.name()
			add(&humans, c)
		case ContactImprint:
			c.Kind, c.Key = ContactImprint, kContactImprint.name()
			add(&imprints, c)
		default:
			c.Kind, c.Key = ContactPage, kContactPage.name()
			add(&pages, c)
		}
	}
	var webmaster, pageAddr string
	for _, a := range addrs {
		if !plainAddress(a) {
			continue
		}
		a = strings.ToLower(a)
		add(&mails, Contact{Kind: ContactMailto, URL: "mailto:" + a, Key: kContactMailto.name(), Params: []string{a}})
		if pageAddr == "" {
			pageAddr = a
		}
		if webmaster == "" && webmasterLike(a) {
			webmaster = a
		}
	}

	// humans.txt, when it is a text file.
	if r, ok := d.s.result("humans-txt"); ok && success(r) && !strings.Contains(strings.ToLower(r.ContentType), "html") &&
		d.s.sameOrigin(d.s.finalURL(r)) && strings.TrimSpace(d.s.body("humans-txt")) != "" && utf8.ValidString(d.s.body("humans-txt")) {
		add(&humans, Contact{Kind: ContactHumans, URL: r.URL, Key: kContactHumans.name()})
	}

	// security.txt.
	var secAddr string
	for _, id := range []string{"security-txt", "security-txt-legacy"} {
		f, ok := d.s.securityTxt(id)
		if !ok {
			continue
		}
		d.p.SecurityTxt = summary(d.s.byID[id].URL, f)
		for _, v := range d.p.SecurityTxt.Contacts {
			c := Contact{Kind: ContactSecurityTxt, URL: v, Expired: f.Expired}
			label := v
			if a, ok := strings.CutPrefix(v, "mailto:"); ok {
				label = a
				if secAddr == "" {
					secAddr = a
				}
			}
			c.Params = []string{clip(label, 300)}
			c.Key = kContactSecurity.name()
			if f.Expired {
				c.Key = kContactSecurityExpired.name()
				add(&expired, c)
			} else {
				add(&security, c)
			}
		}
		if f.Expired {
			secAddr = ""
		}
		break
	}

	out := []Contact{}
	for _, l := range [][]Contact{pages, imprints, mails, security, humans, expired} {
		for _, c := range l {
			if len(out) < MaxContacts {
				out = append(out, c)
			}
		}
	}
	d.p.Contacts = out

	switch {
	case webmaster != "":
		d.p.Mail.To = webmaster
	case secAddr != "":
		d.p.Mail.To = secAddr
	case pageAddr != "":
		d.p.Mail.To = pageAddr
	default:
		for _, c := range expired {
			if a, ok := strings.CutPrefix(c.URL, "mailto:"); ok {
				d.p.Mail.To = a
				break
			}
		}
	}
}

// summary keeps what the interface needs of a security.txt: its
// mailto: (one plain address) and http(s) contacts.
func summary(where string, f securitytxt.File) *SecurityTxt {
	st := &SecurityTxt{URL: where, Contacts: []string{}, Expired: f.Expired}
	if !f.Expires.IsZero() {
		st.Expires = timeparse.FormatRFC3339(f.Expires)
	}
	for _, v := range f.Contact {
		if len(st.Contacts) == MaxContacts {
			break
		}
		if len(v) >= 7 && strings.EqualFold(v[:7], "mailto:") {
			addr := v[7:]
			if i := strings.IndexByte(addr, '?'); i >= 0 {
				addr = addr[:i]
			}
			if u, err := url.PathUnescape(addr); err == nil {
				addr = u
			}
			if plainAddress(addr) {
				st.Contacts = append(st.Contacts, "mailto:"+strings.ToLower(addr))
			}
			continue
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || len(v) > discover.MaxURLBytes {
			continue
		}
		u.User = nil
		u.Fragment, u.RawFragment = "", ""
		st.Contacts = append(st.Contacts, u.String())
	}
	return st
}

// plainAddress reports an e-mail address made only of ASCII letters,
// digits, ".", "_", "+", "-" and one "@", with a dotted domain: safe to
// put in a mailto: URL without encoding.
func plainAddress(a string) bool {
	if len(a) < 5 || len(a) > 254 {
		return false
	}
	at := strings.IndexByte(a, '@')
	if at < 1 || at > 64 || strings.Count(a, "@") != 1 {
		return false
	}
	domain := a[at+1:]
	if !strings.Contains(domain, ".") || strings.HasPrefix(domain, ".") || strings.HasSuffix(domain, ".") ||
		strings.Contains(domain, "..") || strings.HasPrefix(a, ".") {
		return false
	}
	for i := 0; i < len(a); i++ {
		c := a[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '-', c == '@':
		case (c == '_' || c == '+') && i < at:
		default:
			return false
		}
	}
	return true
}

// webmasterLocal lists the local parts of addresses meant for questions
// about a site.
var webmasterLocal = []string{
	"webmaster", "postmaster", "hostmaster", "admin", "support", "help", "helpdesk", "info",
	"contact", "kontakt", "contacto", "contatti", "hello", "hallo", "bonjour", "service",
	"feedback", "office", "mail", "web", "team", "it", "servicedesk",
}

func webmasterLike(a string) bool {
	local := a[:strings.IndexByte(a, '@')]
	for _, w := range webmasterLocal {
		if local == w {
			return true
		}
	}
	return false
}

// imprintWords name a legal notice (imprint) rather than a contact page,
// matched in the lower-case text and path of a contact link.
var imprintWords = []string{
	"impressum", "imprint", "legal notice", "legal-notice", "site notice", "mentions l",
	"mentions-legales", "mentionslegales", "informations l", "aviso legal", "aviso-legal",
	"avisolegal", "avis legal", "note legali", "colofon", "impresszum", "künye", "kunye",
	"anbieterkennzeichnung", "特定商取引法", "/legal",
}

// contactKind tells humans.txt, imprints and other contact pages apart.
func contactKind(l discover.Link) string {
	u, err := url.Parse(l.URL)
	path := ""
	if err == nil {
		path = strings.ToLower(u.Path)
	}
	if strings.HasSuffix(path, "/humans.txt") {
		return ContactHumans
	}
	text := strings.ToLower(l.Text) + " " + path
	for _, w := range imprintWords {
		if strings.Contains(text, w) {
			return ContactImprint
		}
	}
	return ContactPage
}
