package discover

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/sesame-help/sesame/internal/lite/htmlscan"
	url "github.com/sesame-help/sesame/internal/urls/weburl"
)

// displayText turns s into the text of a Link: control and format
// characters removed, runs of white space collapsed into one space, at
// most MaxTextRunes characters (it counts characters, not bytes, and adds
// no ellipsis, unlike text.Clip).
func displayText(s string) string {
	if len(s) > 8*MaxTextRunes {
		s = s[:8*MaxTextRunes]
	}
	var b strings.Builder
	n := 0
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == utf8.RuneError {
			space = b.Len() > 0
			continue
		}
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			continue
		}
		if n >= MaxTextRunes {
			break
		}
		if space {
			b.WriteByte(' ')
			n++
			space = false
			if n >= MaxTextRunes {
				break
			}
		}
		b.WriteRune(r)
		n++
	}
	return b.String()
}

// addLink records u in Page.Links when it is same-origin.
func (c *collector) addLink(u *url.URL) {
	if len(c.links) >= MaxLinks || !c.sameOrigin(u) {
		return
	}
	s := u.String()
	if !c.linkSet[s] {
		c.linkSet[s] = true
		c.links = append(c.links, s)
	}
}

// addMailto records the addresses of a mailto: URL.
func (c *collector) addMailto(href string) {
	if len(href) > MaxURLBytes {
		return
	}
	rest := href[len("mailto:"):]
	if i := strings.IndexByte(rest, '?'); i >= 0 {
		rest = rest[:i]
	}
	if u, err := url.PathUnescape(rest); err == nil {
		rest = u
	}
	for _, a := range strings.Split(rest, ",") {
		if len(c.mailto) >= MaxMailto {
			return
		}
		a = strings.TrimSpace(a)
		if !validAddress(a) {
			continue
		}
		key := strings.ToLower(a)
		if !c.mailSet[key] {
			c.mailSet[key] = true
			c.mailto = append(c.mailto, a)
		}
	}
}

// validAddress reports whether a looks like one plain e-mail address.
func validAddress(a string) bool {
	if len(a) < 3 || len(a) > 254 {
		return false
	}
	at := strings.LastIndexByte(a, '@')
	if at < 1 || at == len(a)-1 || strings.IndexByte(a, '@') != at {
		return false
	}
	for _, r := range a {
		if r <= ' ' || r == 0x7f || strings.ContainsRune("<>()[]\\,;:\"", r) || unicode.IsControl(r) || r == utf8.RuneError {
			return false
		}
	}
	d := a[at+1:]
	return strings.IndexByte(d, '.') > 0 && !strings.HasSuffix(d, ".")
}

// attrs holds the attributes HTML looks at.
type attrs struct {
	href, aria, title, rel, alt, src, name, action, method, typ, value, formaction, autocomplete string
	// What tells that an element is hidden until a script shows it.
	class, id, style, role, ariaHidden, width, height string
	flags                                             uint8 // boolean attributes present: flagHidden, flagOpen
}

// Boolean attributes recorded in attrs.flags.
const (
	flagHidden = 1 << iota
	flagOpen
)

// set records the attribute named key (lower case) with value v, when
// HTML looks at it.
func (a *attrs) set(key []byte, v string) {
	switch string(key) {
	case "hidden":
		a.flags |= flagHidden
	case "open":
		a.flags |= flagOpen
	default:
		if p := a.ptr(key); p != nil {
			*p = v
		}
	}
}

// ptr returns where attrs keeps the attribute named key (lower case), or
// nil for attributes HTML ignores.
func (a *attrs) ptr(key []byte) *string {
	switch string(key) {
	case "href":
		return &a.href
	case "aria-label":
		return &a.aria
	case "title":
		return &a.title
	case "rel":
		return &a.rel
	case "alt":
		return &a.alt
	case "src":
		return &a.src
	case "name":
		return &a.name
	case "action":
		return &a.action
	case "method":
		return &a.method
	case "type":
		return &a.typ
	case "value":
		return &a.value
	case "formaction":
		return &a.formaction
	case "autocomplete":
		return &a.autocomplete
	case "class":
		return &a.class
	case "id":
		return &a.id
	case "style":
		return &a.style
	case "role":
		return &a.role
	case "aria-hidden":
		return &a.ariaHidden
	case "width":
		return &a.width
	case "height":
		return &a.height
	}
	return nil
}

// maxAttrs is how many attributes of one tag HTML reads, of those the
// tokenizer keeps (the first of each name).
const maxAttrs = 64

// readAttrs returns the attributes HTML looks at of the current start
// tag; the tokenizer keeps the first of duplicate attributes, as browsers
// do. It reads them as written (RawTagAttr) and decodes only the values
// it keeps, which costs nothing for a value without a character
// reference, NUL or CR.
func readAttrs(z *htmlscan.Tokenizer) attrs {
	var a attrs
	var buf [16]byte
	for n := 0; n < maxAttrs; n++ {
		k, v, more := z.RawTagAttr()
		if k == "" {
			break
		}
		switch key := lowerName(&buf, k); string(key) {
		case "hidden", "open":
			a.set(key, "")
		default:
			if p := a.ptr(key); p != nil {
				*p = htmlscan.UnescapeAttr(v)
			}
		}
		if !more {
			break
		}
	}
	return a
}

// lowerName lower-cases the ASCII letters of a tag or attribute name as
// written into buf, without allocating. A name longer than buf gives nil:
// none of the names HTML looks for is that long.
func lowerName(buf *[16]byte, name string) []byte {
	if len(name) > len(buf) {
		return nil
	}
	out := buf[:len(name)]
	for i := 0; i < len(name); i++ {
		c := name[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		out[i] = c
	}
	return out
}

// pending is a link element whose text is still being read.
type pending struct {
	href, aria, title, rel string
	text                   []byte
	alt                    []string
	button                 bool // a <button>; href is its formaction
}

// form is an open <form>.
type form struct {
	action, method, aria, title string
	passwords                   int
	newPassword                 bool
	hidden                      bool     // in a modal, a dropdown or a hidden element
	emails, others              int      // e-mail fields, other fields a person fills in
	text                        []string // labels of its submit buttons
	words                       []byte   // its text, at most maxFormText bytes
}

// maxFormText is how much of a form's text HTML reads.
const maxFormText = 400

// isRawText reports elements whose content is not visible link text.
func isRawText(name []byte) bool {
	switch string(name) {
	case "script", "style", "noscript", "template", "textarea", "title", "xmp", "noembed",
		"noframes", "iframe", "plaintext", "select", "svg", "math":
		return true
	}
	return false
}

const maxPendingText = 4 * MaxTextRunes

// newPending returns the collector's reusable pending link, emptied. The
// previous pending link must be finished.
func (c *collector) newPending() *pending {
	p := &c.pend
	*p = pending{text: p.text[:0], alt: p.alt[:0]}
	return p
}

func (c *collector) run(page string) {
	z := htmlscan.NewTokenizer(page)
	var cur *pending
	var fm *form
	var skip []byte // open element whose content is ignored
	var nameBuf [16]byte
	for c.seen < MaxConsidered {
		tt := z.Next()
		switch tt {
		case htmlscan.ErrorToken:
			c.finish(cur, fm)
			c.endForm(fm)
			return
		case htmlscan.TextToken:
			if c.inTitle && skip != nil && len(c.titleBuf) < maxPendingText {
				t := z.Text()
				if room := maxPendingText - len(c.titleBuf); len(t) > room {
					t = t[:room]
				}
				c.titleBuf = append(c.titleBuf, t...)
			}
			if fm != nil && skip == nil && len(fm.words) < maxFormText {
				// The words of a form ("Forgot your password? Enter
				// your e-mail address") tell what it is for.
				t := z.Text()
				if room := maxFormText - len(fm.words); len(t) > room {
					t = t[:room]
				}
				fm.words = append(append(fm.words, t...), ' ')
			}
			if cur != nil && skip == nil && len(cur.text) < maxPendingText {
				t := z.Text()
				if room := maxPendingText - len(cur.text); len(t) > room {
					t = t[:room]
				}
				cur.text = append(cur.text, t...)
				cur.text = append(cur.text, ' ')
			}
		case htmlscan.EndTagToken:
			name := lowerName(&nameBuf, z.RawTagName())
			if skip != nil {
				if string(name) == string(skip) {
					skip = nil
					c.inTitle = false
				}
				continue
			}
			c.hid.end(name)
			switch string(name) {
			case "a":
				if cur != nil && !cur.button {
					c.finish(cur, fm)
					cur = nil
				}
			case "button":
				if cur != nil && cur.button {
					c.finish(cur, fm)
					cur = nil
				}
			case "form":
				c.finish(cur, fm)
				cur = nil
				c.endForm(fm)
				fm = nil
			}
		case htmlscan.StartTagToken, htmlscan.SelfClosingTagToken:
			if skip != nil {
				continue
			}
			name := lowerName(&nameBuf, z.RawTagName())
			switch string(name) {
			case "a":
				a := readAttrs(z)
				c.finish(cur, fm)
				c.seen++
				cur = c.newPending()
				cur.href, cur.aria, cur.title, cur.rel = a.href, a.aria, a.title, a.rel
				if tt == htmlscan.SelfClosingTagToken {
					c.finish(cur, fm)
					cur = nil
				}
			case "area":
				a := readAttrs(z)
				c.seen++
				c.finish(&pending{href: a.href, aria: a.aria, title: a.title, rel: a.rel, alt: []string{a.alt}}, fm)
			case "link":
				a := readAttrs(z)
				if rel := strings.ToLower(a.rel); a.href != "" && linkRel(rel) {
					// Only the relations that name a page a person
					// opens: a style sheet called register.css is
					// none.
					c.seen++
					c.candidate(a.href, &signals{rel: rel, text: a.title, raw: true}, false, false)
				}
			case "frame", "iframe":
				a := readAttrs(z)
				if string(name) == "iframe" && tt == htmlscan.StartTagToken {
					skip = []byte("iframe")
				}
				// An invisible frame (a relay, a tracker, a prompt a
				// script may show) is nothing a person can click.
				if a.src != "" && !c.hid.on && !a.hiddenHint(name) && !tinySize(a.width) && !tinySize(a.height) {
					c.seen++
					s := &signals{text: a.title, raw: true}
					s.addLabel(a.title)
					s.addLabel(a.name)
					c.candidate(a.src, s, false, false)
				}
			case "img":
				if cur != nil && len(cur.alt) < 4 {
					if a := readAttrs(z); strings.TrimSpace(a.alt) != "" {
						cur.alt = append(cur.alt, a.alt)
					}
				}
			case "base":
				a := readAttrs(z)
				if !c.baseSet && a.href != "" {
					c.baseSet = true
					if u, ok := c.resolve(a.href); ok {
						c.base = u
					}
				}
			case "form":
				a := readAttrs(z)
				c.finish(cur, fm)
				cur = nil
				c.endForm(fm)
				c.seen++
				c.hid.start(name, &a)
				fm = &form{action: a.action, method: strings.ToLower(a.method), aria: a.aria, title: a.title, hidden: c.hid.on}
			case "input":
				a := readAttrs(z)
				switch strings.ToLower(strings.TrimSpace(a.typ)) {
				case "password":
					if fm != nil {
						fm.passwords++
						if strings.Contains(strings.ToLower(a.autocomplete), "new-password") {
							fm.newPassword = true
						}
					} else {
						// A password field outside any form still
						// makes the page a login page.
						c.pwForm = true
					}
				case "submit", "image":
					text := a.value
					if text == "" {
						text = a.alt
					}
					if a.formaction != "" {
						c.seen++
						c.finish(&pending{href: a.formaction, aria: a.aria, title: a.title, alt: []string{text}, button: true}, fm)
					} else if fm != nil && len(fm.text) < 8 {
						fm.text = append(fm.text, text, a.aria)
					}
				case "email":
					if fm != nil {
						fm.emails++
					}
				case "", "text":
					if fm != nil {
						if containsFold(a.name, "mail") || containsFold(a.id, "mail") || containsFold(a.autocomplete, "email") {
							fm.emails++
						} else {
							fm.others++
						}
					}
				case "tel", "number", "search", "url", "date", "datetime-local", "month", "week", "time":
					if fm != nil {
						fm.others++
					}
				}
			case "button":
				if cur != nil && !cur.button {
					continue // a button inside a link labels the link
				}
				a := readAttrs(z)
				c.finish(cur, fm)
				c.seen++
				cur = &pending{href: a.formaction, aria: a.aria, title: a.title, button: true}
			default:
				switch {
				case tt == htmlscan.StartTagToken && isRawText(name):
					skip = append([]byte(nil), name...)
					if string(name) == "title" && !c.titleSeen {
						// The first <title> of the document (not one
						// inside <svg>, which is skipped whole).
						c.titleSeen, c.inTitle = true, true
					}
				case !hidingElement(name):
				case c.hid.on:
					c.hid.start(name, nil)
				default:
					a := readAttrs(z)
					c.hid.start(name, &a)
				}
			}
		}
	}
	c.finish(cur, fm)
	c.endForm(fm)
}

// finish scores a pending link. A button without formaction only labels
// its form.
func (c *collector) finish(p *pending, fm *form) {
	if p == nil {
		return
	}
	if p.button && p.href == "" {
		if fm != nil && len(fm.text) < 8 {
			fm.text = append(fm.text, string(p.text), p.aria, p.title)
		}
		return
	}
	if strings.TrimSpace(p.href) == "" {
		return
	}
	text := string(p.text)
	s := &c.sig
	*s = signals{rel: strings.ToLower(p.rel), labels: s.labels[:0]}
	s.addLabel(text)
	s.addLabel(p.aria)
	s.addLabel(p.title)
	for _, a := range p.alt {
		s.addLabel(a)
	}
	s.text, s.raw = text, true
	if strings.TrimSpace(text) == "" {
		s.text = p.aria
		for _, alt := range p.alt {
			if s.text == "" {
				s.text = alt
			}
		}
		if s.text == "" {
			s.text = p.title
		}
	}
	c.candidate(p.href, s, !p.button, false)
}

// candidate resolves href and records it. A link (as opposed to a form, a
// button or a <link> element) also feeds Page.Links and Page.Mailto.
func (c *collector) candidate(href string, s *signals, link, post bool) {
	if link {
		if h := cleanHref(href); len(h) >= 7 && strings.EqualFold(h[:7], "mailto:") {
			c.addMailto(h)
			return
		}
	}
	h := cleanHref(href)
	if strings.HasPrefix(h, "#") {
		return // opened by a script: no target of its own
	}
	u, ok := c.resolve(h)
	if !ok {
		return
	}
	if (s.action || strings.Contains(h, "#")) && c.page != nil && u.String() == c.page.String() {
		if !s.action {
			return
		}
		s.self = true
	}
	s.postURL = post
	if link {
		c.addLink(u)
	}
	c.add(u, s)
}

// endForm records what a closed form says: a form with a password field
// makes its page a login (or, with several password fields or a
// new-password field, a registration) candidate, and its action URL is
// rated like a link labelled by its submit buttons.
func (c *collector) endForm(fm *form) {
	if fm == nil {
		return
	}
	s := &signals{}
	for _, t := range fm.text {
		s.addLabel(t)
		if s.text == "" {
			s.text = displayText(t)
		}
	}
	s.addLabel(fm.aria)
	s.addLabel(fm.title)
	if fm.passwords > 0 {
		c.pwForm = true
		// The page itself is a candidate, labelled by its title
		// rather than by the form's buttons: "Sign in to Example"
		// makes it the sign-in page, while a sign-in box beside a
		// shop's products or in a modal window ranks after the
		// page's link labelled "Log in".
		own := signals{text: s.text, hidden: fm.hidden, form: 1}
		title := fold(string(c.titleBuf))
		own.addLabel(title)
		signIn := false
		if fm.passwords > 1 || fm.newPassword {
			own.form = 2
			// Its buttons may still say sign-in (one form for
			// both, or a second field for a one-time code).
			for _, l := range s.labels {
				if m := phrases().match(l); m[grpLogin] != noMatch && m[grpRegister] == noMatch {
					signIn = true
				}
			}
		}
		if c.page != nil {
			c.add(c.page, &own)
			if signIn {
				login := own
				login.form = 1
				c.add(c.page, &login)
			}
		}
		if fm.method == "post" {
			// The action of a sign-in form takes the password; opened
			// with GET it is no sign-in page (it often answers 405).
			return
		}
	}
	if fm.passwords == 0 && fm.emails+fm.others > 0 && c.page != nil &&
		(c.resetPage(s) || phrases().match(fold(string(fm.words)))[grpReset] != noMatch) {
		// A form on a page whose title, address or button says it
		// resets a forgotten password, or whose own words do (a reset
		// form in a modal window): the page is the reset page.
		own := signals{text: s.text, hidden: fm.hidden, form: formReset}
		own.labels = append(own.labels, s.labels...)
		own.addLabel(string(c.titleBuf))
		c.add(c.page, &own)
	}
	// A form that asks only for an e-mail address signs up for a
	// newsletter far more often than for an account: its buttons
	// ("Sign up", "S'inscrire") say nothing of registration.
	s.emailOnly = fm.passwords == 0 && fm.emails > 0 && fm.others == 0
	if strings.TrimSpace(fm.action) != "" {
		s.action = true
		c.candidate(fm.action, s, false, fm.method == "post")
	}
}

// resetPage reports whether the page's title, the page's own address or
// the labels s of one of its forms name a reset of a forgotten password.
func (c *collector) resetPage(s *signals) bool {
	var buf [maxSegs]string
	if classes(pathSegments(c.page.EscapedPath(), &buf))&segReset != 0 || resetQuery(c.page.RawQuery) {
		return true
	}
	if phrases().match(fold(string(c.titleBuf)))[grpReset] != noMatch {
		return true
	}
	for _, l := range s.labels {
		if phrases().match(l)[grpReset] != noMatch {
			return true
		}
	}
	return false
}

// linkRel reports whether the rel attribute of a <link> element names a
// page HTML looks for: sign-in, registration, contact, or the author
// (humans.txt).
func linkRel(rel string) bool {
	for _, f := range strings.Fields(rel) {
		switch f {
		case "login", "signin", "sign-in", "register", "signup", "sign-up", "contact", "author":
			return true
		}
	}
	return false
}
